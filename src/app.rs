//! The root component: one reducer holds the whole state; views render it.

use kaohe_core::presets;
use kaohe_core::scenario::{Edit, Scenario};
use kaohe_core::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::grid::input_grid;
use crate::components::io::{data_bar, use_io};
use crate::components::scenarios::scenarios;
use crate::components::ranking::ranking;
use crate::components::unit_view::unit_view;
use crate::i18n::tr;
use crate::state::{restore, synthetic_size, Action, AppState, Startup, Tab};
use crate::embed;
use crate::hooks::{use_embed, use_page_events, use_persistence};
use crate::storage;
use crate::url;

/// The app on the built-in demo.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        let doc = synthetic_size(&query)
            .and_then(|(u, i)| kaohe_core::synthetic::document(u, i, 1))
            // The demo is embedded and tested natively; failing here would be a build defect.
            .unwrap_or_else(|| presets::DEMO.document().unwrap_or_else(|e| panic!("demo preset: {e}")));
        let scenario = Scenario::new(doc).unwrap_or_else(|e| panic!("preset: {e:?}"));
        let embed = embed::config().is_some();
        // Read here; what opens is decided by `state::restore` (natively tested).
        let env = Startup {
            embed,
            work: if embed { Ok(None) } else { storage::load_work().map_err(|_| ()) },
            saved: if embed { Ok(Vec::new()) } else { storage::load_saved().map_err(|_| ()) },
            fragment: url::fragment(),
            reload: url::is_reload(),
        };
        restore(scenario, env)
    });
    // The state as a link, computed once per render: the effects below key on it.
    let fragment = state.fragment();
    use_persistence(&state, &fragment);
    use_embed(&state, &fragment);
    use_page_events(&state);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let io = use_io(&state);
    let scenario_name = use_state(String::new);
    let view_ctx = crate::components::Ctx { state: state.clone(), dispatch: dispatch.clone() };
    let editor = crate::editor::use_editor(&state, &fragment);
    let seek = crate::editor::use_seek(&state, &fragment);
    {
        // The charts (drawn by the editor module once the page has painted): after any change of
        // what they show.
        let st = state.clone();
        use_effect_with((fragment.clone(), state.lang, state.sort, state.group.clone()), move |(f, ..)| crate::charts::schedule(st, f.clone()));
    }
    let s = &*state;
    let lang = s.lang;
    let doc = s.scenario.document();
    // The scenario's edits, once per render: the header's count, the ranking and the printed list.
    let edit_list = s.scenario.edits();
    let edits = edit_list.len();
    let switch = {
        let d = dispatch.clone();
        let next = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
        Callback::from(move |_| d.emit(Action::SetLang(next)))
    };
    let undo = { let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Undo)) };
    let show_scheme = { let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Show(Tab::Scheme))) };
    let redo = { let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Redo)) };
    let reset_all = { let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::ResetAll)) };
    let copy_link = {
        let (d, f) = (dispatch.clone(), fragment.clone());
        Callback::from(move |_| {
            let link = url::href_with(&f);
            if url::copy(&link) {
                d.emit(Action::Copied(true));
            } else {
                // No clipboard (an in-app browser): show the link to be copied by a long press.
                d.emit(Action::ShowLink(Some(link)));
            }
        })
    };
    // 更多 on a phone: the secondary actions, saved scenarios and files open as one menu.
    let more = use_state(|| false);
    let toggle_more = { let m = more.clone(); Callback::from(move |_| m.set(!*m)) };
    let close_more = { let m = more.clone(); Callback::from(move |e: MouseEvent| {
        // Any button chosen closes the menu, except 更多 itself (which toggles it).
        let el = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let on = |sel: &str| el.as_ref().is_some_and(|el| el.closest(sel).ok().flatten().is_some());
        if *m && on("button") && !on("button.more") {
            m.set(false);
        }
    }) };
    let close_link = { let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::ShowLink(None))) };
    let dismiss = { let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::DismissLinkError)) };
    html! {
        <div class={classes!("app", s.embed.then_some("embedded"), (*more).then_some("more-open"))} lang={if lang == Lang::Zh { "zh-CN" } else { "en" }}
            onclick={close_more}>
            if !s.embed {
            <header>
                <div class="title">
                    <h1>{ tr(lang, "考核计分器", "Kaohe assessment calculator") }</h1>
                    <p class="scheme">{ format!("{}（{}）", doc.scheme.name, doc.scheme.year.map(|y| y.to_string()).unwrap_or_default()) }</p>
                </div>
                <div class="actions">
                    if s.scenario.scheme_changed() {
                        <span class="edits">{ tr(lang, "方案已修改", "scheme edited") }</span>
                    }
                    { if edits > 0 { html! {
                        <span class="edits">{ match lang {
                            Lang::Zh => format!("{edits} 处修改"),
                            Lang::En => format!("{edits} edited"),
                        } }</span>
                    } } else { html! {} } }
                    <button type="button" class="icon-button" onclick={undo} disabled={s.undo.is_empty()} aria-label={tr(lang, "撤销", "Undo")}
                        title={tr(lang, "撤销（Ctrl+Z）", "Undo (Ctrl+Z)")}><span class="word">{ tr(lang, "撤销", "Undo") }</span><span class="icon" aria-hidden="true">{ "↶" }</span></button>
                    <button type="button" class="icon-button" onclick={redo} disabled={s.redo.is_empty()} aria-label={tr(lang, "重做", "Redo")}
                        title={tr(lang, "重做（Ctrl+Y）", "Redo (Ctrl+Y)")}><span class="word">{ tr(lang, "重做", "Redo") }</span><span class="icon" aria-hidden="true">{ "↷" }</span></button>
                    <button type="button" class="more" onclick={toggle_more} aria-expanded={(*more).to_string()}>{ tr(lang, "更多", "More") }</button>
                    <div class="secondary">
                        <button type="button" onclick={reset_all} disabled={edit_list.is_empty() && s.scenario.is_baseline()}>
                            { tr(lang, "全部恢复", "Reset all") }</button>
                        <button type="button" onclick={copy_link}>{ tr(lang, "复制链接", "Copy link") }</button>
                        <button type="button" onclick={switch}>{ tr(lang, "English", "中文") }</button>
                    </div>
                </div>
            </header>
            if let Some(link) = &s.link_shown {
                <div class="notice link-box" role="status">
                    <p>{ tr(lang, "无法自动复制（此浏览器未允许使用剪贴板）。请长按下面的链接，全选后复制：",
                        "This browser does not allow copying: long-press the link below, select all and copy it.") }</p>
                    <input type="text" readonly=true value={link.clone()} aria-label={tr(lang, "本页链接", "This page's link")}
                        onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().select())} />
                    <button type="button" onclick={close_link}>{ tr(lang, "关闭", "Close") }</button>
                </div>
            }
            if s.copied {
                if let kaohe_core::link::Base::Held(_) = &*s.base {
                    <p class="notice held-link" role="status">{ match lang {
                        Lang::Zh => format!("已复制链接：文档较大（{} 个单位），链接只含 {edits} 处修改，需对方已有此文档；发给同事请用“导出文档（JSON）”。", doc.units.len()),
                        Lang::En => format!("Link copied: the document is large ({} units), so the link holds the {edits} edits only; send colleagues the file from Export document.", doc.units.len()),
                    } }</p>
                } else {
                    <p class="notice" role="status">{ tr(lang, "已复制链接：收到链接的同事打开后，看到的是与您完全相同的数据和页面。",
                        "Link copied: a colleague who opens it sees exactly these inputs and this view.") }</p>
                }
            }
            if s.storage_failed {
                <div class="link-error" role="alert">{ tr(lang,
                    "本浏览器无法保存数据（可能处于隐私/无痕模式或存储空间已满），刷新后修改将丢失；可用“复制链接”保留。",
                    "This browser cannot store data (private mode or storage full): edits are lost on reload; use Copy link to keep them.") }</div>
            }
            { scenarios(&crate::components::Ctx { state: state.clone(), dispatch: dispatch.clone() }, &scenario_name) }
            { data_bar(&crate::components::Ctx { state: state.clone(), dispatch: dispatch.clone() }, &io) }
            { print_head(s, &edit_list) }
            }
            if let Some(e) = &s.link_error {
                <div class="link-error" role="alert">
                    { e.message(lang) }
                    <button type="button" onclick={dismiss}>{ tr(lang, "知道了", "OK") }</button>
                </div>
            }
            if !s.scenario.issues().is_empty() && s.tab != Tab::Scheme {
                <div class="link-error stale" role="alert">
                    { match lang {
                        Lang::Zh => format!("考核方案有 {} 处错误，以下为最后一次有效的计分结果。", s.scenario.issues().len()),
                        Lang::En => format!("The scheme has {} errors: these are the results of the last valid scoring.", s.scenario.issues().len()),
                    } }
                    <button type="button" onclick={show_scheme}>{ tr(lang, "去修改", "Fix it") }</button>
                </div>
            }
            <nav class="tabs" aria-label={tr(lang, "视图", "Views")}>
                { for [(Tab::Ranking, tr(lang, "综合排名", "Ranking")), (Tab::Unit, tr(lang, "单位详情", "Unit")), (Tab::Grid, tr(lang, "数据录入", "Inputs")), (Tab::Scheme, tr(lang, "考核方案", "Scheme"))]
                    .into_iter().map(|(t, label)| {
                        let d = dispatch.clone();
                        html! {
                            <button type="button" class={classes!((s.tab == t).then_some("active"))}
                                aria-current={(s.tab == t).then_some("page")}
                                onclick={Callback::from(move |_| d.emit(Action::Show(t)))}>{ label }</button>
                        }
                    }) }
            </nav>
            <main>
                { match s.tab {
                    Tab::Ranking => ranking(&view_ctx, std::rc::Rc::new(edit_list.clone())),
                    Tab::Unit => unit_view(&view_ctx),
                    Tab::Grid => input_grid(&view_ctx),
                    Tab::Scheme => html! {},
                } }
                { crate::editor::seek_host(&seek, s.tab == Tab::Unit && !s.embed, lang) }
                { crate::editor::host(&editor, s.tab == Tab::Scheme, lang) }
            </main>
        </div>
    }
}

/// Printed above the ranking only: the scheme, the year, the date and the scenario's changes.
fn print_head(s: &AppState, edits: &[Edit]) -> Html {
    let (lang, sc) = (s.lang, &s.scenario);
    let doc = sc.document();
    let name = |u: &str| doc.units.iter().find(|x| x.id == u).map_or(u.to_string(), |x| x.name.clone());
    let show = |v: Option<rust_decimal::Decimal>| v.map_or_else(|| tr(lang, "空", "empty").to_string(), |d| d.normalize().to_string());
    let mut changes: Vec<String> = edits
        .iter()
        .map(|((u, i, f), before, now)| {
            let ind = doc.scheme.indicators.iter().find(|x| x.id == *i);
            let label = ind
                .and_then(|ind| kaohe_core::input::input_fields(ind, lang).into_iter().find(|x| x.name == *f))
                .map_or(f.clone(), |x| x.label);
            format!("{} · {} · {}：{} → {}", name(u), ind.map_or(i.as_str(), |x| x.name.as_str()), label, show(*before), show(*now))
        })
        .collect();
    if sc.scheme_changed() {
        changes.insert(0, tr(lang, "考核方案（类别、指标、权重、奖项等）已按假设修改", "the scheme (categories, indicators, weights, awards …) was edited").to_string());
    }
    changes.extend(sc.veto_changes().into_iter().map(|u| {
        let now = doc.inputs.get(&u).is_some_and(|r| r.veto);
        format!("{} · {}：{}", name(&u), tr(lang, "一票否决", "veto"), if now { tr(lang, "是", "yes") } else { tr(lang, "否", "no") })
    }));
    html! {
        <div class="print-only print-head">
            <h1>{ format!("{}{}", doc.scheme.name, tr(lang, " 综合考核排名", " — ranking")) }</h1>
            <p>{ match lang {
                Lang::Zh => format!("考核年度：{}　打印日期：{}", doc.scheme.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()), crate::files::today(lang)),
                Lang::En => format!("Year: {}   Printed: {}", doc.scheme.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()), crate::files::today(lang)),
            } }</p>
            if changes.is_empty() {
                <p>{ tr(lang, "数据：原始数据（未作假设修改）", "Data: as entered (no what-if changes)") }</p>
            } else {
                <p>{ match lang { Lang::Zh => format!("本表为假设情形，相对原始数据有 {} 处修改：", changes.len()), Lang::En => format!("What-if scenario with {} changes:", changes.len()) } }</p>
                <ul class="print-changes">{ for changes.iter().map(|c| html! { <li>{ c.clone() }</li> }) }</ul>
            }
        </div>
    }
}
