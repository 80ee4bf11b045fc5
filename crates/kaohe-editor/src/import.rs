//! The import dialog (导入数据…, issues 5 and 12): a picked file is previewed — what would change,
//! every problem at its row and column — and applied as one step or not at all. It lives in this
//! module, loaded on first use, with the spreadsheet worker's typed client (`sheets`), so that the
//! typed previews weigh on no first page load. The app reads the file's bytes and mounts the dialog
//! (`openImport`); the dialog hands back what 应用导入 applies, or that it was closed
//! (`protocol::ModuleEvent`).
//!
//! An export's failure is said here too (`ExportFailed`), typed until it is drawn.
//!
//! `ImportState` and the words are pure (native tests below); `ImportDialog` is the view.

use std::rc::Rc;

use kaohe_core::model::Document;
use kaohe_core::protocol::ModuleEvent;
use kaohe_core::table::{Preview, SheetError};
use kaohe_core::{tr, Issue, Lang};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sheets::use_sheet_worker;

/// What a file would import.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    /// Inputs from a spreadsheet: the changes to the current scenario and every problem.
    Inputs(Preview),
    /// A whole `.kaohe.json` document, to become the baseline; `errors` refuse it.
    Document {
        /// The document read.
        doc: Rc<Document>,
        /// Its text (what the app is handed).
        text: Rc<str>,
        /// Why it cannot be scored (each with its path).
        errors: Vec<Issue>,
        /// Warnings that do not stop it.
        warnings: Vec<Issue>,
    },
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The spreadsheet worker's reason (or that it failed).
    Sheet(SheetError),
    /// A `.kaohe.json` document that does not parse.
    Document(Issue),
    /// A `.json` file that is not UTF-8 (its name).
    NotUtf8(String),
}

impl Refusal {
    /// The reason in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Refusal::Sheet(e) => e.message(lang),
            Refusal::Document(i) => i.text(lang),
            Refusal::NotUtf8(name) => match lang {
                Lang::Zh => format!("“{name}”不是 UTF-8 编码的 JSON 文档"),
                Lang::En => format!("“{name}” is not a UTF-8 JSON document"),
            },
        }
    }
}

/// The dialog's state: reading (both None), read, or refused.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportState {
    /// What the file would import.
    pub read: Option<Read>,
    /// Why it cannot be read.
    pub error: Option<Refusal>,
}

/// Whether a file is a `.kaohe.json` document rather than a spreadsheet.
pub fn is_json(name: &str, bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    name.to_ascii_lowercase().ends_with(".json") || start.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// A `.kaohe.json` file read: the document and the engine's errors and warnings, or why not.
pub fn read_document(name: &str, bytes: &[u8]) -> ImportState {
    let read = std::str::from_utf8(bytes).map_err(|_| Refusal::NotUtf8(name.to_string())).and_then(|text| {
        let text = text.trim_start_matches('\u{feff}');
        let doc = kaohe_core::parse_document(text).map_err(Refusal::Document)?;
        let report = kaohe_core::validate(&doc);
        Ok(Read::Document { doc: Rc::new(doc), text: Rc::from(text), errors: report.errors, warnings: report.warnings })
    });
    match read {
        Ok(r) => ImportState { read: Some(r), error: None },
        Err(e) => ImportState { read: None, error: Some(e) },
    }
}

impl ImportState {
    /// The worker's answer.
    pub fn previewed(result: Result<Preview, SheetError>) -> ImportState {
        match result {
            Ok(p) => ImportState { read: Some(Read::Inputs(p)), error: None },
            Err(e) => ImportState { read: None, error: Some(Refusal::Sheet(e)) },
        }
    }

    /// Whether 应用导入 can be pressed: read, no problem, and something to change.
    pub fn can_apply(&self) -> bool {
        match (&self.error, &self.read) {
            (None, Some(Read::Inputs(p))) => p.problems.is_empty() && (!p.changes.is_empty() || !p.vetoes.is_empty()),
            (None, Some(Read::Document { errors, .. })) => errors.is_empty(),
            _ => false,
        }
    }

    /// What 应用导入 hands the app (made when pressed: a large import's changes are not copied on
    /// every render); None when it cannot be applied.
    pub fn outcome(&self) -> Option<ModuleEvent> {
        if !self.can_apply() {
            return None;
        }
        match &self.read {
            Some(Read::Inputs(p)) => Some(ModuleEvent::ImportInputs { changes: p.changes.clone(), vetoes: p.vetoes.clone() }),
            Some(Read::Document { text, .. }) => Some(ModuleEvent::ImportDocument { text: text.to_string() }),
            None => None,
        }
    }
}

/// What the dialog says about a spreadsheet's preview: its contents, then what would change or why
/// not.
pub fn inputs_words(p: &Preview, lang: Lang) -> (String, String) {
    let summary = match lang {
        Lang::Zh => format!("文件中有 {} 个单位、{} 列指标数据。", p.units_in_file, p.columns),
        Lang::En => format!("The file has {} units and {} indicator columns.", p.units_in_file, p.columns),
    };
    let cells = p.changes.len();
    let change = if !p.problems.is_empty() {
        match lang {
            Lang::Zh => format!("发现 {} 个问题，请在文件中修正后重新导入。在修正之前不会修改任何数据：", p.problems.len()),
            Lang::En => format!("{} problems: fix them in the file and import again. Nothing changes until then:", p.problems.len()),
        }
    } else if cells > 0 || !p.vetoes.is_empty() {
        let veto = match (p.vetoes.len(), lang) {
            (0, _) => String::new(),
            (n, Lang::Zh) => format!("，{n} 个单位的一票否决"),
            (n, Lang::En) => format!(", {n} vetoes"),
        };
        match lang {
            Lang::Zh => format!("将修改 {} 个单位的 {cells} 项数据{veto}。应用后可用“撤销”恢复。", p.units_changed),
            Lang::En => format!("{cells} figures of {} units will change{veto}. Undo brings them back.", p.units_changed),
        }
    } else {
        tr(lang, "文件中的数据与当前数据完全相同，无需修改。", "The file holds exactly the current data: nothing to change.").to_string()
    };
    (summary, change)
}

/// The most problems listed (the count says how many more).
const SHOWN: usize = 200;

/// The first `SHOWN` of `items`, said (only those are put into words), and how many more there are.
fn list<T>(items: &[T], say: impl Fn(&T) -> String, class: &'static str, lang: Lang) -> Html {
    let more = items.len().saturating_sub(SHOWN);
    html! {
        <ul class={class}>
            { for items.iter().take(SHOWN).map(|p| html! { <li>{ say(p) }</li> }) }
            if more > 0 {
                <li>{ match lang { Lang::Zh => format!("……另有 {more} 个问题"), Lang::En => format!("… and {more} more") } }</li>
            }
        </ul>
    }
}

/// What the app hands the dialog.
#[derive(Properties, PartialEq, Clone)]
pub struct ImportProps {
    /// The file's name.
    pub file: String,
    /// Its bytes.
    pub bytes: Rc<Vec<u8>>,
    /// The user's current scenario (FORMAT §1 text), which a spreadsheet is read against.
    pub document: Rc<str>,
    /// The current scheme's name (a document import replaces it).
    pub scheme: String,
    /// Interface language.
    pub lang: Lang,
    /// 应用导入 (what to apply) or closed.
    pub on_event: Callback<ModuleEvent>,
}

/// The import preview: what would change and every problem; 应用导入 or 取消 (Escape).
#[component]
pub fn ImportDialog(p: &ImportProps) -> Html {
    // A `.kaohe.json` document is read here: the worker is not loaded for it.
    let sheets = use_sheet_worker(!is_json(&p.file, &p.bytes));
    let state = use_state(ImportState::default);
    // The sheet asked for (None: 输入, else the first); picking another reads the file again.
    let sheet = use_state(|| None::<String>);
    // Numbers the reads: the preview of a sheet picked before another arrives too late to show.
    let reads = use_mut_ref(|| 0u32);
    {
        let (state, file, bytes, document) = (state.clone(), p.file.clone(), Rc::clone(&p.bytes), Rc::clone(&p.document));
        let reads = reads.clone();
        use_effect_with((*sheet).clone(), move |sheet| {
            if is_json(&file, &bytes) {
                state.set(read_document(&file, &bytes));
            } else {
                state.set(ImportState::default());
                *reads.borrow_mut() += 1;
                let (sheet, n) = (sheet.clone(), *reads.borrow());
                wasm_bindgen_futures::spawn_local(async move {
                    let result = sheets.preview(file, sheet, bytes.to_vec(), document.to_string()).await;
                    if *reads.borrow() == n {
                        state.set(ImportState::previewed(result));
                    }
                });
            }
        });
    }
    let (apply_ref, cancel_ref) = (use_node_ref(), use_node_ref());
    {
        // When the dialog opens or its preview arrives, focus moves into it: 应用导入 when it can
        // be applied, else 取消.
        let (a, c) = (apply_ref.clone(), cancel_ref.clone());
        let key = (state.read.is_some(), state.error.is_some());
        use_effect_with(key, move |_| {
            let el = a.cast::<web_sys::HtmlButtonElement>().filter(|b| !b.disabled()).map(|b| b.unchecked_into::<web_sys::HtmlElement>())
                .or_else(|| c.cast::<web_sys::HtmlElement>());
            if let Some(el) = el {
                let _ = el.focus();
            }
        });
    }
    let lang = p.lang;
    let can_apply = state.can_apply();
    let apply = {
        let (on, state) = (p.on_event.clone(), state.clone());
        Callback::from(move |_| {
            if let Some(o) = state.outcome() {
                on.emit(o);
            }
        })
    };
    let cancel = { let on = p.on_event.clone(); Callback::from(move |_| on.emit(ModuleEvent::ImportClosed)) };
    let on_key = {
        let on = p.on_event.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on.emit(ModuleEvent::ImportClosed);
            }
        })
    };
    let body = match (&state.error, &state.read) {
        (Some(e), _) => html! { <p class="problems-head" role="alert">{ e.text(lang) }</p> },
        (None, None) => html! { <p role="status"><progress></progress>{ tr(lang, "正在读取文件…（首次使用需加载表格组件）", "Reading the file… (the spreadsheet component loads on first use)") }</p> },
        (None, Some(Read::Inputs(preview))) => inputs_view(preview, &sheet, lang),
        (None, Some(Read::Document { doc, errors, warnings, .. })) => document_view(doc, errors, warnings, &p.scheme, lang),
    };
    html! {
        <div class="backdrop no-print">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" onkeydown={on_key}>
                <h2 id="import-title">{ tr(lang, "导入预览：", "Import preview: ") }{ p.file.clone() }</h2>
                { body }
                <div class="dialog-actions">
                    <button type="button" class="primary" ref={apply_ref} onclick={apply} disabled={!can_apply}>{ tr(lang, "应用导入", "Apply") }</button>
                    <button type="button" ref={cancel_ref} onclick={cancel}>{ tr(lang, "取消", "Cancel") }</button>
                </div>
            </div>
        </div>
    }
}

/// A spreadsheet's preview: the sheet picker (when there are several), what would change, the
/// problems and notes.
fn inputs_view(p: &Preview, sheet: &UseStateHandle<Option<String>>, lang: Lang) -> Html {
    let on_sheet = {
        let (sheet, names) = (sheet.clone(), p.sheets.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
            if let Some(name) = usize::try_from(sel.selected_index()).ok().and_then(|i| names.get(i)) {
                sheet.set(Some(name.clone()));
            }
        })
    };
    let (summary, change) = inputs_words(p, lang);
    let ok = p.problems.is_empty();
    html! {
        <>
        if p.sheets.len() > 1 {
            <label class="field">{ tr(lang, "工作表", "Sheet") }
                <select onchange={on_sheet}>
                    { for p.sheets.iter().enumerate().map(|(i, n)| html! { <option selected={i == p.sheet}>{ n.clone() }</option> }) }
                </select></label>
        }
        <p>{ summary }</p>
        <p class={classes!(if ok { "summary" } else { "problems-head" })} role={if ok { "status" } else { "alert" }}>{ change }</p>
        if !ok { { list(&p.problems, |x| x.text(lang), "problems", lang) } }
        if !p.notes.is_empty() { { list(&p.notes, |n| n.text(lang), "notes", lang) } }
        </>
    }
}

/// A `.kaohe.json` document's preview: what it is, and that it replaces the scheme, or its errors.
fn document_view(new: &Document, errors: &[Issue], warnings: &[Issue], scheme: &str, lang: Lang) -> Html {
    let year = new.scheme.year.map(|y| y.to_string()).unwrap_or_default();
    let (units, inds) = (new.units.len(), new.scheme.indicators.len());
    html! {
        <>
        <p>{ match lang {
            Lang::Zh => format!("考核文档：{}（{year}），{units} 个单位，{inds} 项指标。", new.scheme.name),
            Lang::En => format!("Document: {} ({year}), {units} units, {inds} indicators.", new.scheme.name),
        } }</p>
        if errors.is_empty() {
            <p class="summary" role="status">{ match lang {
                Lang::Zh => format!("将替换当前的考核方案“{scheme}”和全部数据，并作为新的对比基准。应用后可用“撤销”恢复。"),
                Lang::En => format!("It replaces the scheme “{scheme}” and all data, and becomes the baseline. Undo brings them back."),
            } }</p>
        } else {
            <p class="problems-head" role="alert">{ match lang {
                Lang::Zh => format!("文档有 {} 个错误，无法计分，不能导入：", errors.len()),
                Lang::En => format!("The document has {} errors and cannot be scored:", errors.len()),
            } }</p>
            { list(errors, |i| i.text(lang), "problems", lang) }
        }
        if !warnings.is_empty() { { list(warnings, |i| i.text(lang), "notes", lang) } }
        </>
    }
}

/// What the app hands the export's failure notice.
#[derive(Properties, PartialEq, Clone)]
pub struct ExportFailedProps {
    /// Why the file could not be made (typed: said in the language shown).
    pub error: SheetError,
    /// Interface language.
    pub lang: Lang,
    /// 知道了.
    pub on_close: Callback<()>,
}

/// Why an export failed, under the data bar until 知道了 (the app's notices look the same).
#[component]
pub fn ExportFailed(p: &ExportFailedProps) -> Html {
    let close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="link-error no-print" role="alert">{ export_words(&p.error, p.lang) }
            <button type="button" onclick={close}>{ tr(p.lang, "知道了", "OK") }</button></div>
    }
}

/// An export's failure in `lang`.
pub fn export_words(e: &SheetError, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("导出失败：{}", e.message(lang)),
        Lang::En => format!("Export failed: {}", e.message(lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaohe_core::table::{inputs_sheet, preview, Book, Problem, ProblemKind};

    fn demo() -> Document {
        kaohe_core::presets::DEMO.document().unwrap()
    }

    #[test]
    fn a_filled_template_previews_its_changes_and_hands_them_over() {
        let now = demo();
        let mut edited = now.clone();
        edited.set_input("U08", "E5", "actual", Some(rust_decimal::Decimal::from(25000)));
        let book = Book { sheets: vec!["输入".into()], sheet: 0, rows: inputs_sheet(&edited, false).rows };
        let s = ImportState::previewed(Ok(preview(&now, &book)));
        let Some(Read::Inputs(p)) = &s.read else { panic!("{s:?}") };
        // One cell differs: U08's E5 actual (10,040 in the demo → 25,000).
        assert_eq!(inputs_words(p, Lang::Zh).1, "将修改 1 个单位的 1 项数据。应用后可用“撤销”恢复。");
        assert_eq!(inputs_words(p, Lang::En).0, "The file has 12 units and 36 indicator columns.");
        let changes = vec![("U08".to_string(), "E5".to_string(), "actual".to_string(), Some("25000".to_string()))];
        assert!(s.can_apply());
        assert_eq!(s.outcome(), Some(ModuleEvent::ImportInputs { changes, vetoes: vec![] }));
        // The same data as now: nothing to apply.
        let same = Book { sheets: vec!["输入".into()], sheet: 0, rows: inputs_sheet(&now, false).rows };
        let s = ImportState::previewed(Ok(preview(&now, &same)));
        assert!(!s.can_apply());
        assert_eq!(s.outcome(), None);
    }

    #[test]
    fn problems_refuse_the_import_and_are_said_in_the_language_shown() {
        let problem = Problem { row: Some(15), col: Some(0), kind: ProblemKind::UnknownId { id: "U99".into() } };
        let p = Preview { problems: vec![problem.clone()], changes: vec![("U08".into(), "E5".into(), "actual".into(), Some("1".into()))], ..Preview::default() };
        let s = ImportState::previewed(Ok(p.clone()));
        assert!(!s.can_apply());
        assert_eq!(s.outcome(), None);
        assert_eq!(inputs_words(&p, Lang::Zh).1, "发现 1 个问题，请在文件中修正后重新导入。在修正之前不会修改任何数据：");
        assert_eq!((problem.text(Lang::Zh), problem.text(Lang::En)), ("第 15 行 A 列：未知单位编号“U99”：本方案没有这个单位".into(), "row 15, column A: unknown unit id “U99”".into()));
        // The worker's refusal, typed, in either language.
        let s = ImportState::previewed(Err(SheetError::NoSuchSheet("汇总".into())));
        let e = s.error.as_ref().unwrap();
        assert_eq!((e.text(Lang::Zh), e.text(Lang::En)), ("工作簿中没有名为“汇总”的工作表".into(), "the workbook has no sheet “汇总”".into()));
        assert_eq!(s.outcome(), None);
    }

    #[test]
    fn an_export_failure_is_said_in_the_language_shown() {
        let e = SheetError::Write("disk full".into());
        assert_eq!(export_words(&e, Lang::Zh), "导出失败：无法生成 Excel 文件（disk full）");
        assert_eq!(export_words(&e, Lang::En), "Export failed: cannot write the workbook (disk full)");
        let e = SheetError::Failed;
        assert_eq!(export_words(&e, Lang::Zh), "导出失败：表格组件加载或运行失败，请刷新页面后重试");
    }

    #[test]
    fn a_document_file_is_read_here_and_handed_over_whole() {
        assert!(is_json("县里.kaohe.json", b"x") && is_json("x.txt", b"\xEF\xBB\xBF  {") && !is_json("x.csv", b"a,b"));
        let text = kaohe_core::write_document(&kaohe_core::synthetic::document(5, 4, 2).unwrap());
        let s = read_document("县里.kaohe.json", text.as_bytes());
        assert_eq!(s.outcome(), Some(ModuleEvent::ImportDocument { text: text.clone() }));
        // Not UTF-8, not parsing, not scoring: each said, none applied.
        let s = read_document("坏.json", b"{\xff}");
        assert_eq!(s.error.as_ref().map(|e| e.text(Lang::Zh)).as_deref(), Some("“坏.json”不是 UTF-8 编码的 JSON 文档"));
        let s = read_document("坏.json", b"{\"schema_version\": 1");
        assert!(matches!(s.error, Some(Refusal::Document(_))) && s.outcome().is_none());
        let bad = kaohe_core::presets::DEMO.json.replace("\"full\": 10", "\"full\": -10");
        let s = read_document("坏.json", bad.as_bytes());
        assert!(matches!(&s.read, Some(Read::Document { errors, .. }) if !errors.is_empty()), "{s:?}");
        assert_eq!(s.outcome(), None);
    }
}
