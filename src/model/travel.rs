//! Time travel. A session is its seed and its actions, each recorded at the exact point it was taken (how
//! many events had run, and the clock), so replaying them reproduces the session event for event. The lab
//! keeps checkpoints of the whole cluster as time moves on; seeking restores the latest checkpoint before
//! the target and replays forward from it. Acting in the past forks: the later actions are dropped.

use consensus_sim::scenario::{run_scenario, Event, Quiz, Scenario};
use consensus_sim::{Action, Micros};

use crate::model::cluster::Cluster;
use crate::model::lab::Lab;

/// One user action in the session.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// Events processed when it was taken.
    pub events: u64,
    pub at: Micros,
    pub action: Action,
}

/// A copy of the cluster at one point of the session.
pub struct Checkpoint {
    pub at: Micros,
    pub events: u64,
    /// How many of the session's actions it has applied.
    pub actions: usize,
    pub sim: Box<dyn Cluster>,
}

/// A future dropped by acting in the past.
struct Fork {
    /// Where in the history the action that forked stands.
    at: usize,
    /// The actions it dropped, the furthest moment reached, and how many actions were a lesson's.
    dropped: Vec<Recorded>,
    head: Micros,
    lesson_actions: usize,
    /// The cluster as it stood at that furthest moment, if it was kept (see [`Travel::ahead`]).
    ahead: Option<Box<dyn Cluster>>,
}

/// At most this many checkpoints are kept: when there would be more, every other one goes and the interval
/// doubles, so memory stays bounded however long the session, and checkpoints stay evenly spread.
pub const MAX_CHECKPOINTS: usize = 64;
/// The first interval between checkpoints, in simulated microseconds.
pub const FIRST_INTERVAL: Micros = 500_000;

/// The session's timeline: its actions, how many of them the cluster has applied, and its checkpoints.
pub struct Travel {
    pub history: Vec<Recorded>,
    /// Actions the cluster has applied; the rest lie in the future of the moment shown, and are replayed
    /// when time reaches them.
    pub applied: usize,
    pub checkpoints: Vec<Checkpoint>,
    pub interval: Micros,
    /// The furthest moment the session has reached.
    pub head: Micros,
    /// Set when acting in the past dropped this many later actions.
    pub forked: Option<usize>,
    /// The futures that acting in the past dropped, latest last, so that undoing that action brings its
    /// future back.
    forks: Vec<Fork>,
    /// How many of the first actions are a lesson's own (its events, resolved), not the reader's.
    pub lesson_actions: usize,
    /// While the past is shown, the cluster at the furthest moment reached, as it was left there: the
    /// space-time diagram draws the whole session from it, the future of the moment shown included.
    pub ahead: Option<Box<dyn Cluster>>,
}

impl Travel {
    /// A timeline whose first checkpoint is `start`: a cluster started apart from the one that runs, from the
    /// same scenario. Starting is deterministic, so the two are equal, and opening the page copies no cluster.
    pub fn new(start: Box<dyn Cluster>) -> Self {
        Travel {
            history: Vec::new(),
            applied: 0,
            checkpoints: vec![Checkpoint {
                at: 0,
                events: start.events_processed(),
                actions: 0,
                sim: start,
            }],
            interval: FIRST_INTERVAL,
            head: 0,
            forked: None,
            forks: Vec::new(),
            lesson_actions: 0,
            ahead: None,
        }
    }

    /// Keeps a checkpoint of `sim` if it is an interval past the last one.
    fn maybe_checkpoint(&mut self, sim: &dyn Cluster) {
        let last = self.checkpoints.last().map_or(0, |c| c.at);
        if sim.now() < last + self.interval {
            return;
        }
        self.checkpoints.push(Checkpoint {
            at: sim.now(),
            events: sim.events_processed(),
            actions: self.applied,
            sim: sim.snapshot(),
        });
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            let mut i = 0;
            self.checkpoints.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.interval *= 2;
        }
    }

    /// Forgets the checkpoints that lie past the present point of `sim`, which no longer leads there.
    fn drop_checkpoints_after(&mut self, sim: &dyn Cluster) {
        let (now, events) = (sim.now(), sim.events_processed());
        let keep = self.applied;
        self.checkpoints
            .retain(|c| c.actions <= keep && (c.at < now || (c.at == now && c.events <= events)));
    }
}

impl Lab {
    /// A lesson: the cluster a scenario describes, with its events as the session's future. The scenario is
    /// run once first, which resolves its selectors ("leader", names bound with `as`) to nodes; playing the
    /// lab then replays those actions at their exact points, so the browser shows the very run the command
    /// line reports.
    pub fn lesson(scenario: Scenario) -> Result<Lab, String> {
        let report = run_scenario(&scenario, false)?;
        let mut lab = Lab::from_scenario(scenario);
        lab.travel.history = report
            .actions
            .into_iter()
            .map(|(events, at, action)| Recorded { events, at, action })
            .collect();
        lab.travel.lesson_actions = lab.travel.history.len();
        Ok(lab)
    }

    /// A fresh run of `scenario` in place of this one, at the same speed. The same lesson started again, or
    /// with a bug switched on or off, is still that lesson, and its captions still know which bugs they were
    /// written for.
    pub fn restart(&self, scenario: Scenario) -> Lab {
        let same_lesson = !scenario.events.is_empty()
            && scenario.events == self.scenario.events
            && scenario.seed == self.scenario.seed;
        let mut lab = if scenario.events.is_empty() {
            Lab::from_scenario(scenario)
        } else {
            Lab::lesson(scenario.clone()).unwrap_or_else(|_| Lab::from_scenario(scenario))
        };
        lab.speed_log10 = self.speed_log10;
        lab.diagram_zoom = self.diagram_zoom;
        if same_lesson {
            lab.lesson_name = self.lesson_name.clone();
            lab.captions_for = self.captions_for.clone();
        }
        lab
    }

    /// Replaces this session with a fresh run of `scenario`, keeping this one for Undo when the reader had
    /// acted in it: a session is never lost to a button.
    pub fn start_over(&mut self, scenario: Scenario) {
        let fresh = self.restart(scenario);
        let mut old = std::mem::replace(self, fresh);
        if old.readers_actions() > 0 {
            old.previous = None;
            self.previous = Some(Box::new(old));
        }
    }

    /// Whether this run is the one the captions describe: with a deliberate bug switched on (or off) since,
    /// they would not be true of it (README: a lesson cannot lie), so none is shown, none pauses the run and
    /// none asks a question.
    pub fn follows_captions(&self) -> bool {
        let sorted = |bugs: &[String]| {
            let mut bugs = bugs.to_vec();
            bugs.sort();
            bugs
        };
        sorted(&self.scenario.bugs) == sorted(&self.captions_for)
    }

    /// When the lesson ends (its `run_ms`): a scenario with captions the run follows is a lesson.
    pub fn lesson_end(&self) -> Option<Micros> {
        let captioned = self
            .scenario
            .events
            .iter()
            .any(|e| matches!(e.event, Event::Caption { .. }));
        (captioned && self.follows_captions() && self.scenario.run_ms > 0).then_some(self.scenario.run_ms * 1000)
    }

    /// Whether the run has reached the lesson's end.
    pub fn lesson_over(&self) -> bool {
        self.lesson_end().is_some_and(|end| self.sim.now() >= end)
    }

    /// The lesson's captions up to now, latest last: (time, text, whether it pauses the run, its question).
    pub fn captions(&self) -> impl Iterator<Item = (Micros, &str, bool, Option<&Quiz>)> {
        let now = self.sim.now();
        let follows = self.follows_captions();
        self.scenario.events.iter().filter_map(move |e| match &e.event {
            Event::Caption { text, pause, quiz } if e.at_ms * 1000 <= now && follows => {
                Some((e.at_ms * 1000, text.as_str(), *pause, quiz.as_ref()))
            }
            _ => None,
        })
    }

    /// Runs forward to `until`, applying the session's recorded actions as their points come, and keeping
    /// checkpoints on the way.
    pub(crate) fn run_forward(&mut self, until: Micros) {
        while let Some(next) = self.travel.history.get(self.travel.applied) {
            if next.at > until {
                break;
            }
            let (events, at, action) = (next.events, next.at, next.action.clone());
            self.sim.replay_to(events, at);
            self.apply_recorded(&action);
        }
        self.sim.run_until(until);
        self.travel.maybe_checkpoint(&*self.sim);
        self.reach();
    }

    /// Moves the furthest moment on to the one shown, if it is further. Back there, the cluster shown is the
    /// one kept ahead.
    fn reach(&mut self) {
        let t = &mut self.travel;
        t.head = t.head.max(self.sim.now());
        if self.sim.now() >= t.head {
            t.ahead = None;
        }
    }

    /// Puts `sim` in place of the cluster shown, keeping the one shown if it stood at the furthest moment.
    fn leave_for(&mut self, sim: Box<dyn Cluster>) {
        let left = std::mem::replace(&mut self.sim, sim);
        if left.now() >= self.travel.head {
            self.travel.ahead = Some(left);
        }
    }

    /// Processes exactly the next event, after any action recorded before it.
    pub(crate) fn step_forward(&mut self) -> bool {
        let done = self.sim.events_processed();
        while let Some(next) = self.travel.history.get(self.travel.applied) {
            if next.events > done || self.sim.next_event_at().is_some_and(|t| t < next.at) {
                break;
            }
            let (at, action) = (next.at, next.action.clone());
            self.sim.replay_to(done, at);
            self.apply_recorded(&action);
        }
        let stepped = self.sim.step();
        self.travel.maybe_checkpoint(&*self.sim);
        self.reach();
        stepped
    }

    /// Applies the next recorded action: the lesson's own first, then the reader's, each told as whose it is.
    fn apply_recorded(&mut self, action: &Action) {
        if self.travel.applied < self.travel.lesson_actions {
            self.sim.apply_scripted(action);
        } else {
            self.sim.apply(action);
        }
        self.travel.applied += 1;
    }

    /// Records an action taken now. In the past, that forks the session: every later action is dropped.
    pub(crate) fn record(&mut self, action: Action) {
        let t = &mut self.travel;
        let later = t.history.len() - t.applied;
        if later > 0 || self.sim.now() < t.head {
            t.forks.push(Fork {
                at: t.applied,
                dropped: t.history.split_off(t.applied),
                head: t.head,
                lesson_actions: t.lesson_actions,
                ahead: t.ahead.take(),
            });
            t.lesson_actions = t.lesson_actions.min(t.applied);
            t.forked = Some(later);
            t.drop_checkpoints_after(&*self.sim);
            t.head = self.sim.now();
        }
        t.history.push(Recorded {
            events: self.sim.events_processed(),
            at: self.sim.now(),
            action,
        });
        t.applied = t.history.len();
    }

    /// Shows the session as it was at `at`: restores the latest checkpoint before it and replays forward.
    pub fn seek(&mut self, at: Micros) {
        let at = at.min(self.travel.head);
        let Some(c) = self.travel.checkpoints.iter().rev().find(|c| c.at <= at) else {
            return;
        };
        let restored = c.sim.snapshot();
        self.travel.applied = c.actions;
        self.leave_for(restored);
        self.run_forward(at);
        self.after_jump();
    }

    /// Plays forward from the start to `at`, as opening a shared link does.
    pub fn go_to(&mut self, at: Micros) {
        self.run_forward(at);
        self.after_jump();
    }

    /// Goes back one event (the ← key, while paused): replays to the event before the current one.
    pub fn step_back(&mut self) -> bool {
        let target = self.sim.events_processed().saturating_sub(1);
        let Some(c) = self.travel.checkpoints.iter().rev().find(|c| c.events <= target) else {
            return false;
        };
        if target == self.sim.events_processed() {
            return false;
        }
        let restored = c.sim.snapshot();
        self.travel.applied = c.actions;
        self.leave_for(restored);
        while self.sim.events_processed() < target && self.step_forward() {}
        self.after_jump();
        true
    }

    /// Takes back the last action taken before the moment shown (Ctrl+Z), and shows that moment without it.
    /// Any actions after it go too, as when acting in the past.
    pub fn undo(&mut self) -> bool {
        let t = &mut self.travel;
        if t.applied <= t.lesson_actions {
            // Nothing of the reader's to take back here: the session this one replaced comes back, if any.
            return match self.previous.take() {
                Some(previous) => {
                    *self = *previous;
                    self.after_jump();
                    true
                }
                None => false,
            };
        }
        let last = t.history[t.applied - 1].clone();
        t.history.truncate(t.applied - 1);
        t.applied = t.history.len();
        // Undoing the action that forked brings back the future it dropped; otherwise the furthest moment
        // as it stood included the action, and is no longer the session's.
        let at = t.applied;
        let mut ahead = None;
        if let Some(fork) = t.forks.pop_if(|f| f.at == at) {
            t.history.extend(fork.dropped);
            t.head = fork.head;
            t.lesson_actions = fork.lesson_actions;
            t.forked = None;
            ahead = fork.ahead;
        }
        // Nothing from its point on is valid any more.
        t.checkpoints
            .retain(|c| c.at < last.at || (c.at == last.at && c.events <= last.events));
        let kept = t.applied;
        t.checkpoints.retain(|c| c.actions <= kept);
        let now = self.sim.now();
        self.seek(now);
        self.travel.ahead = ahead;
        true
    }

    /// After a seek, the views start afresh, the clock shows the exact time, and time (if playing) runs on
    /// from the new moment.
    fn after_jump(&mut self) {
        self.cache = Default::default();
        self.pace = None;
        self.forget_leader_flash();
        self.sync_clock();
    }

    /// How many of the session's actions are the reader's own, not a lesson's.
    pub fn readers_actions(&self) -> usize {
        self.travel.history.len().saturating_sub(self.travel.lesson_actions)
    }

    /// Whether Undo has something to take back: an action of the reader's before the moment shown, or a
    /// session this one replaced.
    pub fn can_undo(&self) -> bool {
        self.travel.applied > self.travel.lesson_actions || self.previous.is_some()
    }

    /// True while showing a moment before the furthest one reached.
    pub fn in_the_past(&self) -> bool {
        self.sim.now() < self.travel.head
    }
}
