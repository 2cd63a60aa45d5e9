//! Paxos messages: the two phases of "Paxos Made Simple" (Prepare/Promise, Accept/Accepted), the learn
//! notification, and Multi-Paxos's leader heartbeat and catch-up request.

use super::{Accepted, Ballot, Chosen};
use crate::protocol::{listed, Command, MessageMeta};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Message {
    /// Phase 1a: promise to ignore ballots below `ballot`, and report what you accepted from `from_slot` on.
    Prepare { ballot: Ballot, from_slot: u64 },
    /// Phase 1b. With `ok`, a promise and the acceptor's accepted proposals; without, a refusal naming the
    /// higher ballot it promised.
    Promise {
        ballot: Ballot,
        ok: bool,
        promised: Ballot,
        accepted: Vec<(u64, Accepted)>,
    },
    /// Phase 2a: accept these values in `ballot`.
    Accept {
        ballot: Ballot,
        entries: Vec<(u64, Command)>,
    },
    /// Phase 2b: the acceptor accepted (or, without `ok`, refused) the values of these slots.
    Accepted {
        ballot: Ballot,
        ok: bool,
        promised: Ballot,
        slots: Vec<u64>,
    },
    /// Multi-Paxos: the leader is alive; everything up to `commit` is chosen. Under the read paths that need
    /// it, a heartbeat `round` above 0 asks each acceptor to say whether it still holds the leader's ballot.
    Heartbeat { ballot: Ballot, commit: u64, round: u64 },
    /// Multi-Paxos: the answer to a heartbeat round: `ok` if the acceptor promised no higher ballot, else the
    /// ballot it did promise. A quorum of them confirms the leader still leads, for reads.
    HeartbeatReply {
        ballot: Ballot,
        round: u64,
        ok: bool,
        promised: Ballot,
    },
    /// These slots' values are chosen.
    Learn {
        ballot: Ballot,
        entries: Vec<(u64, Chosen)>,
    },
    /// Multi-Paxos: a follower that is behind asks the leader for chosen values from `from_slot` on.
    CatchUp { ballot: Ballot, from_slot: u64 },
}

impl MessageMeta for Message {
    fn kind(&self) -> &'static str {
        match self {
            Message::Prepare { .. } => "Prepare",
            Message::Promise { .. } => "Promise",
            Message::Accept { .. } => "Accept",
            Message::Accepted { .. } => "Accepted",
            Message::Heartbeat { .. } => "Heartbeat",
            Message::HeartbeatReply { .. } => "HeartbeatReply",
            Message::Learn { .. } => "Learn",
            Message::CatchUp { .. } => "CatchUp",
        }
    }

    /// The round of the ballot the message is about.
    fn term(&self) -> u64 {
        match self {
            Message::Prepare { ballot, .. }
            | Message::Promise { ballot, .. }
            | Message::Accept { ballot, .. }
            | Message::Accepted { ballot, .. }
            | Message::Heartbeat { ballot, .. }
            | Message::HeartbeatReply { ballot, .. }
            | Message::Learn { ballot, .. }
            | Message::CatchUp { ballot, .. } => ballot.round,
        }
    }

    fn is_reply(&self) -> bool {
        matches!(
            self,
            Message::Promise { .. } | Message::Accepted { .. } | Message::HeartbeatReply { .. }
        )
    }

    fn success(&self) -> Option<bool> {
        match self {
            Message::Promise { ok, .. } | Message::Accepted { ok, .. } | Message::HeartbeatReply { ok, .. } => {
                Some(*ok)
            }
            _ => None,
        }
    }

    fn entry_count(&self) -> usize {
        match self {
            Message::Accept { entries, .. } => entries.len(),
            Message::Learn { entries, .. } => entries.len(),
            Message::Promise { accepted, .. } => accepted.len(),
            _ => 0,
        }
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        // A ballot is written round.node: ballot 3.2 is round 3 of proposer S2.
        let ballot = |b: &Ballot| format!("{b} (round {}, S{})", b.round, b.node);
        let refused = |ok: bool, promised: &Ballot| (!ok).then(|| ("promised", ballot(promised)));
        match self {
            Message::Prepare { ballot: b, from_slot } => {
                vec![("ballot", ballot(b)), ("fromSlot", from_slot.to_string())]
            }
            Message::Promise {
                ballot: b,
                ok,
                promised,
                accepted,
            } => {
                let mut fields = vec![("ballot", ballot(b)), ("promise", ok.to_string())];
                fields.extend(refused(*ok, promised));
                let values = accepted
                    .iter()
                    .map(|(slot, a)| format!("slot {slot}: {} in ballot {}", a.command, a.ballot));
                fields.push(("accepted", listed(values, "nothing yet")));
                fields
            }
            Message::Accept { ballot: b, entries } => {
                let values = entries.iter().map(|(slot, c)| format!("slot {slot}: {c}"));
                vec![("ballot", ballot(b)), ("values", listed(values, "none"))]
            }
            Message::Accepted {
                ballot: b,
                ok,
                promised,
                slots,
            } => {
                let mut fields = vec![("ballot", ballot(b)), ("accepted", ok.to_string())];
                fields.extend(refused(*ok, promised));
                fields.push(("slots", listed(slots.iter().map(|s| s.to_string()), "none")));
                fields
            }
            Message::Heartbeat {
                ballot: b,
                commit,
                round,
            } => {
                let mut fields = vec![("ballot", ballot(b)), ("chosenUpTo", commit.to_string())];
                if *round > 0 {
                    fields.push(("round", round.to_string()));
                }
                fields
            }
            Message::HeartbeatReply {
                ballot: b,
                round,
                ok,
                promised,
            } => {
                let mut fields = vec![
                    ("ballot", ballot(b)),
                    ("round", round.to_string()),
                    ("holds", ok.to_string()),
                ];
                fields.extend(refused(*ok, promised));
                fields
            }
            Message::Learn { ballot: b, entries } => {
                let values = entries.iter().map(|(slot, c)| format!("slot {slot}: {}", c.command));
                vec![("ballot", ballot(b)), ("chosen", listed(values, "none"))]
            }
            Message::CatchUp { ballot: b, from_slot } => {
                vec![("ballot", ballot(b)), ("fromSlot", from_slot.to_string())]
            }
        }
    }
}
