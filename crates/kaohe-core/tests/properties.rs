//! Property tests over random documents that use every method (issue: engine v1, item 6).

mod common;
use common::*;
use kaohe_core::results::Results;
use kaohe_core::{evaluate, Document};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// A JSON number with two decimals from an integer number of cents (exact: read from its text).
fn cents(c: i64) -> Value {
    Decimal::new(c, 2).to_string().parse().unwrap()
}

/// One indicator of each method, with parameters drawn from `p` (small positive numbers).
fn indicators(p: &[i64; 6], lower: bool, group_scope: bool) -> Vec<Value> {
    let dir = if lower { "lower" } else { "higher" };
    let scope = if group_scope { "group" } else { "county" };
    let a = |i: usize| cents(p[i] % 500 + 1); // 0.01 .. 5.00
    let v = |id: &str, full: i64, metric: Value, method: Value| {
        json!({"id": id, "name": id, "category": "c", "full": full, "metric": metric, "method": method,
               "direction": dir, "scope": scope})
    };
    vec![
        v("m1", 10, json!({"kind": "completion"}), json!({"kind": "completion_linear", "floor_rate": 0.5, "cap_rate": 1})),
        v("m2", 10, json!({"kind": "value"}), json!({"kind": "ratio_to_best"})),
        v("m3", 10, json!({"kind": "value"}), json!({"kind": "rank_points", "step": a(0)})),
        v("m4", 5, json!({"kind": "value"}), json!({"kind": "efficacy", "base": 0.6})),
        v("m5", 4, json!({"kind": "value"}), json!({"kind": "base_step", "benchmark": "county_avg", "base": 2,
            "up": a(1), "up_unit": a(2), "down": a(3), "down_unit": a(4), "granularity": if p[5] % 2 == 0 { "whole" } else { "continuous" }})),
        v("m6", 6, json!({"kind": "value"}), json!({"kind": "standard_ratio", "std_value": a(5), "std_score": 4})),
        v("m7", 3, json!({"kind": "value"}), json!({"kind": "interval", "bands": if lower { json!([[0, 3], [50, 2], [100, 1]]) } else { json!([[100, 3], [50, 2], [0, 1]]) }})),
        v("m8", 5, json!({"kind": "count"}), json!({"kind": "per_count", "per": a(0)})),
        v("m9", 5, json!({"kind": "direct"}), json!({"kind": "direct_scaled"})),
        json!({"id": "m10", "name": "m10", "category": "c", "full": 4, "metric": {"kind": "events"}, "method": {"kind": "deduction", "per": {"x": a(1), "y": 0.5}}}),
        json!({"id": "m11", "name": "m11", "category": "c", "full": 5, "metric": {"kind": "survey"}, "method": {"kind": "satisfaction", "weights": {"x": 1, "y": 0.6}}}),
        json!({"id": "m12", "name": "m12", "category": "bon", "full": null, "metric": {"kind": "events"}, "method": {"kind": "points", "per": {"x": a(2)}, "cap": 3}}),
        v("m13", 2, json!({"kind": "flag"}), json!({"kind": "binary"})),
        json!({"id": "m14", "name": "m14", "category": "pen", "full": null, "metric": {"kind": "events"}, "method": {"kind": "points", "per": {"x": 0.5}}}),
    ]
}

/// Input cell of indicator `id` from a raw number `n` (in cents), or absent.
fn cell(id: &str, n: Option<i64>) -> Option<Value> {
    let n = n?;
    let x = cents(n);
    let small = cents(n.rem_euclid(1000));
    Some(match id {
        "m1" => json!({"actual": x, "target": 100}),
        "m8" => json!({"count": x}),
        "m9" => json!({"score": x}),
        "m10" | "m12" | "m14" => json!({"x": small, "y": 1}),
        "m11" => json!({"x": small, "y": cents(n.rem_euclid(700))}),
        "m13" => json!({"done": if n % 2 == 0 { 1 } else { 0 }}),
        _ => json!({"value": x}),
    })
}

fn build(p: &[i64; 6], lower: bool, group_scope: bool, stage_total: bool, raw: &[Vec<Option<i64>>], vetoes: &[bool]) -> Value {
    let inds = indicators(p, lower, group_scope);
    let mut inputs = serde_json::Map::new();
    let mut units = Vec::new();
    for (u, row) in raw.iter().enumerate() {
        let id = format!("U{u:02}");
        let mut cells = serde_json::Map::new();
        for (ind, n) in inds.iter().zip(row) {
            let iid = ind["id"].as_str().unwrap_or_default();
            if let Some(c) = cell(iid, *n) {
                cells.insert(iid.to_string(), c);
            }
        }
        cells.insert("_veto".into(), json!(vetoes.get(u).copied().unwrap_or(false)));
        inputs.insert(id.clone(), Value::Object(cells));
        units.push(json!({"id": id, "name": format!("单位{u}"), "group": if u % 3 == 0 { "G2" } else { "G1" }}));
    }
    let mut doc = document(
        Value::Array(inds),
        Value::Object(inputs),
        json!({
            "rounding": {"stage": if stage_total { "total" } else { "indicator" }},
            "tie_breakers": [{"kind": "indicator", "id": "m3"}],
            "awards": {"mode": "rank_quota", "tiers": [{"label": "一等奖", "ratio": 0.2}, {"label": "二等奖", "count": 2}, {"label": "三等奖"}]},
            "recognitions": [{"id": "R", "name": "r", "basis": {"indicator": "m9"}, "top_n": 2, "min_rate": 0.5}]
        }),
    );
    doc["units"] = Value::Array(units);
    doc
}

fn doc_strategy() -> impl Strategy<Value = (Value, usize)> {
    (
        prop::array::uniform6(1i64..100_000),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        1usize..10,
    )
        .prop_flat_map(|(p, lower, gs, st, n)| {
            let row = prop::collection::vec(prop::option::weighted(0.9, -5_000i64..30_000), 14);
            // Units draw their rows from n templates, so equal inputs (and tied totals) are common.
            (
                Just((p, lower, gs, st)),
                prop::collection::vec(row, n),
                prop::collection::vec(0..n, n),
                prop::collection::vec(prop::bool::weighted(0.15), n),
            )
        })
        .prop_map(|((p, lower, gs, st), templates, pick, vetoes)| {
            let raw: Vec<Vec<Option<i64>>> = pick.iter().map(|&i| templates[i].clone()).collect();
            let n = raw.len();
            (build(&p, lower, gs, st, &raw, &vetoes), n)
        })
}

fn eval(v: &Value) -> (Document, Results) {
    let doc = parse(v);
    let r = evaluate(&doc).unwrap_or_else(|e| panic!("generated document invalid: {e:?}"));
    (doc, r)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn totals_equal_base_plus_bonus_minus_penalty((v, _) in doc_strategy()) {
        let (doc, r) = eval(&v);
        let dp = doc.scheme.rounding.dp;
        let unit = Decimal::new(1, dp);
        for u in &r.units {
            let sum = u.base.0 + u.bonus.0 - u.penalty.0;
            if doc.scheme.rounding.stage == kaohe_core::model::RoundingStage::Indicator {
                prop_assert_eq!(u.total.0, sum, "unit {}", u.id);
            } else {
                // Rounded from the unrounded sum: within 1.5 units of the last place of the rounded parts.
                prop_assert!((u.total.0 - sum).abs() <= unit * Decimal::new(15, 1), "unit {}", u.id);
            }
        }
    }

    #[test]
    fn scores_stay_within_zero_and_full_where_clamped((v, _) in doc_strategy()) {
        let (doc, r) = eval(&v);
        for u in &r.units {
            for (ind, res) in doc.scheme.indicators.iter().zip(&u.indicators) {
                let Some(s) = res.score else { continue };
                prop_assert!(s.0 >= Decimal::ZERO, "{} {} = {}", u.id, ind.id, s);
                // points items (m12, m14) are not clamped at w; completion_linear here has cap_rate 1.
                if let Some(w) = ind.full {
                    prop_assert!(s.0 <= w.0, "{} {} = {} > {}", u.id, ind.id, s, w);
                }
            }
        }
    }

    #[test]
    fn permuting_units_changes_no_result((v, n) in doc_strategy(), seed in any::<u64>()) {
        let (_, r1) = eval(&v);
        let mut shuffled = v.clone();
        let mut units: Vec<Value> = shuffled["units"].as_array().cloned().unwrap_or_default();
        // A deterministic Fisher–Yates from the seed.
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (s >> 33) as usize % (i + 1);
            units.swap(i, j);
        }
        shuffled["units"] = Value::Array(units);
        let (_, r2) = eval(&shuffled);
        for u in &r1.units {
            let other = r2.unit(&u.id).expect("same units");
            prop_assert_eq!(u, other);
        }
        // The recognized lists are in document order, so compare them as sets.
        for (k, ids) in &r1.recognitions {
            let mut a = ids.clone();
            let mut b = r2.recognitions[k].clone();
            a.sort();
            b.sort();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn ranks_are_a_valid_ranking_of_totals_and_tie_breaker((v, _) in doc_strategy(), dense in any::<bool>()) {
        let mut v = v;
        if dense {
            v["scheme"]["rank_style"] = json!("dense");
        }
        let (_, r) = eval(&v);
        let key = |u: &kaohe_core::results::UnitResult| (u.total.0, u.indicator("m3").and_then(|i| i.score).map(|s| s.0));
        // By definition: 1 + the number of better keys (competition) or of distinct better keys (dense).
        let expected = |pool: Vec<_>, own| {
            let mut better: Vec<_> = pool.into_iter().filter(|k| *k > own).collect();
            if dense {
                better.sort();
                better.dedup();
            }
            better.len() + 1
        };
        for u in &r.units {
            prop_assert_eq!(u.rank as usize, expected(r.units.iter().map(key).collect(), key(u)), "unit {}", u.id);
            let group = r.units.iter().filter(|o| o.group == u.group).map(key).collect();
            prop_assert_eq!(u.group_rank as usize, expected(group, key(u)), "unit {} group", u.id);
        }
    }

    #[test]
    fn vetoed_units_win_nothing((v, _) in doc_strategy()) {
        let (_, r) = eval(&v);
        for u in r.units.iter().filter(|u| u.vetoed) {
            prop_assert!(u.award.is_none());
            prop_assert!(u.recognitions.is_empty());
        }
    }
}

/// Scores of one unit with `value` on a non-relative indicator.
fn single(method: Value, metric: &str, field: &str, full: i64, value: Decimal) -> Decimal {
    let cell = if metric == "completion" { json!({"actual": value.to_string().parse::<Value>().unwrap(), "target": 100}) } else {
        json!({field: value.to_string().parse::<Value>().unwrap()})
    };
    let doc = one(json!(full), json!({"kind": metric}), method, json!({}), &[("A", cell)]);
    let r = run(&doc);
    r.unit("A").and_then(|u| u.indicator("I")).and_then(|i| i.score).map_or(Decimal::MIN, |s| s.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A unit's score never falls when its own higher-is-better input rises (non-relative methods).
    #[test]
    fn scores_never_fall_when_the_input_rises(a in -20_000i64..40_000, up in 0i64..20_000, k in 1i64..400, pick in 0usize..8) {
        let (lo, hi) = (Decimal::new(a, 2), Decimal::new(a + up, 2));
        let kk = cents(k);
        let (method, metric, field, full) = match pick {
            0 => (json!({"kind": "completion_linear", "floor_rate": 0.6, "cap_rate": 1.2}), "completion", "", 10),
            1 => (json!({"kind": "base_step", "benchmark": 50, "base": 3, "up": kk, "up_unit": 5, "down": 0.5, "down_unit": kk, "granularity": "whole"}), "value", "value", 8),
            2 => (json!({"kind": "standard_ratio", "std_value": kk, "std_score": 5}), "value", "value", 10),
            3 => (json!({"kind": "interval", "bands": [[150, 6], [80, 4], [10, 1]], "else": 0}), "value", "value", 6),
            4 => (json!({"kind": "per_count", "per": kk}), "count", "count", 5),
            5 => (json!({"kind": "direct_scaled", "scale": 100}), "direct", "score", 5),
            6 => (json!({"kind": "efficacy", "lo": 0, "hi": kk}), "value", "value", 5),
            _ => (json!({"kind": "binary"}), "flag", "done", 2),
        };
        let s_lo = single(method.clone(), metric, field, full, lo);
        let s_hi = single(method, metric, field, full, hi);
        prop_assert!(s_hi >= s_lo, "{} → {} but {} → {}", lo, s_lo, hi, s_hi);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever a file holds, reading and scoring it gives results or issues, never a panic.
    #[test]
    fn any_bytes_are_read_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(doc) = kaohe_core::parse_document(&text) {
            let _ = evaluate(&doc);
        }
    }

    /// A valid document with one value replaced by arbitrary JSON is refused with a path or scored.
    #[test]
    fn mangled_demo_documents_never_panic(pos in 0usize..26_000, junk in prop::sample::select(vec![
        "null", "-1", "1e30", "\"x\"", "[]", "{}", "0", "true", "1e-30", "99999999999999999999999999999",
    ])) {
        let demo = kaohe_core::presets::DEMO.json;
        // Replace the number starting at or after `pos`, if any.
        let bytes = demo.as_bytes();
        let start = (pos.min(bytes.len())..bytes.len()).find(|&i| bytes[i].is_ascii_digit());
        if let Some(s) = start {
            let end = (s..bytes.len()).find(|&i| !(bytes[i].is_ascii_digit() || bytes[i] == b'.')).unwrap_or(bytes.len());
            let text = format!("{}{}{}", &demo[..s], junk, &demo[end..]);
            match kaohe_core::parse_document(&text) {
                Ok(doc) => match evaluate(&doc) {
                    Ok(r) => prop_assert_eq!(r.units.len(), doc.units.len()),
                    Err(issues) => prop_assert!(issues.iter().all(|i| !i.zh().is_empty())),
                },
                Err(issue) => prop_assert!(!issue.zh().is_empty()),
            }
        }
    }
}

/// Ids of the generated documents' indicators, in scheme order.
const IDS: [&str; 14] = [
    "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12", "m13", "m14",
];

/// Variations the incremental tests add to a generated document: dense ranks, group-scope awards,
/// a category-based recognition scoped by group.
fn vary(v: &mut Value, dense: bool, group_awards: bool) {
    if dense {
        v["scheme"]["rank_style"] = json!("dense");
    }
    if group_awards {
        v["scheme"]["awards"]["scope"] = json!("group");
    }
    v["scheme"]["recognitions"].as_array_mut().unwrap().push(
        json!({"id": "RC", "name": "c", "basis": {"category": "c"}, "top_n": 1, "scope": "group", "require_no_veto": false}),
    );
}

/// One edit: unit (modulo the units), indicator, and the new raw number (None clears the cell).
fn edits_strategy() -> impl Strategy<Value = Vec<(usize, usize, Option<i64>)>> {
    prop::collection::vec(
        (
            0usize..10,
            0usize..14,
            prop::option::weighted(0.85, -5_000i64..30_000),
        ),
        1..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Re-scoring cells one at a time (kaohe_core::incremental) gives, figure for figure, the full
    /// evaluation of the edited document — for single and multi-cell edits, vetoes included.
    #[test]
    fn incremental_rescoring_equals_full_evaluation((v, n) in doc_strategy(), edits in edits_strategy(),
                                                    dense in any::<bool>(), group_awards in any::<bool>(), veto in any::<Option<usize>>()) {
        let mut v = v;
        vary(&mut v, dense, group_awards);
        let doc = parse(&v);
        let mut scorer = kaohe_core::incremental::Scorer::new(&doc).expect("scores");
        for (u, i, raw) in edits {
            let u = u % n;
            let uid = format!("U{u:02}");
            match common_cell(IDS[i], raw) {
                Some(c) => v["inputs"][&uid][IDS[i]] = c,
                None => { v["inputs"][&uid].as_object_mut().unwrap().remove(IDS[i]); }
            }
            let edited = parse(&v);
            let cell = edited.inputs[&uid].cells.get(IDS[i]).and_then(|c| c.as_ref());
            scorer.set_cell(&edited, u, i, cell).expect("re-scores");
        }
        if let Some(u) = veto.map(|u| u % n) {
            let now = v["inputs"][format!("U{u:02}")]["_veto"].as_bool().unwrap_or(false);
            v["inputs"][format!("U{u:02}")]["_veto"] = json!(!now);
            scorer.set_veto(u, !now);
        }
        let edited = parse(&v);
        let full = evaluate(&edited).expect("the edited document scores");
        let incremental = scorer.results(&edited);
        prop_assert_eq!(&incremental.units, &full.units);
        prop_assert_eq!(&incremental.recognitions, &full.recognitions);
        // One unit's standing, counted in O(units), agrees with the full ranking for every unit.
        let tiers: Vec<String> = edited.scheme.awards.as_ref().map(|a| a.tiers.iter().map(|t| t.label.clone()).collect()).unwrap_or_default();
        for (u, r) in full.units.iter().enumerate() {
            let st = scorer.standing(&edited, u);
            prop_assert_eq!((st.total, st.rank, st.group_rank), (r.total.0, r.rank, r.group_rank), "unit {}", r.id);
            prop_assert_eq!(st.award.map(|t| tiers[t].clone()), r.award.clone(), "unit {}", r.id);
            let held: Vec<String> = edited.scheme.recognitions.iter().zip(&st.recognitions).filter(|(_, w)| **w).map(|(x, _)| x.id.clone()).collect();
            prop_assert_eq!(held, r.recognitions.clone(), "unit {}", r.id);
        }
    }
}

/// The generator's cell for an indicator id (see `cell`), reachable from the edit tests.
fn common_cell(id: &str, n: Option<i64>) -> Option<Value> {
    cell(id, n)
}

/// The full evaluator's standing of unit `u` with some of its fields set.
fn standing_with(doc: &Document, u: &str, sets: &[(&str, &str, Decimal)]) -> kaohe_core::results::UnitResult {
    let mut d = doc.clone();
    for (i, f, v) in sets {
        assert!(d.set_input(u, i, f, Some(*v)));
    }
    evaluate(&d).expect("scores").unit(u).expect("unit").clone()
}

/// Whether a unit's results meet a target, as the full results say.
fn holds(doc: &Document, t: &kaohe_core::seek::Target, r: &kaohe_core::results::UnitResult) -> bool {
    use kaohe_core::seek::Target;
    let tiers: Vec<&str> = doc.scheme.awards.iter().flat_map(|a| a.tiers.iter().map(|t| t.label.as_str())).collect();
    match t {
        Target::Rank(n) => r.rank <= *n,
        Target::GroupRank(n) => r.group_rank <= *n,
        Target::Award(a) => {
            let want = tiers.iter().position(|x| x == a);
            r.award.as_deref().and_then(|x| tiers.iter().position(|y| *y == x)).zip(want).is_some_and(|(got, want)| got <= want)
        }
        Target::Recognition(id) => r.recognitions.contains(id),
        Target::Total(x) => r.total.0 >= *x,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// 目标测算 against the full evaluator on random documents of every method: each answer reaches
    /// the target at `to` and not one step short of it; each unreachable field fails at its
    /// full-marks point; a plan reaches it and fails without any one of its steps.
    #[test]
    fn goal_seek_answers_are_least_and_hold((v, n) in doc_strategy(), who in 0usize..10, kind in 0usize..5, k in 1u32..10, all in any::<bool>()) {
        use kaohe_core::seek::{seek, FieldSet, Target};
        let doc = parse(&v);
        let u = format!("U{:02}", who % n);
        let r0 = evaluate(&doc).unwrap();
        let me = r0.unit(&u).unwrap().clone();
        let target = match kind {
            0 => Target::Rank(k.min(n as u32)),
            1 => Target::GroupRank(1),
            2 => Target::Award(["一等奖", "二等奖"][k as usize % 2].into()),
            3 => Target::Recognition("R".into()),
            _ => Target::Total(me.total.0 + Decimal::from(k)),
        };
        let s = seek(&doc, &u, &target, if all { FieldSet::All } else { FieldSet::Own }).unwrap();
        prop_assert_eq!(s.reached, holds(&doc, &target, &me));
        for a in &s.single {
            let step = if matches!(a.field.as_str(), "count" | "x" | "y" | "done") { Decimal::ONE } else { Decimal::new(1, 2) };
            let at = standing_with(&doc, &u, &[(&a.indicator, &a.field, a.to)]);
            prop_assert!(holds(&doc, &target, &at), "{:?} does not reach {:?}", a, target);
            prop_assert_eq!((at.total.0, at.rank), (a.total, a.rank));
            // One step short, towards where the field was.
            let from = a.from.unwrap_or_default();
            let short = if a.to > from { a.to - step } else { a.to + step };
            if (a.to > from && short >= from) || (a.to < from && short <= from) {
                let before = standing_with(&doc, &u, &[(&a.indicator, &a.field, short)]);
                prop_assert!(!holds(&doc, &target, &before), "{:?} also reaches one step short ({})", a, short);
            }
        }
        for x in &s.unreachable {
            let at = standing_with(&doc, &u, &[(&x.indicator, &x.field, x.best_value)]);
            prop_assert!(!holds(&doc, &target, &at), "{:?} reaches {:?} at its best", x, target);
            prop_assert_eq!((at.total.0, at.rank), (x.best_total, x.best_rank));
        }
        if let Some(p) = &s.plan {
            let sets: Vec<(&str, &str, Decimal)> = p.steps.iter().map(|st| (st.indicator.as_str(), st.field.as_str(), st.to)).collect();
            prop_assert!(holds(&doc, &target, &standing_with(&doc, &u, &sets)), "plan {:?}", p);
            for j in 0..sets.len() {
                let without: Vec<_> = sets.iter().enumerate().filter(|(x, _)| *x != j).map(|(_, s)| *s).collect();
                prop_assert!(!holds(&doc, &target, &standing_with(&doc, &u, &without)), "plan {:?} without step {}", p, j);
            }
        }
    }
}

/// One what-if operation on a scenario, as the app performs them.
#[derive(Debug, Clone)]
enum Op {
    /// Typing a number (None: clearing) into one field of (unit, indicator).
    Set(usize, usize, Option<i64>),
    /// A pasted block: several fields at once, one step.
    Many(Vec<(usize, usize, Option<i64>)>),
    /// 一票否决 switched.
    Veto(usize),
    /// One field put back to the baseline.
    ResetCell(usize, usize),
    /// One unit put back.
    ResetUnit(usize),
    /// An undo step: the copy goes on (it holds the scorer), or the original does (it must build one).
    Fork(bool),
    /// An undo step brought back: a slim copy (no results, no scorer) goes on.
    Slim,
}

fn ops_strategy() -> impl Strategy<Value = Vec<Op>> {
    let edit = (0usize..10, 0usize..14, prop::option::weighted(0.85, -5_000i64..30_000));
    prop::collection::vec(
        prop_oneof![
            4 => edit.clone().prop_map(|(u, i, v)| Op::Set(u, i, v)),
            2 => prop::collection::vec(edit, 1..8).prop_map(Op::Many),
            1 => (0usize..10).prop_map(Op::Veto),
            1 => (0usize..10, 0usize..14).prop_map(|(u, i)| Op::ResetCell(u, i)),
            1 => (0usize..10).prop_map(Op::ResetUnit),
            1 => any::<bool>().prop_map(Op::Fork),
            1 => Just(Op::Slim),
        ],
        1..12,
    )
}

/// The fields an indicator's generated cell holds (see `cell`), with the value for `n`.
fn fields_of(id: &str, n: Option<i64>) -> Vec<(String, Option<Decimal>)> {
    let probe = cell(id, Some(n.unwrap_or(0))).expect("cell");
    probe
        .as_object()
        .expect("object")
        .iter()
        .map(|(f, v)| (f.clone(), n.map(|_| v.to_string().parse::<Decimal>().expect("number"))))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// The app's scenario re-scores each edit incrementally (issue 14); after every operation —
    /// typing, a pasted block, a veto, resets, an undo step forked either way — its results are,
    /// figure for figure, the full evaluation of its document.
    #[test]
    fn scenario_edits_equal_full_evaluation((v, n) in doc_strategy(), ops in ops_strategy(),
                                            dense in any::<bool>(), group_awards in any::<bool>()) {
        let mut v = v;
        vary(&mut v, dense, group_awards);
        let mut sc = kaohe_core::scenario::Scenario::new(parse(&v)).expect("scores");
        let uid = |u: usize| format!("U{:02}", u % n);
        for op in ops {
            match &op {
                Op::Set(u, i, raw) => {
                    for (f, value) in fields_of(IDS[*i], *raw) {
                        prop_assert!(sc.set(&uid(*u), IDS[*i], &f, value));
                    }
                }
                Op::Many(cells) => {
                    let cells: Vec<_> = cells.iter().flat_map(|(u, i, raw)| {
                        fields_of(IDS[*i], *raw).into_iter().map(move |(f, value)| ((uid(*u), IDS[*i].to_string(), f), value))
                    }).collect();
                    prop_assert!(sc.set_many(&cells));
                }
                Op::Veto(u) => {
                    let now = sc.document().inputs.get(&uid(*u)).is_some_and(|r| r.veto);
                    prop_assert!(sc.set_veto(&uid(*u), !now));
                }
                Op::ResetCell(u, i) => {
                    for (f, _) in fields_of(IDS[*i], None) {
                        sc.reset_cell(&uid(*u), IDS[*i], &f);
                    }
                }
                Op::ResetUnit(u) => sc.reset_unit(&uid(*u)),
                Op::Slim => sc = sc.slim(),
                Op::Fork(copy_goes_on) => {
                    let copy = sc.clone();
                    if *copy_goes_on {
                        sc = copy;
                    }
                }
            }
            let full = evaluate(sc.document()).expect("the edited document scores");
            prop_assert_eq!(&sc.results().units, &full.units, "after {:?}", op);
            prop_assert_eq!(&sc.results().recognitions, &full.recognitions, "after {:?}", op);
            prop_assert_eq!(&sc.results().warnings, &full.warnings, "after {:?}", op);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The unit view's explanations read from the scenario's kept scoring state are, word for
    /// word, those built by indexing the whole document (`explain::explain_unit`), after edits.
    #[test]
    fn explanations_from_the_kept_state_equal_the_full_ones((v, n) in doc_strategy(), ops in ops_strategy(), en in any::<bool>()) {
        let mut sc = kaohe_core::scenario::Scenario::new(parse(&v)).expect("scores");
        let uid = |u: usize| format!("U{:02}", u % n);
        for op in ops {
            if let Op::Set(u, i, raw) = op {
                for (f, value) in fields_of(IDS[i], raw) {
                    prop_assert!(sc.set(&uid(u), IDS[i], &f, value));
                }
            }
        }
        let lang = if en { kaohe_core::Lang::En } else { kaohe_core::Lang::Zh };
        for u in 0..n {
            let full = kaohe_core::explain::explain_unit(sc.document(), sc.results(), u, lang);
            prop_assert!(full.iter().filter(|e| !e.is_empty()).count() >= 10, "{:?}", full);
            prop_assert_eq!(sc.explain_unit(u, lang), full);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// `evaluate_explained` (one scoring, the export's path) gives the results of `evaluate` with
    /// the very words of `render_explanations` (which scores again).
    #[test]
    fn explained_evaluation_equals_evaluate_then_render((v, _) in doc_strategy(), en in any::<bool>()) {
        let lang = if en { kaohe_core::Lang::En } else { kaohe_core::Lang::Zh };
        let (doc, mut want) = eval(&v);
        want.render_explanations(&doc, lang);
        prop_assert!(want.units.iter().flat_map(|u| &u.indicators).filter(|r| !r.explain.is_empty()).count() >= 10);
        prop_assert_eq!(kaohe_core::evaluate_explained(&doc, lang).expect("scores"), want);
    }
}

/// The same on the demo, in both languages.
#[test]
fn explained_evaluation_of_the_demo() {
    let doc = kaohe_core::presets::DEMO.document().expect("demo");
    for lang in [kaohe_core::Lang::Zh, kaohe_core::Lang::En] {
        let mut want = evaluate(&doc).expect("scores");
        want.render_explanations(&doc, lang);
        assert_eq!(kaohe_core::evaluate_explained(&doc, lang).expect("scores"), want);
    }
}

/// A scheme edit as the editor makes them, one field at a time.
#[derive(Debug, Clone)]
enum SchemeOp {
    /// Indicator i's full marks (base indicators only), in cents.
    Full(usize, i64),
    /// Category c's weight / cap (None: removed), in cents.
    Weight(usize, Option<i64>),
    Cap(usize, Option<i64>),
    /// Indicator i assessed everywhere (0), in G1 only (1), in G2 only (2).
    Applies(usize, u8),
    /// Indicator i's pool and direction.
    Scope(usize, bool),
    Direction(usize, bool),
    /// Indicator i (of the value metrics m2–m7) takes indicator j's method.
    Method(usize, usize),
    /// Ties ranked 1, 2, 2, 3 (true) or 1, 2, 2, 4: every indicator's ranks change, not its scores.
    Dense(bool),
}

fn scheme_ops_strategy() -> impl Strategy<Value = Vec<SchemeOp>> {
    let op = prop_oneof![
        (0usize..14, 100i64..3_000).prop_map(|(i, c)| SchemeOp::Full(i, c)),
        (0usize..3, prop::option::of(10i64..300)).prop_map(|(c, w)| SchemeOp::Weight(c, w)),
        (0usize..3, prop::option::of(100i64..20_000)).prop_map(|(c, w)| SchemeOp::Cap(c, w)),
        (0usize..14, 0u8..3).prop_map(|(i, a)| SchemeOp::Applies(i, a)),
        (0usize..14, any::<bool>()).prop_map(|(i, g)| SchemeOp::Scope(i, g)),
        (0usize..14, any::<bool>()).prop_map(|(i, l)| SchemeOp::Direction(i, l)),
        (1usize..7, 1usize..7).prop_map(|(i, j)| SchemeOp::Method(i, j)),
        any::<bool>().prop_map(SchemeOp::Dense),
    ];
    prop::collection::vec(op, 1..6)
}

fn apply_scheme_op(doc: &mut Document, op: &SchemeOp) {
    use kaohe_core::model::{Direction, Scope};
    let num = |c: i64| kaohe_core::num::Num(Decimal::new(c, 2));
    let s = &mut doc.scheme;
    match *op {
        SchemeOp::Full(i, c) => {
            if s.indicators[i].full.is_some() {
                s.indicators[i].full = Some(num(c));
            }
        }
        SchemeOp::Weight(c, w) => s.categories[c].weight = w.map(num),
        SchemeOp::Cap(c, w) => s.categories[c].cap = w.map(num),
        SchemeOp::Applies(i, a) => {
            s.indicators[i].applies_to = match a {
                0 => None,
                1 => Some(vec!["G1".into()]),
                _ => Some(vec!["G2".into()]),
            }
        }
        SchemeOp::Scope(i, g) => s.indicators[i].scope = if g { Scope::Group } else { Scope::County },
        SchemeOp::Direction(i, l) => s.indicators[i].direction = if l { Direction::Lower } else { Direction::Higher },
        SchemeOp::Method(i, j) => s.indicators[i].method = s.indicators[j].method.clone(),
        SchemeOp::Dense(d) => s.rank_style = if d { kaohe_core::model::RankStyle::Dense } else { kaohe_core::model::RankStyle::Competition },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// A scheme edit followed by the kept scorer (`Scorer::rescheme`: only the indicators whose
    /// definition changed are scored again) gives, figure for figure, the full evaluation of the
    /// edited document; so does the scenario (`set_document`), warnings included.
    #[test]
    fn scheme_edits_rescored_equal_full_evaluation((v, _) in doc_strategy(), ops in scheme_ops_strategy()) {
        let doc = parse(&v);
        let mut scorer = kaohe_core::incremental::Scorer::new(&doc).expect("scores");
        let mut sc = kaohe_core::scenario::Scenario::new(doc.clone()).expect("scores");
        let mut old = doc;
        for op in &ops {
            let mut new = old.clone();
            apply_scheme_op(&mut new, op);
            let Ok(full) = evaluate(&new) else {
                // An edit that makes the scheme invalid (the editor shows why): not followed.
                continue;
            };
            // The document's input rows are shared with the old one, as the editor's edits leave them.
            prop_assert!(matches!(scorer.rescheme(&old, &new), Some(Ok(()))), "{:?}", op);
            let r = scorer.results(&new);
            prop_assert_eq!(&r.units, &full.units, "{:?}", op);
            prop_assert_eq!(&r.recognitions, &full.recognitions);
            prop_assert!(sc.set_document(new.clone()));
            prop_assert_eq!(sc.results(), &full);
            old = new;
        }
    }
}

/// An edit that changes the units, or the fields a counts method reads, is not followed: the
/// scenario scores it in full.
#[test]
fn scheme_edits_of_another_shape_are_scored_in_full() {
    let doc = kaohe_core::presets::DEMO.document().expect("demo");
    let mut scorer = kaohe_core::incremental::Scorer::new(&doc).expect("scores");
    let mut renamed = doc.clone();
    renamed.units[0].name.push('镇');
    assert!(scorer.rescheme(&doc, &renamed).is_none());
    let mut regrouped = doc.clone();
    regrouped.scheme.indicators.swap(0, 1);
    assert!(scorer.rescheme(&doc, &regrouped).is_none());
    let mut copied = doc.clone();
    copied.inputs = copied.inputs.iter().map(|(k, v)| (k.clone(), kaohe_core::model::UnitInputs { veto: v.veto, cells: std::sync::Arc::new((*v.cells).clone()) })).collect();
    assert!(scorer.rescheme(&doc, &copied).is_none(), "rows not shared are compared by nobody: in full");
    let mut reweighted = doc.clone();
    reweighted.scheme.categories[0].weight = Some(kaohe_core::num::Num(Decimal::new(15, 1)));
    assert!(matches!(scorer.rescheme(&doc, &reweighted), Some(Ok(()))));
    assert_eq!(scorer.results(&reweighted).units, evaluate(&reweighted).unwrap().units);
}
