//! The language menu: choosing one changes every word on the page in place; the cluster, its moment and a
//! lesson's progress stay, and the address says the language for a reload or a copy.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::words::i18n::{language, t, Lang, Text};

/// Each language by the name its readers know it by.
const LANGUAGES: [(Lang, &str); 2] = [(Lang::En, "English"), (Lang::ZhCn, "简体中文")];

pub fn language_menu(on_language: &Callback<Lang>) -> Html {
    let onchange = on_language.reform(|e: Event| {
        e.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .and_then(|s| Lang::from_code(&s.value()))
            .unwrap_or(language())
    });
    html! {
        <label class="language">
            <span class="label-text">{t(Text::Language)}</span>
            <select id="language" {onchange}>
                {for LANGUAGES.iter().map(|(lang, name)| html! {
                    <option value={lang.code()} selected={*lang == language()}>{*name}</option>
                })}
            </select>
        </label>
    }
}

/// Speaks `lang` from now on: the labels, the document's language, and the address's `lang`.
pub fn speak(lang: Lang) {
    crate::words::i18n::set_language(lang);
    let Some(window) = web_sys::window() else { return };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
    let location = window.location();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()) else {
        return;
    };
    params.set("lang", lang.code());
    let address = format!(
        "{}?{}",
        location.pathname().unwrap_or_default(),
        String::from(params.to_string())
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}
