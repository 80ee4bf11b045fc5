//! Files in and out of the browser: the spreadsheet worker (started on first use, so calamine and
//! rust_xlsxwriter stay out of the first page load), reading a picked file, and downloads. Nothing
//! leaves the browser: files are read locally and downloads are made from memory.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Uint8Array};
use kaohe_core::table::Said;
use kaohe_core::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type Reply = Box<dyn FnOnce(Result<JsValue, Said>)>;

struct Client {
    worker: web_sys::Worker,
    /// Its `message` and `error` listeners (gloo-events): removed when the client is dropped.
    _listeners: [gloo_events::EventListener; 2],
    ready: bool,
    queue: Vec<Array>,
    pending: HashMap<u32, Reply>,
    next: u32,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

fn failed() -> Said {
    let zh = "表格组件加载或运行失败，请刷新页面后重试";
    Said { zh: zh.into(), en: "the spreadsheet component failed to load or run; reload the page and try again".into() }
}

/// Drops the worker and fails every pending request (it crashed or could not load).
fn fail_all() {
    let pending = CLIENT.with(|c| c.borrow_mut().take().map(|c| c.pending).unwrap_or_default());
    for (_, reply) in pending {
        reply(Err(failed()));
    }
}

fn on_message(data: JsValue) {
    if data.as_string().as_deref() == Some("ready") {
        CLIENT.with(|c| {
            if let Some(c) = c.borrow_mut().as_mut() {
                c.ready = true;
                for msg in c.queue.drain(..) {
                    let _ = c.worker.post_message(&msg);
                }
            }
        });
        return;
    }
    let msg = Array::from(&data);
    let id = msg.get(0).as_f64().unwrap_or(-1.0) as u32;
    let reply = CLIENT.with(|c| c.borrow_mut().as_mut().and_then(|c| c.pending.remove(&id)));
    if let Some(reply) = reply {
        let (payload, text) = (msg.get(2), |k| msg.get(k).as_string().unwrap_or_default());
        reply(if msg.get(1).as_bool() == Some(true) { Ok(payload) } else { Err(Said { zh: text(2), en: text(3) }) });
    }
}

fn start() -> Result<(), Said> {
    if CLIENT.with(|c| c.borrow().is_some()) {
        return Ok(());
    }
    // The worker's script, next to the page as this build named it (trunk builds it from
    // `crates/kaohe-worker`). The offline single file stands its own `Worker` in: the same
    // messages, answered on the page.
    let worker = web_sys::Worker::new(&crate::editor::worker_url()).map_err(|_| failed())?;
    let on_msg = gloo_events::EventListener::new(&worker, "message", |e| {
        if let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() {
            on_message(e.data());
        }
    });
    let on_err = gloo_events::EventListener::new(&worker, "error", |_| fail_all());
    let _listeners = [on_msg, on_err];
    CLIENT.with(|c| *c.borrow_mut() = Some(Client { worker, _listeners, ready: false, queue: Vec::new(), pending: HashMap::new(), next: 1 }));
    Ok(())
}

/// Sends `[op, id, ...args]` to the worker; `reply` gets the payload or the message.
pub fn request(op: &str, args: &[JsValue], reply: impl FnOnce(Result<JsValue, Said>) + 'static) {
    if let Err(e) = start() {
        reply(Err(e));
        return;
    }
    CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let Some(c) = c.as_mut() else { return };
        let id = c.next;
        c.next += 1;
        let msg = Array::new();
        msg.push(&JsValue::from_str(op));
        msg.push(&JsValue::from(id));
        for a in args {
            msg.push(a);
        }
        c.pending.insert(id, Box::new(reply));
        if c.ready {
            let _ = c.worker.post_message(&msg);
        } else {
            c.queue.push(msg);
        }
    });
}

/// The picked file's name and bytes.
pub async fn read_file(file: web_sys::File) -> Result<(String, Vec<u8>), crate::state::Problem> {
    let name = file.name();
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|_| crate::state::Problem::Unreadable(name.clone()))?;
    Ok((name, Uint8Array::new(&buf).to_vec()))
}

/// Offers bytes as a download named `name` (made in memory; nothing is uploaded).
pub fn download(name: &str, bytes: &Uint8Array, mime: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let parts = Array::of1(bytes);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let Ok(a) = doc.create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) else { return false };
    a.set_href(&url);
    a.set_download(name);
    let _ = a.set_attribute("hidden", "");
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoked once the browser has taken the file.
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    true
}

/// Downloads text as UTF-8.
pub fn download_text(name: &str, text: &str, mime: &str) -> bool {
    download(name, &Uint8Array::from(text.as_bytes()), mime)
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Today's date as 2026年11月22日 / 2026-11-22 (for the printed page).
pub fn today(lang: Lang) -> String {
    let d = js_sys::Date::new_0();
    let (y, m, day) = (d.get_full_year(), d.get_month() + 1, d.get_date());
    match lang {
        Lang::Zh => format!("{y}年{m}月{day}日"),
        Lang::En => format!("{y}-{m:02}-{day:02}"),
    }
}
