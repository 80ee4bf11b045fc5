//! SCORING §2 policies, §5 totals and rescaling, §1 rounding stages, §6 ranks, §7 awards and
//! recognitions. Expected figures are worked out by hand in the comments.

mod common;
use common::*;
use kaohe_core::metric::Status;
use serde_json::{json, Value};

fn ds(id: &str, cat: &str, full: Value, extra: Value) -> Value {
    let mut v = json!({"id": id, "name": id, "category": cat, "full": full,
        "metric": {"kind": "direct"}, "method": {"kind": "direct_scaled"}});
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            o.insert(k.clone(), x.clone());
        }
    }
    v
}

fn pts(id: &str, cat: &str, per: Value, extra: Value) -> Value {
    let mut v = json!({"id": id, "name": id, "category": cat, "full": null,
        "metric": {"kind": "events"}, "method": {"kind": "points", "per": per}});
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            o.insert(k.clone(), x.clone());
        }
    }
    v
}

fn field<'a>(r: &'a kaohe_core::Results, u: &str) -> &'a kaohe_core::results::UnitResult {
    r.unit(u).unwrap()
}

#[test]
fn missing_policies_zero_exclude_full() {
    // I1 full 60, I2 full 40 (direct_scaled, scale 100). A: I1 80, I2 absent. B: I1 50, I2 90.
    let inputs = json!({"A": {"I1": {"score": 80}}, "B": {"I1": {"score": 50}, "I2": {"score": 90}}});
    // zero (default): A 60 × 0.8 = 48 + 0 = 48. B 30 + 36 = 66.
    let doc = document(json!([ds("I1", "c", json!(60), json!({})), ds("I2", "c", json!(40), json!({}))]), inputs.clone(), json!({}));
    let r = run(&doc);
    assert_eq!(scores(&r, "I2")[..2], ["0", "36"]);
    assert_eq!(field(&r, "A").indicator("I2").unwrap().status, Status::Missing);
    assert_eq!(field(&r, "A").base.0, d("48"));
    assert_eq!(field(&r, "B").base.0, d("66"));
    // exclude: A's I2 is not assessed (score null); base rescaled 48 × 100/60 = 80; subtotal shown unscaled 48.
    let doc = document(
        json!([ds("I1", "c", json!(60), json!({})), ds("I2", "c", json!(40), json!({"missing": "exclude"}))]),
        inputs.clone(),
        json!({}),
    );
    let r = run(&doc);
    assert_eq!(scores(&r, "I2")[..2], ["-", "36"]);
    assert_eq!(field(&r, "A").indicator("I2").unwrap().rank, None);
    assert_eq!(field(&r, "A").base.0, d("80"));
    assert_eq!(field(&r, "A").category("c").unwrap().score.0, d("48"));
    assert_eq!(field(&r, "B").base.0, d("66"));
    // full: A's I2 = 40 → 48 + 40 = 88.
    let doc = document(
        json!([ds("I1", "c", json!(60), json!({})), ds("I2", "c", json!(40), json!({"missing": "full"}))]),
        inputs,
        json!({}),
    );
    assert_eq!(field(&run(&doc), "A").base.0, d("88"));
}

#[test]
fn no_target_and_no_base_policies() {
    let comp = |policy: Value| {
        let mut extra = json!({});
        if !policy.is_null() {
            extra = json!({"no_target": policy});
        }
        one(json!(10), json!({"kind": "completion"}), json!({"kind": "completion_linear"}), extra, &[
            ("A", json!({"actual": 5, "target": 0})),
            ("B", json!({"actual": 50, "target": 100})),
        ])
    };
    // target 0: default full → 10; zero → 0; exclude → not assessed. B 50/100 → 5 throughout.
    assert_eq!(scores(&run(&comp(Value::Null)), "I")[..2], ["10", "5"]);
    assert_eq!(scores(&run(&comp(json!("zero"))), "I")[..2], ["0", "5"]);
    let r = run(&comp(json!("exclude")));
    assert_eq!(scores(&r, "I")[..2], ["-", "5"]);
    assert_eq!(field(&r, "A").indicator("I").unwrap().status, Status::NoTarget);
    // Only indicator excluded → B = 0 → base 0.
    assert_eq!(field(&r, "A").total.0, d("0"));

    let growth = |policy: Value| {
        let mut extra = json!({});
        if !policy.is_null() {
            extra = json!({"no_base": policy});
        }
        one(json!(3), json!({"kind": "growth"}), json!({"kind": "interval", "bands": [[10, 3], [0, 1]]}), extra, &[
            ("A", json!({"actual": 5, "last": 0})),
            ("B", json!({"actual": 112, "last": 100})),
        ])
    };
    // last 0: default zero → 0; full → 3; exclude → null. B (112 − 100)/100 × 100 = 12 % ≥ 10 → 3.
    assert_eq!(scores(&run(&growth(Value::Null)), "I")[..2], ["0", "3"]);
    assert_eq!(scores(&run(&growth(json!("full"))), "I")[..2], ["3", "3"]);
    assert_eq!(scores(&run(&growth(json!("exclude"))), "I")[..2], ["-", "3"]);
}

#[test]
fn applies_to_marks_other_groups_not_applicable_and_rescales() {
    // I2 applies to G1 only. C (G2): I1 50 → 30; I2 not applicable → base 30 × 100/60 = 50.
    let doc = document(
        json!([ds("I1", "c", json!(60), json!({})), ds("I2", "c", json!(40), json!({"applies_to": ["G1"]}))]),
        json!({"A": {"I1": {"score": 100}, "I2": {"score": 100}}, "C": {"I1": {"score": 50}, "I2": {"score": 100}}}),
        json!({}),
    );
    let r = run(&doc);
    let c = field(&r, "C");
    assert_eq!(c.indicator("I2").unwrap().status, Status::NotApplicable);
    assert_eq!(c.indicator("I2").unwrap().score, None);
    assert_eq!(c.base.0, d("50"));
    assert_eq!(field(&r, "A").base.0, d("100"));
}

#[test]
fn weighted_categories_and_rescaling_use_weighted_full() {
    // c1 weight 0.3 (P full 100); c2 weight 0.7 (Q full 50, R full 50, R missing → exclude).
    // A: P 80 → 80; Q 80% → 40; R absent. base = (0.3 × 80 + 0.7 × 40) × A/B
    //    = 52 × (0.3 × 100 + 0.7 × 100) / (0.3 × 100 + 0.7 × 50) = 52 × 100 / 65 = 80.
    // B: P 50 → 50; Q 100% → 50; R 60% → 30: 0.3 × 50 + 0.7 × 80 = 15 + 56 = 71 (no rescaling).
    let doc = document(
        json!([
            ds("P", "c1", json!(100), json!({})),
            ds("Q", "c2", json!(50), json!({})),
            ds("R", "c2", json!(50), json!({"missing": "exclude"}))
        ]),
        json!({"A": {"P": {"score": 80}, "Q": {"score": 80}}, "B": {"P": {"score": 50}, "Q": {"score": 100}, "R": {"score": 60}}}),
        json!({"categories": [
            {"id": "c1", "name": "党建", "kind": "base", "full": 100, "weight": 0.3},
            {"id": "c2", "name": "发展", "kind": "base", "full": 100, "weight": 0.7}
        ]}),
    );
    let r = run(&doc);
    assert_eq!(field(&r, "A").base.0, d("80"));
    assert_eq!(field(&r, "A").category("c2").unwrap().score.0, d("40"));
    assert_eq!(field(&r, "B").base.0, d("71"));
}

#[test]
fn caps_bonus_penalty_and_total() {
    // I (c, full 10): A 90 → 9. Bonus X n1 + Y n1 = 2, category cap 1.5 → 1.5.
    // Penalty Z k3 × 0.5 = 1.5, category cap 1 → 1. Total 9 + 1.5 − 1 = 9.5.
    // X applies to G1 only: C's X is not assessed and scores 0; base is NOT rescaled for bonus items.
    let doc = document(
        json!([
            ds("I", "c", json!(10), json!({})),
            pts("X", "bon", json!({"n": 1}), json!({"applies_to": ["G1"]})),
            pts("Y", "bon", json!({"n": 1}), json!({})),
            pts("Z", "pen", json!({"k": 0.5}), json!({}))
        ]),
        json!({
            "A": {"I": {"score": 90}, "X": {"n": 1}, "Y": {"n": 1}, "Z": {"k": 3}},
            "C": {"I": {"score": 50}, "X": {"n": 1}, "Y": {"n": 0}}
        }),
        json!({"categories": [
            {"id": "c", "name": "基本", "kind": "base"},
            {"id": "bon", "name": "加分", "kind": "bonus", "cap": 1.5},
            {"id": "pen", "name": "扣分", "kind": "penalty", "cap": 1}
        ]}),
    );
    let r = run(&doc);
    let a = field(&r, "A");
    assert_eq!((a.base.0, a.bonus.0, a.penalty.0, a.total.0), (d("9"), d("1.5"), d("1"), d("9.5")));
    assert_eq!(a.category("bon").unwrap().score.0, d("1.5"));
    let c = field(&r, "C");
    assert_eq!(c.indicator("X").unwrap().score, None);
    // C: base 5 (not rescaled), bonus 0, total 5.
    assert_eq!((c.base.0, c.bonus.0, c.total.0), (d("5"), d("0"), d("5")));
}

#[test]
fn rounding_stage_indicator_versus_total() {
    // Two indicators of w 10 with scale 1000 and input 100.2: 10 × 100.2/1000 = 1.002 each.
    // A bonus item worth 0.004.
    // stage indicator: 1.00 + 1.00 = base 2.00; bonus round(0.004) = 0.00; total 2.00.
    // stage total: base round(2.004) = 2.00; bonus 0.00; total round(2.004 + 0.004 = 2.008) = 2.01 —
    // not the sum of the rounded parts. Indicator scores display as 1.00 either way.
    let mk = |stage: &str| {
        document(
            json!([
                {"id": "I1", "name": "a", "category": "c", "full": 10, "metric": {"kind": "direct"}, "method": {"kind": "direct_scaled", "scale": 1000}},
                {"id": "I2", "name": "b", "category": "c", "full": 10, "metric": {"kind": "direct"}, "method": {"kind": "direct_scaled", "scale": 1000}},
                pts("X", "bon", json!({"n": 0.004}), json!({}))
            ]),
            json!({"A": {"I1": {"score": 100.2}, "I2": {"score": 100.2}, "X": {"n": 1}}}),
            json!({"rounding": {"stage": stage}}),
        )
    };
    let r = run(&mk("indicator"));
    let a = field(&r, "A");
    assert_eq!((a.base.0, a.bonus.0, a.total.0), (d("2"), d("0"), d("2")));
    let r = run(&mk("total"));
    let a = field(&r, "A");
    assert_eq!((a.base.0, a.bonus.0, a.total.0), (d("2"), d("0"), d("2.01")));
    assert_eq!(a.indicator("I1").unwrap().score.unwrap().0, d("1"));
    assert_eq!(a.category("c").unwrap().score.0, d("2"));
}

#[test]
fn decimal_places_follow_the_scheme() {
    // dp 1: 10 × 92.5/100 = 9.25 → half_up 9.3, half_even 9.2.
    let mk = |mode: &str| {
        let mut doc = one(json!(10), json!({"kind": "direct"}), json!({"kind": "direct_scaled"}), json!({}), &[("A", json!({"score": 92.5}))]);
        doc["scheme"]["rounding"] = json!({"dp": 1, "mode": mode});
        doc
    };
    assert_eq!(scores(&run(&mk("half_up")), "I")[0], "9.3");
    assert_eq!(scores(&run(&mk("half_even")), "I")[0], "9.2");
}

/// A, B, C tie on 14 points; D has 10. I in category c (report_rank), J in c2.
fn tied(patch: Value, extra_inds: Vec<Value>, extra_inputs: Value) -> Value {
    let mut inds = vec![ds("I", "c", json!(10), json!({})), ds("J", "c2", json!(10), json!({}))];
    inds.extend(extra_inds);
    let mut inputs = json!({
        "A": {"I": {"score": 80}, "J": {"score": 60}},
        "B": {"I": {"score": 60}, "J": {"score": 80}},
        "C": {"I": {"score": 70}, "J": {"score": 70}},
        "D": {"I": {"score": 50}, "J": {"score": 50}}
    });
    for (u, cells) in extra_inputs.as_object().into_iter().flatten() {
        for (k, v) in cells.as_object().into_iter().flatten() {
            inputs[u][k] = v.clone();
        }
    }
    let mut p = json!({"categories": [
        {"id": "c", "name": "经济", "kind": "base", "report_rank": true},
        {"id": "c2", "name": "民生", "kind": "base"},
        {"id": "bon", "name": "加分", "kind": "bonus"}
    ]});
    for (k, v) in patch.as_object().into_iter().flatten() {
        p[k] = v.clone();
    }
    document(Value::Array(inds), inputs, p)
}

fn ranks(r: &kaohe_core::Results) -> Vec<u32> {
    UNITS.iter().map(|u| field(r, u).rank).collect()
}

#[test]
fn ranks_competition_dense_and_tie_breakers() {
    // Totals 14, 14, 14, 10: competition 1, 1, 1, 4; dense 1, 1, 1, 2.
    assert_eq!(ranks(&run(&tied(json!({}), vec![], json!({})))), [1, 1, 1, 4]);
    assert_eq!(ranks(&run(&tied(json!({"rank_style": "dense"}), vec![], json!({})))), [1, 1, 1, 2]);
    // Tie-breaker category c (A 8, B 6, C 7): A 1, C 2, B 3, D 4.
    let r = run(&tied(json!({"tie_breakers": [{"kind": "category", "id": "c"}]}), vec![], json!({})));
    assert_eq!(ranks(&r), [1, 3, 2, 4]);
    // Group ranks use the tie-breakers too: G1 A 1, B 2; G2 C 1, D 2.
    assert_eq!(UNITS.map(|u| field(&r, u).group_rank), [1, 2, 1, 2]);
    // A tie-breaker on an indicator not assessed for a unit ranks it below every score:
    // K (bonus, G2 only) gives C a score of 0 and A, B none → C 1, A and B share 2.
    let k = pts("K", "bon", json!({"n": 1}), json!({"applies_to": ["G2"]}));
    let r = run(&tied(json!({"tie_breakers": [{"kind": "indicator", "id": "K"}]}), vec![k], json!({})));
    assert_eq!(ranks(&r), [2, 2, 1, 4]);
}

#[test]
fn category_and_indicator_ranks() {
    let r = run(&tied(json!({}), vec![], json!({})));
    // Category c (report_rank) subtotals 8, 6, 7, 5 → county 1, 3, 2, 4; group 1, 2 | 1, 2.
    assert_eq!(UNITS.map(|u| field(&r, u).category("c").unwrap().rank), [Some(1), Some(3), Some(2), Some(4)]);
    assert_eq!(UNITS.map(|u| field(&r, u).category("c").unwrap().group_rank), [Some(1), Some(2), Some(1), Some(2)]);
    // c2 has no report_rank: no ranks.
    assert_eq!(field(&r, "A").category("c2").unwrap().rank, None);
    // Indicator J scores 6, 8, 7, 5 → 3, 1, 2, 4.
    assert_eq!(UNITS.map(|u| field(&r, u).indicator("J").unwrap().rank), [Some(3), Some(1), Some(2), Some(4)]);
}

/// I (w 100, scale 100) scores A 95, B 85, C 80, D 70.
fn ladder(awards: Value, veto: &[&str], scores_: [&str; 4]) -> Value {
    let mut inputs = json!({});
    for (u, s) in UNITS.iter().zip(scores_) {
        inputs[*u] = json!({"I": {"score": s.parse::<f64>().unwrap()}, "_veto": veto.contains(u)});
    }
    document(json!([ds("I", "c", json!(100), json!({}))]), inputs, json!({"awards": awards}))
}

fn awards(r: &kaohe_core::Results) -> Vec<String> {
    UNITS.iter().map(|u| field(r, u).award.clone().unwrap_or_else(|| "-".into())).collect()
}

const LADDER: [&str; 4] = ["95", "85", "80", "70"];

#[test]
fn rank_quota_counts_and_veto_passes_the_quota_on() {
    let tiers = json!({"mode": "rank_quota", "tiers": [
        {"label": "一等奖", "count": 1}, {"label": "二等奖", "count": 1}, {"label": "三等奖", "count": null}]});
    assert_eq!(awards(&run(&ladder(tiers.clone(), &[], LADDER))), ["一等奖", "二等奖", "三等奖", "三等奖"]);
    // A vetoed: still ranked 1st and flagged, no award; B, C move up.
    let r = run(&ladder(tiers, &["A"], LADDER));
    assert_eq!(awards(&r), ["-", "一等奖", "二等奖", "三等奖"]);
    assert_eq!(field(&r, "A").rank, 1);
    assert!(field(&r, "A").vetoed);
}

#[test]
fn rank_quota_ratio_rounds_half_up_over_eligible_units() {
    // ratio 0.375 × 4 eligible = 1.5 → 2: A, B 一等奖; rest (no count) 二等奖.
    let tiers = json!({"mode": "rank_quota", "tiers": [{"label": "一等奖", "ratio": 0.375}, {"label": "二等奖"}]});
    assert_eq!(awards(&run(&ladder(tiers.clone(), &[], LADDER))), ["一等奖", "一等奖", "二等奖", "二等奖"]);
    // A vetoed: 0.375 × 3 = 1.125 → 1: B only.
    assert_eq!(awards(&run(&ladder(tiers.clone(), &["A"], LADDER))), ["-", "一等奖", "二等奖", "二等奖"]);
    // half_even scheme rounding does not change it: 0.125 × 4 = 0.5 → 1 (half up, §9.11).
    let tiers = json!({"mode": "rank_quota", "tiers": [{"label": "一等奖", "ratio": 0.125}, {"label": "二等奖"}]});
    let mut doc = ladder(tiers, &[], LADDER);
    doc["scheme"]["rounding"] = json!({"mode": "half_even"});
    assert_eq!(awards(&run(&doc)), ["一等奖", "二等奖", "二等奖", "二等奖"]);
}

#[test]
fn rank_quota_min_score_does_not_free_the_slot() {
    // 一等奖 count 2 min 90; 二等奖 count 1; 三等奖 rest.
    // A 95 rank 1 → 一等奖. B 85 rank 2 fails 90 → next tier: rank 2 ≤ 2 + 1 → 二等奖.
    // C rank 3 does not take B's 一等奖 slot: 3 ≤ 3 → 二等奖. D rank 4 → 三等奖.
    let tiers = json!({"mode": "rank_quota", "tiers": [
        {"label": "一等奖", "count": 2, "min_score": 90}, {"label": "二等奖", "count": 1}, {"label": "三等奖"}]});
    assert_eq!(awards(&run(&ladder(tiers, &[], LADDER))), ["一等奖", "二等奖", "二等奖", "三等奖"]);
    // A tier whose min_score nobody reaches and no later tier: no award.
    let tiers = json!({"mode": "rank_quota", "tiers": [{"label": "一等奖", "count": 4, "min_score": 82}]});
    assert_eq!(awards(&run(&ladder(tiers, &[], LADDER))), ["一等奖", "一等奖", "-", "-"]);
}

#[test]
fn rank_quota_ties_share_the_upper_tier_and_dense_ranks() {
    // A and B tie on 95 (rank 1, 1): both take the single 一等奖; C is rank 3 > 1 + 1 → 三等奖.
    let tiers = json!({"mode": "rank_quota", "tiers": [
        {"label": "一等奖", "count": 1}, {"label": "二等奖", "count": 1}, {"label": "三等奖", "count": null}]});
    let tie = ["95", "95", "80", "70"];
    assert_eq!(awards(&run(&ladder(tiers.clone(), &[], tie))), ["一等奖", "一等奖", "三等奖", "三等奖"]);
    // Dense: ranks 1, 1, 2, 3 → C 二等奖, D 三等奖.
    let mut doc = ladder(tiers, &[], tie);
    doc["scheme"]["rank_style"] = json!("dense");
    assert_eq!(awards(&run(&doc)), ["一等奖", "一等奖", "二等奖", "三等奖"]);
}

#[test]
fn group_scope_quotas_and_score_thresholds() {
    // Group scope: each group gets the full quota: G1 A 一 B 二; G2 C 一 D 二.
    let tiers = json!({"scope": "group", "mode": "rank_quota", "tiers": [{"label": "一等奖", "count": 1}, {"label": "二等奖"}]});
    assert_eq!(awards(&run(&ladder(tiers, &[], LADDER))), ["一等奖", "二等奖", "一等奖", "二等奖"]);
    // Thresholds ≥ 90 优秀, ≥ 80 良好, rest 合格; D vetoed → none.
    let tiers = json!({"mode": "score_threshold", "tiers": [
        {"label": "优秀", "min_score": 90}, {"label": "良好", "min_score": 80}, {"label": "合格", "min_score": null}]});
    assert_eq!(awards(&run(&ladder(tiers, &["D"], LADDER))), ["优秀", "良好", "良好", "-"]);
    // No tier matched → none.
    let tiers = json!({"mode": "score_threshold", "tiers": [{"label": "优秀", "min_score": 90}]});
    assert_eq!(awards(&run(&ladder(tiers, &[], LADDER))), ["优秀", "-", "-", "-"]);
    // No awards at all → every award null.
    let doc = document(json!([ds("I", "c", json!(100), json!({}))]), json!({"A": {"I": {"score": 99}}}), json!({}));
    assert_eq!(awards(&run(&doc)), ["-", "-", "-", "-"]);
}

fn recog(rec: Value, veto: &[&str], applies: Value) -> kaohe_core::Results {
    // I (w 10): A 95 → 9.5, B 95 → 9.5, C 92 → 9.2, D 85 → 8.5.
    let mut inputs = json!({});
    for (u, s) in UNITS.iter().zip([95, 95, 92, 85]) {
        inputs[*u] = json!({"I": {"score": s}, "_veto": veto.contains(u)});
    }
    let extra = if applies.is_null() { json!({}) } else { json!({"applies_to": applies}) };
    run(&document(json!([ds("I", "c", json!(10), extra)]), inputs, json!({"recognitions": [rec]})))
}

fn won(r: &kaohe_core::Results) -> Vec<String> {
    r.recognitions["R"].clone()
}

#[test]
fn recognitions_top_n_min_rate_veto_and_scope() {
    let base = json!({"id": "R", "name": "突出", "basis": {"indicator": "I"}, "top_n": 2, "min_rate": 0.9});
    // Threshold 0.9 × 10 = 9. Ranks 1, 1, 3, 4 → A, B (C is 3rd > top 2).
    let r = recog(base.clone(), &[], Value::Null);
    assert_eq!(won(&r), ["A", "B"]);
    assert_eq!(field(&r, "A").recognitions, ["R"]);
    // A vetoed leaves the pool, its place passes on: B 1st, C 2nd (9.2 ≥ 9) → B, C.
    assert_eq!(won(&recog(base.clone(), &["A"], Value::Null)), ["B", "C"]);
    // require_no_veto false: A stays → A, B.
    let mut keep = base.clone();
    keep["require_no_veto"] = json!(false);
    assert_eq!(won(&recog(keep, &["A"], Value::Null)), ["A", "B"]);
    // min_rate 0.95 → threshold 9.5, top 3: A, B (C 9.2 falls short).
    let mut strict = base.clone();
    strict["min_rate"] = json!(0.95);
    strict["top_n"] = json!(3);
    assert_eq!(won(&recog(strict, &[], Value::Null)), ["A", "B"]);
    // Group scope, top 1: G1 A, B (tied); G2 C.
    let mut g = base.clone();
    g["scope"] = json!("group");
    g["top_n"] = json!(1);
    assert_eq!(won(&recog(g, &[], Value::Null)), ["A", "B", "C"]);
    // Units not assessed on the basis are not in the pool: I for G2 only → C, D compete; D 8.5 < 9.
    assert_eq!(won(&recog(base, &[], json!(["G2"]))), ["C"]);
}

#[test]
fn recognitions_on_a_category_use_the_sum_of_its_indicators_full() {
    // Category c has no full: its full is Σ indicator full = 10; min_rate 0.92 → 9.2; top 5 (larger than the pool).
    // Subtotals 9.5, 9.5, 9.2, 8.5 → A, B, C.
    let rec = json!({"id": "R", "name": "突出", "basis": {"category": "c"}, "top_n": 5, "min_rate": 0.92});
    assert_eq!(won(&recog(rec, &[], Value::Null)), ["A", "B", "C"]);
}
