//! A message's fields, shown while the run is paused and a message is hovered or focused.

use yew::prelude::*;

use crate::words::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct MessageInfoProps {
    /// (summary, fields by the paper's names) of the message, if one is inspected.
    pub message: Option<(String, crate::model::cluster::Fields)>,
}

#[function_component]
pub fn MessageInfo(props: &MessageInfoProps) -> Html {
    match &props.message {
        None => html! {},
        Some((summary, fields)) => html! {
            <section class="panel message-info" aria-live="polite" aria-label={t(Text::Message)}>
                <h2>{summary}</h2>
                <dl>
                    {for fields.iter().map(|(name, value)| html! { <><dt><code>{*name}</code></dt><dd>{value}</dd></> })}
                </dl>
            </section>
        },
    }
}
