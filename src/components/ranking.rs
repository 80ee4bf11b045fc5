//! The county ranking: every unit with its ranks, subtotals, total, award and 突出单位, and how each
//! moved against the baseline.
//!
//! With more than `WINDOW_ROWS` rows it is windowed (issue 14): the page scrolls the whole table's
//! height, but only the rows in view, plus a margin, are drawn; printing draws every row.

use std::rc::Rc;

use kaohe_core::scenario::Edit;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{fixed, rank_move, signed, Ctx};
use crate::i18n::tr;
use crate::state::{Action, AppState, SortKey};
use crate::window::{px, Span};

/// Rankings with more rows than this are windowed.
pub const WINDOW_ROWS: usize = 300;
/// Rows drawn beyond the view on each side.
const MARGIN: usize = 12;

/// The ranking's props: the app's state and the scenario's edits.
#[derive(Properties, PartialEq, Clone)]
pub struct RankingProps {
    /// State and dispatch.
    pub ctx: Ctx,
    /// The scenario's edits (the header counts them too).
    pub edits: Rc<Vec<Edit>>,
}

/// The ranking as the app's main view.
pub fn ranking(ctx: &Ctx, edits: Rc<Vec<Edit>>) -> Html {
    html! { <Ranking ctx={ctx.clone()} {edits} /> }
}

/// Where the table body is in the page's view: (px of it scrolled above the view's top, the
/// view's height, a row's height).
fn body_in_view(body: &web_sys::Element) -> (f64, f64, f64) {
    let top = body.get_bounding_client_rect().top();
    let view = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map_or(900.0, |e| f64::from(e.client_height()));
    (-top, view, super::drawn_height(body, "tr[data-row]").unwrap_or(34.0))
}

/// The ranking's rows as shown (indices into the results): its 考核单元 filter, then its sort;
/// ties keep document order. The table and the chart above it show these rows.
pub fn rows(s: &AppState) -> Vec<usize> {
    let (doc, res) = (s.scenario.scored_document(), s.scenario.results());
    let tiers: Vec<&str> = doc.scheme.awards.iter().flat_map(|a| a.tiers.iter().map(|t| t.label.as_str())).collect();
    let tier = |a: &Option<String>| a.as_deref().and_then(|l| tiers.iter().position(|t| *t == l)).unwrap_or(tiers.len());
    let mut rows: Vec<usize> = (0..res.units.len())
        .filter(|&i| s.group.as_ref().is_none_or(|g| res.units[i].group == *g))
        .collect();
    let (key, desc) = s.sort;
    // Ties keep document order (an unstable sort with the position as the last key: one sort
    // routine less in the app than a stable sort).
    rows.sort_unstable_by(|&a, &b| {
        let (x, y) = (&res.units[a], &res.units[b]);
        let o = match key {
            SortKey::Rank => x.rank.cmp(&y.rank),
            SortKey::Name => x.name.cmp(&y.name),
            SortKey::Group => x.group.cmp(&y.group).then(x.group_rank.cmp(&y.group_rank)),
            SortKey::GroupRank => x.group_rank.cmp(&y.group_rank).then(x.rank.cmp(&y.rank)),
            SortKey::Category(c) => y.categories[c].score.cmp(&x.categories[c].score),
            SortKey::Total => y.total.cmp(&x.total),
            SortKey::Award => tier(&x.award).cmp(&tier(&y.award)).then(x.rank.cmp(&y.rank)),
            SortKey::Recognitions => y.recognitions.len().cmp(&x.recognitions.len()).then(x.rank.cmp(&y.rank)),
        };
        if desc { o.reverse() } else { o }.then(a.cmp(&b))
    });
    rows
}

/// The ranking table.
#[component]
pub fn Ranking(props: &RankingProps) -> Html {
    let ctx = &props.ctx;
    let edits: &[Edit] = &props.edits;
    let s = &ctx.state;
    let lang = s.lang;
    let doc = s.scenario.scored_document();
    let res = s.scenario.results();
    let dp = doc.scheme.rounding.dp;
    let group_name = |id: &str| doc.scheme.groups.iter().find(|g| g.id == id).map_or(id.to_string(), |g| g.name.clone());
    let rec_name = |id: &str| doc.scheme.recognitions.iter().find(|r| r.id == id).map_or(id.to_string(), |r| r.name.clone());

    // How each unit moved, computed once per render (units that did not move are absent).
    let moved_list = s.scenario.moved_units();
    let moved: std::collections::HashMap<&str, &kaohe_core::scenario::UnitDelta> =
        moved_list.iter().map(|(id, d)| (id.as_str(), d)).collect();
    let rows = rows(s);

    // Windowing: the rows drawn follow the page's scroll; printing draws them all.
    let count = rows.len();
    let windowed = count > WINDOW_ROWS;
    let body = use_node_ref();
    let window = use_state(|| Span::of(count, 34.0, 0.0, 1_000.0, MARGIN));
    let printing = use_state(|| false);
    let row_h = use_mut_ref(|| 34.0);
    let measure = {
        let (body, window, row_h) = (body.clone(), window.clone(), row_h.clone());
        move |count: usize| {
            if let Some(b) = body.cast::<web_sys::Element>() {
                let (scrolled, view, row) = body_in_view(&b);
                *row_h.borrow_mut() = row;
                let now = Span::of(count, row, scrolled, view, MARGIN);
                if now != *window {
                    window.set(now);
                }
            }
        }
    };
    {
        let (measure, printing) = (measure.clone(), printing.clone());
        use_effect_with(count, move |&count| {
            let listeners = web_sys::window().filter(|_| count > WINDOW_ROWS).map(|w| {
                let (m1, m2) = (measure.clone(), measure.clone());
                let (p1, p2) = (printing.clone(), printing.clone());
                [
                    gloo_events::EventListener::new(&w, "scroll", move |_| m1(count)),
                    gloo_events::EventListener::new(&w, "resize", move |_| m2(count)),
                    gloo_events::EventListener::new(&w, "beforeprint", move |_| p1.set(true)),
                    gloo_events::EventListener::new(&w, "afterprint", move |_| p2.set(false)),
                ]
            });
            move || drop(listeners)
        });
    }
    {
        // After each render (a sort, a filter, an edit): the window for the table as it is now.
        let measure = measure.clone();
        use_effect(move || {
            if windowed {
                measure(count);
            }
        });
    }
    let span = if windowed && !*printing {
        Span { first: window.first.min(count), end: window.end.min(count) }
    } else {
        Span::all(count)
    };
    let row_h = *row_h.borrow();
    let ncols = 7 + doc.scheme.categories.len();

    let header = |label: String, k: SortKey, numeric: bool, col: &'static str| {
        let d = ctx.dispatch.clone();
        let mark = if s.sort.0 == k { if s.sort.1 { " ▼" } else { " ▲" } } else { "" };
        let sort = if s.sort.0 == k { if s.sort.1 { "descending" } else { "ascending" } } else { "none" };
        html! {
            <th scope="col" class={classes!(col, numeric.then_some("num"))} aria-sort={sort}>
                <button type="button" class="sort" onclick={Callback::from(move |_| d.emit(Action::SortBy(k)))}>
                    { label }{ mark }
                </button>
            </th>
        }
    };

    let groups = doc.scheme.groups.clone();
    let on_group = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            d.emit(Action::FilterGroup((!v.is_empty()).then_some(v)));
        })
    };

    html! {
        <section aria-labelledby="ranking-title">
            <div class="toolbar">
                <h2 id="ranking-title">{ tr(lang, "综合排名", "Ranking") }</h2>
                <label>
                    { tr(lang, "考核单元：", "Group: ") }
                    <select onchange={on_group} aria-label={tr(lang, "按考核单元筛选", "Filter by group")}>
                        <option value="" selected={s.group.is_none()}>{ tr(lang, "全部", "All") }</option>
                        { for groups.iter().map(|g| html! {
                            <option value={g.id.clone()} selected={s.group.as_deref() == Some(g.id.as_str())}>{ g.name.clone() }</option>
                        }) }
                    </select>
                </label>
            </div>
            { {
                // Relative methods move units whose own inputs were not edited: say so.
                // (A sorted list, not a BTreeSet: collecting one builds a stable sort into the first load.)
                let mut edited: Vec<&str> = edits.iter().map(|((u, _, _), _, _)| u.as_str()).collect();
                edited.sort_unstable();
                let moved = moved_list.iter().filter(|(u, _)| edited.binary_search(&u.as_str()).is_err()).count();
                if moved > 0 { html! {
                    <p class="notice" role="status">{ match lang {
                        kaohe_core::Lang::Zh => format!("另有 {moved} 个单位未改数据，但因相对计分（与最优值比、名次、功效系数、平均值基准）或名次变化而随之变动，已用 ▲▼ 和增减值标出。"),
                        kaohe_core::Lang::En => format!("{moved} more units moved without edits of their own (relative scoring or ranks); see ▲▼ and the changes."),
                    } }</p>
                } } else { html! {} }
            } }
            // 得分构成: a bar of 22 px per row, its legend and axis (above 300 rows, a box of 560 px).
            { crate::charts::host(ctx, "ranking", if windowed { 640.0 } else { 22.0 * count as f64 + 150.0 }) }
            <div class="table-scroll">
            <table class={classes!("ranking", windowed.then_some("windowed"))} aria-rowcount={(count + 1).to_string()}>
                <thead>
                    <tr>
                        { header(tr(lang, "排名", "Rank").into(), SortKey::Rank, true, "c-rank") }
                        { header(tr(lang, "单位", "Unit").into(), SortKey::Name, false, "c-name") }
                        { header(tr(lang, "考核单元", "Group").into(), SortKey::Group, false, "c-group") }
                        { header(tr(lang, "组内排名", "In group").into(), SortKey::GroupRank, true, "c-grank") }
                        { for doc.scheme.categories.iter().enumerate().map(|(c, cat)| header(cat.name.clone(), SortKey::Category(c), true, "c-cat")) }
                        { header(tr(lang, "总分", "Total").into(), SortKey::Total, true, "c-total") }
                        { header(tr(lang, "奖项", "Award").into(), SortKey::Award, false, "c-award") }
                        { header(tr(lang, "突出单位", "Outstanding").into(), SortKey::Recognitions, false, "c-rec") }
                    </tr>
                </thead>
                <tbody ref={body}>
                    if span.first > 0 {
                        <tr class="spacer" aria-hidden="true" style={format!("height: {}", px(span.before(row_h)))}><td colspan={ncols.to_string()}></td></tr>
                    }
                    { for rows[span.first..span.end].iter().enumerate().map(|(k, &i)| {
                        let u = &res.units[i];
                        let delta = moved.get(u.id.as_str()).cloned();
                        let base = s.scenario.baseline_results().units.get(i).filter(|b| b.id == u.id);
                        let open = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::OpenUnit(i))) };
                        // On a phone the whole row is the tap target (its controls keep their own).
                        let tap_row = {
                            let d = ctx.dispatch.clone();
                            Callback::from(move |e: MouseEvent| {
                                let on_control = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                                    .is_some_and(|el| el.closest("button, .badge").ok().flatten().is_some());
                                if !on_control && crate::components::is_phone() {
                                    d.emit(Action::OpenUnit(i));
                                }
                            })
                        };
                        let award_change = delta.as_ref().and_then(|d| d.award.clone());
                        html! {
                            <tr key={u.id.clone()} data-row="" aria-rowindex={(span.first + k + 2).to_string()}
                                class={classes!(u.vetoed.then_some("vetoed"), delta.as_ref().is_some_and(|d| d.is_change()).then_some("moved"))} onclick={tap_row}>
                                <td class="num c-rank">{ u.rank }<span class="delta">{ rank_move(delta.as_ref().map_or(0, |d| d.rank_up)) }</span></td>
                                <td class="c-name"><button type="button" class="link" onclick={open}>{ u.name.clone() }</button>
                                    { if u.vetoed { html!{ <span class="badge veto">{ tr(lang, "一票否决", "Vetoed") }</span> } } else { html!{} } }</td>
                                <td class="c-group">{ group_name(&u.group) }</td>
                                <td class="num c-grank">{ u.group_rank }<span class="delta">{ rank_move(delta.as_ref().map_or(0, |d| d.group_rank_up)) }</span></td>
                                { for u.categories.iter().enumerate().map(|(c, cat)| {
                                    let before = base.and_then(|b| b.categories.get(c)).map_or(cat.score.0, |x| x.score.0);
                                    html! { <td class="num c-cat">{ fixed(cat.score.0, dp) }<span class="delta">{ signed(cat.score.0 - before, dp) }</span></td> }
                                }) }
                                <td class="num total c-total">{ fixed(u.total.0, dp) }<span class="delta">{ signed(delta.as_ref().map_or_else(Default::default, |d| d.total), dp) }</span></td>
                                <td class="c-award">{ u.award.clone().unwrap_or_else(|| "—".into()) }
                                    { match award_change { Some((from, _)) => html! { <span class="delta">{ format!("（{}：{}）", tr(lang, "原", "was"), from.unwrap_or_else(|| "—".into())) }</span> }, None => html! {} } }</td>
                                <td class="c-rec">{ for u.recognitions.iter().map(|r| {
                                    let gained = delta.as_ref().is_some_and(|d| d.recognitions_gained.contains(r));
                                    let name = if gained { format!("{}（{}）", rec_name(r), tr(lang, "新获得", "gained")) } else { rec_name(r) };
                                    html! { <span class={classes!("badge", "rec", gained.then_some("gained"))} tabindex="0" title={name.clone()} aria-label={name}>{ "★" }</span> }
                                }) }
                                { for delta.iter().flat_map(|d| d.recognitions_lost.clone()).map(|r| {
                                    let name = format!("{}（{}）", rec_name(&r), tr(lang, "失去", "lost"));
                                    html! { <span class="badge rec lost" tabindex="0" title={name.clone()} aria-label={name}>{ "☆" }</span> }
                                }) }</td>
                            </tr>
                        }
                    }) }
                    if span.end < count {
                        <tr class="spacer" aria-hidden="true" style={format!("height: {}", px(span.after(count, row_h)))}><td colspan={ncols.to_string()}></td></tr>
                    }
                </tbody>
            </table>
            </div>
            { crate::charts::host(ctx, "heat", 90.0) }
        </section>
    }
}
