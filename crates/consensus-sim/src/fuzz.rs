//! Random fault schedules, one per seed, in the manner of FoundationDB's simulation and TigerBeetle's VOPR.
//!
//! Each seed draws a schedule of crashes and restarts, disconnects, partitions, one-way cuts, loss,
//! duplication and latency changes, with client requests throughout. The schedule is an ordinary
//! [`Scenario`], so a failing seed is saved as a file that replays exactly, in the CLI or the browser. At the
//! end the schedule heals everything, restarts every node and demands liveness: new requests must be
//! committed on every node within [`LIVENESS_MS`].

mod commit;

use std::time::Instant;

use crate::protocol::kv::{Op, ReadPath};
use crate::rng::Rng;
use crate::scenario::{run_scenario, Check, Event, ProtocolName, Scenario, Selector, TimedEvent, Timing};

/// How long after healing a fresh request has to commit everywhere.
pub const LIVENESS_MS: u64 = 5_000;

#[derive(Clone, Debug)]
pub struct FuzzConfig {
    pub protocol: ProtocolName,
    pub nodes: u8,
    pub run_ms: u64,
    pub bug: Option<String>,
    /// How gets are answered; None: the deliberate bug's path if it has one, else one drawn per seed from
    /// those that are linearizable (Raft: log, read_index, lease; Multi-Paxos: log).
    pub read_path: Option<ReadPath>,
}

/// The read path a deliberate bug lives on.
pub fn bug_read_path(bug: &str) -> Option<ReadPath> {
    match bug {
        "read-without-quorum-check" | "read-index-before-noop" => Some(ReadPath::ReadIndex),
        "lease-ignores-drift" => Some(ReadPath::Lease),
        _ => None,
    }
}

/// C1..C5's workload over three keys, from a stream of its own so the fault schedule stays that of the seed:
/// each client calls a get, put, append or cas every 50 to 400 ms, to the leader it believes in or, one time
/// in three, to a node of its choosing, which puts it on that node's side of any partition. Under the lease,
/// every node's clock drifts as far as the bound the lease allows for, and half the seeds aim a nemesis at a
/// slow-clocked leader. Up to two nodes pause for a while.
fn workload(seed: u64, config: &FuzzConfig, read_path: ReadPath, push: &mut impl FnMut(u64, Event)) {
    let mut rng = Rng::new(seed ^ 0xC11E_4700_C11E_4700);
    let n = config.nodes as u64;
    for client in 1..=crate::sim::client::CLIENTS {
        let mut at = rng.between(0, 300);
        let mut count = 0;
        while at < config.run_ms {
            count += 1;
            let key = format!("k{}", rng.below(3));
            let small = |rng: &mut Rng| rng.below(4).to_string();
            let op = match rng.below(20) {
                0..=7 => Op::Get,
                8..=12 => Op::Put(small(&mut rng)),
                13..=15 => Op::Append(format!("{client}.{count} ")),
                _ => Op::Cas {
                    from: small(&mut rng),
                    to: small(&mut rng),
                },
            };
            let node = (rng.below(3) == 0).then(|| Selector::Id(rng.between(1, n) as u8));
            push(at, Event::Operation { client, key, op, node });
            at += rng.between(50, 400);
        }
    }
    // Stop-the-world pauses: a paused leader must not answer from a lease or a leadership that lapsed.
    for _ in 0..rng.below(3) {
        let node = Selector::Id(rng.between(1, n) as u8);
        push(
            rng.below(config.run_ms),
            // Garbage-collector pauses: a suspended machine's stopped clock breaks any lease, by design.
            Event::Pause {
                node,
                for_ms: rng.between(100, 800),
                clock_stops: false,
            },
        );
    }
    if read_path == ReadPath::Lease {
        // Every clock as far off as the lease allows for: the correct lease holds even then. Half the seeds
        // draw each clock fast or slow; the other half take the worst case, one clock slow and every other
        // fast, and make the slow node stand for election now and then: a slow clock's timer fires last, so it
        // would seldom lead, and a slow leader's lease is the one that outlasts its followers' patience.
        let bound = crate::protocol::clock::DRIFT_BOUND_PPM as f64 / 1e6;
        let slow = (rng.below(2) == 0).then(|| rng.between(1, n));
        for id in 1..=n {
            let drift = match slow {
                Some(slow) if slow == id => -bound,
                Some(_) => bound,
                None if rng.below(2) == 0 => bound,
                None => -bound,
            };
            push(
                0,
                Event::Drift {
                    node: Selector::Id(id as u8),
                    drift,
                },
            );
        }
        if let Some(slow) = slow {
            // Jepsen's leader-isolating nemesis, aimed at the slow node: it stands for election, is cut off
            // once it leads, a write goes to the other side, and clients keep asking it for the key.
            for _ in 0..4 {
                let at = rng.below(config.run_ms);
                let (cut, other) = (at + rng.between(150, 400), Selector::Id((slow % n + 1) as u8));
                push(
                    at,
                    Event::Timeout {
                        node: Selector::Id(slow as u8),
                    },
                );
                push(
                    cut,
                    Event::Partition {
                        groups: vec![vec![Selector::Id(slow as u8)]],
                    },
                );
                let key = format!("k{}", rng.below(3));
                let op = Op::Put(format!("n{cut}"));
                push(
                    cut,
                    Event::Operation {
                        client: 1 + rng.below(5),
                        key: key.clone(),
                        op,
                        node: Some(other),
                    },
                );
                for k in 0..4 {
                    let node = Some(Selector::Id(slow as u8));
                    push(
                        cut + 20 + 40 * k + rng.below(40),
                        Event::Operation {
                            client: 1 + rng.below(5),
                            key: key.clone(),
                            op: Op::Get,
                            node,
                        },
                    );
                }
                push(cut + rng.between(300, 800), Event::Heal);
            }
        }
    }
}

/// The outcome of one seed.
#[derive(Clone, Debug)]
pub struct SeedOutcome {
    pub seed: u64,
    /// The first violation, as "invariant at T: detail".
    pub violation: Option<String>,
    /// Why liveness failed, or a failed selector.
    pub liveness: Option<String>,
    pub events: u64,
}

impl SeedOutcome {
    pub fn failed(&self) -> bool {
        self.violation.is_some() || self.liveness.is_some()
    }
}

/// Draws the fault schedule of `seed`.
pub fn schedule(seed: u64, config: &FuzzConfig) -> Scenario {
    if config.protocol.is_commit() {
        return commit::schedule(seed, config);
    }
    // The schedule draws from its own stream, so the run's generator stays that of `seed`.
    let mut rng = Rng::new(seed ^ 0x5EED_F0F0_5EED_F0F0);
    let n = config.nodes;
    let node = |rng: &mut Rng| Selector::Id(rng.between(1, n as u64) as u8);
    let mut events = Vec::new();
    let mut at = 0;
    let mut requests = 0;
    let mut push = |at: u64, event: Event| events.push(timed(at, event));
    loop {
        at += rng.between(20, 300);
        if at >= config.run_ms {
            break;
        }
        let roll = rng.below(100);
        let event = match roll {
            0..=24 => {
                requests += 1;
                Event::Request {
                    value: format!("k{}=v{requests}", rng.below(8)).into(),
                    node: None,
                }
            }
            25..=34 => {
                // One or two nodes are cut off from the rest (not from the client), one of them takes a
                // request and crashes. If it led, its log now ends in entries few others have, in a term
                // others may not know: the raw material of Figure 8.
                requests += 1;
                let target = rng.between(1, n as u64) as u8;
                let mut group = vec![Selector::Id(target)];
                if n >= 3 && rng.below(2) == 0 {
                    group.push(Selector::Id(target % n + 1));
                }
                push(at, Event::Partition { groups: vec![group] });
                push(
                    at,
                    Event::Request {
                        value: format!("k{}=v{requests}", rng.below(8)).into(),
                        node: Some(Selector::Id(target)),
                    },
                );
                push(
                    at + rng.between(15, 40),
                    Event::Crash {
                        node: Selector::Id(target),
                    },
                );
                at += rng.between(40, 80);
                Event::Heal
            }
            35..=44 => Event::Crash { node: node(&mut rng) },
            45..=56 => Event::Restart { node: node(&mut rng) },
            57..=60 => {
                // A bounce: crash and come straight back, the moment votes are most easily forgotten.
                let target = node(&mut rng);
                push(at, Event::Crash { node: target.clone() });
                at += rng.between(0, 30);
                Event::Restart { node: target }
            }
            61..=64 => Event::Disconnect { node: node(&mut rng) },
            65..=69 => Event::Connect { node: node(&mut rng) },
            70..=74 => random_partition(&mut rng, n),
            75..=80 => Event::Heal,
            81..=84 if n >= 2 => random_cut(&mut rng, n),
            85..=88 => random_network(&mut rng),
            89..=93 if n >= 3 => {
                // An election storm: two nodes time out at once, likely into the same term, and every other
                // node bounces while their vote requests are in flight. Forgotten votes show up here.
                let a = rng.between(1, n as u64) as u8;
                let b = a % n + 1;
                push(at, Event::Timeout { node: Selector::Id(a) });
                let bounce = at + rng.between(11, 19);
                for voter in (1..=n).filter(|&v| v != a && v != b) {
                    push(
                        bounce,
                        Event::Crash {
                            node: Selector::Id(voter),
                        },
                    );
                    push(
                        bounce,
                        Event::Restart {
                            node: Selector::Id(voter),
                        },
                    );
                }
                Event::Timeout { node: Selector::Id(b) }
            }
            94..=97 if n >= 5 => {
                // The shape of Figure 8, with random players and timing. A (if it leads) replicates a new
                // entry to B only and crashes; C is elected without it, logs an entry while cut off and
                // crashes; A returns and leads again, pushing its old entry to a majority; A crashes and C
                // returns. Only the rule that a leader commits by counting its own term's entries keeps
                // this safe.
                let a = rng.between(1, n as u64) as u8;
                let b = a % n + 1;
                let c = Selector::Id((b + rng.below(n as u64 - 2) as u8) % n + 1);
                let (a, b) = (Selector::Id(a), Selector::Id(b));
                let mut t = at;
                let mut request = |t: u64, node: &Selector, rng: &mut Rng, events: &mut Vec<(u64, Event)>| {
                    requests += 1;
                    events.push((
                        t,
                        Event::Request {
                            value: format!("k{}=v{requests}", rng.below(8)).into(),
                            node: Some(node.clone()),
                        },
                    ));
                };
                let mut steps: Vec<(u64, Event)> = vec![(
                    t,
                    Event::Partition {
                        groups: vec![vec![a.clone(), b]],
                    },
                )];
                request(t, &a, &mut rng, &mut steps);
                t += rng.between(20, 60);
                steps.push((t, Event::Crash { node: a.clone() }));
                steps.push((t, Event::Heal));
                steps.push((t + 1, Event::Timeout { node: c.clone() }));
                t += rng.between(40, 100);
                steps.push((
                    t,
                    Event::Partition {
                        groups: vec![vec![c.clone()]],
                    },
                ));
                request(t, &c, &mut rng, &mut steps);
                t += rng.between(20, 60);
                steps.push((t, Event::Crash { node: c.clone() }));
                steps.push((t, Event::Heal));
                steps.push((t, Event::Restart { node: a.clone() }));
                for _ in 0..2 {
                    t += rng.between(30, 60);
                    steps.push((t, Event::Timeout { node: a.clone() }));
                }
                // Long enough to win and push the old entry to a majority, short enough to add nothing new.
                t += rng.between(60, 140);
                steps.push((t, Event::Crash { node: a }));
                steps.push((t, Event::Restart { node: c.clone() }));
                for _ in 0..2 {
                    t += rng.between(30, 60);
                    steps.push((t, Event::Timeout { node: c.clone() }));
                }
                for (t, e) in steps {
                    push(t, e);
                }
                at = t + rng.between(50, 150);
                Event::Request {
                    value: format!("k{}=v{requests}", rng.below(8)).into(),
                    node: None,
                }
            }
            // An operator moves leadership (§3.10), to anyone: a crashed or lagging target, a leader cut off.
            _ if config.protocol == ProtocolName::Raft && rng.below(2) == 0 => {
                Event::TransferLeader { node: node(&mut rng) }
            }
            _ => Event::Timeout { node: node(&mut rng) },
        };
        push(at, event);
    }
    let read_path = config
        .read_path
        .or(config.bug.as_deref().and_then(bug_read_path))
        .unwrap_or_else(|| {
            let mut draw = Rng::new(seed ^ 0x4EAD_9A74_4EAD_9A74);
            match (config.protocol, draw.below(3)) {
                (ProtocolName::Raft | ProtocolName::MultiPaxos, 1) => ReadPath::ReadIndex,
                (ProtocolName::Raft | ProtocolName::MultiPaxos, 2) => ReadPath::Lease,
                _ => ReadPath::Log,
            }
        });
    if config.protocol != ProtocolName::Paxos {
        workload(seed, config, read_path, &mut push);
    }
    // Liveness: heal the network, bring every node back, and ask for one more commit everywhere.
    let end = config.run_ms;
    heal_everything(&mut events, end, n);
    // Two probes: the first may sit in an entry of a term whose leader is gone, and an entry of an earlier
    // term commits only behind one of the current term (§5.4.2); the second is that entry.
    let probes: Vec<crate::protocol::Value> = vec![format!("live-{seed}").into(), format!("live-{seed}-2").into()];
    for (i, probe) in probes.iter().enumerate() {
        events.push(timed(
            end + i as u64 * 1000,
            Event::Request {
                value: probe.clone(),
                node: None,
            },
        ));
    }
    // Basic Paxos decides one value, which need not be a probe's: every node must learn the decision.
    let expected: Vec<(Option<crate::protocol::Value>, Option<u64>)> = if config.protocol == ProtocolName::Paxos {
        vec![(None, Some(1))]
    } else {
        probes.into_iter().map(|p| (Some(p), None)).collect()
    };
    for (value, index) in expected {
        events.push(timed(
            end + LIVENESS_MS,
            Event::Expect(Check::Committed {
                value,
                at_least: n,
                index,
            }),
        ));
    }
    // Patterns push events ahead of the clock; a scenario applies them in time order, file order among
    // equals, so sort the same way (stably) to make the schedule and its saved file one and the same.
    events.sort_by_key(|e| e.at_ms);
    // Every seed draws its own timing too: election timeouts close to the message delay make for split
    // votes and rival candidates in one term, where election bugs live.
    let min = rng.between(40, 200);
    let timing = Timing {
        election_timeout: (min * 1000, (min + rng.between(min / 2, min)) * 1000),
        heartbeat: (min / 3).max(5) * 1000,
        // A retried request is logged again in the new leader's term, which acts like a no-op and hides
        // Figure 8; slower retries leave old-term entries alone for longer.
        client_retry: rng.between(50, 1000) * 1000,
        ..Timing::default()
    };
    // A leader renews its lease with every round a majority acknowledges: frequent heartbeats keep one
    // nearly always held, so reads meet a lease near its end, where a lease that ignores drift is wrong; and
    // a fast network lets a new leader commit before that end.
    // Clients that retry fast find the new leader, and have a write acknowledged, while a deposed leader may
    // still believe its lease.
    let timing = if read_path == ReadPath::Lease {
        Timing {
            heartbeat: (min / 10).max(5) * 1000,
            latency: (1_000, 5_000),
            client_retry: rng.between(5, 30) * 1000,
            ..timing
        }
    } else {
        timing
    };
    // Every seed also draws Raft's options, so all their combinations are fuzzed (the draws are made under
    // every protocol, so a seed's schedule does not depend on the protocol).
    let options: Vec<String> = crate::raft::NAMES
        .options
        .iter()
        .filter(|_| rng.below(2) == 0)
        .map(|name| name.to_string())
        .collect();
    Scenario {
        title: Some(format!("fuzz seed {seed}")),
        description: Some(format!(
            "A random fault schedule drawn by consensus-sim fuzz, then healed: \"live-{seed}\" and \"live-{seed}-2\" must commit on every node within {LIVENESS_MS} ms."
        )),
        protocol: config.protocol,
        nodes: n,
        seed,
        timing,
        read_path: if config.protocol == ProtocolName::Paxos {
            ReadPath::Log
        } else {
            read_path
        },
        fault_tolerance: crate::scenario::DEFAULT_FAULT_TOLERANCE,
        detector: detector(seed, config.protocol),
        snapshot_every: snapshot_every(seed, config),
        drop: 0.0,
        duplicate: 0.0,
        options: if config.protocol == ProtocolName::Raft {
            options
        } else {
            Vec::new()
        },
        bugs: config.bug.iter().cloned().collect(),
        initial: Vec::new(),
        events,
        run_ms: end + LIVENESS_MS,
    }
}

/// Half the seeds run phi accrual instead of the fixed timeout, with settings drawn from their own generator
/// (so the rest of a seed's schedule is the same either way). Thresholds start at 2: below that a follower
/// suspects a leader that is merely a little late, which is the detector working as asked, not a fault.
fn detector(seed: u64, protocol: ProtocolName) -> Option<crate::protocol::detector::PhiSettings> {
    use crate::protocol::detector::{Model, PhiSettings};
    let mut draw = Rng::new(seed ^ 0xDE7E_C7ED_DE7E_C7ED);
    if !protocol.has_leader_detector() || draw.below(2) == 0 {
        return None;
    }
    Some(PhiSettings {
        threshold_milli: draw.between(2_000, 12_000) as u32,
        window: draw.between(2, 200) as u16,
        min_std: draw.between(0, 20) * 1000,
        acceptable_pause: draw.between(0, 50) * 1000,
        model: if draw.below(4) == 0 {
            Model::Exponential
        } else {
            Model::Normal
        },
    })
}

/// Raft compacts its log in half the seeds (every seed, for the snapshot bug), every 2 to 40 entries: often
/// enough that a follower back from a crash or a partition needs InstallSnapshot. From a stream of its own.
fn snapshot_every(seed: u64, config: &FuzzConfig) -> u64 {
    let mut draw = Rng::new(seed ^ 0x5A4B_5407_5A4B_5407);
    let always = config.bug.as_deref() == Some("snapshot-wrong-term");
    if config.protocol != ProtocolName::Raft || (draw.below(2) == 0 && !always) {
        return 0;
    }
    draw.between(2, 40)
}

/// Every node on one of two sides, drawn at random (a side left empty is dropped).
fn random_partition(rng: &mut Rng, n: u8) -> Event {
    let mut groups = vec![Vec::new(), Vec::new()];
    for id in 1..=n {
        groups[rng.below(2) as usize].push(Selector::Id(id));
    }
    groups.retain(|g| !g.is_empty());
    Event::Partition { groups }
}

/// A link between two different nodes cut, both ways or one way.
fn random_cut(rng: &mut Rng, n: u8) -> Event {
    let from = rng.between(1, n as u64) as u8;
    let mut to = rng.between(1, n as u64 - 1) as u8;
    if to >= from {
        to += 1;
    }
    Event::Cut {
        from: Selector::Id(from),
        to: Selector::Id(to),
        oneway: rng.below(2) == 0,
    }
}

/// Loss up to 19%, duplication up to 9%, and a latency range from 1 to 70 ms.
fn random_network(rng: &mut Rng) -> Event {
    let low = rng.between(1, 30) * 1000;
    Event::Set {
        drop: Some(rng.below(20) as f64 / 100.0),
        duplicate: Some(rng.below(10) as f64 / 100.0),
        latency: Some((low, low + rng.between(0, 40) * 1000)),
    }
}

/// The start of the liveness phase at `end`: faults stop (multi-step patterns may reach past it), the
/// network heals and runs clean, and every one of the `n` nodes is brought back.
fn heal_everything(events: &mut Vec<TimedEvent>, end: u64, n: u8) {
    events.retain(|e| e.at_ms < end);
    events.push(timed(end, Event::Heal));
    events.push(timed(
        end,
        Event::Set {
            drop: Some(0.0),
            duplicate: Some(0.0),
            latency: Some(Timing::default().latency),
        },
    ));
    for id in 1..=n {
        events.push(timed(end, Event::Restart { node: Selector::Id(id) }));
    }
}

fn timed(at_ms: u64, event: Event) -> TimedEvent {
    TimedEvent {
        at_ms,
        event,
        bind: None,
    }
}

/// The trace hash of seed `seed`'s fault schedule run under `protocol` on five nodes for ten seconds.
/// Tests pin it, natively and in the browser, to show the two are one run.
pub fn schedule_trace(seed: u64, protocol: ProtocolName) -> Result<u64, String> {
    let config = FuzzConfig {
        protocol,
        nodes: 5,
        run_ms: 10_000,
        bug: None,
        read_path: None,
    };
    Ok(run_scenario(&schedule(seed, &config), false)?.trace_hash)
}

/// Reads a file of pinned traces: one "protocol 0xhash" per line.
pub fn pinned_traces(text: &str) -> Result<Vec<(ProtocolName, u64)>, String> {
    text.lines()
        .map(|line| {
            let bad = || format!("not \"protocol 0xhash\": {line:?}");
            let (name, hash) = line.split_once(' ').ok_or_else(bad)?;
            let protocol = ProtocolName::from_name(name).ok_or_else(bad)?;
            let hash = u64::from_str_radix(hash.trim_start_matches("0x"), 16).map_err(|_| bad())?;
            Ok((protocol, hash))
        })
        .collect()
}

/// Runs one seed.
pub fn run_seed(seed: u64, config: &FuzzConfig) -> Result<SeedOutcome, String> {
    let scenario = schedule(seed, config);
    let report = run_scenario(&scenario, false)?;
    let violation = report
        .violations
        .first()
        .map(|v| format!("{} at {}: {}", v.invariant, crate::protocol::fmt_ms(v.at), v.detail));
    let failures = report.failure_lines();
    Ok(SeedOutcome {
        seed,
        violation,
        liveness: failures.first().cloned(),
        events: report.events_processed,
    })
}

/// The outcome of a whole fuzz run.
#[derive(Clone, Debug)]
pub struct FuzzSummary {
    pub outcomes: Vec<SeedOutcome>,
    pub seconds: f64,
}

impl FuzzSummary {
    pub fn violations(&self) -> usize {
        self.outcomes.iter().filter(|o| o.violation.is_some()).count()
    }
    pub fn liveness_failures(&self) -> usize {
        self.outcomes.iter().filter(|o| o.liveness.is_some()).count()
    }
    pub fn events(&self) -> u64 {
        self.outcomes.iter().map(|o| o.events).sum()
    }
    pub fn first_failure(&self) -> Option<&SeedOutcome> {
        self.outcomes.iter().find(|o| o.failed())
    }
}

/// Runs `count` seeds from `from` on `threads` threads. Outcomes come back in seed order.
pub fn run_seeds(from: u64, count: u64, config: &FuzzConfig, threads: usize) -> Result<FuzzSummary, String> {
    run_seeds_reporting(from, count, config, threads, &|_| {})
}

/// [`run_seeds`], calling `done` as each seed finishes (from any thread), to show progress.
pub fn run_seeds_reporting(
    from: u64,
    count: u64,
    config: &FuzzConfig,
    threads: usize,
    done: &(dyn Fn(&SeedOutcome) + Sync),
) -> Result<FuzzSummary, String> {
    let start = Instant::now();
    let threads = threads.clamp(1, 64) as u64;
    let mut outcomes: Vec<SeedOutcome> = Vec::with_capacity(count as usize);
    let parts: Vec<Result<Vec<SeedOutcome>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (0..count)
                        .filter(|i| i % threads == t)
                        .map(|i| {
                            let outcome = run_seed(from.wrapping_add(i), config);
                            if let Ok(o) = &outcome {
                                done(o);
                            }
                            outcome
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a fuzz thread panicked".to_string())))
            .collect()
    });
    for part in parts {
        outcomes.extend(part?);
    }
    outcomes.sort_by_key(|o| o.seed.wrapping_sub(from));
    Ok(FuzzSummary {
        outcomes,
        seconds: start.elapsed().as_secs_f64(),
    })
}
