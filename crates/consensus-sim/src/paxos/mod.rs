//! Paxos, as in Lamport's "Paxos Made Simple": single-decree Basic Paxos, and Multi-Paxos with a stable
//! leader.
//!
//! Every node is proposer, acceptor and learner at once. A proposer picks a ballot that no other proposer
//! uses, (round, node id), and runs Phase 1: Prepare(b) asks the acceptors to promise to ignore every
//! ballot below b, and each Promise reports the highest-ballot proposal the acceptor has accepted. With
//! promises from a quorum the proposer runs Phase 2: Accept(b, v), where v must be the value of the
//! highest-ballot proposal reported, and only a proposer that heard of none may use a value of its own.
//! A value accepted by a quorum in one ballot is chosen; learners learn it from the proposer. Acceptors
//! keep their promise and their accepted proposals on stable storage, so a restart cannot break a promise.
//!
//! Basic Paxos decides one value. A node that gets a client request proposes it; rival proposers overtake
//! each other's ballots, and each backs off for a random time before trying again (without back-off they
//! can duel forever: the `no_backoff` option shows that livelock).
//!
//! Multi-Paxos runs one instance per log slot and lets one distinguished proposer, the leader, run Phase 1
//! once for every slot from its first unchosen one. It re-proposes the values the promises report, fills
//! the gaps with no-ops, then runs only Phase 2 for each client command. It heartbeats the others, who
//! suspect it has failed when its heartbeats stop for a failure-detector timeout and then run Phase 1 with
//! a higher ballot. A leader that sees a higher ballot steps down.
//!
//! Roles are drawn as Raft's: a proposer in Phase 1 is a candidate, one in Phase 2 a leader, and everyone
//! else a follower. A node's "term" is the round of the highest ballot it has promised.

mod acceptor;
mod checks;
mod learner;
pub mod message;
pub mod note;
mod proposer;
mod reads;

use crate::sorted_map::SortedMap;

use crate::chunked::Chunked;

pub use crate::protocol::ballot::Ballot;
pub use acceptor::AcceptedLog;
pub use checks::PaxosChecker;
pub use message::Message;
pub use note::Note;

use crate::protocol::detector::{Detector, DetectorView, PhiSettings};
use crate::protocol::kv::{ReadPath, Store};
use crate::protocol::{
    switches, Command, Delay, Effect, EntryView, Micros, Names, NodeId, NodeView, Protocol, RequestId, Role,
    SharedCall, Timer,
};

/// A proposal an acceptor accepted: its ballot and value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Accepted {
    pub ballot: Ballot,
    pub command: Command,
}

/// A value a learner knows is chosen, with the round of the ballot it learned it in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Chosen {
    pub round: u64,
    pub command: Command,
}

const BUGS: &[&str] = &["quorum-minus-one", "ignore-accepted-values", "accept-lower-ballot"];
const INVARIANTS: &[&str] = &["agreement", "validity", "promise-monotonic", "accept-respects-promise"];

/// Multi-Paxos's options (it has none), bugs and invariants, by the names scenario files give them.
pub const MULTI_NAMES: Names = Names {
    options: &[],
    bugs: BUGS,
    invariants: INVARIANTS,
};

/// Single-decree Basic Paxos's options, bugs and invariants, by the names scenario files give them.
pub const BASIC_NAMES: Names = Names {
    options: &["no_backoff"],
    bugs: BUGS,
    invariants: INVARIANTS,
};

/// Protocol options, all off by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaxosOptions {
    /// Basic Paxos: a preempted proposer retries at once instead of after a random back-off, so dueling
    /// proposers can overtake each other forever.
    pub no_backoff: bool,
}

impl PaxosOptions {
    /// The options `on` names switched on (names from [`BASIC_NAMES`]), the others off.
    pub fn named(on: &[String]) -> Self {
        PaxosOptions {
            no_backoff: switches(BASIC_NAMES.options, on).any(|(_, set)| set),
        }
    }
}

/// Deliberate bugs, for lessons and to prove the checks can fail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaxosBugs {
    /// Count a quorum as a majority minus one, so two quorums need not intersect.
    pub quorum_minus_one: bool,
    /// The proposer ignores the accepted values reported in promises and proposes its own.
    pub ignore_accepted_values: bool,
    /// An acceptor accepts a proposal whose ballot is below its promise.
    pub accept_lower_ballot: bool,
}

impl PaxosBugs {
    /// The bugs `on` names switched on, the others off.
    pub fn named(on: &[String]) -> Self {
        let mut bugs = PaxosBugs::default();
        for (name, set) in switches(BUGS, on) {
            *match name {
                "quorum-minus-one" => &mut bugs.quorum_minus_one,
                "ignore-accepted-values" => &mut bugs.ignore_accepted_values,
                _ => &mut bugs.accept_lower_ballot,
            } = set;
        }
        bugs
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaxosConfig {
    /// Basic Paxos (one value) rather than Multi-Paxos (a log).
    pub single_decree: bool,
    /// Multi-Paxos: the failure-detector timeout. Basic Paxos: the random back-off and retry deadline.
    pub election_timeout: (Micros, Micros),
    pub heartbeat: Micros,
    pub options: PaxosOptions,
    pub bugs: PaxosBugs,
    /// How gets are answered: through the log, or by whoever is asked (`follower`).
    pub read_path: ReadPath,
    /// Multi-Paxos: how a follower decides its leader failed: phi accrual, or (None) the randomized timeout.
    pub phi: Option<PhiSettings>,
}

impl Default for PaxosConfig {
    fn default() -> Self {
        PaxosConfig {
            single_decree: false,
            election_timeout: (150_000, 300_000),
            heartbeat: 50_000,
            options: PaxosOptions::default(),
            bugs: PaxosBugs::default(),
            read_path: ReadPath::Log,
            phi: None,
        }
    }
}

/// What an acceptor keeps on stable storage: its promise and what it accepted, per slot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persisted {
    pub promised: Ballot,
    pub accepted: AcceptedLog,
}

/// A value out for acceptance in the proposer's ballot, and the acceptors that accepted it, by id bit.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub command: Command,
    pub acks: u16,
}

/// At most this many slots ride in one Accept or Learn.
const MAX_BATCH: usize = 64;

#[derive(Clone, Debug)]
pub struct PaxosNode {
    pub id: NodeId,
    cluster_size: u8,
    config: PaxosConfig,
    // Acceptor: persisted.
    pub promised: Ballot,
    pub accepted: AcceptedLog,
    // Learner.
    /// Values known to be chosen, by slot − 1.
    pub chosen: Chunked<Option<Chosen>>,
    /// Every slot up to here is chosen and applied, in order.
    pub commit_index: u64,
    pub state_machine: Store,
    // Proposer.
    pub role: Role,
    /// The ballot of this node's latest attempt.
    pub ballot: Ballot,
    /// The highest round seen in any message, so a new ballot overtakes every one heard of.
    highest_round: u64,
    /// The leader this node believes in (Multi-Paxos).
    pub leader: Option<NodeId>,
    /// Promises for the current ballot, by id bit.
    promises: u16,
    /// Phase 1 asks about every slot from here on.
    from_slot: u64,
    /// The highest-ballot proposal the promises reported, per slot.
    reported: SortedMap<u64, Accepted>,
    /// Values out for acceptance in the current ballot, by slot.
    pub proposals: SortedMap<u64, Proposal>,
    /// The slot the leader gives the next client command.
    next_slot: u64,
    /// Basic Paxos: the client's value this node proposes if the acceptors report none.
    own_value: Option<Command>,
    /// Client requests to answer once the value is chosen (Basic Paxos) or applied (Multi-Paxos).
    waiting: Vec<RequestId>,
    /// Basic Paxos: preempted, and waiting out a random back-off before the next ballot.
    backing_off: bool,
    /// Basic Paxos: times preempted since the last decision; each doubles the back-off.
    preemptions: u32,
    /// Multi-Paxos leader: the highest slot Phase 1 found accepted; reads wait until it is chosen.
    recovered_to: u64,
    /// Reads without the log, and the node's clock.
    reads: reads::Reads,
    /// Multi-Paxos: the leader's heartbeats as this follower saw them, for phi accrual.
    pub detector: Detector,
}

type Out = Vec<Effect<Message, Note>>;

fn bit(id: NodeId) -> u16 {
    1 << id
}

impl PaxosNode {
    /// Whether this is Basic Paxos (one value) rather than Multi-Paxos (a log).
    pub fn single_decree(&self) -> bool {
        self.config.single_decree
    }

    fn quorum(&self) -> u32 {
        let majority = self.cluster_size as u32 / 2 + 1;
        if self.config.bugs.quorum_minus_one {
            (majority - 1).max(1)
        } else {
            majority
        }
    }

    fn peers(&self) -> impl Iterator<Item = NodeId> {
        let me = self.id;
        (1..=self.cluster_size).filter(move |&p| p != me)
    }

    fn broadcast(&self, msg: Message, out: &mut Out) {
        for to in self.peers() {
            out.push(Effect::Send { to, msg: msg.clone() });
        }
    }

    /// Multi-Paxos: the failure detector. Basic Paxos: the back-off, or the deadline of a round.
    fn reset_election_timer(&self, out: &mut Out) {
        let (min, max) = self.config.election_timeout;
        out.push(Effect::SetTimer {
            timer: Timer::Election,
            after: Delay::Between(min, max),
        });
    }

    fn proposing(&self) -> bool {
        matches!(self.role, Role::Candidate | Role::Leader)
    }

    pub fn chosen_at(&self, slot: u64) -> Option<&Chosen> {
        self.chosen.get(slot.checked_sub(1)? as usize)?.as_ref()
    }

    /// The last slot this node knows anything about: chosen, or accepted.
    pub fn last_slot(&self) -> u64 {
        (self.chosen.len() as u64).max(self.accepted.last_slot())
    }
}

impl Protocol for PaxosNode {
    type Message = Message;
    type Note = Note;
    type Persisted = Persisted;
    type Config = PaxosConfig;
    type Checker = PaxosChecker;

    fn on_restart(id: NodeId, cluster_size: u8, config: &PaxosConfig, persisted: Persisted, out: &mut Out) -> Self {
        persisted.accepted.take_changed();
        let highest_round = persisted.promised.round.max(persisted.accepted.highest_round());
        let node = PaxosNode {
            id,
            cluster_size,
            config: *config,
            promised: persisted.promised,
            accepted: persisted.accepted,
            chosen: Chunked::default(),
            commit_index: 0,
            state_machine: Store::default(),
            role: Role::Follower,
            ballot: Ballot::default(),
            highest_round,
            leader: None,
            promises: 0,
            from_slot: 1,
            reported: SortedMap::new(),
            proposals: SortedMap::new(),
            next_slot: 1,
            own_value: None,
            waiting: Vec::new(),
            backing_off: false,
            preemptions: 0,
            recovered_to: 0,
            reads: reads::Reads::default(),
            detector: Detector::default(),
        };
        // A Multi-Paxos node starts out suspecting no leader and waits one timeout for heartbeats. A Basic
        // Paxos acceptor that accepted a value before its crash must find out whether it was chosen.
        if !config.single_decree || node.accepted.last_slot() > 0 {
            node.reset_election_timer(out);
        }
        node
    }

    fn on_message(&mut self, from: NodeId, msg: Message, out: &mut Out) {
        match msg {
            Message::Prepare { ballot, from_slot } => self.handle_prepare(from, ballot, from_slot, out),
            Message::Promise {
                ballot,
                ok,
                promised,
                accepted,
            } => self.handle_promise(from, ballot, ok, promised, accepted, out),
            Message::Accept { ballot, entries } => self.handle_accept(from, ballot, entries, out),
            Message::Accepted {
                ballot,
                ok,
                promised,
                slots,
            } => self.handle_accepted(from, ballot, ok, promised, slots, out),
            Message::Heartbeat { ballot, commit, round } => self.handle_heartbeat(from, ballot, commit, round, out),
            Message::HeartbeatReply {
                ballot,
                round,
                ok,
                promised,
            } => self.handle_heartbeat_reply(from, ballot, round, ok, promised, out),
            Message::Learn { ballot, entries } => self.handle_learn(from, ballot, entries, out),
            Message::CatchUp { from_slot, .. } => self.handle_catch_up(from, from_slot, out),
        }
    }

    fn on_timer(&mut self, timer: Timer, out: &mut Out) {
        match timer {
            Timer::Heartbeat if self.role == Role::Leader && !self.config.single_decree => self.tick_heartbeat(out),
            Timer::Heartbeat => {}
            Timer::Election if self.config.single_decree => self.retry_decree(out),
            Timer::Election if self.role != Role::Leader => {
                if let (Role::Follower, Some(leader)) = (self.role, self.leader) {
                    out.push(Effect::Suspect { leader });
                }
                self.start_phase1(out)
            }
            Timer::Election => {}
        }
    }

    fn on_client_request(&mut self, request: RequestId, call: SharedCall, out: &mut Out) {
        if self.config.single_decree {
            self.propose_decree(request, call, out)
        } else {
            self.propose(request, call, out)
        }
    }

    fn set_clock(&mut self, local: Micros) {
        self.reads.clock = local;
    }

    fn set_read_path(&mut self, path: ReadPath) {
        // Basic Paxos serves no reads.
        if !self.config.single_decree {
            self.config.read_path = path;
        }
    }

    fn set_detector(&mut self, detector: crate::protocol::DetectorSetting) {
        self.config.phi = detector.phi;
        self.config.election_timeout = detector.election_timeout.unwrap_or(self.config.election_timeout);
    }

    fn persisted(&self) -> Persisted {
        Persisted {
            promised: self.promised,
            accepted: self.accepted.clone(),
        }
    }
}

impl NodeView for PaxosNode {
    fn role(&self) -> Role {
        self.role
    }
    fn term(&self) -> u64 {
        self.promised.round
    }
    fn voted_for(&self) -> Option<NodeId> {
        (self.promised.node != 0).then_some(self.promised.node)
    }
    fn leader_hint(&self) -> Option<NodeId> {
        self.leader
    }
    fn commit_index(&self) -> u64 {
        self.commit_index
    }
    fn log_len(&self) -> u64 {
        self.last_slot()
    }
    /// A chosen value if this node knows it, else what its acceptor accepted there.
    fn entry(&self, slot: u64) -> Option<EntryView> {
        if let Some(c) = self.chosen_at(slot) {
            return Some(EntryView {
                term: c.round,
                value: c.command.value().cloned(),
            });
        }
        self.accepted.get(slot).map(|a| EntryView {
            term: a.ballot.round,
            value: a.command.value().cloned(),
        })
    }
    fn votes(&self) -> u16 {
        self.promises
    }
    fn detector(&self) -> Option<DetectorView<'_>> {
        (!self.config.single_decree).then_some(DetectorView {
            detector: &self.detector,
            phi: self.config.phi.as_ref(),
            election_timeout: self.config.election_timeout,
            heartbeat: self.config.heartbeat,
        })
    }
}
