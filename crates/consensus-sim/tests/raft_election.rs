//! Paper tests for leader election, Raft paper §5.2 (and §5.1 for terms). Each test drives one node's
//! handlers directly and reads the effects it returns.

mod common;
use common::{heartbeat, vote_reply};

use consensus_sim::raft::{Message, Persisted, RaftConfig, RaftNode};
use consensus_sim::{Delay, Effect, NodeId, Protocol, Role, Timer};

type Out = consensus_sim::Out<RaftNode>;

fn node(id: NodeId, cluster: u8) -> (RaftNode, Out) {
    let mut out = Vec::new();
    let n = RaftNode::on_restart(id, cluster, &RaftConfig::default(), Persisted::default(), &mut out);
    (n, out)
}

fn request_vote(term: u64) -> Message {
    Message::RequestVote {
        term,
        last_log_index: 0,
        last_log_term: 0,
        pre_vote: false,
        transfer: false,
    }
}

fn granted(out: &Out) -> Vec<bool> {
    out.iter()
        .filter_map(|e| match e {
            Effect::Send {
                msg: Message::RequestVoteReply { vote_granted, .. },
                ..
            } => Some(*vote_granted),
            _ => None,
        })
        .collect()
}

fn sends_request_vote_to(out: &Out) -> Vec<NodeId> {
    out.iter()
        .filter_map(|e| match e {
            Effect::Send {
                to,
                msg: Message::RequestVote { .. },
            } => Some(*to),
            _ => None,
        })
        .collect()
}

fn election_timer(out: &Out) -> Option<Delay> {
    out.iter().find_map(|e| match e {
        Effect::SetTimer {
            timer: Timer::Election,
            after,
        } => Some(*after),
        _ => None,
    })
}

#[test]
fn s5_2_a_node_boots_as_follower_with_a_randomized_election_timeout() {
    let (n, out) = node(1, 5);
    assert_eq!(n.role, Role::Follower);
    assert_eq!(n.current_term, 0);
    assert_eq!(election_timer(&out), Some(Delay::Between(150_000, 300_000)));
}

#[test]
fn s5_2_each_server_votes_for_at_most_one_candidate_per_term() {
    let (mut n, _) = node(1, 5);
    let mut out = Vec::new();
    n.on_message(2, request_vote(1), &mut out);
    assert_eq!(granted(&out), vec![true], "first come, first served");
    assert_eq!(n.voted_for, Some(2));
    assert!(
        out.contains(&Effect::Persist),
        "the vote is persisted before the reply leaves"
    );

    out.clear();
    n.on_message(3, request_vote(1), &mut out);
    assert_eq!(
        granted(&out),
        vec![false],
        "a second candidate in the same term is refused"
    );

    out.clear();
    n.on_message(2, request_vote(1), &mut out);
    assert_eq!(
        granted(&out),
        vec![true],
        "a retransmitted request from the same candidate is granted again"
    );

    out.clear();
    n.on_message(3, request_vote(2), &mut out);
    assert_eq!(granted(&out), vec![true], "a new term brings a new vote");
    assert_eq!((n.current_term, n.voted_for), (2, Some(3)));
}

#[test]
fn s5_2_a_vote_request_from_an_older_term_is_refused() {
    let (mut n, _) = node(1, 5);
    let mut out = Vec::new();
    n.on_message(2, request_vote(3), &mut out);
    out.clear();
    n.on_message(4, request_vote(2), &mut out);
    assert_eq!(granted(&out), vec![false]);
    assert_eq!(n.current_term, 3);
}

#[test]
fn s5_2_on_timeout_a_follower_becomes_candidate_votes_for_itself_and_asks_everyone() {
    let (mut n, _) = node(1, 5);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    assert_eq!(n.role, Role::Candidate);
    assert_eq!(n.current_term, 1);
    assert_eq!(n.voted_for, Some(1));
    assert_eq!(sends_request_vote_to(&out), vec![2, 3, 4, 5]);
    assert_eq!(election_timer(&out), Some(Delay::Between(150_000, 300_000)));
}

#[test]
fn s5_1_a_higher_term_converts_a_candidate_to_follower() {
    let (mut n, _) = node(1, 5);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    out.clear();
    n.on_message(4, heartbeat(3, 0), &mut out);
    assert_eq!((n.role, n.current_term, n.leader_id), (Role::Follower, 3, Some(4)));
}

#[test]
fn s5_1_a_higher_term_in_a_reply_converts_a_leader_to_follower() {
    let (mut n, _) = node(1, 3);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    n.on_message(2, vote_reply(1, true), &mut out);
    assert_eq!(n.role, Role::Leader);
    out.clear();
    n.on_message(
        3,
        Message::AppendEntriesReply {
            term: 5,
            success: false,
            match_index: 0,
            conflict: (0, 0),
            round: 0,
        },
        &mut out,
    );
    assert_eq!((n.role, n.current_term, n.voted_for), (Role::Follower, 5, None));
    assert!(out.contains(&Effect::CancelTimer {
        timer: Timer::Heartbeat
    }));
}

#[test]
fn s5_2_a_candidate_with_votes_from_a_majority_becomes_leader_and_sends_heartbeats() {
    let (mut n, _) = node(1, 5);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    let vote = vote_reply(1, true);
    n.on_message(2, vote.clone(), &mut out);
    assert_eq!(n.role, Role::Candidate, "two votes of five are not a majority");
    n.on_message(2, vote.clone(), &mut out);
    assert_eq!(n.role, Role::Candidate, "the same voter counts once");
    out.clear();
    n.on_message(3, vote, &mut out);
    assert_eq!(n.role, Role::Leader, "three of five are");
    let heartbeats: Vec<NodeId> = out
        .iter()
        .filter_map(|e| match e {
            Effect::Send {
                to,
                msg: Message::AppendEntries { entries, .. },
            } if entries.is_empty() => Some(*to),
            _ => None,
        })
        .collect();
    assert_eq!(heartbeats, vec![2, 3, 4, 5]);
    assert!(out.contains(&Effect::SetTimer {
        timer: Timer::Heartbeat,
        after: Delay::Fixed(50_000)
    }));
}

#[test]
fn s5_2_refused_votes_do_not_count() {
    let (mut n, _) = node(1, 3);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    n.on_message(2, vote_reply(1, false), &mut out);
    assert_eq!(n.role, Role::Candidate);
}

#[test]
fn s5_2_a_split_vote_times_out_and_retries_in_a_new_term_with_a_new_random_timeout() {
    let (mut n, _) = node(1, 4);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    n.on_message(3, vote_reply(1, true), &mut out);
    assert_eq!(n.role, Role::Candidate, "2 of 4: the vote is split");
    out.clear();
    n.on_timer(Timer::Election, &mut out);
    assert_eq!((n.role, n.current_term), (Role::Candidate, 2));
    assert_eq!(sends_request_vote_to(&out), vec![2, 3, 4]);
    assert_eq!(
        election_timer(&out),
        Some(Delay::Between(150_000, 300_000)),
        "the retry draws a fresh random timeout, which is what breaks the tie"
    );
}

#[test]
fn s5_2_a_candidate_that_hears_from_a_leader_of_its_own_term_steps_down() {
    let (mut n, _) = node(1, 5);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    n.on_message(2, heartbeat(1, 0), &mut out);
    assert_eq!((n.role, n.current_term, n.leader_id), (Role::Follower, 1, Some(2)));
}

#[test]
fn s5_2_a_vote_survives_a_restart() {
    let (mut n, _) = node(1, 5);
    let mut out = Vec::new();
    n.on_message(2, request_vote(1), &mut out);
    let mut restarted = RaftNode::on_restart(1, 5, &RaftConfig::default(), n.persisted(), &mut out);
    out.clear();
    restarted.on_message(3, request_vote(1), &mut out);
    assert_eq!(granted(&out), vec![false]);
}
