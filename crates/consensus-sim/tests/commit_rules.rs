//! The commit protocols' rules, each test citing where the rule comes from: Bernstein, Hadzilacos &
//! Goodman, "Concurrency Control and Recovery in Database Systems", ch. 7 (BHG); Skeen, "Nonblocking
//! Commit Protocols" (1981); Gray & Lamport, "Consensus on Transaction Commit" (2006).

use consensus_sim::comparison::{compare, Row};
use consensus_sim::scenario::{run_scenario, ProtocolName, Report, Scenario};

/// Runs a scenario of `protocol` on `nodes` nodes with fixed 10 ms messages and `events` (JSON array
/// items), with `options`.
fn run(protocol: &str, nodes: u8, options: &str, events: &str) -> Report {
    let text = format!(
        r#"{{"version": 1, "protocol": "{protocol}", "nodes": {nodes}, "seed": 1, "options": {{{options}}},
            "timing": {{"latency_ms": [10, 10], "election_timeout_ms": [150, 300], "heartbeat_ms": 50}},
            "events": [{events}]}}"#
    );
    let scenario = Scenario::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    run_scenario(&scenario, false).unwrap()
}

fn assert_passes(report: &Report) {
    assert!(report.passed, "{}", report.summary());
}

/// The coordinator crashes at 125 ms: its Prepares (sent at 110) have arrived, the votes (sent at 120) have
/// not.
const CRASH_AFTER_PREPARE: &str = r#"
    {"at_ms": 100, "do": "begin", "writes": ["a-10", "b+10"]},
    {"at_ms": 125, "do": "crash", "node": 1}"#;

#[test]
fn bhg_7_3_a_participant_that_voted_yes_stays_in_doubt_while_the_coordinator_is_down() {
    for options in ["", r#""cooperative": true"#] {
        let report = run(
            "2pc",
            4,
            options,
            &format!(
                r#"{CRASH_AFTER_PREPARE},
                {{"at_ms": 9000, "do": "expect", "check": "in-doubt", "txn": 1, "at_least": 2}},
                {{"at_ms": 9000, "do": "expect", "check": "no-violation"}}"#
            ),
        );
        // Cooperative termination cannot help either: every participant voted yes, so none may abort.
        assert_passes(&report);
    }
}

#[test]
fn bhg_7_4_a_participant_recovers_in_doubt_from_its_log_and_asks() {
    let report = run(
        "2pc",
        4,
        "",
        // S2 votes yes at 120 and crashes: the coordinator commits, and S2's log says only "prepared".
        r#"{"at_ms": 100, "do": "begin", "writes": ["a-10", "b+10"]},
           {"at_ms": 121, "do": "crash", "node": 2},
           {"at_ms": 400, "do": "expect", "check": "in-doubt", "txn": 1},
           {"at_ms": 400, "do": "restart", "node": 2},
           {"at_ms": 800, "do": "expect", "check": "decided", "txn": 1, "outcome": "commit"},
           {"at_ms": 800, "do": "expect", "check": "no-violation"}"#,
    );
    assert_passes(&report);
}

#[test]
fn a_second_transaction_on_a_locked_account_waits_for_the_lock() {
    let report = run(
        "2pc",
        4,
        "",
        &format!(
            r#"{CRASH_AFTER_PREPARE},
            {{"at_ms": 300, "do": "restart", "node": 1}},
            {{"at_ms": 301, "do": "begin", "writes": ["a-1", "c+1"]}},
            {{"at_ms": 1500, "do": "expect", "check": "decided", "outcome": "commit", "txn": 2}}"#
        ),
    );
    assert_passes(&report);
}

#[test]
fn skeen_3pc_decides_without_blocking_when_failures_are_crashes_only() {
    let report = run(
        "3pc",
        4,
        "",
        &format!(
            r#"{CRASH_AFTER_PREPARE},
            {{"at_ms": 1000, "do": "expect", "check": "decided", "txn": 1}},
            {{"at_ms": 1000, "do": "expect", "check": "atomic"}}"#
        ),
    );
    assert_passes(&report);
}

#[test]
fn gray_lamport_4_paxos_commit_with_f_0_blocks_as_2pc_does() {
    let report = run(
        "paxos-commit",
        3,
        r#""fault_tolerance": 0"#,
        &format!(
            r#"{CRASH_AFTER_PREPARE},
            {{"at_ms": 9000, "do": "expect", "check": "in-doubt", "txn": 1, "at_least": 2}}"#
        ),
    );
    assert_passes(&report);
}

#[test]
fn gray_lamport_4_paxos_commit_with_f_2_survives_two_acceptor_crashes() {
    let report = run(
        "paxos-commit",
        7,
        r#""fault_tolerance": 2"#,
        &format!(
            r#"{CRASH_AFTER_PREPARE},
            {{"at_ms": 125, "do": "crash", "node": 2}},
            {{"at_ms": 3000, "do": "expect", "check": "decided", "txn": 1, "outcome": "commit"}},
            {{"at_ms": 3000, "do": "expect", "check": "no-violation"}}"#
        ),
    );
    assert_passes(&report);
}

#[test]
fn the_comparison_counts_the_textbook_figures() {
    let rows = compare(3);
    let row = |p: ProtocolName, crash: bool| -> &Row {
        rows.iter()
            .find(|r| r.protocol == p && r.coordinator_crash == crash)
            .unwrap()
    };
    // 2PC: Prepare, vote, outcome and ack to each of 3 participants; 3 message delays to decide (BHG §7.3).
    let two = row(ProtocolName::TwoPc, false);
    assert_eq!((two.messages, two.delays, two.outcome), (12, 3, Some(true)));
    // 3PC adds PreCommit and its ack: 6 messages per participant and 5 delays (Skeen 1981).
    let three = row(ProtocolName::ThreePc, false);
    assert_eq!((three.messages, three.delays), (18, 5));
    // Paxos Commit: one more delay than 2PC, the votes going through the acceptors (Gray & Lamport §5).
    assert_eq!(row(ProtocolName::PaxosCommit, false).delays, 4);
    // The crash blocks 2PC for about the coordinator's downtime, and Paxos Commit for a takeover's timeout.
    assert!(row(ProtocolName::TwoPc, true).blocked_us >= 2_000_000);
    assert!(row(ProtocolName::PaxosCommit, true).blocked_us < 1_000_000);
    assert_eq!(row(ProtocolName::PaxosCommit, true).outcome, Some(true));
}

#[test]
fn every_deliberate_bug_is_caught_by_the_fuzzer() {
    use consensus_sim::fuzz::{run_seeds, FuzzConfig};
    for protocol in [ProtocolName::TwoPc, ProtocolName::PaxosCommit] {
        for bug in protocol.bug_names() {
            let config = FuzzConfig {
                protocol,
                nodes: 5,
                run_ms: 10_000,
                bug: Some(bug.to_string()),
                read_path: None,
            };
            let summary = run_seeds(0, 20, &config, 2).unwrap();
            assert!(
                summary.violations() > 0,
                "{} {bug}: no violation in 20 seeds",
                protocol.name()
            );
        }
    }
}

#[test]
fn a_plain_cluster_with_a_setting_is_written_as_a_file_that_reads_back() {
    // The page keeps F and cooperative termination in its address as a scenario: a plain cluster has no end,
    // and its file leaves run_ms out rather than write a 0 no reader accepts.
    let scenario = Scenario {
        fault_tolerance: 2,
        ..Scenario::plain(ProtocolName::PaxosCommit, 7, 2)
    };
    let again = Scenario::parse(&scenario.to_text()).unwrap();
    assert_eq!((again.fault_tolerance, again.nodes), (2, 7));
    let cooperative = Scenario {
        options: vec!["cooperative".into()],
        ..Scenario::plain(ProtocolName::TwoPc, 4, 1)
    };
    assert_eq!(
        Scenario::parse(&cooperative.to_text()).unwrap().options,
        ["cooperative"]
    );
}
