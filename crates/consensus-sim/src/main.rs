//! `consensus-sim`: run scenario files, fuzz random fault schedules, benchmark the engine, and print the JSON
//! Schema of scenario files. The command line is specified in SCENARIO.md; exit status 0 passes, 1 fails,
//! 2 is bad input (including a command line clap cannot read).

use consensus_sim::protocol::detector::PhiSettings;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use consensus_sim::commit::{CommitConfig, CommitNode};
use consensus_sim::fuzz::{self, FuzzConfig, LIVENESS_MS};
use consensus_sim::paxos::{PaxosConfig, PaxosNode};
use consensus_sim::protocol::kv::{Op, ReadPath};
use consensus_sim::raft::{RaftConfig, RaftNode};
use consensus_sim::scenario::{run_scenario, ProtocolName, Scenario, MAX_DOCUMENT, MAX_TIME_MS};
use consensus_sim::{Protocol, SimConfig, Simulator};

/// Raft and Paxos clusters, simulated deterministically, with every safety property checked on every step.
#[derive(Parser)]
#[command(name = "consensus-sim", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario file and print a summary (or the report as JSON). Exit 0 if it passes, 1 if not.
    Run {
        /// The scenario file (SCENARIO.md, version 1).
        file: String,
        /// Print the report as one JSON document.
        #[arg(long)]
        json: bool,
        /// Write every event and message to OUT, as JSON lines.
        #[arg(long, value_name = "OUT")]
        trace: Option<String>,
        /// Write the clients' history to OUT (SCENARIO.md, "History files"), for `check` or another checker.
        #[arg(long, value_name = "OUT")]
        history: Option<String>,
    },
    /// Run random fault schedules, one per seed, each with every check on, then demand liveness after
    /// healing. Exit 1 if any seed fails, and print the command that reproduces the first.
    Fuzz {
        /// raft, multi-paxos or paxos.
        #[arg(long, value_name = "P", value_parser = protocol, default_value = "raft")]
        protocol: ProtocolName,
        /// How many seeds to run.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        seeds: u64,
        /// The first seed.
        #[arg(long, value_name = "S", default_value_t = 0)]
        from: u64,
        /// Cluster size.
        #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u8).range(1..=9))]
        nodes: u8,
        /// Simulated run length per seed, in ms, before healing.
        #[arg(long = "run-ms", value_name = "T", default_value_t = 10_000,
              value_parser = clap::value_parser!(u64).range(1..=MAX_TIME_MS))]
        run_ms: u64,
        /// A deliberate bug to switch on, by name.
        #[arg(long, value_name = "NAME")]
        bug: Option<String>,
        /// How gets are answered: log, read_index, lease or follower (Multi-Paxos: log or follower). Default:
        /// the bug's read path, or one of the linearizable ones drawn per seed.
        #[arg(long = "read-path", value_name = "PATH", value_parser = read_path)]
        read_path: Option<ReadPath>,
        /// Print the summary as one JSON document.
        #[arg(long)]
        json: bool,
        /// Write each failing seed to DIR as a scenario file that replays it.
        #[arg(long = "save-failing", value_name = "DIR")]
        save_failing: Option<String>,
    },
    /// Print simulated events per second for a steady 5-node cluster under client load, all checks on.
    Bench {
        /// raft, multi-paxos or paxos.
        #[arg(long, value_name = "P", value_parser = protocol, default_value = "raft")]
        protocol: ProtocolName,
        /// Instead, time the linearizability checker on hard histories: many clients, long overlaps, info
        /// operations, each linearizable and with one stale read.
        #[arg(long)]
        checker: bool,
        /// With --checker: also write each hard history to DIR as a history file, named by its shape, seed
        /// and variant, so that another checker can be timed on the very same histories.
        #[arg(long, value_name = "DIR", requires = "checker")]
        write: Option<String>,
        /// Raft and Multi-Paxos: the followers' failure detector, fixed (the randomized election timeout) or
        /// phi (phi accrual, threshold 8).
        #[arg(long, value_parser = ["fixed", "phi"], default_value = "fixed")]
        detector: String,
        /// Raft: each node snapshots its state machine and compacts its log every N applied entries.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        snapshot_every: Option<u64>,
    },
    /// Check client histories (SCENARIO.md, "History files") for linearizability. Exit 0 if every one is
    /// linearizable, 1 if any is not, 2 on bad input.
    Check {
        /// One or more history files.
        #[arg(required = true)]
        files: Vec<String>,
        /// One JSON object per file.
        #[arg(long)]
        json: bool,
    },
    /// Compare the commit protocols (2pc, 3pc, paxos-commit) on one transaction: messages, message delays
    /// to decide, forced log writes, and time blocked, with no fault and with the coordinator crashing.
    Compare {
        /// Participants in the transaction, 2 to 6.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(2..=6))]
        participants: u8,
        /// Print the rows as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sweep a failure detector's setting over a fault schedule with leader crashes, network jitter and
    /// pauses, and print, per setting: the time to suspect a crashed leader (mean and p99), the crashes
    /// nobody suspected before the leader came back, false suspicions per simulated minute, the elections
    /// they caused, and the requests left waiting by them.
    Detect {
        /// raft or multi-paxos.
        #[arg(long, value_name = "P", value_parser = protocol, default_value = "raft")]
        protocol: ProtocolName,
        /// fixed (the randomized election timeout) or phi (phi accrual).
        #[arg(long, value_parser = ["fixed", "phi"], default_value = "fixed")]
        detector: String,
        /// The settings to sweep, comma-separated: timeout ranges in ms for fixed (default
        /// 75-150,150-300,300-600), thresholds for phi (default 2,8,16).
        #[arg(long, value_name = "LIST")]
        settings: Option<String>,
        /// Seeds per setting.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        seeds: u64,
        /// The first seed.
        #[arg(long, default_value_t = 0)]
        from: u64,
        /// Cluster size.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(3..=9))]
        nodes: u8,
        /// Simulated length of each run, in ms.
        #[arg(long = "run-ms", value_name = "T", default_value_t = 30_000,
              value_parser = clap::value_parser!(u64).range(5_000..=600_000))]
        run_ms: u64,
        /// Print CSV, one row per setting, for plotting.
        #[arg(long)]
        csv: bool,
    },
    /// Print the JSON Schema of scenario files (shipped as scenarios/schema.json), or of history files
    /// (scenarios/history.schema.json).
    Schema {
        /// scenario or history.
        #[arg(value_parser = ["scenario", "history"], default_value = "scenario")]
        format: String,
    },
}

fn protocol(name: &str) -> Result<ProtocolName, String> {
    ProtocolName::from_name(name).ok_or_else(|| {
        format!("unknown protocol \"{name}\" (expected raft, multi-paxos, paxos, 2pc, 3pc or paxos-commit)")
    })
}

/// A failure with its exit status: 1 fails, 2 is bad input.
/// A read path by its name in scenario files.
fn read_path(name: &str) -> Result<ReadPath, String> {
    ReadPath::named(name)
        .ok_or_else(|| format!("unknown read path \"{name}\" (expected log, read_index, lease or follower)"))
}

struct Exit(u8, String);

fn bad_input(message: impl Into<String>) -> Exit {
    Exit(2, format!("error: {}", message.into()))
}

fn main() -> ExitCode {
    // clap exits with status 2 on a command line it cannot read, and 0 after --help or --version.
    let result = match Cli::parse().command {
        Command::Run {
            file,
            json,
            trace,
            history,
        } => run(&file, json, trace.as_deref(), history.as_deref()),
        Command::Fuzz {
            protocol,
            seeds,
            from,
            nodes,
            run_ms,
            bug,
            read_path,
            json,
            save_failing,
        } => {
            let config = FuzzConfig {
                protocol,
                nodes,
                run_ms,
                bug,
                read_path,
            };
            fuzz(&config, seeds, from, json, save_failing.as_deref())
        }
        Command::Bench {
            protocol,
            checker,
            write,
            detector,
            snapshot_every,
        } => {
            if checker {
                bench_checker(write.as_deref())
            } else {
                bench(protocol, (detector == "phi").then(PhiSettings::default), snapshot_every);
                Ok(())
            }
        }
        Command::Check { files, json } => check(&files, json),
        Command::Compare { participants, json } => {
            compare(participants, json);
            Ok(())
        }
        Command::Detect {
            protocol,
            detector,
            settings,
            seeds,
            from,
            nodes,
            run_ms,
            csv,
        } => detect(
            protocol,
            &detector,
            settings.as_deref(),
            (seeds, from),
            nodes,
            run_ms,
            csv,
        ),
        Command::Schema { format } => {
            match format.as_str() {
                "history" => print!("{}", consensus_sim::history::schema::history_text()),
                _ => print!("{}", consensus_sim::scenario::schema::scenario_text()),
            }
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Exit(code, message)) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::from(code)
        }
    }
}

/// A file read whole as text, refused as bad input above `max` bytes (`allowed`, in words) or when it is not
/// UTF-8; `named` goes before the document's own errors.
fn read_whole(file: &str, max: usize, allowed: &str, named: &str) -> Result<String, Exit> {
    let meta = std::fs::metadata(file).map_err(|e| bad_input(format!("{file}: {e}")))?;
    if meta.len() > max as u64 {
        return Err(bad_input(format!(
            "{named}document: {} bytes, larger than the {allowed} allowed",
            meta.len()
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| bad_input(format!("{file}: {e}")))?;
    String::from_utf8(bytes).map_err(|_| bad_input(format!("{named}document: not valid UTF-8")))
}

fn run(file: &str, json: bool, trace: Option<&str>, history: Option<&str>) -> Result<(), Exit> {
    let text = read_whole(file, MAX_DOCUMENT, "1 MiB", "")?;
    let scenario = Scenario::parse(&text).map_err(bad_input)?;
    let report = run_scenario(&scenario, trace.is_some()).map_err(bad_input)?;
    if let Some(out) = trace {
        std::fs::write(out, report.journal_lines()).map_err(|e| bad_input(format!("--trace {out}: {e}")))?;
    }
    if let Some(out) = history {
        std::fs::write(out, report.history.to_text()).map_err(|e| bad_input(format!("--history {out}: {e}")))?;
    }
    if json {
        println!("{}", report.to_text());
    } else {
        print!("{}", report.summary());
    }
    if report.passed {
        Ok(())
    } else {
        Err(Exit(1, String::new()))
    }
}

/// The verdict on one history file, as `check --json` prints it.
#[derive(Serialize)]
struct Verdict<'a> {
    file: &'a str,
    operations: usize,
    linearizable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    /// The operation that cannot be placed, by its index in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    could_hold: Option<Vec<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix: Option<Vec<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

fn check(files: &[String], json: bool) -> Result<(), Exit> {
    use consensus_sim::history::{History, MAX_HISTORY};
    let mut all = true;
    for file in files {
        let text = read_whole(file, MAX_HISTORY, "64 MiB", &format!("{file}: "))?;
        let history = History::parse(&text).map_err(|e| bad_input(format!("{file}: {e}")))?;
        let verdict = consensus_sim::linearizability::check(&history);
        all &= verdict.is_ok();
        let named = |line: &str| {
            if files.len() > 1 {
                format!("{file}: {line}")
            } else {
                line.to_string()
            }
        };
        if json {
            let failure = verdict.err();
            let v = Verdict {
                file,
                operations: history.operations.len(),
                linearizable: failure.is_none(),
                key: failure.as_ref().map(|f| f.key.clone()),
                operation: failure.as_ref().map(|f| f.operation),
                could_hold: failure.as_ref().map(|f| f.could_hold.clone()),
                prefix: failure.as_ref().map(|f| f.prefix.clone()),
                detail: failure.map(|f| f.detail),
            };
            println!("{}", serde_json::to_string(&v).expect("a verdict serializes"));
        } else {
            match verdict {
                Ok(()) => println!("{}", named("linearizable")),
                Err(failure) => println!("{}", named(&format!("not linearizable: {}", failure.detail))),
            }
        }
    }
    if all {
        Ok(())
    } else {
        Err(Exit(1, String::new()))
    }
}

/// A progress bar on a terminal; on anything else, nothing.
fn progress(length: Option<u64>, template: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match length {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn fuzz(config: &FuzzConfig, seeds: u64, from: u64, json: bool, save_failing: Option<&str>) -> Result<(), Exit> {
    let protocol = config.protocol;
    if let Some(b) = &config.bug {
        if !protocol.bug_names().contains(&b.as_str()) {
            return Err(bad_input(format!(
                "--bug: unknown bug \"{b}\" for {} (expected {})",
                protocol.name(),
                protocol.bug_names().join(", ")
            )));
        }
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let bar = progress(
        Some(seeds),
        "{spinner} fuzz {msg} [{bar:30}] {pos}/{len} seeds, {per_sec}, {eta} left",
    );
    bar.set_message(protocol.name());
    let summary = fuzz::run_seeds_reporting(from, seeds, config, threads, &|_| bar.inc(1)).map_err(bad_input)?;
    bar.finish_and_clear();

    if let Some(dir) = save_failing {
        std::fs::create_dir_all(dir).map_err(|e| bad_input(format!("--save-failing {dir}: {e}")))?;
        for outcome in summary.outcomes.iter().filter(|o| o.failed()) {
            let path = format!("{dir}/{}-seed-{}.json", protocol.name(), outcome.seed);
            std::fs::write(&path, fuzz::schedule(outcome.seed, config).to_pretty())
                .map_err(|e| bad_input(format!("{path}: {e}")))?;
        }
    }

    let events = summary.events();
    let rate = events as f64 / summary.seconds.max(1e-9);
    let (nodes, run_ms) = (config.nodes, config.run_ms);
    let reproduce = summary.first_failure().map(|o| {
        let bug = config.bug.as_ref().map_or(String::new(), |b| format!(" --bug {b}"));
        let path = config
            .read_path
            .map_or(String::new(), |p| format!(" --read-path {}", p.name()));
        format!(
            "consensus-sim fuzz --protocol {} --seeds 1 --from {} --nodes {nodes} --run-ms {run_ms}{bug}{path}",
            protocol.name(),
            o.seed
        )
    });
    if json {
        #[derive(Serialize)]
        struct FirstFailure<'a> {
            seed: u64,
            violation: &'a Option<String>,
            liveness: &'a Option<String>,
            reproduce: &'a Option<String>,
        }
        #[derive(Serialize)]
        struct Summary<'a> {
            protocol: &'a str,
            seeds: u64,
            from: u64,
            nodes: u8,
            run_ms: u64,
            bug: &'a Option<String>,
            violations: usize,
            liveness_failures: usize,
            liveness_bound_ms: u64,
            events: u64,
            events_per_second: f64,
            wall_seconds: f64,
            failing_seeds: Vec<u64>,
            first_failure: Option<FirstFailure<'a>>,
        }
        let summary_doc = Summary {
            protocol: protocol.name(),
            seeds,
            from,
            nodes,
            run_ms,
            bug: &config.bug,
            violations: summary.violations(),
            liveness_failures: summary.liveness_failures(),
            liveness_bound_ms: LIVENESS_MS,
            events,
            events_per_second: rate.round(),
            wall_seconds: summary.seconds,
            failing_seeds: summary.outcomes.iter().filter(|o| o.failed()).map(|o| o.seed).collect(),
            first_failure: summary.first_failure().map(|o| FirstFailure {
                seed: o.seed,
                violation: &o.violation,
                liveness: &o.liveness,
                reproduce: &reproduce,
            }),
        };
        println!("{}", serde_json::to_string(&summary_doc).expect("a summary serializes"));
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

/// Times `check` on the hard histories of `hard_histories.rs`, three seeds of each shape, and prints one line
/// per shape and variant: operations, clients, info operations, the verdict, and the median time. With
/// `write`, each history is written there too, as `c{clients}-k{keys}-i{info}-s{seed}[-stale].json`.
fn bench_checker(write: Option<&str>) -> Result<(), Exit> {
    use consensus_sim::hard_histories::{bench_line, draw, BENCH_BUDGET, BENCH_SHAPES};
    println!("checker: hard histories, three seeds each, median time of `check` (release build)");
    for shape in BENCH_SHAPES {
        for stale in [false, true] {
            let mut times = Vec::new();
            let mut verdicts = Vec::new();
            let mut info = 0;
            for seed in 1..=3 {
                let history = draw(seed, shape, stale);
                if let Some(dir) = write {
                    let name = format!(
                        "c{}-k{}-i{}-s{seed}{}.json",
                        shape.clients,
                        shape.keys,
                        shape.info_percent,
                        if stale { "-stale" } else { "" }
                    );
                    let path = std::path::Path::new(dir).join(name);
                    std::fs::create_dir_all(dir)
                        .and_then(|_| std::fs::write(&path, history.to_text()))
                        .map_err(|e| bad_input(format!("--write {}: {e}", path.display())))?;
                }
                info = history
                    .operations
                    .iter()
                    .filter(|o| o.outcome == consensus_sim::history::Outcome::Info)
                    .count();
                let start = Instant::now();
                verdicts.push(
                    consensus_sim::linearizability::check_within(&history, Some(BENCH_BUDGET)).map(|v| v.is_ok()),
                );
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            println!("  {}, {:.1} ms", bench_line(shape, info, stale, &verdicts), times[1]);
        }
    }
    Ok(())
}

fn compare(participants: u8, json: bool) {
    let rows = consensus_sim::comparison::compare(participants);
    if !json {
        return print!("{}", consensus_sim::comparison::table(participants, &rows));
    }
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "protocol": r.protocol.name(),
                "fault": if r.coordinator_crash { "coordinator-crash" } else { "none" },
                "messages": r.messages,
                "delays": r.delays,
                "forced_writes": r.forced_writes,
                "blocked_ms": r.blocked_us as f64 / 1000.0,
                "outcome": r.outcome.map(|c| if c { "commit" } else { "abort" }),
            })
        })
        .collect();
    println!("{}", serde_json::Value::Array(rows));
}

fn detect(
    protocol: ProtocolName,
    detector: &str,
    settings: Option<&str>,
    (seeds, from): (u64, u64),
    nodes: u8,
    run_ms: u64,
    csv: bool,
) -> Result<(), Exit> {
    use consensus_sim::detection::{self, Setting};
    if !protocol.has_leader_detector() {
        return Err(Exit(
            2,
            format!(
                "error: --protocol: a failure detector is for raft and multi-paxos, not {}",
                protocol.name()
            ),
        ));
    }
    let settings = match settings {
        None => Setting::defaults(detector),
        Some(list) => list
            .split(',')
            .map(|s| Setting::parse(detector, s))
            .collect::<Result<_, _>>()
            .map_err(|e| Exit(2, format!("error: --settings: {e}")))?,
    };
    let base = consensus_sim::scenario::Scenario::plain(protocol, nodes, 0);
    let started = std::time::Instant::now();
    let tallies = detection::sweep(&base, &settings, seeds, from, run_ms);
    if csv {
        print!("{}", detection::csv(detector, &tallies));
    } else {
        print!("{}", detection::table(detector, &tallies));
        println!(
            "{} {} over seeds {from}..{}, {} s simulated each, in {:.1} s",
            protocol.name(),
            detector,
            from + seeds,
            run_ms / 1000,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn bench(protocol: ProtocolName, phi: Option<PhiSettings>, snapshot_every: Option<u64>) {
    match protocol {
        ProtocolName::Raft => bench_protocol::<RaftNode>(
            protocol,
            RaftConfig {
                phi,
                snapshot_every: snapshot_every.unwrap_or(0),
                ..RaftConfig::default()
            },
        ),
        ProtocolName::MultiPaxos | ProtocolName::Paxos => bench_protocol::<PaxosNode>(
            protocol,
            PaxosConfig {
                single_decree: protocol == ProtocolName::Paxos,
                phi: phi.filter(|_| protocol == ProtocolName::MultiPaxos),
                ..PaxosConfig::default()
            },
        ),
        ProtocolName::TwoPc | ProtocolName::ThreePc | ProtocolName::PaxosCommit => bench_protocol::<CommitNode>(
            protocol,
            CommitConfig {
                variant: consensus_sim::scenario::commit_variant(protocol),
                ..CommitConfig::default()
            },
        ),
    }
}

/// The bench's `request`-th request: a put, or for the commit protocols a transfer between two of the first
/// two participants' accounts (Paxos Commit on five nodes has two).
fn bench_request(protocol: ProtocolName, request: u64) -> String {
    if protocol.is_commit() {
        let (from, to) = if request.is_multiple_of(2) {
            ('a', 'b')
        } else {
            ('b', 'a')
        };
        format!("{from}-1 {to}+1")
    } else {
        format!("k{}=v{request}", request % 16)
    }
}

/// Drives a 5-node cluster under steady client load and prints simulated events per wall second.
fn bench_protocol<P: Protocol>(protocol: ProtocolName, node_config: P::Config) {
    let config = SimConfig::seeded(1);
    let mut sim: Simulator<P> = Simulator::new(5, node_config, config, vec![]);
    sim.run_until(2_000_000); // elect a leader first
    let bar = progress(None, "{spinner} bench {msg}");
    let (start_events, start) = (sim.events_processed(), Instant::now());
    let mut request = 0u64;
    // Steady load, for at least two seconds of wall time: every 2 ms of simulated time a request, and each of
    // C1..C5 that is idle calls a get, put, append or cas on one of three keys, the history checked live.
    while start.elapsed().as_secs_f64() < 2.0 {
        for _ in 0..50 {
            request += 1;
            sim.request(bench_request(protocol, request).into(), None);
            // Basic Paxos decides one value, and the commit protocols run transactions: they serve no
            // operations.
            for client in (1..=5u64).filter(|_| protocol.serves_operations()) {
                let idle = sim.clients.each[client as usize].pending.is_empty();
                if idle {
                    let key = format!("k{}", (request + client) % 3);
                    let op = match (request + client) % 4 {
                        0 => Op::Get,
                        1 => Op::Put(request.to_string()),
                        2 => Op::Append(format!("{client}.")),
                        _ => Op::Cas {
                            from: (request - 1).to_string(),
                            to: request.to_string(),
                        },
                    };
                    sim.call(client, &key, op, None);
                }
            }
            let next = sim.now() + 2_000;
            sim.run_until(next);
        }
        bar.set_message(format!(
            "{}: {} events",
            protocol.name(),
            sim.events_processed() - start_events
        ));
    }
    bar.finish_and_clear();
    let seconds = start.elapsed().as_secs_f64();
    let events = sim.events_processed() - start_events;
    let committed = sim.clients.requester().completed;
    let operations = sim.history().operations.len();
    let (load, done) = if protocol.is_commit() {
        (
            "steady load (a transfer between two accounts every 2 ms simulated)".to_string(),
            "transactions decided".to_string(),
        )
    } else {
        (
            "steady client load (1 request / 2 ms simulated, and C1..C5's mixed gets, puts, appends and cas), linearizability checked live".to_string(),
            format!("requests applied, {operations} operations in the history"),
        )
    };
    println!(
        "bench {}: 5 nodes, {load}, all checks on: {events} events in {seconds:.2} s = {:.0} events/s; {committed} {done}, {} ms simulated, {} violations",
        protocol.name(),
        events as f64 / seconds,
        sim.now() / 1000,
        sim.violations().len()
    );
}
