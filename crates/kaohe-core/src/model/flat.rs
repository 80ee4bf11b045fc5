//! Reading `metric` and `method` objects (FORMAT §1): `{"kind": …, parameters}`.
//!
//! serde's derived reader for internally tagged enums buffers each object and re-reads it per
//! variant, which costs the browser app's first load about 12 KB (gzip). Here the object is read
//! once into a flat record of every parameter any kind takes (an unknown key is refused as
//! before, with its path), then the kind's variant is built; a parameter the kind does not take is
//! refused with serde's own "unknown field" error, as the derived reader did.

use indexmap::IndexMap;
use serde::de::{Deserializer, Error};
use serde::Deserialize;

use super::{Benchmark, Granularity, Method, Metric};
use crate::num::Num;

/// A key that may be present (even as null): `None` absent, `Some(None)` null.
type Present<T> = Option<Option<T>>;

fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Present<T>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum MetricKind {
    Completion,
    Growth,
    Value,
    Count,
    Direct,
    Events,
    Survey,
    Flag,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetric {
    kind: MetricKind,
    #[serde(default, deserialize_with = "present")]
    raw_cap: Present<Num>,
}

impl<'de> Deserialize<'de> for Metric {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = RawMetric::deserialize(d)?;
        if r.raw_cap.is_some() && !matches!(r.kind, MetricKind::Completion) {
            return Err(D::Error::unknown_field("raw_cap", &["kind"]));
        }
        Ok(match r.kind {
            MetricKind::Completion => Metric::Completion { raw_cap: r.raw_cap.flatten() },
            MetricKind::Growth => Metric::Growth {},
            MetricKind::Value => Metric::Value {},
            MetricKind::Count => Metric::Count {},
            MetricKind::Direct => Metric::Direct {},
            MetricKind::Events => Metric::Events {},
            MetricKind::Survey => Metric::Survey {},
            MetricKind::Flag => Metric::Flag {},
        })
    }
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum MethodKind {
    CompletionLinear,
    RatioToBest,
    RankPoints,
    Efficacy,
    BaseStep,
    StandardRatio,
    Interval,
    PerCount,
    DirectScaled,
    Deduction,
    Satisfaction,
    Points,
    Binary,
}

/// Every parameter of every method; `per` is a number (per_count) or a map (deduction, points).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMethod {
    kind: MethodKind,
    #[serde(default, deserialize_with = "present")]
    floor_rate: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    cap_rate: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    step: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    floor: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    table: Present<Vec<Num>>,
    #[serde(default, deserialize_with = "present")]
    base: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    lo: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    hi: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    benchmark: Present<Benchmark>,
    #[serde(default, deserialize_with = "present")]
    up: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    up_unit: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    down: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    down_unit: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    granularity: Present<Granularity>,
    #[serde(default, deserialize_with = "present")]
    max: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    std_value: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    std_score: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    min: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    bands: Present<Vec<(Num, Num)>>,
    #[serde(default, rename = "else", deserialize_with = "present")]
    otherwise: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    per: Present<Per>,
    #[serde(default, deserialize_with = "present")]
    scale: Present<Num>,
    #[serde(default, deserialize_with = "present")]
    weights: Present<IndexMap<String, Num>>,
    #[serde(default, deserialize_with = "present")]
    cap: Present<Num>,
}

/// `per`: points per item (per_count) or per event field (deduction, points).
enum Per {
    One(Num),
    Fields(IndexMap<String, Num>),
}

impl<'de> Deserialize<'de> for Per {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Per;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number or a map of numbers")
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<Per, E> {
                Ok(Per::One(Num(v.into())))
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<Per, E> {
                Ok(Per::One(Num(v.into())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Per, A::Error> {
                // A number arrives as serde_json's one-entry map of its text; any other map is fields.
                let mut map = map;
                let mut fields = IndexMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == crate::num::NUMBER_TOKEN {
                        let text: String = map.next_value()?;
                        return crate::num::parse_decimal(&text).map(|d| Per::One(Num(d))).ok_or_else(|| A::Error::custom(format!("number out of range: {text}")));
                    }
                    let v: Num = map.next_value()?;
                    if fields.insert(key.clone(), v).is_some() {
                        return Err(A::Error::custom(format!("duplicate field `{key}`")));
                    }
                }
                Ok(Per::Fields(fields))
            }
        }
        d.deserialize_any(V)
    }
}

impl MethodKind {
    /// The keys this kind of method takes; any other present key is unknown to it.
    fn takes(self) -> &'static [&'static str] {
        match self {
            MethodKind::CompletionLinear => &["floor_rate", "cap_rate"],
            MethodKind::RatioToBest | MethodKind::Binary => &[],
            MethodKind::RankPoints => &["step", "floor", "table"],
            MethodKind::Efficacy => &["base", "lo", "hi"],
            MethodKind::BaseStep => &["benchmark", "base", "up", "up_unit", "down", "down_unit", "granularity", "max"],
            MethodKind::StandardRatio => &["std_value", "std_score", "min", "max"],
            MethodKind::Interval => &["bands", "else"],
            MethodKind::PerCount | MethodKind::Deduction => &["per"],
            MethodKind::DirectScaled => &["scale"],
            MethodKind::Satisfaction => &["weights"],
            MethodKind::Points => &["per", "cap"],
        }
    }
}

impl RawMethod {
    /// The first key present that the method's kind does not take, and the keys it takes.
    fn unknown_key(&self) -> Option<(&'static str, &'static [&'static str])> {
        let r = self;
        let present: [(&'static str, bool); 24] = [
            ("floor_rate", r.floor_rate.is_some()),
            ("cap_rate", r.cap_rate.is_some()),
            ("step", r.step.is_some()),
            ("floor", r.floor.is_some()),
            ("table", r.table.is_some()),
            ("base", r.base.is_some()),
            ("lo", r.lo.is_some()),
            ("hi", r.hi.is_some()),
            ("benchmark", r.benchmark.is_some()),
            ("up", r.up.is_some()),
            ("up_unit", r.up_unit.is_some()),
            ("down", r.down.is_some()),
            ("down_unit", r.down_unit.is_some()),
            ("granularity", r.granularity.is_some()),
            ("max", r.max.is_some()),
            ("std_value", r.std_value.is_some()),
            ("std_score", r.std_score.is_some()),
            ("min", r.min.is_some()),
            ("bands", r.bands.is_some()),
            ("else", r.otherwise.is_some()),
            ("per", r.per.is_some()),
            ("scale", r.scale.is_some()),
            ("weights", r.weights.is_some()),
            ("cap", r.cap.is_some()),
        ];
        let takes = r.kind.takes();
        present.iter().find(|(k, p)| *p && !takes.contains(k)).map(|(k, _)| (*k, takes))
    }
}

impl<'de> Deserialize<'de> for Method {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = RawMethod::deserialize(d)?;
        if let Some((key, takes)) = r.unknown_key() {
            return Err(D::Error::unknown_field(key, takes));
        }
        // `per` must be a number for per_count and a map for deduction and points.
        let per = r.per.flatten();
        let per_one = |p: Option<Per>| match p {
            None => Ok(None),
            Some(Per::One(n)) => Ok(Some(n)),
            Some(Per::Fields(_)) => Err(D::Error::custom("invalid type: map, expected a number")),
        };
        let per_fields = |p: Option<Per>| match p {
            None => Ok(None),
            Some(Per::Fields(f)) => Ok(Some(f)),
            Some(Per::One(_)) => Err(D::Error::custom("invalid type: number, expected a map")),
        };
        Ok(match r.kind {
            MethodKind::CompletionLinear => Method::CompletionLinear { floor_rate: r.floor_rate.flatten(), cap_rate: r.cap_rate.flatten() },
            MethodKind::RatioToBest => Method::RatioToBest {},
            MethodKind::RankPoints => Method::RankPoints { step: r.step.flatten(), floor: r.floor.flatten(), table: r.table.flatten() },
            MethodKind::Efficacy => Method::Efficacy { base: r.base.flatten(), lo: r.lo.flatten(), hi: r.hi.flatten() },
            MethodKind::BaseStep => Method::BaseStep {
                benchmark: r.benchmark.flatten(),
                base: r.base.flatten(),
                up: r.up.flatten(),
                up_unit: r.up_unit.flatten(),
                down: r.down.flatten(),
                down_unit: r.down_unit.flatten(),
                granularity: r.granularity.flatten(),
                max: r.max.flatten(),
            },
            MethodKind::StandardRatio => Method::StandardRatio {
                std_value: r.std_value.flatten(),
                std_score: r.std_score.flatten(),
                min: r.min.flatten(),
                max: r.max.flatten(),
            },
            MethodKind::Interval => Method::Interval { bands: r.bands.flatten(), otherwise: r.otherwise.flatten() },
            MethodKind::PerCount => Method::PerCount { per: per_one(per)? },
            MethodKind::DirectScaled => Method::DirectScaled { scale: r.scale.flatten() },
            MethodKind::Deduction => Method::Deduction { per: per_fields(per)? },
            MethodKind::Satisfaction => Method::Satisfaction { weights: r.weights.flatten() },
            MethodKind::Points => Method::Points { per: per_fields(per)?, cap: r.cap.flatten() },
            MethodKind::Binary => Method::Binary {},
        })
    }
}
