//! Time: play/pause, step to the next event, the speed slider (log scale) and the simulated clock. Also the
//! client's request button.

use crate::words::number::{self, fixed, short};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::lab::{MAX_SPEED_LOG10, MIN_SPEED_LOG10};
use crate::words::i18n::{t, Text};

/// What the run controls show, and what they call.
pub struct ControlsProps {
    pub playing: bool,
    pub speed_log10: f64,
    pub on_toggle: Callback<()>,
    pub on_step: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_request: Callback<()>,
    pub on_help: Callback<()>,
}

/// "1/25×" below 1, "1×" at 1.
pub fn speed_text(speed_log10: f64) -> String {
    let speed = crate::model::lab::speed_of(speed_log10);
    if speed >= 0.999 {
        "1×".to_string()
    } else {
        format!("1/{}×", fixed(1.0 / speed, 0))
    }
}

/// Play, step, speed, a client request and the legend. A plain function, as it keeps no state of its own.
pub fn controls(props: &ControlsProps) -> Html {
    let on_speed = props.on_speed.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
            if let Some(v) = number::parse(&input.value()) {
                on_speed.emit(v.clamp(MIN_SPEED_LOG10, MAX_SPEED_LOG10));
            }
        }
    });
    // Both faces of the button are laid in the same place, the one not shown hidden, so the button is as
    // wide as the wider one in either state and nothing beside it moves when it is pressed.
    let face = |playing: bool| {
        let (icon, label) = if playing {
            ("❚❚", t(Text::Pause))
        } else {
            ("▶", t(Text::Play))
        };
        html! {
            <span class="face" data-shown={(playing == props.playing).then_some("")}>
                <span aria-hidden="true">{icon}</span>
                // One text node, as the page's HTML parses it (the first frame is taken over pixel for pixel).
                {format!(" {label}")}
            </span>
        }
    };
    html! {
        <div class="controls">
            <button id="play" type="button" onclick={props.on_toggle.reform(|_: MouseEvent| ())}
                    aria-pressed={props.playing.to_string()} aria-keyshortcuts="Space">
                {face(true)}{face(false)}
            </button>
            <button id="step" type="button" onclick={props.on_step.reform(|_: MouseEvent| ())}
                    disabled={props.playing} aria-keyshortcuts="ArrowRight" title={t(Text::StepHint)}>
                {t(Text::Step)}<kbd>{"→"}</kbd>
            </button>
            <label class="speed">
                {t(Text::Speed)}
                <input id="speed" type="range" min={short(MIN_SPEED_LOG10, 2)} max={short(MAX_SPEED_LOG10, 2)}
                       step="0.01" value={fixed(props.speed_log10, 2)} {oninput}
                       aria-valuetext={speed_text(props.speed_log10)} />
                <output for="speed">{speed_text(props.speed_log10)}</output>
            </label>
            <button id="request" type="button" onclick={props.on_request.reform(|_: MouseEvent| ())}>
                {t(Text::Request)}
            </button>
            <button id="help" type="button" onclick={props.on_help.reform(|_: MouseEvent| ())}
                    aria-keyshortcuts="?" aria-label={t(Text::Help)}>{"?"}</button>
        </div>
    }
}
