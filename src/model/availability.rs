//! What the clients get, side by side: during a partition, the operations of the clients on each side, by
//! outcome, with their latency; and what the service costs, in messages per operation.

use consensus_sim::history::{History, Outcome};
use consensus_sim::{Action, Links, MessageStats, NodeId};

/// One side of the cluster as its clients see it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Side {
    /// The nodes on it; empty for clients placed beside no node (they try every node in turn).
    pub nodes: Vec<NodeId>,
    pub clients: Vec<u64>,
    pub ok: u64,
    pub fail: u64,
    pub info: u64,
    pub pending: u64,
    /// Latency of the operations answered ok, in microseconds: median and 99th percentile.
    pub p50: Option<u64>,
    pub p99: Option<u64>,
}

/// The service as a whole: operations answered per simulated second, and messages per answered operation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cost {
    pub ok: u64,
    pub per_second: f64,
    /// Messages per operation answered ok, by the paper's message name (and the clients' requests and replies).
    pub messages_per_op: Vec<(&'static str, f64)>,
}

/// The nodes `home` can exchange messages with, directly or through others, under `links`.
pub fn side_of(home: NodeId, size: u8, links: &Links) -> Vec<NodeId> {
    let mut side = vec![home];
    let mut todo = vec![home];
    while let Some(a) = todo.pop() {
        for b in 1..=size {
            if !side.contains(&b) && links.carries(a, b) && links.carries(b, a) {
                side.push(b);
                todo.push(b);
            }
        }
    }
    side.sort_unstable();
    side
}

/// The node each client was last sent to (`Action::Operation`'s `node`): the client sits beside it.
pub fn homes<'a>(actions: impl Iterator<Item = &'a Action>) -> Vec<(u64, NodeId)> {
    let mut homes: Vec<(u64, NodeId)> = Vec::new();
    for action in actions {
        if let Action::Operation { client, node, .. } = action {
            homes.retain(|(c, _)| c != client);
            if let Some(node) = node {
                homes.push((*client, *node));
            }
        }
    }
    homes
}

/// The clients' operations grouped by the side of the cluster each client sits on now (C1..C5 only: the
/// requester's requests go to any node).
pub fn sides(history: &History, homes: &[(u64, NodeId)], size: u8, links: &Links) -> Vec<Side> {
    let mut sides: Vec<Side> = Vec::new();
    let mut latencies: Vec<Vec<u64>> = Vec::new();
    for op in history.operations.iter().filter(|op| (1..=5).contains(&op.client)) {
        let nodes = homes
            .iter()
            .find(|(c, _)| *c == op.client)
            .map_or(Vec::new(), |&(_, home)| side_of(home, size, links));
        let at = match sides.iter().position(|s| s.nodes == nodes) {
            Some(at) => at,
            None => {
                sides.push(Side {
                    nodes,
                    ..Side::default()
                });
                latencies.push(Vec::new());
                sides.len() - 1
            }
        };
        let side = &mut sides[at];
        if !side.clients.contains(&op.client) {
            side.clients.push(op.client);
        }
        match (op.outcome, op.return_us) {
            (Outcome::Ok, Some(r)) => {
                side.ok += 1;
                latencies[at].push(r.saturating_sub(op.call_us));
            }
            (Outcome::Ok, None) => side.ok += 1,
            (Outcome::Fail, _) => side.fail += 1,
            (Outcome::Info, Some(_)) => side.info += 1,
            (Outcome::Info, None) => side.pending += 1,
        }
    }
    for (side, mut l) in sides.iter_mut().zip(latencies) {
        l.sort_unstable();
        side.clients.sort_unstable();
        side.p50 = percentile(&l, 50);
        side.p99 = percentile(&l, 99);
    }
    // The biggest side first: the majority, where there is one.
    sides.sort_by_key(|s| (std::cmp::Reverse(s.nodes.len()), s.nodes.clone()));
    sides
}

/// The `p`th percentile of sorted `values` (nearest rank).
pub fn percentile(sorted: &[u64], p: usize) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

/// What the service cost so far, over `elapsed` simulated microseconds.
pub fn cost(history: &History, stats: &MessageStats, elapsed: u64) -> Cost {
    let ok = history.operations.iter().filter(|op| op.outcome == Outcome::Ok).count() as u64;
    let per_op = |n: u64| if ok == 0 { 0.0 } else { n as f64 / ok as f64 };
    Cost {
        ok,
        per_second: if elapsed == 0 {
            0.0
        } else {
            ok as f64 * 1e6 / elapsed as f64
        },
        messages_per_op: stats.by_type.iter().map(|&(name, n)| (name, per_op(n))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!((percentile(&v, 50), percentile(&v, 99)), (Some(50), Some(99)));
        assert_eq!(percentile(&[7], 99), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn a_partition_splits_the_clients_by_the_side_of_their_node() {
        let mut links = Links::default();
        links.partition(&[0, 1, 1, 1, 2, 2]);
        assert_eq!(side_of(4, 5, &links), vec![4, 5]);
        assert_eq!(side_of(1, 5, &links), vec![1, 2, 3]);
    }
}
