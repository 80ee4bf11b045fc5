//! 目标测算 (goal seek): what must one unit change to reach a county rank, a rank in its group, an
//! award tier, a 突出单位 recognition or a total — exactly, with relative methods taken into
//! account (when the unit improves, the others' scores on that indicator fall).
//!
//! One entry, [`seek`]. It works on the [`Scorer`] (one cell re-scored per trial) and rests on one
//! structural fact: each input field moves the unit's own standing monotonically in one direction
//! (its own score only improves, relative methods only lower the others). So for each field:
//! 1. its *full-marks point*: the nearest value in the helping direction beyond which the unit
//!    gains nothing more on that indicator (its score and its category subtotal no longer move),
//!    found by bisection on the field's step;
//! 2. the least change that reaches the target: bisection on the step between the current value
//!    and the full-marks point (exact: the target holds there and fails one step short; ties are
//!    decided by the engine's own tie-breakers, step functions are just steps).
//!
//! Steps are 0.01 for amounts, rates and scores and 1 for counts, events and survey answers.
//! Fields that help by going down (events, `direction: lower`, targets and last year's figures)
//! go down at most to 0 (targets and last year's figures to 0.01, where the rate is still defined).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::explain::{tr, Lang};
use crate::incremental::{Scorer, Standing};
use crate::model::{CategoryKind, Direction, Document, Fields, Method, Metric};
use crate::num::{parse_decimal, Num};
use crate::validate::Issue;

/// What the unit wants (`rank:6`, `group-rank:1`, `award:二等奖`, `recognition:R1`, `total:85.5`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A county rank of N or better (进入前 N 名).
    Rank(u32),
    /// A rank of N or better inside its 考核单元.
    GroupRank(u32),
    /// This award tier (by label) or a better one.
    Award(String),
    /// The 突出单位 recognition with this id.
    Recognition(String),
    /// A total of at least this.
    Total(Decimal),
}

impl FromStr for Target {
    type Err = SeekError;
    fn from_str(s: &str) -> Result<Self, SeekError> {
        let bad = || SeekError::BadTarget(s.to_string());
        let (kind, arg) = s.split_once(':').ok_or_else(bad)?;
        let (kind, arg) = (kind.trim(), arg.trim());
        let place = || arg.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(bad);
        match kind {
            "rank" => Ok(Target::Rank(place()?)),
            "group-rank" => Ok(Target::GroupRank(place()?)),
            "award" if !arg.is_empty() => Ok(Target::Award(arg.to_string())),
            "recognition" if !arg.is_empty() => Ok(Target::Recognition(arg.to_string())),
            "total" => parse_decimal(arg).map(Target::Total).ok_or_else(bad),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Rank(n) => write!(f, "rank:{n}"),
            Target::GroupRank(n) => write!(f, "group-rank:{n}"),
            Target::Award(a) => write!(f, "award:{a}"),
            Target::Recognition(r) => write!(f, "recognition:{r}"),
            Target::Total(t) => write!(f, "total:{}", t.normalize()),
        }
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Which input fields may move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldSet {
    /// The unit's own performance (实际完成, 数值, 个数, 得分, 是否完成, events, survey answers).
    #[default]
    Own,
    /// Also 目标任务 and 上年同期, which the county sets (包括目标与上年数据).
    All,
}

/// Why a goal seek cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SeekError {
    /// No unit with this id.
    #[error("unknown unit: {0}")]
    UnknownUnit(String),
    /// No award tier with this label.
    #[error("unknown award tier: {0}")]
    UnknownTier(String),
    /// No recognition with this id (or name).
    #[error("unknown recognition: {0}")]
    UnknownRecognition(String),
    /// Not one of the target forms.
    #[error("unknown target: {0}")]
    BadTarget(String),
    /// The document cannot be scored.
    #[error("the document cannot be scored")]
    Invalid(Vec<Issue>),
}

impl SeekError {
    /// The message for the user.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SeekError::UnknownUnit(u), Lang::Zh) => format!("没有编号为“{u}”的单位"),
            (SeekError::UnknownUnit(u), Lang::En) => format!("no unit with id “{u}”"),
            (SeekError::UnknownTier(t), Lang::Zh) => format!("考核方案中没有“{t}”这一奖项等次"),
            (SeekError::UnknownTier(t), Lang::En) => format!("the scheme has no award tier “{t}”"),
            (SeekError::UnknownRecognition(r), Lang::Zh) => format!("考核方案中没有编号或名称为“{r}”的突出单位评选"),
            (SeekError::UnknownRecognition(r), Lang::En) => format!("the scheme has no recognition “{r}”"),
            (SeekError::BadTarget(t), Lang::Zh) => format!(
                "无法识别的目标“{t}”：应为 rank:N、group-rank:N、award:奖项名称、recognition:编号 或 total:分数"
            ),
            (SeekError::BadTarget(t), Lang::En) => {
                format!("unknown target “{t}”: use rank:N, group-rank:N, award:LABEL, recognition:ID or total:X")
            }
            (SeekError::Invalid(issues), _) => issues
                .iter()
                .map(|i| i.text(lang))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// Where the unit stands (FORMAT `now`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Now {
    /// Total.
    #[serde(serialize_with = "num")]
    pub total: Decimal,
    /// County rank.
    pub rank: u32,
    /// Rank in its group.
    pub group_rank: u32,
    /// Award label, or null.
    pub award: Option<String>,
    /// 一票否决: no award or recognition can be reached.
    pub vetoed: bool,
}

/// One field moved alone to the least value that reaches the target, and what it gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Single {
    /// Indicator id.
    pub indicator: String,
    /// Field name.
    pub field: String,
    /// The value now (null: empty).
    #[serde(serialize_with = "num_opt")]
    pub from: Option<Decimal>,
    /// The least change that reaches the target (the largest value, for fields that help going down).
    #[serde(serialize_with = "num")]
    pub to: Decimal,
    /// The unit's total there.
    #[serde(serialize_with = "num")]
    pub total: Decimal,
    /// Its county rank there.
    pub rank: u32,
    /// Its group rank there.
    pub group_rank: u32,
    /// Its award there.
    pub award: Option<String>,
}

/// A field that cannot reach the target alone, and the best it can do (at its full-marks point).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unreachable {
    /// Indicator id.
    pub indicator: String,
    /// Field name.
    pub field: String,
    /// The value now.
    #[serde(serialize_with = "num_opt")]
    pub from: Option<Decimal>,
    /// Its full-marks point (equal to `from` when there is no room).
    #[serde(serialize_with = "num")]
    pub best_value: Decimal,
    /// The total there.
    #[serde(serialize_with = "num")]
    pub best_total: Decimal,
    /// The rank there.
    pub best_rank: u32,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Indicator id.
    pub indicator: String,
    /// Field name.
    pub field: String,
    /// The value now.
    #[serde(serialize_with = "num_opt")]
    pub from: Option<Decimal>,
    /// The value of the plan.
    #[serde(serialize_with = "num")]
    pub to: Decimal,
}

/// Several fields together: the fewest found, each at its full-marks point but the last (the least
/// that reaches the target). Scored by the engine: it reaches the target, and without any one
/// step it does not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The steps, in the order taken.
    pub steps: Vec<Step>,
    /// The total with every step.
    #[serde(serialize_with = "num")]
    pub total: Decimal,
    /// The rank with every step.
    pub rank: u32,
    /// The group rank with every step.
    pub group_rank: u32,
    /// The award with every step.
    pub award: Option<String>,
}

/// Room left on one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headroom {
    /// Indicator id.
    pub indicator: String,
    /// Score now (null: not assessed).
    #[serde(serialize_with = "num_opt")]
    pub score: Option<Decimal>,
    /// Its full score (null for bonus and penalty items without one).
    #[serde(serialize_with = "num_opt")]
    pub full: Option<Decimal>,
    /// Points the unit can still gain on it (for a penalty item: deductions it can still shed),
    /// with every movable field at its full-marks point.
    #[serde(serialize_with = "num")]
    pub available: Decimal,
    /// The input of each movable field that gives full marks.
    pub inputs: Vec<FieldValue>,
}

/// A field and a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldValue {
    /// Field name.
    pub field: String,
    /// Value.
    #[serde(serialize_with = "num")]
    pub value: Decimal,
}

/// How far one field can fall back before the unit loses its rank or its award.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldMargin {
    /// Indicator id.
    pub indicator: String,
    /// Field name.
    pub field: String,
    /// The value now.
    #[serde(serialize_with = "num_opt")]
    pub from: Option<Decimal>,
    /// The nearest value at which the current rank is lost (null: never, by this field alone).
    #[serde(serialize_with = "num_opt")]
    pub lose_rank: Option<Decimal>,
    /// The nearest value at which the current award is lost (null: never, or no award).
    #[serde(serialize_with = "num_opt")]
    pub lose_award: Option<Decimal>,
}

/// The defensive view (安全边际).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Margin {
    /// The next unit below (id) and the points the unit is ahead of it.
    pub next_below: Option<String>,
    /// Points ahead of it (total − its total).
    #[serde(serialize_with = "num_opt")]
    pub ahead: Option<Decimal>,
    /// Per field, in scheme order.
    pub fields: Vec<FieldMargin>,
}

/// The answer to "what must this unit do to reach the target?".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Seek {
    /// Unit id.
    pub unit: String,
    /// The target.
    pub target: Target,
    /// Where the unit stands.
    pub now: Now,
    /// Whether the target already holds.
    pub reached: bool,
    /// Fields that reach the target alone, easiest first (least relative change).
    pub single: Vec<Single>,
    /// Fields that cannot reach it alone, with the best each can do.
    pub unreachable: Vec<Unreachable>,
    /// When no field reaches it alone: several together (null when none is needed or none works).
    pub plan: Option<Plan>,
    /// When even every field at full marks does not reach it: the points still missing.
    #[serde(serialize_with = "num_opt")]
    pub shortfall: Option<Decimal>,
    /// Per indicator: points still available and the inputs that would give full marks.
    pub headroom: Vec<Headroom>,
    /// Points ahead of the next unit, and the change of each field that alone would lose the
    /// current rank or award.
    pub margin: Margin,
}

fn num<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    Num(v.normalize()).serialize(s)
}

fn num_opt<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    v.map(|x| Num(x.normalize())).serialize(s)
}

/// How finely a field moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grain {
    /// 0.01: amounts, rates, scores.
    Cents,
    /// 1: counts, events, survey answers.
    Whole,
    /// 0 or 1: 是否完成.
    Flag,
}

impl Grain {
    fn step(self) -> Decimal {
        match self {
            Grain::Cents => Decimal::new(1, 2),
            Grain::Whole | Grain::Flag => Decimal::ONE,
        }
    }
}

/// A field that can move, and which way helps.
#[derive(Debug, Clone)]
struct Movable {
    i: usize,
    field: String,
    grain: Grain,
    /// +1: higher helps; −1: lower helps.
    up: bool,
    from: Option<Decimal>,
    /// The grid index of the current value (rounded towards the helping direction) and the
    /// number of steps to the end of the field's domain in the helping and harming directions.
    at: i128,
    room: i128,
    harm_room: i128,
}

impl Movable {
    /// The value `d` steps in the helping direction (negative `d`: harming).
    fn value(&self, d: i128) -> Decimal {
        let k = if self.up { self.at + d } else { self.at - d };
        Decimal::from_i128_with_scale(k, 0) * self.grain.step()
    }
}

/// The far end of a field's domain going up: far enough that every method has saturated.
const FAR: i64 = 1_000_000_000_000;

/// The largest current value (in size) of a field that is searched: 10^24, so that every step of
/// its grid (0.01 up to FAR beyond it) is an exact decimal.
const SEARCHED: i128 = 1_000_000_000_000_000_000_000_000;

/// The input fields of a unit that can move, and which way each helps (see the module docs).
fn movable_fields(doc: &Document, scorer: &Scorer, u: usize, fields: FieldSet) -> Vec<Movable> {
    let mut out = Vec::new();
    let row = doc.units.get(u).and_then(|x| doc.inputs.get(&x.id));
    for (i, ind) in doc.scheme.indicators.iter().enumerate() {
        if !scorer.inputs().applicable(i, u) {
            continue;
        }
        let cell = row.and_then(|r| r.cells.get(&ind.id)).and_then(|c| c.as_ref());
        let value = |f: &str| crate::model::cell_field(cell, f).map(|n| n.0);
        let penalty = doc.scheme.categories.iter().find(|c| c.id == ind.category).is_some_and(|c| c.kind == CategoryKind::Penalty);
        let directed = matches!(
            ind.method,
            Method::RatioToBest {} | Method::RankPoints { .. } | Method::Efficacy { .. } | Method::BaseStep { .. } | Method::StandardRatio { .. } | Method::Interval { .. }
        );
        let higher = !(directed && ind.direction == Direction::Lower);
        let mut push = |field: &str, grain: Grain, up: bool| {
            out.push(Movable { i, field: field.to_string(), grain, up, from: value(field), at: 0, room: 0, harm_room: 0 });
        };
        match &ind.metric {
            Metric::Events {} | Metric::Survey {} => match &ind.method {
                Method::Deduction { per } | Method::Points { per, .. } => {
                    let deduction = matches!(ind.method, Method::Deduction { .. });
                    for (f, p) in per.iter().flatten().filter(|(_, p)| !p.0.is_zero()) {
                        // Deductions and penalty points hurt; bonus points help (by their sign).
                        let helps_up = (p.0 > Decimal::ZERO) != (deduction || penalty);
                        push(f, Grain::Whole, helps_up);
                    }
                }
                Method::Satisfaction { weights } => {
                    let ws: Vec<(&String, Decimal)> = weights.iter().flatten().map(|(k, w)| (k, w.0)).collect();
                    for (f, up) in satisfaction_moves(&ws, value) {
                        push(f, Grain::Whole, up);
                    }
                }
                _ => {}
            },
            Metric::Flag {} => push("done", Grain::Flag, true),
            metric => {
                for f in metric.required_fields() {
                    let set_by_county = matches!(*f, "target" | "last");
                    if set_by_county && fields == FieldSet::Own {
                        continue;
                    }
                    let grain = if *f == "count" { Grain::Whole } else { Grain::Cents };
                    push(f, grain, higher != set_by_county);
                }
            }
        }
    }
    // A value beyond any real statistic is not searched: the grid of steps must stay in exact range.
    out.retain(|m| m.from.is_none_or(|v| v.abs() <= Decimal::from(SEARCHED)));
    out.iter_mut().for_each(place_on_grid);
    out
}

/// The survey answers that move a weighted average, and whether more of each raises it: more
/// answers of a field pull the average towards its weight.
fn satisfaction_moves<'w>(ws: &[(&'w String, Decimal)], value: impl Fn(&str) -> Option<Decimal>) -> Vec<(&'w String, bool)> {
    // The weighted average now (checked: counts may be as large as decimals go).
    let mut n = Some(Decimal::ZERO);
    let mut sum = Some(Decimal::ZERO);
    for (f, w) in ws {
        let c = value(f).unwrap_or_default();
        n = n.and_then(|n| n.checked_add(c));
        sum = sum.and_then(|s| c.checked_mul(*w).and_then(|x| s.checked_add(x)));
    }
    let avg = match (n, sum) {
        (Some(n), _) if n.is_zero() => Some(Decimal::ZERO),
        (Some(n), Some(s)) => s.checked_div(n),
        _ => None,
    };
    ws.iter().filter_map(|(f, w)| avg.filter(|a| w != a).map(|a| (*f, *w > a))).collect()
}

/// A field's place on its grid of steps: where it is now, and how many steps it can go the way
/// that helps (`room`) and the way that harms (`harm_room`).
fn place_on_grid(m: &mut Movable) {
    let step = m.grain.step();
    let cur = m.from.unwrap_or_default();
    let grid = |x: Decimal, up: bool| -> i128 {
        let q = x / step;
        (if up { q.ceil() } else { q.floor() }).to_i128().unwrap_or(0)
    };
    // The smallest value a field may take going down (targets and bases stay positive).
    let floor = if matches!(m.field.as_str(), "target" | "last") { 1 } else { 0 };
    let (low, high) = match m.grain {
        Grain::Flag => (0, 1),
        _ => (floor, grid(cur.max(Decimal::ZERO), true) + grid(Decimal::from(FAR), true)),
    };
    m.at = grid(cur, m.up);
    let (room, harm) = if m.up { (high - m.at, m.at - low) } else { (m.at - low, high - m.at) };
    m.room = room.max(0);
    m.harm_room = harm.max(0);
}

/// A scorer with some of one unit's fields moved, to try values.
struct Trial {
    doc: Arc<Document>,
    scorer: Scorer,
    u: usize,
    /// The cells moved so far, per indicator (what `set_cell` was last given).
    moved: Vec<Option<Fields>>,
}

impl Trial {
    fn new(doc: Arc<Document>, u: usize) -> Result<Self, SeekError> {
        let scorer = Scorer::new(&doc).map_err(SeekError::Invalid)?;
        let moved = vec![None; doc.scheme.indicators.len()];
        Ok(Trial { doc, scorer, u, moved })
    }

    fn original(&self, i: usize) -> Option<&Fields> {
        let id = &self.doc.scheme.indicators[i].id;
        self.doc.inputs.get(&self.doc.units[self.u].id).and_then(|r| r.cells.get(id)).and_then(|c| c.as_ref())
    }

    /// Moves one field; false if the value cannot be scored (it is then put back).
    fn set(&mut self, i: usize, field: &str, value: Decimal) -> bool {
        let mut cell = self.moved[i].clone().or_else(|| self.original(i).cloned()).unwrap_or_default();
        cell.insert(field.to_string(), Some(Num(value)));
        if self.scorer.set_cell(&self.doc, self.u, i, Some(&cell)).is_ok() {
            self.moved[i] = Some(cell);
            true
        } else {
            self.restore(i);
            false
        }
    }

    /// Puts an indicator's cell back as the document has it.
    fn restore(&mut self, i: usize) {
        let doc = Arc::clone(&self.doc);
        let original = doc.inputs.get(&doc.units[self.u].id).and_then(|r| r.cells.get(&doc.scheme.indicators[i].id)).and_then(|c| c.as_ref());
        let _ = self.scorer.set_cell(&doc, self.u, i, original);
        self.moved[i] = None;
    }

    fn standing(&self) -> Standing {
        self.scorer.standing(&self.doc, self.u)
    }

    /// What the unit gets on indicator `i` now: its rounded score and its category's subtotal.
    fn own(&self, i: usize) -> (Option<Decimal>, Decimal) {
        let score = self.scorer.shown(self.u, i);
        (score, self.scorer.subtotal(self.u, self.scorer.category_of(i)))
    }
}

/// The least `d` in `0..=hi` for which `pred` holds, given that it holds at `hi` and is monotone.
fn least(hi: i128, mut pred: impl FnMut(i128) -> bool) -> i128 {
    let (mut lo, mut hi) = (0i128, hi);
    if pred(0) {
        return 0;
    }
    // pred(lo) false, pred(hi) true.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Whether a standing meets the target (`tier`/`rec`: the target's index in the scheme).
fn meets(t: &Target, st: &Standing, tier: Option<usize>, rec: Option<usize>) -> bool {
    match t {
        Target::Rank(n) => st.rank <= *n,
        Target::GroupRank(n) => st.group_rank <= *n,
        Target::Award(_) => st.award.zip(tier).is_some_and(|(a, t)| a <= t),
        Target::Recognition(_) => rec.and_then(|r| st.recognitions.get(r).copied()).unwrap_or(false),
        Target::Total(x) => st.total >= *x,
    }
}

/// 目标测算: for unit `unit` of `doc` (scored as it is, what-if edits included), every field that
/// reaches `target` alone with its least change, those that cannot, a plan when none can alone,
/// the headroom per indicator and the margins. Exact: every figure is the engine's.
pub fn seek(doc: &Document, unit: &str, target: &Target, fields: FieldSet) -> Result<Seek, SeekError> {
    let mut seeker = Seeker::new(Arc::new(doc.clone()), unit, target, fields)?;
    while !seeker.step() {}
    Ok(seeker.finish())
}

/// Where a [`Seeker`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Field k: its full-marks point and its least change.
    Field(usize),
    /// The plan (or the shortfall), and the headroom.
    Plan,
    /// Field k's margin.
    Margin(usize),
    /// Finished.
    Done,
}

/// A goal seek done one step at a time (a field per step), so that a browser can show progress,
/// stay responsive and cancel: `while !s.step() {}` then `s.finish()` is [`seek`].
pub struct Seeker {
    trial: Trial,
    target: Target,
    tier: Option<usize>,
    rec: Option<usize>,
    tiers: Vec<String>,
    now: Standing,
    reached: bool,
    movable: Vec<Movable>,
    best_of: Vec<(i128, Standing)>,
    single: Vec<Single>,
    unreachable: Vec<Unreachable>,
    plan: Option<Plan>,
    shortfall: Option<Decimal>,
    headroom: Vec<Headroom>,
    margins: Vec<FieldMargin>,
    phase: Phase,
}

impl Seeker {
    /// Checks the arguments and scores the document once.
    pub fn new(doc: Arc<Document>, unit: &str, target: &Target, fields: FieldSet) -> Result<Self, SeekError> {
        let u = doc.units.iter().position(|x| x.id == unit).ok_or_else(|| SeekError::UnknownUnit(unit.to_string()))?;
        let s = &doc.scheme;
        let tiers: Vec<String> = s.awards.iter().flat_map(|a| a.tiers.iter().map(|t| t.label.clone())).collect();
        let tier = match target {
            Target::Award(label) => Some(tiers.iter().position(|t| t == label).ok_or_else(|| SeekError::UnknownTier(label.clone()))?),
            _ => None,
        };
        let rec = match target {
            Target::Recognition(r) => Some(
                s.recognitions.iter().position(|x| x.id == *r || x.name == *r).ok_or_else(|| SeekError::UnknownRecognition(r.clone()))?,
            ),
            _ => None,
        };
        let report = crate::validate::validate_with(&doc, false);
        if !report.is_ok() {
            return Err(SeekError::Invalid(report.errors));
        }
        let trial = Trial::new(doc, u)?;
        let now = trial.standing();
        let reached = meets(target, &now, tier, rec);
        let movable = movable_fields(&trial.doc, &trial.scorer, u, fields);
        let phase = if movable.is_empty() { Phase::Plan } else { Phase::Field(0) };
        Ok(Seeker {
            trial,
            target: target.clone(),
            tier,
            rec,
            tiers,
            now,
            reached,
            best_of: Vec::with_capacity(movable.len()),
            movable,
            single: Vec::new(),
            unreachable: Vec::new(),
            plan: None,
            shortfall: None,
            headroom: Vec::new(),
            margins: Vec::new(),
            phase,
        })
    }

    /// Steps done and steps in all.
    pub fn progress(&self) -> (usize, usize) {
        let n = self.movable.len();
        let done = match self.phase {
            Phase::Field(k) => k,
            Phase::Plan => n,
            Phase::Margin(k) => n + 1 + k,
            Phase::Done => 2 * n + 1,
        };
        (done, 2 * n + 1)
    }

    fn label(&self, a: Option<usize>) -> Option<String> {
        a.and_then(|t| self.tiers.get(t)).cloned()
    }

    fn goal(&self, st: &Standing) -> bool {
        meets(&self.target, st, self.tier, self.rec)
    }

    /// Does the next piece of work; true when everything is done.
    pub fn step(&mut self) -> bool {
        let n = self.movable.len();
        self.phase = match self.phase {
            Phase::Field(k) => {
                self.field(k);
                if k + 1 < n { Phase::Field(k + 1) } else { Phase::Plan }
            }
            Phase::Plan => {
                self.single.sort_by(|a, b| relative(a.from, a.to).cmp(&relative(b.from, b.to)).then_with(|| a.indicator.cmp(&b.indicator)));
                let points_cannot = self.now.vetoed && matches!(self.target, Target::Award(_) | Target::Recognition(_));
                if !(self.reached || !self.single.is_empty() || points_cannot) {
                    let (target, tier, rec, tiers) = (self.target.clone(), self.tier, self.rec, self.tiers.clone());
                    let goal = move |st: &Standing| meets(&target, st, tier, rec);
                    let label = move |a: Option<usize>| a.and_then(|t| tiers.get(t)).cloned();
                    (self.plan, self.shortfall) = plan(&mut self.trial, &self.movable, &self.best_of, &self.now, &goal, &label, &self.target);
                }
                self.headroom = headroom(&mut self.trial, &self.movable);
                if n > 0 { Phase::Margin(0) } else { Phase::Done }
            }
            Phase::Margin(k) => {
                let m = self.movable[k].clone();
                let fm = field_margin(&mut self.trial, &m, &self.now);
                self.margins.push(fm);
                if k + 1 < n { Phase::Margin(k + 1) } else { Phase::Done }
            }
            Phase::Done => Phase::Done,
        };
        self.phase == Phase::Done
    }

    /// Field k: its full-marks point and, alone, the least change that reaches the target.
    fn field(&mut self, k: usize) {
        let mut m = self.movable[k].clone();
        let full = full_marks(&mut self.trial, &m, true);
        m.room = full;
        let (i, f) = (m.i, m.field.clone());
        self.trial.set(i, &f, m.value(full));
        let at_full = self.trial.standing();
        let id = self.trial.doc.scheme.indicators[i].id.clone();
        if !self.reached {
            if self.goal(&at_full) {
                let (target, tier, rec) = (self.target.clone(), self.tier, self.rec);
                let trial = &mut self.trial;
                let d = least(full, |d| trial.set(i, &f, m.value(d)) && meets(&target, &trial.standing(), tier, rec));
                self.trial.set(i, &f, m.value(d));
                let st = self.trial.standing();
                self.single.push(Single {
                    indicator: id,
                    field: f,
                    from: m.from,
                    to: m.value(d),
                    total: st.total,
                    rank: st.rank,
                    group_rank: st.group_rank,
                    award: self.label(st.award),
                });
            } else {
                self.unreachable.push(Unreachable {
                    indicator: id,
                    field: f,
                    from: m.from,
                    best_value: m.value(full),
                    best_total: at_full.total,
                    best_rank: at_full.rank,
                });
            }
        }
        self.trial.restore(i);
        self.best_of.push((full, at_full));
        self.movable[k] = m;
    }

    /// The answer (complete once `step` said so).
    pub fn finish(self) -> Seek {
        let (next_below, ahead) = next_below(&self.trial, &self.now);
        let now = Now {
            total: self.now.total,
            rank: self.now.rank,
            group_rank: self.now.group_rank,
            award: self.label(self.now.award),
            vetoed: self.now.vetoed,
        };
        Seek {
            unit: self.trial.doc.units[self.trial.u].id.clone(),
            target: self.target,
            now,
            reached: self.reached,
            single: self.single,
            unreachable: self.unreachable,
            plan: self.plan,
            shortfall: self.shortfall,
            headroom: self.headroom,
            margin: Margin { next_below, ahead, fields: self.margins },
        }
    }
}

/// The relative change from → to, for sorting: |Δ| / |from| (from empty or 0: |Δ| alone, after
/// every relative change).
fn relative(from: Option<Decimal>, to: Decimal) -> (bool, Decimal) {
    let f = from.unwrap_or_default();
    let delta = to.checked_sub(f).map_or(Decimal::MAX, |x| x.abs());
    if f.is_zero() {
        (true, delta)
    } else {
        (false, delta.checked_div(f.abs()).unwrap_or(Decimal::MAX))
    }
}

/// Steps from the current value to the field's full-marks point (`help`) or zero-marks point
/// (`!help`): the nearest value beyond which neither its indicator's score nor its category's
/// subtotal moves any more. Leaves the field where it was.
fn full_marks(trial: &mut Trial, m: &Movable, help: bool) -> i128 {
    let (room, sign) = if help { (m.room, 1) } else { (m.harm_room, -1) };
    if room == 0 {
        return 0;
    }
    let (i, f) = (m.i, m.field.clone());
    let end = if trial.set(i, &f, m.value(sign * room)) { Some(trial.own(i)) } else { None };
    let d = match end {
        None => 0,
        Some(end) => least(room, |d| {
            trial.set(i, &f, m.value(sign * d)) && {
                let (score, sub) = trial.own(i);
                score == end.0 || sub == end.1
            }
        }),
    };
    trial.restore(i);
    d
}

/// A plan of several fields (see [`Plan`]); or, when even all of them do not reach the target,
/// the points still missing.
fn plan(
    trial: &mut Trial,
    movable: &[Movable],
    best_of: &[(i128, Standing)],
    now: &Standing,
    goal: &dyn Fn(&Standing) -> bool,
    label: &dyn Fn(Option<usize>) -> Option<String>,
    target: &Target,
) -> (Option<Plan>, Option<Decimal>) {
    let candidates: Vec<usize> = (0..movable.len()).filter(|&k| best_of[k].0 > 0).collect();
    let all: Vec<(usize, i128)> = candidates.iter().map(|&k| (k, best_of[k].0)).collect();
    if !goal(&apply(trial, movable, &all)) {
        // Points short: the least extra total that would reach the target (not for recognitions,
        // which rank a basis score, nor for a vetoed unit's awards).
        if matches!(target, Target::Recognition(_)) || now.vetoed && matches!(target, Target::Award(_)) {
            return (None, None);
        }
        return (None, points_short(trial, movable, &all, goal));
    }
    let mut best: Option<Vec<(usize, i128)>> = None;
    for order in orders(movable, best_of, now, &candidates) {
        let steps = fewest_steps(trial, movable, best_of, &order, goal);
        if best.as_ref().is_none_or(|b| steps.len() < b.len()) {
            best = Some(steps);
        }
    }
    let Some(steps) = best else { return (None, None) };
    let st = apply(trial, movable, &steps);
    let plan = Plan {
        steps: steps
            .iter()
            .map(|&(k, d)| Step {
                indicator: trial.doc.scheme.indicators[movable[k].i].id.clone(),
                field: movable[k].field.clone(),
                from: movable[k].from,
                to: movable[k].value(d),
            })
            .collect(),
        total: st.total,
        rank: st.rank,
        group_rank: st.group_rank,
        award: label(st.award),
    };
    (Some(plan), None)
}

/// Where the unit stands with fields `set` moved by their distances (then put back).
fn apply(trial: &mut Trial, movable: &[Movable], set: &[(usize, i128)]) -> Standing {
    for &(k, d) in set {
        trial.set(movable[k].i, &movable[k].field, movable[k].value(d));
    }
    let st = trial.standing();
    for &(k, _) in set {
        trial.restore(movable[k].i);
    }
    st
}

/// With every field of `all` moved, the least extra total (in cents of the scheme's rounding) that
/// would reach the target; None beyond 10^9 cents.
fn points_short(trial: &mut Trial, movable: &[Movable], all: &[(usize, i128)], goal: &dyn Fn(&Standing) -> bool) -> Option<Decimal> {
    for &(k, d) in all {
        trial.set(movable[k].i, &movable[k].field, movable[k].value(d));
    }
    let cent = Decimal::new(1, trial.doc.scheme.rounding.dp);
    let u = trial.u;
    let mut hi = 1i128;
    let reach = |trial: &mut Trial, e: i128| {
        trial.scorer.set_extra(Some((u, cent * Decimal::from_i128_with_scale(e, 0))));
        goal(&trial.standing())
    };
    while hi < 1_000_000_000 && !reach(trial, hi) {
        hi *= 2;
    }
    let short = if reach(trial, hi) { Some(cent * Decimal::from_i128_with_scale(least(hi, |e| reach(trial, e)), 0)) } else { None };
    trial.scorer.set_extra(None);
    for &(k, _) in all {
        trial.restore(movable[k].i);
    }
    short
}

/// The two orders the plan tries the fields in: most points per relative change first, and most
/// points first.
fn orders(movable: &[Movable], best_of: &[(i128, Standing)], now: &Standing, candidates: &[usize]) -> [Vec<usize>; 2] {
    let gain = |k: usize| best_of[k].1.total.saturating_sub(now.total);
    let mut by_efficiency = candidates.to_vec();
    let eff = |k: usize| {
        let m = &movable[k];
        let (zero, rel) = relative(m.from, m.value(best_of[k].0));
        let rel = if zero || rel.is_zero() { Decimal::ONE } else { rel };
        gain(k).checked_div(rel).unwrap_or_default()
    };
    by_efficiency.sort_by(|a, b| eff(*b).cmp(&eff(*a)).then_with(|| gain(*b).cmp(&gain(*a))));
    let mut by_gain = candidates.to_vec();
    by_gain.sort_by_key(|k| std::cmp::Reverse(gain(*k)));
    [by_efficiency, by_gain]
}

/// The fewest steps in one order: each field at its full-marks point until the target holds, every
/// step the target does not need dropped, and the last one taken only as far as needed.
fn fewest_steps(trial: &mut Trial, movable: &[Movable], best_of: &[(i128, Standing)], order: &[usize], goal: &dyn Fn(&Standing) -> bool) -> Vec<(usize, i128)> {
    let mut steps: Vec<(usize, i128)> = Vec::new();
    for &k in order {
        steps.push((k, best_of[k].0));
        if goal(&apply(trial, movable, &steps)) {
            break;
        }
    }
    let mut j = 0;
    while steps.len() > 1 && j + 1 < steps.len() {
        let without: Vec<(usize, i128)> = steps.iter().enumerate().filter(|(x, _)| *x != j).map(|(_, s)| *s).collect();
        if goal(&apply(trial, movable, &without)) {
            steps = without;
        } else {
            j += 1;
        }
    }
    if let Some(&(k, full)) = steps.last() {
        let head = steps[..steps.len() - 1].to_vec();
        let d = least(full, |d| {
            let mut s = head.clone();
            s.push((k, d));
            goal(&apply(trial, movable, &s))
        });
        let n = steps.len();
        steps[n - 1].1 = d;
    }
    steps
}

/// Per indicator: score, full, the points still available with every movable field at its
/// full-marks point, and those points (`movable[k].room` holds each field's full-marks distance).
fn headroom(trial: &mut Trial, movable: &[Movable]) -> Vec<Headroom> {
    let doc = Arc::clone(&trial.doc);
    let mut out = Vec::new();
    for (i, ind) in doc.scheme.indicators.iter().enumerate() {
        let mine: Vec<&Movable> = movable.iter().filter(|m| m.i == i).collect();
        let (score, sub) = trial.own(i);
        let mut inputs = Vec::new();
        for m in &mine {
            if m.room > 0 {
                trial.set(i, &m.field, m.value(m.room));
            }
            inputs.push(FieldValue { field: m.field.clone(), value: m.value(m.room) });
        }
        let (best, best_sub) = trial.own(i);
        trial.restore(i);
        // What the unit gains: the indicator's score, as far as its category's cap lets it count.
        let available = match (score, best) {
            (Some(a), Some(b)) => b.saturating_sub(a).abs().min(best_sub.saturating_sub(sub).abs()),
            _ => Decimal::ZERO,
        };
        if score.is_none() && mine.is_empty() {
            continue;
        }
        out.push(Headroom { indicator: ind.id.clone(), score, full: ind.full.map(|f| f.0), available, inputs });
    }
    out
}

/// The defensive view's head: the next unit below and the points the unit is ahead of it.
fn next_below(trial: &Trial, now: &Standing) -> (Option<String>, Option<Decimal>) {
    let doc = &trial.doc;
    let u = trial.u;
    let own_key = trial.scorer.key(doc, u);
    let below = (0..doc.units.len()).filter(|&v| v != u).map(|v| (trial.scorer.key(doc, v), v)).filter(|(k, _)| *k < own_key).max();
    match below {
        Some((_, v)) => (Some(doc.units[v].id.clone()), Some(now.total.saturating_sub(trial.scorer.total(v)))),
        None => (None, None),
    }
}

/// One field's margin: the nearest value (in its harming direction, up to its zero-marks point)
/// that alone loses the rank or the award.
fn field_margin(trial: &mut Trial, m: &Movable, now: &Standing) -> FieldMargin {
    let worst = full_marks(trial, m, false);
    let (i, f) = (m.i, m.field.clone());
    let mut lose = |keeps: &dyn Fn(&Standing) -> bool| -> Option<Decimal> {
        let lost_at_worst = trial.set(i, &f, m.value(-worst)) && !keeps(&trial.standing());
        let out = lost_at_worst.then(|| {
            let d = least(worst, |d| trial.set(i, &f, m.value(-d)) && !keeps(&trial.standing()));
            m.value(-d)
        });
        trial.restore(i);
        out
    };
    let lose_rank = if worst > 0 { lose(&|st: &Standing| st.rank <= now.rank) } else { None };
    let lose_award = match now.award {
        Some(a) if worst > 0 => lose(&|st: &Standing| st.award.is_some_and(|x| x <= a)),
        _ => None,
    };
    FieldMargin { indicator: trial.doc.scheme.indicators[i].id.clone(), field: f, from: m.from, lose_rank, lose_award }
}

/// The label of a field for the interface (the indicator's label, else the standard one).
pub fn field_label(doc: &Document, indicator: &str, field: &str, lang: Lang) -> String {
    doc.scheme
        .indicators
        .iter()
        .find(|x| x.id == indicator)
        .and_then(|ind| crate::input::input_fields(ind, lang).into_iter().find(|f| f.name == field))
        .map_or_else(|| field.to_string(), |f| f.label)
}

/// "进入前 6 名" / "top 6" …: the target in words.
pub fn target_words(doc: &Document, t: &Target, lang: Lang) -> String {
    match (t, lang) {
        (Target::Rank(n), Lang::Zh) => format!("全县前 {n} 名"),
        (Target::Rank(n), Lang::En) => format!("top {n} in the county"),
        (Target::GroupRank(n), Lang::Zh) => format!("考核单元第 {n} 名"),
        (Target::GroupRank(n), Lang::En) => format!("top {n} in its group"),
        (Target::Award(a), Lang::Zh) => format!("{a}（或更高）"),
        (Target::Award(a), Lang::En) => format!("{a} (or better)"),
        (Target::Recognition(r), _) => {
            let name = doc.scheme.recognitions.iter().find(|x| x.id == *r).map_or(r.as_str(), |x| x.name.as_str());
            format!("{}{name}", tr(lang, "", "recognition: "))
        }
        (Target::Total(x), Lang::Zh) => format!("总分达到 {}", x.normalize()),
        (Target::Total(x), Lang::En) => format!("a total of {}", x.normalize()),
    }
}

/// A value as typed (no trailing zeros; "空" / "empty" for none).
pub fn show_value(v: Option<Decimal>, lang: Lang) -> String {
    v.map_or_else(|| tr(lang, "空", "empty").to_string(), |d| d.normalize().to_string())
}

/// "规模以上工业总产值完成情况 · 实际完成：43680 → 53471.88（+22.4%）": one field's change in words.
pub fn change_text(doc: &Document, indicator: &str, field: &str, from: Option<Decimal>, to: Decimal, lang: Lang) -> String {
    let name = doc.scheme.indicators.iter().find(|x| x.id == indicator).map_or(indicator, |x| x.name.as_str());
    let label = field_label(doc, indicator, field, lang);
    let ratio = |f: Decimal| to.checked_sub(f)?.checked_div(f.abs())?.checked_mul(Decimal::ONE_HUNDRED);
    let pct = from.filter(|f| !f.is_zero()).and_then(ratio).map(|r| {
        let p = crate::num::round_half_up(r, 1);
        let sign = if p.is_sign_negative() { "" } else { "+" };
        match lang {
            Lang::Zh => format!("（{sign}{}%）", p.normalize()),
            Lang::En => format!(" ({sign}{}%)", p.normalize()),
        }
    });
    let sep = tr(lang, "：", ": ");
    format!("{name} · {label}{sep}{} → {}{}", show_value(from, lang), to.normalize(), pct.unwrap_or_default())
}

/// "降至 2456.99 时失去第 9 名" / "增至 3 时失去二等奖": where a field alone loses what the unit has.
pub fn loss_text(from: Option<Decimal>, at: Decimal, what: &str, lang: Lang) -> String {
    let down = at < from.unwrap_or_default();
    match lang {
        Lang::Zh => format!("{}{} 时失去{what}", if down { "降至 " } else { "增至 " }, at.normalize()),
        Lang::En => format!("{} {} loses {what}", if down { "down to" } else { "up to" }, at.normalize()),
    }
}

/// "最多 78.72 分，第 9 名" (or "已无提升空间" when the field is already at its full-marks point).
pub fn best_text(x: &Unreachable, dp: u32, lang: Lang) -> String {
    let total = crate::num::show_dp(x.best_total, dp);
    let at_best = x.from == Some(x.best_value) || (x.from.is_none() && x.best_value.is_zero());
    match (at_best, lang) {
        (true, Lang::Zh) => format!("已无提升空间（{total} 分，第 {} 名）", x.best_rank),
        (true, Lang::En) => format!("no room left ({total} points, rank {})", x.best_rank),
        (false, Lang::Zh) => format!("最多 {total} 分，第 {} 名", x.best_rank),
        (false, Lang::En) => format!("at most {total} points, rank {}", x.best_rank),
    }
}
