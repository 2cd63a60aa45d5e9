//! Bad input (SCENARIO.md, "Bad input"): every malformed scenario is rejected with a message that names the
//! place and the reason, the CLI exits 2 with `error: ` and that message, and nothing panics.
//!
//! Each `tests/bad_input/NAME.json` holds one mistake; `NAME.err` next to it holds the exact expected message.
//! Inputs too large to commit (over 1 MiB, more than 100,000 events) are built here in code.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use consensus_sim::scenario::{Scenario, MAX_DOCUMENT, MAX_EVENTS};
use serde_json::{json, Value};

/// No committed case file may be larger than this; larger inputs are built in code.
const MAX_CASE_FILE: u64 = 200_000;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("bad_input")
}

/// Every case as (name, document, expected message), sorted by name.
fn cases() -> Vec<(String, String, String)> {
    let mut paths: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/bad_input exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}.json: {e}"));
            let expected = fs::read_to_string(path.with_extension("err"))
                .unwrap_or_else(|e| panic!("{name}.err: {e}"))
                .trim()
                .to_string();
            (name, text, expected)
        })
        .collect()
}

fn parse_error(text: &str) -> String {
    match Scenario::parse(text) {
        Ok(_) => panic!("accepted a bad document:\n{text}"),
        Err(message) => message,
    }
}

/// A valid scenario, padded with trailing spaces to exactly `len` bytes.
fn padded_valid_document(len: usize) -> String {
    let mut text = String::from(r#"{"version": 1, "protocol": "raft", "nodes": 3}"#);
    assert!(text.len() <= len);
    text.push_str(&" ".repeat(len - text.len()));
    text
}

/// A scenario whose events array holds `count` copies of `event`.
fn document_with_events(count: usize, event: &str) -> String {
    let mut text = String::from(r#"{"version": 1, "protocol": "raft", "nodes": 3, "events": ["#);
    for i in 0..count {
        if i > 0 {
            text.push(',');
        }
        text.push_str(event);
    }
    text.push_str("]}");
    text
}

/// A scenario of `count` events `{"at_ms": 0, "do": "heal"}`, the smallest valid event, as a JSON value.
fn scenario_with_events(count: usize) -> Value {
    json!({
        "version": 1,
        "protocol": "raft",
        "nodes": 3,
        "events": vec![json!({ "at_ms": 0, "do": "heal" }); count],
    })
}

fn run_binary(file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consensus-sim"))
        .arg("run")
        .arg(file)
        .output()
        .expect("consensus-sim runs")
}

/// Writes `bytes` to a scratch file for the binary to read.
fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad_input");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the binary rejected its input: exit 2, one `error: ` line containing `message`, nothing on stdout.
fn assert_rejected(name: &str, output: &Output, message: &str) {
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "{name}: the binary panicked:\n{stderr}");
    assert_eq!(output.status.code(), Some(2), "{name}: exit status; stderr:\n{stderr}");
    assert!(
        stderr.starts_with("error: "),
        "{name}: stderr does not start with \"error: \":\n{stderr}"
    );
    assert!(stderr.contains(message), "{name}: stderr lacks {message:?}:\n{stderr}");
    assert!(
        output.stdout.is_empty(),
        "{name}: unexpected stdout:\n{}",
        text(&output.stdout)
    );
}

#[test]
fn every_bad_file_fails_with_its_message() {
    let cases = cases();
    assert!(cases.len() >= 20, "only {} bad-input cases", cases.len());
    let mut wrong = Vec::new();
    for (name, text, expected) in &cases {
        let got = parse_error(text);
        if got != *expected {
            wrong.push(format!("{name}:\n  expected: {expected}\n  got:      {got}"));
        }
    }
    assert!(wrong.is_empty(), "wrong messages:\n{}", wrong.join("\n"));
}

#[test]
fn every_case_has_a_message_and_stays_small() {
    for entry in fs::read_dir(cases_dir()).unwrap() {
        let path = entry.unwrap().path();
        let size = fs::metadata(&path).unwrap().len();
        assert!(
            size <= MAX_CASE_FILE,
            "{} is {size} bytes; build it in code",
            path.display()
        );
        let partner = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => path.with_extension("err"),
            Some("err") => path.with_extension("json"),
            _ => panic!("unexpected file {}", path.display()),
        };
        assert!(partner.exists(), "{} has no {}", path.display(), partner.display());
        if path.extension().is_some_and(|e| e == "err") {
            let message = fs::read_to_string(&path).unwrap();
            assert_eq!(
                message.trim().lines().count(),
                1,
                "{} must hold one line",
                path.display()
            );
            assert!(
                !message.starts_with("error: "),
                "{}: leave out the \"error: \" prefix",
                path.display()
            );
        }
    }
}

#[test]
fn the_examples_in_the_contract_are_covered() {
    let messages: Vec<String> = cases().into_iter().map(|(_, _, expected)| expected).collect();
    for example in [
        "events[3].node: node 7 does not exist (nodes = 5)",
        "timing.latency_ms: min 30 is greater than max 20",
        r#"protocol: unknown protocol "zab" (expected raft, multi-paxos or paxos)"#,
    ] {
        assert!(messages.iter().any(|m| m == example), "no case expects {example:?}");
    }
}

#[test]
fn a_document_over_one_mebibyte_is_rejected() {
    let limit = MAX_DOCUMENT;
    assert_eq!(limit, 1 << 20);
    // At the limit a document is still read.
    Scenario::parse(&padded_valid_document(limit)).expect("a valid 1 MiB document parses");
    // One byte more is too large, even though it is valid JSON otherwise.
    assert_eq!(
        parse_error(&padded_valid_document(limit + 1)),
        "document: 1048577 bytes, larger than the 1 MiB allowed"
    );
    // The size is checked before anything else: a huge broken document gets the same answer.
    let broken = "[".repeat(3 << 20);
    assert_eq!(
        parse_error(&broken),
        "document: 3145728 bytes, larger than the 1 MiB allowed"
    );
}

#[test]
fn more_than_one_hundred_thousand_events_are_rejected() {
    assert_eq!(MAX_EVENTS, 100_000);
    // From text: `{}` keeps 100,001 events well under 1 MiB, and the count is checked before the events.
    let text = document_with_events(MAX_EVENTS + 1, "{}");
    assert!(text.len() < MAX_DOCUMENT);
    assert_eq!(
        parse_error(&text),
        "events: 100001 events, more than the 100000 allowed"
    );
    // Real events at that count exceed 1 MiB, so the size limit answers first.
    let text = document_with_events(MAX_EVENTS + 1, r#"{"at_ms":0,"do":"heal"}"#);
    assert!(text.len() > MAX_DOCUMENT);
    assert!(parse_error(&text).starts_with("document: "), "{}", parse_error(&text));
    // From a JSON value, where the size limit does not apply: 100,000 events pass, one more does not.
    Scenario::from_value(&scenario_with_events(MAX_EVENTS)).expect("100,000 events are allowed");
    assert_eq!(
        Scenario::from_value(&scenario_with_events(MAX_EVENTS + 1)).unwrap_err(),
        "events: 100001 events, more than the 100000 allowed"
    );
}

#[test]
fn the_binary_exits_2_with_the_message() {
    for name in ["event-node-does-not-exist", "latency-min-above-max", "unknown-protocol"] {
        let path = cases_dir().join(format!("{name}.json"));
        let expected = fs::read_to_string(path.with_extension("err")).unwrap();
        let output = run_binary(&path);
        assert_rejected(name, &output, expected.trim());
        assert_eq!(text(&output.stderr), format!("error: {}\n", expected.trim()), "{name}");
    }
}

#[test]
fn the_binary_rejects_every_bad_file_without_panicking() {
    for (name, _, expected) in cases() {
        let output = run_binary(&cases_dir().join(format!("{name}.json")));
        assert_rejected(&name, &output, &expected);
    }
}

#[test]
fn the_binary_rejects_large_inputs() {
    let big = scratch_file(
        "document-too-large.json",
        padded_valid_document(MAX_DOCUMENT + 1).as_bytes(),
    );
    assert_rejected(
        "document-too-large",
        &run_binary(&big),
        "document: 1048577 bytes, larger than the 1 MiB allowed",
    );
    let many = scratch_file(
        "too-many-events.json",
        document_with_events(MAX_EVENTS + 1, "{}").as_bytes(),
    );
    assert_rejected(
        "too-many-events",
        &run_binary(&many),
        "events: 100001 events, more than the 100000 allowed",
    );
}

#[test]
fn the_binary_survives_hostile_input() {
    // Rejected: exit 2 with a message.
    let rejected: [(&str, Vec<u8>, &str); 7] = [
        ("empty", Vec::new(), "document: invalid JSON at line 1, column 1"),
        (
            "invalid-utf8",
            b"{\"version\": 1, \"protocol\": \"raft\", \"nodes\": 3, \"title\": \"\xff\xfe\xc3\"}".to_vec(),
            "document: not valid UTF-8",
        ),
        ("nested-arrays", "[".repeat(100_000).into_bytes(), "nested too deeply"),
        (
            "nested-in-field",
            format!(
                r#"{{"version": 1, "protocol": "raft", "nodes": 3, "title": {}{}}}"#,
                "[".repeat(10_000),
                "]".repeat(10_000)
            )
            .into_bytes(),
            "nested too deeply",
        ),
        (
            "script-protocol",
            br#"{"version": 1, "protocol": "<script>alert(1)</script>", "nodes": 3}"#.to_vec(),
            r#"protocol: unknown protocol "<script>alert(1)</script>""#,
        ),
        (
            "nul-byte",
            b"{\"version\": 1, \"protocol\": \"raft\", \"nodes\": 3, \"title\": \"a\0b\"}".to_vec(),
            "control character in a string",
        ),
        (
            "binary-garbage",
            (0..=255u8).cycle().take(4096).collect(),
            "document: not valid UTF-8",
        ),
    ];
    for (name, bytes, message) in rejected {
        let path = scratch_file(&format!("hostile-{name}.json"), &bytes);
        assert_rejected(name, &run_binary(&path), message);
    }

    // Accepted: hostile-looking text in free-text fields is just text, and the run passes.
    let accepted = [
        (
            "script-title",
            r#"{"version": 1, "protocol": "raft", "nodes": 3, "title": "<script>alert(1)</script>",
                "description": "\"; rm -rf / #\u0000 \ud83d\ude00 ' OR 1=1 --"}"#,
        ),
        (
            "script-caption",
            r#"{"version": 1, "protocol": "raft", "nodes": 3,
                "events": [{"at_ms": 10, "do": "caption", "text": "<img src=x onerror=alert(1)>"}]}"#,
        ),
    ];
    for (name, document) in accepted {
        let path = scratch_file(&format!("hostile-{name}.json"), document.as_bytes());
        let output = run_binary(&path);
        let stderr = text(&output.stderr);
        assert!(!stderr.contains("panicked"), "{name}: the binary panicked:\n{stderr}");
        assert_eq!(output.status.code(), Some(0), "{name}: exit status; stderr:\n{stderr}");
        assert!(stderr.is_empty(), "{name}: unexpected stderr:\n{stderr}");
    }
}
