//! Writing a scenario back out as a version 1 document, so fuzz failures and sessions become files.

use super::*;
use crate::json::{object, Json};

fn ms_range((min, max): (Micros, Micros)) -> Json {
    Json::Array(vec![(min / 1000).into(), (max / 1000).into()])
}

fn selector(s: &Selector) -> Json {
    match s {
        Selector::Id(id) => (*id as u64).into(),
        Selector::Leader(0) => "leader".into(),
        Selector::Leader(k) => format!("leader+{k}").into(),
        Selector::Bound(name, 0) => name.clone().into(),
        Selector::Bound(name, k) => format!("{name}+{k}").into(),
    }
}

fn selectors(list: &[Selector]) -> Json {
    Json::Array(list.iter().map(selector).collect())
}

fn probability(p: f64) -> Json {
    p.into()
}

impl Scenario {
    pub fn to_json(&self) -> Json {
        let mut doc: Vec<(String, Json)> = vec![("version".into(), 1u64.into())];
        let mut put = |k: &str, v: Json| doc.push((k.to_string(), v));
        if let Some(t) = &self.title {
            put("title", t.clone().into());
        }
        if let Some(d) = &self.description {
            put("description", d.clone().into());
        }
        put("protocol", self.protocol.name().into());
        put("nodes", (self.nodes as u64).into());
        put("seed", self.seed.into());
        let t = &self.timing;
        put(
            "timing",
            object([
                ("latency_ms", ms_range(t.latency)),
                ("election_timeout_ms", ms_range(t.election_timeout)),
                ("heartbeat_ms", (t.heartbeat / 1000).into()),
                ("client_retry_ms", (t.client_retry / 1000).into()),
            ]),
        );
        put(
            "network",
            object([
                ("drop", probability(self.drop)),
                ("duplicate", probability(self.duplicate)),
            ]),
        );
        if self.protocol == ProtocolName::Raft {
            let o = &self.options;
            put(
                "options",
                object([
                    ("pre_vote", o.pre_vote.into()),
                    ("check_quorum", o.check_quorum.into()),
                    ("leader_noop", o.leader_noop.into()),
                    ("conflict_hint", o.conflict_hint.into()),
                ]),
            );
        }
        if self.protocol == ProtocolName::Paxos {
            put(
                "options",
                object([("no_backoff", self.paxos_options.no_backoff.into())]),
            );
        }
        put(
            "bugs",
            self.bugs
                .iter()
                .map(|b| Json::from(b.clone()))
                .collect::<Vec<_>>()
                .into(),
        );
        if !self.initial.is_empty() {
            let initial = self
                .initial
                .iter()
                .map(|i| {
                    object([
                        ("node", (i.node as u64).into()),
                        ("term", i.term.into()),
                        ("log", i.log.clone().into()),
                    ])
                })
                .collect::<Vec<_>>();
            put("initial", Json::Array(initial));
        }
        put("events", Json::Array(self.events.iter().map(event).collect()));
        put("run_ms", self.run_ms.into());
        Json::Object(doc)
    }
}

fn event(e: &TimedEvent) -> Json {
    let mut f: Vec<(String, Json)> = vec![("at_ms".into(), e.at_ms.into()), ("do".into(), e.event.name().into())];
    let mut put = |k: &str, v: Json| f.push((k.to_string(), v));
    match &e.event {
        Event::Request { value, node } => {
            put("value", value.to_string().into());
            if let Some(n) = node {
                put("node", selector(n));
            }
        }
        Event::Crash { node }
        | Event::Restart { node }
        | Event::Disconnect { node }
        | Event::Connect { node }
        | Event::Timeout { node } => put("node", selector(node)),
        Event::Cut { from, to, oneway } | Event::Restore { from, to, oneway } => {
            put("from", selector(from));
            put("to", selector(to));
            if *oneway {
                put("oneway", true.into());
            }
        }
        Event::Partition { groups } => put("groups", Json::Array(groups.iter().map(|g| selectors(g)).collect())),
        Event::Heal => {}
        Event::Set {
            drop,
            duplicate,
            latency,
        } => {
            if let Some(p) = drop {
                put("drop", probability(*p));
            }
            if let Some(p) = duplicate {
                put("duplicate", probability(*p));
            }
            if let Some(l) = latency {
                put("latency_ms", ms_range(*l));
            }
        }
        Event::Caption { text, pause, quiz } => {
            put("text", text.clone().into());
            if *pause {
                put("pause", true.into());
            }
            if let Some(q) = quiz {
                put(
                    "quiz",
                    object([
                        (
                            "choices",
                            Json::Array(q.choices.iter().map(|c| c.clone().into()).collect()),
                        ),
                        ("answer", (q.answer as u64).into()),
                        ("explain", q.explain.clone().into()),
                    ]),
                );
            }
        }
        Event::Expect(check) => {
            put("check", check.name().into());
            let among = |put: &mut dyn FnMut(&str, Json), among: &Option<Vec<Selector>>| {
                if let Some(a) = among {
                    put("among", selectors(a));
                }
            };
            match check {
                Check::OneLeader { among: a, is } => {
                    among(&mut put, a);
                    if let Some(s) = is {
                        put("is", selector(s));
                    }
                }
                Check::NoLeader { among: a } | Check::SameTerm { among: a } | Check::LogsMatch { among: a } => {
                    among(&mut put, a)
                }
                Check::Committed { value, at_least, index } => {
                    if let Some(v) = value {
                        put("value", v.to_string().into());
                    }
                    put("at_least", (*at_least as u64).into());
                    if let Some(i) = index {
                        put("index", (*i).into());
                    }
                }
                Check::NotCommitted { value, index } => {
                    if let Some(v) = value {
                        put("value", v.to_string().into());
                    }
                    if let Some(i) = index {
                        put("index", (*i).into());
                    }
                }
                Check::TermAtLeast { term } => put("term", (*term).into()),
                Check::NoViolation => {}
                Check::Violation { invariant } => put("invariant", invariant.clone().into()),
            }
        }
    }
    if let Some(name) = &e.bind {
        put("as", name.clone().into());
    }
    Json::Object(f)
}
