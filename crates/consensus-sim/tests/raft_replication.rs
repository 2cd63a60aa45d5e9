//! Paper tests for log replication (Raft paper §5.3) and commitment (§5.4.2), driving single nodes.

mod common;
use common::{append_ok, vote_reply};

use consensus_sim::raft::{Command, Entry, Log, Message, Persisted, RaftConfig, RaftNode};
use consensus_sim::{Call, ClientOutcome, Effect, NodeId, Protocol, Role, SharedCall, Timer};

type Out = consensus_sim::Out<RaftNode>;

/// A request as the request button makes it: "k=v", a put.
fn request(value: &str) -> SharedCall {
    SharedCall::new(Call::request(value.into(), 0))
}

fn entry(term: u64, value: &str) -> Entry {
    Entry {
        term,
        command: Command::Client {
            request: 0,
            call: request(value),
        },
    }
}

fn follower_with(id: NodeId, term: u64, terms: &[u64]) -> RaftNode {
    let log = Log::from_entries(
        terms
            .iter()
            .enumerate()
            .map(|(i, &t)| entry(t, &format!("e{}", i + 1)))
            .collect(),
    );
    let persisted = Persisted {
        current_term: term,
        voted_for: None,
        log,
        snapshot: None,
    };
    RaftNode::on_restart(id, 5, &RaftConfig::default(), persisted, &mut Vec::new())
}

fn append(term: u64, prev: (u64, u64), entries: Vec<Entry>, commit: u64) -> Message {
    Message::AppendEntries {
        term,
        prev_log_index: prev.0,
        prev_log_term: prev.1,
        entries,
        leader_commit: commit,
        round: 0,
        heartbeat: false,
    }
}

fn reply(out: &Out) -> (bool, u64, (u64, u64)) {
    out.iter()
        .find_map(|e| match e {
            Effect::Send {
                msg:
                    Message::AppendEntriesReply {
                        success,
                        match_index,
                        conflict,
                        ..
                    },
                ..
            } => Some((*success, *match_index, *conflict)),
            _ => None,
        })
        .expect("an AppendEntries reply")
}

fn terms(n: &RaftNode) -> Vec<u64> {
    n.log.iter().map(|e| e.term).collect()
}

/// Makes node 1 of `size` leader of its next term with votes from 2 and 3.
fn elected_leader(size: u8, persisted: Persisted, config: RaftConfig) -> (RaftNode, Out) {
    let mut out = Vec::new();
    let mut n = RaftNode::on_restart(1, size, &config, persisted, &mut out);
    n.on_timer(Timer::Election, &mut out);
    for voter in 2..=size / 2 + 1 {
        n.on_message(voter, vote_reply(n.current_term, true), &mut out);
    }
    assert_eq!(n.role, Role::Leader);
    (n, out)
}

#[test]
fn s5_3_a_follower_rejects_append_entries_whose_previous_entry_it_lacks() {
    let mut f = follower_with(2, 3, &[1, 1]);
    let mut out = Vec::new();
    f.on_message(1, append(3, (4, 3), vec![entry(3, "x")], 0), &mut out);
    let (ok, _, conflict) = reply(&out);
    assert!(!ok);
    assert_eq!(conflict, (0, 3), "too short: retry from my last index + 1");
    assert_eq!(terms(&f), vec![1, 1], "the log is untouched");
}

#[test]
fn s5_3_a_follower_rejects_a_previous_entry_of_another_term_and_names_it() {
    let mut f = follower_with(2, 3, &[1, 2, 2, 2]);
    let mut out = Vec::new();
    f.on_message(1, append(3, (4, 3), vec![], 0), &mut out);
    let (ok, _, conflict) = reply(&out);
    assert!(!ok);
    assert_eq!(conflict, (2, 2), "conflicting term 2 starts at index 2");
}

#[test]
fn s5_3_a_conflicting_suffix_is_deleted_and_replaced_by_the_leaders_entries() {
    let mut f = follower_with(2, 3, &[1, 1, 2, 2]);
    let mut out = Vec::new();
    f.on_message(1, append(3, (2, 1), vec![entry(3, "a"), entry(3, "b")], 0), &mut out);
    let (ok, match_index, _) = reply(&out);
    assert!(ok);
    assert_eq!(match_index, 4);
    assert_eq!(terms(&f), vec![1, 1, 3, 3]);
    assert!(
        out.contains(&Effect::Persist),
        "the new log is persisted before the reply"
    );
}

#[test]
fn s5_3_a_stale_reordered_append_entries_does_not_truncate_matching_entries() {
    let mut f = follower_with(2, 3, &[1, 3, 3, 3]);
    let mut out = Vec::new();
    // An old AppendEntries carrying only index 2 arrives after the follower already has 2..4.
    f.on_message(1, append(3, (1, 1), vec![f.log.get(2).unwrap().clone()], 0), &mut out);
    assert!(reply(&out).0);
    assert_eq!(terms(&f), vec![1, 3, 3, 3], "entries after the matching one stay");
}

#[test]
fn s5_3_a_follower_learns_commit_index_from_the_leader_but_not_beyond_what_it_matched() {
    let mut f = follower_with(2, 1, &[1, 1, 1]);
    let mut out = Vec::new();
    f.on_message(1, append(1, (1, 1), vec![], 3), &mut out);
    assert_eq!(f.commit_index, 1, "min(leaderCommit, index of last new entry)");
    f.on_message(1, append(1, (3, 1), vec![], 3), &mut out);
    assert_eq!(f.commit_index, 3);
    assert_eq!(f.last_applied, 3, "committed entries are applied in order");
    assert_eq!(f.state_machine.iter().count(), 3);
}

#[test]
fn s5_3_the_leader_backs_off_next_index_on_failure_and_tracks_match_index_on_success() {
    let persisted = Persisted {
        current_term: 1,
        voted_for: None,
        log: Log::from_entries(vec![entry(1, "a"), entry(1, "b"), entry(1, "c")]),
        snapshot: None,
    };
    let (mut leader, _) = elected_leader(3, persisted, RaftConfig::default());
    assert_eq!(
        leader.next_index[2], 4,
        "nextIndex starts just past the leader's last entry"
    );
    let mut out = Vec::new();
    leader.on_message(
        2,
        Message::AppendEntriesReply {
            term: 2,
            success: false,
            match_index: 0,
            conflict: (1, 1),
            round: 0,
        },
        &mut out,
    );
    assert_eq!(leader.next_index[2], 3, "without the hint: one step back");
    let retry = out.iter().find_map(|e| match e {
        Effect::Send {
            to: 2,
            msg: Message::AppendEntries { prev_log_index, .. },
        } => Some(*prev_log_index),
        _ => None,
    });
    assert_eq!(retry, Some(2), "and retried at once");
    leader.on_message(2, append_ok(2, 3), &mut out);
    assert_eq!((leader.match_index[2], leader.next_index[2]), (3, 4));
}

#[test]
fn s5_3_with_the_conflict_hint_the_leader_skips_a_whole_term() {
    let persisted = Persisted {
        current_term: 3,
        voted_for: None,
        log: Log::from_entries(vec![entry(1, "a"), entry(3, "b"), entry(3, "c"), entry(3, "d")]),
        snapshot: None,
    };
    let mut config = RaftConfig::default();
    config.options.conflict_hint = true;
    let (mut leader, _) = elected_leader(3, persisted, config);
    let mut out = Vec::new();
    leader.on_message(
        2,
        Message::AppendEntriesReply {
            term: 4,
            success: false,
            match_index: 0,
            conflict: (2, 2),
            round: 0,
        },
        &mut out,
    );
    assert_eq!(
        leader.next_index[2], 2,
        "the leader has no term 2: go to the follower's first index of it"
    );
}

#[test]
fn s5_4_2_a_leader_does_not_commit_an_entry_of_an_earlier_term_by_counting_replicas() {
    let persisted = Persisted {
        current_term: 2,
        voted_for: None,
        log: Log::from_entries(vec![entry(1, "a"), entry(2, "b")]),
        snapshot: None,
    };
    let (mut leader, _) = elected_leader(5, persisted.clone(), RaftConfig::default());
    let term = leader.current_term;
    let mut out = Vec::new();
    for follower in 2..=3 {
        leader.on_message(
            follower,
            Message::AppendEntriesReply {
                term,
                success: true,
                match_index: 2,
                conflict: (0, 0),
                round: 0,
            },
            &mut out,
        );
    }
    assert_eq!(
        leader.commit_index, 0,
        "index 2 is on a majority, but it is from term 2, not {term}"
    );

    // An entry of the leader's own term on a majority commits it and, with it, everything before it.
    leader.on_client_request(7, request("c"), &mut out);
    for follower in 2..=3 {
        leader.on_message(
            follower,
            Message::AppendEntriesReply {
                term,
                success: true,
                match_index: 3,
                conflict: (0, 0),
                round: 0,
            },
            &mut out,
        );
    }
    assert_eq!(leader.commit_index, 3);
    assert!(out.contains(&Effect::Reply {
        request: 7,
        outcome: ClientOutcome::Applied { index: 3, answer: None }
    }));

    // The deliberate bug commits index 2 as soon as it is on a majority: Figure 8's mistake.
    let mut buggy = RaftConfig::default();
    buggy.bugs.commit_previous_term = true;
    let (mut leader, _) = elected_leader(5, persisted, buggy);
    for follower in 2..=3 {
        leader.on_message(
            follower,
            Message::AppendEntriesReply {
                term,
                success: true,
                match_index: 2,
                conflict: (0, 0),
                round: 0,
            },
            &mut out,
        );
    }
    assert_eq!(leader.commit_index, 2);
}

#[test]
fn s5_4_1_a_vote_goes_only_to_a_candidate_whose_log_is_at_least_as_up_to_date() {
    let mut voter = follower_with(2, 3, &[1, 3]);
    let ask = |n: &mut RaftNode, from: NodeId, term: u64, last: (u64, u64)| {
        let mut out = Vec::new();
        n.on_message(
            from,
            Message::RequestVote {
                term,
                last_log_index: last.0,
                last_log_term: last.1,
                pre_vote: false,
                transfer: false,
            },
            &mut out,
        );
        out.iter().any(|e| {
            matches!(
                e,
                Effect::Send {
                    msg: Message::RequestVoteReply { vote_granted: true, .. },
                    ..
                }
            )
        })
    };
    assert!(
        !ask(&mut voter, 1, 4, (5, 2)),
        "a longer log of an older last term is behind"
    );
    assert!(!ask(&mut voter, 3, 5, (1, 3)), "same last term, shorter log: behind");
    assert!(ask(&mut voter, 4, 6, (2, 3)), "same last term, as long: up to date");
    assert!(ask(&mut voter, 5, 7, (1, 4)), "a later last term wins even if shorter");

    let mut config = RaftConfig::default();
    config.bugs.skip_log_up_to_date_check = true;
    let persisted = voter.persisted();
    let mut careless = RaftNode::on_restart(2, 5, &config, persisted, &mut Vec::new());
    assert!(
        ask(&mut careless, 1, 8, (0, 0)),
        "with the bug an empty log gets the vote"
    );
}

#[test]
fn s5_2_a_follower_redirects_a_client_to_the_leader_it_knows() {
    let mut f = follower_with(2, 1, &[]);
    let mut out = Vec::new();
    f.on_message(4, append(1, (0, 0), vec![], 0), &mut out);
    out.clear();
    f.on_client_request(1, request("x=1"), &mut out);
    assert_eq!(
        out,
        vec![Effect::Reply {
            request: 1,
            outcome: ClientOutcome::Redirect(Some(4))
        }]
    );
}

#[test]
fn s8_the_leader_no_op_lets_entries_of_earlier_terms_commit_at_once() {
    let persisted = Persisted {
        current_term: 2,
        voted_for: None,
        log: Log::from_entries(vec![entry(2, "a")]),
        snapshot: None,
    };
    let mut config = RaftConfig::default();
    config.options.leader_noop = true;
    let (mut leader, _) = elected_leader(3, persisted, config);
    assert_eq!(leader.log.last_index(), 2);
    assert_eq!(leader.log.get(2).unwrap().command, Command::Noop);
    let mut out = Vec::new();
    leader.on_message(2, append_ok(3, 2), &mut out);
    assert_eq!(leader.commit_index, 2);
}
