//! Multi-Paxos gets that do not go through the log: the analogues of Raft's ReadIndex and leases (Ongaro's
//! dissertation §6.4 and §6.4.1), as Multi-Paxos services build them ("Paxos Made Live", §5.2, master
//! leases).
//!
//! - `read_index`: the leader waits until every slot its Phase 1 found accepted is chosen again in its own
//!   ballot (so it knows everything any earlier leader may have had chosen), notes how far it has chosen, and
//!   confirms it still leads by a heartbeat round that a quorum of acceptors answers after the read arrived,
//!   each saying it has promised no higher ballot. Then, with that far applied, it answers.
//! - `lease`: an acceptor that heard from the leader less than the minimum failure-detector timeout ago, on
//!   its own clock, ignores another proposer's Prepare, as a Raft follower ignores RequestVote (§4.2.3). So a
//!   round a quorum confirmed gives the leader that timeout, shortened for the drift bound, during which no
//!   other proposer can win Phase 1: it answers at once. Once the lease lapses it reads as `read_index` does.
//!
//! Under `log` and `follower` heartbeats carry no round and nothing here runs.

use super::{Ballot, Message, Out, PaxosNode};
use crate::protocol::clock::heard_within;
use crate::protocol::kv::{PendingRead, ReadPath};
use crate::protocol::{ClientOutcome, Effect, Micros, NodeId, RequestId, Role, SharedCall};

/// A leader's reads and the heartbeat rounds that confirm them, and any node's clock.
#[derive(Clone, Debug, Default)]
pub struct Reads {
    pending: Vec<PendingRead>,
    /// The leader's latest heartbeat round in its ballot.
    round: u64,
    /// The acceptors that confirmed each round still waiting for a quorum, by id bit, with when (on this
    /// node's clock) the round was sent.
    sent: Vec<(u64, Micros, u16)>,
    /// The highest round a quorum confirmed.
    confirmed: u64,
    /// The lease lasts until this time on the node's clock.
    lease_until: Micros,
    /// What the node's clock read at its latest input.
    pub clock: Micros,
    /// On an acceptor: when (on its clock) it last heard from a leader it follows.
    pub leader_heard_at: Option<Micros>,
}

impl PaxosNode {
    /// Whether heartbeats carry rounds for reads to be confirmed by.
    pub(super) fn reads_confirm(&self) -> bool {
        !self.config.single_decree && matches!(self.config.read_path, ReadPath::ReadIndex | ReadPath::Lease)
    }

    /// A get reached the leader, and the read path is `read_index` or `lease`.
    pub(super) fn read(&mut self, request: RequestId, call: SharedCall, out: &mut Out) {
        if self.config.read_path == ReadPath::Lease && self.recovered() && self.reads.clock < self.reads.lease_until {
            return self.answer_read(request, &call, out);
        }
        let round = self.start_round(out);
        self.reads.pending.push(PendingRead { request, call, round });
        out.push(Effect::Reply {
            request,
            outcome: ClientOutcome::Accepted,
        });
    }

    /// Whether every slot Phase 1 found accepted is chosen again (the analogue of §6.4's first step: until
    /// then the leader may not know all that earlier leaders had chosen).
    fn recovered(&self) -> bool {
        self.commit_index >= self.recovered_to
    }

    /// Sends a heartbeat round to every acceptor now, rather than at the next heartbeat.
    pub(super) fn start_round(&mut self, out: &mut Out) -> u64 {
        self.reads.round += 1;
        let round = self.reads.round;
        // A leader cut off from a quorum hears no confirmation: keep only its latest rounds.
        if self.reads.sent.len() >= 64 {
            self.reads.sent.remove(0);
        }
        self.reads.sent.push((round, self.reads.clock, super::bit(self.id)));
        self.broadcast(
            Message::Heartbeat {
                ballot: self.ballot,
                commit: self.commit_index,
                round,
            },
            out,
        );
        round
    }

    /// An acceptor answers a heartbeat round: whether it still holds the leader's ballot.
    pub(super) fn confirm_round(&self, to: NodeId, ballot: Ballot, round: u64, out: &mut Out) {
        out.push(Effect::Send {
            to,
            msg: Message::HeartbeatReply {
                ballot,
                round,
                ok: ballot >= self.promised,
                promised: self.promised,
            },
        });
    }

    /// An acceptor answered a round. A refusal means a higher ballot was promised: the leader steps down.
    pub(super) fn handle_heartbeat_reply(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        round: u64,
        ok: bool,
        promised: Ballot,
        out: &mut Out,
    ) {
        if !ok {
            return self.refused(promised, out);
        }
        if self.role != Role::Leader || ballot != self.ballot {
            return;
        }
        let quorum = self.quorum();
        if let Some(sent) = self.reads.sent.iter_mut().find(|(r, _, _)| *r == round) {
            sent.2 |= super::bit(from);
        }
        // The latest round a quorum confirmed confirms every earlier one too, and extends the lease from
        // when it left.
        if let Some(at) = self
            .reads
            .sent
            .iter()
            .rposition(|(_, _, acks)| acks.count_ones() >= quorum)
        {
            let (round, sent_at, _) = self.reads.sent[at];
            self.reads.confirmed = self.reads.confirmed.max(round);
            self.reads.lease_until = self.reads.lease_until.max(sent_at + self.lease_length());
            self.reads.sent.drain(..=at);
        }
        self.serve_reads(out);
    }

    /// How long a lease lasts on the leader's clock: the minimum failure-detector timeout, as an acceptor's
    /// clock counts it, shortened so that clocks off by the drift bound in opposite directions still agree.
    fn lease_length(&self) -> Micros {
        crate::protocol::clock::lease_within(self.config.election_timeout.0)
    }

    /// Answers every waiting read whose round a quorum confirmed, once the leader has recovered and applied
    /// all it has chosen.
    pub(super) fn serve_reads(&mut self, out: &mut Out) {
        if self.reads.pending.is_empty() || !self.recovered() || self.role != Role::Leader {
            return;
        }
        let confirmed = self.reads.confirmed;
        let pending = std::mem::take(&mut self.reads.pending);
        let (ready, waiting): (Vec<PendingRead>, Vec<PendingRead>) =
            pending.into_iter().partition(|read| read.round <= confirmed);
        self.reads.pending = waiting;
        for read in ready {
            self.answer_read(read.request, &read.call, out);
        }
    }

    /// Answers a get from this node's state machine, as of everything it has applied.
    pub(super) fn answer_read(&self, request: RequestId, call: &SharedCall, out: &mut Out) {
        out.push(Effect::Reply {
            request,
            outcome: self.state_machine.read_outcome(call, self.commit_index),
        });
    }

    /// Under leases, whether this acceptor must ignore a Prepare from `from`: it leads, or it heard from
    /// another leader less than the minimum failure-detector timeout ago.
    pub(super) fn lease_protects_leader(&self, from: NodeId) -> bool {
        if self.config.read_path != ReadPath::Lease || self.config.single_decree || from == self.id {
            return false;
        }
        let (heard, clock) = (self.reads.leader_heard_at, self.reads.clock);
        self.role == Role::Leader || heard_within(heard, clock, self.config.election_timeout.0)
    }

    /// A leader's ballot ended, or began: its reads, rounds and lease are of that ballot alone. Reads still
    /// waiting are sent back, to be retried where the leader is now.
    pub(super) fn reset_reads(&mut self, out: &mut Out) {
        for read in std::mem::take(&mut self.reads.pending) {
            out.push(Effect::Reply {
                request: read.request,
                outcome: ClientOutcome::Redirect(self.leader.filter(|&l| l != self.id)),
            });
        }
        let (clock, leader_heard_at) = (self.reads.clock, self.reads.leader_heard_at);
        self.reads = Reads {
            clock,
            leader_heard_at,
            ..Reads::default()
        };
    }
}
