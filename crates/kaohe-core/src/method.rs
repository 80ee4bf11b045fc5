//! SCORING §3–§4: the 13 scoring methods, each returning the unrounded score and the figures
//! it used (rendered into words by `explain`).

use rust_decimal::Decimal;

use crate::model::{Benchmark, Direction, Granularity, Method};
use crate::num::{self, add, clamp, div, mul, sub, Calc, Overflow};

/// SCORING §3 the pool of a relative method: the ok values of the units of one scope.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    /// The values; sorted ascending when the pool was built `ordered` (for ranks) without keys.
    values: Vec<Decimal>,
    ordered: bool,
    /// When ordered and every value fits: the values as integers at one scale (`keys.1`), sorted
    /// like `values` — comparing them is several times faster than comparing decimals. Native
    /// builds only: the browser app keeps its first load small, and decimals order the same.
    #[cfg(not(target_arch = "wasm32"))]
    keys: Option<(Vec<i128>, u32)>,
    min: Decimal,
    max: Decimal,
    /// The sum, when the pool was built for a mean (`summed`); else the mean sums on demand.
    sum: Option<Decimal>,
}

impl Pool {
    /// The pool a method reads (SCORING §3) of the given values (any order): ordered for rank
    /// points (so that ranks can be found), summed for a mean benchmark.
    pub fn for_method(values: Vec<Decimal>, method: &Method) -> Result<Self, Overflow> {
        Self::with(values, matches!(method, Method::RankPoints { .. }), matches!(method, Method::BaseStep { .. }))
    }

    fn with(mut values: Vec<Decimal>, ordered: bool, summed: bool) -> Result<Self, Overflow> {
        let (mut min, mut max) = (Decimal::MAX, Decimal::MIN);
        for v in &values {
            min = num::min(min, *v);
            max = num::max(max, *v);
        }
        if values.is_empty() {
            (min, max) = (Decimal::ZERO, Decimal::ZERO);
        }
        let sum = if summed { Some(sum_of(&values)?) } else { None };
        #[cfg(not(target_arch = "wasm32"))]
        let mut keys = None;
        #[cfg(not(target_arch = "wasm32"))]
        if ordered {
            // With keys, ranks are found among them alone: the values need no order.
            let scale = values.iter().map(Decimal::scale).max().unwrap_or(0);
            let sorted: Option<Vec<i128>> = values.iter().map(|v| key_at(*v, scale)).collect();
            match sorted {
                Some(mut k) => {
                    k.sort_unstable();
                    keys = Some((k, scale));
                }
                None => values.sort_unstable(),
            }
        }
        #[cfg(target_arch = "wasm32")]
        if ordered {
            values.sort_unstable();
        }
        Ok(Pool {
            values,
            ordered,
            #[cfg(not(target_arch = "wasm32"))]
            keys,
            min,
            max,
            sum,
        })
    }
    /// How many units are in the pool.
    pub fn len(&self) -> usize {
        self.values.len()
    }
    /// Whether the pool is empty.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    /// Smallest value (0 for an empty pool).
    pub fn min(&self) -> Decimal {
        self.min
    }
    /// Largest value (0 for an empty pool).
    pub fn max(&self) -> Decimal {
        self.max
    }
    /// Mean (SCORING §9.8 `county_avg`/`group_avg`); 0 for an empty pool.
    pub fn mean(&self) -> Calc {
        if self.values.is_empty() {
            return Ok(Decimal::ZERO);
        }
        let sum = match self.sum {
            Some(s) => s,
            None => sum_of(&self.values)?,
        };
        div(sum, Decimal::from(self.values.len()))
    }
    /// SCORING §4 competition rank of `v`: 1 + the number of strictly better values.
    pub fn competition_rank(&self, v: Decimal, dir: Direction) -> usize {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(k) = self.keys.as_ref().and_then(|(keys, scale)| key_at(v, *scale).map(|k| (keys, k))) {
            let (keys, k) = k;
            let better = match dir {
                Direction::Higher => keys.len() - keys.partition_point(|x| *x <= k),
                Direction::Lower => keys.partition_point(|x| *x < k),
            };
            return better + 1;
        }
        // The values are sorted only when ordered without keys; with keys, a probe with more
        // decimals than they hold is counted over the values as they came.
        #[cfg(not(target_arch = "wasm32"))]
        let sorted = self.ordered && self.keys.is_none();
        #[cfg(target_arch = "wasm32")]
        let sorted = self.ordered;
        let better = if sorted {
            match dir {
                Direction::Higher => self.values.len() - self.values.partition_point(|x| *x <= v),
                Direction::Lower => self.values.partition_point(|x| *x < v),
            }
        } else {
            match dir {
                Direction::Higher => self.values.iter().filter(|x| **x > v).count(),
                Direction::Lower => self.values.iter().filter(|x| **x < v).count(),
            }
        };
        better + 1
    }
}

/// Σ values, in their order.
fn sum_of(values: &[Decimal]) -> Calc {
    values.iter().try_fold(Decimal::ZERO, |s, v| add(s, *v))
}

/// `v` as an integer at `scale` decimals (v × 10^scale), if `v` has at most `scale` decimals and
/// the result fits: equal values give equal keys, and keys order as the values do.
#[cfg(not(target_arch = "wasm32"))]
fn key_at(v: Decimal, scale: u32) -> Option<i128> {
    let shift = scale.checked_sub(v.scale())?;
    v.mantissa().checked_mul(*num::POW10.get(shift as usize)?)
}

/// The pools a unit's score may need: its own scope's, and the county's and its group's for benchmarks.
pub struct Pools<'a> {
    /// The indicator's scope pool for this unit.
    pub own: &'a Pool,
    /// The county pool.
    pub county: &'a Pool,
    /// The unit's group pool.
    pub group: &'a Pool,
}

/// The figures a method used, for the explanation (SCORING §8).
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // the fields are the figures named in the variant's doc
pub enum CalcNote {
    /// w × clamp(v, 0, cap_rate), or 0 below the floor.
    CompletionLinear { v: Decimal, floor: Option<Decimal>, cap_rate: Decimal, below_floor: bool },
    /// w × v/best (higher) or w × best/v (lower).
    RatioToBest { v: Decimal, best: Decimal, dir: Direction },
    /// Points of competition rank k among n.
    RankPoints { v: Decimal, k: usize, n: usize, step: Option<Decimal>, floor: Decimal, table: Option<Decimal>, dir: Direction },
    /// w × (base + (1 − base) × f).
    Efficacy { v: Decimal, lo: Decimal, hi: Decimal, lo_pool: bool, hi_pool: bool, base: Decimal, f: Decimal, dir: Direction },
    /// base ± steps × points.
    BaseStep { v: Decimal, benchmark: Decimal, bench: Benchmark, base: Decimal, d: Decimal, unit: Decimal, steps: Decimal, per: Decimal, max: Decimal, whole: bool, dir: Direction },
    /// std_score × v/std_value (or the inverse for lower).
    StandardRatio { v: Decimal, std_value: Decimal, std_score: Decimal, min: Decimal, max: Decimal, dir: Direction },
    /// Band `band` (0-based) reached, or none.
    Interval { v: Decimal, band: Option<(usize, Decimal)>, points: Decimal, dir: Direction },
    /// clamp(v × per, 0, w).
    PerCount { v: Decimal, per: Decimal },
    /// w × clamp(v, 0, scale)/scale.
    DirectScaled { v: Decimal, scale: Decimal },
    /// w − Σ count × points, per listed field (count, points).
    Deduction { items: Vec<(Decimal, Decimal)> },
    /// w × Σ(count × weight)/n, per listed field (count, weight).
    Satisfaction { items: Vec<(Decimal, Decimal)>, n: Decimal },
    /// Σ count × points, capped, per listed field (count, points).
    Points { items: Vec<(Decimal, Decimal)>, sum: Decimal, cap: Option<Decimal> },
    /// done → w.
    Binary { done: bool },
}

/// SCORING §4: scores one unit whose metric status is ok. `v` is its number (numeric metrics);
/// `counts` its counts (events/survey), one per field the method lists, in the method's order
/// (`per` or `weights`; absent fields 0). Returns the unrounded score; the figures behind it go
/// into `notes` when there is a slot (explanations), and are not built otherwise (evaluation).
/// Native builds inline it into its one caller, so that the score stays in registers (see
/// [`crate::num::Calc`]).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn score(
    notes: Notes<'_>,
    method: &Method,
    w: Decimal,
    dir: Direction,
    v: Decimal,
    counts: &[Decimal],
    pools: &Pools<'_>,
) -> Calc {
    match method {
        Method::RatioToBest { .. } | Method::RankPoints { .. } | Method::Efficacy { .. } => relative(notes, method, w, dir, v, pools),
        Method::BaseStep { .. } | Method::StandardRatio { .. } | Method::Interval { .. } => benchmarked(notes, method, w, dir, v, pools),
        Method::Deduction { .. } | Method::Satisfaction { .. } | Method::Points { .. } => counted(notes, method, w, counts),
        _ => own(notes, method, w, v),
    }
}

/// Where a method puts the figures behind a score: a slot (explanations) or nowhere (evaluation,
/// which then builds none). Returning them with the score instead moved a large enum out of
/// every one of a 2,000 × 100 evaluation's 200,000 scores.
pub struct Notes<'a>(pub Option<&'a mut Option<CalcNote>>);

impl Notes<'_> {
    /// Puts the figures into the slot, if there is one (built only then).
    fn put(self, f: impl FnOnce() -> CalcNote) {
        if let Some(slot) = self.0 {
            *slot = Some(f());
        }
    }
}

/// SCORING §4 the methods that compare a unit with its pool (§3): ratio to best, rank points,
/// efficacy.
fn relative(notes: Notes<'_>, method: &Method, w: Decimal, dir: Direction, v: Decimal, pools: &Pools<'_>) -> Calc {
    let (zero, one) = (Decimal::ZERO, Decimal::ONE);
    Ok(match method {
        Method::RatioToBest {} => match dir {
            Direction::Higher => {
                let best = pools.own.max();
                let s = if num::cmp(best, zero).is_le() { zero } else { mul(w, clamp(div(v, best)?, zero, one))? };
                notes.put(|| CalcNote::RatioToBest { v, best, dir });
                s
            }
            Direction::Lower => {
                let best = pools.own.min();
                let s = if num::cmp(v, zero).is_le() { w } else { mul(w, clamp(div(num::max(best, zero), v)?, zero, one))? };
                notes.put(|| CalcNote::RatioToBest { v, best, dir });
                s
            }
        },
        Method::RankPoints { step, floor, table } => {
            let k = pools.own.competition_rank(v, dir);
            let floor = floor.map_or(zero, |f| f.0);
            let (s, hit) = match table {
                Some(t) => {
                    let p = t.get(k - 1).map_or(floor, |x| x.0);
                    (clamp(p, zero, w), Some(p))
                }
                None => {
                    let st = step.map_or(zero, |s| s.0);
                    let raw = sub(w, mul(st, Decimal::from(k - 1))?)?;
                    (clamp(num::max(raw, floor), zero, w), None)
                }
            };
            notes.put(|| CalcNote::RankPoints { v, k, n: pools.own.len(), step: step.map(|s| s.0), floor, table: hit, dir });
            s
        }
        Method::Efficacy { base, lo, hi } => {
            let base = base.map_or(Decimal::new(6, 1), |b| b.0);
            let (lo_v, hi_v) = (lo.map_or(pools.own.min(), |x| x.0), hi.map_or(pools.own.max(), |x| x.0));
            let (s, f) = if num::cmp(hi_v, lo_v).is_eq() {
                (w, one)
            } else {
                let num = match dir {
                    Direction::Higher => sub(v, lo_v)?,
                    Direction::Lower => sub(hi_v, v)?,
                };
                let f = clamp(div(num, sub(hi_v, lo_v)?)?, zero, one);
                let s = mul(w, add(base, mul(sub(one, base)?, f)?)?)?;
                (clamp(s, zero, w), f)
            };
            notes.put(|| CalcNote::Efficacy { v, lo: lo_v, hi: hi_v, lo_pool: lo.is_none(), hi_pool: hi.is_none(), base, f, dir });
            s
        }
        _ => zero,
    })
}

/// SCORING §4 the methods that measure against a benchmark: base and steps (a fixed figure or a
/// pool's mean), standard ratio, bands.
fn benchmarked(notes: Notes<'_>, method: &Method, w: Decimal, dir: Direction, v: Decimal, pools: &Pools<'_>) -> Calc {
    let (zero, one) = (Decimal::ZERO, Decimal::ONE);
    Ok(match method {
        Method::BaseStep { benchmark, base, up, up_unit, down, down_unit, granularity, max } => {
            let bench = benchmark.unwrap_or(Benchmark::Fixed(zero.into()));
            let b = match bench {
                Benchmark::Fixed(n) => n.0,
                Benchmark::CountyAvg => pools.county.mean()?,
                Benchmark::GroupAvg => pools.group.mean()?,
            };
            let get = |x: &Option<crate::num::Num>| x.map_or(zero, |n| n.0);
            let (base, max) = (get(base), max.map_or(w, |m| m.0));
            let whole = *granularity == Some(Granularity::Whole);
            let d = match dir {
                Direction::Higher => sub(v, b)?,
                Direction::Lower => sub(b, v)?,
            };
            let (unit, per) = if num::cmp(d, zero).is_ge() { (get(up_unit), get(up)) } else { (get(down_unit), get(down)) };
            let mut steps = div(d.abs(), unit)?;
            if whole {
                steps = steps.floor();
            }
            let delta = mul(per, steps)?;
            let raw = if num::cmp(d, zero).is_ge() { add(base, delta)? } else { sub(base, delta)? };
            notes.put(|| CalcNote::BaseStep { v, benchmark: b, bench, base, d, unit, steps, per, max, whole, dir });
            clamp(raw, zero, num::max(max, zero))
        }
        Method::StandardRatio { std_value, std_score, min, max } => {
            let (sv, ss) = (std_value.map_or(one, |x| x.0), std_score.map_or(zero, |x| x.0));
            let (lo, hi) = (min.map_or(zero, |x| x.0), max.map_or(w, |x| x.0));
            let raw = match dir {
                Direction::Higher => div(mul(ss, v)?, sv)?,
                Direction::Lower if num::cmp(v, zero).is_le() => hi,
                Direction::Lower => div(mul(ss, sv)?, v)?,
            };
            notes.put(|| CalcNote::StandardRatio { v, std_value: sv, std_score: ss, min: lo, max: hi, dir });
            clamp(raw, lo, num::max(hi, lo))
        }
        Method::Interval { bands, otherwise } => {
            let hit = bands.iter().flatten().enumerate().find(|(_, (bound, _))| match dir {
                Direction::Higher => num::cmp(v, bound.0).is_ge(),
                Direction::Lower => num::cmp(v, bound.0).is_le(),
            });
            let band = hit.map(|(i, (bound, _))| (i, bound.0));
            let points = hit.map_or(otherwise.map_or(zero, |e| e.0), |(_, (_, p))| p.0);
            notes.put(|| CalcNote::Interval { v, band, points, dir });
            clamp(points, zero, w)
        }
        _ => zero,
    })
}

/// SCORING §4 the methods on counted events or answers: deduction, satisfaction, points.
/// `counts[j]` is the count of the j-th field the method lists.
fn counted(notes: Notes<'_>, method: &Method, w: Decimal, counts: &[Decimal]) -> Calc {
    let zero = Decimal::ZERO;
    Ok(match method {
        Method::Deduction { per } => {
            let lost = weighted_sum(per.iter().flatten(), counts)?;
            notes.put(|| CalcNote::Deduction { items: items(per.iter().flatten(), counts) });
            clamp(sub(w, lost)?, zero, w)
        }
        Method::Satisfaction { weights } => {
            let mut n = zero;
            for (_, c) in weights.iter().flatten().zip(counts) {
                n = add(n, *c)?;
            }
            let s = if n.is_zero() {
                zero
            } else {
                clamp(div(mul(w, weighted_sum(weights.iter().flatten(), counts)?)?, n)?, zero, w)
            };
            notes.put(|| CalcNote::Satisfaction { items: items(weights.iter().flatten(), counts), n });
            s
        }
        Method::Points { per, cap } => {
            let sum = weighted_sum(per.iter().flatten(), counts)?;
            let cap = cap.map(|c| c.0);
            // §9.7: no clamp at w; capped, and floored at 0.
            let s = num::max(cap.map_or(sum, |c| num::min(sum, c)), zero);
            notes.put(|| CalcNote::Points { items: items(per.iter().flatten(), counts), sum, cap });
            s
        }
        _ => zero,
    })
}

/// SCORING §4 the methods on the unit's own figure: completion, per count, direct, done.
fn own(notes: Notes<'_>, method: &Method, w: Decimal, v: Decimal) -> Calc {
    let (zero, one) = (Decimal::ZERO, Decimal::ONE);
    Ok(match method {
        Method::CompletionLinear { floor_rate, cap_rate } => {
            let floor = floor_rate.map(|f| f.0);
            let cap_rate = cap_rate.map_or(one, |c| c.0);
            let below_floor = floor.is_some_and(|f| num::cmp(v, f).is_lt());
            // §9.6: no clamp at w; the score reaches w × cap_rate.
            let s = if below_floor { zero } else { mul(w, clamp(v, zero, num::max(cap_rate, zero)))? };
            notes.put(|| CalcNote::CompletionLinear { v, floor, cap_rate, below_floor });
            s
        }
        Method::PerCount { per } => {
            let per = per.map_or(zero, |p| p.0);
            notes.put(|| CalcNote::PerCount { v, per });
            clamp(mul(v, per)?, zero, w)
        }
        Method::DirectScaled { scale } => {
            let scale = scale.map_or(Decimal::ONE_HUNDRED, |s| s.0);
            notes.put(|| CalcNote::DirectScaled { v, scale });
            div(mul(w, clamp(v, zero, scale))?, scale)?
        }
        Method::Binary {} => {
            let done = num::cmp(v, one).is_ge();
            notes.put(|| CalcNote::Binary { done });
            if done { w } else { zero }
        }
        _ => zero,
    })
}

/// (count, points) of each listed field.
fn items<'a>(per: impl Iterator<Item = (&'a String, &'a crate::num::Num)>, counts: &[Decimal]) -> Vec<(Decimal, Decimal)> {
    per.zip(counts).map(|((_, p), c)| (*c, p.0)).collect()
}

/// Σ count × points over the listed fields.
fn weighted_sum<'a>(per: impl Iterator<Item = (&'a String, &'a crate::num::Num)>, counts: &[Decimal]) -> Calc {
    let mut s = Decimal::ZERO;
    for ((_, p), c) in per.zip(counts) {
        s = add(s, mul(*c, p.0)?)?;
    }
    Ok(s)
}

#[cfg(test)]
mod pool_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Ranks from the sorted integer keys equal counting strictly better values, whatever the
        /// scales (mixed, or too large for a common integer scale: then decimals are compared).
        #[test]
        fn competition_ranks_match_counting(vals in prop::collection::vec((any::<i64>(), 0u32..28), 1..60), probe in 0usize..60, huge in any::<bool>()) {
            let mut values: Vec<Decimal> = vals.iter().map(|(m, s)| Decimal::new(*m % 1_000_000, *s % 6)).collect();
            if huge {
                values.push(Decimal::from_i128_with_scale(100_000_000_000_000_000_000, 0));
                values.push(Decimal::new(1, 27));
            }
            let sorted = Pool::with(values.clone(), true, false).unwrap();
            let plain = Pool::with(values.clone(), false, true).unwrap();
            prop_assert_eq!(sorted.keys.is_some(), !huge);
            // A mean from the sum kept at building, or summed when asked: the same.
            prop_assert_eq!(sorted.mean(), plain.mean());
            let v = values[probe % values.len()];
            for dir in [Direction::Higher, Direction::Lower] {
                prop_assert_eq!(sorted.competition_rank(v, dir), plain.competition_rank(v, dir));
                // A value between others, at a scale no value has.
                let w = v + Decimal::new(5, 7);
                prop_assert_eq!(sorted.competition_rank(w, dir), plain.competition_rank(w, dir));
            }
        }
    }
}
