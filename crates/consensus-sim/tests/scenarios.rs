//! Every scenario file in tests/scenarios runs and passes, twice, with the same trace both times.

use std::path::PathBuf;

use consensus_sim::scenario::{run_scenario, Scenario};

/// Every scenario, with the lessons' translations (in a folder per language, such as `zh-CN/`): a
/// translated caption makes the same claims, so it must pass the same expectations.
fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let mut files = Vec::new();
    let mut dirs = vec![dir];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "json") && !path.to_string_lossy().ends_with("schema.json")
            {
                files.push(path);
            }
        }
    }
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
        let again = Scenario::parse(&scenario.to_text()).unwrap();
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
    let every = consensus_sim::scenario::ProtocolName::ALL.len();
    assert_eq!(pinned.len(), every, "one line per protocol");
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
    let text = scenario.to_text();
    let parsed = Scenario::parse(&text).expect("the written file reads back");
    let report = run_scenario(&parsed, false).expect("it runs");
    let taken: Vec<Action> = report.actions.into_iter().map(|(_, _, a)| a).collect();
    assert_eq!(taken, actions);
    assert!(Event::from_action(&Action::DropMessage(7)).is_none());
}

/// A lesson's translation differs from the original only in its words: the same events at the same times,
/// the same checks, and so the same run.
#[test]
fn each_translated_lesson_is_its_original_in_other_words() {
    use consensus_sim::scenario::Event;
    fn words_removed(mut s: Scenario) -> Scenario {
        s.title = None;
        s.description = None;
        for e in &mut s.events {
            if let Event::Caption { text, quiz, .. } = &mut e.event {
                text.clear();
                if let Some(q) = quiz {
                    q.choices.iter_mut().for_each(String::clear);
                    q.explain.clear();
                }
            }
        }
        s
    }
    let read = |p: &PathBuf| Scenario::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
    let mut translations = 0;
    for path in scenario_files() {
        let Some(lang) = path.parent().and_then(|d| d.file_name()).filter(|d| *d != "scenarios") else {
            continue;
        };
        let original = path.parent().unwrap().parent().unwrap().join(path.file_name().unwrap());
        let (translated, original) = (read(&path), read(&original));
        assert_ne!(
            translated.title,
            original.title,
            "{}: the title is translated",
            path.display()
        );
        assert_eq!(
            run_scenario(&translated, false).unwrap().trace_hash,
            run_scenario(&original, false).unwrap().trace_hash,
            "{}",
            path.display()
        );
        assert_eq!(
            words_removed(translated),
            words_removed(original),
            "{} ({lang:?})",
            path.display()
        );
        translations += 1;
    }
    println!("{translations} translated lessons");
}
