//! What the UI, scenario checks and the fuzzer see of a transaction at one node, whatever the commit
//! protocol: the participant's state and what it holds.

use super::{Micros, RequestId};

/// A participant's state in one transaction (Bernstein, Hadzilacos & Goodman, ch. 7; Skeen 1981).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TxnState {
    /// Asked to prepare, waiting for a lock another transaction holds.
    Waiting,
    /// Voted yes and logged it: in doubt until it learns the outcome, holding its locks. It may not decide
    /// alone.
    Prepared,
    /// 3PC: told that every participant voted yes; it commits if the coordinator falls silent.
    PreCommitted,
    Committed,
    Aborted,
}

impl TxnState {
    pub fn name(self) -> &'static str {
        match self {
            TxnState::Waiting => "waiting",
            TxnState::Prepared => "prepared",
            TxnState::PreCommitted => "pre-committed",
            TxnState::Committed => "committed",
            TxnState::Aborted => "aborted",
        }
    }

    /// Whether it is blocked on the outcome: it voted yes and holds its locks.
    pub fn in_doubt(self) -> bool {
        matches!(self, TxnState::Prepared | TxnState::PreCommitted)
    }

    /// The outcome, once decided: true for commit.
    pub fn outcome(self) -> Option<bool> {
        match self {
            TxnState::Committed => Some(true),
            TxnState::Aborted => Some(false),
            _ => None,
        }
    }
}

/// One transaction as one participant sees it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TxnView {
    /// The transaction: the id of the client request that began it.
    pub txn: RequestId,
    pub state: TxnState,
    /// When it entered that state, on the node's own clock.
    pub since: Micros,
    /// The accounts it locks here while in doubt, such as "a".
    pub locks: String,
    /// The nodes that take part, as a bit set by node id.
    pub participants: u16,
}
