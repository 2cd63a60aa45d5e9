//! # consensus-sim: Raft and Paxos, simulated deterministically and checked on every step
//!
//! This crate is the engine of Consensus Lab. It has no web dependency: the browser app and the command line
//! run the same code.
//!
//! - A protocol is a pure state machine ([`Protocol`]): handlers take a message, a timer or a client request
//!   and push effects as data ([`Effect`]).
//! - The [`Simulator`] owns everything else: simulated time in integer microseconds, one event queue ordered
//!   by (time, sequence number), one seeded generator of a fixed algorithm ([`rng::Rng`]), the network and
//!   the client. The same configuration and seed give the same run, event for event, on every platform.
//! - After every step a protocol's [`Checker`] looks at what changed and records any broken safety
//!   rule as a [`Violation`].
//!
//! The modules form layers, and `tests/layers.rs` fails on an import that crosses them or closes a cycle:
//! - `protocol/`: the seam. The [`Protocol`] trait and its plain types, the [`Checker`] trait and the
//!   [`NodeSlot`] checks read; it imports nothing above it.
//! - `raft/`, `paxos/`, `commit/` (2PC, 3PC and Paxos Commit): the protocols, each a folder with its messages,
//!   notes, checks and [`protocol::Names`] (options, bugs, invariants), meeting the rest only through
//!   `protocol`, where what two of them share lives (Paxos's ballots and acceptor rule, `protocol/ballot.rs`).
//! - `sim/`: the simulator, generic over `Protocol`: event queue, network, client, actions, records.
//! - `scenario/`, `fuzz.rs`, `main.rs`: scenario files, the fuzzer and the command line, which name the
//!   protocols.
//!
//! **Adding a protocol** is a folder beside `raft/` and `paxos/`: a node type implementing [`Protocol`] and
//! [`NodeView`], its `Message` (with [`MessageMeta`]), its `Note`, its [`Checker`], and a `NAMES` constant.
//! Outside the folder it touches four files of the engine: `lib.rs` (the module), `scenario/mod.rs` (its
//! name in [`scenario::ProtocolName`]), `scenario/run.rs` (how a scenario configures it, and the dispatch)
//! and `main.rs` (the benchmark's dispatch). A family with new events or checks (the commit protocols'
//! `begin`, `vote`, `decided`) adds them to the scenario reader, and a fuzz schedule of its own in `fuzz/`. The web app shows it once `src/model/cluster.rs` starts it and
//! it has a `Details` (the inspector) and a `Told` (the feed's sentences).
//!
//! ```
//! use consensus_sim::raft::{RaftConfig, RaftNode};
//! use consensus_sim::{NodeView, Role, SimConfig, Simulator};
//!
//! let mut sim: Simulator<RaftNode> = Simulator::new(5, RaftConfig::default(), SimConfig::seeded(42), vec![]);
//! sim.run_until(2_000_000); // two simulated seconds
//! let leaders = sim.nodes().iter().filter(|s| s.node.role() == Role::Leader).count();
//! assert_eq!(leaders, 1);
//! assert!(sim.violations().is_empty());
//! ```

// The seam, and the plain types beneath everything.
pub mod action;
pub mod protocol;
// Small deterministic building blocks.
pub mod chunked;
pub mod rng;
pub mod sorted_map;
pub mod trace;
// The protocols, each in its folder, meeting the rest only through `protocol`.
pub mod commit;
pub mod paxos;
pub mod raft;
// The simulator, generic over the protocol.
pub mod sim;
// Scenario and history files, and the fuzzer, above the simulator.
pub mod comparison;
pub mod detection;
pub mod fuzz;
pub mod hard_histories;
pub mod history;
pub mod linearizability;
pub mod scenario;

pub use action::Action;
pub use protocol::{
    Answer, Call, Checker, ClientOutcome, Command, Delay, Effect, EntryView, MessageMeta, Micros, NodeId, NodeSlot,
    NodeView, Out, Protocol, RequestId, Role, SharedCall, Timer, Value, Violation, MAX_NODES,
};
pub use sim::{
    Conditions, FeedItem, InFlight, JournalEntry, LeaderChange, Links, MessageStats, Narrative, Payload, SimConfig,
    Simulator, CLIENT,
};
