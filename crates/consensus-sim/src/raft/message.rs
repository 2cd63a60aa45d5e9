//! Raft's messages (Figure 2), plus the PreVote flag of the dissertation's §9.6 and the leadership transfer
//! of §3.10 (TimeoutNow, and the flag that lets its election through §4.2.3).

use std::rc::Rc;

use super::log::Entry;
use super::snapshot::Snapshot;
use crate::protocol::{listed, MessageMeta};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Message {
    RequestVote {
        term: u64,
        last_log_index: u64,
        last_log_term: u64,
        /// A PreVote asks "would you vote for me in `term`?" without anyone changing term.
        pre_vote: bool,
        /// Sent in an election a leader asked for with TimeoutNow (§3.10): voters grant it even within the
        /// minimum election timeout of hearing from that leader, which §4.2.3 would otherwise forbid.
        transfer: bool,
    },
    RequestVoteReply {
        term: u64,
        vote_granted: bool,
        pre_vote: bool,
    },
    AppendEntries {
        term: u64,
        prev_log_index: u64,
        prev_log_term: u64,
        entries: Vec<Entry>,
        leader_commit: u64,
        /// The leader's heartbeat round, echoed in the reply, so a read can be confirmed by a round sent after
        /// it arrived (dissertation §6.4; etcd's ReadIndex context). Not in Figure 2.
        round: u64,
        /// Sent by the leader's heartbeat timer, as etcd sends MsgHeartbeat: its rhythm is the leader's own,
        /// which phi accrual samples. Not in Figure 2.
        heartbeat: bool,
    },
    AppendEntriesReply {
        term: u64,
        success: bool,
        /// On success: the index of the last entry now known to match the leader's.
        match_index: u64,
        /// On failure: where the follower suggests the leader retry, (conflicting term, its first index),
        /// or (0, last index + 1) when the follower's log is too short.
        conflict: (u64, u64),
        /// The round of the AppendEntries this answers.
        round: u64,
    },
    /// §3.10: the leader tells a caught-up follower to start an election now, without waiting for its timer.
    TimeoutNow { term: u64 },
    /// Figure 13: the leader sends its snapshot to a follower that needs entries it compacted away. The
    /// snapshot carries lastIncludedIndex, lastIncludedTerm and the data; it is sent whole (no offset, done).
    InstallSnapshot { term: u64, snapshot: Rc<Snapshot> },
    /// Figure 13's reply, with the index the follower now holds the log through (as AppendEntries' reply
    /// tells matchIndex); 0 when refused for a stale term.
    InstallSnapshotReply { term: u64, match_index: u64 },
}

impl MessageMeta for Message {
    fn kind(&self) -> &'static str {
        match self {
            Message::RequestVote { pre_vote: false, .. } => "RequestVote",
            Message::RequestVote { pre_vote: true, .. } => "PreVote",
            Message::RequestVoteReply { pre_vote: false, .. } => "RequestVoteReply",
            Message::RequestVoteReply { pre_vote: true, .. } => "PreVoteReply",
            Message::AppendEntries { .. } => "AppendEntries",
            Message::AppendEntriesReply { .. } => "AppendEntriesReply",
            Message::TimeoutNow { .. } => "TimeoutNow",
            Message::InstallSnapshot { .. } => "InstallSnapshot",
            Message::InstallSnapshotReply { .. } => "InstallSnapshotReply",
        }
    }

    fn term(&self) -> u64 {
        match self {
            Message::RequestVote { term, .. }
            | Message::RequestVoteReply { term, .. }
            | Message::AppendEntries { term, .. }
            | Message::AppendEntriesReply { term, .. }
            | Message::TimeoutNow { term }
            | Message::InstallSnapshot { term, .. }
            | Message::InstallSnapshotReply { term, .. } => *term,
        }
    }

    fn is_reply(&self) -> bool {
        matches!(
            self,
            Message::RequestVoteReply { .. }
                | Message::AppendEntriesReply { .. }
                | Message::InstallSnapshotReply { .. }
        )
    }

    fn success(&self) -> Option<bool> {
        match self {
            Message::RequestVoteReply { vote_granted, .. } => Some(*vote_granted),
            Message::AppendEntriesReply { success, .. } => Some(*success),
            Message::InstallSnapshotReply { match_index, .. } => Some(*match_index > 0),
            _ => None,
        }
    }

    fn entry_count(&self) -> usize {
        match self {
            Message::AppendEntries { entries, .. } => entries.len(),
            _ => 0,
        }
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let yes = |b: bool| if b { "true" } else { "false" }.to_string();
        match self {
            Message::RequestVote {
                term,
                last_log_index,
                last_log_term,
                pre_vote,
                transfer,
            } => {
                let mut fields = vec![
                    ("term", term.to_string()),
                    ("lastLogIndex", last_log_index.to_string()),
                    ("lastLogTerm", last_log_term.to_string()),
                ];
                if *pre_vote {
                    // §9.6: asks whether it could win `term`, which nobody takes on yet.
                    fields.push(("preVote", yes(true)));
                }
                if *transfer {
                    // §3.10 and §4.2.3: a leader asked for this election, so a voter that hears it still votes.
                    fields.push(("leadershipTransfer", yes(true)));
                }
                fields
            }
            Message::RequestVoteReply { term, vote_granted, .. } => {
                vec![("term", term.to_string()), ("voteGranted", yes(*vote_granted))]
            }
            Message::AppendEntries {
                term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
                ..
            } => vec![
                ("term", term.to_string()),
                ("prevLogIndex", prev_log_index.to_string()),
                ("prevLogTerm", prev_log_term.to_string()),
                (
                    "entries[]",
                    listed(
                        entries.iter().enumerate().map(|(i, e)| {
                            format!("{}: {} (term {})", prev_log_index + 1 + i as u64, e.command, e.term)
                        }),
                        "none: a heartbeat",
                    ),
                ),
                ("leaderCommit", leader_commit.to_string()),
            ],
            Message::AppendEntriesReply {
                term,
                success,
                match_index,
                conflict,
                ..
            } => {
                let mut fields = vec![("term", term.to_string()), ("success", yes(*success))];
                if *success {
                    fields.push(("matchIndex", match_index.to_string()));
                } else {
                    // Where to retry (the dissertation's §5.3 optimisation): the conflicting term and its first index.
                    fields.push(("conflictTerm", conflict.0.to_string()));
                    fields.push(("conflictIndex", conflict.1.to_string()));
                }
                fields
            }
            Message::TimeoutNow { term } => vec![("term", term.to_string())],
            Message::InstallSnapshot { term, snapshot } => vec![
                ("term", term.to_string()),
                ("lastIncludedIndex", snapshot.last_included_index.to_string()),
                ("lastIncludedTerm", snapshot.last_included_term.to_string()),
                (
                    "data",
                    listed(snapshot.state.iter().map(|(k, v)| format!("{k}={v}")), "an empty store"),
                ),
            ],
            Message::InstallSnapshotReply { term, match_index } => {
                vec![("term", term.to_string()), ("matchIndex", match_index.to_string())]
            }
        }
    }
}
