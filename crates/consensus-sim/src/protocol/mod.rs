//! The boundary between a consensus protocol and the simulator that runs it.
//!
//! A protocol is a pure state machine. Each handler takes one input (a message, a timer, a client request)
//! and pushes its effects as data into `out`, in the style of etcd-raft's `Ready` and stateright's
//! `Command`. It never reads a clock or a random source: when it wants a randomized timeout it asks for a
//! [`Delay::Between`] and the simulator draws it from the run's one seeded generator.

pub mod ballot;
mod checks;
pub mod clock;
pub mod detector;
pub mod kv;
mod node_slot;
pub mod txn;

use std::hash::Hash;
use std::rc::Rc;

pub use checks::{fmt_ms, Checker, Violation};
pub use clock::Clock;
pub use kv::{Answer, Call, SharedCall};
pub use node_slot::{NodeSlot, TimerState};

/// Simulated time, in microseconds since the start of the run.
pub type Micros = u64;

/// A node id, 1 to 9, as the papers' S1..S5.
pub type NodeId = u8;

/// The largest cluster the lab runs.
pub const MAX_NODES: usize = 9;

/// A client command, such as "x=1". Shared, since it is copied into every replica and message.
pub type Value = Rc<str>;

/// Identifies one client request across retries, so a leader can recognise a retry it has already logged.
pub type RequestId = u64;

/// What a log entry or a Paxos slot asks the state machine to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// A new leader's no-op (Raft §8), or a Multi-Paxos gap filler; applies nothing.
    Noop,
    /// A client's call, such as "x=1" or "get x", with the request it came from.
    Client { request: RequestId, call: SharedCall },
}

impl Command {
    /// The command as the log table shows it; None for a no-op.
    pub fn value(&self) -> Option<&Value> {
        match self {
            Command::Noop => None,
            Command::Client { call, .. } => Some(&call.text),
        }
    }

    /// Whether this is the command of `request`.
    pub fn is_request(&self, request: RequestId) -> bool {
        matches!(self, Command::Client { request: r, .. } if *r == request)
    }
}

impl std::fmt::Display for Command {
    /// As the log table shows it: the client's value, or "no-op".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Command::Noop => f.write_str("no-op"),
            Command::Client { call, .. } => f.write_str(&call.text),
        }
    }
}

/// The timers a node may run. Paxos reuses the same two: its leader failure detector is `Election`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Timer {
    Election,
    Heartbeat,
}

impl Timer {
    pub fn slot(self) -> usize {
        self as usize
    }
}

/// How long until a timer fires. `Between` is drawn uniformly by the simulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delay {
    Fixed(Micros),
    Between(Micros, Micros),
}

/// What happened to a client request, as told to the client.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClientOutcome {
    /// Not the leader; the hint is the leader this node believes in, if any.
    Redirect(Option<NodeId>),
    /// Logged by a leader, not yet applied.
    Accepted,
    /// Applied to the state machine at this log index (a read: answered as of it), with what it returned.
    Applied { index: u64, answer: Option<Answer> },
}

/// What a protocol calls its switches and its safety properties, as scenario files, the command line and the
/// lab name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Names {
    /// Options, each off unless a scenario switches it on.
    pub options: &'static [&'static str],
    /// Deliberate bugs, for lessons and to prove the checks can fail.
    pub bugs: &'static [&'static str],
    /// The invariants its checker reports a violation of.
    pub invariants: &'static [&'static str],
}

/// The named switches of `names` that `on` lists: (name, whether on), for a protocol to set its flags from.
pub fn switches<'a>(names: &'a [&'static str], on: &'a [String]) -> impl Iterator<Item = (&'static str, bool)> + 'a {
    names.iter().map(move |&name| (name, on.iter().any(|o| o == name)))
}

/// An output of a handler: `M` is the protocol's message, `N` its note.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<M, N> {
    Send {
        to: NodeId,
        msg: M,
    },
    SetTimer {
        timer: Timer,
        after: Delay,
    },
    CancelTimer {
        timer: Timer,
    },
    /// Persistent state changed and is now durable. Emitted before the messages of the same step leave.
    Persist,
    /// The entry at `index` was applied to this node's state machine.
    Commit {
        index: u64,
        term: u64,
        value: Option<Value>,
    },
    /// What the node decided and why, for the event feed and explanations. Changes nothing.
    Note(N),
    /// An answer to the client about one of its requests.
    Reply {
        request: RequestId,
        outcome: ClientOutcome,
    },
    /// The node's failure detector suspects `leader`, the leader it followed, and the node acts on it (stands
    /// for election, or takes over). The simulator judges whether the suspicion was true.
    Suspect {
        leader: NodeId,
    },
}

/// The role a node plays, as drawn: Raft's roles, which Multi-Paxos maps onto (a proposer in Phase 1 is a
/// candidate, a distinguished proposer in Phase 2 is a leader, everyone else follows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::PreCandidate => "pre-candidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}

/// What the UI and the traces need to know about a message without knowing the protocol.
pub trait MessageMeta {
    /// The paper's name for the message, such as "RequestVote".
    fn kind(&self) -> &'static str;
    /// The term or ballot round it carries.
    fn term(&self) -> u64;
    /// True for replies, which are drawn differently from requests.
    fn is_reply(&self) -> bool;
    /// For replies: whether the request was granted or succeeded.
    fn success(&self) -> Option<bool>;
    /// How many log entries or values it carries; zero for a heartbeat.
    fn entry_count(&self) -> usize;
    /// Its fields by the paper's names (Raft's Figure 2; "Paxos Made Simple"), in the paper's order, each
    /// value as a reader would write it.
    fn fields(&self) -> Vec<(&'static str, String)>;
}

/// A list as a reader writes it: "a, b, c", or `empty` when there is nothing.
pub fn listed(items: impl IntoIterator<Item = String>, empty: &str) -> String {
    let items: Vec<String> = items.into_iter().collect();
    if items.is_empty() {
        empty.to_string()
    } else {
        items.join(", ")
    }
}

/// One log entry as drawn and reported: its term (or ballot round) and value (`None` for a no-op).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryView {
    pub term: u64,
    pub value: Option<Value>,
}

/// What the UI draws for a node, common to every protocol.
pub trait NodeView {
    fn role(&self) -> Role;
    /// Raft's currentTerm; the round of the highest ballot for Paxos.
    fn term(&self) -> u64;
    fn voted_for(&self) -> Option<NodeId>;
    /// The leader this node believes in.
    fn leader_hint(&self) -> Option<NodeId>;
    fn commit_index(&self) -> u64;
    fn log_len(&self) -> u64;
    /// The entry at `index` (1-based), if present.
    fn entry(&self, index: u64) -> Option<EntryView>;
    /// Votes (or promises) this node holds in its current election, as a bit set by node id.
    fn votes(&self) -> u16;
    /// The transactions this node takes part in as a participant, for the commit protocols; the newest last.
    fn transactions(&self) -> Vec<txn::TxnView> {
        Vec::new()
    }
    /// The one transaction to draw on the node: the one holding its lock, else the newest.
    fn current_transaction(&self) -> Option<txn::TxnView> {
        None
    }
    /// The last log index its snapshot covers (Raft, chapter 5): entries up to it are compacted away. 0 with
    /// none.
    fn snapshot_index(&self) -> u64 {
        0
    }
    /// On a leader handing leadership over (Raft, §3.10): the server it hands it to.
    fn transferring_to(&self) -> Option<NodeId> {
        None
    }
    /// Its failure detector on its leader, as configured now: Raft and Multi-Paxos.
    fn detector(&self) -> Option<detector::DetectorView<'_>> {
        None
    }
}

/// How a node detects a failed leader: phi accrual with its settings, or Raft's randomized timeout (None);
/// and the election timeout's range, if it changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DetectorSetting {
    pub phi: Option<detector::PhiSettings>,
    pub election_timeout: Option<(Micros, Micros)>,
}

/// The effects of one handler call of protocol `P`.
pub type Out<P> = Vec<Effect<<P as Protocol>::Message, <P as Protocol>::Note>>;

/// A consensus protocol as the simulator sees it.
pub trait Protocol: Clone + NodeView + Sized {
    type Message: Clone + Hash + MessageMeta + std::fmt::Debug;
    /// What a node decided and why, in the protocol's own terms: the event feed tells it, and explanations
    /// read it. The protocol's folder defines it.
    type Note: Clone + std::fmt::Debug + PartialEq;
    /// What survives a crash.
    type Persisted: Clone + Default;
    type Config: Clone;
    /// The protocol's safety checks.
    type Checker: Checker<Self>;

    /// Whether its clients' requests are operations on the key/value service, whose history the simulator
    /// checks for linearizability. The commit protocols' requests are transactions, checked by their own
    /// checker.
    const KEY_VALUE: bool = true;

    /// Boots node `id` of `cluster_size` from persisted state (the default for a fresh node) and pushes its
    /// first effects, typically an election timer.
    fn on_restart(
        id: NodeId,
        cluster_size: u8,
        config: &Self::Config,
        persisted: Self::Persisted,
        out: &mut Out<Self>,
    ) -> Self;

    fn on_message(&mut self, from: NodeId, msg: Self::Message, out: &mut Out<Self>);

    fn on_timer(&mut self, timer: Timer, out: &mut Out<Self>);

    fn on_client_request(&mut self, request: RequestId, call: SharedCall, out: &mut Out<Self>);

    /// What the node's own clock reads, told before each input. Only a protocol that keeps a lease needs it.
    fn set_clock(&mut self, _local: Micros) {}

    /// From now on gets are answered by `path` (a `set` event, or the reader's choice in the page). A
    /// protocol answers only the paths it has (the scenario reader refuses the others).
    fn set_read_path(&mut self, _path: kv::ReadPath) {}

    /// From now on the node detects a failed leader with `detector`: phi accrual with its settings, or
    /// Raft's fixed randomized timeout (None); and, if given, the election timeout is this range.
    fn set_detector(&mut self, _detector: DetectorSetting) {}

    /// From now on the node snapshots its state machine once `every` entries were applied since its last
    /// snapshot, 0 never (Raft's log compaction, chapter 5). Others ignore it.
    fn set_snapshot_every(&mut self, _every: u64) {}

    /// A leader hands leadership to `to` (Raft's leadership transfer, dissertation §3.10). Anyone else, and
    /// a protocol without it, ignores it.
    fn transfer_leadership(&mut self, _to: NodeId, _out: &mut Out<Self>) {}

    /// The commit protocols: this participant's next vote is `yes` (or no), whatever it would have voted (a
    /// scenario's `vote` event, or the reader's choice in the page). Others ignore it.
    fn force_vote(&mut self, _yes: bool) {}

    /// The persistent state as it stands. The simulator reads it at a crash: handlers run atomically and
    /// emit `Persist` whenever they change it, so at any crash point this equals the last persisted state.
    fn persisted(&self) -> Self::Persisted;
}
