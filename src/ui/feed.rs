//! The event feed: what happens, in sentences, newest first. It is a polite live region, so a screen reader
//! hears each new event without losing its place.

use crate::words::number::fixed;
use yew::prelude::*;

use super::safety::nodes_named;
use crate::model::views::Feed;
use crate::words::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct FeedProps {
    pub feed: Feed,
    /// Goes to the moment a line tells of.
    pub on_seek: Callback<u64>,
    /// The nodes a hovered line speaks of (empty when it is left).
    pub on_mention: Callback<Vec<u8>>,
}

#[function_component]
pub fn EventFeed(props: &FeedProps) -> Html {
    html! {
        <section class="panel feed" aria-label={t(Text::Events)}>
            <h2>{t(Text::Events)}</h2>
            <ol aria-live="polite" aria-relevant="additions">
                {for props.feed.0.iter().map(|line| {
                    let at = line.at;
                    let shown = format!("{} ms", fixed(at as f64 / 1000.0, 1));
                    let text = line.text.clone();
                    let onpointerenter = props.on_mention.reform(move |_: PointerEvent| nodes_named(&text));
                    let onpointerleave = props.on_mention.reform(|_: PointerEvent| Vec::new());
                    html! {
                        <li key={line.seq} {onpointerenter} {onpointerleave}>
                            <button type="button" class="at" onclick={props.on_seek.reform(move |_: MouseEvent| at)}
                                    aria-label={format!("{} {shown}", t(Text::GoTo))}>
                                <time>{shown}</time>
                            </button>
                            {format!(" {}", line.text)}
                        </li>
                    }
                })}
            </ol>
        </section>
    }
}
