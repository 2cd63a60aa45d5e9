//! The lab's cluster, whatever protocol it runs. The canvas and the panels are written once, against this
//! object-safe face of `Simulator<P>` and the protocol's `NodeView`; what only one protocol has (Raft's
//! nextIndex, a Paxos acceptor's promise) comes through `Details`.

use consensus_sim::commit::CommitNode;
use consensus_sim::paxos::PaxosNode;
use consensus_sim::raft::RaftNode;
use consensus_sim::scenario::{simulator_for, ProtocolName, Scenario, ScenarioProtocol};
use consensus_sim::{
    Action, Answer, ClientOutcome, Conditions, LeaderChange, Links, MessageMeta, MessageStats, Micros, Narrative,
    NodeId, NodeView, Payload, Protocol, Simulator, Timer,
};

use consensus_sim::history::History;
use consensus_sim::sim::timeline::Timeline;
use consensus_sim::Violation;

use crate::model::details::Details;
use crate::words::narrate::{run_sentence, sentence, shared, Told};

/// A message in flight, as the canvas and the message panel see it.
pub struct Flight<'a> {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Micros,
    pub arrives_at: Micros,
    /// The paper's name, or the client's request or reply.
    pub kind: &'static str,
    /// A message between nodes; None for the client's.
    pub message: Option<&'a dyn MessageMeta>,
    /// For a client's request or reply, the client (1 to 5 for C1..C5, 0 for the requester), where known: a
    /// reply to a call its client gave up on has none.
    pub client: Option<u64>,
    /// For a client's request or reply, the request: its operation's `id` in the history.
    pub request: Option<u64>,
}

pub trait Cluster {
    /// A copy of the whole cluster, to return to later.
    fn snapshot(&self) -> Box<dyn Cluster>;
    /// Runs to exactly `events` processed events and clock `now` (see `Simulator::replay_to`).
    fn replay_to(&mut self, events: u64, now: Micros);
    fn next_event_at(&self) -> Option<Micros>;
    fn timeline(&self) -> Option<&Timeline>;
    fn violations(&self) -> &[Violation];
    fn protocol(&self) -> ProtocolName;
    fn now(&self) -> Micros;
    fn size(&self) -> u8;
    fn run_until(&mut self, until: Micros);
    /// Processes exactly the next event; false if there is none.
    fn step(&mut self) -> bool;
    fn apply(&mut self, action: &Action);
    /// `apply`, for an action of a lesson's script.
    fn apply_scripted(&mut self, action: &Action);
    fn events_processed(&self) -> u64;
    fn trace_hash(&self) -> u64;
    fn leaders(&self) -> &[LeaderChange];
    fn links(&self) -> &Links;
    fn conditions(&self) -> Conditions;
    /// Requests the client is still waiting on.
    fn pending_requests(&self) -> usize;
    /// The feed's lines with items numbered above `after`, newest first, at most `limit` of them. Items are
    /// numbered from 1 as they are narrated; a line tells one item, or a run of the same note by several
    /// nodes (which may reach back to `after` and before it, to tell the whole run).
    fn feed_since(&self, after: u64, limit: usize) -> Vec<crate::model::views::FeedLine>;
    /// Items ever narrated; the feed's last item is this number.
    fn feed_total(&self) -> u64;
    /// The votes of `term` that node `id` granted or refused, or was granted or refused, as the feed tells them.
    fn vote_story(&self, id: NodeId, term: u64) -> Vec<String>;
    fn is_up(&self, id: NodeId) -> bool;
    fn node(&self, id: NodeId) -> &dyn NodeView;
    fn details(&self, id: NodeId) -> &dyn Details;
    /// When a running timer was set and when it fires.
    fn timer_span(&self, id: NodeId, timer: Timer) -> Option<(Micros, Micros)>;
    fn flights(&self) -> Vec<Flight<'_>>;
    /// Every field of message `id`, while it is in flight.
    fn message_fields(&self, id: u64) -> Option<(Flight<'_>, Fields)>;
    /// Starts recording every event, for a trace export.
    fn keep_journal(&mut self);
    /// What was recorded since, as JSON lines (the format of `consensus-sim run --trace`).
    fn journal_lines(&self) -> String;
    /// What the clients saw so far: every operation of C1..C5 and the requester.
    fn history(&self) -> &History;
    /// Operations called so far, and how many of them returned (`Simulator::history_progress`).
    fn history_progress(&self) -> (usize, usize);
    /// How fast node `id`'s clock runs against true time, in parts per million, and until when it is paused.
    fn clock_of(&self, id: NodeId) -> (i64, Option<Micros>);
    /// What the network carried: messages sent, by type.
    fn stats(&self) -> &MessageStats;
    /// Every leader crash's failover and every suspicion so far.
    fn failover(&self) -> &consensus_sim::sim::Failover;
    /// What node `id`'s clock reads at true time `at`.
    fn local_time(&self, id: NodeId, at: Micros) -> Micros;
}

/// A message's fields by the paper's names, with their values.
pub type Fields = Vec<(&'static str, String)>;

fn flight<'a, P: Protocol>(sim: &Simulator<P>, m: &'a consensus_sim::InFlight<P::Message>) -> Flight<'a> {
    Flight {
        id: m.id,
        from: m.from,
        to: m.to,
        sent_at: m.sent_at,
        arrives_at: m.arrives_at,
        kind: m.payload.kind(),
        message: match &m.payload {
            Payload::Peer(msg) => Some(msg as &dyn MessageMeta),
            _ => None,
        },
        client: match &m.payload {
            Payload::Peer(_) => None,
            Payload::ClientRequest { call, .. } => Some(call.client),
            Payload::ClientReply { request, .. } => sim.client_waiting_on(*request),
        },
        request: m.payload.request(),
    }
}

/// A protocol the lab can show: a node the simulator runs, with the details the inspector needs and notes the
/// feed can tell.
pub trait LabProtocol: Protocol<Note: Told> + Details + 'static {}

impl<P: Protocol<Note: Told> + Details + 'static> LabProtocol for P {}

/// A simulator and the protocol name it runs (one Paxos node type serves both variants).
struct Running<P: LabProtocol> {
    name: ProtocolName,
    sim: Simulator<P>,
}

impl<P: LabProtocol> Cluster for Running<P> {
    fn history(&self) -> &History {
        self.sim.history()
    }
    fn history_progress(&self) -> (usize, usize) {
        self.sim.history_progress()
    }
    fn stats(&self) -> &MessageStats {
        self.sim.stats()
    }
    fn clock_of(&self, id: NodeId) -> (i64, Option<Micros>) {
        let slot = self.sim.node(id);
        (slot.clock.drift_ppm, slot.paused_at(self.sim.now()))
    }
    fn failover(&self) -> &consensus_sim::sim::Failover {
        self.sim.failover()
    }
    fn local_time(&self, id: NodeId, at: Micros) -> Micros {
        self.sim.node(id).clock.local(at)
    }
    fn keep_journal(&mut self) {
        self.sim.keep_journal()
    }
    fn journal_lines(&self) -> String {
        consensus_sim::scenario::journal_lines(self.sim.journal())
    }
    fn snapshot(&self) -> Box<dyn Cluster> {
        Box::new(Running {
            name: self.name,
            sim: self.sim.clone(),
        })
    }
    fn replay_to(&mut self, events: u64, now: Micros) {
        self.sim.replay_to(events, now)
    }
    fn next_event_at(&self) -> Option<Micros> {
        self.sim.next_event_at()
    }
    fn timeline(&self) -> Option<&Timeline> {
        self.sim.timeline()
    }
    fn violations(&self) -> &[Violation] {
        self.sim.violations()
    }
    fn protocol(&self) -> ProtocolName {
        self.name
    }
    fn now(&self) -> Micros {
        self.sim.now()
    }
    fn size(&self) -> u8 {
        self.sim.cluster_size()
    }
    fn run_until(&mut self, until: Micros) {
        self.sim.run_until(until)
    }
    fn step(&mut self) -> bool {
        self.sim.step()
    }
    fn apply(&mut self, action: &Action) {
        self.sim.apply(action)
    }
    fn apply_scripted(&mut self, action: &Action) {
        self.sim.apply_scripted(action)
    }
    fn events_processed(&self) -> u64 {
        self.sim.events_processed()
    }
    fn trace_hash(&self) -> u64 {
        self.sim.trace_hash()
    }
    fn leaders(&self) -> &[LeaderChange] {
        self.sim.leaders()
    }
    fn links(&self) -> &Links {
        &self.sim.links
    }
    fn conditions(&self) -> Conditions {
        self.sim.conditions
    }
    fn pending_requests(&self) -> usize {
        self.sim.clients.requester().pending.len()
    }
    fn feed_since(&self, after: u64, limit: usize) -> Vec<crate::model::views::FeedLine> {
        let items = self.sim.feed();
        let first = self.sim.feed_total() + 1 - items.len() as u64;
        let mut lines = Vec::new();
        let mut end = items.len();
        while end > 0 && lines.len() < limit && first + end as u64 - 1 > after {
            let newest = &items[end - 1];
            let mut start = end - 1;
            if let Some(key) = shared(&newest.what) {
                while start > 0 && shared(&items[start - 1].what) == Some(key) {
                    start -= 1;
                }
            }
            let run: Vec<_> = items[start..end].iter().map(|item| &item.what).collect();
            lines.push(crate::model::views::FeedLine {
                seq: first + start as u64,
                through: first + end as u64 - 1,
                at: newest.at,
                text: run_sentence(&run).into(),
            });
            end = start;
        }
        lines
    }
    fn vote_story(&self, id: NodeId, term: u64) -> Vec<String> {
        self.sim
            .feed()
            .iter()
            .filter(|item| match &item.what {
                Narrative::Node(voter, note) => note
                    .vote()
                    .is_some_and(|(candidate, t)| t == term && (*voter == id || candidate == id)),
                _ => false,
            })
            .map(|item| sentence(&item.what))
            .collect()
    }
    fn feed_total(&self) -> u64 {
        self.sim.feed_total()
    }
    fn is_up(&self, id: NodeId) -> bool {
        self.sim.node(id).up
    }
    fn node(&self, id: NodeId) -> &dyn NodeView {
        &self.sim.node(id).node
    }
    fn details(&self, id: NodeId) -> &dyn Details {
        &self.sim.node(id).node
    }
    fn timer_span(&self, id: NodeId, timer: Timer) -> Option<(Micros, Micros)> {
        self.sim.node(id).timer(timer).map(|t| (t.set_at, t.fires_at))
    }
    fn flights(&self) -> Vec<Flight<'_>> {
        self.sim.in_flight().map(|m| flight(&self.sim, m)).collect()
    }
    fn message_fields(&self, id: u64) -> Option<(Flight<'_>, Fields)> {
        let m = self.sim.in_flight().find(|m| m.id == id)?;
        let fields = match &m.payload {
            Payload::Peer(msg) => msg.fields(),
            Payload::ClientRequest { request, call } => {
                vec![("request", request.to_string()), ("command", call.text.to_string())]
            }
            Payload::ClientReply { request, outcome } => {
                let outcome = match outcome {
                    ClientOutcome::Redirect(Some(leader)) => format!("not the leader; try S{leader}"),
                    ClientOutcome::Redirect(None) => "not the leader, and no leader known".to_string(),
                    ClientOutcome::Accepted => "logged, not yet applied".to_string(),
                    ClientOutcome::Applied { index, answer: None } => format!("applied at index {index}"),
                    ClientOutcome::Applied {
                        index,
                        answer: Some(Answer::Read(read)),
                    } => match read {
                        Some(value) => format!("read \"{value}\" as of index {index}"),
                        None => format!("read nothing (missing) as of index {index}"),
                    },
                    ClientOutcome::Applied {
                        index,
                        answer: Some(Answer::Swapped(swapped)),
                    } => format!("{} at index {index}", if *swapped { "swapped" } else { "did not swap" }),
                };
                vec![("request", request.to_string()), ("outcome", outcome)]
            }
        };
        Some((flight(&self.sim, m), fields))
    }
}

/// The cluster a scenario describes, before any of its events: protocol, size, seed, timing, network,
/// options, bugs and initial state, configured exactly as the command line configures it.
pub fn start(scenario: &Scenario) -> Box<dyn Cluster> {
    fn boot<P: LabProtocol + ScenarioProtocol>(scenario: &Scenario) -> Box<dyn Cluster> {
        let mut sim = simulator_for::<P>(scenario);
        sim.keep_feed();
        sim.keep_timeline();
        Box::new(Running {
            name: scenario.protocol,
            sim,
        })
    }
    match scenario.protocol {
        ProtocolName::Raft => boot::<RaftNode>(scenario),
        ProtocolName::MultiPaxos | ProtocolName::Paxos => boot::<PaxosNode>(scenario),
        ProtocolName::TwoPc | ProtocolName::ThreePc | ProtocolName::PaxosCommit => boot::<CommitNode>(scenario),
    }
}
