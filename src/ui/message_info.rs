//! A message's fields, shown while the run is paused and a message is hovered or focused: a popover beside
//! the message itself, on the canvas, so it is read where the eye already is.

use yew::prelude::*;

use crate::model::lab::CANVAS;
use crate::words::i18n::{t, Text};

/// A message to show: (summary, fields by the paper's names), and where it is, in canvas units.
pub type Shown = (String, crate::model::cluster::Fields, (f64, f64));

#[derive(Properties, PartialEq)]
pub struct MessageInfoProps {
    pub message: Option<Shown>,
}

#[function_component]
pub fn MessageInfo(props: &MessageInfoProps) -> Html {
    let popover = use_node_ref();
    let at = props.message.as_ref().map(|m| m.2);
    {
        // Placed through the DOM's style interface: the page's policy allows no inline style attribute.
        let popover = popover.clone();
        use_effect_with(at, move |at| {
            if let (Some((x, y)), Some(el)) = (at, popover.cast::<web_sys::HtmlElement>()) {
                let style = el.style();
                let _ = style.set_property("left", &format!("{}%", x / CANVAS * 100.0));
                let _ = style.set_property("top", &format!("{}%", y / CANVAS * 100.0));
            }
        });
    }
    match &props.message {
        None => html! {},
        Some((summary, fields, (x, y))) => html! {
            // Beside the message, on the side of it with more room.
            <section ref={popover} class="panel message-info" aria-live="polite" aria-label={t(Text::Message)}
                     data-left={(*x > CANVAS / 2.0).then_some("")} data-above={(*y > CANVAS / 2.0).then_some("")}>
                <h2>{summary}</h2>
                <dl>
                    {for fields.iter().map(|(name, value)| html! { <><dt><code>{*name}</code></dt><dd>{value}</dd></> })}
                </dl>
            </section>
        },
    }
}
