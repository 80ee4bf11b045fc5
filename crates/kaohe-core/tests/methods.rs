//! SCORING §4: every method and parameter, each case worked out by hand in its comment.

mod common;
use common::*;
use serde_json::json;

fn completion(cells: [(&str, &str); 4]) -> Vec<(&'static str, serde_json::Value)> {
    UNITS
        .iter()
        .zip(cells)
        .map(|(u, (a, t))| (*u, json!({"actual": a.parse::<f64>().unwrap(), "target": t.parse::<f64>().unwrap()})))
        .collect()
}

#[test]
fn completion_linear_floor_cap_and_no_clamp_at_full() {
    // w = 10, floor_rate 0.6, cap_rate 1.2.
    // A 110/100 = 1.1 → 10 × 1.1 = 11 (cap_rate > 1 may exceed w, §9.6)
    // B 130/100 = 1.3 → 10 × min(1.3, 1.2) = 12
    // C 59/100 = 0.59 < 0.6 → 0
    // D 60/100 = 0.6, not below the floor → 10 × 0.6 = 6
    let doc = one(
        json!(10),
        json!({"kind": "completion"}),
        json!({"kind": "completion_linear", "floor_rate": 0.6, "cap_rate": 1.2}),
        json!({}),
        &completion([("110", "100"), ("130", "100"), ("59", "100"), ("60", "100")]),
    );
    assert_eq!(scores(&run(&doc), "I"), ["11", "12", "0", "6"]);
}

#[test]
fn completion_linear_defaults_and_floor_after_raw_cap() {
    // cap_rate defaults to 1; raw_cap 0.5 caps the metric before the floor 0.6 is compared (§9.6):
    // A 110/100 → min(1.1, 0.5) = 0.5 < 0.6 → 0. Without a floor: B 80/100 → 0.5 → 10 × 0.5 = 5.
    let doc = one(
        json!(10),
        json!({"kind": "completion", "raw_cap": 0.5}),
        json!({"kind": "completion_linear", "floor_rate": 0.6}),
        json!({}),
        &completion([("110", "100"), ("80", "100"), ("40", "100"), ("30", "100")]),
    );
    assert_eq!(scores(&run(&doc), "I"), ["0", "0", "0", "0"]);
    let doc = one(
        json!(10),
        json!({"kind": "completion", "raw_cap": 0.5}),
        json!({"kind": "completion_linear"}),
        json!({}),
        &completion([("110", "100"), ("80", "100"), ("40", "100"), ("-30", "100")]),
    );
    // C 0.4 → 4; D −0.3 clamps to 0 → 0.
    assert_eq!(scores(&run(&doc), "I"), ["5", "5", "4", "0"]);
}

#[test]
fn ratio_to_best_higher_and_lower() {
    // higher, w = 10, pool best 100: A 50 → 5; B 80 → 8; C 100 → 10; D −5 → clamp(−0.05) → 0.
    let doc = one(json!(10), json!({"kind": "value"}), json!({"kind": "ratio_to_best"}), json!({}), &values(["50", "80", "100", "-5"]));
    assert_eq!(scores(&run(&doc), "I"), ["5", "8", "10", "0"]);
    // higher with best ≤ 0: everybody 0.
    let doc = one(json!(10), json!({"kind": "value"}), json!({"kind": "ratio_to_best"}), json!({}), &values(["-1", "-2", "0", "-3"]));
    assert_eq!(scores(&run(&doc), "I"), ["0", "0", "0", "0"]);
    // lower, best = min 4: A 4 → 10; B 10 × 4/8 = 5; C 10 × 4/5 = 8; D 10 × 4/10 = 4.
    let doc = one(
        json!(10),
        json!({"kind": "value"}),
        json!({"kind": "ratio_to_best"}),
        json!({"direction": "lower"}),
        &values(["4", "8", "5", "10"]),
    );
    assert_eq!(scores(&run(&doc), "I"), ["10", "5", "8", "4"]);
    // lower with a 0 in the pool: v ≤ 0 → w; others w × max(0, 0)/v = 0.
    let doc = one(
        json!(10),
        json!({"kind": "value"}),
        json!({"kind": "ratio_to_best"}),
        json!({"direction": "lower"}),
        &values(["0", "8", "5", "10"]),
    );
    assert_eq!(scores(&run(&doc), "I"), ["10", "0", "0", "0"]);
}

#[test]
fn ratio_to_best_group_scope_uses_each_group_best() {
    // G1 {A 50, B 100} best 100; G2 {C 20, D 40} best 40: A 5, B 10, C 5, D 10 (w 10).
    let doc = one(
        json!(10),
        json!({"kind": "value"}),
        json!({"kind": "ratio_to_best"}),
        json!({"scope": "group"}),
        &values(["50", "100", "20", "40"]),
    );
    assert_eq!(scores(&run(&doc), "I"), ["5", "10", "5", "10"]);
}

#[test]
fn rank_points_step_floor_ties_and_direction() {
    // w 10, step 0.5: values 9, 7, 7, 3 → competition ranks 1, 2, 2, 4
    // → 10, 10 − 0.5 = 9.5, 9.5, 10 − 0.5 × 3 = 8.5.
    let m = json!({"kind": "rank_points", "step": 0.5});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({}), &values(["9", "7", "7", "3"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "9.5", "9.5", "8.5"]);
    // floor 9: D max(9, 8.5) = 9.
    let m = json!({"kind": "rank_points", "step": 0.5, "floor": 9});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({}), &values(["9", "7", "7", "3"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "9.5", "9.5", "9"]);
    // lower: values 1, 2, 2, 5 → ranks 1, 2, 2, 4 → 10, 9.5, 9.5, 8.5.
    let m = json!({"kind": "rank_points", "step": 0.5});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({"direction": "lower"}), &values(["1", "2", "2", "5"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "9.5", "9.5", "8.5"]);
    // step 4 would go negative: 10 − 4 × 3 = −2 → clamp 0.
    let m = json!({"kind": "rank_points", "step": 4});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({}), &values(["9", "7", "7", "3"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "6", "6", "0"]);
}

#[test]
fn rank_points_table_replaces_step_and_clamps() {
    // table [12, 8, 6], floor 1: ranks 1, 2, 2, 4 → clamp(12, 0, 10) = 10, 8, 8, floor 1 past the end.
    let m = json!({"kind": "rank_points", "table": [12, 8, 6], "floor": 1, "step": 0.1});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({}), &values(["9", "7", "7", "3"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "8", "8", "1"]);
}

#[test]
fn rank_points_group_scope() {
    // G1 {A 9, B 7} → ranks 1, 2; G2 {C 7, D 3} → ranks 1, 2: 10, 9.5, 10, 9.5.
    let m = json!({"kind": "rank_points", "step": 0.5});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({"scope": "group"}), &values(["9", "7", "7", "3"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "9.5", "10", "9.5"]);
}

#[test]
fn efficacy_pool_and_fixed_ends() {
    // w 5, base 0.6 (default), pool lo 0, hi 100.
    // A 0 → f 0 → 5 × 0.6 = 3; B 50 → 5 × (0.6 + 0.4 × 0.5) = 4; C 100 → 5; D 25 → 5 × 0.7 = 3.5.
    let doc = one(json!(5), json!({"kind": "value"}), json!({"kind": "efficacy"}), json!({}), &values(["0", "50", "100", "25"]));
    assert_eq!(scores(&run(&doc), "I"), ["3", "4", "5", "3.5"]);
    // lower: f = (hi − v)/(hi − lo): A f 1 → 5; B 0.5 → 4; C 0 → 3; D 0.75 → 5 × 0.9 = 4.5.
    let doc = one(
        json!(5),
        json!({"kind": "value"}),
        json!({"kind": "efficacy"}),
        json!({"direction": "lower"}),
        &values(["0", "50", "100", "25"]),
    );
    assert_eq!(scores(&run(&doc), "I"), ["5", "4", "3", "4.5"]);
    // fixed lo 20, hi 60, base 0.5: A f clamp(−0.5) = 0 → 2.5; B (50−20)/40 = 0.75 → 5 × 0.875 = 4.375 → 4.38;
    // C f 1 → 5; D (25−20)/40 = 0.125 → 5 × 0.5625 = 2.8125 → 2.81.
    let doc = one(
        json!(5),
        json!({"kind": "value"}),
        json!({"kind": "efficacy", "lo": 20, "hi": 60, "base": 0.5}),
        json!({}),
        &values(["0", "50", "100", "25"]),
    );
    assert_eq!(scores(&run(&doc), "I"), ["2.5", "4.38", "5", "2.81"]);
    // hi = lo (everyone equal) → w.
    let doc = one(json!(5), json!({"kind": "value"}), json!({"kind": "efficacy"}), json!({}), &values(["7", "7", "7", "7"]));
    assert_eq!(scores(&run(&doc), "I"), ["5", "5", "5", "5"]);
}

#[test]
fn base_step_continuous_whole_and_clamp() {
    // benchmark 100, base 6, +0.5 per 10 above, −1 per 5 below, max 8 (w 10).
    // A 125: d 25 → 6 + 0.5 × 2.5 = 7.25; B 92: d −8 → 6 − 1 × 1.6 = 4.4;
    // C 200: 6 + 0.5 × 10 = 11 → max 8; D 0: 6 − 20 = −14 → 0.
    let m = json!({"kind": "base_step", "benchmark": 100, "base": 6, "up": 0.5, "up_unit": 10, "down": 1, "down_unit": 5, "max": 8});
    let doc = one(json!(10), json!({"kind": "value"}), m.clone(), json!({}), &values(["125", "92", "200", "0"]));
    assert_eq!(scores(&run(&doc), "I"), ["7.25", "4.4", "8", "0"]);
    // whole steps: A ⌊2.5⌋ = 2 → 7; B ⌊1.6⌋ = 1 → 5 (a partial step never counts, §9.8).
    let mut mw = m.clone();
    mw["granularity"] = json!("whole");
    let doc = one(json!(10), json!({"kind": "value"}), mw, json!({}), &values(["125", "92", "200", "0"]));
    assert_eq!(scores(&run(&doc), "I"), ["7", "5", "8", "0"]);
    // lower: d = benchmark − v. A 125 → −25 → 6 − 5 = 1; B 92 → 8 → 6 + 0.4 = 6.4.
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({"direction": "lower"}), &values(["125", "92", "200", "0"]));
    assert_eq!(scores(&run(&doc), "I"), ["1", "6.4", "0", "8"]);
}

#[test]
fn base_step_pool_averages() {
    // county_avg of 125, 92, 200, 0 = 417/4 = 104.25. A: d 20.75 → 6 + 0.5 × 2.075 = 7.0375 → 7.04.
    let m = json!({"kind": "base_step", "benchmark": "county_avg", "base": 6, "up": 0.5, "up_unit": 10, "down": 1, "down_unit": 5});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({}), &values(["125", "92", "200", "0"]));
    assert_eq!(scores(&run(&doc), "I")[0], "7.04");
    // group_avg of G1 {125, 92} = 108.5. A: d 16.5 → 6 + 0.5 × 1.65 = 6.825 exactly → half_up 6.83.
    let m = json!({"kind": "base_step", "benchmark": "group_avg", "base": 6, "up": 0.5, "up_unit": 10, "down": 1, "down_unit": 5});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({}), &values(["125", "92", "200", "0"]));
    assert_eq!(scores(&run(&doc), "I")[0], "6.83");
    // … and with half_even the same exact 6.825 rounds to 6.82 (2 is even).
    let mut doc = doc;
    doc["scheme"]["rounding"] = json!({"mode": "half_even"});
    assert_eq!(scores(&run(&doc), "I")[0], "6.82");
}

#[test]
fn standard_ratio_both_directions_and_clamps() {
    // std_value 50 → std_score 8, min 2, max w 10: A 25 → 8 × 25/50 = 4; B 75 → 12 → 10; C 5 → 0.8 → 2; D 50 → 8.
    let m = json!({"kind": "standard_ratio", "std_value": 50, "std_score": 8, "min": 2});
    let doc = one(json!(10), json!({"kind": "value"}), m.clone(), json!({}), &values(["25", "75", "5", "50"]));
    assert_eq!(scores(&run(&doc), "I"), ["4", "10", "2", "8"]);
    // lower: 8 × 50/v: A 40 → 10; B 0 → max 10; C 100 → 4; D 400 → 1 → min 2.
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({"direction": "lower"}), &values(["40", "0", "100", "400"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "10", "4", "2"]);
}

#[test]
fn interval_bands_else_and_direction() {
    // bands ≥90 → 10, ≥80 → 8, ≥60 → 5, else 2: 95 → 10; 80 → 8; 79.99 → 5; 10 → 2.
    let m = json!({"kind": "interval", "bands": [[90, 10], [80, 8], [60, 5]], "else": 2});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({}), &values(["95", "80", "79.99", "10"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "8", "5", "2"]);
    // lower: ≤1 → 10, ≤3 → 6, else 0 (default): 0 → 10; 2 → 6; 3 → 6; 5 → 0.
    let m = json!({"kind": "interval", "bands": [[1, 10], [3, 6]]});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({"direction": "lower"}), &values(["0", "2", "3", "5"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "6", "6", "0"]);
    // band points clamp to [0, w]: 15 → 10, −1 → 0.
    let m = json!({"kind": "interval", "bands": [[50, 15], [0, -1]]});
    let doc = one(json!(10), json!({"kind": "value"}), m, json!({}), &values(["60", "10", "60", "10"]));
    assert_eq!(scores(&run(&doc), "I"), ["10", "0", "10", "0"]);
}

#[test]
fn per_count_and_direct_scaled() {
    // per 1.5, w 5: 3 → 4.5; 4 → 6 → 5; −2 → 0; 0 → 0.
    let doc = one(json!(5), json!({"kind": "count"}), json!({"kind": "per_count", "per": 1.5}), json!({}), &[
        ("A", json!({"count": 3})),
        ("B", json!({"count": 4})),
        ("C", json!({"count": -2})),
        ("D", json!({"count": 0})),
    ]);
    assert_eq!(scores(&run(&doc), "I"), ["4.5", "5", "0", "0"]);
    // scale 120, w 5: 90 → 5 × 90/120 = 3.75; 130 → clamp 120 → 5; −10 → 0; 87 → 3.625 → 3.63.
    let doc = one(json!(5), json!({"kind": "direct"}), json!({"kind": "direct_scaled", "scale": 120}), json!({}), &[
        ("A", json!({"score": 90})),
        ("B", json!({"score": 130})),
        ("C", json!({"score": -10})),
        ("D", json!({"score": 87})),
    ]);
    assert_eq!(scores(&run(&doc), "I"), ["3.75", "5", "0", "3.63"]);
    // default scale 100: 87 → 5 × 0.87 = 4.35.
    let doc = one(json!(5), json!({"kind": "direct"}), json!({"kind": "direct_scaled"}), json!({}), &[("A", json!({"score": 87}))]);
    assert_eq!(scores(&run(&doc), "I")[0], "4.35");
}

#[test]
fn deduction_counts_missing_fields_as_zero() {
    // w 4, per a 1, b 0.5: A a1 b3 → 4 − 2.5 = 1.5; B a5 → 0 (clamp); C {a: 1} → 3; D no cell → 4.
    let m = json!({"kind": "deduction", "per": {"a": 1, "b": 0.5}});
    let doc = one(json!(4), json!({"kind": "events"}), m, json!({}), &[
        ("A", json!({"a": 1, "b": 3})),
        ("B", json!({"a": 5, "b": 0})),
        ("C", json!({"a": 1})),
    ]);
    let r = run(&doc);
    assert_eq!(scores(&r, "I"), ["1.5", "0", "3", "4"]);
    assert_eq!(r.unit("D").unwrap().indicator("I").unwrap().status, kaohe_core::metric::Status::Ok);
}

#[test]
fn satisfaction_weights_ignore_unlisted_fields() {
    // weights s 1, b 0.8, u 0; w 5. A s60 b30 u10 (unknown 50 ignored): n 100, Σ 60 + 24 = 84 → 5 × 0.84 = 4.2.
    // B all zero → n 0 → 0. C s1 b2 → n 3, Σ 1 + 1.6 = 2.6 → 5 × 2.6/3 = 4.3333… → 4.33.
    let m = json!({"kind": "satisfaction", "weights": {"s": 1, "b": 0.8, "u": 0}});
    let doc = one(json!(5), json!({"kind": "survey"}), m, json!({}), &[
        ("A", json!({"s": 60, "b": 30, "u": 10, "unknown": 50})),
        ("B", json!({"s": 0, "unknown": 9})),
        ("C", json!({"s": 1, "b": 2})),
        ("D", json!({"s": 5})),
    ]);
    assert_eq!(scores(&run(&doc), "I"), ["4.2", "0", "4.33", "5"]);
}

#[test]
fn points_cap_floor_and_no_full() {
    // per n 1, p 0.5, cap 2, full null (allowed for points only):
    // A n1 p3 → 2.5 → cap 2; B p1 → 0.5; C n −3 → −3 → floored 0; D nothing → 0.
    let m = json!({"kind": "points", "per": {"n": 1, "p": 0.5}, "cap": 2});
    let doc = one(serde_json::Value::Null, json!({"kind": "events"}), m, json!({}), &[
        ("A", json!({"n": 1, "p": 3})),
        ("B", json!({"p": 1})),
        ("C", json!({"n": -3})),
    ]);
    assert_eq!(scores(&run(&doc), "I"), ["2", "0.5", "0", "0"]);
    // Without a cap, the sum is not clamped at w: w 1, n 3 → 3.
    let m = json!({"kind": "points", "per": {"n": 1}});
    let doc = one(json!(1), json!({"kind": "events"}), m, json!({}), &[("A", json!({"n": 3}))]);
    assert_eq!(scores(&run(&doc), "I")[0], "3");
}

#[test]
fn binary_done_or_not() {
    // w 3: done 1 → 3; done 0 → 0; done absent → missing → policy zero → 0; done 2 → 3.
    let doc = one(json!(3), json!({"kind": "flag"}), json!({"kind": "binary"}), json!({}), &[
        ("A", json!({"done": 1})),
        ("B", json!({"done": 0})),
        ("C", json!({})),
        ("D", json!({"done": 2})),
    ]);
    let r = run(&doc);
    assert_eq!(scores(&r, "I"), ["3", "0", "0", "3"]);
    assert_eq!(r.unit("C").unwrap().indicator("I").unwrap().status, kaohe_core::metric::Status::Missing);
}

#[test]
fn relative_pools_leave_out_units_not_ok() {
    // ratio_to_best over A 50, B missing, C no cell, D 40: pool {50, 40}, best 50 → A 10, D 8; B, C missing → 0.
    let doc = one(json!(10), json!({"kind": "value"}), json!({"kind": "ratio_to_best"}), json!({}), &[
        ("A", json!({"value": 50})),
        ("B", json!({"value": null})),
        ("D", json!({"value": 40})),
    ]);
    assert_eq!(scores(&run(&doc), "I"), ["10", "0", "0", "8"]);
    // rank_points: the pool has 2 units, so D is 2nd: 10 − 1 = 9.
    let doc = one(json!(10), json!({"kind": "value"}), json!({"kind": "rank_points", "step": 1}), json!({}), &[
        ("A", json!({"value": 50})),
        ("B", json!({"value": null})),
        ("D", json!({"value": 40})),
    ]);
    assert_eq!(scores(&run(&doc), "I"), ["10", "0", "0", "9"]);
}
