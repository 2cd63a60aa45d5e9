//! The simulated client: submits commands, follows redirects and retries until a leader applies them.

use super::network::Payload;
use super::queue::Pending;
use super::{Simulator, CLIENT};
use crate::protocol::Checker;
use crate::protocol::{ClientOutcome, NodeId, Protocol, RequestId, Value};
use crate::sorted_map::SortedMap;

/// One request the client is still waiting on.
#[derive(Clone, Debug)]
pub struct PendingRequest {
    pub value: Value,
    /// The node the latest attempt went to.
    pub target: NodeId,
    /// Set once a leader logged it; the client then waits for it to be applied.
    pub accepted_by: Option<NodeId>,
    /// Retries since the last sign of progress.
    pub attempts: u32,
    /// Identifies the live retry timer; older timers are stale.
    pub generation: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Client {
    next_request: RequestId,
    pub pending: SortedMap<RequestId, PendingRequest>,
    /// Requests some leader applied. A count, not a list: the browser keeps many copies of a long session.
    pub completed: u64,
    /// The node that last accepted, applied or was named in a redirect.
    pub leader_guess: Option<NodeId>,
}

impl Client {
    /// Registers a new request and returns its id and first target.
    pub fn submit(&mut self, value: Value, node: Option<NodeId>, generation: u64) -> (RequestId, NodeId) {
        self.next_request += 1;
        let target = node.or(self.leader_guess).unwrap_or(1);
        self.pending.insert(
            self.next_request,
            PendingRequest {
                value,
                target,
                accepted_by: None,
                attempts: 0,
                generation,
            },
        );
        (self.next_request, target)
    }

    /// Picks the node for a retry: the one that accepted it while it may still be working on it, otherwise
    /// the next node around the ring, so a client stuck on a crashed or isolated node moves on.
    pub fn retry_target(&mut self, request: RequestId, cluster_size: u8, generation: u64) -> Option<(NodeId, Value)> {
        let pending = self.pending.get_mut(&request)?;
        if pending.generation != generation {
            return None;
        }
        pending.attempts += 1;
        let stay = pending.accepted_by == Some(pending.target) && pending.attempts < 3;
        if !stay {
            pending.target = pending.target % cluster_size + 1;
            pending.accepted_by = None;
            pending.attempts = 0;
        }
        Some((pending.target, pending.value.clone()))
    }
}

impl<P: Protocol> Simulator<P> {
    /// The client submits `value`, to `node` if given, else to the node it believes leads.
    pub fn request(&mut self, value: Value, node: Option<NodeId>) -> RequestId {
        let generation = self.next_seq();
        self.checker.client_request(&value);
        let (request, target) = self.client.submit(value.clone(), node, generation);
        self.send(CLIENT, target, Payload::ClientRequest { request, value });
        self.schedule(
            self.now + self.client_retry,
            Pending::ClientRetry { request, generation },
        );
        request
    }

    pub(super) fn client_heard(&mut self, from: NodeId, request: RequestId, outcome: ClientOutcome) {
        let Some(pending) = self.client.pending.get_mut(&request) else {
            return; // already applied: a late or duplicate reply
        };
        match outcome {
            ClientOutcome::Redirect(Some(leader)) if leader != pending.target => {
                pending.target = leader;
                let value = pending.value.clone();
                self.client.leader_guess = Some(leader);
                self.send(CLIENT, leader, Payload::ClientRequest { request, value });
            }
            ClientOutcome::Redirect(_) => {}
            ClientOutcome::Accepted => {
                // Not a reset of the retry count: a leader cut off in a minority accepts every retry and
                // never applies it, and the client must move on.
                pending.accepted_by = Some(from);
                self.client.leader_guess = Some(from);
            }
            ClientOutcome::Applied(_) => {
                self.client.pending.remove(&request);
                self.client.leader_guess = Some(from);
                self.client.completed += 1;
            }
        }
    }

    pub(super) fn retry_request(&mut self, request: RequestId, generation: u64) {
        let n = self.cluster_size();
        let Some((target, value)) = self.client.retry_target(request, n, generation) else {
            return;
        };
        self.send(CLIENT, target, Payload::ClientRequest { request, value });
        self.schedule(
            self.now + self.client_retry,
            Pending::ClientRetry { request, generation },
        );
    }
}
