//! Where C1..C5 are drawn. A client sent to a given node sits beside it, on the far side from the ring's
//! centre, so that a partition visibly puts the client on that node's side; a client that calls whichever
//! node leads waits in the corner beside the requester. Only clients that have called are drawn.

use consensus_sim::history::Operation;
use consensus_sim::NodeId;

use crate::model::availability::homes;
use crate::model::history::label;
use crate::model::lab::{Lab, CANVAS, CLIENT_AT};

/// How far a client sits from the centre of the node it was sent to: clear of the node's rings and votes.
const BESIDE: f64 = 80.0;
/// Between two clients side by side.
const SPACING: f64 = 34.0;

#[derive(Clone, Debug, PartialEq)]
pub struct ClientFrame {
    /// 1 to 5.
    pub client: u64,
    pub x: f64,
    pub y: f64,
    /// The node it was last sent to, if any.
    pub home: Option<NodeId>,
    /// The operation it is waiting on, as its bar in the history is labelled.
    pub waiting: Option<String>,
}

impl Lab {
    /// C1..C5 as drawn now, those that have called.
    pub fn client_frames(&self) -> Vec<ClientFrame> {
        let operations = &self.sim.history().operations;
        // Each client's latest operation: the history is in call order, so the last one found is it.
        let mut latest: [Option<&Operation>; 6] = [None; 6];
        for op in operations.iter().filter(|op| (1..=5).contains(&op.client)) {
            latest[op.client as usize] = Some(op);
        }
        let applied = &self.travel.history[..self.travel.applied];
        let homes = homes(applied.iter().map(|r| &r.action));
        let home_of = |client: u64| {
            homes
                .iter()
                .find(|(c, _)| *c == client)
                .map(|&(_, n)| n)
                .filter(|&n| n <= self.size())
        };
        let called: Vec<(u64, Option<NodeId>, Option<String>)> = (1..=5u64)
            .filter_map(|c| {
                let op = latest[c as usize]?;
                Some((c, home_of(c), op.return_us.is_none().then(|| label(op))))
            })
            .collect();
        called
            .iter()
            .map(|(client, home, waiting)| {
                let beside: Vec<u64> = called.iter().filter(|o| o.1 == *home).map(|o| o.0).collect();
                let slot = beside.iter().position(|c| c == client).unwrap_or(0);
                let (x, y) = match home {
                    Some(node) => self.beside(*node, slot, beside.len()),
                    None => cornered(slot),
                };
                ClientFrame {
                    client: *client,
                    x,
                    y,
                    home: *home,
                    waiting: waiting.clone(),
                }
            })
            .collect()
    }

    /// Slot `slot` of `count` clients beside node `node`: outward from the ring's centre, side by side along
    /// the ring, kept on the canvas.
    fn beside(&self, node: NodeId, slot: usize, count: usize) -> (f64, f64) {
        let (x, y) = self.position(node);
        let centre = CANVAS / 2.0;
        let (dx, dy) = (x - centre, y - centre);
        let len = (dx * dx + dy * dy).sqrt();
        let (ux, uy) = if len < 1.0 { (0.0, -1.0) } else { (dx / len, dy / len) };
        let along = (slot as f64 - (count as f64 - 1.0) / 2.0) * SPACING;
        (
            (x + ux * BESIDE - uy * along).clamp(20.0, CANVAS - 20.0),
            (y + uy * BESIDE + ux * along).clamp(16.0, CANVAS - 24.0),
        )
    }
}

/// Slot `slot` in the corner, in a row to the right of the requester.
fn cornered(slot: usize) -> (f64, f64) {
    let (x, y) = CLIENT_AT;
    (x + 52.0 + SPACING * slot as f64, y - 4.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use consensus_sim::history::Op;
    use consensus_sim::scenario::ProtocolName;
    use consensus_sim::Action;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn call(lab: &mut Lab, client: u64, node: Option<NodeId>) {
        lab.act(Action::Operation {
            client,
            key: "x".to_string(),
            op: Op::Get,
            node,
        });
    }

    #[test]
    fn a_client_sent_to_a_node_sits_beside_it_and_its_request_leaves_from_there() {
        let mut lab = Lab::new(ProtocolName::Raft, 1, 5);
        assert!(lab.client_frames().is_empty(), "no client has called yet");
        call(&mut lab, 2, Some(3));
        call(&mut lab, 4, None);
        let clients = lab.client_frames();
        assert_eq!(
            clients.iter().map(|c| (c.client, c.home)).collect::<Vec<_>>(),
            [(2, Some(3)), (4, None)]
        );
        let (nx, ny) = lab.position(3);
        let c2 = &clients[0];
        let distance = ((c2.x - nx).powi(2) + (c2.y - ny).powi(2)).sqrt();
        assert!((distance - BESIDE).abs() < 1.0, "C2 stands {distance} from S3");
        assert_eq!(c2.waiting.as_deref(), Some("get x"));
        assert_eq!((clients[1].x, clients[1].y), cornered(0));
        // C2's request flies from C2, not from the requester's corner.
        let frame = lab.frame(None, None);
        let request = frame
            .messages
            .iter()
            .find(|m| m.to == 3)
            .expect("C2's request in flight");
        let (sx, sy) = request.start;
        assert!(((sx - c2.x).powi(2) + (sy - c2.y).powi(2)).sqrt() < 30.0);
    }

    #[test]
    fn clients_beside_one_node_stand_side_by_side() {
        let mut lab = Lab::new(ProtocolName::Raft, 1, 5);
        call(&mut lab, 1, Some(1));
        call(&mut lab, 5, Some(1));
        let clients = lab.client_frames();
        assert!((clients[0].x - clients[1].x).abs() > SPACING - 1.0, "{clients:?}");
    }
}
