//! The selected node in detail: Figure 2's state, its state machine, and a leader's view of its followers.

use yew::prelude::*;

use crate::model::details::Table;
use crate::model::views::Inspected;
use crate::words::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub node: Option<Inspected>,
    /// (what, node) for the action buttons.
    pub on_action: Callback<(NodeAction, u8)>,
    /// The clock's gestures: drift and pause.
    pub on_act: Callback<consensus_sim::Action>,
}

/// What the inspector's buttons (and the single-key shortcuts) do to the selected node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeAction {
    Crash,
    Restart,
    Disconnect,
    Connect,
    Timeout,
    /// Raft: the leader hands leadership to this node (§3.10).
    TransferLeader,
    Request,
}

impl NodeAction {
    pub fn text(self) -> Text {
        match self {
            NodeAction::Crash => Text::Crash,
            NodeAction::Restart => Text::Restart,
            NodeAction::Disconnect => Text::Disconnect,
            NodeAction::Connect => Text::Connect,
            NodeAction::Timeout => Text::Timeout,
            NodeAction::TransferLeader => Text::MakeLeader,
            NodeAction::Request => Text::RequestHere,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            NodeAction::Crash => "c",
            NodeAction::Restart => "r",
            NodeAction::Disconnect => "d",
            NodeAction::Connect => "d",
            NodeAction::Timeout => "t",
            NodeAction::TransferLeader => "l",
            NodeAction::Request => "q",
        }
    }
}

#[function_component]
pub fn Inspector(props: &InspectorProps) -> Html {
    match &props.node {
        None => html! {
            <section class="panel inspector" aria-label={t(Text::Inspector)}>
                <h2>{t(Text::Inspector)}</h2>
                <p class="hint">{t(Text::SelectHint)}</p>
            </section>
        },
        Some(n) => node_panel(n, &props.on_action, &props.on_act),
    }
}

/// What can be done to node `id` as it is now (up or not, connected or not): one button per action, the
/// timer's firing named by what it does in the node's protocol (`timeout`), and "Make leader" where the
/// protocol transfers leadership (`transfer`: whether it can now).
pub fn actions(
    id: u8,
    (up, disconnected): (bool, bool),
    timeout: Text,
    transfer: Option<bool>,
    on_action: &Callback<(NodeAction, u8)>,
) -> Html {
    let button = |action: NodeAction, enabled: bool| {
        let onclick = on_action.reform(move |_: MouseEvent| (action, id));
        let text = if action == NodeAction::Timeout {
            timeout
        } else {
            action.text()
        };
        html! {
            <button type="button" class="node-action" data-action={action.key()} disabled={!enabled} {onclick}
                    aria-keyshortcuts={action.key()}>
                {t(text)}<kbd>{action.key()}</kbd>
            </button>
        }
    };
    html! {
        <div class="actions">
            if up { {button(NodeAction::Crash, true)} } else { {button(NodeAction::Restart, true)} }
            if disconnected { {button(NodeAction::Connect, true)} } else { {button(NodeAction::Disconnect, true)} }
            {button(NodeAction::Timeout, up)}
            if let Some(enabled) = transfer { {button(NodeAction::TransferLeader, enabled)} }
            {button(NodeAction::Request, true)}
        </div>
    }
}

/// A node's state in a few words: its role (`role`, as its paper names it), or crashed, and whether it is
/// cut off.
pub fn status(role: Text, up: bool, disconnected: bool) -> String {
    if !up {
        t(Text::Crashed).to_string()
    } else if disconnected {
        format!("{}, {}", t(role), t(Text::Disconnected))
    } else {
        t(role).to_string()
    }
}

/// A selected node's state and actions.
fn node_panel(n: &Inspected, on_action: &Callback<(NodeAction, u8)>, on_act: &Callback<consensus_sim::Action>) -> Html {
    let id = n.id;
    let status = status(n.role_label, n.up, n.disconnected);
    let table = |table: &Table| {
        html! {
            <>
                <h3>{t(table.title)}</h3>
                <table class="progress">
                    <thead><tr>{for table.columns.iter().map(|c| html! { <th scope="col">{c}</th> })}</tr></thead>
                    <tbody>
                        {for table.rows.iter().map(|(head, cells)| html! {
                            <tr><th scope="row">{head}</th>{for cells.iter().map(|c| html! { <td>{c}</td> })}</tr>
                        })}
                    </tbody>
                </table>
            </>
        }
    };
    html! {
        <section class="panel inspector" aria-label={format!("{} S{id}", t(Text::Inspector))}>
            <h2>{format!("S{id}")}<span class="status">{status}</span></h2>
            {actions(id, (n.up, n.disconnected), n.timeout, n.transfer, on_action)}
            if n.role_label == Text::Participant {
                // A participant that cannot commit for its own reasons (a constraint, a full disk) votes no.
                <div class="actions">
                    <button type="button" id="vote-no" class="node-action"
                            onclick={on_act.reform(move |_: MouseEvent| consensus_sim::Action::Vote { node: id, yes: false })}>
                        {t(Text::VoteNoNext)}
                    </button>
                </div>
            }
            <table class="state">
                <tbody>
                    {for n.facts.iter().map(|(label, value)| html! {
                        <tr><th scope="row">{t(*label)}</th><td>{value}</td></tr>
                    })}
                </tbody>
            </table>
            <h3>{t(Text::StateMachine)}</h3>
            if n.state_machine.is_empty() {
                <p class="hint">{t(Text::Empty)}</p>
            } else {
                <table class="kv">
                    <tbody>
                        {for n.state_machine.iter().map(|(k, v)| html! { <tr><th scope="row">{k}</th><td>{v}</td></tr> })}
                    </tbody>
                </table>
            }
            {for n.tables.iter().map(table)}
            <super::node_clock::NodeClock {id} clock={n.clock} on_act={on_act.clone()} />
            if !n.votes.is_empty() {
                <h3>{t(Text::VotesThisTerm)}</h3>
                <ul class="votes">{for n.votes.iter().map(|v| html! { <li>{v}</li> })}</ul>
            }
        </section>
    }
}
