//! The cluster itself: protocol, size, seed, reset, and healing every cut at once.

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use consensus_sim::scenario::ProtocolName;

use crate::words::i18n::{t, Text};

/// The protocols on offer, as (value, name shown).
const PROTOCOLS: [(ProtocolName, &str); 3] = [
    (ProtocolName::Raft, "Raft"),
    (ProtocolName::MultiPaxos, "Multi-Paxos"),
    (ProtocolName::Paxos, "Basic Paxos"),
];

fn selected_value(e: &Event) -> Option<String> {
    Some(e.target()?.dyn_into::<HtmlSelectElement>().ok()?.value())
}

/// What the cluster controls show, and what they call.
pub struct ClusterProps {
    pub protocol: ProtocolName,
    pub on_protocol: Callback<ProtocolName>,
    pub size: u8,
    pub seed: u64,
    pub on_size: Callback<u8>,
    /// Reset: true draws a new seed, false keeps this one.
    pub on_reset: Callback<bool>,
    pub on_heal: Callback<()>,
    pub on_share: Callback<bool>,
}

/// Drawn by the page with the rest of its header: a plain function, since it keeps no state of its own.
pub fn cluster_controls(props: &ClusterProps) -> Html {
    let on_size = props.on_size.clone();
    let onchange = Callback::from(move |e: Event| {
        let size = selected_value(&e).and_then(|v| v.parse::<u8>().ok());
        if let Some(size) = size.filter(|s| (1..=9).contains(s)) {
            on_size.emit(size);
        }
    });
    let on_protocol = props.on_protocol.clone();
    let on_protocol_change = Callback::from(move |e: Event| {
        if let Some(protocol) = selected_value(&e).and_then(|v| ProtocolName::from_name(&v)) {
            on_protocol.emit(protocol);
        }
    });
    html! {
        <div class="cluster">
            <label>
                {t(Text::Protocol)}
                <select id="protocol" onchange={on_protocol_change}>
                    {for PROTOCOLS.iter().map(|(p, shown)| html! {
                        <option value={p.name()} selected={*p == props.protocol}>{*shown}</option>
                    })}
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
            <button id="share" type="button" onclick={props.on_share.reform(|_: MouseEvent| true)}>
                {t(Text::Share)}
            </button>
            <button id="heal" type="button" onclick={props.on_heal.reform(|_: MouseEvent| ())}
                    aria-keyshortcuts="h">
                {t(Text::HealAll)}<kbd>{"h"}</kbd>
            </button>
        </div>
    }
}
