//! The scoring state of a document, built once and re-scored one cell at a time.
//!
//! [`Scorer::new`] scores every cell (SCORING §2–§4) and sums every unit (§5); [`Scorer::results`]
//! (in `eval.rs`) ranks and awards (§6–§7): that is the full evaluation. [`Scorer::set_cell`]
//! re-scores only what one changed cell can affect: that indicator for the units of its pool (all
//! of them for relative methods, the one unit otherwise), those units' subtotal of its category
//! and their totals. Ranks, awards and recognitions are then read either for every unit
//! ([`Scorer::results`], O(n log n)) or for one unit ([`Scorer::standing`], O(n), for goal seek).
//! The full evaluation of the edited document is the oracle the tests hold this equal to.

use rust_decimal::Decimal;

use crate::eval::{
    fixed, overflow_at, prepare, quota_limits, resolve_basis, score_cell, score_noted, BasisAt, tier_of,
    Inputs, Prepared, RankKey, SchemeIds,
};
use crate::eval::tree;
use crate::model::{CategoryKind, Document, Fields, RankStyle, RoundingStage, TieBreakerKind};
use crate::num::{add, div, mul, round, sub};
use crate::par::{self, split};
use crate::validate::Issue;

/// SCORING §5 the figures of one unit: base, bonus and penalty (rounded) and the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    /// Σ weight × capped subtotal over base categories, rescaled (§5), rounded.
    pub base: Decimal,
    /// Bonus points, rounded.
    pub bonus: Decimal,
    /// Deductions (positive), rounded.
    pub penalty: Decimal,
    /// base + bonus − penalty (§5, §1 stage).
    pub total: Decimal,
}

/// Where one unit stands (SCORING §6–§7), as goal seek reads it after each trial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The total.
    pub total: Decimal,
    /// County rank.
    pub rank: u32,
    /// Rank inside its group.
    pub group_rank: u32,
    /// Award tier (index into the scheme's tiers), None when none.
    pub award: Option<usize>,
    /// Whether it holds each recognition (in scheme order).
    pub recognitions: Vec<bool>,
    /// 一票否决.
    pub vetoed: bool,
}

/// Per scheme, computed once: where each indicator sums to and how categories fold (§5).
#[derive(Debug, Clone)]
struct Layout {
    /// The category (index) of each indicator.
    ind_cat: Vec<usize>,
    /// The indicators (indices) of each category, in scheme order.
    cat_inds: crate::eval::Members,
    /// Each category's weight (default 1) and kind (0 base, 1 bonus, 2 penalty).
    weight: Vec<Decimal>,
    kind: Vec<usize>,
    /// weight × full of each base indicator (None for bonus and penalty items).
    base_wfull: Vec<Option<Decimal>>,
    /// A = Σ weight × full over all base indicators.
    a_full: Decimal,
    /// Tie-breakers resolved to indices.
    tie_breakers: Vec<(TieBreakerKind, Option<usize>)>,
    /// Each recognition's basis resolved to an index, with the full of the basis.
    recognitions: Vec<(BasisAt, Decimal)>,
}

impl Layout {
    /// The layout of a document's scheme (§5 preliminaries; errors: a figure beyond exact decimals).
    fn of(doc: &Document, ids: &SchemeIds<'_>) -> Result<Layout, Issue> {
        let s = &doc.scheme;
        let m = s.indicators.len();
        let (ind_cat, cat_inds) = tree(&s.indicators, |i| i.category.as_str(), &ids.categories, s.categories.len());
        let weight: Vec<Decimal> = s
            .categories
            .iter()
            .map(|c| c.weight.map_or(Decimal::ONE, |w| w.0))
            .collect();
        let kind = s
            .categories
            .iter()
            .map(|c| match c.kind {
                CategoryKind::Base => 0,
                CategoryKind::Bonus => 1,
                CategoryKind::Penalty => 2,
            })
            .collect::<Vec<_>>();
        // §5 preliminaries: weight × full of each base indicator, and A = their sum.
        let mut base_wfull = Vec::with_capacity(m);
        let mut a_full = Decimal::ZERO;
        for (i, ind) in s.indicators.iter().enumerate() {
            let of = overflow_at(doc, 0, Some(i));
            let c = ind_cat[i];
            if kind.get(c) == Some(&0) {
                let wf = mul(weight[c], ind.full.map_or(Decimal::ZERO, |f| f.0)).map_err(&of)?;
                a_full = add(a_full, wf).map_err(&of)?;
                base_wfull.push(Some(wf));
            } else {
                base_wfull.push(None);
            }
        }
        let tie_breakers = s
            .tie_breakers
            .iter()
            .map(|t| {
                let idx = match t.kind {
                    TieBreakerKind::Category => ids.categories.get(t.id.as_str()).copied(),
                    TieBreakerKind::Indicator => ids.indicators.get(t.id.as_str()).copied(),
                };
                (t.kind, idx)
            })
            .collect();
        let recognitions = s.recognitions.iter().map(|r| resolve_basis(doc, r)).collect();
        Ok(Layout { ind_cat, cat_inds, weight, kind, base_wfull, a_full, tie_breakers, recognitions })
    }
}

/// Every unit's scores and sums, unit-major (unit u's row of each table is contiguous).
#[derive(Debug, Clone)]
struct Tables {
    /// `raw[u × m + i]`: unrounded score, None when not assessed.
    raw: Vec<Option<Decimal>>,
    /// `shown[u × m + i]`: the same rounded (§1), as shown, summed, ranked.
    shown: Vec<Option<Decimal>>,
    /// `sub_shown[u × c + k]`: category k's rounded capped subtotal for unit u.
    sub_shown: Vec<Decimal>,
    /// `capped[u × c + k]`: category k's sum for unit u, capped, unrounded.
    capped: Vec<Decimal>,
    /// `assessed[u × c + k]`: whether any indicator of category k is assessed for unit u.
    assessed: Vec<bool>,
    /// B = Σ weight × full over the unit's assessed base indicators, and whether any is not assessed.
    b_full: Vec<(Decimal, bool)>,
    figures: Vec<Figures>,
}

/// The rows of consecutive units `first..` of every table, borrowed to write (a part of the
/// units scored on one thread, or all of them).
struct Part<'a> {
    units: std::ops::Range<usize>,
    raw: &'a mut [Option<Decimal>],
    shown: &'a mut [Option<Decimal>],
    sub_shown: &'a mut [Decimal],
    capped: &'a mut [Decimal],
    assessed: &'a mut [bool],
    b_full: &'a mut [(Decimal, bool)],
    figures: &'a mut [Figures],
}

/// One unit's rows of every table.
struct Row<'a> {
    raw: &'a mut [Option<Decimal>],
    shown: &'a mut [Option<Decimal>],
    sub_shown: &'a mut [Decimal],
    capped: &'a mut [Decimal],
    assessed: &'a mut [bool],
    b_full: &'a mut (Decimal, bool),
    figures: &'a mut Figures,
}

impl Tables {
    fn new(n: usize, m: usize, nc: usize) -> Self {
        Tables {
            raw: vec![None; n * m],
            shown: vec![None; n * m],
            sub_shown: vec![Decimal::ZERO; n * nc],
            capped: vec![Decimal::ZERO; n * nc],
            assessed: vec![false; n * nc],
            b_full: vec![(Decimal::ZERO, false); n],
            figures: vec![Figures::default(); n],
        }
    }

    /// The rows of the units of each range (consecutive ranges from 0), each part on its own.
    fn parts(&mut self, ranges: impl Iterator<Item = std::ops::Range<usize>> + Clone, m: usize, nc: usize) -> impl Iterator<Item = Part<'_>> {
        let lens = |w: usize| ranges.clone().map(move |r| r.len() * w);
        let rows = split(&mut self.raw, lens(m))
            .zip(split(&mut self.shown, lens(m)))
            .zip(split(&mut self.sub_shown, lens(nc)))
            .zip(split(&mut self.capped, lens(nc)))
            .zip(split(&mut self.assessed, lens(nc)))
            .zip(split(&mut self.b_full, lens(1)))
            .zip(split(&mut self.figures, lens(1)));
        ranges.zip(rows).map(|(units, ((((((raw, shown), sub_shown), capped), assessed), b_full), figures))| Part {
            units,
            raw,
            shown,
            sub_shown,
            capped,
            assessed,
            b_full,
            figures,
        })
    }

    /// Unit `u`'s rows.
    fn row(&mut self, u: usize, m: usize, nc: usize) -> Row<'_> {
        Row {
            raw: &mut self.raw[u * m..(u + 1) * m],
            shown: &mut self.shown[u * m..(u + 1) * m],
            sub_shown: &mut self.sub_shown[u * nc..(u + 1) * nc],
            capped: &mut self.capped[u * nc..(u + 1) * nc],
            assessed: &mut self.assessed[u * nc..(u + 1) * nc],
            b_full: &mut self.b_full[u],
            figures: &mut self.figures[u],
        }
    }
}

impl<'a> Part<'a> {
    /// The next unit's rows, taken off the front of the part (units in order).
    fn next_row(&mut self, m: usize, nc: usize) -> Row<'a> {
        Row {
            raw: take_front(&mut self.raw, m),
            shown: take_front(&mut self.shown, m),
            sub_shown: take_front(&mut self.sub_shown, nc),
            capped: take_front(&mut self.capped, nc),
            assessed: take_front(&mut self.assessed, nc),
            b_full: &mut take_front(&mut self.b_full, 1)[0],
            figures: &mut take_front(&mut self.figures, 1)[0],
        }
    }
}

/// The first `n` items of `s`, which is left holding the rest.
fn take_front<'a, T>(s: &mut &'a mut [T], n: usize) -> &'a mut [T] {
    let (head, tail) = std::mem::take(s).split_at_mut(n);
    *s = tail;
    head
}

impl Row<'_> {
    /// Stores indicator `i`'s score, unrounded and rounded (§1).
    fn set_score(&mut self, doc: &Document, i: usize, raw: Option<Decimal>) {
        let r = &doc.scheme.rounding;
        self.raw[i] = raw;
        self.shown[i] = raw.map(|x| round(x, r.dp, r.mode));
    }
}

impl Layout {
    /// §2–§5 unit `u`: every score, then its sums.
    fn score_unit(&self, doc: &Document, inputs: &Inputs, prepared: &[Prepared], u: usize, row: &mut Row<'_>) -> Result<(), Issue> {
        for (i, prep) in prepared.iter().enumerate() {
            let raw = score_cell(doc, inputs, prep, i, u)?;
            row.set_score(doc, i, raw);
        }
        self.sum_unit(doc, u, row)
    }

    /// §5 every category, B and the figures of unit `u` from its scores.
    fn sum_unit(&self, doc: &Document, u: usize, row: &mut Row<'_>) -> Result<(), Issue> {
        // Every category in one pass over the scores, each summed in scheme order as
        // `sum_category` sums one.
        let s = &doc.scheme;
        let scores = if s.rounding.stage == RoundingStage::Total { &*row.raw } else { &*row.shown };
        row.capped.fill(Decimal::ZERO);
        row.assessed.fill(false);
        for (i, v) in scores.iter().enumerate() {
            if let Some(v) = v {
                let c = self.ind_cat[i];
                row.capped[c] = add(row.capped[c], *v).map_err(overflow_at(doc, u, None))?;
                row.assessed[c] = true;
            }
        }
        for c in 0..s.categories.len() {
            cap_and_round(doc, c, row);
        }
        self.sum_assessed(doc, u, row)?;
        self.sum_figures(doc, u, row)
    }

    /// §5 unit `u`'s subtotal of category `c`: Σ of its scores (rounded ones at stage
    /// `indicator`, in scheme order), then the cap.
    fn sum_category(&self, doc: &Document, u: usize, c: usize, row: &mut Row<'_>) -> Result<(), Issue> {
        let stage_total = doc.scheme.rounding.stage == RoundingStage::Total;
        let mut sum = Decimal::ZERO;
        let mut any = false;
        for &i in &self.cat_inds[c] {
            let v = if stage_total { row.raw[i] } else { row.shown[i] };
            if let Some(v) = v {
                any = true;
                sum = add(sum, v).map_err(overflow_at(doc, u, None))?;
            }
        }
        row.capped[c] = sum;
        row.assessed[c] = any;
        cap_and_round(doc, c, row);
        Ok(())
    }

    /// §5 B for unit `u`: Σ weight × full of its assessed base indicators, and whether any base
    /// indicator is not assessed (then the base is rescaled).
    fn sum_assessed(&self, doc: &Document, u: usize, row: &mut Row<'_>) -> Result<(), Issue> {
        // Every base indicator assessed (the common case): B = A, no sum needed. (Native builds:
        // the browser app's first load has no room for it.)
        #[cfg(not(target_arch = "wasm32"))]
        if self.base_wfull.iter().zip(row.raw.iter()).all(|(wf, r)| wf.is_none() || r.is_some()) {
            *row.b_full = (self.a_full, false);
            return Ok(());
        }
        let mut b = Decimal::ZERO;
        let mut excluded = false;
        for (i, wf) in self.base_wfull.iter().enumerate() {
            if let Some(wf) = wf {
                if row.raw[i].is_some() {
                    b = add(b, *wf).map_err(overflow_at(doc, u, None))?;
                } else {
                    excluded = true;
                }
            }
        }
        *row.b_full = (b, excluded);
        Ok(())
    }

    /// §5 base, bonus, penalty and total of unit `u` from its capped subtotals.
    fn sum_figures(&self, doc: &Document, u: usize, row: &mut Row<'_>) -> Result<(), Issue> {
        let s = &doc.scheme;
        let (dp, mode) = (s.rounding.dp, s.rounding.mode);
        let rnd = |v: Decimal| round(v, dp, mode);
        let of = overflow_at(doc, u, None);
        let mut kinds = [Decimal::ZERO; 3]; // base, bonus, penalty (unrounded, weighted)
        for (c, capped) in row.capped.iter().enumerate() {
            let k = self.kind[c];
            let weighted = mul(self.weight[c], *capped).map_err(&of)?;
            kinds[k] = add(kinds[k], weighted).map_err(&of)?;
        }
        let (b_full, excluded) = *row.b_full;
        if excluded {
            // §5 得分率折算: base × A / B, B = 0 → 0.
            kinds[0] = if b_full.is_zero() {
                Decimal::ZERO
            } else {
                div(mul(kinds[0], self.a_full).map_err(&of)?, b_full).map_err(&of)?
            };
        }
        let (base, bonus, penalty) = (rnd(kinds[0]), rnd(kinds[1]), rnd(kinds[2]));
        let total = if s.rounding.stage == RoundingStage::Total {
            rnd(sub(add(kinds[0], kinds[1]).map_err(&of)?, kinds[2]).map_err(&of)?)
        } else {
            sub(add(base, bonus).map_err(&of)?, penalty).map_err(&of)?
        };
        *row.figures = Figures {
            base,
            bonus,
            penalty,
            total,
        };
        Ok(())
    }
}

/// §5 category `c` of a unit whose sum is in `row.capped[c]`: the cap, then the subtotal rounded.
fn cap_and_round(doc: &Document, c: usize, row: &mut Row<'_>) {
    let s = &doc.scheme;
    if let Some(cap) = s.categories[c].cap {
        row.capped[c] = crate::num::min(row.capped[c], cap.0);
    }
    row.sub_shown[c] = round(row.capped[c], s.rounding.dp, s.rounding.mode);
}

/// The scoring state of a document: inputs, pools, every cell's score, every unit's sums.
#[derive(Debug, Clone)]
pub struct Scorer {
    inputs: Inputs,
    layout: Layout,
    prepared: Vec<Prepared>,
    t: Tables,
    /// Points added to one unit's total (goal seek's "how many points short"), if any.
    extra: Option<(usize, Decimal)>,
    /// `ranks[i × n + u]`: unit u's county rank on indicator i (SCORING §6 / §9.10), None when not
    /// assessed. Kept, not worked out with the results: an indicator is ranked again only when
    /// one of its scores changed (or the rank style did), so a keystroke at 2,000 × 100 does not
    /// sort all 100 indicators again (DECISIONS 80).
    ranks: Vec<Option<u32>>,
    /// `stale[i]`: indicator i's scores (or the rank style) changed since it was ranked. Edits only
    /// mark it — goal seek edits a cell thousands of times and never reads an indicator's rank —
    /// and [`Scorer::refresh_ranks`] ranks the marked ones; until then the results rank them as
    /// they are laid out.
    stale: Vec<bool>,
}

impl Scorer {
    /// Scores every cell of a document whose scheme is valid (SCORING §2–§5). Errors: input cells
    /// naming unknown indicators, or a figure beyond exact decimals (with its cell's path).
    pub fn new(doc: &Document) -> Result<Self, Vec<Issue>> {
        let ids = SchemeIds::of(&doc.scheme);
        let (inputs, _, unknown) = Inputs::new(doc, &ids, false).map_err(|e| vec![e])?;
        if !unknown.is_empty() {
            return Err(unknown);
        }
        Self::from_inputs(doc, &ids, inputs).map_err(|e| vec![e])
    }

    fn from_inputs(doc: &Document, ids: &SchemeIds<'_>, inputs: Inputs) -> Result<Self, Issue> {
        let s = &doc.scheme;
        let (n, m, nc) = (doc.units.len(), s.indicators.len(), s.categories.len());
        let layout = Layout::of(doc, ids)?;
        let mut prepared = Vec::with_capacity(m);
        for i in 0..m {
            prepared.push(prepare(doc, &inputs, i)?);
        }
        let mut t = Tables::new(n, m, nc);
        // §2–§5 unit by unit, as the results are laid out: each score, then the unit's sums; a
        // large document's units in consecutive parts, one per core (the first error in unit
        // order is the one said, as on one thread).
        let ranges = par::ranges(n, par::parts(n, n * m));
        let work = |mut part: Part<'_>| -> Result<(), Issue> {
            for u in part.units.clone() {
                layout.score_unit(doc, &inputs, &prepared, u, &mut part.next_row(m, nc))?;
            }
            Ok(())
        };
        let mut failed = None;
        par::run(t.parts(ranges, m, nc), work, |done| {
            if let Err(e) = done {
                failed.get_or_insert(e);
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        let mut scorer = Scorer { inputs, layout, prepared, t, extra: None, ranks: vec![None; n * m], stale: vec![false; m] };
        scorer.rank_indicators(doc, 0..m);
        Ok(scorer)
    }

    /// Ranks indicators `which` again (SCORING §6 / §9.10): county-wide over the assessed units, by
    /// rounded score. Many indicators (a new scorer) in parts, one per core, each part writing its
    /// own indicators' ranks.
    fn rank_indicators(&mut self, doc: &Document, which: std::ops::Range<usize>) {
        let s = &doc.scheme;
        let n = doc.units.len();
        let (style, dp) = (s.rank_style, s.rounding.dp);
        let mut ranks = std::mem::take(&mut self.ranks);
        let this = &*self;
        let k = par::parts(which.len(), n * which.len());
        let ranges = par::ranges(which.len(), k).map(|r| which.start + r.start..which.start + r.end);
        let pieces = split(&mut ranks[which.start * n..which.end * n], ranges.clone().map(|r| r.len() * n));
        let work = |(r, piece): (std::ops::Range<usize>, &mut [Option<u32>])| {
            let mut scored = Vec::with_capacity(n);
            for (i, column) in r.zip(piece.chunks_mut(n.max(1))) {
                this.rank_column(i, n, style, dp, column, &mut scored);
            }
        };
        par::run(ranges.zip(pieces), work, |()| ());
        self.ranks = ranks;
    }

    /// Ranks the indicators whose scores changed since they were ranked (all of them at once,
    /// in parts, when every one did). The scenario calls it after each edit, before the results.
    pub fn refresh_ranks(&mut self, doc: &Document) {
        if self.stale.iter().all(|&x| x) {
            self.rank_indicators(doc, 0..self.stale.len());
        } else {
            for i in 0..self.stale.len() {
                if self.stale[i] {
                    self.rank_indicators(doc, i..i + 1);
                }
            }
        }
        self.stale.fill(false);
    }

    /// Every indicator's ranks as they are now (`[i × n + u]`): the kept ones, with the stale
    /// indicators ranked again in a copy when there are any.
    pub(crate) fn indicator_ranks(&self, doc: &Document) -> std::borrow::Cow<'_, [Option<u32>]> {
        if !self.stale.contains(&true) {
            return std::borrow::Cow::Borrowed(&self.ranks);
        }
        let (n, s) = (doc.units.len(), &doc.scheme);
        let mut ranks = self.ranks.clone();
        let mut scored = Vec::with_capacity(n);
        for (i, column) in ranks.chunks_mut(n.max(1)).enumerate() {
            if self.stale.get(i) == Some(&true) {
                self.rank_column(i, n, s.rank_style, s.rounding.dp, column, &mut scored);
            }
        }
        std::borrow::Cow::Owned(ranks)
    }

    fn rank_column(&self, i: usize, n: usize, style: RankStyle, dp: u32, column: &mut [Option<u32>], scored: &mut Vec<(usize, i128)>) {
        scored.clear();
        scored.extend((0..n).filter_map(|u| self.shown(u, i).map(|sc| (u, crate::eval::fixed(sc, dp)))));
        column.fill(None);
        crate::rank::rank_int(scored, style, &mut |u, r| column[u] = Some(r));
    }

    /// Unit `u`'s rows of the tables, with the layout to sum them.
    fn row(&mut self, doc: &Document, u: usize) -> (&Layout, Row<'_>) {
        let (m, nc) = (doc.scheme.indicators.len(), self.layout.cat_inds.len());
        (&self.layout, self.t.row(u, m, nc))
    }

    /// Replaces unit `u`'s cell of indicator `i` (None: absent) and re-scores what it affects:
    /// the indicator for every unit of its pools when the method is relative (SCORING §3), else
    /// for `u` alone; then the affected units' category subtotal and figures. On an error (a
    /// figure beyond exact decimals) the state is left partly updated: discard the scorer.
    pub fn set_cell(
        &mut self,
        doc: &Document,
        u: usize,
        i: usize,
        cell: Option<&Fields>,
    ) -> Result<(), Issue> {
        let m = doc.scheme.indicators.len();
        let was_assessed = self.t.raw[u * m + i].is_some();
        self.inputs.set_cell(doc, u, i, cell)?;
        if doc.scheme.indicators[i].method.is_relative() {
            self.prepared[i] = prepare(doc, &self.inputs, i)?;
            for v in 0..doc.units.len() {
                self.rescore(doc, v, i)?;
            }
        } else {
            self.rescore(doc, u, i)?;
        }
        if was_assessed != self.t.raw[u * m + i].is_some() {
            let (layout, mut row) = self.row(doc, u);
            layout.sum_assessed(doc, u, &mut row)?;
            layout.sum_figures(doc, u, &mut row)?;
        }
        self.stale[i] = true;
        Ok(())
    }

    /// Takes the cells `(u, i)` as they are now in `doc` (a paste, a unit put back, an import) and
    /// re-scores what they affect, each relative indicator's pool once however many of its cells
    /// changed. Same error contract as [`Scorer::set_cell`].
    pub fn set_cells(&mut self, doc: &Document, cells: &[(usize, usize)]) -> Result<(), Issue> {
        let m = doc.scheme.indicators.len();
        let mut relative = vec![false; m];
        let mut was: Vec<bool> = Vec::with_capacity(cells.len());
        for &(u, i) in cells {
            self.stale[i] = true;
            was.push(self.t.raw[u * m + i].is_some());
            let cell = doc.inputs.get(&doc.units[u].id).and_then(|r| r.cells.get(&doc.scheme.indicators[i].id)).and_then(Option::as_ref);
            self.inputs.set_cell(doc, u, i, cell)?;
            relative[i] |= doc.scheme.indicators[i].method.is_relative();
        }
        for (i, _) in relative.iter().enumerate().filter(|(_, r)| **r) {
            self.prepared[i] = prepare(doc, &self.inputs, i)?;
            for v in 0..doc.units.len() {
                self.rescore(doc, v, i)?;
            }
        }
        for (&(u, i), was) in cells.iter().zip(was) {
            if !relative[i] {
                self.rescore(doc, u, i)?;
            }
            if was != self.t.raw[u * m + i].is_some() {
                let (layout, mut row) = self.row(doc, u);
                layout.sum_assessed(doc, u, &mut row)?;
                layout.sum_figures(doc, u, &mut row)?;
            }
        }
        Ok(())
    }

    /// A scheme edit from `old` (the document this scorer holds) to `new`: when both have the
    /// same units, the same input rows (shared, not copied), the same groups and rounding, and the
    /// same categories and indicators by id, kind and place, only the indicators whose definition
    /// changed are scored again (their metrics, pools and scores; a counts method reading the same
    /// fields) and every unit summed again (§5, for weights, caps and full marks). Ranks and awards
    /// are read from the results as always. None when the edit is not of that kind: build a new
    /// scorer. Same error contract as [`Scorer::set_cell`].
    pub fn rescheme(&mut self, old: &Document, new: &Document) -> Option<Result<(), Issue>> {
        let (os, ns) = (&old.scheme, &new.scheme);
        let same_rows = old.inputs.len() == new.inputs.len()
            && new.inputs.iter().zip(old.inputs.iter()).all(|((u, a), (v, b))| {
                u == v && a.veto == b.veto && std::sync::Arc::ptr_eq(&a.cells, &b.cells)
            });
        let same_shape = os.groups == ns.groups
            && os.rounding == ns.rounding
            && os.categories.len() == ns.categories.len()
            && os.categories.iter().zip(&ns.categories).all(|(a, b)| a.id == b.id && a.kind == b.kind)
            && os.indicators.len() == ns.indicators.len()
            && os.indicators.iter().zip(&ns.indicators).all(|(a, b)| a.id == b.id && a.category == b.category);
        if !(same_rows && same_shape && old.units == new.units) {
            return None;
        }
        let changed: Vec<usize> = (0..ns.indicators.len()).filter(|&i| os.indicators[i] != ns.indicators[i]).collect();
        if changed.iter().any(|&i| !crate::eval::count_fields_of(&os.indicators[i]).eq(crate::eval::count_fields_of(&ns.indicators[i]))) {
            return None;
        }
        Some(self.rescore_scheme(new, &changed, os.rank_style != ns.rank_style))
    }

    fn rescore_scheme(&mut self, doc: &Document, changed: &[usize], restyled: bool) -> Result<(), Issue> {
        self.layout = Layout::of(doc, &SchemeIds::of(&doc.scheme))?;
        for &i in changed {
            self.inputs.redefine(doc, i)?;
            self.prepared[i] = prepare(doc, &self.inputs, i)?;
            // Scores only: every unit is summed once below, with the new layout.
            for u in 0..doc.units.len() {
                let raw = score_cell(doc, &self.inputs, &self.prepared[i], i, u)?;
                self.row(doc, u).1.set_score(doc, i, raw);
            }
        }
        for u in 0..doc.units.len() {
            let (layout, mut row) = self.row(doc, u);
            layout.sum_unit(doc, u, &mut row)?;
        }
        // Indicator ranks read the rounded scores and the rank style only (the rounding is the
        // same: see `rescheme`).
        if restyled {
            self.stale.fill(true);
        } else {
            changed.iter().for_each(|&i| self.stale[i] = true);
        }
        Ok(())
    }

    /// What re-scoring these cells one by one would cost, in cells scored (a relative indicator's
    /// whole pool, once): callers rebuild the scorer instead when it exceeds a full scoring.
    pub fn cost(doc: &Document, cells: &[(usize, usize)]) -> usize {
        let m = doc.scheme.indicators.len();
        let mut relative = vec![false; m];
        let mut cost = 0;
        for &(_, i) in cells {
            if doc.scheme.indicators[i].method.is_relative() {
                if !std::mem::replace(&mut relative[i], true) {
                    cost += doc.units.len();
                }
            } else {
                cost += 1;
            }
        }
        cost
    }

    /// Re-scores unit `v` on indicator `i`; when the score changed, its subtotal and figures.
    fn rescore(&mut self, doc: &Document, v: usize, i: usize) -> Result<(), Issue> {
        let m = doc.scheme.indicators.len();
        let raw = score_cell(doc, &self.inputs, &self.prepared[i], i, v)?;
        if raw != self.t.raw[v * m + i] {
            let c = self.layout.ind_cat[i];
            let (layout, mut row) = self.row(doc, v);
            row.set_score(doc, i, raw);
            layout.sum_category(doc, v, c, &mut row)?;
            layout.sum_figures(doc, v, &mut row)?;
        }
        Ok(())
    }

    /// Unit `u`'s explanations (SCORING §8), one per indicator in scheme order, from the kept
    /// inputs and pools: O(indicators), where `explain::explain_unit` indexes the whole document.
    pub fn explain_unit(&self, doc: &Document, results: &crate::results::Results, u: usize, lang: crate::Lang) -> Vec<String> {
        let (Some(ur), Some(unit)) = (results.units.get(u), doc.units.get(u)) else { return Vec::new() };
        let row = doc.inputs.get(&unit.id);
        doc.scheme
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                let cell = row.and_then(|r| r.cells.get(&ind.id)).and_then(Option::as_ref);
                match (score_noted(doc, &self.inputs, &self.prepared[i], i, u, cell), ur.indicators.get(i)) {
                    (Ok((_, note)), Some(res)) => crate::explain::explain(ind, doc.scheme.rounding.dp, res, &note, lang),
                    _ => String::new(),
                }
            })
            .collect()
    }

    /// Sets or clears unit `u`'s veto (SCORING §7): it changes awards and recognitions only.
    pub fn set_veto(&mut self, u: usize, veto: bool) {
        self.inputs.set_veto(u, veto);
    }

    /// Adds `points` to unit `u`'s total (None: to nobody) — a hypothetical, to find how many
    /// points a target is short of.
    pub fn set_extra(&mut self, extra: Option<(usize, Decimal)>) {
        self.extra = extra;
    }

    /// The figures of unit `u` (§5); the total includes any hypothetical extra points.
    pub fn figures(&self, u: usize) -> Figures {
        let mut f = self.t.figures[u];
        if let Some((x, pts)) = self.extra {
            if x == u {
                f.total = f.total.saturating_add(pts);
            }
        }
        f
    }

    /// Unit `u`'s total (§5).
    pub fn total(&self, u: usize) -> Decimal {
        self.figures(u).total
    }

    /// Unit `u`'s unrounded score on indicator `i` (None: not assessed).
    pub fn raw(&self, u: usize, i: usize) -> Option<Decimal> {
        self.t.raw.get(u * self.prepared.len() + i).copied().flatten()
    }

    /// Unit `u`'s rounded subtotal of category `c` (capped, unscaled: §5 as shown).
    pub fn subtotal(&self, u: usize, c: usize) -> Decimal {
        self.t.sub_shown[u * self.layout.cat_inds.len() + c]
    }

    /// Unit `u`'s rounded score on indicator `i` (None: not assessed).
    pub fn shown(&self, u: usize, i: usize) -> Option<Decimal> {
        self.t.shown.get(u * self.prepared.len() + i).copied().flatten()
    }

    /// Whether any indicator of category `c` is assessed for unit `u`.
    pub fn category_assessed(&self, u: usize, c: usize) -> bool {
        self.t.assessed[u * self.layout.cat_inds.len() + c]
    }

    /// The category (index) of indicator `i`.
    pub fn category_of(&self, i: usize) -> usize {
        self.layout.ind_cat[i]
    }

    pub(crate) fn inputs(&self) -> &Inputs {
        &self.inputs
    }

    pub(crate) fn recognition_bases(&self) -> &[(BasisAt, Decimal)] {
        &self.layout.recognitions
    }

    pub(crate) fn tie_breakers(&self) -> &[(TieBreakerKind, Option<usize>)] {
        &self.layout.tie_breakers
    }

    /// SCORING §6–§7 for one unit, in O(units): its rank and group rank (1 + the better keys, or
    /// the distinct better keys when dense), its award (eligible rank within its scope's
    /// quotas) and its recognitions. Equal to what [`Scorer::results`] gives that unit.
    pub fn standing(&self, doc: &Document, u: usize) -> Standing {
        let s = &doc.scheme;
        let n = doc.units.len();
        let inputs = &self.inputs;
        let dp = s.rounding.dp;
        let group = inputs.unit_group[u];
        let vetoed = inputs.veto[u];
        let award_scope = s.awards.as_ref().map(|a| a.scope);
        let in_award_scope = |v: usize| award_scope != Some(crate::model::Scope::Group) || inputs.unit_group[v] == group;
        // One pass: how each unit compares with u (totals as integers first; the tie-breakers only
        // on equal totals), counted for the county, the group and the eligible units.
        let own_total = fixed(self.total(u), dp);
        let own_key = std::cell::OnceCell::new();
        let dense = s.rank_style == RankStyle::Dense;
        let (mut above, mut above_group, mut above_eligible, mut eligible) = (0u32, 0u32, 0u32, 0usize);
        let mut dense_keys: Vec<(RankKey, bool, bool)> = Vec::new();
        for v in 0..n {
            let is_eligible = !inputs.veto[v] && in_award_scope(v);
            eligible += usize::from(is_eligible);
            if v == u {
                continue;
            }
            let t = fixed(self.total(v), dp);
            let better = t > own_total || (t == own_total && self.key(doc, v) > *own_key.get_or_init(|| self.key(doc, u)));
            if !better {
                continue;
            }
            let same_group = inputs.unit_group[v] == group;
            if dense {
                dense_keys.push((self.key(doc, v), same_group, is_eligible));
            } else {
                above += 1;
                above_group += u32::from(same_group);
                above_eligible += u32::from(is_eligible);
            }
        }
        if dense {
            dense_keys.sort_by(|a, b| a.0.cmp(&b.0));
            let distinct = |keep: &dyn Fn(&(RankKey, bool, bool)) -> bool| -> u32 {
                let mut kept: Vec<&RankKey> = dense_keys.iter().filter(|k| keep(k)).map(|k| &k.0).collect();
                kept.dedup();
                u32::try_from(kept.len()).unwrap_or(u32::MAX - 1)
            };
            above = distinct(&|_| true);
            above_group = distinct(&|k| k.1);
            above_eligible = distinct(&|k| k.2);
        }
        let award = s.awards.as_ref().filter(|_| !vetoed).and_then(|aw| {
            let limits = quota_limits(aw, eligible);
            tier_of(aw, &limits, above_eligible + 1, self.total(u))
        });
        let recognitions = s
            .recognitions
            .iter()
            .zip(&self.layout.recognitions)
            .map(|(rec, &(basis, full))| {
                if rec.require_no_veto && vetoed {
                    return false;
                }
                let Some(mine) = self.basis_score(basis, u) else { return false };
                let threshold = rec.min_rate.map_or(Decimal::ZERO, |m| m.0).saturating_mul(full);
                let same_scope = |v: usize| rec.scope == crate::model::Scope::County || inputs.unit_group[v] == group;
                let better = (0..n)
                    .filter(|&v| same_scope(v) && !(rec.require_no_veto && inputs.veto[v]))
                    .filter(|&v| self.basis_score(basis, v).is_some_and(|x| x > mine))
                    .count();
                (better as u64) < rec.top_n && mine >= threshold
            })
            .collect();
        Standing { total: self.total(u), rank: above + 1, group_rank: above_group + 1, award, recognitions, vetoed }
    }
}
