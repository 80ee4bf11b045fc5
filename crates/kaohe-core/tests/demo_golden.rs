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

#[test]
fn the_demo_document_round_trips_through_its_json_writer() {
    let doc = presets::DEMO.document().unwrap();
    let text = kaohe_core::write_document(&doc);
    let again = kaohe_core::parse_document(&text).expect("what we write, we read");
    assert_eq!(doc, again);
    // Inputs keep their exact decimal text (15573.8 stays 15573.8, never 15573.799999…).
    assert!(text.contains("15573.8") && text.contains("17870.47"));
    assert_eq!(evaluate(&again).unwrap(), demo());
}

#[test]
fn the_county_report_figures_for_jinhe() {
    // 金禾镇 as the county's report describes it: total 79.33, 8th of 12, 二等奖, first in 考核单元;
    // 经济发展 4th in the county and 1st in its group; 规上总产值 10/10 and 规上增加值 10/10 and
    // 净增规上企业 6 points, each ranked first; 突出单位 in all five key items.
    let r = demo();
    let u = r.unit("U08").unwrap();
    assert_eq!(u.total.0.to_string(), "79.33");
    assert_eq!((u.rank, u.group_rank, u.award.as_deref()), (8, 1, Some("二等奖")));
    let econ = u.category("econ").unwrap();
    assert_eq!((econ.rank, econ.group_rank), (Some(4), Some(1)));
    for (id, score) in [("E2", "10"), ("E3", "10"), ("E4", "6")] {
        let i = u.indicator(id).unwrap();
        assert_eq!((i.score.unwrap().0.normalize().to_string(), i.rank), (score.to_string(), Some(1)), "{id}");
    }
    assert_eq!(u.recognitions, ["R1", "R2", "R3", "R4", "R5"]);
}

#[test]
fn what_if_jinhe_has_no_accidents_and_no_notices() {
    // S1 安全生产 (deduction, full 4): 1 accident × 1 + 2 notices × 0.5 = 2 lost → 2.00. With none: 4.00.
    // 金禾镇 79.33 + 2 = 81.33: ahead of 城南街道 (81.32) by 0.01, behind 青石镇 (81.59) → 7th; 城南街道 8th.
    let mut doc = presets::DEMO.document().unwrap();
    assert!(doc.set_input("U08", "S1", "accidents", Some(Decimal::ZERO)));
    assert!(doc.set_input("U08", "S1", "notices", Some(Decimal::ZERO)));
    let r = evaluate(&doc).unwrap();
    let (jinhe, chengnan) = (r.unit("U08").unwrap(), r.unit("U03").unwrap());
    assert_eq!(jinhe.total.0.to_string(), "81.33");
    assert_eq!((jinhe.rank, chengnan.rank), (7, 8));
    assert_eq!(jinhe.total.0 - chengnan.total.0, Decimal::new(1, 2));
    // Unknown ids change nothing.
    assert!(!doc.set_input("U99", "S1", "accidents", None));
    assert!(!doc.set_input("U08", "S9", "accidents", None));
    assert!(doc.set_veto("U08", true));
    assert_eq!(evaluate(&doc).unwrap().unit("U08").unwrap().award, None);
}
