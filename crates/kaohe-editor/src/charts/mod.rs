//! 图表 (issue 11): the app's charts, drawn from the chart models of `kaohe_core::chart` as SVG
//! (`draw.rs`). This module carries them so that they do not weigh on the first page load: the app
//! hands it the scenario's document after each change (the baseline once), it scores it and draws.
//!
//! Three places: `Kind::Ranking` (得分构成 above the ranking table, and 名次变化 while a what-if
//! moved something), `Kind::Heat` (指标热力图 under the table) and `Kind::Unit` (得分变化 and
//! 本单位与比较 in the unit view). Each chart has a title, role="img" with a description, a
//! 数据表 toggle, 下载 SVG, and a tip on hover or keyboard focus.

pub mod draw;

use std::collections::BTreeSet;
use std::rc::Rc;

use kaohe_core::scenario::Scenario;
use kaohe_core::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rankings with more units than this draw only the bars in view (and all of them when printed).
pub const WINDOW_ROWS: usize = 300;

thread_local! {
    /// Whether the heat map was opened (it stays open when its view is left and opened again).
    static HEAT_OPEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Which charts a host shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 得分构成 and 名次变化.
    Ranking,
    /// 指标热力图.
    Heat,
    /// 得分变化 and 本单位与比较.
    Unit,
}

impl Kind {
    /// From the app's name for it.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "ranking" => Some(Kind::Ranking),
            "heat" => Some(Kind::Heat),
            "unit" => Some(Kind::Unit),
            _ => None,
        }
    }
}

/// What the charts are drawn from: the scenario (its baseline and its edits, both scored).
pub struct Data {
    /// Changes whenever anything below does.
    pub version: u64,
    /// The scenario.
    pub sc: Rc<Scenario>,
    /// The ranking's rows as the app shows them (its 考核单元 filter and sort), indices into the
    /// results' units; the heat map's rows are in rank order.
    pub order: Vec<usize>,
    /// The unit view's unit (index).
    pub unit: Option<usize>,
}

impl PartialEq for Data {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

/// The charts' props.
#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    /// Which charts.
    pub kind: Kind,
    /// What they show.
    pub data: Rc<Data>,
    /// Interface language.
    pub lang: Lang,
    /// A heat-map cell or unit name pressed: the unit (index) and the indicator (index), if any.
    pub on_open: Callback<(usize, Option<usize>)>,
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { zh }
}

/// After a heat-map cell opened its unit: once the app has drawn the unit view, scrolls to the
/// indicator's row (`#ind-<index>`) and focuses its first input.
pub fn show_indicator(i: usize) {
    gloo_timers::callback::Timeout::new(0, move || {
        let row = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&format!("ind-{i}")));
        if let Some(row) = row {
            row.scroll_into_view();
            if let Some(input) = row.query_selector("input").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = input.focus();
            }
        }
    })
    .forget();
}

/// The rows in view of a windowed chart (`scrolled` px past its first row, `view` px high), with
/// `margin` rows more on each side.
fn window(n: usize, scrolled: f64, view: f64, row: f64, margin: usize) -> std::ops::Range<usize> {
    let s = kaohe_core::window::Span::of(n, row, scrolled, view, margin);
    s.first..s.end
}

/// Raw markup made by `draw` (every text in it escaped there).
fn raw(s: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(s.to_string()))
}

/// Saves `text` as a file named `name` (an SVG).
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(a) = doc.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
                a.click();
            }
            a.remove();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The element with a tip under an event's target, and its tip.
fn tip_of(e: &Event) -> Option<(web_sys::Element, String)> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?.closest("[data-tip]").ok()??;
    let tip = el.get_attribute("data-tip")?;
    Some((el, tip))
}

/// One chart: heading, 数据表 and 下载 SVG buttons, the drawing, and the table when open.
struct Panel<'a> {
    id: &'static str,
    title: &'a str,
    body: Html,
    table: Option<Html>,
    file: String,
    svg: Rc<dyn Fn() -> String>,
}

/// The charts of one place, without their tip: a component of its own, so that a tip following
/// the mouse does not draw them again.
#[component]
fn Panels(p: &ChartsProps) -> Html {
    let lang = p.lang;
    let wrap = use_node_ref();
    let width = use_state(|| 960.0f64);
    let tables = use_state(BTreeSet::<&'static str>::new);
    let scroll = use_state(|| (0.0f64, 520.0f64));
    let printing = use_state(|| false);
    let heat_open = use_state(|| HEAT_OPEN.with(|h| h.get()));
    // The width to draw at: a chart's box (after each render, and on resize); every row when printed.
    let measure = {
        let (wrap, width) = (wrap.clone(), width.clone());
        move || {
            let body = wrap.cast::<web_sys::Element>().and_then(|el| el.query_selector(".chart-body").ok().flatten());
            if let Some(el) = body {
                let w = f64::from(el.client_width());
                if w > 0.0 && (w - *width).abs() > 1.0 {
                    width.set(w);
                }
            }
        }
    };
    {
        let measure = measure.clone();
        use_effect(move || measure());
    }
    {
        let printing = printing.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|w| {
                let (p1, p2) = (printing.clone(), printing.clone());
                [
                    gloo_events::EventListener::new(&w, "resize", move |_| measure()),
                    gloo_events::EventListener::new(&w, "beforeprint", move |_| p1.set(true)),
                    gloo_events::EventListener::new(&w, "afterprint", move |_| p2.set(false)),
                ]
            });
            move || drop(listeners)
        });
    }
    let d = &p.data;
    let (base_doc, base, doc, res) = (d.sc.baseline(), d.sc.baseline_results(), d.sc.scored_document(), d.sc.results());
    let name = |s: &str| format!("{s}-{}.svg", doc.scheme.name).replace(['/', '\\', ':', '*', '?', '"', '<', '>', '|'], "_");
    let toggle = |id: &'static str| {
        let tables = tables.clone();
        Callback::from(move |_: MouseEvent| {
            let mut now = (*tables).clone();
            if !now.remove(id) {
                now.insert(id);
            }
            tables.set(now);
        })
    };
    let on_scroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                scroll.set((f64::from(el.scroll_top()), f64::from(el.client_height())));
            }
        })
    };
    let w = *width;
    let mut panels: Vec<Panel> = Vec::new();
    let mut notes: Vec<Html> = Vec::new();
    match p.kind {
        Kind::Ranking => {
            let n = d.order.len();
            let windowed = n > WINDOW_ROWS && !*printing;
            // Rows in view: the legend and baseline note take about 60 px above the first bar.
            let rows = if windowed { window(n, scroll.0 - 60.0, scroll.1, draw::ROW, 10) } else { 0..n };
            let fig = draw::ranking(doc, res, base, &d.order, rows, w, lang);
            let svg = {
                let d = Rc::clone(d);
                Rc::new(move || draw::standalone(&draw::ranking(d.sc.scored_document(), d.sc.results(), d.sc.baseline_results(), &d.order, 0..d.order.len(), w, lang)))
            };
            let body = if windowed {
                html! { <div class="chart-scroll" onscroll={on_scroll.clone()}>{ raw(&fig.svg) }</div> }
            } else {
                raw(&fig.svg)
            };
            let table = tables.contains("rank").then(|| raw(&draw::ranking_table(doc, res, base, &d.order, lang)));
            panels.push(Panel { id: "rank", title: t(lang, "得分构成", "Score composition"), body, table, file: name(t(lang, "得分构成", "score-composition")), svg });
            // While a what-if moved a rank (all grey lines would say nothing).
            let moved = kaohe_core::chart::slopes(res, base).iter().any(|s| s.from != s.to);
            if moved {
                let fig = draw::slope(res, base, w, WINDOW_ROWS, lang);
                let svg = {
                    let d = Rc::clone(d);
                    Rc::new(move || draw::standalone(&draw::slope(d.sc.results(), d.sc.baseline_results(), w, WINDOW_ROWS, lang)))
                };
                let table = tables.contains("slope").then(|| raw(&draw::slope_table(res, base, lang)));
                panels.push(Panel { id: "slope", title: t(lang, "名次变化", "Rank changes"), body: raw(&fig.svg), table, file: name(t(lang, "名次变化", "rank-changes")), svg });
            }
        }
        Kind::Heat => {
            // Folded until asked for (a table as long as the ranking); open, it stays open.
            if !*heat_open {
                let open = {
                    let heat_open = heat_open.clone();
                    Callback::from(move |_: MouseEvent| {
                        HEAT_OPEN.with(|h| h.set(true));
                        heat_open.set(true);
                    })
                };
                notes.push(html! {
                    <section class="chart-panel chart-heat" aria-labelledby="chart-heat-title">
                        <div class="chart-head">
                            <h3 id="chart-heat-title">{ t(lang, "指标热力图", "Indicator heat map") }</h3>
                            <button type="button" class="chart-open" aria-expanded="false" onclick={open}>{ t(lang, "展开热力图", "Show the heat map") }</button>
                        </div>
                        <p class="hint chart-none">{ t(lang, "各单位（按名次）× 各指标的得分率，一眼看出强项和短板。", "Every unit (by rank) × every indicator, coloured by score rate: strengths and gaps at a glance.") }</p>
                    </section>
                });
            } else {
                let order = kaohe_core::chart::rank_order(res);
                // Rows of 18 px under a header of about 110 px.
                let rows = window(order.len(), scroll.0 - 110.0, scroll.1, 18.0, 12);
                let numbers = tables.contains("heat");
                let body = html! {
                    <>
                    <p class="heat-legend" aria-hidden="true">
                        <span>{ "0%" }</span><span class="ramp"></span><span>{ "100%" }</span>
                        <span class="swatch na"></span><span>{ t(lang, "不考核", "not assessed") }</span>
                        <span class="swatch nofull"></span><span>{ t(lang, "无满分", "no full score") }</span>
                        <span class="hint">{ t(lang, "颜色为指标得分率（扣分项按 1 − 扣分 ÷ 分值）；点击单元格打开该单位的该项指标。", "Colour: score ÷ full (deductions: 1 − points ÷ full); click a cell to open that unit at that indicator.") }</span>
                    </p>
                    <div class="heat-scroll" onscroll={on_scroll.clone()} role="img" aria-labelledby="chart-heat-title">{ raw(&draw::heat_table(doc, res, &order, rows, numbers, lang)) }</div>
                    </>
                };
                let svg = {
                    let d = Rc::clone(d);
                    Rc::new(move || draw::standalone(&draw::heat_svg(d.sc.scored_document(), d.sc.results(), &kaohe_core::chart::rank_order(d.sc.results()), lang)))
                };
                panels.push(Panel { id: "heat", title: t(lang, "指标热力图", "Indicator heat map"), body, table: None, file: name(t(lang, "指标热力图", "heat-map")), svg });
            }
        }
        Kind::Unit => {
            let Some(u) = d.unit.filter(|&u| u < res.units.len()) else { return html! {} };
            let id = res.units[u].id.clone();
            match draw::waterfall(base_doc, base, doc, res, &id, w, lang) {
                Some(fig) => {
                    let svg = {
                        let (d, id) = (Rc::clone(d), id.clone());
                        Rc::new(move || draw::waterfall(d.sc.baseline(), d.sc.baseline_results(), d.sc.scored_document(), d.sc.results(), &id, w, lang).map(|f| draw::standalone(&f)).unwrap_or_default())
                    };
                    let table = tables.contains("wf").then(|| raw(&draw::waterfall_table(base_doc, base, doc, res, &id, lang)));
                    let file = name(&format!("{}-{}", res.units[u].name, t(lang, "得分变化", "change")));
                    panels.push(Panel { id: "wf", title: t(lang, "得分变化", "Change of the total"), body: raw(&fig.svg), table, file, svg });
                }
                None => notes.push(html! {
                    <section class="chart-panel chart-wf" aria-labelledby="chart-wf-title">
                        <h3 id="chart-wf-title">{ t(lang, "得分变化", "Change of the total") }</h3>
                        <p class="hint chart-none">{ t(lang, "本单位总分与测算前相同：没有数据修改影响到它。", "This unit's total is as before: no change has reached it.") }</p>
                    </section>
                }),
            }
            let fig = draw::comparison(doc, res, u, w, lang);
            let svg = {
                let d = Rc::clone(d);
                Rc::new(move || draw::standalone(&draw::comparison(d.sc.scored_document(), d.sc.results(), u, w, lang)))
            };
            let table = tables.contains("cmp").then(|| raw(&draw::comparison_table(doc, res, u, lang)));
            let file = name(&format!("{}-{}", res.units[u].name, t(lang, "本单位与比较", "comparison")));
            panels.push(Panel { id: "cmp", title: t(lang, "本单位与比较", "Compared with the group and the county"), body: raw(&fig.svg), table, file, svg });
        }
    }

    let class = match p.kind {
        Kind::Ranking => "charts-ranking",
        Kind::Heat => "charts-heat",
        Kind::Unit => "charts-unit",
    };
    html! {
        <div class={class} ref={wrap}>
            { for notes }
            { for panels.into_iter().map(|panel| {
                let (svg, file) = (panel.svg.clone(), panel.file.clone());
                let save = Callback::from(move |_: MouseEvent| download(&file, &svg()));
                let open = panel.table.is_some();
                let title_id = format!("chart-{}-title", panel.id);
                html! {
                    <section class={classes!("chart-panel", format!("chart-{}", panel.id))} aria-labelledby={title_id.clone()}>
                        <div class="chart-head">
                            <h3 id={title_id}>{ panel.title }</h3>
                            <button type="button" class="chart-data" aria-expanded={open.to_string()} onclick={toggle(panel.id)}>
                                { if panel.id == "heat" { t(lang, "显示数值", "Show numbers") } else { t(lang, "数据表", "Data table") } }</button>
                            <button type="button" class="chart-save" onclick={save}>{ t(lang, "下载 SVG", "Download SVG") }</button>
                        </div>
                        <div class="chart-body">{ panel.body }</div>
                        if let Some(table) = panel.table {
                            <div class="chart-table-wrap">{ table }</div>
                        }
                    </section>
                }
            }) }
        </div>
    }
}

/// The charts of one place in the app, with a tip on hover or keyboard focus and a heat-map cell
/// or unit name opening that unit.
#[component]
pub fn Charts(p: &ChartsProps) -> Html {
    let wrap = use_node_ref();
    let tip = use_state(|| None::<(String, f64, f64)>);
    // Tips: hover or keyboard focus on anything with `data-tip`.
    let show_tip = |from_mouse: bool| {
        let (tip, wrap) = (tip.clone(), wrap.clone());
        move |e: Event| {
            let Some(host) = wrap.cast::<web_sys::Element>() else { return };
            let r = host.get_bounding_client_rect();
            match tip_of(&e) {
                Some((el, text)) => {
                    let (x, y) = match e.dyn_ref::<MouseEvent>().filter(|_| from_mouse) {
                        Some(m) => (f64::from(m.client_x()) - r.left() + 12.0, f64::from(m.client_y()) - r.top() + 14.0),
                        None => {
                            let b = el.get_bounding_client_rect();
                            (b.left() - r.left() + 8.0, b.bottom() - r.top() + 6.0)
                        }
                    };
                    if tip.as_ref().is_none_or(|(t, ..)| *t != text) || from_mouse {
                        tip.set(Some((text, x.min(r.width() - 240.0).max(0.0), y)));
                    }
                }
                None => {
                    if tip.is_some() {
                        tip.set(None);
                    }
                }
            }
        }
    };
    let onmousemove = Callback::from(show_tip(true));
    let onfocusin = Callback::from(show_tip(false));
    let hide = {
        let tip = tip.clone();
        Callback::from(move |_: Event| tip.set(None))
    };
    let onclick = {
        let on_open = p.on_open.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest("[data-u]").ok().flatten()) else { return };
            let num = |k: &str| el.get_attribute(k).and_then(|v| v.parse::<usize>().ok());
            if let Some(u) = num("data-u") {
                on_open.emit((u, num("data-i")));
            }
        })
    };
    html! {
        <div class="charts" ref={wrap} onmousemove={onmousemove.reform(|e: MouseEvent| Event::from(e))} onfocusin={onfocusin.reform(|e: FocusEvent| Event::from(e))}
            onmouseleave={hide.reform(|e: MouseEvent| Event::from(e))} onfocusout={hide.reform(|e: FocusEvent| Event::from(e))} {onclick}>
            <Panels kind={p.kind} data={Rc::clone(&p.data)} lang={p.lang} on_open={p.on_open.clone()} />
            if let Some((text, x, y)) = (*tip).clone() {
                <div class="chart-tip" role="tooltip" style={format!("left:{x:.0}px;top:{y:.0}px")}>{ text }</div>
            }
        </div>
    }
}
