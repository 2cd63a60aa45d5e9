//! The commit protocols side by side: one transaction over the same participants, with no fault and with
//! the coordinator crashing while the votes are on their way to it (back two seconds later). For each run: the
//! messages the protocol sent, the message delays until the last participant decided, the forced log writes,
//! and how long a participant was blocked in doubt. The command line prints it (`consensus-sim compare`);
//! the page shows the same table.

use crate::commit::{CommitConfig, CommitNode};
use crate::protocol::{Micros, NodeView};
use crate::scenario::{commit_variant, ProtocolName};
use crate::sim::{Conditions, SimConfig, Simulator};
use crate::Action;

/// The one-way delay of every message in the comparison: fixed, so delays count exactly.
pub const LATENCY_US: Micros = 10_000;
/// When the transaction is begun, and when the coordinator crashes in the faulty run: its Prepares have
/// left, the votes are on their way.
const BEGIN_US: Micros = 100_000;
const CRASH_US: Micros = BEGIN_US + LATENCY_US + LATENCY_US / 2 + LATENCY_US;
/// How long the crashed coordinator stays down.
pub const DOWN_US: Micros = 2_000_000;
const RUN_US: Micros = 5_000_000;

/// The protocols compared, in the order shown: Paxos Commit with F = 1.
pub const PROTOCOLS: [ProtocolName; 3] = [ProtocolName::TwoPc, ProtocolName::ThreePc, ProtocolName::PaxosCommit];

/// One protocol's figures under one fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub protocol: ProtocolName,
    pub coordinator_crash: bool,
    /// Messages between nodes (not the client's), to the end of the run.
    pub messages: u64,
    /// Message delays from the coordinator's receipt of the transaction until the last participant decided.
    pub delays: u64,
    /// Log records forced to disk, on every node.
    pub forced_writes: u64,
    /// The longest time a participant spent in doubt, holding its lock.
    pub blocked_us: Micros,
    /// The outcome every participant reached, if all reached one.
    pub outcome: Option<bool>,
}

/// The comparison for one transaction over `participants` participants (2 to 6).
pub fn compare(participants: u8) -> Vec<Row> {
    PROTOCOLS
        .iter()
        .flat_map(|&p| [false, true].map(|crash| run(p, participants, crash)))
        .collect()
}

fn run(protocol: ProtocolName, participants: u8, coordinator_crash: bool) -> Row {
    let config = CommitConfig {
        variant: commit_variant(protocol),
        ..CommitConfig::default()
    };
    let nodes = config.first_participant() - 1 + participants;
    let sim_config = SimConfig {
        conditions: Conditions {
            latency: (LATENCY_US, LATENCY_US),
            ..Conditions::default()
        },
        ..SimConfig::seeded(1)
    };
    let mut sim: Simulator<CommitNode> = Simulator::new(nodes, config, sim_config, vec![]);
    let writes: Vec<String> = (0..participants)
        .map(|p| format!("{}{}", (b'a' + p) as char, if p == 0 { "-2" } else { "+1" }))
        .collect();
    sim.run_until(BEGIN_US);
    sim.apply(&Action::Request {
        value: writes.join(" ").into(),
        node: Some(1),
    });
    let first = config.first_participant();
    let mut in_doubt_since: Vec<Option<Micros>> = vec![None; participants as usize];
    let mut blocked_us = 0;
    let mut decided = vec![false; participants as usize];
    let mut decided_at = 0;
    let mut crashed = false;
    let mut restarted = false;
    while let Some(at) = sim.next_event_at().filter(|&at| at <= RUN_US) {
        if coordinator_crash && !crashed && at >= CRASH_US {
            sim.run_until(CRASH_US);
            sim.apply(&Action::Crash(1));
            crashed = true;
            continue;
        }
        if crashed && !restarted && at >= CRASH_US + DOWN_US {
            sim.run_until(CRASH_US + DOWN_US);
            sim.apply(&Action::Restart(1));
            restarted = true;
            continue;
        }
        sim.step();
        for (i, since) in in_doubt_since.iter_mut().enumerate() {
            let view = sim.node(first + i as u8).node.transactions().into_iter().next();
            match view.map(|v| v.state) {
                Some(s) if s.in_doubt() => {
                    since.get_or_insert(sim.now());
                }
                Some(s) if s.outcome().is_some() && !decided[i] => {
                    decided[i] = true;
                    if let Some(from) = since.take() {
                        blocked_us = blocked_us.max(sim.now() - from);
                    }
                    decided_at = decided_at.max(sim.now());
                }
                _ => {}
            }
        }
    }
    let outcomes: Vec<Option<bool>> = (0..participants)
        .map(|i| {
            let node = &sim.node(first + i).node;
            node.transactions().first().and_then(|v| v.state.outcome())
        })
        .collect();
    let outcome = outcomes
        .iter()
        .all(|o| *o == outcomes[0])
        .then_some(outcomes[0])
        .flatten();
    let messages = sim
        .stats()
        .by_type
        .iter()
        .filter(|(kind, _)| !kind.starts_with("Client"))
        .map(|(_, n)| n)
        .sum();
    let forced_writes = sim
        .nodes()
        .iter()
        .map(|s| s.node.wal.iter().filter(|r| r.forced()).count() as u64)
        .sum();
    let received = BEGIN_US + LATENCY_US;
    Row {
        protocol,
        coordinator_crash,
        messages,
        delays: decided_at.saturating_sub(received).div_ceil(LATENCY_US),
        forced_writes,
        blocked_us,
        outcome,
    }
}

/// The table as the command line prints it.
pub fn table(participants: u8, rows: &[Row]) -> String {
    let mut text = format!(
        "one transaction over {participants} participants; every message takes {} ms; the coordinator crashes while the votes are on their way, and is back {} s later\n",
        LATENCY_US / 1000,
        DOWN_US / 1_000_000
    );
    text.push_str(&format!(
        "{:<14} {:<19} {:>8} {:>7} {:>13} {:>12}  {}\n",
        "protocol", "fault", "messages", "delays", "forced writes", "blocked", "outcome"
    ));
    for row in rows {
        text.push_str(&format!(
            "{:<14} {:<19} {:>8} {:>7} {:>13} {:>9} ms  {}\n",
            row.protocol.name(),
            if row.coordinator_crash {
                "coordinator crash"
            } else {
                "none"
            },
            row.messages,
            row.delays,
            row.forced_writes,
            row.blocked_us / 1000,
            match row.outcome {
                Some(true) => "commit",
                Some(false) => "abort",
                None => "split",
            }
        ));
    }
    text
}
