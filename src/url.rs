//! The address bar, at the edge: the app's state rides in the fragment (never the query, so it never
//! reaches a server log) and is rewritten in place after every change.

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};

/// The fragment without `#` (empty when none).
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Writes the fragment in place (no new history entry, no hashchange event). The query is kept.
pub fn replace_fragment(fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    let current = w.location().hash().unwrap_or_default();
    if current.trim_start_matches('#') == fragment {
        return;
    }
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// Calls `f` with the new fragment whenever the user changes it (e.g. pastes a link into this tab):
/// the event's own address, not the address bar's by the time it is handled (a pending write of
/// the current state may have put that back already).
/// Heard until the returned listener (gloo-events) is dropped.
pub fn on_fragment_change(f: impl Fn(String) + 'static) -> Option<EventListener> {
    let w = web_sys::window()?;
    Some(EventListener::new(&w, "hashchange", move |e| {
        if let Some(e) = e.dyn_ref::<web_sys::HashChangeEvent>() {
            f(e.new_url().split_once('#').map_or("", |(_, h)| h).to_string())
        }
    }))
}

/// The page's full address (what 复制链接 copies).
pub fn href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Copies text to the clipboard through a selected input (works on plain-HTTP intranets too).
pub fn copy(text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Ok(el) = doc.create_element("input") else { return false };
    let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() else { return false };
    input.set_value(text);
    let Some(body) = doc.body() else { return false };
    if body.append_child(&input).is_err() {
        return false;
    }
    input.select();
    let ok = doc.dyn_ref::<web_sys::HtmlDocument>().and_then(|d| d.exec_command("copy").ok()).unwrap_or(false);
    input.remove();
    ok
}

thread_local! {
    /// The write waiting to run.
    static JOB: std::cell::RefCell<Option<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(None) };
    /// Its timer (gloo-timers: replacing or dropping it cancels it).
    static TIMER: std::cell::RefCell<Option<gloo_timers::callback::Timeout>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` once `ms` milliseconds after the last call (earlier calls are dropped): keeps writes
/// that may be slow (address bar, storage) off the keystroke-to-frame path. `flush_on_leave` makes
/// sure a pending write still happens when the page is left or hidden.
pub fn debounce(ms: u32, f: impl FnOnce() + 'static) {
    JOB.with(|j| *j.borrow_mut() = Some(Box::new(f)));
    let timer = gloo_timers::callback::Timeout::new(ms, run);
    TIMER.with(|t| t.borrow_mut().replace(timer));
}

/// Runs the waiting write, if any (the timer's callback: the timer itself stays until replaced).
fn run() {
    let job = JOB.with(|j| j.borrow_mut().take());
    if let Some(f) = job {
        f();
    }
}

/// Runs the pending write now, if any.
pub fn flush() {
    TIMER.with(|t| t.borrow_mut().take());
    run();
}

/// Flushes pending writes when the page is left or hidden (nothing typed is lost), for as long as
/// the returned listeners (gloo-events) are kept.
pub fn flush_on_leave() -> Vec<EventListener> {
    let Some(w) = web_sys::window() else { return Vec::new() };
    ["pagehide", "visibilitychange", "beforeunload"].iter().map(|event| EventListener::new(&w, *event, |_| flush())).collect()
}

/// The page's address with this fragment (what the address bar will hold once written).
pub fn href_with(fragment: &str) -> String {
    let href = href();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Whether this page load is a reload (Navigation Timing), not a visit or an opened link.
pub fn is_reload() -> bool {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else { return false };
    let entries = perf.get_entries_by_type("navigation");
    let first = entries.get(0);
    js_sys::Reflect::get(&first, &JsValue::from_str("type")).ok().and_then(|t| t.as_string()).as_deref() == Some("reload")
}

/// Ctrl+Z (⌘Z) undoes, Ctrl+Y or Ctrl+Shift+Z redoes, anywhere on the page — also in a grid cell,
/// where the app's undo replaces the input box's own.
/// Heard until the returned listener (gloo-events; not passive, so that it can take the key) is dropped.
pub fn on_undo_keys(f: impl Fn(bool) + 'static) -> Option<EventListener> {
    let w = web_sys::window()?;
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(&w, "keydown", options, move |e| {
        let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
        if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
            return;
        }
        let redo = match e.key().to_ascii_lowercase().as_str() {
            "z" => e.shift_key(),
            "y" => true,
            _ => return,
        };
        e.prevent_default();
        f(redo);
    }))
}
