//! What the canvas draws at one instant: a pure function of the lab. Messages in flight are placed by
//! interpolating between their send and arrival times, so motion is smooth at any speed.

use consensus_sim::{MessageMeta, Micros, Role, Timer};

use crate::model::lab::{pairs, Lab, FLASH_MS};

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
    /// Multi-Paxos: a follower asks to catch up.
    CatchUp,
    Client,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeFrame {
    pub id: u8,
    pub x: f64,
    pub y: f64,
    pub role: Role,
    pub term: u64,
    /// The line under the node: its term (Raft) or promised ballot (Paxos).
    pub badge: String,
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
}

/// A node's election timer, drawn on the moving layer with the messages.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerFrame {
    pub id: u8,
    pub x: f64,
    pub y: f64,
    /// Time left, in hundredths: fine enough for the eye, coarse enough that most frames leave it alone.
    pub left: u16,
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
    pub x: f64,
    pub y: f64,
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

#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub now: Micros,
    /// What the clock shows: `now`, but while playing it moves on ten times a second.
    pub clock: Micros,
    pub nodes: Vec<NodeFrame>,
    pub links: Vec<LinkFrame>,
    pub messages: Vec<MessageFrame>,
    pub timers: Vec<TimerFrame>,
    /// Requests the client is still waiting on.
    pub pending: usize,
}

/// How far from a node's centre messages start and end: just outside its timer ring.
const EDGE: f64 = 44.0;

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
        "CatchUp" => Glyph::CatchUp,
        "ClientRequest" | "ClientReply" => Glyph::Client,
        _ if entries == 0 => Glyph::Heartbeat,
        _ => Glyph::Append,
    }
}

impl Lab {
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
                    up,
                    disconnected: sim.links().is_disconnected(id),
                    selected: selected == Some(id),
                    flash: flash.filter(|(n, _)| *n == id && up).map(|(_, t)| t),
                    votes: node.votes().count_ones() as u8,
                    implicated: false,
                    mentioned: false,
                }
            })
            .collect();
        let timers = (1..=self.size())
            .filter(|&id| sim.is_up(id) && sim.node(id).role() != Role::Leader)
            .filter_map(|id| {
                let left = sim.timer_left(id, Timer::Election)?;
                let (x, y) = self.positions[id as usize - 1];
                Some(TimerFrame {
                    id,
                    x,
                    y,
                    left: (left * 100.0).round() as u16,
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
        let messages = sim
            .flights()
            .into_iter()
            .map(|m| {
                let span = m.arrives_at.saturating_sub(m.sent_at).max(1) as f64;
                let progress = (now.saturating_sub(m.sent_at) as f64 / span).clamp(0.0, 1.0);
                let (ax, ay) = self.position(m.from);
                let (bx, by) = self.position(m.to);
                let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt().max(1.0);
                // From edge to edge: a message leaves its sender's outline and arrives at the receiver's.
                let edge = (EDGE / len).min(0.45);
                let (fx, fy) = (ax + (bx - ax) * edge, ay + (by - ay) * edge);
                let (tx, ty) = (bx - (bx - ax) * edge, by - (by - ay) * edge);
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
                    x: fx + dx * progress + ox,
                    y: fy + dy * progress + oy,
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
        }
    }
}

/// The direction of (dx, dy) in degrees, as SVG rotates.
pub fn degrees(dx: f64, dy: f64) -> f64 {
    dy.atan2(dx).to_degrees()
}
