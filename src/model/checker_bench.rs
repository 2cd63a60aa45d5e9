//! The linearizability checker's benchmark in the page, run by `tests/perf/checker.mjs` through the module's
//! exports: the hard histories of `consensus-sim bench --checker`, checked and timed in the browser.

use consensus_sim::hard_histories::{bench_line, draw, BENCH_BUDGET, BENCH_SHAPES};
use consensus_sim::history::Outcome;
use wasm_bindgen::prelude::*;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Checks the first `shapes` of the benchmark's shapes (the later ones take minutes), one seed each, with and
/// without a stale read; one line per history, with its time in milliseconds.
#[wasm_bindgen]
pub fn checker_benchmark(shapes: usize) -> String {
    let mut lines = Vec::new();
    for shape in BENCH_SHAPES.into_iter().take(shapes) {
        for stale in [false, true] {
            let history = draw(1, shape, stale);
            let info = history.operations.iter().filter(|o| o.outcome == Outcome::Info).count();
            let started = now_ms();
            let verdict = consensus_sim::linearizability::check_within(&history, Some(BENCH_BUDGET)).map(|v| v.is_ok());
            let ms = now_ms() - started;
            lines.push(format!("  {}, {ms:.1} ms", bench_line(shape, info, stale, &[verdict])));
        }
    }
    lines.join("\n")
}
