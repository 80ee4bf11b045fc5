//! One unit's indicators: inputs to edit, score out of full, rank, change, and the explanation.

use kaohe_core::explain::explain_unit;
use kaohe_core::input::input_fields;
use yew::prelude::*;

use super::{fixed, signed, Ctx};
use crate::i18n::tr;
use crate::state::{Action, Tab};

/// The unit view.
#[component]
pub fn UnitView(ctx: &Ctx) -> Html {
    let s = &ctx.state;
    let lang = s.lang;
    let doc = s.scenario.document();
    let res = s.scenario.results();
    let dp = doc.scheme.rounding.dp;
    let Some(unit) = doc.units.get(s.unit) else { return html! {} };
    let Some(ur) = res.units.get(s.unit) else { return html! {} };
    let explains = explain_unit(doc, res, s.unit, lang);
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
    let back = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::Show(Tab::Ranking))) };
    let reset_unit = { let d = ctx.dispatch.clone(); let id = unit.id.clone(); Callback::from(move |_| d.emit(Action::ResetUnit(id.clone()))) };

    html! {
        <section aria-labelledby="unit-title">
            <div class="toolbar">
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
                    <span class="delta">{ signed(delta.as_ref().map_or_else(Default::default, |d| d.total), dp) }</span>
                </span>
                <button type="button" onclick={reset_unit}>{ tr(lang, "恢复本单位原始数据", "Reset this unit") }</button>
            </div>
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
                            <tr>
                                <th scope="row">{ ind.name.clone() }</th>
                                <td class="inputs">
                                    { for fields.into_iter().map(|f| {
                                        let key = (unit.id.clone(), ind.id.clone(), f.name.clone());
                                        let rejected = s.scenario.rejected().get(&key).cloned();
                                        let text = s.drafts.get(&key).cloned()
                                            .or_else(|| rejected.as_ref().map(|r| r.text.clone()))
                                            .unwrap_or_else(|| s.scenario.value(&unit.id, &ind.id, &f.name).map(|v| v.normalize().to_string()).unwrap_or_default());
                                        let edited = s.scenario.is_edited(&unit.id, &ind.id, &f.name);
                                        let oninput = { let d = ctx.dispatch.clone(); let k = key.clone(); Callback::from(move |e: InputEvent| {
                                            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                                            d.emit(Action::Type(k.clone(), v));
                                        }) };
                                        let onblur = { let d = ctx.dispatch.clone(); let k = key.clone(); Callback::from(move |_: FocusEvent| d.emit(Action::Leave(k.clone()))) };
                                        let reset = { let d = ctx.dispatch.clone(); let k = key.clone(); Callback::from(move |_| d.emit(Action::ResetCell(k.clone()))) };
                                        let label = format!("{} {} {}", unit.name, ind.name, f.label);
                                        html! {
                                            <div class={classes!("field", edited.then_some("edited"), rejected.is_some().then_some("invalid"))}>
                                                <span class="flabel" aria-hidden="true">{ f.label.clone() }</span>
                                                <input type="text" inputmode="decimal" value={text} aria-label={label}
                                                    aria-invalid={rejected.is_some().then_some("true")} {oninput} {onblur} />
                                                { if edited || rejected.is_some() { html! {
                                                    <button type="button" class="reset" onclick={reset} title={tr(lang, "恢复原值", "Reset")}
                                                        aria-label={format!("{} {}", tr(lang, "恢复原值", "Reset"), f.label)}>{ "↺" }</button>
                                                } } else { html! {} } }
                                                { match rejected { Some(r) => html! { <div class="error" role="alert">{ r.error.message(lang) }</div> }, None => html! {} } }
                                            </div>
                                        }
                                    }) }
                                </td>
                                <td class="num">{ r.score.map_or_else(|| tr(lang, "不考核", "n/a").to_string(), |v| fixed(v.0, dp)) }</td>
                                <td class="num">{ ind.full.map_or_else(|| "—".to_string(), |f| fixed(f.0, dp)) }</td>
                                <td class="num change">{ s.scenario.indicator_delta(&unit.id, &ind.id).map(|d| signed(d, dp)).unwrap_or_default() }</td>
                                <td class="num">{ r.rank.map_or_else(|| "—".to_string(), |k| k.to_string()) }</td>
                                <td class="explain">{ explains.get(i).cloned().unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}
