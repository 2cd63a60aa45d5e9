//! A node on the canvas: its shape and colour say its role (circle follower, diamond candidate, square with a
//! crown leader), its label says its id and term, and the arc around it is its election timer running down.

use consensus_sim::Role;
use yew::prelude::*;

use crate::i18n::{t, Text};
use crate::lab::NodeFrame;

const BODY: f64 = 30.0;
const TIMER_RADIUS: f64 = 39.0;

#[derive(Properties, PartialEq)]
pub struct NodeProps {
    pub node: NodeFrame,
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
    let label = if n.up {
        format!("S{}, {}, {} {}", n.id, role_text(n.role), t(Text::Term), n.term)
    } else {
        format!("S{}, {}, {} {}", n.id, t(Text::Crashed), t(Text::Term), n.term)
    };
    html! {
        <g class={classes!("node", format!("role-{state}"))}
           transform={format!("translate({:.1} {:.1})", n.x, n.y)}
           data-id={n.id.to_string()} data-role={state} data-term={n.term.to_string()}
           role="img" aria-label={label} tabindex="0">
            if let Some(left) = n.timer_left {
                <TimerArc thousandths={left} />
            }
            <NodeBody role={n.role} up={n.up} id={n.id} term={n.term} votes={n.votes} />
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct TimerProps {
    thousandths: u16,
}

/// The election timer as a ring that empties clockwise from the top.
#[function_component]
fn TimerArc(props: &TimerProps) -> Html {
    let circumference = std::f64::consts::TAU * TIMER_RADIUS;
    let filled = circumference * props.thousandths as f64 / 1000.0;
    html! {
        <g class="timer" aria-hidden="true">
            <circle class="timer-track" r={TIMER_RADIUS.to_string()} />
            <circle class="timer-arc" r={TIMER_RADIUS.to_string()} transform="rotate(-90)"
                stroke-dasharray={format!("{filled:.1} {circumference:.1}")} />
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct BodyProps {
    role: Role,
    up: bool,
    id: u8,
    term: u64,
    votes: u8,
}

/// The parts of a node that change only on a state change, so most frames skip them.
#[function_component]
fn NodeBody(props: &BodyProps) -> Html {
    let shape = match props.role {
        Role::Follower => html! { <circle class="body" r={BODY.to_string()} /> },
        Role::PreCandidate | Role::Candidate => {
            let r = BODY * 1.25;
            html! { <polygon class="body" points={format!("0,{} {r},0 0,{r} {},0", -r, -r)} /> }
        }
        Role::Leader => html! {
            <>
                <rect class="body" x={(-BODY).to_string()} y={(-BODY).to_string()}
                      width={(2.0 * BODY).to_string()} height={(2.0 * BODY).to_string()} rx="6" />
                <path class="crown" d="M-14,-36 L-14,-46 L-7,-40 L0,-48 L7,-40 L14,-46 L14,-36 Z" />
            </>
        },
    };
    let votes = (props.role == Role::Candidate || props.role == Role::PreCandidate).then(|| {
        (0..props.votes)
            .map(|i| {
                let x = -((props.votes as f64 - 1.0) * 5.0) + i as f64 * 10.0;
                html! { <circle class="vote" cx={format!("{x:.0}")} cy="50" r="4" /> }
            })
            .collect::<Html>()
    });
    html! {
        <>
            {shape}
            if !props.up {
                <path class="crash-mark" d="M-18,-18 L18,18 M18,-18 L-18,18" />
            }
            <text class="name" y="-3">{format!("S{}", props.id)}</text>
            <text class="term" y="15">{format!("{} {}", t(Text::Term), props.term)}</text>
            {votes.unwrap_or_default()}
        </>
    }
}
