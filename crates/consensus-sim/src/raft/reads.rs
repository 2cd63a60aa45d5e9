//! Gets that do not go through the log (Ongaro's dissertation, §6.4 and §6.4.1), by the read path the
//! configuration names:
//!
//! - `read_index` (§6.4): the leader waits until an entry of its own term is committed (appending a no-op if
//!   it has none), records its commitIndex as the read index, confirms it still leads by a heartbeat round
//!   that a majority acknowledges after the read arrived, waits until it has applied the read index, and
//!   answers from its state machine.
//! - `lease` (§6.4.1): each round a majority acknowledged gives the leader a lease, measured on its own clock
//!   from when it sent that round: the minimum election timeout shortened by the clock-drift bound, since no
//!   follower that heard the round can time out sooner. While it holds, the leader answers at once; once it
//!   lapses, it reads as `read_index` does.
//! - `follower`: whoever is asked answers from its own state machine. Available, not linearizable.

use super::{Command, Out, RaftNode};
use crate::protocol::clock::heard_within;
use crate::protocol::kv::{PendingRead, ReadPath};
use crate::protocol::{ClientOutcome, Effect, Micros, NodeId, RequestId, Role, SharedCall, MAX_NODES};

/// A leader's reads and the heartbeat rounds that confirm them.
#[derive(Clone, Debug, Default)]
pub struct Reads {
    pending: Vec<PendingRead>,
    /// The leader's latest heartbeat round in its term; every AppendEntries carries it.
    pub round: u64,
    /// On a follower: the round of the AppendEntries being answered, echoed in the reply.
    pub echo: u64,
    /// The highest round each peer acknowledged in this term.
    acked: [u64; MAX_NODES + 1],
    /// Rounds not yet acknowledged by a majority, with when (on this node's clock) they were sent.
    sent: Vec<(u64, Micros)>,
    /// The lease lasts until this time on the node's clock.
    pub lease_until: Micros,
    /// What the node's clock read at its latest input.
    pub clock: Micros,
    /// On a follower: when (on its clock) it last heard from a leader.
    pub leader_heard_at: Option<Micros>,
    /// The leader sent TimeoutNow in this term (§3.10): its lease no longer holds, whatever rounds say.
    pub lease_forgone: bool,
}

impl RaftNode {
    /// A get arrived and the read path is not the log.
    pub(super) fn read(&mut self, request: RequestId, call: SharedCall, out: &mut Out) {
        let path = self.config.read_path;
        if path == ReadPath::Follower {
            return self.answer_read(request, &call, out);
        }
        if self.role != Role::Leader {
            return out.push(Effect::Reply {
                request,
                outcome: ClientOutcome::Redirect(self.leader_id),
            });
        }
        if self.config.bugs.read_without_quorum_check {
            // The bug: a leader answers from what it has, without asking whether it still leads.
            return self.answer_read(request, &call, out);
        }
        let leased = self.reads.clock < self.reads.lease_until && !self.reads.lease_forgone;
        if path == ReadPath::Lease && self.own_term_committed() && leased {
            return self.answer_read(request, &call, out);
        }
        // §6.4, step 1: a new leader's commitIndex may lag entries its predecessors committed until an entry of
        // its own term commits. Give it one.
        if !self.own_term_committed() && self.log.last_term() != self.current_term {
            self.append_own(Command::Noop, out);
            self.maybe_commit(out);
        }
        let round = self.new_round();
        self.reads.pending.push(PendingRead { request, call, round });
        out.push(Effect::Reply {
            request,
            outcome: ClientOutcome::Accepted,
        });
        // Step 3: a heartbeat round, sent now rather than at the next heartbeat.
        for peer in self.peers().collect::<Vec<_>>() {
            self.send_append(peer, false, out);
        }
        self.serve_reads(out);
    }

    /// Under leases, whether a leader may still hold one that this server's vote would break: it leads, or it
    /// heard from a leader less than the minimum election timeout ago (§4.2.3).
    pub(super) fn lease_protects_leader(&self) -> bool {
        if self.config.read_path != ReadPath::Lease {
            return false;
        }
        let (heard, clock) = (self.reads.leader_heard_at, self.reads.clock);
        self.role == Role::Leader || heard_within(heard, clock, self.config.election_timeout.0)
    }

    /// Starts a heartbeat round: the AppendEntries sent from now on carry it.
    pub(super) fn new_round(&mut self) -> u64 {
        self.reads.round += 1;
        // A leader cut off from a majority hears no acknowledgement: keep only its latest rounds.
        if self.reads.sent.len() >= 64 {
            self.reads.sent.remove(0);
        }
        self.reads.sent.push((self.reads.round, self.reads.clock));
        self.reads.round
    }

    /// Whether an entry of the leader's own term is committed (§6.4, step 1); the deliberate bug
    /// `read-index-before-noop` skips the question.
    fn own_term_committed(&self) -> bool {
        self.config.bugs.read_index_before_noop || self.log.term_at(self.commit_index) == self.current_term
    }

    /// Peer `from` acknowledged round `round` of this term: reads waiting for it may be answered, and the
    /// lease extends from when the round left.
    pub(super) fn round_acknowledged(&mut self, from: NodeId, round: u64, out: &mut Out) {
        let acked = &mut self.reads.acked[from as usize];
        *acked = (*acked).max(round);
        if let Some(at) = self.reads.sent.iter().rposition(|&(r, _)| self.confirmed(r)) {
            let sent_at = self.reads.sent[at].1;
            self.reads.lease_until = self.reads.lease_until.max(sent_at + self.lease_length());
            self.reads.sent.drain(..=at);
        }
        self.serve_reads(out);
    }

    /// Whether a majority, the leader with its peers that acknowledged it, has confirmed round `round`.
    fn confirmed(&self, round: u64) -> bool {
        let peers = self.reads.acked.iter().filter(|&&r| r >= round).count() as u32;
        peers + 1 >= self.majority()
    }

    /// How long a lease lasts on the leader's clock: the minimum election timeout, as a follower's clock
    /// counts it, shortened so that a leader's slow clock and a follower's fast one, each off by the bound,
    /// still agree (§6.4.1). The deliberate bug `lease-ignores-drift` takes the whole timeout.
    fn lease_length(&self) -> Micros {
        let timeout = self.config.election_timeout.0;
        if self.config.bugs.lease_ignores_drift {
            return timeout;
        }
        crate::protocol::clock::lease_within(timeout)
    }

    /// Answers every waiting read whose round a majority acknowledged, once an entry of this term is committed
    /// and applied (§6.4, steps 1, 3 and 4: the read index is the commitIndex by then).
    pub(super) fn serve_reads(&mut self, out: &mut Out) {
        if self.reads.pending.is_empty() || !self.own_term_committed() || self.last_applied < self.commit_index {
            return;
        }
        let pending = std::mem::take(&mut self.reads.pending);
        let (ready, waiting): (Vec<PendingRead>, Vec<PendingRead>) =
            pending.into_iter().partition(|read| self.confirmed(read.round));
        self.reads.pending = waiting;
        for read in ready {
            self.answer_read(read.request, &read.call, out);
        }
    }

    /// Answers a get from this node's state machine, as of what it has applied.
    fn answer_read(&mut self, request: RequestId, call: &SharedCall, out: &mut Out) {
        out.push(Effect::Reply {
            request,
            outcome: self.state_machine.read_outcome(call, self.last_applied),
        });
    }

    /// A leader's term ended, or began: its reads, rounds and lease are of that term alone. Reads still waiting
    /// are sent back to be retried where the leader is now.
    pub(super) fn reset_reads(&mut self, out: &mut Out) {
        for read in std::mem::take(&mut self.reads.pending) {
            out.push(Effect::Reply {
                request: read.request,
                outcome: ClientOutcome::Redirect(self.leader_id.filter(|&l| l != self.id)),
            });
        }
        let (clock, echo, leader_heard_at) = (self.reads.clock, self.reads.echo, self.reads.leader_heard_at);
        self.reads = Reads {
            clock,
            echo,
            leader_heard_at,
            ..Reads::default()
        };
    }
}
