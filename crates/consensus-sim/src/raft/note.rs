//! What a Raft node decided and why, as data. Handlers emit notes beside their effects; the event feed puts
//! them into words, and explanations use them to say why a vote was refused or an AppendEntries rejected.
//! Notes cost nothing unless the simulator keeps a feed.

use crate::protocol::NodeId;

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

/// What a Raft node decided, and why.
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
    /// §3.10: the leader was asked to hand leadership to `to`, and stops taking client commands meanwhile.
    TransferStarted {
        to: NodeId,
    },
    /// The leader was asked to hand leadership to `to` and cannot: it is itself, or no member.
    TransferRefused {
        to: NodeId,
    },
    /// `to` holds every entry the leader has: the leader sent it TimeoutNow.
    SentTimeoutNow {
        to: NodeId,
    },
    /// TimeoutNow from `leader` arrived: this node stands for election at once.
    TimedOutNow {
        leader: NodeId,
    },
    /// The server snapshotted its state machine through `index` (of `term`) and discarded the log up to it.
    TookSnapshot {
        index: u64,
        term: u64,
    },
    /// The server loaded `leader`'s snapshot through `index` (InstallSnapshot).
    InstalledSnapshot {
        leader: NodeId,
        index: u64,
    },
    /// No new leader within an election timeout of the request: the leader takes client commands again.
    TransferAborted {
        to: NodeId,
    },
}
