//! The history panel's view of what the clients saw, in the manner of Porcupine's visualizer: one row per
//! client, one bar per operation from call to return, the linearization the checker found (or, on a violation,
//! the longest linearizable prefix and the operation that cannot be placed), and what each client got.

use std::rc::Rc;

use consensus_sim::history::{Answer, History, Op, Operation, Outcome};
use consensus_sim::linearizability::{linearize, NotLinearizable, Placed};
use consensus_sim::Action;

use crate::model::availability;
use crate::model::lab::Lab;

/// How many configurations per key the panel's check may try before it calls the history undecided: the
/// run's own live check has a smaller budget; a history opened from a file may be large.
const BUDGET: usize = 2_000_000;

/// The requester's requests are clients from this number on (`100 + request id`), and so are its rows.
const REQUESTER_ROWS: u64 = 100;

/// How an operation ended, as its bar is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Ok,
    /// Took no effect.
    Fail,
    /// Its client gave up: it may or may not take effect.
    Info,
    /// Still outstanding.
    Pending,
}

/// One operation's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Its index in the history.
    pub op: usize,
    pub call: u64,
    /// When it returned, or its client gave up; None while outstanding (and for info in some files).
    pub ret: Option<u64>,
    pub ended: Ended,
    /// "put x=1", "get x → 1".
    pub label: String,
    /// The node that answered, where known.
    pub node: Option<u8>,
    /// Where the linearization places it, and what its key held before and after.
    pub point: Option<Placed>,
    /// In the longest linearizable prefix of a history that is not linearizable.
    pub in_prefix: bool,
    /// The operation that cannot be placed.
    pub culprit: bool,
}

/// One client's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub client: u64,
    pub bars: Vec<Bar>,
}

/// What the checker says of the whole history.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Empty,
    Linearizable,
    NotLinearizable(NotLinearizable),
    /// Over the budget: neither proved nor refuted.
    Undecided,
}

/// The history, checked, as the panel draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryView {
    /// The history itself, as checked.
    pub history: History,
    pub rows: Vec<Row>,
    pub verdict: Verdict,
    /// Each key's linearization points, in order: (key, operation indexes).
    pub chains: Vec<(String, Vec<usize>)>,
    /// Every instant a bar starts or ends, or a point is placed, in order: the panel spaces them evenly
    /// (Porcupine's compressed time), so that a burst of short operations is as legible as a long wait.
    pub instants: Vec<u64>,
}

impl HistoryView {
    /// Checks `history` and lays it out. In a `live` run an operation that has not returned is still
    /// waiting; in a file it is one whose client never heard back.
    pub fn of(history: &History, live: bool) -> HistoryView {
        let ops = &history.operations;
        let found = if ops.is_empty() {
            Some(Ok(Vec::new()))
        } else {
            linearize(history, Some(BUDGET))
        };
        let (verdict, points) = match found {
            _ if ops.is_empty() => (Verdict::Empty, Vec::new()),
            None => (Verdict::Undecided, Vec::new()),
            Some(Ok(points)) => (Verdict::Linearizable, points),
            Some(Err(why)) => (Verdict::NotLinearizable(why), Vec::new()),
        };
        let (prefix, culprit) = match &verdict {
            Verdict::NotLinearizable(why) => (why.prefix.clone(), Some(why.operation)),
            _ => (Vec::new(), None),
        };
        let mut rows: Vec<Row> = Vec::new();
        // The requester's requests are each a client of their own in the history (it may have several
        // outstanding); on screen they share as few rows as they can, R0, R1, …, each free when its last ended.
        let mut lanes: Vec<u64> = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let bar = Bar {
                op: i,
                call: op.call_us,
                ret: op.return_us,
                ended: ended(op, live),
                label: label(op),
                node: op.node.and_then(|n| u8::try_from(n).ok()),
                point: points.iter().find(|p| p.operation == i).cloned(),
                in_prefix: prefix.contains(&i),
                culprit: culprit == Some(i),
            };
            // (A file's clients are its own, whatever their numbers.)
            let client = if live && op.client >= REQUESTER_ROWS {
                let ends = op.return_us.unwrap_or(u64::MAX);
                let lane = match lanes.iter().position(|&free| free < op.call_us) {
                    Some(lane) => lane,
                    None => {
                        lanes.push(0);
                        lanes.len() - 1
                    }
                };
                lanes[lane] = ends;
                REQUESTER_ROWS + lane as u64
            } else {
                op.client
            };
            match rows.iter_mut().find(|r| r.client == client) {
                Some(row) => row.bars.push(bar),
                None => rows.push(Row {
                    client,
                    bars: vec![bar],
                }),
            }
        }
        rows.sort_by_key(|r| r.client);
        let mut chains: Vec<(String, Vec<usize>)> = Vec::new();
        for p in &points {
            let key = &ops[p.operation].key;
            match chains.iter_mut().find(|(k, _)| k == key) {
                Some((_, chain)) => chain.push(p.operation),
                None => chains.push((key.clone(), vec![p.operation])),
            }
        }
        let mut instants: Vec<u64> = ops
            .iter()
            .flat_map(|op| [Some(op.call_us), op.return_us])
            .flatten()
            .chain(points.iter().map(|p| p.at_us))
            .collect();
        instants.sort_unstable();
        instants.dedup();
        HistoryView {
            history: history.clone(),
            rows,
            verdict,
            chains,
            instants,
        }
    }

    /// The bar of operation `op`.
    pub fn bar(&self, op: usize) -> Option<&Bar> {
        self.rows.iter().flat_map(|r| r.bars.iter()).find(|b| b.op == op)
    }
}

fn ended(op: &Operation, live: bool) -> Ended {
    match (op.outcome, op.return_us) {
        (Outcome::Ok, _) => Ended::Ok,
        (Outcome::Fail, _) => Ended::Fail,
        (Outcome::Info, None) if live => Ended::Pending,
        (Outcome::Info, _) => Ended::Info,
    }
}

/// A value as the panel writes it: quoted only where it would otherwise be unclear.
pub fn shown(value: &Option<String>) -> String {
    match value {
        None => "∅".to_string(),
        Some(v) if v.is_empty() || v.contains(' ') => format!("\"{v}\""),
        Some(v) => v.clone(),
    }
}

/// The operation as its bar is labelled: what was asked, and what came back.
pub fn label(op: &Operation) -> String {
    let key = &op.key;
    let asked = match &op.op {
        Op::Get => format!("get {key}"),
        Op::Put(v) => format!("put {key}={v}"),
        Op::Append(v) => format!("append {key}+={v}"),
        Op::Cas { from, to } => format!("cas {key} {from}→{to}"),
    };
    match &op.answer {
        Some(Answer::Read(read)) => format!("{asked} → {}", shown(read)),
        Some(Answer::Swapped(true)) => format!("{asked} ✓"),
        Some(Answer::Swapped(false)) => format!("{asked} ✗"),
        None => asked,
    }
}

/// A client's name: C1..C5, the requester's requests (numbered from 100), or a file's client number.
pub fn client_name(client: u64) -> String {
    match client {
        1..=5 => format!("C{client}"),
        REQUESTER_ROWS.. => format!("R{}", client - REQUESTER_ROWS),
        _ => format!("c{client}"),
    }
}

/// A row's name: a client's, or for the requester's rows in a run, "R" and the row.
pub fn row_name(client: u64, live: bool) -> String {
    match client {
        REQUESTER_ROWS.. if live => format!("R·{}", client - REQUESTER_ROWS + 1),
        _ => client_name(client),
    }
}

/// Something that happened to the cluster, on the panel's row of faults.
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    pub at: u64,
    pub kind: FaultKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    Crash,
    Restart,
    Network,
    Heal,
    Clock,
    Leader,
    /// Not a fault: the read path switched, which changes what a partition costs the clients.
    ReadPath,
}

/// The faults among `actions` (each at its time), and the leader changes, in time order.
pub fn faults<'a>(
    actions: impl Iterator<Item = (u64, &'a Action)>,
    leaders: &[consensus_sim::LeaderChange],
) -> Vec<Fault> {
    let mut faults: Vec<Fault> = actions
        .filter_map(|(at, action)| {
            let (kind, text) = match action {
                Action::Crash(n) => (FaultKind::Crash, format!("S{n} crashed")),
                Action::Restart(n) => (FaultKind::Restart, format!("S{n} restarted")),
                Action::Disconnect(n) => (FaultKind::Network, format!("S{n} disconnected")),
                Action::Connect(n) => (FaultKind::Heal, format!("S{n} reconnected")),
                Action::Cut { from, to, .. } => (FaultKind::Network, format!("link S{from}→S{to} cut")),
                Action::Restore { from, to, .. } => (FaultKind::Heal, format!("link S{from}→S{to} restored")),
                Action::Partition(groups) => (FaultKind::Network, partition_text(groups)),
                Action::Heal => (FaultKind::Heal, "network healed".to_string()),
                Action::Pause {
                    node,
                    for_us,
                    clock_stops,
                } => (
                    FaultKind::Clock,
                    format!(
                        "S{node} paused for {} ms{}",
                        for_us / 1000,
                        if *clock_stops { ", its clock stopped" } else { "" }
                    ),
                ),
                Action::SetDrift { node, drift_ppm } => (
                    FaultKind::Clock,
                    format!("S{node}'s clock drifts {:+}%", drift_ppm / 10_000),
                ),
                Action::SetReadPath(path) => (FaultKind::ReadPath, format!("gets read by {}", path.name())),
                _ => return None,
            };
            Some(Fault { at, kind, text })
        })
        .chain(leaders.iter().map(|l| Fault {
            at: l.at,
            kind: FaultKind::Leader,
            text: format!("S{} leader in term {}", l.node, l.term),
        }))
        .collect();
    faults.sort_by_key(|f| f.at);
    faults
}

fn partition_text(groups: &[Vec<u8>]) -> String {
    let named: Vec<String> = groups
        .iter()
        .map(|g| g.iter().map(|n| format!("S{n}")).collect::<Vec<_>>().join(" "))
        .collect();
    format!("partitioned {{{}}}", named.join("} | {"))
}

impl Lab {
    /// The run's history, checked and laid out, rebuilt only when an operation was called or ended since.
    pub fn history_view(&mut self) -> Rc<HistoryView> {
        let signature = self.sim.history_progress();
        if let Some((seen, view)) = &self.cache.history {
            if *seen == signature {
                return view.clone();
            }
        }
        let view = Rc::new(HistoryView::of(self.sim.history(), true));
        self.cache.history = Some((signature, view.clone()));
        view
    }

    /// The faults and leader changes up to now.
    pub fn faults(&self) -> Vec<Fault> {
        let applied = &self.travel.history[..self.travel.applied];
        faults(applied.iter().map(|r| (r.at, &r.action)), self.sim.leaders())
    }

    /// Every client request and reply the run still shows, oldest first, as (message id, request): those the
    /// space-time diagram keeps, then those in flight.
    fn client_messages(&self) -> Vec<(u64, u64)> {
        let passages = self.sim.timeline().map(|t| &t.passages);
        let kept = passages.into_iter().flatten().filter_map(|p| Some((p.id, p.request?)));
        let flying = self.sim.flights().into_iter().filter_map(|f| Some((f.id, f.request?)));
        kept.chain(flying).collect()
    }

    /// The operation (its index in the history) a client's request or reply belongs to, by the message's id.
    pub fn operation_of_message(&self, message: u64) -> Option<usize> {
        let messages = self.client_messages();
        let (_, request) = messages.iter().rev().find(|(id, _)| *id == message)?;
        let operations = &self.sim.history().operations;
        operations.iter().rposition(|op| op.id == Some(*request))
    }

    /// The latest message of operation `op` (its index in the history): its request or reply.
    pub fn message_of_operation(&self, op: usize) -> Option<u64> {
        let request = self.sim.history().operations.get(op)?.id?;
        let messages = self.client_messages();
        messages.iter().rev().find(|(_, r)| *r == request).map(|(id, _)| *id)
    }

    /// What the run's history panel shows around the bars, rebuilt only when something it shows changed: the
    /// page redraws at every frame, and the faults, the sides and the figures are walks over the whole run.
    pub fn run_figures(&mut self) -> Rc<RunFigures> {
        // The panel moves on with the clock in steps of this much simulated time (or when the history
        // changes): redrawing every bar at every frame would cost more than the canvas.
        const NOW_STEP_US: u64 = 50_000;
        let history = self.sim.history();
        let key = RunKey {
            progress: self.sim.history_progress(),
            applied: self.travel.applied,
            leaders: self.sim.leaders().len(),
            now: self.sim.now() / NOW_STEP_US * NOW_STEP_US,
            size: self.size(),
            links: self.sim.links().clone(),
        };
        if let Some((seen, figures)) = &self.cache.run_figures {
            if *seen == key {
                return figures.clone();
            }
        }
        let applied = &self.travel.history[..self.travel.applied];
        let homes = availability::homes(applied.iter().map(|r| &r.action));
        let figures = Rc::new(RunFigures {
            now: key.now,
            faults: self.faults(),
            sides: availability::sides(history, &homes, key.size, &key.links),
            cost: availability::cost(history, self.sim.stats(), key.now),
        });
        self.cache.run_figures = Some((key, figures.clone()));
        figures
    }
}

/// Around a run's bars: the stepped clock, the faults, what each side's clients got, and the service's cost.
#[derive(Debug, PartialEq)]
pub struct RunFigures {
    pub now: u64,
    pub faults: Vec<Fault>,
    pub sides: Vec<availability::Side>,
    pub cost: availability::Cost,
}

/// Everything `RunFigures` is built from, to tell when it must be built again.
#[derive(Debug, PartialEq)]
pub struct RunKey {
    /// Operations called and returned.
    progress: (usize, usize),
    applied: usize,
    leaders: usize,
    now: u64,
    size: u8,
    links: consensus_sim::Links,
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn history(ops: &str) -> History {
        History::parse(&format!("{{\"version\": 1, \"operations\": [{ops}]}}")).expect("a valid history")
    }

    #[test]
    fn a_linearizable_history_has_a_point_on_every_placed_bar() {
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "ok" },
               { "client": 2, "op": "get", "key": "x", "call_us": 5, "return_us": 20, "outcome": "ok", "result": "1" },
               { "client": 3, "op": "put", "key": "x", "value": "2", "call_us": 30, "return_us": null, "outcome": "info" }"#,
        );
        let view = HistoryView::of(&h, true);
        assert_eq!(view.verdict, Verdict::Linearizable);
        assert_eq!(view.rows.iter().map(|r| r.client).collect::<Vec<_>>(), vec![1, 2, 3]);
        // The info write may never take effect: the linearization found needs only the other two.
        assert_eq!(view.chains, vec![("x".to_string(), vec![0, 1])]);
        let read = view.bar(1).unwrap();
        assert_eq!(read.label, "get x → 1");
        let point = read.point.as_ref().unwrap();
        assert_eq!(
            (point.before.clone(), point.after.clone()),
            (Some("1".into()), Some("1".into()))
        );
        assert_eq!(view.bar(2).unwrap().ended, Ended::Pending);
    }

    #[test]
    fn a_stale_read_is_the_culprit_after_its_prefix() {
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "ok" },
               { "client": 1, "op": "put", "key": "x", "value": "2", "call_us": 20, "return_us": 30, "outcome": "ok" },
               { "client": 2, "op": "get", "key": "x", "call_us": 40, "return_us": 50, "outcome": "ok", "result": "1" }"#,
        );
        let view = HistoryView::of(&h, true);
        assert!(matches!(view.verdict, Verdict::NotLinearizable(_)));
        assert!(view.bar(2).unwrap().culprit);
        assert!(view.bar(0).unwrap().in_prefix && view.bar(1).unwrap().in_prefix);
        assert!(view.chains.is_empty());
    }

    #[test]
    fn the_fault_row_shows_faults_read_path_switches_and_leaders_in_time_order() {
        let actions = [
            (
                300,
                Action::SetReadPath(consensus_sim::protocol::kv::ReadPath::Follower),
            ),
            (100, Action::Crash(2)),
            (200, Action::Heal),
        ];
        let leaders = [consensus_sim::LeaderChange {
            at: 150,
            node: 1,
            term: 2,
        }];
        let row = faults(actions.iter().map(|(at, a)| (*at, a)), &leaders);
        let seen: Vec<(u64, FaultKind, &str)> = row.iter().map(|f| (f.at, f.kind, f.text.as_str())).collect();
        assert_eq!(
            seen,
            [
                (100, FaultKind::Crash, "S2 crashed"),
                (150, FaultKind::Leader, "S1 leader in term 2"),
                (200, FaultKind::Heal, "network healed"),
                (300, FaultKind::ReadPath, "gets read by follower"),
            ]
        );
    }
}
