//! Motion on the compositor. A message's flight and a timer ring's emptying are each a transform that runs
//! between keyframes over a span of simulated time; the lab's pace puts that span on the page's timeline, and
//! the Web Animations API plays it there. The browser moves the element every frame without the main
//! thread, which works only when something happens, and the animation reads the very time the simulation
//! runs on, so what moves is always where a still frame at that moment would draw it.

use consensus_sim::Micros;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::model::pace::Pace;

#[wasm_bindgen]
extern "C" {
    /// An element, seen through `Element.animate(keyframes, options)`, which web-sys offers only behind its
    /// unstable-API switch.
    type Animatable;
    #[wasm_bindgen(method)]
    fn animate(this: &Animatable, keyframes: &js_sys::Array, options: &js_sys::Object) -> web_sys::Animation;
}

/// A keyframe: its offset (0 to 1) in the span, and the CSS transform there.
pub type Keyframe = (f64, String);

/// A CSS translation to (x, y) in canvas units (an SVG element's CSS pixels are its user units).
pub fn translate((x, y): (f64, f64)) -> String {
    format!("translate({x:.2}px, {y:.2}px)")
}

pub fn rotate(degrees: f64) -> String {
    format!("rotate({degrees}deg)")
}

/// How long, in wall milliseconds, an animation holds its last keyframe after its span. An animation that
/// finishes costs the main thread several frames (the compositor reports it back); one that holds is only
/// ever cancelled, at the wake that removes or replaces its element.
const HOLD_MS: f64 = 3_600_000.0;

/// A keyframe object: `offset` and each CSS property given.
fn keyframe(offset: f64, properties: &[(&str, JsValue)]) -> JsValue {
    let frame = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&frame, &"offset".into(), &offset.into());
    for (name, value) in properties {
        let _ = js_sys::Reflect::set(&frame, &(*name).into(), value);
    }
    frame.into()
}

/// Starts `frames` on `element` with the timing `options` (name, value), its time 0 at wall time `start`.
fn animate(
    element: &web_sys::Element,
    frames: Vec<JsValue>,
    options: &[(&str, JsValue)],
    start: f64,
) -> web_sys::Animation {
    let timing = js_sys::Object::new();
    for (name, value) in options {
        let _ = js_sys::Reflect::set(&timing, &(*name).into(), value);
    }
    let list: js_sys::Array = frames.into_iter().collect();
    let animation = element.unchecked_ref::<Animatable>().animate(&list, &timing);
    animation.set_start_time(Some(start));
    animation
}

/// Plays `keyframes` on `element` over simulated `span`, placed on the page's timeline by `pace`. Before the
/// span the element holds the first keyframe, after it the last, until the next wake replaces or removes it;
/// if it `vanishes`, it is hidden from the end of the span (a message that has arrived).
fn play(
    element: &web_sys::Element,
    keyframes: &[Keyframe],
    span: (Micros, Micros),
    pace: &Pace,
    vanishes: bool,
) -> Option<web_sys::Animation> {
    let moving = pace.wall_span(span.1.saturating_sub(span.0) as f64).max(0.001);
    let duration = moving + HOLD_MS;
    let end = moving / duration;
    let last = &keyframes.last()?.1;
    // The span's keyframes, squeezed into its share of the whole, then the last one held to the very end.
    let mut frames: Vec<(f64, &str, f64)> = keyframes
        .iter()
        .map(|(offset, t)| (offset * end, t.as_str(), 1.0))
        .collect();
    if vanishes {
        frames.push((end + (1.0 - end) * 1e-9, last, 0.0));
    }
    frames.push((1.0, last, if vanishes { 0.0 } else { 1.0 }));
    let frames = frames
        .into_iter()
        .map(|(offset, transform, opacity)| {
            let opacity = vanishes.then(|| ("opacity", opacity.into()));
            keyframe(
                offset,
                &[[("transform", transform.into())].as_slice(), opacity.as_slice()].concat(),
            )
        })
        .collect();
    let options = [("duration", duration.into()), ("fill", "both".into())];
    Some(animate(element, frames, &options, pace.wall_at(span.0)))
}

/// Turns a digit wheel, the strip of digits 0 to 9 under `element`, one digit every `step` of simulated time
/// from time 0, by `height` (the strip's full height) per turn: a step function of time, which the compositor
/// plays as well as a glide.
fn spin(element: &web_sys::Element, step: Micros, height: f64, pace: &Pace) -> web_sys::Animation {
    let frames = [(0.0, 0.0), (1.0, -height)]
        .into_iter()
        .map(|(offset, y)| keyframe(offset, &[("transform", format!("translateY({y}px)").into())]))
        .collect();
    let options = [
        ("duration", pace.wall_span(10.0 * step as f64).into()),
        ("iterations", f64::INFINITY.into()),
        ("easing", "steps(10, jump-end)".into()),
    ];
    animate(element, frames, &options, pace.wall_at(0))
}

/// Runs the animation `start` makes on the element `node` refers to while `motion` is Some; cancels it when
/// any of `deps` changes or the element goes, and the element shows its own attributes again.
#[hook]
fn use_animation<D, F>(node: NodeRef, deps: D, motion: Option<Pace>, start: F)
where
    D: PartialEq + 'static,
    F: Fn(&web_sys::Element, &D, &Pace) -> Option<web_sys::Animation> + 'static,
{
    use_effect_with((deps, motion), move |(deps, motion)| {
        let animation = motion
            .as_ref()
            .zip(node.cast::<web_sys::Element>())
            .and_then(|(pace, element)| start(&element, deps, pace));
        move || {
            if let Some(animation) = animation {
                animation.cancel();
            }
        }
    });
}

/// While `motion` is Some, turns the digit wheel `node` refers to (see `spin`).
#[hook]
pub fn use_spin(node: NodeRef, step: Micros, height: f64, motion: Option<Pace>) {
    use_animation(node, step, motion, move |element, &step, pace| {
        Some(spin(element, step, height, pace))
    });
}

/// While `motion` is Some, plays `keyframes` on the element `node` refers to over `span` (see `play`).
#[hook]
pub fn use_glide(
    node: NodeRef,
    keyframes: Vec<Keyframe>,
    span: (Micros, Micros),
    motion: Option<Pace>,
    vanishes: bool,
) {
    use_animation(
        node,
        (keyframes, span),
        motion,
        move |element, (keyframes, span), pace| play(element, keyframes, *span, pace, vanishes),
    );
}
