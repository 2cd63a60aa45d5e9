//! What the HTML page hands the app, and what the app tells the page.
//!
//! A built page arrives with its first frame already drawn (build/pages.mjs), and static/frame.js, run before
//! the body, has decided whether that frame stands for this address and which seed it shows. A lesson's page
//! carries its scenario. The app reads all of it here, takes the frame over, and marks the page ready once
//! every panel is usable.

use web_sys::Element;

fn root() -> Option<Element> {
    web_sys::window()?.document()?.document_element()
}

/// The seed static/frame.js drew for a plain address and wrote into the frame, if any.
pub fn seed() -> Option<u64> {
    let seed = root()?.get_attribute("data-seed")?;
    seed.bytes().all(|b| b.is_ascii_digit()).then(|| seed.parse().ok())?
}

/// The lesson this page was built for: its name, and its scenario document.
pub fn lesson() -> Option<(String, String)> {
    let name = root()?.get_attribute("data-lesson")?;
    let document = web_sys::window()?.document()?.get_element_by_id("lesson-scenario")?;
    Some((name, document.text_content()?))
}

/// Removes the frame drawn at build time from `app`, just before the app draws the same frame there. Yew
/// renders in a microtask after this, so no paint comes between the two.
pub fn take_over(app: &Element) {
    app.set_inner_html("");
    if let Some(root) = root() {
        let _ = root.remove_attribute("data-frame");
    }
}

/// Marks `<html data-ready>`: every panel is drawn and answers, so a reader can use the whole page. Page
/// load measurements read it (`./run perf`).
pub fn mark_ready() {
    if let Some(root) = root() {
        let _ = root.set_attribute("data-ready", "");
    }
}
