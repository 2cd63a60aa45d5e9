//! The root component: owns the lab, runs the render loop while anything can be seen moving, and lays out
//! the canvas and controls.

use yew::prelude::*;

use crate::i18n::{t, Text};
use crate::lab::Lab;
use crate::render_loop::{use_animation_frame, use_page_hidden};
use crate::ui::canvas::Canvas;
use crate::ui::controls::Controls;
use crate::ui::log_table::LogTable;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    #[prop_or(5)]
    pub size: u8,
    /// The run's seed; None draws one at random.
    #[prop_or_default]
    pub seed: Option<u64>,
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps { size: 5, seed: None }
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let (size, seed) = (props.size, props.seed);
    let lab = use_mut_ref(move || Lab::new(seed.unwrap_or_else(random_seed), size));
    let playing = use_state(|| true);
    let hidden = use_page_hidden();
    let redraw = use_force_update();

    let on_frame = {
        let (lab, redraw) = (lab.clone(), redraw.clone());
        Callback::from(move |elapsed_ms: f64| {
            lab.borrow_mut().advance(elapsed_ms);
            redraw.force_update();
        })
    };
    use_animation_frame(*playing && !hidden, on_frame);

    let on_toggle = {
        let playing = playing.clone();
        Callback::from(move |_| playing.set(!*playing))
    };
    let on_speed = {
        let (lab, redraw) = (lab.clone(), redraw.clone());
        Callback::from(move |v: f64| {
            lab.borrow_mut().speed_log10 = v;
            redraw.force_update();
        })
    };

    let on_request = {
        let (lab, redraw) = (lab.clone(), redraw.clone());
        Callback::from(move |_| {
            lab.borrow_mut().request();
            redraw.force_update();
        })
    };

    let logs = lab.borrow_mut().logs();
    let lab = lab.borrow();
    let frame = lab.frame();
    let (pending, _applied) = lab.client_status();
    html! {
        <main class="lab">
            <header>
                <h1>{t(Text::Title)}</h1>
                <span class="seed">{format!("seed {}", lab.sim_seed())}</span>
            </header>
            <Controls playing={*playing} speed_log10={lab.speed_log10} now_ms={frame.now / 1000}
                      {on_toggle} {on_speed} {on_request} />
            <Canvas {frame} {pending} />
            <LogTable {logs} />
        </main>
    }
}

fn random_seed() -> u64 {
    // Only the choice of seed is random; the run that follows is fully determined by it.
    (js_sys::Math::random() * 1e15) as u64
}
