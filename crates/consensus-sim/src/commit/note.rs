//! What a coordinator, participant or acceptor decided and why, as data, for the event feed.

use crate::protocol::ballot::Ballot;
use crate::protocol::{NodeId, RequestId};

/// Why a transaction ended as it did, where it was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Every participant voted yes (Paxos Commit: every participant's instance chose prepared).
    AllYes,
    /// A participant voted no (or its instance chose aborted).
    VotedNo(u8),
    /// The coordinator gave up waiting for votes.
    TimedOut,
    /// Asked about a transaction it had no record of after a restart: with nothing logged, it was never
    /// decided, so it aborts (presumed abort).
    Presumed,
    /// 3PC's termination protocol: the states the participant gathered decided it.
    Terminated,
    /// A participant gave up alone after voting yes (the `participant-aborts-after-yes` bug).
    Unilateral,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The coordinator began a transaction and asked its participants to prepare.
    Began { txn: RequestId, participants: u16 },
    /// A participant voted; `forced` when a `vote` event told it how.
    Voted { txn: RequestId, yes: bool, forced: bool },
    /// A participant would have to go below zero: it votes no.
    Overdrawn { txn: RequestId, account: char },
    /// A participant waits for a lock another transaction holds.
    Waiting {
        txn: RequestId,
        holder: RequestId,
        account: char,
    },
    /// The outcome, decided here (by the coordinator, a Paxos Commit leader, or 3PC's termination).
    Decided { txn: RequestId, commit: bool, why: Why },
    /// A participant learned the outcome from `from`.
    Learned { txn: RequestId, commit: bool, from: NodeId },
    /// A participant in doubt asked for the outcome; it is blocked until someone answers.
    Asked { txn: RequestId, asked: u16 },
    /// 3PC: pre-committed.
    PreCommitted { txn: RequestId },
    /// 3PC: the coordinator fell silent; the participant runs the termination protocol.
    Terminating { txn: RequestId },
    /// Restarted and read its log: in doubt about `in_doubt` transactions.
    Recovered { records: u64, in_doubt: u64 },
    /// Paxos Commit: took over an unfinished transaction with a new ballot.
    TookOver { txn: RequestId, ballot: Ballot },
    /// Paxos Commit: a quorum of acceptors accepted participant `instance`'s vote.
    Chosen {
        txn: RequestId,
        instance: u8,
        prepared: bool,
    },
}
