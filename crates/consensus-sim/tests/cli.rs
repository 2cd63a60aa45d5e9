//! The `consensus-sim` command line, as SCENARIO.md specifies it: exit 0 passes, 1 fails, 2 is bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consensus-sim"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn scenario(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios")
        .join(name)
        .to_string_lossy()
        .to_string()
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("consensus-sim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().to_string()
}

fn field<'a>(json: &'a Value, key: &str) -> &'a Value {
    json.get(key).unwrap_or_else(|| panic!("no {key}"))
}

fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

#[test]
fn run_prints_a_summary_and_exits_0_when_the_scenario_passes() {
    let out = cli(&["run", &scenario("figure8-bug.json")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("PASS Figure 8"), "{stdout}");
    assert!(stdout.contains("violation leader-completeness"));
}

#[test]
fn run_json_prints_the_report_fields_of_the_contract() {
    let out = cli(&["run", &scenario("figure8-bug.json"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report = parse(String::from_utf8_lossy(&out.stdout).trim()).expect("one JSON document");
    for key in [
        "passed",
        "expectations",
        "failures",
        "violations",
        "leaders",
        "nodes",
        "messages",
        "events_processed",
        "sim_ms",
    ] {
        field(&report, key);
    }
    assert_eq!(field(&report, "passed"), &json!(true));
    assert_eq!(field(&report, "sim_ms"), &json!(3000));
    let Value::Array(nodes) = field(&report, "nodes") else {
        panic!()
    };
    assert_eq!(nodes.len(), 5);
    for key in ["id", "up", "role", "term", "commit_index", "log"] {
        field(&nodes[0], key);
    }
    let messages = field(&report, "messages");
    for key in ["sent", "delivered", "dropped", "by_type"] {
        field(messages, key);
    }
    let Value::Array(expectations) = field(&report, "expectations") else {
        panic!()
    };
    for key in ["index", "at_ms", "check", "ok", "detail"] {
        field(&expectations[0], key);
    }
}

#[test]
fn run_exits_1_when_an_expectation_fails_and_says_which() {
    let file = temp(
        "fails.json",
        r#"{"version":1,"protocol":"raft","nodes":3,"seed":1,
            "events":[{"at_ms":5,"do":"expect","check":"one-leader"}]}"#,
    );
    let out = cli(&["run", &file, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = parse(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    assert_eq!(field(&report, "passed"), &json!(false));
    let Value::Array(failures) = field(&report, "failures") else {
        panic!()
    };
    assert_eq!(
        failures[0],
        json!("events[0] (one-leader at 5 ms): no leader among S1, S2, S3")
    );
}

#[test]
fn run_exits_1_when_a_selector_cannot_be_resolved() {
    let file = temp(
        "selector.json",
        r#"{"version":1,"protocol":"raft","nodes":3,"events":[{"at_ms":1,"do":"crash","node":"leader"}]}"#,
    );
    let out = cli(&["run", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"leader\": no node is leader"));
}

#[test]
fn run_trace_writes_every_event_as_json_lines() {
    let trace = temp("trace.jsonl", "");
    let out = cli(&["run", &scenario("figure8-bug.json"), "--trace", &trace]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&trace).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 500, "{} lines", lines.len());
    for line in &lines {
        let entry = parse(line).expect("each line is JSON");
        field(&entry, "at_us");
        field(&entry, "event");
    }
    for kind in ["\"send\"", "\"deliver\"", "\"drop\"", "\"timer\"", "\"action\""] {
        assert!(text.contains(kind), "the trace has {kind} events");
    }
}

#[test]
fn bad_input_exits_2_with_the_place_and_the_reason() {
    let file = temp(
        "bad.json",
        r#"{"version":1,"protocol":"raft","nodes":5,"events":[{"at_ms":1,"do":"crash","node":7}]}"#,
    );
    let out = cli(&["run", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: events[0].node: node 7 does not exist (nodes = 5)"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(cli(&["run", "/nonexistent/file.json"]).status.code(), Some(2));
    assert_eq!(cli(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(cli(&["fuzz", "--seeds", "ten"]).status.code(), Some(2));
    assert_eq!(
        cli(&["fuzz", "--protocol", "zab", "--seeds", "1"]).status.code(),
        Some(2)
    );
    assert_eq!(cli(&["fuzz", "--seeds", "1", "--bug", "nope"]).status.code(), Some(2));
}

#[test]
fn fuzz_prints_a_summary_line_and_exits_0_when_every_seed_passes() {
    let out = cli(&["fuzz", "--protocol", "raft", "--seeds", "20", "--from", "100"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("fuzz raft: 20 seeds, 0 invariant violations, 0 liveness failures"),
        "{stdout}"
    );
    assert!(stdout.contains("events/s"));
}

#[test]
fn a_failing_fuzz_seed_prints_a_reproduction_and_saves_a_scenario_that_replays_it() {
    let dir = std::env::temp_dir().join(format!("consensus-sim-failing-{}", std::process::id()));
    let dir = dir.to_string_lossy().to_string();
    let out = cli(&[
        "fuzz",
        "--protocol",
        "raft",
        "--seeds",
        "40",
        "--from",
        "0",
        "--bug",
        "skip-log-up-to-date-check",
        "--save-failing",
        &dir,
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let reproduce = stdout
        .lines()
        .find_map(|l| l.strip_prefix("reproduce: "))
        .expect("a reproduction command");
    assert!(reproduce.starts_with("consensus-sim fuzz --protocol raft --seeds 1 --from "));
    let seed = stdout
        .lines()
        .find_map(|l| l.strip_prefix("first failing seed "))
        .and_then(|l| l.split(':').next())
        .unwrap()
        .to_string();
    // The reproduction command fails the same way.
    let args: Vec<&str> = reproduce.split(' ').skip(1).collect();
    assert_eq!(cli(&args).status.code(), Some(1));
    // The saved file is an ordinary scenario: it runs, and shows the same violation.
    let saved = format!("{dir}/raft-seed-{seed}.json");
    let run = cli(&["run", &saved, "--json"]);
    let report = parse(String::from_utf8_lossy(&run.stdout).trim()).unwrap();
    let Value::Array(violations) = field(&report, "violations") else {
        panic!()
    };
    assert!(!violations.is_empty(), "the saved scenario reproduces the violation");
}

#[test]
fn bench_prints_events_per_second() {
    let out = cli(&["bench", "--protocol", "raft"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout.contains("events/s") && stdout.contains("0 violations"),
        "{stdout}"
    );
}

#[test]
fn check_says_whether_each_history_is_linearizable_and_exits_by_the_verdict() {
    let good = temp(
        "good-history.json",
        r#"{ "version": 1, "operations": [
            { "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 1000, "return_us": 7000, "outcome": "ok" },
            { "client": 2, "op": "get", "key": "x", "call_us": 2000, "return_us": 9000, "outcome": "ok", "result": "1" },
            { "client": 4, "op": "put", "key": "x", "value": "5", "call_us": 9500, "return_us": null, "outcome": "info" }
        ]}"#,
    );
    let stale = temp(
        "stale-history.json",
        r#"{ "version": 1, "operations": [
            { "client": 1, "op": "put", "key": "x", "value": "2", "call_us": 0, "return_us": 640000, "outcome": "ok" },
            { "client": 2, "op": "get", "key": "x", "call_us": 700000, "return_us": 812000, "outcome": "ok", "result": "1" }
        ]}"#,
    );
    let out = cli(&["check", &good]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "linearizable");
    let out = cli(&["check", &good, &stale]);
    assert_eq!(out.status.code(), Some(1), "one is not linearizable");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("{good}: linearizable")), "{text}");
    assert!(
        text.contains(&format!("{stale}: not linearizable: operations[1]")),
        "{text}"
    );
    let out = cli(&["check", "--json", &stale]);
    let verdict = parse(String::from_utf8_lossy(&out.stdout).trim()).expect("one JSON object");
    assert_eq!(field(&verdict, "linearizable"), &json!(false));
    assert_eq!(field(&verdict, "operation"), &json!(1));
    assert_eq!(field(&verdict, "could_hold"), &json!(["2"]));
    let bad = temp(
        "bad-history.json",
        r#"{ "version": 1, "operations": [
            { "client": 1, "op": "get", "key": "x", "call_us": 1, "return_us": 2, "outcome": "maybe" }
        ]}"#,
    );
    let out = cli(&["check", &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains(r#"operations[0].outcome: unknown outcome "maybe" (expected ok, fail or info)"#));
}
