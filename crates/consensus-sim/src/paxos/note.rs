//! What a Paxos proposer, acceptor or learner decided and why, as data, for the event feed.

use super::Ballot;
use crate::protocol::{NodeId, Value};

/// A Paxos decision, in the terms of "Paxos Made Simple": ballots, promises, accepts and chosen values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Began Phase 1 with a new ballot, asking about every slot from `from_slot` on.
    StartedPhase1 { ballot: Ballot, from_slot: u64 },
    /// Promised a proposer to ignore ballots below `ballot`.
    Promised { proposer: NodeId, ballot: Ballot },
    /// Refused a Prepare: it had already promised a higher ballot.
    RefusedPrepare {
        proposer: NodeId,
        ballot: Ballot,
        promised: Ballot,
    },
    /// Heard promises from a quorum: `adopted` slots carry a value reported by an acceptor, `noops` fill
    /// gaps. A Multi-Paxos proposer now leads; a Basic Paxos proposer starts Phase 2.
    WonPhase1 { ballot: Ballot, adopted: u64, noops: u64 },
    /// Accepted `count` values from a proposer, the first at `slot`: `value` (None for a no-op).
    Accepted {
        proposer: NodeId,
        ballot: Ballot,
        slot: u64,
        count: u64,
        value: Option<Value>,
    },
    /// Refused an Accept: it had promised a higher ballot.
    RefusedAccept {
        proposer: NodeId,
        ballot: Ballot,
        promised: Ballot,
    },
    /// A higher ballot overtook this proposer's, which stops proposing.
    Preempted { ballot: Ballot, by: Ballot },
    /// Assigned a client command to `slot` and sent it out for acceptance.
    Proposed { slot: u64 },
    /// A quorum accepted the value in `slot`: it is chosen.
    Chosen { slot: u64 },
    /// Learned and applied every chosen value up to `slot`.
    Learned { through: u64 },
    /// Waits a random time before trying again, twice as long with each preemption, so dueling proposers
    /// stop overtaking each other.
    BackedOff,
}
