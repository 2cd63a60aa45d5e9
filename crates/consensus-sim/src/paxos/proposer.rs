//! The proposer: Phase 1 to claim a ballot, Phase 2 to get values accepted ("Paxos Made Simple" §2.2),
//! and, in Multi-Paxos, the leader's heartbeat and its client commands.

use super::note::Note;
use super::{bit, Accepted, Ballot, Message, Out, PaxosNode, Proposal, MAX_BATCH};
use crate::protocol::kv::ReadPath;
use crate::protocol::{ClientOutcome, Command, Delay, Effect, NodeId, RequestId, Role, SharedCall, Timer};

impl PaxosNode {
    /// Notes a ballot seen in any message. In Multi-Paxos a proposer or leader that sees a higher ballot
    /// than its own steps down. A Basic Paxos proposer gives up only when an acceptor refuses it, unless
    /// it never backs off: then it overbids every higher ballot it hears of at once, which is how two
    /// proposers duel forever.
    pub(super) fn see(&mut self, ballot: Ballot, out: &mut Out) {
        self.highest_round = self.highest_round.max(ballot.round);
        let overbids = !self.config.single_decree || self.config.options.no_backoff;
        if overbids && self.proposing() && ballot > self.ballot {
            self.preempted(ballot, out);
        }
    }

    /// A higher ballot overtook ours: stop proposing.
    fn preempted(&mut self, by: Ballot, out: &mut Out) {
        out.push(Effect::Note(Note::Preempted {
            ballot: self.ballot,
            by,
        }));
        self.role = Role::Follower;
        self.promises = 0;
        self.reported.clear();
        self.proposals.clear();
        out.push(Effect::CancelTimer {
            timer: Timer::Heartbeat,
        });
        if !self.config.single_decree {
            self.leader = None;
            self.reset_reads(out);
            return self.reset_election_timer(out);
        }
        if self.config.options.no_backoff {
            return self.start_phase1(out);
        }
        // Exponential back-off: the more proposers compete, the longer each waits, so one gets through.
        self.backing_off = true;
        self.preemptions += 1;
        let doubling = self.preemptions.min(5);
        let (min, max) = self.config.election_timeout;
        out.push(Effect::Note(Note::BackedOff));
        out.push(Effect::SetTimer {
            timer: Timer::Election,
            after: Delay::Between(min << doubling, max << doubling),
        });
    }

    /// Phase 1a with a ballot above every one seen. The proposer is its own first acceptor.
    pub(super) fn start_phase1(&mut self, out: &mut Out) {
        let round = self.highest_round.max(self.promised.round) + 1;
        self.highest_round = round;
        self.ballot = Ballot { round, node: self.id };
        self.role = Role::Candidate;
        self.leader = None;
        self.backing_off = false;
        self.promised = self.ballot;
        out.push(Effect::Persist);
        self.promises = bit(self.id);
        self.from_slot = if self.config.single_decree {
            1
        } else {
            self.commit_index + 1
        };
        self.reported.clear();
        self.proposals.clear();
        if !self.config.bugs.ignore_accepted_values {
            for (slot, accepted) in self.accepted.from_slot(self.from_slot) {
                self.reported.insert(slot, accepted);
            }
        }
        out.push(Effect::Note(Note::StartedPhase1 {
            ballot: self.ballot,
            from_slot: self.from_slot,
        }));
        self.broadcast(
            Message::Prepare {
                ballot: self.ballot,
                from_slot: self.from_slot,
            },
            out,
        );
        // If no quorum answers before this fires, try again with a higher ballot.
        self.reset_election_timer(out);
        if self.promises.count_ones() >= self.quorum() {
            self.win_phase1(out);
        }
    }

    /// Phase 1b arrives: count promises and keep, per slot, the highest-ballot proposal reported.
    pub(super) fn handle_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        ok: bool,
        promised: Ballot,
        accepted: Vec<(u64, Accepted)>,
        out: &mut Out,
    ) {
        if !ok {
            return self.refused(promised, out);
        }
        self.see(ballot, out);
        if self.role != Role::Candidate || ballot != self.ballot || self.promises & bit(from) != 0 {
            return; // a promise for an older ballot, or a duplicate
        }
        self.promises |= bit(from);
        if !self.config.bugs.ignore_accepted_values {
            for (slot, a) in accepted {
                if self.reported.get(&slot).is_none_or(|r| r.ballot < a.ballot) {
                    self.reported.insert(slot, a);
                }
            }
        }
        if self.promises.count_ones() >= self.quorum() {
            self.win_phase1(out);
        }
    }

    /// An acceptor refused us for a higher ballot it promised.
    pub(super) fn refused(&mut self, promised: Ballot, out: &mut Out) {
        self.highest_round = self.highest_round.max(promised.round);
        if self.proposing() && promised > self.ballot {
            self.preempted(promised, out);
        }
    }

    /// A quorum promised. Phase 2 proposes, for every slot asked about, the highest-ballot value reported
    /// (P2c), and otherwise a value of the proposer's own: a client's command, or a no-op for a gap.
    fn win_phase1(&mut self, out: &mut Out) {
        let reported = std::mem::take(&mut self.reported);
        let adopted = reported.len() as u64;
        if self.config.single_decree {
            let command = match reported.get(&1) {
                Some(a) => a.command.clone(),
                None => match &self.own_value {
                    Some(c) => c.clone(),
                    // A proposer that only asked, to learn the outcome: no quorum member accepted anything,
                    // so nothing is chosen yet.
                    None => {
                        self.role = Role::Follower;
                        return out.push(Effect::CancelTimer { timer: Timer::Election });
                    }
                },
            };
            out.push(Effect::Note(Note::WonPhase1 {
                ballot: self.ballot,
                adopted,
                noops: 0,
            }));
            self.role = Role::Leader;
            return self.send_proposals(vec![(1, command)], out);
        }
        let last = reported
            .keys()
            .next_back()
            .copied()
            .unwrap_or(0)
            .max(self.from_slot - 1);
        let mut entries = Vec::new();
        let mut noops = 0;
        for slot in self.from_slot..=last {
            if self.chosen_at(slot).is_some() {
                continue;
            }
            let command = match reported.get(&slot) {
                Some(a) => a.command.clone(),
                None => {
                    noops += 1;
                    Command::Noop
                }
            };
            entries.push((slot, command));
        }
        out.push(Effect::Note(Note::WonPhase1 {
            ballot: self.ballot,
            adopted,
            noops,
        }));
        self.role = Role::Leader;
        self.leader = Some(self.id);
        self.next_slot = last.max(self.chosen.len() as u64) + 1;
        // Reads wait until what Phase 1 found is chosen again, in this ballot.
        self.recovered_to = last;
        self.reset_reads(out);
        out.push(Effect::CancelTimer { timer: Timer::Election });
        out.push(Effect::SetTimer {
            timer: Timer::Heartbeat,
            after: Delay::Fixed(self.config.heartbeat),
        });
        if entries.is_empty() {
            // Nothing to re-propose: assert leadership at once.
            return self.tick_heartbeat(out);
        }
        self.send_proposals(entries, out);
    }

    /// Phase 2a for these slots: accept them ourselves, then ask everyone else.
    fn send_proposals(&mut self, entries: Vec<(u64, Command)>, out: &mut Out) {
        if self.promised > self.ballot {
            // Our own acceptor has since promised a higher ballot: it refuses us like any other would.
            return self.refused(self.promised, out);
        }
        for (slot, command) in &entries {
            self.accept_own(*slot, self.ballot, command.clone());
            self.proposals.insert(
                *slot,
                Proposal {
                    command: command.clone(),
                    acks: bit(self.id),
                },
            );
        }
        out.push(Effect::Persist);
        let slots: Vec<u64> = entries.iter().map(|(s, _)| *s).collect();
        for chunk in entries.chunks(MAX_BATCH) {
            self.broadcast(
                Message::Accept {
                    ballot: self.ballot,
                    entries: chunk.to_vec(),
                },
                out,
            );
        }
        self.count_accepts(&slots, out);
    }

    /// Multi-Paxos: a client command. Only the leader proposes it; others redirect the client.
    pub(super) fn propose(&mut self, request: RequestId, call: SharedCall, out: &mut Out) {
        if call.is_read() && self.config.read_path == ReadPath::Follower {
            // Whoever is asked answers from what it has learned: available, and stale.
            let answer = Some(self.state_machine.read(&call.key));
            let index = self.commit_index;
            return out.push(Effect::Reply {
                request,
                outcome: ClientOutcome::Applied { index, answer },
            });
        }
        if self.role != Role::Leader {
            return out.push(Effect::Reply {
                request,
                outcome: ClientOutcome::Redirect(self.leader),
            });
        }
        if call.is_read() && self.reads_confirm() {
            return self.read(request, call, out);
        }
        // A retry of a command this leader already knows is not given a second slot.
        if let Some(slot) = (1..=self.commit_index)
            .rev()
            .take(256)
            .find(|&s| self.chosen_at(s).is_some_and(|c| c.command.is_request(request)))
        {
            // Applied already: the state machine's session has the answer it gave (§6.3 of Ongaro's
            // dissertation, which Multi-Paxos services need as much as Raft's).
            let answer = self.state_machine.answered(call.client, request);
            return out.push(Effect::Reply {
                request,
                outcome: ClientOutcome::Applied { index: slot, answer },
            });
        }
        if !self.proposals.values().any(|p| p.command.is_request(request)) {
            let slot = self.next_slot;
            self.next_slot += 1;
            out.push(Effect::Note(Note::Proposed { slot }));
            self.send_proposals(vec![(slot, Command::Client { request, call })], out);
        }
        out.push(Effect::Reply {
            request,
            outcome: ClientOutcome::Accepted,
        });
    }

    /// Basic Paxos: a client asks this node to propose `value`.
    pub(super) fn propose_decree(&mut self, request: RequestId, call: SharedCall, out: &mut Out) {
        if let Some(chosen) = self.chosen_at(1).cloned() {
            // Already decided. Tell the client, and remind everyone, in case a learner missed it.
            out.push(Effect::Reply {
                request,
                outcome: ClientOutcome::Applied { index: 1, answer: None },
            });
            return self.broadcast(
                Message::Learn {
                    ballot: self.promised,
                    entries: vec![(1, chosen)],
                },
                out,
            );
        }
        if !self.waiting.contains(&request) {
            self.waiting.push(request);
        }
        self.own_value.get_or_insert(Command::Client { request, call });
        if !self.proposing() && !self.backing_off {
            self.start_phase1(out);
        }
        out.push(Effect::Reply {
            request,
            outcome: ClientOutcome::Accepted,
        });
    }

    /// Basic Paxos: the back-off ended, or a round or a learn took too long. Try a new ballot if there is
    /// something to propose: a client's value, or a value this acceptor accepted and never saw chosen.
    pub(super) fn retry_decree(&mut self, out: &mut Out) {
        if self.chosen_at(1).is_some() {
            return;
        }
        if self.own_value.is_some() || self.accepted.get(1).is_some() {
            self.start_phase1(out);
        } else {
            self.role = Role::Follower;
            self.backing_off = false;
        }
    }

    /// Phase 2b arrives: a value accepted by a quorum in our ballot is chosen.
    pub(super) fn handle_accepted(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        ok: bool,
        promised: Ballot,
        slots: Vec<u64>,
        out: &mut Out,
    ) {
        if !ok {
            return self.refused(promised, out);
        }
        if self.role != Role::Leader || ballot != self.ballot {
            return;
        }
        for slot in &slots {
            if let Some(p) = self.proposals.get_mut(slot) {
                p.acks |= bit(from);
            }
        }
        self.count_accepts(&slots, out);
    }

    fn count_accepts(&mut self, slots: &[u64], out: &mut Out) {
        let quorum = self.quorum();
        let mut newly = Vec::new();
        for slot in slots {
            if self.proposals.get(slot).is_some_and(|p| p.acks.count_ones() >= quorum) {
                let p = self.proposals.remove(slot).expect("present");
                newly.push((*slot, p.command));
            }
        }
        if !newly.is_empty() {
            self.choose(newly, out);
        }
    }

    /// The leader's heartbeat: Accepts a follower has not answered are sent again, and everyone else hears
    /// a Heartbeat carrying the commit point, so a follower that is behind can ask to catch up.
    pub(super) fn tick_heartbeat(&mut self, out: &mut Out) {
        // Under read_index and lease every heartbeat is a round the acceptors answer (sent below).
        let rounds = self.reads_confirm();
        for peer in self.peers().collect::<Vec<_>>() {
            let missing: Vec<(u64, Command)> = self
                .proposals
                .iter()
                .filter(|(_, p)| p.acks & bit(peer) == 0)
                .take(MAX_BATCH)
                .map(|(slot, p)| (*slot, p.command.clone()))
                .collect();
            let msg = if !missing.is_empty() {
                Message::Accept {
                    ballot: self.ballot,
                    entries: missing,
                }
            } else if rounds {
                continue;
            } else {
                Message::Heartbeat {
                    ballot: self.ballot,
                    commit: self.commit_index,
                    round: 0,
                }
            };
            out.push(Effect::Send { to: peer, msg });
        }
        if rounds {
            self.start_round(out);
        }
        out.push(Effect::SetTimer {
            timer: Timer::Heartbeat,
            after: Delay::Fixed(self.config.heartbeat),
        });
    }
}
