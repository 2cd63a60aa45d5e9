//! Consensus Lab: Raft and Paxos clusters simulated in the page, drawn on an SVG canvas.
//!
//! The engine (`consensus-sim`) does the protocol work deterministically; this crate is the web app: the
//! model that drives the engine from the wall clock (`lab`), the render loop, and the components.

pub mod app;
pub mod cluster;
pub mod details;
pub mod diagram;
pub mod explain;
pub mod export;
pub mod frame;
pub mod handlers;
pub mod i18n;
pub mod i18n_zh;
pub mod lab;
pub mod layout;
pub mod lesson;
pub mod narrate;
pub mod narrate_zh;
pub mod page;
pub mod panic_panel;
pub mod permalink;
pub mod render_loop;
pub mod saved;
pub mod seek_bench;
pub mod travel;
pub mod ui;
pub mod url;
pub mod views;

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
            page::take_over(&root);
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
