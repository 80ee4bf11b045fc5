//! SCORING §2–§7 end to end: document → scores → subtotals → totals → ranks → awards → 突出单位.
//! O(units × indicators + units log units) for a scheme of fixed size.
//!
//! The pipeline: [`Inputs`] reads every cell once (§2); [`Scorer`] scores every cell (§3–§4) and
//! sums each unit (§5); [`Scorer::results`] ranks (§6) and awards (§7). The same scorer re-scores
//! one changed cell incrementally (`incremental.rs`); this full path is its oracle.

use std::sync::Arc;

use indexmap::IndexMap;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::incremental::Scorer;
use crate::method::{self, CalcNote, Notes, Pool, Pools};
use crate::metric::{self, MetricNote, MetricValue, Status};
use crate::model::{
    AwardMode, Awards, Basis, Benchmark, Document, Fields, Method, Policy, RankStyle, Scope, TieBreakerKind,
    Tier,
};
use crate::num::{round_half_up, Overflow};
use crate::rank::rank_int;
use crate::results::{CategoryResult, IndicatorResult, Keys, Results, UnitResult};
use crate::validate::{validate_with, Issue, IssueKind};

/// Validates and scores a document (SCORING §8 then §2–§7). Explanations are left structured;
/// call `Results::render_explanations` for words.
pub fn evaluate(doc: &Document) -> Result<Results, Vec<Issue>> {
    let report = validate_with(doc, false);
    if !report.is_ok() {
        return Err(report.errors);
    }
    let mut results = Scorer::new(doc)?.results(doc);
    results.warnings = report.warnings;
    Ok(results)
}

/// As [`evaluate`] then [`Results::render_explanations`], from one scoring: the scorer that made
/// the results words each explanation (the spreadsheet export's path, where re-scoring a
/// 2,000 × 100 document for its words cost as much as scoring it).
pub fn evaluate_explained(doc: &Document, lang: crate::Lang) -> Result<Results, Vec<Issue>> {
    let report = validate_with(doc, false);
    if !report.is_ok() {
        return Err(report.errors);
    }
    let sc = Scorer::new(doc)?;
    let mut results = sc.results(doc);
    for u in 0..results.units.len() {
        let words = sc.explain_unit(doc, &results, u, lang);
        for (r, w) in results.units[u].indicators.iter_mut().zip(words) {
            r.explain = w;
        }
    }
    results.warnings = report.warnings;
    Ok(results)
}

/// Id → position of a list of scheme items (groups, categories, indicators), built once per use.
pub(crate) fn id_index<T>(items: &[T], id: impl Fn(&T) -> &String) -> FxHashMap<&str, usize> {
    items.iter().enumerate().map(|(i, x)| (id(x).as_str(), i)).collect()
}

/// Ids → positions of a scheme's groups, categories and indicators, built once per scoring: the
/// input pass and the layout both read them.
pub(crate) struct SchemeIds<'a> {
    pub(crate) groups: FxHashMap<&'a str, usize>,
    pub(crate) categories: FxHashMap<&'a str, usize>,
    pub(crate) indicators: FxHashMap<&'a str, usize>,
}

impl<'a> SchemeIds<'a> {
    pub(crate) fn of(s: &'a crate::model::Scheme) -> Self {
        SchemeIds {
            groups: id_index(&s.groups, |g| &g.id),
            categories: id_index(&s.categories, |c| &c.id),
            indicators: id_index(&s.indicators, |i| &i.id),
        }
    }
}

/// Each item's parent (its position; 0 when unknown, which validation refuses) and each of the
/// `n` parents' items in order: units in groups, indicators in categories.
pub(crate) fn tree<T>(items: &[T], parent: impl Fn(&T) -> &str, parents: &FxHashMap<&str, usize>, n: usize) -> (Vec<usize>, Members) {
    let of: Vec<usize> = items.iter().map(|x| parents.get(parent(x)).copied().unwrap_or(0)).collect();
    // Counted, then placed: parent p's items are items[start[p]..start[p + 1]], in their order.
    let mut start = vec![0; n + 1];
    for &p in of.iter().filter(|p| **p < n) {
        start[p + 1] += 1;
    }
    for p in 0..n {
        start[p + 1] += start[p];
    }
    let mut next = start.clone();
    let mut members = vec![0; start[n]];
    for (k, &p) in of.iter().enumerate().filter(|(_, p)| **p < n) {
        members[next[p]] = k;
        next[p] += 1;
    }
    (of, Members { items: members, start })
}

/// The items of each parent (units of each group, indicators of each category), in order, in
/// one list: a county's handful of groups and categories without a list each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Members {
    items: Vec<usize>,
    start: Vec<usize>,
}

impl Members {
    /// How many parents.
    pub(crate) fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// Each parent's items, parent by parent.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[usize]> + Clone + '_ {
        self.start.windows(2).map(|w| &self.items[w[0]..w[1]])
    }
}

impl std::ops::Index<usize> for Members {
    type Output = [usize];
    fn index(&self, p: usize) -> &[usize] {
        &self.items[self.start[p]..self.start[p + 1]]
    }
}

/// `applies[g]` of an indicator: whether it is assessed in group g (None: everywhere).
pub(crate) fn applies_of(s: &crate::model::Scheme, ind: &crate::model::Indicator) -> Option<Vec<bool>> {
    ind.applies_to.as_ref().map(|gs| s.groups.iter().map(|g| gs.contains(&g.id)).collect())
}

/// The fields a counts method reads, in its order (none for numeric metrics).
pub(crate) fn count_fields_of(ind: &crate::model::Indicator) -> impl Iterator<Item = &str> + Clone {
    let listed = match &ind.method {
        Method::Deduction { per } | Method::Points { per, .. } => per.as_ref(),
        Method::Satisfaction { weights } => weights.as_ref(),
        _ => None,
    };
    listed.into_iter().flatten().map(|(k, _)| k.as_str())
}

/// A unit's metric on one indicator, as the scoring pass needs it (dense, no strings).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellValue {
    pub(crate) status: Status,
    pub(crate) value: Option<Decimal>,
}

impl CellValue {
    /// A measured metric (status, value), as scoring keeps it.
    fn of((status, value): (Status, MetricValue)) -> Self {
        let value = match value {
            MetricValue::Number(v) => Some(v),
            _ => None,
        };
        CellValue { status, value }
    }
}

/// A document's inputs, each unit's cell per indicator, and the cells naming no indicator.
pub(crate) type Indexed<'a> = (Inputs, Vec<Option<&'a Fields>>, Vec<Issue>);

/// SCORING §2 for every cell of a document, in dense arrays (owned: a scorer keeps them across
/// edits). All input reading happens in one unit-major pass over the rows as they lie in memory.
#[derive(Debug, Clone)]
pub(crate) struct Inputs {
    /// The group (index) of each unit.
    pub(crate) unit_group: Vec<usize>,
    /// The units (indices) of each group.
    pub(crate) group_members: Members,
    /// Every unit (0..n): the county's one pool of units.
    pub(crate) everyone: Vec<usize>,
    /// `applies[i][g]`: whether indicator i is assessed in group g (None: everywhere).
    applies: Vec<Option<Vec<bool>>>,
    /// 一票否决 per unit.
    pub(crate) veto: Vec<bool>,
    /// `values[u × m + i]` (m indicators): status and metric value, unit-major like the results.
    pub(crate) values: Vec<CellValue>,
    /// `counts[u × K + offset[i] + j]`: unit u's count of field j of indicator i's counts method
    /// (K fields in all; the fields' names are the method's, [`count_fields_of`]).
    counts: Vec<Decimal>,
    /// Where each indicator's count fields start in a unit's stretch of `counts`, then K.
    count_offset: Vec<usize>,
    count_width: usize,
}

impl Inputs {
    /// Indexes a validated document and computes every metric (SCORING §2). Also returns each
    /// unit's cell per indicator (`cells[u × m + i]`, for explanations; empty unless `with_cells`)
    /// and the input cells that name no indicator (SCORING §8 unknown ids), found in the same pass.
    pub(crate) fn new<'d>(doc: &'d Document, ids: &SchemeIds<'_>, with_cells: bool) -> Result<Indexed<'d>, Issue> {
        let s = &doc.scheme;
        let n = doc.units.len();
        let (unit_group, group_members) = tree(&doc.units, |u| u.group.as_str(), &ids.groups, s.groups.len());
        let applies: Vec<Option<Vec<bool>>> = s.indicators.iter().map(|ind| applies_of(s, ind)).collect();
        let m_inds = s.indicators.len();
        let mut count_offset = Vec::with_capacity(m_inds + 1);
        let mut count_width = 0;
        for ind in &s.indicators {
            count_offset.push(count_width);
            count_width += count_fields_of(ind).count();
        }
        count_offset.push(count_width);
        // Absent cells' outcome depends only on the metric and applicability: found once.
        let mut absent = Vec::with_capacity(m_inds);
        for (i, ind) in s.indicators.iter().enumerate() {
            let outcome = |ok: bool| -> Result<CellValue, Issue> {
                let m = metric::measure(&ind.metric, None, ok, None).map_err(overflow_at(doc, 0, Some(i)))?;
                Ok(CellValue::of(m))
            };
            absent.push((outcome(true)?, outcome(false)?));
        }
        let unset = CellValue { status: Status::Missing, value: None };
        let mut values = vec![unset; n * m_inds];
        let mut counts = vec![Decimal::ZERO; count_width * n];
        let mut cells = vec![None; if with_cells { n * m_inds } else { 0 }];
        let mut veto = vec![false; n];
        // One pass over each unit's row as it lies in memory, a large document's units in
        // consecutive parts, one per core (errors and unknown ids in unit order, as on one thread).
        let ranges = crate::par::ranges(n, crate::par::parts(n, n * m_inds));
        let lens = |w: usize| ranges.clone().map(move |r| r.len() * w);
        let parts = ranges
            .clone()
            .zip(crate::par::split(&mut values, lens(m_inds)))
            .zip(crate::par::split(&mut counts, lens(count_width)))
            .zip(crate::par::split(&mut cells, lens(if with_cells { m_inds } else { 0 })))
            .zip(crate::par::split(&mut veto, lens(1)));
        let read = |((((range, values), counts), cells), veto): InputPart<'_, 'd>| -> Result<Vec<Issue>, Issue> {
            let mut unknown = Vec::new();
            for (k, u) in range.enumerate() {
                let row = doc.inputs.get(&doc.units[u].id);
                veto[k] = row.is_some_and(|r| r.veto);
                let values = &mut values[k * m_inds..(k + 1) * m_inds];
                let counts = &mut counts[k * count_width..(k + 1) * count_width];
                for (i, v) in values.iter_mut().enumerate() {
                    *v = if applies_in(&applies[i], unit_group[u]) { absent[i].0 } else { absent[i].1 };
                }
                for (j, (iid, cell)) in row.iter().flat_map(|r| r.cells.iter()).enumerate() {
                    // Rows usually list the scheme's indicators in its order: the j-th cell is
                    // then the j-th indicator, found by one comparison instead of a hash lookup.
                    let at_j = s.indicators.get(j).is_some_and(|ind| crate::model::same_name(&ind.id, iid));
                    let Some(i) = (if at_j { Some(j) } else { ids.indicators.get(iid.as_str()).copied() }) else {
                        let uid = &doc.units[u].id;
                        let kind = IssueKind::UnknownId {
                            what: crate::validate::IdKind::Indicator,
                            id: iid.clone(),
                        };
                        unknown.push(Issue::new(format!("inputs.{uid}.{iid}"), kind));
                        continue;
                    };
                    let cell = cell.as_ref();
                    if with_cells {
                        cells[k * m_inds + i] = cell;
                    }
                    let ok = applies_in(&applies[i], unit_group[u]);
                    let counts = &mut counts[count_offset[i]..count_offset[i + 1]];
                    read_cell(doc, u, i, ok, cell, &mut values[i], counts)?;
                }
            }
            Ok(unknown)
        };
        let (mut unknown, mut failed) = (Vec::new(), None);
        crate::par::run(parts, read, |part| match part {
            Ok(found) => unknown.extend(found),
            Err(e) => {
                failed.get_or_insert(e);
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        let inputs = Inputs {
            unit_group,
            group_members,
            everyone: (0..n).collect(),
            applies,
            veto,
            values,
            counts,
            count_offset,
            count_width,
        };
        Ok((inputs, cells, unknown))
    }

    /// Whether indicator `i` is assessed for unit `u` (SCORING §2 `applies_to`).
    pub(crate) fn applicable(&self, i: usize, u: usize) -> bool {
        applies_in(&self.applies[i], self.unit_group[u])
    }

    /// SCORING §2 for one cell: recomputes unit `u`'s metric and counts on indicator `i`.
    pub(crate) fn set_cell(
        &mut self,
        doc: &Document,
        u: usize,
        i: usize,
        cell: Option<&Fields>,
    ) -> Result<(), Issue> {
        let m_inds = doc.scheme.indicators.len();
        let ok = self.applicable(i, u);
        let base = u * self.count_width;
        let counts = &mut self.counts[base + self.count_offset[i]..base + self.count_offset[i + 1]];
        read_cell(doc, u, i, ok, cell, &mut self.values[u * m_inds + i], counts)
    }

    /// An indicator's definition changed (a scheme edit) with the same count fields: takes its
    /// applicability from `doc` and recomputes every unit's metric on it.
    pub(crate) fn redefine(&mut self, doc: &Document, i: usize) -> Result<(), Issue> {
        let ind = &doc.scheme.indicators[i];
        self.applies[i] = applies_of(&doc.scheme, ind);
        for (u, unit) in doc.units.iter().enumerate() {
            let cell = doc.inputs.get(&unit.id).and_then(|r| r.cells.get(&ind.id)).and_then(Option::as_ref);
            self.set_cell(doc, u, i, cell)?;
        }
        Ok(())
    }

    /// Sets a unit's veto (SCORING §7).
    pub(crate) fn set_veto(&mut self, u: usize, veto: bool) {
        self.veto[u] = veto;
    }
}

/// The pieces of the input tables one part of the units fills: its units, their metrics,
/// counts, cells and vetoes.
type InputPart<'a, 'd> = ((((std::ops::Range<usize>, &'a mut [CellValue]), &'a mut [Decimal]), &'a mut [Option<&'d Fields>]), &'a mut [bool]);

/// Whether an indicator assessed in the groups `applies` (None: everywhere) is assessed in group `g`.
fn applies_in(applies: &Option<Vec<bool>>, g: usize) -> bool {
    applies.as_ref().is_none_or(|a| a.get(g).copied().unwrap_or(false))
}

/// SCORING §2 for one cell: unit `u`'s metric on indicator `i` (`applicable`: its group is
/// assessed) into `value`, and the counts of its method's fields into `counts`.
fn read_cell(
    doc: &Document,
    u: usize,
    i: usize,
    applicable: bool,
    cell: Option<&Fields>,
    value: &mut CellValue,
    counts: &mut [Decimal],
) -> Result<(), Issue> {
    let ind = &doc.scheme.indicators[i];
    let m = metric::measure(&ind.metric, cell, applicable, None).map_err(overflow_at(doc, u, Some(i)))?;
    *value = CellValue::of(m);
    for (c, f) in counts.iter_mut().zip(count_fields_of(ind)) {
        *c = metric::count(cell, f);
    }
    Ok(())
}

/// A document indexed for explanations: its inputs and each unit's cells.
pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    inputs: Inputs,
    cells: Vec<Option<&'a Fields>>,
}

impl<'a> Ctx<'a> {
    /// Indexes a document (see [`Inputs::new`]).
    pub(crate) fn new(doc: &'a Document) -> Result<Self, Issue> {
        let (inputs, cells, _) = Inputs::new(doc, &SchemeIds::of(&doc.scheme), true)?;
        Ok(Ctx { doc, inputs, cells })
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
pub(crate) fn overflow_at(
    doc: &Document,
    u: usize,
    ind: Option<usize>,
) -> impl Fn(Overflow) -> Issue + '_ {
    move |_| {
        let uid = doc.units.get(u).map_or("", |x| x.id.as_str());
        let path = match ind.and_then(|i| doc.scheme.indicators.get(i)) {
            Some(i) => format!("inputs.{uid}.{}", i.id),
            None => format!("inputs.{uid}"),
        };
        Issue::new(path, IssueKind::Overflow)
    }
}

/// A unit's ranking key (SCORING §6): its total, then each tie-breaker (None ranks below every score),
/// as integers at the scheme's decimal places.
pub(crate) type RankKey = (i128, Vec<Option<i128>>);

/// A rounded figure as an integer count of 10^−dp, so that ranking compares integers.
pub(crate) fn fixed(v: Decimal, dp: u32) -> i128 {
    // A figure with at most dp decimals (every rounded one): its digits, shifted.
    const POW10: [i128; 10] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
    if let Some(p) = dp.checked_sub(v.scale()).and_then(|d| POW10.get(d as usize)) {
        return v.mantissa() * p;
    }
    let mut x = v;
    x.rescale(dp);
    x.mantissa()
}

/// What scoring one indicator needs beyond the cell: its full marks and pools (SCORING §3).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    w: Decimal,
    county: Pool,
    groups: Vec<Pool>,
}

/// SCORING §3: the pools of indicator `i` (only relative methods need them).
pub(crate) fn prepare(doc: &Document, inputs: &Inputs, i: usize) -> Result<Prepared, Issue> {
    let ind = &doc.scheme.indicators[i];
    let m = doc.scheme.indicators.len();
    let value = |u: usize| inputs.values[u * m + i].value;
    let (county, groups) = if ind.method.is_relative() {
        let county = Pool::for_method((0..doc.units.len()).filter_map(value).collect(), &ind.method)
            .map_err(overflow_at(doc, 0, Some(i)))?;
        // Group pools only where they are read: a group scope or a group-mean benchmark (a
        // unit without one reads the county's, which is then the only pool read).
        let by_group = ind.scope == Scope::Group
            || matches!(ind.method, Method::BaseStep { benchmark: Some(Benchmark::GroupAvg), .. });
        let mut groups = Vec::with_capacity(if by_group { inputs.group_members.len() } else { 0 });
        for members in inputs.group_members.iter().filter(|_| by_group) {
            let pool = Pool::for_method(members.iter().filter_map(|&u| value(u)).collect(), &ind.method);
            groups.push(pool.map_err(overflow_at(doc, 0, Some(i)))?);
        }
        (county, groups)
    } else {
        // Not relative: no pool is read; an empty list allocates nothing.
        (Pool::default(), Vec::new())
    };
    Ok(Prepared {
        w: ind.full.map_or(Decimal::ZERO, |f| f.0),
        county,
        groups,
    })
}

/// §2–§4 one unit on one indicator: the unrounded score (None: not assessed) by status policy or
/// method (the evaluation's path: no explanation figures are made or moved).
pub(crate) fn score_cell(doc: &Document, inputs: &Inputs, prep: &Prepared, i: usize, u: usize) -> Result<Option<Decimal>, Issue> {
    score_into(doc, inputs, prep, i, u, None)
}

/// As [`score_cell`], with the figures behind the score, read from the unit's `cell` (the
/// explanation path runs exactly the scoring).
pub(crate) fn score_noted(
    doc: &Document,
    inputs: &Inputs,
    prep: &Prepared,
    i: usize,
    u: usize,
    cell: Option<&Fields>,
) -> Result<(Option<Decimal>, Note), Issue> {
    let mut note = Note { metric: MetricNote::None, calc: None, policy: None };
    let raw = score_into(doc, inputs, prep, i, u, Some((cell, &mut note)))?;
    Ok((raw, note))
}

/// [`score_cell`], and with a slot the figures behind the score into it.
fn score_into(
    doc: &Document,
    inputs: &Inputs,
    prep: &Prepared,
    i: usize,
    u: usize,
    noted: Option<(Option<&Fields>, &mut Note)>,
) -> Result<Option<Decimal>, Issue> {
    let ind = &doc.scheme.indicators[i];
    let m = inputs.values[u * doc.scheme.indicators.len() + i];
    let w = prep.w;
    let policy = match m.status {
        Status::Ok => None,
        Status::NotApplicable => Some(Policy::Exclude),
        Status::Missing => Some(ind.missing.unwrap_or(Policy::Zero)),
        Status::NoTarget => Some(ind.no_target.unwrap_or(Policy::Full)),
        Status::NoBase => Some(ind.no_base.unwrap_or(Policy::Zero)),
    };
    let mut calc = None;
    let raw = match policy {
        Some(Policy::Exclude) => None,
        Some(Policy::Zero) => Some(Decimal::ZERO),
        Some(Policy::Full) => Some(w),
        None => {
            let g = prep
                .groups
                .get(inputs.unit_group[u])
                .unwrap_or(&prep.county);
            let pools = Pools {
                own: if ind.scope == Scope::Group {
                    g
                } else {
                    &prep.county
                },
                county: &prep.county,
                group: g,
            };
            let base = u * inputs.count_width;
            let counts = &inputs.counts[base + inputs.count_offset[i]..base + inputs.count_offset[i + 1]];
            let v = m.value.unwrap_or_default();
            let slot = Notes(if noted.is_some() { Some(&mut calc) } else { None });
            let sc = method::score(slot, &ind.method, w, ind.direction, v, counts, &pools)
                .map_err(overflow_at(doc, u, Some(i)))?;
            Some(sc)
        }
    };
    if let Some((cell, note)) = noted {
        let applicable = m.status != Status::NotApplicable;
        let metric =
            metric::compute(&ind.metric, cell, applicable).map_or(MetricNote::None, |o| o.note);
        *note = Note {
            metric,
            calc,
            policy,
        };
    }
    Ok(raw)
}

/// The explanation figures of unit `u` on indicator `i` (SCORING §8).
pub(crate) fn note_of(
    ctx: &Ctx<'_>,
    prep: &Prepared,
    i: usize,
    u: usize,
) -> Result<Option<Note>, Issue> {
    let cell = ctx.cells[u * ctx.doc.scheme.indicators.len() + i];
    Ok(Some(score_noted(ctx.doc, &ctx.inputs, prep, i, u, cell)?.1))
}

/// §2–§4 for one indicator across all units with the figures behind each score, for explanations.
pub(crate) fn explain_indicator(
    ctx: &Ctx<'_>,
    i: usize,
    mut sink: impl FnMut(usize, Note),
) -> Result<(), Issue> {
    let prep = prepare(ctx.doc, &ctx.inputs, i)?;
    for u in 0..ctx.doc.units.len() {
        if let Some(n) = note_of(ctx, &prep, i, u)? {
            sink(u, n);
        }
    }
    Ok(())
}

/// The explanation figures of one unit on one indicator, for a unit view.
pub(crate) fn explain_cell(ctx: &Ctx<'_>, i: usize, u: usize) -> Result<Option<Note>, Issue> {
    let prep = prepare(ctx.doc, &ctx.inputs, i)?;
    note_of(ctx, &prep, i, u)
}

/// Puts into `scratch` each unit of `pool` that `key` gives a figure (None: left out), with it:
/// the list a ranking reads, made again for every pool in one buffer.
fn pool_keys(scratch: &mut Vec<(usize, i128)>, pool: &[usize], key: impl Fn(usize) -> Option<i128>) {
    scratch.clear();
    scratch.extend(pool.iter().filter_map(|&u| key(u).map(|k| (u, k))));
}

/// SCORING §7 / §9.11 rank-quota limits: the cumulative quota after each tier for `eligible`
/// units (None = all remaining).
pub(crate) fn quota_limits(aw: &Awards, eligible: usize) -> Vec<Option<u64>> {
    let m = Decimal::from(eligible);
    let mut cum: Option<u64> = Some(0);
    aw.tiers
        .iter()
        .map(|t| {
            let count = match (t.count, t.ratio) {
                (Some(c), _) => Some(c),
                // round_half_up(ratio × eligible units), as a whole count (§7, §9.11).
                (None, Some(r)) => Some(
                    round_half_up(r.0.saturating_mul(m), 0)
                        .to_u64()
                        .unwrap_or(u64::MAX),
                ),
                (None, None) => None,
            };
            cum = match (cum, count) {
                (Some(a), Some(c)) => Some(a.saturating_add(c)),
                _ => None,
            };
            cum
        })
        .collect()
}

/// SCORING §7 / §9.11 the tier (index) of an eligible unit: by its eligible rank within the
/// quotas (`limits`; rank_quota) or by its total alone (score_threshold).
pub(crate) fn tier_of(
    aw: &Awards,
    limits: &[Option<u64>],
    eligible_rank: u32,
    total: Decimal,
) -> Option<usize> {
    let meets = |t: &Tier| t.min_score.is_none_or(|m| crate::num::cmp(total, m.0).is_ge());
    match aw.mode {
        AwardMode::ScoreThreshold => aw.tiers.iter().position(meets),
        AwardMode::RankQuota => {
            let r = u64::from(eligible_rank);
            aw.tiers
                .iter()
                .zip(limits)
                .position(|(t, lim)| lim.is_none_or(|l| r <= l) && meets(t))
        }
    }
}

/// The pools of units an award or recognition compares within (SCORING §7 `scope`).
pub(crate) fn scope_pools(scope: Scope, inputs: &Inputs) -> impl Iterator<Item = &[usize]> {
    let (county, groups) = match scope {
        Scope::County => (Some(&inputs.everyone[..]), None),
        Scope::Group => (None, Some(inputs.group_members.iter())),
    };
    county.into_iter().chain(groups.into_iter().flatten())
}

/// SCORING §7 / §9.12: a recognition's basis resolved to its index, and the full of the basis (the
/// indicator's `full`, or the category's `full`, or else the sum of its indicators' `full`).
pub(crate) fn resolve_basis(doc: &Document, rec: &crate::model::Recognition) -> (BasisAt, Decimal) {
    let s = &doc.scheme;
    match &rec.basis {
        Basis::Indicator(id) => {
            let i = s.indicators.iter().position(|x| x.id == *id).unwrap_or(0);
            (BasisAt::Indicator(i), s.indicators.get(i).and_then(|x| x.full).map_or(Decimal::ZERO, |f| f.0))
        }
        Basis::Category(id) => {
            let c = s.categories.iter().position(|x| x.id == *id).unwrap_or(0);
            let full = s.categories.get(c).and_then(|x| x.full).map(|f| f.0).unwrap_or_else(|| {
                s.indicators
                    .iter()
                    .filter(|ind| ind.category == *id)
                    .filter_map(|ind| ind.full.map(|f| f.0))
                    .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
            });
            (BasisAt::Category(c), full)
        }
    }
}

/// A recognition's basis resolved to an index.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BasisAt {
    /// Indicator index.
    Indicator(usize),
    /// Category index.
    Category(usize),
}

impl Scorer {
    /// FORMAT §2: the results of every unit — scores, subtotals, totals (§2–§5), ranks (§6),
    /// awards and recognitions (§7).
    pub fn results(&self, doc: &Document) -> Results {
        let mut units = self.lay_out(doc);
        let keys = self.key_ordinals(doc);
        let mut scratch = Vec::with_capacity(units.len());
        self.rank_totals(doc, &keys, &mut units, &mut scratch);
        self.rank_categories(doc, &mut units, &mut scratch);
        self.award(doc, &keys, &mut units, &mut scratch);
        let recognitions = self.recognize_all(doc, &mut units, &mut scratch);
        Results {
            schema_version: 1,
            units,
            recognitions,
            warnings: Vec::new(),
        }
    }

    /// SCORING §5 (FORMAT §2) every unit's figures, subtotals and scores, before any rank. A large
    /// document's units are filled in parts, one per core, in lists made here: memory taken on
    /// other threads comes from other heaps, which the system reclaims and faults in again on
    /// every evaluation.
    fn lay_out(&self, doc: &Document) -> Vec<UnitResult> {
        let s = &doc.scheme;
        let (n, m) = (doc.units.len(), s.indicators.len());
        let inputs = self.inputs();
        let ranks = self.indicator_ranks(doc);
        let keys = Arc::new(Keys::new(s.categories.iter().map(|c| c.id.as_str()), s.indicators.iter().map(|i| i.id.as_str())));
        let nc = s.categories.len();
        let head = |u: usize| {
            let f = self.figures(u);
            let unit = &doc.units[u];
            UnitResult {
                id: unit.id.clone(),
                name: unit.name.clone(),
                group: unit.group.clone(),
                base: f.base.into(),
                bonus: f.bonus.into(),
                penalty: f.penalty.into(),
                total: f.total.into(),
                rank: 0,
                group_rank: 0,
                award: None,
                vetoed: inputs.veto[u],
                categories: Vec::with_capacity(nc),
                indicators: Vec::with_capacity(m),
                recognitions: Vec::new(),
                keys: Arc::clone(&keys),
            }
        };
        let fill = |u: usize, unit: &mut UnitResult| {
            unit.categories.extend((0..nc).map(|c| CategoryResult {
                score: self.subtotal(u, c).into(),
                rank: None,
                group_rank: None,
            }));
            unit.indicators.extend((0..m).map(|i| {
                let v = inputs.values[u * m + i];
                IndicatorResult {
                    score: self.shown(u, i).map(Into::into),
                    rank: ranks[i * n + u],
                    status: v.status,
                    metric: v.value.map(Into::into),
                    explain: String::new(),
                }
            }));
        };
        let mut units: Vec<UnitResult> = (0..n).map(head).collect();
        let ranges = crate::par::ranges(n, crate::par::parts(n, n * m));
        let pieces = crate::par::split(&mut units, ranges.clone().map(|r| r.len()));
        let work = |(r, piece): (std::ops::Range<usize>, &mut [UnitResult])| {
            for (u, unit) in r.zip(piece.iter_mut()) {
                fill(u, unit);
            }
        };
        crate::par::run(ranges.zip(pieces), work, |()| ());
        units
    }

    /// SCORING §6 county and group ranks of the totals, tie-breakers applied (`keys`: the ordinals
    /// of the ranking keys).
    fn rank_totals(&self, doc: &Document, keys: &[i128], units: &mut [UnitResult], scratch: &mut Vec<(usize, i128)>) {
        let (inputs, style) = (self.inputs(), doc.scheme.rank_style);
        pool_keys(scratch, &inputs.everyone, |u| Some(keys[u]));
        rank_int(scratch, style, &mut |u, r| units[u].rank = r);
        for members in inputs.group_members.iter() {
            pool_keys(scratch, members, |u| Some(keys[u]));
            rank_int(scratch, style, &mut |u, r| units[u].group_rank = r);
        }
    }

    /// SCORING §6 county and group ranks of the categories with `report_rank`, by the rounded
    /// subtotal alone.
    fn rank_categories(&self, doc: &Document, units: &mut [UnitResult], scratch: &mut Vec<(usize, i128)>) {
        let (s, inputs) = (&doc.scheme, self.inputs());
        for (c, cat) in s.categories.iter().enumerate() {
            if !cat.report_rank {
                continue;
            }
            let key = |u: usize| Some(fixed(self.subtotal(u, c), s.rounding.dp));
            pool_keys(scratch, &inputs.everyone, key);
            rank_int(scratch, s.rank_style, &mut |u, r| units[u].categories[c].rank = Some(r));
            for members in inputs.group_members.iter() {
                pool_keys(scratch, members, key);
                rank_int(scratch, s.rank_style, &mut |u, r| units[u].categories[c].group_rank = Some(r));
            }
        }
    }

    /// SCORING §7 / §9.11 award tiers, by rank quota or score threshold, vetoed units out: each
    /// eligible unit's rank among its scope's eligible units (by the ordinals of the ranking keys)
    /// against the quotas, and its total against the tiers' minimum scores.
    fn award(&self, doc: &Document, keys: &[i128], units: &mut [UnitResult], scratch: &mut Vec<(usize, i128)>) {
        let Some(aw) = &doc.scheme.awards else { return };
        let inputs = self.inputs();
        for pool in scope_pools(aw.scope, inputs) {
            pool_keys(scratch, pool, |u| (!inputs.veto[u]).then(|| keys[u]));
            let limits = quota_limits(aw, scratch.len());
            rank_int(scratch, doc.scheme.rank_style, &mut |u, r| {
                let tier = tier_of(aw, &limits, r, self.total(u));
                units[u].award = tier.and_then(|t| aw.tiers.get(t)).map(|t| t.label.clone());
            });
        }
    }

    /// SCORING §7 / §9.12 突出单位, on each unit and by recognition: per scope pool, vetoed units
    /// out (when required), competition rank of the basis score ≤ top_n and score ≥ min_rate ×
    /// full. The scores are rounded at the scheme's decimals, so they rank as integers.
    fn recognize_all(&self, doc: &Document, units: &mut [UnitResult], scratch: &mut Vec<(usize, i128)>) -> IndexMap<String, Vec<String>> {
        let (n, recs, inputs) = (units.len(), &doc.scheme.recognitions, self.inputs());
        let dp = doc.scheme.rounding.dp;
        // won[u × R + k]: unit u holds recognition k.
        let mut won = vec![false; n * recs.len()];
        for (k, (rec, &(basis, full))) in recs.iter().zip(self.recognition_bases()).enumerate() {
            let threshold = rec.min_rate.map_or(Decimal::ZERO, |m| m.0).saturating_mul(full);
            for pool in scope_pools(rec.scope, inputs) {
                let eligible = |u: usize| !(rec.require_no_veto && inputs.veto[u]);
                pool_keys(scratch, pool, |u| self.basis_score(basis, u).filter(|_| eligible(u)).map(|sc| fixed(sc, dp)));
                rank_int(scratch, RankStyle::Competition, &mut |u, r| {
                    let score = self.basis_score(basis, u).unwrap_or_default();
                    if u64::from(r) <= rec.top_n && crate::num::cmp(score, threshold).is_ge() {
                        won[u * recs.len() + k] = true;
                    }
                });
            }
        }
        for (unit, mine) in units.iter_mut().zip(won.chunks(recs.len().max(1))) {
            let count = mine.iter().filter(|w| **w).count();
            if count > 0 {
                unit.recognitions = Vec::with_capacity(count);
                unit.recognitions.extend(recs.iter().zip(mine).filter(|(_, w)| **w).map(|(rec, _)| rec.id.clone()));
            }
        }
        let mut recognized = IndexMap::with_capacity(recs.len());
        for (k, rec) in recs.iter().enumerate() {
            let holds = |u: &usize| won[u * recs.len() + k];
            let mut ids = Vec::with_capacity((0..n).filter(holds).count());
            ids.extend((0..n).filter(holds).map(|u| doc.units[u].id.clone()));
            recognized.insert(rec.id.clone(), ids);
        }
        recognized
    }

    /// A unit's ranking key (SCORING §6): total, then each tie-breaker.
    pub(crate) fn key(&self, doc: &Document, u: usize) -> RankKey {
        let dp = doc.scheme.rounding.dp;
        let tb = self.tie_breakers().iter().map(|t| self.tie_key(dp, u, *t)).collect();
        (fixed(self.total(u), dp), tb)
    }

    /// Every unit's ranking key as one row of integers (total, then each tie-breaker; a
    /// tie-breaker not assessed is `i128::MIN`, below every figure as `None` in [`RankKey`]), rows
    /// one after another: the dense ordinals of the rows, without a list per unit.
    fn key_ordinals(&self, doc: &Document) -> Vec<i128> {
        let (n, dp) = (doc.units.len(), doc.scheme.rounding.dp);
        let width = 1 + self.tie_breakers().len();
        let mut rows = Vec::with_capacity(n * width);
        for u in 0..n {
            rows.push(fixed(self.total(u), dp));
            rows.extend(self.tie_breakers().iter().map(|t| self.tie_key(dp, u, *t).unwrap_or(i128::MIN)));
        }
        crate::rank::row_ordinals(&rows, width)
    }

    /// Unit `u`'s figure on one tie-breaker (None: not assessed, or naming nothing).
    fn tie_key(&self, dp: u32, u: usize, t: (TieBreakerKind, Option<usize>)) -> Option<i128> {
        match t {
            (TieBreakerKind::Category, Some(c)) => Some(fixed(self.subtotal(u, c), dp)),
            (TieBreakerKind::Indicator, Some(i)) => self.raw(u, i).map(|r| fixed(r, dp)),
            (_, None) => None,
        }
    }

    /// The rounded score a recognition ranks (SCORING §9.12): an indicator's score, or a
    /// category's subtotal where any of its indicators is assessed.
    pub(crate) fn basis_score(&self, b: BasisAt, u: usize) -> Option<Decimal> {
        match b {
            BasisAt::Indicator(i) => self.shown(u, i),
            BasisAt::Category(c) => self
                .category_assessed(u, c)
                .then(|| self.subtotal(u, c)),
        }
    }
}

#[cfg(test)]
mod tree_tests {
    use super::*;

    /// Items under parents in one list: each parent's items in item order, a parent without
    /// items empty, an item whose parent is unknown (validation refuses it) under parent 0.
    #[test]
    fn members_keep_item_order_per_parent() {
        let parents: FxHashMap<&str, usize> = [("a", 0), ("b", 1), ("c", 2), ("d", 3)].into_iter().collect();
        let items = ["b", "a", "b", "d", "zz", "b"];
        let (of, members) = tree(&items, |x| x, &parents, 4);
        assert_eq!(of, vec![1, 0, 1, 3, 0, 1]);
        assert_eq!(members.len(), 4);
        // Parent 0: items 1 and 4 (the unknown one); parent 1: 0, 2, 5; parent 2: none; 3: item 3.
        let got: Vec<Vec<usize>> = members.iter().map(<[usize]>::to_vec).collect();
        assert_eq!(got, vec![vec![1, 4], vec![0, 2, 5], vec![], vec![3]]);
        assert_eq!(&members[1], &[0, 2, 5]);
        assert!(members[2].is_empty());
        // No parents: no lists.
        let (of, members) = tree(&items[..0], |x| x, &parents, 0);
        assert!(of.is_empty());
        assert_eq!(members.len(), 0);
        assert_eq!(members.iter().count(), 0);
    }
}
