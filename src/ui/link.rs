//! A link between two nodes, as the pointer meets it. Click it to cut it both ways (or restore it); the two
//! arrow handles cut one direction each, and so does a Shift- or Alt-click, into the end nearer the click. A
//! cut direction is drawn dashed, with a red bar across it and an arrow showing which way is blocked, so a
//! one-way cut reads at a glance and without colour. The keyboard reaches links through `link_keys`, after
//! the nodes.

use crate::words::number::fixed;
use yew::prelude::*;

use crate::say;

use wasm_bindgen::JsCast;

use super::canvas::point_in;
use crate::model::frame::LinkFrame;

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub link: LinkFrame,
    /// Its keys have the keyboard's focus: its handles show.
    pub focused: bool,
    pub on_toggle: Callback<(u8, u8)>,
    pub on_direction: Callback<(u8, u8)>,
}

/// A point `t` of the way from `p` to `q`.
fn lerp(p: (f64, f64), q: (f64, f64), t: f64) -> (f64, f64) {
    (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t)
}

/// Where the handle that cuts the direction out of `from` sits: near the receiving end, pointing at it.
pub fn handle_at(from: (f64, f64), to: (f64, f64)) -> (f64, f64) {
    lerp(from, to, 0.78)
}

/// The link and how it is cut, in words.
pub fn link_label(l: &LinkFrame) -> String {
    let (a, b) = (l.a, l.b);
    let state = match (l.a_to_b_cut, l.b_to_a_cut) {
        (false, false) => say!("up", "连通"),
        (true, true) => say!("cut both ways", "双向切断"),
        (true, false) => say!("S{a} → S{b} cut", "S{a} → S{b} 已切断"),
        (false, true) => say!("S{b} → S{a} cut", "S{b} → S{a} 已切断"),
    };
    say!(
        "link S{a}–S{b}: {state}. Enter cuts or restores it",
        "链路 S{a}–S{b}：{state}。按 Enter 切断或恢复"
    )
}

/// What the handle for the direction `from` → `to` does.
pub fn handle_label(from: u8, to: u8, cut: bool) -> String {
    if cut {
        say!("restore the direction S{from} → S{to}", "恢复方向 S{from} → S{to}")
    } else {
        say!("cut only the direction S{from} → S{to}", "只切断方向 S{from} → S{to}")
    }
}

#[function_component]
pub fn Link(props: &LinkProps) -> Html {
    let l = &props.link;
    let (a, b) = (l.a, l.b);
    // How it is cut, for the style sheet: dashed one way, red both ways.
    let cut = match (l.a_to_b_cut, l.b_to_a_cut) {
        (false, false) => None,
        (true, true) => Some("both"),
        _ => Some("one-way"),
    };
    let (ax, ay) = l.from;
    let (bx, by) = l.to;
    let angle = crate::model::frame::degrees(bx - ax, by - ay);
    let (x1, y1, x2, y2) = (fixed(ax, 1), fixed(ay, 1), fixed(bx, 1), fixed(by, 1));
    // A blocked direction: a bar across the link with an arrow into it, placed nearer the sender.
    let blocked = |from: (f64, f64), to: (f64, f64), rotate: f64| {
        let (x, y) = lerp(from, to, 0.36);
        html! {
            <g class="blocked" transform={format!("translate({} {}) rotate({})", fixed(x, 1), fixed(y, 1), fixed(rotate, 0))}>
                <path d="M-9,-5 L0,0 L-9,5" />
                <line x1="3" y1="-8" x2="3" y2="8" />
            </g>
        }
    };
    let handle = |from: u8, to: u8, at: (f64, f64), rotate: f64, cut: bool| {
        let pair = (from, to);
        let onclick = props.on_direction.reform(move |e: MouseEvent| {
            e.stop_propagation();
            pair
        });
        html! {
            <g class="handle" data-cut={cut.then_some("")} data-from={from.to_string()} data-to={to.to_string()}
               transform={format!("translate({} {}) rotate({})", fixed(at.0, 1), fixed(at.1, 1), fixed(rotate, 0))}
               data-kind="handle" {onclick}>
                <title>{handle_label(from, to, cut)}</title>
                <circle r="9" class="hit" />
                <path d="M-4,-4 L3,0 L-4,4" />
            </g>
        }
    };
    let (on_toggle, on_direction, (from, to)) = (props.on_toggle.clone(), props.on_direction.clone(), (l.from, l.to));
    let click = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        let svg = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("svg").ok().flatten());
        match svg.filter(|_| e.shift_key() || e.alt_key()) {
            Some(svg) => {
                let p = point_in(&svg, &e);
                let d = |q: (f64, f64)| (p.0 - q.0).powi(2) + (p.1 - q.1).powi(2);
                on_direction.emit(if d(to) < d(from) { (a, b) } else { (b, a) });
            }
            None => on_toggle.emit((a, b)),
        }
    });
    // The keyboard and screen readers meet the link through its keys (`link_keys`), so this part is hidden
    // from them; its title still names it to a hovering pointer.
    html! {
        <g class="link" data-cut={cut} data-near-selected={(l.near_selected || props.focused).then_some("")}
           data-a={a.to_string()} data-b={b.to_string()} aria-hidden="true">
            <line class="wire" x1={x1.clone()} y1={y1.clone()} x2={x2.clone()} y2={y2.clone()} />
            <g data-kind="link" onclick={click}>
                <title>{link_label(l)}</title>
                <line class="hit" {x1} {y1} {x2} {y2} />
            </g>
            if l.a_to_b_cut { {blocked(l.from, l.to, angle)} }
            if l.b_to_a_cut { {blocked(l.to, l.from, angle + 180.0)} }
            {handle(a, b, handle_at(l.from, l.to), angle, l.a_to_b_cut)}
            {handle(b, a, handle_at(l.to, l.from), angle + 180.0, l.b_to_a_cut)}
        </g>
    }
}
