//! The cluster itself: protocol, size, seed, reset, and healing every cut at once.

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use consensus_sim::scenario::ProtocolName;

use crate::ui::controls::group;
use crate::ui::icon::{icon, Icon};
use crate::words::i18n::{t, Text};

/// A protocol's name as the menu shows it.
fn shown(protocol: ProtocolName) -> String {
    match protocol {
        ProtocolName::Raft => "Raft".into(),
        ProtocolName::MultiPaxos => "Multi-Paxos".into(),
        ProtocolName::Paxos => "Basic Paxos".into(),
        ProtocolName::TwoPc => crate::say!("Two-phase commit", "两阶段提交"),
        ProtocolName::ThreePc => crate::say!("Three-phase commit", "三阶段提交"),
        ProtocolName::PaxosCommit => "Paxos Commit".into(),
    }
}

/// Paxos Commit's F: how many of the 2F+1 acceptors may fail without blocking a transaction.
fn fault_tolerance_menu(f: u8, on_change: &Callback<u8>) -> Html {
    let on_change = on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(f) = selected_value(&e)
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|f| *f <= 2)
        {
            on_change.emit(f);
        }
    });
    let label = crate::say!("Acceptor failures tolerated (F)", "可容忍的接受者故障数（F）");
    html! {
        <select id="fault-tolerance" aria-label={label.clone()} title={label} {onchange}>
            {for (0..=2u8).map(|n| html! {
                <option value={n.to_string()} selected={n == f}>
                    {crate::say!("F = {n}: {} acceptors", "F = {n}：{} 个接受者", 2 * n + 1)}
                </option>
            })}
        </select>
    }
}

fn selected_value(e: &Event) -> Option<String> {
    Some(e.target()?.dyn_into::<HtmlSelectElement>().ok()?.value())
}

/// What the cluster controls show, and what they call.
pub struct ClusterProps {
    pub protocol: ProtocolName,
    pub on_protocol: Callback<ProtocolName>,
    pub size: u8,
    /// The smallest size the protocol runs on (a commit protocol's coordinator, acceptors and two
    /// participants).
    pub min_size: u8,
    /// Paxos Commit's F, the acceptor failures tolerated (2F+1 acceptors), and its change.
    pub fault_tolerance: Option<u8>,
    pub on_fault_tolerance: Callback<u8>,
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
    let smallest = props.min_size;
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
                    {for ProtocolName::ALL.iter().map(|p| html! {
                        <option value={p.name()} selected={*p == props.protocol}>{shown(*p)}</option>
                    })}
                </select>
                if let Some(f) = props.fault_tolerance {
                    {fault_tolerance_menu(f, &props.on_fault_tolerance)}
                }
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
