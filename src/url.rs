//! Settings from the page's address (`?seed=42&nodes=7&protocol=multi-paxos`). Every parameter is validated and bounded; a bad
//! one is reported in words and replaced by its default, so a broken link still opens a working cluster.

/// What the address asked for, after validation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlSettings {
    pub seed: Option<u64>,
    pub nodes: Option<u8>,
    pub protocol: Option<ProtocolName>,
    /// A scenario shipped with the site, by file name without ".json".
    pub scenario: Option<String>,
    /// A shared session (see `permalink.rs`), read once the cluster's size is known.
    pub session: Option<String>,
    pub positions: Option<String>,
    pub bugs: Option<String>,
    /// The moment a shared link shows, in simulated microseconds.
    pub at: Option<u64>,
    /// Whether the space-time diagram is open (`diagram=1`).
    pub diagram: bool,
    /// One sentence per problem found.
    pub problems: Vec<String>,
}

use consensus_sim::scenario::ProtocolName;

/// Longest parameter value quoted back in a message.
const QUOTE: usize = 24;

fn quoted(value: &str) -> String {
    let mut shown: String = value.chars().take(QUOTE).collect();
    if value.chars().count() > QUOTE {
        shown.push('…');
    }
    format!("\"{shown}\"")
}

/// Reads a query string such as `?seed=42&nodes=7` (already percent-decoded pairs).
pub fn parse(pairs: &[(String, String)]) -> UrlSettings {
    let mut settings = UrlSettings::default();
    for (key, value) in pairs.iter().take(50) {
        match key.as_str() {
            "seed" => match value.parse::<u64>() {
                Ok(seed) if value.bytes().all(|b| b.is_ascii_digit()) => settings.seed = Some(seed),
                _ => settings.problems.push(format!(
                    "seed {} is not a whole number from 0 to 18446744073709551615; a random seed is used instead",
                    quoted(value)
                )),
            },
            "nodes" => match value.parse::<u8>() {
                Ok(n) if (1..=9).contains(&n) && value.bytes().all(|b| b.is_ascii_digit()) => settings.nodes = Some(n),
                _ => settings.problems.push(format!(
                    "nodes {} is not a number from 1 to 9; 5 nodes are used instead",
                    quoted(value)
                )),
            },
            "scenario" => {
                let ok = (1..=64).contains(&value.len())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                if ok {
                    settings.scenario = Some(value.clone());
                } else {
                    settings.problems.push(format!(
                        "scenario {} is not a scenario name (lower-case letters, digits and dashes)",
                        quoted(value)
                    ));
                }
            }
            "session" => settings.session = Some(value.clone()),
            "pos" => settings.positions = Some(value.clone()),
            "bugs" => settings.bugs = Some(value.clone()),
            "at" => match value.parse::<u64>() {
                Ok(at)
                    if at <= consensus_sim::scenario::MAX_TIME_MS * 1000
                        && value.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    settings.at = Some(at)
                }
                _ => settings.problems.push(format!(
                    "at {} is not a time in microseconds up to an hour; the link opens at the start",
                    quoted(value)
                )),
            },
            "diagram" => match value.as_str() {
                "1" => settings.diagram = true,
                "0" => settings.diagram = false,
                _ => settings.problems.push(format!(
                    "diagram {} is not 0 or 1; the diagram starts closed",
                    quoted(value)
                )),
            },
            "protocol" => match ProtocolName::from_name(value) {
                Some(protocol) => settings.protocol = Some(protocol),
                None => settings.problems.push(format!(
                    "protocol {} is not one of raft, multi-paxos or paxos; Raft is used instead",
                    quoted(value)
                )),
            },
            other => settings
                .problems
                .push(format!("the parameter {} is not known and was ignored", quoted(other))),
        }
    }
    if pairs.len() > 50 {
        settings.problems.push(format!(
            "{} parameters is too many; only the first 50 were read",
            pairs.len()
        ));
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
    if search.len() > 1 << 20 {
        return UrlSettings {
            problems: vec!["the address is too long to read; the default cluster is shown".to_string()],
            ..UrlSettings::default()
        };
    }
    parse(&pairs(&search))
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
