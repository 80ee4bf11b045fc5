//! The spreadsheet worker's client (issue 12): typed async calls over the worker's protocol
//! (`kaohe_core::protocol::{SheetRequest, SheetReply}`, JS objects made and read by
//! serde-wasm-bindgen). It lives in this module, loaded on first use, so that the typed replies'
//! decoders weigh on no first page load (DECISIONS 74). The worker starts with the first request and
//! stays for the page's life (a second export does not load it again); if it fails to load or
//! crashes, every pending call fails with `SheetError::Failed` and the next call starts a new one.

use std::cell::RefCell;
use std::collections::HashMap;

use futures_channel::oneshot;
use kaohe_core::protocol::{ExportKind, SheetReply, SheetRequest};
use kaohe_core::table::{Preview, SheetError};
use kaohe_core::Lang;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

struct Client {
    worker: web_sys::Worker,
    /// Its `message` and `error` listeners (gloo-events): removed when the client is dropped.
    _listeners: [gloo_events::EventListener; 2],
    ready: bool,
    queue: Vec<JsValue>,
    pending: HashMap<u32, oneshot::Sender<SheetReply>>,
    next: u32,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// The worker's script as this build named it (`<meta name="kaohe-worker">`, content-hashed by
/// scripts/hash-modules.mjs), else the name trunk gives it.
fn worker_url() -> String {
    let named = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=kaohe-worker]").ok().flatten())
        .and_then(|m| m.get_attribute("content"));
    named.unwrap_or_else(|| "./kaohe-worker_loader.js".into())
}

/// Drops the worker: every pending call fails (its sender dropped → `SheetError::Failed`).
fn fail_all() {
    let dropped = CLIENT.with(|c| c.borrow_mut().take());
    drop(dropped);
}

fn on_message(data: JsValue) {
    // A reply this build cannot read: the worker is of another build; start over.
    let Ok(reply) = serde_wasm_bindgen::from_value::<SheetReply>(data) else { return fail_all() };
    let tx = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let c = c.as_mut()?;
        match reply.id() {
            None => {
                c.ready = true;
                for msg in c.queue.drain(..) {
                    let _ = c.worker.post_message(&msg);
                }
                None
            }
            Some(id) => c.pending.remove(&id),
        }
    });
    if let Some(tx) = tx {
        let _ = tx.send(reply);
    }
}

fn start() -> Result<(), SheetError> {
    if CLIENT.with(|c| c.borrow().is_some()) {
        return Ok(());
    }
    // The offline single file stands its own `Worker` in: the same messages, answered on the page.
    let worker = web_sys::Worker::new(&worker_url()).map_err(|_| SheetError::Failed)?;
    let on_msg = gloo_events::EventListener::new(&worker, "message", |e| {
        if let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() {
            on_message(e.data());
        }
    });
    let on_err = gloo_events::EventListener::new(&worker, "error", |_| fail_all());
    let client = Client { worker, _listeners: [on_msg, on_err], ready: false, queue: Vec::new(), pending: HashMap::new(), next: 1 };
    CLIENT.with(|c| *c.borrow_mut() = Some(client));
    Ok(())
}

/// Sends a request (made with its id), starting the worker on first use, and waits for its reply.
async fn ask(request: impl FnOnce(u32) -> SheetRequest) -> Result<SheetReply, SheetError> {
    ask_with(request, None).await
}

/// As [`ask`], with the request's `document` field given as a JS string already made (set on the
/// message in place of the request's own): the document's text passes from the page to the
/// worker without a copy into this module's memory and back (at 2,000 × 100, 14 MB twice).
async fn ask_with(request: impl FnOnce(u32) -> SheetRequest, document: Option<js_sys::JsString>) -> Result<SheetReply, SheetError> {
    start()?;
    let rx = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let c = c.as_mut()?;
        let id = c.next;
        c.next += 1;
        let msg = serde_wasm_bindgen::to_value(&request(id)).ok()?;
        if let Some(text) = document {
            js_sys::Reflect::set(&msg, &JsValue::from_str("document"), &text).ok()?;
        }
        let (tx, rx) = oneshot::channel();
        c.pending.insert(id, tx);
        if c.ready {
            let _ = c.worker.post_message(&msg);
        } else {
            c.queue.push(msg);
        }
        Some(rx)
    });
    rx.ok_or(SheetError::Failed)?.await.map_err(|_| SheetError::Failed)
}

/// The spreadsheet worker, as the import dialog and the exports use it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sheets;

impl Sheets {
    /// What importing a file's sheet (None: 输入, else the first) into the document (FORMAT §1
    /// text) would change, and every problem.
    pub async fn preview(self, file: String, sheet: Option<String>, bytes: Vec<u8>, document: String) -> Result<Preview, SheetError> {
        match ask(|id| SheetRequest::Preview { id, file, sheet, bytes, document }).await? {
            SheetReply::Preview { preview, .. } => Ok(preview),
            SheetReply::Failed { error, .. } => Err(error),
            _ => Err(SheetError::Failed),
        }
    }

    /// A file made from the document (FORMAT §1 text, as the page's JS string): its bytes.
    pub async fn export(self, kind: ExportKind, document: js_sys::JsString, lang: Lang) -> Result<Vec<u8>, SheetError> {
        match ask_with(|id| SheetRequest::Export { id, kind, document: String::new(), lang }, Some(document)).await? {
            SheetReply::Exported { bytes, .. } => Ok(bytes),
            SheetReply::Failed { error, .. } => Err(error),
            _ => Err(SheetError::Failed),
        }
    }
}

/// The spreadsheet worker for a component: when `needed`, started as the component mounts (loading
/// it takes a second or more, so it loads while the component shows); shared by every user and
/// kept for the page's life.
#[hook]
pub fn use_sheet_worker(needed: bool) -> Sheets {
    use_effect_with(needed, |needed| {
        if *needed {
            // A failure to start is said by the first call.
            let _ = start();
        }
    });
    Sheets
}
