//! The participant (a resource manager): it votes, forcing a Prepared record before a yes; holds its
//! account's lock while in doubt; applies the outcome; asks when in doubt; and under 3PC runs the
//! termination protocol when the coordinator falls silent.

use super::note::{Note, Why};
use super::txn::Writes;
use super::{bit, CommitNode, Message, Out, Record, Variant, VOTE_BALLOT};
use crate::protocol::txn::TxnState;
use crate::protocol::{Effect, Micros, NodeId, RequestId};

/// A transaction as one participant keeps it.
#[derive(Clone, Debug)]
pub struct Part {
    pub writes: Writes,
    pub state: TxnState,
    /// When it entered the state, on its own clock.
    pub since: Micros,
    /// When it last asked for the outcome (or, in 3PC, last heard from the coordinator).
    asked: Micros,
    /// 3PC's termination protocol: the states gathered so far, and when it decides.
    gathering: Option<(Micros, Vec<TxnState>)>,
}

impl CommitNode {
    fn delta(&self, writes: &[super::txn::Write]) -> i64 {
        let account = self.account();
        writes
            .iter()
            .filter(|w| Some(w.account) == account)
            .map(|w| w.delta)
            .sum()
    }

    fn enter(&mut self, txn: RequestId, writes: Writes, state: TxnState) {
        let now = self.now;
        let part = Part {
            writes,
            state,
            since: now,
            asked: now,
            gathering: None,
        };
        self.parts.insert(txn, part);
        self.mark_changed(txn);
    }

    fn set_state(&mut self, txn: RequestId, state: TxnState) {
        let now = self.now;
        if let Some(part) = self.parts.get_mut(&txn) {
            part.state = state;
            part.since = now;
            part.asked = now;
            part.gathering = None;
        }
        self.mark_changed(txn);
    }

    /// Sends this participant's vote: to the coordinator, or under Paxos Commit as Phase 2a in its own
    /// ballot 0 to every acceptor.
    fn send_vote(&mut self, coordinator: NodeId, txn: RequestId, yes: bool, out: &mut Out) {
        if self.config.variant != Variant::PaxosCommit {
            return out.push(Effect::Send {
                to: coordinator,
                msg: Message::Vote { txn, yes },
            });
        }
        let writes = self
            .parts
            .get(&txn)
            .map(|p| p.writes.clone())
            .unwrap_or_else(|| Vec::new().into());
        let instance = self.participant().expect("a participant votes");
        let acceptors: Vec<NodeId> = self.acceptors().collect();
        for to in acceptors {
            out.push(Effect::Send {
                to,
                msg: Message::Phase2a {
                    txn,
                    instance,
                    ballot: VOTE_BALLOT,
                    prepared: yes,
                    writes: writes.clone(),
                },
            });
        }
    }

    pub(super) fn handle_prepare(&mut self, from: NodeId, txn: RequestId, writes: Writes, out: &mut Out) {
        if self.participant().is_none() {
            return;
        }
        if let Some(part) = self.parts.get(&txn) {
            // A resent Prepare: say again what was said (a decided participant answers by its outcome).
            return match part.state {
                TxnState::Waiting => {}
                TxnState::Aborted => self.send_vote(from, txn, false, out),
                _ => self.send_vote(from, txn, true, out),
            };
        }
        if let Some(holder) = self.lock.filter(|&h| h != txn) {
            self.enter(txn, writes, TxnState::Waiting);
            self.waiting.push((from, txn));
            let account = self.account().expect("a participant");
            return out.push(Effect::Note(Note::Waiting { txn, holder, account }));
        }
        self.enter(txn, writes, TxnState::Waiting);
        self.vote(from, txn, out);
    }

    /// Votes on `txn`, which holds no lock yet: yes unless the account would go below zero (or a `vote`
    /// event said otherwise). A yes is logged before it is sent: from then on the participant is in doubt.
    fn vote(&mut self, coordinator: NodeId, txn: RequestId, out: &mut Out) {
        let writes = self.parts.get(&txn).expect("entered").writes.clone();
        let balance_after = self.balance + self.delta(&writes);
        let forced = self.forced_vote.take();
        let yes = forced.unwrap_or(balance_after >= 0);
        if forced.is_none() && !yes {
            let account = self.account().expect("a participant");
            out.push(Effect::Note(Note::Overdrawn { txn, account }));
        }
        out.push(Effect::Note(Note::Voted {
            txn,
            yes,
            forced: forced.is_some(),
        }));
        if yes {
            self.lock = Some(txn);
            self.log(Record::Prepared { txn, writes }, out);
            self.set_state(txn, TxnState::Prepared);
        } else {
            // A no needs no one's agreement: the participant aborts at once.
            self.log(Record::Decided { txn, commit: false }, out);
            self.set_state(txn, TxnState::Aborted);
        }
        self.send_vote(coordinator, txn, yes, out);
    }

    pub(super) fn handle_pre_commit(&mut self, from: NodeId, txn: RequestId, out: &mut Out) {
        let Some(part) = self.parts.get(&txn) else {
            return;
        };
        match part.state {
            TxnState::Prepared => {
                self.log(Record::PreCommitted { txn }, out);
                self.set_state(txn, TxnState::PreCommitted);
                out.push(Effect::Note(Note::PreCommitted { txn }));
            }
            TxnState::PreCommitted => {}
            _ => return,
        }
        out.push(Effect::Send {
            to: from,
            msg: Message::PreCommitAck { txn },
        });
    }

    pub(super) fn handle_decision(&mut self, from: NodeId, txn: RequestId, commit: bool, out: &mut Out) {
        if self.participant().is_none() {
            // A Paxos Commit acceptor learns the outcome, so it can answer and need not take over.
            if self.is_acceptor() && !self.outcomes.contains_key(&txn) {
                self.outcomes.insert(txn, commit);
                self.log(Record::Learned { txn, commit }, out);
            }
            return;
        }
        let state = self.parts.get(&txn).map(|p| p.state);
        if state.and_then(|s| s.outcome()).is_none() {
            self.learn(txn, commit, out);
            out.push(Effect::Note(Note::Learned { txn, commit, from }));
        }
        out.push(Effect::Send {
            to: from,
            msg: Message::Ack { txn },
        });
    }

    /// Applies an outcome: logs it, applies the writes if it commits, and releases the lock.
    pub(super) fn learn(&mut self, txn: RequestId, commit: bool, out: &mut Out) {
        self.log(Record::Decided { txn, commit }, out);
        if !self.parts.contains_key(&txn) {
            self.enter(txn, Vec::new().into(), TxnState::Aborted);
        }
        self.settle(txn, commit);
        self.next_waiting(out);
    }

    /// The participant decides `txn` itself, for `why`: as one that has not voted yes may abort, as 3PC's
    /// termination protocol does, or (a deliberate bug) as one in doubt must not.
    fn decide_alone(&mut self, txn: RequestId, commit: bool, why: Why, out: &mut Out) {
        self.learn(txn, commit, out);
        self.decisions.borrow_mut().push((txn, commit, why));
        out.push(Effect::Note(Note::Decided { txn, commit, why }));
    }

    /// The state change of an outcome, in memory: shared by `learn` and recovery.
    fn settle(&mut self, txn: RequestId, commit: bool) {
        let writes = self.parts.get(&txn).expect("entered").writes.clone();
        let state = if commit { TxnState::Committed } else { TxnState::Aborted };
        if commit {
            self.balance += self.delta(&writes);
        }
        self.waiting.retain(|(_, t)| *t != txn);
        if self.lock == Some(txn) {
            self.lock = None;
        }
        self.set_state(txn, state);
    }

    /// The lock is free: the oldest waiting Prepare votes now (and, if it votes no, the next).
    fn next_waiting(&mut self, out: &mut Out) {
        while self.lock.is_none() && !self.waiting.is_empty() {
            let (coordinator, txn) = self.waiting.remove(0);
            self.vote(coordinator, txn, out);
        }
    }

    /// Another participant asks about `txn` (cooperative termination). One that has not voted yes may
    /// still abort, and does, which settles it for everyone; one in doubt cannot help.
    pub(super) fn help_peer(&mut self, from: NodeId, txn: RequestId, out: &mut Out) {
        let state = self.parts.get(&txn).map(|p| p.state);
        let commit = match state {
            Some(s) if s.outcome().is_some() => s.outcome().expect("decided"),
            None | Some(TxnState::Waiting) => {
                self.decide_alone(txn, false, Why::TimedOut, out);
                false
            }
            _ => return,
        };
        out.push(Effect::Send {
            to: from,
            msg: Message::Decision { txn, commit },
        });
    }

    /// 3PC's termination protocol: report this participant's state; one that never voted aborts first.
    pub(super) fn handle_state_request(&mut self, from: NodeId, txn: RequestId, out: &mut Out) {
        if self.participant().is_none() {
            return;
        }
        if matches!(self.parts.get(&txn).map(|p| p.state), None | Some(TxnState::Waiting)) {
            self.decide_alone(txn, false, Why::TimedOut, out);
        }
        let state = self.parts.get(&txn).map(|p| p.state);
        out.push(Effect::Send {
            to: from,
            msg: Message::StateReply { txn, state },
        });
    }

    pub(super) fn handle_state_reply(&mut self, txn: RequestId, state: Option<TxnState>) {
        if let Some((_, states)) = self.parts.get_mut(&txn).and_then(|p| p.gathering.as_mut()) {
            states.push(state.unwrap_or(TxnState::Aborted));
        }
    }

    /// Every heartbeat: a participant in doubt for a timeout asks for the outcome again (or, under 3PC, runs
    /// the termination protocol).
    pub(super) fn participant_tick(&mut self, out: &mut Out) {
        if self.participant().is_none() {
            return;
        }
        let now = self.now;
        let wait = self.config.timeout.0;
        // Only a yes vote takes the account's lock, and it is held until the outcome: a participant is in
        // doubt about the lock's holder, if about anything.
        let in_doubt = self.lock.filter(|txn| {
            self.parts
                .get(txn)
                .is_some_and(|p| p.state.in_doubt() && (self.forced || now >= p.asked + wait))
        });
        if let Some(txn) = in_doubt {
            if self.config.bugs.participant_aborts_after_yes {
                self.decide_alone(txn, false, Why::Unilateral, out);
            } else if self.config.variant == Variant::ThreePhase {
                self.terminate(txn, out);
            } else {
                self.ask(txn, out);
            }
        }
        if self.config.variant == Variant::ThreePhase {
            self.finish_termination(out);
        }
    }

    /// Asks everyone who may know the outcome of `txn`.
    pub(super) fn ask(&mut self, txn: RequestId, out: &mut Out) {
        let now = self.now;
        let (config, me) = (self.config, self.id);
        let Some(part) = self.parts.get_mut(&txn) else {
            return;
        };
        let first = part.asked == part.since;
        part.asked = now;
        let peers = config.participants_of(&part.writes) & !bit(me);
        let mut asked = match self.config.variant {
            Variant::PaxosCommit => self.acceptors().map(bit).fold(0, |a, b| a | b),
            _ => bit(1),
        };
        if self.config.cooperative {
            asked |= peers;
        }
        self.send_each(asked, Message::DecisionRequest { txn }, out);
        if self.config.variant == Variant::PaxosCommit {
            // The acceptors may never have heard of it: repeat the vote, so some acceptor can take over.
            self.send_vote(1, txn, true, out);
        }
        if first {
            out.push(Effect::Note(Note::Asked { txn, asked }));
        }
    }

    fn terminate(&mut self, txn: RequestId, out: &mut Out) {
        let now = self.now;
        let until = now + self.config.timeout.0 / 2;
        let (config, me) = (self.config, self.id);
        let Some(part) = self.parts.get_mut(&txn) else {
            return;
        };
        part.asked = now;
        if part.gathering.is_some() {
            return;
        }
        part.gathering = Some((until, vec![part.state]));
        let peers = config.participants_of(&part.writes) & !bit(me);
        out.push(Effect::Note(Note::Terminating { txn }));
        self.send_each(peers, Message::StateRequest { txn }, out);
    }

    /// 3PC: decide from the states gathered. Any pre-commit (or commit) means every participant voted yes
    /// and the coordinator may have committed: commit. Otherwise nobody can have committed: abort.
    fn finish_termination(&mut self, out: &mut Out) {
        let now = self.now;
        let Some(txn) = self.lock else {
            return;
        };
        let done = self.parts.get(&txn).and_then(|p| {
            let (until, states) = p.gathering.as_ref()?;
            (now >= *until && p.state.in_doubt()).then(|| {
                let commit = !states.contains(&TxnState::Aborted)
                    && states
                        .iter()
                        .any(|s| matches!(s, TxnState::PreCommitted | TxnState::Committed));
                (commit, self.participants_of(&p.writes) & !bit(self.id))
            })
        });
        if let Some((commit, peers)) = done {
            self.decide_alone(txn, commit, Why::Terminated, out);
            self.send_each(peers, Message::Decision { txn, commit }, out);
        }
    }

    // Recovery: the log replayed, record by record.

    /// Dates what recovery found from `now`, when the restarted node first reads its clock.
    pub(super) fn recovered_at(&mut self, now: Micros) {
        let wait = self.config.timeout.0;
        let txns: Vec<RequestId> = self.parts.keys().copied().collect();
        for txn in txns {
            let part = self.parts.get_mut(&txn).expect("listed");
            part.since = now;
            part.asked = now.saturating_sub(wait);
        }
        let txns: Vec<RequestId> = self.acceptor.keys().copied().collect();
        for txn in txns {
            self.acceptor.get_mut(&txn).expect("listed").since = now;
        }
    }

    pub(super) fn recover_prepared(&mut self, txn: RequestId, writes: Writes) {
        self.enter(txn, writes, TxnState::Prepared);
        self.lock = Some(txn);
    }

    pub(super) fn recover_pre_committed(&mut self, txn: RequestId) {
        self.set_state(txn, TxnState::PreCommitted);
    }

    pub(super) fn recover_decided(&mut self, txn: RequestId, commit: bool) {
        if !self.parts.contains_key(&txn) {
            self.enter(txn, Vec::new().into(), TxnState::Aborted);
        }
        self.settle(txn, commit);
    }
}
