//! The acceptor: it promises, accepts, and remembers both on stable storage ("Paxos Made Simple" §2.2,
//! P1a: an acceptor can accept a proposal numbered n iff it has not responded to a prepare request having
//! a number greater than n).

use std::cell::RefCell;

use crate::chunked::Chunked;

use super::note::Note;
use super::{Accepted, Ballot, Message, Out, PaxosNode};
use crate::protocol::{Command, Effect, NodeId};

/// An acceptor's accepted proposals by slot, 1-based. Like Raft's log it remembers which slots changed
/// since the checker last looked, so the checks stay incremental and the protocol cannot under-report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptedLog {
    /// Shared between clones, chunk by chunk, like a Raft log.
    slots: Chunked<Option<Accepted>>,
    /// The slots written since the last look. A `RefCell` so the checker can take them through the shared
    /// view it is given.
    changed: RefCell<Vec<u64>>,
}

impl AcceptedLog {
    pub fn get(&self, slot: u64) -> Option<&Accepted> {
        self.slots.get(slot.checked_sub(1)? as usize)?.as_ref()
    }

    pub fn last_slot(&self) -> u64 {
        self.slots.len() as u64
    }

    pub fn set(&mut self, slot: u64, accepted: Accepted) {
        let i = slot as usize - 1;
        while self.slots.len() <= i {
            self.slots.push(None);
        }
        self.slots.set(i, Some(accepted));
        self.changed.get_mut().push(slot);
    }

    /// Every accepted proposal from `slot` on, as a promise reports them.
    pub fn from_slot(&self, slot: u64) -> Vec<(u64, Accepted)> {
        let start = slot.max(1) as usize - 1;
        (start..self.slots.len())
            .filter_map(|i| Some((i as u64 + 1, self.slots.get(i)?.clone()?)))
            .collect()
    }

    pub fn highest_round(&self) -> u64 {
        self.slots.iter().flatten().map(|a| a.ballot.round).max().unwrap_or(0)
    }

    /// The slots written since the last call, which clears them.
    pub fn take_changed(&self) -> Vec<u64> {
        self.changed.take()
    }
}

impl PaxosNode {
    /// Phase 1b: promise, unless a higher ballot was promised already. An equal ballot is promised again,
    /// so a duplicated Prepare gets the same answer.
    pub(super) fn handle_prepare(&mut self, from: NodeId, ballot: Ballot, from_slot: u64, out: &mut Out) {
        if self.lease_protects_leader(from) && self.leader != Some(from) {
            // Under leases, a leader heard from recently may be answering reads alone: no other proposer
            // may win Phase 1 until its lease has surely lapsed.
            return;
        }
        self.see(ballot, out);
        if self.promised.allows(ballot) {
            self.promised = ballot;
            out.push(Effect::Persist);
            out.push(Effect::Note(Note::Promised { proposer: from, ballot }));
            if !self.config.single_decree {
                // A live proposer is trying to lead: give it a full timeout before competing with it.
                self.leader = None;
                self.reset_election_timer(out);
            }
            let accepted = self.accepted.from_slot(from_slot);
            out.push(Effect::Send {
                to: from,
                msg: Message::Promise {
                    ballot,
                    ok: true,
                    promised: ballot,
                    accepted,
                },
            });
        } else {
            out.push(Effect::Note(Note::RefusedPrepare {
                proposer: from,
                ballot,
                promised: self.promised,
            }));
            out.push(Effect::Send {
                to: from,
                msg: Message::Promise {
                    ballot,
                    ok: false,
                    promised: self.promised,
                    accepted: Vec::new(),
                },
            });
        }
    }

    /// Phase 2b: accept, unless a higher ballot was promised.
    pub(super) fn handle_accept(&mut self, from: NodeId, ballot: Ballot, entries: Vec<(u64, Command)>, out: &mut Out) {
        self.see(ballot, out);
        let respects_promise = self.promised.allows(ballot);
        let slots: Vec<u64> = entries.iter().map(|(slot, _)| *slot).collect();
        if !respects_promise && !self.config.bugs.accept_lower_ballot {
            out.push(Effect::Note(Note::RefusedAccept {
                proposer: from,
                ballot,
                promised: self.promised,
            }));
            return out.push(Effect::Send {
                to: from,
                msg: Message::Accepted {
                    ballot,
                    ok: false,
                    promised: self.promised,
                    slots,
                },
            });
        }
        if respects_promise {
            // Accepting a ballot is promising it too: nothing below it may be accepted from now on.
            self.promised = ballot;
        }
        let (first, count) = (slots.first().copied().unwrap_or(0), slots.len() as u64);
        let value = entries.first().and_then(|(_, command)| command.value().cloned());
        for (slot, command) in entries {
            self.accept_own(slot, ballot, command);
        }
        out.push(Effect::Persist);
        out.push(Effect::Note(Note::Accepted {
            proposer: from,
            ballot,
            slot: first,
            count,
            value,
        }));
        out.push(Effect::Send {
            to: from,
            msg: Message::Accepted {
                ballot,
                ok: true,
                promised: self.promised,
                slots,
            },
        });
        if respects_promise {
            self.heard_from_leader(from, (ballot, false), 0, out);
        }
        if self.config.single_decree && self.chosen_at(1).is_none() && !self.proposing() && !self.backing_off {
            // If the learn that should follow is lost, this acceptor asks again after a timeout.
            self.reset_election_timer(out);
        }
    }

    /// Records an accepted proposal; the caller persists.
    pub(super) fn accept_own(&mut self, slot: u64, ballot: Ballot, command: Command) {
        self.accepted.set(slot, Accepted { ballot, command });
    }
}
