//! What-if scenarios: the document's inputs are the baseline; typed entries make a scenario that
//! is re-scored at once, compared figure by figure with the baseline. Pure: the browser app's
//! reducer holds one of these and calls it on every edit.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::incremental::Scorer;
use crate::input::{parse_entry, EntryError};
use crate::model::Document;
use crate::results::{Results, UnitResult};
use crate::validate::Issue;

/// One input field: (unit id, indicator id, field name).
pub type CellKey = (String, String, String);

/// One edit against the baseline: the field, its baseline value and its value now.
pub type Edit = (CellKey, Option<Decimal>, Option<Decimal>);

/// A typed entry that is not a number: what was typed and why it was refused. The cell keeps
/// its last valid value until the entry is fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The text as typed.
    pub text: String,
    /// Why it is not a number.
    pub error: EntryError,
}

/// A baseline document and the scenario derived from it by edits.
///
/// Copies are cheap (the app keeps one per undo step): input rows are shared until edited, the
/// results are shared, and the scoring state ([`Scorer`], every cell's score) is not copied but
/// handed to the newest copy — the one the app edits next. A copy without it (an undo step brought
/// back) builds it again on its next edit.
#[derive(Debug, Clone)]
pub struct Scenario {
    baseline: Arc<Document>,
    baseline_results: Arc<Results>,
    doc: Document,
    /// Set except in a slim copy (an undo step), which scores again when it is shown.
    results: std::cell::OnceCell<Arc<Results>>,
    scorer: ScorerCache,
    rejected: BTreeMap<CellKey, Rejected>,
    /// Every field set since the baseline (a superset of the edits: some may be back to baseline).
    touched: BTreeSet<CellKey>,
    /// Why the scenario's document cannot be scored (an unfinished scheme edit); `results` then
    /// stay those of the last document that could.
    issues: Vec<Issue>,
    /// While `issues` is not empty: the last document that scored, which `results` belong to.
    scored: Option<Arc<Document>>,
}

/// The scoring state of a scenario's document, when it has one: moved to a clone, not copied.
#[derive(Default)]
struct ScorerCache(std::cell::Cell<Option<Box<Scorer>>>);

impl Clone for ScorerCache {
    /// Hands the scorer to the copy: the copy is the scenario edited next (`Rc::make_mut`), the
    /// original becomes an undo step and builds a scorer again only if it is edited itself.
    fn clone(&self) -> Self {
        ScorerCache(std::cell::Cell::new(self.0.take()))
    }
}

impl std::fmt::Debug for ScorerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScorerCache")
    }
}

/// Scores a document: validation (SCORING §8), then every cell, with the scorer kept for the
/// edits that follow.
fn score(doc: &Document, kept: Option<(&Document, Box<Scorer>)>) -> Result<(Results, Box<Scorer>), Vec<Issue>> {
    let report = crate::validate::validate_with(doc, false);
    if !report.is_ok() {
        return Err(report.errors);
    }
    // A scheme edit the kept scorer can follow re-scores only what changed; anything else (or a
    // figure beyond exact decimals on the way) is scored in full.
    let followed = kept.and_then(|(old, mut sc)| matches!(sc.rescheme(old, doc), Some(Ok(()))).then_some(sc));
    let mut scorer = match followed {
        Some(sc) => sc,
        None => Box::new(Scorer::new(doc)?),
    };
    scorer.refresh_ranks(doc);
    let mut results = scorer.results(doc);
    results.warnings = report.warnings;
    Ok((results, scorer))
}

/// How one unit's standing moved against the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDelta {
    /// Total now − total in the baseline.
    pub total: Decimal,
    /// Baseline rank − rank now (positive: moved up).
    pub rank_up: i64,
    /// Baseline group rank − group rank now.
    pub group_rank_up: i64,
    /// The award before and after, when it changed.
    pub award: Option<(Option<String>, Option<String>)>,
    /// Recognition ids won in the scenario but not in the baseline.
    pub recognitions_gained: Vec<String>,
    /// Recognition ids of the baseline lost in the scenario.
    pub recognitions_lost: Vec<String>,
}

impl UnitDelta {
    /// Whether anything moved.
    pub fn is_change(&self) -> bool {
        !self.total.is_zero()
            || self.rank_up != 0
            || self.group_rank_up != 0
            || self.award.is_some()
            || !self.recognitions_gained.is_empty()
            || !self.recognitions_lost.is_empty()
    }
}

impl Scenario {
    /// A scenario with no edits yet; the document must score.
    pub fn new(baseline: Document) -> Result<Self, Vec<Issue>> {
        let (results, scorer) = score(&baseline, None)?;
        let results = Arc::new(results);
        Ok(Scenario {
            baseline_results: Arc::clone(&results),
            doc: baseline.clone(),
            baseline: Arc::new(baseline),
            results: std::cell::OnceCell::from(results),
            scorer: ScorerCache(std::cell::Cell::new(Some(scorer))),
            rejected: BTreeMap::new(),
            touched: BTreeSet::new(),
            issues: Vec::new(),
            scored: None,
        })
    }

    /// A copy to keep as an undo step: the document and refused entries, without the results or
    /// the scoring state (at 2,000 × 100 they take some 20 MB; an undo step a few hundred KB).
    /// Shown again, it scores its document in full once. A scenario whose scheme cannot be scored
    /// keeps its results (those of its last valid document).
    pub fn slim(&self) -> Scenario {
        let results = match self.results.get() {
            Some(r) if !self.issues.is_empty() => std::cell::OnceCell::from(Arc::clone(r)),
            _ => std::cell::OnceCell::new(),
        };
        Scenario {
            baseline: Arc::clone(&self.baseline),
            baseline_results: Arc::clone(&self.baseline_results),
            doc: self.doc.clone(),
            results,
            scorer: ScorerCache::default(),
            rejected: self.rejected.clone(),
            touched: self.touched.clone(),
            issues: self.issues.clone(),
            scored: self.scored.clone(),
        }
    }

    /// Validation's warnings: they read the scheme and the units only, so input edits keep them.
    fn warnings(&self) -> Vec<Issue> {
        match self.results.get() {
            Some(r) => r.warnings.clone(),
            None => crate::validate::validate_with(&self.doc, false).warnings,
        }
    }

    /// The results, scored again in full if this is a slim copy.
    fn res(&self) -> &Arc<Results> {
        self.results.get_or_init(|| {
            let scorer = match self.scorer.0.take() {
                Some(sc) => sc,
                // A slim copy is made only of a scorable document; should it fail, nothing is shown
                // rather than a panic.
                None => match Scorer::new(&self.doc) {
                    Ok(sc) => Box::new(sc),
                    Err(_) => return Arc::clone(&self.baseline_results),
                },
            };
            self.lay_out(scorer)
        })
    }

    /// The results of the document as `scorer` holds it (ranks, awards, recognitions laid out, the
    /// validation warnings kept); the scorer stays with this scenario for the next edit.
    fn lay_out(&self, mut scorer: Box<Scorer>) -> Arc<Results> {
        scorer.refresh_ranks(&self.doc);
        let mut results = scorer.results(&self.doc);
        results.warnings = self.warnings();
        self.scorer.0.set(Some(scorer));
        Arc::new(results)
    }

    /// The explanations of one unit's scores (SCORING §8) in the results shown: from the kept
    /// scoring state when there is one (O(indicators): a 2,000-unit unit view stays instant), else
    /// by scoring the document the results belong to.
    pub fn explain_unit(&self, unit: usize, lang: crate::Lang) -> Vec<String> {
        let res = self.res();
        if self.issues.is_empty() {
            if let Some(sc) = self.scorer.0.take() {
                let out = sc.explain_unit(&self.doc, res, unit, lang);
                self.scorer.0.set(Some(sc));
                return out;
            }
        }
        // The results belong to the last valid document (the scheme is being edited): score it.
        let doc = self.scored_document();
        Scorer::new(doc).map(|sc| sc.explain_unit(doc, res, unit, lang)).unwrap_or_default()
    }

    /// Whether two scenarios hold the same state — baseline, document and refused entries — so that
    /// an action that changed nothing is no undo step, whatever path it took.
    pub fn same_state(&self, other: &Scenario) -> bool {
        Arc::ptr_eq(&self.baseline, &other.baseline) && self.rejected == other.rejected && self.doc == other.doc
    }

    /// Why the document cannot be scored now (empty when it can): the results shown are those of
    /// the last valid state.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The document the results belong to: the scenario's, or while it cannot be scored the last
    /// one that could (the ranking and unit views show that one, under a banner).
    pub fn scored_document(&self) -> &Document {
        self.scored.as_deref().unwrap_or(&self.doc)
    }

    /// Whether the scheme or the units differ from the baseline's.
    pub fn scheme_changed(&self) -> bool {
        self.doc.scheme != self.baseline.scheme || self.doc.units != self.baseline.units
    }

    /// Replaces the scenario's document (a scheme edit) and re-scores. When the new document cannot
    /// be scored, it is kept (the user is still editing) with its issues, and the results stay the
    /// last valid ones. Inputs the new document moved or dropped count as edits.
    pub fn set_document(&mut self, doc: Document) -> bool {
        // Rows the edit did not touch are shared with the current document: nothing to compare.
        let same = |a: &Document, b: &Document, u: &str| match (a.inputs.get(u), b.inputs.get(u)) {
            (Some(x), Some(y)) => Arc::ptr_eq(&x.cells, &y.cells),
            _ => false,
        };
        for (u, row) in doc.inputs.iter() {
            if same(&doc, &self.doc, u) {
                continue;
            }
            for (i, cell) in row.cells.iter() {
                for (f, v) in cell.iter().flatten() {
                    if self.doc.inputs.get(u).and_then(|r| r.field(i, f)) != *v {
                        self.touched.insert((u.clone(), i.clone(), f.clone()));
                    }
                }
            }
        }
        for (u, row) in self.doc.inputs.iter() {
            if same(&doc, &self.doc, u) {
                continue;
            }
            for (i, cell) in row.cells.iter() {
                for (f, _) in cell.iter().flatten() {
                    if doc.inputs.get(u).and_then(|r| r.cells.get(i)).and_then(|c| c.as_ref()).is_none_or(|c| !c.contains_key(f)) {
                        self.touched.insert((u.clone(), i.clone(), f.clone()));
                    }
                }
            }
        }
        self.rejected.retain(|(u, i, _), _| doc.units.iter().any(|x| &x.id == u) && doc.scheme.indicators.iter().any(|x| &x.id == i));
        let previous = std::mem::replace(&mut self.doc, doc);
        let was_scored = self.issues.is_empty();
        if self.rescore_after(Some(&previous)) {
            return true;
        }
        if was_scored && self.scored.is_none() {
            self.scored = Some(Arc::new(previous));
        }
        false
    }

    /// The scenario's document (baseline plus edits).
    pub fn document(&self) -> &Document {
        &self.doc
    }
    /// The baseline document.
    pub fn baseline(&self) -> &Document {
        &self.baseline
    }
    /// The baseline document, shared (its identity names the baseline: the charts are sent it once).
    pub fn baseline_shared(&self) -> &Arc<Document> {
        &self.baseline
    }
    /// The scenario's results.
    pub fn results(&self) -> &Results {
        self.res()
    }
    /// The baseline's results.
    pub fn baseline_results(&self) -> &Results {
        &self.baseline_results
    }
    /// Entries refused so far, by cell.
    pub fn rejected(&self) -> &BTreeMap<CellKey, Rejected> {
        &self.rejected
    }

    /// The value of a field now (None: empty).
    pub fn value(&self, unit: &str, indicator: &str, field: &str) -> Option<Decimal> {
        self.doc.inputs.get(unit).and_then(|r| r.field(indicator, field)).map(|n| n.0)
    }
    /// The value of a field in the baseline.
    pub fn baseline_value(&self, unit: &str, indicator: &str, field: &str) -> Option<Decimal> {
        self.baseline.inputs.get(unit).and_then(|r| r.field(indicator, field)).map(|n| n.0)
    }
    /// Whether a field differs from the baseline.
    pub fn is_edited(&self, unit: &str, indicator: &str, field: &str) -> bool {
        self.value(unit, indicator, field) != self.baseline_value(unit, indicator, field)
    }

    /// Units whose veto differs from the baseline.
    pub fn veto_changes(&self) -> Vec<String> {
        let veto = |d: &Document, u: &str| d.inputs.get(u).is_some_and(|r| r.veto);
        self.doc.units.iter().filter(|u| veto(&self.doc, &u.id) != veto(&self.baseline, &u.id)).map(|u| u.id.clone()).collect()
    }

    /// Whether the scenario is the baseline: no edit, no veto change, no refused entry.
    pub fn is_baseline(&self) -> bool {
        self.rejected.is_empty() && !self.scheme_changed() && self.veto_changes().is_empty() && self.edits().is_empty()
    }

    /// Every field that differs from the baseline, in unit, indicator and field order. Costs
    /// O(fields set since the baseline), not O(all cells): it is asked on every keystroke.
    pub fn edits(&self) -> Vec<Edit> {
        let pos = |u: &str| self.doc.units.iter().position(|x| x.id == u).unwrap_or(usize::MAX);
        let ipos = |i: &str| self.doc.scheme.indicators.iter().position(|x| x.id == i).unwrap_or(usize::MAX);
        let mut out: Vec<Edit> = self
            .touched
            .iter()
            .filter(|k| pos(&k.0) != usize::MAX && ipos(&k.1) != usize::MAX)
            .filter_map(|k| {
                let (before, now) = (self.baseline_value(&k.0, &k.1, &k.2), self.value(&k.0, &k.1, &k.2));
                (before != now).then(|| (k.clone(), before, now))
            })
            .collect();
        // Keys are distinct (one per field): an unstable sort orders them the same.
        out.sort_unstable_by(|((u, i, f), _, _), ((v, j, g), _, _)| (pos(u), ipos(i), f).cmp(&(pos(v), ipos(j), g)));
        out
    }

    /// Types `text` into a field, as a user does in the grid. A number (see `parse_entry`) or an
    /// empty entry replaces the value and re-scores; anything else is remembered as rejected with
    /// its message and changes nothing: the last valid value keeps counting.
    pub fn enter(&mut self, unit: &str, indicator: &str, field: &str, text: &str) -> Result<(), EntryError> {
        let key = (unit.to_string(), indicator.to_string(), field.to_string());
        let percent = self
            .doc
            .scheme
            .indicators
            .iter()
            .find(|i| i.id == indicator)
            .and_then(|i| i.uom.as_deref())
            .is_some_and(|u| u.trim() == "%" || u.trim() == "％");
        match parse_entry(text, percent) {
            Ok(v) => {
                self.rejected.remove(&key);
                self.set(unit, indicator, field, v);
                Ok(())
            }
            Err(error) => {
                self.rejected.insert(key, Rejected { text: text.to_string(), error: error.clone() });
                Err(error)
            }
        }
    }

    /// Sets a field to a value (None clears it) and re-scores what it affects (see
    /// [`Scorer::set_cell`]). Unknown ids change nothing; if the edited document cannot be scored
    /// (a figure beyond exact decimals), the edit is undone.
    pub fn set(&mut self, unit: &str, indicator: &str, field: &str, value: Option<Decimal>) -> bool {
        let before = self.value(unit, indicator, field);
        let present = self.doc.inputs.get(unit).and_then(|r| r.cells.get(indicator)).and_then(|c| c.as_ref()).is_some_and(|c| c.contains_key(field));
        if !self.doc.set_input(unit, indicator, field, value) {
            return false;
        }
        self.touched.insert((unit.to_string(), indicator.to_string(), field.to_string()));
        if !self.issues.is_empty() {
            // The scheme is being edited and cannot be scored: keep the entry; it counts once the
            // scheme is valid again.
            self.rescore();
            return true;
        }
        let cell = self.position(unit, indicator);
        if self.rescore_cells(&cell.into_iter().collect::<Vec<_>>()) {
            return true;
        }
        if present || before.is_some() {
            self.doc.set_input(unit, indicator, field, before);
        } else if let Some(Some(cell)) = self.doc.inputs.get_mut(unit).and_then(|r| Arc::make_mut(&mut r.cells).get_mut(indicator)) {
            cell.shift_remove(field);
        }
        false
    }

    /// Sets many fields as one step (a paste, an import): all or nothing, scored once. False,
    /// changing nothing, if any id is unknown or the result cannot be scored.
    pub fn set_many(&mut self, cells: &[(CellKey, Option<Decimal>)]) -> bool {
        let before = self.doc.clone();
        if !cells.iter().all(|((u, i, f), v)| self.doc.set_input(u, i, f, *v)) {
            self.doc = before;
            return false;
        }
        if self.issues.is_empty() {
            let mut at: Vec<(usize, usize)> = cells.iter().filter_map(|((u, i, _), _)| self.position(u, i)).collect();
            at.sort_unstable();
            at.dedup();
            if !self.rescore_cells(&at) {
                self.doc = before;
                return false;
            }
        } else {
            self.rescore();
        }
        for (k, _) in cells {
            self.rejected.remove(k);
            self.touched.insert(k.clone());
        }
        true
    }

    /// (unit, indicator) positions in the document, for the scorer.
    fn position(&self, unit: &str, indicator: &str) -> Option<(usize, usize)> {
        let u = self.doc.units.iter().position(|x| x.id == unit)?;
        let i = self.doc.scheme.indicators.iter().position(|x| x.id == indicator)?;
        Some((u, i))
    }

    /// Re-scores the cells `(unit, indicator)` of the (valid) document as it is now: on the kept
    /// scorer when re-scoring them costs less than scoring everything, else on a new one. False
    /// (results unchanged, scorer discarded) when the document cannot be scored.
    fn rescore_cells(&mut self, cells: &[(usize, usize)]) -> bool {
        let all = self.doc.units.len() * self.doc.scheme.indicators.len();
        let kept = self.scorer.0.take().filter(|_| Scorer::cost(&self.doc, cells) < all);
        let scorer = match kept {
            Some(mut sc) => sc.set_cells(&self.doc, cells).ok().map(|()| sc),
            None => Scorer::new(&self.doc).ok().map(Box::new),
        };
        let Some(scorer) = scorer else { return false };
        self.results = std::cell::OnceCell::from(self.lay_out(scorer));
        true
    }

    /// Sets a unit's veto and re-scores.
    pub fn set_veto(&mut self, unit: &str, veto: bool) -> bool {
        if !self.doc.set_veto(unit, veto) {
            return false;
        }
        match (self.issues.is_empty(), self.doc.units.iter().position(|x| x.id == unit), self.scorer.0.take()) {
            (true, Some(u), Some(mut sc)) => {
                sc.set_veto(u, veto);
                self.results = std::cell::OnceCell::from(self.lay_out(sc));
            }
            _ => {
                self.rescore();
            }
        }
        true
    }

    /// Puts one field back to its baseline value.
    pub fn reset_cell(&mut self, unit: &str, indicator: &str, field: &str) {
        self.rejected.remove(&(unit.to_string(), indicator.to_string(), field.to_string()));
        let base = self.baseline.inputs.get(unit).and_then(|r| r.cells.get(indicator)).cloned();
        if let Some(row) = self.doc.inputs.get_mut(unit) {
            match base {
                Some(Some(cell)) if cell.contains_key(field) => {
                    let v = cell.get(field).copied().flatten().map(|n| n.0);
                    self.doc.set_input(unit, indicator, field, v);
                }
                _ => {
                    if let Some(Some(cell)) = Arc::make_mut(&mut row.cells).get_mut(indicator) {
                        cell.shift_remove(field);
                    }
                }
            }
        }
        self.rescore_inputs(self.position(unit, indicator).into_iter().collect());
    }

    /// Puts all of one unit's inputs (and veto) back to the baseline.
    pub fn reset_unit(&mut self, unit: &str) {
        self.rejected.retain(|(u, _, _), _| u != unit);
        self.touched.retain(|(u, _, _)| u != unit);
        let veto = |d: &Document| d.inputs.get(unit).is_some_and(|r| r.veto);
        let veto_changed = veto(&self.doc) != veto(&self.baseline);
        match self.baseline.inputs.get(unit) {
            Some(row) => {
                self.doc.inputs.insert(unit.to_string(), row.clone());
            }
            None => {
                self.doc.inputs.shift_remove(unit);
            }
        }
        match self.doc.units.iter().position(|x| x.id == unit) {
            Some(u) if !veto_changed => self.rescore_inputs((0..self.doc.scheme.indicators.len()).map(|i| (u, i)).collect()),
            _ => {
                self.rescore();
            }
        }
    }

    /// After inputs changed back (a reset): the cells re-scored, or everything while the scheme
    /// cannot be scored.
    fn rescore_inputs(&mut self, cells: Vec<(usize, usize)>) {
        if !self.issues.is_empty() || !self.rescore_cells(&cells) {
            self.rescore();
        }
    }

    /// Puts everything back to the baseline.
    pub fn reset_all(&mut self) {
        self.rejected.clear();
        self.touched.clear();
        self.doc = (*self.baseline).clone();
        self.results = std::cell::OnceCell::from(Arc::clone(&self.baseline_results));
        self.scorer.0.take();
        self.issues.clear();
        self.scored = None;
    }

    /// Scores the document; on failure keeps the last results and remembers why. True if scored.
    fn rescore(&mut self) -> bool {
        self.rescore_after(None)
    }

    /// Scores the document again: after a scheme edit from `previous`, from the kept scorer when
    /// the edit allows it ([`Scorer::rescheme`]), else in full.
    fn rescore_after(&mut self, previous: Option<&Document>) -> bool {
        let kept = previous.zip(self.scorer.0.take());
        match score(&self.doc, kept) {
            Ok((r, scorer)) => {
                self.results = std::cell::OnceCell::from(Arc::new(r));
                self.scorer.0.set(Some(scorer));
                self.issues.clear();
                self.scored = None;
                true
            }
            Err(e) => {
                self.scorer.0.take();
                self.issues = e;
                false
            }
        }
    }

    /// How a unit moved against the baseline (None for an unknown unit).
    pub fn unit_delta(&self, unit: &str) -> Option<UnitDelta> {
        let i = self.res().units.iter().position(|u| u.id == unit)?;
        Some(delta(self.baseline_unit(i, unit)?, &self.res().units[i]))
    }

    /// The baseline's result of the unit at position `i` of the results: the same position while
    /// the units are the baseline's (O(1)); found by id once units were added or removed.
    fn baseline_unit(&self, i: usize, id: &str) -> Option<&UnitResult> {
        match self.baseline_results.units.get(i) {
            Some(b) if b.id == id => Some(b),
            _ => self.baseline_results.units.iter().find(|b| b.id == id),
        }
    }

    /// Every unit whose standing moved, in document order — with relative methods, an edit of one
    /// unit's inputs moves other units' scores too. O(units) while the units are the baseline's
    /// (results aligned position by position); units added by a scheme edit are not listed.
    pub fn moved_units(&self) -> Vec<(String, UnitDelta)> {
        self.res()
            .units
            .iter()
            .enumerate()
            .filter_map(|(i, now)| {
                let d = delta(self.baseline_unit(i, &now.id)?, now);
                d.is_change().then(|| (now.id.clone(), d))
            })
            .collect()
    }

    /// Score now − score in the baseline of one indicator (None when either is not assessed).
    pub fn indicator_delta(&self, unit: &str, indicator: &str) -> Option<Decimal> {
        let now = self.res().unit(unit)?.indicator(indicator)?.score?;
        let before = self.baseline_results.unit(unit)?.indicator(indicator)?.score?;
        Some(now.0 - before.0)
    }
}

fn delta(before: &UnitResult, now: &UnitResult) -> UnitDelta {
    UnitDelta {
        total: now.total.0 - before.total.0,
        rank_up: i64::from(before.rank) - i64::from(now.rank),
        group_rank_up: i64::from(before.group_rank) - i64::from(now.group_rank),
        award: (before.award != now.award).then(|| (before.award.clone(), now.award.clone())),
        recognitions_gained: now.recognitions.iter().filter(|r| !before.recognitions.contains(r)).cloned().collect(),
        recognitions_lost: before.recognitions.iter().filter(|r| !now.recognitions.contains(r)).cloned().collect(),
    }
}
