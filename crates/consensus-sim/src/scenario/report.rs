//! What a run produced: the report of `consensus-sim run`, as JSON (SCENARIO.md) or as a short summary.

use super::ProtocolName;
use crate::json::{object, Json};
use crate::protocol::{fmt_ms, Violation};
use crate::protocol::{EntryView, NodeId};
use crate::sim::{JournalEntry, LeaderChange, MessageStats};

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectationResult {
    /// The event's index in the order events apply.
    pub index: usize,
    pub at_ms: u64,
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeReport {
    pub id: NodeId,
    pub up: bool,
    pub role: &'static str,
    pub term: u64,
    pub commit_index: u64,
    pub log: Vec<EntryView>,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub title: Option<String>,
    pub protocol: ProtocolName,
    pub seed: u64,
    pub passed: bool,
    pub expectations: Vec<ExpectationResult>,
    pub failures: Vec<String>,
    pub violations: Vec<Violation>,
    pub leaders: Vec<LeaderChange>,
    pub nodes: Vec<NodeReport>,
    pub messages: MessageStats,
    pub events_processed: u64,
    pub sim_ms: u64,
    pub captions: Vec<(u64, String)>,
    /// Every action the run applied, resolved to concrete nodes, at its exact point: (events processed,
    /// time, action). Replaying these reproduces the run; the browser plays a scenario this way.
    pub actions: Vec<(u64, crate::protocol::Micros, crate::action::Action)>,
    pub trace_hash: u64,
    pub journal: Vec<JournalEntry>,
}

impl Report {
    /// Expectation failures and unresolved selectors, one line each.
    pub fn failure_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .expectations
            .iter()
            .filter(|e| !e.ok)
            .map(|e| format!("events[{}] ({} at {} ms): {}", e.index, e.check, e.at_ms, e.detail))
            .collect();
        lines.extend(self.failures.iter().cloned());
        lines
    }

    pub fn to_json(&self) -> Json {
        let expectations = self
            .expectations
            .iter()
            .map(|e| {
                object([
                    ("index", (e.index as u64).into()),
                    ("at_ms", e.at_ms.into()),
                    ("check", e.check.into()),
                    ("ok", e.ok.into()),
                    ("detail", e.detail.clone().into()),
                ])
            })
            .collect::<Vec<_>>();
        let violations = self
            .violations
            .iter()
            .map(|v| {
                object([
                    ("at_ms", (v.at / 1000).into()),
                    ("at_us", v.at.into()),
                    ("invariant", v.invariant.into()),
                    ("detail", v.detail.clone().into()),
                ])
            })
            .collect::<Vec<_>>();
        let leaders = self
            .leaders
            .iter()
            .map(|l| {
                object([
                    ("at_ms", (l.at / 1000).into()),
                    ("node", (l.node as u64).into()),
                    ("term", l.term.into()),
                ])
            })
            .collect::<Vec<_>>();
        let nodes = self
            .nodes
            .iter()
            .map(|n| {
                let log = n
                    .log
                    .iter()
                    .map(|e| {
                        object([
                            ("term", e.term.into()),
                            ("value", e.value.as_deref().map(str::to_string).into()),
                        ])
                    })
                    .collect::<Vec<_>>();
                object([
                    ("id", (n.id as u64).into()),
                    ("up", n.up.into()),
                    ("role", n.role.into()),
                    ("term", n.term.into()),
                    ("commit_index", n.commit_index.into()),
                    ("log", Json::Array(log)),
                ])
            })
            .collect::<Vec<_>>();
        let by_type = Json::Object(
            self.messages
                .by_type
                .iter()
                .map(|(k, v)| (k.to_string(), (*v).into()))
                .collect(),
        );
        let captions = self
            .captions
            .iter()
            .map(|(at, text)| object([("at_ms", (*at).into()), ("text", text.clone().into())]))
            .collect::<Vec<_>>();
        object([
            ("passed", self.passed.into()),
            ("title", self.title.clone().into()),
            ("protocol", self.protocol.name().into()),
            ("seed", self.seed.into()),
            ("expectations", Json::Array(expectations)),
            ("failures", self.failure_lines().into()),
            ("violations", Json::Array(violations)),
            ("leaders", Json::Array(leaders)),
            ("nodes", Json::Array(nodes)),
            (
                "messages",
                object([
                    ("sent", self.messages.sent.into()),
                    ("delivered", self.messages.delivered.into()),
                    ("dropped", self.messages.dropped.into()),
                    ("by_type", by_type),
                ]),
            ),
            ("captions", Json::Array(captions)),
            ("events_processed", self.events_processed.into()),
            ("sim_ms", self.sim_ms.into()),
            ("trace_hash", format!("{:#018x}", self.trace_hash).into()),
        ])
    }

    /// A few lines for a person at a terminal.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let title = self.title.as_deref().unwrap_or("untitled scenario");
        out.push_str(&format!(
            "{} {title} ({}, {} nodes, seed {})\n",
            if self.passed { "PASS" } else { "FAIL" },
            self.protocol.name(),
            self.nodes.len(),
            self.seed
        ));
        for e in &self.expectations {
            out.push_str(&format!(
                "  {} events[{}] at {} ms {}: {}\n",
                if e.ok { "ok  " } else { "FAIL" },
                e.index,
                e.at_ms,
                e.check,
                e.detail
            ));
        }
        for f in &self.failures {
            out.push_str(&format!("  FAIL {f}\n"));
        }
        for v in &self.violations {
            out.push_str(&format!(
                "  violation {} at {}: {}\n",
                v.invariant,
                fmt_ms(v.at),
                v.detail
            ));
        }
        let leaders: Vec<String> = self
            .leaders
            .iter()
            .map(|l| format!("S{} (term {}) at {}", l.node, l.term, fmt_ms(l.at)))
            .collect();
        if !leaders.is_empty() {
            out.push_str(&format!("  leaders: {}\n", leaders.join(", ")));
        }
        out.push_str(&format!(
            "  messages: {} sent, {} delivered, {} dropped; {} events in {} ms simulated\n",
            self.messages.sent, self.messages.delivered, self.messages.dropped, self.events_processed, self.sim_ms
        ));
        out
    }

    /// The journal as JSON lines, for `--trace`.
    pub fn journal_lines(&self) -> String {
        journal_lines(&self.journal)
    }
}

/// A journal as JSON lines, one object per event: what `--trace` writes, and the browser's trace export.
pub fn journal_lines(journal: &[JournalEntry]) -> String {
    let mut out = String::new();
    for entry in journal {
        object([
            ("at_us", entry.at.into()),
            ("event", entry.event.into()),
            ("from", (entry.from as u64).into()),
            ("to", (entry.to as u64).into()),
            ("detail", entry.detail.clone().into()),
        ])
        .write(&mut out);
        out.push('\n');
    }
    out
}
