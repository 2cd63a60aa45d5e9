//! What a run leaves behind besides its state: the journal of every event (for `--trace`), the event feed
//! (the latest decisions, actions and losses, for people), the timeline (for the space-time diagram), the
//! message counts and the leaders elected. Each is kept only when asked for, except the counts.

use std::collections::VecDeque;

use super::failover::{LeaderCrash, Suspicion};
use super::network::Payload;
use super::timeline::{MarkKind, Passage, Timeline};
use super::Simulator;
use crate::action::Action;
use crate::protocol::{Micros, NodeId, Protocol};

/// The event feed keeps this many of the latest items.
pub const FEED_LENGTH: usize = 400;

/// Counts of what the network did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageStats {
    pub sent: u64,
    pub delivered: u64,
    pub dropped: u64,
    /// Messages sent, by the paper's message name, in first-seen order.
    pub by_type: Vec<(&'static str, u64)>,
}

/// A node winning an election.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeaderChange {
    pub at: Micros,
    pub node: NodeId,
    pub term: u64,
}

/// One line of a run's journal: every send, delivery, drop, timer and action, for `--trace`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    pub at: Micros,
    /// "send", "deliver", "drop", "timer" or "action".
    pub event: &'static str,
    pub from: NodeId,
    pub to: NodeId,
    pub detail: String,
}

/// One line of the event feed; `N` is the protocol's note.
#[derive(Clone, Debug, PartialEq)]
pub enum Narrative<N> {
    /// A node's own decision.
    Node(NodeId, N),
    /// Something the reader did to the cluster.
    Action(Action),
    /// Something a lesson's script did to the cluster.
    Scripted(Action),
    /// A message lost on the network: (from, to, kind).
    Dropped(NodeId, NodeId, &'static str),
    /// A message in flight the reader dropped by hand: (from, to, kind). The feed names it as the canvas
    /// draws it, where the action itself knows only its id.
    Removed(NodeId, NodeId, &'static str),
    /// A node suspects its leader has failed; false if the leader is up.
    Suspected {
        by: NodeId,
        of: NodeId,
        false_suspicion: bool,
    },
    /// A crashed leader's failover is complete: a new leader has served a client.
    FailedOver(LeaderCrash),
    /// A leader was elected because of a false suspicion.
    Unnecessary(Suspicion),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FeedItem<N> {
    pub at: Micros,
    pub what: Narrative<N>,
}

impl<P: Protocol> Simulator<P> {
    /// Starts recording every event into a journal (off by default: it costs time and memory).
    pub fn keep_journal(&mut self) {
        self.journal.get_or_insert_with(Vec::new);
    }

    /// Starts keeping the timeline of message passages and node marks, for a space-time diagram.
    pub fn keep_timeline(&mut self) {
        self.timeline.get_or_insert_with(Default::default);
    }

    /// The timeline; None unless [`Simulator::keep_timeline`] was called.
    pub fn timeline(&self) -> Option<&Timeline> {
        self.timeline.as_deref()
    }

    pub(super) fn mark(&mut self, node: NodeId, kind: MarkKind) {
        if let Some(t) = &mut self.timeline {
            t.mark(self.now, node, kind);
        }
    }

    /// Records a message's journey, ending now.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn passage(
        &mut self,
        id: u64,
        from: NodeId,
        to: NodeId,
        payload: &Payload<P::Message>,
        sent_at: Micros,
        due_at: Micros,
        delivered: bool,
    ) {
        if let Some(t) = &mut self.timeline {
            t.passage(Passage {
                id,
                from,
                to,
                kind: payload.kind(),
                entries: payload.entry_count() as u32,
                sent_at,
                ended_at: self.now,
                due_at,
                delivered,
                request: payload.request(),
            });
        }
    }

    /// Starts keeping the event feed: the latest [`FEED_LENGTH`] decisions, actions and losses.
    pub fn keep_feed(&mut self) {
        self.feed.get_or_insert_with(VecDeque::new);
    }

    /// How many items were ever narrated: the last item of [`Simulator::feed`] is number `feed_total()`, so
    /// numbers name items across calls.
    pub fn feed_total(&self) -> u64 {
        self.narrated
    }

    /// The feed, oldest first; empty unless [`Simulator::keep_feed`] was called.
    pub fn feed(&self) -> &[FeedItem<P::Note>] {
        self.feed.as_ref().map_or(&[], |f| f.as_slices().0)
    }

    pub(super) fn narrate(&mut self, what: Narrative<P::Note>) {
        if let Some(feed) = &mut self.feed {
            self.narrated += 1;
            if feed.len() == FEED_LENGTH {
                feed.pop_front();
            }
            feed.push_back(FeedItem { at: self.now, what });
            // Keep it one contiguous slice, so readers get `&[FeedItem]`.
            feed.make_contiguous();
        }
    }

    pub fn journal(&self) -> &[JournalEntry] {
        self.journal.as_deref().unwrap_or_default()
    }

    pub(super) fn note(&mut self, event: &'static str, from: NodeId, to: NodeId, detail: impl FnOnce() -> String) {
        if let Some(journal) = &mut self.journal {
            journal.push(JournalEntry {
                at: self.now,
                event,
                from,
                to,
                detail: detail(),
            });
        }
    }
}
