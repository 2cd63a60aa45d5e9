//! `consensus-sim`: run scenario files, fuzz random fault schedules, and benchmark the engine.
//! The command line is specified in SCENARIO.md; exit status 0 passes, 1 fails, 2 is bad input.

use std::process::ExitCode;
use std::time::Instant;

use consensus_sim::fuzz::{self, FuzzConfig, LIVENESS_MS};
use consensus_sim::json::{object, Json};
use consensus_sim::paxos::{PaxosConfig, PaxosNode};
use consensus_sim::raft::{RaftConfig, RaftNode};
use consensus_sim::scenario::{run_scenario, ProtocolName, Scenario};
use consensus_sim::Protocol;
use consensus_sim::{Conditions, SimConfig, Simulator};

const USAGE: &str = "usage:
  consensus-sim run FILE [--json] [--trace OUT]
  consensus-sim fuzz --protocol P --seeds N [--from S] [--nodes K] [--run-ms T] [--bug NAME] [--json] [--save-failing DIR]
  consensus-sim bench [--protocol P]";

/// A failure with its exit status.
struct Exit(u8, String);

fn bad_input(message: impl Into<String>) -> Exit {
    Exit(2, message.into())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("fuzz") => cmd_fuzz(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(bad_input(USAGE)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Exit(code, message)) => {
            if !message.is_empty() {
                eprintln!(
                    "{}",
                    if code == 2 && !message.starts_with("usage") {
                        format!("error: {message}")
                    } else {
                        message
                    }
                );
            }
            ExitCode::from(code)
        }
    }
}

/// Command-line flags: `--name value` pairs and bare `--switch`es, plus positional arguments.
struct Flags {
    positional: Vec<String>,
    pairs: Vec<(String, Option<String>)>,
}

impl Flags {
    fn parse(args: &[String], switches: &[&str], valued: &[&str]) -> Result<Flags, Exit> {
        let mut flags = Flags {
            positional: Vec::new(),
            pairs: Vec::new(),
        };
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            if switches.contains(&arg.as_str()) {
                flags.pairs.push((arg.clone(), None));
            } else if valued.contains(&arg.as_str()) {
                let value = args
                    .get(i + 1)
                    .ok_or_else(|| bad_input(format!("{arg} needs a value")))?;
                flags.pairs.push((arg.clone(), Some(value.clone())));
                i += 1;
            } else if arg.starts_with("--") {
                return Err(bad_input(format!("unknown option {arg}\n{USAGE}")));
            } else {
                flags.positional.push(arg.clone());
            }
            i += 1;
        }
        Ok(flags)
    }

    fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn number(&self, name: &str, default: u64, min: u64, max: u64) -> Result<u64, Exit> {
        match self.value(name) {
            None => Ok(default),
            Some(text) => match text.parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(bad_input(format!(
                    "{name}: \"{text}\" is not a whole number from {min} to {max}"
                ))),
            },
        }
    }

    fn protocol(&self) -> Result<ProtocolName, Exit> {
        let name = self.value("--protocol").unwrap_or("raft");
        ProtocolName::from_name(name).ok_or_else(|| {
            bad_input(format!(
                "--protocol: unknown protocol \"{name}\" (expected raft, multi-paxos or paxos)"
            ))
        })
    }
}

fn cmd_run(args: &[String]) -> Result<(), Exit> {
    let flags = Flags::parse(args, &["--json"], &["--trace"])?;
    let [file] = flags.positional.as_slice() else {
        return Err(bad_input(USAGE));
    };
    let meta = std::fs::metadata(file).map_err(|e| bad_input(format!("{file}: {e}")))?;
    if meta.len() > consensus_sim::scenario::MAX_DOCUMENT as u64 {
        return Err(bad_input(format!(
            "document: {} bytes, larger than the 1 MiB allowed",
            meta.len()
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| bad_input(format!("{file}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| bad_input("document: not valid UTF-8"))?;
    let scenario = Scenario::parse(&text).map_err(bad_input)?;
    let trace = flags.value("--trace");
    let report = run_scenario(&scenario, trace.is_some()).map_err(bad_input)?;
    if let Some(out) = trace {
        std::fs::write(out, report.journal_lines()).map_err(|e| Exit(2, format!("error: --trace {out}: {e}")))?;
    }
    if flags.has("--json") {
        println!("{}", report.to_json().to_text());
    } else {
        print!("{}", report.summary());
    }
    if report.passed {
        Ok(())
    } else {
        Err(Exit(1, String::new()))
    }
}

fn cmd_fuzz(args: &[String]) -> Result<(), Exit> {
    let flags = Flags::parse(
        args,
        &["--json"],
        &[
            "--protocol",
            "--seeds",
            "--from",
            "--nodes",
            "--run-ms",
            "--bug",
            "--save-failing",
        ],
    )?;
    if let Some(extra) = flags.positional.first() {
        return Err(bad_input(format!("unexpected argument \"{extra}\"\n{USAGE}")));
    }
    let protocol = flags.protocol()?;
    if !flags.has("--seeds") {
        return Err(bad_input(format!("--seeds is required\n{USAGE}")));
    }
    let seeds = flags.number("--seeds", 0, 1, 100_000_000)?;
    let from = flags.number("--from", 0, 0, u64::MAX)?;
    let nodes = flags.number("--nodes", 5, 1, 9)? as u8;
    let run_ms = flags.number("--run-ms", 10_000, 1, 3_600_000)?;
    let bug = flags.value("--bug").map(str::to_string);
    if let Some(b) = &bug {
        if !protocol.bug_names().contains(&b.as_str()) {
            return Err(bad_input(format!(
                "--bug: unknown bug \"{b}\" for {} (expected {})",
                protocol.name(),
                protocol.bug_names().join(", ")
            )));
        }
    }
    let config = FuzzConfig {
        protocol,
        nodes,
        run_ms,
        bug: bug.clone(),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let summary = fuzz::run_seeds(from, seeds, &config, threads).map_err(bad_input)?;

    if let Some(dir) = flags.value("--save-failing") {
        std::fs::create_dir_all(dir).map_err(|e| Exit(2, format!("error: --save-failing {dir}: {e}")))?;
        for outcome in summary.outcomes.iter().filter(|o| o.failed()) {
            let path = format!("{dir}/{}-seed-{}.json", protocol.name(), outcome.seed);
            let text = fuzz::schedule(outcome.seed, &config).to_json().to_text();
            std::fs::write(&path, text + "\n").map_err(|e| Exit(2, format!("error: {path}: {e}")))?;
        }
    }

    let events = summary.events();
    let rate = events as f64 / summary.seconds.max(1e-9);
    let reproduce = summary.first_failure().map(|o| {
        let bug = bug.as_ref().map_or(String::new(), |b| format!(" --bug {b}"));
        format!(
            "consensus-sim fuzz --protocol {} --seeds 1 --from {} --nodes {nodes} --run-ms {run_ms}{bug}",
            protocol.name(),
            o.seed
        )
    });
    if flags.has("--json") {
        let first = summary.first_failure().map(|o| {
            object([
                ("seed", o.seed.into()),
                ("violation", o.violation.clone().into()),
                ("liveness", o.liveness.clone().into()),
                ("reproduce", reproduce.clone().into()),
            ])
        });
        let failing: Vec<u64> = summary.outcomes.iter().filter(|o| o.failed()).map(|o| o.seed).collect();
        let json = object([
            ("protocol", protocol.name().into()),
            ("seeds", seeds.into()),
            ("from", from.into()),
            ("nodes", (nodes as u64).into()),
            ("run_ms", run_ms.into()),
            ("bug", bug.clone().into()),
            ("violations", (summary.violations() as u64).into()),
            ("liveness_failures", (summary.liveness_failures() as u64).into()),
            ("liveness_bound_ms", LIVENESS_MS.into()),
            ("events", events.into()),
            ("events_per_second", rate.round().into()),
            ("wall_seconds", summary.seconds.into()),
            ("failing_seeds", failing.into()),
            ("first_failure", first.unwrap_or(Json::Null)),
        ]);
        println!("{}", json.to_text());
    } else {
        println!(
            "fuzz {}: {seeds} seeds, {} invariant violations, {} liveness failures (bound {LIVENESS_MS} ms after heal), {events} events, {:.0} events/s, {:.1} s",
            protocol.name(),
            summary.violations(),
            summary.liveness_failures(),
            rate,
            summary.seconds
        );
        if let Some(o) = summary.first_failure() {
            let why = o
                .violation
                .as_ref()
                .or(o.liveness.as_ref())
                .cloned()
                .unwrap_or_default();
            println!("first failing seed {}: {why}", o.seed);
            println!("reproduce: {}", reproduce.unwrap_or_default());
        }
    }
    if summary.first_failure().is_some() {
        Err(Exit(1, String::new()))
    } else {
        Ok(())
    }
}

fn cmd_bench(args: &[String]) -> Result<(), Exit> {
    let flags = Flags::parse(args, &[], &["--protocol"])?;
    let protocol = flags.protocol()?;
    match protocol {
        ProtocolName::Raft => bench::<RaftNode>(protocol, RaftConfig::default()),
        ProtocolName::MultiPaxos | ProtocolName::Paxos => bench::<PaxosNode>(
            protocol,
            PaxosConfig {
                single_decree: protocol == ProtocolName::Paxos,
                ..PaxosConfig::default()
            },
        ),
    }
    Ok(())
}

/// Drives a 5-node cluster under steady client load and prints simulated events per wall second.
fn bench<P: Protocol>(protocol: ProtocolName, node_config: P::Config) {
    let config = SimConfig {
        seed: 1,
        conditions: Conditions::default(),
        client_retry: 100_000,
    };
    let mut sim: Simulator<P> = Simulator::new(5, node_config, config, vec![]);
    sim.run_until(2_000_000); // elect a leader first
    let (start_events, start) = (sim.events_processed(), Instant::now());
    let mut request = 0u64;
    // Steady load: one client request every 2 ms of simulated time, for at least two seconds of wall time.
    while start.elapsed().as_secs_f64() < 2.0 {
        for _ in 0..50 {
            request += 1;
            sim.request(format!("k{}=v{request}", request % 16).into(), None);
            let next = sim.now() + 2_000;
            sim.run_until(next);
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let events = sim.events_processed() - start_events;
    let committed = sim.client.completed;
    println!(
        "bench {}: 5 nodes, steady client load (1 request / 2 ms simulated), all checks on: {events} events in {seconds:.2} s = {:.0} events/s; {committed} requests applied, {} ms simulated, {} violations",
        protocol.name(),
        events as f64 / seconds,
        sim.now() / 1000,
        sim.violations().len()
    );
}
