//! The deterministic simulator: one event queue ordered by (time, sequence number), one seeded generator,
//! and the cluster's nodes, network and client.
//!
//! Every run is a pure function of (configuration, seed, timed actions). Nothing here iterates a hash map,
//! reads a clock or touches a global, so a run replays event for event natively and in wasm.

use crate::decimal::limit;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};
use std::hash::{Hash, Hasher};

use crate::action::Action;
use crate::checks::{Checker, Violation};
use crate::client::Client;
use crate::network::{Conditions, Links};
use crate::note::{FeedItem, Narrative};
use crate::protocol::{
    ClientOutcome, Delay, Effect, MessageMeta, Micros, NodeId, Protocol, RequestId, Role, Timer, Value,
};
use crate::rng::Rng;
use crate::timeline::{MarkKind, Passage, Timeline};
use crate::trace::TraceHash;

/// The client's address on the network.
pub const CLIENT: NodeId = 0;

/// What travels on a link.
#[derive(Clone, Debug, Hash)]
pub enum Payload<M> {
    Peer(M),
    ClientRequest { request: RequestId, value: Value },
    ClientReply { request: RequestId, outcome: ClientOutcome },
}

impl<M: MessageMeta> Payload<M> {
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::Peer(m) => m.kind(),
            Payload::ClientRequest { .. } => "ClientRequest",
            Payload::ClientReply { .. } => "ClientReply",
        }
    }

    /// How many entries or values it carries.
    pub fn entry_count(&self) -> usize {
        match self {
            Payload::Peer(m) => m.entry_count(),
            _ => 0,
        }
    }
}

/// A message on its way, with the times that place it on a link.
#[derive(Clone, Debug)]
pub struct InFlight<M> {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Micros,
    pub arrives_at: Micros,
    pub payload: Payload<M>,
}

/// A running timer, kept so the UI can draw how much of it is left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerState {
    pub set_at: Micros,
    pub fires_at: Micros,
}

/// A node and what the simulator keeps beside it.
#[derive(Clone, Debug)]
pub struct NodeSlot<P: Protocol> {
    pub id: NodeId,
    pub node: P,
    pub up: bool,
    pub timers: [Option<TimerState>; 2],
    /// The one live queue entry per timer: (time, generation). A timer re-armed later than its queued
    /// wake-up keeps that entry, which re-queues itself on waking; so a follower that resets its election
    /// timer on every AppendEntries adds nothing to the queue.
    wakeups: [Option<(Micros, u64)>; 2],
    /// While crashed: the state it will restart from.
    persisted: Option<P::Persisted>,
}

#[derive(Clone, Copy, Debug)]
enum Pending {
    /// A message, by its slot among those in flight and its id (a slot is reused once freed).
    Deliver {
        slot: u32,
        id: u64,
    },
    Timer {
        node: NodeId,
        timer: Timer,
        generation: u64,
    },
    ClientRetry {
        request: RequestId,
        generation: u64,
    },
}

#[derive(Clone, Copy, Debug)]
struct Scheduled {
    at: Micros,
    seq: u64,
    what: Pending,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// Counts of what the network did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageStats {
    pub sent: u64,
    pub delivered: u64,
    pub dropped: u64,
    /// Messages sent, by the paper's message name, in first-seen order.
    pub by_type: Vec<(&'static str, u64)>,
}

/// A node winning an election.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeaderChange {
    pub at: Micros,
    pub node: NodeId,
    pub term: u64,
}

/// One line of a run's journal: every send, delivery, drop, timer and action, for `--trace`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    pub at: Micros,
    /// "send", "deliver", "drop", "timer" or "action".
    pub event: &'static str,
    pub from: NodeId,
    pub to: NodeId,
    pub detail: String,
}

/// Settings that are not the protocol's own.
#[derive(Clone, Debug)]
pub struct SimConfig {
    pub seed: u64,
    pub conditions: Conditions,
    pub client_retry: Micros,
}

/// A simulated cluster of protocol `P`, with its checker.
#[derive(Clone)]
pub struct Simulator<P: Protocol> {
    now: Micros,
    seq: u64,
    rng: Rng,
    queue: BinaryHeap<Reverse<Scheduled>>,
    nodes: Vec<NodeSlot<P>>,
    pub links: Links,
    pub conditions: Conditions,
    /// Messages on their way, in reusable slots: sending and delivering are O(1), with no ordered map to
    /// keep. Order of iteration is never used by the simulation itself.
    in_flight: Vec<Option<InFlight<P::Message>>>,
    free_slots: Vec<u32>,
    next_message: u64,
    config: P::Config,
    client_retry: Micros,
    pub client: Client,
    checker: P::Checker,
    violations: Vec<Violation>,
    leaders: Vec<LeaderChange>,
    stats: MessageStats,
    events: u64,
    trace: TraceHash,
    journal: Option<Vec<JournalEntry>>,
    feed: Option<VecDeque<FeedItem>>,
    timeline: Option<Box<Timeline>>,
    /// Items ever narrated, including those the feed has since let go.
    narrated: u64,
    out: Vec<Effect<P::Message>>,
    applied: Vec<Effect<P::Message>>,
}

/// The event feed keeps this many of the latest items.
pub const FEED_LENGTH: usize = 400;

impl<P: Protocol> Simulator<P> {
    /// Boots `cluster_size` nodes, each from its entry in `initial` or from scratch.
    pub fn new(cluster_size: u8, config: P::Config, sim: SimConfig, initial: Vec<P::Persisted>) -> Self {
        let mut this = Simulator {
            now: 0,
            seq: 0,
            rng: Rng::new(sim.seed),
            queue: BinaryHeap::new(),
            nodes: Vec::with_capacity(cluster_size as usize),
            links: Links::default(),
            conditions: sim.conditions,
            in_flight: Vec::new(),
            free_slots: Vec::new(),
            next_message: 0,
            config,
            client_retry: sim.client_retry,
            client: Client::default(),
            checker: P::Checker::new(cluster_size),
            violations: Vec::new(),
            leaders: Vec::new(),
            stats: MessageStats::default(),
            events: 0,
            trace: TraceHash::default(),
            journal: None,
            feed: None,
            timeline: None,
            narrated: 0,
            out: Vec::new(),
            applied: Vec::new(),
        };
        let mut initial = initial.into_iter();
        for id in 1..=cluster_size {
            let persisted = initial.next().unwrap_or_default();
            let node = P::on_restart(id, cluster_size, &this.config, persisted, &mut this.out);
            this.nodes.push(NodeSlot::running(id, node));
            this.finish_step(id, None);
        }
        this
    }

    pub fn now(&self) -> Micros {
        self.now
    }

    pub fn cluster_size(&self) -> u8 {
        self.nodes.len() as u8
    }

    pub fn nodes(&self) -> &[NodeSlot<P>] {
        &self.nodes
    }

    pub fn node(&self, id: NodeId) -> &NodeSlot<P> {
        &self.nodes[id as usize - 1]
    }

    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight<P::Message>> {
        self.in_flight.iter().flatten()
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    pub fn leaders(&self) -> &[LeaderChange] {
        &self.leaders
    }

    pub fn stats(&self) -> &MessageStats {
        &self.stats
    }

    /// Events taken off the queue so far.
    pub fn events_processed(&self) -> u64 {
        self.events
    }

    /// A hash of every event so far: equal hashes mean equal runs.
    pub fn trace_hash(&self) -> u64 {
        self.trace.finish()
    }

    /// The time of the next event, if any.
    pub fn next_event_at(&self) -> Option<Micros> {
        self.queue.peek().map(|Reverse(s)| s.at)
    }

    /// Processes the next event. Returns false when nothing is left to do.
    pub fn step(&mut self) -> bool {
        let Some(Reverse(next)) = self.queue.pop() else {
            return false;
        };
        self.now = next.at;
        self.events += 1;
        match next.what {
            Pending::Deliver { slot, id } => self.deliver(slot, id),
            Pending::Timer {
                node,
                timer,
                generation,
            } => self.fire_timer(node, timer, generation),
            Pending::ClientRetry { request, generation } => self.retry_request(request, generation),
        }
        true
    }

    /// Processes events until `events` have been processed in all, then sets the clock to `now`: the exact
    /// point at which an action was taken, even one taken between two events of the same instant (by
    /// stepping). Replaying a session's actions at their points reproduces it exactly.
    pub fn replay_to(&mut self, events: u64, now: Micros) {
        while self.events < events && self.step() {}
        self.now = self.now.max(now);
    }

    /// Processes every event up to and including `until`, then sets the clock to `until`.
    pub fn run_until(&mut self, until: Micros) {
        while self.next_event_at().is_some_and(|at| at <= until) {
            self.step();
        }
        self.now = self.now.max(until);
    }

    /// Starts recording every event into a journal (off by default: it costs time and memory).
    pub fn keep_journal(&mut self) {
        self.journal.get_or_insert_with(Vec::new);
    }

    /// Starts keeping the timeline of message passages and node marks, for a space-time diagram.
    pub fn keep_timeline(&mut self) {
        self.timeline.get_or_insert_with(Default::default);
    }

    /// The timeline; None unless [`Simulator::keep_timeline`] was called.
    pub fn timeline(&self) -> Option<&Timeline> {
        self.timeline.as_deref()
    }

    fn mark(&mut self, node: NodeId, kind: MarkKind) {
        if let Some(t) = &mut self.timeline {
            t.mark(self.now, node, kind);
        }
    }

    /// Records a message's journey, ending now.
    #[allow(clippy::too_many_arguments)]
    fn passage(
        &mut self,
        id: u64,
        from: NodeId,
        to: NodeId,
        payload: &Payload<P::Message>,
        sent_at: Micros,
        due_at: Micros,
        delivered: bool,
    ) {
        if let Some(t) = &mut self.timeline {
            t.passage(Passage {
                id,
                from,
                to,
                kind: payload.kind(),
                entries: payload.entry_count() as u32,
                sent_at,
                ended_at: self.now,
                due_at,
                delivered,
            });
        }
    }

    /// Starts keeping the event feed: the latest [`FEED_LENGTH`] decisions, actions and losses.
    pub fn keep_feed(&mut self) {
        self.feed.get_or_insert_with(VecDeque::new);
    }

    /// How many items were ever narrated: the last item of [`Simulator::feed`] is number `feed_total()`, so
    /// numbers name items across calls.
    pub fn feed_total(&self) -> u64 {
        self.narrated
    }

    /// The feed, oldest first; empty unless [`Simulator::keep_feed`] was called.
    pub fn feed(&self) -> &[FeedItem] {
        self.feed.as_ref().map_or(&[], |f| f.as_slices().0)
    }

    fn narrate(&mut self, what: Narrative) {
        if let Some(feed) = &mut self.feed {
            self.narrated += 1;
            if feed.len() == FEED_LENGTH {
                feed.pop_front();
            }
            feed.push_back(FeedItem { at: self.now, what });
            // Keep it one contiguous slice, so readers get `&[FeedItem]`.
            feed.make_contiguous();
        }
    }

    pub fn journal(&self) -> &[JournalEntry] {
        self.journal.as_deref().unwrap_or_default()
    }

    fn note(&mut self, event: &'static str, from: NodeId, to: NodeId, detail: impl FnOnce() -> String) {
        if let Some(journal) = &mut self.journal {
            journal.push(JournalEntry {
                at: self.now,
                event,
                from,
                to,
                detail: detail(),
            });
        }
    }

    // ----- user actions -----

    /// Carries out a user action now.
    pub fn apply(&mut self, action: &Action) {
        self.carry_out(action, Narrative::Action(action.clone()));
    }

    /// Carries out an action a lesson's script takes: the same run as `apply`, told in the feed as the
    /// lesson's doing rather than the reader's.
    pub fn apply_scripted(&mut self, action: &Action) {
        self.carry_out(action, Narrative::Scripted(action.clone()));
    }

    fn carry_out(&mut self, action: &Action, told: Narrative) {
        let text = format!("{action:?}");
        text.hash(&mut self.trace);
        self.note("action", 0, 0, || text);
        self.narrate(told);
        match action {
            Action::Crash(id) => self.crash(*id),
            Action::Restart(id) => self.restart(*id),
            Action::Disconnect(id) => self.links.set_disconnected(*id, true),
            Action::Connect(id) => self.links.set_disconnected(*id, false),
            Action::Cut { from, to, oneway } | Action::Restore { from, to, oneway } => {
                let cut = matches!(action, Action::Cut { .. });
                self.links.set_cut(*from, *to, cut);
                if !oneway {
                    self.links.set_cut(*to, *from, cut);
                }
            }
            Action::Partition(groups) => {
                let mut group_of = vec![groups.len() as u8; self.nodes.len() + 1];
                for (g, members) in groups.iter().enumerate() {
                    for &id in members {
                        group_of[id as usize] = g as u8;
                    }
                }
                self.links.partition(&group_of);
            }
            Action::Heal => self.links.heal(),
            Action::Request { value, node } => {
                self.request(value.clone(), *node);
            }
            Action::DropMessage(id) => {
                self.drop_message(*id);
            }
            Action::SetNetwork {
                drop_ppm,
                duplicate_ppm,
                latency,
            } => {
                let c = &mut self.conditions;
                c.drop_ppm = drop_ppm.unwrap_or(c.drop_ppm);
                c.duplicate_ppm = duplicate_ppm.unwrap_or(c.duplicate_ppm);
                c.latency = latency.unwrap_or(c.latency);
            }
            Action::Timeout(id) => self.force_timeout(*id),
        }
    }

    /// The node stops and loses its volatile state; its persisted state survives.
    pub fn crash(&mut self, id: NodeId) {
        let slot = &mut self.nodes[id as usize - 1];
        if !slot.up {
            return;
        }
        let persisted = slot.node.persisted();
        // What is left of a crashed node is its stable storage: show and check exactly that. Booting a
        // copy from it wipes the volatile state (role, commit index, state machine); the copy's effects
        // are discarded, since it does not run until `restart`.
        let n = self.nodes.len() as u8;
        let mut discarded = Vec::new();
        let slot = &mut self.nodes[id as usize - 1];
        slot.node = P::on_restart(id, n, &self.config, persisted.clone(), &mut discarded);
        slot.persisted = Some(persisted);
        slot.up = false;
        slot.timers = [None; 2];
        slot.wakeups = [None; 2];
        self.fold_trace(1, id, 0);
        self.mark(id, MarkKind::Crash);
    }

    /// A crashed node recovers from its persisted state.
    pub fn restart(&mut self, id: NodeId) {
        let n = self.cluster_size();
        let slot = &mut self.nodes[id as usize - 1];
        let Some(persisted) = slot.persisted.take() else {
            return;
        };
        let role_before = slot.node.role();
        slot.node = P::on_restart(id, n, &self.config, persisted, &mut self.out);
        slot.up = true;
        self.fold_trace(2, id, 0);
        self.mark(id, MarkKind::Restart);
        self.finish_step(id, Some(role_before));
    }

    /// Fires the node's election (or leader-failure) timer now.
    pub fn force_timeout(&mut self, id: NodeId) {
        if !self.nodes[id as usize - 1].up {
            return;
        }
        self.nodes[id as usize - 1].timers[Timer::Election.slot()] = None;
        self.fold_trace(3, id, 0);
        self.run_timer(id, Timer::Election);
    }

    /// The client submits `value`, to `node` if given, else to the node it believes leads.
    pub fn request(&mut self, value: Value, node: Option<NodeId>) -> RequestId {
        let generation = self.next_seq();
        self.checker.client_request(&value);
        let (request, target) = self.client.submit(value.clone(), node, generation);
        self.send(CLIENT, target, Payload::ClientRequest { request, value });
        self.schedule(
            self.now + self.client_retry,
            Pending::ClientRetry { request, generation },
        );
        request
    }

    /// Removes one message in flight, as if the network lost it.
    pub fn drop_message(&mut self, id: u64) -> bool {
        let slot = self
            .in_flight
            .iter()
            .position(|m| m.as_ref().is_some_and(|m| m.id == id));
        let Some(m) = slot.and_then(|slot| self.take_in_flight(slot as u32, id)) else {
            return false;
        };
        self.stats.dropped += 1;
        self.fold_trace(4, 0, id);
        self.passage(id, m.from, m.to, &m.payload, m.sent_at, m.arrives_at, false);
        true
    }

    // ----- internals -----

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn schedule(&mut self, at: Micros, what: Pending) {
        let seq = self.next_seq();
        self.queue.push(Reverse(Scheduled { at, seq, what }));
    }

    fn fold_trace(&mut self, code: u8, node: NodeId, extra: u64) {
        self.now.hash(&mut self.trace);
        code.hash(&mut self.trace);
        node.hash(&mut self.trace);
        extra.hash(&mut self.trace);
    }

    fn send(&mut self, from: NodeId, to: NodeId, payload: Payload<P::Message>) {
        self.stats.sent += 1;
        let kind = payload.kind();
        match self.stats.by_type.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, count)) => *count += 1,
            None => self.stats.by_type.push((kind, 1)),
        }
        let link_up = self.links.carries(from, to);
        if !link_up || self.rng.chance(self.conditions.drop_ppm) {
            self.stats.dropped += 1;
            self.note("drop", from, to, || format!("{payload:?}"));
            self.passage(0, from, to, &payload, self.now, self.now, false);
            // Losses to a cut link are expected; random losses are news.
            if link_up && from != CLIENT && to != CLIENT {
                self.narrate(Narrative::Dropped(from, to, payload.kind()));
            }
            return;
        }
        let copies = if self.rng.chance(self.conditions.duplicate_ppm) {
            2
        } else {
            1
        };
        let mut payload = Some(payload);
        for copy in 1..=copies {
            let payload = if copy == copies {
                payload.take().expect("moved once, on the last copy")
            } else {
                payload.clone().expect("present until the last copy")
            };
            let (min, max) = self.conditions.latency;
            let arrives_at = self.now + self.rng.between(min, max).max(1);
            self.next_message += 1;
            let id = self.next_message;
            let message = InFlight {
                id,
                from,
                to,
                sent_at: self.now,
                arrives_at,
                payload,
            };
            self.note("send", from, to, || format!("#{id} {:?}", message.payload));
            let slot = match self.free_slots.pop() {
                Some(slot) => {
                    self.in_flight[slot as usize] = Some(message);
                    slot
                }
                None => {
                    self.in_flight.push(Some(message));
                    self.in_flight.len() as u32 - 1
                }
            };
            self.schedule(arrives_at, Pending::Deliver { slot, id });
        }
    }

    /// Removes message `id` from `slot`, if it is still there.
    fn take_in_flight(&mut self, slot: u32, id: u64) -> Option<InFlight<P::Message>> {
        let entry = self.in_flight.get_mut(slot as usize)?;
        if entry.as_ref().is_some_and(|m| m.id == id) {
            self.free_slots.push(slot);
            entry.take()
        } else {
            None
        }
    }

    fn deliver(&mut self, slot: u32, id: u64) {
        let Some(message) = self.take_in_flight(slot, id) else {
            return; // dropped by hand while in flight
        };
        let InFlight {
            from,
            to,
            payload,
            sent_at,
            arrives_at,
            ..
        } = message;
        let receiver_up = to == CLIENT || self.nodes[to as usize - 1].up;
        let delivered = self.links.carries(from, to) && receiver_up;
        self.passage(id, from, to, &payload, sent_at, arrives_at, delivered);
        if !delivered {
            self.stats.dropped += 1;
            self.fold_trace(5, to, id);
            self.note("drop", from, to, || format!("#{id} on arrival"));
            // A link cut while the message was on it; messages to a crashed node are expected losses.
            if receiver_up && from != CLIENT {
                self.narrate(Narrative::Dropped(from, to, payload.kind()));
            }
            return;
        }
        self.stats.delivered += 1;
        self.note("deliver", from, to, || format!("#{id}"));
        // The trace folds what a message is (kind, term, entries), not every byte of every value: a run that
        // diverges in content diverges in its events right after.
        match &payload {
            Payload::Peer(msg) => {
                msg.kind().hash(&mut self.trace);
                msg.term().hash(&mut self.trace);
                msg.entry_count().hash(&mut self.trace);
            }
            other => other.kind().hash(&mut self.trace),
        }
        self.fold_trace(6, to, from as u64);
        match payload {
            Payload::Peer(msg) => {
                let role_before = self.nodes[to as usize - 1].node.role();
                self.nodes[to as usize - 1].node.on_message(from, msg, &mut self.out);
                self.finish_step(to, Some(role_before));
            }
            Payload::ClientRequest { request, value } => {
                let role_before = self.nodes[to as usize - 1].node.role();
                self.nodes[to as usize - 1]
                    .node
                    .on_client_request(request, value, &mut self.out);
                self.finish_step(to, Some(role_before));
            }
            Payload::ClientReply { request, outcome } => self.client_heard(from, request, outcome),
        }
    }

    fn fire_timer(&mut self, id: NodeId, timer: Timer, generation: u64) {
        let k = timer.slot();
        let slot = &mut self.nodes[id as usize - 1];
        if slot.wakeups[k].map(|(_, g)| g) != Some(generation) {
            return; // superseded by an earlier wake-up, or the node crashed since
        }
        slot.wakeups[k] = None;
        match slot.timers[k] {
            Some(state) if state.fires_at > self.now => {
                let fires_at = state.fires_at;
                return self.queue_wakeup(id, timer, fires_at);
            }
            Some(_) if slot.up => slot.timers[k] = None,
            _ => return, // cancelled
        }
        self.fold_trace(7, id, timer as u64);
        self.note("timer", id, id, || format!("{timer:?}"));
        self.run_timer(id, timer);
    }

    /// Arms `timer` of node `id` to fire at `fires_at`, queueing a wake-up unless one comes sooner.
    fn set_timer(&mut self, id: NodeId, timer: Timer, fires_at: Micros) {
        let slot = &mut self.nodes[id as usize - 1];
        slot.timers[timer.slot()] = Some(TimerState {
            set_at: self.now,
            fires_at,
        });
        if slot.wakeups[timer.slot()].is_none_or(|(at, _)| at > fires_at) {
            self.queue_wakeup(id, timer, fires_at);
        }
    }

    fn queue_wakeup(&mut self, id: NodeId, timer: Timer, at: Micros) {
        let generation = self.next_seq();
        self.nodes[id as usize - 1].wakeups[timer.slot()] = Some((at, generation));
        self.schedule(
            at,
            Pending::Timer {
                node: id,
                timer,
                generation,
            },
        );
    }

    fn run_timer(&mut self, id: NodeId, timer: Timer) {
        let role_before = self.nodes[id as usize - 1].node.role();
        self.nodes[id as usize - 1].node.on_timer(timer, &mut self.out);
        self.finish_step(id, Some(role_before));
    }

    /// Carries out the effects node `id` just produced, then runs the checks on the new state.
    fn finish_step(&mut self, id: NodeId, role_before: Option<Role>) {
        let mut out = std::mem::take(&mut self.out);
        // Effects are consumed (messages move onto the network uncloned); only applied entries are kept
        // for the checker, which is all it reads.
        let mut applied = std::mem::take(&mut self.applied);
        for effect in out.drain(..) {
            match effect {
                Effect::Send { to, msg } => self.send(id, to, Payload::Peer(msg)),
                Effect::SetTimer { timer, after } => {
                    let after = match after {
                        Delay::Fixed(d) => d,
                        Delay::Between(min, max) => self.rng.between(min, max),
                    };
                    self.set_timer(id, timer, self.now + after);
                }
                Effect::CancelTimer { timer } => self.nodes[id as usize - 1].timers[timer.slot()] = None,
                // Durability is synchronous here: see `Protocol::persisted`.
                Effect::Persist => {}
                Effect::Commit { index, term, value } => {
                    self.mark(id, MarkKind::Commit(index));
                    applied.push(Effect::Commit { index, term, value })
                }
                Effect::Note(note) => self.narrate(Narrative::Node(id, note)),
                Effect::Reply { request, outcome } => self.send(id, CLIENT, Payload::ClientReply { request, outcome }),
            }
        }
        let node = &self.nodes[id as usize - 1].node;
        if node.role() == Role::Leader && role_before != Some(Role::Leader) {
            self.leaders.push(LeaderChange {
                at: self.now,
                node: id,
                term: node.term(),
            });
        }
        self.checker
            .after_step(self.now, id, &self.nodes, &applied, &mut self.violations);
        applied.clear();
        self.applied = applied;
        self.out = out;
    }

    fn client_heard(&mut self, from: NodeId, request: RequestId, outcome: ClientOutcome) {
        let Some(pending) = self.client.pending.get_mut(&request) else {
            return; // already applied: a late or duplicate reply
        };
        match outcome {
            ClientOutcome::Redirect(Some(leader)) if leader != pending.target => {
                pending.target = leader;
                let value = pending.value.clone();
                self.client.leader_guess = Some(leader);
                self.send(CLIENT, leader, Payload::ClientRequest { request, value });
            }
            ClientOutcome::Redirect(_) => {}
            ClientOutcome::Accepted => {
                // Not a reset of the retry count: a leader cut off in a minority accepts every retry and
                // never applies it, and the client must move on.
                pending.accepted_by = Some(from);
                self.client.leader_guess = Some(from);
            }
            ClientOutcome::Applied(_) => {
                self.client.pending.remove(&request);
                self.client.leader_guess = Some(from);
                self.client.completed += 1;
            }
        }
    }

    fn retry_request(&mut self, request: RequestId, generation: u64) {
        let n = self.cluster_size();
        let Some((target, value)) = self.client.retry_target(request, n, generation) else {
            return;
        };
        self.send(CLIENT, target, Payload::ClientRequest { request, value });
        self.schedule(
            self.now + self.client_retry,
            Pending::ClientRetry { request, generation },
        );
    }
}

impl<P: Protocol> NodeSlot<P> {
    /// A node that is up, with no timer armed.
    pub fn running(id: NodeId, node: P) -> Self {
        NodeSlot {
            id,
            node,
            up: true,
            timers: [None; 2],
            wakeups: [None; 2],
            persisted: None,
        }
    }

    /// Time left on a timer as a fraction of its length, for the timer arcs.
    pub fn timer_fraction_left(&self, timer: Timer, now: Micros) -> Option<f64> {
        let t = self.timers[timer.slot()]?;
        let total = t.fires_at.saturating_sub(t.set_at).max(1) as f64;
        Some(limit(t.fires_at.saturating_sub(now) as f64 / total, 0.0, 1.0))
    }
}
