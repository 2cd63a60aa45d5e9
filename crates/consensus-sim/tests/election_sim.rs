//! Elections in whole simulated clusters: determinism, and many seeds (Raft paper §5.2).

use consensus_sim::raft::{RaftConfig, RaftNode};
use consensus_sim::{NodeView, Role, SimConfig, Simulator};

fn cluster(seed: u64, size: u8) -> Simulator<RaftNode> {
    Simulator::new(size, RaftConfig::default(), SimConfig::seeded(seed), vec![])
}

/// The trace hash of seed 42, five nodes, ten simulated seconds. The browser test reads the same file, which
/// is how the native and wasm runs are shown to be one run. A deliberate change to the protocol or the
/// simulator changes it: update the file in the same commit.
fn pinned_seed_42_trace() -> u64 {
    let text = include_str!("seed42.trace").trim().trim_start_matches("0x");
    u64::from_str_radix(text, 16).expect("seed42.trace holds a hex hash")
}

#[test]
fn the_same_seed_gives_the_same_run_event_for_event() {
    let mut a = cluster(42, 5);
    let mut b = cluster(42, 5);
    a.run_until(10_000_000);
    b.run_until(10_000_000);
    assert_eq!(a.events_processed(), b.events_processed());
    assert_eq!(a.trace_hash(), b.trace_hash());
    let mut c = cluster(43, 5);
    c.run_until(10_000_000);
    assert_ne!(a.trace_hash(), c.trace_hash(), "a different seed is a different run");
    println!("seed 42 trace hash: {:#x}", a.trace_hash());
    assert_eq!(a.trace_hash(), pinned_seed_42_trace());
}

#[test]
fn a_thousand_seeds_each_elect_exactly_one_leader_within_two_seconds() {
    for seed in 0..1000 {
        let mut sim = cluster(seed, 5);
        sim.run_until(2_000_000);
        let leaders: Vec<_> = sim.nodes().iter().filter(|s| s.node.role() == Role::Leader).collect();
        assert_eq!(leaders.len(), 1, "seed {seed}: {} leaders at 2 s", leaders.len());
        let term = leaders[0].node.term();
        assert!(
            sim.nodes().iter().all(|s| s.node.term() == term),
            "seed {seed}: the heartbeats brought everyone to term {term}"
        );
        // §5.2 Election Safety: never two leaders in one term, over the whole run.
        let mut by_term = std::collections::BTreeMap::new();
        for change in sim.leaders() {
            let first = by_term.entry(change.term).or_insert(change.node);
            assert_eq!(*first, change.node, "seed {seed}: two leaders in term {}", change.term);
        }
        assert!(sim.violations().is_empty(), "seed {seed}: {:?}", sim.violations());
    }
}

#[test]
fn s5_2_a_forced_split_vote_is_resolved_by_randomized_retries() {
    // Four nodes, majority three. S3 can only hear S1 and S4 only S2, so when S1 and S2 time out together
    // each collects exactly two votes.
    let mut sim = cluster(7, 4);
    sim.links.set_cut(2, 3, true);
    sim.links.set_cut(3, 2, true);
    sim.links.set_cut(1, 4, true);
    sim.links.set_cut(4, 1, true);
    sim.force_timeout(1);
    sim.force_timeout(2);
    sim.run_until(100_000);
    let candidates = sim.nodes().iter().filter(|s| s.node.role() == Role::Candidate).count();
    assert_eq!(candidates, 2, "both candidates are stuck on two votes each");
    assert!(sim.nodes().iter().all(|s| s.node.role() != Role::Leader));
    sim.links.heal();
    sim.run_until(3_000_000);
    let leaders: Vec<_> = sim.nodes().iter().filter(|s| s.node.role() == Role::Leader).collect();
    assert_eq!(leaders.len(), 1);
    assert!(leaders[0].node.term() >= 2, "the retry happened in a later term");
}

#[test]
fn a_scripted_action_runs_as_the_readers_would_and_is_told_as_the_lessons() {
    use consensus_sim::{Action, Narrative};
    let (mut by_reader, mut by_lesson) = (cluster(7, 5), cluster(7, 5));
    for sim in [&mut by_reader, &mut by_lesson] {
        sim.keep_feed();
        sim.run_until(1_000_000);
    }
    by_reader.apply(&Action::Crash(2));
    by_lesson.apply_scripted(&Action::Crash(2));
    for sim in [&mut by_reader, &mut by_lesson] {
        sim.run_until(3_000_000);
    }
    // The same run, event for event: who took the action changes only the feed's words.
    assert_eq!(by_reader.trace_hash(), by_lesson.trace_hash());
    let told = |sim: &Simulator<RaftNode>| {
        sim.feed()
            .iter()
            .find_map(|item| match &item.what {
                Narrative::Action(a) => Some(("reader", a.clone())),
                Narrative::Scripted(a) => Some(("lesson", a.clone())),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(told(&by_reader), ("reader", Action::Crash(2)));
    assert_eq!(told(&by_lesson), ("lesson", Action::Crash(2)));
}
