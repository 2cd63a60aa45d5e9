//! Log compaction, as Ongaro's dissertation has it (chapter 5) and the Raft paper's Figure 13: each server
//! snapshots what it applied and drops the log before it; a leader sends its snapshot to a follower that
//! needs entries it no longer has; the snapshot is persisted and a restart loads it. Rules first on nodes
//! driven by hand, then in whole simulated clusters.

mod common;

use std::rc::Rc;

use common::{append_ok, sent, vote_reply};
use consensus_sim::action::Action;
use consensus_sim::history::Op;
use consensus_sim::raft::{Entry, Log, Message, Persisted, RaftConfig, RaftNode, Snapshot};
use consensus_sim::{Call, Command, Effect, NodeView, Protocol, Role, SharedCall, SimConfig, Simulator, Timer};

type Out = consensus_sim::Out<RaftNode>;

fn put(key: &str, value: &str, request: u64) -> SharedCall {
    SharedCall::new(Call::new(1, key, Op::Put(value.into()), request))
}

fn config(every: u64) -> RaftConfig {
    RaftConfig {
        snapshot_every: every,
        ..RaftConfig::default()
    }
}

/// Node 1 of 3, leader of term 1, with `count` puts x=1.. committed and applied (S2 stores them).
fn leader(every: u64, count: u64) -> RaftNode {
    let mut out = Vec::new();
    let mut n = RaftNode::on_restart(1, 3, &config(every), Persisted::default(), &mut out);
    n.on_timer(Timer::Election, &mut out);
    n.on_message(2, vote_reply(n.current_term, true), &mut out);
    assert_eq!(n.role, Role::Leader);
    for i in 1..=count {
        n.on_client_request(i, put("x", &i.to_string(), i), &mut out);
    }
    n.on_message(2, append_ok(1, count), &mut out);
    assert_eq!(n.last_applied, count);
    n
}

fn snapshot_sent(out: &Out) -> Option<(u8, Rc<Snapshot>)> {
    sent(out).into_iter().find_map(|(to, m)| match m {
        Message::InstallSnapshot { snapshot, .. } => Some((to, snapshot)),
        _ => None,
    })
}

#[test]
fn ch5_a_server_snapshots_what_it_applied_and_drops_the_log_before_it() {
    let mut n = leader(4, 6);
    // The snapshot is taken at the server's next input.
    let mut out = Vec::new();
    n.on_timer(Timer::Heartbeat, &mut out);
    assert_eq!(n.log.snapshot_index(), 6, "through the last entry applied");
    assert_eq!(n.log.snapshot_term(), 1, "lastIncludedTerm is the term of that entry");
    assert_eq!(n.log.last_index(), 6, "indexes go on from the snapshot");
    assert!(n.log.get(3).is_none(), "the entries it covers are gone");
    assert!(
        out.contains(&Effect::Persist),
        "a snapshot is written to stable storage"
    );
    let snapshot = n.snapshot.clone().expect("a snapshot");
    assert_eq!(snapshot.state.get("x").map(String::as_str), Some("6"));
    assert_eq!(n.persisted().snapshot, Some(snapshot));
    // Fewer than `snapshot_every` more entries applied: no new snapshot.
    n.on_client_request(7, put("x", "7", 7), &mut out);
    n.on_message(2, append_ok(1, 7), &mut out);
    n.on_timer(Timer::Heartbeat, &mut Vec::new());
    assert_eq!(n.log.snapshot_index(), 6);
}

#[test]
fn fig13_a_leader_sends_its_snapshot_to_a_follower_that_needs_compacted_entries() {
    let mut n = leader(4, 6);
    let mut out = Vec::new();
    n.on_timer(Timer::Heartbeat, &mut out);
    let (to, snapshot) = snapshot_sent(&out).expect("S3 needs entry 1, compacted away: InstallSnapshot");
    assert_eq!((to, snapshot.last_included_index), (3, 6));
    assert!(
        sent(&out)
            .iter()
            .any(|(to, m)| *to == 2 && matches!(m, Message::AppendEntries { .. })),
        "S2, which holds entry 6, still gets AppendEntries"
    );
    // S3 says it installed it: the leader goes on from the entry after the snapshot.
    let mut out = Vec::new();
    n.on_message(
        3,
        Message::InstallSnapshotReply {
            term: 1,
            match_index: 6,
        },
        &mut out,
    );
    assert_eq!((n.match_index[3], n.next_index[3]), (6, 7));
}

/// A follower of term 1 with `log` (terms), none committed.
fn follower(log: &[u64]) -> RaftNode {
    let entries = log
        .iter()
        .map(|&term| Entry {
            term,
            command: Command::Noop,
        })
        .collect();
    let persisted = Persisted {
        current_term: 1,
        log: Log::from_entries(entries),
        ..Persisted::default()
    };
    RaftNode::on_restart(3, 3, &config(0), persisted, &mut Vec::new())
}

fn install(f: &mut RaftNode, snapshot: &Rc<Snapshot>) -> Out {
    let mut out = Vec::new();
    let msg = Message::InstallSnapshot {
        term: 1,
        snapshot: snapshot.clone(),
    };
    f.on_message(1, msg, &mut out);
    out
}

#[test]
fn fig13_a_follower_keeps_the_entries_after_a_snapshot_its_log_agrees_with() {
    let snapshot = Rc::new(leader(4, 6).snapshot_of_now());
    let mut f = follower(&[1, 1, 1, 1, 1, 1, 1, 1]);
    let out = install(&mut f, &snapshot);
    assert_eq!(f.log.snapshot_index(), 6);
    assert_eq!(f.log.last_index(), 8, "entries 7 and 8 stay (step 6)");
    assert_eq!((f.commit_index, f.last_applied), (6, 6));
    assert_eq!(f.state_machine.get("x").map(String::as_str), Some("6"), "step 8");
    assert!(sent(&out).contains(&(
        1,
        Message::InstallSnapshotReply {
            term: 1,
            match_index: 6
        }
    )));
}

#[test]
fn fig13_a_follower_whose_log_disagrees_at_the_snapshot_discards_it_all() {
    let snapshot = Rc::new(leader(4, 6).snapshot_of_now());
    // Entry 6 is of another term: everything after it is suspect too (step 7).
    let mut f = follower(&[1, 1, 1, 1, 1, 0, 0]);
    install(&mut f, &snapshot);
    assert_eq!((f.log.snapshot_index(), f.log.last_index()), (6, 6));
    let mut g = follower(&[1, 1]);
    install(&mut g, &snapshot);
    assert_eq!((g.log.snapshot_index(), g.log.last_index(), g.commit_index), (6, 6, 6));
}

#[test]
fn ch5_1_a_restart_loads_the_snapshot() {
    let mut n = leader(4, 6);
    n.on_timer(Timer::Heartbeat, &mut Vec::new());
    let persisted = n.persisted();
    let back = RaftNode::on_restart(1, 3, &config(4), persisted, &mut Vec::new());
    assert_eq!((back.commit_index, back.last_applied), (6, 6));
    assert_eq!(back.state_machine.get("x").map(String::as_str), Some("6"));
    assert_eq!((back.log.snapshot_index(), back.log.last_term()), (6, 1));
}

/// The snapshot a leader would take now, through what it applied.
trait SnapshotOfNow {
    fn snapshot_of_now(self) -> Snapshot;
}

impl SnapshotOfNow for RaftNode {
    fn snapshot_of_now(mut self) -> Snapshot {
        self.on_timer(Timer::Heartbeat, &mut Vec::new());
        (*self.snapshot.expect("taken")).clone()
    }
}

fn cluster(seed: u64, every: u64) -> Simulator<RaftNode> {
    let mut sim = Simulator::new(5, config(every), SimConfig::seeded(seed), vec![]);
    sim.run_until(1_500_000);
    sim
}

#[test]
fn fig13_a_follower_back_from_a_crash_is_restored_by_install_snapshot() {
    for seed in 0..20 {
        let mut sim = cluster(seed, 5);
        let leader = (1..=5)
            .find(|&id| sim.node(id).node.role() == Role::Leader)
            .expect("a leader");
        let behind = leader % 5 + 1;
        sim.apply(&Action::Crash(behind));
        let mut at = sim.now();
        for i in 0..20 {
            sim.apply(&Action::Request {
                value: format!("k{}=v{i}", i % 3).into(),
                node: Some(leader),
            });
            at += 30_000;
            sim.run_until(at);
        }
        sim.run_until(at + 300_000);
        let top = sim.node(leader).node.log.snapshot_index();
        assert!(top >= 15, "seed {seed}: the leader compacted its log (through {top})");
        sim.apply(&Action::Restart(behind));
        sim.run_until(at + 800_000);
        let restored = &sim.node(behind).node;
        assert!(
            restored.log.snapshot_index() >= top,
            "seed {seed}: S{behind} installed the leader's snapshot"
        );
        assert_eq!(
            restored.state_machine,
            sim.node(leader).node.state_machine,
            "seed {seed}"
        );
        assert_eq!(
            restored.commit_index(),
            sim.node(leader).node.commit_index(),
            "seed {seed}"
        );
        assert!(sim.violations().is_empty(), "seed {seed}: {:?}", sim.violations());
    }
}

#[test]
fn compaction_changes_nothing_a_client_sees() {
    for seed in 0..10 {
        let run = |every| {
            let mut sim = cluster(seed, every);
            for i in 0..40 {
                sim.apply(&Action::Request {
                    value: format!("k{}=v{i}", i % 4).into(),
                    node: None,
                });
                sim.run_until(sim.now() + 25_000);
            }
            sim.run_until(sim.now() + 500_000);
            (1..=5)
                .map(|id| sim.node(id).node.state_machine.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run(3),
            run(0),
            "seed {seed}: the same state machines with and without snapshots"
        );
    }
}
