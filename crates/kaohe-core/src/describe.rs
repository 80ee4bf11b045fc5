//! One line per scoring method for the scheme editor's method picker (issue 6): what the method
//! does, its formula, and a worked example with the parameters being entered (defaults where a
//! parameter is empty), e.g. `第1名10分，每降一名减0.3分：第4名得9.70分`.

use rust_decimal::Decimal;

use crate::model::{Benchmark, Direction, Granularity, Indicator, Method};
use crate::num::{show, show_dp};
use crate::Lang;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}
fn clamp(v: Decimal, lo: Decimal, hi: Decimal) -> Decimal {
    v.max(lo).min(hi)
}
fn pts(v: Decimal) -> String {
    show_dp(crate::num::round_half_up(v, 2), 2)
}

/// The 13 method kinds in the picker's order, with their names: (kind, 中文, English).
pub const METHODS: [(&str, &str, &str); 13] = [
    ("completion_linear", "完成率计分", "Completion rate"),
    ("ratio_to_best", "与最优值比", "Ratio to the best"),
    ("rank_points", "按名次计分", "Points by rank"),
    ("efficacy", "功效系数法", "Efficacy coefficient"),
    ("base_step", "基准加减分", "Base and steps"),
    ("standard_ratio", "标准值比例", "Ratio to a standard"),
    ("interval", "分档计分", "Bands"),
    ("per_count", "按个数计分", "Points per count"),
    ("direct_scaled", "直接打分折算", "Direct score, rescaled"),
    ("deduction", "扣分制", "Deductions"),
    ("satisfaction", "满意度测评", "Satisfaction survey"),
    ("points", "加减分项", "Bonus/penalty points"),
    ("binary", "完成即得分", "Done or not"),
];

/// The 8 metric kinds in the picker's order, with their names.
pub const METRICS: [(&str, &str, &str); 8] = [
    ("completion", "完成率（实际 ÷ 目标）", "completion (actual ÷ target)"),
    ("growth", "增长率（较上年同期，%）", "growth over last year (%)"),
    ("value", "数值", "a value"),
    ("count", "个数", "a count"),
    ("direct", "直接得分", "a score given directly"),
    ("events", "事项次数（多项）", "event counts"),
    ("survey", "问卷人数（多项）", "survey answer counts"),
    ("flag", "是否完成（1/0）", "done (1/0)"),
];

fn name_in(table: &[(&'static str, &'static str, &'static str)], kind: &str, lang: Lang) -> &'static str {
    table.iter().find(|(k, _, _)| *k == kind).map_or("", |(_, zh, en)| crate::tr(lang, zh, en))
}

/// The method's name in the picker.
pub fn method_name(kind: &str, lang: Lang) -> &'static str {
    name_in(&METHODS, kind, lang)
}

/// The metric's name in the picker.
pub fn metric_name(kind: &str, lang: Lang) -> &'static str {
    name_in(&METRICS, kind, lang)
}

/// What every method's line uses: Chinese or not, the full score (10 when none) and as shown, and
/// whether lower is better.
fn basics(ind: &Indicator, lang: Lang) -> (bool, Decimal, String, bool) {
    let w = ind.full.map_or(d(10), |f| f.0);
    (lang == Lang::Zh, w, show(w), ind.direction == Direction::Lower)
}

/// A parameter's value, or its default.
fn n(x: Option<crate::num::Num>, default: Decimal) -> Decimal {
    x.map_or(default, |v| v.0)
}

/// The one-line explanation of an indicator's method with a worked example on its parameters.
pub fn method_line(ind: &Indicator, lang: Lang) -> String {
    match &ind.method {
        Method::RatioToBest { .. } | Method::RankPoints { .. } | Method::Efficacy { .. } => relative_line(ind, lang),
        Method::BaseStep { .. } | Method::StandardRatio { .. } | Method::Interval { .. } => benchmark_line(ind, lang),
        Method::Deduction { .. } | Method::Satisfaction { .. } | Method::Points { .. } => counted_line(ind, lang),
        _ => own_line(ind, lang),
    }
}

/// Ratio to best, rank points, efficacy: against the pool.
fn relative_line(ind: &Indicator, lang: Lang) -> String {
    let (zh, w, ws, lower) = basics(ind, lang);
    match &ind.method {
        Method::RatioToBest {} => {
            let s = w * Decimal::new(8, 1);
            match (zh, lower) {
                (true, false) => format!("得分 = 满分 × 本单位值 ÷ 范围内最高值。例：满分 {ws}，本单位 80、最高 100 → {ws} × 80 ÷ 100 = {}", pts(s)),
                (true, true) => format!("越低越好：得分 = 满分 × 范围内最低值 ÷ 本单位值。例：满分 {ws}，最低 80、本单位 100 → {ws} × 80 ÷ 100 = {}", pts(s)),
                (false, _) => format!("score = full × value ÷ the pool's best. E.g. full {ws}, 80 against a best of 100 → {}", pts(s)),
            }
        }
        Method::RankPoints { step, floor, table } => match table {
            Some(t) if !t.is_empty() => {
                let list: Vec<String> = t.iter().take(5).enumerate().map(|(k, v)| if zh { format!("第{}名{}分", k + 1, show(v.0)) } else { format!("#{} {}", k + 1, show(v.0)) }).collect();
                let f = n(*floor, d(0));
                if zh { format!("按名次表给分：{}{}，表外得 {} 分", list.join("，"), if t.len() > 5 { "……" } else { "" }, show(f)) } else { format!("points by rank: {}; past the table {}", list.join(", "), show(f)) }
            }
            _ => {
                let st = n(*step, d(0));
                let f = n(*floor, d(0));
                let fourth = (w - st * d(3)).max(f);
                let floor_txt = if f > d(0) { if zh { format!("，最低 {} 分", show(f)) } else { format!(", at least {}", show(f)) } } else { String::new() };
                if zh {
                    format!("第1名{ws}分，每降一名减{}分{floor_txt}：第4名得{}分（并列同分，后续名次顺延）", show(st), pts(fourth))
                } else {
                    format!("#1 gets {ws}, each place lower {} less{floor_txt}: #4 gets {} (ties share a place)", show(st), pts(fourth))
                }
            }
        },
        Method::Efficacy { base, lo, hi } => {
            let b = n(*base, Decimal::new(6, 1));
            let s = w * (b + (d(1) - b) * Decimal::new(5, 1));
            let range = match (lo, hi) {
                (Some(l), Some(h)) => format!("{}–{}", show(l.0), show(h.0)),
                _ => (if zh { "范围内最低–最高值" } else { "the pool's min–max" }).to_string(),
            };
            if zh {
                format!("功效系数：得分 = 满分 × ({} + {} × (值 − 最低) ÷ (最高 − 最低))，区间为{range}。例：满分 {ws}，值在正中 → {ws} × ({} + {} × 0.5) = {}", show(b), show(d(1) - b), show(b), show(d(1) - b), pts(s))
            } else {
                format!("score = full × ({} + {} × position in {range}). E.g. full {ws}, halfway → {}", show(b), show(d(1) - b), pts(s))
            }
        }
        _ => String::new(),
    }
}

/// Base and steps, standard ratio, bands: against a benchmark.
fn benchmark_line(ind: &Indicator, lang: Lang) -> String {
    let (zh, w, _, lower) = basics(ind, lang);
    match &ind.method {
        Method::BaseStep { benchmark, base, up, up_unit, down, down_unit, granularity, max } => {
            let (b, u, uu, dn, du) = (n(*base, d(0)), n(*up, d(0)), n(*up_unit, d(1)), n(*down, d(0)), n(*down_unit, d(1)));
            let mx = n(*max, w);
            let bench = match benchmark {
                Some(Benchmark::Fixed(x)) => show(x.0),
                Some(Benchmark::CountyAvg) | None => (if zh { "全县平均值" } else { "the county mean" }).into(),
                Some(Benchmark::GroupAvg) => (if zh { "本考核单元平均值" } else { "the group mean" }).into(),
            };
            let whole = matches!(granularity, Some(Granularity::Whole));
            let ex = clamp(b + u * d(2), d(0), mx);
            let step = if whole { if zh { "（不足一档不计）" } else { " (whole steps only)" } } else { "" };
            if zh {
                format!("达到基准（{bench}）得 {} 分，每高 {} 加 {} 分、每低 {} 减 {} 分{step}，最高 {} 分。例：高出 {} → {} + 2 × {} = {}", show(b), show(uu), show(u), show(du), show(dn), show(mx), show(uu * d(2)), show(b), show(u), pts(ex))
            } else {
                format!("{} at the benchmark ({bench}), +{} per {} above, −{} per {} below{step}, at most {}. E.g. {} above → {}", show(b), show(u), show(uu), show(dn), show(du), show(mx), show(uu * d(2)), pts(ex))
            }
        }
        Method::StandardRatio { std_value, std_score, min, max } => {
            let (sv, ss) = (n(*std_value, d(100)), n(*std_score, w));
            let (mn, mx) = (n(*min, d(0)), n(*max, w));
            let v = sv * Decimal::new(9, 1);
            let s = if sv.is_zero() { d(0) } else { clamp(ss * v / sv, mn, mx) };
            if zh {
                format!("得分 = {} × 值 ÷ 标准值 {}，限于 {}–{} 分。例：值 {} → {} × {} ÷ {} = {}", show(ss), show(sv), show(mn), show(mx), show(v), show(ss), show(v), show(sv), pts(s))
            } else {
                format!("score = {} × value ÷ {} (standard), within {}–{}. E.g. {} → {}", show(ss), show(sv), show(mn), show(mx), show(v), pts(s))
            }
        }
        Method::Interval { bands, otherwise } => {
            let e = n(*otherwise, d(0));
            let list: Vec<String> = bands.iter().flatten().take(4).map(|(b, p)| {
                let op = if lower { "≤" } else { "≥" };
                format!("{op}{} → {}", show(b.0), show(p.0))
            }).collect();
            if zh {
                format!("分档：按所列顺序取第一个达到的档（{}），都未达到得 {} 分", if list.is_empty() { "尚未填写分档".into() } else { list.join("，") }, show(e))
            } else {
                format!("bands, first reached in order ({}); none reached: {}", list.join(", "), show(e))
            }
        }
        _ => String::new(),
    }
}

/// Deduction, satisfaction, points: on counted events or answers.
fn counted_line(ind: &Indicator, lang: Lang) -> String {
    let (zh, w, ws, _) = basics(ind, lang);
    match &ind.method {
        Method::Deduction { per } => {
            let items: Vec<String> = per.iter().flatten().take(3).map(|(k, p)| format!("{}{}", label(ind, k), show(p.0))).collect();
            let sum: Decimal = per.iter().flatten().map(|(_, p)| p.0).sum();
            let s = clamp(w - sum, d(0), w);
            if zh {
                format!("从满分 {ws} 扣分，每次扣：{}；最低 0 分。例：各发生 1 次 → {ws} − {} = {}", if items.is_empty() { "尚未填写".into() } else { items.join("，") }, show(sum), pts(s))
            } else {
                format!("{ws} less points per event ({}); at least 0. E.g. one of each → {}", items.join(", "), pts(s))
            }
        }
        Method::Satisfaction { weights } => {
            let items: Vec<String> = weights.iter().flatten().take(4).map(|(k, p)| format!("{}×{}", label(ind, k), show(p.0))).collect();
            // 10 answers of each listed kind: w × Σ(10 × weight) / (10 × k) = w × mean weight.
            let ws_: Vec<Decimal> = weights.iter().flatten().map(|(_, p)| p.0).collect();
            let mean = if ws_.is_empty() { d(0) } else { ws_.iter().copied().sum::<Decimal>() / Decimal::from(ws_.len()) };
            if zh {
                format!("得分 = 满分 × Σ(人数 × 权重) ÷ 总人数，权重：{}。例：各类答卷人数相同 → {ws} × {} = {}", if items.is_empty() { "尚未填写".into() } else { items.join("，") }, show(mean), pts(w * mean))
            } else {
                format!("score = full × Σ(count × weight) ÷ answers; weights {}. E.g. equal counts → {}", items.join(", "), pts(w * mean))
            }
        }
        Method::Points { per, cap } => {
            let items: Vec<String> = per.iter().flatten().take(3).map(|(k, p)| format!("{}{}", label(ind, k), show(p.0))).collect();
            let sum: Decimal = per.iter().flatten().map(|(_, p)| p.0).sum();
            let s = cap.map_or(sum, |c| sum.min(c.0));
            let cap_txt = cap.map_or(String::new(), |c| if zh { format!("，最多 {} 分", show(c.0)) } else { format!(", at most {}", show(c.0)) });
            if zh {
                format!("按项计分：每项分值 {}{cap_txt}。例：各 1 项 → {}", if items.is_empty() { "尚未填写".into() } else { items.join("，") }, pts(s))
            } else {
                format!("points per item ({}){cap_txt}. E.g. one of each → {}", items.join(", "), pts(s))
            }
        }
        _ => String::new(),
    }
}

/// Completion, per count, direct, done: on the unit's own figure.
fn own_line(ind: &Indicator, lang: Lang) -> String {
    let (zh, w, ws, _) = basics(ind, lang);
    match &ind.method {
        Method::CompletionLinear { floor_rate, cap_rate } => {
            let cap = n(*cap_rate, d(1));
            let r = Decimal::new(9, 1);
            let floor = floor_rate.map(|f| f.0);
            let score = if floor.is_some_and(|f| r < f) { d(0) } else { w * clamp(r, d(0), cap) };
            let floor_txt = floor.map_or(String::new(), |f| if zh { format!("，完成率低于 {} 得 0", show(f)) } else { format!("; below {} scores 0", show(f)) });
            if zh {
                format!("得分 = 满分 × 完成率（最高按 {} 计）{floor_txt}。例：满分 {ws}，完成率 0.9 → {ws} × 0.9 = {}", show(cap), pts(score))
            } else {
                format!("score = full × rate (rate capped at {}){floor_txt}. E.g. full {ws}, rate 0.9 → {}", show(cap), pts(score))
            }
        }
        Method::PerCount { per } => {
            let p = n(*per, d(0));
            let s = clamp(d(3) * p, d(0), w);
            if zh { format!("每个 {} 分，最多 {ws} 分。例：3 个 → 3 × {} = {}", show(p), show(p), pts(s)) } else { format!("{} per count, at most {ws}. E.g. 3 → {}", show(p), pts(s)) }
        }
        Method::DirectScaled { scale } => {
            let sc = n(*scale, d(100));
            let v = d(92).min(sc);
            let s = if sc.is_zero() { d(0) } else { w * v / sc };
            if zh { format!("直接打分（满分 {}）折算：得分 = {ws} × 分数 ÷ {}。例：{} 分 → {}", show(sc), show(sc), show(v), pts(s)) } else { format!("a score out of {} rescaled to {ws}. E.g. {} → {}", show(sc), show(v), pts(s)) }
        }
        Method::Binary {} => {
            if zh { format!("完成（填 1）得 {ws} 分，未完成（填 0）得 0 分") } else { format!("done (1) scores {ws}, not done (0) scores 0") }
        }
        _ => String::new(),
    }
}

fn label(ind: &Indicator, field: &str) -> String {
    ind.labels.as_ref().and_then(|l| l.get(field)).cloned().unwrap_or_else(|| field.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editing::set_method;

    fn line(method: serde_json::Value, full: i64) -> String {
        let doc = crate::editing::blank(Some(2024)).unwrap();
        let d = crate::editing::set_path(&doc, "scheme.indicators[0].full", Some(serde_json::json!(full))).unwrap();
        let kind = method["kind"].as_str().unwrap().to_string();
        let d = set_method(&d, 0, &kind).unwrap();
        let d = crate::editing::set_path(&d, "scheme.indicators[0].method", Some(method)).unwrap();
        method_line(&d.scheme.indicators[0], Lang::Zh)
    }

    #[test]
    fn each_method_in_one_line_with_a_worked_example() {
        // 10 − 0.3 × (4 − 1) = 9.10.
        assert_eq!(line(serde_json::json!({"kind": "rank_points", "step": 0.3}), 10), "第1名10分，每降一名减0.3分：第4名得9.10分（并列同分，后续名次顺延）");
        // 5 × min(0.9, 1) = 4.50.
        assert_eq!(line(serde_json::json!({"kind": "completion_linear"}), 5), "得分 = 满分 × 完成率（最高按 1 计）。例：满分 5，完成率 0.9 → 5 × 0.9 = 4.50");
        // 0.9 is below the floor 0.95: 0.
        assert!(line(serde_json::json!({"kind": "completion_linear", "floor_rate": 0.95}), 5).ends_with("= 0.00"));
        // 6 × (0.6 + 0.4 × 0.5) = 4.80.
        assert!(line(serde_json::json!({"kind": "efficacy"}), 6).ends_with("6 × (0.6 + 0.4 × 0.5) = 4.80"));
        // 1.6 + 2 × 0.04 = 1.68, within max 2.
        assert!(line(serde_json::json!({"kind": "base_step", "benchmark": 100, "base": 1.6, "up": 0.04, "up_unit": 1, "down": 0.04, "down_unit": 1, "max": 2}), 2).ends_with("1.6 + 2 × 0.04 = 1.68"));
        // 8 × 90 / 100 = 7.20.
        assert!(line(serde_json::json!({"kind": "standard_ratio", "std_value": 100, "std_score": 8}), 10).ends_with("8 × 90 ÷ 100 = 7.20"));
        // 3 × 0.5 = 1.5 within 2.
        assert!(line(serde_json::json!({"kind": "per_count", "per": 0.5}), 2).ends_with("3 × 0.5 = 1.50"));
        // 5 × 92 / 100 = 4.60.
        assert!(line(serde_json::json!({"kind": "direct_scaled"}), 5).ends_with("92 分 → 4.60"));
        // 4 − (1 + 0.5) = 2.50.
        let ded = line(serde_json::json!({"kind": "deduction", "per": {"f1": 1, "f2": 0.5}}), 4);
        assert!(ded.ends_with("4 − 1.5 = 2.50"), "{ded}");
        assert!(line(serde_json::json!({"kind": "interval", "bands": [[95, 3], [85, 2]], "else": 1}), 3).contains("≥95 → 3，≥85 → 2），都未达到得 1 分"));
        assert_eq!(line(serde_json::json!({"kind": "binary"}), 2), "完成（填 1）得 2 分，未完成（填 0）得 0 分");
        // Equal counts of weights 1 and 0.5: 5 × 0.75 = 3.75.
        assert!(line(serde_json::json!({"kind": "satisfaction", "weights": {"f1": 1, "f2": 0.5}}), 5).ends_with("5 × 0.75 = 3.75"));
        // 1 + 0.5 = 1.5, capped at 1.
        assert!(line(serde_json::json!({"kind": "points", "per": {"f1": 1, "f2": 0.5}, "cap": 1}), 2).ends_with("→ 1.00"));
        assert!(line(serde_json::json!({"kind": "ratio_to_best"}), 10).ends_with("10 × 80 ÷ 100 = 8.00"));
    }
}
