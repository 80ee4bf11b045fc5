//! One unit's indicators: inputs to edit, score out of full, rank, change, and the explanation.

use kaohe_core::input::input_fields;
use yew::prelude::*;

use super::cell::cell_input;
use super::{fixed, rank_move, signed, Ctx};
use crate::i18n::tr;
use crate::state::{Action, Tab};

/// The unit view.
pub fn unit_view(ctx: &Ctx) -> Html {
    let s = &ctx.state;
    let lang = s.lang;
    let doc = s.scenario.scored_document();
    let res = s.scenario.results();
    let dp = doc.scheme.rounding.dp;
    let Some(unit) = doc.units.get(s.unit) else { return html! {} };
    let Some(ur) = res.units.get(s.unit) else { return html! {} };
    let explains = s.scenario.explain_unit(s.unit, lang);
    // On a phone each indicator is a card, its explanation folded under 计分说明.
    let phone = super::is_phone();
    let delta = s.scenario.unit_delta(&unit.id);

    let on_unit = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Ok(i) = v.parse::<usize>() {
                d.emit(Action::OpenUnit(i));
            }
        })
    };
    let on_veto = {
        let d = ctx.dispatch.clone();
        let id = unit.id.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            d.emit(Action::SetVeto(id.clone(), on));
        })
    };
    let back = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::Show(Tab::Ranking))) };
    let reset_unit = { let d = ctx.dispatch.clone(); let id = unit.id.clone(); Callback::from(move |_| d.emit(Action::ResetUnit(id.clone()))) };

    html! {
        <section aria-labelledby="unit-title">
            <div class="toolbar unit-toolbar">
                <button type="button" onclick={back}>{ tr(lang, "← 返回排名", "← Ranking") }</button>
                <h2 id="unit-title">{ unit.name.clone() }</h2>
                <select onchange={on_unit} aria-label={tr(lang, "选择单位", "Choose a unit")}>
                    { for doc.units.iter().enumerate().map(|(i, u)| html! {
                        <option value={i.to_string()} selected={i == s.unit}>{ u.name.clone() }</option>
                    }) }
                </select>
                <span class="summary">
                    { format!("{} {}　{} {}　{} {}",
                        tr(lang, "总分", "Total"), fixed(ur.total.0, dp),
                        tr(lang, "排名", "Rank"), ur.rank,
                        tr(lang, "奖项", "Award"), ur.award.clone().unwrap_or_else(|| "—".into())) }
                    <span class="delta">{ format!("{} {} {}",
                        signed(delta.as_ref().map_or_else(Default::default, |d| d.total), dp),
                        rank_move(delta.as_ref().map_or(0, |d| d.rank_up)),
                        delta.as_ref().and_then(|d| d.award.clone()).map(|(from, _)| format!("（{}：{}）", tr(lang, "原奖项", "award was"), from.unwrap_or_else(|| "—".into()))).unwrap_or_default(),
                    ).trim().to_string() }</span>
                </span>
                <label class="veto">
                    <input type="checkbox" checked={ur.vetoed} onchange={on_veto} />
                    { tr(lang, "一票否决", "Vetoed") }
                </label>
                <button type="button" onclick={reset_unit}>{ tr(lang, "恢复本单位原始数据", "Reset this unit") }</button>
            </div>
            { crate::charts::host(ctx, "unit", 180.0) }
            <table class="indicators">
                <thead>
                    <tr>
                        <th scope="col">{ tr(lang, "指标", "Indicator") }</th>
                        <th scope="col">{ tr(lang, "输入", "Inputs") }</th>
                        <th scope="col" class="num">{ tr(lang, "得分", "Score") }</th>
                        <th scope="col" class="num">{ tr(lang, "分值", "Full") }</th>
                        <th scope="col" class="num">{ tr(lang, "变化", "Change") }</th>
                        <th scope="col" class="num">{ tr(lang, "排名", "Rank") }</th>
                        <th scope="col">{ tr(lang, "计分说明", "How it was scored") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for doc.scheme.indicators.iter().enumerate().map(|(i, ind)| {
                        let r = &ur.indicators[i];
                        let fields = input_fields(ind, lang);
                        html! {
                            <tr id={format!("ind-{i}")}>
                                <th scope="row">{ ind.name.clone() }</th>
                                <td class="inputs">
                                    { for fields.iter().map(|f| cell_input(ctx, unit, ind, f, None, false)) }
                                </td>
                                <td class="num score" data-label={tr(lang, "得分", "Score")}>{ r.score.map_or_else(|| tr(lang, "不考核", "n/a").to_string(), |v| fixed(v.0, dp)) }</td>
                                <td class="num full" data-label={tr(lang, "分值", "Full")}>{ ind.full.map_or_else(|| "—".to_string(), |f| fixed(f.0, dp)) }</td>
                                <td class="num change">{ s.scenario.indicator_delta(&unit.id, &ind.id).map(|d| signed(d, dp)).unwrap_or_default() }</td>
                                <td class="num irank" data-label={tr(lang, "排名", "Rank")}>{ r.rank.map_or_else(|| "—".to_string(), |k| k.to_string()) }
                                    <span class="delta">{ {
                                        let before = s.scenario.baseline_results().units.get(s.unit).and_then(|b| b.indicators.get(i)).and_then(|x| x.rank);
                                        match (before, r.rank) { (Some(b), Some(n)) => rank_move(i64::from(b) - i64::from(n)), _ => String::new() }
                                    } }</span></td>
                                if phone {
                                    <td class="explain"><details><summary>{ tr(lang, "计分说明", "How it was scored") }</summary>
                                        { explains.get(i).cloned().unwrap_or_default() }</details></td>
                                } else {
                                    <td class="explain">{ explains.get(i).cloned().unwrap_or_default() }</td>
                                }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}
