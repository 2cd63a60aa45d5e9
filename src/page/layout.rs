//! What the page shows around the canvas. The full page shows everything; `embed=1` is the compact layout for
//! an iframe (the canvas, the play controls and a lesson's captions), and `panels=` picks the panels either
//! way. The theme and the canvas's height come from the address too.

use crate::page::url::{Panel, Theme, UrlSettings};

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub embed: bool,
    panels: Vec<Panel>,
    /// The canvas's height (and so its width: it is square), in CSS pixels.
    pub height: Option<u32>,
}

impl Layout {
    pub fn from_address(address: &UrlSettings) -> Layout {
        let panels = address.panels.clone().unwrap_or_else(|| {
            if address.embed {
                vec![Panel::Caption]
            } else {
                Panel::ALL.to_vec()
            }
        });
        Layout {
            embed: address.embed,
            panels,
            height: address.height,
        }
    }

    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.contains(&panel)
    }

    /// Whether any of the side panels is shown.
    pub fn has_side(&self) -> bool {
        [
            Panel::Inspector,
            Panel::Network,
            Panel::Detection,
            Panel::Bugs,
            Panel::Feed,
        ]
        .into_iter()
        .any(|p| self.shows(p))
    }
}

/// Puts the theme on the document's root element, where the style sheet's colours read it, and the canvas's
/// size in a custom property. Both go through the DOM's own interfaces: the page allows no inline style.
pub fn apply(theme: Theme, height: Option<u32>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let class = match theme {
        Theme::Auto => None,
        Theme::Light => Some("theme-light"),
        Theme::Dark => Some("theme-dark"),
    };
    if let Some(class) = class {
        let _ = root.class_list().add_1(class);
    }
    if let (Some(h), Ok(root)) = (height, wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root)) {
        let _ = root.style().set_property("--canvas-size", &format!("{h}px"));
    }
}
