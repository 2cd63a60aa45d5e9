//! The commit protocols' fault schedules: transactions between random accounts (some overdrawn, so some
//! participants vote no), forced no votes, and faults aimed at the coordinator between the phases, besides
//! the crashes, partitions, cuts and lossy links every schedule has. After healing, every transaction begun
//! must be decided at every participant that heard of it, once all nodes are up.

use super::{heal_everything, random_cut, random_network, random_partition, timed, FuzzConfig, LIVENESS_MS};
use crate::rng::Rng;
use crate::scenario::{Check, Event, Scenario, Selector, TimedEvent, Timing, DEFAULT_FAULT_TOLERANCE};

/// A transfer between 2 or 3 distinct accounts of the `participants`, amounts up to 60 either way: a few
/// overdraw an account, whose participant votes no.
fn transaction(rng: &mut Rng, participants: u8) -> Vec<String> {
    let count = rng.between(2, 3.min(participants as u64));
    let mut accounts: Vec<u8> = Vec::new();
    while accounts.len() < count as usize {
        let a = rng.below(participants as u64) as u8;
        if !accounts.contains(&a) {
            accounts.push(a);
        }
    }
    accounts
        .into_iter()
        .map(|a| {
            let amount = rng.between(1, 60);
            let sign = if rng.below(2) == 0 { '-' } else { '+' };
            format!("{}{sign}{amount}", (b'a' + a) as char)
        })
        .collect()
}

/// Draws seed `seed`'s schedule for a commit protocol.
pub fn schedule(seed: u64, config: &FuzzConfig) -> Scenario {
    let mut rng = Rng::new(seed ^ 0xC0CC_17C0_C0CC_17C0);
    let n = config.nodes;
    let commit = crate::commit::CommitConfig {
        variant: crate::scenario::commit_variant(config.protocol),
        fault_tolerance: DEFAULT_FAULT_TOLERANCE,
        ..Default::default()
    };
    let participants = commit.participants(n);
    let first = commit.first_participant();
    let node = |rng: &mut Rng| Selector::Id(rng.between(1, n as u64) as u8);
    let mut events: Vec<TimedEvent> = Vec::new();
    let mut push = |at: u64, event: Event| events.push(timed(at, event));
    let mut at = 0;
    loop {
        at += rng.between(20, 300);
        if at >= config.run_ms {
            break;
        }
        let event = match rng.below(100) {
            0..=34 => Event::Begin {
                writes: transaction(&mut rng, participants),
            },
            35..=39 => Event::Vote {
                node: Selector::Id(rng.between(first as u64, n as u64) as u8),
                yes: false,
            },
            40..=47 => Event::Crash { node: node(&mut rng) },
            48..=52 => Event::Crash { node: Selector::Id(1) },
            53..=64 => Event::Restart { node: node(&mut rng) },
            65..=69 => random_partition(&mut rng, n),
            70..=74 => Event::Heal,
            75..=78 => random_cut(&mut rng, n),
            79..=82 => random_network(&mut rng),
            83..=90 => {
                // The coordinator crashes between the phases: after its Prepares leave, perhaps after some
                // votes or some of the outcome, and comes back a while later.
                push(
                    at,
                    Event::Begin {
                        writes: transaction(&mut rng, participants),
                    },
                );
                let crash = at + rng.between(5, 60);
                push(crash, Event::Crash { node: Selector::Id(1) });
                at = crash + rng.between(100, 1500);
                Event::Restart { node: Selector::Id(1) }
            }
            91..=94 => {
                // One participant is cut off from everyone just as a transaction runs.
                let p = Selector::Id(rng.between(first as u64, n as u64) as u8);
                push(at, Event::Partition { groups: vec![vec![p]] });
                push(
                    at,
                    Event::Begin {
                        writes: transaction(&mut rng, participants),
                    },
                );
                at += rng.between(20, 400);
                Event::Heal
            }
            _ => Event::Timeout { node: node(&mut rng) },
        };
        push(at, event);
    }
    let end = config.run_ms;
    heal_everything(&mut events, end, n);
    events.push(timed(
        end + LIVENESS_MS,
        Event::Expect(Check::Decided {
            txn: None,
            outcome: None,
        }),
    ));
    events.sort_by_key(|e| e.at_ms);
    let min = rng.between(40, 200);
    let timing = Timing {
        election_timeout: (min * 1000, (min + rng.between(min / 2, min)) * 1000),
        heartbeat: (min / 3).max(5) * 1000,
        client_retry: rng.between(50, 1000) * 1000,
        ..Timing::default()
    };
    let cooperative = config.protocol == crate::scenario::ProtocolName::TwoPc && rng.below(2) == 0;
    Scenario {
        title: Some(format!("fuzz seed {seed}")),
        description: Some(format!(
            "A random fault schedule drawn by consensus-sim fuzz, then healed: every transaction must be decided at every participant within {LIVENESS_MS} ms."
        )),
        options: if cooperative { vec!["cooperative".into()] } else { Vec::new() },
        bugs: config.bug.iter().cloned().collect(),
        events,
        run_ms: end + LIVENESS_MS,
        timing,
        ..Scenario::plain(config.protocol, n, seed)
    }
}
