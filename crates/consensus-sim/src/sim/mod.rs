//! The deterministic simulator: one event queue ordered by (time, sequence number), one seeded generator,
//! and the cluster's nodes, network and client.
//!
//! Every run is a pure function of (configuration, seed, timed actions). Nothing here iterates a hash map,
//! reads a clock or touches a global, so a run replays event for event natively and in wasm.
//!
//! The simulator is generic over [`Protocol`]: it meets a protocol only through that trait and its checker.
//! Its parts live beside this file: the event queue and timers (`queue.rs`), the network and messages in
//! flight (`network.rs`), the client (`client.rs`), the user's actions (`actions.rs`), and what a run leaves
//! behind: journal, feed, timeline and counts (`record.rs`, `timeline.rs`).

mod actions;
pub mod client;
mod consistency;
pub mod failover;
pub mod network;
mod queue;
pub mod record;
pub mod timeline;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::hash::{Hash, Hasher};

pub use client::{Client, Clients};
pub use failover::{Failover, LeaderCrash, Suspicion};
pub use network::{Conditions, InFlight, Links, Payload};
pub use record::{FeedItem, JournalEntry, LeaderChange, MessageStats, Narrative, FEED_LENGTH};

use crate::protocol::NodeSlot;
use crate::protocol::{Checker, Violation};
use crate::protocol::{ClientOutcome, Delay, Effect, Micros, NodeId, Out, Protocol, Role, Value};
use crate::rng::Rng;
use crate::trace::TraceHash;
use queue::{Pending, Scheduled};
use timeline::{MarkKind, Timeline};

/// The client's address on the network.
pub const CLIENT: NodeId = 0;

/// Settings that are not the protocol's own.
#[derive(Clone, Debug)]
pub struct SimConfig {
    pub seed: u64,
    pub conditions: Conditions,
    pub client_retry: Micros,
    /// How long C1..C5 wait for an answer before they give up.
    pub client_timeout: Micros,
}

impl SimConfig {
    /// A run with `seed` and every other setting at its default.
    pub fn seeded(seed: u64) -> Self {
        SimConfig {
            seed,
            conditions: Conditions::default(),
            client_retry: 100_000,
            client_timeout: DEFAULT_CLIENT_TIMEOUT,
        }
    }
}

/// How long C1..C5 wait for an answer unless told otherwise: long enough to ride out an election.
pub const DEFAULT_CLIENT_TIMEOUT: Micros = 1_000_000;

/// Settings every node takes, set by the reader or a lesson while the cluster runs, and taken up again by a
/// node that restarts: they are the cluster's, not its state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub read_path: Option<crate::protocol::kv::ReadPath>,
    pub detector: Option<crate::protocol::DetectorSetting>,
    pub snapshot_every: Option<u64>,
}

impl Settings {
    fn apply<P: Protocol>(&self, node: &mut P) {
        if let Some(every) = self.snapshot_every {
            node.set_snapshot_every(every);
        }
        if let Some(path) = self.read_path {
            node.set_read_path(path);
        }
        if let Some(detector) = self.detector {
            node.set_detector(detector);
        }
    }
}

/// A simulated cluster of protocol `P`, with its checker.
#[derive(Clone)]
pub struct Simulator<P: Protocol> {
    now: Micros,
    seq: u64,
    rng: Rng,
    queue: BinaryHeap<Reverse<Scheduled>>,
    nodes: Vec<NodeSlot<P>>,
    pub links: Links,
    pub conditions: Conditions,
    /// Messages on their way, in reusable slots: sending and delivering are O(1), with no ordered map to
    /// keep. Order of iteration is never used by the simulation itself.
    in_flight: Vec<Option<InFlight<P::Message>>>,
    free_slots: Vec<u32>,
    next_message: u64,
    config: P::Config,
    /// The settings a `set` switched every node to, which a node that restarts takes up again.
    settings: Settings,
    client_retry: Micros,
    client_timeout: Micros,
    pub clients: Clients,
    /// What the clients saw, checked for linearizability as each operation returns.
    consistency: consistency::Consistency,
    checker: P::Checker,
    violations: Vec<Violation>,
    leaders: Vec<LeaderChange>,
    failover: Failover,
    stats: MessageStats,
    events: u64,
    trace: TraceHash,
    journal: Option<Vec<JournalEntry>>,
    feed: Option<VecDeque<FeedItem<P::Note>>>,
    timeline: Option<Box<Timeline>>,
    /// Items ever narrated, including those the feed has since let go.
    narrated: u64,
    out: Out<P>,
    applied: Out<P>,
    /// The value applied at each index (None: a no-op), as the first node to apply it did: a snapshot
    /// compacts a node's log away, and what the entries held is still needed to say what it committed.
    applied_values: crate::chunked::Chunked<Option<Value>>,
}

impl<P: Protocol> Simulator<P> {
    /// Boots `cluster_size` nodes, each from its entry in `initial` or from scratch.
    pub fn new(cluster_size: u8, config: P::Config, sim: SimConfig, initial: Vec<P::Persisted>) -> Self {
        let mut this = Simulator {
            now: 0,
            seq: 0,
            rng: Rng::new(sim.seed),
            queue: BinaryHeap::new(),
            nodes: Vec::with_capacity(cluster_size as usize),
            links: Links::default(),
            conditions: sim.conditions,
            in_flight: Vec::new(),
            free_slots: Vec::new(),
            next_message: 0,
            config,
            settings: Settings::default(),
            client_retry: sim.client_retry,
            client_timeout: sim.client_timeout,
            clients: Clients::default(),
            consistency: Default::default(),
            checker: P::Checker::new(cluster_size),
            violations: Vec::new(),
            leaders: Vec::new(),
            failover: Failover::default(),
            stats: MessageStats::default(),
            events: 0,
            trace: TraceHash::default(),
            journal: None,
            feed: None,
            timeline: None,
            narrated: 0,
            out: Vec::new(),
            applied: Vec::new(),
            applied_values: Default::default(),
        };
        let mut initial = initial.into_iter();
        for id in 1..=cluster_size {
            let persisted = initial.next().unwrap_or_default();
            let node = P::on_restart(id, cluster_size, &this.config, persisted, &mut this.out);
            this.nodes.push(NodeSlot::running(id, node));
            this.finish_step(id, None);
        }
        this
    }

    pub fn now(&self) -> Micros {
        self.now
    }

    pub fn cluster_size(&self) -> u8 {
        self.nodes.len() as u8
    }

    pub fn nodes(&self) -> &[NodeSlot<P>] {
        &self.nodes
    }

    pub fn node(&self, id: NodeId) -> &NodeSlot<P> {
        &self.nodes[id as usize - 1]
    }

    /// The value first applied at `index` (None inside: a no-op); None if no node has applied it yet.
    pub fn applied_value(&self, index: u64) -> Option<Option<&Value>> {
        let i = usize::try_from(index).ok()?.checked_sub(1)?;
        self.applied_values.get(i).map(Option::as_ref)
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    pub fn leaders(&self) -> &[LeaderChange] {
        &self.leaders
    }

    /// Every leader crash's failover and every suspicion, as measured.
    pub fn failover(&self) -> &Failover {
        &self.failover
    }

    pub fn stats(&self) -> &MessageStats {
        &self.stats
    }

    /// Events taken off the queue so far.
    pub fn events_processed(&self) -> u64 {
        self.events
    }

    /// A hash of every event so far: equal hashes mean equal runs.
    pub fn trace_hash(&self) -> u64 {
        self.trace.finish()
    }

    /// The time of the next event, if any.
    pub fn next_event_at(&self) -> Option<Micros> {
        self.queue.peek().map(|Reverse(s)| s.at)
    }

    /// Processes the next event. Returns false when nothing is left to do.
    pub fn step(&mut self) -> bool {
        let Some(Reverse(next)) = self.queue.pop() else {
            return false;
        };
        self.now = next.at;
        self.events += 1;
        match next.what {
            Pending::Deliver { slot, id } => self.deliver(slot, id),
            Pending::Timer {
                node,
                timer,
                generation,
            } => self.fire_timer(node, timer, generation),
            Pending::ClientRetry { request, generation } => self.retry_request(request, generation),
            Pending::ClientTimeout { request } => self.client_timeout(request),
        }
        true
    }

    /// Processes events until `events` have been processed in all, then sets the clock to `now`: the exact
    /// point at which an action was taken, even one taken between two events of the same instant (by
    /// stepping). Replaying a session's actions at their points reproduces it exactly.
    pub fn replay_to(&mut self, events: u64, now: Micros) {
        while self.events < events && self.step() {}
        self.now = self.now.max(now);
    }

    /// Processes every event up to and including `until`, then sets the clock to `until`.
    pub fn run_until(&mut self, until: Micros) {
        while self.next_event_at().is_some_and(|at| at <= until) {
            self.step();
        }
        self.now = self.now.max(until);
    }

    /// Tells node `id` what its clock reads, before it is handed an input.
    pub(super) fn wake(&mut self, id: NodeId) {
        let slot = &mut self.nodes[id as usize - 1];
        slot.node.set_clock(slot.clock.local(self.now));
    }

    /// From now on node `id`'s clock runs `drift_ppm` parts per million fast (negative: slow).
    pub fn set_drift(&mut self, id: NodeId, drift_ppm: i64) {
        let now = self.now;
        self.nodes[id as usize - 1].clock.set_drift(now, drift_ppm);
    }

    pub(super) fn fold_trace(&mut self, code: u8, node: NodeId, extra: u64) {
        self.now.hash(&mut self.trace);
        code.hash(&mut self.trace);
        node.hash(&mut self.trace);
        extra.hash(&mut self.trace);
    }

    /// Carries out the effects node `id` just produced, then runs the checks on the new state.
    pub(super) fn finish_step(&mut self, id: NodeId, role_before: Option<Role>) {
        let mut out = std::mem::take(&mut self.out);
        // Effects are consumed (messages move onto the network uncloned); only applied entries are kept
        // for the checker, which is all it reads.
        let mut applied = std::mem::take(&mut self.applied);
        for effect in out.drain(..) {
            match effect {
                Effect::Send { to, msg } => self.send(id, to, Payload::Peer(msg)),
                Effect::SetTimer { timer, after } => {
                    let after = match after {
                        Delay::Fixed(d) => d,
                        Delay::Between(min, max) => self.rng.between(min, max),
                    };
                    // The node counts the delay on its own clock.
                    let after = self.nodes[id as usize - 1].clock.true_span(after);
                    self.set_timer(id, timer, self.now + after);
                }
                Effect::CancelTimer { timer } => self.nodes[id as usize - 1].timers[timer.slot()] = None,
                // Durability is synchronous here: see `Protocol::persisted`.
                Effect::Persist => {}
                Effect::Commit { index, term, value } => {
                    self.mark(id, MarkKind::Commit(index));
                    // Nodes apply in index order, so the first to apply an index has applied all before it.
                    if index == self.applied_values.len() as u64 + 1 {
                        self.applied_values.push(value.clone());
                    }
                    applied.push(Effect::Commit { index, term, value })
                }
                Effect::Note(note) => self.narrate(Narrative::Node(id, note)),
                Effect::Reply { request, outcome } => {
                    if matches!(outcome, ClientOutcome::Applied { .. }) {
                        let term = self.nodes[id as usize - 1].node.term();
                        if let Some(crash) = self.failover.served(self.now, term) {
                            self.narrate(Narrative::FailedOver(crash));
                        }
                    }
                    self.send(id, CLIENT, Payload::ClientReply { request, outcome })
                }
                Effect::Suspect { leader } => {
                    let up = self.nodes[leader as usize - 1].up;
                    self.failover.suspected(self.now, id, leader, up);
                    self.narrate(Narrative::Suspected {
                        by: id,
                        of: leader,
                        false_suspicion: up,
                    });
                }
            }
        }
        let node = &self.nodes[id as usize - 1].node;
        if node.role() == Role::Leader && role_before != Some(Role::Leader) {
            let term = node.term();
            self.leaders.push(LeaderChange {
                at: self.now,
                node: id,
                term,
            });
            let waiting = self.clients.each.iter().map(|c| c.pending.len() as u64).sum();
            if let Some(blamed) = self.failover.elected(self.now, id, term, waiting) {
                self.narrate(Narrative::Unnecessary(blamed));
            }
        }
        self.checker
            .after_step(self.now, id, &self.nodes, &applied, &mut self.violations);
        applied.clear();
        self.applied = applied;
        self.out = out;
    }
}
