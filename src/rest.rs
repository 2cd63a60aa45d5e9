//! Whether the rest of the WebAssembly has arrived. A release build splits its WebAssembly at the first
//! frame (build/split.mjs): the page draws the cluster and its controls with the first half, and the side
//! panels and the log once the rest is in place. Code the first frame does not run is not in the first half,
//! and the panels are most of it. build/loader.js sets `window.restPending` while the rest is on its way, and
//! fires `restloaded` on the window when it is in place; a page that loads one whole module never sets it.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

const EVENT: &str = "restloaded";

/// True while the loader is still fetching the rest.
fn pending() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("restPending")).ok())
        .is_some_and(|v| v.is_truthy())
}

/// Whether the app may draw everything: true at once on a page with one module, else from the moment the
/// rest is in place.
#[yew::hook]
pub fn use_rest_loaded() -> bool {
    let loaded = yew::use_state(|| !pending());
    {
        let loaded = loaded.clone();
        yew::use_effect_with((), move |_| {
            let window = web_sys::window();
            let arrived = Closure::<dyn FnMut()>::new({
                let loaded = loaded.clone();
                move || loaded.set(true)
            });
            if !*loaded {
                if let Some(w) = &window {
                    let _ = w.add_event_listener_with_callback(EVENT, arrived.as_ref().unchecked_ref());
                }
                // The rest may have arrived between the first frame and this listener.
                if !pending() {
                    loaded.set(true);
                }
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(EVENT, arrived.as_ref().unchecked_ref());
                }
                drop(arrived);
            }
        });
    }
    *loaded
}
