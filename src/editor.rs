//! The scheme editor is a second wasm module (`crates/kaohe-editor`, built by Trunk as an ES module
//! next to the app): it is imported the first time the 考核方案 view opens, then kept mounted in a
//! host element that is only hidden when another view shows. It receives the scenario's document
//! after every change and hands back each edited document, which the reducer scores
//! (`Action::SchemeDocument`) — so scheme edits are what-ifs with Δ, undo and links like any other.

use std::cell::RefCell;

use kaohe_core::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::tr;
use crate::state::{Action, AppState};

#[wasm_bindgen(inline_js = "export function load_editor() {
  return import(new URL('./kaohe-editor.js', document.baseURI).href).then(async (m) => { await m.default(); return m; });
}")]
extern "C" {
    fn load_editor() -> js_sys::Promise;
}

/// Where the editor is.
#[derive(Clone, PartialEq)]
pub enum Status {
    /// Not asked for yet.
    Idle,
    /// Being fetched.
    Loading,
    /// Mounted.
    Ready,
    /// Could not be loaded.
    Failed,
}

thread_local! {
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(module, &JsValue::from_str(name))?.dyn_into()?;
    let list = js_sys::Array::new();
    for a in args {
        list.push(a);
    }
    f.apply(&JsValue::NULL, &list)
}

/// The editor's host element and where the editor is.
pub struct Editor {
    host: NodeRef,
    status: UseStateHandle<Status>,
}

fn lang_tag(lang: Lang) -> &'static str {
    if lang == Lang::En { "en" } else { "zh" }
}

/// Loads the editor when the 考核方案 view first opens; afterwards, while it is shown, hands it the
/// document after every change (`fragment` changes with the scenario), and again when it is shown.
#[hook]
pub fn use_editor(state: &UseReducerHandle<AppState>, fragment: &str) -> Editor {
    let host = use_node_ref();
    let status = use_state(|| Status::Idle);
    let shown = state.tab == crate::state::Tab::Scheme;
    {
        let (host, status, state) = (host.clone(), status.clone(), state.clone());
        let key = (shown, fragment.to_string(), state.lang, *status == Status::Ready);
        use_effect_with(key, move |(shown, _, lang, _)| {
            let lang = lang_tag(*lang);
            // Serializing the document costs milliseconds on large ones: only for a shown editor.
            let doc = || kaohe_core::write_document(state.scenario.document());
            match *status {
                Status::Ready if *shown => {
                    let doc = doc();
                    MODULE.with(|m| {
                        if let Some(m) = &*m.borrow() {
                            let _ = call(m, "update", &[JsValue::from_str(&doc), JsValue::from_str(lang)]);
                        }
                    });
                }
                Status::Idle if *shown => {
                    let doc = doc();
                    status.set(Status::Loading);
                    let dispatch = state.dispatcher();
                    wasm_bindgen_futures::spawn_local(async move {
                        let loaded = wasm_bindgen_futures::JsFuture::from(load_editor()).await;
                        let mounted = loaded.and_then(|module| {
                            let Some(root) = host.cast::<web_sys::Element>() else { return Err(JsValue::NULL) };
                            let on_event = Closure::<dyn Fn(String, String)>::new(move |kind: String, payload: String| {
                                dispatch.dispatch(if kind == "new" { Action::NewScheme(payload) } else { Action::SchemeDocument(payload) });
                            });
                            let r = call(&module, "mount", &[root.into(), JsValue::from_str(&doc), JsValue::from_str(lang), on_event.as_ref().clone()]);
                            // The editor calls back for as long as the page lives.
                            on_event.forget();
                            MODULE.with(|m| *m.borrow_mut() = Some(module));
                            r
                        });
                        status.set(if mounted.is_ok() { Status::Ready } else { Status::Failed });
                    });
                }
                _ => {}
            }
        });
    }
    Editor { host, status }
}

/// The host element (kept, hidden, once the editor is mounted) and a loading or failure notice.
pub fn host(e: &Editor, shown: bool, lang: Lang) -> Html {
    html! {
        <>
        if shown && crate::components::is_phone() {
            <p class="notice phone-note">{ crate::components::desktop_note(lang) }</p>
        }
        if shown && *e.status == Status::Loading {
            <p class="hint" role="status">{ tr(lang, "正在加载方案编辑器…", "Loading the scheme editor…") }</p>
        }
        if shown && *e.status == Status::Failed {
            <p class="link-error" role="alert">{ tr(lang, "方案编辑器加载失败，请刷新页面后重试。", "The scheme editor could not be loaded; reload the page and try again.") }</p>
        }
        <div id="scheme-editor-host" ref={e.host.clone()} hidden={!shown}></div>
        </>
    }
}
