//! What the canvas draws at one instant: a pure function of the lab. A message in flight moves in a straight
//! line at constant speed from its send to its arrival, and a timer ring empties at a constant rate, so each
//! is given by its path and its span of simulated time: drawn still at one moment while paused, and handed to
//! the compositor to move while playing (see `ui/glide.rs`).

use consensus_sim::protocol::txn::TxnState;
use consensus_sim::{MessageMeta, Micros, Role, Timer, CLIENT};

use crate::model::lab::{pairs, Lab, FLASH_MS};
use crate::model::pace::Pace;

/// The family of a message, which fixes its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Glyph {
    /// Raft's RequestVote and PreVote, and their replies.
    Vote,
    /// A leader's message with nothing to replicate: Raft's empty AppendEntries, Multi-Paxos's Heartbeat.
    Heartbeat,
    /// Raft's AppendEntries carrying entries, and its replies.
    Append,
    /// Paxos Phase 1: Prepare and Promise.
    Prepare,
    /// Paxos Phase 2: Accept and Accepted.
    Accept,
    /// Paxos: chosen values, told to a learner.
    Learn,
    /// Multi-Paxos: a follower asks to catch up; the commit protocols: a participant asks what was decided.
    CatchUp,
    /// The commit protocols: the outcome (Commit or Abort), and 3PC's PreCommit.
    Outcome,
    /// The commit protocols: an acknowledgement.
    Ack,
    /// Raft's TimeoutNow: a leader hands leadership over (§3.10).
    TimeoutNow,
    /// Raft's InstallSnapshot and its reply: a whole state machine, drawn large (chapter 5).
    Snapshot,
    Client,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeFrame {
    pub id: u8,
    pub x: f64,
    pub y: f64,
    pub role: Role,
    pub term: u64,
    /// The line under the node: its term (Raft) or promised ballot (Paxos), and what its notation means.
    pub badge: String,
    pub badge_hint: Option<String>,
    /// Its role as its protocol's paper names it.
    pub role_label: crate::words::i18n::Text,
    pub up: bool,
    pub disconnected: bool,
    pub selected: bool,
    /// Highlighted as the new leader: the term it won, while the flash lasts.
    pub flash: Option<u64>,
    pub votes: u8,
    /// Named by a safety violation.
    pub implicated: bool,
    /// Named by the feed line under the pointer.
    pub mentioned: bool,
    /// A commit protocol's participant: the transaction it holds its lock for, else its newest.
    pub txn: Option<TxnMark>,
    /// The leader it suspected lately while that leader was up: a false suspicion, marked on it.
    pub false_suspicion_of: Option<u8>,
}

/// A participant's transaction as drawn on its node: its state, and how long it has been blocked.
#[derive(Clone, Debug, PartialEq)]
pub struct TxnMark {
    pub txn: u64,
    pub state: consensus_sim::protocol::txn::TxnState,
    /// In doubt (or waiting for the lock): for how long, in tenths of a second, so the node redraws ten
    /// times a second while blocked and not at every frame.
    pub blocked_tenths: Option<u64>,
    /// The account it locks.
    pub locks: String,
}

/// A node's election timer, drawn on the moving layer with the messages.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerFrame {
    pub id: u8,
    pub x: f64,
    pub y: f64,
    pub set_at: Micros,
    pub fires_at: Micros,
    /// Under phi accrual: the part left at fractions of the span, one minus phi over its threshold
    /// (`detection::phi_ring`). None: the ring empties at a constant rate.
    pub phi: Option<Vec<(f64, f64)>>,
}

impl TimerFrame {
    /// How the ring empties: the part left at fractions of its span.
    pub fn points(&self) -> Vec<(f64, f64)> {
        self.phi
            .clone()
            .unwrap_or_else(|| vec![(0.0, 1.0), (0.5, 0.5), (1.0, 0.0)])
    }

    /// The fraction of the timer left at simulated time `at`.
    pub fn left_at(&self, at: Micros) -> f64 {
        let total = self.fires_at.saturating_sub(self.set_at).max(1) as f64;
        let u = at.saturating_sub(self.set_at) as f64 / total;
        match &self.phi {
            Some(points) => crate::model::detection::along(points, u),
            None => (1.0 - u).clamp(0.0, 1.0),
        }
    }
}

/// A link between two nodes and which of its directions are cut.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkFrame {
    pub a: u8,
    pub b: u8,
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub a_to_b_cut: bool,
    pub b_to_a_cut: bool,
    /// Touches the selected node: its one-way handles show, for touch screens that have no hover.
    pub near_selected: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MessageFrame {
    pub id: u64,
    /// Where it leaves and where it arrives, in canvas units.
    pub start: (f64, f64),
    pub end: (f64, f64),
    pub sent_at: Micros,
    pub arrives_at: Micros,
    pub angle: f64,
    pub glyph: Glyph,
    pub reply: bool,
    pub success: Option<bool>,
    pub label: &'static str,
    pub term: u64,
    pub from: u8,
    pub to: u8,
    /// Hovered in the space-time diagram.
    pub linked: bool,
}

impl MessageFrame {
    /// Where it is at simulated time `at`: at its start until sent, at its end once arrived.
    pub fn position(&self, at: Micros) -> (f64, f64) {
        let span = self.arrives_at.saturating_sub(self.sent_at).max(1) as f64;
        let progress = (at.saturating_sub(self.sent_at) as f64 / span).clamp(0.0, 1.0);
        let ((fx, fy), (tx, ty)) = (self.start, self.end);
        (fx + (tx - fx) * progress, fy + (ty - fy) * progress)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub now: Micros,
    /// What the clock shows: `now`, but while playing it moves on ten times a second.
    pub clock: Micros,
    pub nodes: Vec<NodeFrame>,
    pub links: Vec<LinkFrame>,
    pub messages: Vec<MessageFrame>,
    pub timers: Vec<TimerFrame>,
    /// Requests the requester is still waiting on.
    pub pending: usize,
    /// C1..C5, those that have called.
    pub clients: Vec<crate::model::clients::ClientFrame>,
    /// While playing, the pace the compositor moves messages and timers on; None while still.
    pub motion: Option<Pace>,
    /// How many digits the clock shows before the point (see `whole_digits`).
    pub digits: u32,
    /// Whether time runs faster than the chosen speed through a quiet stretch, which the clock says.
    pub fast_forward: bool,
    /// The latest leader crash's failover, for a while after it.
    pub failover: Option<crate::model::detection::FailoverCard>,
}

/// How many digits the clock shows before the point at `now`: one under ten seconds, two under a hundred…
pub fn whole_digits(now: Micros) -> u32 {
    (now / 1_000_000).checked_ilog10().unwrap_or(0) + 1
}

impl Frame {
    /// The moment things are drawn at, when not moved by the compositor: now while still, and while moving
    /// the pace's own point (a value that stays the same from wake to wake, so unchanged glyphs are skipped).
    pub fn still_at(&self) -> Micros {
        self.motion.map_or(self.now, |pace| pace.sim)
    }

    /// Whether this frame, drawn earlier, must be redrawn to show `next`: something changed that the
    /// compositor does not show by itself. It moves messages and empties timer rings, and a message vanishes
    /// on its own as it arrives; a message sent, a timer set, a node's state, anything else, needs a redraw.
    /// The clock is not compared: it has a wake of its own.
    pub fn stale(&self, next: &Frame) -> bool {
        let drawn = |id: u64| self.messages.iter().any(|m| m.id == id);
        let flying = |id: u64| next.messages.iter().any(|m| m.id == id);
        self.nodes != next.nodes
            || self.links != next.links
            || self.timers != next.timers
            || self.pending != next.pending
            || self.clients != next.clients
            || self.motion != next.motion
            || self.digits != next.digits
            || self.failover != next.failover
            || next.messages.iter().any(|m| !drawn(m.id))
            || self.messages.iter().any(|m| m.arrives_at > next.now && !flying(m.id))
    }
}

/// How far from a node's centre messages start and end: just outside its timer ring.
const EDGE: f64 = 44.0;
/// The same for a client: just outside its screen.
const CLIENT_EDGE: f64 = 24.0;

pub fn glyph_of(msg: &dyn MessageMeta) -> Glyph {
    glyph_of_kind(msg.kind(), msg.entry_count())
}

/// A message's glyph by its kind's name and how many entries it carries.
pub fn glyph_of_kind(kind: &str, entries: usize) -> Glyph {
    match kind {
        "RequestVote" | "RequestVoteReply" | "PreVote" | "PreVoteReply" => Glyph::Vote,
        "Prepare" | "Promise" => Glyph::Prepare,
        "Accept" | "Accepted" => Glyph::Accept,
        "Learn" => Glyph::Learn,
        "CatchUp" | "DecisionRequest" | "StateRequest" | "StateReply" => Glyph::CatchUp,
        "TimeoutNow" => Glyph::TimeoutNow,
        "InstallSnapshot" | "InstallSnapshotReply" => Glyph::Snapshot,
        // A participant's vote is a vote, with its tick or cross; Paxos Commit's phases are Paxos's.
        "Yes" | "No" => Glyph::Vote,
        "Phase1a" | "Phase1b" => Glyph::Prepare,
        "Phase2a" | "Phase2b" => Glyph::Accept,
        "Commit" | "Abort" | "PreCommit" => Glyph::Outcome,
        "Ack" | "PreCommitAck" => Glyph::Ack,
        "ClientRequest" | "ClientReply" => Glyph::Client,
        _ if entries == 0 => Glyph::Heartbeat,
        _ => Glyph::Append,
    }
}

impl Lab {
    /// Whether the canvas as last drawn no longer shows the lab (see `Frame::stale`).
    pub fn canvas_stale(&self, selected: Option<u8>, highlight: Option<u64>) -> bool {
        self.cache
            .drawn
            .as_ref()
            .is_none_or(|drawn| drawn.stale(&self.frame(selected, highlight)))
    }

    /// What to draw now, with `selected` marked.
    pub fn frame(&self, selected: Option<u8>, highlight: Option<u64>) -> Frame {
        let now = self.sim.now();
        let flash = self
            .last_leader_change
            .filter(|(at, _, _)| self.wall_ms - at < FLASH_MS)
            .map(|(_, node, term)| (node, term));
        let sim = &*self.sim;
        let nodes = (1..=self.size())
            .map(|id| {
                let (x, y) = self.positions[id as usize - 1];
                let (node, up) = (sim.node(id), sim.is_up(id));
                NodeFrame {
                    id,
                    x,
                    y,
                    role: node.role(),
                    term: node.term(),
                    badge: sim.details(id).badge(),
                    badge_hint: sim.details(id).badge_hint(),
                    role_label: sim.details(id).role_label(),
                    up,
                    disconnected: sim.links().is_disconnected(id),
                    selected: selected == Some(id),
                    flash: flash.filter(|(n, _)| *n == id && up).map(|(_, t)| t),
                    votes: node.votes().count_ones() as u8,
                    implicated: false,
                    mentioned: false,
                    txn: node.current_transaction().map(|v| TxnMark {
                        txn: v.txn,
                        state: v.state,
                        blocked_tenths: (v.state.in_doubt() || v.state == TxnState::Waiting)
                            .then(|| now.saturating_sub(v.since) / 100_000),
                        locks: v.locks,
                    }),
                    false_suspicion_of: crate::model::detection::false_mark(sim, id, now),
                }
            })
            .collect();
        let timers = (1..=self.size())
            .filter(|&id| sim.is_up(id) && sim.node(id).role() != Role::Leader)
            .filter_map(|id| {
                let (set_at, fires_at) = sim.timer_span(id, Timer::Election)?;
                let (x, y) = self.positions[id as usize - 1];
                Some(TimerFrame {
                    id,
                    x,
                    y,
                    set_at,
                    fires_at,
                    phi: crate::model::detection::phi_ring(sim, id, (set_at, fires_at)),
                })
            })
            .collect();
        let links = pairs(self.size())
            .map(|(a, b)| LinkFrame {
                a,
                b,
                from: self.position(a),
                to: self.position(b),
                a_to_b_cut: sim.links().is_cut(a, b),
                b_to_a_cut: sim.links().is_cut(b, a),
                near_selected: selected.is_some_and(|s| s == a || s == b),
            })
            .collect();
        let clients = self.client_frames();
        // Where a message starts or ends, and how far from there it is drawn: a node's outline, or a client's.
        let end_of = |id: u8, client: Option<u64>| match id {
            // C1..C5 where drawn; the requester, and a reply whose client gave up, at the corner.
            CLIENT => {
                let drawn = clients.iter().find(|f| Some(f.client) == client);
                (drawn.map_or(self.position(id), |f| (f.x, f.y)), CLIENT_EDGE)
            }
            _ => (self.position(id), EDGE),
        };
        let messages = sim
            .flights()
            .into_iter()
            .map(|m| {
                let ((ax, ay), from_edge) = end_of(m.from, m.client);
                let ((bx, by), to_edge) = end_of(m.to, m.client);
                let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt().max(1.0);
                // From edge to edge: a message leaves its sender's outline and arrives at the receiver's.
                let (fe, te) = ((from_edge / len).min(0.45), (to_edge / len).min(0.45));
                let (fx, fy) = (ax + (bx - ax) * fe, ay + (by - ay) * fe);
                let (tx, ty) = (bx - (bx - ax) * te, by - (by - ay) * te);
                let (dx, dy) = (tx - fx, ty - fy);
                // Requests and replies on the same link keep to their own side of it, like traffic.
                let (ox, oy) = (-dy / len * 9.0, dx / len * 9.0);
                let (glyph, reply, success, term) = match m.message {
                    Some(msg) => (glyph_of(msg), msg.is_reply(), msg.success(), msg.term()),
                    None => (Glyph::Client, false, None, 0),
                };
                let label = m.kind;
                MessageFrame {
                    id: m.id,
                    start: (fx + ox, fy + oy),
                    end: (tx + ox, ty + oy),
                    sent_at: m.sent_at,
                    arrives_at: m.arrives_at,
                    angle: degrees(dx, dy),
                    glyph,
                    reply,
                    success,
                    label,
                    term,
                    from: m.from,
                    to: m.to,
                    linked: highlight == Some(m.id),
                }
            })
            .collect();
        Frame {
            now,
            clock: self.clock(),
            nodes,
            links,
            messages,
            timers,
            pending: sim.pending_requests(),
            clients,
            motion: self.pace,
            digits: whole_digits(now),
            fast_forward: self.fast_forwarding(),
            failover: crate::model::detection::failover_card(sim, now),
        }
    }
}

/// The direction of (dx, dy) in degrees, as SVG rotates.
pub fn degrees(dx: f64, dy: f64) -> f64 {
    dy.atan2(dx).to_degrees()
}

#[cfg(test)]
mod tests {
    // Compiled for the browser's target, where only wasm-bindgen-test's runner runs tests.
    use super::whole_digits;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_clock_grows_a_digit_at_each_power_of_ten_seconds() {
        assert_eq!(whole_digits(0), 1);
        assert_eq!(whole_digits(9_999_999), 1);
        assert_eq!(whole_digits(10_000_000), 2);
        assert_eq!(whole_digits(123_000_000), 3);
    }
}
