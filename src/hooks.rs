//! The app's browser effects as hooks: what is written after each change (the address bar, this
//! browser's storage), talking to a host page (FORMAT §4), and the page's own events (a pasted link,
//! Ctrl+Z, leaving). The state itself stays pure (`state`); these only read it and dispatch.

use kaohe_core::protocol::HostOut;
use yew::prelude::*;

use crate::embed;
use crate::state::{synthetic_size, Action, AppState};
use crate::storage;
use crate::url;

/// After each change: the address bar and this browser's saved work (once typing pauses), a large
/// baseline kept for its links, and the saved scenarios.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<AppState>, fragment: &str) {
    let fragment = fragment.to_string();
    // After each change, written together once typing pauses (off the keystroke-to-frame path):
    // the address bar (always the current state) and, unless embedded, this browser's saved work.
    {
        let state = state.clone();
        use_effect_with(fragment.clone(), move |f| {
            let f = f.clone();
            url::debounce(200, move || {
                url::replace_fragment(&f);
                if state.embed {
                    return;
                }
                let failed = storage::save_work(&f).is_err();
                if failed != state.storage_failed {
                    state.dispatch(Action::StorageFailed(failed));
                }
            });
        });
    }
    {
        // A large baseline (its links carry its fingerprint only) is kept in this browser once,
        // off the first paint, so that the saved work and links over it open after a reload. A
        // `?synthetic=` document is made again from the address instead.
        let state = state.clone();
        use_effect_with(std::rc::Rc::clone(&state.base), move |base| {
            let synthetic = web_sys::window().and_then(|w| w.location().search().ok()).is_some_and(|q| synthetic_size(&q).is_some());
            if let (kaohe_core::link::Base::Held(fp), false, false) = (&**base, state.embed, synthetic) {
                let fp = fp.clone();
                let save = move || {
                    let json = kaohe_core::write_document(state.scenario.baseline());
                    if storage::save_document(&fp, &json).is_err() {
                        state.dispatch(Action::StorageFailed(true));
                    }
                };
                gloo_timers::callback::Timeout::new(500, save).forget();
            }
        });
    }
    {
        let embedded = state.embed;
        use_effect_with(state.saved.clone(), move |saved| {
            if !embedded {
                let _ = storage::save_saved(saved);
            }
        });
    }
}

/// A message to the host page (FORMAT §4, `protocol::HostOut`) as JSON. (Every JSON the app writes
/// goes through the one pretty writer that documents need anyway: a second, compact one would cost
/// the first load its code.)
fn host_message<R: serde::Serialize, S: serde::Serialize>(m: &HostOut<R, S>) -> String {
    serde_json::to_string_pretty(m).unwrap_or_default()
}

/// `{"type": "kaohe:error", "message": …}`.
fn error_message(message: &str) -> String {
    host_message(&HostOut::<(), ()>::Error { message: message.to_string() })
}

/// Embedded (FORMAT §4): hears the host page; says ready, the results after every change, resizes,
/// errors, and answers `kaohe:seek`.
#[hook]
pub fn use_embed(state: &UseReducerHandle<AppState>, fragment: &str) {
    let fragment = fragment.to_string();
    let embedding = use_memo((), |_| embed::config());
    {
        let (state, cfg) = (state.clone(), (*embedding).clone());
        use_effect_with((), move |_| {
            let listener = cfg.and_then(|cfg| {
                let st = state.clone();
                let listener = embed::listen(&cfg, move |text| st.dispatch(Action::Host(crate::state::HostMsg::read(&text))));
                embed::post(&cfg, &host_message(&HostOut::<(), ()>::Ready));
                listener
            });
            move || drop(listener)
        });
    }
    {
        let (state, cfg) = (state.clone(), (*embedding).clone());
        use_effect_with(fragment.clone(), move |_| {
            if let Some(cfg) = cfg {
                let mut results = state.scenario.results().clone();
                results.render_explanations(state.scenario.document(), state.lang);
                embed::post(&cfg, &host_message(&HostOut::<_, ()>::Results { results }));
            }
        });
    }
    {
        let cfg = (*embedding).clone();
        use_effect_with(state.embed_error.clone(), move |err| {
            if let (Some(cfg), Some((_, message))) = (cfg, err) {
                embed::post(&cfg, &error_message(message));
            }
        });
    }
    {
        // A host page's kaohe:seek, answered by the module that carries goal seek (loaded on first use).
        let (cfg, state) = ((*embedding).clone(), state.clone());
        use_effect_with(state.seek_request.clone(), move |request| {
            if let (Some(cfg), Some((_, r))) = (cfg, request.clone()) {
                let doc = kaohe_core::write_document(state.scenario.document());
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::editor::seek_json(&doc, &r.unit, &r.target, r.fields == kaohe_core::protocol::SeekFields::All).await {
                        Ok(answer) => embed::post(&cfg, &host_message(&HostOut::<(), _>::SeekResult(answer))),
                        Err(message) => embed::post(&cfg, &error_message(&message)),
                    }
                });
            }
        });
    }
    {
        let (cfg, last) = ((*embedding).clone(), use_mut_ref(|| 0));
        use_effect(move || {
            if let Some(cfg) = cfg {
                let h = embed::height();
                if h != *last.borrow() {
                    *last.borrow_mut() = h;
                    embed::post(&cfg, &host_message(&HostOut::<(), ()>::Resize { height: h }));
                }
            }
        });
    }
}

/// The page's own events: a link pasted into this tab is opened, Ctrl+Z / Ctrl+Y undo and redo
/// anywhere, and pending writes happen before the page goes.
#[hook]
pub fn use_page_events(state: &UseReducerHandle<AppState>) {
    // The listeners (gloo-events) are removed with the app, by the effects' cleanups.
    use_effect_with((), |_| {
        let listeners = url::flush_on_leave();
        move || drop(listeners)
    });
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = url::on_fragment_change(move |f| state.dispatch(Action::OpenLink(f)));
            move || drop(listener)
        });
    }
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = url::on_undo_keys(move |redo| state.dispatch(if redo { Action::Redo } else { Action::Undo }));
            move || drop(listener)
        });
    }
}
