//! The lab's model: a simulated cluster, the clock that drives it, the user's actions on it, and where its
//! nodes sit on the canvas. Plain Rust with no DOM; what the components draw is computed from it in
//! `frame.rs` and `views.rs`.

use consensus_sim::scenario::{Event, ProtocolName, Scenario};
use consensus_sim::{Action, Micros, CLIENT};

use crate::model::cluster::{start, Cluster};
use crate::model::frame::whole_digits;
use crate::model::pace::Pace;
use crate::model::travel::Travel;
use crate::model::views::Cache;

/// The canvas is a square of this many user units.
pub const CANVAS: f64 = 600.0;
/// Where the client sits: the top-left corner, outside the ring.
pub const CLIENT_AT: (f64, f64) = (48.0, 44.0);
const RING_RADIUS: f64 = 210.0;
/// Nodes stay this far inside the canvas edge when dragged.
const MARGIN: f64 = 40.0;

/// Simulated time per wall time, on a log scale from 1/1000 to 1.
pub const MIN_SPEED_LOG10: f64 = -3.0;
pub const MAX_SPEED_LOG10: f64 = 0.0;
/// 1/25: a 15 ms message takes 0.4 s to cross, and an election timeout 4 to 8 s.
pub const DEFAULT_SPEED_LOG10: f64 = -1.397_940_008_672_037_6;

/// The speed a position of the speed slider (log10 of it) stands for.
pub fn speed_of(log10: f64) -> f64 {
    10f64.powf(log10)
}

/// A wake this much later than planned, in wall milliseconds, is a stall (a busy tab, a long task, a
/// debugger), not time the reader watched pass: the lab moves on by `MAX_FRAME_MS` only, so it does not leap
/// ahead.
const STALL_MS: f64 = 250.0;
const MAX_FRAME_MS: f64 = 100.0;
/// While playing, the clock's text (and the diagram, while open) moves on this often, in wall-clock
/// milliseconds. The clock on the canvas turns on the compositor; ticks wake the page only for the diagram.
const CLOCK_INTERVAL_MS: f64 = 100.0;
/// While playing, the time slider moves on this often, in wall-clock milliseconds: a slider that moves
/// twice a second reads as moving, and redrawing it costs a wake.
const SLIDER_INTERVAL_MS: f64 = 500.0;
/// A lesson's caption is read within this many wall-clock milliseconds; after that, until the next caption,
/// the run goes `QUIET_BOOST` times faster, and slows again `QUIET_MARGIN` of simulated time before it.
const QUIET_WALL_MS: f64 = 8_000.0;
const QUIET_BOOST: f64 = 4.0;
const QUIET_MARGIN: Micros = 100_000;
/// A run that is not a lesson slows from its opening speed-up this long before its first event: the last
/// of the first timer is seen running out.
const OPENING_MARGIN: Micros = 40_000;
/// How long, in wall-clock milliseconds, a new leader is highlighted.
pub const FLASH_MS: f64 = 1200.0;

pub struct Lab {
    /// What the cluster was started from: protocol, size, seed, bugs, and (for a lesson) its events.
    pub scenario: Scenario,
    /// The lesson's file name, when it is one, for permalinks.
    pub lesson_name: Option<String>,
    /// The session this one replaced (Reset, New seed, another size, protocol or bug) when the reader had
    /// acted in it: Undo brings it back. One level deep.
    pub previous: Option<Box<Lab>>,
    /// The deliberate bugs the scenario's captions were written for (those of its file): with others, the
    /// run is not the one they describe.
    pub captions_for: Vec<String>,
    requests: u64,
    pub sim: Box<dyn Cluster>,
    /// log10 of the speed.
    pub speed_log10: f64,
    pub positions: Vec<(f64, f64)>,
    /// How the space-time diagram frames time, and where its window last started.
    pub diagram_zoom: crate::model::diagram::Zoom,
    pub diagram_view_start: Micros,
    /// Every action the user took, at its point in time, and checkpoints: with the seed, this is the
    /// session, and what makes time travel possible.
    pub travel: Travel,
    /// Wall-clock time spent animating, for the leader flash.
    pub wall_ms: f64,
    /// While playing, how simulated time follows the wall clock; None while paused or stopped.
    pub pace: Option<Pace>,
    /// The wall time the simulation was last brought up to.
    last_wake: f64,
    /// The wall time the next wake was planned for.
    planned_wake: f64,
    /// The simulated time the clock shows, and the wall time it was last set.
    clock: (Micros, f64),
    /// (wall ms, node, term) of the latest leader change seen.
    pub last_leader_change: Option<(f64, u8, u64)>,
    seen_leaders: usize,
    /// Violations already reported.
    seen_violations: usize,
    /// Lesson captions already reached.
    seen_captions: usize,
    /// Whether the lesson's end was already reached.
    seen_end: bool,
    /// The wall time (`wall_ms`) the latest caption came, and how many times faster than the chosen speed
    /// the run goes now: a lesson speeds through the stretches where its caption has long been read.
    caption_wall: f64,
    boost: f64,
    pub cache: Cache,
}

impl Lab {
    /// A plain cluster, with every default.
    pub fn new(protocol: ProtocolName, seed: u64, size: u8) -> Self {
        Lab::from_scenario(Scenario::plain(protocol, size, seed))
    }

    pub fn from_scenario(scenario: Scenario) -> Self {
        let (sim, first_checkpoint) = (start(&scenario), start(&scenario));
        let positions = layout(&scenario);
        Lab {
            lesson_name: None,
            previous: None,
            captions_for: scenario.bugs.clone(),
            scenario,
            requests: 0,
            travel: Travel::new(first_checkpoint),
            sim,
            speed_log10: DEFAULT_SPEED_LOG10,
            positions,
            diagram_zoom: Default::default(),
            diagram_view_start: 0,
            wall_ms: 0.0,
            pace: None,
            last_wake: 0.0,
            planned_wake: 0.0,
            clock: (0, 0.0),
            last_leader_change: None,
            seen_leaders: 0,
            seen_violations: 0,
            seen_captions: 0,
            seen_end: false,
            caption_wall: 0.0,
            boost: 1.0,
            cache: Cache::default(),
        }
    }

    /// What the session's latest action that `pick` reads set, if any.
    fn latest<T>(&self, pick: impl Fn(&Action) -> Option<T>) -> Option<T> {
        self.travel.history[..self.travel.applied]
            .iter()
            .rev()
            .find_map(|r| pick(&r.action))
    }

    /// How gets are answered now: the scenario's read path, or the one the session last switched to.
    pub fn read_path(&self) -> consensus_sim::protocol::kv::ReadPath {
        self.latest(|a| match a {
            Action::SetReadPath(path) => Some(*path),
            _ => None,
        })
        .unwrap_or(self.scenario.read_path)
    }

    /// Raft: how many applied entries each node snapshots after, 0 never: the scenario's option, or what the
    /// session last set.
    pub fn snapshot_every(&self) -> u64 {
        self.latest(|a| match a {
            Action::SetSnapshotEvery(every) => Some(*every),
            _ => None,
        })
        .unwrap_or(self.scenario.snapshot_every)
    }

    /// Whether the scenario's clients C1..C5 call operations.
    pub fn has_clients(&self) -> bool {
        self.scenario
            .events
            .iter()
            .any(|e| matches!(e.event, Event::Operation { .. }))
    }

    /// Whether the scenario chooses or changes the failure detector: a lesson about detection.
    pub fn tunes_detector(&self) -> bool {
        self.scenario.detector.is_some()
            || self
                .scenario
                .events
                .iter()
                .any(|e| matches!(e.event, Event::Detector(_)))
    }

    /// The follower the failure detection panel watches: the node selected, unless it leads (a leader
    /// watches nobody), or else the first node up that does not lead.
    pub fn monitor(&self, selected: Option<u8>) -> Option<crate::model::detection::Monitor> {
        let watches = |id: u8| self.sim.is_up(id) && self.sim.node(id).role() != consensus_sim::Role::Leader;
        let id = selected
            .filter(|&id| id <= self.size() && watches(id))
            .or_else(|| (1..=self.size()).find(|&id| watches(id)))?;
        crate::model::detection::monitor(&*self.sim, id)
    }

    pub fn seed(&self) -> u64 {
        self.scenario.seed
    }

    pub fn size(&self) -> u8 {
        self.sim.size()
    }

    pub fn protocol(&self) -> ProtocolName {
        self.sim.protocol()
    }

    pub fn speed(&self) -> f64 {
        speed_of(self.speed_log10) * self.boost
    }

    /// Whether the run is speeding through a quiet stretch.
    pub fn fast_forwarding(&self) -> bool {
        self.boost > 1.0
    }

    /// Until when the run may go `QUIET_BOOST` times faster, if it may now: a lesson whose caption has been up
    /// for `QUIET_WALL_MS`, until `QUIET_MARGIN` before its next caption (or its end); any other run from its
    /// start until `OPENING_MARGIN` before its first event, so that nobody waits seconds for the first thing
    /// to happen while every timer runs down.
    fn quiet_until(&self) -> Option<Micros> {
        if self.lesson_end().is_some() {
            let read = self.wall_ms - self.caption_wall >= QUIET_WALL_MS;
            return self
                .next_in_lesson()
                .filter(|_| read)
                .map(|next| next.saturating_sub(QUIET_MARGIN));
        }
        // Cheapest first: once a message has arrived anywhere, the opening is over, and no wake lists flights.
        let opening = self.travel.applied == 0
            && self.sim.timeline().is_none_or(|t| t.passages.is_empty())
            && self.sim.flights().is_empty();
        self.sim
            .next_event_at()
            .filter(|_| opening)
            .map(|next| next.saturating_sub(OPENING_MARGIN))
    }

    /// How much faster than the chosen speed to run now (see `quiet_until`).
    fn wanted_boost(&self) -> f64 {
        match self.quiet_until() {
            Some(until) if until > self.sim.now() => QUIET_BOOST,
            _ => 1.0,
        }
    }

    /// When a caption the run follows next falls due, if one is still to come.
    fn next_caption(&self) -> Option<Micros> {
        let now = self.sim.now();
        let follows = self.follows_captions();
        self.scenario
            .events
            .iter()
            .filter_map(|e| match e.event {
                Event::Caption { .. } if e.at_ms * 1000 > now && follows => Some(e.at_ms * 1000),
                _ => None,
            })
            .min()
    }

    /// When the lesson next has something to show: its next caption, or its end.
    fn next_in_lesson(&self) -> Option<Micros> {
        let end = self.lesson_end().filter(|&end| end > self.sim.now());
        self.next_caption().into_iter().chain(end).min()
    }

    /// The render loop's wake at wall time `wall`: brings the simulation up to it, and returns the wall time
    /// of the next wake: when something is next due (see `next_wake`), the slider's next step, or the clock's
    /// next tick if `ticking` (the diagram moves with it). Between wakes nothing in the simulation changes: the
    /// compositor moves messages, timer rings and the clock on the same pace.
    pub fn wake(&mut self, wall: f64, ticking: bool) -> f64 {
        self.follow(true, wall);
        self.catch_up(wall);
        let boost = self.wanted_boost();
        if boost != self.boost {
            self.boost = boost;
            // Time runs on from where it stands, at the new rate.
            self.pace = Some(Pace::new(wall, self.sim.now(), self.speed()));
        }
        let interval = if ticking { CLOCK_INTERVAL_MS } else { SLIDER_INTERVAL_MS };
        let tick = wall + (self.clock.1 + interval - self.wall_ms).max(0.0);
        self.planned_wake = self.next_wake(wall).min(tick);
        self.planned_wake
    }

    /// Where the time slider stands: the exact moment while paused; while playing, the clock rounded down to
    /// the slider's step, so that it moves on twice a second of wall time.
    pub fn slider_at(&self, paused: bool) -> Micros {
        if paused {
            return self.sim.now();
        }
        let step = ((SLIDER_INTERVAL_MS * 1000.0 * self.speed()) as Micros).max(1);
        self.clock.0 - self.clock.0 % step
    }

    /// Brings the simulation up to wall time `wall` on the current pace (nothing while paused): before the
    /// reader acts, so that the action lands at the moment on screen rather than at the last wake.
    pub fn catch_up(&mut self, wall: f64) {
        let Some(mut pace) = self.pace else { return };
        let stalled = wall - self.planned_wake > STALL_MS;
        if stalled {
            pace = Pace::new(wall - MAX_FRAME_MS, self.sim.now(), self.speed());
            self.pace = Some(pace);
        }
        self.wall_ms += if stalled {
            MAX_FRAME_MS
        } else {
            (wall - self.last_wake).max(0.0)
        };
        self.last_wake = self.last_wake.max(wall);
        let until = pace.sim_at(wall);
        if until > self.sim.now() {
            self.run_forward(until);
        }
        if self.wall_ms - self.clock.1 >= CLOCK_INTERVAL_MS {
            self.sync_clock();
        }
        self.watch_leaders();
    }

    /// After the reader acted at wall time `wall`: while playing, time runs on from the moment shown (from a
    /// new point if the action moved it: a seek, a speed change, a new cluster); paused, it stands still.
    pub fn follow(&mut self, playing: bool, wall: f64) {
        if !playing {
            self.pace = None;
            self.sync_clock();
        } else if self.pace.is_none() {
            self.pace = Some(Pace::new(wall, self.sim.now(), self.speed()));
            (self.last_wake, self.planned_wake) = (wall, wall);
        }
    }

    /// Stops time at wall time `wall`, where it stands on screen: pausing, or the page hidden.
    pub fn halt(&mut self, wall: f64) {
        self.catch_up(wall);
        self.follow(false, wall);
    }

    /// Sets the speed (log10 of it); time runs on at the new speed from where it stands.
    pub fn set_speed(&mut self, log10: f64) {
        self.speed_log10 = log10;
        self.pace = None;
    }

    /// The wall time at which something next changes: an event, a recorded action or a caption falls due, the
    /// clock needs a new digit, or a new leader's highlight ends.
    fn next_wake(&self, wall: f64) -> f64 {
        let now = self.sim.now();
        let digit = 10u64.checked_pow(whole_digits(now)).map(|s| s * 1_000_000);
        let due = [
            self.sim.next_event_at(),
            self.travel.history.get(self.travel.applied).map(|r| r.at),
            digit,
        ];
        let next = self.next_in_lesson();
        // Speeding through a quiet stretch: wake in time to slow down before what comes next.
        let slow_down = self.quiet_until().filter(|&at| self.boost > 1.0 && at > now);
        let sim_due = due.into_iter().flatten().chain(next).chain(slow_down).min();
        let flash_ends = self
            .last_leader_change
            .map(|(at, _, _)| at + FLASH_MS)
            .filter(|&end| end > self.wall_ms);
        let mut next = flash_ends.map_or(f64::INFINITY, |end| wall + end - self.wall_ms);
        if let (Some(pace), Some(at)) = (self.pace, sim_due) {
            next = next.min(pace.wall_at(at));
        }
        next
    }

    /// Advances simulated time by `wall_ms` of wall time at the current speed, as a wake that long after the
    /// last one does.
    pub fn advance(&mut self, wall_ms: f64) {
        if self.pace.is_none() {
            self.wake(self.last_wake, true);
        }
        self.wake(self.last_wake + wall_ms, true);
    }

    /// Sets the clock to the exact simulated time: when paused, stepped or acted on.
    pub fn sync_clock(&mut self) {
        self.clock = (self.sim.now(), self.wall_ms);
    }

    /// The simulated time the clock shows.
    pub fn clock(&self) -> Micros {
        self.clock.0
    }

    /// Processes exactly the next event, moving the clock to it (the → key, while paused).
    pub fn step_event(&mut self) -> bool {
        let stepped = self.step_forward();
        self.sync_clock();
        // Stepping moves no wall time: the diagram must not wait for it.
        self.cache.diagram_built = f64::NEG_INFINITY;
        self.watch_leaders();
        stepped
    }

    /// After a jump in time, no leader change or violation already there is news.
    pub(crate) fn forget_leader_flash(&mut self) {
        self.seen_leaders = self.sim.leaders().len();
        self.last_leader_change = None;
        self.seen_violations = self.sim.violations().len();
        self.seen_captions = self.captions().count();
        self.seen_end = self.lesson_over();
    }

    /// How many of the lesson's captions have been reached, as of the last `reached_pause`.
    pub fn captions_shown(&self) -> usize {
        self.seen_captions
    }

    /// True when the run just reached a lesson caption that asks to pause, or the lesson's end.
    pub fn reached_pause(&mut self) -> bool {
        let reached: Vec<bool> = self.captions().map(|(_, _, pause, _)| pause).collect();
        let new = reached.iter().skip(self.seen_captions).any(|&p| p);
        if reached.len() != self.seen_captions {
            self.caption_wall = self.wall_ms;
        }
        self.seen_captions = reached.len();
        let end = self.lesson_over() && !self.seen_end;
        self.seen_end = self.lesson_over();
        new || end
    }

    /// The first safety violation since the last call, if any.
    pub fn new_violation(&mut self) -> Option<consensus_sim::Violation> {
        let found = self.sim.violations().get(self.seen_violations).cloned();
        self.seen_violations = self.sim.violations().len();
        found
    }

    fn watch_leaders(&mut self) {
        let leaders = self.sim.leaders();
        if leaders.len() > self.seen_leaders {
            self.seen_leaders = leaders.len();
            let latest = leaders[leaders.len() - 1];
            self.last_leader_change = Some((self.wall_ms, latest.node, latest.term));
        }
    }

    /// Carries out a user action now, and records it in the session.
    pub fn act(&mut self, action: Action) {
        self.sim.apply(&action);
        self.record(action);
        self.sync_clock();
        self.cache.diagram_built = f64::NEG_INFINITY;
        self.watch_leaders();
    }

    /// The client submits the next command, "x=1", "y=2", …, to `node` or to whichever node it believes
    /// leads.
    /// Under a commit protocol: a transaction moving 10 from one participant's account to the next one's.
    pub fn request(&mut self, node: Option<u8>) {
        self.requests += 1;
        let value = if self.protocol().is_commit() {
            self.next_transfer()
        } else {
            let key = ["x", "y", "z", "w"][(self.requests as usize - 1) % 4];
            format!("{key}={}", self.requests)
        };
        self.act(Action::Request {
            value: value.into(),
            node,
        });
    }

    /// The next transfer the request button begins: a-10 b+10, then b-10 c+10, and so on around the accounts.
    fn next_transfer(&self) -> String {
        let config = self.commit_config();
        let participants = config.participants(self.size()).max(1) as u64;
        let account = |k: u64| (b'a' + (k % participants) as u8) as char;
        let k = self.requests - 1;
        format!("{}-10 {}+10", account(k), account(k + 1))
    }

    /// The smallest cluster the scenario's protocol runs on: a commit protocol needs its coordinator (and
    /// Paxos Commit its other acceptors) and two participants.
    pub fn min_size(&self) -> u8 {
        if self.protocol().is_commit() {
            self.commit_config().smallest_cluster()
        } else {
            1
        }
    }

    /// How the commit protocols are configured for this scenario (2PC's for the consensus protocols).
    pub fn commit_config(&self) -> consensus_sim::commit::CommitConfig {
        use consensus_sim::scenario::ScenarioProtocol;
        consensus_sim::commit::CommitNode::config(&self.scenario)
    }

    /// Begins the transaction `text` ("a-10 b+10"), or says what is wrong with it.
    pub fn begin(&mut self, text: &str) -> Result<(), String> {
        let participants = self.commit_config().participants(self.size());
        let writes = consensus_sim::commit::txn::parse(text, participants)?;
        self.act(Action::Request {
            value: consensus_sim::commit::txn::text(&writes).into(),
            node: None,
        });
        Ok(())
    }

    /// Crash if up, restart if crashed.
    pub fn toggle_crash(&mut self, id: u8) {
        if self.sim.is_up(id) {
            self.act(Action::Crash(id));
        } else {
            self.act(Action::Restart(id));
        }
    }

    pub fn toggle_disconnect(&mut self, id: u8) {
        if self.sim.links().is_disconnected(id) {
            self.act(Action::Connect(id));
        } else {
            self.act(Action::Disconnect(id));
        }
    }

    /// Cuts the link both ways if any direction carries messages, else restores both.
    pub fn toggle_link(&mut self, a: u8, b: u8) {
        let links = self.sim.links();
        let (from, to) = (a, b);
        if links.is_cut(a, b) && links.is_cut(b, a) {
            self.act(Action::Restore {
                from,
                to,
                oneway: false,
            });
        } else {
            self.act(Action::Cut {
                from,
                to,
                oneway: false,
            });
        }
    }

    /// Cuts or restores only the direction from → to.
    pub fn toggle_direction(&mut self, from: u8, to: u8) {
        if self.sim.links().is_cut(from, to) {
            self.act(Action::Restore { from, to, oneway: true });
        } else {
            self.act(Action::Cut { from, to, oneway: true });
        }
    }

    /// Moves a node, keeping it on the canvas. Links and messages in flight follow, since both are drawn
    /// from the positions.
    pub fn move_node(&mut self, id: u8, x: f64, y: f64) {
        let clamp = |v: f64| v.clamp(MARGIN, CANVAS - MARGIN);
        self.positions[id as usize - 1] = (clamp(x), clamp(y));
    }

    /// Where node `id` (or the client, id 0) is drawn.
    pub fn position(&self, id: u8) -> (f64, f64) {
        if id == CLIENT {
            CLIENT_AT
        } else {
            self.positions[id as usize - 1]
        }
    }
}

/// Node centres evenly spaced on a ring, S1 at the top, clockwise.
/// Where a scenario's nodes start: on a ring, or for a commit protocol in two rows, the coordinator (with
/// Paxos Commit's other acceptors) above and the participants below, so the acceptors stand apart.
pub fn layout(scenario: &Scenario) -> Vec<(f64, f64)> {
    if !scenario.protocol.is_commit() {
        return ring(scenario.nodes);
    }
    let config = consensus_sim::commit::CommitConfig {
        variant: consensus_sim::scenario::commit_variant(scenario.protocol),
        fault_tolerance: scenario.fault_tolerance,
        ..Default::default()
    };
    let above = (config.first_participant() - 1).min(scenario.nodes);
    let row = |count: u8, y: f64| {
        let gap = if count > 1 {
            (CANVAS - 140.0) / (count as f64 - 1.0)
        } else {
            0.0
        };
        let gap = gap.min(150.0);
        (0..count).map(move |i| (CANVAS / 2.0 + (i as f64 - (count as f64 - 1.0) / 2.0) * gap, y))
    };
    row(above, 150.0).chain(row(scenario.nodes - above, 440.0)).collect()
}

pub fn ring(size: u8) -> Vec<(f64, f64)> {
    let c = CANVAS / 2.0;
    (0..size)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / size as f64 - std::f64::consts::FRAC_PI_2;
            let (sin, cos) = a.sin_cos();
            (c + RING_RADIUS * cos, c + RING_RADIUS * sin)
        })
        .collect()
}

/// Every pair of nodes once, (a, b) with a < b.
pub fn pairs(size: u8) -> impl Iterator<Item = (u8, u8)> {
    (1..=size).flat_map(move |a| (a + 1..=size).map(move |b| (a, b)))
}

/// Whether segment p1–p2 crosses segment q1–q2 (the knife stroke and a link).
pub fn segments_cross(p1: (f64, f64), p2: (f64, f64), q1: (f64, f64), q2: (f64, f64)) -> bool {
    let orient = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
    let (d1, d2) = (orient(q1, q2, p1), orient(q1, q2, p2));
    let (d3, d4) = (orient(p1, p2, q1), orient(p1, p2, q2));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}
