//! The simulated clock in the canvas's corner. Still, it is a line of text with the exact time. Playing, it is
//! a row of digit wheels that the compositor turns, each a step function of simulated time, so the clock
//! keeps time to the millisecond without the page redrawing it.

use consensus_sim::Micros;
use yew::prelude::*;

use super::glide::use_spin;
use crate::model::lab::CANVAS;
use crate::model::pace::Pace;
use crate::words::i18n::{t, Text};
use crate::words::number::{fixed, short};

/// Where the clock's text ends, and its baseline.
const RIGHT: f64 = CANVAS - 8.0;
const BASELINE: f64 = 20.0;
/// The distance between a wheel's digits: more than a digit is tall, so the window shows only one.
const PITCH: f64 = 20.0;

/// The widths the wheels are laid out with, measured from the text as the page's font draws it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Widths {
    digit: f64,
    point: f64,
    unit: f64,
}

/// Measures the widths of a digit, the decimal point and the unit from the clock's text ("0.000 s").
fn measure(text: &web_sys::SvgTextContentElement) -> Option<Widths> {
    let content = text.text_content()?;
    let point = content.find('.')? as u32;
    let length = content.chars().count() as u32;
    let width = |at: u32, n: u32| text.get_sub_string_length(at, n).ok().map(f64::from);
    Some(Widths {
        digit: width(0, 1)?,
        point: width(point, 1)?,
        unit: width(length - 2, 2)?,
    })
}

#[derive(Properties, PartialEq)]
pub struct ClockProps {
    /// The time the text shows.
    pub clock: Micros,
    /// The digits before the point, which the wheels need (see `Frame::digits`).
    pub digits: u32,
    /// While playing, the pace the wheels turn on.
    pub motion: Option<Pace>,
}

#[function_component]
pub fn Clock(props: &ClockProps) -> Html {
    let text = use_node_ref();
    let widths = use_state(|| None::<Widths>);
    {
        let (text, widths) = (text.clone(), widths.clone());
        use_effect_with((), move |_| {
            if let Some(measured) = text.cast::<web_sys::SvgTextContentElement>().and_then(|t| measure(&t)) {
                widths.set(Some(measured));
            }
        });
    }
    let turning = props.motion.zip(*widths);
    html! {
        <>
            // The text is the clock while still; while the wheels turn it stays, unseen, for screen readers.
            <text ref={text} class="clock" x={short(RIGHT, 1)} y={short(BASELINE, 1)} aria-label={t(Text::SimulatedTime)}
                  data-turning={turning.is_some().then_some("")}>
                {format!("{} s", fixed(props.clock as f64 / 1_000_000.0, 3))}
            </text>
            if let Some((pace, widths)) = turning {
                <Wheels {pace} {widths} digits={props.digits} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct WheelsProps {
    pace: Pace,
    widths: Widths,
    digits: u32,
}

/// The clock as digit wheels: the unit, three decimals, the point and the whole seconds, right to left.
#[function_component]
fn Wheels(props: &WheelsProps) -> Html {
    let Widths { digit, point, unit } = props.widths;
    // Each wheel's place, as the simulated time one of its steps lasts, and the left edge of its window.
    let mut x = RIGHT - unit;
    let mut places = Vec::new();
    for place in 0..3 + props.digits {
        if place == 3 {
            x -= point;
        }
        x -= digit;
        places.push((10u64.pow(place) * 1000, x));
    }
    let point_at = RIGHT - unit - 3.0 * digit - point;
    html! {
        <g class="clock-wheels" aria-hidden="true">
            <defs>
                <clipPath id="clock-window">
                    <rect x="-1" y={short(BASELINE - 15.0, 1)} width={short(digit + 2.0, 2)} height="19" />
                </clipPath>
            </defs>
            <text x={short(RIGHT, 1)} y={short(BASELINE, 1)} class="unit">{" s"}</text>
            <text x={short(point_at, 2)} y={short(BASELINE, 1)}>{"."}</text>
            {for places.into_iter().map(|(step, x)| html! {
                <Wheel key={step} {step} {x} pace={props.pace} />
            })}
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct WheelProps {
    /// How long one of its digits lasts, in simulated microseconds.
    step: Micros,
    /// The left edge of its window.
    x: f64,
    pace: Pace,
}

#[function_component]
fn Wheel(props: &WheelProps) -> Html {
    let strip = use_node_ref();
    use_spin(strip.clone(), props.step, 10.0 * PITCH, Some(props.pace));
    html! {
        <g transform={format!("translate({} 0)", fixed(props.x, 2))} clip-path="url(#clock-window)">
            <g ref={strip}>
                {for (0..10).map(|d| html! {
                    <text y={short(BASELINE + d as f64 * PITCH, 1)}>{d}</text>
                })}
            </g>
        </g>
    }
}
