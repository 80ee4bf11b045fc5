//! The bridge between the app and the editor module (built by Trunk as an ES module next to the
//! app, imported the first time the 考核方案 view opens):
//! - `mount(root, shellJson, summaryJson, lang, onEvent)` renders the editor into `root` on the
//!   app's scheme and units (the document without inputs, `editing::shell`) and how much data it
//!   holds (`editing::summary`): a 2,000-unit document's inputs never cross (issue 14);
//! - `update(shellJson, summaryJson, lang)` hands it the app's current ones after every change;
//! - `onEvent(json)` hands the app what the user did, a `protocol::ModuleEvent` as JSON text
//!   (externally tagged, DECISIONS 74): `{"doc": {"shell": …, "ops": […]}}` every edited scheme and
//!   units with the changes to the inputs it implies (`editing::with_scheme_of` applies them),
//!   `{"new": {"from": "blank" | "demo"}}` to start a new scheme;
//! - `mountSeek(root, documentJson, version, unit, lang, onApply)` renders the 目标测算 panel and
//!   `updateSeek(documentJson, version, unit, lang)` keeps it on the app's current scenario;
//!   `onEvent({"apply": {"cells": [[unit, indicator, field, "value"], …]}})` hands back 采用's
//!   values to apply as one step;
//! - `seekJson(documentJson, unit, target, fieldsAll)` answers a host page's `kaohe:seek` (FORMAT §5);
//! - `openImport(root, file, bytes, documentJson, scheme, lang, onEvent)` opens the import dialog on
//!   a picked file (`importLang(lang)` re-says it after a switch); it hands back
//!   `{"import_inputs": {"changes": …, "vetoes": …}}`, `{"import_document": {"text": …}}` or
//!   `"import_closed"` and closes;
//! - `exportFile(root, kind, documentJson, lang)` resolves to the file's bytes
//!   (`protocol::ExportKind`), or to null after showing why not in `root` (typed, re-said by
//!   `importLang` after a switch, until 知道了).

#[cfg(target_arch = "wasm32")]
mod bridge {
    use std::cell::RefCell;
    use std::rc::Rc;

    use kaohe_core::editing::DataSummary;
    use kaohe_core::editing::InputOp;
    use kaohe_core::model::Document;
    use kaohe_core::protocol::{ModuleEvent, NewFrom};
    use kaohe_core::Lang;
    use kaohe_editor::view::SchemeEditor;
    use kaohe_editor::{EditAction, EditorState};
    use wasm_bindgen::prelude::*;
    use yew::prelude::*;

    thread_local! {
        static DISPATCH: RefCell<Option<UseReducerDispatcher<EditorState>>> = const { RefCell::new(None) };
    }

    fn lang(s: &str) -> Lang {
        s.parse().unwrap_or_default()
    }

    #[derive(Properties, PartialEq)]
    struct RootProps {
        doc: Rc<Document>,
        data: Rc<DataSummary>,
        lang: Lang,
        on_doc: Callback<(String, Vec<InputOp>)>,
        start: Callback<NewFrom>,
    }

    #[component]
    fn Root(p: &RootProps) -> Html {
        let state = use_reducer({
            let (doc, data, lang) = (Rc::clone(&p.doc), Rc::clone(&p.data), p.lang);
            move || EditorState::new(doc, data, lang)
        });
        {
            let dispatcher = state.dispatcher();
            use_effect_with((), move |_| DISPATCH.with(|d| *d.borrow_mut() = Some(dispatcher)));
        }
        {
            let (st, on_doc) = (state.clone(), p.on_doc.clone());
            use_effect_with(state.outgoing.as_ref().map(|(n, _, _)| *n), move |n| {
                if n.is_some() {
                    if let Some((_, d, ops)) = &st.outgoing {
                        let json = kaohe_core::write_document(d);
                        SEEN.with(|x| x.borrow_mut().0.clone_from(&json));
                        on_doc.emit((json, ops.clone()));
                    }
                }
            });
        }
        let dispatch = {
            let st = state.clone();
            Callback::from(move |a: EditAction| st.dispatch(a))
        };
        html! { <SchemeEditor state={state} {dispatch} start={p.start.clone()} /> }
    }

    /// The app's `onEvent`, called with each event as JSON text.
    fn event_sender(f: js_sys::Function) -> Callback<ModuleEvent> {
        Callback::from(move |ev: ModuleEvent| {
            if let Ok(json) = serde_json::to_string(&ev) {
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&json));
            }
        })
    }

    /// Renders the editor into `root` on a document.
    #[wasm_bindgen]
    pub fn mount(root: web_sys::Element, shell_json: &str, summary_json: &str, lang_tag: &str, on_event: js_sys::Function) -> Result<(), JsValue> {
        let (doc, data) = read(shell_json, summary_json)?;
        SEEN.with(|x| *x.borrow_mut() = (shell_json.to_string(), summary_json.to_string(), lang_tag.to_string()));
        let send = event_sender(on_event);
        let on_doc = send.reform(|(shell, ops): (String, Vec<InputOp>)| ModuleEvent::Doc { shell, ops });
        let start = send.reform(|from| ModuleEvent::New { from });
        let props = RootProps { doc: Rc::new(doc), data: Rc::new(data), lang: lang(lang_tag), on_doc, start };
        add_styles(&root);
        yew::Renderer::<Root>::with_root_and_props(root, props).render();
        Ok(())
    }

    thread_local! {
        static SEEK: RefCell<Option<(yew::AppHandle<kaohe_editor::seek::SeekPanel>, Callback<kaohe_editor::seek::Apply>)>> = const { RefCell::new(None) };
    }

    fn seek_props(doc_json: &str, version: &str, unit: &str, lang_tag: &str, on_apply: Callback<kaohe_editor::seek::Apply>) -> Result<kaohe_editor::seek::SeekProps, JsValue> {
        let doc = kaohe_core::parse_document(doc_json).map_err(|e| JsValue::from_str(&e.en()))?;
        Ok(kaohe_editor::seek::SeekProps { doc: Rc::new(doc), version: version.to_string(), unit: unit.to_string(), lang: lang(lang_tag), on_apply })
    }

    /// Renders the 目标测算 panel into `root`; `on_event` receives 采用's values to apply.
    #[wasm_bindgen(js_name = mountSeek)]
    pub fn mount_seek(root: web_sys::Element, doc_json: &str, version: &str, unit: &str, lang_tag: &str, on_event: js_sys::Function) -> Result<(), JsValue> {
        let on_apply = event_sender(on_event).reform(|cells: kaohe_editor::seek::Apply| ModuleEvent::Apply {
            cells: cells.into_iter().map(|(u, i, f, v)| (u, i, f, v.normalize().to_string())).collect(),
        });
        let props = seek_props(doc_json, version, unit, lang_tag, on_apply.clone())?;
        add_styles(&root);
        let handle = yew::Renderer::<kaohe_editor::seek::SeekPanel>::with_root_and_props(root, props).render();
        SEEK.with(|s| *s.borrow_mut() = Some((handle, on_apply)));
        Ok(())
    }

    /// The app's current scenario, unit and language for the 目标测算 panel.
    #[wasm_bindgen(js_name = updateSeek)]
    pub fn update_seek(doc_json: &str, version: &str, unit: &str, lang_tag: &str) -> Result<(), JsValue> {
        SEEK.with(|s| {
            if let Some((handle, on_apply)) = &mut *s.borrow_mut() {
                let props = seek_props(doc_json, version, unit, lang_tag, on_apply.clone())?;
                handle.update(props);
            }
            Ok(())
        })
    }

    /// The charts' baseline (numbered by the app) and each host's mounted charts.
    struct ChartHost {
        root: web_sys::Element,
        handle: yew::AppHandle<kaohe_editor::charts::Charts>,
    }

    thread_local! {
        /// The baseline the app sent (its number) and the last scenario drawn (its link state).
        static CHART_BASE: RefCell<Option<(u32, Rc<Document>)>> = const { RefCell::new(None) };
        static CHART_SCENARIO: RefCell<Option<(String, Rc<kaohe_core::scenario::Scenario>)>> = const { RefCell::new(None) };
        static CHART_HOSTS: RefCell<Vec<(kaohe_editor::charts::Kind, ChartHost)>> = const { RefCell::new(Vec::new()) };
        static CHART_VERSION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    /// The module's styles (the scheme editor's, 目标测算's, the charts'), added to the page once,
    /// before it first mounts or draws: the first page load does not carry them.
    fn add_styles(root: &web_sys::Element) {
        let Some(doc) = root.owner_document() else { return };
        if doc.get_element_by_id("kaohe-editor-css").is_some() {
            return;
        }
        if let (Ok(style), Some(head)) = (doc.create_element("style"), doc.head()) {
            style.set_id("kaohe-editor-css");
            style.set_text_content(Some(concat!(include_str!("editor.css"), include_str!("charts/charts.css"))));
            let _ = head.append_child(&style);
        }
    }

    /// Whether the charts hold baseline number `key` (else the app sends it with `setChartBase`).
    #[wasm_bindgen(js_name = hasChartBase)]
    pub fn has_chart_base(key: u32) -> bool {
        CHART_BASE.with(|b| b.borrow().as_ref().is_some_and(|(k, _)| *k == key))
    }

    /// The app's baseline (a document's JSON), numbered `key`: what a link naming a held document
    /// (`k3-h`) stands on.
    #[wasm_bindgen(js_name = setChartBase)]
    pub fn set_chart_base(key: u32, json: &str) -> Result<(), JsValue> {
        let doc = kaohe_core::parse_document(json).map_err(|e| JsValue::from_str(&e.en()))?;
        CHART_BASE.with(|b| *b.borrow_mut() = Some((key, Rc::new(doc))));
        Ok(())
    }

    /// The scenario of a link state (FORMAT §3, as the app writes it after every change), opened
    /// over the last one: only its changes are scored again, and none when it is the same state.
    fn scenario_of(state: &str) -> Result<Rc<kaohe_core::scenario::Scenario>, JsValue> {
        use kaohe_core::link;
        let last = CHART_SCENARIO.with(|c| c.borrow().clone());
        if let Some((s, sc)) = &last {
            if s == state {
                return Ok(Rc::clone(sc));
            }
        }
        let held = |_: &str| CHART_BASE.with(|b| b.borrow().as_ref().map(|(_, d)| (**d).clone()));
        let err = |e: link::LinkError| JsValue::from_str(&e.message(Lang::En));
        let decoded = link::decode_with(state, &held).map_err(err)?;
        let sc = Rc::new(link::open_on(decoded, last.as_ref().map(|(_, sc)| &**sc)).map_err(err)?);
        CHART_SCENARIO.with(|c| *c.borrow_mut() = Some((state.to_string(), Rc::clone(&sc))));
        Ok(sc)
    }

    /// Draws the charts of `kind` ("ranking", "heat", "unit") into `root` — mounting them there the
    /// first time, updating them after — for the scenario of a link state (the app's fragment
    /// without its view), the ranking's rows (`order`: unit indices, "3,0,1"), the unit view's
    /// unit (an index, or empty) and the language. A heat-map cell or unit name pressed calls
    /// `on_open("unit index")`, then scrolls to the indicator's row in the unit view.
    #[wasm_bindgen(js_name = drawCharts)]
    pub fn draw_charts(root: web_sys::Element, kind: &str, state: &str, order: &str, unit: &str, lang_tag: &str, on_open: js_sys::Function) -> Result<(), JsValue> {
        use kaohe_editor::charts::{Charts, ChartsProps, Data, Kind};
        let kind = Kind::parse(kind).ok_or_else(|| JsValue::from_str("unknown chart kind"))?;
        let sc = scenario_of(state)?;
        let version = CHART_VERSION.with(|v| {
            v.set(v.get() + 1);
            v.get()
        });
        let n = sc.results().units.len();
        let data = Rc::new(Data {
            version,
            sc,
            order: order.split(',').filter_map(|k| k.parse::<usize>().ok()).filter(|&k| k < n).collect(),
            unit: unit.parse().ok(),
        });
        let on_open = Callback::from(move |(u, i): (usize, Option<usize>)| {
            let _ = on_open.call1(&JsValue::NULL, &JsValue::from_str(&u.to_string()));
            if let Some(i) = i {
                kaohe_editor::charts::show_indicator(i);
            }
        });
        let props = ChartsProps { kind, data, lang: lang(lang_tag), on_open };
        add_styles(&root);
        CHART_HOSTS.with(|hosts| {
            let mut hosts = hosts.borrow_mut();
            if let Some(k) = hosts.iter().position(|(k, h)| *k == kind && h.root != root) {
                // The app drew this kind elsewhere before (its view was left and opened again).
                let (_, old) = hosts.remove(k);
                old.handle.destroy();
            }
            match hosts.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, h)) => h.handle.update(props),
                None => {
                    let handle = yew::Renderer::<Charts>::with_root_and_props(root.clone(), props).render();
                    hosts.push((kind, ChartHost { root, handle }));
                }
            }
        });
        Ok(())
    }

    #[wasm_bindgen(inline_js = r#"export async function save_offline(data, scheme, year, who, edits) {
  // Why not, as a code the app says in the language it shows (also after a switch).
  if (data.startsWith('k3-h.')) return 'too-large';
  const b = globalThis.kaoheBundle;
  let t;
  try {
    t = b ? b.template() : await fetch('./考核计分器.html').then((r) => { if (!r.ok) throw r.status; return r.text(); });
  } catch (_) {
    return 'no-template';
  }
  const d = new Date(), p2 = (n) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
  const title = `${who}${year ? '-' + year : ''}-考核测算`.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_');
  const head = `考核计分器离线文件：${scheme}${year ? '（' + year + '年）' : ''}，${who}，${edits} 处修改，保存于 ${day}`;
  const e = (s) => s.replace(/[&<>"]/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const html = t.replace(/^<!doctype html>\n(<!--[^]*?-->\n)?/, () => '<!doctype html>\n<!-- ' + head.replace(/--/g, '——') + ' -->\n')
    .replace(/<title>[^<]*/, () => '<title>' + e(title))
    .replace(/(<meta name="description" content=")[^"]*/, (_, p) => p + e(head))
    .replace(/(id="kaohe-data">)[^<]*/, (_, p) => p + JSON.stringify(data).replace(/</g, '\\u003c'));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  a.download = title + '.html';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}"#)]
    extern "C" {
        #[wasm_bindgen(js_name = save_offline)]
        fn save_offline_js(data: &str, scheme: &str, year: JsValue, who: &str, edits: usize) -> js_sys::Promise;
    }

    /// 另存为离线文件 (issue 13): downloads the offline single file — this page itself when it is one
    /// (`kaoheBundle.template()`), else `考核计分器.html` next to the app — with `data` (a link state,
    /// FORMAT §3; `k3-h`, naming the document only, when it is too large to be read from a link) as its starting state, named
    /// `<who>-<year>-考核测算.html`, saying above `<html>` and in its description what it holds.
    /// Resolves to nothing, or to why it could not: `too-large` (a document over 1 MB) or
    /// `no-template` (no offline file next to the page).
    #[wasm_bindgen(js_name = saveOffline)]
    pub fn save_offline(data: &str, scheme: &str, year: JsValue, who: &str, edits: usize) -> js_sys::Promise {
        save_offline_js(data, scheme, year, who, edits)
    }

    thread_local! {
        /// The open import dialog and its props (to re-say it after a language switch).
        static IMPORT: RefCell<Option<(yew::AppHandle<kaohe_editor::import::ImportDialog>, kaohe_editor::import::ImportProps)>> = const { RefCell::new(None) };
        /// Numbers the dialogs opened (a closing one never closes its successor).
        static IMPORTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
        /// The language the app last said (an export's failure, found later, is said in it).
        static FILE_LANG: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::Zh) };
        /// An export's failure notice, while shown.
        static EXPORT_FAILED: RefCell<Option<(yew::AppHandle<kaohe_editor::import::ExportFailed>, kaohe_editor::import::ExportFailedProps)>> = const { RefCell::new(None) };
    }

    fn close_export_failed() {
        if let Some((handle, _)) = EXPORT_FAILED.with(|e| e.borrow_mut().take()) {
            handle.destroy();
        }
    }

    /// Closes the import dialog numbered `n` (None: whichever is open).
    fn close_import(n: Option<u64>) {
        if n.is_some_and(|n| n != IMPORTS.with(|c| c.get())) {
            return;
        }
        if let Some((handle, _)) = IMPORT.with(|i| i.borrow_mut().take()) {
            handle.destroy();
        }
    }

    /// Opens the import dialog on a picked file (the dialog reads it: a `.kaohe.json` here, a
    /// spreadsheet in the worker) against the user's current scenario; `on_event` receives what
    /// 应用导入 applies or that the dialog was closed (`ModuleEvent`), after which it is gone.
    #[wasm_bindgen(js_name = openImport)]
    pub fn open_import(root: web_sys::Element, file: String, bytes: Vec<u8>, doc_json: &str, scheme: String, lang_tag: &str, on_event: js_sys::Function) {
        use kaohe_editor::import::{ImportDialog, ImportProps};
        close_import(None);
        let n = IMPORTS.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        let send = event_sender(on_event);
        let on_event = Callback::from(move |ev: ModuleEvent| {
            // The dialog goes once this event (its own) is handled.
            gloo_timers::callback::Timeout::new(0, move || close_import(Some(n))).forget();
            send.emit(ev);
        });
        let props = ImportProps { file, bytes: Rc::new(bytes), document: Rc::from(doc_json), scheme, lang: lang(lang_tag), on_event };
        add_styles(&root);
        let handle = yew::Renderer::<ImportDialog>::with_root_and_props(root, props.clone()).render();
        IMPORT.with(|i| *i.borrow_mut() = Some((handle, props)));
    }

    /// The open import dialog and the export's failure notice (if any) in another language.
    #[wasm_bindgen(js_name = importLang)]
    pub fn import_lang(lang_tag: &str) {
        FILE_LANG.with(|l| l.set(lang(lang_tag)));
        IMPORT.with(|i| {
            if let Some((handle, props)) = &mut *i.borrow_mut() {
                props.lang = lang(lang_tag);
                handle.update(props.clone());
            }
        });
        EXPORT_FAILED.with(|e| {
            if let Some((handle, props)) = &mut *e.borrow_mut() {
                props.lang = lang(lang_tag);
                handle.update(props.clone());
            }
        });
    }

    /// A file made from the document (`protocol::ExportKind` as JSON) by the spreadsheet worker:
    /// resolves to its bytes (a `Uint8Array`), or to null after showing why not in `root`.
    #[wasm_bindgen(js_name = exportFile)]
    pub fn export_file(root: web_sys::Element, kind_json: &str, doc_json: js_sys::JsString, lang_tag: &str) -> js_sys::Promise {
        use kaohe_core::protocol::ExportKind;
        use kaohe_core::table::SheetError;
        use kaohe_editor::import::{ExportFailed, ExportFailedProps};
        close_export_failed();
        let kind = serde_json::from_str::<ExportKind>(kind_json).map_err(|e| SheetError::Request(e.to_string()));
        let lang = lang(lang_tag);
        FILE_LANG.with(|l| l.set(lang));
        wasm_bindgen_futures::future_to_promise(async move {
            let made = match kind {
                Ok(kind) => kaohe_editor::sheets::Sheets.export(kind, doc_json, lang).await,
                Err(e) => Err(e),
            };
            match made {
                Ok(bytes) => Ok(js_sys::Uint8Array::from(bytes.as_slice()).into()),
                Err(error) => {
                    let on_close = Callback::from(|()| close_export_failed());
                    // In the language shown now (it may have been switched while the file was made).
                    let props = ExportFailedProps { error, lang: FILE_LANG.with(|l| l.get()), on_close };
                    add_styles(&root);
                    let handle = yew::Renderer::<ExportFailed>::with_root_and_props(root, props.clone()).render();
                    EXPORT_FAILED.with(|e| *e.borrow_mut() = Some((handle, props)));
                    Ok(JsValue::NULL)
                }
            }
        })
    }

    /// 目标测算 for a host page (FORMAT §4 `kaohe:seek`): the §5 JSON, or the error in English.
    #[wasm_bindgen(js_name = seekJson)]
    pub fn seek_json(doc_json: &str, unit: &str, target: &str, all: bool) -> Result<String, JsValue> {
        use kaohe_core::seek::{seek, FieldSet, Target};
        let doc = kaohe_core::parse_document(doc_json).map_err(|e| JsValue::from_str(&e.en()))?;
        let fields = if all { FieldSet::All } else { FieldSet::Own };
        let answer = target.parse::<Target>().and_then(|t| seek(&doc, unit, &t, fields)).map_err(|e| JsValue::from_str(&e.message(Lang::En)))?;
        serde_json::to_string(&answer).map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// The scheme and units (a document without inputs) and the data summary, as the app sends them.
    fn read(shell_json: &str, summary_json: &str) -> Result<(Document, DataSummary), JsValue> {
        let doc = kaohe_core::parse_document(shell_json).map_err(|e| JsValue::from_str(&e.en()))?;
        let data = serde_json::from_str(summary_json).map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok((doc, data))
    }

    thread_local! {
        /// The scheme and units the editor holds (as the app sent them or as it sent them to the
        /// app), and the data summary and language the app last sent.
        static SEEN: RefCell<(String, String, String)> = const { RefCell::new((String::new(), String::new(), String::new())) };
    }

    /// The app's current scheme and units, data summary and language. What the editor already holds
    /// — the document it has just handed to the app, coming back — is not read or drawn again (at
    /// 500 units that was a third of a change's time).
    #[wasm_bindgen]
    pub fn update(shell_json: &str, summary_json: &str, lang_tag: &str) -> Result<(), JsValue> {
        let known = SEEN.with(|x| {
            let x = x.borrow();
            x.0 == shell_json && x.1 == summary_json && x.2 == lang_tag
        });
        if known {
            return Ok(());
        }
        let (doc, data) = read(shell_json, summary_json)?;
        SEEN.with(|x| *x.borrow_mut() = (shell_json.to_string(), summary_json.to_string(), lang_tag.to_string()));
        DISPATCH.with(|d| {
            if let Some(d) = &*d.borrow() {
                d.dispatch(EditAction::Load(Rc::new(doc), Rc::new(data), lang(lang_tag)));
            }
        });
        Ok(())
    }
}

fn main() {}
