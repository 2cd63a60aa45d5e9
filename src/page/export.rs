//! What leaves the page as a file: the session as a scenario (to edit into a lesson, or run with
//! `consensus-sim run`), its trace as JSON lines, and the canvas as a standalone SVG for slides.

use consensus_sim::scenario::{Event, Scenario, TimedEvent};
use wasm_bindgen::JsCast;

use crate::model::cluster::start;
use crate::model::lab::Lab;

/// The session as a scenario: the cluster it started from, the lesson's captions and expectations, and every
/// action the session has applied so far, naming nodes by id. Returns it with the number of actions a
/// scenario cannot express (dropping one message in flight), which the export leaves out.
pub fn session_scenario(lab: &Lab) -> (Scenario, usize) {
    let mut scenario = lab.scenario.clone();
    let (now_ms, t) = (lab.sim.now() / 1000, &lab.travel);
    // A lesson's own actions that the session has taken stay as the lesson wrote them (with their selectors
    // and the names they bind); its captions and expectations stay up to now; the reader's actions follow.
    let own = t.lesson_actions.min(t.applied);
    let mut actions_seen = 0;
    scenario.events.retain(|e| match e.event {
        Event::Caption { .. } | Event::Expect(_) => e.at_ms <= now_ms,
        _ => {
            actions_seen += 1;
            actions_seen <= own
        }
    });
    let mut left_out = 0;
    for r in &t.history[own..t.applied] {
        match Event::from_action(&r.action) {
            // Scenario times are whole milliseconds; an action keeps the millisecond it was taken in.
            Some(event) => scenario.events.push(TimedEvent {
                at_ms: r.at / 1000,
                event,
                bind: None,
            }),
            None => left_out += 1,
        }
    }
    // Stable: among events at the same millisecond, file order is the order they happened in.
    scenario.events.sort_by_key(|e| e.at_ms);
    if scenario.title.is_none() {
        scenario.title = Some("A session in Consensus Lab".to_string());
    }
    let last = scenario.events.last().map_or(0, |e| e.at_ms);
    scenario.run_ms = now_ms.max(last + 1);
    (scenario, left_out)
}

/// The trace of the session so far, as JSON lines: it is replayed from the start with a journal kept.
pub fn trace_lines(lab: &Lab) -> String {
    let mut sim = start(&lab.scenario);
    sim.keep_journal();
    for r in &lab.travel.history[..lab.travel.applied] {
        sim.replay_to(r.events, r.at);
        sim.apply(&r.action);
    }
    sim.replay_to(lab.sim.events_processed(), lab.sim.now());
    sim.journal_lines()
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The canvas as it is drawn now, as one standalone SVG document. The page's style sheet goes inside it, so
/// it looks the same in a slide deck, in the light theme.
pub fn canvas_svg() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let out = document.create_element_ns(Some(SVG_NS), "svg").ok()?;
    let base = document.query_selector("#canvas svg.base").ok()??;
    out.set_attribute("xmlns", SVG_NS).ok()?;
    out.set_attribute("viewBox", &base.get_attribute("viewBox")?).ok()?;
    out.set_attribute("class", "exported").ok()?;
    for layer in ["#canvas svg.base", "#canvas svg.overlay"] {
        let Some(svg) = document.query_selector(layer).ok()? else {
            continue;
        };
        let group = document.create_element_ns(Some(SVG_NS), "g").ok()?;
        let copy = svg
            .clone_node_with_deep(true)
            .ok()?
            .dyn_into::<web_sys::Element>()
            .ok()?;
        hold_motion(&svg, &copy);
        while let Some(child) = copy.first_child() {
            group.append_child(&child).ok()?;
        }
        out.append_child(&group).ok()?;
    }
    let svg = web_sys::XmlSerializer::new().ok()?.serialize_to_string(&out).ok()?;
    // The style sheet goes in as text: a style element made in the page would be inline style, which the
    // page's Content-Security-Policy refuses.
    let open = svg.find('>')? + 1;
    let css = style_rules(&document).replace("]]>", "]]]]><![CDATA[>");
    Some(format!(
        "{}<style><![CDATA[\n{css}]]></style>{}",
        &svg[..open],
        &svg[open..]
    ))
}

/// Writes onto `copy`, a deep clone of `original`, where the compositor has moved each animated element of
/// the original this instant (a message in flight, a timer ring, a wheel of the clock): a clone carries the
/// attributes, not the animations, so an export while playing would otherwise show every glyph where it was
/// last drawn still.
fn hold_motion(original: &web_sys::Element, copy: &web_sys::Element) {
    let (Ok(from), Ok(to)) = (original.query_selector_all("*"), copy.query_selector_all("*")) else {
        return;
    };
    let Some(window) = web_sys::window() else { return };
    for i in 0..from.length().min(to.length()) {
        let (Some(from), Some(to)) = (from.item(i), to.item(i)) else {
            continue;
        };
        let (from, to) = (
            from.unchecked_into::<web_sys::Element>(),
            to.unchecked_into::<web_sys::Element>(),
        );
        if !animated(&from) {
            continue;
        }
        let Ok(Some(style)) = window.get_computed_style(&from) else {
            continue;
        };
        for property in ["transform", "opacity"] {
            if let Ok(value) = style.get_property_value(property) {
                let _ = to.set_attribute(property, &value);
            }
        }
    }
}

/// Whether the compositor animates `element` (`Element.getAnimations()`, not in web-sys's stable API).
fn animated(element: &web_sys::Element) -> bool {
    js_sys::Reflect::get(element, &"getAnimations".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(element).ok())
        .is_some_and(|list| js_sys::Array::from(&list).length() > 0)
}

/// Every rule of the page's own style sheets, as text.
fn style_rules(document: &web_sys::Document) -> String {
    let mut css = String::new();
    let sheets = document.style_sheets();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets.item(i).and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok()) else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else { continue };
        for j in 0..rules.length() {
            if let Some(rule) = rules.item(j) {
                css.push_str(&rule.css_text());
                css.push('\n');
            }
        }
    }
    // Last, so it wins: a slide is light, whatever the theme on screen.
    css.push_str(":root { color-scheme: light; }\n");
    css
}

/// Offers `text` to the reader as a file called `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
