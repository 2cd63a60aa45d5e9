//! The render loop. It wakes only when something is due to change: the next event or recorded action, a
//! caption, the end of a leader's highlight, and, while the clock or the diagram needs it, the clock's next
//! tick; between wakes the compositor moves what moves. A wake that changes nothing on screen draws nothing.
//! It does not run at all while paused, hidden or scrolled out of view.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Wakes since the page loaded, read by the performance scripts and tests through the module's exports
/// (`window.wasmBindings.wakes()`).
static WAKES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

#[wasm_bindgen]
pub fn wakes() -> u32 {
    WAKES.load(std::sync::atomic::Ordering::Relaxed)
}

/// Wakes come at most this often, in wall milliseconds: a frame's worth, so that events closer together than
/// the screen can show are handled in one go.
const MIN_GAP_MS: f64 = 1000.0 / 60.0;

/// The page's clock in milliseconds: the one the Web Animations timeline keeps.
pub fn wall_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// The loop's state, shared by the hook that runs it and the handlers that wake it early.
#[derive(Default)]
pub struct Wakes {
    running: Cell<bool>,
    /// The next wake's `Timeout`, held only so that dropping it cancels it.
    pending: RefCell<Option<Timeout>>,
    /// Called at each wake with the wall time; returns the wall time of the next wake.
    on_wake: RefCell<Option<Callback<f64, f64>>>,
}

impl Wakes {
    /// Wakes at once, if running: the reader acted, and the next event may now be sooner than the wake
    /// planned.
    pub fn soon(self: &Rc<Self>) {
        if self.running.get() {
            self.at(wall_now());
        }
    }

    fn wake(self: &Rc<Self>) {
        WAKES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let now = wall_now();
        // Cloned first: the wake may re-render the app, which may set the callback again.
        let on_wake = self.on_wake.borrow().clone();
        let next = on_wake.map(|f| f.emit(now));
        // The wake may have stopped the loop (a lesson's pause point, a violation).
        if let Some(next) = next.filter(|_| self.running.get()) {
            self.at(next.max(now + MIN_GAP_MS));
        }
    }

    /// Wakes at wall time `wall`, or at once if that has passed.
    fn at(self: &Rc<Self>, wall: f64) {
        let delay = (wall - wall_now()).max(0.0);
        let wakes = self.clone();
        let timer = Timeout::new(delay.ceil() as u32, move || wakes.wake());
        *self.pending.borrow_mut() = Some(timer);
    }

    fn start(self: &Rc<Self>, on_wake: Callback<f64, f64>) {
        *self.on_wake.borrow_mut() = Some(on_wake);
        self.running.set(true);
        self.at(wall_now());
    }

    fn stop(&self) {
        self.running.set(false);
        drop(self.pending.borrow_mut().take());
    }
}

/// Runs the loop while `active`: `on_wake(wall time)` returns when to wake next. When it stops, `on_stop` is
/// told, so the lab can stop time where it stands on screen.
#[hook]
pub fn use_wakes(wakes: Rc<Wakes>, active: bool, on_wake: Callback<f64, f64>, on_stop: Callback<()>) {
    use_effect_with(active, move |&active| {
        if active {
            wakes.start(on_wake);
        }
        move || {
            if active {
                wakes.stop();
                on_stop.emit(());
            }
        }
    });
}

/// True while the page is hidden (another tab, minimised window).
#[hook]
pub fn use_page_hidden() -> bool {
    let hidden = use_state(is_hidden);
    {
        let hidden = hidden.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|document| {
                gloo_events::EventListener::new(&document, "visibilitychange", move |_| hidden.set(is_hidden()))
            });
            // Dropping the listener removes it.
            move || drop(listener)
        });
    }
    *hidden
}

fn is_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Observes the element `node` with an observer (`make`: an IntersectionObserver, a ResizeObserver…) that
/// calls `callback`, and returns what an effect's teardown does: disconnects it and lets the callback go.
pub fn observe<O: 'static>(
    node: &NodeRef,
    callback: Closure<dyn FnMut(js_sys::Array)>,
    make: impl FnOnce(&js_sys::Function) -> Result<O, wasm_bindgen::JsValue>,
    watch: impl FnOnce(&O, &web_sys::Element),
    disconnect: impl FnOnce(&O) + 'static,
) -> impl FnOnce() {
    let observer = make(callback.as_ref().unchecked_ref()).ok();
    if let (Some(observer), Some(element)) = (&observer, node.cast::<web_sys::Element>()) {
        watch(observer, &element);
    }
    move || {
        if let Some(observer) = &observer {
            disconnect(observer);
        }
        drop(callback);
    }
}

/// True while the element `node` is entirely out of view: an embed scrolled away in its host page.
#[hook]
pub fn use_out_of_view(node: NodeRef, element: &'static str) -> bool {
    let out = use_state(|| false);
    {
        let out = out.clone();
        // `element` names the element observed: a new one (the page redrawn in another language) is observed
        // afresh.
        use_effect_with(element, move |_| {
            let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                if let Some(entry) = entries
                    .iter()
                    .last()
                    .and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
                {
                    out.set(!entry.is_intersecting());
                }
            });
            observe(
                &node,
                callback,
                web_sys::IntersectionObserver::new,
                web_sys::IntersectionObserver::observe,
                web_sys::IntersectionObserver::disconnect,
            )
        });
    }
    *out
}
