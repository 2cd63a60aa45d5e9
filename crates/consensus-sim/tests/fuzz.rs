//! The fuzzer in CI: random fault schedules with every invariant checked on every step, and proof that
//! the checks have teeth: each deliberate bug is caught.

use consensus_sim::fuzz::{run_seeds, schedule, FuzzConfig};
use consensus_sim::protocol::kv::ReadPath;
use consensus_sim::scenario::{run_scenario, ProtocolName, Scenario};

fn config(bug: Option<&str>) -> FuzzConfig {
    config_for(ProtocolName::Raft, bug)
}

fn config_for(protocol: ProtocolName, bug: Option<&str>) -> FuzzConfig {
    FuzzConfig {
        protocol,
        nodes: 5,
        run_ms: 10_000,
        bug: bug.map(str::to_string),
        read_path: None,
    }
}

fn survives(protocol: ProtocolName, seeds: u64) {
    let summary = run_seeds(0, seeds, &config_for(protocol, None), 2).unwrap();
    let failures: Vec<_> = summary.outcomes.iter().filter(|o| o.failed()).take(3).collect();
    assert!(failures.is_empty(), "{protocol:?} failing seeds: {failures:#?}");
    println!(
        "{protocol:?}: {seeds} seeds, {} events, {:.1} s",
        summary.events(),
        summary.seconds
    );
}

#[test]
fn raft_survives_a_thousand_random_fault_schedules() {
    survives(ProtocolName::Raft, 1000);
}

#[test]
fn multi_paxos_survives_a_thousand_random_fault_schedules() {
    survives(ProtocolName::MultiPaxos, 1000);
}

#[test]
fn basic_paxos_survives_a_thousand_random_fault_schedules() {
    survives(ProtocolName::Paxos, 1000);
}

/// Each bug must be caught within 1,000 seeds. Weakening a check, or the fault schedule, fails this.
fn caught_within_a_thousand_seeds(bug: &str) {
    caught_in(ProtocolName::Raft, bug);
}

fn caught_in(protocol: ProtocolName, bug: &str) {
    let summary = run_seeds(0, 1000, &config_for(protocol, Some(bug)), 2).unwrap();
    let caught: Vec<_> = summary.outcomes.iter().filter(|o| o.violation.is_some()).collect();
    assert!(!caught.is_empty(), "{protocol:?} {bug}: no violation in 1000 seeds");
    println!(
        "{protocol:?} {bug}: caught by {} of 1000 seeds, first seed {}: {}",
        caught.len(),
        caught[0].seed,
        caught[0].violation.as_deref().unwrap_or_default()
    );
}

#[test]
fn the_fuzzer_catches_commit_previous_term() {
    caught_within_a_thousand_seeds("commit-previous-term");
}

#[test]
fn the_fuzzer_catches_forget_vote_on_restart() {
    caught_within_a_thousand_seeds("forget-vote-on-restart");
}

/// Chapter 5: a snapshot that records the wrong lastIncludedTerm.
#[test]
fn the_fuzzer_catches_snapshot_wrong_term() {
    caught_within_a_thousand_seeds("snapshot-wrong-term");
}

#[test]
fn the_fuzzer_catches_skip_log_up_to_date_check() {
    caught_within_a_thousand_seeds("skip-log-up-to-date-check");
}

/// The first seed below 1,000 whose run breaks a rule, with what it broke: seeds run fifty at a time, so a
/// check that fails early costs little.
fn first_violation(config: &FuzzConfig) -> Option<(u64, String)> {
    (0..1000).step_by(50).find_map(|from| {
        let summary = run_seeds(from, 50, config, 2).unwrap();
        let first = summary.outcomes.iter().find(|o| o.violation.is_some())?;
        Some((first.seed, first.violation.clone().unwrap_or_default()))
    })
}

/// The read-path bugs of §6.4 and §6.4.1 are caught as stale reads: linearizability violations. (The lease bug
/// shows in a window between a new leader's first acknowledged write and the end of a slow-clocked leader's
/// lease, which the fuzzer's leader-isolating nemesis aims at.)
#[test]
fn the_fuzzer_catches_the_read_path_bugs_as_stale_reads() {
    for bug in [
        "read-without-quorum-check",
        "read-index-before-noop",
        "lease-ignores-drift",
    ] {
        let (seed, violation) = first_violation(&config(Some(bug))).unwrap_or_else(|| panic!("{bug}: not caught"));
        assert!(violation.starts_with("linearizable"), "{bug}: seed {seed}: {violation}");
    }
}

/// Follower reads are correct Raft with a weaker read path: the checker must flag them too, which shows it
/// can fail without a bug in the protocol.
#[test]
fn the_fuzzer_flags_follower_reads_as_not_linearizable() {
    for protocol in [ProtocolName::Raft, ProtocolName::MultiPaxos] {
        let config = FuzzConfig {
            read_path: Some(ReadPath::Follower),
            ..config_for(protocol, None)
        };
        let (seed, violation) = first_violation(&config).unwrap_or_else(|| panic!("{protocol:?}: never flagged"));
        assert!(
            violation.starts_with("linearizable"),
            "{protocol:?}: seed {seed}: {violation}"
        );
    }
}

#[test]
fn the_fuzzer_catches_the_paxos_bugs_in_both_protocols() {
    for protocol in [ProtocolName::Paxos, ProtocolName::MultiPaxos] {
        for bug in ["quorum-minus-one", "ignore-accepted-values", "accept-lower-ballot"] {
            caught_in(protocol, bug);
        }
    }
}

#[test]
fn a_fuzz_schedule_is_an_ordinary_scenario_that_survives_a_file_round_trip() {
    let configs = [
        config(Some("commit-previous-term")),
        config_for(ProtocolName::MultiPaxos, None),
        config_for(ProtocolName::Paxos, Some("quorum-minus-one")),
    ];
    for (seed, config) in [0, 7, 555].into_iter().zip(&configs) {
        let scenario = schedule(seed, config);
        let text = scenario.to_text();
        let again = Scenario::parse(&text).expect("a saved schedule parses");
        assert_eq!(again, scenario);
        let a = run_scenario(&scenario, false).unwrap();
        let b = run_scenario(&again, false).unwrap();
        assert_eq!(a.trace_hash, b.trace_hash, "the file replays the same run");
    }
}
