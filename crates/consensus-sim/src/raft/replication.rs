//! Log replication (§5.3) and commitment (§5.4.2).

use super::note::{AppendRefusal, Note};
use super::{Command, Entry, Message, Out, RaftNode, MAX_BATCH};
use crate::protocol::kv::ReadPath;
use crate::protocol::{ClientOutcome, Delay, Effect, NodeId, RequestId, Role, SharedCall, Timer};

impl RaftNode {
    /// The heartbeat timer fired on the leader: send AppendEntries to every follower, carrying whatever
    /// entries each still lacks (none makes it a pure heartbeat).
    pub(super) fn tick_heartbeat(&mut self, out: &mut Out) {
        if self.config.read_path == ReadPath::Lease {
            self.new_round();
        }
        self.expire_transfer(out);
        for peer in self.peers() {
            self.send_append(peer, true, out);
        }
        out.push(Effect::SetTimer {
            timer: Timer::Heartbeat,
            after: Delay::Fixed(self.config.heartbeat),
        });
    }

    /// Only called on the leader; `heartbeat` when its heartbeat timer sends it. A follower that needs
    /// entries the leader compacted away gets its snapshot instead (`snapshot.rs`).
    pub(super) fn send_append(&self, to: NodeId, heartbeat: bool, out: &mut Out) {
        let next = self.next_index[to as usize].clamp(1, self.log.last_index() + 1);
        if next <= self.log.snapshot_index() {
            return self.send_snapshot(to, out);
        }
        let prev_log_index = next - 1;
        out.push(Effect::Send {
            to,
            msg: Message::AppendEntries {
                term: self.current_term,
                prev_log_index,
                prev_log_term: self.log.term_at(prev_log_index),
                entries: self.log.slice_from(next, MAX_BATCH),
                leader_commit: self.commit_index,
                round: self.reads.round,
                heartbeat,
            },
        });
    }

    /// Appends an entry of the leader's own term and counts it as stored on the leader.
    pub(super) fn append_own(&mut self, command: Command, out: &mut Out) {
        self.log.append(Entry {
            term: self.current_term,
            command,
        });
        self.match_index[self.id as usize] = self.log.last_index();
        out.push(Effect::Persist);
    }

    /// A client command arrived. A get takes the read path the configuration names (`reads.rs`). A leader
    /// logs it (once, even if the client retries) and replicates it at once; anyone else redirects the client
    /// to the leader it knows. A leader handing leadership over takes none (§3.10): the client retries later.
    pub(super) fn propose(&mut self, request: RequestId, call: SharedCall, out: &mut Out) {
        if call.is_read() && self.config.read_path != ReadPath::Log {
            return self.read(request, call, out);
        }
        if self.role != Role::Leader {
            return out.push(Effect::Reply {
                request,
                outcome: ClientOutcome::Redirect(self.leader_id),
            });
        }
        if self.transferring() {
            return out.push(Effect::Reply {
                request,
                outcome: ClientOutcome::Redirect(None),
            });
        }
        // A retry of a request this leader already logged in its own term is not logged twice. One logged
        // in an earlier term is logged again: an old-term entry commits only behind a current-term entry
        // (§5.4.2), so without a new entry the client could wait forever; the state machine's client sessions
        // apply it once however often it is logged (§6.3).
        // Retries come a retry interval apart, so only the newest entries need a look.
        let term = self.current_term;
        let already_logged = self
            .log
            .iter()
            .rev()
            .take(256)
            .take_while(|e| e.term == term)
            .any(|e| e.command.is_request(request));
        if !already_logged {
            self.append_own(Command::Client { request, call }, out);
            out.push(Effect::Note(Note::LoggedRequest {
                index: self.log.last_index(),
            }));
            self.maybe_commit(out);
            for peer in self.peers() {
                if self.next_index[peer as usize] == self.log.last_index() {
                    self.send_append(peer, false, out);
                }
            }
        }
        out.push(Effect::Reply {
            request,
            outcome: ClientOutcome::Accepted,
        });
    }

    /// The receiver implementation of AppendEntries, Figure 2: (prevLogIndex, prevLogTerm, entries[],
    /// leaderCommit) as `append`.
    pub(super) fn handle_append_entries(
        &mut self,
        leader: NodeId,
        term: u64,
        (prev_log_index, prev_log_term, entries, leader_commit): (u64, u64, Vec<Entry>, u64),
        heartbeat: bool,
        out: &mut Out,
    ) {
        // 1. Reply false if term < currentTerm.
        if term < self.current_term {
            let reason = AppendRefusal::StaleTerm {
                ours: self.current_term,
            };
            out.push(Effect::Note(Note::RejectedAppend { leader, reason }));
            return self.reply_append(leader, false, 0, (0, 0), out);
        }
        self.follow(leader, term, heartbeat, out);

        // 2. Reply false if the log has no entry at prevLogIndex whose term matches prevLogTerm. Entries this
        // server compacted into its snapshot are committed, so they match any current leader's; the one entry
        // it still knows the term of, the snapshot's last, is checked if the leader sends it.
        let (base, base_term) = (self.log.snapshot_index(), self.log.snapshot_term());
        let compacted = prev_log_index < base;
        let sent_at_base = entries.get(base.saturating_sub(prev_log_index + 1) as usize);
        if let (true, Some(theirs)) = (compacted, sent_at_base.map(|e| e.term)) {
            if theirs != base_term {
                let reason = AppendRefusal::TermMismatch {
                    index: base,
                    ours: base_term,
                    theirs,
                };
                out.push(Effect::Note(Note::RejectedAppend { leader, reason }));
                return self.reply_append(leader, false, 0, (base_term, base), out);
            }
        }
        if prev_log_index > self.log.last_index() {
            let reason = AppendRefusal::MissingEntry { index: prev_log_index };
            out.push(Effect::Note(Note::RejectedAppend { leader, reason }));
            return self.reply_append(leader, false, 0, (0, self.log.last_index() + 1), out);
        }
        let have = self.log.term_at(prev_log_index);
        if have != prev_log_term && !compacted {
            let reason = AppendRefusal::TermMismatch {
                index: prev_log_index,
                ours: have,
                theirs: prev_log_term,
            };
            out.push(Effect::Note(Note::RejectedAppend { leader, reason }));
            let first = self.log.first_index_of_term(have, prev_log_index);
            return self.reply_append(leader, false, 0, (have, first), out);
        }
        // 3 and 4. Delete a conflicting suffix, then append what is new. Entries that already match stay,
        // so a stale, reordered AppendEntries never truncates newer entries.
        let mut changed = 0;
        for (offset, entry) in entries.iter().enumerate() {
            let index = prev_log_index + 1 + offset as u64;
            if index <= self.log.snapshot_index() {
                continue;
            }
            if index <= self.log.last_index() {
                if self.log.term_at(index) == entry.term {
                    continue;
                }
                self.log.truncate_from(index);
                out.push(Effect::Note(Note::TruncatedLog { index }));
            }
            self.log.append(entry.clone());
            changed += 1;
        }
        if changed > 0 {
            out.push(Effect::Persist);
            out.push(Effect::Note(Note::AppendedEntries {
                leader,
                count: changed,
                last_index: self.log.last_index(),
            }));
        }
        // 5. commitIndex = min(leaderCommit, index of last new entry).
        let last_new = prev_log_index + entries.len() as u64;
        let learned = leader_commit.min(last_new);
        if learned > self.commit_index {
            self.commit_index = learned;
            out.push(Effect::Note(Note::AdvancedCommit { index: learned }));
            self.apply_committed(out);
        }
        self.reply_append(leader, true, last_new, (0, 0), out);
    }

    /// A current leader of `term` exists: stop any election and follow it, its message heard now.
    pub(super) fn follow(&mut self, leader: NodeId, term: u64, heartbeat: bool, out: &mut Out) {
        if term > self.current_term || self.role != Role::Follower {
            self.become_follower(term, Some(leader), out);
        }
        self.heard_from(leader, heartbeat, out);
        self.leader_id = Some(leader);
        self.heard_from_leader = true;
        self.reads.leader_heard_at = Some(self.reads.clock);
    }

    fn reply_append(&self, to: NodeId, success: bool, match_index: u64, conflict: (u64, u64), out: &mut Out) {
        out.push(Effect::Send {
            to,
            msg: Message::AppendEntriesReply {
                term: self.current_term,
                success,
                match_index,
                conflict,
                round: self.reads.echo,
            },
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle_append_reply(
        &mut self,
        from: NodeId,
        term: u64,
        success: bool,
        match_index: u64,
        conflict: (u64, u64),
        round: u64,
        out: &mut Out,
    ) {
        if term > self.current_term {
            return self.become_follower(term, None, out);
        }
        if self.role != Role::Leader || term != self.current_term {
            return; // a reply to an earlier term's request
        }
        self.recent_contact |= 1 << from;
        self.round_acknowledged(from, round, out);
        let peer = from as usize;
        if success {
            return self.replicated(from, match_index, out);
        }
        // Back off and retry. Never below what is known to match.
        let floor = self.match_index[peer] + 1;
        let (conflict_term, conflict_index) = conflict;
        let next = if !self.config.options.conflict_hint {
            self.next_index[peer].saturating_sub(1)
        } else if conflict_term == 0 {
            conflict_index
        } else {
            // Skip the follower's whole conflicting term, or to just past our own last entry of it.
            match self.log.last_index_of_term(conflict_term) {
                Some(last) => last + 1,
                None => conflict_index,
            }
        };
        // A follower whose log is too short says so even without the hint option: it is the plain answer.
        let next = if conflict_term == 0 && conflict_index > 0 {
            next.min(conflict_index)
        } else {
            next
        };
        let before = self.next_index[peer];
        self.next_index[peer] = next.max(floor);
        // A refusal that cannot move nextIndex, already just past what the follower confirmed, is stale, or
        // comes from a follower whose committed log contradicts the leader's (only under a deliberate bug):
        // answering it at once would echo for ever. The next heartbeat retries.
        if self.next_index[peer] == before && before == floor {
            return;
        }
        self.send_append(from, false, out);
    }

    /// `from` holds the leader's log up to `match_index`: commit what a majority now holds, send it what
    /// follows, and go on with a transfer waiting for it.
    pub(super) fn replicated(&mut self, from: NodeId, match_index: u64, out: &mut Out) {
        let peer = from as usize;
        if match_index > self.match_index[peer] {
            self.match_index[peer] = match_index;
            self.maybe_commit(out);
        }
        self.next_index[peer] = self.next_index[peer].max(self.match_index[peer] + 1);
        if self.next_index[peer] <= self.log.last_index() {
            self.send_append(from, false, out);
        }
        self.continue_transfer(out);
    }

    /// §5.4.2: commit the highest index stored on a majority, but only by counting replicas of an entry from
    /// the leader's current term. Earlier entries then commit with it (Log Matching).
    pub(super) fn maybe_commit(&mut self, out: &mut Out) {
        let mut index = self.log.last_index();
        while index > self.commit_index {
            let term = self.log.term_at(index);
            if term != self.current_term && !self.config.bugs.commit_previous_term {
                break; // entries below are older still
            }
            let stored = (1..=self.cluster_size)
                .filter(|&p| self.match_index[p as usize] >= index)
                .count() as u32;
            if stored >= self.majority() {
                self.commit_index = index;
                out.push(Effect::Note(Note::AdvancedCommit { index }));
                self.apply_committed(out);
                return;
            }
            index -= 1;
        }
    }
}
