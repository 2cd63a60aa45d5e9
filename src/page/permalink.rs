//! Permalinks: the whole session in the address. A session is its protocol, size, seed and bugs, the nodes'
//! positions, the moment shown, and every action at its exact point. Each action is written
//! `EVENTS.MICROS.VERB`, actions joined by `~`, for example `812.300000.c3~900.340000.qx=1`:
//!
//! | verb | action |
//! | --- | --- |
//! | `cN` `rN` `dN` `nN` `tN` | crash, restart, disconnect, connect, time out node N |
//! | `lN` | the leader hands leadership to node N (Raft, §3.10) |
//! | `zN` | Raft nodes snapshot every N applied entries (0: never) |
//! | `qN:VALUE` | client request to node N (0: to the leader the client believes in) |
//! | `xA-B` `yA-B` | cut both ways, cut only A→B |
//! | `uA-B` `vA-B` | restore both ways, restore only A→B |
//! | `h` | heal |
//! | `pG.G…` | partition into groups of digits, such as `p12.345` |
//! | `sDROP,DUP,MIN-MAX` | set the network (parts per million, microseconds; `_` leaves one as it is) |
//! | `mID` | drop message ID |
//! | `kf` `kfMIN-MAX` | detect a failed leader by the fixed timeout (and set the election timeout, ms) |
//! | `kpPHI,WINDOW,STD,PAUSE,MODEL` | detect by phi accrual: threshold, samples, min std and pause (ms), `n`/`e` |
//! |  | (`,MIN-MAX` after it sets the election timeout) |
//!
//! Reading one validates every part, and names the first thing wrong.

use consensus_sim::history::Op;
use consensus_sim::protocol::detector::{Model, PhiSettings};
use consensus_sim::{Action, Micros};

use crate::model::travel::Recorded;

/// The most actions a link may carry.
pub const MAX_ACTIONS: usize = 20_000;

fn pair(a: u8, b: u8) -> String {
    format!("{a}-{b}")
}

fn verb(action: &Action) -> String {
    match action {
        Action::Crash(n) => format!("c{n}"),
        Action::Restart(n) => format!("r{n}"),
        Action::Disconnect(n) => format!("d{n}"),
        Action::Connect(n) => format!("n{n}"),
        Action::Timeout(n) => format!("t{n}"),
        Action::TransferLeader(n) => format!("l{n}"),
        Action::Request { value, node } => format!("q{}:{value}", node.unwrap_or(0)),
        Action::Cut { from, to, oneway } => format!("{}{}", if *oneway { 'y' } else { 'x' }, pair(*from, *to)),
        Action::Restore { from, to, oneway } => format!("{}{}", if *oneway { 'v' } else { 'u' }, pair(*from, *to)),
        Action::Heal => "h".to_string(),
        Action::Partition(groups) => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| g.iter().map(|n| n.to_string()).collect())
                .collect();
            format!("p{}", groups.join("."))
        }
        Action::SetNetwork {
            drop_ppm,
            duplicate_ppm,
            latency,
        } => {
            let opt = |v: Option<u32>| v.map_or("_".to_string(), |v| v.to_string());
            let lat = latency.map_or("_".to_string(), |(a, b)| format!("{a}-{b}"));
            format!("s{},{},{lat}", opt(*drop_ppm), opt(*duplicate_ppm))
        }
        Action::DropMessage(id) => format!("m{id}"),
        // A client's call: client, node (0: the leader it believes in), the op's letter, then its key and
        // values, each written as its length in characters, a colon, and itself.
        Action::Operation { client, key, op, node } => {
            let (letter, values): (char, Vec<&str>) = match op {
                Op::Get => ('g', vec![]),
                Op::Put(v) => ('p', vec![v]),
                Op::Append(v) => ('a', vec![v]),
                Op::Cas { from, to } => ('c', vec![from, to]),
            };
            let strings: String = std::iter::once(key.as_str())
                .chain(values)
                .map(|s| format!("{}:{s}", s.chars().count()))
                .collect();
            format!("o{client}.{}.{letter}{strings}", node.unwrap_or(0))
        }
        Action::SetDrift { node, drift_ppm } => format!("f{node}:{drift_ppm}"),
        // A pause through which the clock stops ends in "s".
        Action::Pause {
            node,
            for_us,
            clock_stops,
        } => format!("w{node}:{for_us}{}", if *clock_stops { "s" } else { "" }),
        Action::SetReadPath(path) => format!("g{}", path.name()),
        Action::SetSnapshotEvery(every) => format!("z{every}"),
        Action::SetDetector(detector) => format!("k{}", detector_code(detector)),
        Action::Vote { node, yes } => format!("b{node}:{}", if *yes { 'y' } else { 'n' }),
    }
}

/// A detector as `verb` writes it after `k`.
fn detector_code(detector: &consensus_sim::protocol::DetectorSetting) -> String {
    let range = detector
        .election_timeout
        .map(|(min, max)| format!("{}-{}", min / 1000, max / 1000));
    match detector.phi {
        None => format!("f{}", range.unwrap_or_default()),
        Some(phi) => {
            let model = if phi.model == Model::Normal { 'n' } else { 'e' };
            let mut code = format!(
                "p{},{},{},{},{model}",
                phi.threshold_milli,
                phi.window,
                phi.min_std / 1000,
                phi.acceptable_pause / 1000
            );
            if let Some(range) = range {
                code += &format!(",{range}");
            }
            code
        }
    }
}

fn detector_from_code(code: &str) -> Result<consensus_sim::protocol::DetectorSetting, String> {
    let bad = || crate::say!("\"{code}\" is not a failure detector", "\"{code}\" 不是一种故障检测器");
    let range = |text: &str| -> Result<(Micros, Micros), String> {
        let (min, max) = text.split_once('-').ok_or_else(bad)?;
        let ms = |t: &str| t.parse::<u64>().ok().filter(|v| (1..=600_000).contains(v));
        match (ms(min), ms(max)) {
            (Some(min), Some(max)) if min <= max => Ok((min * 1000, max * 1000)),
            _ => Err(bad()),
        }
    };
    let (kind, rest) = code.split_at(code.chars().next().map_or(0, char::len_utf8));
    match kind {
        "f" => Ok(consensus_sim::protocol::DetectorSetting {
            phi: None,
            election_timeout: (!rest.is_empty()).then(|| range(rest)).transpose()?,
        }),
        "p" => {
            let parts: Vec<&str> = rest.split(',').collect();
            if !(5..=6).contains(&parts.len()) {
                return Err(bad());
            }
            let number = |i: usize, min: u64, max: u64| {
                parts[i]
                    .parse::<u64>()
                    .ok()
                    .filter(|v| (min..=max).contains(v))
                    .ok_or_else(bad)
            };
            let threshold_milli = number(
                0,
                PhiSettings::MIN_THRESHOLD_MILLI as u64,
                PhiSettings::MAX_THRESHOLD_MILLI as u64,
            )? as u32;
            let window = number(1, 2, PhiSettings::MAX_WINDOW as u64)? as u16;
            let model = match parts[4] {
                "n" => Model::Normal,
                "e" => Model::Exponential,
                _ => return Err(bad()),
            };
            Ok(consensus_sim::protocol::DetectorSetting {
                phi: Some(PhiSettings {
                    threshold_milli,
                    window,
                    min_std: number(2, 0, 600_000)? * 1000,
                    acceptable_pause: number(3, 0, 600_000)? * 1000,
                    model,
                }),
                election_timeout: parts.get(5).map(|r| range(r)).transpose()?,
            })
        }
        _ => Err(bad()),
    }
}

/// The strings of an operation, each written as its length, a colon, and itself.
fn strings(mut text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    while !text.is_empty() {
        let (len, rest) = text.split_once(':').ok_or("an operation's value without its length")?;
        let len: usize = number(len, "a length")?;
        let value: String = rest.chars().take(len).collect();
        if value.chars().count() != len || value.contains('~') {
            return Err(crate::say!(
                "an operation's value is cut short, or holds ~",
                "操作的值被截断，或含有 ~"
            ));
        }
        text = &rest[value.len()..];
        out.push(value);
    }
    Ok(out)
}

/// The session's actions, as the `session` parameter.
pub fn encode(history: &[Recorded]) -> String {
    history
        .iter()
        .map(|r| format!("{}.{}.{}", r.events, r.at, verb(&r.action)))
        .collect::<Vec<_>>()
        .join("~")
}

fn node(text: &str, size: u8) -> Result<u8, String> {
    match text.parse::<u8>() {
        Ok(n) if (1..=size).contains(&n) => Ok(n),
        _ => Err(crate::say!(
            "\"{text}\" is not a node from 1 to {size}",
            "\"{text}\" 不是 1 到 {size} 之间的节点"
        )),
    }
}

fn nodes_pair(text: &str, size: u8) -> Result<(u8, u8), String> {
    let (a, b) = text.split_once('-').ok_or_else(|| {
        crate::say!(
            "\"{text}\" is not two nodes, as 1-2",
            "\"{text}\" 不是两个节点（如 1-2）"
        )
    })?;
    let (a, b) = (node(a, size)?, node(b, size)?);
    if a == b {
        return Err(crate::say!(
            "\"{text}\" names one node twice",
            "\"{text}\" 把同一个节点写了两次"
        ));
    }
    Ok((a, b))
}

fn number<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, String> {
    text.parse().map_err(|_| {
        crate::say!(
            "{what} \"{text}\" is not a whole number in range",
            "{what} \"{text}\" 不是范围内的整数"
        )
    })
}

fn optional_ppm(text: &str) -> Result<Option<u32>, String> {
    if text == "_" {
        return Ok(None);
    }
    let v: u32 = number(text, "a probability")?;
    if v > 1_000_000 {
        return Err(crate::say!(
            "probability {v} is over a million parts per million",
            "概率 {v} 超过了百万分之一百万"
        ));
    }
    Ok(Some(v))
}

fn action(text: &str, size: u8) -> Result<Action, String> {
    let mut chars = text.chars();
    let code = chars.next().ok_or("an empty action")?;
    let rest = chars.as_str();
    Ok(match code {
        'c' => Action::Crash(node(rest, size)?),
        'r' => Action::Restart(node(rest, size)?),
        'd' => Action::Disconnect(node(rest, size)?),
        'n' => Action::Connect(node(rest, size)?),
        't' => Action::Timeout(node(rest, size)?),
        'l' => Action::TransferLeader(node(rest, size)?),
        'q' => {
            let (to, value) = rest.split_once(':').ok_or("a request without a value")?;
            let to = if to == "0" { None } else { Some(node(to, size)?) };
            let ok = (1..=64).contains(&value.chars().count()) && !value.chars().any(|c| c == '~' || c.is_control());
            if !ok {
                return Err(crate::say!(
                    "a request value must be 1 to 64 characters, without ~",
                    "请求的值必须是 1 到 64 个字符，且不含 ~"
                ));
            }
            Action::Request {
                value: value.into(),
                node: to,
            }
        }
        'x' | 'y' | 'u' | 'v' => {
            let (from, to) = nodes_pair(rest, size)?;
            let oneway = matches!(code, 'y' | 'v');
            if matches!(code, 'x' | 'y') {
                Action::Cut { from, to, oneway }
            } else {
                Action::Restore { from, to, oneway }
            }
        }
        'h' if rest.is_empty() => Action::Heal,
        'p' => {
            let groups = rest
                .split('.')
                .map(|g| g.chars().map(|c| node(&c.to_string(), size)).collect())
                .collect::<Result<Vec<Vec<u8>>, String>>()?;
            Action::Partition(groups)
        }
        's' => {
            let parts: Vec<&str> = rest.split(',').collect();
            let [drop, duplicate, latency] = parts[..] else {
                return Err(crate::say!(
                    "a network setting needs three parts",
                    "网络设置需要三个部分"
                ));
            };
            let latency = if latency == "_" {
                None
            } else {
                let (a, b) = latency.split_once('-').ok_or("a latency needs a range")?;
                let (a, b): (Micros, Micros) = (number(a, "a latency")?, number(b, "a latency")?);
                if a > b || b > 60_000_000 {
                    return Err(crate::say!(
                        "latency {a}-{b} µs is not a range up to a minute",
                        "延迟 {a}-{b} µs 不是一分钟以内的范围"
                    ));
                }
                Some((a, b))
            };
            Action::SetNetwork {
                drop_ppm: optional_ppm(drop)?,
                duplicate_ppm: optional_ppm(duplicate)?,
                latency,
            }
        }
        'm' => Action::DropMessage(number(rest, "a message id")?),
        'o' => {
            let mut parts = rest.splitn(3, '.');
            let (client, to, body) = (parts.next(), parts.next(), parts.next());
            let (Some(client), Some(to), Some(body)) = (client, to, body) else {
                return Err(crate::say!(
                    "an operation needs a client and a node",
                    "操作需要客户端和节点"
                ));
            };
            let client: u64 = number(client, "a client")?;
            if !(1..=5).contains(&client) {
                return Err(crate::say!(
                    "client {client} is not C1 to C5",
                    "客户端 {client} 不是 C1 到 C5"
                ));
            }
            let to = if to == "0" { None } else { Some(node(to, size)?) };
            let mut chars = body.chars();
            let letter = chars.next().ok_or("an operation without its kind")?;
            let strings = strings(chars.as_str())?;
            let op = match (letter, &strings[..]) {
                ('g', [_]) => Op::Get,
                ('p', [_, v]) => Op::Put(v.clone()),
                ('a', [_, v]) => Op::Append(v.clone()),
                ('c', [_, from, to]) => Op::Cas {
                    from: from.clone(),
                    to: to.clone(),
                },
                _ => return Err(crate::say!("\"{body}\" is not an operation", "\"{body}\" 不是一个操作")),
            };
            let key = strings[0].clone();
            if key.is_empty() || key.len() > 32 {
                return Err(crate::say!("a key must be 1 to 32 bytes", "键必须是 1 到 32 个字节"));
            }
            Action::Operation {
                client,
                key,
                op,
                node: to,
            }
        }
        'w' => {
            let (id, span) = rest.split_once(':').ok_or("a pause without its node")?;
            let (span, clock_stops) = span.strip_suffix('s').map_or((span, false), |s| (s, true));
            let for_us: Micros = number(span, "a pause")?;
            if !(1..=600_000_000).contains(&for_us) {
                return Err(crate::say!("a pause lasts up to ten minutes", "暂停最长十分钟"));
            }
            Action::Pause {
                node: node(id, size)?,
                for_us,
                clock_stops,
            }
        }
        'f' => {
            let (id, ppm) = rest.split_once(':').ok_or("a drift without its node")?;
            let drift_ppm: i64 = rest[id.len() + 1..]
                .parse()
                .map_err(|_| format!("drift \"{ppm}\" is not a whole number"))?;
            if drift_ppm.abs() > 500_000 {
                return Err(crate::say!("a drift is at most ±50%", "时钟漂移最多为 ±50%"));
            }
            Action::SetDrift {
                node: node(id, size)?,
                drift_ppm,
            }
        }
        'b' => {
            let (to, vote) = rest.split_once(':').ok_or("a vote without yes or no")?;
            let yes = match vote {
                "y" => true,
                "n" => false,
                _ => return Err(format!("a vote of \"{vote}\" (expected y or n)")),
            };
            Action::Vote {
                node: node(to, size)?,
                yes,
            }
        }
        'k' => Action::SetDetector(detector_from_code(rest)?),
        'z' => {
            let every: u64 = number(rest, "a snapshot interval")?;
            if every > consensus_sim::scenario::MAX_SNAPSHOT_EVERY {
                return Err(crate::say!(
                    "a snapshot interval of {every} entries is more than 1,000,000",
                    "快照间隔 {every} 个条目超过了 1,000,000"
                ));
            }
            Action::SetSnapshotEvery(every)
        }
        'g' => Action::SetReadPath(
            consensus_sim::protocol::kv::ReadPath::named(rest)
                .ok_or_else(|| crate::say!("\"{rest}\" is not a read path", "\"{rest}\" 不是一种读取方式"))?,
        ),
        _ => return Err(crate::say!("\"{code}\" is not an action", "\"{code}\" 不是一个操作")),
    })
}

/// Reads a `session` parameter: the actions up to the first broken one, and what is wrong with that one, if
/// any. The broken action and those after it are left out (each may depend on those before it); the message
/// says which.
pub fn decode(text: &str, size: u8) -> (Vec<Recorded>, Option<String>) {
    if text.is_empty() {
        return (Vec::new(), None);
    }
    let items: Vec<&str> = text.split('~').collect();
    let total = items.len();
    let mut history: Vec<Recorded> = Vec::with_capacity(total.min(MAX_ACTIONS));
    for (i, item) in items.iter().enumerate() {
        if i == MAX_ACTIONS {
            return (
                history,
                Some(crate::say!(
                    "{total} actions is more than {MAX_ACTIONS}; the first {MAX_ACTIONS} are kept",
                    "{total} 个操作超过了上限 {MAX_ACTIONS}；保留前 {MAX_ACTIONS} 个"
                )),
            );
        }
        if let Err(why) = decode_one(item, history.last(), size).map(|r| history.push(r)) {
            let (n, shown) = (i + 1, item.chars().take(40).collect::<String>());
            let left_out = left_out(n, total);
            return (
                history,
                Some(crate::say!(
                    "action {n} (\"{shown}\"): {why}; {left_out}",
                    "第 {n} 个操作（\"{shown}\"）：{why}；{left_out}"
                )),
            );
        }
    }
    (history, None)
}

/// Which actions of `total` are left out from the broken action `n` on, and how many are kept before it.
fn left_out(n: usize, total: usize) -> String {
    let kept = n - 1;
    match crate::words::i18n::language() {
        crate::words::i18n::Lang::En => {
            let dropped = if n == total {
                format!("action {n} was left out")
            } else {
                format!("actions {n} to {total} were left out")
            };
            let kept = match kept {
                0 => "none came before it".to_string(),
                1 => "the one before it is kept".to_string(),
                _ => format!("the {kept} before it are kept"),
            };
            format!("{dropped}, {kept}")
        }
        crate::words::i18n::Lang::ZhCn => {
            let dropped = if n == total {
                format!("第 {n} 个操作已略去")
            } else {
                format!("第 {n} 到第 {total} 个操作已略去")
            };
            format!("{dropped}，保留它之前的 {kept} 个")
        }
    }
}

/// Reads one action, `EVENTS.MICROS.VERB`, which comes after `before`.
fn decode_one(item: &str, before: Option<&Recorded>, size: u8) -> Result<Recorded, String> {
    let mut parts = item.splitn(3, '.');
    let (Some(events), Some(at), Some(what)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(crate::say!("not EVENTS.MICROS.ACTION", "格式不是 EVENTS.MICROS.ACTION"));
    };
    let events: u64 = number(events, "an event count")?;
    let at: Micros = number(at, "a time")?;
    if at > consensus_sim::scenario::MAX_TIME_MS * 1000 {
        return Err(crate::say!("later than an hour", "晚于一小时"));
    }
    if before.is_some_and(|p| p.events > events || p.at > at) {
        return Err(crate::say!("earlier than the action before it", "早于它前面的操作"));
    }
    Ok(Recorded {
        events,
        at,
        action: action(what, size)?,
    })
}

/// Reads node positions, `x,y;x,y;…` in canvas units, one per node.
pub fn decode_positions(text: &str, size: u8) -> Result<Vec<(f64, f64)>, String> {
    let positions = text
        .split(';')
        .map(|p| {
            let (x, y) = p
                .split_once(',')
                .ok_or_else(|| crate::say!("\"{p}\" is not x,y", "\"{p}\" 不是 x,y"))?;
            let (x, y): (u16, u16) = (number(x, "a coordinate")?, number(y, "a coordinate")?);
            if x > 600 || y > 600 {
                return Err(crate::say!("{x},{y} is off the canvas", "{x},{y} 在画布之外"));
            }
            Ok((x as f64, y as f64))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if positions.len() != size as usize {
        return Err(format!("{} positions for {size} nodes", positions.len()));
    }
    Ok(positions)
}

pub fn encode_positions(positions: &[(f64, f64)]) -> String {
    positions
        .iter()
        .map(|(x, y)| format!("{},{}", x.round() as i64, y.round() as i64))
        .collect::<Vec<_>>()
        .join(";")
}

/// A cluster that is not a shipped lesson and not plain (an imported scenario: its timings, network,
/// options, initial logs, title and captions) travels in the address as a scenario document without its
/// actions, which the session carries. None for a plain cluster.
fn setup(lab: &crate::model::lab::Lab) -> Option<String> {
    use consensus_sim::scenario::{Event, Scenario};
    let mut setup = lab.scenario.clone();
    setup
        .events
        .retain(|e| matches!(e.event, Event::Caption { .. } | Event::Expect(_)));
    // The bugs on now have a parameter of their own; the set-up keeps those its captions were written for.
    setup.bugs = lab.captions_for.clone();
    let mut plain = Scenario::plain(setup.protocol, setup.nodes, setup.seed);
    plain.run_ms = setup.run_ms;
    (setup != plain).then(|| setup.to_text())
}

/// The address parameters that reproduce the session as shown now.
pub fn share_query(lab: &crate::model::lab::Lab) -> Vec<(&'static str, String)> {
    let mut q = vec![
        ("protocol", lab.protocol().name().to_string()),
        ("nodes", lab.size().to_string()),
        ("seed", lab.seed().to_string()),
    ];
    if let Some(name) = &lab.lesson_name {
        q.push(("scenario", name.clone()));
    } else if let Some(setup) = setup(lab) {
        q.push(("setup", setup));
    }
    if !lab.scenario.bugs.is_empty() {
        q.push(("bugs", lab.scenario.bugs.join(",")));
    }
    q.push(("pos", encode_positions(&lab.positions)));
    q.push(("at", lab.sim.now().to_string()));
    if !lab.travel.history.is_empty() {
        q.push(("session", encode(&lab.travel.history)));
    }
    q
}

/// Whether the address holds anything `restore` applies.
pub fn restores_anything(link: &crate::page::url::UrlSettings) -> bool {
    link.setup.is_some()
        || link.bugs.is_some()
        || link.positions.is_some()
        || link.session.is_some()
        || link.at.is_some()
}

/// Applies a shared link's session to a fresh lab: bugs, positions, actions, and the moment shown. Returns
/// one sentence per problem; whatever is wrong is left out, and the rest still applies.
pub fn restore(lab: &mut crate::model::lab::Lab, link: &crate::page::url::UrlSettings) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(text) = &link.setup {
        match consensus_sim::scenario::Scenario::parse(text) {
            Ok(scenario) => {
                let speed = lab.speed_log10;
                *lab = crate::model::lab::Lab::lesson(scenario.clone())
                    .unwrap_or_else(|_| crate::model::lab::Lab::from_scenario(scenario));
                lab.speed_log10 = speed;
            }
            Err(e) => problems.push(crate::say!(
                "setup: {e}; the default cluster is used",
                "setup：{e}；改用默认集群"
            )),
        }
    }
    if let Some(bugs) = &link.bugs {
        let known = lab.protocol().bug_names();
        let (good, bad): (Vec<&str>, Vec<&str>) = bugs
            .split(',')
            .filter(|b| !b.is_empty())
            .partition(|b| known.contains(b));
        if !bad.is_empty() {
            let names = bad.join(", ").chars().take(60).collect::<String>();
            problems.push(crate::say!(
                "unknown bugs {names} were left out",
                "未知的 bug {names} 已略去"
            ));
        }
        if !good.is_empty() {
            let mut scenario = lab.scenario.clone();
            scenario.bugs = good.iter().map(|b| b.to_string()).collect();
            *lab = lab.restart(scenario);
        }
    }
    if let Some(text) = &link.positions {
        match decode_positions(text, lab.size()) {
            Ok(positions) => {
                for (i, (x, y)) in positions.into_iter().enumerate() {
                    lab.move_node(i as u8 + 1, x, y);
                }
            }
            Err(e) => problems.push(crate::say!(
                "node positions: {e}; the ring is used",
                "节点位置：{e}；改用环形布局"
            )),
        }
    }
    if let Some(text) = &link.session {
        let (history, problem) = decode(text, lab.size());
        lab.travel.history = history;
        if let Some(e) = problem {
            problems.push(crate::say!("session: {e}", "会话：{e}"));
        }
    }
    if let Some(at) = link.at {
        lab.go_to(at);
    }
    problems
}

/// Parameters as a query string, encoded by the browser's own serializer (without the leading `?`).
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> Option<String> {
    let params = web_sys::UrlSearchParams::new().ok()?;
    for (key, value) in pairs {
        params.append(key, &value);
    }
    Some(String::from(params.to_string()))
}

/// The full address of the session as shown now, and a best effort to copy it to the clipboard.
pub fn share(lab: &crate::model::lab::Lab) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let link = format!(
        "{}{}?{}",
        location.origin().ok()?,
        location.pathname().ok()?,
        query_string(share_query(lab))?
    );
    // Copying needs the page's permission; the link is shown to copy by hand as well.
    let _ = window.navigator().clipboard().write_text(&link);
    Some(link)
}
