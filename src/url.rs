//! The address bar, at the edge: the app's state rides in the fragment (never the query, so it never
//! reaches a server log) and is rewritten in place after every change.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

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

/// Calls `f` with the new fragment whenever the user changes it (e.g. pastes a link into this tab).
pub fn on_fragment_change(f: impl Fn(String) + 'static) {
    let Some(w) = web_sys::window() else { return };
    let cb = Closure::<dyn Fn()>::new(move || f(fragment()));
    let _ = w.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    cb.forget();
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
