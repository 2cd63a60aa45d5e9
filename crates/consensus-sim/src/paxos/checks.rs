//! Paxos's safety requirements ("Paxos Made Simple" §2.1) and two acceptor invariants from the TLA+
//! specifications (Paxos, Voting), checked after every step, per slot for Multi-Paxos:
//! - agreement: only a single value is chosen, and a learner learns only that value;
//! - validity: only a value that was proposed (by a client, or a no-op) may be chosen;
//! - promise-monotonic: an acceptor's promised ballot never decreases;
//! - accept-respects-promise: an acceptor never accepts below its promise.
//!
//! "Chosen" is judged from the acceptors' own state, as the Voting spec defines it: a value is chosen in
//! slot s once a majority of acceptors accepted it in one ballot. The check follows every accept, so it
//! sees a choice the moment it happens, whether or not any learner hears of it.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use super::{Ballot, PaxosNode};
use crate::protocol::NodeSlot;
use crate::protocol::{fmt_ms, Checker, Violation};
use crate::protocol::{Command, Effect, Micros, NodeId, Value, MAX_NODES};
use crate::trace::{fingerprint, TraceHash};

type Fast = BuildHasherDefault<TraceHash>;

fn describe(command: &Command) -> String {
    match command {
        Command::Noop => "a no-op".to_string(),
        Command::Client { call, .. } => format!("\"{}\"", call.text),
    }
}

/// How a value came to be decided in a slot.
#[derive(Clone, Copy, Debug)]
enum How {
    /// Accepted by these acceptors (id bits) in one ballot.
    Chosen(Ballot, u16),
    Learned(NodeId),
}

/// A value known to be chosen (or learned) in a slot, for comparison with later ones. Words are made only
/// when a violation needs them.
#[derive(Clone, Debug)]
struct Decided {
    print: u64,
    command: Command,
    at: Micros,
    how: How,
}

impl Decided {
    fn describe(&self) -> String {
        let how = match self.how {
            How::Chosen(ballot, acceptors) => {
                let names: Vec<String> = (1..=MAX_NODES as u8)
                    .filter(|n| acceptors & (1 << n) != 0)
                    .map(|n| format!("S{n}"))
                    .collect();
                format!("was chosen in ballot {ballot} (accepted by {})", names.join(", "))
            }
            How::Learned(by) => format!("was learned by S{by}"),
        };
        format!("{} {how}", describe(&self.command))
    }
}

#[derive(Clone, Debug)]
pub struct PaxosChecker {
    majority: u32,
    /// Each node's promise as of its last step.
    promised: [Ballot; MAX_NODES + 1],
    /// Who accepted what in each (slot, ballot): (fingerprint of the value, acceptors by id bit). Only
    /// looked up, never iterated, so a hash map keeps runs deterministic.
    votes: HashMap<(u64, Ballot), (u64, u16), Fast>,
    /// The value chosen in each slot (by a majority of acceptors), by slot − 1.
    chosen: Vec<Option<Decided>>,
    /// The first value any learner applied in each slot, by slot − 1.
    learned: Vec<Option<Decided>>,
    /// Fingerprints of every value a client proposed.
    proposed: HashSet<u64, Fast>,
}

fn at_slot(list: &mut Vec<Option<Decided>>, slot: u64) -> &mut Option<Decided> {
    let i = slot as usize - 1;
    if list.len() <= i {
        list.resize(i + 1, None);
    }
    &mut list[i]
}

impl PaxosChecker {
    fn valid(&self, command: &Command) -> bool {
        match command {
            Command::Noop => true,
            Command::Client { call, .. } => self.proposed.contains(&fingerprint(&*call.text)),
        }
    }

    /// Checks a newly decided value against what is already known decided in `slot`.
    fn agree(&self, slot: u64, new: &Decided, report: &mut impl FnMut(&'static str, String)) {
        let i = slot as usize - 1;
        for earlier in [self.chosen.get(i), self.learned.get(i)]
            .into_iter()
            .flatten()
            .flatten()
        {
            if earlier.print != new.print {
                return report(
                    "agreement",
                    format!(
                        "slot {slot}: {}, but {} at t={}",
                        new.describe(),
                        earlier.describe(),
                        fmt_ms(earlier.at)
                    ),
                );
            }
        }
    }
}

impl Checker<PaxosNode> for PaxosChecker {
    fn new(cluster_size: u8) -> Self {
        PaxosChecker {
            majority: cluster_size as u32 / 2 + 1,
            promised: [Ballot::default(); MAX_NODES + 1],
            votes: HashMap::default(),
            chosen: Vec::new(),
            learned: Vec::new(),
            proposed: HashSet::default(),
        }
    }

    fn client_request(&mut self, value: &Value) {
        self.proposed.insert(fingerprint(&**value));
    }

    fn after_step(
        &mut self,
        now: Micros,
        id: NodeId,
        nodes: &[NodeSlot<PaxosNode>],
        effects: &[Effect<super::Message, super::Note>],
        found: &mut Vec<Violation>,
    ) {
        let node = &nodes[id as usize - 1].node;
        let before = self.promised[id as usize];
        let mut report = |invariant: &'static str, detail: String| {
            found.push(Violation {
                at: now,
                invariant,
                detail,
            })
        };

        if node.promised < before {
            report(
                "promise-monotonic",
                format!("S{id}'s promise went back from ballot {before} to {}", node.promised),
            );
        }

        {
            for slot in node.accepted.take_changed() {
                let Some(a) = node.accepted.get(slot) else { continue };
                if a.ballot < before {
                    report(
                        "accept-respects-promise",
                        format!(
                            "S{id} accepted {} in ballot {} at slot {slot}, after promising to ignore ballots below {before}",
                            describe(&a.command),
                            a.ballot
                        ),
                    );
                }
                let print = fingerprint(&a.command);
                let (known, acceptors) = self.votes.entry((slot, a.ballot)).or_insert((print, 0));
                if *known != print {
                    report(
                        "agreement",
                        format!(
                            "slot {slot}: S{id} accepted {} in ballot {}, where other acceptors accepted a different value",
                            describe(&a.command),
                            a.ballot
                        ),
                    );
                    continue;
                }
                let was = acceptors.count_ones();
                *acceptors |= 1 << id;
                if was >= self.majority || acceptors.count_ones() < self.majority {
                    continue;
                }
                // A majority just accepted this value in this ballot: it is chosen.
                let decided = Decided {
                    print,
                    command: a.command.clone(),
                    at: now,
                    how: How::Chosen(a.ballot, *acceptors),
                };
                if !self.valid(&a.command) {
                    report(
                        "validity",
                        format!("slot {slot}: {}, but no client proposed it", decided.describe()),
                    );
                }
                self.agree(slot, &decided, &mut report);
                let first = at_slot(&mut self.chosen, slot);
                if first.is_none() {
                    *first = Some(decided);
                }
            }
        }

        for effect in effects {
            let Effect::Commit { index: slot, .. } = effect else {
                continue;
            };
            let Some(c) = node.chosen_at(*slot) else { continue };
            let decided = Decided {
                print: fingerprint(&c.command),
                command: c.command.clone(),
                at: now,
                how: How::Learned(id),
            };
            if !self.valid(&c.command) {
                report(
                    "validity",
                    format!("slot {slot}: {}, which no client proposed", decided.describe()),
                );
            }
            self.agree(*slot, &decided, &mut report);
            let first = at_slot(&mut self.learned, *slot);
            if first.is_none() {
                *first = Some(decided);
            }
        }

        self.promised[id as usize] = node.promised;
    }
}
