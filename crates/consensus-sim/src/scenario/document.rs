//! A scenario document as written (SCENARIO.md, version 1): the types serde reads a file into and writes a
//! scenario out of, and from which the JSON Schema shipped for editors is generated. What a value may be on
//! its own (a whole number of milliseconds, a probability) is said by its field's type; what depends on the
//! rest of the document (that node 7 exists, that a name was bound earlier) is checked by `parse.rs`.

use serde::{Deserialize, Serialize};

use super::fields::{present, Bounded, List, MsRange, Number, Object, Probability, Raw, Text, Threshold, Whole};
use super::{MAX_EVENTS, MAX_TIME_MS};

/// The longest timing value accepted, in ms: ten minutes.
pub use super::fields::MAX_TIMING_MS;
/// The highest term an initial log may carry.
pub const MAX_INITIAL_TERM: u64 = 1 << 40;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// A scenario: everything that determines a run.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The JSON Schema this file follows, so an editor completes and checks it as it is typed.
    #[serde(
        rename = "$schema",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub schema: Option<Text<1000>>,
    /// The format's version: 1.
    pub version: Version,
    /// Shown by the lab as the lesson's title.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub title: Option<Text<200>>,
    /// Shown by the lab before the first caption.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub description: Option<Text<10000>>,
    /// "raft", "multi-paxos", "paxos" (single-decree Basic Paxos), "2pc", "3pc" or "paxos-commit".
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::protocol"))]
    pub protocol: Text<100>,
    /// Cluster size.
    pub nodes: Whole<1, 9>,
    /// All randomness derives from it. Default 1.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub seed: Option<Whole<0, { u64::MAX }>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub timing: Option<Object<Timing>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub network: Option<Object<Network>>,
    /// Protocol options, each true or false. Raft: pre_vote, check_quorum, leader_noop, conflict_hint. Basic
    /// Paxos: no_backoff. Multi-Paxos has none.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::options"))]
    pub options: Option<Options>,
    /// Deliberate protocol bugs, by name.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::bugs"))]
    pub bugs: Option<List<Text<100>>>,
    /// Raft only: persisted state per node before the run.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub initial: Option<List<Object<Initial>>>,
    /// Timed events, applied in order of at_ms, file order among equals.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub events: Option<Bounded<Object<Event>, MAX_EVENTS>>,
    /// Simulated duration of the run in ms. Default: the last event's at_ms + 1000.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub run_ms: Option<Whole<1, MAX_TIME_MS>>,
}

/// The format's version, 1: anything else is named in the error as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Version(pub Raw);

impl Default for Version {
    fn default() -> Self {
        Version(Raw::of("1".to_string()))
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Raw::deserialize(deserializer)?;
        if super::fields::whole(raw.text(), 0, u64::MAX) == Ok(1) {
            Ok(Version(raw))
        } else {
            Err(serde::de::Error::custom(format!(
                "unsupported version {} (expected 1)",
                super::fields::shown(raw.text())
            )))
        }
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Version {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Version".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "const": 1 })
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// [min, max] one-way delay in ms, drawn uniformly per message. Default [10, 20].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<MsRange<0>>,
    /// [min, max] in ms, drawn per reset. For Paxos, the leader-failure detector's timeout. Default [150, 300].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub election_timeout_ms: Option<MsRange<1>>,
    /// Leader heartbeat interval in ms. Default 50.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub heartbeat_ms: Option<Whole<1, MAX_TIMING_MS>>,
    /// The client retries an unaccepted request this often, in ms. Default 100.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub client_retry_ms: Option<Whole<1, MAX_TIMING_MS>>,
    /// C1..C5 give up on an operation after this long, in ms: a get then failed, a write is unknown (info).
    /// Default 1000.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub client_timeout_ms: Option<Whole<1, MAX_TIMING_MS>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Probability that a message is lost. Default 0.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub drop: Option<Probability>,
    /// Probability that a message is delivered twice. Default 0.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<Probability>,
}

/// A failure detector with its settings, as option `detector` and a `set` event write it in full (each may
/// also write just its kind, "fixed" or "phi").
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DetectorSpec {
    /// "fixed" (Raft's randomized election timeout) or "phi" (phi accrual).
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::detector_kind"))]
    pub kind: Text<20>,
    /// The election timeout's [min, max] in ms: under fixed, the detector itself; under phi, a candidate's
    /// wait before it tries again and a follower's before it hears any leader. Default:
    /// timing.election_timeout_ms.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<MsRange<1>>,
    /// phi: suspect the leader when phi reaches this, 0.5 to 50. Default 8.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Threshold>,
    /// phi: how many heartbeat inter-arrival times the fit keeps, 2 to 1000. Default 100.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub window: Option<Whole<2, 1000>>,
    /// phi: the fitted standard deviation is at least this, in ms. Default 5.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub min_std_ms: Option<Whole<0, MAX_TIMING_MS>>,
    /// phi: a pause this long (ms) is expected: it is added to the mean. Default 0.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub acceptable_pause_ms: Option<Whole<0, MAX_TIMING_MS>>,
    /// phi: the distribution fitted, "normal" (Akka's, the default) or "exponential" (Cassandra's).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::detector_model"))]
    pub model: Option<Text<20>>,
}

/// A protocol's options as written, in file order: which names a protocol knows is checked against it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options(pub Vec<(String, Raw)>);

impl<'de> Deserialize<'de> for Options {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Object(entries) = Object::<Entries>::deserialize(deserializer)?;
        Ok(Options(entries.0))
    }
}

/// The entries of an object, in order.
struct Entries(Vec<(String, Raw)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

impl Serialize for Options {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Persisted state for one Raft node before the run: a term, and a log given as its entries' terms (each
/// entry gets the value "t{term}i{index}").
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Initial {
    /// The node's id.
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::node_id"))]
    pub node: Number,
    /// Its currentTerm. Default 0.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub term: Option<Whole<0, MAX_INITIAL_TERM>>,
    /// The terms of its log's entries, from index 1; they never decrease, and none is above `term`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub log: Option<List<Whole<1, MAX_INITIAL_TERM>>>,
}

/// One timed event. Every field but `at_ms` and `do` belongs to some verbs only (see [`VERBS`]); each is
/// kept as written until the verb says how to read it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<Raw>,
    #[serde(
        rename = "do",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub verb: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub check: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub value: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub node: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub from: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub to: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub oneway: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub groups: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub drop: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub text: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub pause: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub quiz: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub among: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub is: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub index: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub term: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub invariant: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub drift: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub read_path: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub detector: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub snapshot_every: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub within_ms: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub for_ms: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub clock_stops: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub client: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub key: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub ok: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub fail: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub info: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub writes: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub vote: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub txn: Option<Raw>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Raw>,
    #[serde(
        rename = "as",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub bind: Option<Raw>,
}

impl Event {
    /// The fields present, by name, in the order of the format.
    pub fn present(&self) -> impl Iterator<Item = (&'static str, &Raw)> {
        [
            ("at_ms", &self.at_ms),
            ("do", &self.verb),
            ("check", &self.check),
            ("value", &self.value),
            ("node", &self.node),
            ("from", &self.from),
            ("to", &self.to),
            ("oneway", &self.oneway),
            ("groups", &self.groups),
            ("drop", &self.drop),
            ("duplicate", &self.duplicate),
            ("latency_ms", &self.latency_ms),
            ("text", &self.text),
            ("pause", &self.pause),
            ("quiz", &self.quiz),
            ("among", &self.among),
            ("is", &self.is),
            ("at_least", &self.at_least),
            ("index", &self.index),
            ("term", &self.term),
            ("invariant", &self.invariant),
            ("drift", &self.drift),
            ("read_path", &self.read_path),
            ("detector", &self.detector),
            ("snapshot_every", &self.snapshot_every),
            ("at_most", &self.at_most),
            ("within_ms", &self.within_ms),
            ("for_ms", &self.for_ms),
            ("clock_stops", &self.clock_stops),
            ("client", &self.client),
            ("key", &self.key),
            ("ok", &self.ok),
            ("fail", &self.fail),
            ("info", &self.info),
            ("writes", &self.writes),
            ("vote", &self.vote),
            ("txn", &self.txn),
            ("outcome", &self.outcome),
            ("as", &self.bind),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| (name, v)))
    }
}

/// A lesson's question at a pause point: two to six choices, the right one's position, and why.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Two to six answers to pick from.
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::choices"))]
    pub choices: List<Text<80>>,
    /// The position of the right answer among the choices, from 0.
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::answer"))]
    pub answer: Number,
    /// Why, shown once the run has shown it.
    pub explain: Text<1000>,
}

/// A field an event takes, and whether it must be there.
pub type Field = (&'static str, bool);

/// The verbs of events, each with the fields it takes besides `at_ms`, `do` and `as`. The reader refuses a
/// field its verb does not take, and the schema lists these.
pub const VERBS: &[(&str, &[Field])] = &[
    ("request", &[("value", true), ("node", false)]),
    ("get", &[("client", true), ("key", true), ("node", false)]),
    (
        "put",
        &[("client", true), ("key", true), ("value", true), ("node", false)],
    ),
    (
        "append",
        &[("client", true), ("key", true), ("value", true), ("node", false)],
    ),
    (
        "cas",
        &[
            ("client", true),
            ("key", true),
            ("from", true),
            ("to", true),
            ("node", false),
        ],
    ),
    ("crash", &[("node", true)]),
    ("restart", &[("node", true)]),
    ("disconnect", &[("node", true)]),
    ("connect", &[("node", true)]),
    ("cut", &[("from", true), ("to", true), ("oneway", false)]),
    ("restore", &[("from", true), ("to", true), ("oneway", false)]),
    ("partition", &[("groups", true)]),
    ("heal", &[]),
    (
        "set",
        &[
            ("drop", false),
            ("duplicate", false),
            ("latency_ms", false),
            ("node", false),
            ("drift", false),
            ("read_path", false),
            ("detector", false),
            ("snapshot_every", false),
        ],
    ),
    ("timeout", &[("node", true)]),
    ("transfer-leader", &[("node", true)]),
    ("pause", &[("node", true), ("for_ms", true), ("clock_stops", false)]),
    ("begin", &[("writes", true)]),
    ("vote", &[("node", true), ("vote", true)]),
    ("caption", &[("text", true), ("pause", false), ("quiz", false)]),
    ("expect", &[("check", true)]),
];

/// The checks of `expect` events, each with the fields it takes besides `check`.
pub const CHECKS: &[(&str, &[Field])] = &[
    ("one-leader", &[("among", false), ("is", false)]),
    ("no-leader", &[("among", false)]),
    ("same-term", &[("among", false)]),
    ("committed", &[("value", false), ("at_least", true), ("index", false)]),
    ("not-committed", &[("value", false), ("index", false)]),
    ("logs-match", &[("among", false)]),
    ("term-at-least", &[("term", true)]),
    ("snapshot", &[("at_least", true), ("among", false)]),
    ("no-violation", &[]),
    ("violation", &[("invariant", true)]),
    ("linearizable", &[]),
    (
        "client-outcomes",
        &[("client", true), ("ok", false), ("fail", false), ("info", false)],
    ),
    ("decided", &[("txn", false), ("outcome", false)]),
    ("in-doubt", &[("txn", false), ("at_least", false)]),
    ("atomic", &[]),
    ("false-suspicions", &[("at_most", false), ("at_least", false)]),
    ("detected-within", &[("within_ms", true)]),
];

/// `names` as the format lists choices in a message: "a, b or c".
pub fn either(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
