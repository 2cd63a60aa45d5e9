//! Failure detection measured: a sweep of one detector's setting (the fixed timeout's range, or phi
//! accrual's threshold) over many seeds of a fault schedule with real leader crashes, network jitter and
//! stop-the-world pauses, under a steady client load. For each setting: how long a real crash took to be
//! suspected (mean and 99th percentile), how often a leader that was up was suspected (per simulated
//! minute), the elections those false suspicions caused, and the requests left waiting by them.
//!
//! `consensus-sim detect` prints it as a table or CSV; the page runs the same sweep, a run at a time in the
//! background, for the cluster on screen, and draws the trade-off curve.

use crate::protocol::detector::PhiSettings;
use crate::protocol::kv::Op;
use crate::protocol::Micros;
use crate::rng::Rng;
use crate::scenario::{run_scenario, Event, Report, Scenario, Selector, TimedEvent};

/// One setting of a detector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The randomized election timeout's range, in ms.
    Fixed { min_ms: u64, max_ms: u64 },
    /// Phi accrual's threshold, in thousandths.
    Phi { threshold_milli: u32 },
}

impl Setting {
    /// As the command line writes it: "150-300" or "8".
    pub fn label(&self) -> String {
        match self {
            Setting::Fixed { min_ms, max_ms } => format!("{min_ms}-{max_ms}"),
            Setting::Phi { threshold_milli } => crate::scenario::fields::Threshold(*threshold_milli).to_string(),
        }
    }

    /// Reads one setting of `detector` ("fixed" or "phi") as the command line writes it.
    pub fn parse(detector: &str, text: &str) -> Result<Setting, String> {
        match detector {
            "fixed" => {
                let (min, max) = text
                    .split_once('-')
                    .ok_or_else(|| format!("\"{text}\": a fixed timeout is a range, as 150-300 (ms)"))?;
                let ms = |s: &str| s.trim().parse::<u64>().ok().filter(|&v| (1..=600_000).contains(&v));
                match (ms(min), ms(max)) {
                    (Some(min_ms), Some(max_ms)) if min_ms <= max_ms => Ok(Setting::Fixed { min_ms, max_ms }),
                    _ => Err(format!(
                        "\"{text}\": expected MIN-MAX in ms, 1 to 600000, MIN not above MAX"
                    )),
                }
            }
            _ => match text
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(PhiSettings::threshold_milli_of)
            {
                Some(threshold_milli) => Ok(Setting::Phi { threshold_milli }),
                None => Err(format!("\"{text}\": a phi threshold is a number from 0.5 to 50")),
            },
        }
    }

    /// The settings swept when none are named: three each, from hasty to patient.
    pub fn defaults(detector: &str) -> Vec<Setting> {
        let list = if detector == "fixed" {
            ["75-150", "150-300", "300-600"]
        } else {
            ["2", "8", "16"]
        };
        list.iter()
            .map(|s| Setting::parse(detector, s).expect("valid"))
            .collect()
    }
}

/// What one setting did over every seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    pub setting: Setting,
    pub runs: u64,
    /// For each real crash of a leader that was suspected: how long that took.
    pub detections: Vec<Micros>,
    /// Real crashes of a leader that nobody suspected, and nobody replaced, before it came back.
    pub undetected: u64,
    pub false_suspicions: u64,
    pub unnecessary_elections: u64,
    pub requests_delayed: u64,
    pub simulated: Micros,
}

impl Tally {
    pub fn new(setting: Setting) -> Self {
        Tally {
            setting,
            runs: 0,
            detections: Vec::new(),
            undetected: 0,
            false_suspicions: 0,
            unnecessary_elections: 0,
            requests_delayed: 0,
            simulated: 0,
        }
    }

    /// Adds one run's failovers.
    pub fn add(&mut self, report: &Report) {
        let f = &report.failover;
        self.runs += 1;
        for crash in &f.crashes {
            match (crash.suspected, crash.elected) {
                (Some(at), _) => self.detections.push(at - crash.at),
                // Already replaced: an election under way when it crashed ended without anyone suspecting it.
                (None, Some(_)) => {}
                (None, None) => self.undetected += 1,
            }
        }
        self.false_suspicions += f.false_suspicions;
        self.unnecessary_elections += f.unnecessary_elections;
        self.requests_delayed += f.requests_delayed;
        self.simulated += report.sim_ms * 1000;
    }

    /// Mean time to suspect a crashed leader, in ms.
    pub fn mean_ms(&self) -> Option<f64> {
        let n = self.detections.len();
        (n > 0).then(|| self.detections.iter().sum::<Micros>() as f64 / n as f64 / 1000.0)
    }

    /// The 99th percentile of the same, in ms (nearest rank).
    pub fn p99_ms(&self) -> Option<f64> {
        let mut sorted = self.detections.clone();
        sorted.sort_unstable();
        let rank = (sorted.len() * 99).div_ceil(100);
        sorted.get(rank.max(1) - 1).map(|&t| t as f64 / 1000.0)
    }

    /// False suspicions per simulated minute.
    pub fn false_per_minute(&self) -> f64 {
        self.false_suspicions as f64 * 60_000_000.0 / self.simulated.max(1) as f64
    }
}

/// One seed's run of `base` (its protocol, size, timing and detector settings) under `setting`: the fault
/// schedule is drawn from the seed alone, so every setting meets the same faults. The one-way delay is
/// `latency`, or if None a range drawn for the seed.
pub fn schedule(
    base: &Scenario,
    setting: Setting,
    seed: u64,
    run_ms: u64,
    latency: Option<(Micros, Micros)>,
) -> Scenario {
    let mut rng = Rng::new(seed ^ 0xFA11_0FE8_FA11_0FE8);
    let n = base.nodes as u64;
    let mut events = Vec::new();
    let timed = |at_ms: u64, event: Event, bind: Option<&str>| TimedEvent {
        at_ms,
        event,
        bind: bind.map(String::from),
    };
    // Three clients, each writing its own key every 100 to 300 ms.
    for client in 1..=3u64 {
        let mut at = rng.between(200, 400);
        let mut count = 0;
        while at < run_ms {
            count += 1;
            let op = Op::Put(count.to_string());
            let key = format!("k{client}");
            events.push(timed(
                at,
                Event::Operation {
                    client,
                    key,
                    op,
                    node: None,
                },
                None,
            ));
            at += rng.between(100, 300);
        }
    }
    // Every 2.5 to 5 s a fault: the leader crashes (and restarts 0.5 to 2 s later), or a node, perhaps the
    // leader, stops the world for 50 to 500 ms.
    let mut at = 2_000;
    while at + 2_000 < run_ms {
        if rng.below(2) == 0 {
            let leader = Selector::Leader(0);
            events.push(timed(at, Event::Crash { node: leader }, Some("down")));
            let down = Selector::Bound("down".into(), 0);
            events.push(timed(at + rng.between(500, 2_000), Event::Restart { node: down }, None));
        } else {
            let node = Selector::Id(rng.between(1, n) as u8);
            let for_ms = rng.between(50, 500);
            let clock_stops = false;
            events.push(timed(
                at,
                Event::Pause {
                    node,
                    for_ms,
                    clock_stops,
                },
                None,
            ));
        }
        at += rng.between(2_500, 5_000);
    }
    events.sort_by_key(|e| e.at_ms);
    // Jitter: each seed is a network of its own, its one-way delay from 5 ms up to anything from 10 ms (a
    // quiet LAN) to 155 ms (a congested WAN link), which no single fixed timeout suits.
    let jitter = rng.between(5, 150);
    let mut scenario = Scenario {
        title: Some(format!("detect seed {seed}, {}", setting.label())),
        description: None,
        seed,
        events,
        run_ms,
        ..base.clone()
    };
    scenario.timing.latency = latency.unwrap_or((5_000, (5 + jitter) * 1000));
    match setting {
        Setting::Fixed { min_ms, max_ms } => {
            scenario.detector = None;
            scenario.timing.election_timeout = (min_ms * 1000, max_ms * 1000);
        }
        Setting::Phi { threshold_milli } => {
            scenario.detector = Some(PhiSettings {
                threshold_milli,
                ..base.detector.unwrap_or_default()
            })
        }
    }
    scenario
}

/// Runs one seed of one setting and adds it to `tally`.
pub fn run_one(base: &Scenario, tally: &mut Tally, seed: u64, run_ms: u64, latency: Option<(Micros, Micros)>) {
    let scenario = schedule(base, tally.setting, seed, run_ms, latency);
    if let Ok(report) = run_scenario(&scenario, false) {
        tally.add(&report);
    }
}

/// Every setting over seeds `from..from + seeds`.
pub fn sweep(base: &Scenario, settings: &[Setting], seeds: u64, from: u64, run_ms: u64) -> Vec<Tally> {
    settings
        .iter()
        .map(|&setting| {
            let mut tally = Tally::new(setting);
            for seed in from..from + seeds {
                run_one(base, &mut tally, seed, run_ms, None);
            }
            tally
        })
        .collect()
}

fn ms(value: Option<f64>) -> String {
    value.map_or("-".into(), |v| format!("{v:.0}"))
}

/// The sweep as the command line prints it.
pub fn table(detector: &str, tallies: &[Tally]) -> String {
    let mut out = format!(
        "{:<10} {:>7} {:>9} {:>8} {:>10} {:>11} {:>12} {:>8}\n",
        if detector == "fixed" { "timeout" } else { "threshold" },
        "crashes",
        "detect ms",
        "p99 ms",
        "missed",
        "false/min",
        "unnecessary",
        "delayed"
    );
    for t in tallies {
        out += &format!(
            "{:<10} {:>7} {:>9} {:>8} {:>10} {:>11.2} {:>12} {:>8}\n",
            t.setting.label(),
            t.detections.len() as u64 + t.undetected,
            ms(t.mean_ms()),
            ms(t.p99_ms()),
            t.undetected,
            t.false_per_minute(),
            t.unnecessary_elections,
            t.requests_delayed
        );
    }
    out
}

/// The sweep as CSV, one row per setting, for plotting.
pub fn csv(detector: &str, tallies: &[Tally]) -> String {
    let mut out = String::from(
        "detector,setting,runs,crashes,detect_mean_ms,detect_p99_ms,missed,false_suspicions,false_per_minute,unnecessary_elections,requests_delayed,simulated_s\n",
    );
    for t in tallies {
        let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.1}"));
        out += &format!(
            "{detector},{},{},{},{},{},{},{},{:.3},{},{},{}\n",
            t.setting.label(),
            t.runs,
            t.detections.len() as u64 + t.undetected,
            opt(t.mean_ms()),
            opt(t.p99_ms()),
            t.undetected,
            t.false_suspicions,
            t.false_per_minute(),
            t.unnecessary_elections,
            t.requests_delayed,
            t.simulated / 1_000_000
        );
    }
    out
}
