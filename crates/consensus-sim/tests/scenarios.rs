//! Every scenario file in tests/scenarios runs and passes, twice, with the same trace both times.

use std::path::PathBuf;

use consensus_sim::scenario::{run_scenario, Scenario};

fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_passes_and_replays_identically() {
    let files = scenario_files();
    assert!(!files.is_empty());
    let mut failed = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let scenario = Scenario::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let first = run_scenario(&scenario, false).unwrap();
        let second = run_scenario(&scenario, false).unwrap();
        assert_eq!(
            first.trace_hash, second.trace_hash,
            "{name}: same scenario and seed, same run"
        );
        println!(
            "{} {name}: {} expectations, {} violations",
            if first.passed { "ok  " } else { "FAIL" },
            first.expectations.len(),
            first.violations.len()
        );
        if !first.passed {
            failed.push(format!("{name}:\n{}", first.summary()));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_scenario_file_round_trips_through_the_writer() {
    for path in scenario_files() {
        let scenario = Scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let again = Scenario::parse(&scenario.to_json().to_text()).unwrap();
        assert_eq!(again, scenario, "{}", path.display());
    }
}

/// The fuzz schedule of seed 42, run under each protocol, gives the trace hash pinned in fuzz-seed42.trace.
/// The browser test reads the same file, which shows the native and wasm runs to be one run. A deliberate
/// change to a protocol or the simulator changes it: update the file in the same commit.
#[test]
fn each_protocol_replays_the_pinned_trace_of_fuzz_seed_42() {
    use consensus_sim::fuzz::{pinned_traces, schedule_trace};
    let pinned = pinned_traces(include_str!("fuzz-seed42.trace")).unwrap();
    assert_eq!(pinned.len(), 3, "one line per protocol");
    for (protocol, hash) in pinned {
        let trace = schedule_trace(42, protocol).unwrap();
        println!("{} {trace:#x}", protocol.name());
        assert_eq!(trace, hash, "{}", protocol.name());
    }
}

/// The browser exports a session as a scenario file: every action becomes an event naming nodes by id, and
/// running that file takes the very same actions.
#[test]
fn a_session_written_as_a_scenario_takes_the_same_actions() {
    use consensus_sim::scenario::{Event, ProtocolName, TimedEvent};
    use consensus_sim::Action;
    let actions = vec![
        Action::Crash(2),
        Action::Request {
            value: "x=1".into(),
            node: None,
        },
        Action::Request {
            value: "y=2".into(),
            node: Some(3),
        },
        Action::Cut {
            from: 1,
            to: 3,
            oneway: true,
        },
        Action::Restore {
            from: 1,
            to: 3,
            oneway: true,
        },
        Action::Cut {
            from: 4,
            to: 5,
            oneway: false,
        },
        Action::Partition(vec![vec![1, 2]]),
        Action::Heal,
        Action::SetNetwork {
            drop_ppm: Some(20_000),
            duplicate_ppm: None,
            latency: Some((5_000, 9_000)),
        },
        Action::Timeout(4),
        Action::Restart(2),
        Action::Disconnect(5),
        Action::Connect(5),
    ];
    let mut scenario = Scenario::plain(ProtocolName::Raft, 5, 3);
    for (i, action) in actions.iter().enumerate() {
        scenario.events.push(TimedEvent {
            at_ms: 500 + 100 * i as u64,
            event: Event::from_action(action).expect("every action but a message drop has an event"),
            bind: None,
        });
    }
    scenario.run_ms = 3_000;
    let text = scenario.to_json().to_text();
    let parsed = Scenario::parse(&text).expect("the written file reads back");
    let report = run_scenario(&parsed, false).expect("it runs");
    let taken: Vec<Action> = report.actions.into_iter().map(|(_, _, a)| a).collect();
    assert_eq!(taken, actions);
    assert!(Event::from_action(&Action::DropMessage(7)).is_none());
}
