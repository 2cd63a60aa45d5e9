//! Failover, measured: for every crash of a leader, how long until some node suspected it, until a new leader
//! was elected and until that leader served a client; and every suspicion of a leader that was up (a false
//! suspicion: paused, slow or cut off, but not crashed), with what it cost: the election it caused, and the
//! requests left waiting when that election ended.
//!
//! The protocol only says that a node suspects its leader (`Effect::Suspect`); whether the leader had failed is
//! the simulator's to judge, since only it knows who crashed.

use std::collections::VecDeque;

use crate::protocol::{Micros, NodeId};

/// How many crashes and suspicions are kept in full; counts go on for ever.
pub const KEPT: usize = 64;

/// A leader's crash and the failover after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeaderCrash {
    pub at: Micros,
    pub leader: NodeId,
    pub term: u64,
    /// When a node first suspected it.
    pub suspected: Option<Micros>,
    /// When a new leader (of a later term) was elected, and who.
    pub elected: Option<(Micros, NodeId)>,
    /// When a leader of a later term first answered a client's request.
    pub served: Option<Micros>,
}

/// A node suspecting its leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suspicion {
    pub at: Micros,
    pub by: NodeId,
    pub of: NodeId,
    /// The leader was up: a false suspicion.
    pub false_suspicion: bool,
    /// For a false suspicion: when a new leader was elected because of it (an unnecessary election).
    pub election: Option<Micros>,
    /// Requests the clients were still waiting on when that election ended.
    pub delayed: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Failover {
    pub crashes: VecDeque<LeaderCrash>,
    pub suspicions: VecDeque<Suspicion>,
    pub false_suspicions: u64,
    pub unnecessary_elections: u64,
    pub requests_delayed: u64,
    /// A false suspicion since the last election, which the next election is blamed on.
    blame: Option<Micros>,
}

impl Failover {
    pub(super) fn leader_crashed(&mut self, at: Micros, leader: NodeId, term: u64) {
        keep(
            &mut self.crashes,
            LeaderCrash {
                at,
                leader,
                term,
                suspected: None,
                elected: None,
                served: None,
            },
        );
    }

    /// Node `by` suspects `of`; `up` says whether `of` is running.
    pub(super) fn suspected(&mut self, at: Micros, by: NodeId, of: NodeId, up: bool) {
        if up {
            self.false_suspicions += 1;
            self.blame = self.blame.or(Some(at));
        } else if let Some(crash) = self.open_crash(of) {
            crash.suspected = crash.suspected.or(Some(at));
        }
        keep(
            &mut self.suspicions,
            Suspicion {
                at,
                by,
                of,
                false_suspicion: up,
                election: None,
                delayed: 0,
            },
        );
    }

    /// The latest crash of `leader` whose failover has not reached an election yet.
    fn open_crash(&mut self, leader: NodeId) -> Option<&mut LeaderCrash> {
        self.crashes
            .iter_mut()
            .rev()
            .find(|c| c.leader == leader && c.elected.is_none())
    }

    /// `node` won the election of `term`, with `waiting` requests outstanding. It completes the failover of
    /// a crashed leader's, or else it is blamed on the false suspicion since the last election, if any, which
    /// is returned.
    pub(super) fn elected(&mut self, at: Micros, node: NodeId, term: u64, waiting: u64) -> Option<Suspicion> {
        let blame = self.blame.take();
        if let Some(crash) = self
            .crashes
            .iter_mut()
            .rev()
            .find(|c| c.elected.is_none() && c.term < term)
        {
            crash.elected = Some((at, node));
            return None;
        }
        let since = blame?;
        let suspicion = self
            .suspicions
            .iter_mut()
            .rev()
            .find(|s| s.false_suspicion && s.at == since)?;
        suspicion.election = Some(at);
        suspicion.delayed = waiting;
        self.unnecessary_elections += 1;
        self.requests_delayed += waiting;
        Some(*suspicion)
    }

    /// A leader of `term` answered a client: the first such answer completes a crash's failover.
    pub(super) fn served(&mut self, at: Micros, term: u64) -> Option<LeaderCrash> {
        let crash = self
            .crashes
            .iter_mut()
            .rev()
            .find(|c| c.served.is_none() && c.elected.is_some() && c.term < term)?;
        crash.served = Some(at);
        Some(*crash)
    }
}

/// Adds `item` to the newest `KEPT` of a list.
fn keep<T>(list: &mut VecDeque<T>, item: T) {
    if list.len() == KEPT {
        list.pop_front();
    }
    list.push_back(item);
}
