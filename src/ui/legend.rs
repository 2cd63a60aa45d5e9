//! The legend and keyboard help, toggled with "?": every glyph and colour on the canvas, and every key.

use yew::prelude::*;

use super::message::{family, mark, outcome, shape};
use crate::model::frame::Glyph;
use crate::words::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub on_close: Callback<()>,
}

/// A message glyph drawn as on the canvas, with its legend text.
fn message(glyph: Glyph, reply: bool, success: Option<bool>, text: Text) -> (Html, Text) {
    (
        html! {
            <g class="msg" data-family={family(glyph)} data-reply={reply.then_some("")}
               data-outcome={outcome(success)} transform="scale(1.6)">
                {shape(glyph)}{mark(success)}
            </g>
        },
        text,
    )
}

fn sample(svg: Html) -> Html {
    html! { <svg class="sample" viewBox="-24 -24 48 48" aria-hidden="true">{svg}</svg> }
}

#[function_component]
pub fn Legend(props: &LegendProps) -> Html {
    let glyphs: Vec<(Html, Text)> = vec![
        (
            html! { <g class="node" data-role="follower"><circle class="body" r="16" /></g> },
            Text::LegendFollower,
        ),
        (
            html! { <g class="node" data-role="candidate"><polygon class="body" points="0,-19 19,0 0,19 -19,0" /></g> },
            Text::LegendCandidate,
        ),
        (
            html! { <g class="node" data-role="leader"><rect class="body" x="-15" y="-15" width="30" height="30" rx="4" />
            <path class="crown" d="M-8,-17 L-8,-23 L-4,-20 L0,-24 L4,-20 L8,-23 L8,-17 Z" /></g> },
            Text::LegendLeader,
        ),
        (
            html! { <g class="node" data-role="crashed"><circle class="body" r="16" />
            <path class="crash-mark" d="M-9,-9 L9,9 M9,-9 L-9,9" /></g> },
            Text::LegendCrashed,
        ),
        (
            html! { <g class="timer"><circle class="timer-track" r="18" />
            <circle class="timer-arc" r="18" transform="rotate(-90)" stroke-dasharray="70 113" /></g> },
            Text::LegendTimer,
        ),
        message(Glyph::Vote, false, None, Text::LegendVote),
        message(Glyph::Append, false, None, Text::LegendAppend),
        message(Glyph::Heartbeat, false, None, Text::LegendHeartbeat),
        message(Glyph::Vote, true, Some(true), Text::LegendReplyOk),
        message(Glyph::Append, true, Some(false), Text::LegendReplyFail),
        message(Glyph::Prepare, false, None, Text::LegendPrepare),
        message(Glyph::Accept, false, None, Text::LegendAccept),
        message(Glyph::Learn, false, None, Text::LegendLearn),
        message(Glyph::CatchUp, false, None, Text::LegendCatchUp),
        message(Glyph::TimeoutNow, false, None, Text::LegendTimeoutNow),
        message(Glyph::Snapshot, false, None, Text::LegendSnapshot),
        message(Glyph::Vote, true, Some(false), Text::LegendTxnVote),
        message(Glyph::Outcome, false, Some(true), Text::LegendOutcome),
        message(Glyph::Ack, true, Some(true), Text::LegendAck),
        message(Glyph::Client, false, None, Text::LegendClient),
        (
            html! { <g class="link" data-cut="one-way"><line class="wire" x1="-22" y1="0" x2="22" y2="0" />
            <g class="blocked"><path d="M-9,-5 L0,0 L-9,5" /><line x1="3" y1="-8" x2="3" y2="8" /></g></g> },
            Text::LegendCut,
        ),
        (
            html! { <text class="ballot-sample" text-anchor="middle" y="5">{"3.2"}</text> },
            Text::LegendBallot,
        ),
    ];
    let keys: Vec<(&str, Text)> = vec![
        ("Space", Text::KeyPlay),
        ("→", Text::KeyStep),
        ("←", Text::KeyStepBack),
        ("Ctrl + Z", Text::KeyUndo),
        ("1 … 9", Text::KeyNumber),
        ("Tab / Enter", Text::KeySelect),
        ("↑ ↓ → ←", Text::KeyLinks),
        ("c / r", Text::KeyCrash),
        ("d", Text::KeyDisconnect),
        ("t", Text::KeyTimeout),
        ("l", Text::KeyTransfer),
        ("q", Text::KeyRequest),
        ("Shift + arrows", Text::KeyMove),
        ("h", Text::KeyHeal),
        ("Esc", Text::KeyEscape),
        ("?", Text::KeyHelp),
    ];
    html! {
        <div class="legend-overlay" role="dialog" aria-modal="false" aria-labelledby="legend-title">
            <section class="legend">
                <h2 id="legend-title">{t(Text::Legend)}</h2>
                <button type="button" class="close" onclick={props.on_close.reform(|_: MouseEvent| ())}
                        aria-label={t(Text::Close)}>{"×"}</button>
                <ul class="glyphs">
                    {for glyphs.into_iter().map(|(svg, text)| html! { <li>{sample(svg)}<span>{t(text)}</span></li> })}
                </ul>
                <p>{t(Text::LegendGestures)}</p>
                <h3>{t(Text::Keys)}</h3>
                <dl class="keys">
                    {for keys.into_iter().map(|(key, text)| html! { <><dt><kbd>{key}</kbd></dt><dd>{t(text)}</dd></> })}
                </dl>
            </section>
        </div>
    }
}
