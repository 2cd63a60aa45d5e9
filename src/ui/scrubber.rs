//! The scrubber: the whole session on one slider. Drag it to any moment, step back one event, or undo the
//! last action. While it shows the past, it says that acting now forks the session.

use crate::words::number::{self, fixed};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::icon::{icon, Icon};
use crate::words::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct ScrubberProps {
    /// The moment shown and the furthest reached, in simulated microseconds.
    pub now: u64,
    pub head: u64,
    /// Actions that lie after the moment shown.
    pub later_actions: usize,
    pub can_undo: bool,
    /// Set after acting in the past dropped this many later actions.
    pub forked: Option<usize>,
    /// Set on a new cluster that replaced a session with this many actions, which Undo brings back.
    pub replaced: Option<usize>,
    /// While playing, the canvas's clock is the one clock on the page: the slider moves on twice a second,
    /// and a time written beside it would lag the clock and contradict it.
    pub playing: bool,
    /// The state shown, as "events processed:trace hash", so a test can tell two moments apart or equal.
    pub state: String,
    pub on_seek: Callback<u64>,
    pub on_step_back: Callback<()>,
    pub on_undo: Callback<()>,
}

fn seconds(micros: u64) -> String {
    format!("{} s", fixed(micros as f64 / 1_000_000.0, 3))
}

/// What the line under the slider says while the past is shown: acting forks the session, and what that
/// does to the `n` actions after the moment shown.
fn in_the_past(n: usize) -> String {
    match n {
        0 => crate::say!(
            "Viewing the past. Play replays from here; acting now forks the session.",
            "正在查看过去。播放会从这里重放；此时操作会让会话分叉。"
        ),
        1 => crate::say!(
            "Viewing the past. Acting now forks the session, dropping the later action.",
            "正在查看过去。此时操作会让会话分叉，并丢弃其后的 1 个操作。"
        ),
        _ => crate::say!(
            "Viewing the past. Acting now forks the session, dropping the {n} later actions.",
            "正在查看过去。此时操作会让会话分叉，并丢弃其后的 {n} 个操作。"
        ),
    }
}

/// What Undo does on a new cluster that replaced a session of `n` actions.
fn replaced(n: usize) -> String {
    match n {
        1 => crate::say!(
            "A new cluster. Undo brings back the one before, with its action.",
            "新的集群。撤销会找回之前的集群，连同它的 1 个操作。"
        ),
        _ => crate::say!(
            "A new cluster. Undo brings back the one before, with its {n} actions.",
            "新的集群。撤销会找回之前的集群，连同它的 {n} 个操作。"
        ),
    }
}

/// What acting in the past did to the `n` actions after it.
fn were_dropped(n: usize) -> String {
    match n {
        1 => crate::say!(
            "Forked: the later action was dropped; this is the new present.",
            "已分叉：其后的 1 个操作已被丢弃；这里成为新的现在。"
        ),
        _ => crate::say!(
            "Forked: the {n} later actions were dropped; this is the new present.",
            "已分叉：其后的 {n} 个操作已被丢弃；这里成为新的现在。"
        ),
    }
}

#[function_component]
pub fn Scrubber(props: &ScrubberProps) -> Html {
    let on_seek = props.on_seek.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let value = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .and_then(|input| number::parse(&input.value()));
        if let Some(v) = value.filter(|v| v.is_finite() && *v >= 0.0) {
            on_seek.emit(v as u64);
        }
    });
    let past = props.now < props.head;
    html! {
        <section class="scrubber group" aria-label={t(Text::TimeTravel)} data-state={props.state.clone()}>
            <span class="group-label" aria-hidden="true">{crate::say!("Time", "时间")}</span>
            <button id="step-back" type="button" onclick={props.on_step_back.reform(|_: MouseEvent| ())}
                    aria-keyshortcuts="ArrowLeft" title={t(Text::StepBackHint)}>
                {icon(Icon::Back)}{t(Text::StepBack)}<kbd>{"←"}</kbd>
            </button>
            <input id="scrub" type="range" min="0" max={props.head.max(1).to_string()} step="1"
                   value={props.now.to_string()} {oninput} aria-label={t(Text::TimeTravel)}
                   aria-valuetext={format!("{} / {}", seconds(props.now), seconds(props.head))} />
            <output for="scrub" data-playing={props.playing.then_some("")}>
                {format!("{} / {}", seconds(props.now), seconds(props.head))}
            </output>
            <button id="undo" type="button" disabled={!props.can_undo}
                    onclick={props.on_undo.reform(|_: MouseEvent| ())} aria-keyshortcuts="Control+Z">
                {icon(Icon::Undo)}{t(Text::Undo)}<kbd>{"Ctrl+Z"}</kbd>
            </button>
            // One line, always there, so that nothing below moves when it changes.
            if past {
                <p class="status past" role="status">{in_the_past(props.later_actions)}</p>
            } else if let Some(n) = props.forked {
                <p class="status forked" role="status">{were_dropped(n)}</p>
            } else if let Some(n) = props.replaced {
                <p class="status replaced" role="status">{replaced(n)}</p>
            } else {
                <p class="status present" role="status">{t(Text::AtThePresent)}</p>
            }
        </section>
    }
}
