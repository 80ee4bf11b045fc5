//! The scheme editor (issue 6): everything of FORMAT §1 in forms, in Chinese. Each control writes
//! one field by its validation path (`scheme.categories[0].weight`), so the engine's errors and
//! warnings, which carry the same paths, appear next to the field they concern. Edits are part of
//! the what-if scenario: the app scores every edited document against the baseline (Δ in the
//! ranking), and its 撤销 takes edits back.

use std::collections::BTreeMap;

use kaohe_core::describe::{method_line, method_name, metric_name, METHODS, METRICS};
use kaohe_core::editing::{as_value, get_path, Item};
use kaohe_core::model::{Document, Metric};
use kaohe_core::protocol::NewFrom;
use kaohe_core::Lang;
use serde_json::{json, Value};
use yew::prelude::*;

use kaohe_core::tr;

use crate::{EditAction as Action, EditorState};

/// What the forms receive: the editor's state and the way to change it.
#[derive(Clone, Properties)]
pub struct Ctx {
    /// The editor's state.
    pub state: UseReducerHandle<EditorState>,
    /// Sends an action to the editor's reducer.
    pub dispatch: Callback<Action>,
    /// Asks the app to start a new scheme.
    pub start: Callback<NewFrom>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(&*self.state, &*other.state) && self.dispatch == other.dispatch && self.start == other.start
    }
}

/// Messages by path: errors and warnings of the engine, and fields typed but refused.
struct Notes {
    by_path: BTreeMap<String, Vec<(bool, String)>>,
}

impl Notes {
    /// Messages for a field: its own path, and paths inside it (`…method.bands[1]` for bands).
    fn at(&self, path: &str) -> Vec<(bool, String)> {
        self.by_path
            .range(path.to_string()..)
            .take_while(|(p, _)| p.starts_with(path))
            .filter(|(p, _)| p.len() == path.len() || matches!(p.as_bytes()[path.len()], b'[' | b'.'))
            .flat_map(|(_, v)| v.iter().cloned())
            .collect()
    }
}

fn notes_html(n: Vec<(bool, String)>) -> Html {
    html! { <>{ for n.into_iter().map(|(err, m)| html! {
        <span class={classes!("note", err.then_some("error"))} role={err.then_some("alert")}>{ m }</span>
    }) }</> }
}

fn text_of(v: Option<Value>) -> String {
    match v {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// What every form helper needs.
struct F<'a> {
    d: &'a Callback<Action>,
    v: &'a Value,
    notes: &'a Notes,
    drafts: &'a BTreeMap<String, (String, crate::Refusal)>,
    lang: Lang,
}

impl F<'_> {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        tr(self.lang, zh, en)
    }

    fn wrap(&self, label: &str, path: &str, control: Html) -> Html {
        let mut n = self.notes.at(path);
        if let Some(m) = self.drafts.get(path).map(|(_, why)| why.text(self.lang)) {
            n.insert(0, (true, m.clone()));
        }
        let bad = n.iter().any(|(e, _)| *e);
        html! {
            <label class={classes!("frow", bad.then_some("invalid"))}>
                <span class="flabel">{ label.to_string() }</span>{ control }{ notes_html(n) }
            </label>
        }
    }

    /// A text field (committed on change).
    fn text(&self, label: &str, name: String, path: String) -> Html {
        let value = text_of(get_path(self.v, &path));
        let (d, p) = (self.d.clone(), path.clone());
        let on = Callback::from(move |e: Event| {
            let t = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            d.emit(Action::Set(p.clone(), Some(Value::String(t.trim().to_string()))));
        });
        self.wrap(label, &path, html! { <input type="text" aria-label={name} {value} onchange={on} /> })
    }

    /// An optional text field: empty removes it.
    fn opt_text(&self, label: &str, name: String, path: String) -> Html {
        let value = text_of(get_path(self.v, &path));
        let (d, p) = (self.d.clone(), path.clone());
        let on = Callback::from(move |e: Event| {
            let t = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let t = t.trim();
            d.emit(Action::Set(p.clone(), (!t.is_empty()).then(|| Value::String(t.to_string()))));
        });
        self.wrap(label, &path, html! { <input type="text" aria-label={name} {value} onchange={on} /> })
    }

    /// A number field (empty: the default applies); `integer` for counts.
    fn num(&self, label: &str, name: String, path: String, integer: bool, hint: &str) -> Html {
        let value = self.drafts.get(&path).filter(|(t, _)| !t.is_empty()).map_or_else(|| text_of(get_path(self.v, &path)), |(t, _)| t.clone());
        let (d, p) = (self.d.clone(), path.clone());
        let on = Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            d.emit(Action::Number { path: p.clone(), text, integer });
        });
        self.wrap(label, &path, html! {
            <input type="text" inputmode="decimal" class="num" aria-label={name} {value} placeholder={hint.to_string()} onchange={on} />
        })
    }

    /// A choice; `none` (a label) adds an empty option that removes the field.
    fn select(&self, label: &str, name: String, path: String, options: &[(&str, String)], none: Option<&str>) -> Html {
        let current = text_of(get_path(self.v, &path));
        let (d, p) = (self.d.clone(), path.clone());
        let on = Callback::from(move |e: Event| {
            let t = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            d.emit(Action::Set(p.clone(), (!t.is_empty()).then(|| Value::String(t))));
        });
        self.wrap(label, &path, html! {
            <select aria-label={name} onchange={on}>
                if let Some(n) = none { <option value="" selected={current.is_empty()}>{ n.to_string() }</option> }
                { for options.iter().map(|(v, l)| html! { <option value={v.to_string()} selected={current == *v}>{ l.clone() }</option> }) }
            </select>
        })
    }

    fn check(&self, label: &str, name: String, path: String, default: bool) -> Html {
        let on_now = match get_path(self.v, &path) {
            Some(Value::Bool(b)) => b,
            _ => default,
        };
        let (d, p) = (self.d.clone(), path.clone());
        let on = Callback::from(move |e: Event| {
            let c = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            d.emit(Action::Set(p.clone(), Some(Value::Bool(c))));
        });
        self.wrap(label, &path, html! { <input type="checkbox" aria-label={name} checked={on_now} onchange={on} /> })
    }

    fn button(&self, text: &str, name: String, action: Action) -> Html {
        let d = self.d.clone();
        html! { <button type="button" aria-label={name} onclick={Callback::from(move |_| d.emit(action.clone()))}>{ text.to_string() }</button> }
    }

    fn moves(&self, item: Item, what: &str) -> Html {
        html! {
            <span class="moves">
                { self.button("↑", format!("{what} {}", self.t("上移", "up")), Action::Move(item.clone(), true)) }
                { self.button("↓", format!("{what} {}", self.t("下移", "down")), Action::Move(item.clone(), false)) }
                { self.button(self.t("删除", "Remove"), format!("{what} {}", self.t("删除", "remove")), Action::Remove(item, false)) }
            </span>
        }
    }
}

fn opts(lang: Lang, list: &[(&'static str, &'static str, &'static str)]) -> Vec<(&'static str, String)> {
    list.iter().map(|(v, zh, en)| (*v, tr(lang, zh, en).to_string())).collect()
}

/// Units listed per page in the 考核单元与单位 section.
pub const UNITS_PER_PAGE: usize = 100;

/// A section's height before it is first drawn, from the rows it holds (a table row is about 31 px):
/// a section off screen is not laid out (`content-visibility: auto`, editor.css), and a close
/// estimate keeps the page's length, and with it the scroll bar, steady as sections come into view.
fn section_height(rows: usize) -> String {
    format!("contain-intrinsic-size: auto {}px", 100 + 31 * rows)
}

/// The scheme editor view.
#[component]
pub fn SchemeEditor(ctx: &Ctx) -> Html {
    // The units' rows, a page at a time when there are many (a city's or a province's scheme).
    let page = use_state(|| 0usize);
    let s = &*ctx.state;
    let lang = s.lang;
    let doc = &*s.doc;
    let v = as_value(doc);
    let report = kaohe_core::validate(doc);
    let mut by_path: BTreeMap<String, Vec<(bool, String)>> = BTreeMap::new();
    let say = |i: &kaohe_core::Issue| i.kind.text(lang);
    for i in &report.errors {
        by_path.entry(i.path.clone()).or_default().push((true, say(i)));
    }
    for i in &report.warnings {
        by_path.entry(i.path.clone()).or_default().push((false, say(i)));
    }
    let notes = Notes { by_path };
    let f = F { d: &ctx.dispatch, v: &v, notes: &notes, drafts: &s.drafts, lang };
    let sc = &doc.scheme;
    let n_err = report.errors.len() + s.drafts.len();

    let basics = html! {
        <fieldset style={section_height(6 + sc.tie_breakers.len())}>
            <legend>{ f.t("基本信息", "Scheme") }</legend>
            { f.text(f.t("方案名称", "Name"), f.t("方案名称", "Scheme name").into(), "scheme.name".into()) }
            { f.text(f.t("方案编号", "Id"), f.t("方案编号", "Scheme id").into(), "scheme.id".into()) }
            { f.num(f.t("考核年度", "Year"), f.t("考核年度", "Year").into(), "scheme.year".into(), true, "") }
            { f.num(f.t("基本分总分", "Base total"), f.t("基本分总分", "Base total").into(), "scheme.base_total".into(), false, "100") }
            { f.num(f.t("保留小数位数", "Decimals"), f.t("保留小数位数", "Decimals").into(), "scheme.rounding.dp".into(), true, "2") }
            { f.select(f.t("舍入方式", "Rounding"), f.t("舍入方式", "Rounding").into(), "scheme.rounding.mode".into(),
                &opts(lang, &[("half_up", "四舍五入", "half up"), ("half_even", "四舍六入五成双", "half even")]), None) }
            { f.select(f.t("舍入环节", "Round at"), f.t("舍入环节", "Round at").into(), "scheme.rounding.stage".into(),
                &opts(lang, &[("indicator", "每项指标得分先舍入", "each indicator"), ("total", "只舍入小计和总分", "subtotals and total only")]), None) }
            { f.select(f.t("名次规则", "Rank style"), f.t("名次规则", "Rank style").into(), "scheme.rank_style".into(),
                &opts(lang, &[("competition", "并列占位（1,2,2,4）", "competition (1,2,2,4)"), ("dense", "并列不占位（1,2,2,3）", "dense (1,2,2,3)")]), None) }
            <div class="frow"><span class="flabel">{ f.t("总分相同时依次比较", "Tie-breakers") }</span>
                <ol class="inline-list">
                    { for sc.tie_breakers.iter().enumerate().map(|(k, t)| {
                        let path = format!("scheme.tie_breakers[{k}]");
                        let ids: Vec<(String, String)> = if t.kind == kaohe_core::model::TieBreakerKind::Category {
                            sc.categories.iter().map(|c| (c.id.clone(), c.name.clone())).collect()
                        } else {
                            sc.indicators.iter().map(|i| (i.id.clone(), format!("{} {}", i.id, i.name))).collect()
                        };
                        let ids: Vec<(&str, String)> = ids.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
                        html! { <li>
                            { f.select(f.t("比较", "by"), format!("{} {} {}", f.t("并列规则", "tie-breaker"), k + 1, f.t("类型", "kind")), format!("{path}.kind"),
                                &opts(lang, &[("category", "类别得分", "category"), ("indicator", "指标得分", "indicator")]), None) }
                            { f.select("", format!("{} {} {}", f.t("并列规则", "tie-breaker"), k + 1, f.t("项目", "item")), format!("{path}.id"), &ids, None) }
                            { f.button(f.t("删除", "Remove"), format!("{} {} {}", f.t("并列规则", "tie-breaker"), k + 1, f.t("删除", "remove")), Action::Remove(Item::TieBreaker(k), false)) }
                        </li> }
                    }) }
                </ol>
                { f.button(f.t("添加比较项", "Add a tie-breaker"), f.t("添加并列规则", "Add a tie-breaker").into(), Action::Add(Item::TieBreaker(0))) }
            </div>
        </fieldset>
    };

    let group_opts: Vec<(&str, String)> = sc.groups.iter().map(|g| (g.id.as_str(), g.name.clone())).collect();
    let pages = doc.units.len().div_ceil(UNITS_PER_PAGE).max(1);
    let shown_page = (*page).min(pages - 1);
    let (first, end) = (shown_page * UNITS_PER_PAGE, ((shown_page + 1) * UNITS_PER_PAGE).min(doc.units.len()));
    let groups = html! {
        <fieldset style={section_height(sc.groups.len() + (end - first) + 4)}>
            <legend>{ f.t("考核单元与单位", "Groups and units") }</legend>
            <table class="form-table">
                <thead><tr><th>{ f.t("编号", "Id") }</th><th>{ f.t("考核单元名称", "Group") }</th><th class="num">{ f.t("单位数", "Units") }</th><th></th></tr></thead>
                <tbody>
                { for sc.groups.iter().enumerate().map(|(k, g)| html! { <tr>
                    <td>{ g.id.clone() }</td>
                    <td>{ f.text("", format!("{} {}", f.t("考核单元", "group"), g.id), format!("scheme.groups[{k}].name")) }</td>
                    <td class="num">{ doc.units.iter().filter(|u| u.group == g.id).count() }</td>
                    <td>{ f.moves(Item::Group(g.id.clone()), &format!("{} {}", f.t("考核单元", "group"), g.name)) }</td>
                </tr> }) }
                </tbody>
            </table>
            { f.button(f.t("添加考核单元", "Add a group"), f.t("添加考核单元", "Add a group").into(), Action::Add(Item::Group(String::new()))) }
            if pages > 1 {
                <div class="pager" role="group" aria-label={f.t("单位分页", "Units, page by page")}>
                    <button type="button" disabled={shown_page == 0} onclick={{ let p = page.clone(); Callback::from(move |_| p.set(shown_page.saturating_sub(1))) }}>{ f.t("上一页", "Previous") }</button>
                    <span>{ match lang {
                        Lang::Zh => format!("第 {} / {pages} 页：单位 {}–{}，共 {} 个", shown_page + 1, first + 1, end, doc.units.len()),
                        Lang::En => format!("Page {} of {pages}: units {}–{} of {}", shown_page + 1, first + 1, end, doc.units.len()),
                    } }</span>
                    <button type="button" disabled={shown_page + 1 >= pages} onclick={{ let p = page.clone(); Callback::from(move |_| p.set(shown_page + 1)) }}>{ f.t("下一页", "Next") }</button>
                </div>
            }
            <table class="form-table">
                <thead><tr><th>{ f.t("编号", "Id") }</th><th>{ f.t("单位名称", "Unit") }</th><th>{ f.t("类型", "Type") }</th><th>{ f.t("考核单元", "Group") }</th><th></th></tr></thead>
                <tbody>
                { for doc.units.iter().enumerate().skip(first).take(end - first).map(|(k, u)| html! { <tr>
                    <td>{ u.id.clone() }</td>
                    <td>{ f.text("", format!("{} {} {}", f.t("单位", "unit"), u.id, f.t("名称", "name")), format!("units[{k}].name")) }</td>
                    <td>{ f.opt_text("", format!("{} {} {}", f.t("单位", "unit"), u.id, f.t("类型", "type")), format!("units[{k}].type")) }</td>
                    <td>{ f.select("", format!("{} {} {}", f.t("单位", "unit"), u.id, f.t("考核单元", "group")), format!("units[{k}].group"), &group_opts, None) }</td>
                    <td>{ f.moves(Item::Unit(u.id.clone()), &format!("{} {}", f.t("单位", "unit"), u.name)) }</td>
                </tr> }) }
                </tbody>
            </table>
            { f.button(f.t("添加单位", "Add a unit"), f.t("添加单位", "Add a unit").into(), Action::Add(Item::Unit(sc.groups.last().map(|g| g.id.clone()).unwrap_or_default()))) }
        </fieldset>
    };

    let kinds = opts(lang, &[("base", "基本分", "base"), ("bonus", "加分项", "bonus"), ("penalty", "扣分项", "penalty")]);
    let categories = html! {
        <fieldset style={section_height(sc.categories.len() + 2)}>
            <legend>{ f.t("类别", "Categories") }</legend>
            <table class="form-table">
                <thead><tr><th>{ f.t("编号", "Id") }</th><th>{ f.t("名称", "Name") }</th><th>{ f.t("性质", "Kind") }</th><th>{ f.t("分值", "Full") }</th>
                    <th>{ f.t("上限", "Cap") }</th><th>{ f.t("权重", "Weight") }</th><th>{ f.t("排名", "Ranked") }</th><th></th></tr></thead>
                <tbody>
                { for sc.categories.iter().enumerate().map(|(k, c)| {
                    let p = format!("scheme.categories[{k}]");
                    let who = format!("{} {}", f.t("类别", "category"), c.name);
                    html! { <tr>
                        <td>{ c.id.clone() }</td>
                        <td>{ f.text("", format!("{who} {}", f.t("名称", "name")), format!("{p}.name")) }</td>
                        <td>{ f.select("", format!("{who} {}", f.t("性质", "kind")), format!("{p}.kind"), &kinds, None) }</td>
                        <td>{ f.num("", format!("{who} {}", f.t("分值", "full")), format!("{p}.full"), false, "") }</td>
                        <td>{ f.num("", format!("{who} {}", f.t("上限", "cap")), format!("{p}.cap"), false, "") }</td>
                        <td>{ f.num("", format!("{who} {}", f.t("权重", "weight")), format!("{p}.weight"), false, "1") }</td>
                        <td>{ f.check("", format!("{who} {}", f.t("单列排名", "ranked")), format!("{p}.report_rank"), false) }</td>
                        <td>{ f.moves(Item::Category(c.id.clone()), &who) }</td>
                    </tr> }
                }) }
                </tbody>
            </table>
            { f.button(f.t("添加类别", "Add a category"), f.t("添加类别", "Add a category").into(), Action::Add(Item::Category(String::new()))) }
        </fieldset>
    };

    let open = s.indicator.as_ref().and_then(|id| sc.indicators.iter().position(|i| &i.id == id));
    let indicators = html! {
        <fieldset style={section_height(sc.indicators.len() + 2)}>
            <legend>{ f.t("指标", "Indicators") }</legend>
            <table class="form-table">
                <thead><tr><th>{ f.t("编号", "Id") }</th><th>{ f.t("指标", "Indicator") }</th><th>{ f.t("类别", "Category") }</th><th class="num">{ f.t("分值", "Full") }</th><th>{ f.t("计分方法", "Method") }</th><th></th></tr></thead>
                <tbody>
                { for sc.categories.iter().flat_map(|c| sc.indicators.iter().enumerate().filter(move |(_, i)| i.category == c.id)).map(|(k, i)| {
                    let bad = notes.at(&format!("scheme.indicators[{k}]")).iter().any(|(e, _)| *e);
                    let d = ctx.dispatch.clone();
                    let id = i.id.clone();
                    html! { <tr class={classes!((open == Some(k)).then_some("open"), bad.then_some("invalid"))}>
                        <td>{ i.id.clone() }</td>
                        <td><button type="button" class="link" onclick={Callback::from(move |_| d.emit(Action::OpenIndicator(Some(id.clone()))))}>{ i.name.clone() }</button></td>
                        <td>{ sc.categories.iter().find(|c| c.id == i.category).map_or(String::new(), |c| c.name.clone()) }</td>
                        <td class="num">{ i.full.map_or("—".into(), |x| kaohe_core::num::show(x.0)) }</td>
                        <td>{ method_name(i.method.kind_name(), lang) }{ if bad { html! { <span class="note error">{ " ⚠" }</span> } } else { html! {} } }</td>
                        <td>{ f.moves(Item::Indicator(i.id.clone()), &format!("{} {}", f.t("指标", "indicator"), i.name)) }</td>
                    </tr> }
                }) }
                </tbody>
            </table>
            { f.button(f.t("添加指标", "Add an indicator"), f.t("添加指标", "Add an indicator").into(), Action::Add(Item::Indicator(sc.categories.first().map(|c| c.id.clone()).unwrap_or_default()))) }
            { open.map_or_else(|| html! { <p class="hint">{ f.t("点击指标名称编辑其计分方法和参数。", "Click an indicator to edit its method and parameters.") }</p> }, |k| indicator_form(&f, doc, k)) }
        </fieldset>
    };

    let awards = awards_form(&f, doc);
    let recognitions = recognitions_form(&f, doc);
    let start_demo = { let d = ctx.start.clone(); Callback::from(move |_| d.emit(NewFrom::Demo)) };
    let start_blank = { let d = ctx.start.clone(); Callback::from(move |_| d.emit(NewFrom::Blank)) };
    let confirm_yes = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::Confirm(true))) };
    let confirm_no = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::Confirm(false))) };
    let confirm_keys = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| if e.key() == "Escape" { d.emit(Action::Confirm(false)) })
    };
    html! {
        <section class="scheme-editor" aria-labelledby="scheme-title">
            <div class="toolbar">
                <h2 id="scheme-title">{ f.t("考核方案", "Scheme") }</h2>
                <span class="hint">{ f.t("修改立即重新计分，并与原方案对比；可撤销。导出文档（JSON）保存方案，导入数据…可打开其他方案。",
                    "Every change is scored at once against the original scheme, and can be undone. Export the document (JSON) to keep it.") }</span>
                <button type="button" onclick={start_blank}>{ f.t("新建空白方案", "New blank scheme") }</button>
                <button type="button" onclick={start_demo}>{ f.t("从示例方案开始", "Start from the demo") }</button>
            </div>
            if n_err > 0 {
                <div class="link-error" role="alert">{ match lang {
                    Lang::Zh => format!("方案有 {n_err} 处错误（标红处）。改正之前，排名和得分保持最后一次有效的计分。"),
                    Lang::En => format!("{n_err} errors (in red). Until they are fixed, ranks and scores stay at the last valid scoring."),
                } }
                <ul>{ for report.errors.iter().take(8).map(|i| html! { <li>{ format!("{}：{}", place(doc, &i.path, lang), say(i)) }</li> }) }</ul></div>
            }
            { basics }{ groups }{ categories }{ indicators }{ awards }{ recognitions }
            if let Some((why, _)) = &s.confirm {
                <div class="backdrop">
                    <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" onkeydown={confirm_keys}>
                        <h2 id="confirm-title">{ f.t("确定删除吗？", "Remove it?") }</h2>
                        <ul>{ for why.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                        <div class="dialog-actions">
                            <button type="button" class="primary" onclick={confirm_yes}>{ f.t("删除", "Remove") }</button>
                            <button type="button" onclick={confirm_no} autofocus=true>{ f.t("取消", "Cancel") }</button>
                        </div>
                    </div>
                </div>
            }
        </section>
    }
}

/// Where a path points, in words: `指标“招商引资”· method.step`.
pub fn place(doc: &Document, path: &str, lang: Lang) -> String {
    let idx = |key: &str| path.strip_prefix(key).and_then(|r| r.split(']').next()).and_then(|n| n.parse::<usize>().ok());
    let rest = |key: &str| path.strip_prefix(key).and_then(|r| r.split_once(']')).map_or("", |(_, r)| r.trim_start_matches('.'));
    let zh = lang == Lang::Zh;
    if let Some(i) = idx("scheme.indicators[").and_then(|k| doc.scheme.indicators.get(k)) {
        return format!("{}“{}”{}", if zh { "指标" } else { "indicator " }, i.name, rest("scheme.indicators[").split_once('.').map_or(String::new(), |(_, r)| format!(" · {r}")));
    }
    if let Some(c) = idx("scheme.categories[").and_then(|k| doc.scheme.categories.get(k)) {
        return format!("{}“{}” {}", if zh { "类别" } else { "category " }, c.name, rest("scheme.categories["));
    }
    if let Some(u) = idx("units[").and_then(|k| doc.units.get(k)) {
        return format!("{}“{}” {}", if zh { "单位" } else { "unit " }, u.name, rest("units["));
    }
    path.to_string()
}

/// One method parameter: (key, label zh, label en, the default shown when empty).
type Param = (&'static str, &'static str, &'static str, &'static str);

/// Parameters of each method.
const PARAMS: &[(&str, &[Param])] = &[
    ("completion_linear", &[("floor_rate", "低于此完成率得 0", "floor rate", ""), ("cap_rate", "完成率上限", "rate cap", "1")]),
    ("rank_points", &[("step", "每降一名减分", "step", ""), ("floor", "最低分", "floor", "0")]),
    ("efficacy", &[("base", "基础比例", "base share", "0.6"), ("lo", "下限值", "low end", "范围内最低"), ("hi", "上限值", "high end", "范围内最高")]),
    ("base_step", &[("base", "达到基准得分", "points at benchmark", ""), ("up", "每档加分", "points up", ""), ("up_unit", "加分档距", "step up", ""),
        ("down", "每档减分", "points down", ""), ("down_unit", "减分档距", "step down", ""), ("max", "最高分", "max", "满分")]),
    ("standard_ratio", &[("std_value", "标准值", "standard value", ""), ("std_score", "标准值得分", "points at standard", ""), ("min", "最低分", "min", "0"), ("max", "最高分", "max", "满分")]),
    ("interval", &[("else", "未达任何一档得分", "none reached", "0")]),
    ("per_count", &[("per", "每个得分", "points each", "")]),
    ("direct_scaled", &[("scale", "打分满分", "scale", "100")]),
    ("points", &[("cap", "最多得分", "cap", "")]),
];

fn indicator_form(f: &F<'_>, doc: &Document, k: usize) -> Html {
    let lang = f.lang;
    let ind = &doc.scheme.indicators[k];
    let p = format!("scheme.indicators[{k}]");
    let who = format!("{} {}", f.t("指标", "indicator"), ind.name);
    let cats: Vec<(&str, String)> = doc.scheme.categories.iter().map(|c| (c.id.as_str(), c.name.clone())).collect();
    let kind = ind.method.kind_name();
    let d = f.d.clone();
    let on_method = Callback::from(move |e: Event| d.emit(Action::SetMethod(k, e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())));
    let d = f.d.clone();
    let on_metric = Callback::from(move |e: Event| d.emit(Action::SetMetric(k, e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())));
    let policies = opts(lang, &[("zero", "记 0 分", "score 0"), ("full", "记满分", "full score"), ("exclude", "不考核（按得分率折算）", "not assessed")]);
    let params: &[Param] = PARAMS.iter().find(|(m, _)| *m == kind).map_or(&[], |(_, l)| l);
    let close = { let d = f.d.clone(); Callback::from(move |_| d.emit(Action::OpenIndicator(None))) };
    let all_groups = ind.applies_to.is_none();
    html! {
        <div class="indicator-form" role="group" aria-label={who.clone()}>
            <h3>{ format!("{} {}", ind.id, ind.name) }<button type="button" onclick={close}>{ f.t("收起", "Close") }</button></h3>
            <div class="cols">
                <div>
                    { f.text(f.t("指标名称", "Name"), format!("{who} {}", f.t("名称", "name")), format!("{p}.name")) }
                    { f.select(f.t("所属类别", "Category"), format!("{who} {}", f.t("类别", "category")), format!("{p}.category"), &cats, None) }
                    { f.num(f.t("分值（满分）", "Full score"), format!("{who} {}", f.t("分值", "full")), format!("{p}.full"), false, "") }
                    { f.opt_text(f.t("计量单位", "Unit of measure"), format!("{who} {}", f.t("计量单位", "unit")), format!("{p}.uom")) }
                    { f.wrap(f.t("数据类型", "Metric"), &format!("{p}.metric"), html! {
                        <select aria-label={format!("{who} {}", f.t("数据类型", "metric"))} onchange={on_metric}>
                            { for METRICS.iter().map(|(m, _, _)| html! { <option value={*m} selected={ind.metric.kind_name() == *m}>{ metric_name(m, lang) }</option> }) }
                        </select> }) }
                    if matches!(ind.metric, Metric::Completion { .. }) {
                        { f.num(f.t("完成率封顶", "Rate cap"), format!("{who} raw_cap"), format!("{p}.metric.raw_cap"), false, "") }
                    }
                    { for ind.metric.required_fields().iter().map(|field| {
                        let std = kaohe_core::input::standard_label(field, lang).unwrap_or(field);
                        let label = match lang { Lang::Zh => format!("“{std}”显示为"), Lang::En => format!("“{std}” shown as") };
                        f.opt_text(&label, format!("{who} {field} {}", f.t("显示名称", "label")), format!("{p}.labels.{field}"))
                    }) }
                    { f.select(f.t("比较范围", "Pool"), format!("{who} {}", f.t("比较范围", "scope")), format!("{p}.scope"), &opts(lang, &[("county", "全县", "county"), ("group", "本考核单元", "group")]), None) }
                    { f.select(f.t("方向", "Direction"), format!("{who} {}", f.t("方向", "direction")), format!("{p}.direction"), &opts(lang, &[("higher", "越高越好", "higher is better"), ("lower", "越低越好", "lower is better")]), None) }
                    { f.select(f.t("缺数据时", "Missing data"), format!("{who} missing"), format!("{p}.missing"), &policies, Some(f.t("默认（记 0 分）", "default (0)"))) }
                    if matches!(ind.metric, Metric::Completion { .. }) {
                        { f.select(f.t("目标为 0 时", "Target 0"), format!("{who} no_target"), format!("{p}.no_target"), &policies, Some(f.t("默认（记满分）", "default (full)"))) }
                    }
                    if matches!(ind.metric, Metric::Growth {}) {
                        { f.select(f.t("上年为 0 或负时", "No base"), format!("{who} no_base"), format!("{p}.no_base"), &policies, Some(f.t("默认（记 0 分）", "default (0)"))) }
                    }
                    <div class="frow"><span class="flabel">{ f.t("适用考核单元", "Applies to") }</span>
                        { for doc.scheme.groups.iter().map(|g| {
                            let checked = all_groups || ind.applies_to.iter().flatten().any(|x| x == &g.id);
                            let (d, gid, path) = (f.d.clone(), g.id.clone(), format!("{p}.applies_to"));
                            let groups: Vec<String> = doc.scheme.groups.iter().map(|g| g.id.clone()).collect();
                            let now: Vec<String> = ind.applies_to.clone().unwrap_or_else(|| groups.clone());
                            let on = Callback::from(move |e: Event| {
                                let c = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                                let next: Vec<String> = groups.iter().filter(|x| if **x == gid { c } else { now.contains(x) }).cloned().collect();
                                let v = (next.len() != groups.len()).then(|| json!(next));
                                d.emit(Action::Set(path.clone(), v));
                            });
                            html! { <label class="inline"><input type="checkbox" checked={checked} onchange={on}
                                aria-label={format!("{who} {} {}", f.t("适用", "applies to"), g.name)} />{ g.name.clone() }</label> }
                        }) }
                        { notes_html(f.notes.at(&format!("{p}.applies_to"))) }
                    </div>
                </div>
                <div>
                    { f.wrap(f.t("计分方法", "Method"), &format!("{p}.method.kind"), html! {
                        <select aria-label={format!("{who} {}", f.t("计分方法", "method"))} onchange={on_method}>
                            { for METHODS.iter().map(|(m, _, _)| html! { <option value={*m} selected={kind == *m}>{ method_name(m, lang) }</option> }) }
                        </select> }) }
                    <p class="method-line" aria-live="polite">{ method_line(ind, lang) }</p>
                    <details class="methods">
                        <summary>{ f.t("13 种计分方法一览（按本指标分值举例）", "The 13 methods (examples at this indicator's full score)") }</summary>
                        <ul>{ for all_methods(ind, lang).into_iter().map(|(k, line)| html! {
                            <li><b>{ method_name(k, lang) }</b>{ "：" }{ line }</li>
                        }) }</ul>
                    </details>
                    { for params.iter().map(|(key, zh, en, default)| {
                        let integer = false;
                        f.num(tr(lang, zh, en), format!("{who} {}", tr(lang, zh, en)), format!("{p}.method.{key}"), integer, default)
                    }) }
                    if kind == "rank_points" { { rank_table(f, &p, &who) } }
                    if kind == "base_step" { { benchmark(f, &p, &who) } }
                    if kind == "interval" { { bands(f, &p, &who, ind) } }
                    if ind.metric.is_counts() { { count_fields(f, &p, &who, ind) } }
                </div>
            </div>
        </div>
    }
}

/// Every method's line with its starting parameters, on a one-indicator scheme with this
/// indicator's full score (cheap: the scheme is tiny).
fn all_methods(ind: &kaohe_core::model::Indicator, lang: Lang) -> Vec<(&'static str, String)> {
    let Ok(base) = kaohe_core::editing::blank(None) else { return Vec::new() };
    let full = ind.full.map_or(json!(10), |x| kaohe_core::editing::number(x.0));
    let Ok(base) = kaohe_core::editing::set_path(&base, "scheme.indicators[0].full", Some(full)) else { return Vec::new() };
    METHODS
        .iter()
        .filter_map(|(k, _, _)| kaohe_core::editing::set_method(&base, 0, k).ok().map(|d| (*k, method_line(&d.scheme.indicators[0], lang))))
        .collect()
}

fn rank_table(f: &F<'_>, p: &str, who: &str) -> Html {
    let path = format!("{p}.method.table");
    let current = match get_path(f.v, &path) {
        Some(Value::Array(a)) => a.iter().map(|x| text_of(Some(x.clone()))).collect::<Vec<_>>().join(", "),
        _ => String::new(),
    };
    let value = f.drafts.get(&path).map_or(current, |(t, _)| t.clone());
    let (d, pp) = (f.d.clone(), path.clone());
    let on = Callback::from(move |e: Event| {
        let text = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        d.emit(Action::List { path: pp.clone(), text });
    });
    f.wrap(f.t("名次分值表（可选，逗号分隔）", "Points by rank (optional, comma-separated)"), &path, html! {
        <input type="text" aria-label={format!("{who} {}", f.t("名次分值表", "points table"))} {value} placeholder="10, 9.5, 9" onchange={on} />
    })
}

fn benchmark(f: &F<'_>, p: &str, who: &str) -> Html {
    let path = format!("{p}.method.benchmark");
    let cur = get_path(f.v, &path);
    let fixed = matches!(cur, Some(Value::Number(_)));
    let sel = match &cur {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(_)) => "fixed".into(),
        _ => String::new(),
    };
    let (d, pp) = (f.d.clone(), path.clone());
    let on = Callback::from(move |e: Event| {
        let t = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        d.emit(match t.as_str() {
            "fixed" => Action::Set(pp.clone(), Some(json!(100))),
            "" => Action::Set(pp.clone(), None),
            other => Action::Set(pp.clone(), Some(Value::String(other.into()))),
        });
    });
    let options = opts(f.lang, &[("county_avg", "全县平均值", "county mean"), ("group_avg", "本考核单元平均值", "group mean"), ("fixed", "固定值", "a fixed number")]);
    html! {
        <>
        { f.wrap(f.t("基准", "Benchmark"), &path, html! {
            <select aria-label={format!("{who} {}", f.t("基准", "benchmark"))} onchange={on}>
                <option value="" selected={sel.is_empty()}>{ f.t("（请选择）", "(choose)") }</option>
                { for options.iter().map(|(v, l)| html! { <option value={*v} selected={sel == *v}>{ l.clone() }</option> }) }
            </select> }) }
        if fixed { { f.num(f.t("基准值", "Benchmark value"), format!("{who} {}", f.t("基准值", "benchmark value")), path.clone(), false, "") } }
        { f.select(f.t("档距计算", "Steps"), format!("{who} granularity"), format!("{p}.method.granularity"),
            &opts(f.lang, &[("continuous", "按比例（不足一档按比例）", "continuous"), ("whole", "整档（不足一档不计）", "whole steps")]), Some(f.t("默认（按比例）", "default"))) }
        </>
    }
}

fn bands(f: &F<'_>, p: &str, who: &str, ind: &kaohe_core::model::Indicator) -> Html {
    let path = format!("{p}.method.bands");
    let rows = match &ind.method {
        kaohe_core::model::Method::Interval { bands: Some(b), .. } => b.len(),
        _ => 0,
    };
    let lower = ind.direction == kaohe_core::model::Direction::Lower;
    html! {
        <div class="frow bands">
            <span class="flabel">{ if lower { f.t("分档（上限从低到高）", "Bands (bounds low to high)") } else { f.t("分档（下限从高到低）", "Bands (bounds high to low)") } }</span>
            <table class="form-table"><tbody>
                { for (0..rows).map(|r| html! { <tr>
                    <td>{ f.num(if lower { f.t("不高于", "at most") } else { f.t("不低于", "at least") }, format!("{who} {} {} {}", f.t("第", "band"), r + 1, f.t("档界值", "bound")), format!("{path}[{r}][0]"), false, "") }</td>
                    <td>{ f.num(f.t("得分", "points"), format!("{who} {} {} {}", f.t("第", "band"), r + 1, f.t("档得分", "points")), format!("{path}[{r}][1]"), false, "") }</td>
                    <td>{ f.button(f.t("删除", "Remove"), format!("{who} {} {} {}", f.t("第", "band"), r + 1, f.t("档删除", "remove")), Action::Set(format!("{path}[{r}]"), None)) }</td>
                </tr> }) }
            </tbody></table>
            { f.button(f.t("添加一档", "Add a band"), format!("{who} {}", f.t("添加一档", "add a band")), Action::Set(if rows == 0 { path.clone() } else { format!("{path}[{rows}]") }, Some(if rows == 0 { json!([[0, 0]]) } else { json!([0, 0]) }))) }
            { notes_html(f.notes.at(&path)) }
        </div>
    }
}

fn count_fields(f: &F<'_>, p: &str, who: &str, ind: &kaohe_core::model::Indicator) -> Html {
    use kaohe_core::model::Method;
    let map_key = match &ind.method {
        Method::Deduction { .. } | Method::Points { .. } => Some(("per", f.t("每次分值", "points each"))),
        Method::Satisfaction { .. } => Some(("weights", f.t("权重", "weight"))),
        _ => None,
    };
    let mut fields: Vec<String> = ind.labels.iter().flatten().map(|(k, _)| k.clone()).collect();
    if let Method::Deduction { per: Some(m) } | Method::Points { per: Some(m), .. } | Method::Satisfaction { weights: Some(m) } = &ind.method {
        fields.extend(m.keys().filter(|k| !fields.contains(k)).cloned().collect::<Vec<_>>());
    }
    html! {
        <div class="frow">
            <span class="flabel">{ if matches!(ind.metric, Metric::Survey {}) { f.t("问卷选项", "Answers") } else { f.t("事项", "Events") } }</span>
            <table class="form-table">
                <thead><tr><th>{ f.t("字段名", "Field") }</th><th>{ f.t("显示名称", "Label") }</th>
                    if let Some((_, l)) = map_key { <th>{ l }</th> }<th></th></tr></thead>
                <tbody>
                { for fields.iter().map(|name| {
                    let draft_key = format!("field:{}.{name}", ind.id);
                    let (d, ind_id, from) = (f.d.clone(), ind.id.clone(), name.clone());
                    let on_rename = Callback::from(move |e: Event| {
                        let to = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                        d.emit(Action::RenameField(ind_id.clone(), from.clone(), to));
                    });
                    let err = f.drafts.get(&draft_key).map(|(_, why)| why.text(f.lang));
                    html! { <tr>
                        <td><input type="text" class="narrow" value={name.clone()} onchange={on_rename} aria-label={format!("{who} {name} {}", f.t("字段名", "field name"))} />
                            if let Some(m) = err { <span class="note error" role="alert">{ m }</span> }</td>
                        <td>{ f.opt_text("", format!("{who} {name} {}", f.t("显示名称", "label")), format!("{p}.labels.{name}")) }</td>
                        if let Some((key, l)) = map_key {
                            <td>{ f.num("", format!("{who} {name} {l}"), format!("{p}.method.{key}.{name}"), false, "") }</td>
                        }
                        <td>{ f.button(f.t("删除", "Remove"), format!("{who} {name} {}", f.t("删除", "remove")), Action::Remove(Item::Field(ind.id.clone(), name.clone()), false)) }</td>
                    </tr> }
                }) }
                </tbody>
            </table>
            { f.button(f.t("添加一项", "Add a field"), format!("{who} {}", f.t("添加一项", "add a field")), Action::Add(Item::Field(ind.id.clone(), String::new()))) }
        </div>
    }
}

fn awards_form(f: &F<'_>, doc: &Document) -> Html {
    let Some(a) = &doc.scheme.awards else {
        return html! {
            <fieldset><legend>{ f.t("奖项", "Awards") }</legend>
                <p class="hint">{ f.t("本方案不评奖项。", "No awards.") }</p>
                { f.button(f.t("设置奖项", "Set up awards"), f.t("设置奖项", "Set up awards").into(), Action::Add(Item::Tier(0))) }
            </fieldset>
        };
    };
    let quota = a.mode == kaohe_core::model::AwardMode::RankQuota;
    html! {
        <fieldset style={section_height(a.tiers.len() + 3)}>
            <legend>{ f.t("奖项", "Awards") }</legend>
            { f.select(f.t("评定方式", "Mode"), f.t("奖项评定方式", "Award mode").into(), "scheme.awards.mode".into(),
                &opts(f.lang, &[("rank_quota", "按名次名额", "rank quota"), ("score_threshold", "按分数线", "score threshold")]), None) }
            { f.select(f.t("名额范围", "Scope"), f.t("奖项名额范围", "Award scope").into(), "scheme.awards.scope".into(),
                &opts(f.lang, &[("county", "全县统一", "county"), ("group", "各考核单元分别", "each group")]), None) }
            <table class="form-table">
                <thead><tr><th>{ f.t("奖项", "Tier") }</th>
                    if quota { <th>{ f.t("名额（个）", "Count") }</th><th>{ f.t("或比例", "or ratio") }</th> }
                    <th>{ f.t("最低总分", "Min total") }</th><th></th></tr></thead>
                <tbody>
                { for a.tiers.iter().enumerate().map(|(k, t)| {
                    let p = format!("scheme.awards.tiers[{k}]");
                    let who = format!("{} {}", f.t("奖项", "tier"), t.label);
                    html! { <tr>
                        <td>{ f.text("", format!("{who} {}", f.t("名称", "label")), format!("{p}.label")) }</td>
                        if quota {
                            <td>{ f.num("", format!("{who} {}", f.t("名额", "count")), format!("{p}.count"), true, f.t("其余全部", "all the rest")) }</td>
                            <td>{ f.num("", format!("{who} {}", f.t("比例", "ratio")), format!("{p}.ratio"), false, "") }</td>
                        }
                        <td>{ f.num("", format!("{who} {}", f.t("最低总分", "min score")), format!("{p}.min_score"), false, "") }</td>
                        <td>{ f.moves(Item::Tier(k), &who) }</td>
                    </tr> }
                }) }
                </tbody>
            </table>
            { f.button(f.t("添加奖项", "Add a tier"), f.t("添加奖项", "Add a tier").into(), Action::Add(Item::Tier(a.tiers.len()))) }
        </fieldset>
    }
}

fn recognitions_form(f: &F<'_>, doc: &Document) -> Html {
    let sc = &doc.scheme;
    html! {
        <fieldset style={section_height(sc.recognitions.len() + 2)}>
            <legend>{ f.t("突出单位评选", "突出单位 (outstanding units)") }</legend>
            <table class="form-table">
                <thead><tr><th>{ f.t("名称", "Name") }</th><th>{ f.t("依据", "Basis") }</th><th>{ f.t("前几名", "Top") }</th>
                    <th>{ f.t("最低得分率", "Min rate") }</th><th>{ f.t("范围", "Scope") }</th><th>{ f.t("一票否决者不评", "No vetoed") }</th><th></th></tr></thead>
                <tbody>
                { for sc.recognitions.iter().enumerate().map(|(k, r)| {
                    let p = format!("scheme.recognitions[{k}]");
                    let who = format!("{} {}", f.t("突出单位", "recognition"), r.name);
                    let (kind, id) = match &r.basis {
                        kaohe_core::model::Basis::Indicator(i) => ("indicator", i.clone()),
                        kaohe_core::model::Basis::Category(c) => ("category", c.clone()),
                    };
                    let mut choices: Vec<(String, String)> = sc.indicators.iter().map(|i| (format!("indicator:{}", i.id), format!("{} {} {}", f.t("指标", "indicator"), i.id, i.name))).collect();
                    choices.extend(sc.categories.iter().map(|c| (format!("category:{}", c.id), format!("{} {}", f.t("类别", "category"), c.name))));
                    let current = format!("{kind}:{id}");
                    let (d, pp) = (f.d.clone(), format!("{p}.basis"));
                    let on = Callback::from(move |e: Event| {
                        let t = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                        if let Some((k, i)) = t.split_once(':') {
                            d.emit(Action::Set(pp.clone(), Some(json!({ k: i }))));
                        }
                    });
                    html! { <tr>
                        <td>{ f.text("", format!("{who} {}", f.t("名称", "name")), format!("{p}.name")) }</td>
                        <td>{ f.wrap("", &format!("{p}.basis"), html! {
                            <select aria-label={format!("{who} {}", f.t("依据", "basis"))} onchange={on}>
                                { for choices.iter().map(|(v, l)| html! { <option value={v.clone()} selected={*v == current}>{ l.clone() }</option> }) }
                            </select> }) }</td>
                        <td>{ f.num("", format!("{who} {}", f.t("前几名", "top"), ), format!("{p}.top_n"), true, "") }</td>
                        <td>{ f.num("", format!("{who} {}", f.t("最低得分率", "min rate")), format!("{p}.min_rate"), false, "0") }</td>
                        <td>{ f.select("", format!("{who} {}", f.t("范围", "scope")), format!("{p}.scope"), &opts(f.lang, &[("county", "全县", "county"), ("group", "各考核单元", "each group")]), None) }</td>
                        <td>{ f.check("", format!("{who} {}", f.t("一票否决者不评", "no vetoed")), format!("{p}.require_no_veto"), true) }</td>
                        <td>{ f.button(f.t("删除", "Remove"), format!("{who} {}", f.t("删除", "remove")), Action::Remove(Item::Recognition(r.id.clone()), false)) }</td>
                    </tr> }
                }) }
                </tbody>
            </table>
            { f.button(f.t("添加突出单位评选", "Add a recognition"), f.t("添加突出单位评选", "Add a recognition").into(), Action::Add(Item::Recognition(String::new()))) }
        </fieldset>
    }
}
