//! The space-time diagram: time runs left to right, one lane per node and one for the client. Messages are
//! slanted arrows from send to receipt; lost ones end in a cross where they were lost; those still in flight
//! are dashed to where they will arrive. Leader terms are coloured bands, crashes crosses, restarts
//! triangles, commits dots. Hovering an arrow highlights the message on the canvas too, and clicking seeks.
//! A time axis runs along the bottom; the tools above it zoom the window or fit the whole session, and in
//! the past the session's future stays drawn, shaded, with a cursor at the moment shown.

use crate::words::number::{fixed, short};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::message::{family, id_under};
use crate::model::diagram::{ticks, Arrow, Diagram, DiagramContent, Zoom, ZOOM_IN_MOST};
use crate::ui::log_table::term_class;
use crate::words::i18n::{t, Text};
use consensus_sim::sim::timeline::MarkKind;

/// Height of a lane, and where the first one (the client's) sits, in CSS pixels: the diagram is drawn at
/// its size on screen, so nine lanes read as well on a phone as on a wide screen.
const LANE: f64 = 20.0;
const TOP: f64 = 14.0;
/// Room for the lane labels at the left.
const LEFT: f64 = 40.0;
/// Room under the lanes for the time axis's labels.
const AXIS: f64 = 18.0;

fn lane_y(node: u8) -> f64 {
    TOP + LANE * node as f64
}

/// Where the time axis runs, under the last lane.
fn axis_y(nodes: u8) -> f64 {
    lane_y(nodes) + 10.0
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub content: Diagram,
    /// Where the view starts, and how it frames time.
    pub start: u64,
    pub now: u64,
    pub head: u64,
    pub selected: Option<u8>,
    /// A message to highlight: the one hovered here or on the canvas.
    pub highlight: Option<u64>,
    pub on_seek: Callback<u64>,
    pub on_inspect: Callback<Option<u64>>,
    /// Told the width the time is drawn in, whenever the diagram's width on screen changes.
    pub on_width: Callback<f64>,
    /// Nodes a safety violation names, and when it happened.
    #[prop_or_default]
    pub marked: Vec<u8>,
    #[prop_or_default]
    pub violation_at: Option<u64>,
}

fn arrow_id(e: &Event) -> Option<u64> {
    id_under(e, "[data-arrow]", "data-arrow")
}

#[function_component]
pub fn SpaceTime(props: &DiagramProps) -> Html {
    let c = &props.content.0;
    let height = axis_y(c.nodes) + AXIS;
    let full = c.width + LEFT;
    let view = use_node_ref();
    use_width(view.clone(), props.on_width.reform(|w: f64| (w - LEFT).max(100.0)));
    // Slide the content so that the view's start sits at the left. The content is its own layer, moved by a
    // CSS transform: sliding it every frame repaints nothing.
    let shift = -c.x(props.start);
    let head = props.head;
    let on_seek = props.on_seek.clone();
    let content = props.content.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        // On an arrow, the moment is the message's own: its send or its receipt, whichever end is nearer.
        let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let arrow = arrow_id(&e).and_then(|id| content.0.arrows.iter().find(|a| a.id == id));
        if let (Some(a), Some(near_end)) = (arrow, target.as_ref().and_then(|t| nearer_end(t, &e))) {
            return on_seek.emit((if near_end { a.end } else { a.sent }).min(head));
        }
        // Elsewhere, the moment under the pointer, read off the content layer where it is drawn now.
        let Some(layer) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|view| view.query_selector(".content").ok().flatten())
        else {
            return;
        };
        let rect = layer.get_bounding_client_rect();
        let x = (e.client_x() as f64 - rect.left()) / rect.width().max(1.0) * full - LEFT;
        let at = content.0.origin as f64 + x / content.0.scale();
        on_seek.emit(at.clamp(0.0, head as f64) as u64);
    });
    let inspect = props.on_inspect.clone();
    let onpointerover = Callback::from(move |e: PointerEvent| inspect.emit(arrow_id(&e)));
    let inspect = props.on_inspect.clone();
    let onpointerleave = Callback::from(move |_: PointerEvent| inspect.emit(None));
    let view_box = format!("0 0 {} {}", short(full, 1), short(height, 1));
    // Set through the style object, not a style attribute: the Content-Security-Policy allows no inline styles.
    let slide = use_node_ref();
    {
        let slide = slide.clone();
        let transform = format!("translateX({}%)", fixed(shift / full * 100.0, 3));
        use_effect_with(transform, move |transform| {
            if let Some(el) = slide.cast::<web_sys::HtmlElement>() {
                let _ = el.style().set_property("transform", transform);
            }
        });
    }
    let lanes = (0..=c.nodes).map(|n| {
        let y = lane_y(n);
        html! {
            <line class={classes!("lane", (props.selected == Some(n) && n > 0).then_some("selected"),
                                  props.marked.contains(&n).then_some("implicated"))}
                  x1={short(LEFT, 1)} x2={short(full, 1)} y1={short(y, 1)} y2={short(y, 1)} />
        }
    });
    let labels = (0..=c.nodes).map(|n| {
        let name = if n == 0 {
            t(Text::Client).to_string()
        } else {
            format!("S{n}")
        };
        html! { <text x="2" y={short(lane_y(n) + 4.0, 1)}>{name}</text> }
    });
    let at_x = |at: u64| (LEFT + shift + c.x(at)).clamp(LEFT, full);
    let now_x = fixed(at_x(props.now), 1);
    // The future of the moment shown, as it was played: still drawn, shaded.
    let future = (props.now < head).then(|| {
        let (x0, x1) = (at_x(props.now), at_x(head));
        html! { <rect class="future" x={fixed(x0, 1)} y="0" width={fixed(x1 - x0, 1)} height={short(axis_y(c.nodes), 1)} /> }
    });
    html! {
        <figure class="diagram">
            <div class="diagram-view" ref={view} role="img" aria-label={t(Text::Diagram)} {onclick} {onpointerover} {onpointerleave}>
                <svg class="lanes" viewBox={view_box.clone()}>
                    <rect class="backdrop" x="0" y="0" width={short(full, 1)} height={short(height, 1)} />
                    {for lanes}
                </svg>
                <div class="slide" ref={slide}>
                    <svg class="content" viewBox={view_box.clone()} overflow="visible">
                        <g transform={format!("translate({} 0)", short(LEFT, 1))}>
                            <Axis content={props.content.clone()} />
                            <Body content={props.content.clone()} highlight={props.highlight} />
                        </g>
                    </svg>
                </div>
                <svg class="labels" viewBox={view_box}>
                    {for future}
                    <rect class="label-column" x="0" y="0" width={short(LEFT, 1)} height={short(height, 1)} />
                    {for labels}
                    if let Some(at) = props.violation_at {
                        <line class="violation-at" x1={fixed(at_x(at), 1)} x2={fixed(at_x(at), 1)} y1="0" y2={short(height, 1)} />
                    }
                    <line class="now" x1={now_x.clone()} x2={now_x} y1="0" y2={short(height, 1)} />
                </svg>
            </div>
            <figcaption>{t(Text::DiagramCaption)}</figcaption>
        </figure>
    }
}

/// Tells `on_width` the width of `node` on screen, when it is first drawn and whenever it changes.
#[hook]
fn use_width(node: NodeRef, on_width: Callback<f64>) {
    use wasm_bindgen::closure::Closure;
    let latest = use_mut_ref(|| on_width.clone());
    *latest.borrow_mut() = on_width;
    use_effect_with((), move |_| {
        let measure = {
            let node = node.clone();
            move || {
                if let Some(element) = node.cast::<web_sys::Element>() {
                    latest.borrow().emit(element.client_width() as f64);
                }
            }
        };
        measure();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| measure());
        crate::page::render_loop::observe(
            &node,
            callback,
            web_sys::ResizeObserver::new,
            web_sys::ResizeObserver::observe,
            web_sys::ResizeObserver::disconnect,
        )
    });
}

/// Zoom in and out of the window around now, or fit the whole session. Each button says what it does in
/// words; the span shown says what the view holds.
pub fn zoom_tools(zoom: Zoom, span: u64, on_zoom: &Callback<Zoom>) -> Html {
    let step = |by: i8| on_zoom.reform(move |_: MouseEvent| zoom.step(by));
    let whole = zoom == Zoom::Session;
    let toggle = on_zoom.reform(move |_: MouseEvent| if whole { Zoom::Window(0) } else { Zoom::Session });
    let span_text = match span {
        s if s >= 1_000_000 => format!("{} s", short(s as f64 / 1e6, 2)),
        s => format!("{} ms", short(s as f64 / 1e3, 1)),
    };
    html! {
        <div class="diagram-tools" role="group" aria-label={crate::say!("Time in the diagram", "时空图的时间范围")}>
            <button type="button" class="zoom-out" onclick={step(-1)} disabled={whole}>
                <span aria-hidden="true">{"−"}</span>{crate::say!("Zoom out", "缩小")}
            </button>
            <button type="button" class="zoom-in" onclick={step(1)} disabled={zoom == Zoom::Window(ZOOM_IN_MOST)}>
                <span aria-hidden="true">{"+"}</span>{crate::say!("Zoom in", "放大")}
            </button>
            <button type="button" class="zoom-session" aria-pressed={whole.to_string()} onclick={toggle}>
                {crate::say!("Whole session", "整个会话")}
            </button>
            <span class="span" aria-live="polite">{{ let s = span_text; crate::say!("{s} across", "横跨 {s}") }}</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AxisProps {
    content: Diagram,
}

/// The time axis: a faint line across the lanes at each round moment, labelled under them. In the content's
/// own coordinates, so it slides with the arrows.
#[function_component]
fn Axis(props: &AxisProps) -> Html {
    let c: &DiagramContent = &props.content.0;
    let (top, bottom) = (TOP - 6.0, axis_y(c.nodes));
    let from = c.origin.saturating_sub(c.span / 10);
    let marks = ticks(from, c.origin + 3 * c.span, c.span)
        .into_iter()
        .map(|(at, label)| {
            let x = fixed(c.x(at), 1);
            html! {
                <g class="tick">
                    <line x1={x.clone()} x2={x.clone()} y1={fixed(top, 1)} y2={fixed(bottom, 1)} />
                    <text x={x} y={fixed(bottom + AXIS - 4.0, 1)} class={(at == 0).then_some("first")}>{label}</text>
                </g>
            }
        });
    html! { <g class="axis" aria-hidden="true">{for marks}</g> }
}

/// Whether a click on an arrow's line is nearer its end (its receipt) than its start (its send), measured
/// along the line as drawn on screen.
fn nearer_end(line: &web_sys::Element, e: &MouseEvent) -> Option<bool> {
    let line = line.closest("[data-arrow]").ok()??.query_selector("line").ok()??;
    let line: web_sys::SvgLineElement = line.dyn_into().ok()?;
    let matrix = line.get_screen_ctm()?;
    let point = |x: f32, y: f32| {
        let (a, b, c, d, e, f) = (matrix.a(), matrix.b(), matrix.c(), matrix.d(), matrix.e(), matrix.f());
        ((a * x + c * y + e) as f64, (b * x + d * y + f) as f64)
    };
    let value = |l: web_sys::SvgAnimatedLength| l.base_val().value().unwrap_or(0.0);
    let start = point(value(line.x1()), value(line.y1()));
    let end = point(value(line.x2()), value(line.y2()));
    let (px, py) = (e.client_x() as f64, e.client_y() as f64);
    let distance = |(x, y): (f64, f64)| (px - x).powi(2) + (py - y).powi(2);
    Some(distance(end) < distance(start))
}

#[derive(Properties, PartialEq)]
struct ArrowProps {
    arrow: Arrow,
    origin: u64,
    scale: f64,
    linked: bool,
}

/// One message. A component of its own, so a rebuild of the diagram redraws only the arrows that changed.
#[function_component]
fn ArrowView(props: &ArrowProps) -> Html {
    let a = &props.arrow;
    let x = |at: u64| (at as f64 - props.origin as f64) * props.scale;
    let (x0, y0) = (x(a.sent), lane_y(a.from));
    let (x1, y1) = (x(a.end), lane_y(a.to));
    // A lost message stops part way, where it was lost.
    let y1 = match a.delivered {
        Some(false) => {
            let f = (a.end.saturating_sub(a.sent)) as f64 / (a.due.saturating_sub(a.sent)).max(1) as f64;
            y0 + (y1 - y0) * f.clamp(0.0, 1.0)
        }
        _ => y1,
    };
    let state = match a.delivered {
        Some(true) => "delivered",
        Some(false) => "lost",
        None => "in-flight",
    };
    html! {
        <g class={classes!("arrow", family(a.glyph), state, props.linked.then_some("linked"))}
           data-arrow={a.id.to_string()} data-sent={a.sent.to_string()} data-end={a.end.to_string()}>
            <title>{format!("{} S{} → S{}", a.kind, a.from, a.to)}</title>
            <line x1={fixed(x0, 1)} y1={fixed(y0, 1)} x2={fixed(x1, 1)} y2={fixed(y1, 1)} />
            // A wider, unseen stroke along it, so a thin arrow is easy to point at and click.
            <line class="hit" x1={fixed(x0, 1)} y1={fixed(y0, 1)} x2={fixed(x1, 1)} y2={fixed(y1, 1)} />
            if a.delivered == Some(false) {
                <path class="cross" d={format!("M{},{} l6,6 m0,-6 l-6,6", fixed(x1 - 3.0, 1), fixed(y1 - 3.0, 1))} />
            }
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct BodyProps {
    content: Diagram,
    highlight: Option<u64>,
}

/// The diagram's content in its own coordinates: redrawn only when it changes, not as it slides.
#[function_component]
fn Body(props: &BodyProps) -> Html {
    let c: &DiagramContent = &props.content.0;
    let bands = c.bands.iter().map(|b| {
        let x0 = c.x(b.from);
        let x1 = c.x(b.to.unwrap_or(c.open_end));
        let y = lane_y(b.node);
        html! {
            <rect class={classes!("band", term_class(b.term))} x={fixed(x0, 1)} y={fixed(y - 5.0, 1)}
                  width={fixed((x1 - x0).max(0.0), 1)} height="10">
                <title>{{ let (node, term) = (b.node, b.term); crate::say!("S{node} leads term {term}", "S{node} 领导任期 {term}") }}</title>
            </rect>
        }
    });
    let (origin, scale) = (c.origin, c.scale());
    let arrows = c.arrows.iter().map(|a| {
        let linked = props.highlight == Some(a.id) && a.id != 0;
        html! { <ArrowView key={format!("{}-{}", a.id, a.sent)} arrow={a.clone()} {origin} {scale} {linked} /> }
    });
    let marks = c.marks.iter().map(|m| {
        let (x, y) = (c.x(m.at), lane_y(m.node));
        match m.kind {
            MarkKind::Crash => html! {
                <path class="mark crash" d={format!("M{},{} l8,8 m0,-8 l-8,8", fixed(x - 4.0, 1), fixed(y - 4.0, 1))}><title>{{ let node = m.node; crate::say!("S{node} crashed", "S{node} 崩溃") }}</title></path>
            },
            MarkKind::Restart => html! {
                <path class="mark restart" d={format!("M{},{} l5,8 l-10,0 z", fixed(x, 1), fixed(y - 4.0, 1))}><title>{{ let node = m.node; crate::say!("S{node} restarted", "S{node} 重启") }}</title></path>
            },
            MarkKind::Commit(index) => html! {
                <circle class="mark commit" cx={fixed(x, 1)} cy={fixed(y, 1)} r="2"><title>{{ let node = m.node; crate::say!("S{node} applied {index}", "S{node} 应用了 {index}") }}</title></circle>
            },
        }
    });
    html! { <>{for bands}{for arrows}{for marks}</> }
}
