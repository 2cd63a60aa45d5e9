//! Scenario files (SCENARIO.md, version 1): a JSON document that fully determines a run.
//!
//! [`Scenario::parse`] validates everything up front and names the place and the reason of the first
//! problem, as `events[3].node: node 7 does not exist (nodes = 5)`. A scenario that parses can run without
//! surprises; only selectors like "leader" are resolved during the run, and a run reports those that fail.
//!
//! Reading goes in three steps, each in a file of its own: serde_json checks the syntax (`syntax.rs`), serde
//! reads the document into the types of `document.rs`, whose leaves (`fields.rs`) and containers
//! (`containers.rs`) say what each value may be, and `parse.rs` checks what depends on the rest of the
//! document; `message.rs` words every error the same way. `write.rs` writes a scenario back out
//! through the same types, and `schema.rs` describes them as a JSON Schema for editors.

mod containers;
pub mod document;
pub mod fields;
mod message;
mod parse;
mod report;
mod run;
#[cfg(feature = "schema")]
pub mod schema;
mod syntax;
mod write;

pub use parse::MAX_SNAPSHOT_EVERY;
pub use report::{journal_lines, ExpectationResult, Report};

/// Reads a whole document of the lab's formats (a scenario, a history) as `T`: its syntax, then its shape,
/// naming the place and the reason of the first problem.
pub(crate) fn read_document<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    syntax::check(text).map_err(|e| message::at("document", e))?;
    if fields::kind(text) != "an object" {
        return Err(format!("document: expected an object, found {}", fields::kind(text)));
    }
    message::read(text, "")
}

/// Reads one value, written as `text`, as `T`, naming `path` in an error.
pub(crate) fn read_value<T: serde::de::DeserializeOwned>(text: &str, path: &str) -> Result<T, String> {
    message::read(text, path)
}
pub use run::{commit_variant, run_scenario, simulator_for, ScenarioProtocol};

use crate::action::Action;
use crate::protocol::kv::{Op, ReadPath};
use crate::protocol::{Micros, Names, NodeId, Value};

/// The most events a scenario may hold.
pub const MAX_EVENTS: usize = 100_000;
/// The largest scenario document accepted, in bytes.
pub const MAX_DOCUMENT: usize = 1 << 20;
/// The longest simulated run, in milliseconds: one hour. Longer runs take minutes of CPU for no lesson.
pub const MAX_TIME_MS: u64 = 3_600_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolName {
    Raft,
    MultiPaxos,
    Paxos,
    /// Two-phase commit.
    TwoPc,
    /// Three-phase commit.
    ThreePc,
    PaxosCommit,
}

impl ProtocolName {
    pub fn name(self) -> &'static str {
        match self {
            ProtocolName::Raft => "raft",
            ProtocolName::MultiPaxos => "multi-paxos",
            ProtocolName::Paxos => "paxos",
            ProtocolName::TwoPc => "2pc",
            ProtocolName::ThreePc => "3pc",
            ProtocolName::PaxosCommit => "paxos-commit",
        }
    }

    /// Whether it is a commit protocol, whose clients run transactions rather than operations on keys.
    pub fn is_commit(self) -> bool {
        matches!(
            self,
            ProtocolName::TwoPc | ProtocolName::ThreePc | ProtocolName::PaxosCommit
        )
    }

    /// The smallest cluster it runs: a commit protocol needs its coordinator (and Paxos Commit, with the
    /// default F, two more acceptors) and two participants.
    pub fn min_nodes(self) -> u8 {
        if !self.is_commit() {
            return 1;
        }
        let config = crate::commit::CommitConfig {
            variant: commit_variant(self),
            fault_tolerance: DEFAULT_FAULT_TOLERANCE,
            ..Default::default()
        };
        config.smallest_cluster()
    }

    /// Whether its followers watch a leader with a failure detector: Raft and Multi-Paxos.
    pub fn has_leader_detector(self) -> bool {
        matches!(self, ProtocolName::Raft | ProtocolName::MultiPaxos)
    }

    /// Whether its clients call get, put, append and cas (Basic Paxos decides one value; the commit
    /// protocols run transactions).
    pub fn serves_operations(self) -> bool {
        !self.is_commit() && self != ProtocolName::Paxos
    }

    /// Every protocol a scenario may name, in the order the format lists them.
    pub const ALL: [ProtocolName; 6] = [
        ProtocolName::Raft,
        ProtocolName::MultiPaxos,
        ProtocolName::Paxos,
        ProtocolName::TwoPc,
        ProtocolName::ThreePc,
        ProtocolName::PaxosCommit,
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        ProtocolName::ALL.into_iter().find(|p| p.name() == name)
    }

    /// What the protocol calls its options, bugs and invariants: its folder says.
    pub fn names(self) -> Names {
        match self {
            ProtocolName::Raft => crate::raft::NAMES,
            ProtocolName::MultiPaxos => crate::paxos::MULTI_NAMES,
            ProtocolName::Paxos => crate::paxos::BASIC_NAMES,
            ProtocolName::TwoPc => crate::commit::TWO_PHASE_NAMES,
            ProtocolName::ThreePc | ProtocolName::PaxosCommit => crate::commit::NAMES,
        }
    }

    /// The deliberate bugs this protocol knows.
    pub fn bug_names(self) -> &'static [&'static str] {
        self.names().bugs
    }

    /// The invariants an `expect` of `violation` may name.
    /// The invariants a run of this protocol checks: its own, and for the protocols that serve clients,
    /// `linearizable`, which the simulator checks on their history.
    pub fn invariant_names(self) -> Vec<&'static str> {
        let mut names = self.names().invariants.to_vec();
        if self.serves_operations() {
            names.push("linearizable");
        }
        names
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    pub latency: (Micros, Micros),
    pub election_timeout: (Micros, Micros),
    pub heartbeat: Micros,
    pub client_retry: Micros,
    /// How long C1..C5 wait for an answer before they give up.
    pub client_timeout: Micros,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            latency: (10_000, 20_000),
            election_timeout: (150_000, 300_000),
            heartbeat: 50_000,
            client_retry: 100_000,
            client_timeout: crate::sim::DEFAULT_CLIENT_TIMEOUT,
        }
    }
}

/// Persisted state for one node before the run (Raft: a term and a log of entry terms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Initial {
    pub node: NodeId,
    pub term: u64,
    pub log: Vec<u64>,
}

/// Names a node: by id, as the current leader, or by a name bound earlier with `as`, plus K ids onward.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Id(NodeId),
    Leader(u8),
    Bound(String, u8),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    OneLeader {
        among: Option<Vec<Selector>>,
        is: Option<Selector>,
    },
    NoLeader {
        among: Option<Vec<Selector>>,
    },
    SameTerm {
        among: Option<Vec<Selector>>,
    },
    /// Without a value: anything at `index` (an extension, for Basic Paxos, whose one decided value need
    /// not be any given request's).
    Committed {
        value: Option<Value>,
        at_least: u8,
        index: Option<u64>,
    },
    NotCommitted {
        value: Option<Value>,
        index: Option<u64>,
    },
    LogsMatch {
        among: Option<Vec<Selector>>,
    },
    TermAtLeast {
        term: u64,
    },
    /// Raft: every node among (default: every node up) has a snapshot through at least index `at_least`.
    Snapshot {
        among: Option<Vec<Selector>>,
        at_least: u64,
    },
    NoViolation,
    Violation {
        invariant: String,
    },
    /// The clients' history so far is linearizable.
    Linearizable,
    /// Client `client`'s operations so far ended this many times ok, failed and unknown (info), each as given.
    ClientOutcomes {
        client: u64,
        ok: Option<u64>,
        fail: Option<u64>,
        info: Option<u64>,
    },
    /// Transaction `txn` (the n-th begun, from 1; every one begun so far if None) is decided at every
    /// participant, with `outcome` if given (true: commit).
    Decided {
        txn: Option<u64>,
        outcome: Option<bool>,
    },
    /// At least `at_least` participants (default 1) are in doubt, about `txn` if given.
    InDoubt {
        txn: Option<u64>,
        at_least: u8,
    },
    /// No transaction has committed at one participant and aborted at another.
    Atomic,
    /// False suspicions so far (of a leader that was up): at most `at_most`, at least `at_least`.
    FalseSuspicions {
        at_most: Option<u64>,
        at_least: Option<u64>,
    },
    /// The latest crash of a leader was suspected within `within_ms` of it.
    DetectedWithin {
        within_ms: u64,
    },
}

impl Check {
    pub fn name(&self) -> &'static str {
        match self {
            Check::OneLeader { .. } => "one-leader",
            Check::NoLeader { .. } => "no-leader",
            Check::SameTerm { .. } => "same-term",
            Check::Committed { .. } => "committed",
            Check::NotCommitted { .. } => "not-committed",
            Check::LogsMatch { .. } => "logs-match",
            Check::TermAtLeast { .. } => "term-at-least",
            Check::Snapshot { .. } => "snapshot",
            Check::NoViolation => "no-violation",
            Check::Violation { .. } => "violation",
            Check::Linearizable => "linearizable",
            Check::ClientOutcomes { .. } => "client-outcomes",
            Check::Decided { .. } => "decided",
            Check::InDoubt { .. } => "in-doubt",
            Check::Atomic => "atomic",
            Check::FalseSuspicions { .. } => "false-suspicions",
            Check::DetectedWithin { .. } => "detected-within",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Request {
        value: Value,
        node: Option<Selector>,
    },
    /// Client `client` (1 to 5) calls `op` on `key`: events get, put, append and cas.
    Operation {
        client: u64,
        key: String,
        op: Op,
        node: Option<Selector>,
    },
    Crash {
        node: Selector,
    },
    Restart {
        node: Selector,
    },
    Disconnect {
        node: Selector,
    },
    Connect {
        node: Selector,
    },
    Cut {
        from: Selector,
        to: Selector,
        oneway: bool,
    },
    Restore {
        from: Selector,
        to: Selector,
        oneway: bool,
    },
    Partition {
        groups: Vec<Vec<Selector>>,
    },
    Heal,
    Set {
        drop: Option<f64>,
        duplicate: Option<f64>,
        latency: Option<(Micros, Micros)>,
    },
    Timeout {
        node: Selector,
    },
    /// Raft's leadership transfer (§3.10): the leader hands leadership to `node`.
    TransferLeader {
        node: Selector,
    },
    /// The node stops for `for_ms`, then resumes with its state; with `clock_stops`, its clock stops too.
    Pause {
        node: Selector,
        for_ms: u64,
        clock_stops: bool,
    },
    /// From now on the node's clock runs fast (positive) or slow by this fraction of true time: a `set` event
    /// with `node` and `drift`.
    Drift {
        node: Selector,
        drift: f64,
    },
    /// From now on gets are answered by this read path: a `set` event with `read_path`.
    ReadPath(ReadPath),
    /// From now on followers detect a failed leader this way: a `set` event with `detector`.
    Detector(crate::protocol::DetectorSetting),
    /// Raft: from now on each server snapshots once this many entries were applied since its last snapshot, 0
    /// never: a `set` event with `snapshot_every`.
    SnapshotEvery(u64),
    /// The commit protocols: a client begins a transaction with these writes, such as "a-10" and "b+10".
    Begin {
        writes: Vec<String>,
    },
    /// The participant's next vote is yes (or no), whatever it would have voted.
    Vote {
        node: Selector,
        yes: bool,
    },
    Caption {
        text: String,
        pause: bool,
        /// A question for the reader at this pause point, answered by the run that follows.
        quiz: Option<Quiz>,
    },
    Expect(Check),
}

/// A lesson's question: the reader picks one of `choices`; `answer` is the right one's position, and
/// `explain` says why once the run has shown it. The run must back the answer with an `expect`.
#[derive(Clone, Debug, PartialEq)]
pub struct Quiz {
    pub choices: Vec<String>,
    pub answer: usize,
    pub explain: String,
}

impl Event {
    /// The event that takes `action`, naming nodes by id: how a session in the browser becomes a scenario
    /// file. Dropping one message in flight has no event, so it gives None.
    pub fn from_action(action: &Action) -> Option<Event> {
        let id = |n: &NodeId| Selector::Id(*n);
        Some(match action {
            Action::Request { value, node } => Event::Request {
                value: value.clone(),
                node: node.as_ref().map(id),
            },
            Action::Operation { client, key, op, node } => Event::Operation {
                client: *client,
                key: key.clone(),
                op: op.clone(),
                node: node.as_ref().map(id),
            },
            Action::Crash(n) => Event::Crash { node: id(n) },
            Action::Restart(n) => Event::Restart { node: id(n) },
            Action::Disconnect(n) => Event::Disconnect { node: id(n) },
            Action::Connect(n) => Event::Connect { node: id(n) },
            Action::Timeout(n) => Event::Timeout { node: id(n) },
            Action::TransferLeader(n) => Event::TransferLeader { node: id(n) },
            Action::Cut { from, to, oneway } => Event::Cut {
                from: id(from),
                to: id(to),
                oneway: *oneway,
            },
            Action::Restore { from, to, oneway } => Event::Restore {
                from: id(from),
                to: id(to),
                oneway: *oneway,
            },
            Action::Partition(groups) => Event::Partition {
                groups: groups.iter().map(|g| g.iter().map(id).collect()).collect(),
            },
            Action::Heal => Event::Heal,
            Action::SetNetwork {
                drop_ppm,
                duplicate_ppm,
                latency,
            } => Event::Set {
                drop: drop_ppm.map(|p| p as f64 / 1e6),
                duplicate: duplicate_ppm.map(|p| p as f64 / 1e6),
                latency: *latency,
            },
            Action::SetDrift { node, drift_ppm } => Event::Drift {
                node: id(node),
                drift: *drift_ppm as f64 / 1e6,
            },
            Action::SetReadPath(path) => Event::ReadPath(*path),
            Action::SetSnapshotEvery(every) => Event::SnapshotEvery(*every),
            Action::SetDetector(detector) => Event::Detector(*detector),
            Action::Pause {
                node,
                for_us,
                clock_stops,
            } => Event::Pause {
                node: id(node),
                for_ms: for_us / 1000,
                clock_stops: *clock_stops,
            },
            Action::Vote { node, yes } => Event::Vote {
                node: id(node),
                yes: *yes,
            },
            Action::DropMessage(_) => return None,
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Event::Request { .. } => "request",
            Event::Operation { op, .. } => op.name(),
            Event::Crash { .. } => "crash",
            Event::Restart { .. } => "restart",
            Event::Disconnect { .. } => "disconnect",
            Event::Connect { .. } => "connect",
            Event::Cut { .. } => "cut",
            Event::Restore { .. } => "restore",
            Event::Partition { .. } => "partition",
            Event::Heal => "heal",
            Event::Set { .. }
            | Event::Drift { .. }
            | Event::ReadPath(_)
            | Event::Detector(_)
            | Event::SnapshotEvery(_) => "set",
            Event::Pause { .. } => "pause",
            Event::Timeout { .. } => "timeout",
            Event::TransferLeader { .. } => "transfer-leader",
            Event::Begin { .. } => "begin",
            Event::Vote { .. } => "vote",
            Event::Caption { .. } => "caption",
            Event::Expect(_) => "expect",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimedEvent {
    pub at_ms: u64,
    pub event: Event,
    /// `as`: binds the node the event resolved to, for later events.
    pub bind: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub title: Option<String>,
    pub description: Option<String>,
    pub protocol: ProtocolName,
    pub nodes: u8,
    pub seed: u64,
    pub timing: Timing,
    pub drop: f64,
    pub duplicate: f64,
    /// The protocol's options switched on, in the order its [`Names`] lists them.
    pub options: Vec<String>,
    /// How gets are answered (Raft and Multi-Paxos): option `read_path`.
    pub read_path: ReadPath,
    /// Paxos Commit: the acceptor failures tolerated, F (2F+1 acceptors): option `fault_tolerance`.
    pub fault_tolerance: u8,
    /// Raft and Multi-Paxos: phi accrual's settings, if option `detector` chose it over the fixed timeout.
    pub detector: Option<crate::protocol::detector::PhiSettings>,
    /// Raft: each server snapshots its state machine once this many entries were applied since its last
    /// snapshot (option `snapshot_every`); 0 never.
    pub snapshot_every: u64,
    pub bugs: Vec<String>,
    pub initial: Vec<Initial>,
    /// In the order they apply: by at_ms, file order among equals.
    pub events: Vec<TimedEvent>,
    pub run_ms: u64,
}

impl Scenario {
    /// How gets are answered at simulated time `at_us`: the option, or the last `set` of `read_path` by then.
    pub fn read_path_at(&self, at_us: Micros) -> ReadPath {
        self.events
            .iter()
            .filter(|e| e.at_ms * 1000 <= at_us)
            .filter_map(|e| match e.event {
                Event::ReadPath(path) => Some(path),
                _ => None,
            })
            .next_back()
            .unwrap_or(self.read_path)
    }

    /// A scenario with every default of the format and no events: a plain cluster to play with.
    pub fn plain(protocol: ProtocolName, nodes: u8, seed: u64) -> Self {
        Scenario {
            title: None,
            description: None,
            protocol,
            nodes,
            seed,
            timing: Timing::default(),
            drop: 0.0,
            duplicate: 0.0,
            options: Vec::new(),
            read_path: ReadPath::Log,
            fault_tolerance: DEFAULT_FAULT_TOLERANCE,
            detector: None,
            snapshot_every: 0,
            bugs: Vec::new(),
            initial: Vec::new(),
            events: Vec::new(),
            run_ms: 0,
        }
    }
}

/// Paxos Commit's F unless a scenario says otherwise: one acceptor may fail.
pub const DEFAULT_FAULT_TOLERANCE: u8 = 1;

/// Probability (0 to 1) as parts per million.
pub fn ppm(p: f64) -> u32 {
    (p.clamp(0.0, 1.0) * 1_000_000.0).round() as u32
}
