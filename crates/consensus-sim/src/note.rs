//! What a node decided and why, as data. Protocols emit notes alongside their effects; the event feed turns
//! them into sentences (in the reader's language), and explanations use them to say why a vote was refused
//! or an AppendEntries rejected. Notes cost nothing unless the simulator keeps a feed.

use crate::action::Action;
use crate::paxos::Ballot;
use crate::protocol::{Micros, NodeId};

/// Why a vote was refused (Raft §5.2, §5.4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteRefusal {
    /// The request's term is older than ours.
    StaleTerm { ours: u64 },
    /// We already voted for someone else in this term.
    AlreadyVoted { for_node: NodeId },
    /// The candidate's log is behind ours: (its last term, its last index) against ours.
    LogBehind { theirs: (u64, u64), ours: (u64, u64) },
    /// PreVote only: a leader was heard from within the election timeout.
    LeaderAlive,
}

/// Why an AppendEntries was rejected (Raft §5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppendRefusal {
    StaleTerm {
        ours: u64,
    },
    /// There is no entry at prevLogIndex.
    MissingEntry {
        index: u64,
    },
    /// The entry at prevLogIndex has another term.
    TermMismatch {
        index: u64,
        ours: u64,
        theirs: u64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// The election timer fired and the node stood for `term`.
    StartedElection {
        term: u64,
    },
    /// The election timer fired and the node asked for pre-votes for `term`.
    StartedPreVote {
        term: u64,
    },
    BecameLeader {
        term: u64,
    },
    /// Saw a higher term (or a current leader) and became a follower.
    SteppedDown {
        term: u64,
    },
    /// CheckQuorum: a leader heard from too few followers and stepped down.
    LostQuorum {
        term: u64,
    },
    GrantedVote {
        candidate: NodeId,
        term: u64,
        pre_vote: bool,
    },
    RefusedVote {
        candidate: NodeId,
        term: u64,
        pre_vote: bool,
        reason: VoteRefusal,
    },
    RejectedAppend {
        leader: NodeId,
        reason: AppendRefusal,
    },
    /// Appended entries from the leader, the last at `last_index`.
    AppendedEntries {
        leader: NodeId,
        count: u64,
        last_index: u64,
    },
    /// Truncated its log from `index` on, replacing conflicting entries.
    TruncatedLog {
        index: u64,
    },
    /// The leader logged a client command at `index`.
    LoggedRequest {
        index: u64,
    },
    /// The commit point moved to `index`.
    AdvancedCommit {
        index: u64,
    },
    /// What a Paxos proposer, acceptor or learner did.
    Paxos(PaxosNote),
}

/// A Paxos decision, in the terms of "Paxos Made Simple": ballots, promises, accepts and chosen values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaxosNote {
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
    /// Accepted `count` values from a proposer, the first at `slot`.
    Accepted {
        proposer: NodeId,
        ballot: Ballot,
        slot: u64,
        count: u64,
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

/// One line of the event feed.
#[derive(Clone, Debug, PartialEq)]
pub enum Narrative {
    /// A node's own decision.
    Node(NodeId, Note),
    /// Something the reader did to the cluster.
    Action(Action),
    /// Something a lesson's script did to the cluster.
    Scripted(Action),
    /// A message lost on the network: (from, to, kind).
    Dropped(NodeId, NodeId, &'static str),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FeedItem {
    pub at: Micros,
    pub what: Narrative,
}
