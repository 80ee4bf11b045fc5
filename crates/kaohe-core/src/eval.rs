//! SCORING §2–§7 end to end: document → scores → subtotals → totals → ranks → awards → 突出单位.
//! O(units × indicators + units log units) for a scheme of fixed size.

use std::sync::Arc;

use indexmap::IndexMap;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::metric::{self, MetricNote, Status};
use crate::method::{self, CalcNote, Pool, Pools};
use crate::model::{
    AwardMode, Basis, CategoryKind, Document, Fields, Method, Policy, RankStyle, RoundingStage, Scope,
    TieBreakerKind, UnitInputs,
};
use crate::num::{add, div, mul, round, round_half_up, sub, Num, Overflow};
use crate::rank::{rank_desc, rank_into};
use crate::results::{CategoryResult, IndicatorResult, Results, UnitResult};
use crate::validate::{validate_with, Issue, IssueKind};

/// Validates and scores a document (SCORING §8 then §2–§7). Explanations are left structured;
/// call `Results::render_explanations` for words.
pub fn evaluate(doc: &Document) -> Result<Results, Vec<Issue>> {
    let report = validate_with(doc, false);
    if !report.is_ok() {
        return Err(report.errors);
    }
    let mut results = score(doc)?;
    results.warnings = report.warnings;
    Ok(results)
}

/// A unit's metric on one indicator, as the scoring pass needs it (dense, no strings).
#[derive(Debug, Clone, Copy)]
struct CellValue {
    status: Status,
    value: Option<Decimal>,
}

/// A document indexed for scoring. All input reading happens in one unit-major pass over the
/// rows as they lie in memory; the indicator-major scoring pass then reads dense arrays only.
pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    unit_group: Vec<usize>,
    group_members: Vec<Vec<usize>>,
    rows: Vec<Option<&'a UnitInputs>>,
    /// `cells[u × m + i]`: unit u's input cell of indicator i (None: absent or null), for explanations.
    cells: Vec<Option<&'a Fields>>,
    /// `values[u × m + i]` (m indicators): status and metric value, unit-major like the results.
    values: Vec<CellValue>,
    /// The fields a counts method reads, per indicator (empty for numeric metrics).
    count_fields: Vec<Vec<&'a str>>,
    /// `counts[u × K + offset[i] + j]`: unit u's count of field j of indicator i (K fields in all).
    counts: Vec<Decimal>,
    /// Where each indicator's count fields start in a unit's stretch of `counts`, and K.
    count_offset: Vec<usize>,
    count_width: usize,
    /// Input cells naming no indicator (SCORING §8 unknown ids), found in the same pass.
    unknown: Vec<Issue>,
}

impl<'a> Ctx<'a> {
    /// Indexes a validated document and computes every metric (SCORING §2).
    pub(crate) fn new(doc: &'a Document) -> Result<Self, Issue> {
        let s = &doc.scheme;
        let n = doc.units.len();
        let group_idx: FxHashMap<&str, usize> = s.groups.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
        let ind_idx: FxHashMap<&str, usize> = s.indicators.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let unit_group: Vec<usize> =
            doc.units.iter().map(|u| group_idx.get(u.group.as_str()).copied().unwrap_or(0)).collect();
        let mut group_members = vec![Vec::new(); s.groups.len()];
        for (u, g) in unit_group.iter().enumerate() {
            if let Some(m) = group_members.get_mut(*g) {
                m.push(u);
            }
        }
        // applies[i][g]: whether indicator i is assessed in group g.
        let applies: Vec<Option<Vec<bool>>> = s
            .indicators
            .iter()
            .map(|ind| ind.applies_to.as_ref().map(|gs| s.groups.iter().map(|g| gs.contains(&g.id)).collect()))
            .collect();
        let applicable = |i: usize, u: usize| applies[i].as_ref().is_none_or(|a| a.get(unit_group[u]).copied().unwrap_or(false));
        let count_fields: Vec<Vec<&str>> = s
            .indicators
            .iter()
            .map(|ind| match &ind.method {
                Method::Deduction { per } | Method::Points { per, .. } => per.iter().flatten().map(|(k, _)| k.as_str()).collect(),
                Method::Satisfaction { weights } => weights.iter().flatten().map(|(k, _)| k.as_str()).collect(),
                _ => Vec::new(),
            })
            .collect();
        // Absent cells first (their outcome depends only on the metric and applicability) …
        let m_inds = s.indicators.len();
        let mut absent = Vec::with_capacity(m_inds);
        for (i, ind) in s.indicators.iter().enumerate() {
            let outcome = |ok: bool| -> Result<CellValue, Issue> {
                let m = metric::compute(&ind.metric, None, ok).map_err(overflow_at(doc, 0, Some(i)))?;
                Ok(CellValue { status: m.status, value: m.number_value() })
            };
            absent.push((outcome(true)?, outcome(false)?));
        }
        let mut values = Vec::with_capacity(n * m_inds);
        for u in 0..n {
            values.extend((0..m_inds).map(|i| if applicable(i, u) { absent[i].0 } else { absent[i].1 }));
        }
        let mut count_offset = Vec::with_capacity(m_inds);
        let mut count_width = 0;
        for f in &count_fields {
            count_offset.push(count_width);
            count_width += f.len();
        }
        let mut counts = vec![Decimal::ZERO; count_width * n];
        let mut cells = vec![None; n * m_inds];
        let rows: Vec<Option<&UnitInputs>> = doc.units.iter().map(|u| doc.inputs.get(&u.id)).collect();
        // … then one pass over the cells that are there.
        let mut unknown = Vec::new();
        for (u, row) in rows.iter().enumerate() {
            for (iid, cell) in row.iter().flat_map(|r| r.cells.iter()) {
                let Some(&i) = ind_idx.get(iid.as_str()) else {
                    let uid = &doc.units[u].id;
                    let kind = IssueKind::UnknownId { what: crate::validate::IdKind::Indicator, id: iid.clone() };
                    unknown.push(Issue::new(format!("inputs.{uid}.{iid}"), kind));
                    continue;
                };
                let cell = cell.as_ref();
                cells[u * m_inds + i] = cell;
                let m = metric::compute(&s.indicators[i].metric, cell, applicable(i, u)).map_err(overflow_at(doc, u, Some(i)))?;
                values[u * m_inds + i] = CellValue { status: m.status, value: m.number_value() };
                let base = u * count_width + count_offset[i];
                for (j, f) in count_fields[i].iter().enumerate() {
                    counts[base + j] = metric::count(cell, f);
                }
            }
        }
        Ok(Ctx { doc, unit_group, group_members, rows, cells, values, count_fields, counts, count_offset, count_width, unknown })
    }
}

/// What a status policy or a method said about one score, for its explanation (SCORING §8).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// How the metric came from the inputs.
    pub metric: MetricNote,
    /// The figures the method used (None when a status policy decided).
    pub calc: Option<CalcNote>,
    /// The status policy applied, if any.
    pub policy: Option<Policy>,
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

/// Scores a document whose scheme is validated (unknown input cells are found here).
fn score(doc: &Document) -> Result<Results, Vec<Issue>> {
    let ctx = Ctx::new(doc).map_err(|e| vec![e])?;
    if !ctx.unknown.is_empty() {
        return Err(ctx.unknown);
    }
    score_validated(doc, &ctx).map_err(|e| vec![e])
}

fn score_validated(doc: &Document, ctx: &Ctx<'_>) -> Result<Results, Issue> {
    let s = &doc.scheme;
    let (dp, mode) = (s.rounding.dp, s.rounding.mode);
    let rnd = |v: Decimal| round(v, dp, mode);
    let stage_total = s.rounding.stage == RoundingStage::Total;
    let cat_idx: FxHashMap<&str, usize> = s.categories.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let ind_idx: FxHashMap<&str, usize> = s.indicators.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let n_units = doc.units.len();
    let ind_cat: Vec<usize> = s.indicators.iter().map(|i| cat_idx.get(i.category.as_str()).copied().unwrap_or(0)).collect();

    let prepared = (0..s.indicators.len()).map(|i| prepare(ctx, i)).collect::<Result<Vec<_>, _>>()?;
    let cat_ids: Vec<Arc<str>> = s.categories.iter().map(|c| Arc::from(c.id.as_str())).collect();

    // §5 preliminaries: weight × full of each base indicator, and A = their sum.
    let weight = |c: usize| s.categories[c].weight.map_or(Decimal::ONE, |w| w.0);
    let mut base_wfull: Vec<Option<Decimal>> = Vec::with_capacity(s.indicators.len());
    let mut a_full = Decimal::ZERO;
    for (i, ind) in s.indicators.iter().enumerate() {
        let of = overflow_at(doc, 0, Some(i));
        if s.categories[ind_cat[i]].kind == CategoryKind::Base {
            let wf = mul(weight(ind_cat[i]), ind.full.map_or(Decimal::ZERO, |f| f.0)).map_err(&of)?;
            a_full = add(a_full, wf).map_err(&of)?;
            base_wfull.push(Some(wf));
        } else {
            base_wfull.push(None);
        }
    }
    let n_cats = s.categories.len();
    let mut units: Vec<UnitResult> = Vec::with_capacity(n_units);
    let mut sub_shown: Vec<Vec<Decimal>> = Vec::with_capacity(n_units);
    let mut cat_assessed: Vec<Vec<bool>> = Vec::with_capacity(n_units);
    let mut sums = vec![Decimal::ZERO; n_cats];
    // Each indicator's (unit, rounded score) for its ranks, gathered as the scores come.
    let mut ind_keys: Vec<Vec<(usize, i128)>> = (0..prepared.len()).map(|_| Vec::with_capacity(n_units)).collect();
    // §2–§5 unit by unit, as the results are laid out: each score, then the unit's sums.
    for u in 0..n_units {
        let of = overflow_at(doc, u, None);
        let mut inds = Vec::with_capacity(prepared.len());
        sums.iter_mut().for_each(|x| *x = Decimal::ZERO);
        let mut assessed = vec![false; n_cats];
        let mut b_full = Decimal::ZERO;
        let mut any_base_excluded = false;
        for (i, prep) in prepared.iter().enumerate() {
            let (r, raw, _) = score_cell::<false>(ctx, prep, i, u)?;
            let c = ind_cat[i];
            match (raw, r.score) {
                (Some(raw), Some(shown)) => {
                    ind_keys[i].push((u, fixed(shown.0, dp)));
                    assessed[c] = true;
                    sums[c] = add(sums[c], if stage_total { raw } else { shown.0 }).map_err(&of)?;
                    if let Some(wf) = base_wfull[i] {
                        b_full = add(b_full, wf).map_err(&of)?;
                    }
                }
                _ => any_base_excluded |= base_wfull[i].is_some(),
            }
            inds.push(r);
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
            base: Num(base),
            bonus: Num(bonus),
            penalty: Num(penalty),
            total: Num(total),
            rank: 0,
            group_rank: 0,
            award: None,
            vetoed: ctx.rows[u].is_some_and(|r| r.veto),
            categories: s
                .categories
                .iter()
                .zip(&shown)
                .zip(&cat_ids)
                .map(|((_, v), id)| CategoryResult { id: id.clone(), score: Num(*v), rank: None, group_rank: None })
                .collect(),
            indicators: inds,
            recognitions: Vec::new(),
        });
        sub_shown.push(shown);
        cat_assessed.push(assessed);
    }

    // §6 total and group ranks with tie-breakers.
    let style = s.rank_style;
    let key = |u: usize| -> RankKey {
        let tb = s
            .tie_breakers
            .iter()
            .map(|t| match t.kind {
                TieBreakerKind::Category => cat_idx.get(t.id.as_str()).map(|&c| fixed(sub_shown[u][c], dp)),
                TieBreakerKind::Indicator => {
                    ind_idx.get(t.id.as_str()).and_then(|&i| units[u].indicators[i].score.map(|n| fixed(n.0, dp)))
                }
            })
            .collect();
        (fixed(units[u].total.0, dp), tb)
    };
    let keys: Vec<RankKey> = (0..n_units).map(key).collect();
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
        rank_into((0..n_units).map(|u| (u, fixed(sub_shown[u][c], dp))).collect(), style, &mut county);
        let mut group = vec![None; n_units];
        for members in &ctx.group_members {
            rank_into(members.iter().map(|&u| (u, fixed(sub_shown[u][c], dp))).collect(), style, &mut group);
        }
        for (u, unit) in units.iter_mut().enumerate() {
            unit.categories[c].rank = county[u];
            unit.categories[c].group_rank = group[u];
        }
    }

    // §6 / §9.10 indicator ranks: county-wide over assessed units, by rounded score.
    // Ranked per indicator, written back unit by unit (both in the order their memory lies).
    let m_inds = s.indicators.len();
    let mut ind_ranks: Vec<Option<u32>> = vec![None; m_inds * n_units];
    for (i, keys) in ind_keys.into_iter().enumerate() {
        for (u, r) in rank_desc(keys, style) {
            ind_ranks[i * n_units + u] = Some(r);
        }
    }
    for (u, unit) in units.iter_mut().enumerate() {
        for (i, res) in unit.indicators.iter_mut().enumerate() {
            res.rank = ind_ranks[i * n_units + u];
        }
    }

    // §7 awards.
    if let Some(aw) = &s.awards {
        let awards = assign_awards(ctx, aw, &keys, &units, style);
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

/// A unit's ranking key (SCORING §6): its total, then each tie-breaker (None ranks below every score),
/// as integers at the scheme's decimal places.
type RankKey = (i128, Vec<Option<i128>>);

/// A rounded figure as an integer count of 10^−dp, so that ranking compares integers.
fn fixed(v: Decimal, dp: u32) -> i128 {
    let mut x = v;
    x.rescale(dp);
    x.mantissa()
}

/// What scoring one indicator needs beyond the cell: its pools (SCORING §3) and shared id.
pub(crate) struct Prepared {
    id: Arc<str>,
    w: Decimal,
    county: Pool,
    groups: Vec<Pool>,
}

/// §3: the pools of indicator `i` (only relative methods need them).
pub(crate) fn prepare(ctx: &Ctx<'_>, i: usize) -> Result<Prepared, Issue> {
    let doc = ctx.doc;
    let ind = &doc.scheme.indicators[i];
    let m = doc.scheme.indicators.len();
    let value = |u: usize| ctx.values[u * m + i].value;
    let (county, groups) = if ind.method.is_relative() {
        let ordered = matches!(ind.method, Method::RankPoints { .. });
        let county = Pool::new((0..doc.units.len()).filter_map(value).collect(), ordered).map_err(overflow_at(doc, 0, Some(i)))?;
        let mut groups = Vec::with_capacity(ctx.group_members.len());
        for members in &ctx.group_members {
            let pool = Pool::new(members.iter().filter_map(|&u| value(u)).collect(), ordered);
            groups.push(pool.map_err(overflow_at(doc, 0, Some(i)))?);
        }
        (county, groups)
    } else {
        // Not relative: no pool is read; an empty list allocates nothing.
        (Pool::default(), Vec::new())
    };
    Ok(Prepared { id: Arc::from(ind.id.as_str()), w: ind.full.map_or(Decimal::ZERO, |f| f.0), county, groups })
}

/// §2–§4 one unit on one indicator: status policy or method, rounded (§1); with `with_notes`,
/// also the figures behind it (the explanation path runs exactly this).
pub(crate) fn score_cell<const NOTES: bool>(
    ctx: &Ctx<'_>,
    prep: &Prepared,
    i: usize,
    u: usize,
) -> Result<(IndicatorResult, Option<Decimal>, Option<Note>), Issue> {
    let doc = ctx.doc;
    let ind = &doc.scheme.indicators[i];
    let (dp, mode) = (doc.scheme.rounding.dp, doc.scheme.rounding.mode);
    let m = ctx.values[u * doc.scheme.indicators.len() + i];
    let w = prep.w;
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
            let g = prep.groups.get(ctx.unit_group[u]).unwrap_or(&prep.county);
            let pools = Pools { own: if ind.scope == Scope::Group { g } else { &prep.county }, county: &prep.county, group: g };
            let fields = &ctx.count_fields[i];
            let k = fields.len();
            let start = u * ctx.count_width + ctx.count_offset[i];
            let row = &ctx.counts[start..start + k];
            let count = |field: &str| fields.iter().position(|f| *f == field).map_or(Decimal::ZERO, |j| row[j]);
            let v = m.value.unwrap_or_default();
            let (sc, note) =
                method::score::<NOTES>(&ind.method, w, ind.direction, v, &count, &pools).map_err(overflow_at(doc, u, Some(i)))?;
            (Some(sc), note)
        }
    };
    let note = NOTES.then(|| {
        let applicable = m.status != Status::NotApplicable;
        let cell = ctx.cells[u * doc.scheme.indicators.len() + i];
        let metric = metric::compute(&ind.metric, cell, applicable).map_or(MetricNote::None, |o| o.note);
        Note { metric, calc, policy }
    });
    let result = IndicatorResult {
        id: prep.id.clone(),
        score: raw.map(|r| Num(round(r, dp, mode))),
        rank: None,
        status: m.status,
        metric: m.value.map(Num),
        explain: String::new(),
    };
    Ok((result, raw, note))
}

/// §2–§4 for one indicator across all units with the figures behind each score, for explanations.
pub(crate) fn explain_indicator(ctx: &Ctx<'_>, i: usize, mut sink: impl FnMut(usize, Note)) -> Result<(), Issue> {
    let prep = prepare(ctx, i)?;
    for u in 0..ctx.doc.units.len() {
        if let (_, _, Some(n)) = score_cell::<true>(ctx, &prep, i, u)? {
            sink(u, n);
        }
    }
    Ok(())
}

/// §7 / §9.11 awards for every unit.
fn assign_awards(
    ctx: &Ctx<'_>,
    aw: &crate::model::Awards,
    keys: &[RankKey],
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
                let eligible: Vec<(usize, &RankKey)> =
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
                                // round_half_up(ratio × eligible units), as a whole count (§7, §9.11).
                                Some(round_half_up(r.0.saturating_mul(m), 0).to_u64().unwrap_or(u64::MAX))
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
