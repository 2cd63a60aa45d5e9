//! A node as the simulator holds it: the protocol's state, whether it is up, its running timers, and, while
//! crashed, the stable storage it will restart from. Safety checks read the cluster as a slice of these.

use super::{Clock, Micros, NodeId, Protocol, Timer};

/// A running timer, kept so the UI can draw how much of it is left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerState {
    pub set_at: Micros,
    pub fires_at: Micros,
}

/// A node and what the simulator keeps beside it.
#[derive(Clone, Debug)]
pub struct NodeSlot<P: Protocol> {
    pub id: NodeId,
    pub node: P,
    pub up: bool,
    pub timers: [Option<TimerState>; 2],
    /// The one live queue entry per timer: (time, generation). A timer re-armed later than its queued
    /// wake-up keeps that entry, which re-queues itself on waking; so a follower that resets its election
    /// timer on every AppendEntries adds nothing to the queue.
    pub(crate) wakeups: [Option<(Micros, u64)>; 2],
    /// While crashed: the state it will restart from.
    pub(crate) persisted: Option<P::Persisted>,
    /// Its own clock, which its timers run on.
    pub clock: Clock,
    /// Paused (a stop-the-world pause) until this time: it handles nothing until then, and then everything
    /// that arrived meanwhile, with its state as it was. Its clock runs on.
    pub paused_until: Option<Micros>,
}

impl<P: Protocol> NodeSlot<P> {
    /// A node that is up, with no timer armed.
    pub fn running(id: NodeId, node: P) -> Self {
        NodeSlot {
            id,
            node,
            up: true,
            timers: [None; 2],
            wakeups: [None; 2],
            persisted: None,
            clock: Clock::default(),
            paused_until: None,
        }
    }

    /// The time it resumes, if it is paused at `now`.
    pub fn paused_at(&self, now: Micros) -> Option<Micros> {
        self.paused_until.filter(|&until| until > now)
    }

    /// A running timer's span, for the timer rings: when it was set and when it fires.
    pub fn timer(&self, timer: Timer) -> Option<TimerState> {
        self.timers[timer.slot()]
    }
}
