//! The SVG canvas: links under messages under nodes. A pure function of the frame it is given.

use yew::prelude::*;

use super::message::MessageGlyph;
use super::node::NodeGlyph;
use crate::i18n::{t, Text};
use crate::lab::{Frame, CANVAS, CLIENT_AT};

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub frame: Frame,
    /// Requests the client is waiting on.
    pub pending: usize,
}

#[function_component]
pub fn Canvas(props: &CanvasProps) -> Html {
    let f = &props.frame;
    let position = |id: u8| f.nodes.iter().find(|n| n.id == id).map(|n| (n.x, n.y));
    let links = f.links.iter().filter_map(|&(a, b)| {
        let ((ax, ay), (bx, by)) = (position(a)?, position(b)?);
        Some(html! {
            <line class="link" key={format!("{a}-{b}")} x1={format!("{ax:.1}")} y1={format!("{ay:.1}")}
                  x2={format!("{bx:.1}")} y2={format!("{by:.1}")} />
        })
    });
    html! {
        <svg id="canvas" viewBox={format!("0 0 {CANVAS} {CANVAS}")} role="group" aria-label={t(Text::Canvas)}>
            <g class="links">{for links}</g>
            <Client pending={props.pending} />
            <g class="messages">
                {for f.messages.iter().map(|m| html! { <MessageGlyph key={m.id} message={m.clone()} /> })}
            </g>
            <g class="nodes">
                {for f.nodes.iter().map(|n| html! { <NodeGlyph key={n.id} node={n.clone()} /> })}
            </g>
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct ClientProps {
    pending: usize,
}

/// The client: a terminal in the corner, with the number of requests it is still waiting on.
#[function_component]
fn Client(props: &ClientProps) -> Html {
    let (x, y) = CLIENT_AT;
    let label = format!("{}, {} waiting", t(Text::Client), props.pending);
    html! {
        <g class="client" transform={format!("translate({x} {y})")} role="img" aria-label={label}>
            <rect class="screen" x="-20" y="-16" width="40" height="28" rx="3" />
            <rect class="stand" x="-26" y="13" width="52" height="6" rx="2" />
            <text y="34">{t(Text::Client)}</text>
            if props.pending > 0 {
                <text class="pending" y="2">{props.pending}</text>
            }
        </g>
    }
}
