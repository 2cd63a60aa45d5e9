//! What a run produced: the report of `consensus-sim run`, as JSON (SCENARIO.md) or as a short summary.

use serde::Serialize;

use super::ProtocolName;
use crate::protocol::{fmt_ms, EntryView, NodeId, Violation};
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
    /// Raft: the last index its snapshot covers; the log holds the entries after it.
    pub snapshot_index: u64,
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
    /// What the clients saw, for `run --history`.
    pub history: crate::protocol::kv::History,
    /// Every leader crash's failover and every suspicion (Raft and Multi-Paxos).
    pub failover: crate::sim::Failover,
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

    /// The report as one JSON document, with the fields SCENARIO.md names and a few more.
    pub fn to_text(&self) -> String {
        #[derive(Serialize)]
        struct Expectation<'a> {
            index: usize,
            at_ms: u64,
            check: &'a str,
            ok: bool,
            detail: &'a str,
        }
        #[derive(Serialize)]
        struct Violated<'a> {
            at_ms: u64,
            at_us: u64,
            invariant: &'a str,
            detail: &'a str,
        }
        #[derive(Serialize)]
        struct Leader {
            at_ms: u64,
            node: NodeId,
            term: u64,
        }
        #[derive(Serialize)]
        struct LogEntry<'a> {
            term: u64,
            value: Option<&'a str>,
        }
        #[derive(Serialize)]
        struct Node<'a> {
            id: NodeId,
            up: bool,
            role: &'a str,
            term: u64,
            commit_index: u64,
            /// Written only when a snapshot compacted the log: "log" then starts at the index after it.
            #[serde(skip_serializing_if = "is_zero")]
            snapshot_index: u64,
            log: Vec<LogEntry<'a>>,
        }
        fn is_zero(n: &u64) -> bool {
            *n == 0
        }
        #[derive(Serialize)]
        struct Messages {
            sent: u64,
            delivered: u64,
            dropped: u64,
            by_type: serde_json::Map<String, serde_json::Value>,
        }
        #[derive(Serialize)]
        struct Caption<'a> {
            at_ms: u64,
            text: &'a str,
        }
        #[derive(Serialize)]
        struct Document<'a> {
            passed: bool,
            title: Option<&'a str>,
            protocol: &'a str,
            seed: u64,
            expectations: Vec<Expectation<'a>>,
            failures: Vec<String>,
            violations: Vec<Violated<'a>>,
            leaders: Vec<Leader>,
            nodes: Vec<Node<'a>>,
            messages: Messages,
            captions: Vec<Caption<'a>>,
            events_processed: u64,
            sim_ms: u64,
            trace_hash: String,
        }
        let document = Document {
            passed: self.passed,
            title: self.title.as_deref(),
            protocol: self.protocol.name(),
            seed: self.seed,
            expectations: self
                .expectations
                .iter()
                .map(|e| Expectation {
                    index: e.index,
                    at_ms: e.at_ms,
                    check: e.check,
                    ok: e.ok,
                    detail: &e.detail,
                })
                .collect(),
            failures: self.failure_lines(),
            violations: self
                .violations
                .iter()
                .map(|v| Violated {
                    at_ms: v.at / 1000,
                    at_us: v.at,
                    invariant: v.invariant,
                    detail: &v.detail,
                })
                .collect(),
            leaders: self
                .leaders
                .iter()
                .map(|l| Leader {
                    at_ms: l.at / 1000,
                    node: l.node,
                    term: l.term,
                })
                .collect(),
            nodes: self
                .nodes
                .iter()
                .map(|n| Node {
                    id: n.id,
                    up: n.up,
                    role: n.role,
                    term: n.term,
                    commit_index: n.commit_index,
                    snapshot_index: n.snapshot_index,
                    log: n
                        .log
                        .iter()
                        .map(|e| LogEntry {
                            term: e.term,
                            value: e.value.as_deref(),
                        })
                        .collect(),
                })
                .collect(),
            messages: Messages {
                sent: self.messages.sent,
                delivered: self.messages.delivered,
                dropped: self.messages.dropped,
                by_type: self
                    .messages
                    .by_type
                    .iter()
                    .map(|(k, v)| (k.to_string(), (*v).into()))
                    .collect(),
            },
            captions: self
                .captions
                .iter()
                .map(|(at, text)| Caption { at_ms: *at, text })
                .collect(),
            events_processed: self.events_processed,
            sim_ms: self.sim_ms,
            trace_hash: format!("{:#018x}", self.trace_hash),
        };
        serde_json::to_string(&document).expect("a report serializes")
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
    #[derive(Serialize)]
    struct Line<'a> {
        at_us: u64,
        event: &'a str,
        from: NodeId,
        to: NodeId,
        detail: &'a str,
    }
    let mut out = String::new();
    for entry in journal {
        let line = Line {
            at_us: entry.at,
            event: entry.event,
            from: entry.from,
            to: entry.to,
            detail: &entry.detail,
        };
        out.push_str(&serde_json::to_string(&line).expect("a journal line serializes"));
        out.push('\n');
    }
    out
}
