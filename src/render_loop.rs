//! The one requestAnimationFrame driver. It runs only while `active`; the caller makes `active` false
//! when paused or when the tab is hidden, so an idle page does no work at all.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

type FrameFn = Closure<dyn FnMut(f64)>;

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
        let raf_id = Rc::new(RefCell::new(None::<i32>));
        let closure: Rc<RefCell<Option<FrameFn>>> = Rc::new(RefCell::new(None));
        if active {
            let window = web_sys::window().expect("a window");
            let last = Rc::new(RefCell::new(None::<f64>));
            let (raf, handle, win) = (raf_id.clone(), closure.clone(), window.clone());
            *closure.borrow_mut() = Some(Closure::new(move |timestamp: f64| {
                let elapsed = last.borrow().map_or(0.0, |prev| timestamp - prev);
                *last.borrow_mut() = Some(timestamp);
                FRAMES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                on_frame.emit(elapsed);
                if let Some(f) = handle.borrow().as_ref() {
                    *raf.borrow_mut() = win.request_animation_frame(f.as_ref().unchecked_ref()).ok();
                }
            }));
            if let Some(f) = closure.borrow().as_ref() {
                *raf_id.borrow_mut() = window.request_animation_frame(f.as_ref().unchecked_ref()).ok();
            }
        }
        move || {
            if let (Some(id), Some(window)) = (raf_id.borrow_mut().take(), web_sys::window()) {
                let _ = window.cancel_animation_frame(id);
            }
            // Dropping the closure breaks the cycle it holds on itself.
            closure.borrow_mut().take();
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
            let document = web_sys::window().and_then(|w| w.document());
            let listener = Closure::<dyn FnMut()>::new(move || hidden.set(is_hidden()));
            if let Some(doc) = &document {
                let _ = doc.add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(doc) = &document {
                    let _ =
                        doc.remove_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
                }
                drop(listener);
            }
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
