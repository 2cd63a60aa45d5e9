//! The links as the keyboard meets them. They come after the nodes in Tab order, and all of them are one Tab
//! stop (a roving tabindex, as WAI-ARIA's toolbar pattern has it): ↑ and ↓ move from link to link, → and ←
//! from a link to its two one-way handles, Enter or Space cuts or restores what has the focus. They are drawn
//! above the nodes but take no pointer events, so they only show a focus ring where the link or handle is.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, SvgElement};
use yew::prelude::*;

use super::link::{handle_at, handle_label, link_label};
use crate::model::frame::LinkFrame;
use crate::words::number::fixed;

/// Which part of a link has the focus: the link, or the handle for one of its directions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Link,
    /// The direction from the link's lower id to its higher one.
    Forward,
    Back,
}

impl Part {
    const ALL: [Part; 3] = [Part::Link, Part::Forward, Part::Back];

    fn name(self) -> &'static str {
        match self {
            Part::Link => "link",
            Part::Forward => "forward",
            Part::Back => "back",
        }
    }
}

/// A link's pair of node ids, lower first, as the frame lists them.
pub type Pair = (u8, u8);

#[derive(Properties, PartialEq)]
pub struct LinkKeysProps {
    pub links: Vec<LinkFrame>,
    /// The link that is the group's Tab stop: the one last focused, or the first.
    pub current: Option<Pair>,
    /// A link's key took (Some) or lost (None) the focus.
    pub on_focus: Callback<Option<Pair>>,
    pub on_toggle: Callback<(u8, u8)>,
    pub on_direction: Callback<(u8, u8)>,
}

/// Where a key moves the focus from `part` of the link at `index` of `count`, if it moves it.
fn next(key: &str, index: usize, count: usize, part: Part) -> Option<(usize, Part)> {
    let turn = |i: usize, step: usize| (i + step) % count;
    let at = Part::ALL.iter().position(|p| *p == part)?;
    match key {
        "ArrowDown" => Some((turn(index, 1), Part::Link)),
        "ArrowUp" => Some((turn(index, count - 1), Part::Link)),
        "ArrowRight" => Some((index, Part::ALL[(at + 1) % 3])),
        "ArrowLeft" => Some((index, Part::ALL[(at + 2) % 3])),
        "Home" => Some((0, Part::Link)),
        "End" => Some((count - 1, Part::Link)),
        _ => None,
    }
}

fn focus_key(from: &Element, (a, b): Pair, part: Part) {
    let selector = format!(
        ".link-key[data-a=\"{a}\"][data-b=\"{b}\"][data-part=\"{}\"]",
        part.name()
    );
    let found = from
        .closest("svg")
        .ok()
        .flatten()
        .and_then(|svg| svg.query_selector(&selector).ok().flatten());
    if let Some(el) = found {
        if let Some(el) = el.dyn_ref::<SvgElement>() {
            let _ = el.focus();
        } else if let Some(el) = el.dyn_ref::<HtmlElement>() {
            let _ = el.focus();
        }
    }
}

#[function_component]
pub fn LinkKeys(props: &LinkKeysProps) -> Html {
    let pairs: Vec<Pair> = props.links.iter().map(|l| (l.a, l.b)).collect();
    let current = props.current.filter(|c| pairs.contains(c)).or(pairs.first().copied());
    let key = |index: usize, l: &LinkFrame, part: Part| {
        let pair = (l.a, l.b);
        let (label, ring) = match part {
            Part::Link => (
                link_label(l),
                html! { <line class="ring" x1={fixed(l.from.0, 1)} y1={fixed(l.from.1, 1)}
                x2={fixed(l.to.0, 1)} y2={fixed(l.to.1, 1)} /> },
            ),
            Part::Forward | Part::Back => {
                let (from, to, a, b, cut) = match part {
                    Part::Forward => (l.from, l.to, l.a, l.b, l.a_to_b_cut),
                    _ => (l.to, l.from, l.b, l.a, l.b_to_a_cut),
                };
                let (x, y) = handle_at(from, to);
                (
                    handle_label(a, b, cut),
                    html! { <circle class="ring" cx={fixed(x, 1)} cy={fixed(y, 1)} r="13" /> },
                )
            }
        };
        let onkeydown = {
            let (pairs, on_toggle, on_direction) = (pairs.clone(), props.on_toggle.clone(), props.on_direction.clone());
            Callback::from(move |e: KeyboardEvent| {
                let key = e.key();
                if key == "Enter" || key == " " {
                    match part {
                        Part::Link => on_toggle.emit(pair),
                        Part::Forward => on_direction.emit(pair),
                        Part::Back => on_direction.emit((pair.1, pair.0)),
                    }
                } else if let Some((to, part)) = next(&key, index, pairs.len(), part) {
                    if let Some(from) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                        focus_key(&from, pairs[to], part);
                    }
                } else {
                    return;
                }
                // Handled here: not also a step of time, a press of play, or a scroll.
                e.prevent_default();
                e.stop_propagation();
            })
        };
        let onfocus = props.on_focus.reform(move |_: FocusEvent| Some(pair));
        let onblur = props.on_focus.reform(|_: FocusEvent| None);
        let stop = part == Part::Link && current == Some(pair);
        html! {
            <g class="link-key" data-a={l.a.to_string()} data-b={l.b.to_string()} data-part={part.name()}
               tabindex={if stop { "0" } else { "-1" }} role="button" aria-label={label}
               {onkeydown} {onfocus} {onblur}>
                {ring}
            </g>
        }
    };
    html! {
        <g class="link-keys" role="group" aria-label={crate::say!("links: ↑ ↓ choose, → ← one-way handles", "链路：↑ ↓ 选择，→ ← 单向把手")}>
            {for props.links.iter().enumerate().map(|(i, l)| html! {
                <g key={format!("{}-{}", l.a, l.b)}>
                    {for Part::ALL.into_iter().map(|part| key(i, l, part))}
                </g>
            })}
        </g>
    }
}

#[cfg(test)]
mod tests {
    // Compiled for the browser's target, where only wasm-bindgen-test's runner runs tests.
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn arrows_go_round_the_links_and_their_handles() {
        assert_eq!(next("ArrowDown", 9, 10, Part::Back), Some((0, Part::Link)));
        assert_eq!(next("ArrowUp", 0, 10, Part::Link), Some((9, Part::Link)));
        assert_eq!(next("ArrowRight", 3, 10, Part::Link), Some((3, Part::Forward)));
        assert_eq!(next("ArrowRight", 3, 10, Part::Back), Some((3, Part::Link)));
        assert_eq!(next("ArrowLeft", 3, 10, Part::Link), Some((3, Part::Back)));
        assert_eq!(next("Enter", 3, 10, Part::Link), None);
    }
}
