//! Consensus Lab: Raft and Paxos clusters simulated in the page, drawn on an SVG canvas.
//!
//! The engine (`consensus-sim`) does the protocol work deterministically; this crate is the web app, in four
//! parts:
//! - `model/`: the lab's model, plain Rust with no DOM: the running cluster, time travel, and what a frame
//!   and the panels draw;
//! - `page/`: the page around it: the address, permalinks, saved sessions, lessons, files, every gesture and
//!   key, the render loop, and what the HTML page hands the app;
//! - `words/`: every word the page shows: labels, the event feed's sentences, explanations, numbers;
//! - `ui/`: the components, each drawing one thing from its props.

pub mod model;
pub mod page;
pub mod ui;
pub mod words;

use page::{html, panic_panel, url};
use words::i18n;

/// Installs the panic panel and mounts the app on the page's `#app` element (or the body).
pub fn start() {
    panic_panel::install();
    // The language comes first: every label reads it, from the first frame on.
    let lang = i18n::choose(url::param("lang").as_deref());
    i18n::set_language(lang);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            html::take_over(&root);
            yew::Renderer::<ui::app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<ui::app::App>::new().render();
        }
    }
}
