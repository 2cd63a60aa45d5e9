//! Raft, as in "In Search of an Understandable Consensus Algorithm" (Ongaro and Ousterhout) and Ongaro's
//! dissertation.
//!
//! A Raft cluster elects one leader per term (§5.2). Every node starts as a follower with a randomized
//! election timeout; a follower that hears nothing from a leader before it fires becomes a candidate, moves
//! to the next term, votes for itself and asks the others for votes. A node grants at most one vote per term
//! (persisted, so a restart cannot vote twice), and only to a candidate whose log is at least as up-to-date
//! as its own (§5.4.1). A candidate with votes from a majority becomes leader and asserts itself with
//! AppendEntries at every heartbeat. Any message with a higher term turns its receiver into a follower.
//!
//! The leader appends client commands to its log and replicates them (§5.3): each AppendEntries names the
//! entry that precedes the new ones, and a follower accepts only if its log holds that entry, deleting any
//! conflicting suffix. The leader backs `nextIndex` off on failure and tracks `matchIndex` on success. It
//! commits an entry once a majority stores it, but counts replicas only for entries of its own term
//! (§5.4.2, Figure 8); earlier entries commit indirectly with them. Followers learn `commitIndex` from the
//! leader, and every node applies committed entries in order to a small key/value state machine.
//!
//! Each server may compact its log into a snapshot of its state machine (chapter 5 of the dissertation;
//! `snapshot.rs`), and a leader hands leadership over on request (§3.10; `transfer.rs`).
//!
//! The node is a pure state machine: handlers push effects, and every random duration is asked of the
//! simulator as a [`Delay::Between`].

mod checks;
mod election;
pub mod log;
pub mod message;
pub mod note;
mod reads;
mod replication;
mod snapshot;
mod transfer;

pub use crate::protocol::clock::DRIFT_BOUND_PPM;
pub use checks::RaftChecker;
pub use log::{Command, Entry, Log};
pub use message::Message;
pub use note::{AppendRefusal, Note, VoteRefusal};
use reads::Reads;
pub use snapshot::Snapshot;
use std::rc::Rc;

use crate::protocol::detector::{Detector, DetectorView, PhiSettings};
use crate::protocol::kv::{ReadPath, Store};
use crate::protocol::{
    switches, ClientOutcome, Delay, Effect, EntryView, Micros, Names, NodeId, NodeView, Protocol, RequestId, Role,
    SharedCall, Timer, MAX_NODES,
};

/// Raft's options, bugs and invariants, by the names scenario files give them.
pub const NAMES: Names = Names {
    options: &["pre_vote", "check_quorum", "leader_noop", "conflict_hint"],
    bugs: &[
        "commit-previous-term",
        "forget-vote-on-restart",
        "skip-log-up-to-date-check",
        "read-without-quorum-check",
        "read-index-before-noop",
        "lease-ignores-drift",
        "snapshot-wrong-term",
    ],
    invariants: &[
        "election-safety",
        "leader-append-only",
        "log-matching",
        "leader-completeness",
        "state-machine-safety",
        "term-monotonic",
        "log-terms-monotonic",
        "entry-term-bounded",
    ],
};

/// Protocol options, all off by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RaftOptions {
    /// PreVote (dissertation §9.6): ask before disrupting the cluster with a new term.
    pub pre_vote: bool,
    /// CheckQuorum: a leader that has not heard from a majority for an election timeout steps down.
    pub check_quorum: bool,
    /// A new leader appends a no-op of its own term at once (§8), so earlier entries commit promptly.
    pub leader_noop: bool,
    /// Followers reply with the conflicting term and its first index, so nextIndex skips a term at a time.
    pub conflict_hint: bool,
}

impl RaftOptions {
    /// The options `on` names switched on (names from [`NAMES`]), the others off.
    pub fn named(on: &[String]) -> Self {
        let mut options = RaftOptions::default();
        for (name, set) in switches(NAMES.options, on) {
            *match name {
                "pre_vote" => &mut options.pre_vote,
                "check_quorum" => &mut options.check_quorum,
                "leader_noop" => &mut options.leader_noop,
                _ => &mut options.conflict_hint,
            } = set;
        }
        options
    }
}

/// Deliberate bugs, for lessons and to prove the checks can fail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RaftBugs {
    /// Commit by counting replicas regardless of term: the Figure 8 bug.
    pub commit_previous_term: bool,
    /// Lose votedFor on restart, so a node can vote twice in one term.
    pub forget_vote_on_restart: bool,
    /// Grant votes without the §5.4.1 check that the candidate's log is at least as up-to-date.
    pub skip_log_up_to_date_check: bool,
    /// A leader answers gets from its own state machine without confirming it still leads (§6.4): a
    /// deposed leader answers stale.
    pub read_without_quorum_check: bool,
    /// A new leader takes its commitIndex as the read index before an entry of its own term commits (§6.4).
    pub read_index_before_noop: bool,
    /// A lease lasts the whole minimum election timeout, with no allowance for clock drift (§6.4.1).
    pub lease_ignores_drift: bool,
    /// A snapshot records the server's current term as its lastIncludedTerm, instead of the term of the last
    /// entry it includes (chapter 5).
    pub snapshot_wrong_term: bool,
}

impl RaftBugs {
    /// The bugs `on` names switched on (names from [`NAMES`]), the others off.
    pub fn named(on: &[String]) -> Self {
        let mut bugs = RaftBugs::default();
        for (name, set) in switches(NAMES.bugs, on) {
            *match name {
                "commit-previous-term" => &mut bugs.commit_previous_term,
                "forget-vote-on-restart" => &mut bugs.forget_vote_on_restart,
                "read-without-quorum-check" => &mut bugs.read_without_quorum_check,
                "read-index-before-noop" => &mut bugs.read_index_before_noop,
                "lease-ignores-drift" => &mut bugs.lease_ignores_drift,
                "snapshot-wrong-term" => &mut bugs.snapshot_wrong_term,
                _ => &mut bugs.skip_log_up_to_date_check,
            } = set;
        }
        bugs
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RaftConfig {
    pub election_timeout: (Micros, Micros),
    pub heartbeat: Micros,
    pub options: RaftOptions,
    pub bugs: RaftBugs,
    /// How gets are answered.
    pub read_path: ReadPath,
    /// How a follower decides its leader failed: phi accrual, or (None) the randomized election timeout.
    pub phi: Option<PhiSettings>,
    /// A server snapshots its state machine and compacts its log once this many entries were applied since
    /// its last snapshot (chapter 5); 0 never.
    pub snapshot_every: u64,
}

impl Default for RaftConfig {
    fn default() -> Self {
        RaftConfig {
            election_timeout: (150_000, 300_000),
            heartbeat: 50_000,
            options: RaftOptions::default(),
            bugs: RaftBugs::default(),
            read_path: ReadPath::Log,
            phi: None,
            snapshot_every: 0,
        }
    }
}

/// What Raft keeps on stable storage (Figure 2), with the latest snapshot (chapter 5), whose last included
/// entry the log starts after.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persisted {
    pub current_term: u64,
    pub voted_for: Option<NodeId>,
    pub log: Log,
    pub snapshot: Option<Rc<Snapshot>>,
}

/// At most this many entries ride in one AppendEntries.
const MAX_BATCH: usize = 16;

#[derive(Clone, Debug)]
pub struct RaftNode {
    pub id: NodeId,
    cluster_size: u8,
    config: RaftConfig,
    // Persistent state on all servers.
    pub current_term: u64,
    pub voted_for: Option<NodeId>,
    pub log: Log,
    // Volatile state on all servers.
    pub role: Role,
    pub commit_index: u64,
    pub last_applied: u64,
    pub leader_id: Option<NodeId>,
    /// The key/value state machine that committed commands are applied to.
    pub state_machine: Store,
    /// Votes (or pre-votes) granted to this node in its current election, by id bit.
    votes: u16,
    /// Whether a leader was heard from since the election timer was last reset; PreVote refuses to help
    /// disrupt a leader that is alive.
    heard_from_leader: bool,
    // Volatile state on leaders, indexed by id.
    pub next_index: [u64; MAX_NODES + 1],
    pub match_index: [u64; MAX_NODES + 1],
    /// Peers heard from since the last CheckQuorum round.
    recent_contact: u16,
    /// Gets answered without the log, and the rounds and lease behind them.
    reads: Reads,
    /// The leader's heartbeats as this follower saw them, for phi accrual.
    pub detector: Detector,
    /// On a leader: the leadership transfer in progress (§3.10).
    transfer: Option<transfer::Transfer>,
    /// The latest snapshot, taken or installed: the state machine as of the log's first index minus one.
    pub snapshot: Option<Rc<Snapshot>>,
}

type Out = Vec<Effect<Message, Note>>;

impl RaftNode {
    fn majority(&self) -> u32 {
        self.cluster_size as u32 / 2 + 1
    }

    fn peers(&self) -> impl Iterator<Item = NodeId> {
        let me = self.id;
        (1..=self.cluster_size).filter(move |&p| p != me)
    }

    /// An AppendEntries from `leader` of the current term, sent by its heartbeat timer if `is_heartbeat`: the
    /// failure detector starts over from it.
    fn heard_from(&mut self, leader: NodeId, is_heartbeat: bool, out: &mut Out) {
        let after = self.detector.after_message(
            (leader, self.current_term),
            self.reads.clock,
            is_heartbeat,
            self.config.phi.as_ref(),
            (self.config.election_timeout, self.config.heartbeat),
        );
        self.heard_from_leader = false;
        out.push(Effect::SetTimer {
            timer: Timer::Election,
            after,
        });
    }

    fn reset_election_timer(&mut self, out: &mut Out) {
        let (min, max) = self.config.election_timeout;
        self.heard_from_leader = false;
        out.push(Effect::SetTimer {
            timer: Timer::Election,
            after: Delay::Between(min, max),
        });
    }

    /// Applies committed entries in order, and answers the client for entries this leader applies.
    fn apply_committed(&mut self, out: &mut Out) {
        while self.last_applied < self.commit_index {
            self.last_applied += 1;
            let Some(entry) = self.log.get(self.last_applied) else {
                break;
            };
            let (term, command) = (entry.term, entry.command.clone());
            let value = match command {
                Command::Noop => None,
                Command::Client { request, call } => {
                    let answer = self.state_machine.apply(request, &call);
                    if self.role == Role::Leader {
                        out.push(Effect::Reply {
                            request,
                            outcome: ClientOutcome::Applied {
                                index: self.last_applied,
                                answer,
                            },
                        });
                    }
                    Some(call.text.clone())
                }
            };
            out.push(Effect::Commit {
                index: self.last_applied,
                term,
                value,
            });
        }
        self.serve_reads(out);
    }
}

impl Protocol for RaftNode {
    type Message = Message;
    type Note = Note;
    type Persisted = Persisted;
    type Config = RaftConfig;
    type Checker = RaftChecker;

    fn on_restart(id: NodeId, cluster_size: u8, config: &RaftConfig, persisted: Persisted, out: &mut Out) -> Self {
        let voted_for = if config.bugs.forget_vote_on_restart {
            None
        } else {
            persisted.voted_for
        };
        // A snapshot holds committed entries applied: the server starts from it (§5.1).
        let applied = persisted.log.snapshot_index();
        let mut node = RaftNode {
            id,
            cluster_size,
            config: *config,
            current_term: persisted.current_term,
            voted_for,
            log: persisted.log,
            role: Role::Follower,
            commit_index: applied,
            last_applied: applied,
            leader_id: None,
            state_machine: persisted.snapshot.as_ref().map(|s| s.state.clone()).unwrap_or_default(),
            votes: 0,
            heard_from_leader: false,
            next_index: [1; MAX_NODES + 1],
            match_index: [0; MAX_NODES + 1],
            recent_contact: 0,
            reads: Reads::default(),
            detector: Detector::default(),
            transfer: None,
            snapshot: persisted.snapshot,
        };
        node.reset_election_timer(out);
        node
    }

    fn on_message(&mut self, from: NodeId, msg: Message, out: &mut Out) {
        self.maybe_snapshot(out);
        match msg {
            Message::RequestVote {
                term,
                last_log_index,
                last_log_term,
                pre_vote,
                transfer,
            } => self.handle_request_vote(from, term, (last_log_index, last_log_term), (pre_vote, transfer), out),
            Message::RequestVoteReply {
                term,
                vote_granted,
                pre_vote,
            } => self.handle_vote_reply(from, term, vote_granted, pre_vote, out),
            Message::AppendEntries {
                term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
                round,
                heartbeat,
            } => {
                self.reads.echo = round;
                let append = (prev_log_index, prev_log_term, entries, leader_commit);
                self.handle_append_entries(from, term, append, heartbeat, out)
            }
            Message::AppendEntriesReply {
                term,
                success,
                match_index,
                conflict,
                round,
            } => self.handle_append_reply(from, term, success, match_index, conflict, round, out),
            Message::TimeoutNow { term } => self.handle_timeout_now(from, term, out),
            Message::InstallSnapshot { term, snapshot } => self.handle_install_snapshot(from, term, snapshot, out),
            Message::InstallSnapshotReply { term, match_index } => {
                self.handle_snapshot_reply(from, term, match_index, out)
            }
        }
    }

    fn on_timer(&mut self, timer: Timer, out: &mut Out) {
        self.maybe_snapshot(out);
        match (timer, self.role) {
            (Timer::Heartbeat, Role::Leader) => self.tick_heartbeat(out),
            (Timer::Election, Role::Leader) => self.tick_check_quorum(out),
            (Timer::Election, _) => self.tick_election(out),
            (Timer::Heartbeat, _) => {}
        }
    }

    fn on_client_request(&mut self, request: RequestId, call: SharedCall, out: &mut Out) {
        self.maybe_snapshot(out);
        self.propose(request, call, out);
    }

    fn transfer_leadership(&mut self, to: NodeId, out: &mut Out) {
        self.start_transfer(to, out);
    }

    fn set_clock(&mut self, local: Micros) {
        self.reads.clock = local;
    }

    fn set_read_path(&mut self, path: ReadPath) {
        self.config.read_path = path;
    }

    fn set_snapshot_every(&mut self, every: u64) {
        self.config.snapshot_every = every;
    }

    fn set_detector(&mut self, detector: crate::protocol::DetectorSetting) {
        self.config.phi = detector.phi;
        self.config.election_timeout = detector.election_timeout.unwrap_or(self.config.election_timeout);
    }

    fn persisted(&self) -> Persisted {
        Persisted {
            current_term: self.current_term,
            voted_for: self.voted_for,
            log: self.log.clone(),
            snapshot: self.snapshot.clone(),
        }
    }
}

impl NodeView for RaftNode {
    fn role(&self) -> Role {
        self.role
    }
    fn term(&self) -> u64 {
        self.current_term
    }
    fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    fn leader_hint(&self) -> Option<NodeId> {
        self.leader_id
    }
    fn commit_index(&self) -> u64 {
        self.commit_index
    }
    fn log_len(&self) -> u64 {
        self.log.last_index()
    }
    fn entry(&self, index: u64) -> Option<EntryView> {
        self.log.get(index).map(|e| EntryView {
            term: e.term,
            value: e.value().cloned(),
        })
    }
    fn votes(&self) -> u16 {
        self.votes
    }
    fn transferring_to(&self) -> Option<NodeId> {
        self.transfer.map(|t| t.to)
    }
    fn snapshot_index(&self) -> u64 {
        self.log.snapshot_index()
    }
    fn detector(&self) -> Option<DetectorView<'_>> {
        Some(DetectorView {
            detector: &self.detector,
            phi: self.config.phi.as_ref(),
            election_timeout: self.config.election_timeout,
            heartbeat: self.config.heartbeat,
        })
    }
}
