//! The failure detector a follower runs on its leader: Raft's randomized election timeout (`fixed`), or the
//! phi accrual failure detector of Hayashibara, Défago, Yared and Katayama (2004), as Akka and Cassandra run it.
//!
//! Phi accrual keeps the last `window` heartbeat inter-arrival times and fits a distribution to them: a normal
//! one, as Akka does (with a floor on the standard deviation and an acceptable pause added to the mean), or an
//! exponential one, as Cassandra does. Phi is how unlikely the silence since the last heartbeat is under that
//! fit, `-log10(P(a gap this long or longer))`: phi 1 means a one-in-ten chance the leader is merely slow, phi 8
//! one in a hundred million. The node suspects its leader when phi crosses the threshold.
//!
//! Heartbeats are the leader's periodic messages: in Raft, the AppendEntries its heartbeat timer sends (marked
//! so, as etcd sends MsgHeartbeat); in Multi-Paxos, Heartbeat. Only they give samples, since their rhythm is
//! the leader's clock and not the clients' (an AppendEntries sent for a request would shorten the gaps and
//! make the fit too tight). Any message from the leader is a sign of life, though, and phi measures the
//! silence since the latest.
//!
//! Phi grows with silence, so the moment it crosses the threshold is known at each heartbeat: the detector
//! turns it into the election timer's deadline, and the node needs no clock ticks in between. Raft still needs
//! randomness against split votes: the timer fires at a moment drawn uniformly from a span as wide as the
//! election timeout's range (150 ms by default) after that crossing, so followers that lost the same leader
//! stand one at a time, as under `fixed`.
//!
//! Everything here is pure arithmetic on simulated time. The logarithm and exponential are computed with
//! basic operations only, which IEEE 754 rounds the same everywhere, so a run is the same natively and in wasm.

use std::collections::VecDeque;

use super::{Delay, Micros, NodeId};

/// The distribution phi accrual fits to the inter-arrival times.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Model {
    /// Akka's: normal, with mean and standard deviation of the window.
    #[default]
    Normal,
    /// Cassandra's: exponential, with the window's mean.
    Exponential,
}

impl Model {
    pub const NAMES: [&'static str; 2] = ["normal", "exponential"];

    pub fn name(self) -> &'static str {
        Model::NAMES[self as usize]
    }

    pub fn named(name: &str) -> Option<Model> {
        match name {
            "normal" => Some(Model::Normal),
            "exponential" => Some(Model::Exponential),
            _ => None,
        }
    }
}

/// Phi accrual's settings (Akka's names: threshold, max-sample-size, min-std-deviation,
/// acceptable-heartbeat-pause).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhiSettings {
    /// Suspect when phi reaches this, in thousandths (8000: phi 8, Akka's default).
    pub threshold_milli: u32,
    /// How many inter-arrival times the fit keeps.
    pub window: u16,
    /// The standard deviation is taken to be at least this, so a steady leader is not suspected for one
    /// late heartbeat.
    pub min_std: Micros,
    /// Added to the mean: a pause of this long is expected and not held against the leader.
    pub acceptable_pause: Micros,
    pub model: Model,
}

impl Default for PhiSettings {
    fn default() -> Self {
        PhiSettings {
            threshold_milli: 8000,
            window: 100,
            min_std: 5_000,
            acceptable_pause: 0,
            model: Model::Normal,
        }
    }
}

impl PhiSettings {
    pub const MIN_THRESHOLD_MILLI: u32 = 500;
    pub const MAX_THRESHOLD_MILLI: u32 = 50_000;
    pub const MAX_WINDOW: u16 = 1000;

    pub fn threshold(&self) -> f64 {
        self.threshold_milli as f64 / 1000.0
    }

    /// A threshold as a person writes it, in thousandths; None outside 0.5 to 50.
    pub fn threshold_milli_of(phi: f64) -> Option<u32> {
        let milli = (phi * 1000.0).round();
        (milli >= Self::MIN_THRESHOLD_MILLI as f64 && milli <= Self::MAX_THRESHOLD_MILLI as f64).then_some(milli as u32)
    }

    /// For the normal model: how many (floored) standard deviations past the (padded) mean phi reaches the
    /// threshold. Akka approximates the normal tail with a logistic curve, `e / (1 + e)` with
    /// `e = exp(-y (1.5976 + 0.070566 y²))`, so phi = θ where `0.070566 y³ + 1.5976 y = ln((1 - p) / p)`,
    /// `p = 10^-θ`: a cubic with one real root, found by Newton's method.
    fn normal_crossing(&self) -> f64 {
        let p = exp(-self.threshold() * std::f64::consts::LN_10);
        let target = ln((1.0 - p) / p);
        let mut y = 3.0;
        for _ in 0..40 {
            let f = 0.070566 * y * y * y + 1.5976 * y - target;
            let slope = 3.0 * 0.070566 * y * y + 1.5976;
            let next = y - f / slope;
            if next == y {
                break;
            }
            y = next;
        }
        y
    }
}

/// The fit at one moment: the padded mean and floored standard deviation, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    pub mean: f64,
    pub std: f64,
}

impl Fit {
    /// Phi after `silence` microseconds without a heartbeat, under `model`.
    pub fn phi(&self, silence: Micros, model: Model) -> f64 {
        let t = silence as f64;
        match model {
            Model::Exponential => t / (self.mean.max(1.0) * std::f64::consts::LN_10),
            Model::Normal => {
                let y = (t - self.mean) / self.std.max(1.0);
                let e = exp(-y * (1.5976 + 0.070566 * y * y));
                if t > self.mean {
                    -ln(e / (1.0 + e)) / std::f64::consts::LN_10
                } else {
                    -ln(1.0 - 1.0 / (1.0 + e)) / std::f64::consts::LN_10
                }
            }
        }
    }
}

/// One message from the leader as the follower saw it: when (its own clock), and the fit and deadline it
/// set; kept so the page can draw phi over time exactly as the detector computed it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrival {
    pub at: Micros,
    pub fit: Fit,
    /// The silence after which phi reaches the threshold.
    pub crossing: Micros,
}

/// A node's detector and how it is set, as the page reads it.
#[derive(Clone, Copy, Debug)]
pub struct DetectorView<'a> {
    pub detector: &'a Detector,
    /// Phi accrual's settings; None under the fixed timeout.
    pub phi: Option<&'a PhiSettings>,
    pub election_timeout: (Micros, Micros),
    pub heartbeat: Micros,
}

/// How many arrivals the detector remembers for drawing.
pub const ARRIVALS_KEPT: usize = 64;

/// A follower's view of its leader's heartbeats.
#[derive(Clone, Debug, Default)]
pub struct Detector {
    /// The leader the samples are of, and its term (or ballot round): a new leader, or the same one in a new
    /// term, starts a new history, as Akka keeps one per monitored node.
    pub leader: Option<(NodeId, u64)>,
    /// The latest sign of life from the leader, on the follower's clock: phi measures the silence since.
    pub last_heard: Option<Micros>,
    /// The latest heartbeat, which the next one's gap is measured from.
    last_heartbeat: Option<Micros>,
    /// The inter-arrival times in the window, oldest first.
    samples: VecDeque<u32>,
    sum: u64,
    sum_squares: u128,
    arrivals: VecDeque<Arrival>,
    /// The normal model's crossing in deviations, for the threshold it was computed for.
    crossing_for: Option<(u32, f64)>,
}

impl Detector {
    /// A message from `leader` in `term` arrived at `at` on this node's clock, a heartbeat if `heartbeat`:
    /// the delay to set the election timer to. Under phi accrual (`phi`), the crossing of the threshold plus
    /// a wait drawn by the simulator from a span as wide as the election timeout's range; under the fixed
    /// detector, the election timeout's range. Either way it is recorded, so the page can show what phi would say.
    pub fn after_message(
        &mut self,
        leader: (NodeId, u64),
        at: Micros,
        is_heartbeat: bool,
        phi: Option<&PhiSettings>,
        (election_timeout, heartbeat): ((Micros, Micros), Micros),
    ) -> Delay {
        let crossing = self.heard(
            leader,
            at,
            is_heartbeat,
            phi.unwrap_or(&PhiSettings::default()),
            heartbeat,
        );
        match phi {
            Some(_) => Delay::Between(crossing, crossing + (election_timeout.1 - election_timeout.0)),
            None => Delay::Between(election_timeout.0, election_timeout.1),
        }
    }

    /// A message from `leader` arrived at `at` on this node's clock, a heartbeat if `is_heartbeat`. Returns
    /// the silence after which phi will reach the threshold, under `phi`.
    pub fn heard(
        &mut self,
        leader: (NodeId, u64),
        at: Micros,
        is_heartbeat: bool,
        phi: &PhiSettings,
        heartbeat: Micros,
    ) -> Micros {
        if self.leader != Some(leader) {
            self.start_over(leader, phi, heartbeat);
        }
        if is_heartbeat {
            if let Some(last) = self.last_heartbeat {
                self.add(at.saturating_sub(last).min(u32::MAX as u64) as u32, phi.window);
            }
            self.last_heartbeat = Some(at);
        }
        self.last_heard = Some(at);
        let fit = self.fit(phi);
        let crossing = self.crossing(fit, phi);
        if self.arrivals.len() == ARRIVALS_KEPT {
            self.arrivals.pop_front();
        }
        self.arrivals.push_back(Arrival { at, fit, crossing });
        crossing
    }

    /// A new leader, or the same one in a new term. No gap is measured across the change (it would be the
    /// election, not a heartbeat's rhythm), but the samples stay: they measure the network and the heartbeat
    /// interval, which the new leader shares, so it is not suspected for the jitter its predecessor's
    /// followers had long learned. With no samples yet, the history is seeded as Akka seeds it: two samples
    /// around the expected interval (its first heartbeat estimate, here the heartbeat interval), a quarter of
    /// it apart either way.
    fn start_over(&mut self, leader: (NodeId, u64), phi: &PhiSettings, heartbeat: Micros) {
        self.leader = Some(leader);
        self.last_heartbeat = None;
        if self.samples.is_empty() {
            let quarter = heartbeat / 4;
            for gap in [heartbeat - quarter, heartbeat + quarter] {
                self.add(gap.min(u32::MAX as u64) as u32, phi.window);
            }
        }
    }

    fn add(&mut self, gap: u32, window: u16) {
        while self.samples.len() >= window.max(1) as usize {
            let old = self.samples.pop_front().expect("not empty");
            self.sum -= old as u64;
            self.sum_squares -= (old as u128) * (old as u128);
        }
        self.samples.push_back(gap);
        self.sum += gap as u64;
        self.sum_squares += (gap as u128) * (gap as u128);
    }

    /// The distribution fitted now: mean plus the acceptable pause, standard deviation at least the floor.
    pub fn fit(&self, phi: &PhiSettings) -> Fit {
        let n = self.samples.len().max(1) as f64;
        let mean = self.sum as f64 / n;
        let variance = (self.sum_squares as f64 / n - mean * mean).max(0.0);
        Fit {
            mean: mean + phi.acceptable_pause as f64,
            std: variance.sqrt().max(phi.min_std as f64),
        }
    }

    /// Phi at `now` on this node's clock; None before any heartbeat.
    pub fn phi(&self, now: Micros, phi: &PhiSettings) -> Option<f64> {
        let last = self.last_heard?;
        Some(self.fit(phi).phi(now.saturating_sub(last), phi.model))
    }

    /// The silence after which phi reaches the threshold under `fit`: at least a microsecond.
    fn crossing(&mut self, fit: Fit, phi: &PhiSettings) -> Micros {
        let at = match phi.model {
            Model::Normal => {
                let deviations = match self.crossing_for {
                    Some((threshold, y)) if threshold == phi.threshold_milli => y,
                    _ => {
                        let y = phi.normal_crossing();
                        self.crossing_for = Some((phi.threshold_milli, y));
                        y
                    }
                };
                fit.mean + deviations * fit.std
            }
            Model::Exponential => phi.threshold() * std::f64::consts::LN_10 * fit.mean.max(1.0),
        };
        (at.round() as Micros).max(1)
    }

    /// The inter-arrival times in the window, oldest first (the first two are the seeded estimate).
    pub fn samples(&self) -> impl ExactSizeIterator<Item = Micros> + '_ {
        self.samples.iter().map(|&s| s as Micros)
    }

    /// The latest heartbeats, oldest first, with the fit each one set.
    pub fn arrivals(&self) -> impl ExactSizeIterator<Item = &Arrival> + '_ {
        self.arrivals.iter()
    }
}

/// e^x by range reduction to |r| ≤ ln 2 / 2 and a Taylor series: basic operations only, so every machine gets
/// the same bits.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    // ln 2 in two parts (Cody and Waite; fdlibm's bits), the first with its low bits zero, so that k·ln 2
    // loses nothing.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let k = (x / std::f64::consts::LN_2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..=20 {
        term *= r / n as f64;
        sum += term;
    }
    // 2^k, built in halves so that k down to -1074 stays exact.
    let half = (k / 2.0).trunc();
    sum * two_to(half as i32) * two_to((k - half) as i32)
}

fn two_to(k: i32) -> f64 {
    f64::from_bits(((k + 1023).clamp(1, 2046) as u64) << 52)
}

/// The natural logarithm, as m·2^e with m in [1, 2) and ln m = 2 atanh((m - 1) / (m + 1)) by its series.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (mut x, mut e) = (x, 0i32);
    if x < f64::MIN_POSITIVE {
        x *= two_to(54);
        e -= 54;
    }
    let bits = x.to_bits();
    e += ((bits >> 52) & 0x7ff) as i32 - 1023;
    let m = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let (mut power, mut sum) = (s, 0.0);
    for n in 0..30 {
        sum += power / (2 * n + 1) as f64;
        power *= s2;
    }
    2.0 * sum + e as f64 * std::f64::consts::LN_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_ln_agree_with_the_library_to_the_last_bits() {
        for x in [-40.0, -18.42, -2.5, -0.1, 0.0, 0.3, 1.0, 7.7, 30.0, 700.0] {
            let ours = exp(x);
            assert!(
                (ours - x.exp()).abs() <= x.exp() * 1e-14,
                "exp({x}): {ours} vs {}",
                x.exp()
            );
        }
        for x in [1e-300, 1e-9, 0.3, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300] {
            let ours = ln(x);
            assert!((ours - x.ln()).abs() <= 1e-13 * x.ln().abs().max(1.0), "ln({x})");
        }
    }

    /// Akka's formula with mean 1000 ms and standard deviation 100 ms: phi is log10 2 at the mean (an even
    /// chance) and rises steeply past it.
    #[test]
    fn phi_follows_akkas_formula() {
        let fit = Fit {
            mean: 1_000_000.0,
            std: 100_000.0,
        };
        assert!(
            (fit.phi(1_000_000, Model::Normal) - std::f64::consts::LOG10_2).abs() < 1e-4,
            "phi at the mean is log10 2"
        );
        assert!(fit.phi(1_100_000, Model::Normal) < fit.phi(1_200_000, Model::Normal));
        assert!(
            (fit.phi(1_500_000, Model::Normal) - 7.3).abs() < 0.1,
            "five deviations out: about phi 7.3"
        );
        // Cassandra's exponential: phi = t / (mean ln 10), so phi 1 at 2.3 means.
        assert!((fit.phi(2_302_585, Model::Exponential) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn the_deadline_is_where_phi_reaches_the_threshold() {
        for model in [Model::Normal, Model::Exponential] {
            for threshold_milli in [1000, 3000, 8000, 16000] {
                let phi = PhiSettings {
                    threshold_milli,
                    model,
                    ..PhiSettings::default()
                };
                let mut detector = Detector::default();
                let mut at = 0;
                let mut crossing = 0;
                for gap in [50_000, 48_000, 53_000, 51_000, 49_000, 60_000, 45_000] {
                    at += gap;
                    crossing = detector.heard((1, 1), at, true, &phi, 50_000);
                }
                let phi_at = |t| detector.phi(at + t, &phi).unwrap();
                assert!(
                    phi_at(crossing) >= phi.threshold() - 1e-3,
                    "{model:?} {threshold_milli}"
                );
                assert!(phi_at(crossing - 2) < phi.threshold(), "{model:?} {threshold_milli}");
            }
        }
    }

    #[test]
    fn the_window_slides_and_a_new_leader_keeps_the_samples_but_no_gap_across() {
        let phi = PhiSettings {
            window: 4,
            min_std: 0,
            ..PhiSettings::default()
        };
        let mut detector = Detector::default();
        for at in [0, 10_000, 20_000, 30_000, 40_000, 50_000] {
            detector.heard((2, 1), at, true, &phi, 50_000);
        }
        assert_eq!(detector.samples().collect::<Vec<_>>(), [10_000; 4]);
        assert_eq!(detector.fit(&phi).std, 0.0);
        detector.heard((3, 2), 400_000, true, &phi, 50_000);
        assert_eq!(
            detector.samples().collect::<Vec<_>>(),
            [10_000; 4],
            "the election is no sample"
        );
        assert_eq!(detector.leader, Some((3, 2)));
        detector.heard((3, 2), 420_000, true, &phi, 50_000);
        assert_eq!(detector.samples().last(), Some(20_000));
    }

    #[test]
    fn only_heartbeats_are_samples_but_any_message_resets_the_silence() {
        let phi = PhiSettings::default();
        let mut detector = Detector::default();
        for at in [0, 50_000, 100_000] {
            detector.heard((1, 1), at, true, &phi, 50_000);
        }
        detector.heard((1, 1), 110_000, false, &phi, 50_000); // an append carrying a client's entry
        detector.heard((1, 1), 150_000, true, &phi, 50_000);
        assert_eq!(
            detector.samples().collect::<Vec<_>>(),
            [37_500, 62_500, 50_000, 50_000, 50_000]
        );
        detector.heard((1, 1), 160_000, false, &phi, 50_000);
        assert_eq!(detector.last_heard, Some(160_000));
        assert_eq!(
            detector.phi(160_000, &phi),
            detector.phi(150_000, &phi),
            "silence counts from it"
        );
    }

    #[test]
    fn jitter_widens_the_fit_and_delays_the_deadline() {
        let phi = PhiSettings::default();
        let (mut steady, mut jittery) = (Detector::default(), Detector::default());
        let (mut a, mut b) = (0, 0);
        let (mut calm, mut wide) = (0, 0);
        for i in 0..100u64 {
            a += 50_000;
            b += 20_000 + (i * 37 % 60) * 1_000;
            calm = steady.heard((1, 1), a, true, &phi, 50_000);
            wide = jittery.heard((1, 1), b, true, &phi, 50_000);
        }
        assert!(wide > calm + 50_000, "{wide} vs {calm}");
    }
}
