//! SCORING §2–§7 end to end: document → scores → subtotals → totals → ranks → awards → 突出单位.
//! O(units × indicators + units log units) for a scheme of fixed size.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;
use rust_decimal::Decimal;

use crate::metric::{self, MetricValue, Status};
use crate::method::{self, Pool, Pools};
use crate::model::{
    AwardMode, Basis, CategoryKind, Document, Policy, RankStyle, RoundingStage, Scope, TieBreakerKind, UnitInputs,
};
use crate::num::{add, div, mul, round, round_half_up, sub, Num, Overflow};
use crate::rank::{rank_desc, rank_into};
use crate::results::{CategoryResult, IndicatorResult, Results, UnitResult};
use crate::validate::{validate, Issue, IssueKind};

/// Validates and scores a document (SCORING §8 then §2–§7). Explanations are left structured;
/// call `Results::render_explanations` for words.
pub fn evaluate(doc: &Document) -> Result<Results, Vec<Issue>> {
    let report = validate(doc);
    if !report.is_ok() {
        return Err(report.errors);
    }
    let mut results = score(doc).map_err(|e| vec![e])?;
    results.warnings = report.warnings;
    Ok(results)
}

struct Ctx<'a> {
    doc: &'a Document,
    unit_group: Vec<usize>,
    group_members: Vec<Vec<usize>>,
    rows: Vec<Option<&'a UnitInputs>>,
}

/// Overflow while scoring, located at the unit's input cell.
fn overflow_at(doc: &Document, u: usize, ind: Option<usize>) -> impl Fn(Overflow) -> Issue + '_ {
    move |_| {
        let uid = doc.units.get(u).map_or("", |x| x.id.as_str());
        let path = match ind.and_then(|i| doc.scheme.indicators.get(i)) {
            Some(i) => format!("inputs.{uid}.{}", i.id),
            None => format!("inputs.{uid}"),
        };
        Issue::new(path, IssueKind::Overflow)
    }
}

/// Scores a document already validated.
fn score(doc: &Document) -> Result<Results, Issue> {
    let s = &doc.scheme;
    let (dp, mode) = (s.rounding.dp, s.rounding.mode);
    let rnd = |v: Decimal| round(v, dp, mode);
    let stage_total = s.rounding.stage == RoundingStage::Total;

    let group_idx: HashMap<&str, usize> = s.groups.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
    let cat_idx: HashMap<&str, usize> = s.categories.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let ind_idx: HashMap<&str, usize> = s.indicators.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let n_units = doc.units.len();
    let unit_group: Vec<usize> = doc.units.iter().map(|u| group_idx.get(u.group.as_str()).copied().unwrap_or(0)).collect();
    let mut group_members = vec![Vec::new(); s.groups.len()];
    for (u, g) in unit_group.iter().enumerate() {
        group_members[*g].push(u);
    }
    let ctx = Ctx {
        doc,
        rows: doc.units.iter().map(|u| doc.inputs.get(&u.id)).collect(),
        unit_group,
        group_members,
    };
    let ind_cat: Vec<usize> = s.indicators.iter().map(|i| cat_idx.get(i.category.as_str()).copied().unwrap_or(0)).collect();

    // §2–§4: every indicator for every unit; per_unit[u][i].
    let mut per_unit: Vec<Vec<IndicatorResult>> = (0..n_units).map(|_| Vec::with_capacity(s.indicators.len())).collect();
    for (i, _) in s.indicators.iter().enumerate() {
        let column = score_indicator(&ctx, i, dp, mode)?;
        for (u, r) in column.into_iter().enumerate() {
            per_unit[u].push(r);
        }
    }

    // §5: subtotals, weights, rescaling, totals.
    let weight = |c: usize| s.categories[c].weight.map_or(Decimal::ONE, |w| w.0);
    let mut a_full = Decimal::ZERO; // A: Σ weight × full over all base indicators
    for (i, ind) in s.indicators.iter().enumerate() {
        if s.categories[ind_cat[i]].kind == CategoryKind::Base {
            let f = ind.full.map_or(Decimal::ZERO, |f| f.0);
            a_full = add(a_full, mul(weight(ind_cat[i]), f).map_err(overflow_at(doc, 0, Some(i)))?)
                .map_err(overflow_at(doc, 0, Some(i)))?;
        }
    }
    let n_cats = s.categories.len();
    let mut units: Vec<UnitResult> = Vec::with_capacity(n_units);
    let mut sub_shown: Vec<Vec<Decimal>> = Vec::with_capacity(n_units);
    let mut cat_assessed: Vec<Vec<bool>> = Vec::with_capacity(n_units);
    for (u, inds) in per_unit.into_iter().enumerate() {
        let of = overflow_at(doc, u, None);
        let mut sums = vec![Decimal::ZERO; n_cats];
        let mut assessed = vec![false; n_cats];
        let mut b_full = Decimal::ZERO;
        let mut any_base_excluded = false;
        for (i, r) in inds.iter().enumerate() {
            let c = ind_cat[i];
            let is_base = s.categories[c].kind == CategoryKind::Base;
            if !r.assessed {
                any_base_excluded |= is_base;
                continue;
            }
            assessed[c] = true;
            let v = if stage_total { r.raw } else { r.score }.map_or(Decimal::ZERO, |n| n.0);
            sums[c] = add(sums[c], v).map_err(&of)?;
            if is_base {
                let f = s.indicators[i].full.map_or(Decimal::ZERO, |f| f.0);
                b_full = add(b_full, mul(weight(c), f).map_err(&of)?).map_err(&of)?;
            }
        }
        let mut kinds = [Decimal::ZERO; 3]; // base, bonus, penalty (unrounded, weighted)
        let mut shown = Vec::with_capacity(n_cats);
        for (c, cat) in s.categories.iter().enumerate() {
            let capped = cat.cap.map_or(sums[c], |cap| sums[c].min(cap.0));
            shown.push(rnd(capped));
            let k = match cat.kind {
                CategoryKind::Base => 0,
                CategoryKind::Bonus => 1,
                CategoryKind::Penalty => 2,
            };
            kinds[k] = add(kinds[k], mul(weight(c), capped).map_err(&of)?).map_err(&of)?;
        }
        if any_base_excluded {
            // §5 得分率折算: base × A / B, B = 0 → 0.
            kinds[0] = if b_full.is_zero() {
                Decimal::ZERO
            } else {
                div(mul(kinds[0], a_full).map_err(&of)?, b_full).map_err(&of)?
            };
        }
        let (base, bonus, penalty) = (rnd(kinds[0]), rnd(kinds[1]), rnd(kinds[2]));
        let total = if stage_total {
            rnd(sub(add(kinds[0], kinds[1]).map_err(&of)?, kinds[2]).map_err(&of)?)
        } else {
            sub(add(base, bonus).map_err(&of)?, penalty).map_err(&of)?
        };
        let unit = &doc.units[u];
        units.push(UnitResult {
            id: unit.id.clone(),
            name: unit.name.clone(),
            group: unit.group.clone(),
            base: Num(base.normalize()),
            bonus: Num(bonus.normalize()),
            penalty: Num(penalty.normalize()),
            total: Num(total.normalize()),
            rank: 0,
            group_rank: 0,
            award: None,
            vetoed: ctx.rows[u].is_some_and(|r| r.veto),
            categories: s
                .categories
                .iter()
                .zip(&shown)
                .map(|(c, v)| CategoryResult { id: Arc::from(c.id.as_str()), score: Num(v.normalize()), rank: None, group_rank: None })
                .collect(),
            indicators: inds,
            recognitions: Vec::new(),
        });
        sub_shown.push(shown);
        cat_assessed.push(assessed);
    }

    // §6 total and group ranks with tie-breakers.
    let style = s.rank_style;
    let key = |u: usize| -> (Decimal, Vec<Option<Decimal>>) {
        let tb = s
            .tie_breakers
            .iter()
            .map(|t| match t.kind {
                TieBreakerKind::Category => cat_idx.get(t.id.as_str()).map(|&c| sub_shown[u][c]),
                TieBreakerKind::Indicator => {
                    ind_idx.get(t.id.as_str()).and_then(|&i| units[u].indicators[i].score.map(|n| n.0))
                }
            })
            .collect();
        (units[u].total.0, tb)
    };
    let keys: Vec<(Decimal, Vec<Option<Decimal>>)> = (0..n_units).map(key).collect();
    let mut slots = vec![None; n_units];
    rank_into((0..n_units).map(|u| (u, &keys[u])).collect(), style, &mut slots);
    let mut gslots = vec![None; n_units];
    for members in &ctx.group_members {
        rank_into(members.iter().map(|&u| (u, &keys[u])).collect(), style, &mut gslots);
    }
    for (u, unit) in units.iter_mut().enumerate() {
        unit.rank = slots[u].unwrap_or(0);
        unit.group_rank = gslots[u].unwrap_or(0);
    }

    // §6 category ranks (report_rank), by rounded subtotal alone.
    for (c, cat) in s.categories.iter().enumerate() {
        if !cat.report_rank {
            continue;
        }
        let mut county = vec![None; n_units];
        rank_into((0..n_units).map(|u| (u, sub_shown[u][c])).collect(), style, &mut county);
        let mut group = vec![None; n_units];
        for members in &ctx.group_members {
            rank_into(members.iter().map(|&u| (u, sub_shown[u][c])).collect(), style, &mut group);
        }
        for (u, unit) in units.iter_mut().enumerate() {
            unit.categories[c].rank = county[u];
            unit.categories[c].group_rank = group[u];
        }
    }

    // §6 / §9.10 indicator ranks: county-wide over assessed units, by rounded score.
    for i in 0..s.indicators.len() {
        let mut slots = vec![None; n_units];
        let items = (0..n_units).filter_map(|u| units[u].indicators[i].score.map(|sc| (u, sc.0))).collect();
        rank_into(items, style, &mut slots);
        for (u, unit) in units.iter_mut().enumerate() {
            unit.indicators[i].rank = slots[u];
        }
    }

    // §7 awards.
    if let Some(aw) = &s.awards {
        let awards = assign_awards(&ctx, aw, &keys, &units, style);
        for (u, a) in awards.into_iter().enumerate() {
            units[u].award = a;
        }
    }

    // §7 / §9.12 recognitions.
    let mut recognized: IndexMap<String, Vec<String>> = IndexMap::new();
    for rec in &s.recognitions {
        let (scores, full): (Vec<Option<Decimal>>, Decimal) = match &rec.basis {
            Basis::Indicator(id) => {
                let i = ind_idx.get(id.as_str()).copied().unwrap_or(0);
                let full = s.indicators[i].full.map_or(Decimal::ZERO, |f| f.0);
                ((0..n_units).map(|u| units[u].indicators[i].score.map(|n| n.0)).collect(), full)
            }
            Basis::Category(id) => {
                let c = cat_idx.get(id.as_str()).copied().unwrap_or(0);
                let full = s.categories[c].full.map(|f| f.0).unwrap_or_else(|| {
                    s.indicators
                        .iter()
                        .filter(|ind| ind.category == *id)
                        .filter_map(|ind| ind.full.map(|f| f.0))
                        .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
                });
                ((0..n_units).map(|u| cat_assessed[u][c].then_some(sub_shown[u][c])).collect(), full)
            }
        };
        let threshold = rec.min_rate.map_or(Decimal::ZERO, |m| m.0).saturating_mul(full);
        let pools: Vec<Vec<usize>> = match rec.scope {
            Scope::County => vec![(0..n_units).collect()],
            Scope::Group => ctx.group_members.clone(),
        };
        let mut won = vec![false; n_units];
        for pool in pools {
            let items: Vec<(usize, Decimal)> = pool
                .into_iter()
                .filter(|&u| !(rec.require_no_veto && units[u].vetoed))
                .filter_map(|u| scores[u].map(|sc| (u, sc)))
                .collect();
            for (u, r) in rank_desc(items, RankStyle::Competition) {
                let sc = scores[u].unwrap_or_default();
                if u64::from(r) <= rec.top_n && sc >= threshold {
                    won[u] = true;
                }
            }
        }
        let ids = (0..n_units).filter(|&u| won[u]).map(|u| doc.units[u].id.clone()).collect();
        for (u, unit) in units.iter_mut().enumerate() {
            if won[u] {
                unit.recognitions.push(rec.id.clone());
            }
        }
        recognized.insert(rec.id.clone(), ids);
    }

    Ok(Results { schema_version: 1, units, recognitions: recognized, warnings: Vec::new() })
}

/// §2–§4 for one indicator: every unit's status, metric, pools and score.
fn score_indicator(ctx: &Ctx<'_>, i: usize, dp: u32, mode: crate::model::RoundingMode) -> Result<Vec<IndicatorResult>, Issue> {
    let doc = ctx.doc;
    let ind = &doc.scheme.indicators[i];
    let n = doc.units.len();
    let id: Arc<str> = Arc::from(ind.id.as_str());
    let w = ind.full.map_or(Decimal::ZERO, |f| f.0);
    let applies: Option<Vec<bool>> = ind.applies_to.as_ref().map(|gs| {
        doc.scheme.groups.iter().map(|g| gs.iter().any(|x| *x == g.id)).collect()
    });

    let mut outcomes = Vec::with_capacity(n);
    for u in 0..n {
        let applicable = applies.as_ref().is_none_or(|a| a[ctx.unit_group[u]]);
        let m = metric::compute(&ind.metric, ctx.rows[u], &ind.id, applicable).map_err(overflow_at(doc, u, Some(i)))?;
        outcomes.push(m);
    }

    // §3 pools: ok units of the county and of each group.
    let (county, groups) = if ind.method.is_relative() {
        let ok = |u: usize| outcomes[u].number_value();
        let county = Pool::new((0..n).filter_map(ok).collect()).map_err(overflow_at(doc, 0, Some(i)))?;
        let mut groups = Vec::with_capacity(ctx.group_members.len());
        for m in &ctx.group_members {
            groups.push(Pool::new(m.iter().filter_map(|&u| ok(u)).collect()).map_err(overflow_at(doc, 0, Some(i)))?);
        }
        (county, groups)
    } else {
        (Pool::default(), vec![Pool::default(); ctx.group_members.len()])
    };

    let mut out = Vec::with_capacity(n);
    for (u, m) in outcomes.into_iter().enumerate() {
        let policy = match m.status {
            Status::Ok => None,
            Status::NotApplicable => Some(Policy::Exclude),
            Status::Missing => Some(ind.missing.unwrap_or(Policy::Zero)),
            Status::NoTarget => Some(ind.no_target.unwrap_or(Policy::Full)),
            Status::NoBase => Some(ind.no_base.unwrap_or(Policy::Zero)),
        };
        let (raw, calc) = match policy {
            Some(Policy::Exclude) => (None, None),
            Some(Policy::Zero) => (Some(Decimal::ZERO), None),
            Some(Policy::Full) => (Some(w), None),
            None => {
                let g = &groups[ctx.unit_group[u]];
                let pools = Pools { own: if ind.scope == Scope::Group { g } else { &county }, county: &county, group: g };
                let row = ctx.rows[u];
                let count = |field: &str| metric::count(row, &ind.id, field);
                let v = m.number_value().unwrap_or_default();
                let (sc, note) = method::score(&ind.method, w, ind.direction, v, &count, &pools)
                    .map_err(overflow_at(doc, u, Some(i)))?;
                (Some(sc), Some(note))
            }
        };
        let metric = match m.value {
            MetricValue::Number(v) => Some(Num(round_half_up(v, 4).normalize())),
            _ => None,
        };
        out.push(IndicatorResult {
            id: id.clone(),
            score: raw.map(|r| Num(round(r, dp, mode).normalize())),
            rank: None,
            status: m.status,
            metric,
            explain: String::new(),
            assessed: raw.is_some(),
            raw: raw.map(Num),
            metric_note: m.note,
            calc,
            policy,
        });
    }
    Ok(out)
}

/// §7 / §9.11 awards for every unit.
fn assign_awards(
    ctx: &Ctx<'_>,
    aw: &crate::model::Awards,
    keys: &[(Decimal, Vec<Option<Decimal>>)],
    units: &[UnitResult],
    style: RankStyle,
) -> Vec<Option<String>> {
    let n = units.len();
    let mut out = vec![None; n];
    let meets = |t: &crate::model::Tier, u: usize| t.min_score.is_none_or(|m| units[u].total.0 >= m.0);
    match aw.mode {
        AwardMode::ScoreThreshold => {
            for u in (0..n).filter(|&u| !units[u].vetoed) {
                out[u] = aw.tiers.iter().find(|t| meets(t, u)).map(|t| t.label.clone());
            }
        }
        AwardMode::RankQuota => {
            let pools: Vec<Vec<usize>> = match aw.scope {
                Scope::County => vec![(0..n).collect()],
                Scope::Group => ctx.group_members.clone(),
            };
            for pool in pools {
                let eligible: Vec<(usize, &(Decimal, Vec<Option<Decimal>>))> =
                    pool.into_iter().filter(|&u| !units[u].vetoed).map(|u| (u, &keys[u])).collect();
                let m = Decimal::from(eligible.len());
                // Cumulative quota after each tier; None = all remaining.
                let mut cum: Option<u64> = Some(0);
                let limits: Vec<Option<u64>> = aw
                    .tiers
                    .iter()
                    .map(|t| {
                        let count = match (t.count, t.ratio) {
                            (Some(c), _) => Some(c),
                            (None, Some(r)) => {
                                let c = round_half_up(r.0.saturating_mul(m), 0);
                                Some(u64::try_from(c.mantissa()).unwrap_or(u64::MAX) / 10u64.pow(c.scale()))
                            }
                            (None, None) => None,
                        };
                        cum = match (cum, count) {
                            (Some(a), Some(c)) => Some(a.saturating_add(c)),
                            _ => None,
                        };
                        cum
                    })
                    .collect();
                for (u, r) in rank_desc(eligible, style) {
                    let r = u64::from(r);
                    out[u] = aw
                        .tiers
                        .iter()
                        .zip(&limits)
                        .find(|(t, lim)| lim.is_none_or(|l| r <= l) && meets(t, u))
                        .map(|(t, _)| t.label.clone());
                }
            }
        }
    }
    out
}
