//! The panels' views of the lab: logs, the event feed and the inspector. Logs and feed are rebuilt only
//! when what they show changed, and shared by `Rc`, so a panel whose view did not change skips rendering.

use crate::words::number::fixed;
use std::rc::Rc;

use crate::model::details::Table;
use crate::model::lab::Lab;
use crate::words::i18n::Text;

/// One node's log as the log table shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub id: u8,
    pub up: bool,
    pub commit_index: u64,
    /// Raft: the last index its snapshot covers, drawn as one cell; 0 with none.
    pub snapshot: u64,
    /// (term, value) per index from `snapshot + 1`; value None for a no-op. Values are shared with the
    /// engine, so a copy of a long log allocates no strings.
    pub entries: Vec<(u64, Option<consensus_sim::Value>)>,
}

impl LogRow {
    /// The log's last index (a row is never drawn empty: each node has one).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.snapshot as usize + self.entries.len()
    }
}

/// A shared value (a snapshot, the lab, the handlers) that compares equal only to itself, so comparing props
/// costs nothing.
#[derive(Debug, Default)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

pub type Logs = Shared<Vec<LogRow>>;

/// A sentence of the event feed.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedLine {
    /// The first item of the feed it tells, counting from 1: a stable key as lines are added, and as a run
    /// of the same note by several nodes grows.
    pub seq: u64,
    /// The last item it tells.
    pub through: u64,
    /// Simulated time, in microseconds.
    pub at: u64,
    pub text: Rc<str>,
}

pub type Feed = Shared<Vec<FeedLine>>;

/// How many feed lines the panel shows, newest first.
pub const FEED_SHOWN: usize = 60;

pub struct Cache {
    logs_signature: Vec<(u64, u64, u64, bool, u64)>,
    logs: Logs,
    feed: Feed,
    pub diagram_key: crate::model::diagram::DiagramKey,
    pub diagram: crate::model::diagram::Diagram,
    /// Wall-clock time of the diagram's last rebuild; minus infinity forces the next.
    pub diagram_built: f64,
    /// The canvas as last drawn, to tell whether a wake changed anything on it.
    pub drawn: Option<crate::model::frame::Frame>,
    /// The history view, and how many operations were called and had ended when it was built.
    pub history: Option<((usize, usize), Rc<crate::model::history::HistoryView>)>,
    /// What the history panel shows around the bars, and what it was built from.
    pub run_figures: Option<(crate::model::history::RunKey, Rc<crate::model::history::RunFigures>)>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            logs_signature: Vec::new(),
            logs: Logs::default(),
            feed: Feed::default(),
            diagram_key: Default::default(),
            diagram: Default::default(),
            diagram_built: f64::NEG_INFINITY,
            drawn: None,
            history: None,
            run_figures: None,
        }
    }
}

/// What the inspector shows for one node.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspected {
    pub id: u8,
    pub up: bool,
    pub disconnected: bool,
    pub role: consensus_sim::Role,
    /// Its role as its protocol's paper names it, and what its timer's firing does.
    pub role_label: Text,
    pub timeout: Text,
    /// Whether the leader can hand leadership to it now; None where the protocol has no transfer.
    pub transfer: Option<bool>,
    /// The protocol's state, as (label, value) rows.
    pub facts: Vec<(Text, String)>,
    pub state_machine: Vec<(String, String)>,
    /// Raft: a leader's nextIndex and matchIndex. Paxos: accepted values, and a leader's proposals.
    pub tables: Vec<Table>,
    /// The vote decisions of its current term it made or received, with their reasons, oldest first.
    pub votes: Vec<String>,
    /// How fast its clock runs against true time, in parts per million, and until when it is paused.
    pub clock: (i64, Option<u64>),
}

impl Lab {
    /// Every node's log, rebuilt only when some log or commit point changed since the last call.
    pub fn logs(&mut self) -> Logs {
        let sim = &*self.sim;
        let signature: Vec<(u64, u64, u64, bool, u64)> = (1..=sim.size())
            .map(|id| {
                let node = sim.node(id);
                let len = node.log_len();
                (
                    len,
                    node.entry(len).map_or(0, |e| e.term),
                    node.commit_index(),
                    sim.is_up(id),
                    node.snapshot_index(),
                )
            })
            .collect();
        if self.cache.logs_signature != signature {
            self.cache.logs_signature = signature;
            self.cache.logs = Shared(Rc::new(
                (1..=sim.size())
                    .map(|id| {
                        let node = sim.node(id);
                        let snapshot = node.snapshot_index();
                        LogRow {
                            id,
                            up: sim.is_up(id),
                            commit_index: node.commit_index(),
                            snapshot,
                            // A Paxos log may have holes: slots not yet accepted show as empty no-ops.
                            entries: (snapshot + 1..=node.log_len())
                                .map(|i| node.entry(i))
                                .map(|e| e.map_or((0, None), |e| (e.term, e.value)))
                                .collect(),
                        }
                    })
                    .collect(),
            ));
        }
        self.cache.logs.clone()
    }

    /// The latest feed lines, newest first. Only lines added since the last call are put into words; the
    /// rest are reused.
    pub fn feed(&mut self) -> Feed {
        let total = self.sim.feed_total();
        let shown_up_to = self.cache.feed.0.first().map_or(0, |l| l.through);
        if total < shown_up_to {
            // Back in time, the numbers fall below what is shown: the feed is told again up to the moment.
            self.cache.feed = Shared(Rc::new(self.sim.feed_since(0, FEED_SHOWN)));
        } else if total != shown_up_to {
            let fresh = self.sim.feed_since(shown_up_to, FEED_SHOWN);
            // A fresh line may go on a run the newest shown line began: it replaces that line.
            let from = fresh.last().map_or(u64::MAX, |l| l.seq);
            let kept = self.cache.feed.0.iter().filter(|l| l.seq < from).cloned();
            self.cache.feed = Shared(Rc::new(fresh.into_iter().chain(kept).take(FEED_SHOWN).collect()));
        }
        self.cache.feed.clone()
    }

    /// Why the votes of node `id`'s current term went as they did: the votes it granted or refused, and
    /// those granted or refused to it, as the feed tells them.
    pub fn vote_story(&self, id: u8) -> Vec<String> {
        self.sim.vote_story(id, self.sim.node(id).term())
    }

    /// Whether node `id` can be made leader by a leadership transfer (Raft, §3.10): None where its protocol
    /// has none; else whether it is up and not leading while some node that is up leads.
    pub fn transfer_offer(&self, id: u8) -> Option<bool> {
        if !self.sim.details(id).transfers_leadership() {
            return None;
        }
        let leads = |n: u8| self.sim.is_up(n) && self.sim.node(n).role() == consensus_sim::Role::Leader;
        Some(self.sim.is_up(id) && !leads(id) && (1..=self.size()).any(leads))
    }

    pub fn inspect(&self, id: u8) -> Inspected {
        let up = self.sim.is_up(id);
        let details = self.sim.details(id);
        Inspected {
            id,
            up,
            disconnected: self.sim.links().is_disconnected(id),
            role: self.sim.node(id).role(),
            role_label: details.role_label(),
            timeout: details.timeout_action(),
            transfer: self.transfer_offer(id),
            facts: details.facts(),
            state_machine: details.state_machine(),
            tables: if up { details.tables(self.size()) } else { Vec::new() },
            votes: self.vote_story(id),
            clock: self.sim.clock_of(id),
        }
    }
}

impl Lab {
    /// A hash of everything the panels show. The render loop redraws the panels only when it changes, and
    /// otherwise just the canvas.
    pub fn panel_signature(&self, selected: Option<u8>, detection_open: bool) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = consensus_sim::trace::TraceHash::default();
        self.sim.feed_total().hash(&mut h);
        // A lesson's caption can come when nothing else changes.
        self.captions_shown().hash(&mut h);
        // So can a client's call or its answer: a read by lease or ReadIndex logs nothing and tells no note.
        self.sim.history_progress().hash(&mut h);
        self.fast_forwarding().hash(&mut h);
        for id in 1..=self.size() {
            let n = self.sim.node(id);
            (
                self.sim.is_up(id),
                n.role() as u8,
                n.term(),
                n.log_len(),
                n.commit_index(),
            )
                .hash(&mut h);
            (n.voted_for(), n.leader_hint()).hash(&mut h);
        }
        if let Some(id) = selected.filter(|&id| id <= self.size()) {
            self.sim.details(id).fingerprint().hash(&mut h);
        }
        // The failure detection panel's charts move with the clock, five times a second.
        if detection_open {
            (self.sim.now() / 200_000).hash(&mut h);
        }
        // The blocked counter counts whole seconds.
        let now = self.sim.now();
        for b in self.blocked() {
            (b.node, b.txn, now.saturating_sub(b.since) / 1_000_000).hash(&mut h);
        }
        h.finish()
    }

    /// A message in flight as (summary, its fields), for the message panel.
    pub fn message_details(&self, id: u64) -> Option<(String, crate::model::cluster::Fields)> {
        let (m, fields) = self.sim.message_fields(id)?;
        let who = |n: u8| {
            if n == 0 {
                "the client".to_string()
            } else {
                format!("S{n}")
            }
        };
        let summary = format!(
            "{} from {} to {}: sent at {} ms, arrives at {} ms",
            m.kind,
            who(m.from),
            who(m.to),
            fixed(m.sent_at as f64 / 1000.0, 1),
            fixed(m.arrives_at as f64 / 1000.0, 1)
        );
        Some((summary, fields))
    }
}
