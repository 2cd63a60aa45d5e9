//! The trade-off curve the monitoring panel draws: the same sweep as `consensus-sim detect`, for the cluster
//! on screen (its protocol, size, heartbeat, latency and phi settings), run one seed at a time between
//! frames so the page stays responsive.

use consensus_sim::detection::{run_one, Setting, Tally};
use consensus_sim::scenario::Scenario;
use consensus_sim::Micros;

/// Seeds per setting, and the simulated length of each run: a second or two of work in all.
pub const SEEDS: u64 = 12;
pub const RUN_MS: u64 = 20_000;

/// The settings swept: fixed timeouts from hasty to patient, and phi thresholds likewise.
pub fn settings() -> Vec<Setting> {
    let fixed = ["75-150", "100-200", "150-300", "300-600"].map(|s| Setting::parse("fixed", s));
    let phi = ["2", "4", "8", "12", "16"].map(|s| Setting::parse("phi", s));
    fixed.into_iter().chain(phi).map(|s| s.expect("valid")).collect()
}

/// A sweep under way or done.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    base: Scenario,
    latency: (Micros, Micros),
    pub tallies: Vec<Tally>,
    /// Runs done so far, over every setting.
    pub done: usize,
}

impl Sweep {
    /// A sweep of `base`'s cluster with one-way delays of `latency`.
    pub fn new(base: Scenario, latency: (Micros, Micros)) -> Self {
        Sweep {
            base,
            latency,
            tallies: settings().into_iter().map(Tally::new).collect(),
            done: 0,
        }
    }

    pub fn total(&self) -> usize {
        self.tallies.len() * SEEDS as usize
    }

    pub fn finished(&self) -> bool {
        self.done >= self.total()
    }

    /// Runs the next seed of the next setting; false once every run is done.
    pub fn step(&mut self) -> bool {
        if self.finished() {
            return false;
        }
        let (setting, seed) = (self.done / SEEDS as usize, (self.done % SEEDS as usize) as u64);
        run_one(&self.base, &mut self.tallies[setting], seed, RUN_MS, Some(self.latency));
        self.done += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use consensus_sim::scenario::ProtocolName;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_sweep_runs_every_seed_of_every_setting_once() {
        let mut sweep = Sweep::new(Scenario::plain(ProtocolName::Raft, 3, 1), (10_000, 20_000));
        let mut runs = 0;
        while sweep.step() {
            runs += 1;
        }
        assert_eq!(runs, sweep.total());
        assert!(sweep.tallies.iter().all(|t| t.runs == SEEDS));
        let hasty = &sweep.tallies[0];
        let patient = &sweep.tallies[3];
        assert!(hasty.mean_ms() < patient.mean_ms(), "a shorter timeout detects sooner");
    }
}
