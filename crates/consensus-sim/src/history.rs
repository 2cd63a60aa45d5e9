//! History files (SCENARIO.md, "History files"): what the clients of the replicated key/value service saw,
//! every operation with the moment it was called and the moment it returned, in the manner of Jepsen and
//! Porcupine. A history written by another tool reads exactly as one the lab wrote: the same types read
//! both, the same checks refuse a bad one with its place and reason
//! (`operations[12].outcome: unknown outcome "maybe" (expected ok, fail or info)`), and the same types give
//! the JSON Schema shipped as `scenarios/history.schema.json`.

use serde::{Deserialize, Serialize};

use crate::scenario::document::{either, Version};
use crate::scenario::fields::{present, shown, whole, Flag, List, Object, Raw, Text, Whole};
use crate::scenario::{read_document, read_value};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// The largest history file read, in bytes: a long Jepsen run fits.
pub const MAX_HISTORY: usize = 64 << 20;

/// A history as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The JSON Schema this file follows, for editors.
    #[serde(
        rename = "$schema",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub schema: Option<Text<1000>>,
    /// The format's version: 1.
    pub version: Version,
    /// Every operation the clients called, in any order.
    pub operations: List<Object<OperationDoc>>,
}

/// One operation as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OperationDoc {
    /// The client that called it; each client has at most one operation outstanding at a time.
    pub client: Whole<0, { u64::MAX }>,
    /// get, put, append (concatenates; appending to a missing key stores the value) or cas (compare-and-set).
    #[cfg_attr(feature = "schema", schemars(schema_with = "schema::op"))]
    pub op: Text<20>,
    /// The key: each key is an independent register that starts missing.
    pub key: Text<10000>,
    /// For put and append: the value.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub value: Option<Text<100000>>,
    /// For cas: the value the key must hold for the swap.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub from: Option<Text<100000>>,
    /// For cas: the value it swaps in.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub to: Option<Text<100000>>,
    /// When it was called, in microseconds.
    pub call_us: Whole<0, { u64::MAX }>,
    /// When it returned, in microseconds, no earlier than call_us; null if it never returned.
    #[cfg_attr(feature = "schema", schemars(schema_with = "schema::return_us"))]
    pub return_us: Raw,
    /// ok: it took effect (a get read `result`). fail: it certainly took no effect. info: unknown; it may
    /// have taken effect at any moment after its call, or never.
    #[cfg_attr(feature = "schema", schemars(schema_with = "schema::outcome"))]
    pub outcome: Text<20>,
    /// For an ok get: the string read, or null for a missing key. For an ok cas: whether it swapped.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(schema_with = "schema::result"))]
    pub result: Option<Raw>,
    /// An operation id, as the tool that wrote the history numbered its operations.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub id: Option<Whole<0, { u64::MAX }>>,
    /// The server that answered.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub node: Option<Whole<0, 255>>,
}

pub use crate::protocol::kv::{Answer, History, Op, Operation, Outcome};

const OPS: [&str; 4] = ["get", "put", "append", "cas"];
const OUTCOMES: [&str; 3] = ["ok", "fail", "info"];

fn fail<T>(path: &str, reason: impl std::fmt::Display) -> Result<T, String> {
    Err(format!("{path}: {reason}"))
}

impl History {
    /// Reads and checks a history document.
    pub fn parse(text: &str) -> Result<History, String> {
        if text.len() > MAX_HISTORY {
            return fail(
                "document",
                format!("{} bytes, larger than the 64 MiB allowed", text.len()),
            );
        }
        let doc: Document = read_document(text)?;
        let mut operations = Vec::with_capacity(doc.operations.0.len());
        for (i, Object(op)) in doc.operations.0.into_iter().enumerate() {
            operations.push(operation(op, &format!("operations[{i}]"))?);
        }
        one_at_a_time(&operations)?;
        Ok(History { operations })
    }

    /// Whether a document is meant as a history rather than a scenario: a JSON object with `operations` and
    /// no `events`. A page that is handed either file tells them apart by this before it reads one.
    pub fn is_history_document(text: &str) -> bool {
        serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|v| v.get("operations").is_some() && v.get("events").is_none())
    }
}

impl History {
    /// The history as a file in the format it is read in, one operation per line.
    pub fn to_text(&self) -> String {
        let lines: Vec<String> = self
            .operations
            .iter()
            .map(|op| {
                let mut line = serde_json::json!({
                    "client": op.client,
                    "op": op.op.name(),
                    "key": op.key,
                });
                let fields = line.as_object_mut().expect("an object");
                match &op.op {
                    Op::Get => {}
                    Op::Put(value) | Op::Append(value) => {
                        fields.insert("value".into(), value.clone().into());
                    }
                    Op::Cas { from, to } => {
                        fields.insert("from".into(), from.clone().into());
                        fields.insert("to".into(), to.clone().into());
                    }
                }
                fields.insert("call_us".into(), op.call_us.into());
                fields.insert("return_us".into(), op.return_us.into());
                let outcome = match op.outcome {
                    Outcome::Ok => "ok",
                    Outcome::Fail => "fail",
                    Outcome::Info => "info",
                };
                fields.insert("outcome".into(), outcome.into());
                match &op.answer {
                    Some(Answer::Read(read)) => fields.insert("result".into(), read.clone().into()),
                    Some(Answer::Swapped(swapped)) => fields.insert("result".into(), (*swapped).into()),
                    None => None,
                };
                if let Some(id) = op.id {
                    fields.insert("id".into(), id.into());
                }
                if let Some(node) = op.node {
                    fields.insert("node".into(), node.into());
                }
                format!("    {line}")
            })
            .collect();
        format!(
            "{{\n  \"version\": 1,\n  \"operations\": [\n{}\n  ]\n}}\n",
            lines.join(",\n")
        )
    }
}

fn operation(doc: OperationDoc, path: &str) -> Result<Operation, String> {
    let at = |field: &str| format!("{path}.{field}");
    let Text(kind) = doc.op;
    let op = match kind.as_str() {
        "get" | "put" | "append" | "cas" => kind.as_str(),
        _ => {
            return fail(
                &at("op"),
                format!("unknown op \"{}\" (expected {})", shown(&kind), either(&OPS)),
            )
        }
    };
    let Text(outcome) = doc.outcome;
    let outcome = match outcome.as_str() {
        "ok" => Outcome::Ok,
        "fail" => Outcome::Fail,
        "info" => Outcome::Info,
        _ => {
            return fail(
                &at("outcome"),
                format!(
                    "unknown outcome \"{}\" (expected {})",
                    shown(&outcome),
                    either(&OUTCOMES)
                ),
            )
        }
    };
    // Each op takes its own fields and no other.
    let takes: &[&str] = match op {
        "put" | "append" => &["value"],
        "cas" => &["from", "to"],
        _ => &[],
    };
    for (field, given) in [
        ("value", doc.value.is_some()),
        ("from", doc.from.is_some()),
        ("to", doc.to.is_some()),
    ] {
        if given && !takes.contains(&field) {
            return fail(&at(field), format!("unknown field (a {op} has none)"));
        }
        if !given && takes.contains(&field) {
            return fail(&at(field), "missing (this field is required)");
        }
    }
    let text = |t: Option<Text<100000>>| t.map(|t| t.0).unwrap_or_default();
    let op = match op {
        "get" => Op::Get,
        "put" => Op::Put(text(doc.value)),
        "append" => Op::Append(text(doc.value)),
        _ => Op::Cas {
            from: text(doc.from),
            to: text(doc.to),
        },
    };
    let call_us = doc.call_us.0;
    let return_us = match doc.return_us.text() {
        "null" => None,
        raw => Some(whole(raw, 0, u64::MAX).map_err(|e| format!("{}: {e} (or null)", at("return_us")))?),
    };
    if let Some(ret) = return_us.filter(|&r| r < call_us) {
        return fail(&at("return_us"), format!("{ret} is before call_us {call_us}"));
    }
    if outcome != Outcome::Info && return_us.is_none() {
        return fail(&at("return_us"), "null, but only an info operation may never return");
    }
    let answer = match (&op, outcome, doc.result) {
        (Op::Get, Outcome::Ok, Some(raw)) => Some(Answer::Read(match raw.text() {
            "null" => None,
            text => Some(
                read_value::<Text<100000>>(text, &at("result"))
                    .map_err(|e| e.replace("expected a string", "expected a string or null"))?
                    .0,
            ),
        })),
        (Op::Cas { .. }, Outcome::Ok, Some(raw)) => {
            Some(Answer::Swapped(read_value::<Flag>(raw.text(), &at("result"))?.0))
        }
        (Op::Get | Op::Cas { .. }, Outcome::Ok, None) => {
            return fail(&at("result"), "missing (an ok get or cas has one)")
        }
        (_, _, Some(_)) => return fail(&at("result"), "unknown field (only an ok get or cas has a result)"),
        (_, _, None) => None,
    };
    Ok(Operation {
        client: doc.client.0,
        op,
        key: doc.key.0,
        call_us,
        return_us,
        outcome,
        answer,
        id: doc.id.map(|i| i.0),
        node: doc.node.map(|n| n.0),
    })
}

/// Each client has at most one operation outstanding at a time: sorted by call, each starts no earlier than
/// the one before it returned (one that never returned keeps its client busy for good).
fn one_at_a_time(operations: &[Operation]) -> Result<(), String> {
    let mut order: Vec<usize> = (0..operations.len()).collect();
    order.sort_by_key(|&i| (operations[i].client, operations[i].call_us, i));
    for pair in order.windows(2) {
        let (a, b) = (&operations[pair[0]], &operations[pair[1]]);
        if a.client == b.client && a.return_us.is_none_or(|r| r > b.call_us) {
            return fail(
                &format!("operations[{}]", pair[1]),
                format!(
                    "client {} calls it at {} us while its operations[{}] is still outstanding",
                    b.client, b.call_us, pair[0]
                ),
            );
        }
    }
    Ok(())
}

#[cfg(feature = "schema")]
pub mod schema {
    //! The JSON Schema of history files.

    use schemars::{json_schema, Schema, SchemaGenerator};

    /// The schema of history files, as shipped.
    pub fn history() -> serde_json::Value {
        let generator = schemars::generate::SchemaSettings::draft07().into_generator();
        let mut schema = generator.into_root_schema_for::<super::Document>().to_value();
        crate::scenario::schema::without_null(&mut schema);
        if let serde_json::Value::Object(root) = &mut schema {
            root.insert(
                "$id".into(),
                "https://consensus-lab.example/scenarios/history.schema.json".into(),
            );
            root.insert("title".into(), "Consensus Lab client history (version 1)".into());
        }
        schema
    }

    /// The schema as the file holds it: indented, with a final newline.
    pub fn history_text() -> String {
        serde_json::to_string_pretty(&history()).expect("a schema serializes") + "\n"
    }

    pub fn op(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "enum": super::OPS })
    }

    pub fn outcome(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "enum": super::OUTCOMES })
    }

    pub fn return_us(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "When it returned, in microseconds, no earlier than call_us; null if it never returned.",
            "anyOf": [{ "type": "integer", "minimum": 0 }, { "const": null }]
        })
    }

    pub fn result(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "For an ok get: the string read, or null for a missing key. For an ok cas: whether it swapped.",
            "anyOf": [{ "type": "string" }, { "const": null }, { "type": "boolean" }]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_of_the_format_reads() {
        let text = r#"{
          "version": 1,
          "operations": [
            { "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 1000, "return_us": 7000, "outcome": "ok" },
            { "client": 2, "op": "get", "key": "x", "call_us": 2000, "return_us": 9000, "outcome": "ok", "result": "1" },
            { "client": 3, "op": "cas", "key": "x", "from": "1", "to": "2", "call_us": 3000, "return_us": 8000,
              "outcome": "ok", "result": false },
            { "client": 1, "op": "append", "key": "y", "value": "ab", "call_us": 8000, "return_us": 12000, "outcome": "ok" },
            { "client": 4, "op": "put", "key": "x", "value": "5", "call_us": 9500, "return_us": null, "outcome": "info" }
          ]
        }"#;
        let history = History::parse(text).unwrap();
        assert_eq!(history.operations.len(), 5);
        assert_eq!(history.operations[1].answer, Some(Answer::Read(Some("1".into()))));
        assert_eq!(history.operations[2].answer, Some(Answer::Swapped(false)));
        assert_eq!(history.operations[4].return_us, None);
    }

    #[test]
    fn a_bad_history_is_named_with_its_place() {
        let one = |op: &str| format!(r#"{{"version": 1, "operations": [{op}]}}"#);
        let cases = [
            (
                r#"{"client": 1, "op": "get", "key": "x", "call_us": 1, "return_us": 2, "outcome": "maybe"}"#,
                r#"operations[0].outcome: unknown outcome "maybe" (expected ok, fail or info)"#,
            ),
            (
                r#"{"client": 1, "op": "inc", "key": "x", "call_us": 1, "return_us": 2, "outcome": "ok"}"#,
                r#"operations[0].op: unknown op "inc" (expected get, put, append or cas)"#,
            ),
            (
                r#"{"client": 1, "op": "put", "key": "x", "call_us": 1, "return_us": 2, "outcome": "ok"}"#,
                "operations[0].value: missing (this field is required)",
            ),
            (
                r#"{"client": 1, "op": "get", "key": "x", "call_us": 5, "return_us": 2, "outcome": "fail"}"#,
                "operations[0].return_us: 2 is before call_us 5",
            ),
            (
                r#"{"client": 1, "op": "get", "key": "x", "call_us": 1, "return_us": 2, "outcome": "ok"}"#,
                "operations[0].result: missing (an ok get or cas has one)",
            ),
            (
                r#"{"client": 1, "op": "get", "key": "x", "call_us": 1, "return_us": 2, "outcome": "ok", "result": 3}"#,
                "operations[0].result: expected a string or null, found a number",
            ),
            (
                r#"{"client": 1, "op": "get", "key": "x", "call_us": 1, "return_us": 2, "outcome": "ok", "result": "1", "proc": 4}"#,
                "operations[0].proc: unknown field",
            ),
        ];
        for (op, expected) in cases {
            assert_eq!(History::parse(&one(op)).unwrap_err(), expected);
        }
        let overlapping = r#"{"version": 1, "operations": [
            {"client": 7, "op": "get", "key": "x", "call_us": 1, "return_us": 10, "outcome": "fail"},
            {"client": 7, "op": "get", "key": "x", "call_us": 5, "return_us": 12, "outcome": "fail"}]}"#;
        assert_eq!(
            History::parse(overlapping).unwrap_err(),
            "operations[1]: client 7 calls it at 5 us while its operations[0] is still outstanding"
        );
        assert_eq!(
            History::parse(r#"{"version": 1}"#).unwrap_err(),
            "operations: missing (this field is required)"
        );
    }
}
