//! Lessons: scenario files shipped with the site (in `scenarios/`, beside the page), fetched on demand,
//! so the first load stays small.

use consensus_sim::scenario::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::model::lab::Lab;

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| crate::say!("{url} could not be fetched", "无法获取 {url}"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| crate::say!("{url} gave no response", "{url} 没有响应"))?;
    if !response.ok() {
        let status = response.status();
        return Err(crate::say!(
            "{url} could not be fetched (HTTP {status})",
            "无法获取 {url}（HTTP {status}）"
        ));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no body")?)
        .await
        .map_err(|_| crate::say!("{url} could not be read", "无法读取 {url}"))?;
    text.as_string()
        .ok_or_else(|| crate::say!("{url} is not text", "{url} 不是文本"))
}

/// Loads the lesson `name` (already checked to be a plain name or a path on the site) as a lab ready to play: in the page's
/// language when the site has it (`scenarios/zh-CN/NAME.json`), else in English.
pub async fn load(name: &str) -> Result<Lab, String> {
    let lang = crate::words::i18n::language();
    // Only the lessons in the menu are translated; other scenarios are asked for in English alone.
    let translated = match lang {
        crate::words::i18n::Lang::En => None,
        _ if !LESSONS.iter().any(|(n, ..)| *n == name) => None,
        other => fetch_text(&format!("scenarios/{}/{name}.json", other.code()))
            .await
            .ok(),
    };
    // A lesson by name is in scenarios/; a path (already checked to stay on the site) is fetched as given.
    let text = match translated {
        Some(text) => text,
        None if name.ends_with(".json") => fetch_text(name).await?,
        None => fetch_text(&format!("scenarios/{name}.json")).await?,
    };
    from_text(name, &text)
}

/// Lesson `name`'s document in the page's language, for its words (title, description, captions and
/// questions): `take_words` puts them in place of those the running lesson has. None for a scenario that is
/// not one of the lessons, or one that could not be fetched or read.
pub async fn retell(name: &str) -> Option<Scenario> {
    if !LESSONS.iter().any(|(n, ..)| *n == name) {
        return None;
    }
    let url = match crate::words::i18n::language() {
        crate::words::i18n::Lang::En => format!("scenarios/{name}.json"),
        other => format!("scenarios/{}/{name}.json", other.code()),
    };
    Scenario::parse(&fetch_text(&url).await.ok()?).ok()
}

/// Copies the words of `told` into `scenario`, if they describe the same events at the same times.
pub fn take_words(scenario: &mut Scenario, told: Scenario) -> bool {
    use consensus_sim::scenario::Event;
    let same =
        scenario.events.len() == told.events.len()
            && scenario.events.iter().zip(&told.events).all(|(a, b)| {
                a.at_ms == b.at_ms && std::mem::discriminant(&a.event) == std::mem::discriminant(&b.event)
            });
    if !same {
        return false;
    }
    scenario.title = told.title;
    scenario.description = told.description;
    for (ours, theirs) in scenario.events.iter_mut().zip(told.events) {
        if let (Event::Caption { text, quiz, .. }, Event::Caption { text: t, quiz: q, .. }) =
            (&mut ours.event, theirs.event)
        {
            *text = t;
            *quiz = q;
        }
    }
    true
}

/// The lesson `name` from its scenario document, as a lab ready to play.
pub fn from_text(name: &str, text: &str) -> Result<Lab, String> {
    let scenario =
        Scenario::parse(text).map_err(|e| crate::say!("scenario \"{name}\": {e}", "场景 \"{name}\"：{e}"))?;
    let mut lab = Lab::lesson(scenario).map_err(|e| crate::say!("scenario \"{name}\": {e}", "场景 \"{name}\"：{e}"))?;
    lab.lesson_name = Some(name.to_string());
    Ok(lab)
}

/// The guided lessons, in the order to take them: (scenario name, title). The Chinese titles are in
/// `i18n_zh::lesson_title`.
pub const LESSONS: [(&str, &str); 16] = [
    ("raft-1-election-heartbeats", "Raft 1: leader election and heartbeats"),
    ("raft-2-log-replication", "Raft 2: log replication and commitment"),
    ("leader-crash-reelection", "Raft 3: failover when the leader crashes"),
    ("partition-heal-rollback", "Raft 4: a partition, and healing rolls back"),
    ("split-vote", "Raft 5: split vote and randomized timeouts"),
    ("figure8-correct", "Raft 6: Figure 8, committing only the current term"),
    ("snapshot-install", "Raft 7: snapshots and InstallSnapshot"),
    ("paxos-basic", "Paxos 1: Basic Paxos"),
    ("paxos-dueling-proposers", "Paxos 2: dueling proposers"),
    (
        "multi-paxos-leader-takeover",
        "Paxos 3: a chosen value survives a leader change",
    ),
    ("consistency-or-availability", "Clients 1: consistency or availability"),
    ("leases-and-clock-drift", "Clients 2: leases and clock drift"),
    ("how-long-is-too-long", "Detect 1: how long is too long?"),
    ("2pc-coordinator-crash-blocks", "Commit 1: two-phase commit blocks"),
    ("3pc-partition-splits", "Commit 2: three-phase commit is not the answer"),
    (
        "paxos-commit-survives-coordinator-crash",
        "Commit 3: commit on consensus",
    ),
];
