//! The network between nodes: directed links that are up or cut, disconnected nodes, latency, loss and
//! duplication.

use crate::protocol::{Micros, NodeId, MAX_NODES};

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
