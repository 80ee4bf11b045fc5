//! The charts as SVG (and the heat map as a table): pure functions from the chart models of
//! `kaohe_core::chart` to markup, used both inline in the page and, whole, for 下载 SVG.
//! Every figure shows two decimals (the scheme's `dp`); every label is escaped.

use std::fmt::Write;
use std::ops::Range;

use kaohe_core::chart::{self, f, Axis, Heat, Part, StepKind};
use kaohe_core::metric::Status;
use kaohe_core::model::Document;
use kaohe_core::num::show_dp;
use kaohe_core::{Lang, Results};
use rust_decimal::Decimal;

/// The app's font stack (no download): named on every chart so that a saved SVG opens alike.
pub const FONTS: &str = "'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei','Source Han Sans SC',system-ui,sans-serif";

/// Base categories: Okabe–Ito colours (colour-blind safe), ordered dark, light, dark … so that
/// neighbouring segments stay apart printed in grey; white rules between segments too.
pub const PALETTE: [&str; 7] = ["#0072B2", "#F0E442", "#009E73", "#E69F00", "#4B3B8F", "#56B4E9", "#CC79A7"];
/// 加分, 扣分 (hatched), the unit's own change, other units' effect, adjustments.
const BONUS: &str = "#7A5C00";
const PENALTY: &str = "#D55E00";
const OWN: &str = "#0072B2";
const POOL: &str = "#E69F00";
const ADJUST: &str = "#8C8C8C";

/// Rows of a per-unit chart.
pub const ROW: f64 = 22.0;
/// The narrowest a chart is drawn (a phone's column); wider boxes get wider charts.
const MIN_WIDTH: f64 = 330.0;

/// The width of the label column beside the bars: 200 px, less on a narrow chart.
fn label_col(w: f64) -> f64 {
    (w * 0.34).clamp(96.0, 200.0)
}

/// How many characters of a label fit in a label column.
fn label_chars(col: f64) -> usize {
    (((col - 12.0) / 12.0) as usize).clamp(4, 15)
}

/// Text for markup: `&`, `<`, `>`, quotes escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { zh }
}

/// A signed change: "+3.59", "−0.01".
fn signed(v: Decimal, dp: u32) -> String {
    if v.is_sign_negative() && !v.is_zero() { format!("−{}", show_dp(-v, dp)) } else { format!("+{}", show_dp(v, dp)) }
}

/// A rate as a percentage with one decimal.
fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// A label cut to `max` characters (…), for the space beside a bar; the whole name is in the tip.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max.saturating_sub(1)).collect::<String>()) }
}

/// Width of a label in px at 12 px: CJK characters a full em, others about half.
fn text_w(s: &str) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 6.6 } else { 12.0 }).sum()
}

/// A drawn chart: its markup and size.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// `<svg>…</svg>`, with role="img", a title and a description.
    pub svg: String,
    /// Width and height in px.
    pub width: f64,
    /// See `width`.
    pub height: f64,
}

/// Opens an `<svg>` of this size with its title and description (role="img").
fn open(w: f64, h: f64, id: &str, title: &str, desc: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" role="img" aria-labelledby="{id}-t {id}-d" font-family="{FONTS}" font-size="12"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><rect width="100%" height="100%" fill="#fff"/>"##,
        esc(title),
        esc(desc)
    )
}

/// A legend of swatches in a row (wrapping at `w`), from `y`; returns the height used.
fn legend(out: &mut String, items: &[(String, String)], x0: f64, y: f64, w: f64) -> f64 {
    let (mut x, mut row) = (x0, 0.0);
    for (fill, label) in items {
        let iw = 18.0 + text_w(label) + 16.0;
        if x + iw > w && x > x0 {
            x = x0;
            row += 18.0;
        }
        let _ = write!(out, r##"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{fill}" stroke="#555" stroke-width="0.5"/><text x="{:.1}" y="{:.1}">{}</text>"##, y + row, x + 17.0, y + row + 10.5, esc(label));
        x += iw;
    }
    row + 18.0
}

/// Vertical grid lines, tick labels under the plot and the axis title.
fn x_axis(out: &mut String, axis: &Axis, x0: f64, x1: f64, top: f64, bottom: f64, title: &str, fmt: &dyn Fn(f64) -> String) {
    for &v in &axis.ticks {
        let x = axis.at(v, x0, x1);
        let _ = write!(out, r##"<line x1="{x:.1}" x2="{x:.1}" y1="{top:.1}" y2="{bottom:.1}" stroke="#e3e3e3"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#444">{}</text>"##, bottom + 14.0, esc(&fmt(v)));
    }
    let _ = write!(out, r##"<line x1="{x0:.1}" x2="{x1:.1}" y1="{bottom:.1}" y2="{bottom:.1}" stroke="#888"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##, (x0 + x1) / 2.0, bottom + 30.0, esc(title));
}

/// Tick labels: whole numbers without decimals, others with what they need.
fn tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { format!("{v:.0}") } else { format!("{v}") }
}

/// The hatching of deductions.
fn hatch(id: &str) -> String {
    format!(r##"<defs><pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="{PENALTY}"/></pattern></defs>"##)
}

/// Names the chart's parts: base categories, 加分, 扣分.
fn part_name(doc: &Document, p: Part, lang: Lang) -> String {
    match p {
        Part::Category(c) => doc.scheme.categories.get(c).map_or_else(String::new, |c| c.name.clone()),
        Part::Bonus => t(lang, "加分", "Bonus").into(),
        Part::Penalty => t(lang, "扣分", "Deductions").into(),
    }
}

fn part_fill(p: Part, hatch_id: &str) -> String {
    match p {
        Part::Category(c) => PALETTE[c % PALETTE.len()].into(),
        Part::Bonus => BONUS.into(),
        Part::Penalty => format!("url(#{hatch_id})"),
    }
}

/// 得分构成: one stacked bar per unit of `order`; only the rows in `rows` are drawn (a windowed
/// view), the height is always the whole chart's.
pub fn ranking(doc: &Document, res: &Results, base: &Results, order: &[usize], rows: Range<usize>, width: f64, lang: Lang) -> Figure {
    let dp = doc.scheme.rounding.dp;
    let model = chart::stacks(doc, res, base, order);
    let n = model.bars.len();
    let name = |k: usize| res.units.get(k).map_or("", |u| u.name.as_str());
    let w = width.max(MIN_WIDTH);
    let label_w = model.bars.iter().map(|b| text_w(&format!("{} {}", res.units[b.unit].rank, name(b.unit)))).fold(80.0, f64::max).min(200.0).min(w * 0.3) + 12.0;
    let name_chars = (((label_w - 40.0) / 12.0) as usize).clamp(3, 14);
    // Right of the bars: the totals, then the award tiers' names.
    let mut tiers = model.tiers.clone();
    if !tiers.is_empty() {
        let first = model.bars.first().and_then(|b| res.units[b.unit].award.clone());
        tiers.insert(0, (0, first));
    }
    let tier_label = |l: &Option<String>| l.clone().unwrap_or_else(|| t(lang, "无奖项", "no award").into());
    let tier_w = tiers.iter().map(|(_, l)| text_w(&tier_label(l)) + 14.0).fold(0.0, f64::max);
    let right_w = 64.0 + tier_w;
    let (x0, x1) = (label_w, w - right_w);
    // The legend: the base categories, 加分, 扣分, and the baseline marker when a what-if moved one.
    let mut items: Vec<(String, String)> = doc.scheme.categories.iter().enumerate()
        .filter(|(_, c)| c.kind == kaohe_core::model::CategoryKind::Base)
        .map(|(c, cat)| (PALETTE[c % PALETTE.len()].to_string(), cat.name.clone()))
        .collect();
    items.push((BONUS.into(), part_name(doc, Part::Bonus, lang)));
    items.push(("url(#kh-pen-r)".into(), part_name(doc, Part::Penalty, lang)));
    let mut body = hatch("kh-pen-r");
    let legend_h = legend(&mut body, &items, 8.0, 6.0, w - 8.0);
    let moved = model.bars.iter().any(|b| b.baseline.is_some());
    let mut y0 = legend_h + 10.0;
    if moved {
        let _ = write!(body, r##"<line x1="12" x2="12" y1="{:.1}" y2="{:.1}" stroke="#111" stroke-width="2"/><text x="22" y="{:.1}">{}</text>"##, y0 - 1.0, y0 + 13.0, y0 + 10.5, t(lang, "原总分（测算前）", "Baseline total (before the what-if)"));
        y0 += 20.0;
    }
    let bottom = y0 + n as f64 * ROW + 4.0;
    let h = bottom + 40.0;
    x_axis(&mut body, &model.axis, x0, x1, y0 - 4.0, bottom, t(lang, "得分（分）", "Score (points)"), &tick);
    let zero = model.axis.at(0.0, x0, x1);
    for (row, bar) in model.bars.iter().enumerate().skip(rows.start).take(rows.end.saturating_sub(rows.start)) {
        let u = &res.units[bar.unit];
        let y = y0 + row as f64 * ROW;
        let total = show_dp(bar.total, dp);
        let mut whole = format!("{}（{} {}）", u.name, t(lang, "第", "rank "), u.rank);
        if lang == Lang::Zh {
            whole = format!("{}（第 {} 名）", u.name, u.rank);
        }
        let mut parts = Vec::new();
        for s in &bar.segments {
            let full = s.full.map(|x| format!("/{}", show_dp(x, dp))).unwrap_or_default();
            parts.push(format!("{} {}{full}", part_name(doc, s.part, lang), show_dp(s.score, dp)));
        }
        let tip = format!("{whole}：{}；{} {total}", parts.join("，"), t(lang, "总分", "total"));
        let _ = write!(body, r##"<g class="bar" tabindex="0" data-tip="{}" aria-label="{}"><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#222">{} {}</text>"##,
            esc(&tip), esc(&tip), x0 - 6.0, y + 15.0, u.rank, esc(&clip(&u.name, name_chars)));
        for s in &bar.segments {
            let (a, b) = (model.axis.at(f(s.from), x0, x1), model.axis.at(f(s.to), x0, x1));
            let (lx, rx) = (a.min(b), a.max(b));
            let full = s.full.map(|x| format!(" / {}", show_dp(x, dp))).unwrap_or_default();
            let seg_tip = format!("{} · {}：{}{full}", u.name, part_name(doc, s.part, lang), if s.part == Part::Penalty { format!("−{}", show_dp(s.score, dp)) } else { show_dp(s.score, dp) });
            let _ = write!(body, r##"<rect x="{lx:.2}" y="{:.1}" width="{:.2}" height="14" fill="{}" stroke="#fff" stroke-width="0.75" data-tip="{}"/>"##, y + 4.0, (rx - lx).max(0.0), part_fill(s.part, "kh-pen-r"), esc(&seg_tip));
        }
        let end = model.axis.at(f(bar.total), x0, x1);
        let _ = write!(body, r##"<line x1="{end:.1}" x2="{end:.1}" y1="{:.1}" y2="{:.1}" stroke="#222"/><text x="{:.1}" y="{:.1}" fill="#111" font-weight="600">{total}</text>"##, y + 3.0, y + 19.0, x1 + 6.0, y + 15.0);
        if let Some(b) = bar.baseline {
            let bx = model.axis.at(f(b), x0, x1);
            let _ = write!(body, r##"<line class="baseline" x1="{bx:.1}" x2="{bx:.1}" y1="{:.1}" y2="{:.1}" stroke="#111" stroke-width="2" data-tip="{}"/>"##, y + 1.0, y + 21.0,
                esc(&format!("{} · {} {}", u.name, t(lang, "原总分", "baseline total"), show_dp(b, dp))));
        }
        body.push_str("</g>");
    }
    for (row, label) in &tiers {
        if *row + 1 < rows.start || *row > rows.end {
            continue;
        }
        let y = y0 + *row as f64 * ROW;
        if *row > 0 {
            let _ = write!(body, r##"<line class="tier" x1="4" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#555" stroke-dasharray="5 3"/>"##, w - 4.0);
        }
        let _ = write!(body, r##"<text class="tier-label" x="{:.1}" y="{:.1}" text-anchor="end" fill="#555" font-size="11">{}</text>"##, w - 4.0, y + 15.0, esc(&tier_label(label)));
    }
    // Nothing to draw: say so where the bars would be (never a chart of NaN).
    let empty = model.bars.iter().all(|b| b.segments.iter().all(|g| g.from == g.to));
    if empty {
        let note = if n == 0 { t(lang, "没有可显示的单位", "No unit to show") } else { t(lang, "所有单位得分均为 0", "Every unit scores 0") };
        let _ = write!(body, r##"<text class="empty" x="{:.1}" y="{:.1}" text-anchor="middle" fill="#666">{note}</text>"##, (x0 + x1) / 2.0, y0 + (n.max(1) as f64 * ROW) / 2.0 + 4.0);
    }
    if zero > x0 + 0.5 {
        let _ = write!(body, r##"<line x1="{zero:.1}" x2="{zero:.1}" y1="{:.1}" y2="{bottom:.1}" stroke="#888"/>"##, y0 - 4.0);
    }
    let title = t(lang, "得分构成", "Score composition");
    let desc = match lang {
        Lang::Zh => format!("{n} 个单位的总分构成：各基础类别得分、加分和扣分依次堆叠，条形末端即总分。数据见排名表。"),
        Lang::En => format!("How the total of each of {n} units is made: base categories, bonus and deductions stacked; each bar ends at the total. The data is in the ranking table."),
    };
    Figure { svg: format!("{}{body}</svg>", open(w, h, "kh-rank", title, &desc)), width: w, height: h }
}

/// The name of a waterfall step.
fn step_name(doc: &Document, base_doc: &Document, k: StepKind, lang: Lang) -> String {
    match k {
        StepKind::Indicator(i) => doc.scheme.indicators.get(i).or_else(|| base_doc.scheme.indicators.get(i)).map_or_else(String::new, |x| x.name.clone()),
        StepKind::Caps => t(lang, "类别上限", "Category caps").into(),
        StepKind::Weights => t(lang, "类别权重", "Category weights").into(),
        StepKind::Rescale => t(lang, "得分率折算", "Rescaling (not assessed)").into(),
        StepKind::Rounding => t(lang, "舍入", "Rounding").into(),
    }
}

/// 得分变化: the waterfall of unit `id` from its baseline total to its current total, or None
/// when nothing changed (the caller says so in words).
pub fn waterfall(base_doc: &Document, base: &Results, doc: &Document, res: &Results, id: &str, width: f64, lang: Lang) -> Option<Figure> {
    let model = chart::waterfall(base_doc, base, doc, res, id)?;
    if model.steps.is_empty() {
        return None;
    }
    let dp = doc.scheme.rounding.dp;
    let unit = res.unit(id).map_or("", |u| u.name.as_str());
    let w = width.max(MIN_WIDTH);
    let (x0, x1) = (label_col(w), w - 70.0);
    let chars = label_chars(x0);
    let mut body = String::new();
    let items = vec![
        (OWN.to_string(), t(lang, "本单位数据变化", "This unit's own data").to_string()),
        (POOL.to_string(), t(lang, "其他单位变化的影响", "Effect of other units' changes").to_string()),
        (ADJUST.to_string(), t(lang, "上限、权重、折算与舍入", "Caps, weights, rescaling, rounding").to_string()),
    ];
    let y0 = legend(&mut body, &items, 8.0, 6.0, w - 8.0) + 10.0;
    let rows = model.steps.len() + 2;
    let bottom = y0 + rows as f64 * ROW + 4.0;
    let h = bottom + 40.0;
    let axis = &model.axis;
    x_axis(&mut body, axis, x0, x1, y0 - 4.0, bottom, t(lang, "总分（分）", "Total (points)"), &tick);
    let mark = |body: &mut String, row: usize, label: &str, v: Decimal| {
        let (y, x) = (y0 + row as f64 * ROW, axis.at(f(v), x0, x1));
        let tip = format!("{unit} · {label} {}", show_dp(v, dp));
        let _ = write!(body, r##"<g tabindex="0" data-tip="{}" aria-label="{}"><text x="{:.1}" y="{:.1}" text-anchor="end" font-weight="600">{}</text><rect x="{:.1}" y="{:.1}" width="4" height="16" fill="#222"/><text x="{:.1}" y="{:.1}" font-weight="600">{}</text></g>"##,
            esc(&tip), esc(&tip), x0 - 6.0, y + 15.0, esc(label), x - 2.0, y + 3.0, x1 + 6.0, y + 15.0, show_dp(v, dp));
    };
    mark(&mut body, 0, t(lang, "原总分", "Baseline total"), model.start);
    for (k, s) in model.steps.iter().enumerate() {
        let y = y0 + (k + 1) as f64 * ROW;
        let (a, b) = (axis.at(f(s.from), x0, x1), axis.at(f(s.to), x0, x1));
        let fill = match (s.kind, s.own) {
            (StepKind::Indicator(_), true) => OWN,
            (StepKind::Indicator(_), false) => POOL,
            _ => ADJUST,
        };
        let name = step_name(doc, base_doc, s.kind, lang);
        let source = match (s.kind, s.own) {
            (StepKind::Indicator(_), true) => t(lang, "本单位数据变化", "own data"),
            (StepKind::Indicator(_), false) => t(lang, "其他单位变化的影响", "other units' changes"),
            _ => t(lang, "计分规则调整", "scoring adjustment"),
        };
        let scores = s.scores.map(|(x, y)| {
            let show = |v: Option<Decimal>| v.map_or_else(|| t(lang, "不考核", "n/a").to_string(), |v| show_dp(v, dp));
            format!("，{} → {}", show(x), show(y))
        }).unwrap_or_default();
        let tip = format!("{unit} · {name}：{}{scores}（{source}）", signed(s.delta, dp));
        let _ = write!(body, r##"<g class="step" tabindex="0" data-tip="{}" aria-label="{}"><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{:.2}" y="{:.1}" width="{:.2}" height="14" fill="{fill}"/><line x1="{a:.1}" x2="{a:.1}" y1="{:.1}" y2="{:.1}" stroke="#999" stroke-dasharray="2 2"/><text x="{:.1}" y="{:.1}">{}</text></g>"##,
            esc(&tip), esc(&tip), x0 - 6.0, y + 15.0, esc(&clip(&name, chars)), a.min(b), y + 4.0, (a - b).abs().max(1.0), y - 4.0, y + 4.0, x1 + 6.0, y + 15.0, signed(s.delta, dp));
    }
    mark(&mut body, rows - 1, t(lang, "现总分", "Current total"), model.end);
    let title = t(lang, "得分变化", "Change of the total");
    let desc = match lang {
        Lang::Zh => format!("{unit}总分由 {} 变为 {}：{} 步变化，按大小排列。", show_dp(model.start, dp), show_dp(model.end, dp), model.steps.len()),
        Lang::En => format!("{unit}: total {} → {} in {} steps, largest first.", show_dp(model.start, dp), show_dp(model.end, dp), model.steps.len()),
    };
    Some(Figure { svg: format!("{}{body}</svg>", open(w, h, "kh-wf", title, &desc)), width: w, height: h })
}

/// The waterfall's data as a table (数据表).
pub fn waterfall_table(base_doc: &Document, base: &Results, doc: &Document, res: &Results, id: &str, lang: Lang) -> String {
    let Some(model) = chart::waterfall(base_doc, base, doc, res, id) else { return String::new() };
    let dp = doc.scheme.rounding.dp;
    let mut out = format!(r#"<table class="chart-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
        t(lang, "项目", "Item"), t(lang, "来源", "Source"), t(lang, "原得分", "Before"), t(lang, "现得分", "After"), t(lang, "对总分的影响", "Effect on total"));
    let show = |v: Option<Decimal>| v.map_or_else(|| t(lang, "不考核", "n/a").to_string(), |v| show_dp(v, dp));
    let _ = write!(out, r#"<tr><th scope="row">{}</th><td></td><td></td><td></td><td class="num">{}</td></tr>"#, t(lang, "原总分", "Baseline total"), show_dp(model.start, dp));
    for s in &model.steps {
        let source = match (s.kind, s.own) {
            (StepKind::Indicator(_), true) => t(lang, "本单位数据变化", "own data"),
            (StepKind::Indicator(_), false) => t(lang, "其他单位变化的影响", "other units' changes"),
            _ => t(lang, "计分规则调整", "scoring adjustment"),
        };
        let (b, a) = s.scores.map_or((String::new(), String::new()), |(x, y)| (show(x), show(y)));
        let _ = write!(out, r#"<tr><th scope="row">{}</th><td>{source}</td><td class="num">{b}</td><td class="num">{a}</td><td class="num">{}</td></tr>"#, esc(&step_name(doc, base_doc, s.kind, lang)), signed(s.delta, dp));
    }
    let _ = write!(out, r#"<tr><th scope="row">{}</th><td></td><td></td><td></td><td class="num">{}</td></tr></tbody></table>"#, t(lang, "现总分", "Current total"), show_dp(model.end, dp));
    out
}

/// 本单位与比较: per base category, the unit's 得分率 beside its group's average and the best.
pub fn comparison(doc: &Document, res: &Results, unit: usize, width: f64, lang: Lang) -> Figure {
    let rows = chart::comparison(doc, res, unit);
    let me = res.units.get(unit).map_or("", |u| u.name.as_str());
    let group = res.units.get(unit).and_then(|u| doc.scheme.groups.iter().find(|g| g.id == u.group)).map_or("", |g| g.name.as_str());
    let w = width.max(MIN_WIDTH);
    let (x0, x1) = (label_col(w), w - 56.0);
    let chars = label_chars(x0);
    let mut body = String::new();
    let items = vec![
        (OWN.to_string(), me.to_string()),
        (POOL.to_string(), format!("{}{}", group, t(lang, "平均", " average"))),
        ("#fff".to_string(), t(lang, "全县最高", "County best").to_string()),
    ];
    let y0 = legend(&mut body, &items, 8.0, 6.0, w - 8.0) + 10.0;
    let band = 3.0 * 14.0 + 10.0;
    let bottom = y0 + rows.len() as f64 * band + 4.0;
    let h = bottom + 40.0;
    let top = rows.iter().flat_map(|r| [r.unit, r.group, r.best.map(|b| b.0)]).flatten().fold(1.0, f64::max);
    let axis = chart::nice_axis(0.0, top, 5);
    x_axis(&mut body, &axis, x0, x1, y0 - 4.0, bottom, t(lang, "得分率（类别得分 ÷ 满分）", "Score rate (subtotal ÷ full)"), &|v| pct(v).replace(".0%", "%"));
    for (k, r) in rows.iter().enumerate() {
        let y = y0 + k as f64 * band;
        let name = doc.scheme.categories.get(r.category).map_or("", |c| c.name.as_str());
        let _ = write!(body, r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##, x0 - 6.0, y + 26.0, esc(&clip(name, chars)));
        let best_name = r.best.and_then(|(_, u)| res.units.get(u)).map_or("", |u| u.name.as_str());
        let bars = [(r.unit, OWN, "#fff", me.to_string()), (r.group, POOL, "#fff", format!("{group}{}", t(lang, "平均", " average"))), (r.best.map(|b| b.0), "#fff", "#333", format!("{}（{best_name}）", t(lang, "全县最高", "County best")))];
        for (j, (v, fill, stroke, who)) in bars.into_iter().enumerate() {
            let by = y + j as f64 * 14.0;
            let Some(v) = v else {
                let _ = write!(body, r##"<text x="{:.1}" y="{:.1}" fill="#666" font-size="11">{}</text>"##, x0 + 4.0, by + 11.0, t(lang, "无满分，不计得分率", "no full score"));
                continue;
            };
            let bw = (axis.at(v, x0, x1) - x0).max(0.0);
            let tip = format!("{name} · {who}：{}", pct(v));
            let _ = write!(body, r##"<g tabindex="0" data-tip="{}" aria-label="{}"><rect x="{x0:.1}" y="{by:.1}" width="{bw:.2}" height="12" fill="{fill}" stroke="{stroke}"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text></g>"##,
                esc(&tip), esc(&tip), x0 + bw + 4.0, by + 10.5, pct(v));
        }
    }
    let title = t(lang, "本单位与比较", "Compared with the group and the county");
    let desc = match lang {
        Lang::Zh => format!("{me}各基础类别的得分率，与{group}平均、全县最高对比。"),
        Lang::En => format!("{me}: score rate of each base category beside the {group} average and the county's best."),
    };
    Figure { svg: format!("{}{body}</svg>", open(w, h, "kh-cmp", title, &desc)), width: w, height: h }
}

/// The comparison's data as a table.
pub fn comparison_table(doc: &Document, res: &Results, unit: usize, lang: Lang) -> String {
    let show = |v: Option<f64>| v.map_or_else(|| "—".to_string(), pct);
    let mut out = format!(r#"<table class="chart-table"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
        t(lang, "类别", "Category"), t(lang, "本单位", "This unit"), t(lang, "考核单元平均", "Group average"), t(lang, "全县最高", "County best"));
    for r in chart::comparison(doc, res, unit) {
        let best = r.best.map(|(v, u)| format!("{}（{}）", pct(v), esc(res.units.get(u).map_or("", |x| x.name.as_str())))).unwrap_or_else(|| "—".into());
        let _ = write!(out, r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{best}</td></tr>"#,
            esc(doc.scheme.categories.get(r.category).map_or("", |c| c.name.as_str())), show(r.unit), show(r.group));
    }
    out.push_str("</tbody></table>");
    out
}

/// 名次变化: lines from each unit's baseline rank (left) to its current rank (right); units that
/// moved coloured (up blue, down vermillion), the rest grey. Above `max` units only those that
/// moved are drawn.
pub fn slope(res: &Results, base: &Results, width: f64, max: usize, lang: Lang) -> Figure {
    let mut lines = chart::slopes(res, base);
    let total = lines.len();
    if total > max {
        lines.retain(|s| s.from != s.to);
    }
    let n = lines.len();
    let w = width.clamp(480.0, 760.0);
    let label_w = lines.iter().map(|s| text_w(&res.units[s.unit].name) + 36.0).fold(90.0, f64::max).min(190.0);
    let (xl, xr) = (label_w, w - label_w);
    let mut body = String::new();
    let y0 = 40.0;
    let _ = write!(body, r##"<text x="{xl:.1}" y="24" text-anchor="middle" font-weight="600">{}</text><text x="{xr:.1}" y="24" text-anchor="middle" font-weight="600">{}</text>"##,
        t(lang, "测算前名次", "Rank before"), t(lang, "当前名次", "Rank now"));
    // Rows by baseline rank on the left, by current rank on the right (ties in document order):
    // one label per row, never on top of another.
    let mut left: Vec<usize> = (0..n).collect();
    left.sort_by_key(|&k| (lines[k].from, lines[k].unit));
    let mut left_row = vec![0; n];
    for (row, &k) in left.iter().enumerate() {
        left_row[k] = row;
    }
    for (row, s) in lines.iter().enumerate() {
        let u = &res.units[s.unit];
        let (ya, yb) = (y0 + left_row[row] as f64 * ROW + 10.0, y0 + row as f64 * ROW + 10.0);
        let (stroke, width_px, label) = match s.to.cmp(&s.from) {
            std::cmp::Ordering::Less => ("#0072B2", 2.5, "▲"),
            std::cmp::Ordering::Greater => ("#D55E00", 2.5, "▼"),
            std::cmp::Ordering::Equal => ("#b9b9b9", 1.0, ""),
        };
        let tip = match lang {
            Lang::Zh => format!("{}：第 {} 名 → 第 {} 名", u.name, s.from, s.to),
            Lang::En => format!("{}: rank {} → {}", u.name, s.from, s.to),
        };
        let weight = if label.is_empty() { "400" } else { "600" };
        let _ = write!(body, r##"<g tabindex="0" class="slope{}" data-tip="{}" aria-label="{}"><line x1="{xl:.1}" y1="{ya:.1}" x2="{xr:.1}" y2="{yb:.1}" stroke="{stroke}" stroke-width="{width_px}"/><circle cx="{xl:.1}" cy="{ya:.1}" r="3" fill="{stroke}"/><circle cx="{xr:.1}" cy="{yb:.1}" r="3" fill="{stroke}"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-weight="{weight}">{} {}</text><text x="{:.1}" y="{:.1}" font-weight="{weight}" fill="{}">{} {} {label}</text></g>"##,
            if label.is_empty() { "" } else { " moved" }, esc(&tip), esc(&tip), xl - 8.0, ya + 4.0, esc(&clip(&u.name, 12)), s.from, xr + 8.0, yb + 4.0,
            if label.is_empty() { "#555" } else { stroke }, s.to, esc(&clip(&u.name, 12)));
    }
    let h = y0 + n.max(1) as f64 * ROW + 16.0;
    if n == 0 {
        let _ = write!(body, r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#666">{}</text>"##, w / 2.0, y0 + 14.0, t(lang, "没有单位名次变化", "No unit changed rank"));
    }
    let title = t(lang, "名次变化", "Rank changes");
    let moved = lines.iter().filter(|s| s.from != s.to).count();
    let desc = match lang {
        Lang::Zh => format!("测算前后名次：{moved} 个单位名次变化{}。", if total > max { "（单位较多，只画出名次变化的单位）" } else { "" }),
        Lang::En => format!("Ranks before and after the what-if: {moved} units moved{}.", if total > max { " (many units: only those that moved are drawn)" } else { "" }),
    };
    Figure { svg: format!("{}{body}</svg>", open(w, h, "kh-slope", title, &desc)), width: w, height: h }
}

/// The slope chart's data as a table.
pub fn slope_table(res: &Results, base: &Results, lang: Lang) -> String {
    let mut out = format!(r#"<table class="chart-table"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
        t(lang, "单位", "Unit"), t(lang, "测算前名次", "Rank before"), t(lang, "当前名次", "Rank now"));
    for s in chart::slopes(res, base) {
        let _ = write!(out, r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td></tr>"#, esc(&res.units[s.unit].name), s.from, s.to);
    }
    out.push_str("</tbody></table>");
    out
}

/// The ranking chart's data as a table: each unit's segments.
pub fn ranking_table(doc: &Document, res: &Results, base: &Results, order: &[usize], lang: Lang) -> String {
    let dp = doc.scheme.rounding.dp;
    let model = chart::stacks(doc, res, base, order);
    let base_cats: Vec<usize> = (0..doc.scheme.categories.len()).filter(|&c| doc.scheme.categories[c].kind == kaohe_core::model::CategoryKind::Base).collect();
    let mut out = format!(r#"<table class="chart-table"><thead><tr><th scope="col">{}</th>"#, t(lang, "单位", "Unit"));
    for &c in &base_cats {
        let _ = write!(out, r#"<th scope="col" class="num">{}</th>"#, esc(&doc.scheme.categories[c].name));
    }
    let _ = write!(out, r#"<th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#, t(lang, "加分", "Bonus"), t(lang, "扣分", "Deductions"), t(lang, "总分", "Total"));
    for bar in &model.bars {
        let u = &res.units[bar.unit];
        let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, esc(&u.name));
        for &c in &base_cats {
            let _ = write!(out, r#"<td class="num">{}</td>"#, show_dp(u.categories[c].score.0, dp));
        }
        let _ = write!(out, r#"<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#, show_dp(u.bonus.0, dp), show_dp(u.penalty.0, dp), show_dp(u.total.0, dp));
    }
    out.push_str("</tbody></table>");
    out
}

/// A 得分率 as a colour: ColorBrewer Blues (sequential, colour-blind safe, prints as a grey ramp).
pub fn heat_colour(rate: f64) -> String {
    const STOPS: [(u8, u8, u8); 9] = [(247, 251, 255), (222, 235, 247), (198, 219, 239), (158, 202, 225), (107, 174, 214), (66, 146, 198), (33, 113, 181), (8, 81, 156), (8, 48, 107)];
    let x = rate.clamp(0.0, 1.0) * 8.0;
    let (k, frac) = ((x.floor() as usize).min(7), x - x.floor().min(7.0));
    let (a, b) = (STOPS[k], STOPS[k + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * frac).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// What a heat cell says on hover.
fn heat_tip(doc: &Document, res: &Results, u: usize, i: usize, lang: Lang) -> String {
    let dp = doc.scheme.rounding.dp;
    let unit = &res.units[u];
    let ind = &doc.scheme.indicators[i];
    let r = &unit.indicators[i];
    let status = match r.status {
        Status::NotApplicable => t(lang, "本考核单元不考核此项", "not assessed in this group"),
        Status::Missing => t(lang, "数据缺失", "input missing"),
        Status::NoTarget => t(lang, "目标任务为 0", "target is 0"),
        Status::NoBase => t(lang, "上年同期 ≤ 0", "no growth base"),
        Status::Ok => "",
    };
    let score = r.score.map_or_else(|| t(lang, "不考核", "not assessed").to_string(), |s| {
        let full = ind.full.map(|f| format!(" / {}", show_dp(f.0, dp))).unwrap_or_default();
        format!("{}{full}", show_dp(s.0, dp))
    });
    let rate = match chart::heat(doc, res, u, i) {
        Heat::Rate(v) => format!("，{} {}", t(lang, "得分率", "rate"), pct(v)),
        _ => String::new(),
    };
    let status = if status.is_empty() { String::new() } else { format!("（{status}）") };
    format!("{} · {}：{score}{rate}{status}", unit.name, ind.name)
}

/// 指标热力图 as a table (sticky unit names and indicator names): the rows `rows` of units in
/// `order`, spacer rows for the rest; each cell names its unit and indicator (`data-u`, `data-i`)
/// and, with `numbers`, shows its 得分率 (the chart's data table).
pub fn heat_table(doc: &Document, res: &Results, order: &[usize], rows: Range<usize>, numbers: bool, lang: Lang) -> String {
    let cell_h = 18.0;
    let mut out = format!(r#"<table class="heat" aria-rowcount="{}"><thead><tr><th scope="col" class="heat-corner">{}</th>"#, order.len() + 1, t(lang, "单位 ＼ 指标", "Unit \\ indicator"));
    for ind in &doc.scheme.indicators {
        let _ = write!(out, r#"<th scope="col" title="{}"><span>{}</span></th>"#, esc(&ind.name), esc(&clip(&ind.name, 8)));
    }
    out.push_str("</tr></thead><tbody>");
    let (first, end) = (rows.start.min(order.len()), rows.end.min(order.len()));
    let cols = doc.scheme.indicators.len() + 1;
    if first > 0 {
        let _ = write!(out, r#"<tr class="spacer" aria-hidden="true" style="height:{:.0}px"><td colspan="{cols}"></td></tr>"#, first as f64 * cell_h);
    }
    for (row, &u) in order.iter().enumerate().take(end).skip(first) {
        let unit = &res.units[u];
        let _ = write!(out, r#"<tr aria-rowindex="{}"><th scope="row"><button type="button" class="link" data-u="{u}">{} {}</button></th>"#, row + 2, unit.rank, esc(&unit.name));
        for i in 0..doc.scheme.indicators.len() {
            let tip = esc(&heat_tip(doc, res, u, i, lang));
            match chart::heat(doc, res, u, i) {
                Heat::Rate(v) => {
                    let (text, dark) = if numbers { (format!("{:.0}", v * 100.0), v > 0.55) } else { (String::new(), false) };
                    let _ = write!(out, r#"<td data-u="{u}" data-i="{i}" data-tip="{tip}" style="background:{}"{}>{text}</td>"#, heat_colour(v), if dark { r#" class="dark""# } else { "" });
                }
                Heat::NotAssessed => { let _ = write!(out, r#"<td class="na" data-u="{u}" data-i="{i}" data-tip="{tip}">{}</td>"#, if numbers { "—" } else { "" }); }
                Heat::NoFull => { let _ = write!(out, r#"<td class="nofull" data-u="{u}" data-i="{i}" data-tip="{tip}">{}</td>"#, if numbers { "·" } else { "" }); }
            }
        }
        out.push_str("</tr>");
    }
    if end < order.len() {
        let _ = write!(out, r#"<tr class="spacer" aria-hidden="true" style="height:{:.0}px"><td colspan="{cols}"></td></tr>"#, (order.len() - end) as f64 * cell_h);
    }
    out.push_str("</tbody></table>");
    out
}

/// 指标热力图 as a whole SVG (for 下载 SVG): every unit and indicator.
pub fn heat_svg(doc: &Document, res: &Results, order: &[usize], lang: Lang) -> Figure {
    let (cw, ch) = (18.0, 16.0);
    let label_w = order.iter().map(|&u| text_w(&res.units[u].name) + 36.0).fold(90.0, f64::max).min(220.0);
    let head = 120.0;
    let m = doc.scheme.indicators.len();
    let w = label_w + m as f64 * cw + 20.0;
    let h = head + order.len() as f64 * ch + 50.0;
    let mut body = String::new();
    for (i, ind) in doc.scheme.indicators.iter().enumerate() {
        let x = label_w + i as f64 * cw + 12.0;
        let _ = write!(body, r##"<text transform="translate({x:.1},{:.1}) rotate(-60)" font-size="11">{}</text>"##, head - 6.0, esc(&clip(&ind.name, 10)));
    }
    for (row, &u) in order.iter().enumerate() {
        let y = head + row as f64 * ch;
        let unit = &res.units[u];
        let _ = write!(body, r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{} {}</text>"##, label_w - 6.0, y + 12.0, unit.rank, esc(&unit.name));
        for i in 0..m {
            let x = label_w + i as f64 * cw;
            let fill = match chart::heat(doc, res, u, i) {
                Heat::Rate(v) => heat_colour(v),
                Heat::NotAssessed => "url(#kh-na)".into(),
                Heat::NoFull => "#dddddd".into(),
            };
            let _ = write!(body, r##"<rect x="{x:.1}" y="{y:.1}" width="{cw}" height="{ch}" fill="{fill}" stroke="#fff"><title>{}</title></rect>"##, esc(&heat_tip(doc, res, u, i, lang)));
        }
    }
    let ly = head + order.len() as f64 * ch + 14.0;
    let _ = write!(body, r##"<text x="8" y="{:.1}">{}</text>"##, ly + 11.0, t(lang, "得分率 0% → 100%（扣分项按 1 − 扣分 ÷ 分值）；斜线：不考核", "Score rate 0% → 100% (deductions: 1 − points ÷ full); hatched: not assessed"));
    let defs = r##"<defs><pattern id="kh-na" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#eee"/><rect width="1.5" height="5" fill="#aaa"/></pattern></defs>"##;
    let title = t(lang, "指标热力图", "Indicator heat map");
    let desc = match lang {
        Lang::Zh => format!("{} 个单位 × {m} 项指标的得分率。", order.len()),
        Lang::En => format!("Score rate of {} units × {m} indicators.", order.len()),
    };
    Figure { svg: format!("{}{defs}{body}</svg>", open(w, h, "kh-heat", title, &desc)), width: w, height: h }
}

/// A figure as a file of its own: the XML declaration, then the SVG (which names its fonts).
pub fn standalone(fig: &Figure) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n", fig.svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaohe_core::{evaluate, presets};

    fn demo() -> (Document, Results) {
        let d = presets::DEMO.document().unwrap();
        let r = evaluate(&d).unwrap();
        (d, r)
    }

    /// Every opened element is closed, attributes are quoted, no raw `&` or `<` inside text.
    fn well_formed(svg: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(p) = rest.find('<') {
            let text = &rest[..p];
            assert!(!text.contains('>'), "stray > in {text:?}");
            for (k, _) in text.match_indices('&') {
                let ent = &text[k..text[k..].find(';').map_or(text.len(), |e| k + e + 1)];
                assert!(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&ent), "bad entity {ent:?}");
            }
            let end = rest[p..].find('>').map(|e| p + e).expect("unclosed tag");
            let tag = &rest[p + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            } else if !tag.starts_with('?') && !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap_or("").to_string());
            }
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
    }

    #[test]
    fn ranking_chart_has_a_bar_and_a_label_per_unit() {
        let (d, r) = demo();
        let order = chart::rank_order(&r);
        let fig = ranking(&d, &r, &r, &order, 0..order.len(), 960.0, Lang::Zh);
        well_formed(&fig.svg);
        assert_eq!(fig.svg.matches(r#"<g class="bar""#).count(), 12);
        for u in &d.units {
            assert!(fig.svg.contains(&u.name), "{}", u.name);
        }
        // The first bar ends at 城东街道's total, 90.19, and the legend names every base category.
        assert!(fig.svg.contains(">90.19<"));
        assert!(fig.svg.contains("经济发展（涉及考核指标）") && fig.svg.contains(">加分<"));
        assert!(!fig.svg.contains("NaN") && !fig.svg.contains("inf"));
        assert!(!fig.svg.contains("baseline"), "no what-if, no baseline marker");
        // Windowed: only the rows asked for are drawn, at the whole chart's height.
        let part = ranking(&d, &r, &r, &order, 3..5, 960.0, Lang::Zh);
        assert_eq!(part.svg.matches(r#"<g class="bar""#).count(), 2);
        assert_eq!(part.height, fig.height);
        well_formed(&standalone(&part));
        let en = ranking(&d, &r, &r, &order, 0..12, 960.0, Lang::En);
        assert!(en.svg.contains("Score composition") && en.svg.contains("Bonus"));
    }

    #[test]
    fn waterfall_draws_the_edit_and_nothing_when_unchanged() {
        let (d, r) = demo();
        assert!(waterfall(&d, &r, &d, &r, "U08", 900.0, Lang::Zh).is_none());
        let mut d2 = d.clone();
        d2.set_input("U08", "E5", "actual", Some("25000".parse().unwrap()));
        let r2 = evaluate(&d2).unwrap();
        let fig = waterfall(&d, &r, &d2, &r2, "U08", 900.0, Lang::Zh).unwrap();
        well_formed(&fig.svg);
        // 79.33 → 82.92, one own step 固定资产投资 +3.59 (2.41 → 6.00).
        assert!(fig.svg.contains(">79.33<") && fig.svg.contains(">82.92<") && fig.svg.contains(">+3.59<"));
        assert!(fig.svg.contains("固定资产投资") && fig.svg.contains(OWN));
        assert_eq!(fig.svg.matches(r#"class="step""#).count(), 1);
        let table = waterfall_table(&d, &r, &d2, &r2, "U08", Lang::Zh);
        well_formed(&table);
        assert!(table.contains("2.41") && table.contains("6.00") && table.contains("本单位数据变化"));
    }

    #[test]
    fn comparison_slope_and_heat_are_well_formed() {
        let (d, r) = demo();
        let fig = comparison(&d, &r, 0, 900.0, Lang::Zh);
        well_formed(&fig.svg);
        assert!(fig.svg.contains("全县最高") && fig.svg.contains("%"));
        well_formed(&comparison_table(&d, &r, 0, Lang::En));
        let mut d2 = d.clone();
        d2.set_input("U08", "E5", "actual", Some("25000".parse().unwrap()));
        let r2 = evaluate(&d2).unwrap();
        let s = slope(&r2, &r, 700.0, 300, Lang::Zh);
        well_formed(&s.svg);
        assert_eq!(s.svg.matches("<g tabindex=\"0\" class=\"slope").count(), 12);
        assert!(s.svg.matches("slope moved").count() >= 2, "金禾镇 up and at least one unit down");
        well_formed(&slope_table(&r2, &r, Lang::Zh));
        let order = chart::rank_order(&r);
        let heat = heat_table(&d, &r, &order, 2..5, false, Lang::Zh);
        well_formed(&heat_table(&d, &r, &order, 0..12, true, Lang::En));
        well_formed(&heat);
        assert_eq!(heat.matches("<tr aria-rowindex").count(), 3);
        assert_eq!(heat.matches(r#"class="spacer""#).count(), 2);
        let hs = heat_svg(&d, &r, &order, Lang::En);
        well_formed(&standalone(&hs));
        assert_eq!(hs.svg.matches("<rect x=").count(), 12 * 23);
    }

    #[test]
    fn empty_or_zero_data_draws_a_note_not_nan() {
        // Results where every unit scores 0 (bars of no length), and no units at all.
        let (d, mut r) = demo();
        for u in &mut r.units {
            for c in &mut u.categories {
                c.score = Default::default();
            }
            (u.base, u.bonus, u.penalty, u.total) = Default::default();
        }
        let order = chart::rank_order(&r);
        for (o, note) in [(&order[..], "所有单位得分均为 0"), (&[][..], "没有可显示的单位")] {
            let fig = ranking(&d, &r, &r, o, 0..o.len(), 960.0, Lang::Zh);
            well_formed(&fig.svg);
            assert!(fig.svg.contains(note), "{note}");
            assert!(!fig.svg.contains("NaN") && !fig.svg.contains("inf"));
        }
    }

    #[test]
    fn labels_and_names_are_escaped() {
        let (mut d, _) = demo();
        d.units[0].name = "A&B <镇>".into();
        let r = evaluate(&d).unwrap();
        let order = chart::rank_order(&r);
        let fig = ranking(&d, &r, &r, &order, 0..12, 960.0, Lang::Zh);
        well_formed(&fig.svg);
        assert!(fig.svg.contains("A&amp;B &lt;镇&gt;"));
    }

    #[test]
    fn heat_colours_run_light_to_dark() {
        assert_eq!(heat_colour(0.0), "#f7fbff");
        assert_eq!(heat_colour(1.0), "#08306b");
        assert_eq!(heat_colour(0.5), "#6baed6");
        assert_eq!(heat_colour(f64::NAN.max(0.0)), "#f7fbff");
    }
}
