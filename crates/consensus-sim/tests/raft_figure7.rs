//! Raft paper §5.3, Figure 7: a new leader forces every follower's log to match its own, whatever
//! mixture of missing and extraneous entries the followers hold.

use consensus_sim::raft::RaftNode;
use consensus_sim::scenario::{Initial, ProtocolName, Scenario, Timing};
use consensus_sim::{Action, NodeView, Role, Simulator};

/// Entry terms by index, from the figure. The leader (first) is in term 8.
const LOGS: [&[u64]; 7] = [
    &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6],       // leader
    &[1, 1, 1, 4, 4, 5, 5, 6, 6],          // (a)
    &[1, 1, 1, 4],                         // (b)
    &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],    // (c)
    &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7], // (d)
    &[1, 1, 1, 4, 4, 4, 4],                // (e)
    &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],    // (f)
];

fn figure7(seed: u64, election_timeout: (u64, u64)) -> Simulator<RaftNode> {
    let scenario = Scenario {
        title: None,
        description: None,
        protocol: ProtocolName::Raft,
        nodes: 7,
        seed,
        timing: Timing {
            election_timeout,
            ..Timing::default()
        },
        drop: 0.0,
        duplicate: 0.0,
        options: Default::default(),
        read_path: Default::default(),
        fault_tolerance: 1,
        detector: None,
        snapshot_every: 0,
        bugs: vec![],
        initial: LOGS
            .iter()
            .enumerate()
            .map(|(i, log)| Initial {
                node: i as u8 + 1,
                term: 7,
                log: log.to_vec(),
            })
            .collect(),
        events: vec![],
        run_ms: 1,
    };
    consensus_sim::scenario::simulator_for(&scenario)
}

fn full_log(sim: &Simulator<RaftNode>, id: u8) -> Vec<(u64, Option<String>)> {
    let n = &sim.node(id).node;
    (1..=n.log_len())
        .map(|i| {
            let e = n.entry(i).unwrap();
            (e.term, e.value.map(|v| v.to_string()))
        })
        .collect()
}

fn assert_all_logs_equal_the_leaders(sim: &Simulator<RaftNode>) {
    let leader = sim
        .nodes()
        .iter()
        .find(|s| s.node.role() == Role::Leader)
        .expect("a leader")
        .id;
    let expected = full_log(sim, leader);
    for id in 1..=7 {
        assert_eq!(
            full_log(sim, id),
            expected,
            "S{id}'s log ends identical to leader S{leader}'s"
        );
    }
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

#[test]
fn s5_3_figure_7_the_figures_leader_repairs_every_follower() {
    // Long timeouts, so only the forced timeout starts an election: the figure's leader, in term 8.
    let mut sim = figure7(1, (10_000_000, 20_000_000));
    sim.apply(&Action::Timeout(1));
    sim.run_until(200_000);
    assert_eq!(sim.node(1).node.role(), Role::Leader);
    assert_eq!(sim.node(1).node.term(), 8);
    sim.apply(&Action::Request {
        value: "x=8".into(),
        node: Some(1),
    });
    sim.run_until(2_000_000);
    assert_all_logs_equal_the_leaders(&sim);
    let leader_log = full_log(&sim, 1);
    assert_eq!(leader_log.len(), 11, "the figure's ten entries and the new one");
    assert_eq!(sim.node(4).node.log_len(), 11, "(c)'s extra entry is replaced");
    assert_eq!(
        sim.node(5).node.entry(11).unwrap().term,
        8,
        "(d)'s term-7 entries are gone"
    );
}

#[test]
fn s5_3_figure_7_whichever_node_wins_every_log_ends_identical_to_the_leaders() {
    let mut winners = std::collections::BTreeSet::new();
    for seed in 0..40 {
        let mut sim = figure7(seed, (150_000, 300_000));
        sim.run_until(1_000_000);
        sim.apply(&Action::Request {
            value: format!("seed={seed}").into(),
            node: None,
        });
        sim.run_until(4_000_000);
        let leader = sim.nodes().iter().find(|s| s.node.role() == Role::Leader).unwrap().id;
        winners.insert(leader);
        assert_all_logs_equal_the_leaders(&sim);
    }
    assert!(winners.len() >= 2, "different seeds elect different nodes: {winners:?}");
}
