//! Reads without the log, as Ongaro's dissertation has them: ReadIndex (§6.4) and leases (§6.4.1), each rule
//! a test on a single leader driven by hand.

mod common;

use common::{sent, vote_reply};
use consensus_sim::history::Op;
use consensus_sim::protocol::kv::ReadPath;
use consensus_sim::raft::{Message, Persisted, RaftConfig, RaftNode, DRIFT_BOUND_PPM};
use consensus_sim::{Answer, Call, ClientOutcome, Command, Effect, Protocol, Role, SharedCall, Timer};

type Out = consensus_sim::Out<RaftNode>;

fn config(read_path: ReadPath) -> RaftConfig {
    RaftConfig {
        read_path,
        ..RaftConfig::default()
    }
}

/// Node 1 of 3, leader of term 1 with S2's vote.
fn leader(config: RaftConfig) -> (RaftNode, Out) {
    let mut out = Vec::new();
    let mut n = RaftNode::on_restart(1, 3, &config, Persisted::default(), &mut out);
    n.on_timer(Timer::Election, &mut out);
    n.on_message(2, vote_reply(n.current_term, true), &mut out);
    assert_eq!(n.role, Role::Leader);
    (n, out)
}

fn get(key: &str) -> SharedCall {
    SharedCall::new(Call::new(1, key, Op::Get, 0))
}

/// What the client was told about `request`, the last time.
fn told(out: &Out, request: u64) -> Option<ClientOutcome> {
    out.iter().rev().find_map(|e| match e {
        Effect::Reply { request: r, outcome } if *r == request => Some(outcome.clone()),
        _ => None,
    })
}

/// The round the leader's latest AppendEntries carries.
fn round_sent(out: &Out) -> u64 {
    sent(out)
        .into_iter()
        .rev()
        .find_map(|(_, m)| match m {
            Message::AppendEntries { round, .. } => Some(round),
            _ => None,
        })
        .expect("an AppendEntries")
}

fn ack(term: u64, match_index: u64, round: u64) -> Message {
    Message::AppendEntriesReply {
        term,
        success: true,
        match_index,
        conflict: (0, 0),
        round,
    }
}

fn read_answer(outcome: Option<ClientOutcome>) -> Option<Answer> {
    match outcome {
        Some(ClientOutcome::Applied { answer, .. }) => answer,
        _ => None,
    }
}

#[test]
fn s6_4_a_new_leader_commits_an_entry_of_its_term_before_it_answers_a_read() {
    let (mut n, _) = leader(config(ReadPath::ReadIndex));
    let mut out = Vec::new();
    n.on_client_request(7, get("x"), &mut out);
    assert_eq!(n.log.last_index(), 1, "a no-op of its own term is appended");
    assert_eq!(n.log.get(1).map(|e| e.command.clone()), Some(Command::Noop));
    assert_eq!(told(&out, 7), Some(ClientOutcome::Accepted), "not answered yet");
    // S2 acknowledges the round but has not stored the no-op: no entry of this term is committed.
    let round = round_sent(&out);
    n.on_message(2, ack(1, 0, round), &mut out);
    assert_eq!(
        told(&out, 7),
        Some(ClientOutcome::Accepted),
        "the read waits for an entry of its term"
    );
    n.on_message(2, ack(1, 1, round), &mut out);
    assert_eq!(n.commit_index, 1);
    assert_eq!(read_answer(told(&out, 7)), Some(Answer::Read(None)));
}

#[test]
fn s6_4_only_a_heartbeat_round_sent_after_the_read_confirms_leadership() {
    let (mut n, _) = leader(config(ReadPath::ReadIndex));
    let mut out = Vec::new();
    n.on_client_request(7, get("x"), &mut out);
    let round = round_sent(&out);
    n.on_message(2, ack(1, 1, round), &mut out);
    assert!(
        read_answer(told(&out, 7)).is_some(),
        "the no-op commits and the round is confirmed"
    );
    // A second read: an acknowledgement of the earlier round, sent before it arrived, proves nothing.
    let mut out = Vec::new();
    n.on_client_request(8, get("x"), &mut out);
    let second = round_sent(&out);
    assert!(second > round);
    n.on_message(2, ack(1, 1, round), &mut out);
    assert_eq!(
        told(&out, 8),
        Some(ClientOutcome::Accepted),
        "an old round does not confirm a new read"
    );
    n.on_message(2, ack(1, 1, second), &mut out);
    assert!(read_answer(told(&out, 8)).is_some());
}

#[test]
fn s6_4_a_follower_redirects_a_read_to_the_leader() {
    let mut out = Vec::new();
    let mut f = RaftNode::on_restart(2, 3, &config(ReadPath::ReadIndex), Persisted::default(), &mut out);
    f.on_client_request(7, get("x"), &mut out);
    assert_eq!(told(&out, 7), Some(ClientOutcome::Redirect(None)));
}

#[test]
fn s6_4_1_a_lease_answers_at_once_until_it_lapses_on_the_leaders_clock() {
    let config = config(ReadPath::Lease);
    let (mut n, _) = leader(config);
    let mut out = Vec::new();
    // Commit the leader's no-op with a round S2 acknowledges, sent at time 0 on the leader's clock.
    n.set_clock(0);
    n.on_client_request(7, get("x"), &mut out);
    n.on_message(2, ack(1, 1, round_sent(&out)), &mut out);
    assert!(read_answer(told(&out, 7)).is_some());
    // Within the lease (the minimum election timeout shortened for the drift bound): answered at once.
    let (min, _) = config.election_timeout;
    let lease = min * (1_000_000 - DRIFT_BOUND_PPM) / (1_000_000 + DRIFT_BOUND_PPM);
    n.set_clock(lease - 1);
    let mut out = Vec::new();
    n.on_client_request(8, get("x"), &mut out);
    assert!(read_answer(told(&out, 8)).is_some(), "answered with no round");
    assert!(sent(&out).is_empty(), "nothing sent");
    // Once it lapses, the read takes a round, as ReadIndex does.
    n.set_clock(lease);
    let mut out = Vec::new();
    n.on_client_request(9, get("x"), &mut out);
    assert_eq!(told(&out, 9), Some(ClientOutcome::Accepted));
    assert!(!sent(&out).is_empty(), "a heartbeat round confirms it");
}

#[test]
fn s6_4_1_the_lease_ignoring_drift_bug_lasts_the_whole_timeout() {
    let mut config = config(ReadPath::Lease);
    config.bugs.lease_ignores_drift = true;
    let (mut n, _) = leader(config);
    let mut out = Vec::new();
    n.set_clock(0);
    n.on_client_request(7, get("x"), &mut out);
    n.on_message(2, ack(1, 1, round_sent(&out)), &mut out);
    n.set_clock(config.election_timeout.0 - 1);
    let mut out = Vec::new();
    n.on_client_request(8, get("x"), &mut out);
    assert!(
        read_answer(told(&out, 8)).is_some(),
        "no allowance for a follower's fast clock"
    );
}

#[test]
fn s6_4_a_deposed_leader_without_the_quorum_check_answers_from_its_own_state() {
    let mut config = config(ReadPath::ReadIndex);
    config.bugs.read_without_quorum_check = true;
    let (mut n, _) = leader(config);
    let mut out = Vec::new();
    n.on_client_request(7, get("x"), &mut out);
    assert!(read_answer(told(&out, 7)).is_some(), "answered at once, with no round");
}

/// §6.4.1: a lease is measured on the leader's own clock, and is safe only while that clock measures the
/// time that passes. The same leader, paused while cut off and holding a get: with its clock running (a
/// garbage collector's pause) the lease has lapsed when it resumes and the get waits; with its clock stopped
/// (a suspended virtual machine) the lease seems to hold, and the get is answered stale.
#[test]
fn s6_4_1_a_lease_outlives_a_pause_only_if_the_clock_stopped_through_it() {
    use consensus_sim::protocol::kv::Outcome;
    use consensus_sim::scenario::{run_scenario, Scenario};
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/scenarios/paused-leader-clock-stops.json"
    ))
    .unwrap();
    for clock_stops in [true, false] {
        let text = text.replace("\"clock_stops\": true", &format!("\"clock_stops\": {clock_stops}"));
        let report = run_scenario(&Scenario::parse(&text).unwrap(), false).unwrap();
        let c3 = report.history.operations.iter().find(|op| op.client == 3).unwrap();
        let stale = report.violations.iter().any(|v| v.invariant == "linearizable");
        if clock_stops {
            assert!(stale && c3.outcome == Outcome::Ok, "{:?}", report.violations);
        } else {
            assert!(
                !stale && c3.return_us.is_none(),
                "a lapsed lease answers nothing: {c3:?}"
            );
        }
    }
}

/// The read path a `set` event switches to is the cluster's setting, not a node's volatile state: a node that
/// crashes and restarts afterwards reads by it too. Here, switched to follower reads, a restarted follower
/// answers a get itself instead of sending the client to the leader as ReadIndex would.
#[test]
fn a_restarted_node_keeps_the_read_path_the_cluster_was_switched_to() {
    use consensus_sim::scenario::{run_scenario, Scenario};
    let text = r#"{ "version": 1, "protocol": "raft", "nodes": 3, "seed": 1, "options": { "read_path": "read_index" },
        "events": [
            { "at_ms": 1000, "do": "put", "client": 1, "key": "x", "value": "1" },
            { "at_ms": 1200, "do": "expect", "check": "one-leader", "as": "L" },
            { "at_ms": 1300, "do": "set", "read_path": "follower" },
            { "at_ms": 1400, "do": "crash", "node": "L+1" },
            { "at_ms": 1500, "do": "restart", "node": "L+1" },
            { "at_ms": 1600, "do": "get", "client": 2, "key": "x", "node": "L+1" }
        ], "run_ms": 2500 }"#;
    let report = run_scenario(&Scenario::parse(text).unwrap(), false).unwrap();
    let leader = report.leaders[0].node;
    let get = report.history.operations.iter().find(|op| op.client == 2).unwrap();
    assert_eq!(
        get.node,
        Some(leader as u64 % 3 + 1),
        "answered by the restarted follower itself: {get:?}"
    );
}
