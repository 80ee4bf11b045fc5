//! A small fixture for engine tests: four units A, B (group G1) and C, D (group G2), one base
//! category `c`, a bonus category `bon` and a penalty category `pen`. Each test adds indicators
//! and inputs as a user would write them in a `.kaohe.json` document.
#![allow(dead_code)]

use std::str::FromStr;

use kaohe_core::{evaluate, parse_document, Document, Issue, Results};
use rust_decimal::Decimal;
use serde_json::{json, Value};

pub const UNITS: [&str; 4] = ["A", "B", "C", "D"];

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The fixture document with `indicators`, `inputs` and top-level scheme keys from `patch`.
pub fn document(indicators: Value, inputs: Value, patch: Value) -> Value {
    let mut scheme = json!({
        "id": "t", "name": "test",
        "groups": [{"id": "G1", "name": "一组"}, {"id": "G2", "name": "二组"}],
        "categories": [
            {"id": "c", "name": "基本", "kind": "base"},
            {"id": "bon", "name": "加分", "kind": "bonus"},
            {"id": "pen", "name": "扣分", "kind": "penalty"}
        ],
        "indicators": indicators
    });
    if let (Some(s), Some(p)) = (scheme.as_object_mut(), patch.as_object()) {
        for (k, v) in p {
            s.insert(k.clone(), v.clone());
        }
    }
    json!({
        "schema_version": 1,
        "scheme": scheme,
        "units": [
            {"id": "A", "name": "甲镇", "group": "G1"},
            {"id": "B", "name": "乙镇", "group": "G1"},
            {"id": "C", "name": "丙镇", "group": "G2"},
            {"id": "D", "name": "丁镇", "group": "G2"}
        ],
        "inputs": inputs
    })
}

pub fn parse(v: &Value) -> Document {
    parse_document(&v.to_string()).unwrap_or_else(|e| panic!("fixture does not parse: {e}"))
}

pub fn try_run(v: &Value) -> Result<Results, Vec<Issue>> {
    evaluate(&parse(v))
}

pub fn run(v: &Value) -> Results {
    try_run(v).unwrap_or_else(|e| panic!("fixture is invalid: {e:?}"))
}

/// One indicator `I` of full `w` with metric and method; inputs as (unit, cell) pairs.
pub fn one(full: Value, metric: Value, method: Value, extra: Value, cells: &[(&str, Value)]) -> Value {
    let mut ind = json!({"id": "I", "name": "指标", "category": "c", "full": full, "metric": metric, "method": method});
    if let (Some(i), Some(e)) = (ind.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            i.insert(k.clone(), v.clone());
        }
    }
    let mut inputs = serde_json::Map::new();
    for (u, cell) in cells {
        inputs.insert(u.to_string(), json!({"I": cell}));
    }
    document(json!([ind]), Value::Object(inputs), json!({}))
}

/// `value` cells for A, B, C, D.
pub fn values(vs: [&str; 4]) -> Vec<(&'static str, Value)> {
    UNITS.iter().zip(vs).map(|(u, v)| (*u, json!({"value": Value::from_str(v).unwrap()}))).collect()
}

/// The displayed score of `ind` for each unit A..D ("-" when not assessed).
pub fn scores(r: &Results, ind: &str) -> Vec<String> {
    UNITS
        .iter()
        .map(|u| {
            let s = r.unit(u).and_then(|x| x.indicator(ind)).and_then(|i| i.score);
            s.map_or("-".to_string(), |n| n.0.normalize().to_string())
        })
        .collect()
}

/// Field of each unit A..D as normalized decimal strings.
pub fn totals(r: &Results) -> Vec<String> {
    UNITS.iter().map(|u| r.unit(u).map_or("?".into(), |x| x.total.0.normalize().to_string())).collect()
}
