//! The SVG canvas: links under messages under nodes, and the client in the corner. Pointer events make it
//! the user's to break: drag a node (mouse, pen or touch), click a link to cut it, or drag a knife stroke
//! across empty canvas to cut every link it crosses, a partition in one gesture.

use crate::words::number::{fixed, short};
use consensus_sim::Micros;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::clock::Clock;
use super::link::Link;
use super::link_keys::{LinkKeys, Pair};
use super::message::message_layer;
use super::node::{timer_clips, NodeGlyph, TimerRing};
use crate::model::frame::Frame;
use crate::model::lab::{segments_cross, CANVAS, CLIENT_AT};
use crate::words::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub frame: Frame,
    pub paused: bool,
    pub on_select: Callback<Option<u8>>,
    pub on_move: Callback<(u8, f64, f64)>,
    pub on_link: Callback<(u8, u8)>,
    pub on_direction: Callback<(u8, u8)>,
    /// The links a knife stroke crossed.
    pub on_knife: Callback<Vec<(u8, u8)>>,
    pub on_drop: Callback<u64>,
    pub on_inspect: Callback<Option<u64>>,
    /// The message whose fields show beside it.
    pub message: Option<super::message_info::Shown>,
}

/// A node being dragged by one pointer.
struct Drag {
    id: u8,
    pointer: i32,
    moved: bool,
}

/// The kind and id of the canvas element under an event, from its nearest `data-kind` ancestor.
fn target_kind(e: &PointerEvent) -> Option<(String, Option<u8>, Element)> {
    let element = e.target()?.dyn_into::<Element>().ok()?.closest("[data-kind]").ok()??;
    let kind = element.get_attribute("data-kind")?;
    let id = element.get_attribute("data-id").and_then(|v| v.parse().ok());
    Some((kind, id, element))
}

/// The pointer's position in canvas units. The view box is square and scales uniformly.
fn canvas_point(svg: &NodeRef, e: &PointerEvent) -> Option<(f64, f64)> {
    Some(point_in(&svg.cast::<Element>()?, e))
}

/// Where a mouse event happened, in the canvas units of `svg`.
pub fn point_in(svg: &Element, e: &MouseEvent) -> (f64, f64) {
    let rect = svg.get_bounding_client_rect();
    let scale = CANVAS / rect.width().max(1.0);
    (
        (e.client_x() as f64 - rect.left()) * scale,
        (e.client_y() as f64 - rect.top()) * scale,
    )
}

#[function_component]
pub fn Canvas(props: &CanvasProps) -> Html {
    let svg = use_node_ref();
    let drag = use_mut_ref(|| None::<Drag>);
    let knife = use_state(Vec::<(f64, f64)>::new);
    // The link whose keys have the keyboard's focus (its handles show), and the one the links' Tab stop is on.
    let focused_link = use_state(|| None::<Pair>);
    let current_link = use_state(|| None::<Pair>);
    let on_link_focus = {
        let (focused_link, current_link) = (focused_link.clone(), current_link.clone());
        Callback::from(move |pair: Option<Pair>| {
            if pair.is_some() {
                current_link.set(pair);
            }
            focused_link.set(pair);
        })
    };

    let onpointerdown = {
        let (svg, drag, knife, on_select) = (svg.clone(), drag.clone(), knife.clone(), props.on_select.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            match target_kind(&e) {
                Some((kind, Some(id), element)) if kind == "node" => {
                    // Preventing the default (text selection, scrolling) also prevents focus: give it back,
                    // so the keys act on the node just pressed, without scrolling to it: it is in view.
                    e.prevent_default();
                    if let Ok(node) = element.dyn_into::<web_sys::SvgElement>() {
                        let options = web_sys::FocusOptions::new();
                        options.set_prevent_scroll(true);
                        let _ = node.focus_with_options(&options);
                    }
                    if let Some(el) = svg.cast::<Element>() {
                        let _ = el.set_pointer_capture(e.pointer_id());
                    }
                    *drag.borrow_mut() = Some(Drag {
                        id,
                        pointer: e.pointer_id(),
                        moved: false,
                    });
                    on_select.emit(Some(id));
                }
                Some(_) => {} // links, handles and messages handle their own clicks
                None => {
                    if let Some(p) = canvas_point(&svg, &e) {
                        e.prevent_default();
                        if let Some(el) = svg.cast::<Element>() {
                            let _ = el.set_pointer_capture(e.pointer_id());
                        }
                        knife.set(vec![p]);
                    }
                }
            }
        })
    };
    let onpointermove = {
        let (svg, drag, knife, on_move) = (svg.clone(), drag.clone(), knife.clone(), props.on_move.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(p) = canvas_point(&svg, &e) else { return };
            if let Some(d) = drag.borrow_mut().as_mut().filter(|d| d.pointer == e.pointer_id()) {
                d.moved = true;
                on_move.emit((d.id, p.0, p.1));
                return;
            }
            if !knife.is_empty() {
                let mut stroke = (*knife).clone();
                stroke.push(p);
                knife.set(stroke);
            }
        })
    };
    let end = {
        let (drag, knife, on_knife) = (drag.clone(), knife.clone(), props.on_knife.clone());
        let on_select = props.on_select.clone();
        let links = props.frame.links.clone();
        Callback::from(move |e: PointerEvent| {
            if drag.borrow().as_ref().is_some_and(|d| d.pointer == e.pointer_id()) {
                drag.borrow_mut().take();
                return;
            }
            if knife.len() >= 2 {
                let crossed: Vec<(u8, u8)> = links
                    .iter()
                    .filter(|l| knife.windows(2).any(|s| segments_cross(s[0], s[1], l.from, l.to)))
                    .map(|l| (l.a, l.b))
                    .collect();
                if !crossed.is_empty() {
                    on_knife.emit(crossed);
                }
            }
            if knife.len() == 1 {
                // A press on empty canvas without a stroke: clear the selection.
                on_select.emit(None);
            }
            if !knife.is_empty() {
                knife.set(Vec::new());
            }
        })
    };
    let f = &props.frame;
    let stroke = (knife.len() >= 2).then(|| {
        let points: Vec<String> = knife
            .iter()
            .map(|(x, y)| format!("{},{}", fixed(*x, 0), fixed(*y, 0)))
            .collect();
        html! { <polyline class="knife" points={points.join(" ")} /> }
    });
    html! {
        // Two layers: the cluster below, and what moves (messages in flight, election timers) above, in an SVG
        // of its own, so the browser repaints the nodes and links only when they change.
        <div id="canvas" class="canvas-box" role="group" aria-label={t(Text::Canvas)}>
            <svg class="base" ref={svg} viewBox={format!("0 0 {0} {0}", short(CANVAS, 1))} {onpointerdown} {onpointermove}
                 onpointerup={end.clone()} onpointercancel={end}>
                <rect class="backdrop" width={short(CANVAS, 1)} height={short(CANVAS, 1)} />
                <g class="links">
                    {for f.links.iter().map(|l| html! {
                        <Link key={format!("{}-{}", l.a, l.b)} link={l.clone()} on_toggle={props.on_link.clone()}
                              on_direction={props.on_direction.clone()} focused={*focused_link == Some((l.a, l.b))} />
                    })}
                </g>
                {client(f.pending)}
                {for f.clients.iter().map(named_client)}
                <g class="nodes">
                    {for f.nodes.iter().map(|n| html! {
                        <NodeGlyph key={n.id} node={n.clone()} on_select={props.on_select.clone()} />
                    })}
                </g>
                if let Some(card) = f.failover.clone() {
                    {failover_card(&card)}
                }
                // After the nodes, so Tab reaches every node before the links.
                <LinkKeys links={f.links.clone()} current={*current_link} on_focus={on_link_focus}
                          on_toggle={props.on_link.clone()} on_direction={props.on_direction.clone()} />
            </svg>
            // While playing, the line the compositor moves things along (wall ms, simulated µs, µs per ms), so
            // that what is on screen at any instant can be told from outside: the tests compare it with a still.
            <svg class="overlay" viewBox={format!("0 0 {0} {0}", short(CANVAS, 1))}
                 data-pace={f.motion.map(|p| format!("{} {} {}", p.wall, p.sim, p.rate))}>
                // The simulated clock changes while playing too, so it lives on this layer rather than in the page.
                <Clock clock={f.clock} digits={f.digits} motion={f.motion} />
                // Said beside the clock, in words as well as the sign: time runs faster than the speed chosen.
                if f.fast_forward {
                    <text class="fast-forward-mark" x={short(CANVAS - 8.0, 1)} y="40" role="status">
                        {crate::say!("» 4× while nothing happens", "» 无事发生时 4 倍速")}
                    </text>
                }
                {timer_clips()}
                <g class="timers">
                    {for f.timers.iter().map(|t| html! { <TimerRing key={t.id} timer={t.clone()} at={f.still_at()} motion={f.motion} /> })}
                </g>
                {message_layer(&f.messages, props.paused, f.still_at(), f.motion, &props.on_drop, &props.on_inspect)}
                {stroke.unwrap_or_default()}
            </svg>
            <super::message_info::MessageInfo message={props.message.clone()} />
        </div>
    }
}

/// Along the bottom of the canvas, for a while after a leader crashes: how its failover went, each step timed
/// from the crash, and "…" for a step still to come.
fn failover_card(card: &crate::model::detection::FailoverCard) -> Html {
    let after = |t: Option<Micros>| t.map_or("…".to_string(), |t| format!("+{}", crate::words::number::ms(t)));
    let lines = [
        crate::say!("S{} crashed", "S{} 崩溃", card.leader),
        crate::say!("suspected {}", "被怀疑 {}", after(card.suspected)),
        match card.elected {
            Some((t, n)) => crate::say!("S{n} elected {}", "S{n} 当选 {}", after(Some(t))),
            None => crate::say!("new leader …", "新领导者 …"),
        },
        crate::say!("client served {}", "客户端得到服务 {}", after(card.served)),
    ];
    let label = crate::say!("Failover: {}", "故障转移：{}", lines.join(", "));
    // Along the bottom edge, under the lowest nodes' rings.
    html! {
        <g class="failover-card" transform={format!("translate(8 {})", short(CANVAS - 50.0, 1))} role="status"
           aria-label={label} data-done={card.served.is_some().then_some("")}>
            <rect width={short(CANVAS - 16.0, 1)} height="42" rx="6" />
            <text x="10" y="17"><tspan class="heading">{crate::say!("Failover: ", "故障转移：")}</tspan>{&lines[0]}</text>
            <text x="10" y="34">{lines[1..].join(" · ")}</text>
        </g>
    }
}

/// One of C1..C5: a smaller terminal with its name on the screen, beside the node it was sent to. While it
/// waits on an operation its screen is dotted, as the operation's bar is in the history panel.
fn named_client(c: &crate::model::clients::ClientFrame) -> Html {
    let name = format!("C{}", c.client);
    let place = match c.home {
        Some(node) => crate::say!("beside S{node}", "在 S{node} 旁"),
        None => crate::say!("calling the leader", "调用领导者"),
    };
    let label = match &c.waiting {
        Some(op) => crate::say!(
            "Client {name}, {place}, waiting on {op}",
            "客户端 {name}，{place}，等待 {op}"
        ),
        None => crate::say!("Client {name}, {place}, idle", "客户端 {name}，{place}，空闲"),
    };
    html! {
        <g class={classes!("client", "named", c.waiting.is_some().then_some("waiting"))} data-client={c.client.to_string()}
           transform={format!("translate({} {})", short(c.x, 1), short(c.y, 1))} role="img" aria-label={label.clone()}>
            <title>{label}</title>
            <rect class="screen" x="-15" y="-11" width="30" height="20" rx="3" />
            <rect class="stand" x="-18" y="10" width="36" height="4" rx="2" />
            <text y="4">{name}</text>
        </g>
    }
}

/// The client: a terminal in the corner, with the number of requests it is still waiting on (`pending`).
fn client(pending: usize) -> Html {
    let (x, y) = CLIENT_AT;
    let label = format!("{}, {} {}", t(Text::Client), pending, t(Text::Waiting));
    html! {
        <g class="client" transform={format!("translate({} {})", short(x, 1), short(y, 1))} role="img" aria-label={label}>
            <rect class="screen" x="-20" y="-16" width="40" height="28" rx="3" />
            <rect class="stand" x="-26" y="13" width="52" height="6" rx="2" />
            <text y="34">{t(Text::Client)}</text>
            if pending > 0 {
                <text class="pending" y="2">{pending}</text>
            }
        </g>
    }
}
