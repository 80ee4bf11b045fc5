//! SCORING §8 / §9.13: what validation rejects (with the path and a Chinese message) and accepts.

mod common;
use common::*;
use kaohe_core::validate::{IdKind, IssueKind};
use kaohe_core::{parse_document, validate};
use serde_json::{json, Value};

fn ind(id: &str, method: Value) -> Value {
    json!({"id": id, "name": id, "category": "c", "full": 10, "metric": {"kind": "value"}, "method": method})
}

/// Errors of a fixture with these indicators and scheme patch, as (path, kind).
fn errors(inds: Value, patch: Value) -> Vec<(String, IssueKind)> {
    let doc = parse(&document(inds, json!({}), patch));
    validate(&doc).errors.into_iter().map(|i| (i.path, i.kind)).collect()
}

fn has(errs: &[(String, IssueKind)], path: &str, kind: IssueKind) {
    assert!(errs.iter().any(|(p, k)| p == path && *k == kind), "expected {path}: {kind:?} in {errs:#?}");
}

#[test]
fn missing_method_parameters_name_their_path() {
    let e = errors(
        json!([
            ind("I0", json!({"kind": "rank_points"})),
            ind("I1", json!({"kind": "base_step", "benchmark": 1, "base": 1, "up": 1, "up_unit": 1, "down": 1})),
            ind("I2", json!({"kind": "interval"})),
            ind("I3", json!({"kind": "per_count"})),
            ind("I4", json!({"kind": "standard_ratio", "std_value": 5}))
        ]),
        json!({}),
    );
    has(&e, "scheme.indicators[0].method.step", IssueKind::MissingParam { param: "step".into() });
    has(&e, "scheme.indicators[1].method.down_unit", IssueKind::MissingParam { param: "down_unit".into() });
    has(&e, "scheme.indicators[2].method.bands", IssueKind::MissingParam { param: "bands".into() });
    has(&e, "scheme.indicators[3].method.per", IssueKind::MissingParam { param: "per".into() });
    has(&e, "scheme.indicators[4].method.std_score", IssueKind::MissingParam { param: "std_score".into() });
    assert_eq!(e.len(), 5, "{e:#?}");
}

#[test]
fn out_of_range_parameters() {
    let e = errors(
        json!([
            ind("I0", json!({"kind": "base_step", "benchmark": 1, "base": 1, "up": 1, "up_unit": 0, "down": 1, "down_unit": -1})),
            ind("I1", json!({"kind": "direct_scaled", "scale": 0})),
            ind("I2", json!({"kind": "standard_ratio", "std_value": -2, "std_score": 1})),
            ind("I3", json!({"kind": "efficacy", "lo": 5, "hi": 4})),
            ind("I4", json!({"kind": "standard_ratio", "std_value": 2, "std_score": 1, "min": 5, "max": 4}))
        ]),
        json!({}),
    );
    has(&e, "scheme.indicators[0].method.up_unit", IssueKind::NotPositive { param: "up_unit".into() });
    has(&e, "scheme.indicators[0].method.down_unit", IssueKind::NotPositive { param: "down_unit".into() });
    has(&e, "scheme.indicators[1].method.scale", IssueKind::NotPositive { param: "scale".into() });
    has(&e, "scheme.indicators[2].method.std_value", IssueKind::NotPositive { param: "std_value".into() });
    has(&e, "scheme.indicators[3].method.lo", IssueKind::LoAboveHi);
    has(&e, "scheme.indicators[4].method.min", IssueKind::MinAboveMax);
}

#[test]
fn bands_must_strictly_fall_or_rise() {
    let e = errors(json!([ind("I0", json!({"kind": "interval", "bands": [[80, 5], [90, 8]]}))]), json!({}));
    has(&e, "scheme.indicators[0].method.bands", IssueKind::BandsOutOfOrder { direction: kaohe_core::model::Direction::Higher });
    let zh = validate(&parse(&document(json!([ind("I0", json!({"kind": "interval", "bands": [[80, 5], [80, 8]]}))]), json!({}), json!({}))))
        .errors[0]
        .zh();
    assert!(zh.contains("分档下限须从高到低排列"), "{zh}");
    // lower: bounds must rise.
    let mut i = ind("I0", json!({"kind": "interval", "bands": [[3, 5], [1, 8]]}));
    i["direction"] = json!("lower");
    let e = errors(json!([i]), json!({}));
    has(&e, "scheme.indicators[0].method.bands", IssueKind::BandsOutOfOrder { direction: kaohe_core::model::Direction::Lower });
}

#[test]
fn ids_unknown_and_duplicate() {
    let mut bad_cat = ind("I1", json!({"kind": "per_count", "per": 1}));
    bad_cat["category"] = json!("nope");
    let mut bad_group = ind("I2", json!({"kind": "per_count", "per": 1}));
    bad_group["applies_to"] = json!(["G9"]);
    let e = errors(
        json!([ind("I0", json!({"kind": "per_count", "per": 1})), ind("I0", json!({"kind": "per_count", "per": 1})), bad_cat, bad_group]),
        json!({
            "tie_breakers": [{"kind": "category", "id": "zz"}, {"kind": "indicator", "id": "I1"}],
            "recognitions": [{"id": "R", "name": "r", "basis": {"indicator": "Q"}, "top_n": 1},
                             {"id": "R", "name": "r", "basis": {"category": "c"}, "top_n": 1}]
        }),
    );
    has(&e, "scheme.indicators[1].id", IssueKind::DuplicateId { what: IdKind::Indicator, id: "I0".into() });
    has(&e, "scheme.indicators[2].category", IssueKind::UnknownId { what: IdKind::Category, id: "nope".into() });
    has(&e, "scheme.indicators[3].applies_to[0]", IssueKind::UnknownId { what: IdKind::Group, id: "G9".into() });
    has(&e, "scheme.tie_breakers[0].id", IssueKind::UnknownId { what: IdKind::TieBreaker, id: "zz".into() });
    has(&e, "scheme.recognitions[0].basis.indicator", IssueKind::UnknownId { what: IdKind::Indicator, id: "Q".into() });
    has(&e, "scheme.recognitions[1].id", IssueKind::DuplicateId { what: IdKind::Recognition, id: "R".into() });
    assert_eq!(e.len(), 6, "{e:#?}");
}

#[test]
fn units_and_inputs_must_name_known_ids() {
    let mut doc = document(json!([ind("I0", json!({"kind": "per_count", "per": 1}))]), json!({"Z": {}, "A": {"I9": {"value": 1}}}), json!({}));
    doc["units"][1]["group"] = json!("G7");
    doc["units"][2]["id"] = json!("A");
    let e: Vec<(String, IssueKind)> = validate(&parse(&doc)).errors.into_iter().map(|i| (i.path, i.kind)).collect();
    has(&e, "units[1].group", IssueKind::UnknownId { what: IdKind::Group, id: "G7".into() });
    has(&e, "units[2].id", IssueKind::DuplicateId { what: IdKind::Unit, id: "A".into() });
    has(&e, "inputs.Z", IssueKind::UnknownId { what: IdKind::Unit, id: "Z".into() });
    has(&e, "inputs.A.I9", IssueKind::UnknownId { what: IdKind::Indicator, id: "I9".into() });
}

#[test]
fn full_tiers_and_method_metric_fit() {
    let mut neg = ind("I0", json!({"kind": "per_count", "per": 1}));
    neg["full"] = json!(-1);
    let mut none = ind("I1", json!({"kind": "per_count", "per": 1}));
    none["full"] = Value::Null;
    let mut mismatch = ind("I2", json!({"kind": "deduction", "per": {"a": 1}}));
    mismatch["metric"] = json!({"kind": "completion"});
    let e = errors(
        json!([neg, none, mismatch]),
        json!({"awards": {"mode": "rank_quota", "tiers": [{"label": "一等奖", "count": 1, "ratio": 0.2}]}}),
    );
    has(&e, "scheme.indicators[0].full", IssueKind::NegativeFull);
    has(&e, "scheme.indicators[1].full", IssueKind::MissingFull);
    has(&e, "scheme.indicators[2].method.kind", IssueKind::MethodMetricMismatch { method: "deduction".into(), metric: "completion".into() });
    has(&e, "scheme.awards.tiers[0]", IssueKind::CountAndRatio);
}

#[test]
fn accepted_edge_cases() {
    // full 0, a category without indicators, a partial rounding object, explicit nulls for optional
    // parameters, tier count 0, repeated tie-breakers, units with no or empty input rows, ids and
    // names in any script and with markup, top_n larger than the pool.
    let mut zero = ind("指标一", json!({"kind": "rank_points", "step": 0.5, "floor": null, "table": null}));
    zero["full"] = json!(0);
    zero["name"] = json!("<b>加粗</b> & “引号”");
    let doc = document(
        json!([zero]),
        json!({"A": {}, "B": {"指标一": {}}}),
        json!({
            "rounding": {"dp": 1},
            "categories": [{"id": "c", "name": "基本", "kind": "base"}, {"id": "空", "name": "空类别", "kind": "base", "full": 0}],
            "tie_breakers": [{"kind": "category", "id": "c"}, {"kind": "category", "id": "c"}],
            "awards": {"mode": "rank_quota", "tiers": [{"label": "一等奖", "count": 0}, {"label": "二等奖", "count": null}]},
            "recognitions": [{"id": "R", "name": "r", "basis": {"indicator": "指标一"}, "top_n": 99}]
        }),
    );
    let r = run(&doc);
    assert_eq!(r.units.len(), 4);
    // count 0 for 一等奖: everyone 二等奖.
    assert!(r.units.iter().all(|u| u.award.as_deref() == Some("二等奖")));
}

#[test]
fn warnings_for_full_scores_that_do_not_add_up() {
    // Category full 20 but its indicators add up to 10: a warning, not an error; scoring goes on.
    let doc = document(
        json!([ind("I0", json!({"kind": "per_count", "per": 1}))]),
        json!({}),
        json!({"base_total": 100, "categories": [{"id": "c", "name": "基本", "kind": "base", "full": 20}]}),
    );
    let r = run(&doc);
    let paths: Vec<&str> = r.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["scheme.categories[0].full", "scheme.base_total"]);
    assert!(r.warnings[0].zh().contains("合计 10"), "{}", r.warnings[0].zh());
}

#[test]
fn parse_errors_say_where_in_chinese() {
    let doc = document(json!([ind("I0", json!({"kind": "per_count", "per": 1}))]), json!({"A": {"I0": {"value": "十二"}}}), json!({}));
    let e = parse_document(&doc.to_string()).unwrap_err();
    assert_eq!(e.path, "inputs.A.I0.value");
    assert!(e.zh().starts_with("inputs.A.I0.value："), "{}", e.zh());
    // An unknown method kind.
    let doc = document(json!([ind("I0", json!({"kind": "magic"}))]), json!({}), json!({}));
    let e = parse_document(&doc.to_string()).unwrap_err();
    assert!(e.path.starts_with("scheme.indicators[0].method"), "{}", e.path);
    assert!(matches!(e.kind, IssueKind::UnknownVariant { .. }), "{:?}", e.kind);
    // A _veto that is not a boolean.
    let doc = document(json!([]), json!({"A": {"_veto": "yes"}}), json!({}));
    assert_eq!(parse_document(&doc.to_string()).unwrap_err().path, "inputs.A._veto");
    // A number beyond exact decimals.
    let text = document(json!([]), json!({"A": {"I0": {"value": 1}}}), json!({})).to_string().replace("\"value\":1", "\"value\":1e40");
    assert!(matches!(parse_document(&text).unwrap_err().kind, IssueKind::NumberOutOfRange { .. }));
}

#[test]
fn overflow_is_an_error_at_the_input_not_a_panic() {
    // per_count: 7 × 10^28 × 10 is beyond 96-bit decimals (≈ 7.9 × 10^28): reported at the cell.
    let text = one(json!(10), json!({"kind": "count"}), json!({"kind": "per_count", "per": 10}), json!({}), &[("A", json!({"count": 1}))]).to_string();
    let text = text.replace("\"count\":1", "\"count\":70000000000000000000000000000");
    let doc = parse_document(&text).unwrap();
    let e = kaohe_core::evaluate(&doc).unwrap_err();
    assert_eq!(e[0].path, "inputs.A.I");
    assert_eq!(e[0].kind, IssueKind::Overflow);
}

#[test]
fn evaluate_reports_input_cells_naming_no_indicator() {
    // evaluate finds unknown cell ids in its own pass over the inputs (validate() checks them too).
    let doc = parse(&document(json!([ind("I0", json!({"kind": "per_count", "per": 1}))]), json!({"B": {"I0": {"value": 1}, "I9": {"value": 1}}}), json!({})));
    let e = kaohe_core::evaluate(&doc).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].path, "inputs.B.I9");
    assert_eq!(e[0].kind, IssueKind::UnknownId { what: IdKind::Indicator, id: "I9".into() });
}
