//! Each node's write-ahead log: the records that survive a crash, in the order they were forced. Recovery
//! reads it from the start (Bernstein, Hadzilacos & Goodman, §7.4).

use crate::chunked::Chunked;
use crate::protocol::ballot::Ballot;
use crate::protocol::RequestId;

use super::txn::{text, Writes};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// A participant voted yes: from here it is in doubt and may not decide alone. Forced before the vote
    /// leaves.
    Prepared { txn: RequestId, writes: Writes },
    /// 3PC: the participant learned that every participant voted yes.
    PreCommitted { txn: RequestId },
    /// The outcome, at a participant or the coordinator. A coordinator forces it before it tells anyone.
    Decided { txn: RequestId, commit: bool },
    /// Paxos Commit: this acceptor promised `ballot` for every instance of the transaction (Phase 1b).
    Promised { txn: RequestId, ballot: Ballot },
    /// Paxos Commit: this acceptor accepted `prepared` for participant `instance`'s vote in `ballot`
    /// (Phase 2b). It keeps the writes, so a new leader knows every participant.
    Accepted {
        txn: RequestId,
        instance: u8,
        ballot: Ballot,
        prepared: bool,
        writes: Writes,
    },
    /// Paxos Commit: an acceptor learned the outcome. Not forced: it only saves asking again.
    Learned { txn: RequestId, commit: bool },
}

impl Record {
    /// Whether the protocol waits for it to reach the disk before it goes on: what the comparison counts.
    pub fn forced(&self) -> bool {
        !matches!(self, Record::Learned { .. })
    }

    /// The ballot round it carries, as the log table's term column shows it.
    pub fn round(&self) -> u64 {
        match self {
            Record::Promised { ballot, .. } | Record::Accepted { ballot, .. } => ballot.round,
            _ => 0,
        }
    }

    pub fn txn(&self) -> RequestId {
        match self {
            Record::Prepared { txn, .. }
            | Record::PreCommitted { txn }
            | Record::Decided { txn, .. }
            | Record::Promised { txn, .. }
            | Record::Accepted { txn, .. }
            | Record::Learned { txn, .. } => *txn,
        }
    }
}

impl std::fmt::Display for Record {
    /// As the log table shows it: "T3 prepared a-10".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let outcome = |commit: bool| if commit { "commit" } else { "abort" };
        match self {
            Record::Prepared { txn, writes } => write!(f, "T{txn} prepared {}", text(writes)),
            Record::PreCommitted { txn } => write!(f, "T{txn} pre-commit"),
            Record::Decided { txn, commit } => write!(f, "T{txn} {}", outcome(*commit)),
            Record::Promised { txn, ballot } => write!(f, "T{txn} promise {ballot}"),
            Record::Accepted {
                txn,
                instance,
                ballot,
                prepared,
                ..
            } => {
                let vote = if *prepared { "prepared" } else { "aborted" };
                write!(f, "T{txn} P{instance} {vote} @{ballot}")
            }
            Record::Learned { txn, commit } => write!(f, "T{txn} learned {}", outcome(*commit)),
        }
    }
}

/// The log itself: shared between clones chunk by chunk, as the page keeps many copies of a run.
pub type Wal = Chunked<Record>;
