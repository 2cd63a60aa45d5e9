//! The learner: it finds out which values are chosen ("Paxos Made Simple" §2.3), and applies them in slot
//! order. The proposer that sees a quorum accept tells every learner; a Multi-Paxos follower that missed
//! that, or restarted, asks the leader to catch it up.

use super::note::Note;
use super::{Ballot, Chosen, Message, Out, PaxosNode, MAX_BATCH};
use crate::protocol::{ClientOutcome, Command, Effect, NodeId, Role, Timer};

impl PaxosNode {
    /// The proposer saw a quorum accept these values in its ballot: they are chosen. Tell every learner.
    pub(super) fn choose(&mut self, newly: Vec<(u64, Command)>, out: &mut Out) {
        let round = self.ballot.round;
        let entries: Vec<(u64, Chosen)> = newly
            .into_iter()
            .map(|(slot, command)| (slot, Chosen { round, command }))
            .collect();
        for (slot, _) in &entries {
            out.push(Effect::Note(Note::Chosen { slot: *slot }));
        }
        for chunk in entries.chunks(MAX_BATCH) {
            self.broadcast(
                Message::Learn {
                    ballot: self.ballot,
                    entries: chunk.to_vec(),
                },
                out,
            );
        }
        self.learn(entries, out);
    }

    pub(super) fn handle_learn(&mut self, from: NodeId, ballot: Ballot, entries: Vec<(u64, Chosen)>, out: &mut Out) {
        self.see(ballot, out);
        if ballot >= self.promised {
            self.heard_from_leader(from, (ballot, false), 0, out);
        }
        self.learn(entries, out);
    }

    /// Records chosen values and applies every one that is now next in order.
    fn learn(&mut self, entries: Vec<(u64, Chosen)>, out: &mut Out) {
        for (slot, chosen) in entries {
            let i = slot as usize - 1;
            while self.chosen.len() <= i {
                self.chosen.push(None);
            }
            if self.chosen.get(i).is_some_and(Option::is_none) {
                self.chosen.set(i, Some(chosen));
            }
        }
        let before = self.commit_index;
        while self.chosen_at(self.commit_index + 1).is_some() {
            self.commit_index += 1;
            self.apply(self.commit_index, out);
        }
        if self.commit_index > before {
            out.push(Effect::Note(Note::Learned {
                through: self.commit_index,
            }));
            self.serve_reads(out);
        }
        if self.config.single_decree && self.chosen_at(1).is_some() {
            // Decided: a proposer still working on it stops, and nobody needs to ask again.
            self.role = Role::Follower;
            self.backing_off = false;
            self.preemptions = 0;
            self.proposals.clear();
            out.push(Effect::CancelTimer { timer: Timer::Election });
        }
    }

    /// Applies the chosen value of `slot` to the state machine, and answers the client: in Basic Paxos
    /// every request this node took is answered by the decision; in Multi-Paxos the leader answers for
    /// the commands it applies.
    fn apply(&mut self, slot: u64, out: &mut Out) {
        let chosen = self.chosen_at(slot).expect("applied in order").clone();
        if let Command::Client { request, call } = &chosen.command {
            let answer = self.state_machine.apply(*request, call);
            if self.role == Role::Leader && !self.config.single_decree {
                out.push(Effect::Reply {
                    request: *request,
                    outcome: ClientOutcome::Applied { index: slot, answer },
                });
            }
        }
        if self.config.single_decree {
            for request in std::mem::take(&mut self.waiting) {
                out.push(Effect::Reply {
                    request,
                    outcome: ClientOutcome::Applied {
                        index: slot,
                        answer: None,
                    },
                });
            }
        }
        out.push(Effect::Commit {
            index: slot,
            term: chosen.round,
            value: chosen.command.value().cloned(),
        });
    }

    /// Multi-Paxos: a message from the leader of a ballot we have not promised to ignore, a Heartbeat if
    /// `is_heartbeat`. The failure detector starts over; if the leader has chosen more than we know, we ask
    /// for it.
    pub(super) fn heard_from_leader(
        &mut self,
        from: NodeId,
        (ballot, is_heartbeat): (Ballot, bool),
        commit: u64,
        out: &mut Out,
    ) {
        if self.config.single_decree || self.role == Role::Leader {
            return;
        }
        self.reads.leader_heard_at = Some(self.reads.clock);
        self.leader = Some(ballot.node);
        let after = self.detector.after_message(
            (ballot.node, ballot.round),
            self.reads.clock,
            is_heartbeat,
            self.config.phi.as_ref(),
            (self.config.election_timeout, self.config.heartbeat),
        );
        out.push(Effect::SetTimer {
            timer: Timer::Election,
            after,
        });
        if commit > self.commit_index {
            out.push(Effect::Send {
                to: from,
                msg: Message::CatchUp {
                    ballot,
                    from_slot: self.commit_index + 1,
                },
            });
        }
    }

    pub(super) fn handle_heartbeat(&mut self, from: NodeId, ballot: Ballot, commit: u64, round: u64, out: &mut Out) {
        self.see(ballot, out);
        if ballot >= self.promised {
            self.heard_from_leader(from, (ballot, true), commit, out);
        }
        if round > 0 {
            self.confirm_round(from, ballot, round, out);
        }
    }

    /// The leader sends a follower the chosen values it asked for.
    pub(super) fn handle_catch_up(&mut self, from: NodeId, from_slot: u64, out: &mut Out) {
        if self.role != Role::Leader {
            return;
        }
        let entries: Vec<(u64, Chosen)> = (from_slot.max(1)..=self.commit_index)
            .take(MAX_BATCH)
            .filter_map(|slot| Some((slot, self.chosen_at(slot)?.clone())))
            .collect();
        if !entries.is_empty() {
            out.push(Effect::Send {
                to: from,
                msg: Message::Learn {
                    ballot: self.ballot,
                    entries,
                },
            });
        }
    }
}
