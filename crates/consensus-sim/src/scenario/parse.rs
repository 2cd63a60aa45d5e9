//! Reading a scenario document: serde_json checks the syntax, serde reads the document's shape, and this
//! file checks what depends on the rest of the document (a node that exists, an option the protocol has, a
//! name bound by an earlier event), naming the place and the reason of the first problem.

use serde::de::DeserializeOwned;

use super::document::{either, Document, Event as EventDoc, Field, Quiz as QuizDoc, CHECKS, VERBS};
use super::fields::{kind, shown, whole, Flag, List, MsRange, Number, Probability, Raw, Text, Whole};
use super::message::{at, join, read};
use super::*;
use crate::protocol::clock::MAX_DRIFT_PPM;
use crate::sim::client::CLIENTS;

/// The longest key a client may name, in bytes.
const MAX_KEY: usize = 32;
/// The most entries option `snapshot_every` may ask between snapshots.
pub const MAX_SNAPSHOT_EVERY: u64 = 1_000_000;

type Result<T> = std::result::Result<T, String>;

fn fail<T>(path: &str, reason: impl std::fmt::Display) -> Result<T> {
    Err(at(path, reason))
}

/// Reads `value` as a `T`, naming `path` in an error.
fn value<T: DeserializeOwned>(value: &Raw, path: &str) -> Result<T> {
    read(value.text(), path)
}

impl Scenario {
    /// Parses and validates a scenario document.
    pub fn parse(text: &str) -> Result<Scenario> {
        if text.len() > MAX_DOCUMENT {
            return fail(
                "document",
                format!("{} bytes, larger than the 1 MiB allowed", text.len()),
            );
        }
        Scenario::from_document(super::read_document(text)?)
    }

    /// Validates a scenario given as a JSON value, however large (the size limit is on text).
    pub fn from_value(value: &serde_json::Value) -> Result<Scenario> {
        Scenario::from_document(super::read_document(&value.to_string())?)
    }

    /// Checks a document read into its types, and makes it a scenario.
    pub fn from_document(doc: Document) -> Result<Scenario> {
        let Text(name) = doc.protocol;
        // SCENARIO.md gives this message word for word, so it names the consensus protocols only; the README
        // lists the commit protocols beside them.
        let Some(protocol) = ProtocolName::from_name(&name) else {
            return fail(
                "protocol",
                format!(
                    "unknown protocol \"{}\" (expected raft, multi-paxos or paxos)",
                    shown(&name)
                ),
            );
        };
        let nodes = doc.nodes.0 as u8;
        let names = protocol.names();

        let mut timing = Timing::default();
        if let Some(t) = doc.timing.map(|t| t.0) {
            let ms = |MsRange(min, max): MsRange<0>| (min * 1000, max * 1000);
            timing.latency = t.latency_ms.map_or(timing.latency, ms);
            timing.election_timeout = t
                .election_timeout_ms
                .map_or(timing.election_timeout, |MsRange(min, max)| (min * 1000, max * 1000));
            timing.heartbeat = t.heartbeat_ms.map_or(timing.heartbeat, |Whole(ms)| ms * 1000);
            timing.client_retry = t.client_retry_ms.map_or(timing.client_retry, |Whole(ms)| ms * 1000);
            timing.client_timeout = t.client_timeout_ms.map_or(timing.client_timeout, |Whole(ms)| ms * 1000);
        }
        let network = doc.network.map(|n| n.0).unwrap_or_default();

        let mut options = Vec::new();
        let mut read_path = ReadPath::Log;
        let mut fault_tolerance = DEFAULT_FAULT_TOLERANCE;
        let mut detector_phi = None;
        let mut snapshot_every = 0;
        for (key, raw) in doc.options.map(|o| o.0).unwrap_or_default() {
            let path = join("options", &key);
            if key == "read_path" && protocol.serves_operations() {
                read_path = read_path_named(&raw, protocol, &path)?;
                continue;
            }
            if key == "detector" {
                let set = detector(&raw, protocol, &path)?;
                detector_phi = set.phi;
                timing.election_timeout = set.election_timeout.unwrap_or(timing.election_timeout);
                continue;
            }
            if key == "snapshot_every" && protocol == ProtocolName::Raft {
                snapshot_every = value::<Whole<1, MAX_SNAPSHOT_EVERY>>(&raw, &path)?.0;
                continue;
            }
            if key == "fault_tolerance" && protocol == ProtocolName::PaxosCommit {
                fault_tolerance = value::<Whole<0, 2>>(&raw, &path)?.0 as u8;
                continue;
            }
            if !names.options.contains(&key.as_str()) {
                let known = if names.options.is_empty() {
                    format!("{} has no options", protocol.name())
                } else {
                    format!("expected {}", either(names.options))
                };
                return fail(&path, format!("unknown option \"{}\" ({known})", shown(&key)));
            }
            if value::<Flag>(&raw, &path)?.0 {
                options.push(key);
            }
        }
        options.sort_by_key(|o| names.options.iter().position(|n| n == o));
        options.dedup();

        let mut bugs: Vec<String> = Vec::new();
        for (i, Text(bug)) in doc.bugs.map(|b| b.0).unwrap_or_default().into_iter().enumerate() {
            if !names.bugs.contains(&bug.as_str()) {
                return fail(
                    &format!("bugs[{i}]"),
                    format!(
                        "unknown bug \"{}\" for {} (expected {})",
                        shown(&bug),
                        protocol.name(),
                        names.bugs.join(", ")
                    ),
                );
            }
            if !bugs.contains(&bug) {
                bugs.push(bug);
            }
        }

        let participants = participants(protocol, nodes, fault_tolerance)?;
        let initial = initial(doc.initial.map(|i| i.0).unwrap_or_default(), protocol, nodes)?;
        let events = events(
            doc.events.map(|e| e.0).unwrap_or_default(),
            protocol,
            nodes,
            participants,
        )?;

        let last = events.iter().map(|e| e.at_ms).max();
        let run_ms = match doc.run_ms {
            Some(Whole(run)) => {
                if let Some(last) = last.filter(|&l| l > run) {
                    return fail("run_ms", format!("{run} ends before the last event at {last} ms"));
                }
                run
            }
            None => last.map_or(1000, |l| (l + 1000).min(MAX_TIME_MS)),
        };
        Ok(Scenario {
            title: doc.title.map(|t| t.0),
            description: doc.description.map(|d| d.0),
            protocol,
            nodes,
            seed: doc.seed.map_or(1, |s| s.0),
            timing,
            drop: network.drop.map_or(0.0, |p| p.0),
            duplicate: network.duplicate.map_or(0.0, |p| p.0),
            options,
            read_path,
            fault_tolerance,
            detector: detector_phi,
            snapshot_every,
            bugs,
            initial,
            events,
            run_ms,
        })
    }
}

/// How many participants a commit protocol's cluster has (the coordinator and Paxos Commit's other
/// acceptors come first); at least two. Zero for the other protocols.
fn participants(protocol: ProtocolName, nodes: u8, fault_tolerance: u8) -> Result<u8> {
    if !protocol.is_commit() {
        return Ok(0);
    }
    let config = crate::commit::CommitConfig {
        variant: run::commit_variant(protocol),
        fault_tolerance,
        ..Default::default()
    };
    if nodes < config.smallest_cluster() {
        let acceptors = if protocol == ProtocolName::PaxosCommit {
            format!(
                " and {} more acceptors (F = {fault_tolerance})",
                config.extra_acceptors()
            )
        } else {
            String::new()
        };
        return fail(
            "nodes",
            format!(
                "{} needs the coordinator{acceptors} and at least 2 participants: at least {} nodes",
                protocol.name(),
                config.smallest_cluster()
            ),
        );
    }
    Ok(config.participants(nodes))
}

/// Raft's persisted state before the run, node by node.
fn initial(items: Vec<fields::Object<document::Initial>>, protocol: ProtocolName, nodes: u8) -> Result<Vec<Initial>> {
    if protocol != ProtocolName::Raft && !items.is_empty() {
        return fail(
            "initial",
            format!("initial state is only for raft, not {}", protocol.name()),
        );
    }
    let mut initial: Vec<Initial> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let item = item.0;
        let path = format!("initial[{i}]");
        let np = join(&path, "node");
        let node = whole(&item.node.0, 0, u64::MAX).map_err(|e| at(&np, e))?;
        if node == 0 || node > nodes as u64 {
            return fail(&np, format!("node {node} does not exist (nodes = {nodes})"));
        }
        if initial.iter().any(|s| s.node as u64 == node) {
            return fail(&np, format!("node {node} already has initial state"));
        }
        let term = item.term.map_or(0, |t| t.0);
        let log: Vec<u64> = item
            .log
            .map(|l| l.0)
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.0)
            .collect();
        let lp = join(&path, "log");
        for (j, &t) in log.iter().enumerate() {
            if t > term {
                return fail(
                    &format!("{lp}[{j}]"),
                    format!("entry term {t} is above the node's term {term}"),
                );
            }
            if j > 0 && t < log[j - 1] {
                return fail(&format!("{lp}[{j}]"), "entry terms must not decrease along a log");
            }
        }
        if log.len() > MAX_EVENTS {
            return fail(&lp, format!("more than {MAX_EVENTS} entries"));
        }
        initial.push(Initial {
            node: node as NodeId,
            term,
            log,
        });
    }
    Ok(initial)
}

/// The events, checked in the order they apply (by time, then file order), so `as` bindings are checked the
/// way the run sees them; each error names the event by its place in the file.
fn events(
    items: Vec<fields::Object<EventDoc>>,
    protocol: ProtocolName,
    nodes: u8,
    participants: u8,
) -> Result<Vec<TimedEvent>> {
    let mut timed = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let path = format!("events[{i}]");
        let Some(at_ms) = &item.0.at_ms else {
            return fail(&join(&path, "at_ms"), "missing (this field is required)");
        };
        let at_ms = value::<Whole<0, MAX_TIME_MS>>(at_ms, &join(&path, "at_ms"))?.0;
        timed.push((at_ms, item.0, path));
    }
    timed.sort_by_key(|(at, _, _)| *at);
    let mut selectors = Selectors {
        nodes,
        participants,
        bound: Vec::new(),
    };
    timed
        .into_iter()
        .map(|(at_ms, item, path)| event(&item, &path, at_ms, protocol, &mut selectors))
        .collect()
}

/// Checks node selectors as far as can be known before the run.
struct Selectors {
    nodes: u8,
    /// A commit protocol's participants, which hold accounts a, b, …; zero for the other protocols.
    participants: u8,
    bound: Vec<String>,
}

impl Selectors {
    fn parse(&self, raw: &Raw, path: &str) -> Result<Selector> {
        let text = raw.text();
        match kind(text) {
            "a number" => {
                let Ok(id) = whole(text, 0, u64::MAX) else {
                    return fail(
                        path,
                        format!("node {} does not exist (nodes = {})", shown(text), self.nodes),
                    );
                };
                if id == 0 || id > self.nodes as u64 {
                    return fail(path, format!("node {id} does not exist (nodes = {})", self.nodes));
                }
                Ok(Selector::Id(id as NodeId))
            }
            "a string" => {
                let text: String = value(raw, path)?;
                let (name, offset) = match text.split_once('+') {
                    Some((name, k)) => {
                        let k = Some(k)
                            .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
                            .and_then(|k| k.parse::<u8>().ok())
                            .filter(|k| *k < self.nodes)
                            .map_or_else(
                                || {
                                    fail(
                                        path,
                                        format!("\"{}\": +K must be 0 to {}", shown(&text), self.nodes - 1),
                                    )
                                },
                                Ok,
                            )?;
                        (name, k)
                    }
                    None => (text.as_str(), 0),
                };
                if name == "leader" {
                    Ok(Selector::Leader(offset))
                } else if self.bound.iter().any(|b| b == name) {
                    Ok(Selector::Bound(name.to_string(), offset))
                } else {
                    fail(
                        path,
                        format!(
                            "\"{}\" is neither \"leader\" nor a name bound by an earlier event's \"as\"",
                            shown(name)
                        ),
                    )
                }
            }
            other => fail(path, format!("expected a node id or a name, found {other}")),
        }
    }

    fn list(&self, raw: &Raw, path: &str) -> Result<Vec<Selector>> {
        let List(items) = value::<List<Raw>>(raw, path)?;
        if items.is_empty() {
            return fail(path, "names no nodes");
        }
        items
            .iter()
            .enumerate()
            .map(|(i, v)| self.parse(v, &format!("{path}[{i}]")))
            .collect()
    }
}

/// One event's fields, read as its verb (and, for `expect`, its check) says.
struct Fields<'a> {
    doc: &'a EventDoc,
    path: &'a str,
}

impl Fields<'_> {
    fn raw(&self, name: &str) -> Option<&Raw> {
        self.doc.present().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    fn path(&self, name: &str) -> String {
        join(self.path, name)
    }

    fn get<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>> {
        self.raw(name).map(|raw| value(raw, &self.path(name))).transpose()
    }

    fn require<T: DeserializeOwned>(&self, name: &str) -> Result<T> {
        match self.raw(name) {
            Some(raw) => value(raw, &self.path(name)),
            None => fail(&self.path(name), "missing (this field is required)"),
        }
    }

    fn selector(&self, name: &str, sel: &Selectors) -> Result<Option<Selector>> {
        self.raw(name).map(|raw| sel.parse(raw, &self.path(name))).transpose()
    }

    fn required_selector(&self, name: &str, sel: &Selectors) -> Result<Selector> {
        match self.raw(name) {
            Some(raw) => sel.parse(raw, &self.path(name)),
            None => fail(&self.path(name), "missing (this field is required)"),
        }
    }

    fn among(&self, sel: &Selectors) -> Result<Option<Vec<Selector>>> {
        self.raw("among")
            .map(|raw| sel.list(raw, &self.path("among")))
            .transpose()
    }

    /// Fails on the first field present that `takes` does not list (nor `at_ms`, `do` or `as`).
    fn finish(&self, takes: &[Field]) -> Result<()> {
        let known = |name: &str| ["at_ms", "do", "as"].contains(&name) || takes.iter().any(|(n, _)| *n == name);
        match self.doc.present().find(|(name, _)| !known(name)) {
            Some((name, _)) => fail(&self.path(name), "unknown field"),
            None => Ok(()),
        }
    }
}

fn event(doc: &EventDoc, path: &str, at_ms: u64, protocol: ProtocolName, sel: &mut Selectors) -> Result<TimedEvent> {
    let f = Fields { doc, path };
    let Text(verb) = f.require::<Text<50>>("do")?;
    let dp = f.path("do");
    let Some(&(_, verb_fields)) = VERBS.iter().find(|(v, _)| *v == verb) else {
        let verbs: Vec<&str> = VERBS.iter().map(|(v, _)| *v).collect();
        return fail(
            &dp,
            format!("unknown action \"{}\" (expected {})", shown(&verb), either(&verbs)),
        );
    };
    let mut takes = verb_fields.to_vec();
    let event = match verb.as_str() {
        "request" => {
            let Text(value) = f.require::<Text<1000>>("value")?;
            if value.is_empty() {
                return fail(&f.path("value"), "must not be empty");
            }
            if protocol.is_commit() {
                // A commit protocol's request is a transaction, written as one line: "a-10 b+10".
                crate::commit::txn::parse(&value, sel.participants).map_err(|e| at(&f.path("value"), e))?;
            }
            Event::Request {
                value: value.into(),
                node: f.selector("node", sel)?,
            }
        }
        "get" | "put" | "append" | "cas" => {
            if protocol == ProtocolName::Paxos {
                return fail(
                    &dp,
                    "Basic Paxos decides one value and serves no clients' operations (use raft or multi-paxos)",
                );
            }
            if protocol.is_commit() {
                return fail(
                    &dp,
                    format!(
                        "{} runs transactions, not operations on keys (use \"begin\")",
                        protocol.name()
                    ),
                );
            }
            let text = |name: &str| -> Result<String> { Ok(f.require::<Text<1000>>(name)?.0) };
            let op = match verb.as_str() {
                "get" => Op::Get,
                "put" => Op::Put(text("value")?),
                "append" => Op::Append(text("value")?),
                _ => Op::Cas {
                    from: text("from")?,
                    to: text("to")?,
                },
            };
            Event::Operation {
                client: client(&f)?,
                key: key(&f)?,
                op,
                node: f.selector("node", sel)?,
            }
        }
        "begin" | "vote" if !protocol.is_commit() => {
            return fail(
                &dp,
                format!(
                    "\"{verb}\" is for the commit protocols (2pc, 3pc, paxos-commit), not {}",
                    protocol.name()
                ),
            );
        }
        "begin" => Event::Begin {
            writes: writes(&f, sel.participants)?,
        },
        "vote" => {
            let node = f.required_selector("node", sel)?;
            if let Selector::Id(id) = node {
                let first = sel.nodes - sel.participants + 1;
                if id < first {
                    return fail(
                        &f.path("node"),
                        format!(
                            "S{id} is not a participant (participants are S{first} to S{})",
                            sel.nodes
                        ),
                    );
                }
            }
            let Text(vote) = f.require::<Text<10>>("vote")?;
            let yes = match vote.as_str() {
                "yes" => true,
                "no" => false,
                other => {
                    return fail(
                        &f.path("vote"),
                        format!("unknown vote \"{}\" (expected yes or no)", shown(other)),
                    )
                }
            };
            Event::Vote { node, yes }
        }
        "crash" => Event::Crash {
            node: f.required_selector("node", sel)?,
        },
        "restart" => Event::Restart {
            node: f.required_selector("node", sel)?,
        },
        "disconnect" => Event::Disconnect {
            node: f.required_selector("node", sel)?,
        },
        "connect" => Event::Connect {
            node: f.required_selector("node", sel)?,
        },
        "timeout" => Event::Timeout {
            node: f.required_selector("node", sel)?,
        },
        "transfer-leader" if protocol != ProtocolName::Raft => {
            return fail(
                &dp,
                format!(
                    "\"transfer-leader\" is Raft's leadership transfer (dissertation §3.10), not {}'s",
                    protocol.name()
                ),
            );
        }
        "transfer-leader" => Event::TransferLeader {
            node: f.required_selector("node", sel)?,
        },
        "pause" => Event::Pause {
            node: f.required_selector("node", sel)?,
            for_ms: f.require::<Whole<1, { super::fields::MAX_TIMING_MS }>>("for_ms")?.0,
            clock_stops: f.get::<Flag>("clock_stops")?.is_some_and(|c| c.0),
        },
        "cut" | "restore" => {
            let from = f.required_selector("from", sel)?;
            let to = f.required_selector("to", sel)?;
            if let (Selector::Id(a), Selector::Id(b)) = (&from, &to) {
                if a == b {
                    return fail(
                        &f.path("to"),
                        format!("a link joins two different nodes, but both are {a}"),
                    );
                }
            }
            let oneway = f.get::<Flag>("oneway")?.is_some_and(|o| o.0);
            if verb == "cut" {
                Event::Cut { from, to, oneway }
            } else {
                Event::Restore { from, to, oneway }
            }
        }
        "partition" => Event::Partition {
            groups: groups(&f, sel)?,
        },
        "heal" => Event::Heal,
        "set" if f.raw("snapshot_every").is_some() => {
            let others = [
                "drop",
                "duplicate",
                "latency_ms",
                "node",
                "drift",
                "read_path",
                "detector",
            ];
            if let Some(name) = others.into_iter().find(|n| f.raw(n).is_some()) {
                return fail(
                    &f.path(name),
                    "a \"set\" event changes the network, one node's clock drift, the read path, the failure detector or how often Raft snapshots, one at a time",
                );
            }
            if protocol != ProtocolName::Raft {
                return fail(
                    &f.path("snapshot_every"),
                    format!("snapshot_every is Raft's log compaction, not {}'s", protocol.name()),
                );
            }
            Event::SnapshotEvery(f.require::<Whole<0, MAX_SNAPSHOT_EVERY>>("snapshot_every")?.0)
        }
        "set" if f.raw("detector").is_some() => {
            if let Some(name) = ["drop", "duplicate", "latency_ms", "node", "drift", "read_path"]
                .into_iter()
                .find(|n| f.raw(n).is_some())
            {
                return fail(
                    &f.path(name),
                    "a \"set\" event changes the network, one node's clock drift, the read path or the failure detector, one at a time",
                );
            }
            Event::Detector(detector(
                f.raw("detector").expect("present"),
                protocol,
                &f.path("detector"),
            )?)
        }
        "set" if f.raw("read_path").is_some() => {
            if let Some(name) = ["drop", "duplicate", "latency_ms", "node", "drift"]
                .into_iter()
                .find(|n| f.raw(n).is_some())
            {
                return fail(
                    &f.path(name),
                    "a \"set\" event changes the network, one node's clock drift, or the read path, one at a time",
                );
            }
            if protocol == ProtocolName::Paxos {
                return fail(&f.path("read_path"), "Basic Paxos decides one value and serves no gets");
            }
            if protocol.is_commit() {
                return fail(
                    &f.path("read_path"),
                    format!("{} runs transactions and serves no gets", protocol.name()),
                );
            }
            let raw = f.raw("read_path").expect("present");
            Event::ReadPath(read_path_named(raw, protocol, &f.path("read_path"))?)
        }
        "set" if f.raw("drift").is_some() || f.raw("node").is_some() => {
            if let Some(name) = ["drop", "duplicate", "latency_ms"]
                .into_iter()
                .find(|n| f.raw(n).is_some())
            {
                return fail(
                    &f.path(name),
                    "a \"set\" event changes the network, or one node's clock drift (node and drift), not both",
                );
            }
            let node = f.required_selector("node", sel)?;
            let Number(raw) = f.require("drift")?;
            let drift: f64 = raw
                .parse()
                .ok()
                .filter(|d: &f64| d.is_finite())
                .ok_or_else(|| at(&f.path("drift"), format!("expected a number, got {raw}")))?;
            if drift.abs() > MAX_DRIFT_PPM as f64 / 1e6 {
                return fail(
                    &f.path("drift"),
                    format!("{raw} is outside ±50% (a drift is a fraction from -0.5 to 0.5)"),
                );
            }
            Event::Drift { node, drift }
        }
        "set" => {
            let drop = f.get::<Probability>("drop")?.map(|p| p.0);
            let duplicate = f.get::<Probability>("duplicate")?.map(|p| p.0);
            let latency = f
                .get::<MsRange<0>>("latency_ms")?
                .map(|MsRange(min, max)| (min * 1000, max * 1000));
            if drop.is_none() && duplicate.is_none() && latency.is_none() {
                return fail(path, "\"set\" needs at least one of drop, duplicate or latency_ms");
            }
            Event::Set {
                drop,
                duplicate,
                latency,
            }
        }
        "caption" => {
            let Text(text) = f.require::<Text<2000>>("text")?;
            let pause = f.get::<Flag>("pause")?.is_some_and(|p| p.0);
            let quiz = f.raw("quiz").map(|raw| quiz(raw, &f.path("quiz"))).transpose()?;
            if quiz.is_some() && !pause {
                return fail(
                    &dp,
                    "a caption with a quiz must pause (\"pause\": true), so the reader can answer",
                );
            }
            Event::Caption { text, pause, quiz }
        }
        _ => {
            let (check, check_fields) = expectation(&f, protocol, sel)?;
            takes.extend_from_slice(check_fields);
            Event::Expect(check)
        }
    };
    let bind = match f.get::<Text<50>>("as")? {
        Some(Text(name)) => {
            let ap = f.path("as");
            let valid = !name.is_empty()
                && name != "leader"
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid {
                return fail(
                    &ap,
                    format!(
                        "\"{}\" is not a usable name (letters, digits, _ and -; not \"leader\")",
                        shown(&name)
                    ),
                );
            }
            if !event_names_a_node(&event) {
                return fail(&ap, format!("\"{}\" names no single node to bind", shown(&verb)));
            }
            sel.bound.push(name.clone());
            Some(name)
        }
        None => None,
    };
    f.finish(&takes)?;
    Ok(TimedEvent { at_ms, event, bind })
}

/// A client's number: 1 to 5, C1..C5.
/// A read path by name, one that `protocol` has: Raft and Multi-Paxos have all four.
fn read_path_named(raw: &Raw, protocol: ProtocolName, path: &str) -> Result<ReadPath> {
    let Text(name) = value::<Text<50>>(raw, path)?;
    ReadPath::named(&name)
        .filter(|p| protocol != ProtocolName::Paxos || [ReadPath::Log, ReadPath::Follower].contains(p))
        .ok_or_else(|| {
            at(
                path,
                format!(
                    "unknown read path \"{}\" for {} (expected {})",
                    shown(&name),
                    protocol.name(),
                    either(if protocol != ProtocolName::Paxos {
                        &ReadPath::NAMES[..]
                    } else {
                        &["log", "follower"][..]
                    })
                ),
            )
        })
}

/// A failure detector as option `detector` or a `set` event writes it: "fixed", "phi", or an object with its
/// kind and settings. Only Raft and Multi-Paxos run one.
fn detector(raw: &Raw, protocol: ProtocolName, path: &str) -> Result<crate::protocol::DetectorSetting> {
    use crate::protocol::detector::{Model, PhiSettings};
    if !protocol.has_leader_detector() {
        return fail(
            path,
            format!(
                "a failure detector is for raft and multi-paxos, whose followers watch a leader, not {}",
                protocol.name()
            ),
        );
    }
    let written_as_kind = raw.text().trim_start().starts_with('"');
    let spec = if written_as_kind {
        document::DetectorSpec {
            kind: value::<Text<20>>(raw, path)?,
            ..Default::default()
        }
    } else {
        value::<fields::Object<document::DetectorSpec>>(raw, path)?.0
    };
    let Text(kind) = &spec.kind;
    let phi_only = [
        ("threshold", spec.threshold.is_some()),
        ("window", spec.window.is_some()),
        ("min_std_ms", spec.min_std_ms.is_some()),
        ("acceptable_pause_ms", spec.acceptable_pause_ms.is_some()),
        ("model", spec.model.is_some()),
    ];
    match kind.as_str() {
        "fixed" => {
            if let Some((name, _)) = phi_only.iter().find(|(_, given)| *given) {
                return fail(
                    &join(path, name),
                    format!("{name} is a setting of phi accrual, not of the fixed detector"),
                );
            }
            Ok(crate::protocol::DetectorSetting {
                phi: None,
                election_timeout: spec.timeout_ms.map(|MsRange(min, max)| (min * 1000, max * 1000)),
            })
        }
        "phi" => {
            let defaults = PhiSettings::default();
            let model = match &spec.model {
                None => defaults.model,
                Some(Text(name)) => Model::named(name).ok_or_else(|| {
                    at(
                        &join(path, "model"),
                        format!("unknown model \"{}\" (expected {})", shown(name), either(&Model::NAMES)),
                    )
                })?,
            };
            Ok(crate::protocol::DetectorSetting {
                phi: Some(PhiSettings {
                    threshold_milli: spec.threshold.map_or(defaults.threshold_milli, |t| t.0),
                    window: spec.window.map_or(defaults.window, |w| w.0 as u16),
                    min_std: spec.min_std_ms.map_or(defaults.min_std, |m| m.0 * 1000),
                    acceptable_pause: spec
                        .acceptable_pause_ms
                        .map_or(defaults.acceptable_pause, |m| m.0 * 1000),
                    model,
                }),
                election_timeout: spec.timeout_ms.map(|MsRange(min, max)| (min * 1000, max * 1000)),
            })
        }
        other => fail(
            &if written_as_kind {
                path.to_string()
            } else {
                join(path, "kind")
            },
            format!("unknown detector \"{}\" (expected fixed or phi)", shown(other)),
        ),
    }
}

fn client(f: &Fields) -> Result<u64> {
    let Number(n) = f.require("client")?;
    whole(&n, 0, u64::MAX)
        .ok()
        .filter(|c| (1..=CLIENTS).contains(c))
        .ok_or_else(|| {
            at(
                &f.path("client"),
                format!("client {n} does not exist (clients are 1 to {CLIENTS})"),
            )
        })
}

/// A transaction's writes: a list such as ["a-10", "b+10"], each an account a participant holds.
fn writes(f: &Fields, participants: u8) -> Result<Vec<String>> {
    let p = f.path("writes");
    let List(items) = f.require::<List<Text<100>>>("writes")?;
    if items.is_empty() {
        return fail(&p, "names no writes (a transaction needs at least one, as \"a-10\")");
    }
    let writes: Vec<String> = items.into_iter().map(|t| t.0).collect();
    for (i, w) in writes.iter().enumerate() {
        if w.split_whitespace().count() != 1 {
            return fail(&format!("{p}[{i}]"), "one write per item, as \"a-10\"");
        }
        let earlier = writes[..i].join(" ");
        crate::commit::txn::parse(&format!("{earlier} {w}"), participants).map_err(|e| at(&format!("{p}[{i}]"), e))?;
    }
    Ok(writes)
}

/// A key: 1 to 32 bytes.
fn key(f: &Fields) -> Result<String> {
    let Text(key) = f.require::<Text<1000>>("key")?;
    match key.len() {
        0 => fail(&f.path("key"), "must not be empty"),
        n if n > MAX_KEY => fail(&f.path("key"), format!("{n} bytes, longer than the {MAX_KEY} allowed")),
        _ => Ok(key),
    }
}

/// A partition's groups: each names at least one node, and no node is in two groups.
fn groups(f: &Fields, sel: &Selectors) -> Result<Vec<Vec<Selector>>> {
    let raw = f
        .raw("groups")
        .ok_or_else(|| at(&f.path("groups"), "missing (this field is required)"))?;
    let p = f.path("groups");
    let List(items) = value::<List<Raw>>(raw, &p)?;
    if items.is_empty() {
        return fail(&p, "names no groups");
    }
    let mut groups = Vec::new();
    let mut seen = Vec::new();
    for (i, g) in items.iter().enumerate() {
        let gp = format!("{p}[{i}]");
        let group = sel.list(g, &gp)?;
        for (j, s) in group.iter().enumerate() {
            if let Selector::Id(id) = s {
                if seen.contains(id) {
                    return fail(&format!("{gp}[{j}]"), format!("node {id} is in more than one group"));
                }
                seen.push(*id);
            }
        }
        groups.push(group);
    }
    Ok(groups)
}

/// `{"choices": ["S1", "S2"], "answer": 1, "explain": "…"}`: two to six choices, the answer's position.
fn quiz(raw: &Raw, path: &str) -> Result<Quiz> {
    let fields::Object(QuizDoc {
        choices,
        answer: Number(answer),
        explain,
    }) = value(raw, path)?;
    let choices: Vec<String> = choices.0.into_iter().map(|c| c.0).collect();
    if !(2..=6).contains(&choices.len()) {
        return fail(
            &join(path, "choices"),
            format!("{} choices (expected 2 to 6)", choices.len()),
        );
    }
    let answer = whole(&answer, 0, choices.len() as u64 - 1).map_err(|e| at(&join(path, "answer"), e))? as usize;
    Ok(Quiz {
        choices,
        answer,
        explain: explain.0,
    })
}

/// The node an event binds with `as`: the one it acted on.
fn event_names_a_node(event: &Event) -> bool {
    matches!(
        event,
        Event::Crash { .. }
            | Event::Restart { .. }
            | Event::Disconnect { .. }
            | Event::Connect { .. }
            | Event::Timeout { .. }
            | Event::TransferLeader { .. }
            | Event::Pause { .. }
            | Event::Request { node: Some(_), .. }
            | Event::Operation { node: Some(_), .. }
            | Event::Vote { .. }
            | Event::Expect(Check::OneLeader { .. })
    )
}

/// An `expect` event's check, and the fields that check takes.
fn expectation(f: &Fields, protocol: ProtocolName, sel: &Selectors) -> Result<(Check, &'static [Field])> {
    let Text(name) = f.require::<Text<50>>("check")?;
    let Some(&(_, fields)) = CHECKS.iter().find(|(c, _)| *c == name) else {
        let checks: Vec<&str> = CHECKS.iter().map(|(c, _)| *c).collect();
        return fail(
            &f.path("check"),
            format!("unknown check \"{}\" (expected {})", shown(&name), either(&checks)),
        );
    };
    let value = |f: &Fields| -> Result<Option<Value>> { Ok(f.get::<Text<1000>>("value")?.map(|t| t.0.into())) };
    let index = |f: &Fields| -> Result<Option<u64>> { Ok(f.get::<Whole<1, { u64::MAX }>>("index")?.map(|i| i.0)) };
    let check = match name.as_str() {
        "one-leader" => Check::OneLeader {
            among: f.among(sel)?,
            is: f.selector("is", sel)?,
        },
        "no-leader" => Check::NoLeader { among: f.among(sel)? },
        "same-term" => Check::SameTerm { among: f.among(sel)? },
        "logs-match" => Check::LogsMatch { among: f.among(sel)? },
        "committed" => {
            let value = value(f)?;
            let Number(at_least) = f.require("at_least")?;
            let at_least = whole(&at_least, 1, sel.nodes as u64).map_err(|e| at(&f.path("at_least"), e))? as u8;
            let index = index(f)?;
            if value.is_none() && index.is_none() {
                return fail(f.path, "\"committed\" needs a value or an index");
            }
            Check::Committed { value, at_least, index }
        }
        "not-committed" => {
            let (value, index) = (value(f)?, index(f)?);
            if value.is_none() && index.is_none() {
                return fail(f.path, "\"not-committed\" needs a value or an index");
            }
            Check::NotCommitted { value, index }
        }
        "snapshot" if protocol != ProtocolName::Raft => {
            return fail(
                &f.path("check"),
                format!("\"snapshot\" is Raft's log compaction, not {}'s", protocol.name()),
            );
        }
        "snapshot" => Check::Snapshot {
            among: f.among(sel)?,
            at_least: f.require::<Whole<1, { u64::MAX }>>("at_least")?.0,
        },
        "term-at-least" => Check::TermAtLeast {
            term: f.require::<Whole<0, { u64::MAX }>>("term")?.0,
        },
        "decided" | "in-doubt" | "atomic" if !protocol.is_commit() => {
            return fail(
                &f.path("check"),
                format!(
                    "\"{name}\" is for the commit protocols (2pc, 3pc, paxos-commit), not {}",
                    protocol.name()
                ),
            );
        }
        "decided" => Check::Decided {
            txn: f.get::<Whole<1, { u64::MAX }>>("txn")?.map(|t| t.0),
            outcome: match f.get::<Text<10>>("outcome")? {
                None => None,
                Some(Text(o)) if o == "commit" => Some(true),
                Some(Text(o)) if o == "abort" => Some(false),
                Some(Text(o)) => {
                    return fail(
                        &f.path("outcome"),
                        format!("unknown outcome \"{}\" (expected commit or abort)", shown(&o)),
                    )
                }
            },
        },
        "in-doubt" => Check::InDoubt {
            txn: f.get::<Whole<1, { u64::MAX }>>("txn")?.map(|t| t.0),
            at_least: match f.get::<Number>("at_least")? {
                None => 1,
                Some(Number(n)) => whole(&n, 1, sel.nodes as u64).map_err(|e| at(&f.path("at_least"), e))? as u8,
            },
        },
        "false-suspicions" | "detected-within" if !protocol.has_leader_detector() => {
            return fail(
                &f.path("check"),
                format!(
                    "\"{name}\" is for raft and multi-paxos, whose followers watch a leader, not {}",
                    protocol.name()
                ),
            );
        }
        "false-suspicions" => {
            let count = |name: &str| -> Result<Option<u64>> { Ok(f.get::<Whole<0, { u64::MAX }>>(name)?.map(|n| n.0)) };
            let (at_most, at_least) = (count("at_most")?, count("at_least")?);
            if at_most.is_none() && at_least.is_none() {
                return fail(f.path, "\"false-suspicions\" needs at_most or at_least");
            }
            Check::FalseSuspicions { at_most, at_least }
        }
        "detected-within" => Check::DetectedWithin {
            within_ms: f.require::<Whole<1, { super::fields::MAX_TIMING_MS }>>("within_ms")?.0,
        },
        "atomic" => Check::Atomic,
        "no-violation" => Check::NoViolation,
        "linearizable" => Check::Linearizable,
        "client-outcomes" => {
            let count = |name: &str| -> Result<Option<u64>> { Ok(f.get::<Whole<0, { u64::MAX }>>(name)?.map(|n| n.0)) };
            let (ok, failed, info) = (count("ok")?, count("fail")?, count("info")?);
            if ok.is_none() && failed.is_none() && info.is_none() {
                return fail(f.path, "\"client-outcomes\" needs at least one of ok, fail or info");
            }
            Check::ClientOutcomes {
                client: client(f)?,
                ok,
                fail: failed,
                info,
            }
        }
        _ => {
            let Text(invariant) = f.require::<Text<100>>("invariant")?;
            let known = protocol.invariant_names();
            if !known.contains(&invariant.as_str()) {
                return fail(
                    &f.path("invariant"),
                    format!(
                        "unknown invariant \"{}\" for {} (expected {})",
                        shown(&invariant),
                        protocol.name(),
                        known.join(", ")
                    ),
                );
            }
            Check::Violation { invariant }
        }
    };
    Ok((check, fields))
}
