//! Lessons: scenario files shipped with the site (in `scenarios/`, beside the page), fetched on demand,
//! so the first load stays small.

use consensus_sim::scenario::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::lab::Lab;

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{url} could not be fetched (HTTP {})", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no body")?)
        .await
        .map_err(|_| format!("{url} could not be read"))?;
    text.as_string().ok_or_else(|| format!("{url} is not text"))
}

/// Loads the lesson `name` (already checked to be a plain name) as a lab ready to play.
pub async fn load(name: &str) -> Result<Lab, String> {
    let url = format!("scenarios/{name}.json");
    let text = fetch_text(&url).await?;
    let scenario = Scenario::parse(&text).map_err(|e| format!("scenario \"{name}\": {e}"))?;
    let mut lab = Lab::lesson(scenario).map_err(|e| format!("scenario \"{name}\": {e}"))?;
    lab.lesson_name = Some(name.to_string());
    Ok(lab)
}

/// The guided lessons, in the order to take them: (scenario name, title in the menu).
pub const LESSONS: [(&str, &str); 9] = [
    ("raft-1-election-heartbeats", "Raft 1: leader election and heartbeats"),
    ("raft-2-log-replication", "Raft 2: log replication and commitment"),
    ("leader-crash-reelection", "Raft 3: failover when the leader crashes"),
    ("partition-heal-rollback", "Raft 4: a partition, and healing rolls back"),
    ("split-vote", "Raft 5: split vote and randomized timeouts"),
    ("figure8-correct", "Raft 6: Figure 8, committing only the current term"),
    ("paxos-basic", "Paxos 1: Basic Paxos"),
    ("paxos-dueling-proposers", "Paxos 2: dueling proposers"),
    (
        "multi-paxos-leader-takeover",
        "Paxos 3: a chosen value survives a leader change",
    ),
];
