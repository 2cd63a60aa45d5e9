//! What a space-time diagram draws: every message's journey from send to receipt (or loss), and marks on
//! the nodes' lanes: crashes, restarts and commits. Kept only when asked for, and only the latest
//! [`TIMELINE_LENGTH`] of each, so a long session stays small.

use std::collections::VecDeque;

use crate::protocol::{Micros, NodeId, RequestId};

/// The timeline keeps this many passages, and as many marks.
pub const TIMELINE_LENGTH: usize = 1500;

/// One message's journey. Lost messages end where they were lost: at the sender when a cut link or the
/// network's loss took them at once, in flight otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub kind: &'static str,
    /// Entries or values it carried.
    pub entries: u32,
    pub sent_at: Micros,
    pub ended_at: Micros,
    /// When the message would have arrived (the same as `ended_at` unless lost on the way).
    pub due_at: Micros,
    pub delivered: bool,
    /// The client request a client's message carries or answers: its operation's `id` in the history.
    pub request: Option<RequestId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Crash,
    Restart,
    /// The node applied entry (or slot) `index`.
    Commit(u64),
}

/// Something that happened to one node, drawn on its lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub at: Micros,
    pub node: NodeId,
    pub kind: MarkKind,
}

#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub passages: VecDeque<Passage>,
    pub marks: VecDeque<Mark>,
}

fn push_capped<T>(list: &mut VecDeque<T>, item: T) {
    if list.len() == TIMELINE_LENGTH {
        list.pop_front();
    }
    list.push_back(item);
}

impl Timeline {
    pub fn passage(&mut self, passage: Passage) {
        push_capped(&mut self.passages, passage);
    }

    pub fn mark(&mut self, at: Micros, node: NodeId, kind: MarkKind) {
        push_capped(&mut self.marks, Mark { at, node, kind });
    }
}
