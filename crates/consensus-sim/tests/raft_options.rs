//! Paper tests for the options: PreVote and CheckQuorum (Ongaro's dissertation §9.6 and §6.2), and the
//! deliberate bug that forgets votes on restart.

mod common;
use common::{append_ok, heartbeat, sent, vote_reply};

use consensus_sim::raft::{Message, Persisted, RaftConfig, RaftNode};
use consensus_sim::{NodeId, Protocol, Role, Timer};

type Out = consensus_sim::Out<RaftNode>;

fn config(pre_vote: bool, check_quorum: bool) -> RaftConfig {
    let mut c = RaftConfig::default();
    c.options.pre_vote = pre_vote;
    c.options.check_quorum = check_quorum;
    c
}

fn boot(id: NodeId, size: u8, config: RaftConfig) -> RaftNode {
    RaftNode::on_restart(id, size, &config, Persisted::default(), &mut Vec::new())
}

fn granted(out: &Out) -> bool {
    sent(out)
        .iter()
        .any(|(_, m)| matches!(m, Message::RequestVoteReply { vote_granted: true, .. }))
}

#[test]
fn s9_6_a_pre_candidate_asks_first_and_does_not_raise_its_term() {
    let mut n = boot(1, 5, config(true, false));
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    assert_eq!((n.role, n.current_term), (Role::PreCandidate, 0));
    assert!(sent(&out).iter().all(|(_, m)| matches!(
        m,
        Message::RequestVote {
            term: 1,
            pre_vote: true,
            ..
        }
    )));
    for voter in [2, 3] {
        n.on_message(
            voter,
            Message::RequestVoteReply {
                term: 1,
                vote_granted: true,
                pre_vote: true,
            },
            &mut out,
        );
    }
    assert_eq!(
        (n.role, n.current_term),
        (Role::Candidate, 1),
        "a majority of pre-votes starts the real election"
    );
}

#[test]
fn s9_6_a_node_that_hears_from_a_leader_refuses_pre_votes_and_keeps_its_term() {
    let mut n = boot(2, 5, config(true, false));
    let mut out = Vec::new();
    n.on_message(1, heartbeat(3, 0), &mut out);
    out.clear();
    let pre_vote = Message::RequestVote {
        term: 4,
        last_log_index: 0,
        last_log_term: 0,
        pre_vote: true,
        transfer: false,
    };
    n.on_message(5, pre_vote.clone(), &mut out);
    assert!(!granted(&out), "the leader is alive: no reason to disrupt it");
    assert_eq!(n.current_term, 3, "a pre-vote never changes the receiver's term");
    // After a full election timeout without word from the leader, the same request is granted.
    n.on_timer(Timer::Election, &mut out);
    out.clear();
    n.on_message(5, pre_vote, &mut out);
    assert!(granted(&out));
    assert_eq!(n.current_term, 3, "still no change of term");
}

#[test]
fn check_quorum_a_leader_without_a_majority_in_an_election_timeout_steps_down() {
    let mut n = boot(1, 5, config(false, true));
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    for voter in [2, 3] {
        n.on_message(voter, vote_reply(1, true), &mut out);
    }
    assert_eq!(n.role, Role::Leader);
    // Two followers answer in the first round: with itself that is a majority of five.
    for follower in [2, 3] {
        n.on_message(follower, append_ok(1, 0), &mut out);
    }
    n.on_timer(Timer::Election, &mut out);
    assert_eq!(n.role, Role::Leader, "heard from a majority: stays");
    // Then silence for a whole round.
    n.on_timer(Timer::Election, &mut out);
    assert_eq!(
        (n.role, n.current_term),
        (Role::Follower, 1),
        "cut off: steps down, same term"
    );
}

#[test]
fn without_check_quorum_an_isolated_leader_keeps_leading() {
    let mut n = boot(1, 3, config(false, false));
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    n.on_message(2, vote_reply(1, true), &mut out);
    n.on_timer(Timer::Election, &mut out);
    n.on_timer(Timer::Election, &mut out);
    assert_eq!(n.role, Role::Leader);
}

#[test]
fn the_forget_vote_bug_lets_a_restarted_node_vote_twice_in_one_term() {
    let mut buggy = RaftConfig::default();
    buggy.bugs.forget_vote_on_restart = true;
    let mut n = boot(3, 5, buggy);
    let mut out = Vec::new();
    let ask = |term| Message::RequestVote {
        term,
        last_log_index: 0,
        last_log_term: 0,
        pre_vote: false,
        transfer: false,
    };
    n.on_message(1, ask(1), &mut out);
    let mut restarted = RaftNode::on_restart(3, 5, &buggy, n.persisted(), &mut out);
    out.clear();
    restarted.on_message(2, ask(1), &mut out);
    assert!(granted(&out), "the second vote in term 1 that §5.2 forbids");
}
