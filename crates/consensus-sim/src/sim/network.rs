//! The network between nodes: directed links that are up or cut, disconnected nodes, latency, loss and
//! duplication.

use std::hash::Hash;

use super::queue::Pending;
use super::record::Narrative;
use super::{Simulator, CLIENT};
use crate::protocol::{ClientOutcome, MessageMeta, Micros, NodeId, Protocol, RequestId, SharedCall, MAX_NODES};

/// Conditions that apply to every message sent from now on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conditions {
    /// One-way delay, drawn uniformly per message.
    pub latency: (Micros, Micros),
    /// Probability of loss, in parts per million.
    pub drop_ppm: u32,
    /// Probability of delivering a second copy, in parts per million.
    pub duplicate_ppm: u32,
}

impl Default for Conditions {
    fn default() -> Self {
        Conditions {
            latency: (10_000, 20_000),
            drop_ppm: 0,
            duplicate_ppm: 0,
        }
    }
}

/// Which links carry messages. Ids are 1-based; the client is id 0 and is cut off only by `disconnect`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    /// `cut[from][to]`: the directed link from→to is cut.
    cut: [[bool; MAX_NODES + 1]; MAX_NODES + 1],
    disconnected: [bool; MAX_NODES + 1],
}

impl Links {
    /// Whether a message from `from` can reach `to` right now.
    pub fn carries(&self, from: NodeId, to: NodeId) -> bool {
        let (f, t) = (from as usize, to as usize);
        !self.cut[f][t] && !self.disconnected[f] && !self.disconnected[t]
    }

    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        self.cut[from as usize][to as usize]
    }

    pub fn is_disconnected(&self, node: NodeId) -> bool {
        self.disconnected[node as usize]
    }

    pub fn set_cut(&mut self, from: NodeId, to: NodeId, cut: bool) {
        self.cut[from as usize][to as usize] = cut;
    }

    pub fn set_disconnected(&mut self, node: NodeId, disconnected: bool) {
        self.disconnected[node as usize] = disconnected;
    }

    /// Cuts every link between nodes of different groups. `group_of[id]` names each node's group.
    pub fn partition(&mut self, group_of: &[u8]) {
        for (a, ga) in group_of.iter().enumerate().skip(1) {
            for (b, gb) in group_of.iter().enumerate().skip(1) {
                if ga != gb {
                    self.cut[a][b] = true;
                }
            }
        }
    }

    /// Restores every link and reconnects every node.
    pub fn heal(&mut self) {
        *self = Links::default();
    }
}

/// What travels on a link.
#[derive(Clone, Debug, Hash)]
pub enum Payload<M> {
    Peer(M),
    ClientRequest { request: RequestId, call: SharedCall },
    ClientReply { request: RequestId, outcome: ClientOutcome },
}

impl<M: MessageMeta> Payload<M> {
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::Peer(m) => m.kind(),
            Payload::ClientRequest { .. } => "ClientRequest",
            Payload::ClientReply { .. } => "ClientReply",
        }
    }

    /// The client request it carries or answers.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Payload::ClientRequest { request, .. } | Payload::ClientReply { request, .. } => Some(*request),
            Payload::Peer(_) => None,
        }
    }

    /// How many entries or values it carries.
    pub fn entry_count(&self) -> usize {
        match self {
            Payload::Peer(m) => m.entry_count(),
            _ => 0,
        }
    }
}

/// A message on its way, with the times that place it on a link.
#[derive(Clone, Debug)]
pub struct InFlight<M> {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Micros,
    pub arrives_at: Micros,
    pub payload: Payload<M>,
}

impl<P: Protocol> Simulator<P> {
    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight<P::Message>> {
        self.in_flight.iter().flatten()
    }

    pub(super) fn send(&mut self, from: NodeId, to: NodeId, payload: Payload<P::Message>) {
        self.stats.sent += 1;
        let kind = payload.kind();
        match self.stats.by_type.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, count)) => *count += 1,
            None => self.stats.by_type.push((kind, 1)),
        }
        let link_up = self.links.carries(from, to) && self.client_side_carries(from, to, &payload);
        if !link_up || self.rng.chance(self.conditions.drop_ppm) {
            self.stats.dropped += 1;
            self.note("drop", from, to, || format!("{payload:?}"));
            self.passage(0, from, to, &payload, self.now, self.now, false);
            // Losses to a cut link are expected; random losses are news.
            if link_up && from != CLIENT && to != CLIENT {
                self.narrate(Narrative::Dropped(from, to, payload.kind()));
            }
            return;
        }
        let copies = if self.rng.chance(self.conditions.duplicate_ppm) {
            2
        } else {
            1
        };
        let mut payload = Some(payload);
        for copy in 1..=copies {
            let payload = if copy == copies {
                payload.take().expect("moved once, on the last copy")
            } else {
                payload.clone().expect("present until the last copy")
            };
            let (min, max) = self.conditions.latency;
            let arrives_at = self.now + self.rng.between(min, max).max(1);
            self.next_message += 1;
            let id = self.next_message;
            let message = InFlight {
                id,
                from,
                to,
                sent_at: self.now,
                arrives_at,
                payload,
            };
            self.note("send", from, to, || format!("#{id} {:?}", message.payload));
            let slot = match self.free_slots.pop() {
                Some(slot) => {
                    self.in_flight[slot as usize] = Some(message);
                    slot
                }
                None => {
                    self.in_flight.push(Some(message));
                    self.in_flight.len() as u32 - 1
                }
            };
            self.schedule(arrives_at, Pending::Deliver { slot, id });
        }
    }

    /// Whether a message between a client and a node gets through the client's side of a partition.
    fn client_side_carries(&self, from: NodeId, to: NodeId, payload: &Payload<P::Message>) -> bool {
        match (from, to) {
            (CLIENT, node) => self.client_reaches(node, true, payload),
            (node, CLIENT) => self.client_reaches(node, false, payload),
            _ => true,
        }
    }

    /// Removes message `id` from `slot`, if it is still there.
    pub(super) fn take_in_flight(&mut self, slot: u32, id: u64) -> Option<InFlight<P::Message>> {
        let entry = self.in_flight.get_mut(slot as usize)?;
        if entry.as_ref().is_some_and(|m| m.id == id) {
            self.free_slots.push(slot);
            entry.take()
        } else {
            None
        }
    }

    pub(super) fn deliver(&mut self, slot: u32, id: u64) {
        // A paused node takes its messages when it resumes, in the order they arrived.
        if let Some(until) = self.in_flight[slot as usize]
            .as_ref()
            .filter(|m| m.id == id && m.to != CLIENT)
            .and_then(|m| self.nodes[m.to as usize - 1].paused_at(self.now))
        {
            return self.schedule(until, Pending::Deliver { slot, id });
        }
        let Some(message) = self.take_in_flight(slot, id) else {
            return; // dropped by hand while in flight
        };
        let InFlight {
            from,
            to,
            payload,
            sent_at,
            arrives_at,
            ..
        } = message;
        let receiver_up = to == CLIENT || self.nodes[to as usize - 1].up;
        let delivered = self.links.carries(from, to) && receiver_up && self.client_side_carries(from, to, &payload);
        self.passage(id, from, to, &payload, sent_at, arrives_at, delivered);
        if !delivered {
            self.stats.dropped += 1;
            self.fold_trace(5, to, id);
            self.note("drop", from, to, || format!("#{id} on arrival"));
            // A link cut while the message was on it; messages to a crashed node are expected losses.
            if receiver_up && from != CLIENT {
                self.narrate(Narrative::Dropped(from, to, payload.kind()));
            }
            return;
        }
        self.stats.delivered += 1;
        self.note("deliver", from, to, || format!("#{id}"));
        // The trace folds what a message is (kind, term, entries), not every byte of every value: a run that
        // diverges in content diverges in its events right after.
        match &payload {
            Payload::Peer(msg) => {
                msg.kind().hash(&mut self.trace);
                msg.term().hash(&mut self.trace);
                msg.entry_count().hash(&mut self.trace);
            }
            other => other.kind().hash(&mut self.trace),
        }
        self.fold_trace(6, to, from as u64);
        match payload {
            Payload::Peer(msg) => {
                let role_before = self.nodes[to as usize - 1].node.role();
                self.wake(to);
                self.nodes[to as usize - 1].node.on_message(from, msg, &mut self.out);
                self.finish_step(to, Some(role_before));
            }
            Payload::ClientRequest { request, call } => {
                let role_before = self.nodes[to as usize - 1].node.role();
                self.wake(to);
                self.nodes[to as usize - 1]
                    .node
                    .on_client_request(request, call, &mut self.out);
                self.finish_step(to, Some(role_before));
            }
            Payload::ClientReply { request, outcome } => self.client_heard(from, request, outcome),
        }
    }

    /// Removes one message in flight, as if the network lost it.
    pub fn drop_message(&mut self, id: u64) -> bool {
        let slot = self
            .in_flight
            .iter()
            .position(|m| m.as_ref().is_some_and(|m| m.id == id));
        let Some(m) = slot.and_then(|slot| self.take_in_flight(slot as u32, id)) else {
            return false;
        };
        self.stats.dropped += 1;
        self.fold_trace(4, 0, id);
        self.passage(id, m.from, m.to, &m.payload, m.sent_at, m.arrives_at, false);
        true
    }
}
