//! The JSON Schemas of scenario and history files, shipped with the site as `scenarios/schema.json` and
//! `scenarios/history.schema.json` so that an editor completes and checks a file as it is typed, are the ones
//! the reading types give; and every shipped scenario names its schema.

use std::path::{Path, PathBuf};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios")
}

#[test]
fn the_shipped_schema_is_the_one_the_types_give() {
    let shipped = std::fs::read_to_string(scenarios_dir().join("schema.json")).expect("tests/scenarios/schema.json");
    let generated = consensus_sim::scenario::schema::scenario_text();
    assert!(
        shipped == generated,
        "tests/scenarios/schema.json is not the schema the types give; write it again with\n  \
         cargo run -p consensus-sim -- schema > tests/scenarios/schema.json"
    );
}

#[test]
fn the_shipped_history_schema_is_the_one_the_types_give() {
    let shipped = std::fs::read_to_string(scenarios_dir().join("history.schema.json"))
        .expect("tests/scenarios/history.schema.json");
    assert!(
        shipped == consensus_sim::history::schema::history_text(),
        "tests/scenarios/history.schema.json is not the schema the types give; write it again with\n  \
         cargo run -p consensus-sim -- schema history > tests/scenarios/history.schema.json"
    );
}

#[test]
fn the_schema_names_every_verb_check_protocol_and_bug() {
    let schema = consensus_sim::scenario::schema::scenario();
    let text = schema.to_string();
    for (verb, _) in consensus_sim::scenario::document::VERBS {
        assert!(text.contains(&format!("\"const\":\"{verb}\"")), "no branch for {verb}");
    }
    for (check, _) in consensus_sim::scenario::document::CHECKS {
        assert!(
            text.contains(&format!("\"const\":\"{check}\"")),
            "no branch for {check}"
        );
    }
    for protocol in consensus_sim::scenario::ProtocolName::ALL {
        assert!(text.contains(&format!("\"{}\"", protocol.name())));
        for bug in protocol.bug_names() {
            assert!(text.contains(&format!("\"{bug}\"")), "the schema lacks the bug {bug}");
        }
    }
    assert_eq!(schema["properties"]["nodes"]["maximum"], 9);
    assert_eq!(schema["required"], serde_json::json!(["version", "protocol", "nodes"]));
}

#[test]
fn every_shipped_scenario_names_the_schema() {
    for dir in [scenarios_dir(), scenarios_dir().join("zh-CN")] {
        let up = if dir.ends_with("zh-CN") { "../" } else { "" };
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".json") || name.ends_with("schema.json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let document: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                document["$schema"],
                serde_json::json!(format!("{up}schema.json")),
                "{} does not name the schema",
                path.display()
            );
        }
    }
}
