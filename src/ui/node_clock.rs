//! A node's clock in the inspector: how far it drifts from true time (a lease trusts it, §6.4.1), and a
//! stop-the-world pause, through which its clock runs on (a garbage collector's pause) or stops (a virtual
//! machine suspended: its monotonic clock counts none of it, and a lease measured on it outlives the pause).

use consensus_sim::Action;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long the pause button stops a node, in milliseconds, unless the reader picks another length.
const PAUSE_MS: u64 = 500;

#[derive(Properties, PartialEq)]
pub struct NodeClockProps {
    pub id: u8,
    /// Its drift in parts per million, and until when it is paused.
    pub clock: (i64, Option<u64>),
    pub on_act: Callback<Action>,
}

fn input(e: &Event) -> Option<web_sys::HtmlInputElement> {
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
}

#[function_component]
pub fn NodeClock(props: &NodeClockProps) -> Html {
    let (id, (drift_ppm, paused_until)) = (props.id, props.clock);
    // The pause chosen: kept as the reader moves from node to node.
    let length = use_state_eq(|| PAUSE_MS);
    let clock_stops = use_state_eq(|| false);
    let percent = drift_ppm / 10_000;
    let on_drift = props.on_act.reform(move |e: Event| Action::SetDrift {
        node: id,
        drift_ppm: input(&e)
            .and_then(|i| i.value().parse::<i64>().ok())
            .unwrap_or(0)
            .clamp(-50, 50)
            * 10_000,
    });
    let on_pause = {
        let (length, clock_stops) = (*length, *clock_stops);
        props.on_act.reform(move |_: MouseEvent| Action::Pause {
            node: id,
            for_us: length * 1000,
            clock_stops,
        })
    };
    let on_length = {
        let length = length.clone();
        Callback::from(move |e: Event| {
            let ms = input(&e).and_then(|i| i.value().parse::<u64>().ok());
            if let Some(ms) = ms.filter(|ms| (1..=60_000).contains(ms)) {
                length.set(ms);
            }
        })
    };
    let on_stops = {
        let clock_stops = clock_stops.clone();
        Callback::from(move |e: Event| clock_stops.set(input(&e).is_some_and(|i| i.checked())))
    };
    html! {
        <div class="clock-controls">
            <h3>{crate::say!("Clock", "时钟")}</h3>
            <label>
                {crate::say!("Drift {percent:+}%", "漂移 {percent:+}%")}
                <input id={format!("drift-{id}")} type="range" min="-50" max="50" step="5" value={percent.to_string()}
                       onchange={on_drift} aria-valuetext={format!("{percent:+}%")} />
            </label>
            <div class="pause-row">
                <label>
                    {crate::say!("Pause for", "暂停")}
                    <input id={format!("pause-ms-{id}")} type="number" min="1" max="60000" step="100"
                           value={length.to_string()} onchange={on_length} />
                    {"ms"}
                </label>
                <button type="button" id={format!("pause-{id}")} onclick={on_pause}>{crate::say!("Pause", "暂停")}</button>
            </div>
            <label class="clock-stops">
                <input id={format!("clock-stops-{id}")} type="checkbox" checked={*clock_stops} onchange={on_stops} />
                {crate::say!(
                    "Its clock stops too (a suspended virtual machine)",
                    "时钟也停止（被挂起的虚拟机）"
                )}
            </label>
            if let Some(until) = paused_until {
                <p class="hint">{crate::say!("Paused until {} ms.", "暂停至 {} ms。", crate::words::number::fixed(until as f64 / 1000.0, 1))}</p>
            }
        </div>
    }
}
