//! The JSON Schema of scenario files, generated from the types that read them (`document.rs`, `fields.rs`)
//! and the tables of verbs and checks the reader follows. An editor that knows the schema completes field
//! names, offers the verbs and checks, and marks a mistake as it is typed. It is shipped as
//! `scenarios/schema.json`; a test fails when the shipped file differs from what the types say.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use super::document::{Document, Event, Field, Quiz, CHECKS, VERBS};
use super::fields::{Flag, MsRange, Probability, Text, Whole};
use super::{ProtocolName, MAX_TIME_MS};
use crate::protocol::MAX_NODES;

/// The schema of scenario files, as shipped.
pub fn scenario() -> Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<Document>().to_value();
    without_null(&mut schema);
    if let Value::Object(root) = &mut schema {
        root.insert(
            "$id".into(),
            "https://consensus-lab.example/scenarios/schema.json".into(),
        );
        root.insert("title".into(), "Consensus Lab scenario (version 1)".into());
    }
    schema
}

/// The schema as the file holds it: indented, with a final newline.
pub fn scenario_text() -> String {
    serde_json::to_string_pretty(&scenario()).expect("a schema serializes") + "\n"
}

/// serde's `Option` fields may be left out, never written as null: the format has no null.
pub(crate) fn without_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types[0].clone();
                    map.insert("type".into(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = map.get_mut(key) {
                    options.retain(|o| o != &json!({ "type": "null" }));
                    if options.len() == 1 {
                        let only = options.remove(0);
                        map.remove(key);
                        if let Value::Object(inner) = only {
                            for (k, v) in inner {
                                map.entry(k).or_insert(v);
                            }
                        }
                    }
                }
            }
            map.values_mut().for_each(without_null);
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}

fn names(list: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let mut all: Vec<&str> = Vec::new();
    for name in list {
        if !all.contains(&name) {
            all.push(name);
        }
    }
    all
}

pub fn protocol(_: &mut SchemaGenerator) -> Schema {
    let all: Vec<&str> = ProtocolName::ALL.iter().map(|p| p.name()).collect();
    json_schema!({
        "description": "raft, multi-paxos, or paxos (single-decree Basic Paxos); or the commit protocols 2pc, 3pc and paxos-commit",
        "enum": all
    })
}

pub fn options(generator: &mut SchemaGenerator) -> Schema {
    let all = names(ProtocolName::ALL.iter().flat_map(|p| p.names().options.iter().copied()));
    let mut properties: serde_json::Map<String, Value> = all
        .iter()
        .map(|name| (name.to_string(), json!({ "type": "boolean" })))
        .collect();
    properties.insert(
        "read_path".to_string(),
        json!({ "enum": crate::protocol::kv::ReadPath::NAMES }),
    );
    properties.insert(
        "fault_tolerance".to_string(),
        json!({ "type": "integer", "minimum": 0, "maximum": 2 }),
    );
    properties.insert("detector".to_string(), detector(generator));
    properties.insert(
        "snapshot_every".to_string(),
        json!({ "type": "integer", "minimum": 1, "maximum": super::parse::MAX_SNAPSHOT_EVERY }),
    );
    json_schema!({
        "description": "Protocol options, each true or false. Raft: pre_vote, check_quorum, leader_noop, conflict_hint. Basic Paxos: no_backoff. Multi-Paxos has none. 2pc: cooperative. And read_path, how gets are answered: log (default), read_index, lease or follower; paxos-commit's fault_tolerance, F, 0 to 2 (default 1); raft's and multi-paxos's detector, fixed (default) or phi, or an object with its kind and settings; raft's snapshot_every, the entries each server applies between snapshots (default: never).",
        "type": "object",
        "properties": properties,
        "additionalProperties": false
    })
}

/// A failure detector: its kind alone, or an object with its kind and settings.
fn detector(generator: &mut SchemaGenerator) -> Value {
    json!({
        "anyOf": [
            { "enum": ["fixed", "phi"] },
            generator.subschema_for::<super::document::DetectorSpec>().to_value()
        ]
    })
}

pub fn detector_kind(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "enum": ["fixed", "phi"] })
}

pub fn detector_model(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "enum": crate::protocol::detector::Model::NAMES })
}

pub fn bugs(_: &mut SchemaGenerator) -> Schema {
    let all = names(ProtocolName::ALL.iter().flat_map(|p| p.names().bugs.iter().copied()));
    json_schema!({
        "description": "Deliberate protocol bugs, by name; each must be one the protocol knows.",
        "type": "array",
        "items": { "enum": all }
    })
}

pub fn node_id(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "minimum": 1, "maximum": MAX_NODES })
}

pub fn choices(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "items": { "type": "string", "maxLength": 80 }, "minItems": 2, "maxItems": 6 })
}

pub fn answer(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "minimum": 0, "maximum": 5 })
}

/// A node: by id, as "leader", or by a name an earlier event bound with "as", each optionally "+K" ids on.
fn selector() -> Value {
    json!({
        "anyOf": [
            { "type": "integer", "minimum": 1, "maximum": MAX_NODES },
            { "type": "string", "pattern": "^[A-Za-z0-9_-]+(\\+[0-9])?$" }
        ]
    })
}

/// The schema of an event field, from the type the reader reads it as (`parse.rs`).
fn field(name: &str, generator: &mut SchemaGenerator) -> Value {
    let of = |schema: Schema| schema.to_value();
    match name {
        "at_ms" => of(generator.subschema_for::<Whole<0, MAX_TIME_MS>>()),
        "do" => json!({ "enum": VERBS.iter().map(|(v, _)| *v).collect::<Vec<_>>() }),
        "check" => json!({ "enum": CHECKS.iter().map(|(c, _)| *c).collect::<Vec<_>>() }),
        "value" => of(generator.subschema_for::<Text<1000>>()),
        "text" => of(generator.subschema_for::<Text<2000>>()),
        "node" | "is" => selector(),
        // A link's ends for cut and restore; a cas's values.
        "from" | "to" => json!({ "anyOf": [selector(), { "type": "string", "maxLength": 1000 }] }),
        "client" => json!({ "type": "integer", "minimum": 1, "maximum": crate::sim::client::CLIENTS }),
        "key" => json!({ "type": "string", "minLength": 1, "maxLength": 32 }),
        "ok" | "fail" | "info" => of(generator.subschema_for::<Whole<0, { u64::MAX }>>()),
        "drift" => json!({ "type": "number", "minimum": -0.5, "maximum": 0.5 }),
        "read_path" => json!({ "enum": crate::protocol::kv::ReadPath::NAMES }),
        "detector" => detector(generator),
        "snapshot_every" => json!({ "type": "integer", "minimum": 0, "maximum": super::parse::MAX_SNAPSHOT_EVERY }),
        "at_most" => of(generator.subschema_for::<Whole<0, { u64::MAX }>>()),
        "within_ms" => of(generator.subschema_for::<Whole<1, { super::fields::MAX_TIMING_MS }>>()),
        "for_ms" => of(generator.subschema_for::<Whole<1, { super::fields::MAX_TIMING_MS }>>()),
        "among" => json!({ "type": "array", "items": selector(), "minItems": 1 }),
        "groups" => json!({
            "type": "array",
            "items": { "type": "array", "items": selector(), "minItems": 1 },
            "minItems": 1
        }),
        "oneway" | "pause" | "clock_stops" => of(generator.subschema_for::<Flag>()),
        "drop" | "duplicate" => of(generator.subschema_for::<Probability>()),
        "latency_ms" => of(generator.subschema_for::<MsRange<0>>()),
        "quiz" => of(generator.subschema_for::<Quiz>()),
        // Nodes for committed and in-doubt (the reader checks against the cluster), suspicions for
        // false-suspicions.
        "at_least" => json!({ "type": "integer", "minimum": 0 }),
        "index" => of(generator.subschema_for::<Whole<1, { u64::MAX }>>()),
        "term" => of(generator.subschema_for::<Whole<0, { u64::MAX }>>()),
        "invariant" => json!({
            "enum": names(ProtocolName::ALL.iter().flat_map(|p| p.invariant_names()))
        }),
        "writes" => json!({
            "type": "array",
            "items": { "type": "string", "pattern": "^[a-h][+-][0-9]{1,7}$" },
            "minItems": 1,
            "maxItems": 8
        }),
        "vote" => json!({ "enum": ["yes", "no"] }),
        "txn" => of(generator.subschema_for::<Whole<1, { u64::MAX }>>()),
        "outcome" => json!({ "enum": ["commit", "abort"] }),
        "as" => json!({
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]+$",
            "maxLength": 50,
            "not": { "const": "leader" }
        }),
        other => unreachable!("no event field {other}"),
    }
}

/// One branch of the event schema: the verb (and check) it is for, the fields it requires, and no others.
fn branch(fixed: Value, takes: &[Field], also: &[&str]) -> Value {
    let mut allowed = vec!["at_ms", "do", "as"];
    allowed.extend_from_slice(also);
    allowed.extend(takes.iter().map(|(n, _)| *n));
    let mut required: Vec<&str> = also.to_vec();
    required.extend(takes.iter().filter(|(_, r)| *r).map(|(n, _)| *n));
    json!({ "properties": fixed, "required": required, "propertyNames": { "enum": allowed } })
}

impl JsonSchema for Event {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Event".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let every = names(
            ["at_ms", "do", "as"].into_iter().chain(
                VERBS
                    .iter()
                    .chain(CHECKS)
                    .flat_map(|(_, takes)| takes.iter().map(|(n, _)| *n)),
            ),
        );
        let properties: serde_json::Map<String, Value> = every
            .iter()
            .map(|name| (name.to_string(), field(name, generator)))
            .collect();
        let mut branches = Vec::new();
        for (verb, takes) in VERBS {
            if *verb == "expect" {
                for (check, fields) in CHECKS {
                    let fixed = json!({ "do": { "const": verb }, "check": { "const": check } });
                    branches.push(branch(fixed, fields, &["check"]));
                }
            } else {
                branches.push(branch(json!({ "do": { "const": verb } }), takes, &[]));
            }
        }
        json_schema!({
            "description": "A timed event: at_ms and do, then the fields its verb takes (an expect event: its check's).",
            "type": "object",
            "required": ["at_ms", "do"],
            "properties": properties,
            "additionalProperties": false,
            "oneOf": branches
        })
    }
}
