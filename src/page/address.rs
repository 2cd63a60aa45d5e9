//! The address follows the page: when another cluster starts (another protocol, size, seed, bug or lesson),
//! its parameters replace the old ones in the address bar (`history.replaceState`), so a copied or reloaded
//! address shows what was on screen. What the address says about the page itself (embed, panels, theme,
//! language, speed, height) stays as it was.

use crate::model::lab::Lab;

/// The parameters that say which cluster runs. A new cluster replaces all of them.
pub const CLUSTER: [&str; 6] = ["protocol", "nodes", "seed", "scenario", "setup", "bugs"];
/// The parameters of a session within that cluster: a new cluster has none of them yet.
const SESSION: [&str; 3] = ["session", "at", "pos"];

/// The address of the cluster `lab` runs, from the current address `(pathname, pairs)` and the lesson its
/// page was built for, if any: a path (relative to the page) and its query pairs.
pub fn address_of(lab: &Lab, pairs: &[(String, String)], page_lesson: Option<&str>) -> (String, Vec<(String, String)>) {
    let mut query: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !CLUSTER.contains(&k.as_str()) && !SESSION.contains(&k.as_str()))
        .cloned()
        .collect();
    let on_its_page = page_lesson.is_some() && page_lesson == lab.lesson_name.as_deref();
    for (key, value) in crate::page::permalink::share_query(lab) {
        // A lesson's own page names its lesson, and the lesson its protocol, size and seed.
        let named_by_page = on_its_page && key != "bugs";
        if CLUSTER.contains(&key) && !named_by_page {
            query.push((key.to_string(), value));
        }
    }
    // Another cluster than a lesson's page's own is the main page's.
    let path = if page_lesson.is_some() && !on_its_page {
        "./"
    } else {
        ""
    };
    (path.to_string(), query)
}

/// Puts the parameters of the cluster `lab` runs in the address bar, in place of the old ones.
pub fn follow(lab: &Lab) {
    let Some(window) = web_sys::window() else { return };
    let pairs = crate::page::url::pairs(&crate::page::url::search());
    let page_lesson = crate::page::html::lesson().map(|(name, _)| name);
    let (path, query) = address_of(lab, &pairs, page_lesson.as_deref());
    let Some(query) = crate::page::permalink::query_string(query.iter().map(|(k, v)| (k.as_str(), v.clone()))) else {
        return;
    };
    let address = match (path.is_empty(), query.is_empty()) {
        (true, true) => window.location().pathname().unwrap_or_default(),
        (_, true) => path,
        (_, false) => format!("{path}?{query}"),
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}
