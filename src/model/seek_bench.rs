//! The time-travel benchmark, run in the page by `tests/perf/seek.mjs` through the module's exports: a long
//! session at full speed, then seeks to moments spread over it, timed in the browser.

use crate::words::number::fixed;
use consensus_sim::scenario::ProtocolName;
use consensus_sim::Micros;
use wasm_bindgen::prelude::*;

use crate::model::lab::Lab;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Bytes of the module's linear memory: it grows and never shrinks, so this is the session's high-water mark.
/// The soak script samples it (`window.wasmBindings.memory_bytes()`).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64
}

/// Plays `minutes` of a five-node Raft session at full speed (a client request every second; every half
/// minute a node crashes for five seconds), then times `seeks` seeks spread over it. Returns the figures as JSON.
#[wasm_bindgen]
pub fn seek_benchmark(minutes: u32, seeks: u32) -> String {
    let mut lab = Lab::new(ProtocolName::Raft, 1, 5);
    lab.speed_log10 = 0.0;
    let end: Micros = minutes as Micros * 60_000_000;
    let started = now_ms();
    let mut second = 0;
    while lab.sim.now() < end {
        lab.advance(16.0);
        if lab.sim.now() >= (second + 1) * 1_000_000 {
            second += 1;
            lab.request(None);
            // Every half minute one node crashes, and comes back five seconds later.
            let node = 1 + (second / 30 % 5) as u8;
            if second % 30 == 0 || second % 30 == 5 {
                lab.toggle_crash(node);
            }
        }
    }
    let played_ms = now_ms() - started;
    let events = lab.sim.events_processed();
    let mut times = Vec::new();
    for i in 0..seeks as u64 {
        // Spread over the session, never twice the same moment, ending with the very start.
        let at = end - (end / seeks as u64) * i - 7_919 * i % 1_000_000;
        let t0 = now_ms();
        lab.seek(at.min(end));
        times.push(now_ms() - t0);
    }
    let worst = times.iter().cloned().fold(0.0, f64::max);
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    format!(
        "{{\"minutes\":{minutes},\"events\":{},\"actions\":{},\"checkpoints\":{},\"checkpoint_interval_ms\":{},\
         \"played_ms\":{},\"seeks\":{seeks},\"seek_worst_ms\":{},\"seek_mean_ms\":{},\
         \"memory_bytes\":{}}}",
        events,
        lab.travel.history.len(),
        lab.travel.checkpoints.len(),
        lab.travel.interval / 1000,
        fixed(played_ms, 0),
        fixed(worst, 2),
        fixed(mean, 2),
        fixed(memory_bytes(), 0)
    )
}
