//! Paxos Commit (Gray & Lamport 2006): each participant's vote is one instance of Paxos among the 2F+1
//! acceptors. The acceptor's rule and the ballots are the Paxos engine's (`protocol::ballot`); this file
//! holds what is particular to commit: a participant proposes its own vote in ballot 0, the outcome is
//! commit only if every instance chose prepared, and a new leader proposes aborted for any vote it cannot
//! find.

use super::note::{Note, Why};
use super::txn::Writes;
use super::{bit, CommitNode, Coordination, Message, Out, Record, VOTE_BALLOT};
use crate::protocol::ballot::{highest_reported, Ballot, Instance};
use crate::protocol::{Effect, Micros, NodeId, RequestId};
use crate::sorted_map::SortedMap;

/// What one acceptor keeps of one transaction: an instance per participant, and the promise it made for
/// all of them at once (a new leader's Phase 1 covers every instance).
#[derive(Clone, Debug)]
pub struct AcceptorTxn {
    pub promised: Ballot,
    pub instances: SortedMap<u8, Instance<bool>>,
    /// Known once any vote arrived: it names every participant.
    pub writes: Option<Writes>,
    /// When it first heard of the transaction.
    pub since: Micros,
}

/// A leader's round for one transaction: Phase 1's promises and reports, then Phase 2b's tallies.
#[derive(Clone, Debug)]
pub struct Lead {
    pub ballot: Ballot,
    writes: Writes,
    promises: u16,
    reported: Vec<(u8, Ballot, bool)>,
    /// Phase 2 is under way (from the start in ballot 0, where the participants propose).
    phase2: bool,
    /// Per instance: the ballot and value acceptors accepted, and which did.
    tallies: SortedMap<u8, (Ballot, bool, u16)>,
    chosen: SortedMap<u8, bool>,
    started: Micros,
    pub done: bool,
}

impl Lead {
    fn new(ballot: Ballot, writes: Writes, now: Micros) -> Self {
        Lead {
            ballot,
            writes,
            promises: 0,
            reported: Vec::new(),
            phase2: ballot == VOTE_BALLOT,
            tallies: SortedMap::new(),
            chosen: SortedMap::new(),
            started: now,
            done: false,
        }
    }
}

impl CommitNode {
    fn quorum(&self) -> u32 {
        self.config.fault_tolerance as u32 + 1
    }

    /// The coordinator begins a transaction: it leads ballot 0, in which the participants propose.
    /// As an acceptor it knows the transaction from the start, so it takes it over if no vote ever comes.
    pub(super) fn lead_in_vote_ballot(&mut self, txn: RequestId, writes: Writes) {
        let now = self.now;
        self.leads.insert(txn, Lead::new(VOTE_BALLOT, writes.clone(), now));
        self.acceptor_txn(txn).writes = Some(writes);
    }

    fn acceptor_txn(&mut self, txn: RequestId) -> &mut AcceptorTxn {
        if !self.acceptor.contains_key(&txn) {
            self.unsettled.push(txn);
            let now = self.now;
            self.acceptor.insert(
                txn,
                AcceptorTxn {
                    promised: Ballot::default(),
                    instances: SortedMap::new(),
                    writes: None,
                    since: now,
                },
            );
        }
        self.acceptor.get_mut(&txn).expect("inserted")
    }

    /// Sends to every acceptor; this node's own copy is handled at once.
    fn send_to_acceptors(&mut self, msg: Message, out: &mut Out) {
        let others: Vec<NodeId> = self.acceptors().filter(|&a| a != self.id).collect();
        for to in others {
            out.push(Effect::Send { to, msg: msg.clone() });
        }
        if self.is_acceptor() {
            let me = self.id;
            self.on_message_to_self(me, msg, out);
        }
    }

    fn on_message_to_self(&mut self, me: NodeId, msg: Message, out: &mut Out) {
        crate::protocol::Protocol::on_message(self, me, msg, out);
    }

    /// The leader of a ballot: the coordinator for ballot 0, whose proposers are the participants.
    fn leader_of(ballot: Ballot) -> NodeId {
        if ballot == VOTE_BALLOT {
            1
        } else {
            ballot.node
        }
    }

    /// Phase 2b: accept unless a higher ballot was promised, log it, and tell the ballot's leader.
    pub(super) fn handle_phase2a(
        &mut self,
        txn: RequestId,
        instance: u8,
        ballot: Ballot,
        prepared: bool,
        writes: Writes,
        out: &mut Out,
    ) {
        if !self.is_acceptor() {
            return;
        }
        let forget = self.config.bugs.forget_decision_on_restart;
        let a = self.acceptor_txn(txn);
        if a.writes.is_none() && !writes.is_empty() {
            a.writes = Some(writes.clone());
        }
        let promised = a.promised;
        let slot = match a.instances.get_mut(&instance) {
            Some(slot) => slot,
            None => {
                a.instances.insert(
                    instance,
                    Instance {
                        promised,
                        accepted: None,
                    },
                );
                a.instances.get_mut(&instance).expect("inserted")
            }
        };
        let again = slot.accepted == Some((ballot, prepared));
        if slot.accept(ballot, prepared).is_err() {
            return;
        }
        if !again {
            let writes = a.writes.clone().unwrap_or(writes);
            let record = Record::Accepted {
                txn,
                instance,
                ballot,
                prepared,
                writes,
            };
            self.accepted_votes += 1;
            // The bug: Phase 2b leaves before the accept is on disk, so a crash forgets it.
            if !forget {
                self.log(record, out);
            }
        }
        let msg = Message::Phase2b {
            txn,
            instance,
            ballot,
            prepared,
        };
        let leader = Self::leader_of(ballot);
        if leader == self.id {
            self.handle_phase2b(self.id, txn, instance, ballot, prepared, out);
        } else {
            out.push(Effect::Send { to: leader, msg });
        }
    }

    /// The leader counts Phase 2b: an instance is chosen once F+1 acceptors accepted it in one ballot.
    pub(super) fn handle_phase2b(
        &mut self,
        from: NodeId,
        txn: RequestId,
        instance: u8,
        ballot: Ballot,
        prepared: bool,
        out: &mut Out,
    ) {
        let quorum = self.quorum();
        let early = self.config.bugs.coordinator_decides_before_all_votes;
        let Some(lead) = self
            .leads
            .get_mut(&txn)
            .filter(|l| l.ballot == ballot && l.phase2 && !l.done)
        else {
            return;
        };
        let tally = match lead.tallies.get(&instance) {
            Some(&(b, v, who)) if b == ballot && v == prepared => (b, v, who | bit(from)),
            _ => (ballot, prepared, bit(from)),
        };
        lead.tallies.insert(instance, tally);
        if tally.2.count_ones() < quorum || lead.chosen.contains_key(&instance) {
            return;
        }
        lead.chosen.insert(instance, prepared);
        out.push(Effect::Note(Note::Chosen {
            txn,
            instance,
            prepared,
        }));
        let needed = lead.writes.len();
        let all_prepared = lead.chosen.values().all(|&p| p);
        // In a higher ballot, aborted may stand for a vote nobody could find: the leader timed out on it.
        let no = if ballot == VOTE_BALLOT {
            Why::VotedNo(instance)
        } else {
            Why::TimedOut
        };
        let decided = if !all_prepared {
            Some((false, no))
        } else if lead.chosen.len() == needed || (early && needed > 1 && lead.chosen.len() + 1 == needed) {
            Some((true, Why::AllYes))
        } else {
            None
        };
        if let Some((commit, why)) = decided {
            lead.done = true;
            self.decide(txn, commit, why, out);
        }
    }

    /// Phase 1b: promise for every instance of the transaction, reporting what was accepted.
    pub(super) fn handle_phase1a(&mut self, from: NodeId, txn: RequestId, ballot: Ballot, out: &mut Out) {
        if !self.is_acceptor() {
            return;
        }
        self.highest_round = self.highest_round.max(ballot.round);
        let a = self.acceptor_txn(txn);
        let ok = a.promised.allows(ballot);
        let mut accepted = Vec::new();
        if ok {
            a.promised = ballot;
            let instances: Vec<u8> = a.instances.keys().copied().collect();
            for i in instances {
                let slot = a.instances.get_mut(&i).expect("listed");
                if let Ok(Some((b, v))) = slot.prepare(ballot) {
                    accepted.push((i, b, v));
                }
            }
            self.log(Record::Promised { txn, ballot }, out);
        }
        let msg = Message::Phase1b {
            txn,
            ballot,
            ok,
            accepted,
        };
        if from == self.id {
            self.on_message_to_self(from, msg, out);
        } else {
            out.push(Effect::Send { to: from, msg });
        }
    }

    /// With F+1 promises the new leader proposes, for each participant, the vote some acceptor reported
    /// with the highest ballot, and aborted where none was reported: that participant may never have voted.
    pub(super) fn handle_phase1b(
        &mut self,
        from: NodeId,
        txn: RequestId,
        ballot: Ballot,
        ok: bool,
        accepted: Vec<(u8, Ballot, bool)>,
        out: &mut Out,
    ) {
        let quorum = self.quorum();
        let Some(lead) = self.leads.get_mut(&txn).filter(|l| l.ballot == ballot && !l.phase2) else {
            return;
        };
        if !ok || lead.promises & bit(from) != 0 {
            return;
        }
        lead.promises |= bit(from);
        lead.reported.extend(accepted);
        if lead.promises.count_ones() < quorum {
            return;
        }
        lead.phase2 = true;
        let writes = lead.writes.clone();
        let proposals: Vec<(u8, bool)> = writes
            .iter()
            .map(|w| {
                let p = w.participant();
                let reports: Vec<(Ballot, bool)> = lead
                    .reported
                    .iter()
                    .filter(|(i, _, _)| *i == p)
                    .map(|&(_, b, v)| (b, v))
                    .collect();
                (p, highest_reported(&reports).copied().unwrap_or(false))
            })
            .collect();
        for (instance, prepared) in proposals {
            self.send_to_acceptors(
                Message::Phase2a {
                    txn,
                    instance,
                    ballot,
                    prepared,
                    writes: writes.clone(),
                },
                out,
            );
        }
    }

    /// Every heartbeat: an acceptor that knows of an unfinished transaction, and has heard nothing final for
    /// long enough, takes it over with a higher ballot. The wait grows with the acceptor's id, so the
    /// coordinator tries first and the others rarely duel; a duel only costs another ballot.
    pub(super) fn acceptor_tick(&mut self, out: &mut Out) {
        if !self.is_acceptor() {
            return;
        }
        let now = self.now;
        let (min, max) = self.config.timeout;
        let wait = max + (self.id as u64 - 1) * min;
        let outcomes = &self.outcomes;
        self.unsettled.retain(|txn| !outcomes.contains_key(txn));
        let stuck: Vec<(RequestId, Writes)> = self
            .unsettled
            .iter()
            .filter_map(|txn| {
                let a = self.acceptor.get(txn)?;
                let since = self.leads.get(txn).map_or(a.since, |l| l.started.max(a.since));
                (self.forced || now >= since + wait).then(|| Some((*txn, a.writes.clone()?)))?
            })
            .collect();
        for (txn, writes) in stuck {
            self.take_over(txn, writes, out);
        }
    }

    fn take_over(&mut self, txn: RequestId, writes: Writes, out: &mut Out) {
        self.highest_round += 1;
        let ballot = Ballot {
            round: self.highest_round,
            node: self.id,
        };
        let now = self.now;
        self.leader = self.id;
        self.leads.insert(txn, Lead::new(ballot, writes.clone(), now));
        if !self.coordinations.contains_key(&txn) {
            let participants = self.participants_of(&writes);
            self.coordinations
                .insert(txn, Coordination::new(writes, participants, now));
        }
        out.push(Effect::Note(Note::TookOver { txn, ballot }));
        self.send_to_acceptors(Message::Phase1a { txn, ballot }, out);
    }

    /// Recovery: an acceptor's promises and accepted votes, record by record.
    pub(super) fn recover_acceptor(&mut self, record: &Record) {
        match record {
            Record::Promised { txn, ballot } => {
                let a = self.acceptor_txn(*txn);
                a.promised = *ballot;
                let instances: Vec<u8> = a.instances.keys().copied().collect();
                for i in instances {
                    let _ = a.instances.get_mut(&i).expect("listed").prepare(*ballot);
                }
            }
            Record::Accepted {
                txn,
                instance,
                ballot,
                prepared,
                writes,
            } => {
                self.accepted_votes += 1;
                let a = self.acceptor_txn(*txn);
                a.writes = Some(writes.clone());
                a.instances.insert(
                    *instance,
                    Instance {
                        promised: *ballot,
                        accepted: Some((*ballot, *prepared)),
                    },
                );
            }
            _ => {}
        }
    }
}
