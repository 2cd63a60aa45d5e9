//! Writing a scenario back out as a version 1 document, through the same types that read one, so fuzz
//! failures and sessions become files that read back as the same scenario.

use serde::Serialize;

use super::document::{self, Document, Version};
use super::fields::{Bounded, List, MsRange, Number, Object, Probability, Raw, Text, Whole};
use super::*;

/// Any value the writer has in hand, as a field kept as written.
fn raw(value: impl Serialize) -> Raw {
    Raw::of(serde_json::to_string(&value).expect("plain values serialize"))
}

fn selector(s: &Selector) -> serde_json::Value {
    match s {
        Selector::Id(id) => (*id).into(),
        Selector::Leader(0) => "leader".into(),
        Selector::Leader(k) => format!("leader+{k}").into(),
        Selector::Bound(name, 0) => name.clone().into(),
        Selector::Bound(name, k) => format!("{name}+{k}").into(),
    }
}

fn selectors(list: &[Selector]) -> Vec<serde_json::Value> {
    list.iter().map(selector).collect()
}

fn ms_range<const MIN: u64>((min, max): (Micros, Micros)) -> MsRange<MIN> {
    MsRange(min / 1000, max / 1000)
}

/// A failure detector as option `detector` and a `set` event write it: its kind alone when it has no
/// settings, else in full.
fn detector_spec(detector: &crate::protocol::DetectorSetting) -> serde_json::Value {
    let spec = match (detector.phi, detector.election_timeout) {
        (None, None) => return "fixed".into(),
        (None, Some(range)) => document::DetectorSpec {
            kind: Text("fixed".into()),
            timeout_ms: Some(ms_range(range)),
            ..Default::default()
        },
        (Some(phi), range) => document::DetectorSpec {
            kind: Text("phi".into()),
            timeout_ms: range.map(ms_range),
            threshold: Some(super::fields::Threshold(phi.threshold_milli)),
            window: Some(Whole(phi.window as u64)),
            min_std_ms: Some(Whole(phi.min_std / 1000)),
            acceptable_pause_ms: Some(Whole(phi.acceptable_pause / 1000)),
            model: Some(Text(phi.model.name().into())),
        },
    };
    serde_json::to_value(spec).expect("a detector serializes")
}

impl Scenario {
    /// The scenario as a document, with every default written out, so a reader sees what runs.
    pub fn to_document(&self) -> Document {
        let t = &self.timing;
        let names = self.protocol.names();
        let mut options: Vec<(String, Raw)> = crate::protocol::switches(names.options, &self.options)
            .map(|(name, on)| (name.to_string(), raw(on)))
            .collect();
        if self.read_path != ReadPath::Log {
            options.push(("read_path".to_string(), raw(self.read_path.name())));
        }
        if self.protocol == super::ProtocolName::PaxosCommit {
            options.push(("fault_tolerance".to_string(), raw(self.fault_tolerance)));
        }
        if let Some(phi) = self.detector {
            let detector = crate::protocol::DetectorSetting {
                phi: Some(phi),
                election_timeout: None,
            };
            options.push(("detector".to_string(), raw(detector_spec(&detector))));
        }
        if self.snapshot_every > 0 {
            options.push(("snapshot_every".to_string(), raw(self.snapshot_every)));
        }
        let options = (!options.is_empty()).then_some(document::Options(options));
        Document {
            schema: None,
            version: Version::default(),
            title: self.title.clone().map(Text),
            description: self.description.clone().map(Text),
            protocol: Text(self.protocol.name().to_string()),
            nodes: Whole(self.nodes as u64),
            seed: Some(Whole(self.seed)),
            timing: Some(Object(document::Timing {
                latency_ms: Some(ms_range(t.latency)),
                election_timeout_ms: Some(ms_range(t.election_timeout)),
                heartbeat_ms: Some(Whole(t.heartbeat / 1000)),
                client_retry_ms: Some(Whole(t.client_retry / 1000)),
                client_timeout_ms: (t.client_timeout != Timing::default().client_timeout)
                    .then_some(Whole(t.client_timeout / 1000)),
            })),
            network: Some(Object(document::Network {
                drop: Some(Probability(self.drop)),
                duplicate: Some(Probability(self.duplicate)),
            })),
            options,
            bugs: Some(List(self.bugs.iter().cloned().map(Text).collect())),
            initial: (!self.initial.is_empty()).then(|| {
                List(
                    self.initial
                        .iter()
                        .map(|i| {
                            Object(document::Initial {
                                node: Number(i.node.to_string()),
                                term: Some(Whole(i.term)),
                                log: Some(List(i.log.iter().map(|&t| Whole(t)).collect())),
                            })
                        })
                        .collect(),
                )
            }),
            events: Some(Bounded(self.events.iter().map(|e| Object(event(e))).collect())),
            // A plain cluster has no end (0), which a file cannot say: it leaves run_ms out.
            run_ms: (self.run_ms > 0).then_some(Whole(self.run_ms)),
        }
    }

    /// The scenario as one line of JSON (a permalink carries it).
    pub fn to_text(&self) -> String {
        serde_json::to_string(&self.to_document()).expect("a document serializes")
    }

    /// The scenario as a file a person reads and edits.
    pub fn to_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_document()).expect("a document serializes") + "\n"
    }
}

fn event(e: &TimedEvent) -> document::Event {
    let mut doc = document::Event {
        at_ms: Some(raw(e.at_ms)),
        verb: Some(raw(e.event.name())),
        bind: e.bind.as_ref().map(raw),
        ..Default::default()
    };
    match &e.event {
        Event::Request { value, node } => {
            doc.value = Some(raw(&**value));
            doc.node = node.as_ref().map(|n| raw(selector(n)));
        }
        Event::Operation { client, key, op, node } => {
            doc.client = Some(raw(client));
            doc.key = Some(raw(key));
            match op {
                Op::Get => {}
                Op::Put(value) | Op::Append(value) => doc.value = Some(raw(value)),
                Op::Cas { from, to } => {
                    doc.from = Some(raw(from));
                    doc.to = Some(raw(to));
                }
            }
            doc.node = node.as_ref().map(|n| raw(selector(n)));
        }
        Event::Crash { node }
        | Event::Restart { node }
        | Event::Disconnect { node }
        | Event::Connect { node }
        | Event::Timeout { node }
        | Event::TransferLeader { node } => doc.node = Some(raw(selector(node))),
        Event::Cut { from, to, oneway } | Event::Restore { from, to, oneway } => {
            doc.from = Some(raw(selector(from)));
            doc.to = Some(raw(selector(to)));
            doc.oneway = oneway.then(|| raw(true));
        }
        Event::Partition { groups } => {
            doc.groups = Some(raw(groups.iter().map(|g| selectors(g)).collect::<Vec<_>>()));
        }
        Event::Heal => {}
        Event::Set {
            drop,
            duplicate,
            latency,
        } => {
            doc.drop = drop.map(raw);
            doc.duplicate = duplicate.map(raw);
            doc.latency_ms = latency.map(|l| raw(ms_range::<0>(l)));
        }
        Event::Pause {
            node,
            for_ms,
            clock_stops,
        } => {
            doc.node = Some(raw(selector(node)));
            doc.for_ms = Some(raw(for_ms));
            doc.clock_stops = clock_stops.then(|| raw(true));
        }
        Event::ReadPath(path) => doc.read_path = Some(raw(path.name())),
        Event::SnapshotEvery(every) => doc.snapshot_every = Some(raw(every)),
        Event::Detector(detector) => doc.detector = Some(raw(detector_spec(detector))),
        Event::Begin { writes } => doc.writes = Some(raw(writes)),
        Event::Vote { node, yes } => {
            doc.node = Some(raw(selector(node)));
            doc.vote = Some(raw(if *yes { "yes" } else { "no" }));
        }
        Event::Drift { node, drift } => {
            doc.node = Some(raw(selector(node)));
            doc.drift = Some(raw(drift));
        }
        Event::Caption { text, pause, quiz } => {
            doc.text = Some(raw(text));
            doc.pause = pause.then(|| raw(true));
            doc.quiz = quiz.as_ref().map(|q| {
                raw(document::Quiz {
                    choices: List(q.choices.iter().cloned().map(Text).collect()),
                    answer: Number(q.answer.to_string()),
                    explain: Text(q.explain.clone()),
                })
            });
        }
        Event::Expect(check) => {
            doc.check = Some(raw(check.name()));
            let among = |among: &Option<Vec<Selector>>| among.as_ref().map(|a| raw(selectors(a)));
            match check {
                Check::OneLeader { among: a, is } => {
                    doc.among = among(a);
                    doc.is = is.as_ref().map(|s| raw(selector(s)));
                }
                Check::NoLeader { among: a } | Check::SameTerm { among: a } | Check::LogsMatch { among: a } => {
                    doc.among = among(a)
                }
                Check::Committed { value, at_least, index } => {
                    doc.value = value.as_deref().map(raw);
                    doc.at_least = Some(raw(at_least));
                    doc.index = index.map(raw);
                }
                Check::NotCommitted { value, index } => {
                    doc.value = value.as_deref().map(raw);
                    doc.index = index.map(raw);
                }
                Check::TermAtLeast { term } => doc.term = Some(raw(term)),
                Check::Snapshot { among: a, at_least } => {
                    doc.among = among(a);
                    doc.at_least = Some(raw(at_least));
                }
                Check::NoViolation => {}
                Check::Violation { invariant } => doc.invariant = Some(raw(invariant)),
                Check::Linearizable => {}
                Check::ClientOutcomes { client, ok, fail, info } => {
                    doc.client = Some(raw(client));
                    doc.ok = ok.map(raw);
                    doc.fail = fail.map(raw);
                    doc.info = info.map(raw);
                }
                Check::Decided { txn, outcome } => {
                    doc.txn = txn.map(raw);
                    doc.outcome = outcome.map(|c| raw(if c { "commit" } else { "abort" }));
                }
                Check::InDoubt { txn, at_least } => {
                    doc.txn = txn.map(raw);
                    doc.at_least = (*at_least != 1).then(|| raw(at_least));
                }
                Check::Atomic => {}
                Check::FalseSuspicions { at_most, at_least } => {
                    doc.at_most = at_most.map(raw);
                    doc.at_least = at_least.map(raw);
                }
                Check::DetectedWithin { within_ms } => doc.within_ms = Some(raw(within_ms)),
            }
        }
    }
    doc
}
