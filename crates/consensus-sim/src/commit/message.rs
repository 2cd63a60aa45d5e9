//! The commit protocols' messages: two-phase commit's Prepare, votes, outcome and Ack (Gray 1978); 3PC's
//! PreCommit round and termination protocol (Skeen 1981); and Paxos Commit's phases, one Paxos instance per
//! participant's vote (Gray & Lamport 2006).

use crate::protocol::ballot::Ballot;
use crate::protocol::txn::TxnState;
use crate::protocol::{listed, MessageMeta, RequestId};

use super::txn::{text, Writes};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Message {
    /// Coordinator to participant: prepare these writes and vote.
    Prepare { txn: RequestId, writes: Writes },
    /// Participant to coordinator: yes (prepared, and logged) or no (aborted).
    Vote { txn: RequestId, yes: bool },
    /// 3PC: every participant voted yes.
    PreCommit { txn: RequestId },
    /// 3PC: the participant logged the pre-commit.
    PreCommitAck { txn: RequestId },
    /// The outcome: Commit or Abort.
    Decision { txn: RequestId, commit: bool },
    /// The participant logged the outcome; the sender may forget the transaction.
    Ack { txn: RequestId },
    /// A participant in doubt, or recovering, asks for the outcome (of the coordinator, of the acceptors,
    /// and under cooperative termination of the other participants).
    DecisionRequest { txn: RequestId },
    /// 3PC's termination protocol: a participant that lost the coordinator asks the others for their state.
    StateRequest { txn: RequestId },
    /// The answer; None if the participant has not heard of the transaction.
    StateReply { txn: RequestId, state: Option<TxnState> },
    /// Paxos Commit Phase 1a: a new leader asks the acceptors about every participant's instance.
    Phase1a { txn: RequestId, ballot: Ballot },
    /// Phase 1b: the promise, with each instance's accepted vote, or a refusal naming the higher ballot.
    Phase1b {
        txn: RequestId,
        ballot: Ballot,
        ok: bool,
        accepted: Vec<(u8, Ballot, bool)>,
    },
    /// Phase 2a: accept `prepared` (or aborted) as participant `instance`'s vote. A participant sends its
    /// own vote in ballot 0; a new leader proposes in its own ballot.
    Phase2a {
        txn: RequestId,
        instance: u8,
        ballot: Ballot,
        prepared: bool,
        writes: Writes,
    },
    /// Phase 2b: the acceptor accepted it (to the ballot's leader: the coordinator for ballot 0).
    Phase2b {
        txn: RequestId,
        instance: u8,
        ballot: Ballot,
        prepared: bool,
    },
}

impl Message {
    pub fn txn(&self) -> RequestId {
        match self {
            Message::Prepare { txn, .. }
            | Message::Vote { txn, .. }
            | Message::PreCommit { txn }
            | Message::PreCommitAck { txn }
            | Message::Decision { txn, .. }
            | Message::Ack { txn }
            | Message::DecisionRequest { txn }
            | Message::StateRequest { txn }
            | Message::StateReply { txn, .. }
            | Message::Phase1a { txn, .. }
            | Message::Phase1b { txn, .. }
            | Message::Phase2a { txn, .. }
            | Message::Phase2b { txn, .. } => *txn,
        }
    }
}

impl MessageMeta for Message {
    fn kind(&self) -> &'static str {
        match self {
            Message::Prepare { .. } => "Prepare",
            Message::Vote { yes: true, .. } => "Yes",
            Message::Vote { yes: false, .. } => "No",
            Message::PreCommit { .. } => "PreCommit",
            Message::PreCommitAck { .. } => "PreCommitAck",
            Message::Decision { commit: true, .. } => "Commit",
            Message::Decision { commit: false, .. } => "Abort",
            Message::Ack { .. } => "Ack",
            Message::DecisionRequest { .. } => "DecisionRequest",
            Message::StateRequest { .. } => "StateRequest",
            Message::StateReply { .. } => "StateReply",
            Message::Phase1a { .. } => "Phase1a",
            Message::Phase1b { .. } => "Phase1b",
            Message::Phase2a { .. } => "Phase2a",
            Message::Phase2b { .. } => "Phase2b",
        }
    }

    /// The ballot round, for Paxos Commit's phases; 0 otherwise.
    fn term(&self) -> u64 {
        match self {
            Message::Phase1a { ballot, .. }
            | Message::Phase1b { ballot, .. }
            | Message::Phase2a { ballot, .. }
            | Message::Phase2b { ballot, .. } => ballot.round,
            _ => 0,
        }
    }

    fn is_reply(&self) -> bool {
        matches!(
            self,
            Message::Vote { .. }
                | Message::PreCommitAck { .. }
                | Message::Ack { .. }
                | Message::StateReply { .. }
                | Message::Phase1b { .. }
                | Message::Phase2b { .. }
        )
    }

    fn success(&self) -> Option<bool> {
        match self {
            Message::Vote { yes, .. } => Some(*yes),
            // The outcome is drawn with a tick or a cross, like a vote.
            Message::Decision { commit, .. } => Some(*commit),
            Message::Phase1b { ok, .. } => Some(*ok),
            Message::Phase2b { prepared, .. } => Some(*prepared),
            Message::PreCommitAck { .. } | Message::Ack { .. } | Message::StateReply { .. } => Some(true),
            _ => None,
        }
    }

    fn entry_count(&self) -> usize {
        match self {
            Message::Prepare { writes, .. } => writes.len(),
            _ => 0,
        }
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let txn = ("transaction", format!("T{}", self.txn()));
        let ballot = |b: &Ballot| ("ballot", format!("{b}"));
        let vote = |prepared: bool| if prepared { "prepared" } else { "aborted" }.to_string();
        let mut fields = vec![txn];
        match self {
            Message::Prepare { writes, .. } => fields.push(("writes", text(writes))),
            Message::Vote { yes, .. } => fields.push(("vote", if *yes { "yes" } else { "no" }.into())),
            Message::Decision { commit, .. } => {
                fields.push(("outcome", if *commit { "commit" } else { "abort" }.into()))
            }
            Message::StateReply { state, .. } => {
                fields.push(("state", state.map_or("never heard of it", |s| s.name()).into()))
            }
            Message::Phase1a { ballot: b, .. } => fields.push(ballot(b)),
            Message::Phase1b {
                ballot: b,
                ok,
                accepted,
                ..
            } => {
                fields.push(ballot(b));
                fields.push(("promise", ok.to_string()));
                let votes = accepted
                    .iter()
                    .map(|(p, b, prepared)| format!("P{p}: {} in ballot {b}", vote(*prepared)));
                fields.push(("accepted", listed(votes, "nothing yet")));
            }
            Message::Phase2a {
                instance,
                ballot: b,
                prepared,
                ..
            }
            | Message::Phase2b {
                instance,
                ballot: b,
                prepared,
                ..
            } => {
                fields.push(("instance", format!("P{instance}'s vote")));
                fields.push(ballot(b));
                fields.push(("value", vote(*prepared)));
            }
            Message::PreCommit { .. }
            | Message::PreCommitAck { .. }
            | Message::Ack { .. }
            | Message::DecisionRequest { .. }
            | Message::StateRequest { .. } => {}
        }
        fields
    }
}
