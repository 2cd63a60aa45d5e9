//! The language menu: choosing one reopens the page in it, keeping everything else the address says.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::words::i18n::{language, t, Lang, Text};

/// Each language by the name its readers know it by.
const LANGUAGES: [(Lang, &str); 2] = [(Lang::En, "English"), (Lang::ZhCn, "简体中文")];

pub fn language_menu() -> Html {
    let onchange = Callback::from(|e: Event| {
        let chosen = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .and_then(|s| Lang::from_code(&s.value()));
        let (Some(lang), Some(window)) = (chosen, web_sys::window()) else {
            return;
        };
        let location = window.location();
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()) else {
            return;
        };
        params.set("lang", lang.code());
        let _ = location.set_search(&String::from(params.to_string()));
    });
    html! {
        <label class="language">
            {t(Text::Language)}
            <select id="language" {onchange}>
                {for LANGUAGES.iter().map(|(lang, name)| html! {
                    <option value={lang.code()} selected={*lang == language()}>{*name}</option>
                })}
            </select>
        </label>
    }
}
