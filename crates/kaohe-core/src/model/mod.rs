//! The assessment document of FORMAT §1: scheme, units and inputs, as serde types.
//!
//! Every structure denies unknown keys, so a typo is an error with its path, never silently ignored.
//! Optional parameters are `Option`s here; defaults and required-ness are applied by `validate`
//! and the engine, so that a missing parameter is reported with its full path.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::num::Num;

mod flat;

/// The one document version this build reads and writes (FORMAT §1).
pub const SCHEMA_VERSION: u64 = 1;

/// FORMAT §1: one whole assessment (scheme, units, inputs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Must be 1 (SCORING §9.13).
    pub schema_version: u64,
    /// The rules.
    pub scheme: Scheme,
    /// The townships and streets assessed, in display order.
    pub units: Vec<Unit>,
    /// `inputs[unit][indicator][field]`.
    #[serde(default)]
    pub inputs: IndexMap<String, UnitInputs>,
}

/// FORMAT §1 `scheme`: everything but the units and their data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// Stable id of the scheme (used by presets and share links).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Assessment year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    /// Nominal full base total (usually 100); only used for a consistency warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_total: Option<Num>,
    /// SCORING §1 rounding; partial objects take defaults.
    #[serde(default)]
    pub rounding: Rounding,
    /// SCORING §6 rank style.
    #[serde(default)]
    pub rank_style: RankStyle,
    /// SCORING §6 tie-breakers, in order.
    #[serde(default)]
    pub tie_breakers: Vec<TieBreaker>,
    /// 考核单元.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Categories, in display order.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Indicators, in display order.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// SCORING §7 awards; absent means every award is null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awards: Option<Awards>,
    /// SCORING §7 突出单位 rules.
    #[serde(default)]
    pub recognitions: Vec<Recognition>,
}

/// SCORING §1 rounding settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Decimal places (default 2).
    #[serde(default = "default_dp")]
    pub dp: u32,
    /// Half-up (default) or half-even.
    #[serde(default)]
    pub mode: RoundingMode,
    /// Round each indicator (default) or only subtotals and the total.
    #[serde(default)]
    pub stage: RoundingStage,
}

fn default_dp() -> u32 {
    2
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding { dp: 2, mode: RoundingMode::HalfUp, stage: RoundingStage::Indicator }
    }
}

/// SCORING §1 rounding mode (defined with the arithmetic that applies it).
pub use crate::num::RoundingMode;

/// SCORING §1 rounding stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingStage {
    /// Each indicator score is rounded; sums are exact sums of rounded scores.
    #[default]
    Indicator,
    /// Scores stay unrounded inside; subtotals and the total are rounded from unrounded sums.
    Total,
}

/// SCORING §6 rank style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankStyle {
    /// 1, 2, 2, 4.
    #[default]
    Competition,
    /// 1, 2, 2, 3.
    Dense,
}

/// SCORING §6 a tie-breaker key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieBreaker {
    /// What the id names.
    pub kind: TieBreakerKind,
    /// A category or indicator id.
    pub id: String,
}

/// What a tie-breaker compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreakerKind {
    /// A category's rounded subtotal.
    Category,
    /// An indicator's rounded score.
    Indicator,
}

/// An assessment group (考核单元).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Unique group id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// SCORING §5 a category of indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Unique category id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// base, bonus or penalty.
    pub kind: CategoryKind,
    /// Nominal full score (for the Σ-full warning and recognitions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full: Option<Num>,
    /// Cap on the subtotal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Num>,
    /// Weight folded into the total (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Num>,
    /// Whether the subtotal gets county and group ranks.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub report_rank: bool,
}

/// SCORING §5 category kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    /// Counts toward the base total.
    Base,
    /// Bonus points (加分), added.
    Bonus,
    /// Deductions (扣分), subtracted; points are positive.
    Penalty,
}

/// SCORING §2–§4 one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Unique indicator id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The category id.
    pub category: String,
    /// Full score w; may be null for `points` items only.
    #[serde(default)]
    pub full: Option<Num>,
    /// Unit of measure, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uom: Option<String>,
    /// How the value is computed from the inputs.
    pub metric: Metric,
    /// How the value becomes a score.
    pub method: Method,
    /// Pool of relative methods (default county).
    #[serde(default)]
    pub scope: Scope,
    /// Higher or lower is better (default higher).
    #[serde(default)]
    pub direction: Direction,
    /// Policy for missing inputs (default zero).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<Policy>,
    /// Policy for a completion target of 0 (default full).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_target: Option<Policy>,
    /// Policy for a growth base ≤ 0 (default zero).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_base: Option<Policy>,
    /// Group ids assessed on this indicator (null: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Vec<String>>,
    /// Display labels of input fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<IndexMap<String, String>>,
}

/// SCORING §3 pool scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The whole county.
    #[default]
    County,
    /// The unit's own group.
    Group,
}

/// SCORING §3 direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better.
    #[default]
    Higher,
    /// Lower is better.
    Lower,
}

/// SCORING §2 status policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Score 0 (assessed).
    Zero,
    /// The indicator's full score (assessed).
    Full,
    /// Not assessed for that unit (§5 rescaling).
    Exclude,
}

/// SCORING §2 metric kinds. Read by hand (`flat.rs`): `{"kind": …, parameters}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Metric {
    /// actual/target, optionally capped at `raw_cap`.
    Completion {
        /// Cap on the completion rate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        raw_cap: Option<Num>,
    },
    /// (actual − last)/last × 100.
    Growth {},
    /// The `value` field.
    Value {},
    /// The `count` field.
    Count {},
    /// The `score` field.
    Direct {},
    /// Named event counts.
    Events {},
    /// Named survey answer counts.
    Survey {},
    /// The `done` field, 1 or 0.
    Flag {},
}

impl Metric {
    /// The metric's kind name as in the document.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Metric::Completion { .. } => "completion",
            Metric::Growth {} => "growth",
            Metric::Value {} => "value",
            Metric::Count {} => "count",
            Metric::Direct {} => "direct",
            Metric::Events {} => "events",
            Metric::Survey {} => "survey",
            Metric::Flag {} => "flag",
        }
    }

    /// The input fields the metric requires (empty for events and survey, whose fields are free).
    pub fn required_fields(&self) -> &'static [&'static str] {
        match self {
            Metric::Completion { .. } => &["actual", "target"],
            Metric::Growth {} => &["actual", "last"],
            Metric::Value {} => &["value"],
            Metric::Count {} => &["count"],
            Metric::Direct {} => &["score"],
            Metric::Flag {} => &["done"],
            Metric::Events {} | Metric::Survey {} => &[],
        }
    }

    /// Whether the metric's value is a map of counts (events, survey) rather than one number.
    pub fn is_counts(&self) -> bool {
        matches!(self, Metric::Events {} | Metric::Survey {})
    }
}

/// `base_step`'s benchmark: a number or the mean of a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Benchmark {
    /// A fixed number.
    Fixed(Num),
    /// The mean of the county pool.
    CountyAvg,
    /// The mean of the unit's group pool.
    GroupAvg,
}

impl Serialize for Benchmark {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Benchmark::Fixed(n) => n.serialize(s),
            Benchmark::CountyAvg => s.serialize_str("county_avg"),
            Benchmark::GroupAvg => s.serialize_str("group_avg"),
        }
    }
}

impl<'de> Deserialize<'de> for Benchmark {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Benchmark;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, \"county_avg\" or \"group_avg\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Benchmark, E> {
                match v {
                    "county_avg" => Ok(Benchmark::CountyAvg),
                    "group_avg" => Ok(Benchmark::GroupAvg),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Benchmark, E> {
                Ok(Benchmark::Fixed(Num(v.into())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Benchmark, E> {
                Ok(Benchmark::Fixed(Num(v.into())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Benchmark, A::Error> {
                Num::deserialize(de::value::MapAccessDeserializer::new(map)).map(Benchmark::Fixed)
            }
        }
        d.deserialize_any(V)
    }
}

/// `base_step` granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Partial steps count proportionally.
    #[default]
    Continuous,
    /// Only whole steps count (floor).
    Whole,
}

/// SCORING §4 the 13 scoring methods with their parameters (defaults applied by the engine).
/// Read by hand (`flat.rs`): `{"kind": …, parameters}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Method {
    /// w × clamp(v, 0, cap_rate), 0 below floor_rate.
    CompletionLinear {
        /// Below this rate: 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        floor_rate: Option<Num>,
        /// Rate cap (default 1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap_rate: Option<Num>,
    },
    /// w × v / best of the pool.
    RatioToBest {},
    /// Points by competition rank in the pool.
    RankPoints {
        /// Points lost per place.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<Num>,
        /// Lowest score (default 0).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        floor: Option<Num>,
        /// Points per place, replacing `step`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<Vec<Num>>,
    },
    /// 功效系数: w × (base + (1 − base) × f).
    Efficacy {
        /// Base share (default 0.6).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Num>,
        /// Fixed low end (default pool min).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lo: Option<Num>,
        /// Fixed high end (default pool max).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hi: Option<Num>,
    },
    /// Base points plus/minus steps against a benchmark.
    BaseStep {
        /// Number, `county_avg` or `group_avg`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        benchmark: Option<Benchmark>,
        /// Points at the benchmark.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Num>,
        /// Points per step above.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        up: Option<Num>,
        /// Size of a step above.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        up_unit: Option<Num>,
        /// Points per step below.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        down: Option<Num>,
        /// Size of a step below.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        down_unit: Option<Num>,
        /// continuous (default) or whole steps.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        granularity: Option<Granularity>,
        /// Upper clamp (default w).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Num>,
    },
    /// std_score × v / std_value.
    StandardRatio {
        /// The standard value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        std_value: Option<Num>,
        /// Points at the standard value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        std_score: Option<Num>,
        /// Lower clamp (default 0).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Num>,
        /// Upper clamp (default w).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Num>,
    },
    /// Points of the first band reached.
    Interval {
        /// [[bound, points], …] in order.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bands: Option<Vec<(Num, Num)>>,
        /// Points when no band is reached (default 0).
        #[serde(default, rename = "else", skip_serializing_if = "Option::is_none")]
        otherwise: Option<Num>,
    },
    /// v × per, clamped to [0, w].
    PerCount {
        /// Points per unit of v.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per: Option<Num>,
    },
    /// w × clamp(v, 0, scale) / scale.
    DirectScaled {
        /// The input's own full scale (default 100).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<Num>,
    },
    /// w − Σ count × points, clamped to [0, w].
    Deduction {
        /// Points per event field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per: Option<IndexMap<String, Num>>,
    },
    /// w × Σ(count × weight) / n.
    Satisfaction {
        /// Weight per answer field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<IndexMap<String, Num>>,
    },
    /// Σ count × points, capped; no clamp to w.
    Points {
        /// Points per event field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per: Option<IndexMap<String, Num>>,
        /// Cap on the sum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<Num>,
    },
    /// done ≥ 1 → w, else 0.
    Binary {},
}

impl Method {
    /// The method's kind name as in the document.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Method::CompletionLinear { .. } => "completion_linear",
            Method::RatioToBest {} => "ratio_to_best",
            Method::RankPoints { .. } => "rank_points",
            Method::Efficacy { .. } => "efficacy",
            Method::BaseStep { .. } => "base_step",
            Method::StandardRatio { .. } => "standard_ratio",
            Method::Interval { .. } => "interval",
            Method::PerCount { .. } => "per_count",
            Method::DirectScaled { .. } => "direct_scaled",
            Method::Deduction { .. } => "deduction",
            Method::Satisfaction { .. } => "satisfaction",
            Method::Points { .. } => "points",
            Method::Binary {} => "binary",
        }
    }

    /// Whether the method scores a map of counts (events, survey) rather than one number.
    pub fn scores_counts(&self) -> bool {
        matches!(self, Method::Deduction { .. } | Method::Satisfaction { .. } | Method::Points { .. })
    }

    /// Whether the method compares the unit with its pool (SCORING §3).
    pub fn is_relative(&self) -> bool {
        match self {
            Method::RatioToBest {} | Method::RankPoints { .. } => true,
            Method::Efficacy { lo, hi, .. } => lo.is_none() || hi.is_none(),
            Method::BaseStep { benchmark, .. } => {
                matches!(benchmark, Some(Benchmark::CountyAvg | Benchmark::GroupAvg))
            }
            _ => false,
        }
    }
}

/// SCORING §7 awards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Awards {
    /// Quotas per county or per group.
    #[serde(default)]
    pub scope: Scope,
    /// By rank quota or by score threshold.
    pub mode: AwardMode,
    /// Tiers, best first.
    pub tiers: Vec<Tier>,
}

/// SCORING §7 award mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardMode {
    /// Tiers take counts of eligible ranks.
    RankQuota,
    /// Tiers take units above a score.
    ScoreThreshold,
}

/// SCORING §7 an award tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// 一等奖, 优秀 ….
    pub label: String,
    /// How many units (rank_quota); null: all remaining.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Share of eligible units (rank_quota).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Num>,
    /// Lowest total for the tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<Num>,
}

/// SCORING §7 a 突出单位 rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    /// Unique recognition id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The indicator or category whose score is ranked.
    pub basis: Basis,
    /// How many places are recognized.
    pub top_n: u64,
    /// Share of the basis's full that must be reached (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rate: Option<Num>,
    /// Pool: county (default) or each group.
    #[serde(default)]
    pub scope: Scope,
    /// Vetoed units are left out (default true).
    #[serde(default = "yes")]
    pub require_no_veto: bool,
}

fn yes() -> bool {
    true
}

/// A recognition's basis: exactly one of indicator or category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Basis {
    /// `{"indicator": id}`.
    Indicator(String),
    /// `{"category": id}`.
    Category(String),
}

/// A township or street assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unique unit id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// 镇, 街道 … (display only).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The group id.
    pub group: String,
}

/// The fields of one input cell: field → number or null.
pub type Fields = IndexMap<String, Option<Num>>;

/// One input cell: field → number or null. `None` is an absent, null cell.
pub type Cell = Option<Fields>;

/// The number in a cell's field, if present and not null. Cells hold a handful of fields, so a
/// linear scan beats hashing. Native builds inline it: an `Option<Num>` returned through memory
/// and read back whole waits on store-to-load forwarding (see [`crate::num::Calc`]).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn cell_field(cell: Option<&Fields>, field: &str) -> Option<Num> {
    cell?.iter().find(|(k, _)| same_name(k, field)).and_then(|(_, v)| *v)
}

/// Whether two names (field names, ids: a few bytes) are equal, as `==`. Native builds compare
/// names of 4 to 16 bytes as two overlapping words instead of calling `memcmp`, shorter ones byte
/// by byte: scoring compares every input cell's indicator id and field names (a 2,000 × 100
/// document: some 600,000 times).
#[inline]
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let n = a.len();
        let word8 = |x: &[u8], at: usize| x.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map(u64::from_ne_bytes);
        let word4 = |x: &[u8], at: usize| x.get(at..at + 4).and_then(|w| <[u8; 4]>::try_from(w).ok()).map(u32::from_ne_bytes);
        if (8..=16).contains(&n) {
            return word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8);
        }
        if (4..8).contains(&n) {
            return word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4);
        }
        if n < 4 {
            return a.iter().zip(b).all(|(x, y)| x == y);
        }
    }
    a == b
}

/// `inputs[unit]`: the veto flag and one cell per indicator.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitInputs {
    /// `_veto`: 一票否决.
    pub veto: bool,
    /// Indicator id → cell. Shared between copies of a document (a what-if step, an undo step)
    /// until one of them edits this row (`Arc::make_mut`): a copy of a 2,000-unit document costs
    /// one pointer per unit, not every cell.
    pub cells: std::sync::Arc<IndexMap<String, Cell>>,
}

impl UnitInputs {
    /// The number in `cell[field]`, if present and not null.
    pub fn field(&self, indicator: &str, field: &str) -> Option<Num> {
        cell_field(self.cells.get(indicator)?.as_ref(), field)
    }
}

impl Serialize for UnitInputs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.cells.len() + 1))?;
        for (k, v) in self.cells.iter() {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry("_veto", &self.veto)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for UnitInputs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UnitInputs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of indicator cells and an optional `_veto`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UnitInputs, A::Error> {
                let mut out = UnitInputs::default();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "_veto" {
                        out.veto = map.next_value::<Option<bool>>()?.unwrap_or(false);
                    } else if key.starts_with('_') {
                        return Err(de::Error::custom(format!(
                            "unknown field `{key}`, expected `_veto` or an indicator id"
                        )));
                    } else {
                        let cell: Cell = map.next_value()?;
                        if std::sync::Arc::make_mut(&mut out.cells).insert(key.clone(), cell).is_some() {
                            return Err(de::Error::custom(format!("duplicate field `{key}`")));
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

impl Document {
    /// Sets one input field (`None` clears it, making it missing); creates the row and cell as needed.
    /// Returns false, changing nothing, when the unit or indicator does not exist.
    pub fn set_input(&mut self, unit: &str, indicator: &str, field: &str, value: Option<rust_decimal::Decimal>) -> bool {
        if !self.units.iter().any(|u| u.id == unit) || !self.scheme.indicators.iter().any(|i| i.id == indicator) {
            return false;
        }
        let row = self.inputs.entry(unit.to_string()).or_default();
        let cell = std::sync::Arc::make_mut(&mut row.cells).entry(indicator.to_string()).or_insert(None);
        cell.get_or_insert_with(IndexMap::new).insert(field.to_string(), value.map(Num));
        true
    }

    /// Sets or clears a unit's veto (一票否决); false when the unit does not exist.
    pub fn set_veto(&mut self, unit: &str, veto: bool) -> bool {
        if !self.units.iter().any(|u| u.id == unit) {
            return false;
        }
        self.inputs.entry(unit.to_string()).or_default().veto = veto;
        true
    }
}

/// Reads a unit-only enum from its snake_case name, with serde's message for an unknown one
/// (`unknown variant …, expected one of …`): far less code than the derived visitor.
macro_rules! read_by_name {
    ($($t:ident { $($name:literal => $v:ident),+ })+) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                match s.as_str() {
                    $($name => Ok($t::$v),)+
                    _ => Err(de::Error::unknown_variant(&s, &[$($name),+])),
                }
            }
        }
    )+};
}

read_by_name! {
    CategoryKind { "base" => Base, "bonus" => Bonus, "penalty" => Penalty }
    Scope { "county" => County, "group" => Group }
    Direction { "higher" => Higher, "lower" => Lower }
    Policy { "zero" => Zero, "full" => Full, "exclude" => Exclude }
    RankStyle { "competition" => Competition, "dense" => Dense }
    RoundingStage { "indicator" => Indicator, "total" => Total }
    RoundingMode { "half_up" => HalfUp, "half_even" => HalfEven }
    AwardMode { "rank_quota" => RankQuota, "score_threshold" => ScoreThreshold }
    TieBreakerKind { "category" => Category, "indicator" => Indicator }
    Granularity { "continuous" => Continuous, "whole" => Whole }
}

#[cfg(test)]
mod name_tests {
    use super::same_name;

    proptest::proptest! {
        /// Names of every length up to 20 bytes (ASCII and CJK), equal or differing anywhere:
        /// the same answer as `==`.
        #[test]
        fn same_name_is_equality(a in "[a-c文]{0,7}", b in "[a-c文]{0,7}", cut in 0usize..20) {
            proptest::prop_assert_eq!(same_name(&a, &b), a == b);
            let c: String = a.chars().take(cut).collect();
            proptest::prop_assert_eq!(same_name(&a, &c), a == c);
            proptest::prop_assert!(same_name(&a, &a.clone()));
        }
    }
}
