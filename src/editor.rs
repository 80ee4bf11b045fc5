//! The scheme editor is a second wasm module (`crates/kaohe-editor`, built by Trunk as an ES module
//! next to the app): it is imported the first time the 考核方案 view opens, then kept mounted in a
//! host element that is only hidden when another view shows. It receives the scenario's document
//! after every change and hands back each edited document, which the reducer scores
//! (`Action::SchemeEdited`, the scheme and units only: the inputs stay in the app) — so scheme edits are what-ifs with Δ, undo and links like any other.
//!
//! The same module carries the unit view's 目标测算 panel (issue 10), for the same reason: the app
//! shows a 打开目标测算 button, the panel mounts into its own host on the first press and hands back
//! the values of a 采用 (`Action::Apply`); a host page's `kaohe:seek` is answered by it too.

use std::cell::RefCell;

use kaohe_core::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::tr;
use crate::state::AppState;

// The module files carry a content hash in their names (scripts/hash-modules.mjs), which the page
// names in `<meta name="kaohe-editor|kaohe-worker">`: a new app never meets an old editor or worker
// from a cache. (The offline single file, scripts/bundle.mjs, rewrites the import to the editor it
// carries.)
#[wasm_bindgen(inline_js = "const named = (n, d) => document.querySelector(`meta[name=kaohe-${n}]`)?.content ?? d;
export function load_editor() {
  return import(new URL(named('editor', './kaohe-editor.js'), document.baseURI).href).then(async (m) => { await m.default(); return m; });
}
")]
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
    /// The module's import, started once and shared by the editor, the goal seek and host requests.
    static LOADING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    /// The callback the module hands its events to (`on_events`).
    static EVENTS: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// The goal-seek panel's pending update (after typing pauses; replacing it cancels it).
    static SEEK_TIMER: RefCell<Option<gloo_timers::callback::Timeout>> = const { RefCell::new(None) };
}

/// The module, imported on first use (once, however many ask).
pub(crate) async fn module() -> Result<JsValue, JsValue> {
    let promise = LOADING.with(|l| l.borrow_mut().get_or_insert_with(load_editor).clone());
    let m = wasm_bindgen_futures::JsFuture::from(promise).await?;
    MODULE.with(|slot| *slot.borrow_mut() = Some(m.clone()));
    Ok(m)
}

/// Whether the module has been loaded (nothing of it to update before).
pub(crate) fn loaded() -> bool {
    MODULE.with(|m| m.borrow().is_some())
}

/// 另存为离线文件, done by the editor module (`saveOffline`): why not, when it could not be.
pub(crate) async fn save_offline(args: [JsValue; 5]) -> Option<crate::state::Problem> {
    use crate::state::Problem;
    let Ok(m) = module().await else { return Some(Problem::ModuleFailed) };
    let p: js_sys::Promise = call(&m, "saveOffline", &args).ok()?.dyn_into().ok()?;
    let code = wasm_bindgen_futures::JsFuture::from(p).await.ok()?.as_string()?;
    Some(if code == "too-large" { Problem::OfflineTooLarge } else { Problem::OfflineNoTemplate })
}

/// The module's events (`protocol::ModuleEvent`, read at the edge) as actions: one callback, made
/// on first use and handed to the editor, the goal-seek panel and every import dialog (the app's
/// reducer is the same for the page's life).
pub(crate) fn on_events(dispatch: UseReducerDispatcher<AppState>) -> JsValue {
    EVENTS.with(|e| {
        e.borrow_mut()
            .get_or_insert_with(|| {
                let f = Closure::<dyn Fn(String)>::new(move |json: String| {
                    if let Some(action) = serde_json::from_str(&json).ok().and_then(crate::state::module_event) {
                        dispatch.dispatch(action);
                    }
                });
                f.into_js_value()
            })
            .clone()
    })
}

pub(crate) fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
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
            let lang = lang.tag();
            // The scheme and units without the inputs, and how much data there is: small however
            // many units there are, and only for a shown editor.
            let doc = || {
                let d = state.scenario.document();
                let summary = serde_json::to_string_pretty(&kaohe_core::editing::summary(d)).unwrap_or_default();
                (kaohe_core::write_document(&kaohe_core::editing::shell(d)), summary)
            };
            match *status {
                Status::Ready if *shown => {
                    let (doc, summary) = doc();
                    MODULE.with(|m| {
                        if let Some(m) = &*m.borrow() {
                            let _ = call(m, "update", &[JsValue::from_str(&doc), JsValue::from_str(&summary), JsValue::from_str(lang)]);
                        }
                    });
                }
                Status::Idle if *shown => {
                    let (doc, summary) = doc();
                    status.set(Status::Loading);
                    let dispatch = state.dispatcher();
                    wasm_bindgen_futures::spawn_local(async move {
                        let loaded = module().await;
                        let mounted = loaded.and_then(|module| {
                            let Some(root) = host.cast::<web_sys::Element>() else { return Err(JsValue::NULL) };
                            call(&module, "mount", &[root.into(), JsValue::from_str(&doc), JsValue::from_str(&summary), JsValue::from_str(lang), on_events(dispatch)])
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

/// The 目标测算 panel's host element, where its module is, and the button that loads it.
pub struct SeekHost {
    host: NodeRef,
    status: UseStateHandle<Status>,
    open: Callback<MouseEvent>,
}

/// The scenario part of the app's fragment (without `&view=…`): names the scenario a goal-seek
/// answer belongs to.
fn version(fragment: &str) -> &str {
    fragment.split("&view=").next().unwrap_or(fragment)
}

fn seek_update(state: &AppState, fragment: &str) {
    let Some(unit) = state.scenario.document().units.get(state.unit) else { return };
    let doc = kaohe_core::write_document(state.scenario.document());
    MODULE.with(|m| {
        if let Some(m) = &*m.borrow() {
            let args = [doc.as_str(), version(fragment), unit.id.as_str(), state.lang.tag()].map(JsValue::from_str);
            let _ = call(m, "updateSeek", &args);
        }
    });
}

/// Loads the goal-seek panel on 打开目标测算 and keeps it on the current scenario while the unit
/// view shows: at once when the unit or the language changes, 300 ms after typing pauses otherwise
/// (serializing a large document costs milliseconds: never on the keystroke path).
#[hook]
pub fn use_seek(state: &UseReducerHandle<AppState>, fragment: &str) -> SeekHost {
    let host = use_node_ref();
    let status = use_state(|| Status::Idle);
    let given = use_mut_ref(|| None::<(usize, Lang, String)>);
    let shown = state.tab == crate::state::Tab::Unit;
    let open = {
        let (host, status, state, fragment, given) = (host.clone(), status.clone(), state.clone(), fragment.to_string(), given.clone());
        Callback::from(move |_: MouseEvent| {
            if *status != Status::Idle && *status != Status::Failed {
                return;
            }
            status.set(Status::Loading);
            let (host, status, state, fragment, given) = (host.clone(), status.clone(), state.clone(), fragment.clone(), given.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mounted = module().await.and_then(|m| {
                    let Some(root) = host.cast::<web_sys::Element>() else { return Err(JsValue::NULL) };
                    let Some(unit) = state.scenario.document().units.get(state.unit) else { return Err(JsValue::NULL) };
                    let doc = kaohe_core::write_document(state.scenario.document());
                    let args = [root.into(), JsValue::from_str(&doc), JsValue::from_str(version(&fragment)), JsValue::from_str(&unit.id),
                        JsValue::from_str(state.lang.tag()), on_events(state.dispatcher())];
                    let r = call(&m, "mountSeek", &args);
                    *given.borrow_mut() = Some((state.unit, state.lang, version(&fragment).to_string()));
                    r
                });
                status.set(if mounted.is_ok() { Status::Ready } else { Status::Failed });
            });
        })
    };
    let ready = *status == Status::Ready;
    {
        // What the panel was last given: a new unit or language goes at once, a new scenario once
        // typing pauses, the same thing never twice.
        let (state, given, fragment) = (state.clone(), given.clone(), fragment.to_string());
        let key = (shown && ready, state.unit, state.lang, version(&fragment).to_string());
        use_effect_with(key, move |(on, unit, lang, version)| {
            SEEK_TIMER.with(|t| t.borrow_mut().take());
            let now = (*unit, *lang, version.clone());
            let last = given.borrow().clone();
            if !*on || last.as_ref() == Some(&now) {
                return;
            }
            // Another unit or language at once; another scenario of the same view once typing pauses.
            let delay = if last.is_some_and(|(u, l, _)| (u, l) == (now.0, now.1)) { 300 } else { 0 };
            let given = given.clone();
            let timer = gloo_timers::callback::Timeout::new(delay, move || {
                seek_update(&state, &fragment);
                *given.borrow_mut() = Some(now);
            });
            SEEK_TIMER.with(|t| t.borrow_mut().replace(timer));
        });
    }
    SeekHost { host, status, open }
}

/// The 目标测算 section under the unit view: the button that loads the panel, then the panel.
pub fn seek_host(h: &SeekHost, shown: bool, lang: Lang) -> Html {
    html! {
        <section class="seek" hidden={!shown} aria-labelledby="seek-title">
            <h3 id="seek-title">{ tr(lang, "目标测算", "Goal seek") }</h3>
            if matches!(*h.status, Status::Idle | Status::Failed) {
                <p class="hint">{ tr(lang, "要达到更好的名次、奖项或突出单位，需调整哪项数据、调整多少？",
                    "What must change, and by how much, to reach a better rank, award or recognition?") }</p>
                <button type="button" class="primary" onclick={h.open.clone()}>{ tr(lang, "打开目标测算", "Open goal seek") }</button>
            }
            if *h.status == Status::Loading {
                <p class="hint" role="status">{ tr(lang, "正在加载目标测算…", "Loading goal seek…") }</p>
            }
            if *h.status == Status::Failed {
                <p class="link-error" role="alert">{ tr(lang, "目标测算加载失败，请重试。", "Goal seek could not be loaded; try again.") }</p>
            }
            <div id="seek-host" ref={h.host.clone()}></div>
        </section>
    }
}

/// A host page's `kaohe:seek` (FORMAT §4), answered with the module: the §5 object (its numbers
/// as the module wrote them), or the error in English.
pub async fn seek_json(doc: &str, unit: &str, target: &str, all: bool) -> Result<serde_json::Value, String> {
    let m = module().await.map_err(|_| "goal seek could not be loaded".to_string())?;
    let r = call(&m, "seekJson", &[JsValue::from_str(doc), JsValue::from_str(unit), JsValue::from_str(target), JsValue::from_bool(all)]);
    match r {
        Ok(v) => serde_json::from_str(&v.as_string().unwrap_or_default()).map_err(|_| "goal seek failed".to_string()),
        Err(e) => Err(e.as_string().unwrap_or_else(|| "goal seek failed".into())),
    }
}
