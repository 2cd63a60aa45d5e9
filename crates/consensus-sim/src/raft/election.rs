//! Leader election (§5.2), the election restriction (§5.4.1), PreVote (dissertation §9.6), CheckQuorum, and the
//! elections a leadership transfer starts (§3.10).

use super::note::{Note, VoteRefusal};
use super::{Message, Out, RaftNode};
use crate::protocol::{Delay, Effect, NodeId, Role, Timer};

impl RaftNode {
    /// The election timer fired on a follower or candidate: start an election (or a pre-election).
    pub(super) fn tick_election(&mut self, out: &mut Out) {
        if let (Role::Follower, Some(leader)) = (self.role, self.leader_id) {
            out.push(Effect::Suspect { leader });
        }
        if self.config.options.pre_vote {
            self.become_pre_candidate(out);
        } else {
            self.become_candidate(false, out);
        }
    }

    /// CheckQuorum: on a leader the election timer measures contact. Without a majority heard from in one
    /// timeout the leader steps down, so a leader cut off in a minority stops taking requests.
    pub(super) fn tick_check_quorum(&mut self, out: &mut Out) {
        if !self.config.options.check_quorum {
            return;
        }
        let heard = (self.recent_contact | 1 << self.id).count_ones();
        self.recent_contact = 0;
        if heard < self.majority() {
            out.push(Effect::Note(Note::LostQuorum {
                term: self.current_term,
            }));
            self.become_follower(self.current_term, None, out);
        } else {
            out.push(Effect::SetTimer {
                timer: Timer::Election,
                after: Delay::Fixed(self.config.election_timeout.0),
            });
        }
    }

    /// Any message with a higher term, or an AppendEntries of the current term, makes this node a follower.
    ///
    /// A follower's running election timer is left alone: Figure 2 resets it only on AppendEntries from
    /// the current leader or on granting a vote, so a refused candidate with a high term cannot keep the
    /// whole cluster from timing out. A leader or candidate stepping down starts a fresh timer.
    pub(super) fn become_follower(&mut self, term: u64, leader: Option<NodeId>, out: &mut Out) {
        if term > self.current_term {
            self.current_term = term;
            self.voted_for = None;
            out.push(Effect::Persist);
        }
        if self.role == Role::Leader {
            out.push(Effect::CancelTimer {
                timer: Timer::Heartbeat,
            });
        }
        let was_follower = self.role == Role::Follower;
        if !was_follower {
            out.push(Effect::Note(Note::SteppedDown {
                term: self.current_term,
            }));
        }
        self.role = Role::Follower;
        self.leader_id = leader;
        self.votes = 0;
        self.transfer = None;
        self.reset_reads(out);
        if !was_follower {
            self.reset_election_timer(out);
        }
    }

    fn become_pre_candidate(&mut self, out: &mut Out) {
        out.push(Effect::Note(Note::StartedPreVote {
            term: self.current_term + 1,
        }));
        self.role = Role::PreCandidate;
        self.leader_id = None;
        self.votes = 1 << self.id;
        self.reset_election_timer(out);
        if self.has_majority(self.votes) {
            return self.become_candidate(false, out);
        }
        self.broadcast_request_vote(self.current_term + 1, true, false, out);
    }

    /// §5.2: increment currentTerm, vote for self, reset the election timer, send RequestVote to all. A
    /// `transfer` election was asked for by the leader with TimeoutNow (§3.10), and says so.
    pub(super) fn become_candidate(&mut self, transfer: bool, out: &mut Out) {
        self.role = Role::Candidate;
        self.current_term += 1;
        self.voted_for = Some(self.id);
        self.leader_id = None;
        self.votes = 1 << self.id;
        out.push(Effect::Persist);
        out.push(Effect::Note(Note::StartedElection {
            term: self.current_term,
        }));
        self.reset_election_timer(out);
        if self.has_majority(self.votes) {
            return self.become_leader(out);
        }
        self.broadcast_request_vote(self.current_term, false, transfer, out);
    }

    fn become_leader(&mut self, out: &mut Out) {
        out.push(Effect::Note(Note::BecameLeader {
            term: self.current_term,
        }));
        self.role = Role::Leader;
        self.leader_id = Some(self.id);
        self.votes = 0;
        self.transfer = None;
        self.reset_reads(out);
        self.recent_contact = 0;
        let next = self.log.last_index() + 1;
        self.next_index = [next; crate::protocol::MAX_NODES + 1];
        self.match_index = [0; crate::protocol::MAX_NODES + 1];
        out.push(Effect::CancelTimer { timer: Timer::Election });
        if self.config.options.check_quorum {
            out.push(Effect::SetTimer {
                timer: Timer::Election,
                after: Delay::Fixed(self.config.election_timeout.0),
            });
        }
        if self.config.options.leader_noop {
            self.append_own(super::Command::Noop, out);
        }
        self.match_index[self.id as usize] = self.log.last_index();
        self.maybe_commit(out);
        self.tick_heartbeat(out);
    }

    fn broadcast_request_vote(&mut self, term: u64, pre_vote: bool, transfer: bool, out: &mut Out) {
        let (last_log_index, last_log_term) = (self.log.last_index(), self.log.last_term());
        for to in self.peers() {
            out.push(Effect::Send {
                to,
                msg: Message::RequestVote {
                    term,
                    last_log_index,
                    last_log_term,
                    pre_vote,
                    transfer,
                },
            });
        }
    }

    pub(super) fn has_majority(&self, set: u16) -> bool {
        set.count_ones() >= self.majority()
    }

    /// §5.4.1: the candidate's log is at least as up-to-date as ours when its last term is later, or the
    /// same with an index at least as long.
    pub(super) fn log_is_up_to_date(&self, last_log_index: u64, last_log_term: u64) -> bool {
        if self.config.bugs.skip_log_up_to_date_check {
            return true;
        }
        let my_last_term = self.log.last_term();
        last_log_term > my_last_term || (last_log_term == my_last_term && last_log_index >= self.log.last_index())
    }

    /// A RequestVote (or PreVote) from `candidate`, with its last log entry and its flags.
    pub(super) fn handle_request_vote(
        &mut self,
        candidate: NodeId,
        term: u64,
        (last_log_index, last_log_term): (u64, u64),
        (pre_vote, transfer): (bool, bool),
        out: &mut Out,
    ) {
        if pre_vote {
            // A pre-vote changes no state. It is refused while a live leader is being heard from.
            let refusal = if self.heard_from_leader || self.role == Role::Leader {
                Some(VoteRefusal::LeaderAlive)
            } else if term <= self.current_term {
                Some(VoteRefusal::StaleTerm {
                    ours: self.current_term,
                })
            } else {
                self.log_refusal(last_log_index, last_log_term)
            };
            self.note_vote(candidate, term, true, refusal, out);
            let reply_term = if refusal.is_none() { term } else { self.current_term };
            return self.reply_vote(candidate, reply_term, refusal.is_none(), true, out);
        }
        if term > self.current_term && self.lease_protects_leader() && !transfer {
            // §4.2.3, on which leases rest (§6.4.1): within the minimum election timeout of hearing from a
            // leader, a server neither moves to the candidate's term nor votes for it, unless that leader asked
            // for the election (§3.10).
            let refusal = Some(VoteRefusal::LeaderAlive);
            self.note_vote(candidate, term, false, refusal, out);
            return self.reply_vote(candidate, self.current_term, false, false, out);
        }
        if term > self.current_term {
            self.become_follower(term, None, out);
        }
        let refusal = if term < self.current_term {
            Some(VoteRefusal::StaleTerm {
                ours: self.current_term,
            })
        } else {
            match self.voted_for {
                Some(other) if other != candidate => Some(VoteRefusal::AlreadyVoted { for_node: other }),
                _ => self.log_refusal(last_log_index, last_log_term),
            }
        };
        self.note_vote(candidate, term, false, refusal, out);
        if refusal.is_none() {
            self.voted_for = Some(candidate);
            out.push(Effect::Persist);
            self.reset_election_timer(out);
        }
        self.reply_vote(candidate, self.current_term, refusal.is_none(), false, out);
    }

    /// §5.4.1 as a reason: None when the candidate's log is at least as up-to-date.
    fn log_refusal(&self, last_log_index: u64, last_log_term: u64) -> Option<VoteRefusal> {
        (!self.log_is_up_to_date(last_log_index, last_log_term)).then(|| VoteRefusal::LogBehind {
            theirs: (last_log_term, last_log_index),
            ours: (self.log.last_term(), self.log.last_index()),
        })
    }

    fn note_vote(&self, candidate: NodeId, term: u64, pre_vote: bool, refusal: Option<VoteRefusal>, out: &mut Out) {
        out.push(Effect::Note(match refusal {
            None => Note::GrantedVote {
                candidate,
                term,
                pre_vote,
            },
            Some(reason) => Note::RefusedVote {
                candidate,
                term,
                pre_vote,
                reason,
            },
        }));
    }

    fn reply_vote(&self, to: NodeId, term: u64, vote_granted: bool, pre_vote: bool, out: &mut Out) {
        out.push(Effect::Send {
            to,
            msg: Message::RequestVoteReply {
                term,
                vote_granted,
                pre_vote,
            },
        });
    }

    pub(super) fn handle_vote_reply(&mut self, from: NodeId, term: u64, granted: bool, pre_vote: bool, out: &mut Out) {
        if pre_vote {
            if granted && self.role == Role::PreCandidate && term == self.current_term + 1 {
                self.votes |= 1 << from;
                if self.has_majority(self.votes) {
                    self.become_candidate(false, out);
                }
            } else if !granted && term > self.current_term {
                self.become_follower(term, None, out);
            }
            return;
        }
        if term > self.current_term {
            return self.become_follower(term, None, out);
        }
        if granted && self.role == Role::Candidate && term == self.current_term {
            self.votes |= 1 << from;
            if self.has_majority(self.votes) {
                self.become_leader(out);
            }
        }
    }
}
