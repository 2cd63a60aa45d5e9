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
