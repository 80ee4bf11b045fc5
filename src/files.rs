//! Files in and out of the browser: reading a picked file, downloads and printing. Nothing leaves
//! the browser: files are read locally and downloads are made from memory. (Spreadsheets are read
//! and written by the worker, whose client is in the module loaded on first use.)

use js_sys::{Array, Uint8Array};
use kaohe_core::Lang;
use wasm_bindgen::JsCast;

/// The picked file's name and bytes (read by gloo-file, as the browser hands them).
pub async fn read_file(file: web_sys::File) -> Result<(String, Vec<u8>), crate::state::Problem> {
    let file = gloo_file::File::from(file);
    let name = file.name();
    let bytes = gloo_file::futures::read_as_bytes(&file).await.map_err(|_| crate::state::Problem::Unreadable(name.clone()))?;
    Ok((name, bytes))
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
