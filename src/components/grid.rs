//! The input grid: every input of every unit, grouped by category and indicator, with sticky
//! headers; Tab, Enter (Shift+Enter) and the arrow keys move between cells.

use kaohe_core::input::FieldSpec;
use kaohe_core::model::Indicator;
use yew::prelude::*;

use super::cell::cell_input;
use super::Ctx;
use crate::i18n::tr;
use crate::state::grid_columns;

/// The grid.
pub fn input_grid(ctx: &Ctx) -> Html {
    let s = &ctx.state;
    let lang = s.lang;
    let doc = s.scenario.document();
    // Columns in category, indicator and field order (shared with the reducer's paste).
    let columns: Vec<(&Indicator, FieldSpec)> =
        grid_columns(doc, lang).into_iter().map(|(i, f)| (&doc.scheme.indicators[i], f)).collect();
    let mut cat_spans: Vec<(String, usize)> = Vec::new();
    let mut ind_spans: Vec<(&Indicator, usize)> = Vec::new();
    for (ind, _) in &columns {
        match ind_spans.last_mut() {
            Some((last, n)) if last.id == ind.id => *n += 1,
            _ => ind_spans.push((ind, 1)),
        }
        let cat = doc.scheme.categories.iter().find(|c| c.id == ind.category).map_or(String::new(), |c| c.name.clone());
        match cat_spans.last_mut() {
            Some((last, n)) if *last == cat => *n += 1,
            _ => cat_spans.push((cat, 1)),
        }
    }
    let rejected: Vec<String> = s
        .scenario
        .rejected()
        .iter()
        .map(|((u, i, _), r)| {
            let unit = doc.units.iter().find(|x| &x.id == u).map_or(u.as_str(), |x| x.name.as_str());
            let ind = doc.scheme.indicators.iter().find(|x| &x.id == i).map_or(i.as_str(), |x| x.name.as_str());
            format!("{unit} {ind}：{}", r.error.message(lang))
        })
        .collect();
    html! {
        <section aria-labelledby="grid-title">
            <div class="toolbar">
                <h2 id="grid-title">{ tr(lang, "数据录入", "Inputs") }</h2>
                <span class="hint">{ tr(lang, "Tab、Enter 和方向键在单元格间移动；可从 Excel/WPS 复制一块单元格粘贴到当前格起的区域；改动立即重新计分。",
                    "Tab, Enter and the arrow keys move between cells; paste a block copied from Excel or WPS at the focused cell; every change is scored at once.") }</span>
            </div>
            if super::is_phone() {
                <p class="notice phone-note">{ super::desktop_note(lang) }</p>
            }
            if let Some(m) = &s.paste_error {
                <p class="problems" role="alert">{ format!("{}{m}", tr(lang, "粘贴未执行：", "Paste refused: ")) }</p>
            }
            if !rejected.is_empty() {
                <ul class="problems" role="alert">{ for rejected.into_iter().map(|m| html! { <li>{ m }</li> }) }</ul>
            }
            <div class="grid-wrap">
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col" rowspan="3" class="corner">{ tr(lang, "单位", "Unit") }</th>
                            { for cat_spans.iter().map(|(name, n)| html! { <th scope="colgroup" colspan={n.to_string()}>{ name.clone() }</th> }) }
                        </tr>
                        <tr>{ for ind_spans.iter().map(|(ind, n)| html! { <th scope="colgroup" colspan={n.to_string()}>{ ind.name.clone() }</th> }) }</tr>
                        <tr>{ for columns.iter().map(|(_, f)| html! { <th scope="col" class="fieldhead">{ f.label.clone() }</th> }) }</tr>
                    </thead>
                    <tbody>
                        { for doc.units.iter().enumerate().map(|(r, unit)| html! {
                            <tr>
                                <th scope="row">{ unit.name.clone() }</th>
                                { for columns.iter().enumerate().map(|(c, (ind, f))| html! {
                                    <td>{ cell_input(ctx, unit, ind, f, Some((r, c)), true) }</td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
