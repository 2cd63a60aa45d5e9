//! The linearizability checker over client histories (SCENARIO.md, "History files"). A history is linearizable
//! when every ok operation, and any subset of the info ones, can be placed at one instant between its call and
//! its return (an info operation: any instant after its call) so that, in that order, every get reads and every
//! cas compares exactly what the key holds.
//!
//! Each key is an independent register, so each is checked alone (Herlihy and Wing's locality: a history is
//! linearizable exactly when each key's is). Per key, the search is Wing and Gong's, with Lowe's memo of the
//! configurations already tried (which operations are placed, and what the key holds): calls and returns in time
//! order; at each call, try to place that operation next; at a return whose operation is not placed yet, back
//! up. Operations that fail are dropped (they took no effect); info operations never return, so they may be
//! placed at any point after their call, or never.

use std::collections::{BTreeMap, HashSet};

// The memo and the interned values are hashed with rustc's fast hash, not the standard library's SipHash:
// nothing here is keyed by input an attacker picks to collide, and hashing was most of the checker's time.
use rustc_hash::{FxHashMap, FxHashSet};

use crate::protocol::kv::{Answer, History, Op, Operation, Outcome};
use crate::rng::Rng;

/// Why a history is not linearizable: the operation that cannot be placed, what its key could hold when it had
/// to be, and the longest order of operations that could be placed before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotLinearizable {
    pub key: String,
    /// The operation (its index in the file) that cannot be placed.
    pub operation: usize,
    /// What the key could hold when that operation had to take effect, as far as the search got (None: missing).
    pub could_hold: Vec<Option<String>>,
    /// The longest linearizable prefix found: operations in the order they were placed.
    pub prefix: Vec<usize>,
    /// The plainest reason, where there is one: the write (its index) that was acknowledged before the
    /// operation was called, that it had to see, and that nothing overwrote.
    pub last_write: Option<usize>,
    /// The reason in words.
    pub detail: String,
}

/// Checks a history: Ok if it is linearizable, or why not, for the key whose failing operation is called first.
pub fn check(history: &History) -> Result<(), NotLinearizable> {
    check_within(history, None).expect("searched without a budget")
}

/// As [`check`], trying at most `budget` configurations per key: None if some key needed more.
pub fn check_within(history: &History, budget: Option<usize>) -> Option<Result<(), NotLinearizable>> {
    linearize(history, budget).map(|found| found.map(|_| ()))
}

/// An operation placed in a linearization: the instant it takes effect, and what its key held before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Its index in the history.
    pub operation: usize,
    pub at_us: u64,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// As [`check_within`], with a linearization when there is one: every operation placed, each key's in an order
/// the search found, each at the earliest instant that order allows (its call, or the instant of the one before
/// it on its key, whichever is later; never past its return, since an operation that returned before another
/// was called comes first).
pub fn linearize(history: &History, budget: Option<usize>) -> Option<Result<Vec<Placed>, NotLinearizable>> {
    // In key order, so that the verdict and its points are the same on every run.
    let mut keys: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, op) in history.operations.iter().enumerate() {
        if placed(op) {
            keys.entry(op.key.as_str()).or_default().push(i);
        }
    }
    let mut failures: Vec<NotLinearizable> = Vec::new();
    let mut points: Vec<Placed> = Vec::new();
    for (key, ops) in keys {
        let every_ok = |i: usize| history.operations[i].outcome == Outcome::Ok;
        match search(history, key, &ops, &[Start::default()], &every_ok, false, budget) {
            Ok(found) => points.extend(place(history, &found.order)),
            Err(Stop::NotLinearizable(found)) => failures.push(found),
            Err(Stop::OverBudget) => return None,
        }
    }
    failures.sort_by_key(|f| (history.operations[f.operation].call_us, f.operation));
    Some(match failures.into_iter().next() {
        Some(failure) => Err(failure),
        None => {
            // Stable: a key's operations placed at one instant keep their order.
            points.sort_by_key(|p| p.at_us);
            Ok(points)
        }
    })
}

/// Times and values for one key's operations in a linearizable `order`, from a missing key.
fn place(history: &History, order: &[usize]) -> Vec<Placed> {
    let mut states = States::new();
    let (mut state, mut at_us) = (0, 0);
    order
        .iter()
        .map(|&i| {
            let op = &history.operations[i];
            let after = step(&mut states, state, op).expect("a linearization's operations take effect in order");
            at_us = at_us.max(op.call_us);
            let placed = Placed {
                operation: i,
                at_us,
                before: states.values[state].clone(),
                after: states.values[after].clone(),
            };
            state = after;
            placed
        })
        .collect()
}

/// Whether the search must place `op`, or may: a failed operation took no effect, and an info get constrains
/// nothing, so neither is placed.
fn placed(op: &Operation) -> bool {
    match op.outcome {
        Outcome::Fail => false,
        Outcome::Info => op.op != Op::Get,
        Outcome::Ok => true,
    }
}

/// What the register holds: an index into the states met so far (0 is "missing").
type State = usize;

/// Interns the values the key can hold, so that a configuration is a pair of small numbers and a bit set.
struct States {
    values: Vec<Option<String>>,
    /// Each value held (state 0, "missing", is not in it), looked up by `&str` without allocating.
    index: FxHashMap<String, State>,
}

impl States {
    fn new() -> Self {
        States {
            values: vec![None],
            index: FxHashMap::default(),
        }
    }

    fn of(&mut self, value: Option<String>) -> State {
        match value {
            None => 0,
            Some(value) => self.of_str(&value),
        }
    }

    fn of_str(&mut self, value: &str) -> State {
        if let Some(&s) = self.index.get(value) {
            return s;
        }
        self.values.push(Some(value.to_string()));
        self.index.insert(value.to_string(), self.values.len() - 1);
        self.values.len() - 1
    }
}

/// The state after `op` takes effect at `state`, or None if it cannot take effect there (a get that reads
/// something else; a cas whose comparison says otherwise).
fn step(states: &mut States, state: State, op: &Operation) -> Option<State> {
    let holds = states.values[state].as_deref();
    match (&op.op, op.outcome, &op.answer) {
        (Op::Get, _, Some(Answer::Read(read))) => (holds == read.as_deref()).then_some(state),
        (Op::Get, _, _) => Some(state),
        (Op::Put(value), _, _) => Some(states.of_str(value)),
        (Op::Append(value), _, _) => {
            let appended = format!("{}{value}", holds.unwrap_or_default());
            Some(states.of_str(&appended))
        }
        (Op::Cas { from, .. }, Outcome::Ok, Some(Answer::Swapped(false))) => {
            (holds != Some(from.as_str())).then_some(state)
        }
        // An ok cas that swapped, or an info cas placed at all: it swapped, so the key held `from`.
        (Op::Cas { from, to }, _, _) => (holds == Some(from.as_str())).then(|| states.of_str(to)),
    }
}

/// One call or return, in time order; `next`/`prev` link the ones not yet placed.
#[derive(Clone, Copy)]
struct Entry {
    op: usize,
    call: bool,
    next: usize,
    prev: usize,
}

/// The events of a key's operations as a doubly linked list with a sentinel head at index 0.
struct Events {
    entries: Vec<Entry>,
    /// For each operation (by its place in the key's list), its call and return entries.
    call_of: Vec<usize>,
    return_of: Vec<Option<usize>>,
}

impl Events {
    fn new(history: &History, ops: &[usize]) -> Self {
        // At the same instant calls come first: intervals are closed, so operations that touch overlap.
        let mut events: Vec<(u64, bool, usize)> = Vec::with_capacity(ops.len() * 2);
        for (k, &i) in ops.iter().enumerate() {
            let op = &history.operations[i];
            events.push((op.call_us, false, k));
            if op.outcome == Outcome::Ok {
                events.push((op.return_us.unwrap_or(u64::MAX), true, k));
            }
        }
        events.sort();
        let n = events.len();
        let mut entries = vec![Entry {
            op: usize::MAX,
            call: false,
            next: 1,
            prev: n,
        }];
        let mut call_of = vec![0; ops.len()];
        let mut return_of = vec![None; ops.len()];
        for (j, &(_, is_return, k)) in events.iter().enumerate() {
            let at = j + 1;
            entries.push(Entry {
                op: k,
                call: !is_return,
                next: if at == n { 0 } else { at + 1 },
                prev: at - 1,
            });
            if is_return {
                return_of[k] = Some(at);
            } else {
                call_of[k] = at;
            }
        }
        if n == 0 {
            entries[0].next = 0;
            entries[0].prev = 0;
        }
        Events {
            entries,
            call_of,
            return_of,
        }
    }

    fn unlink(&mut self, at: usize) {
        let Entry { prev, next, .. } = self.entries[at];
        self.entries[prev].next = next;
        self.entries[next].prev = prev;
    }

    fn relink(&mut self, at: usize) {
        let Entry { prev, next, .. } = self.entries[at];
        self.entries[prev].next = at;
        self.entries[next].prev = at;
    }

    /// Takes operation `k`'s call and return out of the list (it is placed).
    fn lift(&mut self, k: usize) {
        self.unlink(self.call_of[k]);
        if let Some(r) = self.return_of[k] {
            self.unlink(r);
        }
    }

    /// Puts them back, in the reverse order, so the links come back exactly.
    fn unlift(&mut self, k: usize) {
        if let Some(r) = self.return_of[k] {
            self.relink(r);
        }
        self.relink(self.call_of[k]);
    }
}

/// Why a search stopped without a linearization.
enum Stop {
    NotLinearizable(NotLinearizable),
    /// It tried as many configurations as it was allowed, and found neither a linearization nor proof that
    /// there is none.
    OverBudget,
}

/// How many configurations one live check may try. Info operations keep a key's window open, and a window
/// with many of them that a read contradicts makes the search try every subset of them: the live check then
/// gives up on that read rather than stall the run (`check` on the written history has no such limit).
const LIVE_BUDGET: usize = 20_000;

/// How many configurations settling a window may try: it looks for every order, not the first.
const SETTLE_BUDGET: usize = 2_000;

/// Where a key's window of operations starts: what the key holds, and which of the window's operations (by
/// index in the history) already took effect.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct Start {
    holds: Option<String>,
    took_effect: Vec<usize>,
}

/// Wing and Gong's search over the operations `ops` (indexes into `history`, all on `key`), from any of the
/// configurations in `starts`, for an order that places every operation `target` names (and any others that
/// fit before them). Ok with the configurations such orders end in: every one when `all_ends` (the operations
/// placed that `target` does not name are told in `took_effect`; one not placed may still take effect), the
/// first found otherwise, with its order.
fn search(
    history: &History,
    key: &str,
    ops: &[usize],
    starts: &[Start],
    target: &dyn Fn(usize) -> bool,
    all_ends: bool,
    budget: Option<usize>,
) -> Result<Found, Stop> {
    let mut events = Events::new(history, ops);
    let mut states = States::new();
    // The memo keys a set of placed operations by the exclusive-or of their random 128-bit labels (Zobrist
    // hashing): updated in constant time as an operation is placed or lifted, and 16 bytes a configuration
    // where a bit set of every operation would take one bit each. Two sets share a label with odds near
    // 2^-128 per pair.
    let mut labels = Rng::new(0x11AE_A412_AB1E);
    let label: Vec<u128> = (0..ops.len())
        .map(|_| (labels.next_u64() as u128) << 64 | labels.next_u64() as u128)
        .collect();
    let mut placed: u128 = 0;
    let mut tried: FxHashSet<(u128, State)> = FxHashSet::default();
    let mut moves: FxHashMap<(usize, State), Option<State>> = FxHashMap::default();
    let mut ends: Vec<(State, Vec<usize>)> = Vec::new();
    let mut seen_ends: FxHashSet<(State, Vec<usize>)> = FxHashSet::default();
    let mut order: Vec<usize> = Vec::new();
    let targeted: Vec<bool> = ops.iter().map(|&i| target(i)).collect();
    let all_targeted = targeted.iter().filter(|&&t| t).count();
    let mut is_placed = vec![false; ops.len()];
    // The furthest the search got: the longest prefix, the operation that stopped it, what the key could hold.
    let mut best: (Vec<usize>, usize, HashSet<State>) = (Vec::new(), usize::MAX, HashSet::new());
    for start in starts {
        let mut state = states.of(start.holds.clone());
        let mut unplaced_targets = all_targeted;
        // The operations that took effect before the window: placed before anything else.
        let before: Vec<usize> = start
            .took_effect
            .iter()
            .filter_map(|i| ops.iter().position(|o| o == i))
            .collect();
        for &k in &before {
            events.lift(k);
            placed ^= label[k];
            is_placed[k] = true;
            unplaced_targets -= targeted[k] as usize;
        }
        // Placed operations, with the state before each, to back up to, and whether placing it left the state
        // as it was (see the wall below).
        let mut stack: Vec<(usize, State, bool)> = Vec::new();
        let mut at = events.entries[0].next;
        loop {
            let wall = if unplaced_targets == 0 {
                // Every operation asked for is placed. Note where this ends, and look for more if asked.
                if ends.is_empty() {
                    order = stack.iter().map(|&(k, _, _)| ops[k]).collect();
                }
                let mut others: Vec<usize> = (0..ops.len())
                    .filter(|&k| is_placed[k] && !targeted[k])
                    .map(|k| ops[k])
                    .collect();
                others.sort_unstable();
                if seen_ends.insert((state, others.clone())) {
                    ends.push((state, others));
                }
                if !all_ends {
                    break;
                }
                true
            } else {
                let entry = events.entries[at];
                if entry.call {
                    let k = entry.op;
                    // Each (operation, state) is stepped once: an append's new value is built and hashed once,
                    // however often the search comes back to it.
                    let next = *moves
                        .entry((k, state))
                        .or_insert_with(|| step(&mut states, state, &history.operations[ops[k]]));
                    if let Some(next) = next {
                        let with = placed ^ label[k];
                        if budget.is_some_and(|b| tried.len() >= b) {
                            return Err(Stop::OverBudget);
                        }
                        if tried.insert((with, next)) {
                            // Skipping an operation that never changes anything cannot lose an end, except
                            // which optional operations took effect, which settling must tell apart. (A put of
                            // the value held changes nothing here, but would elsewhere: it may be skipped.)
                            let unchanged = reads_only(&history.operations[ops[k]]) && (targeted[k] || !all_ends);
                            stack.push((k, state, unchanged));
                            placed = with;
                            state = next;
                            events.lift(k);
                            is_placed[k] = true;
                            unplaced_targets -= targeted[k] as usize;
                            at = events.entries[0].next;
                            continue;
                        }
                    }
                    at = entry.next;
                    false
                } else {
                    // A return whose operation is not placed: nothing may be placed past it. Note how far this
                    // got.
                    let depth = stack.len();
                    if depth > best.0.len() || best.1 == usize::MAX {
                        best = (
                            stack.iter().map(|&(k, _, _)| ops[k]).collect(),
                            ops[entry.op],
                            HashSet::new(),
                        );
                    }
                    if depth == best.0.len() && ops[entry.op] == best.1 {
                        best.2.insert(state);
                    }
                    true
                }
            };
            if wall {
                // Back up to the newest placement worth undoing. A read's is not: an operation that changes
                // nothing wherever it is placed, placed as soon as it is called, rules out no order that placing
                // it later allows (nothing unplaced returned before its call, so nothing must come before it,
                // and the state it reads is the same), so the orders that skip it are lifted past too.
                // Concurrent reads of one value are then tried in one order, not in every subset.
                let mut resumed = false;
                while let Some((k, before, unchanged)) = stack.pop() {
                    events.unlift(k);
                    placed ^= label[k];
                    is_placed[k] = false;
                    unplaced_targets += targeted[k] as usize;
                    state = before;
                    if !unchanged {
                        at = events.entries[events.call_of[k]].next;
                        resumed = true;
                        break;
                    }
                }
                if !resumed {
                    break; // every order from this start is tried
                }
            }
        }
        // Back to an empty list for the next start (after an early stop, the stack's operations too).
        for (k, _, _) in stack.into_iter().rev() {
            events.unlift(k);
            placed ^= label[k];
            is_placed[k] = false;
        }
        for &k in before.iter().rev() {
            events.unlift(k);
            placed ^= label[k];
            is_placed[k] = false;
        }
        if !ends.is_empty() && !all_ends {
            break;
        }
    }
    if ends.is_empty() {
        return Err(Stop::NotLinearizable(explain(history, key, best, &states)));
    }
    Ok(Found {
        ends: ends
            .into_iter()
            .map(|(s, took_effect)| Start {
                holds: states.values[s].clone(),
                took_effect,
            })
            .collect(),
        order,
    })
}

/// What a search found: the configurations it can end in, and the first order, in order.
struct Found {
    ends: Vec<Start>,
    order: Vec<usize>,
}

/// The live check, as a run goes: each key's window of operations since it last settled, and the
/// configurations the key can be in where the window starts. Whenever an operation returns ok, the window is
/// checked; then every operation that returned before the earliest outstanding get or cas was called is
/// settled: the window starts again from the configurations every order of those operations can end in (what
/// the key holds, and which writes still outstanding, or given up on, took effect among them). A get or a cas
/// still outstanding keeps the operations that may have to come after it in the window, since what it will
/// read depends on where it falls among them. So a check costs what the operations since the last settled
/// point cost, however long the run, even under a load that never pauses.
#[derive(Clone, Debug, Default)]
pub struct Live {
    keys: Vec<(String, Window)>,
    /// Checks that ran out of their budget, and so proved nothing either way.
    pub given_up: u64,
}

#[derive(Clone, Debug)]
struct Window {
    /// The configurations the key can be in where the window starts.
    starts: Vec<Start>,
    /// Its operations since, by their index in the history.
    ops: Vec<usize>,
    /// How many operations the window must hold before settling is tried again, after one ran over budget.
    settle_from: usize,
    /// The write the key's value at the window's start came from, where there is one configuration: a read
    /// that cannot be placed is then explained by it, as the whole check would explain it.
    written_by: Option<usize>,
}

impl Window {
    /// `found`, with the write the window's start came from as its reason, where its own prefix wrote nothing.
    fn explained(&self, history: &History, mut found: NotLinearizable) -> NotLinearizable {
        let failed = &history.operations[found.operation];
        let wrote = found.prefix.iter().any(|&j| writes(&history.operations[j]));
        if let (None, false, Some(w), [_]) = (found.last_write, wrote, self.written_by, found.could_hold.as_slice()) {
            if acknowledged_before(history, w, failed) {
                found.last_write = Some(w);
                found.detail = detail(
                    history,
                    &found.key,
                    found.operation,
                    &found.could_hold,
                    found.prefix.len(),
                    Some(w),
                );
            }
        }
        found
    }
}

impl Live {
    fn window(&mut self, key: &str) -> &mut Window {
        let at = match self.keys.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                self.keys.push((
                    key.to_string(),
                    Window {
                        starts: vec![Start::default()],
                        ops: Vec::new(),
                        settle_from: 0,
                        written_by: None,
                    },
                ));
                self.keys.len() - 1
            }
        };
        &mut self.keys[at].1
    }

    /// Operation `i` of `history` was called.
    pub fn called(&mut self, history: &History, i: usize) {
        self.window(&history.operations[i].key).ops.push(i);
    }

    /// An operation on `key` returned (or its client gave up): checks the key's window, and settles what it
    /// can.
    pub fn returned(&mut self, history: &History, i: usize) -> Result<(), NotLinearizable> {
        let ended = &history.operations[i];
        let window = self.window(&ended.key);
        // A failed operation took no effect, and a get given up on constrains nothing: both leave the window.
        let keeps = |j: usize| {
            let op = &history.operations[j];
            op.outcome != Outcome::Fail && !(op.outcome == Outcome::Info && op.return_us.is_some() && op.op == Op::Get)
        };
        window.ops.retain(|&j| keeps(j));
        if ended.outcome != Outcome::Ok {
            // A write given up on may still take effect: it stays, and constrains nothing new.
            return Ok(());
        }
        let ops: Vec<usize> = window
            .ops
            .iter()
            .copied()
            .filter(|&j| placed(&history.operations[j]))
            .collect();
        let ok = |j: usize| history.operations[j].outcome == Outcome::Ok;
        let (key, budget) = (ended.key.as_str(), Some(LIVE_BUDGET));
        // Settled: the ok operations that returned before any outstanding get or cas was called.
        let outstanding_read = window
            .ops
            .iter()
            .map(|&j| &history.operations[j])
            .filter(|op| op.return_us.is_none() && matches!(op.op, Op::Get | Op::Cas { .. }))
            .map(|op| op.call_us)
            .min()
            .unwrap_or(u64::MAX);
        let settled = |j: usize| ok(j) && history.operations[j].return_us.is_some_and(|r| r < outstanding_read);
        // First the check: can every ok operation be placed? Only what an operation returned can contradict
        // the history, a get's read or a cas's comparison; a write's return only bounds when it took effect,
        // which matters to the reads that return after it.
        if matches!(ended.op, Op::Get | Op::Cas { .. }) {
            match search(history, key, &ops, &window.starts, &ok, false, budget) {
                Ok(_) => {}
                Err(Stop::NotLinearizable(found)) => return Err(window.explained(history, found)),
                Err(Stop::OverBudget) => {
                    self.given_up += 1;
                    return Ok(());
                }
            }
        }
        // Then settle what can be; after a settling that ran over its budget, once the window has doubled.
        if !ops.iter().any(|&j| settled(j)) || ops.len() < window.settle_from {
            return Ok(());
        }
        // Writes given up on multiply the configurations (each may or may not have taken effect); past a
        // smaller budget the window stays open, and the next check covers it whole.
        match search(history, key, &ops, &window.starts, &settled, true, Some(SETTLE_BUDGET)) {
            Ok(found) => {
                // A write that took effect in every configuration is settled too.
                let everywhere: Vec<usize> = ops
                    .iter()
                    .copied()
                    .filter(|&j| !settled(j) && found.ends.iter().all(|s| s.took_effect.contains(&j)))
                    .collect();
                window.ops.retain(|&j| !settled(j) && !everywhere.contains(&j));
                let gone = |j: usize| settled(j) || everywhere.contains(&j);
                let last_write = found.order.iter().rev().find(|&&j| writes(&history.operations[j]));
                window.written_by = match (found.ends.as_slice(), last_write) {
                    ([one], Some(&w)) if gone(w) && one.took_effect.iter().all(|&j| everywhere.contains(&j)) => Some(w),
                    ([one], None) if one.took_effect.is_empty() => window.written_by,
                    _ => None,
                };
                let mut starts: Vec<Start> = Vec::new();
                for mut start in found.ends {
                    start.took_effect.retain(|j| !everywhere.contains(j));
                    if !starts.contains(&start) {
                        starts.push(start);
                    }
                }
                window.starts = starts;
                window.settle_from = 0;
                Ok(())
            }
            // Over its budget, nothing settles. (Settling places fewer operations than the check, so it finds an
            // order wherever the check does: an ok write's return, unchecked, is checked with the next read.)
            Err(Stop::OverBudget) => {
                window.settle_from = 2 * ops.len();
                Ok(())
            }
            Err(Stop::NotLinearizable(found)) => Err(found),
        }
    }
}

/// The operation as a person would say it: "C2's get of x (812 to 901 µs) read "1"".
pub fn describe(op: &Operation) -> String {
    let key = &op.key;
    let what = match (&op.op, &op.answer) {
        (Op::Get, Some(Answer::Read(Some(v)))) => format!("get of {key} read \"{v}\""),
        (Op::Get, Some(Answer::Read(None))) => format!("get of {key} read nothing (missing)"),
        (Op::Get, _) => format!("get of {key}"),
        (Op::Put(v), _) => format!("put {key}=\"{v}\""),
        (Op::Append(v), _) => format!("append \"{v}\" to {key}"),
        (Op::Cas { from, to }, Some(Answer::Swapped(true))) => {
            format!("cas {key} from \"{from}\" to \"{to}\", which swapped")
        }
        (Op::Cas { from, to }, Some(Answer::Swapped(false))) => {
            format!("cas {key} from \"{from}\" to \"{to}\", which did not swap")
        }
        (Op::Cas { from, to }, _) => format!("cas {key} from \"{from}\" to \"{to}\""),
    };
    let returned = op
        .return_us
        .map_or("never returned".to_string(), |r| format!("returned at {r} µs"));
    // The server that answered, where the history says: named as the canvas names it, so a violation rings it.
    let by = op.node.map(|n| format!(", answered by S{n}")).unwrap_or_default();
    format!(
        "client {}'s {what} (called at {} µs, {returned}{by})",
        op.client, op.call_us
    )
}

fn explain(
    history: &History,
    key: &str,
    (prefix, operation, held): (Vec<usize>, usize, HashSet<State>),
    states: &States,
) -> NotLinearizable {
    let mut could_hold: Vec<Option<String>> = held.into_iter().map(|s| states.values[s].clone()).collect();
    could_hold.sort();
    let failed = &history.operations[operation];
    // The plainest reason, where there is one: the last write placed was acknowledged before this operation
    // was called, so it must see that write, and nothing later overwrote it.
    let last_write = prefix
        .iter()
        .rev()
        .find(|&&i| writes(&history.operations[i]))
        .copied()
        .filter(|&w| could_hold.len() == 1 && acknowledged_before(history, w, failed));
    let detail = detail(history, key, operation, &could_hold, prefix.len(), last_write);
    NotLinearizable {
        key: key.to_string(),
        operation,
        could_hold,
        prefix,
        last_write,
        detail,
    }
}

/// Whether `op` leaves its key as it was wherever it can be placed: a get, or a cas that did not swap.
fn reads_only(op: &Operation) -> bool {
    op.op == Op::Get || op.answer == Some(Answer::Swapped(false))
}

/// Whether `op` may have changed its key: a get never does, nor a cas that did not swap.
fn writes(op: &Operation) -> bool {
    !reads_only(op)
}

/// Whether write `w` was acknowledged before `op` was called.
fn acknowledged_before(history: &History, w: usize, op: &Operation) -> bool {
    history.operations[w].return_us.is_some_and(|r| r < op.call_us)
}

/// Why operation `operation` cannot be placed, in words.
fn detail(
    history: &History,
    key: &str,
    operation: usize,
    could_hold: &[Option<String>],
    prefix: usize,
    last_write: Option<usize>,
) -> String {
    let shown: Vec<String> = could_hold
        .iter()
        .map(|v| {
            v.as_ref()
                .map_or("nothing (missing)".to_string(), |v| format!("\"{v}\""))
        })
        .collect();
    let stale = last_write
        .map(|w| {
            let w = &history.operations[w];
            format!(
                ": {key} was last written by client {}, acknowledged at {} µs, before this call, and nothing \
                 overwrote it",
                w.client,
                w.return_us.unwrap_or_default()
            )
        })
        .unwrap_or_default();
    format!(
        "operations[{operation}], {}, cannot be placed: by its return {key} could hold only {}{stale}; the \
         longest linearizable prefix places {prefix} operation{} before it",
        describe(&history.operations[operation]),
        shown.join(" or "),
        if prefix == 1 { "" } else { "s" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(ops: &str) -> History {
        History::parse(&format!("{{\"version\": 1, \"operations\": [{ops}]}}")).expect("a valid history")
    }

    #[test]
    fn the_format_example_is_linearizable() {
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 1000, "return_us": 7000, "outcome": "ok" },
               { "client": 2, "op": "get", "key": "x", "call_us": 2000, "return_us": 9000, "outcome": "ok", "result": "1" },
               { "client": 3, "op": "cas", "key": "x", "from": "1", "to": "2", "call_us": 3000, "return_us": 8000, "outcome": "ok", "result": false },
               { "client": 1, "op": "append", "key": "y", "value": "ab", "call_us": 8000, "return_us": 12000, "outcome": "ok" },
               { "client": 4, "op": "put", "key": "x", "value": "5", "call_us": 9500, "return_us": null, "outcome": "info" }"#,
        );
        // The cas that did not swap must come before the put of 1 takes effect, and the get after it.
        assert_eq!(check(&h), Ok(()));
    }

    #[test]
    fn the_classic_stale_read_is_caught() {
        // C1 wrote 2 and was acknowledged before C2 called its read, which returned the old 1.
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "ok" },
               { "client": 1, "op": "put", "key": "x", "value": "2", "call_us": 20, "return_us": 30, "outcome": "ok" },
               { "client": 2, "op": "get", "key": "x", "call_us": 40, "return_us": 50, "outcome": "ok", "result": "1" }"#,
        );
        let failure = check(&h).unwrap_err();
        assert_eq!(failure.operation, 2);
        assert_eq!(failure.could_hold, vec![Some("2".to_string())]);
        assert_eq!(failure.prefix, vec![0, 1]);
        assert_eq!(failure.last_write, Some(1));
        assert!(failure.detail.contains("could hold only \"2\""), "{}", failure.detail);
        // Played live, as a run plays it: each write settles before the read is called, so the read's window
        // holds no write, and the same reason must come from the settled state.
        let mut live = Live::default();
        for i in 0..2 {
            live.called(&h, i);
            assert_eq!(live.returned(&h, i), Ok(()));
        }
        live.called(&h, 2);
        let live_failure = live.returned(&h, 2).expect_err("a stale read");
        assert_eq!((live_failure.operation, live_failure.last_write), (2, Some(1)));
        for detail in [&failure.detail, &live_failure.detail] {
            assert!(
                detail.contains("last written by client 1, acknowledged at 30 µs"),
                "{detail}"
            );
        }
    }

    #[test]
    fn concurrent_reads_are_tried_in_one_order_not_in_every_subset() {
        // Twenty-four reads of 1, all concurrent with a put of 2, then a read of 3, which nobody wrote. Proving
        // that no order explains it tries every order of the rest; were each subset of the reads a
        // configuration of its own, that would be 2^24 of them.
        let mut ops = vec![
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "ok" }"#
                .to_string(),
            r#"{ "client": 2, "op": "put", "key": "x", "value": "2", "call_us": 20, "return_us": 1000, "outcome": "ok" }"#
                .to_string(),
        ];
        for c in 0..24 {
            ops.push(format!(
                r#"{{ "client": {}, "op": "get", "key": "x", "call_us": {}, "return_us": {}, "outcome": "ok", "result": "1" }}"#,
                10 + c,
                20 + c,
                900 + c
            ));
        }
        ops.push(
            r#"{ "client": 3, "op": "get", "key": "x", "call_us": 2000, "return_us": 2100, "outcome": "ok", "result": "3" }"#
                .to_string(),
        );
        let h = history(&ops.join(","));
        let verdict = check_within(&h, Some(10_000)).expect("decided within 10,000 configurations");
        assert_eq!(verdict.map_err(|e| e.operation), Err(26));
    }

    #[test]
    fn a_put_of_the_value_held_may_still_take_effect_later() {
        // C3's put of 1 could take effect at once, changing nothing, but it must take effect after C2's put of
        // 2 for C4 to read 1: a put is never settled early as a read is.
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "ok" },
               { "client": 3, "op": "put", "key": "x", "value": "1", "call_us": 5, "return_us": 100, "outcome": "ok" },
               { "client": 2, "op": "put", "key": "x", "value": "2", "call_us": 20, "return_us": 30, "outcome": "ok" },
               { "client": 4, "op": "get", "key": "x", "call_us": 40, "return_us": 50, "outcome": "ok", "result": "1" }"#,
        );
        assert_eq!(check(&h), Ok(()));
    }

    #[test]
    fn a_cas_that_did_not_swap_is_not_the_last_write() {
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "2", "call_us": 0, "return_us": 10, "outcome": "ok" },
               { "client": 3, "op": "cas", "key": "x", "from": "7", "to": "8", "call_us": 20, "return_us": 30, "outcome": "ok", "result": false },
               { "client": 2, "op": "get", "key": "x", "call_us": 40, "return_us": 50, "outcome": "ok", "result": "1" }"#,
        );
        let failure = check(&h).expect_err("x=1 was never written");
        assert_eq!(failure.last_write, Some(0), "{}", failure.detail);
    }

    #[test]
    fn a_linearization_places_each_operation_within_its_interval() {
        // The cas that did not swap takes effect before the put of 1, the read after it: their points say so.
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 1000, "return_us": 7000, "outcome": "ok" },
               { "client": 2, "op": "get", "key": "x", "call_us": 2000, "return_us": 9000, "outcome": "ok", "result": "1" },
               { "client": 3, "op": "cas", "key": "x", "from": "1", "to": "2", "call_us": 3000, "return_us": 8000, "outcome": "ok", "result": false },
               { "client": 1, "op": "append", "key": "y", "value": "ab", "call_us": 8000, "return_us": 12000, "outcome": "ok" }"#,
        );
        let points = linearize(&h, None).unwrap().unwrap();
        let x: Vec<_> = points.iter().filter(|p| h.operations[p.operation].key == "x").collect();
        assert_eq!(x.iter().map(|p| p.operation).collect::<Vec<_>>(), vec![2, 0, 1]);
        assert_eq!(x.iter().map(|p| p.at_us).collect::<Vec<_>>(), vec![3000, 3000, 3000]);
        assert_eq!((x[1].before.clone(), x[1].after.clone()), (None, Some("1".to_string())));
        let y = points.iter().find(|p| p.operation == 3).unwrap();
        assert_eq!((y.at_us, y.after.as_deref()), (8000, Some("ab")));
        for p in &points {
            let op = &h.operations[p.operation];
            assert!(
                op.call_us <= p.at_us && op.return_us.is_none_or(|r| p.at_us <= r),
                "{p:?}"
            );
        }
    }

    #[test]
    fn concurrent_operations_may_be_placed_in_either_order() {
        // The read overlaps the write of 2, so it may read 1 or 2; touching intervals overlap too.
        for read in ["1", "2"] {
            let h = history(&format!(
                r#"{{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "ok" }},
                   {{ "client": 1, "op": "put", "key": "x", "value": "2", "call_us": 20, "return_us": 40, "outcome": "ok" }},
                   {{ "client": 2, "op": "get", "key": "x", "call_us": 40, "return_us": 50, "outcome": "ok", "result": "{read}" }}"#
            ));
            assert_eq!(check(&h), Ok(()), "reading {read}");
        }
    }

    #[test]
    fn an_info_write_may_take_effect_late_or_never() {
        let put = r#"{ "client": 1, "op": "put", "key": "x", "value": "9", "call_us": 0, "return_us": null, "outcome": "info" }"#;
        for read in ["null", "\"9\""] {
            let h = history(&format!(
                r#"{put}, {{ "client": 2, "op": "get", "key": "x", "call_us": 100, "return_us": 110, "outcome": "ok", "result": {read} }},
                   {{ "client": 3, "op": "get", "key": "x", "call_us": 200, "return_us": 210, "outcome": "ok", "result": "9" }}"#
            ));
            assert_eq!(check(&h), Ok(()), "first read {read}");
        }
        // But once seen, it cannot be unseen.
        let h = history(&format!(
            r#"{put}, {{ "client": 2, "op": "get", "key": "x", "call_us": 100, "return_us": 110, "outcome": "ok", "result": "9" }},
               {{ "client": 3, "op": "get", "key": "x", "call_us": 200, "return_us": 210, "outcome": "ok", "result": null }}"#
        ));
        assert_eq!(check(&h).unwrap_err().operation, 2);
    }

    #[test]
    fn a_failed_operation_took_no_effect() {
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "fail" },
               { "client": 2, "op": "get", "key": "x", "call_us": 20, "return_us": 30, "outcome": "ok", "result": "1" }"#,
        );
        assert_eq!(check(&h).unwrap_err().operation, 1);
    }

    #[test]
    fn cas_compares_and_append_concatenates() {
        let h = history(
            r#"{ "client": 1, "op": "append", "key": "x", "value": "a", "call_us": 0, "return_us": 10, "outcome": "ok" },
               { "client": 1, "op": "append", "key": "x", "value": "b", "call_us": 20, "return_us": 30, "outcome": "ok" },
               { "client": 1, "op": "cas", "key": "x", "from": "ab", "to": "c", "call_us": 40, "return_us": 50, "outcome": "ok", "result": true },
               { "client": 1, "op": "cas", "key": "x", "from": "ab", "to": "d", "call_us": 60, "return_us": 70, "outcome": "ok", "result": false },
               { "client": 1, "op": "get", "key": "x", "call_us": 80, "return_us": 90, "outcome": "ok", "result": "c" }"#,
        );
        assert_eq!(check(&h), Ok(()));
        // A cas that says it swapped from a value the key never held.
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "a", "call_us": 0, "return_us": 10, "outcome": "ok" },
               { "client": 1, "op": "cas", "key": "x", "from": "b", "to": "c", "call_us": 20, "return_us": 30, "outcome": "ok", "result": true }"#,
        );
        assert_eq!(check(&h).unwrap_err().operation, 1);
    }

    #[test]
    fn keys_are_independent_registers() {
        let h = history(
            r#"{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "ok" },
               { "client": 2, "op": "get", "key": "y", "call_us": 20, "return_us": 30, "outcome": "ok", "result": null },
               { "client": 2, "op": "get", "key": "x", "call_us": 40, "return_us": 50, "outcome": "ok", "result": "1" }"#,
        );
        assert_eq!(check(&h), Ok(()));
    }

    #[test]
    fn many_concurrent_writers_are_searched_without_blowing_up() {
        // Twelve clients write at once, then one read sees the value of one of them: linearizable; a read of a
        // value nobody wrote is not.
        let mut ops: Vec<String> = (0..12)
            .map(|c| format!(r#"{{ "client": {c}, "op": "put", "key": "x", "value": "{c}", "call_us": 0, "return_us": 100, "outcome": "ok" }}"#))
            .collect();
        ops.push(r#"{ "client": 99, "op": "get", "key": "x", "call_us": 200, "return_us": 210, "outcome": "ok", "result": "7" }"#.into());
        assert_eq!(check(&history(&ops.join(","))), Ok(()));
        ops.pop();
        ops.push(r#"{ "client": 99, "op": "get", "key": "x", "call_us": 200, "return_us": 210, "outcome": "ok", "result": "nobody" }"#.into());
        assert_eq!(check(&history(&ops.join(","))).unwrap_err().operation, 12);
    }
}
