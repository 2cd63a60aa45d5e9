//! Atomic commitment's safety properties, checked after every step (Bernstein, Hadzilacos & Goodman, §7.2,
//! AC1 to AC4; TLA+'s TCConsistent is atomicity):
//! - atomicity: no transaction commits at one participant and aborts at another;
//! - commit-validity: a participant commits only if every participant voted yes;
//! - abort-validity: a participant aborts only if someone voted no, or someone timed out (or lost its
//!   state in a crash) before every yes was in;
//! - durability: an outcome a node decided or learned survives its crashes (and, under Paxos Commit, so
//!   does every vote an acceptor accepted).

use super::note::Why;
use super::{bit, CommitNode};
use crate::protocol::txn::TxnState;
use crate::protocol::{Checker, Effect, Micros, NodeId, NodeSlot, RequestId, Violation};
use crate::sorted_map::SortedMap;

/// What the checker has seen of one transaction, across all nodes and crashes.
#[derive(Clone, Debug, Default)]
struct Facts {
    participants: u16,
    yes: u16,
    /// Participants that aborted without having voted yes: a no, or an abort before voting.
    no: u16,
    committed: u16,
    aborted: u16,
    /// Someone gave up on it: a timeout, a presumed abort, or 3PC's termination.
    gave_up: bool,
    /// Atomicity is reported once per transaction.
    split: bool,
}

#[derive(Clone, Debug)]
pub struct CommitChecker {
    txns: SortedMap<RequestId, Facts>,
    /// Per node (by id − 1): the outcomes it decided or learned, which it must never forget.
    decided: Vec<SortedMap<RequestId, bool>>,
    /// Per node: the votes it held accepted as an acceptor.
    accepted: Vec<u64>,
}

fn outcome_name(commit: bool) -> &'static str {
    if commit {
        "commit"
    } else {
        "abort"
    }
}

fn names(nodes: u16) -> String {
    (1..16)
        .filter(|&i| nodes & bit(i as NodeId) != 0)
        .map(|i| format!("S{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl CommitChecker {
    fn facts(&mut self, txn: RequestId) -> &mut Facts {
        if !self.txns.contains_key(&txn) {
            self.txns.insert(txn, Facts::default());
        }
        self.txns.get_mut(&txn).expect("inserted")
    }

    /// What node `node` now holds as the outcome of `txn`, as participant, coordinator or acceptor.
    fn holds(node: &CommitNode, txn: RequestId) -> Option<bool> {
        node.parts
            .get(&txn)
            .and_then(|p| p.state.outcome())
            .or_else(|| node.outcomes.get(&txn).copied())
    }

    fn recovered(&mut self, now: Micros, id: NodeId, node: &CommitNode, found: &mut Vec<Violation>) {
        let i = id as usize - 1;
        for (&txn, &commit) in self.decided[i].iter() {
            let now_holds = Self::holds(node, txn);
            if now_holds != Some(commit) {
                found.push(Violation {
                    at: now,
                    invariant: "durability",
                    detail: format!(
                        "S{id} knew T{txn} would {} before it crashed; after restarting it {}",
                        outcome_name(commit),
                        match now_holds {
                            None => "has no record of the outcome".to_string(),
                            Some(c) => format!("holds {}", outcome_name(c)),
                        }
                    ),
                });
            }
        }
        if node.accepted_votes < self.accepted[i] {
            found.push(Violation {
                at: now,
                invariant: "durability",
                detail: format!(
                    "acceptor S{id} held {} accepted votes before it crashed and {} after: an accept it answered was never logged",
                    self.accepted[i], node.accepted_votes
                ),
            });
        }
    }

    /// A participant's state changed: record its vote, and judge its outcome.
    fn participant_changed(&mut self, now: Micros, id: NodeId, node: &CommitNode, txn: RequestId) -> Vec<Violation> {
        let mut found = Vec::new();
        let Some(part) = node.parts.get(&txn) else {
            return found;
        };
        let participants = if part.writes.is_empty() {
            0
        } else {
            node.participants_of(&part.writes)
        };
        let me = bit(id);
        let facts = self.facts(txn);
        facts.participants |= participants;
        match part.state {
            TxnState::Prepared | TxnState::PreCommitted => facts.yes |= me,
            TxnState::Committed => {
                facts.committed |= me;
                let missing = facts.participants & !facts.yes;
                if missing != 0 {
                    found.push(Violation {
                        at: now,
                        invariant: "commit-validity",
                        detail: format!("S{id} committed T{txn}, but {} never voted yes", names(missing)),
                    });
                }
            }
            TxnState::Aborted => {
                if facts.yes & me == 0 {
                    facts.no |= me;
                }
                facts.aborted |= me;
                let everyone_yes = facts.participants != 0 && facts.yes & facts.participants == facts.participants;
                if everyone_yes && facts.no == 0 && !facts.gave_up {
                    found.push(Violation {
                        at: now,
                        invariant: "abort-validity",
                        detail: format!(
                            "S{id} aborted T{txn}, though every participant voted yes and nobody timed out"
                        ),
                    });
                }
            }
            TxnState::Waiting => {}
        }
        if facts.committed != 0 && facts.aborted != 0 && !facts.split {
            facts.split = true;
            found.push(Violation {
                at: now,
                invariant: "atomicity",
                detail: format!(
                    "T{txn} committed at {} and aborted at {}",
                    names(facts.committed),
                    names(facts.aborted)
                ),
            });
        }
        if let Some(commit) = part.state.outcome() {
            self.decided[id as usize - 1].insert(txn, commit);
        }
        found
    }
}

impl Checker<CommitNode> for CommitChecker {
    fn new(cluster_size: u8) -> Self {
        CommitChecker {
            txns: SortedMap::new(),
            decided: vec![SortedMap::new(); cluster_size as usize],
            accepted: vec![0; cluster_size as usize],
        }
    }

    fn after_step(
        &mut self,
        now: Micros,
        id: NodeId,
        nodes: &[NodeSlot<CommitNode>],
        _effects: &[Effect<super::Message, super::Note>],
        found: &mut Vec<Violation>,
    ) {
        let node = &nodes[id as usize - 1].node;
        if node.take_recovered() {
            self.recovered(now, id, node, found);
        }
        self.accepted[id as usize - 1] = node.accepted_votes;
        for (txn, commit, why) in node.take_decisions() {
            if !commit && matches!(why, Why::TimedOut | Why::Presumed | Why::Terminated) {
                self.facts(txn).gave_up = true;
            }
            self.decided[id as usize - 1].insert(txn, commit);
        }
        for txn in node.take_changed() {
            found.extend(self.participant_changed(now, id, node, txn));
        }
    }
}
