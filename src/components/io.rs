//! Data in and out: 导入 (xlsx/csv/kaohe.json, previewed before anything changes), 导出 Excel /
//! CSV / JSON, the empty input template, and 打印. The import dialog and the spreadsheet worker's
//! typed client live in the module loaded on first use (`crates/kaohe-editor`: `openImport`,
//! `exportFile`), which starts the worker: the first page load carries neither (DECISIONS 74).

use js_sys::Uint8Array;
use kaohe_core::protocol::ExportKind;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::Ctx;
use crate::editor::{call, module, on_events};
use crate::files;
use crate::i18n::tr;
use crate::state::{Action, AppState, Problem, Tab};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file name from the scheme's name: characters Windows refuses in names replaced.
pub fn file_stem(name: &str) -> String {
    let s: String = name.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect();
    let s = s.trim().to_string();
    if s.is_empty() { "kaohe".into() } else { s }
}

/// What the data bar is waiting for.
#[derive(Clone, Copy, PartialEq)]
enum Busy {
    /// Nothing.
    No,
    /// An export (the module and the worker load on first use).
    Export,
    /// The import dialog's module.
    Import,
}

/// The data bar's own state: what it waits for, the file input, the hosts of the import dialog and
/// of an export's failure notice (both drawn by the module).
pub struct IoHooks {
    busy: UseStateHandle<Busy>,
    input: NodeRef,
    host: NodeRef,
    export_host: NodeRef,
}

/// The data bar's hooks, called by the root component (a hook, not a component of its own: each
/// component costs the first page load several kilobytes).
#[hook]
pub fn use_io(state: &AppState) -> IoHooks {
    let busy = use_state(|| Busy::No);
    let (input, host, export_host) = (use_node_ref(), use_node_ref(), use_node_ref());
    // An open import dialog is said again in the language switched to (no dialog: nothing to do).
    use_effect_with(state.lang, |lang| {
        let lang = lang.tag();
        wasm_bindgen_futures::spawn_local(async move {
            if crate::editor::loaded() {
                if let Ok(m) = module().await {
                    let _ = call(&m, "importLang", &[JsValue::from_str(lang)]);
                }
            }
        });
    });
    IoHooks { busy, input, host, export_host }
}

/// Opens the import dialog (the module, loaded on first use) on a picked file's bytes.
async fn open_import(ctx: Ctx, host: NodeRef, name: String, bytes: Vec<u8>) -> Result<(), Problem> {
    let m = module().await.map_err(|_| Problem::ModuleFailed)?;
    let root = host.cast::<web_sys::Element>().ok_or(Problem::ModuleFailed)?;
    let s = &*ctx.state;
    let doc = s.scenario.document();
    let args = [
        root.into(),
        JsValue::from_str(&name),
        Uint8Array::from(bytes.as_slice()).into(),
        JsValue::from_str(&kaohe_core::write_document(doc)),
        JsValue::from_str(&doc.scheme.name),
        JsValue::from_str(s.lang.tag()),
        on_events(ctx.state.dispatcher()),
    ];
    call(&m, "openImport", &args).map(|_| ()).map_err(|_| Problem::ModuleFailed)
}

/// A file made by the module's spreadsheet worker: its bytes, or None when it could not be made (the
/// module then says why, in `host`).
async fn export_file(host: NodeRef, kind: ExportKind, doc: String, lang: kaohe_core::Lang) -> Result<Option<Uint8Array>, Problem> {
    let m = module().await.map_err(|_| Problem::ModuleFailed)?;
    let root = host.cast::<web_sys::Element>().ok_or(Problem::ModuleFailed)?;
    let kind = serde_json::to_string(&kind).unwrap_or_default();
    let p: js_sys::Promise = call(&m, "exportFile", &[root.into(), JsValue::from_str(&kind), JsValue::from_str(&doc), JsValue::from_str(lang.tag())])
        .and_then(|p| p.dyn_into().map_err(JsValue::from))
        .map_err(|_| Problem::ModuleFailed)?;
    let made = wasm_bindgen_futures::JsFuture::from(p).await.map_err(|_| Problem::ModuleFailed)?;
    Ok(made.dyn_into::<Uint8Array>().ok())
}

/// The import/export/print bar above the views, and the import dialog when open.
pub fn data_bar(ctx: &Ctx, hooks: &IoHooks) -> Html {
    let s = &*ctx.state;
    let lang = s.lang;
    let IoHooks { busy, input, host, export_host } = hooks;
    let pick = {
        let input = input.clone();
        Callback::from(move |_| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_file = {
        let (ctx, host, busy) = (ctx.clone(), host.clone(), busy.clone());
        Callback::from(move |e: Event| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = el.files().and_then(|f| f.get(0)) else { return };
            // The same file can be picked again after fixing it.
            el.set_value("");
            let (ctx, host, busy) = (ctx.clone(), host.clone(), busy.clone());
            busy.set(Busy::Import);
            wasm_bindgen_futures::spawn_local(async move {
                let opened = match files::read_file(file).await {
                    Ok((name, bytes)) => open_import(ctx.clone(), host, name, bytes).await,
                    Err(e) => Err(e),
                };
                busy.set(Busy::No);
                if let Err(e) = opened {
                    ctx.dispatch.emit(Action::IoError(Some(e)));
                }
            });
        })
    };
    let stem = file_stem(&s.scenario.document().scheme.name);
    let export = |kind: ExportKind, name: String, mime: &'static str| {
        let (d, busy, host) = (ctx.dispatch.clone(), busy.clone(), export_host.clone());
        let state = ctx.state.clone();
        Callback::from(move |_| {
            let doc = kaohe_core::write_document(state.scenario.document());
            busy.set(Busy::Export);
            let (d, busy, name, lang, host) = (d.clone(), busy.clone(), name.clone(), state.lang, host.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let made = export_file(host, kind, doc, lang).await;
                busy.set(Busy::No);
                match made {
                    Ok(Some(bytes)) => {
                        files::download(&name, &bytes, mime);
                    }
                    Ok(None) => {}
                    Err(e) => d.emit(Action::IoError(Some(e))),
                }
            });
        })
    };
    let export_json = {
        let state = ctx.state.clone();
        let name = format!("{stem}.kaohe.json");
        Callback::from(move |_| {
            files::download_text(&name, &kaohe_core::write_document(state.scenario.document()), "application/json");
        })
    };
    // 另存为离线文件: the single file with this state inside (its document whole, its edits, its view).
    let save_offline = {
        let (d, state) = (ctx.dispatch.clone(), ctx.state.clone());
        Callback::from(move |_| {
            let s = &*state;
            let doc = s.scenario.document();
            // (A document over 1 MB is held, `k3-h`: the editor module says it cannot be saved so.)
            let args = [
                s.fragment_with(&kaohe_core::link::Base::in_file(s.scenario.baseline())).into(),
                doc.scheme.name.as_str().into(),
                doc.scheme.year.map_or(JsValue::NULL, |y| JsValue::from(y as f64)),
                doc.units.get(s.unit).map_or("", |u| u.name.as_str()).into(),
                s.scenario.edits().len().into(),
            ];
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(why) = crate::editor::save_offline(args).await {
                    d.emit(Action::IoError(Some(why)));
                }
            });
        })
    };
    let print = {
        let d = ctx.dispatch.clone();
        Callback::from(move |_| {
            d.emit(Action::Show(Tab::Ranking));
            // After the ranking has rendered.
            gloo_timers::callback::Timeout::new(50, files::print).forget();
        })
    };
    let dismiss = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::IoError(None))) };
    html! {
        <>
        <div class="iobar no-print" role="toolbar" aria-label={tr(lang, "数据导入导出", "Data in and out")}>
            <input type="file" id="import-file" ref={input.clone()} hidden=true onchange={on_file}
                accept=".xlsx,.xls,.xlsm,.xlsb,.ods,.csv,.txt,.json" />
            <button type="button" onclick={pick} title={tr(lang, "导入 .xlsx、.csv 或 .kaohe.json，先预览再应用", "Import .xlsx, .csv or .kaohe.json, previewed first")}>
                { tr(lang, "导入数据…", "Import…") }</button>
            <span class="sep" aria-hidden="true"></span>
            <button type="button" onclick={export(ExportKind::Xlsx, format!("{stem}-考核结果.xlsx"), XLSX)}>{ tr(lang, "导出 Excel", "Export Excel") }</button>
            <button type="button" onclick={export(ExportKind::Csv, format!("{stem}-考核结果.csv"), "text/csv;charset=utf-8")}>{ tr(lang, "导出 CSV", "Export CSV") }</button>
            <button type="button" onclick={export_json}>{ tr(lang, "导出文档（JSON）", "Export document (JSON)") }</button>
            <button type="button" onclick={export(ExportKind::Template, format!("{stem}-数据录入模板.xlsx"), XLSX)}>{ tr(lang, "下载空白模板", "Empty template") }</button>
            <button type="button" onclick={save_offline}>{ tr(lang, "另存为离线文件", "Save offline file") }</button>
            <span class="sep" aria-hidden="true"></span>
            <button type="button" onclick={print}>{ tr(lang, "打印", "Print") }</button>
            if **busy == Busy::Export {
                <span class="hint" role="status"><progress></progress>{ tr(lang, "正在生成文件…（首次使用需加载表格组件）", "Preparing the file… (the spreadsheet component loads on first use)") }</span>
            }
            if **busy == Busy::Import {
                <span class="hint" role="status"><progress></progress>{ tr(lang, "正在读取文件…（首次使用需加载表格组件）", "Reading the file… (the spreadsheet component loads on first use)") }</span>
            }
        </div>
        if let Some(e) = &s.io_error {
            <div class="link-error no-print" role="alert">{ e.text(lang) }
                <button type="button" onclick={dismiss}>{ tr(lang, "知道了", "OK") }</button></div>
        }
        // An export's failure and the import dialog, drawn here by the module.
        <div id="export-host" ref={export_host.clone()}></div>
        <div id="import-host" ref={host.clone()}></div>
        </>
    }
}
