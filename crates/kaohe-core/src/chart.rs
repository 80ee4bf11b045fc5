//! Chart models (issue 11): the numbers behind the app's charts, as pure functions of a document
//! and its results (and the baseline's, for what a what-if changed). Positions are left to the
//! drawing code; here are the segments, steps, rates, ranks and nicely rounded axes, exact where
//! the charts promise a sum (a bar ends at the total, the waterfall's steps add up to Δ total).

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::model::{CategoryKind, Document};
use crate::results::{Results, UnitResult};

/// An axis over a data range: its ends widened to whole steps of 1, 2 or 5 × 10ⁿ, and its ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Lower end (a tick).
    pub lo: f64,
    /// Upper end (a tick), always above `lo`.
    pub hi: f64,
    /// Tick values from `lo` to `hi`.
    pub ticks: Vec<f64>,
}

impl Axis {
    /// Where `v` falls between `r0` (at `lo`) and `r1` (at `hi`).
    pub fn at(&self, v: f64, r0: f64, r1: f64) -> f64 {
        r0 + (v - self.lo) / (self.hi - self.lo) * (r1 - r0)
    }
}

/// The axis for data from `lo` to `hi` with about `n` intervals. A range without width (all zero,
/// no data) or with non-finite ends gets the axis 0…1 (or around the value), never NaN.
pub fn nice_axis(lo: f64, hi: f64, n: usize) -> Axis {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() { (lo.min(hi), lo.max(hi)) } else { (0.0, 1.0) };
    if hi - lo < 1e-9 {
        // One value: an axis from zero to it (or around it), as a bar chart would draw it.
        if lo > 0.0 {
            lo = 0.0;
        } else if hi < 0.0 {
            hi = 0.0;
        } else {
            hi = lo + 1.0;
        }
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * mag);
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    let ticks: Vec<f64> = (0..=((last - first) as i64).max(1)).map(|k| clean((first + k as f64) * step)).collect();
    Axis { lo: ticks[0], hi: ticks[ticks.len() - 1], ticks }
}

/// A tick value without binary noise (0.30000000000000004 → 0.3).
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

/// What a segment of a stacked bar stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A base category (index in the scheme).
    Category(usize),
    /// The bonus (加分).
    Bonus,
    /// The deductions (扣分), drawn back from the bar's end.
    Penalty,
}

/// One segment of a unit's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// What it stands for.
    pub part: Part,
    /// Where it starts and ends on the score axis (`to < from` for the deductions).
    pub from: Decimal,
    /// See `from`.
    pub to: Decimal,
    /// The figure shown for it: the category subtotal, the bonus, the deductions.
    pub score: Decimal,
    /// The category's full score, when it has one.
    pub full: Option<Decimal>,
}

/// One unit's bar in 得分构成.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The unit (index in the results).
    pub unit: usize,
    /// Base categories in scheme order, the bonus, the deductions.
    pub segments: Vec<Segment>,
    /// The total: where the bar ends.
    pub total: Decimal,
    /// The baseline's total, when a what-if moved it.
    pub baseline: Option<Decimal>,
}

/// 得分构成: one stacked bar per unit in the order given, and the award boundaries between rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Stacks {
    /// The bars, in the order asked for.
    pub bars: Vec<Bar>,
    /// The score axis over every segment.
    pub axis: Axis,
    /// Award boundaries: (row, label of the tier that starts there, or None for no award) — only
    /// when the rows run down the tiers in order (a ranking sorted by rank or total).
    pub tiers: Vec<(usize, Option<String>)>,
}

/// The weight of each category (default 1) and a sign: −1 for deductions.
fn weight(doc: &Document, c: usize) -> Decimal {
    doc.scheme.categories[c].weight.map_or(Decimal::ONE, |w| w.0)
}

fn sign(kind: CategoryKind) -> Decimal {
    if kind == CategoryKind::Penalty { Decimal::NEGATIVE_ONE } else { Decimal::ONE }
}

/// SCORING §5: each base category's share of the base, exactly: weight × subtotal scaled so that
/// the shares add up to total − bonus + deductions (the 得分率折算 factor A/B, and the rounding of
/// the base, spread in proportion), so that a bar ends at the total.
fn base_shares(doc: &Document, u: &UnitResult) -> Vec<(usize, Decimal)> {
    let cats = &doc.scheme.categories;
    let weighted: Vec<(usize, Decimal)> = (0..cats.len().min(u.categories.len()))
        .filter(|&c| cats[c].kind == CategoryKind::Base)
        .map(|c| (c, weight(doc, c) * u.categories[c].score.0))
        .collect();
    let sum: Decimal = weighted.iter().map(|(_, v)| *v).sum();
    let base = u.total.0 - u.bonus.0 + u.penalty.0;
    if sum.is_zero() {
        return weighted.into_iter().map(|(c, _)| (c, Decimal::ZERO)).collect();
    }
    // Each share rounded to 10 places; the last takes what is left, so the sum is exact.
    let mut out: Vec<(usize, Decimal)> = weighted.iter().map(|&(c, v)| (c, (v * base / sum).round_dp(10))).collect();
    let rest = base - out.iter().map(|(_, v)| *v).sum::<Decimal>();
    if let Some(last) = out.iter_mut().rev().find(|(_, v)| !v.is_zero()) {
        last.1 += rest;
    }
    out
}

/// A category's full score: its own `full`, else the sum of its indicators' (as for 突出单位, §7).
pub fn category_full(doc: &Document, c: usize) -> Option<Decimal> {
    let cat = doc.scheme.categories.get(c)?;
    let full = cat.full.map(|f| f.0).unwrap_or_else(|| {
        doc.scheme.indicators.iter().filter(|i| i.category == cat.id).filter_map(|i| i.full.map(|f| f.0)).sum()
    });
    (full > Decimal::ZERO).then_some(full)
}

/// 得分构成 for the units `order` (indices into `res.units`), with the baseline's totals of those
/// a what-if moved.
pub fn stacks(doc: &Document, res: &Results, baseline: &Results, order: &[usize]) -> Stacks {
    let before: HashMap<&str, &UnitResult> = baseline.units.iter().map(|u| (u.id.as_str(), u)).collect();
    // Each category's full score, once (not once per bar).
    let fulls: Vec<Option<Decimal>> = (0..doc.scheme.categories.len()).map(|c| category_full(doc, c)).collect();
    let mut bars = Vec::with_capacity(order.len());
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for &i in order {
        let Some(u) = res.units.get(i) else { continue };
        let mut segments = Vec::new();
        let mut at = Decimal::ZERO;
        for (c, share) in base_shares(doc, u) {
            segments.push(Segment { part: Part::Category(c), from: at, to: at + share, score: u.categories[c].score.0, full: fulls[c] });
            at += share;
        }
        if !u.bonus.0.is_zero() {
            segments.push(Segment { part: Part::Bonus, from: at, to: at + u.bonus.0, score: u.bonus.0, full: None });
            at += u.bonus.0;
        }
        if !u.penalty.0.is_zero() {
            segments.push(Segment { part: Part::Penalty, from: at, to: at - u.penalty.0, score: u.penalty.0, full: None });
        }
        let baseline = before.get(u.id.as_str()).map(|b| b.total.0).filter(|t| *t != u.total.0);
        for s in &segments {
            for v in [s.from, s.to] {
                let v = f(v);
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        if let Some(b) = baseline {
            hi = hi.max(f(b));
            lo = lo.min(f(b));
        }
        bars.push(Bar { unit: i, segments, total: u.total.0, baseline });
    }
    let tiers = tier_boundaries(doc, res, order);
    Stacks { bars, axis: nice_axis(lo, hi, 5), tiers }
}

/// A decimal as a float, for drawing.
pub fn f(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

/// The rows where the award changes, when the rows go down the tiers in the scheme's order.
fn tier_boundaries(doc: &Document, res: &Results, order: &[usize]) -> Vec<(usize, Option<String>)> {
    let labels: Vec<&str> = doc.scheme.awards.iter().flat_map(|a| a.tiers.iter().map(|t| t.label.as_str())).collect();
    let tier = |a: &Option<String>| a.as_deref().and_then(|l| labels.iter().position(|t| *t == l)).unwrap_or(labels.len());
    let awards: Vec<&Option<String>> = order.iter().filter_map(|&i| res.units.get(i)).map(|u| &u.award).collect();
    if labels.is_empty() || awards.windows(2).any(|w| tier(w[0]) > tier(w[1])) {
        return Vec::new();
    }
    (1..awards.len()).filter(|&k| awards[k] != awards[k - 1]).map(|k| (k, awards[k].clone())).collect()
}

/// What a step of the waterfall stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// An indicator's score (index in the current scheme, or in the baseline's when it was removed).
    Indicator(usize),
    /// Category caps (上限) binding or letting go.
    Caps,
    /// Category weights (权重) other than 1.
    Weights,
    /// 得分率折算 of not-assessed base indicators (SCORING §5).
    Rescale,
    /// Rounding of subtotals, base, bonus, deductions and total (SCORING §1).
    Rounding,
}

/// One step of 得分变化.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What it stands for.
    pub kind: StepKind,
    /// Whether it comes from the unit's own inputs (an indicator whose cell was edited).
    pub own: bool,
    /// The indicator's score before and after (None: not assessed or absent); None for adjustments.
    pub scores: Option<(Option<Decimal>, Option<Decimal>)>,
    /// What the step adds to the total (deductions count negative).
    pub delta: Decimal,
    /// The running total before and after the step.
    pub from: Decimal,
    /// See `from`.
    pub to: Decimal,
}

/// 得分变化: from a unit's baseline total to its current total.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    /// Baseline total.
    pub start: Decimal,
    /// Current total.
    pub end: Decimal,
    /// Indicator steps by size, then the adjustments; the deltas add up to `end − start` exactly.
    pub steps: Vec<Step>,
    /// The axis over every running total.
    pub axis: Axis,
}

/// Σ of the rounded indicator scores of each category, by category id, with its sign and weight:
/// (Σ scores, capped Σ) per category.
fn category_sums(doc: &Document, u: &UnitResult) -> HashMap<String, (Decimal, Decimal, CategoryKind, Decimal, Decimal)> {
    let mut out = HashMap::new();
    for (c, cat) in doc.scheme.categories.iter().enumerate() {
        let sum: Decimal = doc
            .scheme
            .indicators
            .iter()
            .zip(&u.indicators)
            .filter(|(i, _)| i.category == cat.id)
            .filter_map(|(_, r)| r.score.map(|s| s.0))
            .sum();
        let capped = cat.cap.map_or(sum, |cap| sum.min(cap.0));
        let subtotal = u.categories.get(c).map_or(Decimal::ZERO, |x| x.score.0);
        out.insert(cat.id.clone(), (sum, capped, cat.kind, weight(doc, c), subtotal));
    }
    out
}

/// SCORING §5 before rounding, from the rounded subtotals: Σ weight × subtotal over base
/// categories, times A/B when a base indicator is not assessed.
fn base_exact(doc: &Document, u: &UnitResult) -> Decimal {
    let s = &doc.scheme;
    let base = |c: &str| s.categories.iter().position(|x| x.id == c).filter(|&k| s.categories[k].kind == CategoryKind::Base);
    let mut sum = Decimal::ZERO;
    for (c, cat) in s.categories.iter().enumerate() {
        if cat.kind == CategoryKind::Base {
            sum += weight(doc, c) * u.categories.get(c).map_or(Decimal::ZERO, |x| x.score.0);
        }
    }
    let (mut a, mut b, mut excluded) = (Decimal::ZERO, Decimal::ZERO, false);
    for (ind, r) in s.indicators.iter().zip(&u.indicators) {
        if let Some(c) = base(&ind.category) {
            let wf = weight(doc, c) * ind.full.map_or(Decimal::ZERO, |x| x.0);
            a += wf;
            if r.score.is_some() {
                b += wf;
            } else {
                excluded = true;
            }
        }
    }
    match (excluded, b.is_zero()) {
        (false, _) => sum,
        (true, true) => Decimal::ZERO,
        (true, false) => sum * a / b,
    }
}

/// 得分变化 of unit `id` between the baseline (`base_doc`, `base_res`) and now (`doc`, `res`);
/// None when the unit is not in both. An indicator step is the unit's own when its input cell
/// differs from the baseline's; otherwise it comes from other units' edits moving a relative
/// method's pool (or from a scheme edit).
pub fn waterfall(base_doc: &Document, base_res: &Results, doc: &Document, res: &Results, id: &str) -> Option<Waterfall> {
    let (b, u) = (base_res.unit(id)?, res.unit(id)?);
    let (bi, ui) = (base_doc.inputs.get(id), doc.inputs.get(id));
    let kind_of = |d: &Document, cat: &str| d.scheme.categories.iter().find(|c| c.id == cat).map_or(CategoryKind::Base, |c| c.kind);
    let mut steps = Vec::new();
    // Indicators of the current scheme, then those the scheme edit removed.
    let now: HashMap<&str, usize> = doc.scheme.indicators.iter().enumerate().map(|(k, i)| (i.id.as_str(), k)).collect();
    let was: HashMap<&str, usize> = base_doc.scheme.indicators.iter().enumerate().map(|(k, i)| (i.id.as_str(), k)).collect();
    let mut ids: Vec<(&str, usize, CategoryKind)> = doc.scheme.indicators.iter().enumerate().map(|(k, i)| (i.id.as_str(), k, kind_of(doc, &i.category))).collect();
    ids.extend(base_doc.scheme.indicators.iter().enumerate().filter(|(_, i)| !now.contains_key(i.id.as_str())).map(|(k, i)| (i.id.as_str(), k, kind_of(base_doc, &i.category))));
    for (ind, k, kind) in ids {
        let before = was.get(ind).and_then(|&j| b.indicators.get(j)).and_then(|r| r.score).map(|s| s.0);
        let after = now.get(ind).and_then(|&j| u.indicators.get(j)).and_then(|r| r.score).map(|s| s.0);
        let delta = sign(kind) * (after.unwrap_or_default() - before.unwrap_or_default());
        if delta.is_zero() {
            continue;
        }
        let cell = |x: Option<&crate::model::UnitInputs>| x.and_then(|c| c.cells.get(ind).cloned());
        let own = cell(bi) != cell(ui);
        steps.push(Step { kind: StepKind::Indicator(k), own, scores: Some((before, after)), delta, from: Decimal::ZERO, to: Decimal::ZERO });
    }
    steps.sort_by(|x, y| y.delta.abs().cmp(&x.delta.abs()));
    // The adjustments: caps, weights and 得分率折算 as their own steps; rounding takes the rest.
    let (sb, su) = (category_sums(base_doc, b), category_sums(doc, u));
    let (mut caps, mut weights) = (Decimal::ZERO, Decimal::ZERO);
    let zero = (Decimal::ZERO, Decimal::ZERO, CategoryKind::Base, Decimal::ONE, Decimal::ZERO);
    let mut cats: Vec<&String> = su.keys().collect();
    cats.extend(sb.keys().filter(|c| !su.contains_key(*c)));
    for c in cats {
        let (s0, c0, k0, w0, _) = sb.get(c).copied().unwrap_or(zero);
        let (s1, c1, k1, w1, _) = su.get(c).copied().unwrap_or(zero);
        caps += sign(k1) * (c1 - s1) - sign(k0) * (c0 - s0);
        weights += sign(k1) * (w1 - Decimal::ONE) * c1 - sign(k0) * (w0 - Decimal::ONE) * c0;
    }
    let weighted = |d: &Document, r: &UnitResult| -> Decimal {
        d.scheme.categories.iter().enumerate().filter(|(_, c)| c.kind == CategoryKind::Base).map(|(c, _)| weight(d, c) * r.categories.get(c).map_or(Decimal::ZERO, |x| x.score.0)).sum()
    };
    let rescale = (base_exact(doc, u) - weighted(doc, u)) - (base_exact(base_doc, b) - weighted(base_doc, b));
    let (start, end) = (b.total.0, u.total.0);
    let so_far: Decimal = steps.iter().map(|s| s.delta).sum::<Decimal>() + caps + weights + rescale;
    let rounding = end - start - so_far;
    for (kind, delta) in [(StepKind::Caps, caps), (StepKind::Weights, weights), (StepKind::Rescale, rescale), (StepKind::Rounding, rounding)] {
        if !delta.is_zero() {
            steps.push(Step { kind, own: false, scores: None, delta, from: Decimal::ZERO, to: Decimal::ZERO });
        }
    }
    let mut at = start;
    let (mut lo, mut hi) = (f(start), f(start));
    for s in &mut steps {
        s.from = at;
        at += s.delta;
        s.to = at;
        lo = lo.min(f(at));
        hi = hi.max(f(at));
    }
    // The axis spans the running totals (a waterfall of small steps on a large total is zoomed).
    let pad = ((hi - lo) * 0.1).max(0.01);
    Some(Waterfall { start, end, steps, axis: nice_axis(lo - pad, hi + pad, 5) })
}

/// One base category of 本单位与比较: 得分率 (subtotal / full) of the unit, its 考核单元's average
/// and the county's best.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The category (index in the scheme).
    pub category: usize,
    /// The unit's rate; None when the category has no full score for it.
    pub unit: Option<f64>,
    /// The mean rate of the units of the unit's group.
    pub group: Option<f64>,
    /// The highest rate in the county, and whose.
    pub best: Option<(f64, usize)>,
}

/// A unit's 得分率 in category `c`: subtotal / (the category's full less the full of its
/// not-assessed indicators).
pub fn category_rate(doc: &Document, u: &UnitResult, c: usize) -> Option<f64> {
    let cat = doc.scheme.categories.get(c)?;
    let out: Decimal = doc
        .scheme
        .indicators
        .iter()
        .zip(&u.indicators)
        .filter(|(i, r)| i.category == cat.id && r.score.is_none())
        .filter_map(|(i, _)| i.full.map(|f| f.0))
        .sum();
    let full = category_full(doc, c)? - out;
    let score = u.categories.get(c)?.score.0;
    (full > Decimal::ZERO).then(|| f(score / full))
}

/// 本单位与比较 for unit `unit` (index): every base category in scheme order.
pub fn comparison(doc: &Document, res: &Results, unit: usize) -> Vec<Comparison> {
    let Some(me) = res.units.get(unit) else { return Vec::new() };
    let cats = &doc.scheme.categories;
    (0..cats.len())
        .filter(|&c| cats[c].kind == CategoryKind::Base)
        .map(|c| {
            let rates: Vec<(usize, Option<f64>)> = res.units.iter().enumerate().map(|(k, u)| (k, category_rate(doc, u, c))).collect();
            let group: Vec<f64> = rates.iter().filter(|(k, _)| res.units[*k].group == me.group).filter_map(|(_, r)| *r).collect();
            let best = rates.iter().filter_map(|(k, r)| r.map(|r| (r, *k))).fold(None, |acc: Option<(f64, usize)>, x| match acc {
                Some(a) if a.0 >= x.0 => Some(a),
                _ => Some(x),
            });
            Comparison {
                category: c,
                unit: rates[unit].1,
                group: (!group.is_empty()).then(|| group.iter().sum::<f64>() / group.len() as f64),
                best,
            }
        })
        .collect()
}

/// A cell of 指标热力图.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Heat {
    /// 得分率: score / full (for a deduction, 1 − deduction / full: darker is better throughout).
    Rate(f64),
    /// Not assessed (exclude or not applicable).
    NotAssessed,
    /// Scored, but the indicator has no full score to rate against.
    NoFull,
}

/// 指标热力图's cell for unit `u` (index) and indicator `i` (index).
pub fn heat(doc: &Document, res: &Results, u: usize, i: usize) -> Heat {
    let (Some(ind), Some(r)) = (doc.scheme.indicators.get(i), res.units.get(u).and_then(|x| x.indicators.get(i))) else { return Heat::NotAssessed };
    let Some(score) = r.score else { return Heat::NotAssessed };
    let Some(full) = ind.full.map(|x| x.0).filter(|x| *x > Decimal::ZERO) else { return Heat::NoFull };
    let rate = f(score.0 / full).clamp(0.0, 1.0);
    let penalty = doc.scheme.categories.iter().any(|c| c.id == ind.category && c.kind == CategoryKind::Penalty);
    Heat::Rate(if penalty { 1.0 - rate } else { rate })
}

/// One unit of 名次变化.
#[derive(Debug, Clone, PartialEq)]
pub struct Slope {
    /// The unit (index in the results).
    pub unit: usize,
    /// Baseline rank.
    pub from: u32,
    /// Current rank.
    pub to: u32,
}

/// 名次变化: every unit in both the baseline and now, by current rank.
pub fn slopes(res: &Results, baseline: &Results) -> Vec<Slope> {
    let before: HashMap<&str, u32> = baseline.units.iter().map(|u| (u.id.as_str(), u.rank)).collect();
    let mut out: Vec<Slope> = res
        .units
        .iter()
        .enumerate()
        .filter_map(|(k, u)| before.get(u.id.as_str()).map(|&from| Slope { unit: k, from, to: u.rank }))
        .collect();
    out.sort_by_key(|s| (s.to, s.unit));
    out
}

/// Units in rank order (ties in document order).
pub fn rank_order(res: &Results) -> Vec<usize> {
    let mut order: Vec<usize> = (0..res.units.len()).collect();
    order.sort_by_key(|&k| (res.units[k].rank, k));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate, presets};

    /// A decimal literal.
    macro_rules! dec {
        ($x:literal) => {
            stringify!($x).parse::<Decimal>().unwrap()
        };
    }

    fn demo() -> Document {
        presets::DEMO.document().unwrap()
    }

    fn unit(doc: &Document, name: &str) -> String {
        doc.units.iter().find(|u| u.name == name).unwrap().id.clone()
    }

    fn ind(doc: &Document, name: &str) -> String {
        doc.scheme.indicators.iter().find(|i| i.name == name).unwrap().id.clone()
    }

    /// The demo and the demo with `unit`'s `indicator` (by name) `field` set to `v`, both scored:
    /// (baseline, its results, edited, its results, the unit's id, the indicator's id).
    fn what_if(unit_name: &str, ind_name: &str, field: &str, v: Decimal) -> (Document, Results, Document, Results, String, String) {
        let base = demo();
        let mut doc = base.clone();
        let (u, i) = (unit(&doc, unit_name), ind(&doc, ind_name));
        assert!(doc.set_input(&u, &i, field, Some(v)));
        let (br, res) = (evaluate(&base).unwrap(), evaluate(&doc).unwrap());
        (base, br, doc, res, u, i)
    }

    #[test]
    fn nice_ticks_cover_the_data_with_round_steps() {
        // 0…90.19 in about 5 steps: raw step 18.04 → 20; ticks 0, 20, …, 100.
        let a = nice_axis(0.0, 90.19, 5);
        assert_eq!(a.ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        // 78.1…83.4: raw 1.06 → 2; from 78 to 84.
        let a = nice_axis(78.1, 83.4, 5);
        assert_eq!(a.ticks, vec![78.0, 80.0, 82.0, 84.0]);
        // −0.3…0.9: raw 0.24 → 0.5; −0.5 … 1.0, no binary noise.
        let a = nice_axis(-0.3, 0.9, 5);
        assert_eq!(a.ticks, vec![-0.5, 0.0, 0.5, 1.0]);
        for (lo, hi) in [(0.0, 1e-3), (3.0, 7.0), (-12.5, -1.0), (0.0, 12345.0), (99.99, 100.01)] {
            let a = nice_axis(lo, hi, 5);
            assert!(a.lo <= lo && a.hi >= hi && a.ticks.len() >= 2 && a.ticks.len() <= 12, "{lo}…{hi}: {a:?}");
            assert!(a.ticks.windows(2).all(|w| w[1] > w[0]));
        }
    }

    #[test]
    fn empty_or_zero_data_gets_a_finite_axis() {
        for (lo, hi) in [(0.0, 0.0), (f64::NAN, 1.0), (f64::INFINITY, f64::NEG_INFINITY), (5.0, 5.0), (-2.0, -2.0)] {
            let a = nice_axis(lo, hi, 5);
            assert!(a.lo.is_finite() && a.hi.is_finite() && a.hi > a.lo, "{lo}…{hi}: {a:?}");
            assert!(a.at(0.0, 0.0, 100.0).is_finite());
        }
        // A document whose every score is zero: bars of zero length, an axis 0…1.
        let mut doc = demo();
        for u in doc.units.iter().map(|u| u.id.clone()).collect::<Vec<_>>() {
            doc.inputs.get_mut(&u).unwrap().cells = Default::default();
        }
        let res = evaluate(&doc).unwrap();
        let s = stacks(&doc, &res, &res, &rank_order(&res));
        assert!(s.axis.hi > s.axis.lo && s.axis.ticks.iter().all(|t| t.is_finite()));
    }

    #[test]
    fn every_bar_ends_at_the_total() {
        let mut docs = vec![demo()];
        for seed in 1..6 {
            docs.push(crate::synthetic::document(40, 23 + seed as usize, seed).unwrap());
        }
        for doc in &docs {
            let res = evaluate(doc).unwrap();
            let s = stacks(doc, &res, &res, &rank_order(&res));
            assert_eq!(s.bars.len(), doc.units.len());
            for bar in &s.bars {
                let sum: Decimal = bar.segments.iter().map(|g| g.to - g.from).sum();
                assert!((sum - bar.total).abs() <= dec!(0.005), "{}: {sum} vs {}", bar.unit, bar.total);
                let end = bar.segments.last().map_or(Decimal::ZERO, |g| g.to);
                assert!((end - bar.total).abs() <= dec!(0.005));
                assert!(bar.baseline.is_none());
            }
        }
    }

    #[test]
    fn demo_bar_of_the_first_unit() {
        // 城东街道 (expected results): econ 42.44 + special 23.40 + party 9.70 + social 9.00 +
        // satisf 4.75 = 89.29 = base (weights 1, all assessed); bonus 0.90; no deductions;
        // total 90.19 — five category segments and one bonus segment from 89.29 to 90.19.
        let doc = demo();
        let res = evaluate(&doc).unwrap();
        let s = stacks(&doc, &res, &res, &[0]);
        let b = &s.bars[0];
        assert_eq!(b.segments.len(), 6);
        assert_eq!(b.segments[0].to - b.segments[0].from, dec!(42.44));
        assert_eq!(b.segments[4].to, dec!(89.29));
        assert_eq!((b.segments[5].part, b.segments[5].from, b.segments[5].to), (Part::Bonus, dec!(89.29), dec!(90.19)));
        // Ranked as they come: 一等奖 rows, then 二等奖 …, one boundary per change of tier.
        let order = rank_order(&res);
        let s = stacks(&doc, &res, &res, &order);
        assert!(!s.tiers.is_empty());
        for (row, label) in &s.tiers {
            assert_eq!(&res.units[order[*row]].award, label);
            assert_ne!(res.units[order[*row - 1]].award, res.units[order[*row]].award);
        }
    }

    #[test]
    fn a_completion_rate_edit_is_one_own_step() {
        // 金禾镇 固定资产投资 10040 → 25000 of a 25000 target: completion rate, 6 × min(1, 25000/25000)
        // = 6.00 against 6 × 10040/25000 = 2.4096 → 2.41: one own step of +3.59, 79.33 → 82.92.
        let (base, br, doc, res, u, _) = what_if("金禾镇", "固定资产投资", "actual", dec!(25000));
        let w = waterfall(&base, &br, &doc, &res, &u).unwrap();
        assert_eq!((w.start, w.end), (dec!(79.33), dec!(82.92)));
        assert_eq!(w.steps.len(), 1);
        let s = &w.steps[0];
        assert!(s.own);
        assert_eq!((s.delta, s.scores), (dec!(3.59), Some((Some(dec!(2.41)), Some(dec!(6.00))))));
        // No other unit moved.
        for other in doc.units.iter().filter(|x| x.id != u) {
            assert!(waterfall(&base, &br, &doc, &res, &other.id).unwrap().steps.is_empty(), "{}", other.name);
        }
    }

    #[test]
    fn an_efficacy_pool_edit_moves_the_others() {
        // 柳河镇 外贸进出口额 → 40000 raises the efficacy pool's maximum from 32000: its own score
        // 1.85 → 3.00 (the new maximum), and every unit above the pool's minimum a pool step:
        // 先锋镇 3.00 → 2.76, 金禾镇 1.83 → 1.82.
        let (base, br, doc, res, _, i) = what_if("柳河镇", "外贸进出口额", "value", dec!(40000));
        let step = |name: &str| {
            let w = waterfall(&base, &br, &doc, &res, &unit(&doc, name)).unwrap();
            assert_eq!(w.steps.iter().map(|s| s.delta).sum::<Decimal>(), w.end - w.start);
            w.steps.into_iter().find(|s| s.kind == StepKind::Indicator(doc.scheme.indicators.iter().position(|x| x.id == i).unwrap()))
        };
        let own = step("柳河镇").unwrap();
        assert!(own.own);
        assert_eq!(own.scores, Some((Some(dec!(1.85)), Some(dec!(3.00)))));
        let x = step("先锋镇").unwrap();
        assert!(!x.own);
        assert_eq!(x.scores, Some((Some(dec!(3.00)), Some(dec!(2.76)))));
        // 先锋镇: 0.6 × 3 + 0.4 × 3 × (32000 − 0) / (40000 − 0) = 1.80 + 0.96 = 2.76;
        // 金禾镇: 1.80 + 1.2 × 750 / 40000 = 1.8225 → 1.82 (was 1.80 + 1.2 × 750 / 32000 = 1.828 → 1.83).
        let j = step("金禾镇").unwrap();
        assert!(!j.own);
        assert_eq!((j.scores, j.delta), (Some((Some(dec!(1.83)), Some(dec!(1.82)))), dec!(-0.01)));
        // 白沙镇 holds the pool's minimum (0): 1.80 before and after, no step.
        assert!(step("白沙镇").is_none());
    }

    #[test]
    fn waterfall_steps_add_up_exactly_under_caps_weights_and_rescaling() {
        // Random edits on synthetic documents with caps, weights and a not-assessed indicator:
        // whatever moved, the steps add up to Δ total exactly, and each running total follows.
        let mut seen = std::collections::BTreeSet::new();
        for seed in 1..8u64 {
            let mut base = crate::synthetic::document(12, 20, seed).unwrap();
            base.scheme.categories[0].cap = Some(crate::num::Num(dec!(20)));
            base.scheme.categories[1].weight = Some(crate::num::Num(dec!(0.7)));
            // A base indicator of one group only: the other groups' bases are rescaled (得分率折算).
            let g = base.scheme.groups[0].id.clone();
            base.scheme.indicators[1].applies_to = Some(vec![g]);
            let res0 = evaluate(&base).unwrap();
            let mut doc = base.clone();
            let ids: Vec<String> = doc.units.iter().map(|u| u.id.clone()).collect();
            for (n, k) in [0usize, 4, 10, 12, 17, 19].into_iter().enumerate() {
                let ind = &base.scheme.indicators[k];
                let u = &ids[(n * 5 + seed as usize) % ids.len()];
                for field in crate::input::input_fields(ind, crate::Lang::Zh).iter().map(|f| f.name.to_string()).take(1) {
                    let v = doc.inputs[u].field(&ind.id, &field).map_or(dec!(1), |v| v.0) * Decimal::new(3 + seed as i64, 1);
                    doc.set_input(u, &ind.id, &field, Some(v));
                }
            }
            let res = evaluate(&doc).unwrap();
            assert!(res.units.iter().any(|u| u.indicators[1].score.is_none()), "nothing rescaled");
            for u in &ids {
                let w = waterfall(&base, &res0, &doc, &res, u).unwrap();
                assert_eq!(w.steps.iter().map(|s| s.delta).sum::<Decimal>(), w.end - w.start, "seed {seed} {u}");
                let mut at = w.start;
                for s in &w.steps {
                    assert_eq!(s.from, at);
                    at = s.to;
                    assert!(!s.delta.is_zero());
                    seen.insert(format!("{:?}", s.kind).chars().take_while(|c| c.is_alphabetic()).collect::<String>());
                }
                assert_eq!(at, w.end);
                assert!(w.axis.lo <= f(w.start) && w.axis.hi >= f(w.end));
            }
        }
        // The edits reached every kind of step at least once.
        for k in ["Indicator", "Caps", "Weights", "Rescale"] {
            assert!(seen.contains(k), "no {k} step in {seen:?}");
        }
    }

    #[test]
    fn comparison_rates_by_hand() {
        // 城东街道, category econ: subtotal 42.44 of the category's full (Σ of its indicators' full).
        let doc = demo();
        let res = evaluate(&doc).unwrap();
        let c = doc.scheme.categories.iter().position(|c| c.id == "econ").unwrap();
        let full = category_full(&doc, c).unwrap();
        let rows = comparison(&doc, &res, 0);
        let econ = rows.iter().find(|r| r.category == c).unwrap();
        assert!((econ.unit.unwrap() - f(dec!(42.44) / full)).abs() < 1e-12);
        // The best is at least the unit's, the group's mean between the group's extremes.
        assert!(econ.best.unwrap().0 >= econ.unit.unwrap());
        let g: Vec<f64> = res.units.iter().filter(|u| u.group == res.units[0].group).filter_map(|u| category_rate(&doc, u, c)).collect();
        let mean = g.iter().sum::<f64>() / g.len() as f64;
        assert!((econ.group.unwrap() - mean).abs() < 1e-12);
        // Only base categories, in scheme order.
        assert!(rows.iter().all(|r| doc.scheme.categories[r.category].kind == CategoryKind::Base));
        assert!(rows.windows(2).all(|w| w[0].category < w[1].category));
    }

    #[test]
    fn heat_cells_rate_scores_and_mark_the_rest() {
        let mut doc = demo();
        let res = evaluate(&doc).unwrap();
        // 城东街道 E1: 5.00 of 5 → 1.0.
        let e1 = doc.scheme.indicators.iter().position(|i| i.id == "E1").unwrap();
        assert_eq!(heat(&doc, &res, 0, e1), Heat::Rate(1.0));
        // 城东街道 E2 (ratio to best, full 10): 8.41 of 10 → 0.841; 扣分项 X2 has no full score.
        let at = |id: &str| doc.scheme.indicators.iter().position(|i| i.id == id).unwrap();
        assert_eq!(heat(&doc, &res, 0, at("E2")), Heat::Rate(0.841));
        assert_eq!(heat(&doc, &res, 0, at("X2")), Heat::NoFull);
        // Not assessed when the unit's group is outside the indicator's applies_to.
        let other = doc.scheme.groups.iter().find(|g| g.id != doc.units[0].group).unwrap().id.clone();
        doc.scheme.indicators[e1].applies_to = Some(vec![other]);
        let res = evaluate(&doc).unwrap();
        assert_eq!(res.units[0].indicators[e1].score, None);
        assert_eq!(heat(&doc, &res, 0, e1), Heat::NotAssessed);
    }

    #[test]
    fn slopes_follow_ranks() {
        let (_, br, _, res, u, _) = what_if("金禾镇", "固定资产投资", "actual", dec!(25000));
        let s = slopes(&res, &br);
        assert_eq!(s.len(), 12);
        let j = s.iter().find(|x| res.units[x.unit].id == u).unwrap();
        // 79.33 (8th) → 82.92: above 二等奖's 81.x units — it moves up.
        assert_eq!(j.from, 8);
        assert!(j.to < j.from);
        assert!(s.windows(2).all(|w| w[0].to <= w[1].to));
    }
}
