//! Atomic commitment: two-phase commit (Gray 1978; Bernstein, Hadzilacos & Goodman, ch. 7), three-phase
//! commit (Skeen 1981) and Paxos Commit (Gray & Lamport, "Consensus on Transaction Commit", 2006).
//!
//! Node 1 is the coordinator (the transaction manager). The participants (resource managers) come last,
//! P1 first; participant Pk holds account k (a for P1) and locks it from its yes vote until it learns the
//! outcome. Under Paxos Commit the 2F+1 acceptors are node 1 and the 2F nodes after it.
//!
//! - **2PC.** The coordinator sends Prepare; each participant votes yes (forcing a Prepared record first) or
//!   no; with every yes the coordinator forces Commit and tells everyone, otherwise Abort. A participant that
//!   voted yes is in doubt until it hears the outcome, and may not decide alone: if the coordinator has
//!   crashed it asks, and blocks, holding its lock. Under `cooperative` termination it also asks the other
//!   participants; one that has not voted yet aborts and says so, which unblocks the rest unless all voted yes.
//! - **3PC** adds a PreCommit round between the votes and the outcome, and timeouts: a participant that loses
//!   the coordinator gathers the others' states and commits if any had pre-committed, else aborts. With crashes
//!   only that decides without blocking; a partition lets each side decide differently.
//! - **Paxos Commit** decides each participant's vote by its own instance of Paxos among the acceptors. A
//!   participant sends its vote as Phase 2a in ballot 0; the leader (the coordinator) learns it chosen from
//!   F+1 acceptors' Phase 2b. If the leader falls silent, another acceptor runs Phase 1 with a higher ballot
//!   for every instance, proposes aborted for any vote nobody accepted, and finishes the transaction. With
//!   F = 0 the only acceptor is the coordinator: that is 2PC, with the coordinator's log as the acceptor.

mod checks;
mod coordinator;
pub mod message;
pub mod note;
mod participant;
mod paxos_commit;
pub mod txn;
pub mod wal;

use std::cell::{Cell, RefCell};

pub use checks::CommitChecker;
pub use coordinator::{Coordination, Phase};
pub use message::Message;
pub use note::{Note, Why};
pub use participant::Part;
pub use wal::{Record, Wal};

use crate::protocol::ballot::Ballot;
use crate::protocol::txn::TxnView;
use crate::protocol::{
    switches, Answer, ClientOutcome, Delay, Effect, EntryView, Micros, Names, NodeId, NodeView, Protocol, RequestId,
    Role, SharedCall, Timer,
};
use crate::sorted_map::SortedMap;
use paxos_commit::{AcceptorTxn, Lead};

const BUGS: &[&str] = &[
    "participant-aborts-after-yes",
    "coordinator-decides-before-all-votes",
    "forget-decision-on-restart",
];
const INVARIANTS: &[&str] = &["atomicity", "commit-validity", "abort-validity", "durability"];

/// 2PC's options, bugs and invariants, by the names scenario files give them.
pub const TWO_PHASE_NAMES: Names = Names {
    options: &["cooperative"],
    bugs: BUGS,
    invariants: INVARIANTS,
};

/// 3PC's and Paxos Commit's: they need no cooperative termination.
pub const NAMES: Names = Names {
    options: &[],
    bugs: BUGS,
    invariants: INVARIANTS,
};

/// The most participants a transaction can have: accounts a to h.
pub const MAX_PARTICIPANTS: u8 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    TwoPhase,
    ThreePhase,
    PaxosCommit,
}

/// Deliberate bugs, for lessons and to prove the checks can fail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommitBugs {
    /// A participant in doubt gives up and aborts alone, though it voted yes.
    pub participant_aborts_after_yes: bool,
    /// The coordinator decides commit with one vote still missing.
    pub coordinator_decides_before_all_votes: bool,
    /// The coordinator sends its decision (Paxos Commit: an acceptor its Phase 2b) without logging it first.
    pub forget_decision_on_restart: bool,
}

impl CommitBugs {
    /// The bugs `on` names switched on, the others off.
    pub fn named(on: &[String]) -> Self {
        let mut bugs = CommitBugs::default();
        for (name, set) in switches(BUGS, on) {
            *match name {
                "participant-aborts-after-yes" => &mut bugs.participant_aborts_after_yes,
                "coordinator-decides-before-all-votes" => &mut bugs.coordinator_decides_before_all_votes,
                _ => &mut bugs.forget_decision_on_restart,
            } = set;
        }
        bugs
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitConfig {
    pub variant: Variant,
    /// Paxos Commit: how many acceptor failures it tolerates; there are 2F+1 acceptors.
    pub fault_tolerance: u8,
    /// 2PC: participants in doubt ask each other too (cooperative termination).
    pub cooperative: bool,
    /// How long a coordinator waits for votes, and a participant in doubt before it asks (or, in 3PC,
    /// terminates): the scenario's election timeout.
    pub timeout: (Micros, Micros),
    /// How often each node looks at its transactions: to resend, time out and take over.
    pub heartbeat: Micros,
    pub bugs: CommitBugs,
}

impl Default for CommitConfig {
    fn default() -> Self {
        CommitConfig {
            variant: Variant::TwoPhase,
            fault_tolerance: 1,
            cooperative: false,
            timeout: (150_000, 300_000),
            heartbeat: 50_000,
            bugs: CommitBugs::default(),
        }
    }
}

impl CommitConfig {
    /// How many acceptors the nodes after the coordinator include: 2F under Paxos Commit.
    pub fn extra_acceptors(&self) -> u8 {
        match self.variant {
            Variant::PaxosCommit => 2 * self.fault_tolerance,
            _ => 0,
        }
    }

    /// The node id of participant P1.
    pub fn first_participant(&self) -> NodeId {
        2 + self.extra_acceptors()
    }

    /// The smallest cluster it runs on: the coordinator (with the other acceptors) and two participants.
    pub fn smallest_cluster(&self) -> u8 {
        self.first_participant() + 1
    }

    /// How many participants a cluster of `nodes` has.
    pub fn participants(&self, nodes: u8) -> u8 {
        nodes.saturating_sub(self.first_participant() - 1)
    }

    /// The node of participant `p` (1 for P1).
    pub fn participant_node(&self, p: u8) -> NodeId {
        self.first_participant() + p - 1
    }

    /// The nodes of the participants a transaction's writes name, as a bit set by node id.
    pub fn participants_of(&self, writes: &[txn::Write]) -> u16 {
        writes
            .iter()
            .map(|w| bit(self.participant_node(w.participant())))
            .fold(0, |a, b| a | b)
    }

    /// Whether node `id` is an acceptor (Paxos Commit only).
    pub fn is_acceptor(&self, id: NodeId) -> bool {
        self.variant == Variant::PaxosCommit && id <= 1 + self.extra_acceptors()
    }
}

/// What survives a crash: the write-ahead log.
#[derive(Clone, Debug, Default)]
pub struct Persisted {
    pub wal: Wal,
}

pub(crate) fn bit(id: NodeId) -> u16 {
    1 << id
}

type Out = Vec<Effect<Message, Note>>;

#[derive(Clone, Debug)]
pub struct CommitNode {
    pub id: NodeId,
    cluster_size: u8,
    pub config: CommitConfig,
    /// The node's own clock, as last told.
    now: Micros,
    pub wal: Wal,
    // Participant.
    /// What its account holds, with every committed transaction applied.
    pub balance: i64,
    pub parts: SortedMap<RequestId, Part>,
    /// The transaction holding this participant's account lock.
    pub lock: Option<RequestId>,
    /// Prepares waiting for the lock, oldest first.
    waiting: Vec<(NodeId, RequestId)>,
    forced_vote: Option<bool>,
    // Coordinator, or a Paxos Commit leader.
    pub coordinations: SortedMap<RequestId, Coordination>,
    /// Outcomes this node decided or learned as coordinator or acceptor.
    pub outcomes: SortedMap<RequestId, bool>,
    // Paxos Commit acceptor and leader.
    acceptor: SortedMap<RequestId, AcceptorTxn>,
    /// The transactions it holds votes for whose outcome it has not learned: the ones it may take over.
    unsettled: Vec<RequestId>,
    leads: SortedMap<RequestId, Lead>,
    highest_round: u64,
    /// The node that last led a transaction here: where a client is sent.
    leader: NodeId,
    /// Transactions whose participant state changed since the checker last looked.
    changed: RefCell<Vec<RequestId>>,
    /// Set by a restart, until the checker looks: it then compares everything it knew with the log.
    recovered: Cell<bool>,
    /// Outcomes this node decided since the checker last looked, and why.
    decisions: RefCell<Vec<(RequestId, bool, Why)>>,
    /// Paxos Commit: how many participants' votes this acceptor holds accepted.
    pub accepted_votes: u64,
    /// Whether the clock has been read since the restart: recovered transactions date from then.
    clock_read: bool,
    /// While a forced timeout is handled (a `timeout` event, or the inspector's button): every wait is over.
    forced: bool,
}

impl CommitNode {
    /// This node's participant number (1 for P1), if it is one.
    pub fn participant(&self) -> Option<u8> {
        (self.id >= self.config.first_participant()).then(|| self.id - self.config.first_participant() + 1)
    }

    /// The account it holds: a for P1.
    pub fn account(&self) -> Option<char> {
        self.participant().map(|p| (b'a' + p - 1) as char)
    }

    /// Whether this node is the coordinator (the transaction manager).
    pub fn is_coordinator(&self) -> bool {
        self.id == 1
    }

    pub fn is_acceptor(&self) -> bool {
        self.config.is_acceptor(self.id)
    }

    fn acceptors(&self) -> impl Iterator<Item = NodeId> {
        1..=1 + self.config.extra_acceptors()
    }

    /// The nodes of the participants a transaction's writes name.
    pub fn participants_of(&self, writes: &[txn::Write]) -> u16 {
        self.config.participants_of(writes)
    }

    fn log(&mut self, record: Record, out: &mut Out) {
        self.wal.push(record);
        out.push(Effect::Persist);
    }

    fn send_each(&self, nodes: u16, msg: Message, out: &mut Out) {
        for to in (1..=self.cluster_size).filter(|&to| nodes & bit(to) != 0) {
            out.push(Effect::Send { to, msg: msg.clone() });
        }
    }

    fn tick(&self, out: &mut Out) {
        out.push(Effect::SetTimer {
            timer: Timer::Heartbeat,
            after: Delay::Fixed(self.config.heartbeat),
        });
    }

    fn mark_changed(&self, txn: RequestId) {
        self.changed.borrow_mut().push(txn);
    }

    /// Transactions whose participant state changed since the last call, which clears them.
    pub fn take_changed(&self) -> Vec<RequestId> {
        self.changed.take()
    }

    /// Outcomes decided here since the last call, which clears them.
    pub fn take_decisions(&self) -> Vec<(RequestId, bool, Why)> {
        self.decisions.take()
    }

    /// Whether the node restarted since the last call, which clears it.
    pub fn take_recovered(&self) -> bool {
        self.recovered.take()
    }

    fn view(&self, txn: RequestId, part: &Part) -> TxnView {
        TxnView {
            txn,
            state: part.state,
            since: part.since,
            locks: match (part.state.in_doubt(), self.account()) {
                (true, Some(account)) => account.to_string(),
                _ => String::new(),
            },
            participants: self.participants_of(&part.writes),
        }
    }

    /// What a client is told about `txn` by this node, if it knows the outcome.
    fn reply(&self, txn: RequestId, commit: bool, out: &mut Out) {
        out.push(Effect::Reply {
            request: txn,
            outcome: ClientOutcome::Applied {
                index: txn,
                answer: Some(Answer::Swapped(commit)),
            },
        });
    }

    /// Reads the log from the start, as recovery does.
    fn replay(&mut self) {
        for i in 0..self.wal.len() {
            let record = self.wal.get(i).expect("in range").clone();
            self.highest_round = self.highest_round.max(record.round());
            match record {
                Record::Prepared { txn, writes } => self.recover_prepared(txn, writes),
                Record::PreCommitted { txn } => self.recover_pre_committed(txn),
                Record::Decided { txn, commit } => {
                    if self.participant().is_some() {
                        self.recover_decided(txn, commit);
                    } else {
                        self.outcomes.insert(txn, commit);
                    }
                }
                Record::Learned { txn, commit } => {
                    self.outcomes.insert(txn, commit);
                }
                Record::Promised { .. } | Record::Accepted { .. } => self.recover_acceptor(&record),
            }
        }
    }
}

impl Protocol for CommitNode {
    type Message = Message;
    type Note = Note;
    type Persisted = Persisted;
    type Config = CommitConfig;
    type Checker = CommitChecker;
    const KEY_VALUE: bool = false;

    fn on_restart(id: NodeId, cluster_size: u8, config: &CommitConfig, persisted: Persisted, out: &mut Out) -> Self {
        let mut node = CommitNode {
            id,
            cluster_size,
            config: *config,
            now: 0,
            wal: persisted.wal,
            balance: txn::OPENING_BALANCE,
            parts: SortedMap::new(),
            lock: None,
            waiting: Vec::new(),
            forced_vote: None,
            coordinations: SortedMap::new(),
            outcomes: SortedMap::new(),
            acceptor: SortedMap::new(),
            unsettled: Vec::new(),
            leads: SortedMap::new(),
            highest_round: 0,
            leader: 1,
            changed: RefCell::new(Vec::new()),
            recovered: Cell::new(true),
            decisions: RefCell::new(Vec::new()),
            accepted_votes: 0,
            clock_read: false,
            forced: false,
        };
        node.replay();
        let in_doubt = node.parts.values().filter(|p| p.state.in_doubt()).count() as u64;
        if !node.wal.is_empty() {
            out.push(Effect::Note(Note::Recovered {
                records: node.wal.len() as u64,
                in_doubt,
            }));
        }
        node.tick(out);
        node
    }

    fn on_message(&mut self, from: NodeId, msg: Message, out: &mut Out) {
        match msg {
            Message::Prepare { txn, writes } => self.handle_prepare(from, txn, writes, out),
            Message::Vote { txn, yes } => self.handle_vote(from, txn, yes, out),
            Message::PreCommit { txn } => self.handle_pre_commit(from, txn, out),
            Message::PreCommitAck { txn } => self.handle_pre_commit_ack(from, txn, out),
            Message::Decision { txn, commit } => self.handle_decision(from, txn, commit, out),
            Message::Ack { txn } => self.handle_ack(from, txn),
            Message::DecisionRequest { txn } => self.handle_decision_request(from, txn, out),
            Message::StateRequest { txn } => self.handle_state_request(from, txn, out),
            Message::StateReply { txn, state } => self.handle_state_reply(txn, state),
            Message::Phase1a { txn, ballot } => self.handle_phase1a(from, txn, ballot, out),
            Message::Phase1b {
                txn,
                ballot,
                ok,
                accepted,
            } => self.handle_phase1b(from, txn, ballot, ok, accepted, out),
            Message::Phase2a {
                txn,
                instance,
                ballot,
                prepared,
                writes,
            } => self.handle_phase2a(txn, instance, ballot, prepared, writes, out),
            Message::Phase2b {
                txn,
                instance,
                ballot,
                prepared,
            } => self.handle_phase2b(from, txn, instance, ballot, prepared, out),
        }
    }

    fn on_timer(&mut self, timer: Timer, out: &mut Out) {
        if timer == Timer::Heartbeat {
            self.tick(out);
        }
        // The heartbeat looks at every transaction; the election timer fires only when forced (a `timeout`
        // event, the inspector's button), and then every wait counts as over: the coordinator gives up on
        // missing votes, a participant in doubt asks (or terminates) at once, an acceptor takes over.
        self.forced = timer == Timer::Election;
        self.coordinator_tick(out);
        self.participant_tick(out);
        self.acceptor_tick(out);
        self.forced = false;
    }

    fn on_client_request(&mut self, request: RequestId, call: SharedCall, out: &mut Out) {
        if let Some(&commit) = self.outcomes.get(&request) {
            return self.reply(request, commit, out);
        }
        if !self.is_coordinator() {
            return out.push(Effect::Reply {
                request,
                outcome: ClientOutcome::Redirect(Some(self.leader)),
            });
        }
        self.begin(request, &call.text, out);
    }

    fn set_clock(&mut self, local: Micros) {
        self.now = local;
        if !self.clock_read {
            // What recovery found dates from the restart; a participant in doubt asks at its first look.
            self.clock_read = true;
            self.recovered_at(local);
        }
    }

    fn force_vote(&mut self, yes: bool) {
        if self.participant().is_some() {
            self.forced_vote = Some(yes);
        }
    }

    fn persisted(&self) -> Persisted {
        Persisted { wal: self.wal.clone() }
    }
}

impl NodeView for CommitNode {
    /// The coordinator leads, and under Paxos Commit so does an acceptor that took a transaction over;
    /// everyone else follows.
    fn role(&self) -> Role {
        if self.is_coordinator() || (self.is_acceptor() && self.leader == self.id) {
            Role::Leader
        } else {
            Role::Follower
        }
    }

    fn term(&self) -> u64 {
        self.highest_round
    }

    fn voted_for(&self) -> Option<NodeId> {
        None
    }

    fn leader_hint(&self) -> Option<NodeId> {
        Some(self.leader)
    }

    /// Every record is forced before the node goes on, so all of the log is durable.
    fn commit_index(&self) -> u64 {
        self.wal.len() as u64
    }

    fn log_len(&self) -> u64 {
        self.wal.len() as u64
    }

    fn entry(&self, index: u64) -> Option<EntryView> {
        let record = self.wal.get(index.checked_sub(1)? as usize)?;
        Some(EntryView {
            term: record.round(),
            value: Some(record.to_string().into()),
        })
    }

    /// The coordinator's yes votes in its newest undecided transaction.
    fn votes(&self) -> u16 {
        self.coordinations
            .values()
            .rev()
            .find(|c| c.decision().is_none())
            .map_or(0, |c| c.yes)
    }

    fn transactions(&self) -> Vec<TxnView> {
        self.parts.iter().map(|(&txn, part)| self.view(txn, part)).collect()
    }

    fn current_transaction(&self) -> Option<TxnView> {
        let (txn, part) = match self.lock {
            Some(txn) => (txn, self.parts.get(&txn)?),
            None => self.parts.iter().next_back().map(|(t, p)| (*t, p))?,
        };
        Some(self.view(txn, part))
    }
}

/// The ballot a participant's own vote is sent in (Gray & Lamport §4: ballot 0 belongs to the participant).
pub const VOTE_BALLOT: Ballot = Ballot { round: 0, node: 0 };
