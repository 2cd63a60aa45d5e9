//! A node on the canvas: its shape and colour say its role (circle follower, diamond candidate, square with a
//! crown leader), its label says its id and term, and the ring around it is its election timer running down.
//! A crashed node is grey with a cross; a disconnected one has a dashed halo with a broken plug.

use crate::words::number::{fixed, short};
use consensus_sim::{Micros, Role};
use yew::prelude::*;

use super::glide::{rotate, use_glide};
use crate::model::frame::{NodeFrame, TimerFrame, TxnMark};
use crate::model::pace::Pace;
use crate::words::i18n::{t, Text};
use consensus_sim::protocol::txn::TxnState;

const BODY: f64 = 30.0;
const TIMER_RADIUS: f64 = 39.0;

#[derive(Properties, PartialEq)]
pub struct NodeProps {
    pub node: NodeFrame,
    pub on_select: Callback<Option<u8>>,
}

#[function_component]
pub fn NodeGlyph(props: &NodeProps) -> Html {
    let n = &props.node;
    let state = if n.up { n.role.name() } else { "crashed" };
    let mut label = format!(
        "S{}, {}, {}",
        n.id,
        if n.up { t(n.role_label) } else { t(Text::Crashed) },
        n.badge
    );
    if n.disconnected {
        label.push_str(", ");
        label.push_str(t(Text::Disconnected));
    }
    if let Some(mark) = &n.txn {
        label.push_str(", ");
        label.push_str(&txn_words(mark));
    }
    if let Some(of) = n.false_suspicion_of {
        label.push_str(", ");
        label.push_str(&false_suspicion_words(of));
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
            // What the badge's notation means, as the node's tooltip and accessible description.
            if let Some(hint) = &n.badge_hint {
                <title>{hint}</title>
            }
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
            if let Some(mark) = n.txn.clone() {
                <TxnBadge {mark} />
            }
            if let Some(of) = n.false_suspicion_of {
                // A warning triangle with an exclamation mark, off the node's upper left: shape and colour.
                <g class="false-suspicion" data-of={of.to_string()} transform="translate(-34 -34)">
                    <title>{false_suspicion_words(of)}</title>
                    <path d="M0,-11 L10,7 L-10,7 Z" />
                    <path class="bang" d="M0,-5 L0,1 M0,3.5 L0,4" />
                </g>
            }
        </g>
    }
}

/// "falsely suspected S1, which is up".
fn false_suspicion_words(of: u8) -> String {
    crate::say!("falsely suspected S{of}, which is up", "误判了正常运行的 S{of}")
}

/// A participant's transaction in words: "T3 prepared, in doubt for 1.2 s, holding the lock on a".
fn txn_words(mark: &TxnMark) -> String {
    let state = crate::model::commit_details::state_text(mark.state);
    let txn = mark.txn;
    match mark.blocked_tenths {
        Some(tenths) if !mark.locks.is_empty() => {
            let (secs, locks) = (fixed(tenths as f64 / 10.0, 1), &mark.locks);
            crate::say!(
                "T{txn} {state} for {secs} s, holding the lock on {locks}",
                "T{txn} {state}已 {secs} 秒，持有 {locks} 的锁"
            )
        }
        Some(tenths) => {
            let secs = fixed(tenths as f64 / 10.0, 1);
            crate::say!("T{txn} {state} for {secs} s", "T{txn} {state}已 {secs} 秒")
        }
        None => format!("T{txn} {state}"),
    }
}

#[derive(Properties, PartialEq)]
struct TxnProps {
    mark: TxnMark,
}

/// Under a participant: its transaction's state by shape as well as colour (a padlock while in doubt, an
/// hourglass while waiting for the lock, a tick once committed, a cross once aborted), and for how long it
/// has been blocked.
#[function_component]
fn TxnBadge(props: &TxnProps) -> Html {
    let m = &props.mark;
    let glyph = match m.state {
        TxnState::Prepared | TxnState::PreCommitted => html! {
            <>
                <path class="shackle" d="M-4,-3 L-4,-6 A4,4 0 0 1 4,-6 L4,-3" />
                <rect class="lock" x="-6" y="-3" width="12" height="9" rx="1.5" />
            </>
        },
        TxnState::Waiting => html! { <path class="lock" d="M-5,-6 L5,-6 L-5,6 L5,6 Z" /> },
        TxnState::Committed => html! { <path class="tick" d="M-5,0 L-1,4 L6,-5" /> },
        TxnState::Aborted => html! { <path class="cross" d="M-5,-5 L5,5 M5,-5 L-5,5" /> },
    };
    let text = match m.blocked_tenths {
        Some(tenths) => format!("T{} {}s", m.txn, fixed(tenths as f64 / 10.0, 1)),
        None => format!("T{}", m.txn),
    };
    html! {
        <g class="txn" data-state={m.state.name()} transform="translate(0 58)" aria-hidden="true">
            <g transform="translate(-22 0)">{glyph}</g>
            <text x="-12" y="4">{text}</text>
        </g>
    }
}

/// The two clips that show the ring's right and left halves. Each half of the ring is a half-ring path turned
/// behind its clip, so the ring empties by two rotations, which the compositor can animate, rather than by a
/// stroke's dash, which would be repainted on the main thread every frame.
pub fn timer_clips() -> Html {
    // Past the ring and its stroke on every side.
    let reach = TIMER_RADIUS + 6.0;
    let (near, far, tall) = (short(-reach, 1), short(reach, 1), short(2.0 * reach, 1));
    html! {
        <defs>
            <clipPath id="timer-right"><rect x="0" y={near.clone()} width={far.clone()} height={tall.clone()} /></clipPath>
            <clipPath id="timer-left"><rect x={near.clone()} y={near} width={far} height={tall} /></clipPath>
        </defs>
    }
}

/// The rotations of the right and left half-rings that show `left` (0 to 1) of the ring, from the top
/// clockwise. More than half left: the right half whole, the left turned to show the rest; less: the left
/// hidden, the right turned back.
fn half_turns(left: f64) -> (f64, f64) {
    let shown = 360.0 * left;
    if shown >= 180.0 {
        (0.0, shown - 180.0)
    } else {
        (shown - 180.0, 0.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct TimerProps {
    pub timer: TimerFrame,
    /// The moment it is drawn at, still.
    pub at: Micros,
    /// While playing, the pace the compositor empties it on.
    pub motion: Option<Pace>,
}

/// The election timer as a ring around the node that empties clockwise from the top. It lives on the moving
/// layer, with the messages, so the nodes themselves are redrawn only when their state changes.
#[function_component]
pub fn TimerRing(props: &TimerProps) -> Html {
    let t = &props.timer;
    let (right, left) = (use_node_ref(), use_node_ref());
    let span = (t.set_at, t.fires_at);
    // At a constant rate, over the first half of the span the left half turns back to nothing and over the
    // second the right; under phi accrual, along phi's curve.
    let points = t.points();
    let turns = |half: fn((f64, f64)) -> f64| {
        points
            .iter()
            .map(|&(u, left)| (u, rotate(half(half_turns(left)))))
            .collect::<Vec<_>>()
    };
    use_glide(right.clone(), turns(|(r, _)| r), span, props.motion, false);
    use_glide(left.clone(), turns(|(_, l)| l), span, props.motion, false);
    let (r, l) = half_turns(t.left_at(props.at));
    // A half of the ring, the right half as drawn: from the top, clockwise, to the bottom.
    let half = format!("M0,-{0} A{0},{0} 0 0 1 0,{0}", short(TIMER_RADIUS, 1));
    html! {
        <g class="timer" transform={format!("translate({} {})", fixed(t.x, 1), fixed(t.y, 1))}
           data-id={t.id.to_string()} data-set={t.set_at.to_string()} data-fires={t.fires_at.to_string()}
           data-detector={t.phi.is_some().then_some("phi")} aria-hidden="true">
            <circle class="timer-track" r={short(TIMER_RADIUS, 1)} />
            <g class="timer-arc">
                <g clip-path="url(#timer-right)">
                    <path ref={right} d={half.clone()} transform={format!("rotate({})", fixed(r, 1))} />
                </g>
                <g clip-path="url(#timer-left)">
                    <path ref={left} d={half.clone()} transform={format!("rotate({})", fixed(l, 1))} />
                </g>
            </g>
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
