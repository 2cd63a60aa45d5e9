//! Leadership transfer (dissertation §3.10).
//!
//! Asked to hand leadership to a target, the leader stops taking client commands, brings the target's log up
//! to date with ordinary AppendEntries, then sends it TimeoutNow. The target stands for election at once, with
//! a term one higher than the leader's, so it usually wins before anyone else's timer fires; the old leader
//! steps down as soon as it hears that term. If no new leader shows up within an election timeout, the leader
//! gives up and takes client commands again.
//!
//! The election TimeoutNow starts is marked as a transfer: a voter grants it even within the minimum election
//! timeout of hearing from a leader, which §4.2.3 (and so a lease, §6.4.1) would otherwise forbid. So a leader
//! that sent TimeoutNow no longer trusts its lease for the rest of its term.

use super::note::Note;
use super::{Message, Out, RaftNode};
use crate::protocol::{Effect, Micros, NodeId, Role};

/// A leader's transfer in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// The server to hand leadership to.
    pub to: NodeId,
    /// When the leader was asked, on its own clock.
    started: Micros,
    /// Whether TimeoutNow has gone out.
    sent: bool,
}

impl RaftNode {
    /// The leader was asked to hand leadership to `to` (§3.10). Anyone else ignores it.
    pub(super) fn start_transfer(&mut self, to: NodeId, out: &mut Out) {
        if self.role != Role::Leader {
            return;
        }
        if to == self.id || !(1..=self.cluster_size).contains(&to) {
            return out.push(Effect::Note(Note::TransferRefused { to }));
        }
        self.transfer = Some(Transfer {
            to,
            started: self.reads.clock,
            sent: false,
        });
        out.push(Effect::Note(Note::TransferStarted { to }));
        self.send_append(to, false, out);
        self.continue_transfer(out);
    }

    /// Sends TimeoutNow once the target holds every entry the leader has. Called after the target
    /// acknowledges entries.
    pub(super) fn continue_transfer(&mut self, out: &mut Out) {
        let Some(transfer) = self.transfer.as_mut() else {
            return;
        };
        if transfer.sent || self.match_index[transfer.to as usize] < self.log.last_index() {
            return;
        }
        transfer.sent = true;
        let to = transfer.to;
        // The target's election may take voters who heard this leader moments ago (§4.2.3 gives way to
        // it), so a lease this leader holds no longer means nobody else can lead.
        self.reads.lease_forgone = true;
        out.push(Effect::Note(Note::SentTimeoutNow { to }));
        out.push(Effect::Send {
            to,
            msg: Message::TimeoutNow {
                term: self.current_term,
            },
        });
    }

    /// At each heartbeat: a transfer that has not produced a new leader within an election timeout is given
    /// up, and the leader takes client commands again.
    pub(super) fn expire_transfer(&mut self, out: &mut Out) {
        let Some(transfer) = self.transfer else {
            return;
        };
        if self.reads.clock >= transfer.started + self.config.election_timeout.1 {
            self.transfer = None;
            out.push(Effect::Note(Note::TransferAborted { to: transfer.to }));
        }
    }

    /// Whether the leader is handing leadership over, and so takes no client commands (§3.10).
    pub(super) fn transferring(&self) -> bool {
        self.transfer.is_some()
    }

    /// TimeoutNow from `leader` for `term`: stand for election now, unless it is stale or this node leads.
    pub(super) fn handle_timeout_now(&mut self, leader: NodeId, term: u64, out: &mut Out) {
        if term != self.current_term || self.role == Role::Leader {
            return;
        }
        out.push(Effect::Note(Note::TimedOutNow { leader }));
        self.become_candidate(true, out);
    }
}
