//! Paxos messages: the two phases of "Paxos Made Simple" (Prepare/Promise, Accept/Accepted), the learn
//! notification, and Multi-Paxos's leader heartbeat and catch-up request.

use super::{Accepted, Ballot, Chosen};
use crate::protocol::{Command, MessageMeta};

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
    /// Multi-Paxos: the leader is alive; everything up to `commit` is chosen.
    Heartbeat { ballot: Ballot, commit: u64 },
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
            | Message::Learn { ballot, .. }
            | Message::CatchUp { ballot, .. } => ballot.round,
        }
    }

    fn is_reply(&self) -> bool {
        matches!(self, Message::Promise { .. } | Message::Accepted { .. })
    }

    fn success(&self) -> Option<bool> {
        match self {
            Message::Promise { ok, .. } | Message::Accepted { ok, .. } => Some(*ok),
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
}
