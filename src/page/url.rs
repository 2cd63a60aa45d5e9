//! Settings from the page's address (`?seed=42&nodes=7&protocol=multi-paxos`). Every parameter is validated and bounded; a bad
//! one is reported in words and replaced by its default, so a broken link still opens a working cluster.

/// What the address asked for, after validation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlSettings {
    pub seed: Option<u64>,
    pub nodes: Option<u8>,
    pub protocol: Option<ProtocolName>,
    /// A scenario shipped with the site, by file name without ".json".
    pub scenario: Option<String>,
    /// A shared session (see `permalink.rs`), read once the cluster's size is known.
    pub session: Option<String>,
    /// A cluster that is not plain (an imported scenario without its actions), as a scenario document.
    pub setup: Option<String>,
    pub positions: Option<String>,
    pub bugs: Option<String>,
    /// The moment a shared link shows, in simulated microseconds.
    pub at: Option<u64>,
    /// Whether the space-time diagram is open (`diagram=1`).
    pub diagram: bool,
    /// Whether the history panel is open (`history=1`).
    pub history: bool,
    /// The compact layout for an iframe (`embed=1`).
    pub embed: bool,
    /// Which panels to show (`panels=log,feed`); None shows the layout's own set.
    pub panels: Option<Vec<Panel>>,
    /// Play on through a lesson's pause points (`autoplay=1`).
    pub autoplay: bool,
    /// Open paused (`paused=1`).
    pub paused: bool,
    /// Simulated seconds per wall second (`speed=0.04`), as its logarithm, which the speed slider shows.
    pub speed_log10: Option<f64>,
    /// The canvas's height in CSS pixels (`height=320`).
    pub height: Option<u32>,
    pub theme: Theme,
    /// The language asked for (`lang=zh-CN`); it is applied before the page is drawn (see `lib.rs`).
    pub lang: Option<crate::words::i18n::Lang>,
    /// One sentence per problem found.
    pub problems: Vec<String>,
}

use consensus_sim::scenario::ProtocolName;

/// The parts of the page beside the canvas that `panels=` can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The lesson's title and captions.
    Caption,
    /// Protocol, size, seed, reset and share.
    Cluster,
    Scrubber,
    Diagram,
    Inspector,
    Network,
    Bugs,
    Feed,
    Log,
    /// The clients' controls and their history, checked.
    History,
    /// Failure detection: the detector's settings, its charts, the failovers and the trade-off.
    Detection,
}

impl Panel {
    pub const ALL: [Panel; 11] = [
        Panel::Caption,
        Panel::Cluster,
        Panel::Scrubber,
        Panel::Diagram,
        Panel::Inspector,
        Panel::Network,
        Panel::Bugs,
        Panel::Feed,
        Panel::Log,
        Panel::History,
        Panel::Detection,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Panel::Caption => "caption",
            Panel::Cluster => "cluster",
            Panel::Scrubber => "scrubber",
            Panel::Diagram => "diagram",
            Panel::Inspector => "inspector",
            Panel::Network => "network",
            Panel::Bugs => "bugs",
            Panel::Feed => "feed",
            Panel::Log => "log",
            Panel::History => "history",
            Panel::Detection => "detection",
        }
    }

    fn from_name(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The colour theme: the reader's system setting, or one the address fixes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

/// A `0` or `1` flag.
fn flag(key: &str, value: &str, problems: &mut Vec<String>) -> bool {
    match value {
        "1" => true,
        "0" => false,
        _ => {
            problems.push({
                let q = quoted(value);
                crate::say!("{key} {q} is not 0 or 1; 0 is used", "{key} {q} 不是 0 或 1；使用 0")
            });
            false
        }
    }
}

/// Longest parameter value quoted back in a message.
const QUOTE: usize = 24;

fn quoted(value: &str) -> String {
    let mut shown: String = value.chars().take(QUOTE).collect();
    if value.chars().count() > QUOTE {
        shown.push('…');
    }
    format!("\"{shown}\"")
}

/// A lesson shipped with the site, by name: `scenarios/NAME.json`.
pub fn is_scenario_name(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A scenario file elsewhere on the site, by a path relative to the page, such as `lessons/week-3.json`:
/// plain segments only, so it can neither climb out of the site's folder nor name another origin.
pub fn is_scenario_path(value: &str) -> bool {
    value.len() <= 200
        && value.ends_with(".json")
        && value.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
}

/// Reads a query string such as `?seed=42&nodes=7` (already percent-decoded pairs).
pub fn parse(pairs: &[(String, String)]) -> UrlSettings {
    let mut settings = UrlSettings::default();
    for (key, value) in pairs.iter().take(50) {
        match key.as_str() {
            "seed" => match value.parse::<u64>() {
                Ok(seed) if value.bytes().all(|b| b.is_ascii_digit()) => settings.seed = Some(seed),
                _ => settings.problems.push({
                    let q = quoted(value);
                    crate::say!(
                        "seed {q} is not a whole number from 0 to 18446744073709551615; a random seed is used instead",
                        "seed {q} 不是 0 到 18446744073709551615 之间的整数；改用随机种子"
                    )
                }),
            },
            "nodes" => match value.parse::<u8>() {
                Ok(n) if (1..=9).contains(&n) && value.bytes().all(|b| b.is_ascii_digit()) => settings.nodes = Some(n),
                _ => settings.problems.push({
                    let q = quoted(value);
                    crate::say!(
                        "nodes {q} is not a number from 1 to 9; 5 nodes are used instead",
                        "nodes {q} 不是 1 到 9 之间的数；改用 5 个节点"
                    )
                }),
            },
            "scenario" => {
                if is_scenario_name(value) || is_scenario_path(value) {
                    settings.scenario = Some(value.clone());
                } else {
                    settings.problems.push({
                        let q = quoted(value);
                        crate::say!(
                            "scenario {q} is neither a lesson name (lower-case letters, digits and dashes) nor a path to a .json file of this site",
                            "scenario {q} 既不是课程名（小写字母、数字和短横线），也不是本站点中某个 .json 文件的路径"
                        )
                    });
                }
            }
            "session" => settings.session = Some(value.clone()),
            "setup" => settings.setup = Some(value.clone()),
            "pos" => settings.positions = Some(value.clone()),
            "bugs" => settings.bugs = Some(value.clone()),
            "at" => match value.parse::<u64>() {
                Ok(at)
                    if at <= consensus_sim::scenario::MAX_TIME_MS * 1000
                        && value.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    settings.at = Some(at)
                }
                _ => settings.problems.push({
                    let q = quoted(value);
                    crate::say!(
                        "at {q} is not a time in microseconds up to an hour; the link opens at the start",
                        "at {q} 不是一小时以内的微秒数；链接从头开始"
                    )
                }),
            },
            "diagram" => settings.diagram = flag(key, value, &mut settings.problems),
            "history" => settings.history = flag(key, value, &mut settings.problems),
            "embed" => settings.embed = flag(key, value, &mut settings.problems),
            "autoplay" => settings.autoplay = flag(key, value, &mut settings.problems),
            "paused" => settings.paused = flag(key, value, &mut settings.problems),
            "panels" => {
                let mut panels = Vec::new();
                for name in value.split(',').filter(|n| !n.is_empty()).take(Panel::ALL.len() + 1) {
                    match Panel::from_name(name) {
                        Some(panel) if !panels.contains(&panel) => panels.push(panel),
                        Some(_) => {}
                        None => settings.problems.push({ let q = quoted(name); crate::say!("panels: {q} is not one of caption, cluster, scrubber, diagram, inspector, network, bugs, feed, log or history", "panels：{q} 不是 caption、cluster、scrubber、diagram、inspector、network、bugs、feed、log 或 history 之一") }),
                    }
                }
                settings.panels = Some(panels);
            }
            "speed" => match crate::words::number::parse(value) {
                Some(speed) if (0.001..=1.0).contains(&speed) => settings.speed_log10 = Some(speed.log10()),
                _ => settings.problems.push({
                    let q = quoted(value);
                    crate::say!(
                        "speed {q} is not a number from 0.001 to 1 (simulated seconds per second)",
                        "speed {q} 不是 0.001 到 1 之间的数（每秒模拟的秒数）"
                    )
                }),
            },
            "height" => match value.parse::<u32>() {
                Ok(h) if (160..=2000).contains(&h) && value.bytes().all(|b| b.is_ascii_digit()) => {
                    settings.height = Some(h)
                }
                _ => settings.problems.push({
                    let q = quoted(value);
                    crate::say!(
                        "height {q} is not a number of pixels from 160 to 2000",
                        "height {q} 不是 160 到 2000 之间的像素数"
                    )
                }),
            },
            "lang" => match crate::words::i18n::Lang::from_code(value) {
                Some(lang) => settings.lang = Some(lang),
                None => settings.problems.push({
                    let q = quoted(value);
                    crate::say!(
                        "lang {q} is not en or zh-CN; the browser's language is used",
                        "lang {q} 不是 en 或 zh-CN；使用浏览器的语言"
                    )
                }),
            },
            "theme" => match value.as_str() {
                "auto" => settings.theme = Theme::Auto,
                "light" => settings.theme = Theme::Light,
                "dark" => settings.theme = Theme::Dark,
                _ => settings.problems.push({
                    let q = quoted(value);
                    crate::say!(
                        "theme {q} is not light, dark or auto; the system setting is followed",
                        "theme {q} 不是 light、dark 或 auto；跟随系统设置"
                    )
                }),
            },
            "protocol" => match ProtocolName::from_name(value) {
                Some(protocol) => settings.protocol = Some(protocol),
                None => settings.problems.push({
                    let q = quoted(value);
                    crate::say!(
                        "protocol {q} is not one of raft, multi-paxos or paxos, nor 2pc, 3pc or paxos-commit; Raft is used instead",
                        "protocol {q} 不是 raft、multi-paxos 或 paxos 之一，也不是 2pc、3pc 或 paxos-commit；改用 Raft"
                    )
                }),
            },
            other => settings.problems.push({
                let q = quoted(other);
                crate::say!("the parameter {q} is not known and was ignored", "未知参数 {q}，已忽略")
            }),
        }
    }
    // A commit protocol needs its coordinator (and Paxos Commit its acceptors) and two participants.
    if let (Some(protocol), Some(nodes)) = (settings.protocol, settings.nodes) {
        let least = protocol.min_nodes();
        if nodes < least {
            settings.nodes = Some(least);
            let name = protocol.name();
            settings.problems.push(crate::say!(
                "nodes {nodes} is too few for {name}, which needs at least {least}; {least} nodes are used instead",
                "nodes {nodes} 对 {name} 来说太少，它至少需要 {least} 个；改用 {least} 个节点"
            ));
        }
    }
    if pairs.len() > 50 {
        settings.problems.push({
            let q = pairs.len();
            crate::say!(
                "{q} parameters is too many; only the first 50 were read",
                "{q} 个参数太多；只读取了前 50 个"
            )
        });
    }
    settings
}

/// The current page's query string, such as `?seed=42`.
pub fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The current page's query parameters.
pub fn from_location() -> UrlSettings {
    let search = search();
    if search.len() <= 1 {
        return UrlSettings::default();
    }
    if search.len() > 1 << 20 {
        return UrlSettings {
            problems: vec!["the address is too long to read; the default cluster is shown".to_string()],
            ..UrlSettings::default()
        };
    }
    parse(&pairs(&search))
}

/// The value of the current address's parameter `key`, if it has one.
pub fn param(key: &str) -> Option<String> {
    pairs(&search()).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A query string's parameters, percent-decoded by the browser's own parser.
pub fn pairs(search: &str) -> Vec<(String, String)> {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(search) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    let entries = js_sys::try_iter(&params).ok().flatten();
    for entry in entries.into_iter().flatten().flatten() {
        let pair = js_sys::Array::from(&entry);
        pairs.push((
            pair.get(0).as_string().unwrap_or_default(),
            pair.get(1).as_string().unwrap_or_default(),
        ));
    }
    pairs
}
