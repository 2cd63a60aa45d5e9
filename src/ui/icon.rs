//! The controls' icons: small line drawings in the text's colour, always beside a word that says the same
//! (an icon alone is a guess), and hidden from screen readers, which read the word.

use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Icon {
    Play,
    Pause,
    Step,
    Back,
    Undo,
    Request,
    Reset,
    NewSeed,
    Heal,
    Share,
}

impl Icon {
    /// The drawing on a 16 by 16 grid, and whether it is filled (or stroked).
    fn drawing(self) -> (&'static str, bool) {
        match self {
            Icon::Play => ("M4.5 2.5 13 8l-8.5 5.5z", true),
            Icon::Pause => ("M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z", true),
            Icon::Step => ("M2.5 2.5 10 8l-7.5 5.5zM11 2.5h2.5v11H11z", true),
            Icon::Back => ("M8 2.5 1.5 8 8 13.5zM14.5 2.5 8 8l6.5 5.5z", true),
            Icon::Undo => ("M5.5 3.5 2 7l3.5 3.5M2 7h7.5a4 4 0 0 1 0 8H7", false),
            Icon::Request => ("M1.5 7.5 14.5 1.5 10 14.5 7.5 9zM7.5 9l7-7.5", false),
            Icon::Reset => ("M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 1.5v3.5H6", false),
            Icon::NewSeed => (
                "M2.5 2.5h11v11h-11zM5.5 5.5h.01M10.5 5.5h.01M8 8h.01M5.5 10.5h.01M10.5 10.5h.01",
                false,
            ),
            Icon::Heal => (
                "M6.5 9.5l3-3M5 7 3.5 8.5a2.5 2.5 0 0 0 3.5 3.5L8.5 10.5M11 9l1.5-1.5A2.5 2.5 0 0 0 9 4L7.5 5.5",
                false,
            ),
            Icon::Share => (
                "M5.8 8a1.8 1.8 0 1 1-3.6 0 1.8 1.8 0 1 1 3.6 0zM13.8 3.5a1.8 1.8 0 1 1-3.6 0 1.8 1.8 0 1 1 3.6 0zM13.8 12.5a1.8 1.8 0 1 1-3.6 0 1.8 1.8 0 1 1 3.6 0zM5.6 7.1l4.8-2.7M5.6 8.9l4.8 2.7",
                false,
            ),
        }
    }
}

/// `icon` as inline SVG, one em square.
pub fn icon(icon: Icon) -> Html {
    let (d, filled) = icon.drawing();
    html! {
        <svg class={classes!("icon", (!filled).then_some("line"))} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path {d} />
        </svg>
    }
}
