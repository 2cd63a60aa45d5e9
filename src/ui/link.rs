//! A link between two nodes. Click it to cut it both ways (or restore it); the two arrow handles cut one
//! direction each, and so does a Shift- or Alt-click, into the end nearer the click. A cut direction is drawn dashed, with a red bar across it and an arrow showing which way
//! is blocked, so a one-way cut reads at a glance and without colour.

use crate::words::number::fixed;
use yew::prelude::*;

use crate::say;

use wasm_bindgen::JsCast;

use super::canvas::point_in;
use crate::model::frame::LinkFrame;

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub link: LinkFrame,
    pub on_toggle: Callback<(u8, u8)>,
    pub on_direction: Callback<(u8, u8)>,
}

/// A point `t` of the way from `p` to `q`.
fn lerp(p: (f64, f64), q: (f64, f64), t: f64) -> (f64, f64) {
    (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t)
}

fn activate(callback: Callback<(u8, u8)>, pair: (u8, u8)) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = callback.reform(move |e: MouseEvent| {
        e.stop_propagation();
        pair
    });
    let key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            e.stop_propagation();
            callback.emit(pair);
        }
    });
    (click, key)
}

#[function_component]
pub fn Link(props: &LinkProps) -> Html {
    let l = &props.link;
    let (a, b) = (l.a, l.b);
    // How it is cut: for the style sheet (`data-cut`: dashed one way, red both ways), and in words.
    let (cut, state) = match (l.a_to_b_cut, l.b_to_a_cut) {
        (false, false) => (None, say!("up", "连通")),
        (true, true) => (Some("both"), say!("cut both ways", "双向切断")),
        (true, false) => (Some("one-way"), say!("S{a} → S{b} cut", "S{a} → S{b} 已切断")),
        (false, true) => (Some("one-way"), say!("S{b} → S{a} cut", "S{b} → S{a} 已切断")),
    };
    let label = say!(
        "link S{a}–S{b}: {state}. Enter cuts or restores it",
        "链路 S{a}–S{b}：{state}。按 Enter 切断或恢复"
    );
    let (ax, ay) = l.from;
    let (bx, by) = l.to;
    let angle = crate::model::frame::degrees(bx - ax, by - ay);
    let (x1, y1, x2, y2) = (fixed(ax, 1), fixed(ay, 1), fixed(bx, 1), fixed(by, 1));
    // A blocked direction: a bar across the link with an arrow into it, placed nearer the sender.
    let blocked = |from: (f64, f64), to: (f64, f64), rotate: f64| {
        let (x, y) = lerp(from, to, 0.36);
        html! {
            <g class="blocked" transform={format!("translate({} {}) rotate({})", fixed(x, 1), fixed(y, 1), fixed(rotate, 0))} aria-hidden="true">
                <path d="M-9,-5 L0,0 L-9,5" />
                <line x1="3" y1="-8" x2="3" y2="8" />
            </g>
        }
    };
    let handle = |from: u8, to: u8, at: (f64, f64), rotate: f64, cut: bool| {
        let (click, key) = activate(props.on_direction.clone(), (from, to));
        let label = format!(
            "{} the direction S{from} → S{to}",
            if cut { "restore" } else { "cut only" }
        );
        html! {
            <g class="handle" data-cut={cut.then_some("")}
               transform={format!("translate({} {}) rotate({})", fixed(at.0, 1), fixed(at.1, 1), fixed(rotate, 0))}
               data-kind="handle" tabindex="0" role="button" aria-label={label.clone()}
               onclick={click} onkeydown={key}>
                <title>{label}</title>
                <circle r="9" class="hit" />
                <path d="M-4,-4 L3,0 L-4,4" />
            </g>
        }
    };
    let (toggle, key) = activate(props.on_toggle.clone(), (a, b));
    let (on_direction, (from, to)) = (props.on_direction.clone(), (l.from, l.to));
    let click = Callback::from(move |e: MouseEvent| {
        let svg = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("svg").ok().flatten());
        match svg.filter(|_| e.shift_key() || e.alt_key()) {
            Some(svg) => {
                e.stop_propagation();
                let p = point_in(&svg, &e);
                let d = |q: (f64, f64)| (p.0 - q.0).powi(2) + (p.1 - q.1).powi(2);
                on_direction.emit(if d(to) < d(from) { (a, b) } else { (b, a) });
            }
            None => toggle.emit(e),
        }
    });
    html! {
        <g class="link" data-cut={cut} data-near-selected={l.near_selected.then_some("")}
           data-a={a.to_string()} data-b={b.to_string()}>
            <line class="wire" x1={x1.clone()} y1={y1.clone()} x2={x2.clone()} y2={y2.clone()} />
            <g data-kind="link" tabindex="0" role="button" aria-label={label.clone()} onclick={click} onkeydown={key}>
                <title>{label}</title>
                <line class="hit" {x1} {y1} {x2} {y2} />
            </g>
            if l.a_to_b_cut { {blocked(l.from, l.to, angle)} }
            if l.b_to_a_cut { {blocked(l.to, l.from, angle + 180.0)} }
            {handle(a, b, lerp(l.from, l.to, 0.78), angle, l.a_to_b_cut)}
            {handle(b, a, lerp(l.to, l.from, 0.78), angle + 180.0, l.b_to_a_cut)}
        </g>
    }
}
