//! The legend and keyboard help, toggled with "?": every glyph and colour on the canvas, and every key.

use yew::prelude::*;

use crate::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub on_close: Callback<()>,
}

fn sample(svg: Html) -> Html {
    html! { <svg class="sample" viewBox="-24 -24 48 48" aria-hidden="true">{svg}</svg> }
}

#[function_component]
pub fn Legend(props: &LegendProps) -> Html {
    let glyphs: Vec<(Html, Text)> = vec![
        (
            html! { <g class="node role-follower"><circle class="body" r="16" /></g> },
            Text::LegendFollower,
        ),
        (
            html! { <g class="node role-candidate"><polygon class="body" points="0,-19 19,0 0,19 -19,0" /></g> },
            Text::LegendCandidate,
        ),
        (
            html! { <g class="node role-leader"><rect class="body" x="-15" y="-15" width="30" height="30" rx="4" />
            <path class="crown" d="M-8,-17 L-8,-23 L-4,-20 L0,-24 L4,-20 L8,-23 L8,-17 Z" /></g> },
            Text::LegendLeader,
        ),
        (
            html! { <g class="node role-crashed"><circle class="body" r="16" />
            <path class="crash-mark" d="M-9,-9 L9,9 M9,-9 L-9,9" /></g> },
            Text::LegendCrashed,
        ),
        (
            html! { <g class="timer"><circle class="timer-track" r="18" />
            <circle class="timer-arc" r="18" transform="rotate(-90)" stroke-dasharray="70 113" /></g> },
            Text::LegendTimer,
        ),
        (
            html! { <g class="msg vote request" transform="scale(1.6)"><polygon class="shape" points="0,-8 8,0 0,8 -8,0" /></g> },
            Text::LegendVote,
        ),
        (
            html! { <g class="msg append request" transform="scale(1.6)"><rect class="shape" x="-9" y="-6.5" width="18" height="13" rx="1.5" />
            <path class="flap" d="M-9,-6.5 L0,1 L9,-6.5" /></g> },
            Text::LegendAppend,
        ),
        (
            html! { <g class="msg heartbeat request" transform="scale(1.6)"><rect class="shape" x="-5" y="-3.5" width="10" height="7" rx="1" /></g> },
            Text::LegendHeartbeat,
        ),
        (
            html! { <g class="msg vote reply ok" transform="scale(1.6)"><polygon class="shape" points="0,-8 8,0 0,8 -8,0" />
            <path class="mark" d="M-3,0 L-1,3 L4,-3" /></g> },
            Text::LegendReplyOk,
        ),
        (
            html! { <g class="msg append reply fail" transform="scale(1.6)"><rect class="shape" x="-9" y="-6.5" width="18" height="13" rx="1.5" />
            <path class="mark" d="M-3,-3 L3,3 M3,-3 L-3,3" /></g> },
            Text::LegendReplyFail,
        ),
        (
            html! { <g class="msg client request" transform="scale(1.6)"><circle class="shape" r="6" /></g> },
            Text::LegendClient,
        ),
        (
            html! { <g class="link cut"><line class="wire" x1="-22" y1="0" x2="22" y2="0" />
            <g class="blocked"><path d="M-9,-5 L0,0 L-9,5" /><line x1="3" y1="-8" x2="3" y2="8" /></g></g> },
            Text::LegendCut,
        ),
    ];
    let keys: Vec<(&str, Text)> = vec![
        ("Space", Text::KeyPlay),
        ("→", Text::KeyStep),
        ("Tab / Enter", Text::KeySelect),
        ("c / r", Text::KeyCrash),
        ("d", Text::KeyDisconnect),
        ("t", Text::KeyTimeout),
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
