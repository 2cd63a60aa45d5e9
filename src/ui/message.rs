//! A message in flight, between its send and arrival times: drawn still where it is, or moved by the
//! compositor while the lab plays. Shape says its family:
//! diamonds ask for votes, envelopes carry entries, small bars are heartbeats, dots are the client's; for
//! Paxos, triangles are Phase 1 (Prepare, Promise), squares Phase 2 (Accept, Accepted), hexagons Learn; for
//! the commit protocols, triangles are Prepare, diamonds the votes, flags the outcome, and rounded squares
//! the acknowledgements.
//! Requests are filled; replies are outlined, with a tick or a cross for granted or refused.
//! Click one to drop it; while paused, hover or focus one to read its fields.

use crate::words::number::fixed;
use consensus_sim::Micros;
use yew::prelude::*;

use super::glide::{translate, use_glide};
use crate::model::frame::{Glyph, MessageFrame};
use crate::model::pace::Pace;

#[derive(Properties, PartialEq)]
pub struct MessageProps {
    pub message: MessageFrame,
    /// While paused, messages are focusable and show a larger target.
    pub paused: bool,
    /// The moment it is drawn at, still.
    pub at: Micros,
    /// While playing, the pace the compositor moves it on.
    pub motion: Option<Pace>,
}

/// The CSS class of a glyph's family, which gives its colour.
pub fn family(glyph: Glyph) -> &'static str {
    match glyph {
        Glyph::Vote => "vote",
        Glyph::Heartbeat => "heartbeat",
        Glyph::Append => "append",
        Glyph::Prepare => "prepare",
        Glyph::Accept => "accept",
        Glyph::Learn => "learn",
        Glyph::CatchUp => "catchup",
        Glyph::Outcome => "outcome",
        Glyph::Ack => "ack",
        Glyph::TimeoutNow => "timeoutnow",
        Glyph::Snapshot => "snapshot",
        Glyph::Client => "client",
    }
}

/// A reply's outcome, as its `data-outcome`: ok or fail (a request has none).
pub fn outcome(success: Option<bool>) -> Option<&'static str> {
    success.map(|ok| if ok { "ok" } else { "fail" })
}

/// A glyph's outline, pointing along +x (the way it travels). The legend draws the same shapes.
pub fn shape(glyph: Glyph) -> Html {
    match glyph {
        Glyph::Vote => html! { <polygon class="shape" points="0,-8 8,0 0,8 -8,0" /> },
        Glyph::Heartbeat => html! { <rect class="shape" x="-5" y="-3.5" width="10" height="7" rx="1" /> },
        Glyph::Append => html! {
            <>
                <rect class="shape" x="-9" y="-6.5" width="18" height="13" rx="1.5" />
                <path class="flap" d="M-9,-6.5 L0,1 L9,-6.5" />
            </>
        },
        Glyph::Prepare => html! { <polygon class="shape" points="-7,-7.5 8.5,0 -7,7.5" /> },
        Glyph::Accept => html! {
            <>
                <rect class="shape" x="-7" y="-7" width="14" height="14" rx="1" />
                <circle class="flap" r="2.5" />
            </>
        },
        Glyph::Learn => html! { <polygon class="shape" points="8,0 4,6.9 -4,6.9 -8,0 -4,-6.9 4,-6.9" /> },
        Glyph::CatchUp => {
            html! { <polygon class="shape" points="5.5,0 2.75,4.8 -2.75,4.8 -5.5,0 -2.75,-4.8 2.75,-4.8" /> }
        }
        // A flag: the decision, carried to every participant.
        Glyph::Outcome => html! { <polygon class="shape" points="-8,-7 8,-7 4,0 8,7 -8,7" /> },
        Glyph::Ack => html! { <rect class="shape" x="-5" y="-5" width="10" height="10" rx="5" /> },
        Glyph::Client => html! { <circle class="shape" r="6" /> },
        // A lightning bolt: the election timer, fired now.
        Glyph::TimeoutNow => html! { <polygon class="shape" points="3,-10 -6,2 -0.5,2 -3,10 6,-2 0.5,-2" /> },
        // A stack of pages, twice an envelope's size: a whole state machine in one message.
        Glyph::Snapshot => html! {
            <>
                <rect class="shape" x="-10" y="-13" width="22" height="22" rx="2" />
                <rect class="shape" x="-13" y="-10" width="22" height="22" rx="2" />
                <path class="flap" d="M-9,-4 H5 M-9,1 H5 M-9,6 H5" />
            </>
        },
    }
}

/// A reply's tick (granted, succeeded) or cross (refused, failed).
pub fn mark(success: Option<bool>) -> Html {
    match success {
        Some(true) => html! { <path class="mark" d="M-3,0 L-1,3 L4,-3" /> },
        Some(false) => html! { <path class="mark" d="M-3,-3 L3,3 M3,-3 L-3,3" /> },
        None => html! {},
    }
}

/// Draws one message. It has no handlers of its own: the layer handles clicks, keys, hover and focus for all
/// messages at once (see `MessageLayer`).
///
/// Its position is its transform: written as an attribute for the moment it is drawn at, and, while playing,
/// animated from its start to its end over its flight. Its props stay equal while it flies, so Yew skips it
/// until a node is dragged or the pace changes; its body is a component of its own for the same reason.
#[function_component]
pub fn MessageGlyph(props: &MessageProps) -> Html {
    let m = &props.message;
    let mover = use_node_ref();
    let path = vec![(0.0, translate(m.start)), (1.0, translate(m.end))];
    use_glide(mover.clone(), path, (m.sent_at, m.arrives_at), props.motion, true);
    let (x, y) = m.position(props.at);
    html! {
        <g class="mover" ref={mover} transform={format!("translate({} {})", fixed(x, 1), fixed(y, 1))}
           data-sent={m.sent_at.to_string()} data-arrives={m.arrives_at.to_string()}>
            <MessageBody id={m.id} glyph={m.glyph} reply={m.reply} success={m.success} label={m.label}
                         term={m.term} from={m.from} to={m.to} linked={m.linked} angle={m.angle.round() as i32}
                         paused={props.paused} />
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct BodyProps {
    id: u64,
    glyph: Glyph,
    reply: bool,
    success: Option<bool>,
    label: &'static str,
    term: u64,
    from: u8,
    to: u8,
    linked: bool,
    /// Whole degrees: a message's direction changes only when a node is dragged.
    angle: i32,
    paused: bool,
}

fn endpoint(id: u8) -> String {
    if id == 0 {
        crate::say!("the client", "客户端")
    } else {
        format!("S{id}")
    }
}

#[function_component]
fn MessageBody(m: &BodyProps) -> Html {
    let (kind, from, to, term) = (m.label, endpoint(m.from), endpoint(m.to), m.term);
    let label = crate::say!(
        "{kind} from {from} to {to}, term {term}. Click to drop it",
        "{kind}，从 {from} 到 {to}，任期 {term}。点击可丢弃它"
    );
    html! {
        <g class="msg" data-family={family(m.glyph)} data-reply={m.reply.then_some("")} data-outcome={outcome(m.success)}
           data-linked={m.linked.then_some("")}
           transform={format!("rotate({}) scale(1.6)", m.angle)}
           data-kind="msg" data-id={m.id.to_string()} data-type={m.label} data-from={m.from.to_string()}
           data-to={m.to.to_string()} role="button" aria-label={label}
           tabindex={if m.paused { "0" } else { "-1" }}>
            // A larger target while paused, when there is time to aim; moving glyphs are clicked as drawn.
            if m.paused {
                <circle class="hit" r="11" />
            }
            {shape(m.glyph)}
            if m.success.is_some() {
                <g transform={format!("rotate({})", -m.angle)}>{mark(m.success)}</g>
            }
        </g>
    }
}

/// The number in `attribute` of the nearest element matching `selector` that an event happened on: which
/// message (or diagram arrow) a delegated handler was reached through.
pub fn id_under(e: &Event, selector: &str, attribute: &str) -> Option<u64> {
    use wasm_bindgen::JsCast;
    let el = e
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()??;
    el.get_attribute(attribute)?.parse().ok()
}

/// The id of the message an event happened on.
fn message_id(e: &Event) -> Option<u64> {
    id_under(e, "[data-kind=msg]", "data-id")
}

/// All messages in flight, with one set of handlers: click or Enter/Delete drops a message; while paused,
/// hovering or focusing one shows its fields. A plain function: the canvas redraws it in every frame it
/// redraws, and each message's glyph is a component that Yew skips while it is unchanged.
pub fn message_layer(
    messages: &[MessageFrame],
    paused: bool,
    at: Micros,
    motion: Option<Pace>,
    on_drop: &Callback<u64>,
    on_inspect: &Callback<Option<u64>>,
) -> Html {
    let drop = on_drop.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        if let Some(id) = message_id(&e) {
            e.stop_propagation();
            drop.emit(id);
        }
    });
    let drop = on_drop.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if matches!(e.key().as_str(), "Enter" | "Delete" | "Backspace") {
            if let Some(id) = message_id(&e) {
                e.prevent_default();
                drop.emit(id);
            }
        }
    });
    let inspect = on_inspect.clone();
    let onpointerover = Callback::from(move |e: PointerEvent| {
        if paused {
            inspect.emit(message_id(&e));
        }
    });
    let inspect = on_inspect.clone();
    let onpointerout = Callback::from(move |_: PointerEvent| {
        if paused {
            inspect.emit(None);
        }
    });
    let onfocusin = on_inspect.reform(|e: FocusEvent| message_id(&e));
    let onfocusout = on_inspect.reform(|_: FocusEvent| None);
    html! {
        <g class="messages" {onclick} {onkeydown} {onpointerover} {onpointerout} {onfocusin} {onfocusout}>
            {for messages.iter().map(|m| html! { <MessageGlyph key={m.id} message={m.clone()} {paused} {at} {motion} /> })}
        </g>
    }
}
