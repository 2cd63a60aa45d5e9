//! The cluster itself: protocol, size, seed, reset, and healing every cut at once.

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use consensus_sim::scenario::ProtocolName;

use crate::ui::controls::group;
use crate::ui::icon::{icon, Icon};
use crate::words::i18n::{t, Text};

/// The protocols on offer, as (value, name shown).
const PROTOCOLS: [(ProtocolName, &str); 6] = [
    (ProtocolName::Raft, "Raft"),
    (ProtocolName::MultiPaxos, "Multi-Paxos"),
    (ProtocolName::Paxos, "Basic Paxos"),
    (ProtocolName::TwoPc, "Two-phase commit"),
    (ProtocolName::ThreePc, "Three-phase commit"),
    (ProtocolName::PaxosCommit, "Paxos Commit"),
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
    /// Whether Heal all and Share are drawn here too: where the page has no network panel and no header
    /// (an embed) to hold them.
    pub with_heal: bool,
    pub with_share: bool,
}

/// The cluster's controls, a labelled group among the page's controls. A plain function, since it keeps no
/// state of its own.
pub fn cluster_controls(props: &ClusterProps) -> Html {
    let on_size = props.on_size.clone();
    let smallest = props.protocol.min_nodes();
    let onchange = Callback::from(move |e: Event| {
        let size = selected_value(&e).and_then(|v| v.parse::<u8>().ok());
        if let Some(size) = size.filter(|s| (smallest..=9).contains(s)) {
            on_size.emit(size);
        }
    });
    let on_protocol = props.on_protocol.clone();
    let on_protocol_change = Callback::from(move |e: Event| {
        if let Some(protocol) = selected_value(&e).and_then(|v| ProtocolName::from_name(&v)) {
            on_protocol.emit(protocol);
        }
    });
    // The menus say what they choose in their options ("5 nodes"), and to screen readers in their names.
    // Two rows where the group stands alone (what runs; where it starts from), one where it joins a toolbar.
    let cluster = html! {
        <>
            <span class="row">
                <select id="protocol" aria-label={t(Text::Protocol)} onchange={on_protocol_change}>
                    {for PROTOCOLS.iter().map(|(p, shown)| html! {
                        <option value={p.name()} selected={*p == props.protocol}>{*shown}</option>
                    })}
                </select>
                <select id="size" aria-label={t(Text::Nodes)} {onchange}>
                    {for (smallest..=9u8).map(|n| html! {
                        <option value={n.to_string()} selected={n == props.size}>
                            {crate::say!("{n} nodes", "{n} 个节点")}
                        </option>
                    })}
                </select>
            </span>
            <span class="row">
                // A random seed has twenty digits: cut short on screen, whole in its tooltip and in shared links.
                <span class="seed" title={format!("{} {}", t(Text::Seed), props.seed)}>
                    {format!("{} {}", t(Text::Seed), props.seed)}
                </span>
                <button id="reset" type="button" onclick={props.on_reset.reform(|_: MouseEvent| false)}>
                    {icon(Icon::Reset)}{t(Text::ResetSame)}
                </button>
                <button id="new-seed" type="button" onclick={props.on_reset.reform(|_: MouseEvent| true)}>
                    {icon(Icon::NewSeed)}{t(Text::NewSeed)}
                </button>
                if props.with_heal {
                    {heal_button(&props.on_heal)}
                }
                if props.with_share {
                    {share_button(&props.on_share)}
                }
            </span>
        </>
    };
    group("cluster", crate::say!("Cluster", "集群"), cluster)
}

/// Heals every cut link and partition at once (the h key).
pub fn heal_button(on_heal: &Callback<()>) -> Html {
    html! {
        <button id="heal" type="button" onclick={on_heal.reform(|_: MouseEvent| ())} aria-keyshortcuts="h">
            {icon(Icon::Heal)}{t(Text::HealAll)}<kbd>{"h"}</kbd>
        </button>
    }
}

/// Opens the share box, with a link to this very moment of the session.
pub fn share_button(on_share: &Callback<bool>) -> Html {
    html! {
        <button id="share" type="button" onclick={on_share.reform(|_: MouseEvent| true)}>
            {icon(Icon::Share)}{t(Text::Share)}
        </button>
    }
}
