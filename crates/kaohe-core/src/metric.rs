//! SCORING §2: from a unit's input cell to the value a method scores, with its status.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{cell_field, Fields, Metric};
use crate::num::{self, add, div, mul, sub, Calc, Overflow};

/// SCORING §2 / §9.2 the status of one unit on one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The metric has a value.
    Ok,
    /// A required field is absent or null.
    Missing,
    /// Completion target is 0.
    NoTarget,
    /// Growth base (last) ≤ 0.
    NoBase,
    /// The unit's group is not in `applies_to`.
    NotApplicable,
}

/// How a metric value came from the inputs (for explanations).
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // the fields are the figures named in the variant's doc
pub enum MetricNote {
    /// Nothing to say (not assessed, missing, or a map of counts).
    None,
    /// actual/target (or 1 + (actual − target)/|target| for a negative target), then raw_cap.
    Completion { actual: Decimal, target: Decimal, rate: Decimal, raw_cap: Option<Decimal> },
    /// (actual − last)/last × 100.
    Growth { actual: Decimal, last: Decimal, pct: Decimal },
    /// A number read as it is.
    Plain { value: Decimal },
}

/// The value of a metric for one unit.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricValue {
    /// One number.
    Number(Decimal),
    /// Counts by field (events, survey), missing fields 0.
    Counts,
    /// No value (status not ok).
    None,
}

/// The metric of one unit on one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricOutcome {
    /// SCORING §9.2 status.
    pub status: Status,
    /// The value when the status is ok.
    pub value: MetricValue,
    /// How the value came about.
    pub note: MetricNote,
}

impl MetricOutcome {
    /// The number, if the metric is one and its status is ok.
    pub fn number_value(&self) -> Option<Decimal> {
        match self.value {
            MetricValue::Number(v) => Some(v),
            _ => None,
        }
    }
}

/// A count field of an events/survey cell: absent or null counts 0 (SCORING §2).
pub fn count(cell: Option<&Fields>, field: &str) -> Decimal {
    cell_field(cell, field).map_or(Decimal::ZERO, |n| n.0)
}

/// SCORING §2 / §9.2: the metric value and status of one input cell (`None`: absent or null);
/// `applicable` is false when the unit's group is outside `applies_to`.
pub fn compute(metric: &Metric, cell: Option<&Fields>, applicable: bool) -> Result<MetricOutcome, Overflow> {
    let mut note = MetricNote::None;
    let (status, value) = measure(metric, cell, applicable, Some(&mut note))?;
    Ok(MetricOutcome { status, value, note })
}

/// As [`compute`], the note (how the value came about) written into `note` only when there is a
/// slot: evaluation, which has none, neither builds nor moves it.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn measure(metric: &Metric, cell: Option<&Fields>, applicable: bool, note: Option<&mut MetricNote>) -> Result<(Status, MetricValue), Overflow> {
    if !applicable {
        return Ok((Status::NotApplicable, MetricValue::None));
    }
    if metric.is_counts() {
        return Ok((Status::Ok, MetricValue::Counts));
    }
    let field = |name: &str| cell_field(cell, name).map(|n| n.0);
    // Every required field first: any absent → missing (§9.2 status order).
    let mut vals = [Decimal::ZERO; 2];
    for (slot, name) in vals.iter_mut().zip(metric.required_fields()) {
        match field(name) {
            Some(v) => *slot = v,
            None => return Ok((Status::Missing, MetricValue::None)),
        }
    }
    let [a, b] = vals;
    let (v, said) = match metric {
        Metric::Completion { raw_cap } => {
            let (actual, target) = (a, b);
            let rate: Calc = if num::cmp(target, Decimal::ZERO).is_gt() {
                div(actual, target)
            } else if num::cmp(target, Decimal::ZERO).is_lt() {
                add(Decimal::ONE, div(sub(actual, target)?, target.abs())?)
            } else {
                return Ok((Status::NoTarget, MetricValue::None));
            };
            let rate = rate?;
            let cap = raw_cap.map(|c| c.0);
            (cap.map_or(rate, |c| num::min(rate, c)), MetricNote::Completion { actual, target, rate, raw_cap: cap })
        }
        Metric::Growth {} => {
            let (actual, last) = (a, b);
            if num::cmp(last, Decimal::ZERO).is_le() {
                return Ok((Status::NoBase, MetricValue::None));
            }
            let pct = mul(div(sub(actual, last)?, last)?, Decimal::ONE_HUNDRED)?;
            (pct, MetricNote::Growth { actual, last, pct })
        }
        Metric::Flag {} => (if num::cmp(a, Decimal::ONE).is_ge() { Decimal::ONE } else { Decimal::ZERO }, MetricNote::Plain { value: a }),
        Metric::Value {} | Metric::Count {} | Metric::Direct {} => (a, MetricNote::Plain { value: a }),
        // Counts metrics returned above.
        Metric::Events {} | Metric::Survey {} => return Ok((Status::Ok, MetricValue::Counts)),
    };
    if let Some(slot) = note {
        *slot = said;
    }
    Ok((Status::Ok, MetricValue::Number(v)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Num;
    use indexmap::IndexMap;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn row(fields: &[(&str, Option<&str>)]) -> Fields {
        let mut cell = IndexMap::new();
        for (k, v) in fields {
            cell.insert(k.to_string(), v.map(|s| Num(d(s))));
        }
        cell
    }

    fn completion(cap: Option<&str>) -> Metric {
        Metric::Completion { raw_cap: cap.map(|c| Num(d(c))) }
    }

    #[test]
    fn completion_rate_and_raw_cap() {
        // 107200 / 78100 = 1.3726…, capped at 1.2 (金禾镇 E2 in the demo).
        let r = row(&[("actual", Some("107200")), ("target", Some("78100"))]);
        let m = compute(&completion(Some("1.2")), Some(&r), true).unwrap();
        assert_eq!(m.status, Status::Ok);
        assert_eq!(m.number_value(), Some(d("1.2")));
        // Without the cap: 4916 / 4900 = 1.00326530612244897959183673…
        let r = row(&[("actual", Some("4916")), ("target", Some("4900"))]);
        let v = compute(&completion(None), Some(&r), true).unwrap().number_value().unwrap();
        assert_eq!(v.round_dp(6), d("1.003265"));
    }

    #[test]
    fn completion_with_a_negative_target() {
        // target −100 (a loss to be cut to 100), actual −50: 1 + (−50 − −100)/100 = 1.5.
        let r = row(&[("actual", Some("-50")), ("target", Some("-100"))]);
        let v = compute(&completion(None), Some(&r), true).unwrap().number_value().unwrap();
        assert_eq!(v, d("1.5"));
    }

    #[test]
    fn status_order_not_applicable_then_missing_then_no_target() {
        let r = row(&[("actual", None), ("target", Some("0"))]);
        assert_eq!(compute(&completion(None), Some(&r), false).unwrap().status, Status::NotApplicable);
        assert_eq!(compute(&completion(None), Some(&r), true).unwrap().status, Status::Missing);
        let r = row(&[("actual", Some("5")), ("target", Some("0"))]);
        assert_eq!(compute(&completion(None), Some(&r), true).unwrap().status, Status::NoTarget);
        // A whole absent row or cell: every field missing.
        assert_eq!(compute(&completion(None), None, true).unwrap().status, Status::Missing);
    }

    #[test]
    fn growth_percent_and_no_base() {
        // (3315 − 3200) / 3200 × 100 = 3.59375 %.
        let r = row(&[("actual", Some("3315")), ("last", Some("3200"))]);
        assert_eq!(compute(&Metric::Growth {}, Some(&r), true).unwrap().number_value(), Some(d("3.59375")));
        let r = row(&[("actual", Some("3315")), ("last", Some("0"))]);
        assert_eq!(compute(&Metric::Growth {}, Some(&r), true).unwrap().status, Status::NoBase);
        let r = row(&[("actual", Some("3315")), ("last", Some("-5"))]);
        assert_eq!(compute(&Metric::Growth {}, Some(&r), true).unwrap().status, Status::NoBase);
    }

    #[test]
    fn events_are_never_missing_and_extra_fields_are_ignored() {
        let m = compute(&Metric::Events {}, None, true).unwrap();
        assert_eq!(m.status, Status::Ok);
        assert_eq!(count(None, "accidents"), Decimal::ZERO);
        let r = row(&[("value", Some("7")), ("note", Some("1"))]);
        assert_eq!(compute(&Metric::Value {}, Some(&r), true).unwrap().number_value(), Some(d("7")));
    }

    #[test]
    fn flag_is_one_or_zero() {
        let r = row(&[("done", Some("1"))]);
        assert_eq!(compute(&Metric::Flag {}, Some(&r), true).unwrap().number_value(), Some(d("1")));
        let r = row(&[("done", Some("0"))]);
        assert_eq!(compute(&Metric::Flag {}, Some(&r), true).unwrap().number_value(), Some(d("0")));
    }
}
