//! The SVG canvas: links under messages under nodes. A pure function of the frame it is given.

use yew::prelude::*;

use super::message::MessageGlyph;
use super::node::NodeGlyph;
use crate::i18n::{t, Text};
use crate::lab::{Frame, CANVAS};

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub frame: Frame,
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
            <g class="messages">
                {for f.messages.iter().map(|m| html! { <MessageGlyph key={m.id} message={m.clone()} /> })}
            </g>
            <g class="nodes">
                {for f.nodes.iter().map(|n| html! { <NodeGlyph key={n.id} node={n.clone()} /> })}
            </g>
        </svg>
    }
}
