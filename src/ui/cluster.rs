//! The cluster itself: protocol, size, seed, reset, and healing every cut at once.

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub size: u8,
    pub seed: u64,
    pub on_size: Callback<u8>,
    /// Reset: true draws a new seed, false keeps this one.
    pub on_reset: Callback<bool>,
    pub on_heal: Callback<()>,
}

#[function_component]
pub fn ClusterControls(props: &ClusterProps) -> Html {
    let on_size = props.on_size.clone();
    let onchange = Callback::from(move |e: Event| {
        let size = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            .and_then(|s| s.value().parse::<u8>().ok());
        if let Some(size) = size.filter(|s| (1..=9).contains(s)) {
            on_size.emit(size);
        }
    });
    html! {
        <div class="cluster">
            <label>
                {t(Text::Protocol)}
                <select id="protocol" aria-label={t(Text::Protocol)}>
                    <option value="raft" selected=true>{"Raft"}</option>
                </select>
            </label>
            <label>
                {t(Text::Nodes)}
                <select id="size" {onchange}>
                    {for (1..=9u8).map(|n| html! {
                        <option value={n.to_string()} selected={n == props.size}>{n}</option>
                    })}
                </select>
            </label>
            <span class="seed">{format!("{} {}", t(Text::Seed), props.seed)}</span>
            <button id="reset" type="button" onclick={props.on_reset.reform(|_: MouseEvent| false)}>
                {t(Text::ResetSame)}
            </button>
            <button id="new-seed" type="button" onclick={props.on_reset.reform(|_: MouseEvent| true)}>
                {t(Text::NewSeed)}
            </button>
            <button id="heal" type="button" onclick={props.on_heal.reform(|_: MouseEvent| ())}
                    aria-keyshortcuts="h">
                {t(Text::HealAll)}<kbd>{"h"}</kbd>
            </button>
        </div>
    }
}
