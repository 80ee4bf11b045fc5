//! The demo preset reproduces demo-2023.expected.json on every figure (issue: engine v1, item 5).

use std::str::FromStr;

use kaohe_core::{evaluate, presets, Results};
use rust_decimal::Decimal;
use serde_json::Value;

const EXPECTED: &str = include_str!("../../../presets/demo-2023.expected.json");

fn demo() -> Results {
    let doc = presets::DEMO.document().expect("the demo parses");
    evaluate(&doc).expect("the demo is valid")
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(&v.to_string()).unwrap_or_else(|_| panic!("not a number: {v}"))
}

/// Compares two JSON values: numbers by decimal value (2.0 == 2.00), everything else exactly.
fn same(path: &str, expected: &Value, actual: &Value, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Number(_), Value::Number(_)) => {
            if dec(expected) != dec(actual) {
                diffs.push(format!("{path}: expected {expected}, got {actual}"));
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => same(&format!("{path}.{k}"), ev, av, diffs),
                    None => diffs.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                diffs.push(format!("{path}: expected {} items, got {}", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                same(&format!("{path}[{i}]"), ev, av, diffs);
            }
        }
        _ => {
            if expected != actual {
                diffs.push(format!("{path}: expected {expected}, got {actual}"));
            }
        }
    }
}

#[test]
fn demo_reproduces_every_expected_figure() {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    let actual = serde_json::to_value(demo()).unwrap();
    let mut diffs = Vec::new();
    same("", &expected, &actual, &mut diffs);
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}
