//! Raft's messages (Figure 2), plus the PreVote flag of the dissertation's §9.6.

use super::log::Entry;
use crate::protocol::MessageMeta;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Message {
    RequestVote {
        term: u64,
        last_log_index: u64,
        last_log_term: u64,
        /// A PreVote asks "would you vote for me in `term`?" without anyone changing term.
        pre_vote: bool,
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
    },
    AppendEntriesReply {
        term: u64,
        success: bool,
        /// On success: the index of the last entry now known to match the leader's.
        match_index: u64,
        /// On failure: where the follower suggests the leader retry, (conflicting term, its first index),
        /// or (0, last index + 1) when the follower's log is too short.
        conflict: (u64, u64),
    },
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
        }
    }

    fn term(&self) -> u64 {
        match self {
            Message::RequestVote { term, .. }
            | Message::RequestVoteReply { term, .. }
            | Message::AppendEntries { term, .. }
            | Message::AppendEntriesReply { term, .. } => *term,
        }
    }

    fn is_reply(&self) -> bool {
        matches!(
            self,
            Message::RequestVoteReply { .. } | Message::AppendEntriesReply { .. }
        )
    }

    fn success(&self) -> Option<bool> {
        match self {
            Message::RequestVoteReply { vote_granted, .. } => Some(*vote_granted),
            Message::AppendEntriesReply { success, .. } => Some(*success),
            _ => None,
        }
    }

    fn entry_count(&self) -> usize {
        match self {
            Message::AppendEntries { entries, .. } => entries.len(),
            _ => 0,
        }
    }
}
