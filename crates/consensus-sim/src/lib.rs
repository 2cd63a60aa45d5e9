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
//! - After every step a protocol's [`checks::Checker`] looks at what changed and records any broken safety
//!   rule as a [`Violation`].
//!
//! ```
//! use consensus_sim::raft::{RaftConfig, RaftNode};
//! use consensus_sim::{NodeView, Role, SimConfig, Simulator};
//!
//! let config = SimConfig { seed: 42, conditions: Default::default(), client_retry: 100_000 };
//! let mut sim: Simulator<RaftNode> = Simulator::new(5, RaftConfig::default(), config, vec![]);
//! sim.run_until(2_000_000); // two simulated seconds
//! let leaders = sim.nodes().iter().filter(|s| s.node.role() == Role::Leader).count();
//! assert_eq!(leaders, 1);
//! assert!(sim.violations().is_empty());
//! ```

pub mod action;
pub mod checks;
pub mod chunked;
pub mod client;
pub mod decimal;
pub mod fuzz;
pub mod json;
pub mod network;
pub mod note;
pub mod order;
pub mod paxos;
pub mod protocol;
pub mod raft;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod sorted_map;
pub mod timeline;
pub mod trace;

pub use action::Action;
pub use checks::Violation;
pub use network::{Conditions, Links};
pub use note::{AppendRefusal, FeedItem, Narrative, Note, PaxosNote, VoteRefusal};
pub use protocol::{
    ClientOutcome, Command, Delay, Effect, EntryView, MessageMeta, Micros, NodeId, NodeView, Protocol, RequestId, Role,
    Timer, Value, MAX_NODES,
};
pub use sim::{InFlight, JournalEntry, LeaderChange, MessageStats, NodeSlot, Payload, SimConfig, Simulator, CLIENT};
