//! SCORING §8: explanations name the status, the figures and the formula with the unit's numbers.

mod common;
use common::*;
use kaohe_core::explain::explain_unit;
use kaohe_core::{evaluate, presets, Lang};
use serde_json::json;

fn texts(doc: &serde_json::Value, lang: Lang) -> Vec<String> {
    let d = parse(doc);
    let mut r = evaluate(&d).unwrap();
    r.render_explanations(&d, lang);
    UNITS.iter().map(|u| r.unit(u).unwrap().indicators[0].explain.clone()).collect()
}

#[test]
fn policies_are_explained() {
    let doc = one(json!(10), json!({"kind": "completion"}), json!({"kind": "completion_linear"}), json!({"applies_to": ["G1"]}), &[
        ("A", json!({"actual": 5, "target": 0})),
        ("B", json!({"actual": null, "target": 10})),
        ("C", json!({"actual": 5, "target": 10})),
    ]);
    let t = texts(&doc, Lang::Zh);
    assert_eq!(t[0], "目标任务为 0；按规定计满分；= 10.00");
    assert_eq!(t[1], "数据缺失；按规定计 0 分；= 0.00");
    assert_eq!(t[2], "本考核单元不考核此项");
    let t = texts(&doc, Lang::En);
    assert_eq!(t[0], "target is 0; full score by rule; = 10.00");
}

#[test]
fn relative_methods_show_their_pool_figures() {
    // rank_points, group scope: G1 {A 9, B 7}: B is 2nd of 2 → 10 − 0.5 = 9.5.
    let doc = one(json!(10), json!({"kind": "value"}), json!({"kind": "rank_points", "step": 0.5}), json!({"scope": "group"}), &values(["9", "7", "7", "3"]));
    let t = texts(&doc, Lang::Zh);
    assert_eq!(t[1], "数值 = 7；本考核单元第 2 名（共 2 个）；max(0, 10 − 0.5 × (2 − 1)) = 9.50");
    let t = texts(&doc, Lang::En);
    assert_eq!(t[1], "value = 7; rank 2 of 2 (group); max(0, 10 − 0.5 × (2 − 1)) = 9.50");
}

#[test]
fn the_unit_view_explains_one_unit() {
    let doc = presets::DEMO.document().unwrap();
    let r = evaluate(&doc).unwrap();
    let t = explain_unit(&doc, &r, 7, Lang::Zh);
    assert_eq!(t.len(), 23);
    // 金禾镇 E9 市外到账资金: 51426/45000 = 1.1428…; 1.6 + 0.04 × 14.28 = 2.1712 > max 2 → 2.00.
    assert!(t[8].ends_with("= 2.1712 > 上限 2 → 2.00"), "{}", t[8]);
    // S1 安全生产: 4 − (1 × 1 + 2 × 0.5) = 2.
    assert_eq!(t[17], "一般生产安全事故（起） 1、市级安全生产通报（次） 2；max(0, 4 − (1 × 1 + 2 × 0.5)) = 2.00");
}
