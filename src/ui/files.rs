//! Files in and out: export the session as a scenario, its trace as JSON lines, or the canvas as SVG; import a
//! scenario file, with the file picker or by dropping it anywhere on the lab (see `read_dropped`).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::words::i18n::{t, Text};

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Scenario,
    Trace,
    Svg,
    /// What the clients saw, as a history file.
    History,
}

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    pub on_export: Callback<Export>,
    /// A file's name and text, once read.
    pub on_import: Callback<(String, Result<String, String>)>,
}

/// Reads `file` as text, at most a scenario's largest size, and hands it to `on_import`.
pub fn read_file(file: web_sys::File, on_import: Callback<(String, Result<String, String>)>) {
    let name = file.name();
    if file.size() > consensus_sim::scenario::MAX_DOCUMENT as f64 {
        on_import.emit((
            name,
            Err(crate::say!(
                "the file is over 1 MiB, the most a scenario may be",
                "文件超过 1 MiB，这是场景文件的上限"
            )),
        ));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        let text = text
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| crate::say!("the file could not be read as text", "无法把文件读作文本"));
        on_import.emit((name, text));
    });
}

/// The first file dropped with a drag-and-drop, if any, read as `read_file` does.
pub fn read_dropped(e: &DragEvent, on_import: &Callback<(String, Result<String, String>)>) {
    let file = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0));
    if let Some(file) = file {
        e.prevent_default();
        read_file(file, on_import.clone());
    }
}

#[function_component]
pub fn Files(props: &FilesProps) -> Html {
    let on_import = props.on_import.clone();
    let onchange = Callback::from(move |e: Event| {
        let input = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file, on_import.clone());
            }
            // Choosing the same file again is a new import.
            input.set_value("");
        }
    });
    let export = |kind: Export| props.on_export.reform(move |_: MouseEvent| kind);
    html! {
        <div class="files group" role="group" aria-label={t(Text::Files)}>
            <span class="group-label" aria-hidden="true">{crate::say!("Files", "文件")}</span>
            <button id="export-scenario" type="button" onclick={export(Export::Scenario)}>{t(Text::ExportScenario)}</button>
            <button id="export-trace" type="button" onclick={export(Export::Trace)}>{t(Text::ExportTrace)}</button>
            <button id="export-svg" type="button" onclick={export(Export::Svg)}>{t(Text::ExportSvg)}</button>
            <button id="export-history" type="button" onclick={export(Export::History)}>{crate::say!("Export history", "导出历史")}</button>
            <label class="import" title={t(Text::ImportHint)}>
                {t(Text::Import)}
                <input id="import" type="file" accept=".json,application/json" {onchange} />
            </label>
        </div>
    }
}
