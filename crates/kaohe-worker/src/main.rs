//! The spreadsheet worker (issue 5): started the first time a file is imported or a workbook
//! exported (by the module loaded on first use, `crates/kaohe-editor`), so calamine and the xlsx
//! writer never weigh on the first page load.
//!
//! Protocol: `kaohe_core::protocol::{SheetRequest, SheetReply}`, as JS objects (serde-wasm-bindgen).
//! Once loaded the worker posts `{"type": "ready"}`; then each request gets one reply with its id:
//! - `{"type": "preview", id, file, sheet, bytes: Uint8Array, document}` → `{"type": "preview", id,
//!   preview}`: what importing the file's sheet into the document (the user's current scenario)
//!   would change, and every problem (typed: the dialog says them in the language shown).
//! - `{"type": "export", id, kind, document, lang}` → `{"type": "exported", id, bytes}`, kind `xlsx`
//!   (结果, 明细 and 输入 sheets of the document's results), `template` (the empty 输入 sheet) or
//!   `csv` (the 结果 sheet, UTF-8 with BOM).
//! - any failure → `{"type": "failed", id, error}` (`SheetError`, typed).
//!
//! The document comes with each request, so the layouts (kaohe_core::table) run here too.
//! The offline single file (`scripts/bundle`) loads this module on the page itself, where `main`
//! does nothing, and calls the exported `handle` with the same messages.

#[cfg(target_arch = "wasm32")]
mod worker {
    use kaohe_core::protocol::{ExportKind, SheetReply, SheetRequest};
    use kaohe_core::table::{self, SheetError};
    use kaohe_core::Lang;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// One request, answered (the protocol above). Exported too: the offline single file
    /// (`scripts/bundle`) has no workers and calls it on the page's own thread.
    #[wasm_bindgen]
    pub fn handle(data: JsValue) -> JsValue {
        let reply = match serde_wasm_bindgen::from_value::<SheetRequest>(data) {
            Ok(request) => answer(request),
            // Not a request of this build's module: nothing to pair a reply with but id 0.
            Err(e) => SheetReply::Failed { id: 0, error: SheetError::Request(e.to_string()) },
        };
        serde_wasm_bindgen::to_value(&reply).unwrap_or(JsValue::NULL)
    }

    fn document(text: &str) -> Result<kaohe_core::Document, SheetError> {
        kaohe_core::parse_document(text).map_err(|e| SheetError::Request(e.en()))
    }

    fn answer(request: SheetRequest) -> SheetReply {
        match request {
            SheetRequest::Preview { id, file, sheet, bytes, document: doc } => {
                let read = document(&doc).and_then(|doc| Ok(table::preview(&doc, &kaohe_sheet::read(&file, &bytes, sheet.as_deref())?)));
                match read {
                    Ok(preview) => SheetReply::Preview { id, preview },
                    Err(error) => SheetReply::Failed { id, error },
                }
            }
            SheetRequest::Export { id, kind, document: text, .. } => {
                let parsed = document(&text);
                drop(text);
                match parsed.and_then(|doc| export(doc, kind)) {
                    Ok(bytes) => SheetReply::Exported { id, bytes },
                    Err(error) => SheetReply::Failed { id, error },
                }
            }
        }
    }

    /// The file of an export. The document's text, the document and its results are each freed
    /// once what follows no longer needs them: the workbook writer's tables (at 2,000 × 100 about
    /// 300 MB) then reuse their memory rather than grow the worker's.
    fn export(doc: kaohe_core::Document, kind: ExportKind) -> Result<Vec<u8>, SheetError> {
        if kind == ExportKind::Template {
            return kaohe_sheet::write_xlsx(vec![table::inputs_sheet(&doc, true)]);
        }
        let results = kaohe_core::evaluate_explained(&doc, Lang::Zh).map_err(|issues| {
            let first = issues.into_iter().next().unwrap_or_else(|| kaohe_core::Issue::new("", kaohe_core::IssueKind::Empty));
            SheetError::Unscorable { zh: first.text(Lang::Zh), en: first.text(Lang::En) }
        })?;
        let book = table::explained_workbook(&doc, &results);
        drop((doc, results));
        match kind {
            ExportKind::Csv => Ok(table::to_csv(&book[0]).into_bytes()),
            _ => kaohe_sheet::write_xlsx(book),
        }
    }

    pub fn start() {
        // Loaded on a page (the offline single file) rather than in a worker: nothing to listen to.
        if !js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("importScripts")).unwrap_or(false) {
            return;
        }
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let out = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let _ = out.post_message(&handle(e.data()));
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&serde_wasm_bindgen::to_value(&SheetReply::Ready).unwrap_or(JsValue::NULL));
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("kaohe-worker runs only as a web worker of the Kaohe app (built by trunk)");
}
