//! Network conditions as sliders: latency range, loss and duplication. Each change is an action, so it is
//! part of the session like any other.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::words::i18n::{t, Text};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NetworkSettings {
    pub latency_min_ms: u64,
    pub latency_max_ms: u64,
    /// Percent, 0 to 50.
    pub drop_percent: u32,
    pub duplicate_percent: u32,
}

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub settings: NetworkSettings,
    pub on_change: Callback<NetworkSettings>,
    /// Heals every cut: the network's own undo of the reader's cuts.
    pub on_heal: Callback<()>,
}

fn value_of(e: &Event) -> Option<u64> {
    e.target()?.dyn_into::<HtmlInputElement>().ok()?.value().parse().ok()
}

#[function_component]
pub fn NetworkControls(props: &NetworkProps) -> Html {
    let s = props.settings;
    let slider = |id: &'static str,
                  label: Text,
                  value: u64,
                  max: u64,
                  unit: &'static str,
                  apply: fn(NetworkSettings, u64) -> NetworkSettings| {
        let on_change = props.on_change.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Some(v) = value_of(&e) {
                on_change.emit(apply(s, v.min(max)));
            }
        });
        html! {
            <label class="slider">
                <span>{t(label)}</span>
                <input {id} type="range" min="0" max={max.to_string()} step="1" value={value.to_string()} {onchange}
                       aria-valuetext={format!("{value} {unit}")} />
                <output for={id}>{format!("{value} {unit}")}</output>
            </label>
        }
    };
    html! {
        <fieldset class="panel network">
            <legend>{t(Text::Network)}</legend>
            {crate::ui::cluster::heal_button(&props.on_heal)}
            {slider("latency-min", Text::LatencyMin, s.latency_min_ms, 200, "ms", |s, v| NetworkSettings {
                latency_min_ms: v,
                latency_max_ms: s.latency_max_ms.max(v),
                ..s
            })}
            {slider("latency-max", Text::LatencyMax, s.latency_max_ms, 200, "ms", |s, v| NetworkSettings {
                latency_max_ms: v,
                latency_min_ms: s.latency_min_ms.min(v),
                ..s
            })}
            {slider("drop", Text::Loss, s.drop_percent as u64, 50, "%", |s, v| NetworkSettings {
                drop_percent: v as u32,
                ..s
            })}
            {slider("duplicate", Text::Duplication, s.duplicate_percent as u64, 50, "%", |s, v| NetworkSettings {
                duplicate_percent: v as u32,
                ..s
            })}
        </fieldset>
    }
}
