//! A panic must never leave a dead canvas. The hook shows a panel with what happened, built with text
//! nodes only (never HTML), and logs the same to the console.

use crate::words::i18n::{t, Text};

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("Consensus Lab panicked: {message}").into());
        show(&message);
    }));
}

/// Shows (or replaces) the error panel with `message`.
pub fn show(message: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let body = document.body()?;
    let panel = match document.get_element_by_id("error-panel") {
        Some(existing) => existing,
        None => {
            let panel = document.create_element("section").ok()?;
            panel.set_id("error-panel");
            panel.set_attribute("role", "alert").ok()?;
            body.append_child(&panel).ok()?;
            panel
        }
    };
    panel.set_text_content(None);
    for (tag, text) in [("h2", t(Text::ErrorTitle)), ("p", t(Text::ErrorHint)), ("pre", message)] {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        panel.append_child(&el).ok()?;
    }
    // The bug report: the address of the session that led here, to copy, or to copy by hand.
    if let Some(link) = crate::page::saved::bug_report_link() {
        let field = document.create_element("input").ok()?;
        field.set_id("bug-report-link");
        for (name, value) in [("type", "text"), ("readonly", ""), ("value", link.as_str())] {
            field.set_attribute(name, value).ok()?;
        }
        field.set_attribute("aria-label", t(Text::BugReport)).ok()?;
        let copy = document.create_element("button").ok()?;
        copy.set_id("copy-bug-report");
        copy.set_attribute("type", "button").ok()?;
        copy.set_text_content(Some(t(Text::CopyBugReport)));
        let on_copy = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&link);
            }
        });
        use wasm_bindgen::JsCast;
        copy.add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())
            .ok()?;
        // The panel stays for the rest of the page's life, and so does its button's handler.
        on_copy.forget();
        panel.append_child(&field).ok()?;
        panel.append_child(&copy).ok()?;
    }
    // A plain link reloads the page without calling back into a module that has just aborted.
    let reload = document.create_element("a").ok()?;
    reload.set_text_content(Some(t(Text::Reload)));
    reload.set_attribute("href", "").ok()?;
    reload.set_id("error-reload");
    panel.append_child(&reload).ok()?;
    Some(())
}
