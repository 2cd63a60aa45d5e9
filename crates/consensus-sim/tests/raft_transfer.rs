//! Leadership transfer, as Ongaro's dissertation has it (§3.10): the leader brings the target up to date, then
//! sends it TimeoutNow; the target's election gets through §4.2.3; a transfer that produces no leader within an
//! election timeout is given up. Rules first on nodes driven by hand, then in whole simulated clusters.

mod common;

use common::{append_ok, heartbeat, sent, vote_reply};
use consensus_sim::action::Action;
use consensus_sim::history::Op;
use consensus_sim::protocol::kv::ReadPath;
use consensus_sim::raft::{Message, Note, Persisted, RaftConfig, RaftNode, RaftOptions};
use consensus_sim::{Call, ClientOutcome, Effect, NodeView, Protocol, Role, SharedCall, SimConfig, Simulator, Timer};

type Out = consensus_sim::Out<RaftNode>;

/// Node 1 of 3, leader of term 1 with S2's vote, having logged one client command ("x=1") that S2 holds and
/// S3 lacks.
fn leader(config: RaftConfig) -> RaftNode {
    let mut out = Vec::new();
    let mut n = RaftNode::on_restart(1, 3, &config, Persisted::default(), &mut out);
    n.on_timer(Timer::Election, &mut out);
    n.on_message(2, vote_reply(n.current_term, true), &mut out);
    assert_eq!(n.role, Role::Leader);
    n.on_client_request(1, put("x", "1"), &mut out);
    n.on_message(2, append_ok(1, 1), &mut out);
    assert_eq!(n.commit_index, 1);
    n
}

fn put(key: &str, value: &str) -> SharedCall {
    SharedCall::new(Call::new(1, key, Op::Put(value.into()), 0))
}

fn timeout_now_to(out: &Out) -> Option<u8> {
    sent(out)
        .into_iter()
        .find_map(|(to, m)| matches!(m, Message::TimeoutNow { .. }).then_some(to))
}

fn notes(out: &Out) -> Vec<Note> {
    out.iter()
        .filter_map(|e| match e {
            Effect::Note(n) => Some(*n),
            _ => None,
        })
        .collect()
}

#[test]
fn s3_10_a_caught_up_target_gets_timeout_now_at_once() {
    let mut n = leader(RaftConfig::default());
    let mut out = Vec::new();
    n.transfer_leadership(2, &mut out);
    assert_eq!(
        timeout_now_to(&out),
        Some(2),
        "S2 holds every entry: TimeoutNow goes out with the request"
    );
    assert_eq!(n.transferring_to(), Some(2));
    assert!(notes(&out).contains(&Note::SentTimeoutNow { to: 2 }));
}

#[test]
fn s3_10_the_leader_brings_a_lagging_target_up_to_date_before_timeout_now() {
    let mut n = leader(RaftConfig::default());
    let mut out = Vec::new();
    n.transfer_leadership(3, &mut out);
    assert_eq!(timeout_now_to(&out), None, "S3 lacks entry 1: no TimeoutNow yet");
    let appends: Vec<_> = sent(&out)
        .into_iter()
        .filter(|(to, m)| *to == 3 && matches!(m, Message::AppendEntries { .. }))
        .collect();
    assert!(!appends.is_empty(), "the leader sends S3 what it lacks");
    let mut out = Vec::new();
    n.on_message(3, append_ok(1, 1), &mut out);
    assert_eq!(timeout_now_to(&out), Some(3), "once S3 holds entry 1, TimeoutNow");
}

#[test]
fn s3_10_during_a_transfer_the_leader_takes_no_client_commands() {
    let mut n = leader(RaftConfig::default());
    let mut out = Vec::new();
    n.transfer_leadership(3, &mut out);
    let last = n.log.last_index();
    let mut out = Vec::new();
    n.on_client_request(9, put("y", "2"), &mut out);
    assert_eq!(n.log.last_index(), last, "nothing is logged");
    assert!(out.contains(&Effect::Reply {
        request: 9,
        outcome: ClientOutcome::Redirect(None)
    }));
}

#[test]
fn s3_10_a_transfer_with_no_new_leader_within_an_election_timeout_is_given_up() {
    let config = RaftConfig::default();
    let mut n = leader(config);
    let mut out = Vec::new();
    n.set_clock(0);
    n.transfer_leadership(3, &mut out);
    // Heartbeats before the timeout keep the transfer; the one after gives it up.
    n.set_clock(config.election_timeout.1 - 1);
    let mut out = Vec::new();
    n.on_timer(Timer::Heartbeat, &mut out);
    assert_eq!(n.transferring_to(), Some(3));
    n.set_clock(config.election_timeout.1);
    let mut out2 = Vec::new();
    n.on_timer(Timer::Heartbeat, &mut out2);
    assert_eq!(n.transferring_to(), None);
    assert!(notes(&out2).contains(&Note::TransferAborted { to: 3 }));
    assert_eq!(n.role, Role::Leader, "it still leads");
    let mut out = Vec::new();
    n.on_client_request(9, put("y", "2"), &mut out);
    assert!(out.contains(&Effect::Reply {
        request: 9,
        outcome: ClientOutcome::Accepted
    }));
}

#[test]
fn s3_10_a_leader_asked_to_transfer_to_itself_or_a_stranger_refuses() {
    let mut n = leader(RaftConfig::default());
    for to in [1, 4] {
        let mut out = Vec::new();
        n.transfer_leadership(to, &mut out);
        assert_eq!(notes(&out), vec![Note::TransferRefused { to }]);
        assert_eq!(n.transferring_to(), None);
    }
}

#[test]
fn s3_10_timeout_now_starts_an_election_at_once_even_with_pre_vote() {
    let config = RaftConfig {
        options: RaftOptions {
            pre_vote: true,
            ..RaftOptions::default()
        },
        ..RaftConfig::default()
    };
    let mut out = Vec::new();
    let mut f = RaftNode::on_restart(2, 3, &config, Persisted::default(), &mut out);
    f.on_message(1, heartbeat(3, 0), &mut out);
    let mut out = Vec::new();
    f.on_message(1, Message::TimeoutNow { term: 3 }, &mut out);
    assert_eq!(
        f.role,
        Role::Candidate,
        "no pre-vote: the leader asked for this election"
    );
    assert_eq!(f.current_term, 4);
    let requests: Vec<_> = sent(&out).into_iter().map(|(_, m)| m).collect();
    assert!(requests.iter().all(|m| matches!(
        m,
        Message::RequestVote {
            term: 4,
            pre_vote: false,
            transfer: true,
            ..
        }
    )));
    assert_eq!(requests.len(), 2);
    // A stale TimeoutNow, of a term already past, is ignored.
    let mut out = Vec::new();
    f.on_message(1, Message::TimeoutNow { term: 3 }, &mut out);
    assert_eq!(f.current_term, 4);
    assert!(sent(&out).is_empty());
}

#[test]
fn s4_2_3_a_voter_that_just_heard_the_leader_votes_for_a_transfer_but_not_for_a_rival() {
    let config = RaftConfig {
        read_path: ReadPath::Lease,
        ..RaftConfig::default()
    };
    let mut out = Vec::new();
    let mut v = RaftNode::on_restart(3, 3, &config, Persisted::default(), &mut out);
    v.set_clock(1_000);
    v.on_message(1, heartbeat(1, 1), &mut out);
    let ask = |transfer| Message::RequestVote {
        term: 2,
        last_log_index: 0,
        last_log_term: 0,
        pre_vote: false,
        transfer,
    };
    let granted = |out: &Out| {
        sent(out)
            .iter()
            .any(|(_, m)| matches!(m, Message::RequestVoteReply { vote_granted: true, .. }))
    };
    let mut out = Vec::new();
    v.on_message(2, ask(false), &mut out);
    assert!(!granted(&out), "§4.2.3: the leader was heard moments ago");
    let mut out = Vec::new();
    v.on_message(2, ask(true), &mut out);
    assert!(granted(&out), "the leader asked for this election (§3.10)");
    assert_eq!(v.current_term, 2);
}

#[test]
fn s6_4_1_a_leader_that_sent_timeout_now_no_longer_reads_by_its_lease() {
    let config = RaftConfig {
        read_path: ReadPath::Lease,
        ..RaftConfig::default()
    };
    let mut n = leader(config);
    // A round acknowledged by S2 gives a lease.
    n.set_clock(10_000);
    let mut out = Vec::new();
    n.on_timer(Timer::Heartbeat, &mut out);
    let round = sent(&out)
        .iter()
        .find_map(|(_, m)| match m {
            Message::AppendEntries { round, .. } => Some(*round),
            _ => None,
        })
        .unwrap();
    let ack = Message::AppendEntriesReply {
        term: 1,
        success: true,
        match_index: 1,
        conflict: (0, 0),
        round,
    };
    n.on_message(2, ack, &mut out);
    let get = SharedCall::new(Call::new(1, "x", Op::Get, 0));
    let mut out = Vec::new();
    n.on_client_request(5, get.clone(), &mut out);
    assert!(
        matches!(
            out.last(),
            Some(Effect::Reply {
                outcome: ClientOutcome::Applied { .. },
                ..
            })
        ),
        "the lease answers at once"
    );
    let mut out = Vec::new();
    n.transfer_leadership(2, &mut out);
    assert_eq!(timeout_now_to(&out), Some(2));
    let mut out = Vec::new();
    n.on_client_request(6, get, &mut out);
    assert!(
        out.contains(&Effect::Reply {
            request: 6,
            outcome: ClientOutcome::Accepted
        }),
        "after TimeoutNow the read waits for a heartbeat round, as read_index does"
    );
}

fn cluster(seed: u64) -> Simulator<RaftNode> {
    let mut sim = Simulator::new(5, RaftConfig::default(), SimConfig::seeded(seed), vec![]);
    sim.run_until(2_000_000);
    sim
}

fn leader_of(sim: &Simulator<RaftNode>) -> Option<(u8, u64)> {
    sim.nodes()
        .iter()
        .filter(|s| s.up && s.node.role() == Role::Leader)
        .map(|s| (s.id, s.node.term()))
        .max_by_key(|&(_, term)| term)
}

#[test]
fn s3_10_in_a_cluster_the_target_leads_the_next_term_within_a_round_trip_or_two() {
    for seed in 0..50 {
        let mut sim = cluster(seed);
        let (old, term) = leader_of(&sim).expect("a leader by 2 s");
        let target = old % 5 + 1;
        let at = sim.now();
        sim.apply(&Action::TransferLeader(target));
        sim.run_until(at + 100_000);
        assert_eq!(
            leader_of(&sim),
            Some((target, term + 1)),
            "seed {seed}: S{target} leads term {} within 100 ms",
            term + 1
        );
        assert_eq!(
            sim.node(old).node.role(),
            Role::Follower,
            "seed {seed}: S{old} stepped down"
        );
        assert!(sim.violations().is_empty(), "seed {seed}: {:?}", sim.violations());
        // The cluster takes commands again under its new leader.
        sim.apply(&Action::Request {
            value: "after".into(),
            node: Some(target),
        });
        sim.run_until(at + 400_000);
        let committed = sim.node(target).node.commit_index();
        assert!(
            (1..=committed).any(|i| sim.node(target).node.entry(i).and_then(|e| e.value).as_deref() == Some("after")),
            "seed {seed}: the new leader committed a command"
        );
    }
}

#[test]
fn s3_10_a_transfer_to_a_crashed_server_is_given_up_and_the_leader_stays() {
    let mut sim = cluster(3);
    let (old, term) = leader_of(&sim).unwrap();
    let target = old % 5 + 1;
    sim.apply(&Action::Crash(target));
    sim.apply(&Action::TransferLeader(target));
    assert_eq!(sim.node(old).node.transferring_to(), Some(target));
    let at = sim.now();
    sim.run_until(at + 400_000);
    assert_eq!(leader_of(&sim), Some((old, term)), "the same leader, the same term");
    assert_eq!(
        sim.node(old).node.transferring_to(),
        None,
        "given up after an election timeout"
    );
    assert!(sim.violations().is_empty());
}
