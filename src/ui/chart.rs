//! Small SVG charts with axes, ticks and labels, drawn by the app: the monitoring panel's. A chart is a
//! viewBox of fixed size that scales to its column, so it reads the same at 320 px as on a laptop; its colours
//! come from the style sheet, so both themes apply.

use yew::prelude::*;

use crate::words::number::short;

/// The drawing area inside the viewBox: room on the left for the y ticks, below for the x ticks and label.
pub const WIDTH: f64 = 300.0;
pub const HEIGHT: f64 = 150.0;
const LEFT: f64 = 38.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 30.0;

/// A chart's two scales: data ranges mapped onto the drawing area.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Scale {
    pub fn px(&self, x: f64) -> f64 {
        let (a, b) = self.x;
        LEFT + (x - a) / (b - a).max(f64::EPSILON) * (WIDTH - LEFT - RIGHT)
    }

    pub fn py(&self, y: f64) -> f64 {
        let (a, b) = self.y;
        HEIGHT - BOTTOM - (y.clamp(a, b) - a) / (b - a).max(f64::EPSILON) * (HEIGHT - TOP - BOTTOM)
    }

    /// A point as SVG writes it.
    pub fn at(&self, x: f64, y: f64) -> String {
        format!("{},{}", short(self.px(x), 1), short(self.py(y), 1))
    }

    /// The left and right edges of the drawing area, and its top and bottom.
    pub fn area(&self) -> ((f64, f64), (f64, f64)) {
        ((LEFT, WIDTH - RIGHT), (TOP, HEIGHT - BOTTOM))
    }
}

/// About five round tick values from `lo` to `hi`: steps of 1, 2 or 5 times a power of ten, as the diagram's
/// time axis takes them (counted here in millionths, so a density's small steps are round too).
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let step = crate::model::diagram::round_up(((hi - lo) / 5.0 * 1e6).max(1.0) as u64) as f64 / 1e6;
    let first = (lo / step).ceil() * step;
    (0..)
        .map(|i| first + i as f64 * step)
        .take_while(|v| *v <= hi + step * 1e-9)
        .collect()
}

/// A chart: its title for screen readers, the axes with ticks and labels, and `content` drawn over them.
pub fn chart(label: &str, scale: Scale, x_label: &str, y_label: &str, content: Html) -> Html {
    let ((left, right), (top, bottom)) = scale.area();
    let x_ticks = ticks(scale.x.0, scale.x.1);
    let y_ticks = ticks(scale.y.0, scale.y.1);
    html! {
        <svg class="chart" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={label.to_string()}>
            <title>{label}</title>
            <g class="grid">
                {for y_ticks.iter().map(|&v| html! {
                    <line x1={short(left, 1)} x2={short(right, 1)} y1={short(scale.py(v), 1)} y2={short(scale.py(v), 1)} />
                })}
            </g>
            <g class="axis">
                <line x1={short(left, 1)} x2={short(left, 1)} y1={short(top, 1)} y2={short(bottom, 1)} />
                <line x1={short(left, 1)} x2={short(right, 1)} y1={short(bottom, 1)} y2={short(bottom, 1)} />
                {for y_ticks.iter().map(|&v| html! {
                    <text class="tick" x={short(left - 4.0, 1)} y={short(scale.py(v) + 3.0, 1)} text-anchor="end">{short(v, 2)}</text>
                })}
                {for x_ticks.iter().map(|&v| html! {
                    <text class="tick" x={short(scale.px(v), 1)} y={short(bottom + 11.0, 1)} text-anchor="middle">{short(v, 2)}</text>
                })}
                <text class="axis-label" x={short((left + right) / 2.0, 1)} y={short(HEIGHT - 3.0, 1)} text-anchor="middle">{x_label}</text>
                <text class="axis-label" x="9" y={short((top + bottom) / 2.0, 1)} text-anchor="middle"
                      transform={format!("rotate(-90 9 {})", short((top + bottom) / 2.0, 1))}>{y_label}</text>
            </g>
            {content}
        </svg>
    }
}

/// A horizontal line across the drawing area at `y`, with a label above its right end.
pub fn level(scale: Scale, y: f64, class: &'static str, label: String) -> Html {
    level_labelled(scale, y, class, label, false)
}

/// The same, labelled at its left end (`left`) so that two lines close together keep their labels apart.
pub fn level_labelled(scale: Scale, y: f64, class: &'static str, label: String, left_end: bool) -> Html {
    let ((left, right), _) = scale.area();
    let py = short(scale.py(y), 1);
    let (x, anchor) = if left_end {
        (left + 3.0, "start")
    } else {
        (right - 2.0, "end")
    };
    html! {
        <g class={class}>
            <line x1={short(left, 1)} x2={short(right, 1)} y1={py.clone()} y2={py.clone()} />
            <text x={short(x, 1)} y={short(scale.py(y) - 3.0, 1)} text-anchor={anchor}>{label}</text>
        </g>
    }
}

/// A vertical line across the drawing area at `x`, with a label at its top.
pub fn mark(scale: Scale, x: f64, class: &'static str, label: String) -> Html {
    let (_, (top, bottom)) = scale.area();
    let px = short(scale.px(x), 1);
    html! {
        <g class={class}>
            <line x1={px.clone()} x2={px.clone()} y1={short(top, 1)} y2={short(bottom, 1)} />
            <text x={short(scale.px(x) + 3.0, 1)} y={short(top + 8.0, 1)}>{label}</text>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(0.0, 100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(0.0, 8.0), [0.0, 2.0, 4.0, 6.0, 8.0]);
    }
}
