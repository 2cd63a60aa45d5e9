//! Hard histories for the checker's benchmark (`consensus-sim bench --checker`, run by `./run bench`): many
//! clients, long overlapping operations, many info operations, in the manner of a Jepsen run against a busy
//! register. Each is drawn from a seed and is linearizable by construction: every operation takes effect at a
//! point inside its interval, and its result is what the key held there. A stale variant then makes one late
//! read return a value overwritten long before, which no order can explain.

use crate::protocol::kv::{Answer, History, Op, Operation, Outcome};
use crate::rng::Rng;

/// What to draw.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub clients: u64,
    pub operations: usize,
    pub keys: u64,
    /// Parts per hundred of the writes whose client gives up on them (info).
    pub info_percent: u64,
    /// The longest an operation takes, in µs; calls come about every 100 µs per client.
    pub longest: u64,
}

/// The checker's benchmark: `consensus-sim bench --checker` natively, and in the page
/// (`tests/perf/checker.mjs`), from the same shapes and seeds.
pub const BENCH_SHAPES: [Shape; 5] = [
    Shape {
        clients: 5,
        operations: 10_000,
        keys: 1,
        info_percent: 0,
        longest: 500,
    },
    Shape {
        clients: 5,
        operations: 10_000,
        keys: 1,
        info_percent: 2,
        longest: 500,
    },
    Shape {
        clients: 10,
        operations: 10_000,
        keys: 1,
        info_percent: 0,
        longest: 1_000,
    },
    Shape {
        clients: 20,
        operations: 10_000,
        keys: 1,
        info_percent: 0,
        longest: 2_000,
    },
    Shape {
        clients: 50,
        operations: 10_000,
        keys: 5,
        info_percent: 0,
        longest: 5_000,
    },
];

/// How many configurations a benchmark search may try before it is called undecided: keeps memory under 1 GB.
pub const BENCH_BUDGET: usize = 10_000_000;

/// One line of the benchmark: the shape, and its verdict in words.
pub fn bench_line(shape: Shape, info: usize, stale: bool, verdicts: &[Option<bool>]) -> String {
    let verdict = if verdicts.contains(&None) {
        "undecided within ten million configurations (some seed)"
    } else if verdicts.iter().all(|&v| v == Some(true)) {
        "linearizable"
    } else if verdicts.iter().all(|&v| v == Some(false)) {
        "not linearizable"
    } else {
        "mixed"
    };
    format!(
        "{:>6} operations, {:>2} clients, {} keys, {:>4} info, longest overlap {} µs{}: {verdict}",
        shape.operations,
        shape.clients,
        shape.keys,
        info,
        shape.longest,
        if stale { ", one stale read" } else { "" },
    )
}

/// A linearizable history of `shape`, and, if `stale`, the same with one late read made stale.
pub fn draw(seed: u64, shape: Shape, stale: bool) -> History {
    let mut rng = Rng::new(seed);
    // Each client's next free moment; a client that gave up on an operation continues as a new client, as
    // Jepsen's processes do, since the one it gave up on never returns.
    let mut free: Vec<(u64, u64)> = (0..shape.clients).map(|c| (rng.below(100), c)).collect();
    let mut next_client = shape.clients;
    // (effect point, operation, whether an info operation takes effect at all)
    let mut drawn: Vec<(u64, Operation, bool)> = Vec::with_capacity(shape.operations);
    for n in 0..shape.operations {
        let slot = (0..free.len()).min_by_key(|&i| free[i]).expect("clients");
        let (call, client) = free[slot];
        let span = 1 + rng.below(shape.longest);
        let point = call + rng.below(span + 1);
        let key = format!("k{}", rng.below(shape.keys));
        let op = match rng.below(10) {
            0..=4 => Op::Get,
            5..=7 => Op::Put(n.to_string()),
            8 => Op::Append(format!("{n},")),
            _ => Op::Cas {
                from: rng.below(shape.operations as u64).to_string(),
                to: n.to_string(),
            },
        };
        let info = op != Op::Get && rng.below(100) < shape.info_percent;
        let takes_effect = !info || rng.below(2) == 0;
        drawn.push((
            point,
            Operation {
                client,
                op,
                key,
                call_us: call,
                return_us: (!info).then_some(call + span),
                outcome: if info { Outcome::Info } else { Outcome::Ok },
                answer: None,
                id: Some(n as u64),
                node: None,
            },
            takes_effect,
        ));
        if info {
            free[slot] = (call + span + rng.below(100), next_client);
            next_client += 1;
        } else {
            free[slot] = (call + span + rng.below(100), client);
        }
    }
    // Play the operations in the order they take effect, and give each the answer that order gives.
    let mut order: Vec<usize> = (0..drawn.len()).collect();
    order.sort_by_key(|&i| (drawn[i].0, i));
    // Per key, what it holds and whether only ok operations made it so: an info operation may take effect at
    // any later moment, so a value it wrote could be read late.
    let mut values: std::collections::BTreeMap<String, (String, bool)> = Default::default();
    // Per key, the values it held, with when each was overwritten: what a stale read returns.
    let mut overwritten: Vec<(String, String, u64)> = Vec::new();
    for &i in &order {
        let (point, op, takes_effect) = &mut drawn[i];
        if !*takes_effect {
            continue;
        }
        let (held, by_ok) = match values.get(&op.key).cloned() {
            Some((value, by_ok)) => (Some(value), by_ok),
            None => (None, true),
        };
        let ok = op.outcome == Outcome::Ok;
        let written = match &op.op {
            Op::Get => {
                op.answer = Some(Answer::Read(held.clone()));
                None
            }
            Op::Put(v) => Some(v.clone()),
            Op::Append(v) => Some(held.clone().unwrap_or_default() + v),
            Op::Cas { from, to } => {
                let swaps = held.as_ref() == Some(from);
                if op.outcome == Outcome::Ok {
                    op.answer = Some(Answer::Swapped(swaps));
                }
                swaps.then(|| to.clone())
            }
        };
        if let Some(new) = written {
            // Only an ok write surely overwrote: the checker may leave an info one out.
            if let Some(old) = held.filter(|_| ok && by_ok) {
                overwritten.push((op.key.clone(), old, *point));
            }
            let appended = matches!(op.op, Op::Append(_));
            values.insert(op.key.clone(), (new, ok && (by_ok || !appended)));
        }
    }
    let mut operations: Vec<Operation> = drawn.into_iter().map(|(_, op, _)| op).collect();
    if stale {
        // The last ok get, made to read a value its key lost long before the get was called.
        let late = operations
            .iter()
            .rposition(|o| o.op == Op::Get && o.outcome == Outcome::Ok);
        if let Some(i) = late {
            let lost = overwritten
                .iter()
                .find(|(key, _, at)| *key == operations[i].key && *at + shape.longest * 4 < operations[i].call_us);
            if let Some((_, old, _)) = lost {
                operations[i].answer = Some(Answer::Read(Some(old.clone())));
            }
        }
    }
    History { operations }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linearizability::check;

    #[test]
    fn drawn_histories_are_linearizable_and_their_stale_variants_are_not() {
        let shape = Shape {
            clients: 10,
            operations: 400,
            keys: 2,
            info_percent: 10,
            longest: 500,
        };
        for seed in 0..5 {
            assert_eq!(check(&draw(seed, shape, false)), Ok(()), "seed {seed}");
            assert!(
                check(&draw(seed, shape, true)).is_err(),
                "seed {seed}: the stale read is caught"
            );
        }
    }
}
