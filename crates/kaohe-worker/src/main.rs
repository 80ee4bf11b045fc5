//! The spreadsheet worker (issue 5): the app starts it the first time a file is imported or a
//! workbook exported, so calamine and rust_xlsxwriter never weigh on the first page load.
//!
//! Protocol (all messages are arrays):
//! - worker → app, once loaded: `"ready"`.
//! - `["preview", id, file name, sheet name or null, Uint8Array, <document JSON>]` →
//!   `[id, true, <kaohe_core::table::Preview::encode text>]`: what importing the file's sheet into the
//!   document (the user's current scenario) would change, and every problem, in both languages.
//! - `["export", id, kind, <document JSON>]` → `[id, true, Uint8Array]`, kind `xlsx` (结果,
//!   明细 and 输入 sheets of the document's results), `template` (the empty 输入 sheet) or `csv`
//!   (the 结果 sheet, UTF-8 with BOM).
//!
//! The app sends the document with each request, so the layouts (kaohe_core::table) run here too
//! and stay out of the first page load.
//! - any failure → `[id, false, 中文 message, English message]` (the app says the one shown, also
//!   after the language is switched).
//!
//! The offline single file (`scripts/bundle`) loads this module on the page itself, where `main`
//! does nothing, and calls the exported `handle` with the same messages.

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{Array, Uint8Array};
    use kaohe_core::table::{self, Said};
    use kaohe_core::Lang;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// One request, answered (the protocol above). Exported too: the offline single file
    /// (`scripts/bundle`) has no workers and calls it on the page's own thread.
    #[wasm_bindgen]
    pub fn handle(data: &JsValue) -> Array {
        let msg = Array::from(data);
        let op = msg.get(0).as_string().unwrap_or_default();
        let id = msg.get(1);
        let reply = |ok: bool, payload: JsValue| Array::of3(&id, &JsValue::from_bool(ok), &payload);
        let fail = |e: Said| Array::of4(&id, &JsValue::FALSE, &JsValue::from_str(&e.zh), &JsValue::from_str(&e.en));
        match op.as_str() {
            "preview" => {
                let name = msg.get(2).as_string().unwrap_or_default();
                let sheet = msg.get(3).as_string();
                let bytes = Uint8Array::new(&msg.get(4)).to_vec();
                let doc = match kaohe_core::parse_document(&msg.get(5).as_string().unwrap_or_default()) {
                    Ok(d) => d,
                    Err(e) => return fail(Said::new(|_| e.en())),
                };
                match kaohe_sheet::read(&name, &bytes, sheet.as_deref()) {
                    Ok(book) => reply(true, JsValue::from_str(&table::preview(&doc, &book).encode())),
                    Err(e) => fail(Said::new(|lang| e.message(lang))),
                }
            }
            "export" => {
                let kind = msg.get(2).as_string().unwrap_or_default();
                let doc = match kaohe_core::parse_document(&msg.get(3).as_string().unwrap_or_default()) {
                    Ok(d) => d,
                    Err(e) => return fail(Said::new(|_| e.en())),
                };
                let out = match kind.as_str() {
                    "template" => kaohe_sheet::write_xlsx(&[table::inputs_sheet(&doc, true)]).map_err(|e| Said::new(|lang| e.message(lang))),
                    "xlsx" | "csv" => match kaohe_core::evaluate_explained(&doc, Lang::Zh) {
                        Ok(results) => {
                            let book = table::explained_workbook(&doc, &results);
                            if kind == "csv" {
                                Ok(table::to_csv(&book[0]).into_bytes())
                            } else {
                                kaohe_sheet::write_xlsx(&book).map_err(|e| Said::new(|lang| e.message(lang)))
                            }
                        }
                        Err(issues) => Err(Said::new(|lang| issues.first().map(|i| i.text(lang)).unwrap_or_default())),
                    },
                    other => Err(Said::new(|_| format!("unknown export {other}"))),
                };
                match out {
                    Ok(bytes) => reply(true, Uint8Array::from(bytes.as_slice()).into()),
                    Err(m) => fail(m),
                }
            }
            other => fail(Said::new(|_| format!("unknown request {other}"))),
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
            let _ = out.post_message(&handle(&e.data()));
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&JsValue::from_str("ready"));
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("kaohe-worker runs only as a web worker of the Kaohe app (built by trunk)");
}
