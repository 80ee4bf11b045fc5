//! SCORING §8: every indicator score in words — status, metric, pool figures and the formula
//! with the unit's numbers, in Chinese or English.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::eval::{explain_cell, explain_indicator, Ctx, Note};
use crate::method::CalcNote;
use crate::metric::{MetricNote, Status};
use crate::model::{Benchmark, Direction, Document, Indicator, Method, Metric, Policy, Scope};
use crate::num::{show, show_dp};
use crate::results::{IndicatorResult, Results};

/// Interface language of explanations and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `zh` or `en`, as links, the editor and the worker name it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?} (zh or en)")),
        }
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.tag())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// The interface text for `lang`: one place for every crate's Chinese/English choice.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl Results {
    /// Fills every indicator's `explain` text (SCORING §8) in the given language. `doc` is the
    /// document these results were computed from: the scoring of each indicator is re-run to
    /// recover the figures it used, so evaluation itself stays lean.
    pub fn render_explanations(&mut self, doc: &Document, lang: Lang) {
        let Ok(ctx) = Ctx::new(doc) else { return };
        let r = &doc.scheme.rounding;
        for (i, ind) in doc.scheme.indicators.iter().enumerate() {
            let units = &mut self.units;
            // The document scored before, so re-scoring cannot fail; if it did, texts stay empty.
            let _ = explain_indicator(&ctx, i, |u, note| {
                if let Some(res) = units.get_mut(u).and_then(|x| x.indicators.get_mut(i)) {
                    res.explain = explain(ind, r.dp, res, &note, lang);
                }
            });
        }
    }
}

/// SCORING §8: the explanations of one unit's indicators, in scheme order (for a unit view).
pub fn explain_unit(doc: &Document, results: &Results, unit: usize, lang: Lang) -> Vec<String> {
    let Ok(ctx) = Ctx::new(doc) else { return Vec::new() };
    let r = &doc.scheme.rounding;
    let Some(ur) = results.units.get(unit) else { return Vec::new() };
    doc.scheme
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            match (explain_cell(&ctx, i, unit), ur.indicators.get(i)) {
                (Ok(Some(note)), Some(res)) => explain(ind, r.dp, res, &note, lang),
                _ => String::new(),
            }
        })
        .collect()
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The label of an input field: the indicator's `labels` entry, else the field name.
pub fn field_label<'a>(ind: &'a Indicator, field: &'a str) -> &'a str {
    ind.labels.as_ref().and_then(|l| l.get(field)).map_or(field, |s| s.as_str())
}

/// SCORING §8: one indicator score explained in words, from its result and the figures behind it:
/// the status (and the policy applied) when the metric has none, else how the metric came from the
/// inputs, then the method's calculation.
pub fn explain(ind: &Indicator, dp: u32, r: &IndicatorResult, note: &Note, lang: Lang) -> String {
    let sep = t(lang, "；", "; ");
    let score = r.score.map(|s| show_dp(s.0, dp));
    if r.status != Status::Ok {
        return status_words(r.status, note.policy, score, lang).join(sep);
    }
    let mut parts = metric_words(ind, &note.metric, lang);
    if let Some(calc) = &note.calc {
        let w = Words { lang, w: show(ind.full.map_or(Decimal::ZERO, |f| f.0)), sc: score.unwrap_or_default(), scope: scope_word(ind.scope, lang) };
        calc_words(ind, calc, &w, &mut parts);
    }
    parts.join(sep)
}

/// What every calculation's words share: the language, the full score w, the rounded score and
/// the scope's name.
struct Words {
    lang: Lang,
    w: String,
    sc: String,
    scope: &'static str,
}

fn scope_word(scope: Scope, lang: Lang) -> &'static str {
    match (scope, lang) {
        (Scope::County, Lang::Zh) => "全县",
        (Scope::Group, Lang::Zh) => "本考核单元",
        (Scope::County, Lang::En) => "county",
        (Scope::Group, Lang::En) => "group",
    }
}

/// SCORING §8 / §9.2 a score decided by status: the status, the policy applied, the score.
fn status_words(status: Status, policy: Option<Policy>, score: Option<String>, lang: Lang) -> Vec<String> {
    let mut parts = Vec::new();
    let said = match status {
        Status::NotApplicable => t(lang, "本考核单元不考核此项", "not assessed in this unit's group"),
        Status::Missing => t(lang, "数据缺失", "input missing"),
        Status::NoTarget => t(lang, "目标任务为 0", "target is 0"),
        Status::NoBase => t(lang, "上年同期 ≤ 0，无法计算增速", "last year ≤ 0, no growth base"),
        Status::Ok => "",
    };
    parts.push(said.to_string());
    let policy = match (status, policy) {
        (Status::NotApplicable, _) => None,
        (_, Some(Policy::Exclude)) => Some(t(lang, "不纳入考核，按得分率折算", "not assessed; base rescaled")),
        (_, Some(Policy::Zero)) => Some(t(lang, "按规定计 0 分", "scored 0 by rule")),
        (_, Some(Policy::Full)) => Some(t(lang, "按规定计满分", "full score by rule")),
        _ => None,
    };
    if let Some(p) = policy {
        parts.push(p.to_string());
    }
    if let Some(sc) = score {
        parts.push(format!("= {sc}"));
    }
    parts
}

/// SCORING §2 how the metric came from the inputs (completion rate, growth, the value read).
fn metric_words(ind: &Indicator, metric: &MetricNote, lang: Lang) -> Vec<String> {
    let mut parts = Vec::new();
    match metric {
        MetricNote::Completion { actual, target, rate, raw_cap } => {
            let label = t(lang, "完成率", "completion");
            let f = if *target > Decimal::ZERO {
                format!("{label} = {} / {} = {}", show(*actual), show(*target), show(*rate))
            } else {
                format!("{label} = 1 + ({} − ({})) / {} = {}", show(*actual), show(*target), show(target.abs()), show(*rate))
            };
            parts.push(f);
            if let Some(c) = raw_cap {
                if rate > c {
                    parts.push(format!("{} {}", t(lang, "封顶", "capped at"), show(*c)));
                }
            }
        }
        MetricNote::Growth { actual, last, pct } => parts.push(format!(
            "{} = ({} − {}) / {} × 100 = {}%",
            t(lang, "增速", "growth"),
            show(*actual),
            show(*last),
            show(*last),
            show(*pct)
        )),
        MetricNote::Plain { value } if !matches!(ind.method, Method::Binary {}) => {
            let label = match ind.metric {
                Metric::Count {} => t(lang, "个数", "count"),
                Metric::Direct {} => t(lang, "得分", "score"),
                _ => t(lang, "数值", "value"),
            };
            parts.push(format!("{label} = {}", show(*value)))
        }
        _ => {}
    }

    parts
}

/// SCORING §4 the method's calculation.
fn calc_words(ind: &Indicator, calc: &CalcNote, w: &Words, parts: &mut Vec<String>) {
    match calc {
        CalcNote::RatioToBest { .. } | CalcNote::RankPoints { .. } | CalcNote::Efficacy { .. } => relative_words(calc, w, parts),
        CalcNote::BaseStep { .. } | CalcNote::StandardRatio { .. } | CalcNote::Interval { .. } => benchmark_words(calc, w, parts),
        _ => plain_words(ind, calc, w, parts),
    }
}

/// SCORING §4 the methods that compare a unit with its pool: ratio to best, rank points, efficacy.
fn relative_words(calc: &CalcNote, w: &Words, parts: &mut Vec<String>) {
    let Words { lang, w: w_s, sc, scope } = w;
    let (lang, scope) = (*lang, *scope);
    let lower = |d: &Direction| *d == Direction::Lower;
    match calc {
        CalcNote::RatioToBest { v, best, dir } => {
            if lower(dir) {
                parts.push(format!("{}{} {}", scope, t(lang, "最低（最优）", " best (lowest)"), show(*best)));
                if *v <= Decimal::ZERO {
                    parts.push(format!("{} ≤ 0 → {sc}", show(*v)));
                } else {
                    parts.push(format!("{w_s} × {} / {} = {sc}", show((*best).max(Decimal::ZERO)), show(*v)));
                }
            } else {
                parts.push(format!("{}{} {}", scope, t(lang, "最高", " best"), show(*best)));
                if *best <= Decimal::ZERO {
                    parts.push(format!("{} ≤ 0 → {sc}", t(lang, "最高值", "best")));
                } else {
                    parts.push(format!("{w_s} × {} / {} = {sc}", show(*v), show(*best)));
                }
            }
        }
        CalcNote::RankPoints { k, n, step, floor, table, .. } => {
            parts.push(match lang {
                Lang::Zh => format!("{scope}第 {k} 名（共 {n} 个）"),
                Lang::En => format!("rank {k} of {n} ({scope})"),
            });
            match (table, step) {
                (Some(p), _) => parts.push(format!("{} {k} → {} = {sc}", t(lang, "分值表第", "table entry"), show(*p))),
                (None, Some(st)) => {
                    parts.push(format!("max({}, {w_s} − {} × ({k} − 1)) = {sc}", show(*floor), show(*st)))
                }
                _ => parts.push(format!("= {sc}")),
            }
        }
        CalcNote::Efficacy { v, lo, hi, base, f, dir, .. } => {
            parts.push(format!(
                "{}{} {}{}{} {}",
                scope,
                t(lang, "最低", " low"),
                show(*lo),
                t(lang, "，", ", "),
                t(lang, "最高", "high"),
                show(*hi)
            ));
            if lo == hi {
                parts.push(format!("{} → {sc}", t(lang, "最高 = 最低", "high = low")));
            } else {
                let ratio = if lower(dir) {
                    format!("({} − {}) / ({} − {})", show(*hi), show(*v), show(*hi), show(*lo))
                } else {
                    format!("({} − {}) / ({} − {})", show(*v), show(*lo), show(*hi), show(*lo))
                };
                parts.push(format!(
                    "{w_s} × ({} + {} × {}) = {w_s} × ({} + {} × {}) = {sc}",
                    show(*base),
                    show(Decimal::ONE - *base),
                    ratio,
                    show(*base),
                    show(Decimal::ONE - *base),
                    show(*f)
                ));
            }
        }
        _ => {}
    }
}

/// SCORING §4 the methods that measure against a benchmark: base and steps, standard ratio, bands.
fn benchmark_words(calc: &CalcNote, w: &Words, parts: &mut Vec<String>) {
    let Words { lang, sc, .. } = w;
    let lang = *lang;
    let lower = |d: &Direction| *d == Direction::Lower;
    match calc {
        CalcNote::BaseStep { v, benchmark, bench, base, d, unit, steps, per, whole, dir, max } => {
            let bl = match (bench, lang) {
                (Benchmark::Fixed(_), Lang::Zh) => "基准".to_string(),
                (Benchmark::CountyAvg, Lang::Zh) => "基准（全县平均）".to_string(),
                (Benchmark::GroupAvg, Lang::Zh) => "基准（本考核单元平均）".to_string(),
                (Benchmark::Fixed(_), Lang::En) => "benchmark".to_string(),
                (Benchmark::CountyAvg, Lang::En) => "benchmark (county mean)".to_string(),
                (Benchmark::GroupAvg, Lang::En) => "benchmark (group mean)".to_string(),
            };
            parts.push(format!("{bl} {}", show(*benchmark)));
            let diff = if lower(dir) {
                format!("{} − {} = {}", show(*benchmark), show(*v), show(*d))
            } else {
                format!("{} − {} = {}", show(*v), show(*benchmark), show(*d))
            };
            parts.push(format!("{} {diff}", t(lang, "差值", "difference")));
            let q = if *whole { format!("⌊{} / {}⌋", show(d.abs()), show(*unit)) } else { format!("{} / {}", show(d.abs()), show(*unit)) };
            let sign = if *d >= Decimal::ZERO { "+" } else { "−" };
            let delta = per.saturating_mul(*steps);
            let raw = if *d >= Decimal::ZERO { base.saturating_add(delta) } else { base.saturating_sub(delta) };
            let clamp_note = if raw > *max {
                format!(" = {} > {} {} → {sc}", show(raw), t(lang, "上限", "max"), show(*max))
            } else if raw < Decimal::ZERO {
                format!(" = {} < 0 → {sc}", show(raw))
            } else {
                format!(" = {sc}")
            };
            parts.push(format!(
                "{} {sign} {} × {q} = {} {sign} {} × {}{clamp_note}",
                show(*base),
                show(*per),
                show(*base),
                show(*per),
                show(*steps)
            ));
        }
        CalcNote::StandardRatio { v, std_value, std_score, dir, .. } => {
            if lower(dir) {
                if *v <= Decimal::ZERO {
                    parts.push(format!("{} ≤ 0 → {sc}", show(*v)));
                } else {
                    parts.push(format!("{} × {} / {} = {sc}", show(*std_score), show(*std_value), show(*v)));
                }
            } else {
                parts.push(format!("{} × {} / {} = {sc}", show(*std_score), show(*v), show(*std_value)));
            }
        }
        CalcNote::Interval { v, band, points, dir } => match band {
            Some((i, bound)) => {
                let op = if lower(dir) { "≤" } else { "≥" };
                parts.push(match lang {
                    Lang::Zh => format!("{} {op} {}，第 {} 档 {} 分 = {sc}", show(*v), show(*bound), i + 1, show(*points)),
                    Lang::En => format!("{} {op} {}, band {} gives {} = {sc}", show(*v), show(*bound), i + 1, show(*points)),
                });
            }
            None => parts.push(match lang {
                Lang::Zh => format!("{} 未达任何分档，计 {} 分 = {sc}", show(*v), show(*points)),
                Lang::En => format!("{} reaches no band: {} = {sc}", show(*v), show(*points)),
            }),
        },
        _ => {}
    }
}

/// SCORING §4 the methods on the unit's own figures: completion, counts, events, survey, done.
fn plain_words(ind: &Indicator, calc: &CalcNote, w: &Words, parts: &mut Vec<String>) {
    let Words { lang, w: w_s, sc, .. } = w;
    let lang = *lang;
    match calc {
        CalcNote::CompletionLinear { v, floor, cap_rate, below_floor } => {
            if *below_floor {
                let f = floor.unwrap_or_default();
                parts.push(format!("{} < {} {} → {sc}", show(*v), t(lang, "下限", "floor"), show(f)));
            } else {
                let inner = format!("min({}, {})", show(*v), show(*cap_rate));
                let inner = if *v < Decimal::ZERO { format!("max(0, {inner})") } else { inner };
                parts.push(format!("{w_s} × {inner} = {sc}"));
            }
        }
        CalcNote::PerCount { v, per } => {
            parts.push(format!("min({}, max(0, {} × {})) = {sc}", w_s, show(*v), show(*per)))
        }
        CalcNote::DirectScaled { v, scale } => {
            parts.push(format!("{w_s} × {} / {} = {sc}", show((*v).clamp(Decimal::ZERO, *scale)), show(*scale)))
        }
        CalcNote::Deduction { items } => {
            let (names, terms) = counted(ind, &ind.method, items, lang);
            parts.push(names);
            let terms = if items.len() > 1 { format!("({terms})") } else { terms };
            parts.push(format!("max(0, {w_s} − {terms}) = {sc}"));
        }
        CalcNote::Satisfaction { items, n } => {
            let (names, terms) = counted(ind, &ind.method, items, lang);
            parts.push(names);
            if n.is_zero() {
                parts.push(format!("{} → {sc}", t(lang, "有效样本为 0", "no answers")));
            } else {
                parts.push(format!("{w_s} × ({terms}) / {} = {sc}", show(*n)));
            }
        }
        CalcNote::Points { items, sum, cap } => {
            let (names, terms) = counted(ind, &ind.method, items, lang);
            parts.push(names);
            match cap {
                Some(c) => parts.push(format!("min({terms} = {}, {}) = {sc}", show(*sum), show(*c))),
                None => parts.push(format!("{terms} = {sc}")),
            }
        }
        CalcNote::Binary { done } => parts.push(if *done {
            format!("{} → {sc}", t(lang, "已完成", "done"))
        } else {
            format!("{} → {sc}", t(lang, "未完成", "not done"))
        }),
        _ => {}
    }
}

/// "label count、…" and "count × points + …" for a counts method.
fn counted(ind: &Indicator, method: &Method, items: &[(Decimal, Decimal)], lang: Lang) -> (String, String) {
    let fields: Vec<&String> = match method {
        Method::Deduction { per } | Method::Points { per, .. } => per.iter().flatten().map(|(k, _)| k).collect(),
        Method::Satisfaction { weights } => weights.iter().flatten().map(|(k, _)| k).collect(),
        _ => Vec::new(),
    };
    let names = fields
        .iter()
        .zip(items)
        .map(|(f, (c, _))| format!("{} {}", field_label(ind, f), show(*c)))
        .collect::<Vec<_>>()
        .join(t(lang, "、", ", "));
    let terms = if items.is_empty() {
        "0".to_string()
    } else {
        items.iter().map(|(c, p)| format!("{} × {}", show(*c), show(*p))).collect::<Vec<_>>().join(" + ")
    };
    (names, terms)
}

#[cfg(test)]
mod lang_tests {
    use super::*;

    #[test]
    fn languages_are_read_and_written_in_one_place() {
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert_eq!(Lang::Zh.to_string(), "zh");
        assert!("fr".parse::<Lang>().unwrap_err().contains("fr"));
    }
}
