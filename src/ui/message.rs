//! A message in flight, drawn where it is now between its send and arrival times. Shape says its family:
//! diamonds ask for votes, envelopes carry entries, small bars are heartbeats. Requests are filled; replies
//! are outlined, with a tick or a cross for granted or refused.

use yew::prelude::*;

use crate::lab::{Glyph, MessageFrame};

#[derive(Properties, PartialEq)]
pub struct MessageProps {
    pub message: MessageFrame,
}

#[function_component]
pub fn MessageGlyph(props: &MessageProps) -> Html {
    let m = &props.message;
    let family = match m.glyph {
        Glyph::Vote => "vote",
        Glyph::Heartbeat => "heartbeat",
        Glyph::Append => "append",
        Glyph::Client => "client",
    };
    let outcome = match m.success {
        Some(true) => "ok",
        Some(false) => "fail",
        None => "",
    };
    let direction = if m.reply { "reply" } else { "request" };
    let shape = match m.glyph {
        Glyph::Vote => html! { <polygon class="shape" points="0,-8 8,0 0,8 -8,0" /> },
        Glyph::Heartbeat => html! { <rect class="shape" x="-5" y="-3.5" width="10" height="7" rx="1" /> },
        Glyph::Append => html! {
            <>
                <rect class="shape" x="-9" y="-6.5" width="18" height="13" rx="1.5" />
                <path class="flap" d="M-9,-6.5 L0,1 L9,-6.5" />
            </>
        },
        Glyph::Client => html! { <circle class="shape" r="6" /> },
    };
    let mark = match m.success {
        Some(true) => html! { <path class="mark" d="M-3,0 L-1,3 L4,-3" /> },
        Some(false) => html! { <path class="mark" d="M-3,-3 L3,3 M3,-3 L-3,3" /> },
        None => html! {},
    };
    let label = format!("{} from S{} to S{}, term {}", m.label, m.from, m.to, m.term);
    html! {
        <g class={classes!("msg", family, direction, outcome)}
           transform={format!("translate({:.1} {:.1}) rotate({:.0}) scale(1.6)", m.x, m.y, m.angle)}
           data-id={m.id.to_string()} data-kind={m.label} role="img" aria-label={label}>
            {shape}
            <g transform={format!("rotate({:.0})", -m.angle)}>{mark}</g>
        </g>
    }
}
