//! Embedding in an intranet page (FORMAT §4), at the edge: `embed=1` (query or fragment) turns it on;
//! `origin=` restricts both directions. Only messages from `window.parent` are heard.

use wasm_bindgen::{JsCast, JsValue};

/// How the app is embedded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// The only origin heard and written to (None: any, and replies go to "*").
    pub origin: Option<String>,
}

fn param(text: &str, key: &str) -> Option<String> {
    text.trim_start_matches(['?', '#'])
        .split('&')
        .find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
        .map(|v| js_sys::decode_uri_component(v).ok().and_then(|s| s.as_string()).unwrap_or_else(|| v.to_string()))
}

/// Whether the page was opened embedded (`?embed=1` or `#…&embed=1`) and with which origin.
pub fn config() -> Option<Embed> {
    let loc = web_sys::window()?.location();
    let (query, hash) = (loc.search().unwrap_or_default(), loc.hash().unwrap_or_default());
    let on = param(&query, "embed").or_else(|| param(&hash, "embed")).is_some_and(|v| v == "1");
    on.then(|| Embed { origin: param(&query, "origin").or_else(|| param(&hash, "origin")) })
}

fn parent() -> Option<web_sys::Window> {
    let w = web_sys::window()?;
    let p = w.parent().ok().flatten()?;
    // Not framed: the parent is the window itself, and nobody else may speak.
    (JsValue::from(&p) != JsValue::from(&w)).then_some(p)
}

/// Posts a message (JSON text) to the parent, to `origin` or "*".
pub fn post(embed: &Embed, json: &str) {
    let (Some(p), Ok(value)) = (parent(), js_sys::JSON::parse(json)) else { return };
    let _ = p.post_message(&value, embed.origin.as_deref().unwrap_or("*"));
}

/// Calls `f` with each message (as JSON text) that comes from the parent (and from `origin`, if
/// set), until the returned listener (gloo-events) is dropped.
pub fn listen(embed: &Embed, f: impl Fn(String) + 'static) -> Option<gloo_events::EventListener> {
    let w = web_sys::window()?;
    let origin = embed.origin.clone();
    Some(gloo_events::EventListener::new(&w, "message", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else { return };
        let Some(p) = parent() else { return };
        let from_parent = e.source().is_some_and(|s| JsValue::from(&s) == JsValue::from(&p));
        let origin_ok = origin.as_deref().is_none_or(|o| e.origin() == o);
        if !(from_parent && origin_ok) {
            return;
        }
        if let Some(text) = js_sys::JSON::stringify(&e.data()).ok().and_then(|s| s.as_string()) {
            f(text);
        }
    }))
}

/// The page's height in pixels (for `kaohe:resize`).
pub fn height() -> i32 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map_or(0, |e| e.scroll_height())
}
