//! Safety checks, run after every step of every node.
//!
//! Each protocol names its invariants (Raft: Figure 3 of the paper; Paxos: the safety requirements of
//! "Paxos Made Simple") and implements [`Checker`]. A violation is recorded, never asserted: with a
//! deliberate bug switched on, watching one happen is the lesson.

use super::{Effect, Micros, NodeId, NodeSlot, Protocol};

/// A broken safety rule, told in words a student can follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub at: Micros,
    /// The invariant's name as in SCENARIO.md, such as "election-safety".
    pub invariant: &'static str,
    pub detail: String,
}

/// Watches a cluster's transitions for one protocol.
pub trait Checker<P: Protocol>: Clone {
    fn new(cluster_size: u8) -> Self;

    /// A client submitted `value`: what validity checks judge chosen values against.
    fn client_request(&mut self, _value: &super::Value) {}

    /// Called after node `id` handled one input (or restarted), with the entries that step applied
    /// (its `Effect::Commit`s). `nodes` is indexed by id − 1.
    fn after_step(
        &mut self,
        now: Micros,
        id: NodeId,
        nodes: &[NodeSlot<P>],
        effects: &[Effect<P::Message, P::Note>],
        found: &mut Vec<Violation>,
    );
}

/// Formats a time the way the UI does: milliseconds with up to three decimals.
pub fn fmt_ms(t: Micros) -> String {
    if t.is_multiple_of(1000) {
        format!("{}ms", t / 1000)
    } else {
        format!("{}.{:03}ms", t / 1000, t % 1000)
    }
}
