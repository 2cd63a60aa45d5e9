//! Paper tests for Paxos, from Lamport's "Paxos Made Simple" (§2.2 choosing a value, §2.3 learning it,
//! §3 Multi-Paxos), and for the checks that watch it. Each test drives one node's handlers directly and
//! reads the effects it returns.

mod common;
use common::sent;

use consensus_sim::paxos::{Accepted, Ballot, Message, PaxosChecker, PaxosConfig, PaxosNode, Persisted};
use consensus_sim::Checker;
use consensus_sim::{Call, Command, Effect, NodeId, NodeSlot, Protocol, Role, SharedCall, Timer, Value};

type Out = consensus_sim::Out<PaxosNode>;

fn ballot(round: u64, node: NodeId) -> Ballot {
    Ballot { round, node }
}

/// A request as the request button makes it: "k=v", a put.
fn request(value: &str) -> SharedCall {
    SharedCall::new(Call::request(value.into(), 0))
}

fn put(value: &str) -> Command {
    Command::Client {
        request: 1,
        call: request(value),
    }
}

fn boot(id: NodeId, single_decree: bool, persisted: Persisted) -> (PaxosNode, Out) {
    let config = PaxosConfig {
        single_decree,
        ..PaxosConfig::default()
    };
    let mut out = Vec::new();
    let node = PaxosNode::on_restart(id, 5, &config, persisted, &mut out);
    (node, out)
}

fn multi(id: NodeId) -> PaxosNode {
    boot(id, false, Persisted::default()).0
}

fn deliver(node: &mut PaxosNode, from: NodeId, msg: Message) -> Out {
    let mut out = Vec::new();
    node.on_message(from, msg, &mut out);
    out
}

fn promise_ok(b: Ballot, accepted: Vec<(u64, Accepted)>) -> Message {
    Message::Promise {
        ballot: b,
        ok: true,
        promised: b,
        accepted,
    }
}

/// §2.2 P1a: an acceptor promises a Prepare at or above its promise, and refuses one below it, naming the
/// ballot it promised.
#[test]
fn an_acceptor_refuses_a_prepare_below_its_promise() {
    let mut n = multi(3);
    let out = deliver(
        &mut n,
        2,
        Message::Prepare {
            ballot: ballot(4, 2),
            from_slot: 1,
        },
    );
    assert_eq!(n.promised, ballot(4, 2));
    assert!(
        out.contains(&Effect::Persist),
        "a promise is persisted before it is sent"
    );
    assert!(matches!(sent(&out)[..], [(2, Message::Promise { ok: true, .. })]));

    let out = deliver(
        &mut n,
        1,
        Message::Prepare {
            ballot: ballot(3, 1),
            from_slot: 1,
        },
    );
    assert_eq!(n.promised, ballot(4, 2), "the promise never decreases");
    match &sent(&out)[..] {
        [(
            1,
            Message::Promise {
                ok: false, promised, ..
            },
        )] => assert_eq!(*promised, ballot(4, 2)),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// §2.2: a promise reports the acceptor's accepted proposals, so the proposer can respect them.
#[test]
fn a_promise_reports_what_the_acceptor_accepted() {
    let mut n = multi(3);
    deliver(
        &mut n,
        2,
        Message::Accept {
            ballot: ballot(1, 2),
            entries: vec![(1, put("x=1")), (2, put("y=2"))],
        },
    );
    let out = deliver(
        &mut n,
        4,
        Message::Prepare {
            ballot: ballot(2, 4),
            from_slot: 2,
        },
    );
    match &sent(&out)[..] {
        [(4, Message::Promise { ok: true, accepted, .. })] => {
            assert_eq!(
                accepted,
                &vec![(
                    2,
                    Accepted {
                        ballot: ballot(1, 2),
                        command: put("y=2")
                    }
                )]
            );
        }
        other => panic!("expected a promise, got {other:?}"),
    }
}

/// §2.2 P1a for Phase 2: an Accept below the promise is refused, and nothing is accepted.
#[test]
fn an_acceptor_refuses_an_accept_below_its_promise() {
    let mut n = multi(3);
    deliver(
        &mut n,
        4,
        Message::Prepare {
            ballot: ballot(5, 4),
            from_slot: 1,
        },
    );
    let out = deliver(
        &mut n,
        2,
        Message::Accept {
            ballot: ballot(3, 2),
            entries: vec![(1, put("x=1"))],
        },
    );
    assert!(n.accepted.get(1).is_none());
    assert!(matches!(sent(&out)[..], [(2, Message::Accepted { ok: false, .. })]));
}

/// §2.2 P2c: with a quorum of promises, the proposer proposes the value of the highest-numbered proposal
/// reported, not its own.
#[test]
fn a_proposer_adopts_the_highest_ballot_value_its_promises_report() {
    let (mut n, _) = boot(1, true, Persisted::default());
    let mut out = Vec::new();
    n.on_client_request(7, request("mine=1"), &mut out);
    let b = n.ballot;
    assert_eq!(n.role, Role::Candidate);
    let older = Accepted {
        ballot: ballot(0, 4),
        command: put("old=1"),
    };
    let newer = Accepted {
        ballot: ballot(0, 5),
        command: put("new=1"),
    };
    deliver(&mut n, 4, promise_ok(b, vec![(1, older)]));
    let out = deliver(&mut n, 5, promise_ok(b, vec![(1, newer)]));
    assert_eq!(n.role, Role::Leader, "Phase 2 after a quorum of three promises");
    let accepts: Vec<_> = sent(&out)
        .into_iter()
        .filter_map(|(_, m)| match m {
            Message::Accept { entries, .. } => Some(entries),
            _ => None,
        })
        .collect();
    assert_eq!(accepts.len(), 4, "Accept goes to every other acceptor");
    assert_eq!(accepts[0], vec![(1, put("new=1"))]);
}

/// §2.2: a value accepted by a majority in one ballot is chosen, and §2.3: the proposer tells every learner.
#[test]
fn a_majority_of_accepts_chooses_the_value_and_learners_are_told() {
    let (mut n, _) = boot(1, true, Persisted::default());
    let mut out = Vec::new();
    n.on_client_request(7, request("x=1"), &mut out);
    let b = n.ballot;
    deliver(&mut n, 2, promise_ok(b, vec![]));
    deliver(&mut n, 3, promise_ok(b, vec![]));
    let accepted = Message::Accepted {
        ballot: b,
        ok: true,
        promised: b,
        slots: vec![1],
    };
    let out = deliver(&mut n, 2, accepted.clone());
    assert!(n.chosen_at(1).is_none(), "two of five is not a majority");
    assert!(sent(&out).is_empty());
    let out = deliver(&mut n, 3, accepted);
    assert_eq!(
        n.chosen_at(1).and_then(|c| c.command.value()).map(|v| &**v),
        Some("x=1")
    );
    let learns = sent(&out)
        .into_iter()
        .filter(|(_, m)| matches!(m, Message::Learn { .. }))
        .count();
    assert_eq!(learns, 4);
    assert_eq!(
        n.role,
        Role::Follower,
        "a Basic Paxos proposer is done once its value is chosen"
    );
}

/// §2.2: ballots are unique per proposer, and a new one overtakes every ballot seen, even after a restart,
/// because the promise is on stable storage.
#[test]
fn ballots_are_unique_and_survive_a_restart() {
    let mut n = multi(2);
    deliver(
        &mut n,
        5,
        Message::Prepare {
            ballot: ballot(7, 5),
            from_slot: 1,
        },
    );
    let (mut n, _) = boot(2, false, n.persisted());
    assert_eq!(n.promised, ballot(7, 5), "the promise survives the crash");
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    assert_eq!(n.ballot, ballot(8, 2));
    assert!(sent(&out).iter().all(|(_, m)| *m
        == Message::Prepare {
            ballot: ballot(8, 2),
            from_slot: 1
        }));
}

/// §3: a new Multi-Paxos leader re-proposes reported values and fills the gaps below them with no-ops.
#[test]
fn a_new_leader_fills_gaps_with_noops() {
    let mut n = multi(1);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    let b = n.ballot;
    let report = vec![(
        3,
        Accepted {
            ballot: ballot(0, 2),
            command: put("z=3"),
        },
    )];
    deliver(&mut n, 2, promise_ok(b, report));
    let out = deliver(&mut n, 3, promise_ok(b, vec![]));
    assert_eq!(n.role, Role::Leader);
    let first_accept = sent(&out).into_iter().find_map(|(_, m)| match m {
        Message::Accept { entries, .. } => Some(entries),
        _ => None,
    });
    assert_eq!(
        first_accept,
        Some(vec![(1, Command::Noop), (2, Command::Noop), (3, put("z=3"))])
    );
}

/// §3: a leader that sees a higher ballot steps down, and followers redirect clients to the leader.
#[test]
fn a_leader_steps_down_on_a_higher_ballot() {
    let mut n = multi(1);
    let mut out = Vec::new();
    n.on_timer(Timer::Election, &mut out);
    let b = n.ballot;
    deliver(&mut n, 2, promise_ok(b, vec![]));
    deliver(&mut n, 3, promise_ok(b, vec![]));
    assert_eq!(n.role, Role::Leader);
    deliver(
        &mut n,
        4,
        Message::Heartbeat {
            ballot: ballot(b.round + 1, 4),
            commit: 0,
            round: 0,
        },
    );
    assert_eq!(n.role, Role::Follower);
    assert_eq!(n.leader, Some(4));
    let mut out = Vec::new();
    n.on_client_request(9, request("x=1"), &mut out);
    assert!(out.iter().any(|e| matches!(
        e,
        Effect::Reply {
            outcome: consensus_sim::ClientOutcome::Redirect(Some(4)),
            ..
        }
    )));
}

/// The checks have teeth: an accept below the node's earlier promise, a promise that goes back, two
/// values chosen in one slot, and a chosen value nobody proposed are each reported by name.
#[test]
fn the_checker_reports_each_paxos_invariant() {
    let slot = |node: PaxosNode| NodeSlot::running(node.id, node);
    let mut checker = PaxosChecker::new(3);
    let mut found = Vec::new();
    let (mut a, _) = boot(1, false, Persisted::default());
    deliver(
        &mut a,
        2,
        Message::Prepare {
            ballot: ballot(5, 2),
            from_slot: 1,
        },
    );
    let mut nodes = vec![slot(a.clone()), slot(multi(2)), slot(multi(3))];
    checker.after_step(0, 1, &nodes, &[], &mut found);
    assert!(found.is_empty());

    // Forge a lower promise and an accept below the old one, as a buggy acceptor would.
    let (mut forged, _) = boot(1, false, Persisted::default());
    deliver(
        &mut forged,
        3,
        Message::Accept {
            ballot: ballot(2, 3),
            entries: vec![(1, put("x=1"))],
        },
    );
    nodes[0] = slot(forged);
    checker.after_step(1, 1, &nodes, &[], &mut found);
    let names: Vec<_> = found.iter().map(|v| v.invariant).collect();
    assert_eq!(names, ["promise-monotonic", "accept-respects-promise"]);

    // Two acceptors of three accept "y=2" in ballot 3.2: a majority, so it is chosen, but no client
    // proposed it. Then two accept "z=3" in a later ballot: a second value chosen in slot 1.
    found.clear();
    checker.client_request(&Value::from("z=3"));
    for (id, b, v) in [
        (2, ballot(3, 2), "y=2"),
        (3, ballot(3, 2), "y=2"),
        (2, ballot(4, 3), "z=3"),
        (3, ballot(4, 3), "z=3"),
    ] {
        let mut n = multi(id);
        deliver(
            &mut n,
            b.node,
            Message::Accept {
                ballot: b,
                entries: vec![(1, put(v))],
            },
        );
        nodes[id as usize - 1] = slot(n);
        checker.after_step(2, id, &nodes, &[], &mut found);
    }
    let names: Vec<_> = found.iter().map(|v| v.invariant).collect();
    assert_eq!(names, ["validity", "agreement"]);
    assert!(found[1].detail.contains("slot 1"), "{}", found[1].detail);
}

/// Reads by lease in Multi-Paxos ("Paxos Made Live" §5.2, master leases; the analogue of Ongaro's
/// dissertation §4.2.3 and §6.4.1): an acceptor that heard from the leader less than the minimum
/// failure-detector timeout ago, on its own clock, ignores another proposer's Prepare, so the leader's lease
/// (shorter than that timeout) holds; past the timeout the acceptor promises as usual. It answers the leader's
/// heartbeat rounds with whether it still holds the leader's ballot.
#[test]
fn multi_paxos_lease_acceptors_ignore_a_rival_prepare_while_the_leader_was_heard_recently() {
    let config = PaxosConfig {
        read_path: consensus_sim::protocol::kv::ReadPath::Lease,
        ..PaxosConfig::default()
    };
    let mut out = Vec::new();
    let mut n = PaxosNode::on_restart(1, 5, &config, Persisted::default(), &mut out);
    let min = config.election_timeout.0;
    n.set_clock(1_000_000);
    let leader = ballot(1, 2);
    let out = deliver(
        &mut n,
        2,
        Message::Heartbeat {
            ballot: leader,
            commit: 0,
            round: 7,
        },
    );
    assert!(sent(&out)
        .iter()
        .any(|(to, m)| *to == 2 && matches!(m, Message::HeartbeatReply { round: 7, ok: true, .. })));
    n.set_clock(1_000_000 + min - 1);
    let out = deliver(
        &mut n,
        3,
        Message::Prepare {
            ballot: ballot(2, 3),
            from_slot: 1,
        },
    );
    assert!(sent(&out).is_empty(), "ignored: {out:?}");
    assert_eq!(
        (n.promised, n.leader),
        (Ballot::default(), Some(2)),
        "nothing promised to the rival"
    );
    n.set_clock(1_000_000 + min);
    let out = deliver(
        &mut n,
        3,
        Message::Prepare {
            ballot: ballot(2, 3),
            from_slot: 1,
        },
    );
    assert!(sent(&out)
        .iter()
        .any(|(to, m)| *to == 3 && matches!(m, Message::Promise { ok: true, .. })));
    // Having promised the rival, it tells the old leader's next round it no longer holds that ballot.
    let out = deliver(
        &mut n,
        2,
        Message::Heartbeat {
            ballot: leader,
            commit: 0,
            round: 8,
        },
    );
    assert!(sent(&out).iter().any(|(to, m)| *to == 2
        && matches!(
            m,
            Message::HeartbeatReply {
                round: 8,
                ok: false,
                ..
            }
        )));
}
