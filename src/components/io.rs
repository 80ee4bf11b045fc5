//! Data in and out: 导入 (xlsx/csv/kaohe.json, previewed before anything changes), 导出 Excel /
//! CSV / JSON, the empty input template, and 打印. Spreadsheets are read and written by the worker
//! (`files::request`), started the first time one of these is used.

use js_sys::Uint8Array;
use kaohe_core::table::{Preview, Said};
use kaohe_core::Lang;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::Ctx;
use crate::files;
use crate::i18n::tr;
use crate::state::{Action, AppState, Bytes, ImportDialog, ImportKind, Problem, Tab};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file name from the scheme's name: characters Windows refuses in names replaced.
pub fn file_stem(name: &str) -> String {
    let s: String = name.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect();
    let s = s.trim().to_string();
    if s.is_empty() { "kaohe".into() } else { s }
}

/// Asks the worker to read a file's sheet against the current document; the preview (or the
/// reason) is dispatched.
fn request_preview(ctx: &Ctx, file: &str, bytes: &Bytes, sheet: Option<String>) {
    let d = ctx.dispatch.clone();
    let doc = kaohe_core::write_document(ctx.state.scenario.document());
    let args = [
        JsValue::from_str(file),
        sheet.map_or(JsValue::NULL, |s| JsValue::from_str(&s)),
        Uint8Array::from(bytes.0.as_slice()).into(),
        JsValue::from_str(&doc),
    ];
    files::request("preview", &args, move |r| {
        let bad = || Said::new(|_| "bad preview from the worker".into());
        d.emit(Action::ImportRead(r.and_then(|v| Preview::decode(&v.as_string().unwrap_or_default()).ok_or_else(bad))));
    });
}

/// Whether a file is a `.kaohe.json` document rather than a spreadsheet.
fn is_json(name: &str, bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    name.to_ascii_lowercase().ends_with(".json") || start.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The data bar's own state: an export under way, the file input, the dialog's two buttons.
pub struct IoHooks {
    busy: UseStateHandle<bool>,
    input: NodeRef,
    apply_ref: NodeRef,
    cancel_ref: NodeRef,
}

/// The data bar's hooks, called by the root component (a hook, not a component of its own: each
/// component costs the first page load several kilobytes).
#[hook]
pub fn use_io(state: &AppState) -> IoHooks {
    let busy = use_state(|| false);
    let input = use_node_ref();
    let (apply_ref, cancel_ref) = (use_node_ref(), use_node_ref());
    {
        // When the dialog opens or its preview arrives, focus moves into it: 应用 when it can be
        // applied, else 取消.
        let (a, c) = (apply_ref.clone(), cancel_ref.clone());
        let key = state.import.as_ref().map(|d| (d.kind.is_some(), d.error.is_some()));
        use_effect_with(key, move |_| {
            let el = a.cast::<web_sys::HtmlButtonElement>().filter(|b| !b.disabled()).map(|b| b.unchecked_into::<web_sys::HtmlElement>())
                .or_else(|| c.cast::<web_sys::HtmlElement>());
            if let Some(el) = el {
                let _ = el.focus();
            }
        });
    }
    IoHooks { busy, input, apply_ref, cancel_ref }
}

/// The import/export/print bar above the views, and the import dialog when open.
pub fn data_bar(ctx: &Ctx, hooks: &IoHooks) -> Html {
    let s = &*ctx.state;
    let lang = s.lang;
    let IoHooks { busy, input, apply_ref, cancel_ref } = hooks;
    let pick = {
        let input = input.clone();
        Callback::from(move |_| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_file = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = el.files().and_then(|f| f.get(0)) else { return };
            // The same file can be picked again after fixing it.
            el.set_value("");
            let ctx = ctx.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match files::read_file(file).await {
                    Ok((name, bytes)) if is_json(&name, &bytes) => match String::from_utf8(bytes) {
                        Ok(text) => ctx.dispatch.emit(Action::ImportDocument(name, text)),
                        Err(_) => ctx.dispatch.emit(Action::IoError(Some(Problem::NotUtf8(name)))),
                    },
                    Ok((name, bytes)) => {
                        let bytes = Bytes(std::rc::Rc::new(bytes));
                        ctx.dispatch.emit(Action::ImportStart(name.clone(), bytes.clone()));
                        request_preview(&ctx, &name, &bytes, None);
                    }
                    Err(e) => ctx.dispatch.emit(Action::IoError(Some(e))),
                }
            });
        })
    };
    let stem = file_stem(&s.scenario.document().scheme.name);
    let export = |kind: &'static str, name: String, mime: &'static str| {
        let (d, busy) = (ctx.dispatch.clone(), busy.clone());
        let state = ctx.state.clone();
        Callback::from(move |_| {
            let doc = kaohe_core::write_document(state.scenario.document());
            busy.set(true);
            let (d, busy, name) = (d.clone(), busy.clone(), name.clone());
            files::request("export", &[JsValue::from_str(kind), JsValue::from_str(&doc)], move |r| {
                busy.set(false);
                match r {
                    Ok(v) => {
                        files::download(&name, &Uint8Array::new(&v), mime);
                    }
                    Err(e) => d.emit(Action::IoError(Some(Problem::Said(e)))),
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
            <button type="button" onclick={export("xlsx", format!("{stem}-考核结果.xlsx"), XLSX)}>{ tr(lang, "导出 Excel", "Export Excel") }</button>
            <button type="button" onclick={export("csv", format!("{stem}-考核结果.csv"), "text/csv;charset=utf-8")}>{ tr(lang, "导出 CSV", "Export CSV") }</button>
            <button type="button" onclick={export_json}>{ tr(lang, "导出文档（JSON）", "Export document (JSON)") }</button>
            <button type="button" onclick={export("template", format!("{stem}-数据录入模板.xlsx"), XLSX)}>{ tr(lang, "下载空白模板", "Empty template") }</button>
            <button type="button" onclick={save_offline}>{ tr(lang, "另存为离线文件", "Save offline file") }</button>
            <span class="sep" aria-hidden="true"></span>
            <button type="button" onclick={print}>{ tr(lang, "打印", "Print") }</button>
            if **busy {
                <span class="hint" role="status"><progress></progress>{ tr(lang, "正在生成文件…（首次使用需加载表格组件）", "Preparing the file… (the spreadsheet component loads on first use)") }</span>
            }
        </div>
        if let Some(e) = &s.io_error {
            <div class="link-error no-print" role="alert">{ e.text(lang) }
                <button type="button" onclick={dismiss}>{ tr(lang, "知道了", "OK") }</button></div>
        }
        if let Some(dialog) = &s.import {
            { import_view(ctx, dialog, apply_ref.clone(), cancel_ref.clone()) }
        }
        </>
    }
}

/// The most problems listed (the count says how many more).
const SHOWN: usize = 200;

fn list(items: Vec<String>, class: &'static str, lang: Lang) -> Html {
    html! {
        <ul class={class}>
            { for items.iter().take(SHOWN).map(|p| html! { <li>{ p.clone() }</li> }) }
            if items.len() > SHOWN {
                <li>{ match lang { Lang::Zh => format!("……另有 {} 个问题", items.len() - SHOWN), Lang::En => format!("… and {} more", items.len() - SHOWN) } }</li>
            }
        </ul>
    }
}

fn said(issues: &[kaohe_core::Issue], lang: Lang) -> Vec<String> {
    issues.iter().map(|i| i.text(lang)).collect()
}

/// The import preview: what would change and every problem; 应用 or 取消. (A function, not a
/// component: each component costs the first page load several kilobytes.)
fn import_view(ctx: &Ctx, d: &ImportDialog, apply_ref: NodeRef, cancel_ref: NodeRef) -> Html {
    let lang = ctx.state.lang;
    let apply = { let dd = ctx.dispatch.clone(); Callback::from(move |_| dd.emit(Action::ImportApply)) };
    let cancel = { let dd = ctx.dispatch.clone(); Callback::from(move |_| dd.emit(Action::ImportCancel)) };
    let on_key = {
        let dd = ctx.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                dd.emit(Action::ImportCancel);
            }
        })
    };
    let doc = ctx.state.scenario.document();
    let mut can_apply = false;
    let body = match (&d.error, &d.kind) {
        (Some(e), _) => html! { <p class="problems-head" role="alert">{ e.text(lang) }</p> },
        (None, None) => html! { <p role="status"><progress></progress>{ tr(lang, "正在读取文件…（首次使用需加载表格组件）", "Reading the file… (the spreadsheet component loads on first use)") }</p> },
        (None, Some(ImportKind::Inputs(p))) => {
            let on_sheet = {
                let (ctx, file, bytes, sheets) = (ctx.clone(), d.file.clone(), d.bytes.clone(), p.sheets.clone());
                Callback::from(move |e: Event| {
                    let Some(sel) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
                    let Some(name) = usize::try_from(sel.selected_index()).ok().and_then(|i| sheets.get(i)).cloned() else { return };
                    ctx.dispatch.emit(Action::ImportStart(file.clone(), bytes.clone()));
                    request_preview(&ctx, &file, &bytes, Some(name));
                })
            };
            let cells = p.changes.len();
            can_apply = p.problems.is_empty() && (cells > 0 || !p.vetoes.is_empty());
            let summary = match lang {
                Lang::Zh => format!("文件中有 {} 个单位、{} 列指标数据。", p.units_in_file, p.columns),
                Lang::En => format!("The file has {} units and {} indicator columns.", p.units_in_file, p.columns),
            };
            let change = if !p.problems.is_empty() {
                match lang {
                    Lang::Zh => format!("发现 {} 个问题，请在文件中修正后重新导入。在修正之前不会修改任何数据：", p.problems.len()),
                    Lang::En => format!("{} problems: fix them in the file and import again. Nothing changes until then:", p.problems.len()),
                }
            } else if can_apply {
                let veto = if p.vetoes.is_empty() { String::new() } else {
                    match lang { Lang::Zh => format!("，{} 个单位的一票否决", p.vetoes.len()), Lang::En => format!(", {} vetoes", p.vetoes.len()) }
                };
                match lang {
                    Lang::Zh => format!("将修改 {} 个单位的 {cells} 项数据{veto}。应用后可用“撤销”恢复。", p.units_changed),
                    Lang::En => format!("{cells} figures of {} units will change{veto}. Undo brings them back.", p.units_changed),
                }
            } else {
                tr(lang, "文件中的数据与当前数据完全相同，无需修改。", "The file holds exactly the current data: nothing to change.").to_string()
            };
            html! {
                <>
                if p.sheets.len() > 1 {
                    <label class="field">{ tr(lang, "工作表", "Sheet") }
                        <select onchange={on_sheet}>
                            { for p.sheets.iter().enumerate().map(|(i, n)| html! { <option selected={i == p.sheet}>{ n.clone() }</option> }) }
                        </select></label>
                }
                <p>{ summary }</p>
                <p class={classes!(if p.problems.is_empty() { "summary" } else { "problems-head" })} role={if p.problems.is_empty() { "status" } else { "alert" }}>{ change }</p>
                if !p.problems.is_empty() { { list(p.problems.iter().map(|p| p.get(lang).to_string()).collect(), "problems", lang) } }
                if !p.notes.is_empty() { { list(p.notes.iter().map(|n| n.get(lang).to_string()).collect(), "notes", lang) } }
                </>
            }
        }
        (None, Some(ImportKind::Document { doc: new, errors, warnings })) => {
            can_apply = errors.is_empty();
            html! {
                <>
                <p>{ match lang {
                    Lang::Zh => format!("考核文档：{}（{}），{} 个单位，{} 项指标。", new.scheme.name, new.scheme.year.map(|y| y.to_string()).unwrap_or_default(), new.units.len(), new.scheme.indicators.len()),
                    Lang::En => format!("Document: {} ({}), {} units, {} indicators.", new.scheme.name, new.scheme.year.map(|y| y.to_string()).unwrap_or_default(), new.units.len(), new.scheme.indicators.len()),
                } }</p>
                if errors.is_empty() {
                    <p class="summary" role="status">{ match lang {
                        Lang::Zh => format!("将替换当前的考核方案“{}”和全部数据，并作为新的对比基准。应用后可用“撤销”恢复。", doc.scheme.name),
                        Lang::En => format!("It replaces the scheme “{}” and all data, and becomes the baseline. Undo brings them back.", doc.scheme.name),
                    } }</p>
                } else {
                    <p class="problems-head" role="alert">{ match lang {
                        Lang::Zh => format!("文档有 {} 个错误，无法计分，不能导入：", errors.len()),
                        Lang::En => format!("The document has {} errors and cannot be scored:", errors.len()),
                    } }</p>
                    { list(said(errors, lang), "problems", lang) }
                }
                if !warnings.is_empty() { { list(said(warnings, lang), "notes", lang) } }
                </>
            }
        }
    };
    html! {
        <div class="backdrop no-print">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" onkeydown={on_key}>
                <h2 id="import-title">{ tr(lang, "导入预览：", "Import preview: ") }{ d.file.clone() }</h2>
                { body }
                <div class="dialog-actions">
                    <button type="button" class="primary" ref={apply_ref} onclick={apply} disabled={!can_apply}>{ tr(lang, "应用导入", "Apply") }</button>
                    <button type="button" ref={cancel_ref} onclick={cancel}>{ tr(lang, "取消", "Cancel") }</button>
                </div>
            </div>
        </div>
    }
}
