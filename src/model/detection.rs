//! Failure detection as the page shows it: a follower's suspicion on its timer ring, the latest failover and
//! the false suspicions on the canvas, and, for the monitoring panel, the heartbeat gaps a node saw, the
//! distribution its detector fitted and its phi over time. All of it is read from the engine's detector
//! (`consensus_sim::protocol::detector`) and its failover record; nothing here decides anything.

use consensus_sim::protocol::detector::{Arrival, Fit, Model, PhiSettings};
use consensus_sim::sim::{LeaderCrash, Suspicion};
use consensus_sim::{Micros, NodeId, Role};

use crate::model::cluster::Cluster;

/// How long after a false suspicion its mark stays on the suspecting node, in simulated time.
pub const MARK_US: Micros = 1_500_000;
/// How long after a crash its failover card stays on the canvas.
pub const CARD_US: Micros = 8_000_000;
/// How many points the phi ring's curve is drawn with: the compositor goes straight between them.
const RING_POINTS: usize = 8;

/// Under phi accrual, how much of a follower's timer ring is left at each fraction of its span: one minus
/// phi over the threshold, full at the heartbeat and empty when phi reaches it; past that, the wait Raft's
/// randomization adds, drawn empty. None under the fixed timeout, whose ring empties at a constant rate.
pub fn phi_ring(sim: &dyn Cluster, id: NodeId, (set_at, fires_at): (Micros, Micros)) -> Option<Vec<(f64, f64)>> {
    let node = sim.node(id);
    let view = node.detector()?;
    let phi = view.phi?;
    let last = view.detector.last_heard?;
    if node.role() != Role::Follower || view.detector.leader.is_none() {
        return None;
    }
    let fit = view.detector.fit(phi);
    let span = fires_at.saturating_sub(set_at).max(1) as f64;
    let points = (0..=RING_POINTS)
        .map(|i| {
            let u = i as f64 / RING_POINTS as f64;
            let at = set_at + (u * span) as Micros;
            let silence = sim.local_time(id, at).saturating_sub(last);
            (u, 1.0 - (fit.phi(silence, phi.model) / phi.threshold()).clamp(0.0, 1.0))
        })
        .collect::<Vec<_>>();
    Some(with_half_points(points))
}

/// `points` with a point added wherever the ring passes half: the ring turns its two halves one after the
/// other, so between two points either side of half the compositor would turn both at once.
fn with_half_points(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() + 1);
    for (i, &(u, left)) in points.iter().enumerate() {
        if let Some(&(u0, left0)) = i.checked_sub(1).map(|j| &points[j]) {
            if (left0 - 0.5) * (left - 0.5) < 0.0 {
                out.push((u0 + (u - u0) * (left0 - 0.5) / (left0 - left), 0.5));
            }
        }
        out.push((u, left));
    }
    out
}

/// The ring's part left at fraction `u` of its span, along `points`.
pub fn along(points: &[(f64, f64)], u: f64) -> f64 {
    let u = u.clamp(0.0, 1.0);
    points
        .windows(2)
        .find(|w| u <= w[1].0)
        .map_or(points.last().map_or(0.0, |p| p.1), |w| {
            let ((u0, a), (u1, b)) = (w[0], w[1]);
            a + (b - a) * (u - u0) / (u1 - u0).max(f64::EPSILON)
        })
}

/// The latest crash of a leader and its failover so far, while it is recent.
#[derive(Clone, Debug, PartialEq)]
pub struct FailoverCard {
    pub leader: NodeId,
    pub crashed_at: Micros,
    /// After the crash: until first suspected, until a new leader (and who), until a client was served.
    pub suspected: Option<Micros>,
    pub elected: Option<(Micros, NodeId)>,
    pub served: Option<Micros>,
}

impl FailoverCard {
    fn of(crash: &LeaderCrash) -> Self {
        let after = |t: Micros| t.saturating_sub(crash.at);
        FailoverCard {
            leader: crash.leader,
            crashed_at: crash.at,
            suspected: crash.suspected.map(after),
            elected: crash.elected.map(|(t, n)| (after(t), n)),
            served: crash.served.map(after),
        }
    }
}

/// The failover card to draw at `now`: the latest leader crash, for a while after it.
pub fn failover_card(sim: &dyn Cluster, now: Micros) -> Option<FailoverCard> {
    // A commit protocol's coordinator is drawn as a leader, but nobody watches it with a detector.
    if !sim.protocol().has_leader_detector() {
        return None;
    }
    let crash = sim.failover().crashes.back()?;
    (now.saturating_sub(crash.at) < CARD_US).then(|| FailoverCard::of(crash))
}

/// The leader `id` falsely suspected lately, if it did: its mark on the canvas.
pub fn false_mark(sim: &dyn Cluster, id: NodeId, now: Micros) -> Option<NodeId> {
    sim.failover()
        .suspicions
        .iter()
        .rev()
        .take_while(|s| now.saturating_sub(s.at) < MARK_US)
        .find(|s| s.false_suspicion && s.by == id)
        .map(|s| s.of)
}

/// What the monitoring panel shows for one follower.
#[derive(Clone, Debug, PartialEq)]
pub struct Monitor {
    pub node: NodeId,
    /// The leader it watches, if any.
    pub leader: Option<NodeId>,
    pub phi: Option<PhiSettings>,
    /// The settings phi would use: the node's, or the defaults while it runs the fixed timeout.
    pub shown_phi: PhiSettings,
    pub election_timeout: (Micros, Micros),
    pub heartbeat: Micros,
    /// Heartbeat gaps in the window, oldest first.
    pub samples: Vec<Micros>,
    pub fit: Fit,
    /// The silence after which phi reaches the threshold, under the current fit.
    pub crossing: Micros,
    /// Its latest heartbeats, oldest first, on its own clock.
    pub arrivals: Vec<Arrival>,
    /// Its clock now.
    pub now: Micros,
    /// Phi now, if it has heard a leader.
    pub phi_now: Option<f64>,
}

/// The monitoring panel's view of node `id`; None for a protocol without a leader detector.
pub fn monitor(sim: &dyn Cluster, id: NodeId) -> Option<Monitor> {
    let node = sim.node(id);
    let view = node.detector()?;
    let shown_phi = view.phi.copied().unwrap_or_default();
    let fit = view.detector.fit(&shown_phi);
    let now = sim.local_time(id, sim.now());
    let arrivals: Vec<Arrival> = view.detector.arrivals().copied().collect();
    Some(Monitor {
        node: id,
        leader: view.detector.leader.map(|(l, _)| l),
        phi: view.phi.copied(),
        shown_phi,
        election_timeout: view.election_timeout,
        heartbeat: view.heartbeat,
        samples: view.detector.samples().collect(),
        fit,
        crossing: arrivals.last().map_or(0, |a| a.crossing),
        arrivals,
        now,
        phi_now: view.detector.phi(now, &shown_phi),
    })
}

/// The failovers and suspicions so far, for the panel: the latest crashes, newest first, and the counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub crashes: Vec<FailoverCard>,
    pub false_suspicions: u64,
    pub unnecessary_elections: u64,
    pub requests_delayed: u64,
    /// The latest false suspicions, newest first.
    pub recent_false: Vec<Suspicion>,
}

pub fn record(sim: &dyn Cluster) -> Record {
    let f = sim.failover();
    Record {
        crashes: f.crashes.iter().rev().take(4).map(FailoverCard::of).collect(),
        false_suspicions: f.false_suspicions,
        unnecessary_elections: f.unnecessary_elections,
        requests_delayed: f.requests_delayed,
        recent_false: f
            .suspicions
            .iter()
            .rev()
            .filter(|s| s.false_suspicion)
            .take(4)
            .copied()
            .collect(),
    }
}

/// The density of `fit` at `t` microseconds, for the distribution chart (per microsecond).
pub fn density(fit: &Fit, model: Model, t: f64) -> f64 {
    match model {
        Model::Exponential => {
            let mean = fit.mean.max(1.0);
            if t < 0.0 {
                0.0
            } else {
                (-t / mean).exp() / mean
            }
        }
        Model::Normal => {
            let z = (t - fit.mean) / fit.std.max(1.0);
            (-0.5 * z * z).exp() / (fit.std.max(1.0) * (2.0 * std::f64::consts::PI).sqrt())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_point_marks_where_the_ring_passes_half() {
        let points = with_half_points(vec![(0.0, 1.0), (0.5, 0.75), (1.0, 0.25)]);
        assert_eq!(points, [(0.0, 1.0), (0.5, 0.75), (0.75, 0.5), (1.0, 0.25)]);
    }

    #[test]
    fn the_ring_follows_its_points() {
        let points = [(0.0, 1.0), (0.5, 0.8), (1.0, 0.0)];
        assert_eq!(along(&points, 0.25), 0.9);
        assert_eq!(along(&points, 0.75), 0.4);
        assert_eq!(along(&points, 2.0), 0.0);
    }
}
