//! The lab's model: a simulated cluster, the clock that drives it, and where its nodes sit on the canvas.
//! Plain Rust with no DOM, so the frame it produces is a pure function of its state.

use std::rc::Rc;

use consensus_sim::raft::{RaftConfig, RaftNode};
use consensus_sim::{
    Action, Conditions, MessageMeta, Micros, NodeView, Payload, Role, SimConfig, Simulator, Timer, CLIENT,
};

/// The canvas is a square of this many user units.
pub const CANVAS: f64 = 600.0;
/// Where the client sits: the top-left corner, outside the ring.
pub const CLIENT_AT: (f64, f64) = (48.0, 44.0);
const RING_RADIUS: f64 = 210.0;

/// Simulated time per wall time, on a log scale from 1/1000 to 1.
pub const MIN_SPEED_LOG10: f64 = -3.0;
pub const MAX_SPEED_LOG10: f64 = 0.0;
/// 1/25: a 15 ms message takes 0.4 s to cross, and an election timeout 4 to 8 s.
pub const DEFAULT_SPEED_LOG10: f64 = -1.397_940_008_672_037_6;

/// The longest wall-clock gap one frame may advance over, so a stalled tab does not leap ahead.
const MAX_FRAME_MS: f64 = 100.0;

pub struct Lab {
    seed: u64,
    requests: u64,
    logs_signature: Vec<(u64, u64, u64, bool)>,
    logs: Logs,
    pub sim: Simulator<RaftNode>,
    /// log10 of the speed.
    pub speed_log10: f64,
    pub positions: Vec<(f64, f64)>,
}

impl Lab {
    pub fn new(seed: u64, size: u8) -> Self {
        let config = SimConfig {
            seed,
            conditions: Conditions::default(),
            client_retry: 100_000,
        };
        Lab {
            seed,
            requests: 0,
            logs_signature: Vec::new(),
            logs: Logs::default(),
            sim: Simulator::new(size, RaftConfig::default(), config, vec![]),
            speed_log10: DEFAULT_SPEED_LOG10,
            positions: ring(size),
        }
    }

    pub fn sim_seed(&self) -> u64 {
        self.seed
    }

    pub fn speed(&self) -> f64 {
        10f64.powf(self.speed_log10)
    }

    /// Advances simulated time by `wall_ms` of wall time at the current speed.
    pub fn advance(&mut self, wall_ms: f64) {
        let micros = (wall_ms.clamp(0.0, MAX_FRAME_MS) * 1000.0 * self.speed()).round() as Micros;
        if micros > 0 {
            let until = self.sim.now() + micros;
            self.sim.run_until(until);
        }
    }

    /// Where node `id` (or the client, id 0) is drawn.
    pub fn position(&self, id: u8) -> (f64, f64) {
        if id == CLIENT {
            CLIENT_AT
        } else {
            self.positions[id as usize - 1]
        }
    }

    /// The client submits the next command, "x=1", "y=2", … to whichever node it believes leads.
    pub fn request(&mut self) {
        self.requests += 1;
        let key = ["x", "y", "z", "w"][(self.requests as usize - 1) % 4];
        let value = format!("{key}={}", self.requests);
        self.sim.apply(&Action::Request {
            value: value.into(),
            node: None,
        });
    }

    /// Every node's log, rebuilt only when some log or commit point changed since the last call.
    pub fn logs(&mut self) -> Logs {
        let signature: Vec<(u64, u64, u64, bool)> = self
            .sim
            .nodes()
            .iter()
            .map(|s| {
                let len = s.node.log_len();
                (
                    len,
                    s.node.entry(len).map_or(0, |e| e.term),
                    s.node.commit_index(),
                    s.up,
                )
            })
            .collect();
        if self.logs_signature != signature {
            self.logs_signature = signature;
            self.logs = Logs(Rc::new(
                self.sim
                    .nodes()
                    .iter()
                    .map(|s| LogRow {
                        id: s.id,
                        up: s.up,
                        commit_index: s.node.commit_index(),
                        entries: (1..=s.node.log_len())
                            .filter_map(|i| s.node.entry(i))
                            .map(|e| (e.term, e.value.map(|v| v.to_string())))
                            .collect(),
                    })
                    .collect(),
            ));
        }
        self.logs.clone()
    }

    /// Requests the client is still waiting on, and how many were applied.
    pub fn client_status(&self) -> (usize, usize) {
        (self.sim.client.pending.len(), self.sim.client.completed.len())
    }

    /// What to draw now.
    pub fn frame(&self) -> Frame {
        let now = self.sim.now();
        let nodes = self
            .sim
            .nodes()
            .iter()
            .map(|slot| {
                let (x, y) = self.positions[slot.id as usize - 1];
                let timer = if slot.node.role() == Role::Leader {
                    None
                } else {
                    slot.timer_fraction_left(Timer::Election, now)
                };
                NodeFrame {
                    id: slot.id,
                    x,
                    y,
                    role: slot.node.role(),
                    term: slot.node.term(),
                    up: slot.up,
                    votes: slot.node.votes().count_ones() as u8,
                    timer_left: timer.map(|f| (f * 1000.0).round() as u16),
                }
            })
            .collect();
        let messages = self
            .sim
            .in_flight()
            .map(|m| {
                let span = m.arrives_at.saturating_sub(m.sent_at).max(1) as f64;
                let progress = (now.saturating_sub(m.sent_at) as f64 / span).clamp(0.0, 1.0);
                let (fx, fy) = self.position(m.from);
                let (tx, ty) = self.position(m.to);
                let (dx, dy) = (tx - fx, ty - fy);
                let len = (dx * dx + dy * dy).sqrt().max(1.0);
                // Requests and replies on the same link keep to their own side of it, like traffic.
                let (ox, oy) = (-dy / len * 9.0, dx / len * 9.0);
                let kind = match &m.payload {
                    Payload::Peer(msg) => glyph_of(msg),
                    _ => Glyph::Client,
                };
                let success = match &m.payload {
                    Payload::Peer(msg) => msg.success(),
                    _ => None,
                };
                MessageFrame {
                    id: m.id,
                    x: fx + dx * progress + ox,
                    y: fy + dy * progress + oy,
                    angle: dy.atan2(dx).to_degrees(),
                    glyph: kind,
                    reply: matches!(&m.payload, Payload::Peer(msg) if msg.is_reply()),
                    success,
                    label: match &m.payload {
                        Payload::Peer(msg) => msg.kind(),
                        other => other.kind(),
                    },
                    term: match &m.payload {
                        Payload::Peer(msg) => msg.term(),
                        _ => 0,
                    },
                    from: m.from,
                    to: m.to,
                }
            })
            .collect();
        Frame {
            now,
            nodes,
            messages,
            links: links(self.sim.cluster_size()),
        }
    }
}

/// Node centres evenly spaced on a ring, S1 at the top, clockwise.
pub fn ring(size: u8) -> Vec<(f64, f64)> {
    let c = CANVAS / 2.0;
    (0..size)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / size as f64 - std::f64::consts::FRAC_PI_2;
            (c + RING_RADIUS * a.cos(), c + RING_RADIUS * a.sin())
        })
        .collect()
}

fn links(size: u8) -> Vec<(u8, u8)> {
    (1..=size).flat_map(|a| (a + 1..=size).map(move |b| (a, b))).collect()
}

fn glyph_of(msg: &impl MessageMeta) -> Glyph {
    match msg.kind() {
        "RequestVote" | "RequestVoteReply" | "PreVote" | "PreVoteReply" => Glyph::Vote,
        _ if msg.entry_count() == 0 => Glyph::Heartbeat,
        _ => Glyph::Append,
    }
}

/// The family of a message, which fixes its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Glyph {
    Vote,
    Heartbeat,
    Append,
    Client,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeFrame {
    pub id: u8,
    pub x: f64,
    pub y: f64,
    pub role: Role,
    pub term: u64,
    pub up: bool,
    pub votes: u8,
    /// Election timer left, in thousandths.
    pub timer_left: Option<u16>,
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
}

/// One node's log as the log table shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub id: u8,
    pub up: bool,
    pub commit_index: u64,
    /// (term, value) per index from 1; value None for a no-op.
    pub entries: Vec<(u64, Option<String>)>,
}

/// All logs, shared; equal when it is the same snapshot, so an unchanged table skips re-rendering.
#[derive(Clone, Debug, Default)]
pub struct Logs(pub Rc<Vec<LogRow>>);

impl PartialEq for Logs {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub now: Micros,
    pub nodes: Vec<NodeFrame>,
    pub messages: Vec<MessageFrame>,
    pub links: Vec<(u8, u8)>,
}
