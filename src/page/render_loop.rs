//! The one requestAnimationFrame driver. It runs only while `active`; the caller makes `active` false
//! when paused or when the tab is hidden, so an idle page does no work at all.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Animation frames drawn since the page loaded, read by the performance script through the module's
/// exports (`window.wasmBindings.frames_drawn()`).
static FRAMES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

#[wasm_bindgen]
pub fn frames_drawn() -> u32 {
    FRAMES.load(std::sync::atomic::Ordering::Relaxed)
}

/// Calls `on_frame(elapsed_ms)` once per animation frame while `active` is true.
#[hook]
pub fn use_animation_frame(active: bool, on_frame: Callback<f64>) {
    use_effect_with(active, move |&active| {
        // The frame requested next; dropping it cancels it, which stops the loop.
        let next: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if active {
            request(next.clone(), on_frame, None);
        }
        move || drop(next.borrow_mut().take())
    });
}

/// Requests the next frame into `next`; that frame calls `on_frame` with the time since `last`, then
/// requests the one after it.
fn request(next: Rc<RefCell<Option<AnimationFrame>>>, on_frame: Callback<f64>, last: Option<f64>) {
    let slot = next.clone();
    let frame = request_animation_frame(move |timestamp| {
        FRAMES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        on_frame.emit(last.map_or(0.0, |prev| timestamp - prev));
        request(slot, on_frame, Some(timestamp));
    });
    *next.borrow_mut() = Some(frame);
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

/// True while the element `node` is entirely out of view: an embed scrolled away in its host page.
#[hook]
pub fn use_out_of_view(node: NodeRef) -> bool {
    let out = use_state(|| false);
    {
        let out = out.clone();
        use_effect_with((), move |_| {
            let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                if let Some(entry) = entries
                    .iter()
                    .last()
                    .and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
                {
                    out.set(!entry.is_intersecting());
                }
            });
            let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok();
            if let (Some(observer), Some(element)) = (&observer, node.cast::<web_sys::Element>()) {
                observer.observe(&element);
            }
            move || {
                if let Some(observer) = observer {
                    observer.disconnect();
                }
                drop(callback);
            }
        });
    }
    *out
}
