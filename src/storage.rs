//! localStorage, at the edge: the working state and the named scenarios, each stored as a share-link
//! string (the same versioned codec). Failures (private mode, storage full) are reported, never fatal.

/// This browser's storage cannot be used (private mode, disabled, or full).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;

const WORK: &str = "kaohe.work";
const SAVED: &str = "kaohe.scenarios";

fn storage() -> Result<web_sys::Storage, Unavailable> {
    web_sys::window().ok_or(Unavailable)?.local_storage().map_err(|_| Unavailable)?.ok_or(Unavailable)
}

/// The saved working state (a fragment), if any; Err when storage cannot be used.
pub fn load_work() -> Result<Option<String>, Unavailable> {
    storage()?.get_item(WORK).map_err(|_| Unavailable)
}

/// Saves the working state; Err when storage cannot be used (full or disabled).
pub fn save_work(fragment: &str) -> Result<(), Unavailable> {
    storage()?.set_item(WORK, fragment).map_err(|_| Unavailable)
}

/// The named scenarios (name, fragment), oldest first; empty when none or unreadable.
pub fn load_saved() -> Result<Vec<(String, String)>, Unavailable> {
    let text = storage()?.get_item(SAVED).map_err(|_| Unavailable)?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

/// Saves the named scenarios.
pub fn save_saved(saved: &[(String, String)]) -> Result<(), Unavailable> {
    let text = serde_json::to_string_pretty(saved).map_err(|_| Unavailable)?;
    storage()?.set_item(SAVED, &text).map_err(|_| Unavailable)
}

const DOCUMENT: &str = "kaohe.document";

/// Keeps a large baseline document (one whose links carry its fingerprint only, `k3-h`) so that
/// the saved work and links over it open after a reload: `<fingerprint>\n<JSON>`, one document
/// (the latest). Err when storage refuses it (too large for this browser's quota, or disabled).
pub fn save_document(fingerprint: &str, json: &str) -> Result<(), Unavailable> {
    let st = storage()?;
    if st.get_item(DOCUMENT).ok().flatten().is_some_and(|t| t.split_once('\n').is_some_and(|(f, _)| f == fingerprint)) {
        return Ok(());
    }
    // Drop the older one first: two large documents may not fit together.
    let _ = st.remove_item(DOCUMENT);
    st.set_item(DOCUMENT, &format!("{fingerprint}\n{json}")).map_err(|_| Unavailable)
}

/// The large document kept with this fingerprint, if any (None natively: no browser storage).
pub fn held_document(fingerprint: &str) -> Option<kaohe_core::Document> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let text = storage().ok()?.get_item(DOCUMENT).ok()??;
    let (f, json) = text.split_once('\n')?;
    (f == fingerprint).then(|| kaohe_core::parse_document(json).ok()).flatten()
}
