//! The lessons menu: choosing one opens its own page (`NAME.html`, built by build/pages.mjs), which arrives
//! with the lesson drawn and can be shared.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::page::lesson::LESSONS;
use crate::words::i18n::{t, Text};

/// The menu, with `current` (the lesson open now, if any) chosen.
pub fn lesson_menu(current: Option<&str>) -> Html {
    let onchange = Callback::from(|e: Event| {
        let name = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value());
        // Only a name from the list above is ever put in the address.
        if let Some((name, ..)) = name.and_then(|n| LESSONS.iter().find(|(l, ..)| *l == n)) {
            if let Some(location) = web_sys::window().map(|w| w.location()) {
                let _ = location.assign(&page_of(name));
            }
        }
    });
    html! {
        <label class="lessons">
            <span class="label-text">{t(Text::Lessons)}</span>
            <select id="lesson" {onchange}>
                <option value="" selected={current.is_none()}>{t(Text::ChooseLesson)}</option>
                {for LESSONS.iter().map(|&(name, title)| html! {
                    <option value={name} selected={current == Some(name)}>
                        {title_in_language(name, title)}
                    </option>
                })}
            </select>
        </label>
    }
}

/// The address of a lesson's own page, relative to this one. A language asked for stays.
pub fn page_of(name: &str) -> String {
    let lang = crate::page::url::param("lang").and_then(|v| crate::words::i18n::Lang::from_code(&v));
    match lang {
        Some(lang) => format!("{name}.html?lang={}", lang.code()),
        None => format!("{name}.html"),
    }
}

/// The lesson after `name` in the menu's order, as (name, title in the page's language).
pub fn next_after(name: &str) -> Option<(&'static str, &'static str)> {
    let at = LESSONS.iter().position(|(l, _)| *l == name)?;
    LESSONS
        .get(at + 1)
        .map(|&(next, title)| (next, title_in_language(next, title)))
}

/// The lesson's title in the page's language, given its English title.
fn title_in_language(name: &str, english: &'static str) -> &'static str {
    match crate::words::i18n::language() {
        crate::words::i18n::Lang::En => english,
        crate::words::i18n::Lang::ZhCn => crate::words::i18n_zh::lesson_title(name).unwrap_or(english),
    }
}
