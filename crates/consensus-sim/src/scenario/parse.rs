//! Reading a scenario document, with an error that names the JSON path and the reason.

use super::*;
use crate::json::Json;

type Result<T> = std::result::Result<T, String>;

/// The fields of one JSON object, read one by one; whatever is left unread is an unknown field.
struct Fields<'a> {
    path: String,
    fields: &'a [(String, Json)],
    read: Vec<bool>,
}

fn join(path: &str, key: &str) -> String {
    let key = if key.is_empty() { "\"\"".to_string() } else { shown(key) };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

/// User text as quoted in an error: at most 40 characters, so a hostile document cannot make a huge message.
fn shown(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(40).collect::<String>())
    }
}

fn fail<T>(path: &str, reason: impl std::fmt::Display) -> Result<T> {
    Err(if path.is_empty() {
        format!("{reason}")
    } else {
        format!("{path}: {reason}")
    })
}

impl<'a> Fields<'a> {
    fn of(value: &'a Json, path: &str) -> Result<Self> {
        match value {
            Json::Object(fields) => Ok(Fields {
                path: path.to_string(),
                fields,
                read: vec![false; fields.len()],
            }),
            other => fail(
                if path.is_empty() { "document" } else { path },
                format!("expected an object, found {}", other.type_name()),
            ),
        }
    }

    fn get(&mut self, key: &str) -> Option<(&'a Json, String)> {
        let i = self.fields.iter().position(|(k, _)| k == key)?;
        self.read[i] = true;
        Some((&self.fields[i].1, join(&self.path, key)))
    }

    fn require(&mut self, key: &str) -> Result<(&'a Json, String)> {
        let path = join(&self.path, key);
        self.get(key)
            .map_or_else(|| fail(&path, "missing (this field is required)"), Ok)
    }

    /// Fails on the first field nobody read.
    fn finish(self) -> Result<()> {
        match self.read.iter().position(|r| !r) {
            Some(i) => fail(&join(&self.path, &self.fields[i].0), "unknown field"),
            None => Ok(()),
        }
    }
}

fn string(value: &Json, path: &str, max_chars: usize) -> Result<String> {
    match value {
        Json::String(s) if s.chars().count() > max_chars => fail(path, format!("longer than {max_chars} characters")),
        Json::String(s) => Ok(s.clone()),
        other => fail(path, format!("expected a string, found {}", other.type_name())),
    }
}

fn boolean(value: &Json, path: &str) -> Result<bool> {
    match value {
        Json::Bool(b) => Ok(*b),
        other => fail(path, format!("expected true or false, found {}", other.type_name())),
    }
}

/// A whole number in `min..=max`.
fn integer(value: &Json, path: &str, min: u64, max: u64) -> Result<u64> {
    let Json::Number(text) = value else {
        return fail(path, format!("expected a whole number, found {}", value.type_name()));
    };
    if text.starts_with('-') {
        return fail(path, format!("{} is negative (expected {min} to {max})", shown(text)));
    }
    if text.contains(['.', 'e', 'E']) {
        return fail(path, format!("{} is not a whole number", shown(text)));
    }
    match text.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => fail(path, format!("{} is out of range ({min} to {max})", shown(text))),
    }
}

fn probability(value: &Json, path: &str) -> Result<f64> {
    let Json::Number(text) = value else {
        return fail(
            path,
            format!("expected a number from 0 to 1, found {}", value.type_name()),
        );
    };
    match crate::decimal::parse(text) {
        Some(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => fail(path, format!("{} is not a probability (expected 0 to 1)", shown(text))),
    }
}

fn array<'a>(value: &'a Json, path: &str) -> Result<&'a [Json]> {
    match value {
        Json::Array(items) => Ok(items),
        other => fail(path, format!("expected an array, found {}", other.type_name())),
    }
}

/// Longest timing value accepted, in ms: ten minutes.
const MAX_TIMING_MS: u64 = 600_000;

/// `[min, max]` in milliseconds, returned in microseconds.
fn range_ms(value: &Json, path: &str, min_allowed: u64) -> Result<(Micros, Micros)> {
    let items = array(value, path)?;
    if items.len() != 2 {
        return fail(path, format!("expected [min, max], found {} numbers", items.len()));
    }
    let min = integer(&items[0], &format!("{path}[0]"), min_allowed, MAX_TIMING_MS)?;
    let max = integer(&items[1], &format!("{path}[1]"), min_allowed, MAX_TIMING_MS)?;
    if min > max {
        return fail(path, format!("min {min} is greater than max {max}"));
    }
    Ok((min * 1000, max * 1000))
}

/// Checks node selectors as far as can be known before the run.
struct Selectors {
    nodes: u8,
    bound: Vec<String>,
}

impl Selectors {
    fn parse(&self, value: &Json, path: &str) -> Result<Selector> {
        match value {
            Json::Number(text) => {
                let Ok(id) = integer(value, path, 0, u64::MAX) else {
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
            Json::String(text) => {
                let (name, offset) = match text.split_once('+') {
                    Some((name, k)) => {
                        let k = Some(k)
                            .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
                            .and_then(|k| k.parse::<u8>().ok())
                            .filter(|k| *k < self.nodes)
                            .map_or_else(
                                || fail(path, format!("\"{}\": +K must be 0 to {}", shown(text), self.nodes - 1)),
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
            other => fail(
                path,
                format!("expected a node id or a name, found {}", other.type_name()),
            ),
        }
    }

    fn list(&self, value: &Json, path: &str) -> Result<Vec<Selector>> {
        let items = array(value, path)?;
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

impl Scenario {
    /// Parses and validates a scenario document.
    pub fn parse(text: &str) -> Result<Scenario> {
        if text.len() > MAX_DOCUMENT {
            return fail(
                "document",
                format!("{} bytes, larger than the 1 MiB allowed", text.len()),
            );
        }
        let json = Json::parse(text).map_err(|e| format!("document: {e}"))?;
        Scenario::from_json(&json)
    }

    pub fn from_json(json: &Json) -> Result<Scenario> {
        let mut doc = Fields::of(json, "")?;
        let (v, p) = doc.require("version")?;
        if integer(v, &p, 0, u64::MAX).ok() != Some(1) {
            return fail(&p, format!("unsupported version {} (expected 1)", v.to_text()));
        }
        let title = doc.get("title").map(|(v, p)| string(v, &p, 200)).transpose()?;
        let description = doc.get("description").map(|(v, p)| string(v, &p, 10_000)).transpose()?;
        let (v, p) = doc.require("protocol")?;
        let name = string(v, &p, 100)?;
        let protocol = ProtocolName::from_name(&name).map_or_else(
            || {
                fail(
                    &p,
                    format!(
                        "unknown protocol \"{}\" (expected raft, multi-paxos or paxos)",
                        shown(&name)
                    ),
                )
            },
            Ok,
        )?;
        let (v, p) = doc.require("nodes")?;
        let nodes = integer(v, &p, 1, crate::protocol::MAX_NODES as u64).or_else(|e| {
            if let Json::Number(n) = v {
                if !n.contains(['.', 'e', 'E', '-']) {
                    return fail(&p, format!("{n} is out of range (1 to 9)"));
                }
            }
            Err(e)
        })? as u8;
        let seed = doc
            .get("seed")
            .map(|(v, p)| integer(v, &p, 0, u64::MAX))
            .transpose()?
            .unwrap_or(1);

        let mut timing = Timing::default();
        if let Some((v, p)) = doc.get("timing") {
            let mut t = Fields::of(v, &p)?;
            if let Some((v, p)) = t.get("latency_ms") {
                timing.latency = range_ms(v, &p, 0)?;
            }
            if let Some((v, p)) = t.get("election_timeout_ms") {
                timing.election_timeout = range_ms(v, &p, 1)?;
            }
            if let Some((v, p)) = t.get("heartbeat_ms") {
                timing.heartbeat = integer(v, &p, 1, MAX_TIMING_MS)? * 1000;
            }
            if let Some((v, p)) = t.get("client_retry_ms") {
                timing.client_retry = integer(v, &p, 1, MAX_TIMING_MS)? * 1000;
            }
            t.finish()?;
        }

        let (mut drop, mut duplicate) = (0.0, 0.0);
        if let Some((v, p)) = doc.get("network") {
            let mut n = Fields::of(v, &p)?;
            if let Some((v, p)) = n.get("drop") {
                drop = probability(v, &p)?;
            }
            if let Some((v, p)) = n.get("duplicate") {
                duplicate = probability(v, &p)?;
            }
            n.finish()?;
        }

        let mut options = RaftOptions::default();
        let mut paxos_options = PaxosOptions::default();
        if let Some((v, p)) = doc.get("options") {
            let Json::Object(fields) = v else {
                return fail(&p, format!("expected an object, found {}", v.type_name()));
            };
            for (key, value) in fields {
                let path = join(&p, key);
                let slot = match (protocol, key.as_str()) {
                    (ProtocolName::Raft, "pre_vote") => &mut options.pre_vote,
                    (ProtocolName::Raft, "check_quorum") => &mut options.check_quorum,
                    (ProtocolName::Raft, "leader_noop") => &mut options.leader_noop,
                    (ProtocolName::Raft, "conflict_hint") => &mut options.conflict_hint,
                    (ProtocolName::Raft, _) => {
                        return fail(
                            &path,
                            format!(
                                "unknown option \"{}\" (expected pre_vote, check_quorum, leader_noop or conflict_hint)",
                                shown(key)
                            ),
                        )
                    }
                    (ProtocolName::Paxos, "no_backoff") => &mut paxos_options.no_backoff,
                    (ProtocolName::Paxos, _) => {
                        return fail(
                            &path,
                            format!("unknown option \"{}\" (expected no_backoff)", shown(key)),
                        )
                    }
                    (other, _) => {
                        return fail(
                            &path,
                            format!("unknown option \"{}\" ({} has no options)", shown(key), other.name()),
                        )
                    }
                };
                *slot = boolean(value, &path)?;
            }
        }

        let mut bugs = Vec::new();
        if let Some((v, p)) = doc.get("bugs") {
            for (i, item) in array(v, &p)?.iter().enumerate() {
                let path = format!("{p}[{i}]");
                let bug = string(item, &path, 100)?;
                let known = protocol.bug_names();
                if !known.contains(&bug.as_str()) {
                    return fail(
                        &path,
                        format!(
                            "unknown bug \"{}\" for {} (expected {})",
                            shown(&bug),
                            protocol.name(),
                            known.join(", ")
                        ),
                    );
                }
                if !bugs.contains(&bug) {
                    bugs.push(bug);
                }
            }
        }

        let mut initial: Vec<Initial> = Vec::new();
        if let Some((v, p)) = doc.get("initial") {
            if protocol != ProtocolName::Raft && !array(v, &p)?.is_empty() {
                return fail(&p, format!("initial state is only for raft, not {}", protocol.name()));
            }
            for (i, item) in array(v, &p)?.iter().enumerate() {
                let path = format!("{p}[{i}]");
                let mut f = Fields::of(item, &path)?;
                let (v, np) = f.require("node")?;
                let node = integer(v, &np, 0, u64::MAX)?;
                if node == 0 || node > nodes as u64 {
                    return fail(&np, format!("node {node} does not exist (nodes = {nodes})"));
                }
                if initial.iter().any(|s| s.node as u64 == node) {
                    return fail(&np, format!("node {node} already has initial state"));
                }
                let term = f
                    .get("term")
                    .map(|(v, p)| integer(v, &p, 0, 1 << 40))
                    .transpose()?
                    .unwrap_or(0);
                let mut log = Vec::new();
                if let Some((v, lp)) = f.get("log") {
                    for (j, t) in array(v, &lp)?.iter().enumerate() {
                        let ep = format!("{lp}[{j}]");
                        let t = integer(t, &ep, 1, 1 << 40)?;
                        if t > term {
                            return fail(&ep, format!("entry term {t} is above the node's term {term}"));
                        }
                        if log.last().is_some_and(|&prev| t < prev) {
                            return fail(&ep, "entry terms must not decrease along a log");
                        }
                        log.push(t);
                    }
                    if log.len() > MAX_EVENTS {
                        return fail(&lp, format!("more than {MAX_EVENTS} entries"));
                    }
                }
                f.finish()?;
                initial.push(Initial {
                    node: node as NodeId,
                    term,
                    log,
                });
            }
        }

        let mut events = Vec::new();
        if let Some((v, p)) = doc.get("events") {
            let items = array(v, &p)?;
            if items.len() > MAX_EVENTS {
                return fail(
                    &p,
                    format!("{} events, more than the {MAX_EVENTS} allowed", items.len()),
                );
            }
            // Validate in the order events apply, so "as" bindings are checked the way the run sees them.
            let mut timed = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let path = format!("{p}[{i}]");
                let Json::Object(fields) = item else {
                    return fail(&path, format!("expected an object, found {}", item.type_name()));
                };
                let at = fields.iter().find(|(k, _)| k == "at_ms").map_or_else(
                    || fail(&join(&path, "at_ms"), "missing (this field is required)"),
                    |(_, v)| Ok(v),
                )?;
                let at_ms = integer(at, &join(&path, "at_ms"), 0, MAX_TIME_MS)?;
                timed.push((at_ms, i, item, path));
            }
            crate::order::sort_by_key(&mut timed, |(at, _, _, _)| *at);
            let mut selectors = Selectors {
                nodes,
                bound: Vec::new(),
            };
            for (at_ms, _, item, path) in timed {
                events.push(parse_event(item, &path, at_ms, protocol, &mut selectors)?);
            }
        }

        let last = events.iter().map(|e| e.at_ms).max();
        let run_ms = match doc.get("run_ms") {
            Some((v, p)) => {
                let run = integer(v, &p, 1, MAX_TIME_MS)?;
                if let Some(last) = last.filter(|&l| l > run) {
                    return fail(&p, format!("{run} ends before the last event at {last} ms"));
                }
                run
            }
            None => last.map_or(1000, |l| (l + 1000).min(MAX_TIME_MS)),
        };
        doc.finish()?;
        Ok(Scenario {
            title,
            description,
            protocol,
            nodes,
            seed,
            timing,
            drop,
            duplicate,
            options,
            paxos_options,
            bugs,
            initial,
            events,
            run_ms,
        })
    }
}

/// Invariant names a `violation` expectation may name.
pub fn invariant_names(protocol: ProtocolName) -> &'static [&'static str] {
    match protocol {
        ProtocolName::Raft => &[
            "election-safety",
            "leader-append-only",
            "log-matching",
            "leader-completeness",
            "state-machine-safety",
            "term-monotonic",
            "log-terms-monotonic",
            "entry-term-bounded",
        ],
        ProtocolName::MultiPaxos | ProtocolName::Paxos => {
            &["agreement", "validity", "promise-monotonic", "accept-respects-promise"]
        }
    }
}

/// `{"choices": ["S1", "S2"], "answer": 1, "explain": "…"}`: two to six choices, the answer's position.
fn parse_quiz(value: &Json, path: &str) -> Result<Quiz> {
    let mut q = Fields::of(value, path)?;
    let (v, p) = q.require("choices")?;
    let items = array(v, &p)?;
    if !(2..=6).contains(&items.len()) {
        return fail(&p, format!("{} choices (expected 2 to 6)", items.len()));
    }
    let choices = items
        .iter()
        .enumerate()
        .map(|(i, c)| string(c, &format!("{p}[{i}]"), 80))
        .collect::<Result<Vec<_>>>()?;
    let (v, p) = q.require("answer")?;
    let answer = integer(v, &p, 0, choices.len() as u64 - 1)? as usize;
    let (v, p) = q.require("explain")?;
    let explain = string(v, &p, 1000)?;
    q.finish()?;
    Ok(Quiz {
        choices,
        answer,
        explain,
    })
}

fn parse_event(item: &Json, path: &str, at_ms: u64, protocol: ProtocolName, sel: &mut Selectors) -> Result<TimedEvent> {
    let mut f = Fields::of(item, path)?;
    f.require("at_ms")?;
    let (v, dp) = f.require("do")?;
    let verb = string(v, &dp, 50)?;
    let node = |f: &mut Fields, key: &str| -> Result<Selector> {
        let (v, p) = f.require(key)?;
        sel.parse(v, &p)
    };
    let event = match verb.as_str() {
        "request" => {
            let (v, p) = f.require("value")?;
            let value = string(v, &p, 1000)?;
            if value.is_empty() {
                return fail(&p, "must not be empty");
            }
            let target = match f.get("node") {
                Some((v, p)) => Some(sel.parse(v, &p)?),
                None => None,
            };
            Event::Request {
                value: value.into(),
                node: target,
            }
        }
        "crash" => Event::Crash {
            node: node(&mut f, "node")?,
        },
        "restart" => Event::Restart {
            node: node(&mut f, "node")?,
        },
        "disconnect" => Event::Disconnect {
            node: node(&mut f, "node")?,
        },
        "connect" => Event::Connect {
            node: node(&mut f, "node")?,
        },
        "timeout" => Event::Timeout {
            node: node(&mut f, "node")?,
        },
        "cut" | "restore" => {
            let from = node(&mut f, "from")?;
            let to = node(&mut f, "to")?;
            if let (Selector::Id(a), Selector::Id(b)) = (&from, &to) {
                if a == b {
                    return fail(
                        &join(path, "to"),
                        format!("a link joins two different nodes, but both are {a}"),
                    );
                }
            }
            let oneway = f
                .get("oneway")
                .map(|(v, p)| boolean(v, &p))
                .transpose()?
                .unwrap_or(false);
            if verb == "cut" {
                Event::Cut { from, to, oneway }
            } else {
                Event::Restore { from, to, oneway }
            }
        }
        "partition" => {
            let (v, p) = f.require("groups")?;
            let items = array(v, &p)?;
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
            Event::Partition { groups }
        }
        "heal" => Event::Heal,
        "set" => {
            let drop = f.get("drop").map(|(v, p)| probability(v, &p)).transpose()?;
            let duplicate = f.get("duplicate").map(|(v, p)| probability(v, &p)).transpose()?;
            let latency = f.get("latency_ms").map(|(v, p)| range_ms(v, &p, 0)).transpose()?;
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
            let (v, p) = f.require("text")?;
            let text = string(v, &p, 2000)?;
            let pause = f
                .get("pause")
                .map(|(v, p)| boolean(v, &p))
                .transpose()?
                .unwrap_or(false);
            let quiz = f.get("quiz").map(|(v, p)| parse_quiz(v, &p)).transpose()?;
            if quiz.is_some() && !pause {
                return fail(
                    &dp,
                    "a caption with a quiz must pause (\"pause\": true), so the reader can answer",
                );
            }
            Event::Caption { text, pause, quiz }
        }
        "expect" => Event::Expect(parse_check(&mut f, protocol, sel)?),
        other => {
            return fail(
                &dp,
                format!(
                    "unknown action \"{}\" (expected request, crash, restart, disconnect, connect, cut, restore, \
                     partition, heal, set, timeout, caption or expect)",
                    shown(other)
                ),
            )
        }
    };
    let bind = match f.get("as") {
        Some((v, p)) => {
            let name = string(v, &p, 50)?;
            let valid = !name.is_empty()
                && name != "leader"
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid {
                return fail(
                    &p,
                    format!(
                        "\"{}\" is not a usable name (letters, digits, _ and -; not \"leader\")",
                        shown(&name)
                    ),
                );
            }
            if !event_names_a_node(&event) {
                return fail(&p, format!("\"{}\" names no single node to bind", shown(&verb)));
            }
            sel.bound.push(name.clone());
            Some(name)
        }
        None => None,
    };
    f.finish()?;
    Ok(TimedEvent { at_ms, event, bind })
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
            | Event::Request { node: Some(_), .. }
            | Event::Expect(Check::OneLeader { .. })
    )
}

fn parse_check(f: &mut Fields, protocol: ProtocolName, sel: &Selectors) -> Result<Check> {
    let (v, cp) = f.require("check")?;
    let check = string(v, &cp, 50)?;
    let among =
        |f: &mut Fields| -> Result<Option<Vec<Selector>>> { f.get("among").map(|(v, p)| sel.list(v, &p)).transpose() };
    Ok(match check.as_str() {
        "one-leader" => {
            let among = among(f)?;
            let is = f.get("is").map(|(v, p)| sel.parse(v, &p)).transpose()?;
            Check::OneLeader { among, is }
        }
        "no-leader" => Check::NoLeader { among: among(f)? },
        "same-term" => Check::SameTerm { among: among(f)? },
        "logs-match" => Check::LogsMatch { among: among(f)? },
        "committed" => {
            let value = f.get("value").map(|(v, p)| string(v, &p, 1000)).transpose()?;
            let (v, p) = f.require("at_least")?;
            let at_least = integer(v, &p, 1, sel.nodes as u64)? as u8;
            let index = f.get("index").map(|(v, p)| integer(v, &p, 1, u64::MAX)).transpose()?;
            if value.is_none() && index.is_none() {
                return fail(&f.path, "\"committed\" needs a value or an index");
            }
            Check::Committed {
                value: value.map(Into::into),
                at_least,
                index,
            }
        }
        "not-committed" => {
            let value = f.get("value").map(|(v, p)| string(v, &p, 1000)).transpose()?;
            let index = f.get("index").map(|(v, p)| integer(v, &p, 1, u64::MAX)).transpose()?;
            if value.is_none() && index.is_none() {
                return fail(&f.path, "\"not-committed\" needs a value or an index");
            }
            Check::NotCommitted {
                value: value.map(Into::into),
                index,
            }
        }
        "term-at-least" => {
            let (v, p) = f.require("term")?;
            Check::TermAtLeast {
                term: integer(v, &p, 0, u64::MAX)?,
            }
        }
        "no-violation" => Check::NoViolation,
        "violation" => {
            let (v, p) = f.require("invariant")?;
            let name = string(v, &p, 100)?;
            let known = invariant_names(protocol);
            if !known.contains(&name.as_str()) {
                return fail(
                    &p,
                    format!(
                        "unknown invariant \"{}\" for {} (expected {})",
                        shown(&name),
                        protocol.name(),
                        known.join(", ")
                    ),
                );
            }
            Check::Violation { invariant: name }
        }
        other => {
            return fail(
                &cp,
                format!(
                    "unknown check \"{}\" (expected one-leader, no-leader, same-term, committed, not-committed, \
                     logs-match, term-at-least, no-violation or violation)",
                    shown(other)
                ),
            )
        }
    })
}
