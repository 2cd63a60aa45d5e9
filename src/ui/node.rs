//! A node on the canvas: its shape and colour say its role (circle follower, diamond candidate, square with a
//! crown leader), its label says its id and term, and the ring around it is its election timer running down.
//! A crashed node is grey with a cross; a disconnected one has a dashed halo with a broken plug.

use crate::words::number::{fixed, short};
use consensus_sim::Role;
use yew::prelude::*;

use crate::model::frame::{NodeFrame, TimerFrame};
use crate::words::i18n::{t, Text};

const BODY: f64 = 30.0;
const TIMER_RADIUS: f64 = 39.0;

#[derive(Properties, PartialEq)]
pub struct NodeProps {
    pub node: NodeFrame,
    pub on_select: Callback<Option<u8>>,
}

pub fn role_text(role: Role) -> &'static str {
    t(match role {
        Role::Follower => Text::Follower,
        Role::PreCandidate => Text::PreCandidate,
        Role::Candidate => Text::Candidate,
        Role::Leader => Text::Leader,
    })
}

#[function_component]
pub fn NodeGlyph(props: &NodeProps) -> Html {
    let n = &props.node;
    let state = if n.up { n.role.name() } else { "crashed" };
    let mut label = format!(
        "S{}, {}, {}",
        n.id,
        if n.up { role_text(n.role) } else { t(Text::Crashed) },
        n.badge
    );
    if n.disconnected {
        label.push_str(", ");
        label.push_str(t(Text::Disconnected));
    }
    let id = n.id;
    let on_select = props.on_select.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
            on_select.emit(Some(id));
        }
    });
    html! {
        <g class="node"
           transform={format!("translate({} {})", fixed(n.x, 1), fixed(n.y, 1))}
           data-kind="node" data-id={n.id.to_string()} data-role={state} data-term={n.term.to_string()}
           role="button" aria-pressed={n.selected.to_string()} aria-label={label} tabindex="0" {onkeydown}>
            if n.selected {
                <circle class="selection" r="50" />
            }
            if n.implicated {
                <circle class="implicated-ring" r="56" />
            }
            if n.mentioned {
                <circle class="mentioned-ring" r="53" />
            }
            if let Some(term) = n.flash {
                <circle class="flash" key={format!("flash-{term}")} r="46" />
            }
            <NodeBody role={n.role} up={n.up} id={n.id} badge={n.badge.clone()} votes={n.votes}
                      disconnected={n.disconnected} />
        </g>
    }
}

/// The election timer as a ring around the node that empties clockwise from the top. It lives on the moving
/// layer, with the messages, so the nodes themselves are redrawn only when their state changes. A plain
/// function, not a component: it changes in every frame, so a component would only add work.
pub fn timer_arc(t: &TimerFrame) -> Html {
    let circumference = std::f64::consts::TAU * TIMER_RADIUS;
    let filled = circumference * t.left as f64 / 100.0;
    html! {
        <g key={t.id} class="timer" transform={format!("translate({} {})", fixed(t.x, 1), fixed(t.y, 1))}
           data-id={t.id.to_string()}
           aria-hidden="true">
            <circle class="timer-track" r={short(TIMER_RADIUS, 1)} />
            <circle class="timer-arc" r={short(TIMER_RADIUS, 1)} transform="rotate(-90)"
                stroke-dasharray={format!("{} {}", fixed(filled, 1), fixed(circumference, 1))} />
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct BodyProps {
    role: Role,
    up: bool,
    id: u8,
    badge: String,
    votes: u8,
    disconnected: bool,
}

/// The parts of a node that change only on a state change, so most frames skip them.
#[function_component]
fn NodeBody(props: &BodyProps) -> Html {
    let shape = match props.role {
        Role::Follower => html! { <circle class="body" r={short(BODY, 1)} /> },
        Role::PreCandidate | Role::Candidate => {
            let r = BODY * 1.25;
            html! { <polygon class="body" points={format!("0,{} {},0 0,{} {},0", short(-r, 1), short(r, 1), short(r, 1), short(-r, 1))} /> }
        }
        Role::Leader => html! {
            <>
                <rect class="body" x={short(-BODY, 1)} y={short(-BODY, 1)}
                      width={short(2.0 * BODY, 1)} height={short(2.0 * BODY, 1)} rx="6" />
                <path class="crown" d="M-14,-36 L-14,-46 L-7,-40 L0,-48 L7,-40 L14,-46 L14,-36 Z" />
            </>
        },
    };
    let votes = (props.up && matches!(props.role, Role::Candidate | Role::PreCandidate)).then(|| {
        (0..props.votes)
            .map(|i| {
                let x = -((props.votes as f64 - 1.0) * 5.0) + i as f64 * 10.0;
                html! { <circle class="vote" cx={fixed(x, 0)} cy="52" r="4" /> }
            })
            .collect::<Html>()
    });
    html! {
        <>
            if props.disconnected {
                <circle class="halo" r="46" />
                <g class="plug" transform="translate(30 -30)" aria-hidden="true">
                    <circle r="10" />
                    <path d="M-5,5 L-1,1 M1,-1 L5,-5 M-2,-4 L4,2" />
                </g>
            }
            {shape}
            if !props.up {
                <path class="crash-mark" d="M-18,-18 L18,18 M18,-18 L-18,18" />
            }
            <text class="name" y="-3">{format!("S{}", props.id)}</text>
            <text class="term" y="15">{&props.badge}</text>
            {votes.unwrap_or_default()}
        </>
    }
}
