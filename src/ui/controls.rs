//! Running the cluster: play/pause, step to the next event and the speed slider (log scale), as one group;
//! the client's request as another; and the legend's button.

use crate::words::number::{self, fixed, short};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::lab::{MAX_SPEED_LOG10, MIN_SPEED_LOG10};
use crate::ui::icon::{icon, Icon};
use crate::words::i18n::{t, Text};

/// What the run controls show, and what they call.
pub struct ControlsProps {
    pub playing: bool,
    pub speed_log10: f64,
    pub on_toggle: Callback<()>,
    pub on_step: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_request: Callback<()>,
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

/// A labelled group of controls: the label says what they act on, for the eye and for screen readers.
pub fn group(class: &'static str, label: String, content: Html) -> Html {
    html! {
        <div class={classes!("group", class)} role="group" aria-label={label.clone()}>
            <span class="group-label" aria-hidden="true">{label}</span>
            {content}
        </div>
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
        let (drawing, label) = if playing {
            (Icon::Pause, t(Text::Pause))
        } else {
            (Icon::Play, t(Text::Play))
        };
        html! {
            <span class="face" data-shown={(playing == props.playing).then_some("")}>
                {icon(drawing)}{label}
            </span>
        }
    };
    let run = html! {
        <>
            <button id="play" type="button" class="primary" onclick={props.on_toggle.reform(|_: MouseEvent| ())}
                    aria-pressed={props.playing.to_string()} aria-keyshortcuts="Space">
                {face(true)}{face(false)}
            </button>
            <button id="step" type="button" onclick={props.on_step.reform(|_: MouseEvent| ())}
                    disabled={props.playing} aria-keyshortcuts="ArrowRight" title={t(Text::StepHint)}>
                {icon(Icon::Step)}{t(Text::Step)}<kbd>{"→"}</kbd>
            </button>
            <label class="speed">
                {t(Text::Speed)}
                <input id="speed" type="range" min={short(MIN_SPEED_LOG10, 2)} max={short(MAX_SPEED_LOG10, 2)}
                       step="0.01" value={fixed(props.speed_log10, 2)} {oninput}
                       aria-valuetext={speed_text(props.speed_log10)} />
                <output for="speed">{speed_text(props.speed_log10)}</output>
            </label>
        </>
    };
    let client = html! {
        <button id="request" type="button" onclick={props.on_request.reform(|_: MouseEvent| ())}>
            {icon(Icon::Request)}{t(Text::Request)}
        </button>
    };
    html! {
        <>
            {group("run", crate::say!("Run", "运行"), run)}
            {group("client", crate::say!("Client", "客户端"), client)}
        </>
    }
}

/// The legend's button: the last of the controls, after every group.
pub fn help_button(on_help: &Callback<()>) -> Html {
    html! {
        <button id="help" type="button" onclick={on_help.reform(|_: MouseEvent| ())}
                aria-keyshortcuts="?" aria-label={t(Text::Help)}>{"?"}</button>
    }
}
