//! Ballots and the acceptor's rule, shared by every protocol built on Paxos: Multi-Paxos and Basic Paxos
//! (`paxos/`), and Paxos Commit (`commit/`), whose every participant's vote is one instance of Paxos.

use std::fmt;

use super::NodeId;

/// A proposal number, unique per proposer: the round, then the proposer's id to break ties (Paxos Made
/// Simple §2.2: "different proposers choose their numbers from disjoint sets"). Paxos Commit's ballot 0,
/// `Ballot::default()`, belongs to each participant for its own vote (Gray & Lamport 2006, §4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ballot {
    pub round: u64,
    pub node: NodeId,
}

impl Ballot {
    /// Whether an acceptor that promised `self` may promise or accept `proposal` (Paxos Made Simple §2.2,
    /// P1a: it may accept a proposal unless it has responded to a prepare request with a greater number).
    /// An equal ballot is allowed, so a duplicated message gets the same answer.
    pub fn allows(self, proposal: Ballot) -> bool {
        proposal >= self
    }
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.round, self.node)
    }
}

/// What one acceptor holds for one instance of consensus: its promise and the proposal it accepted last.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Instance<V> {
    pub promised: Ballot,
    pub accepted: Option<(Ballot, V)>,
}

impl<V: Clone> Instance<V> {
    /// Phase 1b: promise `ballot` and report what was accepted, or refuse, naming the higher ballot promised.
    pub fn prepare(&mut self, ballot: Ballot) -> Result<Option<(Ballot, V)>, Ballot> {
        if !self.promised.allows(ballot) {
            return Err(self.promised);
        }
        self.promised = ballot;
        Ok(self.accepted.clone())
    }

    /// Phase 2b: accept `value` in `ballot` (which promises it too), or refuse, naming the higher ballot.
    pub fn accept(&mut self, ballot: Ballot, value: V) -> Result<(), Ballot> {
        if !self.promised.allows(ballot) {
            return Err(self.promised);
        }
        self.promised = ballot;
        self.accepted = Some((ballot, value));
        Ok(())
    }
}

/// Phase 2a's rule (P2c): of the proposals a quorum reported, the value of the one with the highest
/// ballot, which the new proposer must propose; None if none was reported, and the proposer is free.
pub fn highest_reported<'a, V: 'a>(reports: impl IntoIterator<Item = &'a (Ballot, V)>) -> Option<&'a V> {
    reports.into_iter().max_by_key(|(b, _)| *b).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acceptor_refuses_a_ballot_below_its_promise() {
        let mut acceptor: Instance<bool> = Instance::default();
        let high = Ballot { round: 2, node: 1 };
        assert_eq!(acceptor.prepare(high), Ok(None));
        assert_eq!(acceptor.accept(Ballot { round: 1, node: 3 }, true), Err(high));
        assert_eq!(acceptor.accept(high, false), Ok(()));
        assert_eq!(acceptor.prepare(high), Ok(Some((high, false))));
    }

    #[test]
    fn phase_2a_takes_the_highest_ballots_value() {
        let reports = [(Ballot { round: 1, node: 2 }, 'a'), (Ballot { round: 3, node: 1 }, 'b')];
        assert_eq!(highest_reported(&reports), Some(&'b'));
        assert_eq!(highest_reported::<char>(&[]), None);
    }
}
