//! How simulated time follows the wall clock while the lab plays. One line through one point: at wall time
//! `wall` (milliseconds, on the page's clock, the one animation frames and the Web Animations timeline use)
//! the simulation stood at `sim`, and it moves on `rate` microseconds per millisecond. The simulation is run
//! forward to this line whenever something happens, and the browser's compositor moves messages and timer
//! rings along the same line in between, so the two always agree.

use consensus_sim::Micros;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    pub wall: f64,
    pub sim: Micros,
    /// Simulated microseconds per wall millisecond: 1000 × the speed.
    pub rate: f64,
}

impl Pace {
    /// The line through (`wall`, `sim`) at `speed` (simulated time per wall time).
    pub fn new(wall: f64, sim: Micros, speed: f64) -> Self {
        Pace {
            wall,
            sim,
            rate: speed * 1000.0,
        }
    }

    /// The simulated time at wall time `wall`, to the microsecond below. A millionth of a microsecond of
    /// slack absorbs the rounding of `wall_at`, so that waking at `wall_at(t)` finds the simulation at `t`.
    pub fn sim_at(&self, wall: f64) -> Micros {
        let ahead = ((wall - self.wall) * self.rate + 1e-6).floor();
        if ahead <= 0.0 {
            self.sim
        } else {
            self.sim.saturating_add(ahead as Micros)
        }
    }

    /// The wall time at which the simulation reaches `sim`.
    pub fn wall_at(&self, sim: Micros) -> f64 {
        self.wall + self.wall_span(sim as f64 - self.sim as f64)
    }

    /// How long, in wall milliseconds, a simulated span of `micros` lasts.
    pub fn wall_span(&self, micros: f64) -> f64 {
        micros / self.rate
    }
}

#[cfg(test)]
mod tests {
    // Compiled for the browser's target, where only wasm-bindgen-test's runner runs tests.
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn wall_and_simulated_time_map_both_ways() {
        // 1/25: a 15 ms message crosses in 375 ms.
        let pace = Pace::new(1000.0, 2_000_000, 0.04);
        assert_eq!(pace.wall_span(15_000.0), 375.0);
        assert_eq!(pace.sim_at(1375.0), 2_015_000);
        assert_eq!(pace.wall_at(2_015_000), 1375.0);
        // Before its point the line does not run backwards.
        assert_eq!(pace.sim_at(900.0), 2_000_000);
        for sim in [2_000_001, 2_123_457, 9_999_999] {
            assert_eq!(pace.sim_at(pace.wall_at(sim)), sim);
        }
    }
}
