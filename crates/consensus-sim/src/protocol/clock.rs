//! A node's own clock. Simulated time is true time; each node reads it through a clock that may run fast or
//! slow by a drift the user sets (at most ±50%). Timers a node sets run on its own clock, and so does a leader's
//! lease (dissertation §6.4.1), which is why drift beyond the bound the lease allows for breaks it.

use super::Micros;

/// The largest drift a node's clock may have, in parts per million of true time: ±50%.
pub const MAX_DRIFT_PPM: i64 = 500_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    /// How much faster than true time it runs, in parts per million (negative: slower).
    pub drift_ppm: i64,
    /// A true time and what the clock read then: the clock runs on from there at its drift.
    since: (Micros, Micros),
}

impl Clock {
    /// What the clock reads at true time `now`.
    pub fn local(&self, now: Micros) -> Micros {
        let (real, local) = self.since;
        let elapsed = now.saturating_sub(real) as i128;
        local + (elapsed * (1_000_000 + self.drift_ppm as i128) / 1_000_000) as Micros
    }

    /// How much true time passes while the clock counts `delay`.
    pub fn true_span(&self, delay: Micros) -> Micros {
        if self.drift_ppm == 0 {
            return delay;
        }
        (delay as i128 * 1_000_000 / (1_000_000 + self.drift_ppm as i128)) as Micros
    }

    /// The clock stands still from true time `from` for `span`, then runs on from what it read at `from`.
    pub fn stop(&mut self, from: Micros, span: Micros) {
        self.since = (from + span, self.local(from));
    }

    /// From true time `now` on, the clock runs at `drift_ppm`; what it reads now does not jump.
    pub fn set_drift(&mut self, now: Micros, drift_ppm: i64) {
        // While stopped, it stays stopped: the new rate applies once it runs again.
        let at = now.max(self.since.0);
        self.since = (at, self.local(at));
        self.drift_ppm = drift_ppm;
    }
}

/// The largest clock drift a lease allows for, in parts per million: 40%. Generous, so that a lease that
/// ignores it fails visibly within drifts a person can set (up to 50%); a correct one lasts 0.43 of
/// the minimum election timeout, renewed at every heartbeat.
pub const DRIFT_BOUND_PPM: u64 = 400_000;

/// How long a lease may last on the leader's clock when no other leader can arise for `timeout` as the
/// followers' clocks count it: shortened so that a leader's slow clock and a follower's fast one, each off by
/// the bound, still agree (§6.4.1).
pub fn lease_within(timeout: Micros) -> Micros {
    timeout * (1_000_000 - DRIFT_BOUND_PPM) / (1_000_000 + DRIFT_BOUND_PPM)
}

/// Whether a leader was heard less than `timeout` ago, by a clock that now reads `clock`: while it was, a
/// server under leases helps no one else to lead (§4.2.3, on which §6.4.1 rests).
pub fn heard_within(heard_at: Option<Micros>, clock: Micros, timeout: Micros) -> bool {
    heard_at.is_some_and(|heard| clock < heard + timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_clock_reads_ahead_and_fires_early() {
        let mut clock = Clock::default();
        assert_eq!(clock.local(1_000), 1_000);
        clock.set_drift(1_000, 100_000); // 10% fast from 1 ms on
        assert_eq!(clock.local(11_000), 12_000);
        assert_eq!(clock.true_span(110_000), 100_000);
        clock.set_drift(11_000, 0);
        assert_eq!(clock.local(21_000), 22_000, "no jump when the drift changes");
    }

    #[test]
    fn a_stopped_clock_counts_none_of_the_stop() {
        let mut clock = Clock::default();
        clock.stop(1_000, 5_000);
        assert_eq!(
            (clock.local(1_000), clock.local(4_000), clock.local(6_000)),
            (1_000, 1_000, 1_000)
        );
        assert_eq!(
            clock.local(7_000),
            2_000,
            "it runs on from where it stopped, 5 ms behind"
        );
        clock.set_drift(3_000, 100_000);
        assert_eq!(
            clock.local(6_000),
            1_000,
            "a drift set while stopped waits for it to run"
        );
        assert_eq!(clock.local(16_000), 12_000);
    }
}
