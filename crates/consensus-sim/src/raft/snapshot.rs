//! Log compaction by snapshots (Ongaro's dissertation, chapter 5; the Raft paper's §7 and Figure 13).
//!
//! Once `snapshot_every` entries have been applied since its last snapshot, a server writes its state machine
//! down with the index and term of the last entry applied to it (lastIncludedIndex, lastIncludedTerm) and
//! discards the log up to there. Each server does so on its own. A leader whose log no longer holds the
//! entries a follower needs next sends its snapshot instead, with InstallSnapshot; the follower keeps the log
//! entries that follow the snapshot if its log agrees at the snapshot's last entry, and otherwise discards its
//! whole log, then loads the state machine from the snapshot. The snapshot is persisted with the log, and a
//! restart loads it (§5.1). It is sent whole, in one message: the paper's chunks (offset, done) only matter
//! for snapshots larger than a message, which this key/value store never is.

use std::hash::{Hash, Hasher};
use std::rc::Rc;

use super::note::{AppendRefusal, Note};
use super::{Message, Out, RaftNode};
use crate::protocol::kv::Store;
use crate::protocol::{Effect, NodeId, Role};

/// A snapshot of the state machine (Figure 5.1): what applying every entry up to lastIncludedIndex gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub last_included_index: u64,
    pub last_included_term: u64,
    /// The key/value store, with the clients' sessions (§6.3), as of lastIncludedIndex.
    pub state: Store,
}

/// A snapshot is named by its last included entry: two with the same are the same snapshot (the safety
/// checks make sure), so the run's trace need not hash the store.
impl Hash for Snapshot {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.last_included_index, self.last_included_term).hash(state);
    }
}

impl RaftNode {
    /// A snapshot once `snapshot_every` entries were applied since the last one. Asked at the start of each
    /// input, not where entries are applied: the step that applies an entry still holds it, so the safety
    /// checks read what was applied from the log itself.
    pub(super) fn maybe_snapshot(&mut self, out: &mut Out) {
        let every = self.config.snapshot_every;
        if every == 0 || self.last_applied < self.log.snapshot_index() + every {
            return;
        }
        let index = self.last_applied;
        // The deliberate bug: the snapshot records the server's current term, not the term of its last
        // included entry, as if the two were the same.
        let term = if self.config.bugs.snapshot_wrong_term {
            self.current_term
        } else {
            self.log.term_at(index)
        };
        self.log.compact_through(index, term);
        self.snapshot = Some(Rc::new(Snapshot {
            last_included_index: index,
            last_included_term: term,
            state: self.state_machine.clone(),
        }));
        out.push(Effect::Persist);
        out.push(Effect::Note(Note::TookSnapshot { index, term }));
    }

    /// The leader no longer holds the entries `to` needs next: send its snapshot (Figure 13).
    pub(super) fn send_snapshot(&self, to: NodeId, out: &mut Out) {
        let Some(snapshot) = self.snapshot.clone() else {
            return;
        };
        out.push(Effect::Send {
            to,
            msg: Message::InstallSnapshot {
                term: self.current_term,
                snapshot,
            },
        });
    }

    /// InstallSnapshot's receiver implementation (Figure 13).
    pub(super) fn handle_install_snapshot(&mut self, leader: NodeId, term: u64, snapshot: Rc<Snapshot>, out: &mut Out) {
        // 1. Reply immediately if term < currentTerm.
        if term < self.current_term {
            let reason = AppendRefusal::StaleTerm {
                ours: self.current_term,
            };
            out.push(Effect::Note(Note::RejectedAppend { leader, reason }));
            return self.reply_snapshot(leader, 0, out);
        }
        self.follow(leader, term, false, out);
        let (index, last_term) = (snapshot.last_included_index, snapshot.last_included_term);
        if index <= self.commit_index {
            // A snapshot of entries this server has already committed: nothing to load. It tells the leader
            // it holds the log through there only if it knows its log agrees (an entry it compacted is a
            // committed one); a leader whose snapshot disagrees with committed entries exists only under a
            // deliberate bug, and is told 0 rather than a match that is not one.
            let agrees = index < self.log.snapshot_index() || self.log.term_at(index) == last_term;
            return self.reply_snapshot(leader, if agrees { index } else { 0 }, out);
        }
        // 6. If an existing entry has the snapshot's last index and term, keep the entries that follow it;
        // 7. otherwise discard the entire log.
        if self.log.term_at(index) != last_term {
            self.log.truncate_from(self.log.snapshot_index() + 1);
        }
        self.log.compact_through(index, last_term);
        // 8. Reset the state machine using the snapshot's contents.
        self.state_machine = snapshot.state.clone();
        self.commit_index = index;
        self.last_applied = index;
        self.snapshot = Some(snapshot);
        out.push(Effect::Persist);
        out.push(Effect::Note(Note::InstalledSnapshot { leader, index }));
        self.reply_snapshot(leader, index, out);
    }

    fn reply_snapshot(&self, to: NodeId, match_index: u64, out: &mut Out) {
        out.push(Effect::Send {
            to,
            msg: Message::InstallSnapshotReply {
                term: self.current_term,
                match_index,
            },
        });
    }

    /// A follower answered InstallSnapshot: it now holds everything up to `match_index`.
    pub(super) fn handle_snapshot_reply(&mut self, from: NodeId, term: u64, match_index: u64, out: &mut Out) {
        if term > self.current_term {
            return self.become_follower(term, None, out);
        }
        if self.role != Role::Leader || term != self.current_term {
            return;
        }
        self.recent_contact |= 1 << from;
        if match_index > 0 {
            self.replicated(from, match_index, out);
        }
    }
}
