//! Messages the paper tests send again and again, by name.
#![allow(dead_code)] // each test file uses its own subset

use consensus_sim::raft::Message;
use consensus_sim::{Effect, NodeId};

/// A RequestVote reply (not a pre-vote).
pub fn vote_reply(term: u64, vote_granted: bool) -> Message {
    Message::RequestVoteReply {
        term,
        vote_granted,
        pre_vote: false,
    }
}

/// An empty AppendEntries of `term` with heartbeat round `round`, as a leader's heartbeat timer sends it.
pub fn heartbeat(term: u64, round: u64) -> Message {
    Message::AppendEntries {
        term,
        prev_log_index: 0,
        prev_log_term: 0,
        entries: vec![],
        leader_commit: 0,
        round,
        heartbeat: true,
    }
}

/// A successful AppendEntries reply: the follower's log matches the leader's up to `match_index`.
pub fn append_ok(term: u64, match_index: u64) -> Message {
    Message::AppendEntriesReply {
        term,
        success: true,
        match_index,
        conflict: (0, 0),
        round: 0,
    }
}

/// The messages a handler sent, with their receivers.
pub fn sent<M: Clone, N>(out: &[Effect<M, N>]) -> Vec<(NodeId, M)> {
    out.iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}
