//! The event queue and the timers: one queue ordered by (time, sequence number), so events at the same
//! instant happen in the order they were scheduled, on every platform.

use std::cmp::Ordering;
use std::cmp::Reverse;

use super::Simulator;
use crate::protocol::TimerState;
use crate::protocol::{Micros, NodeId, Protocol, RequestId, Timer};

#[derive(Clone, Copy, Debug)]
pub(super) enum Pending {
    /// A message, by its slot among those in flight and its id (a slot is reused once freed).
    Deliver {
        slot: u32,
        id: u64,
    },
    Timer {
        node: NodeId,
        timer: Timer,
        generation: u64,
    },
    ClientRetry {
        request: RequestId,
        generation: u64,
    },
    /// C1..C5 give up on a request.
    ClientTimeout {
        request: RequestId,
    },
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Scheduled {
    pub(super) at: Micros,
    pub(super) seq: u64,
    pub(super) what: Pending,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl<P: Protocol> Simulator<P> {
    pub(super) fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub(super) fn schedule(&mut self, at: Micros, what: Pending) {
        let seq = self.next_seq();
        self.queue.push(Reverse(Scheduled { at, seq, what }));
    }

    pub(super) fn fire_timer(&mut self, id: NodeId, timer: Timer, generation: u64) {
        let k = timer.slot();
        let slot = &mut self.nodes[id as usize - 1];
        if slot.wakeups[k].map(|(_, g)| g) != Some(generation) {
            return; // superseded by an earlier wake-up, or the node crashed since
        }
        slot.wakeups[k] = None;
        if let Some(until) = slot.paused_at(self.now) {
            return self.queue_wakeup(id, timer, until); // a paused node's timers fire when it resumes
        }
        match slot.timers[k] {
            Some(state) if state.fires_at > self.now => {
                let fires_at = state.fires_at;
                return self.queue_wakeup(id, timer, fires_at);
            }
            Some(_) if slot.up => slot.timers[k] = None,
            _ => return, // cancelled
        }
        self.fold_trace(7, id, timer as u64);
        self.note("timer", id, id, || format!("{timer:?}"));
        self.run_timer(id, timer);
    }

    /// Arms `timer` of node `id` to fire at `fires_at`, queueing a wake-up unless one comes sooner.
    pub(super) fn set_timer(&mut self, id: NodeId, timer: Timer, fires_at: Micros) {
        let slot = &mut self.nodes[id as usize - 1];
        slot.timers[timer.slot()] = Some(TimerState {
            set_at: self.now,
            fires_at,
        });
        if slot.wakeups[timer.slot()].is_none_or(|(at, _)| at > fires_at) {
            self.queue_wakeup(id, timer, fires_at);
        }
    }

    pub(super) fn queue_wakeup(&mut self, id: NodeId, timer: Timer, at: Micros) {
        let generation = self.next_seq();
        self.nodes[id as usize - 1].wakeups[timer.slot()] = Some((at, generation));
        self.schedule(
            at,
            Pending::Timer {
                node: id,
                timer,
                generation,
            },
        );
    }

    pub(super) fn run_timer(&mut self, id: NodeId, timer: Timer) {
        let role_before = self.nodes[id as usize - 1].node.role();
        self.wake(id);
        self.nodes[id as usize - 1].node.on_timer(timer, &mut self.out);
        self.finish_step(id, Some(role_before));
    }
}
