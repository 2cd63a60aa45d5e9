//! The coordinator (the transaction manager): it asks the participants to prepare, collects their votes,
//! decides, forces the decision to its log and tells everyone, resending until each acknowledges
//! (Bernstein, Hadzilacos & Goodman, §7.3). Under 3PC it runs a PreCommit round before the outcome (Skeen
//! 1981). A Paxos Commit leader keeps the same record of a transaction and tells the outcome the same way.

use super::note::{Note, Why};
use super::txn::{self, Writes};
use super::{bit, CommitNode, Message, Out, Record, Variant};
use crate::protocol::{ClientOutcome, Effect, Micros, NodeId, RequestId};

/// Where the coordinator is with a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Voting,
    /// 3PC: every vote was yes; PreCommit is out.
    PreCommitting,
    Decided(bool),
}

/// A transaction as its coordinator keeps it.
#[derive(Clone, Debug)]
pub struct Coordination {
    pub writes: Writes,
    /// Its participants, as a bit set by node id.
    pub participants: u16,
    /// Who voted yes.
    pub yes: u16,
    /// Who acknowledged the pre-commit (3PC), then the outcome.
    pub acks: u16,
    pub phase: Phase,
    /// When the current phase began, on the coordinator's clock.
    pub started: Micros,
    /// When it last sent the current phase's messages.
    sent: Micros,
}

impl Coordination {
    pub fn new(writes: Writes, participants: u16, now: Micros) -> Self {
        Coordination {
            writes,
            participants,
            yes: 0,
            acks: 0,
            phase: Phase::Voting,
            started: now,
            sent: now,
        }
    }

    pub fn decision(&self) -> Option<bool> {
        match self.phase {
            Phase::Decided(commit) => Some(commit),
            _ => None,
        }
    }
}

impl CommitNode {
    /// A client's transaction arrives: begin it, or say where it stands if it is a retry.
    pub(super) fn begin(&mut self, txn: RequestId, text: &str, out: &mut Out) {
        if self.coordinations.contains_key(&txn) || self.acceptor.contains_key(&txn) {
            return out.push(Effect::Reply {
                request: txn,
                outcome: ClientOutcome::Accepted,
            });
        }
        let writes = match txn::parse(text, self.config.participants(self.cluster_size)) {
            Ok(writes) => writes,
            // The page and scenarios check a transaction before they send it; anything else aborts.
            Err(_) => return self.reply(txn, false, out),
        };
        let participants = self.participants_of(&writes);
        self.coordinations
            .insert(txn, Coordination::new(writes.clone(), participants, self.now));
        out.push(Effect::Note(Note::Began { txn, participants }));
        if self.config.variant == Variant::PaxosCommit {
            self.lead_in_vote_ballot(txn, writes.clone());
        }
        self.send_each(participants, Message::Prepare { txn, writes }, out);
        out.push(Effect::Reply {
            request: txn,
            outcome: ClientOutcome::Accepted,
        });
    }

    pub(super) fn handle_vote(&mut self, from: NodeId, txn: RequestId, yes: bool, out: &mut Out) {
        let bug = self.config.bugs.coordinator_decides_before_all_votes;
        let Some(c) = self.coordinations.get_mut(&txn) else {
            return;
        };
        if c.phase != Phase::Voting || c.participants & bit(from) == 0 {
            return;
        }
        if !yes {
            let p = from - self.config.first_participant() + 1;
            return self.decide(txn, false, Why::VotedNo(p), out);
        }
        c.yes |= bit(from);
        let missing = (c.participants & !c.yes).count_ones();
        if missing == 0 || (bug && missing == 1 && c.participants.count_ones() > 1) {
            if self.config.variant == Variant::ThreePhase {
                c.phase = Phase::PreCommitting;
                c.started = self.now;
                c.sent = self.now;
                let participants = c.participants;
                return self.send_each(participants, Message::PreCommit { txn }, out);
            }
            self.decide(txn, true, Why::AllYes, out);
        }
    }

    pub(super) fn handle_pre_commit_ack(&mut self, from: NodeId, txn: RequestId, out: &mut Out) {
        let Some(c) = self.coordinations.get_mut(&txn) else {
            return;
        };
        if c.phase == Phase::PreCommitting {
            c.acks |= bit(from);
            if c.acks & c.participants == c.participants {
                self.decide(txn, true, Why::AllYes, out);
            }
        }
    }

    pub(super) fn handle_ack(&mut self, from: NodeId, txn: RequestId) {
        if let Some(c) = self.coordinations.get_mut(&txn) {
            if c.decision().is_some() {
                c.acks |= bit(from);
            }
        }
    }

    /// Decides `txn`: logs the outcome first (a coordinator must never tell an outcome it could forget), then
    /// tells the participants (and, under Paxos Commit, the other acceptors) and the client.
    pub(super) fn decide(&mut self, txn: RequestId, commit: bool, why: Why, out: &mut Out) {
        let Some(c) = self.coordinations.get_mut(&txn) else {
            return;
        };
        if c.decision().is_some() {
            return;
        }
        c.phase = Phase::Decided(commit);
        c.acks = 0;
        c.sent = self.now;
        let participants = c.participants;
        if self.config.variant == Variant::PaxosCommit {
            // The outcome is already safe in the acceptors' logs: the leader notes it without forcing it,
            // so that a restart does not take the transaction over again.
            self.log(Record::Learned { txn, commit }, out);
        } else if !self.config.bugs.forget_decision_on_restart {
            self.log(Record::Decided { txn, commit }, out);
        }
        self.outcomes.insert(txn, commit);
        self.leads.remove(&txn);
        self.decisions.borrow_mut().push((txn, commit, why));
        out.push(Effect::Note(Note::Decided { txn, commit, why }));
        let mut told = participants;
        if self.config.variant == Variant::PaxosCommit {
            told |= self
                .acceptors()
                .filter(|&a| a != self.id)
                .map(bit)
                .fold(0, |a, b| a | b);
        }
        self.send_each(told, Message::Decision { txn, commit }, out);
        self.reply(txn, commit, out);
    }

    /// A participant in doubt (or recovering) asks for the outcome.
    pub(super) fn handle_decision_request(&mut self, from: NodeId, txn: RequestId, out: &mut Out) {
        if let Some(&commit) = self.outcomes.get(&txn) {
            return out.push(Effect::Send {
                to: from,
                msg: Message::Decision { txn, commit },
            });
        }
        if self.participant().is_some() {
            return self.help_peer(from, txn, out);
        }
        let unknown = !self.coordinations.contains_key(&txn) && !self.acceptor.contains_key(&txn);
        if self.is_coordinator() && self.config.variant != Variant::PaxosCommit && unknown {
            // Nothing logged, so nothing was decided: abort, and remember it (presumed abort).
            let writes: Writes = Vec::new().into();
            self.coordinations
                .insert(txn, Coordination::new(writes, bit(from), self.now));
            self.decide(txn, false, Why::Presumed, out);
        }
    }

    /// Every heartbeat: give up on missing votes, resend what was not acknowledged.
    pub(super) fn coordinator_tick(&mut self, out: &mut Out) {
        let (wait, resend) = (self.config.timeout.1, self.config.timeout.0);
        let now = self.now;
        let txns: Vec<RequestId> = self.coordinations.keys().copied().collect();
        for txn in txns {
            let c = self.coordinations.get_mut(&txn).expect("listed");
            let due = now >= c.sent + resend;
            match c.phase {
                // Paxos Commit's leader learns votes through the acceptors, and gives up by Phase 1.
                Phase::Voting if self.config.variant == Variant::PaxosCommit => {}
                Phase::Voting if self.forced || now >= c.started + wait => self.decide(txn, false, Why::TimedOut, out),
                // 3PC: a participant that does not acknowledge the pre-commit has failed; the rest may commit.
                Phase::PreCommitting if self.forced || now >= c.started + wait => {
                    self.decide(txn, true, Why::AllYes, out)
                }
                Phase::Voting | Phase::PreCommitting if due => {
                    c.sent = now;
                    let (missing, msg) = match c.phase {
                        Phase::Voting => (
                            c.participants & !c.yes,
                            Message::Prepare {
                                txn,
                                writes: c.writes.clone(),
                            },
                        ),
                        _ => (c.participants & !c.acks, Message::PreCommit { txn }),
                    };
                    self.send_each(missing, msg, out);
                }
                // Everyone knows: only the outcome is kept, to answer a late question or a client's retry.
                Phase::Decided(_) if c.participants & !c.acks == 0 => {
                    self.coordinations.remove(&txn);
                }
                Phase::Decided(commit) if due => {
                    c.sent = now;
                    let missing = c.participants & !c.acks;
                    self.send_each(missing, Message::Decision { txn, commit }, out);
                }
                _ => {}
            }
        }
    }
}
