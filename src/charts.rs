//! 图表 (issue 11): where the charts go in the app. They are drawn by the module that carries the
//! scheme editor and goal seek (`crates/kaohe-editor/src/charts`), loaded when a chart is first
//! shown — after the view has painted, so the first load does not carry them. The views place
//! empty hosts (`host`); after each change of the scenario, the view, the language or the
//! ranking's filter and sort, `schedule` hands the module the scenario as its link state (the
//! baseline document once) for each host on the page, once the page has painted — never on the
//! keystroke-to-frame path. Documents over 30,000 cells draw them when asked (显示图表), then once
//! typing pauses for 250 ms.

use std::cell::RefCell;
use std::sync::Arc;

use kaohe_core::model::Document;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::{call, module};
use crate::i18n::tr;
use crate::state::{Action, AppState};

thread_local! {
    /// The baseline last sent and its number (the number changes with the baseline; the
    /// document is held, so its address is never reused while compared).
    static BASE: RefCell<(Option<Arc<Document>>, u32)> = const { RefCell::new((None, 0)) };
    /// A large document's charts were asked for.
    static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Counts the draws asked for: a scheduled draw that is no longer the latest does nothing.
    static LATEST: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// Opens a unit (and scrolls to an indicator) from a chart: created once.
    static OPEN: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// The places charts go.
const KINDS: [&str; 3] = ["ranking", "heat", "unit"];

/// Documents with more cells than this show their charts when asked (显示图表): their first
/// drawing reads and scores the whole document again in the module, a second of work once.
const ON_REQUEST: usize = 30_000;

/// Whether a document is large enough that its charts wait for 显示图表 (the button in `host` and
/// the drawing in `schedule` must agree).
fn on_request(doc: &Document) -> bool {
    doc.units.len() * doc.scheme.indicators.len() > ON_REQUEST
}

/// Whether a large document's charts were asked for (for this page's life).
fn asked() -> bool {
    ASKED.with(|a| a.get())
}

/// An empty element the module draws one place's charts into, `reserve` px high until they come
/// (the page does not jump under the reader's finger when they do); on a large document, until
/// the charts are asked for, the button that asks.
pub fn host(ctx: &crate::components::Ctx, kind: &'static str, reserve: f64) -> Html {
    let doc = ctx.state.scenario.document();
    if on_request(doc) && !asked() {
        if kind != "ranking" && kind != "unit" {
            return html! {};
        }
        let state = ctx.state.clone();
        let show = Callback::from(move |_: MouseEvent| {
            ASKED.with(|a| a.set(true));
            // Drawn as after any change; the views shown again without the button.
            schedule(state.clone(), state.fragment());
            state.dispatch(Action::Show(state.tab));
        });
        return html! {
            <p class="hint"><button type="button" onclick={show}>{ tr(ctx.state.lang, "显示图表", "Show the charts") }</button>
                { tr(ctx.state.lang, "（单位较多：图表按需绘制）", " (a large document: charts on request)") }</p>
        };
    }
    html! { <div id={format!("chart-host-{kind}")} class="chart-host" style={format!("min-height: {}", crate::window::px(reserve))}></div> }
}

/// The baseline's number, sending it to the module when it is new there.
fn send_base(m: &JsValue, base: &Arc<Document>) -> Result<(), JsValue> {
    let key = BASE.with(|b| {
        let mut b = b.borrow_mut();
        if !b.0.as_ref().is_some_and(|x| Arc::ptr_eq(x, base)) {
            *b = (Some(Arc::clone(base)), b.1.wrapping_add(1));
        }
        b.1
    });
    if call(m, "hasChartBase", &[JsValue::from(key)])?.as_bool() != Some(true) {
        call(m, "setChartBase", &[JsValue::from(key), JsValue::from_str(&kaohe_core::write_document(base))])?;
    }
    Ok(())
}

/// The function the module calls when a chart opens a unit (its index as text): the unit view
/// (the module then scrolls to the indicator's row).
fn open_fn(state: &UseReducerHandle<AppState>) -> JsValue {
    let dispatch = state.dispatcher();
    OPEN.with(|f| {
        f.borrow_mut()
            .get_or_insert_with(move || {
                Closure::<dyn Fn(String)>::new(move |u: String| {
                    if let Ok(u) = u.parse::<usize>() {
                        dispatch.dispatch(Action::OpenUnit(u));
                    }
                })
                .into_js_value()
                .unchecked_into()
            })
            .clone()
            .into()
    })
}

/// Draws the charts of every host on the page for the state as it is now; Err when the module
/// could not be loaded. (A state the module cannot draw leaves the charts as they were.)
async fn draw(state: UseReducerHandle<AppState>, fragment: String) -> Result<(), JsValue> {
    let m = module().await?;
    let s = &*state;
    if send_base(&m, s.scenario.baseline_shared()).is_err() {
        return Ok(());
    }
    // The scenario as its link state (the app's fragment without the view): the module opens it
    // over the last one it drew.
    let doc = JsValue::from_str(fragment.split("&view=").next().unwrap_or(&fragment));
    let lang = JsValue::from_str(s.lang.tag());
    let Some(page) = web_sys::window().and_then(|w| w.document()) else { return Ok(()) };
    for kind in KINDS {
        let Some(root) = page.get_element_by_id(&format!("chart-host-{kind}")) else { continue };
        // The ranking's rows as shown, "3,0,1,…"; the unit view's unit.
        let order = if kind == "ranking" { crate::components::ranking::rows(s).iter().map(usize::to_string).collect::<Vec<_>>().join(",") } else { String::new() };
        let unit = if kind == "unit" { s.unit.to_string() } else { String::new() };
        let args = [root.into(), JsValue::from_str(kind), doc.clone(), JsValue::from_str(&order), JsValue::from_str(&unit), lang.clone(), open_fn(&state)];
        let _ = call(&m, "drawCharts", &args);
    }
    Ok(())
}

/// After a change (the app's effect keyed on what the charts show): draws them once the page has
/// painted, or once typing pauses on a large document. Says so in each host when the module could
/// not be loaded.
pub fn schedule(state: UseReducerHandle<AppState>, fragment: String) {
    let doc = state.scenario.document();
    let large = on_request(doc);
    if large && !asked() {
        // Nothing to draw until asked: not even the baseline goes to the module (on 2,000 × 100,
        // writing and reading it again held the page for a second and a half after it opened).
        return;
    }
    let delay = if large { 250 } else { 0 };
    let me = LATEST.with(|l| {
        l.set(l.get().wrapping_add(1));
        l.get()
    });
    let job = move || {
        if LATEST.with(|l| l.get()) != me {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let lang = state.lang;
            if draw(state, fragment).await.is_err() {
                let page = web_sys::window().and_then(|w| w.document());
                for kind in KINDS {
                    if let Some(el) = page.as_ref().and_then(|p| p.get_element_by_id(&format!("chart-host-{kind}"))) {
                        el.set_text_content(Some(tr(lang, "图表加载失败，请刷新页面后重试。", "The charts could not be loaded; reload the page and try again.")));
                    }
                }
            }
        });
    };
    gloo_timers::callback::Timeout::new(delay, job).forget();
}
