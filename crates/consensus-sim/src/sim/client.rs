//! The clients of the replicated service: they call operations, follow redirects, retry, and record what they
//! saw as a history (SCENARIO.md, "History files").
//!
//! C1..C5 each have one operation outstanding at a time, as in Jepsen and Porcupine; a call made while one is
//! outstanding waits its turn. Each gives up after the client timeout: a get that gave up certainly changed
//! nothing (fail), a write may still take effect (info). The requester (the request button and the `request`
//! event) has any number of requests outstanding and retries until they are applied, as the lab always has;
//! its requests enter the history too, each as a client of its own from [`REQUESTS_AS_CLIENTS_FROM`] on, so
//! that a history the lab writes keeps the format's rule of one operation per client at a time.

use std::collections::VecDeque;

use super::network::Payload;
use super::queue::Pending;
use super::{Simulator, CLIENT};
use crate::protocol::kv::{Call, Op, Operation, Outcome, SharedCall, REQUESTER};
use crate::protocol::Checker;
use crate::protocol::{Answer, ClientOutcome, Micros, NodeId, Protocol, RequestId, Value};
use crate::sorted_map::SortedMap;

/// C1..C5.
pub const CLIENTS: u64 = 5;

/// A request of the requester is written in a history as client `REQUESTS_AS_CLIENTS_FROM + its request id`.
pub const REQUESTS_AS_CLIENTS_FROM: u64 = 100;

/// One request a client is still waiting on.
#[derive(Clone, Debug)]
pub struct PendingRequest {
    pub call: SharedCall,
    /// The node the latest attempt went to.
    pub target: NodeId,
    /// Set once a leader logged it; the client then waits for it to be applied.
    pub accepted_by: Option<NodeId>,
    /// Retries since the last sign of progress.
    pub attempts: u32,
    /// Identifies the live retry timer; older timers are stale.
    pub generation: u64,
    /// Its operation's place in the history.
    pub record: usize,
    /// For C1..C5, the node the call was sent to first: the client sits beside it, so a partition puts the
    /// client on that node's side, and it reaches only the nodes that node reaches.
    pub home: Option<NodeId>,
}

/// An operation a client was asked to call while another was outstanding.
#[derive(Clone, Debug)]
struct Queued {
    key: String,
    op: Op,
    node: Option<NodeId>,
}

#[derive(Clone, Debug, Default)]
pub struct Client {
    pub pending: SortedMap<RequestId, PendingRequest>,
    /// Requests some leader applied. A count, not a list: the browser keeps many copies of a long session.
    pub completed: u64,
    /// The node that last accepted, applied or was named in a redirect.
    pub leader_guess: Option<NodeId>,
    queued: VecDeque<Queued>,
    /// The first write this client gave up on. It was never answered and may still be applied, so the servers
    /// must go on remembering their answers from it on, or a late copy would apply it twice (§6.3).
    first_abandoned: Option<RequestId>,
}

/// The requester (index 0) and C1..C5.
#[derive(Clone, Debug, Default)]
pub struct Clients {
    next_request: RequestId,
    pub each: [Client; CLIENTS as usize + 1],
}

impl Clients {
    /// The requester: the request button's and the `request` event's client.
    pub fn requester(&self) -> &Client {
        &self.each[REQUESTER as usize]
    }

    /// Which client is waiting on `request`.
    fn owner(&self, request: RequestId) -> Option<usize> {
        self.each.iter().position(|c| c.pending.contains_key(&request))
    }

    /// Picks the node for a retry: the one that accepted it while it may still be working on it, otherwise
    /// the next node around the ring, so a client stuck on a crashed or isolated node moves on.
    fn retry_target(&mut self, request: RequestId, cluster_size: u8, generation: u64) -> Option<(NodeId, SharedCall)> {
        let client = self.owner(request)?;
        let pending = self.each[client].pending.get_mut(&request)?;
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
        Some((pending.target, pending.call.clone()))
    }
}

impl<P: Protocol> Simulator<P> {
    /// The client (1 to 5 for C1..C5, [`REQUESTER`] for the requester) still waiting on `request`; None once
    /// it was answered or given up on.
    pub fn client_waiting_on(&self, request: RequestId) -> Option<u64> {
        self.clients.owner(request).map(|c| c as u64)
    }

    /// The id the next request will get.
    pub fn next_request_id(&self) -> RequestId {
        self.clients.next_request + 1
    }

    /// The requester submits `value` (a put: "k=v"), to `node` if given, else to the node it believes leads.
    pub fn request(&mut self, value: Value, node: Option<NodeId>) -> RequestId {
        self.checker.client_request(&value);
        let requester = &self.clients.each[REQUESTER as usize];
        let oldest = requester.pending.keys().next().copied();
        let request = self.clients.next_request + 1;
        let call = Call::request(value, oldest.unwrap_or(request));
        self.send_call(REQUESTER, call, node)
    }

    /// Client `client` (1 to 5) calls `op` on `key`, to `node` if given, else to the node it believes leads;
    /// after the one it has outstanding, if it has one.
    pub fn call(&mut self, client: u64, key: &str, op: Op, node: Option<NodeId>) {
        let c = &mut self.clients.each[client as usize];
        if !c.pending.is_empty() {
            return c.queued.push_back(Queued {
                key: key.to_string(),
                op,
                node,
            });
        }
        let oldest_unanswered = c.first_abandoned.unwrap_or(self.clients.next_request + 1);
        let call = Call::new(client, key, op, oldest_unanswered);
        // A get through the log is a command too: Paxos's validity check must know it was asked for.
        self.checker.client_request(&call.text);
        let request = self.send_call(client, call, node);
        self.schedule(self.now + self.client_timeout, Pending::ClientTimeout { request });
    }

    /// Records `call` in the history and sends it; returns its request id.
    fn send_call(&mut self, client: u64, call: Call, node: Option<NodeId>) -> RequestId {
        let generation = self.next_seq();
        self.clients.next_request += 1;
        let request = self.clients.next_request;
        let c = &mut self.clients.each[client as usize];
        let target = node.or(c.leader_guess).unwrap_or(1);
        let record = self.record_call(Operation {
            client: if client == REQUESTER {
                REQUESTS_AS_CLIENTS_FROM + request
            } else {
                client
            },
            op: call.op.clone(),
            key: call.key.clone(),
            call_us: self.now,
            return_us: None,
            outcome: Outcome::Info,
            answer: None,
            id: Some(request),
            node: None,
        });
        let call = SharedCall::new(call);
        let c = &mut self.clients.each[client as usize];
        c.pending.insert(
            request,
            PendingRequest {
                call: call.clone(),
                target,
                accepted_by: None,
                attempts: 0,
                generation,
                record,
                home: node.filter(|_| client != REQUESTER),
            },
        );
        self.send(CLIENT, target, Payload::ClientRequest { request, call });
        self.schedule(
            self.now + self.client_retry,
            Pending::ClientRetry { request, generation },
        );
        request
    }

    pub(super) fn client_heard(&mut self, from: NodeId, request: RequestId, outcome: ClientOutcome) {
        let Some(client) = self.clients.owner(request) else {
            return; // already answered, or given up on: a late or duplicate reply
        };
        let c = &mut self.clients.each[client];
        let pending = c.pending.get_mut(&request).expect("owned");
        match outcome {
            ClientOutcome::Redirect(Some(leader)) if leader != pending.target => {
                pending.target = leader;
                let call = pending.call.clone();
                c.leader_guess = Some(leader);
                self.send(CLIENT, leader, Payload::ClientRequest { request, call });
            }
            ClientOutcome::Redirect(_) => {}
            ClientOutcome::Accepted => {
                // Not a reset of the retry count: a leader cut off in a minority accepts every retry and
                // never applies it, and the client must move on.
                pending.accepted_by = Some(from);
                c.leader_guess = Some(from);
            }
            ClientOutcome::Applied { answer, .. } => {
                c.leader_guess = Some(from);
                c.completed += 1;
                self.returned(client, request, Outcome::Ok, answer, Some(from));
            }
        }
    }

    /// The client has its answer, or gave up: the history records how the operation ended, and the client
    /// calls the next one it was asked to.
    fn returned(
        &mut self,
        client: usize,
        request: RequestId,
        outcome: Outcome,
        answer: Option<Answer>,
        node: Option<NodeId>,
    ) {
        let Some(pending) = self.clients.each[client].pending.remove(&request) else {
            return;
        };
        let op = &mut self.consistency.history.operations[pending.record];
        op.outcome = outcome;
        op.answer = answer.filter(|_| outcome == Outcome::Ok);
        op.node = node.map(u64::from);
        // An info operation's return is when its client gave up: it may still take effect after.
        op.return_us = Some(self.now);
        self.consistency.returned += 1;
        self.check_linearizable(pending.record);
        if let Some(next) = self.clients.each[client].queued.pop_front() {
            self.call(client as u64, &next.key, next.op, next.node);
        }
    }

    /// C1..C5 give up on an operation after the client timeout.
    pub(super) fn client_timeout(&mut self, request: RequestId) {
        let Some(client) = self.clients.owner(request) else {
            return;
        };
        let c = &mut self.clients.each[client];
        let is_read = c.pending.get(&request).is_some_and(|p| p.call.is_read());
        let outcome = if is_read { Outcome::Fail } else { Outcome::Info };
        if !is_read {
            c.first_abandoned.get_or_insert(request);
        }
        self.returned(client, request, outcome, None, None);
    }

    pub(super) fn retry_request(&mut self, request: RequestId, generation: u64) {
        let n = self.cluster_size();
        let Some((target, call)) = self.clients.retry_target(request, n, generation) else {
            return;
        };
        self.send(CLIENT, target, Payload::ClientRequest { request, call });
        self.schedule(
            self.now + self.client_retry,
            Pending::ClientRetry { request, generation },
        );
    }

    /// Whether the client side of `payload` can reach `node` (`to_node`) or hear from it: a client placed
    /// beside a node is cut off with it.
    pub(super) fn client_reaches(&self, node: NodeId, to_node: bool, payload: &Payload<P::Message>) -> bool {
        let Some(request) = payload.request() else {
            return true;
        };
        let home = self
            .clients
            .owner(request)
            .and_then(|c| self.clients.each[c].pending.get(&request))
            .and_then(|p| p.home);
        match home {
            Some(home) if home != node => {
                let (from, to) = if to_node { (home, node) } else { (node, home) };
                self.links.carries(from, to)
            }
            _ => true,
        }
    }

    /// How long C1..C5 wait for an answer.
    pub fn client_timeout_us(&self) -> Micros {
        self.client_timeout
    }
}
