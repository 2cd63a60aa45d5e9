//! Failure detection and failover, measured: the phi accrual detector (Hayashibara, Défago, Yared and
//! Katayama, 2004) and Raft's randomized election timeout (§5.2), the failover record the simulator keeps, and
//! the sweep behind `consensus-sim detect`.

use consensus_sim::detection::{sweep, Setting};
use consensus_sim::scenario::{run_scenario, ProtocolName, Scenario};

fn run(name: &str) -> consensus_sim::scenario::Report {
    let path = format!("{}/../../tests/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let scenario = Scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    let report = run_scenario(&scenario, false).unwrap();
    assert!(report.passed, "{name}: {:?}", report.failure_lines());
    report
}

#[test]
fn a_crashed_leaders_failover_is_timed_step_by_step() {
    let report = run("phi-paused-leader");
    let crash = report.failover.crashes.back().expect("a leader crashed");
    let suspected = crash.suspected.expect("suspected");
    let (elected, by) = crash.elected.expect("a new leader");
    let served = crash.served.expect("a client served");
    assert!(
        crash.at < suspected && suspected <= elected && elected <= served,
        "{crash:?}"
    );
    assert_ne!(by, crash.leader);
    // The new leader is the one the report says was elected then.
    assert!(report.leaders.iter().any(|l| l.at == elected && l.node == by));
}

#[test]
fn a_paused_leader_is_suspected_falsely_and_the_election_it_causes_is_blamed_on_it() {
    let report = run("phi-paused-leader");
    let f = &report.failover;
    assert!(f.false_suspicions >= 1);
    let blamed: Vec<_> = f.suspicions.iter().filter(|s| s.election.is_some()).collect();
    assert_eq!(blamed.len() as u64, f.unnecessary_elections);
    assert!(f.unnecessary_elections >= 1, "the pause cost an election");
    assert!(blamed.iter().all(|s| s.false_suspicion));
    // Client 2's put was sent to the paused leader and waited through the election.
    assert!(f.requests_delayed >= 1, "{f:?}");
}

#[test]
fn a_real_crash_is_not_a_false_suspicion() {
    let report = run("multi-paxos-phi-failover");
    let f = &report.failover;
    assert_eq!(f.false_suspicions, 0);
    assert!(f.suspicions.iter().all(|s| !s.false_suspicion));
    assert!(f.crashes.back().and_then(|c| c.suspected).is_some());
}

#[test]
fn a_shorter_timeout_detects_sooner_and_suspects_falsely_more_often() {
    let base = Scenario::plain(ProtocolName::Raft, 5, 0);
    let settings = [
        Setting::parse("fixed", "50-100").unwrap(),
        Setting::parse("fixed", "300-600").unwrap(),
        Setting::parse("phi", "1").unwrap(),
        Setting::parse("phi", "16").unwrap(),
    ];
    let t = sweep(&base, &settings, 20, 0, 20_000);
    for pair in [(&t[0], &t[1]), (&t[2], &t[3])] {
        let (hasty, patient) = pair;
        assert!(hasty.mean_ms() < patient.mean_ms(), "{hasty:?} {patient:?}");
        assert!(
            hasty.false_per_minute() > patient.false_per_minute(),
            "{hasty:?} {patient:?}"
        );
    }
    assert!(t.iter().all(|t| t.runs == 20 && !t.detections.is_empty()));
}

#[test]
fn the_sweep_is_the_same_every_time() {
    let base = Scenario::plain(ProtocolName::MultiPaxos, 5, 0);
    let settings = [Setting::parse("phi", "8").unwrap()];
    assert_eq!(
        sweep(&base, &settings, 5, 7, 10_000),
        sweep(&base, &settings, 5, 7, 10_000)
    );
}

#[test]
fn settings_on_the_command_line_are_checked() {
    assert_eq!(
        Setting::parse("fixed", "150-300"),
        Ok(Setting::Fixed {
            min_ms: 150,
            max_ms: 300
        })
    );
    assert!(Setting::parse("fixed", "300-150")
        .unwrap_err()
        .contains("MIN not above MAX"));
    assert!(Setting::parse("phi", "60").unwrap_err().contains("0.5 to 50"));
    assert_eq!(Setting::parse("phi", "2.5").unwrap().label(), "2.5");
}
