//! Running a scenario: its events become actions at their times, selectors resolve against the live
//! cluster, and expectations are judged at their instants.

use crate::sorted_map::SortedMap;

use super::report::{ExpectationResult, NodeReport, Report};
use super::*;
use crate::action::Action;
use crate::commit::{CommitBugs, CommitConfig, CommitNode, Variant};
use crate::paxos::{PaxosBugs, PaxosConfig, PaxosNode, PaxosOptions, Persisted as PaxosPersisted};
use crate::protocol::kv::{Call, Outcome, NO_REQUEST};
use crate::protocol::txn::TxnView;
use crate::protocol::{fmt_ms, EntryView, Micros, Protocol, Role, Violation};
use crate::raft::{Command, Entry, Log, Persisted, RaftBugs, RaftConfig, RaftNode, RaftOptions};
use crate::sim::Conditions;
use crate::sim::{SimConfig, Simulator};

/// How a protocol takes its configuration and initial state from a scenario.
pub trait ScenarioProtocol: Protocol {
    fn config(scenario: &Scenario) -> Self::Config;
    fn initial(scenario: &Scenario) -> Vec<Self::Persisted>;
}

impl ScenarioProtocol for RaftNode {
    fn config(s: &Scenario) -> RaftConfig {
        RaftConfig {
            read_path: s.read_path,
            election_timeout: s.timing.election_timeout,
            heartbeat: s.timing.heartbeat,
            options: RaftOptions::named(&s.options),
            bugs: RaftBugs::named(&s.bugs),
            phi: s.detector,
            snapshot_every: s.snapshot_every,
        }
    }

    fn initial(s: &Scenario) -> Vec<Persisted> {
        (1..=s.nodes)
            .map(|id| match s.initial.iter().find(|i| i.node == id) {
                None => Persisted::default(),
                Some(init) => Persisted {
                    current_term: init.term,
                    voted_for: None,
                    log: Log::from_entries(
                        init.log
                            .iter()
                            .enumerate()
                            .map(|(i, &term)| Entry {
                                term,
                                command: Command::Client {
                                    request: NO_REQUEST,
                                    call: Call::request(format!("t{term}i{}", i + 1).into(), NO_REQUEST).into(),
                                },
                            })
                            .collect(),
                    ),
                    snapshot: None,
                },
            })
            .collect()
    }
}

impl ScenarioProtocol for PaxosNode {
    fn config(s: &Scenario) -> PaxosConfig {
        PaxosConfig {
            single_decree: s.protocol == ProtocolName::Paxos,
            election_timeout: s.timing.election_timeout,
            heartbeat: s.timing.heartbeat,
            options: PaxosOptions::named(&s.options),
            bugs: PaxosBugs::named(&s.bugs),
            read_path: s.read_path,
            phi: s.detector.filter(|_| s.protocol == ProtocolName::MultiPaxos),
        }
    }

    /// Paxos nodes start from empty stable storage; `initial` is for Raft only.
    fn initial(_: &Scenario) -> Vec<PaxosPersisted> {
        Vec::new()
    }
}

/// Which commit protocol a protocol name is (2PC for the others, which have none).
pub fn commit_variant(protocol: ProtocolName) -> Variant {
    match protocol {
        ProtocolName::ThreePc => Variant::ThreePhase,
        ProtocolName::PaxosCommit => Variant::PaxosCommit,
        _ => Variant::TwoPhase,
    }
}

impl ScenarioProtocol for CommitNode {
    fn config(s: &Scenario) -> CommitConfig {
        CommitConfig {
            variant: commit_variant(s.protocol),
            fault_tolerance: s.fault_tolerance,
            cooperative: s.options.iter().any(|o| o == "cooperative"),
            timeout: s.timing.election_timeout,
            heartbeat: s.timing.heartbeat,
            bugs: CommitBugs::named(&s.bugs),
        }
    }

    /// Every node starts with an empty log.
    fn initial(_: &Scenario) -> Vec<crate::commit::Persisted> {
        Vec::new()
    }
}

/// Runs a scenario to its end. With `journal`, the report carries every event for `--trace`.
pub fn run_scenario(scenario: &Scenario, journal: bool) -> std::result::Result<Report, String> {
    match scenario.protocol {
        ProtocolName::Raft => Ok(Runner::<RaftNode>::new(scenario, journal).run()),
        ProtocolName::MultiPaxos | ProtocolName::Paxos => Ok(Runner::<PaxosNode>::new(scenario, journal).run()),
        ProtocolName::TwoPc | ProtocolName::ThreePc | ProtocolName::PaxosCommit => {
            Ok(Runner::<CommitNode>::new(scenario, journal).run())
        }
    }
}

/// Builds the simulator a scenario describes, before any event.
pub fn simulator_for<P: ScenarioProtocol>(s: &Scenario) -> Simulator<P> {
    let config = SimConfig {
        seed: s.seed,
        conditions: Conditions {
            latency: s.timing.latency,
            drop_ppm: ppm(s.drop),
            duplicate_ppm: ppm(s.duplicate),
        },
        client_retry: s.timing.client_retry,
        client_timeout: s.timing.client_timeout,
    };
    Simulator::new(s.nodes, P::config(s), config, P::initial(s))
}

struct Runner<'a, P: ScenarioProtocol> {
    scenario: &'a Scenario,
    sim: Simulator<P>,
    bound: SortedMap<String, NodeId>,
    expectations: Vec<ExpectationResult>,
    failures: Vec<String>,
    captions: Vec<(u64, String)>,
    actions: Vec<(u64, crate::protocol::Micros, Action)>,
    /// The commit protocols: each transaction begun, in order, and its participants by node bit.
    begun: Vec<(crate::protocol::RequestId, u16)>,
}

impl<'a, P: ScenarioProtocol> Runner<'a, P> {
    fn new(scenario: &'a Scenario, journal: bool) -> Self {
        let mut sim = simulator_for::<P>(scenario);
        if journal {
            sim.keep_journal();
        }
        Runner {
            scenario,
            sim,
            bound: SortedMap::new(),
            expectations: Vec::new(),
            failures: Vec::new(),
            captions: Vec::new(),
            actions: Vec::new(),
            begun: Vec::new(),
        }
    }

    fn run(mut self) -> Report {
        for (index, event) in self.scenario.events.iter().enumerate() {
            self.sim.run_until(event.at_ms * 1000);
            if let Err(reason) = self.apply(index, event) {
                self.failures.push(format!(
                    "events[{index}] ({} at {} ms): {reason}",
                    event.event.name(),
                    event.at_ms
                ));
            }
        }
        self.sim.run_until(self.scenario.run_ms * 1000);
        let violations = self.sim.violations().to_vec();
        let judged_by_expectations_only = !self.scenario.bugs.is_empty();
        // Follower reads are stale by design: a stale read is what they show, not a failure of the run. Nor
        // is a violation the scenario says it expects (a lesson that shows an assumption broken).
        let announced = |v: &Violation| {
            self.scenario
                .events
                .iter()
                .any(|e| matches!(&e.event, Event::Expect(Check::Violation { invariant }) if *invariant == v.invariant))
        };
        let expected = |v: &Violation| {
            (v.invariant == "linearizable" && self.scenario.read_path_at(v.at) == ReadPath::Follower) || announced(v)
        };
        let passed = self.failures.is_empty()
            && self.expectations.iter().all(|e| e.ok)
            && (judged_by_expectations_only || violations.iter().all(expected));
        let nodes = self
            .sim
            .nodes()
            .iter()
            .map(|slot| NodeReport {
                id: slot.id,
                up: slot.up,
                role: if slot.up { slot.node.role().name() } else { "crashed" },
                term: slot.node.term(),
                commit_index: slot.node.commit_index(),
                snapshot_index: slot.node.snapshot_index(),
                log: (1..=slot.node.log_len()).filter_map(|i| slot.node.entry(i)).collect(),
            })
            .collect();
        Report {
            title: self.scenario.title.clone(),
            protocol: self.scenario.protocol,
            seed: self.scenario.seed,
            passed,
            expectations: self.expectations,
            failures: self.failures,
            violations,
            leaders: self.sim.leaders().to_vec(),
            nodes,
            messages: self.sim.stats().clone(),
            events_processed: self.sim.events_processed(),
            sim_ms: self.sim.now() / 1000,
            captions: self.captions,
            actions: self.actions,
            trace_hash: self.sim.trace_hash(),
            journal: self.sim.journal().to_vec(),
            history: self.sim.history().clone(),
            failover: self.sim.failover().clone(),
        }
    }

    /// The node in the highest term that is leader among the up nodes.
    fn current_leader(&self) -> Option<NodeId> {
        leaders_among(&self.sim, None).last().map(|&(id, _)| id)
    }

    fn resolve(&self, selector: &Selector) -> std::result::Result<NodeId, String> {
        let n = self.sim.cluster_size();
        let (base, offset) = match selector {
            Selector::Id(id) => return Ok(*id),
            Selector::Leader(k) => (self.current_leader().ok_or("\"leader\": no node is leader")?, *k),
            Selector::Bound(name, k) => (
                *self
                    .bound
                    .get(name)
                    .ok_or_else(|| format!("\"{name}\" was never bound"))?,
                *k,
            ),
        };
        Ok((base - 1 + offset) % n + 1)
    }

    fn resolve_all(&self, selectors: &Option<Vec<Selector>>) -> std::result::Result<Option<Vec<NodeId>>, String> {
        selectors
            .as_ref()
            .map(|list| list.iter().map(|s| self.resolve(s)).collect())
            .transpose()
    }

    fn apply(&mut self, index: usize, event: &TimedEvent) -> std::result::Result<(), String> {
        let mut bound_node = None;
        let action = match &event.event {
            Event::Request { value, node } => {
                let node = node.as_ref().map(|s| self.resolve(s)).transpose()?;
                bound_node = node;
                Some(Action::Request {
                    value: value.clone(),
                    node,
                })
            }
            Event::Begin { writes } => Some(Action::Request {
                value: writes.join(" ").into(),
                node: None,
            }),
            Event::Vote { node, yes } => Some(Action::Vote {
                node: self.resolve(node)?,
                yes: *yes,
            }),
            Event::Operation { client, key, op, node } => {
                let node = node.as_ref().map(|s| self.resolve(s)).transpose()?;
                bound_node = node;
                Some(Action::Operation {
                    client: *client,
                    key: key.clone(),
                    op: op.clone(),
                    node,
                })
            }
            Event::Crash { node } => Some(Action::Crash(self.resolve(node)?)),
            Event::Restart { node } => Some(Action::Restart(self.resolve(node)?)),
            Event::Disconnect { node } => Some(Action::Disconnect(self.resolve(node)?)),
            Event::Connect { node } => Some(Action::Connect(self.resolve(node)?)),
            Event::Timeout { node } => Some(Action::Timeout(self.resolve(node)?)),
            Event::TransferLeader { node } => Some(Action::TransferLeader(self.resolve(node)?)),
            Event::Cut { from, to, oneway } | Event::Restore { from, to, oneway } => {
                let (from, to) = (self.resolve(from)?, self.resolve(to)?);
                if from == to {
                    return Err(format!("from and to both resolved to S{from}"));
                }
                let oneway = *oneway;
                Some(if matches!(event.event, Event::Cut { .. }) {
                    Action::Cut { from, to, oneway }
                } else {
                    Action::Restore { from, to, oneway }
                })
            }
            Event::Partition { groups } => Some(Action::Partition(
                groups
                    .iter()
                    .map(|g| g.iter().map(|s| self.resolve(s)).collect())
                    .collect::<std::result::Result<_, _>>()?,
            )),
            Event::Heal => Some(Action::Heal),
            Event::Set {
                drop,
                duplicate,
                latency,
            } => Some(Action::SetNetwork {
                drop_ppm: drop.map(ppm),
                duplicate_ppm: duplicate.map(ppm),
                latency: *latency,
            }),
            Event::Pause {
                node,
                for_ms,
                clock_stops,
            } => Some(Action::Pause {
                node: self.resolve(node)?,
                for_us: for_ms * 1000,
                clock_stops: *clock_stops,
            }),
            Event::ReadPath(path) => Some(Action::SetReadPath(*path)),
            Event::SnapshotEvery(every) => Some(Action::SetSnapshotEvery(*every)),
            Event::Detector(detector) => Some(Action::SetDetector(*detector)),
            Event::Drift { node, drift } => Some(Action::SetDrift {
                node: self.resolve(node)?,
                drift_ppm: (drift * 1e6).round() as i64,
            }),
            Event::Caption { text, .. } => {
                self.captions.push((event.at_ms, text.clone()));
                None
            }
            Event::Expect(check) => {
                let (ok, detail, leader) = self.judge(check)?;
                bound_node = leader;
                self.expectations.push(ExpectationResult {
                    index,
                    at_ms: event.at_ms,
                    check: check.name(),
                    ok,
                    detail,
                });
                None
            }
        };
        if let Some(action) = &action {
            bound_node = bound_node.or(match action {
                Action::Crash(id)
                | Action::Restart(id)
                | Action::Disconnect(id)
                | Action::Connect(id)
                | Action::Timeout(id)
                | Action::TransferLeader(id) => Some(*id),
                _ => None,
            });
            if let (true, Action::Request { value, .. }) = (self.scenario.protocol.is_commit(), action) {
                self.begin(value);
            }
            self.sim.apply(action);
            self.actions
                .push((self.sim.events_processed(), self.sim.now(), action.clone()));
        }
        if let (Some(name), Some(node)) = (&event.bind, bound_node) {
            self.bound.insert(name.clone(), node);
        }
        Ok(())
    }

    /// Notes a transaction about to begin: its request id and participants.
    fn begin(&mut self, text: &str) {
        let config = CommitNode::config(self.scenario);
        let participants = crate::commit::txn::parse(text, config.participants(self.scenario.nodes))
            .map_or(0, |writes| config.participants_of(&writes));
        self.begun.push((self.sim.next_request_id(), participants));
    }

    /// The transactions a check names: the `txn`-th begun, or all of them.
    fn transactions(&self, txn: Option<u64>) -> std::result::Result<Vec<(crate::protocol::RequestId, u16)>, String> {
        match txn {
            None => Ok(self.begun.clone()),
            Some(k) => match self.begun.get(k as usize - 1) {
                Some(&t) => Ok(vec![t]),
                None => Err(format!("transaction {k} has not begun ({} so far)", self.begun.len())),
            },
        }
    }

    /// What every participant of `txn` holds: (node, its state, if it has heard of the transaction).
    fn states_of(&self, txn: crate::protocol::RequestId, participants: u16) -> Vec<(NodeId, Option<TxnView>)> {
        self.sim
            .nodes()
            .iter()
            .filter(|s| participants & (1 << s.id) != 0)
            .map(|s| (s.id, s.node.transactions().into_iter().find(|t| t.txn == txn)))
            .collect()
    }

    /// Judges the commit protocols' checks.
    fn judge_commit(&self, check: &Check) -> std::result::Result<(bool, String), String> {
        let state_name = |v: &Option<TxnView>| v.as_ref().map_or("never heard of it", |v| v.state.name());
        Ok(match check {
            Check::Decided { txn, outcome } => {
                let mut holds = true;
                let mut seen = Vec::new();
                for (t, participants) in self.transactions(*txn)? {
                    let states = self.states_of(t, participants);
                    let each: Vec<String> = states
                        .iter()
                        .map(|(id, v)| format!("S{id} {}", state_name(v)))
                        .collect();
                    // A participant that never heard of an aborted transaction has nothing to undo: it is
                    // decided for it. A commit needs every participant's yes, so every one heard of it.
                    let heard: Vec<Option<bool>> = states
                        .iter()
                        .filter_map(|(_, v)| v.as_ref().map(|v| v.state.outcome()))
                        .collect();
                    let agreed = heard.first().copied().unwrap_or(Some(false));
                    let decided = heard.iter().all(|o| o.is_some() && *o == agreed)
                        && (agreed != Some(true) || heard.len() == states.len())
                        && outcome.is_none_or(|want| agreed == Some(want));
                    holds &= decided;
                    seen.push(format!("T{t}: {}", each.join(", ")));
                }
                if seen.is_empty() {
                    return Err("no transaction has begun".into());
                }
                (holds, seen.join("; "))
            }
            Check::InDoubt { txn, at_least } => {
                let mut blocked = Vec::new();
                for (t, participants) in self.transactions(*txn)? {
                    for (id, v) in self.states_of(t, participants) {
                        if v.is_some_and(|v| v.state.in_doubt()) {
                            blocked.push(format!("S{id} about T{t}"));
                        }
                    }
                }
                let detail = if blocked.is_empty() {
                    "no participant is in doubt".to_string()
                } else {
                    format!("in doubt: {}", blocked.join(", "))
                };
                (blocked.len() >= *at_least as usize, detail)
            }
            _ => {
                let mut split = Vec::new();
                for (t, participants) in self.transactions(None)? {
                    let states = self.states_of(t, participants);
                    let has = |o: bool| {
                        states
                            .iter()
                            .any(|(_, v)| v.as_ref().and_then(|v| v.state.outcome()) == Some(o))
                    };
                    if has(true) && has(false) {
                        split.push(format!("T{t}"));
                    }
                }
                match split.is_empty() {
                    true => (
                        true,
                        "no transaction committed at one participant and aborted at another".into(),
                    ),
                    false => (
                        false,
                        format!(
                            "committed at some participants and aborted at others: {}",
                            split.join(", ")
                        ),
                    ),
                }
            }
        })
    }

    /// Judges an expectation: (holds, what was seen, the leader it found if any).
    fn judge(&self, check: &Check) -> std::result::Result<(bool, String, Option<NodeId>), String> {
        let sim = &self.sim;
        let up_among = |among: &Option<Vec<Selector>>| -> std::result::Result<Vec<NodeId>, String> {
            Ok(match self.resolve_all(among)? {
                Some(ids) => ids,
                None => sim.nodes().iter().filter(|s| s.up).map(|s| s.id).collect(),
            })
        };
        Ok(match check {
            Check::Decided { .. } | Check::InDoubt { .. } | Check::Atomic => {
                let (holds, detail) = self.judge_commit(check)?;
                (holds, detail, None)
            }
            Check::FalseSuspicions { .. } | Check::DetectedWithin { .. } => {
                let (holds, detail) = judge_detection(sim.failover(), sim.now(), check);
                (holds, detail, None)
            }
            Check::OneLeader { among, is } => {
                let among = up_among(among)?;
                let leaders = leaders_among(sim, Some(&among));
                let Some(&(_, top)) = leaders.last() else {
                    return Ok((false, format!("no leader among {}", names(&among)), None));
                };
                let in_top: Vec<NodeId> = leaders.iter().filter(|(_, t)| *t == top).map(|(id, _)| *id).collect();
                if in_top.len() > 1 {
                    return Ok((false, format!("{} all lead term {top}", names(&in_top)), None));
                }
                let leader = in_top[0];
                match is.as_ref().map(|s| self.resolve(s)).transpose()? {
                    Some(expected) if expected != leader => (
                        false,
                        format!("S{leader} leads term {top}, not S{expected}"),
                        Some(leader),
                    ),
                    _ => (true, format!("S{leader} leads term {top}"), Some(leader)),
                }
            }
            Check::NoLeader { among } => {
                let among = up_among(among)?;
                let leaders = leaders_among(sim, Some(&among));
                match leaders.last() {
                    None => (true, format!("no leader among {}", names(&among)), None),
                    Some(&(id, term)) => (false, format!("S{id} leads term {term}"), None),
                }
            }
            Check::SameTerm { among } => {
                let among = up_among(among)?;
                let terms: Vec<u64> = among.iter().map(|&id| sim.node(id).node.term()).collect();
                let same = terms.windows(2).all(|w| w[0] == w[1]);
                let detail = among
                    .iter()
                    .zip(&terms)
                    .map(|(id, t)| format!("S{id}: term {t}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                (same, detail, None)
            }
            Check::Committed { value, at_least, index } => {
                let holders: Vec<NodeId> = sim
                    .nodes()
                    .iter()
                    .filter(|s| match value {
                        Some(v) => committed_index_of(sim, &s.node, v, *index).is_some(),
                        None => index.is_some_and(|i| s.node.commit_index() >= i),
                    })
                    .map(|s| s.id)
                    .collect();
                let ok = holders.len() >= *at_least as usize;
                let place = index.map_or(String::new(), |i| format!(" at index {i}"));
                let value = value.as_ref().map_or("anything".to_string(), |v| format!("\"{v}\""));
                (
                    ok,
                    format!(
                        "{} of {} nodes committed {value}{place} ({}), expected at least {at_least}",
                        holders.len(),
                        sim.cluster_size(),
                        if holders.is_empty() {
                            "none".to_string()
                        } else {
                            names(&holders)
                        }
                    ),
                    None,
                )
            }
            Check::NotCommitted { value, index } => {
                let holders: Vec<NodeId> = sim
                    .nodes()
                    .iter()
                    .filter(|s| match value {
                        Some(v) => committed_index_of(sim, &s.node, v, *index).is_some(),
                        None => index.is_some_and(|i| s.node.commit_index() >= i),
                    })
                    .map(|s| s.id)
                    .collect();
                let what = match (value, index) {
                    (Some(v), Some(i)) => format!("\"{v}\" at index {i}"),
                    (Some(v), None) => format!("\"{v}\""),
                    (None, Some(i)) => format!("anything at index {i}"),
                    (None, None) => String::new(),
                };
                if holders.is_empty() {
                    (true, format!("no node committed {what}"), None)
                } else {
                    (false, format!("{} committed {what}", names(&holders)), None)
                }
            }
            Check::LogsMatch { among } => {
                let among = up_among(among)?;
                // Raft entries match by term and value. A Paxos value may be chosen again in a later ballot, so
                // learners can know it by different rounds: only the values must match.
                let by_value = self.scenario.protocol != ProtocolName::Raft;
                // Entries compacted into a snapshot are compared no more: the safety checks compared each
                // snapshot with the committed log when it was taken or installed.
                let compacted = among
                    .iter()
                    .map(|&id| sim.node(id).node.snapshot_index())
                    .max()
                    .unwrap_or(0);
                let committed = |id: NodeId| -> Vec<crate::protocol::EntryView> {
                    let n = &sim.node(id).node;
                    (compacted + 1..=n.commit_index())
                        .filter_map(|i| n.entry(i))
                        .map(|e| if by_value { EntryView { term: 0, ..e } } else { e })
                        .collect()
                };
                let first = among.first().map(|&id| committed(id)).unwrap_or_default();
                let differing: Vec<NodeId> = among.iter().copied().filter(|&id| committed(id) != first).collect();
                if differing.is_empty() {
                    (
                        true,
                        format!(
                            "{} agree on {} committed entries",
                            names(&among),
                            compacted + first.len() as u64
                        ),
                        None,
                    )
                } else {
                    let lens = among
                        .iter()
                        .map(|&id| format!("S{id}: {}", sim.node(id).node.commit_index()))
                        .collect::<Vec<_>>()
                        .join(", ");
                    (false, format!("committed logs differ (commit index {lens})"), None)
                }
            }
            Check::Snapshot { among, at_least } => {
                let among = up_among(among)?;
                let short: Vec<NodeId> = among
                    .iter()
                    .copied()
                    .filter(|&id| sim.node(id).node.snapshot_index() < *at_least)
                    .collect();
                let through = among
                    .iter()
                    .map(|&id| format!("S{id} through {}", sim.node(id).node.snapshot_index()))
                    .collect::<Vec<_>>()
                    .join(", ");
                (short.is_empty(), format!("snapshots: {through}"), None)
            }
            Check::TermAtLeast { term } => {
                let top = sim
                    .nodes()
                    .iter()
                    .filter(|s| s.up)
                    .map(|s| s.node.term())
                    .max()
                    .unwrap_or(0);
                (top >= *term, format!("highest term among up nodes is {top}"), None)
            }
            Check::NoViolation => match sim.violations().first() {
                None => (true, "no invariant violated so far".to_string(), None),
                Some(v) => (
                    false,
                    format!("{} at {} ms: {}", v.invariant, v.at / 1000, v.detail),
                    None,
                ),
            },
            Check::Violation { invariant } => match sim.violations().iter().find(|v| v.invariant == invariant) {
                Some(v) => (
                    true,
                    format!("{} at {} ms: {}", v.invariant, v.at / 1000, v.detail),
                    None,
                ),
                None => (false, format!("{invariant} has not been violated"), None),
            },
            Check::Linearizable => {
                let history = sim.history();
                match crate::linearizability::check(history) {
                    Ok(()) => (
                        true,
                        format!("the {} operations so far are linearizable", history.operations.len()),
                        None,
                    ),
                    Err(found) => (false, found.detail, None),
                }
            }
            Check::ClientOutcomes { client, ok, fail, info } => {
                let mut counts = [0u64; 3];
                for op in sim.history().operations.iter().filter(|o| o.client == *client) {
                    let returned = op.return_us.is_some();
                    match op.outcome {
                        Outcome::Ok => counts[0] += 1,
                        Outcome::Fail => counts[1] += 1,
                        Outcome::Info if returned => counts[2] += 1,
                        Outcome::Info => {} // still outstanding
                    }
                }
                let holds = [*ok, *fail, *info]
                    .iter()
                    .zip(counts)
                    .all(|(expected, got)| expected.is_none_or(|e| e == got));
                (
                    holds,
                    format!(
                        "C{client}: {} ok, {} failed, {} unknown (info)",
                        counts[0], counts[1], counts[2]
                    ),
                    None,
                )
            }
        })
    }
}

/// (id, term) of every up node that is leader, among `among` (or all), sorted by term then id.
fn leaders_among<P: Protocol>(sim: &Simulator<P>, among: Option<&[NodeId]>) -> Vec<(NodeId, u64)> {
    let mut leaders: Vec<(NodeId, u64)> = sim
        .nodes()
        .iter()
        .filter(|s| s.up && s.node.role() == Role::Leader)
        .filter(|s| among.is_none_or(|ids| ids.contains(&s.id)))
        .map(|s| (s.id, s.node.term()))
        .collect();
    leaders.sort_by_key(|&(id, term)| (term, id));
    leaders
}

/// The index at which `node` has committed `value` (at `index` if given).
/// Where `node` committed `value` (at `index`, if given). An entry compacted into its snapshot held what was
/// applied there.
fn committed_index_of<P: Protocol>(sim: &Simulator<P>, node: &P, value: &str, index: Option<u64>) -> Option<u64> {
    let holds = |i: u64| match node.entry(i) {
        Some(e) => e.value.as_deref() == Some(value),
        None => i <= node.snapshot_index() && sim.applied_value(i).flatten().map(|v| &**v) == Some(value),
    };
    match index {
        Some(i) => (i <= node.commit_index() && holds(i)).then_some(i),
        None => (1..=node.commit_index()).find(|&i| holds(i)),
    }
}

fn names(ids: &[NodeId]) -> String {
    ids.iter().map(|id| format!("S{id}")).collect::<Vec<_>>().join(", ")
}

/// Judges `false-suspicions` and `detected-within` against the failovers measured so far.
fn judge_detection(failover: &crate::sim::Failover, now: Micros, check: &Check) -> (bool, String) {
    match check {
        Check::FalseSuspicions { at_most, at_least } => {
            let n = failover.false_suspicions;
            let holds = at_most.is_none_or(|m| n <= m) && at_least.is_none_or(|l| n >= l);
            let recent: Vec<String> = failover
                .suspicions
                .iter()
                .filter(|s| s.false_suspicion)
                .take(3)
                .map(|s| format!("S{} of S{} at {}", s.by, s.of, fmt_ms(s.at)))
                .collect();
            let bounds = match (at_most, at_least) {
                (Some(m), Some(l)) => format!("expected {l} to {m}"),
                (Some(m), None) => format!("expected at most {m}"),
                (None, Some(l)) => format!("expected at least {l}"),
                (None, None) => String::new(),
            };
            let first = if recent.is_empty() {
                String::new()
            } else {
                format!(" ({}{})", recent.join(", "), if n > 3 { ", …" } else { "" })
            };
            (holds, format!("{n} false suspicions so far{first}, {bounds}"))
        }
        Check::DetectedWithin { within_ms } => {
            let Some(crash) = failover.crashes.back() else {
                return (false, "no leader has crashed yet".to_string());
            };
            match crash.suspected {
                Some(at) => {
                    let took = at - crash.at;
                    (
                        took <= within_ms * 1000,
                        format!(
                            "S{}'s crash at {} was first suspected {} later, expected within {within_ms}ms",
                            crash.leader,
                            fmt_ms(crash.at),
                            fmt_ms(took)
                        ),
                    )
                }
                None => (
                    false,
                    format!(
                        "S{} crashed at {} and nobody has suspected it in the {} since",
                        crash.leader,
                        fmt_ms(crash.at),
                        fmt_ms(now - crash.at)
                    ),
                ),
            }
        }
        _ => unreachable!("only detection checks"),
    }
}
