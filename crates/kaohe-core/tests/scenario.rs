//! What-if scenarios on the demo, as a township leader tries them. Expected figures from the demo's
//! inputs, worked out in the comments.

use kaohe_core::input::EntryError;
use kaohe_core::scenario::Scenario;
use kaohe_core::{presets, Lang};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn demo() -> Scenario {
    Scenario::new(presets::DEMO.document().unwrap()).unwrap()
}

#[test]
fn no_accidents_and_no_notices_moves_jinhe_ahead_of_chengnan() {
    // S1 安全生产: 4 − (1 × 1 + 2 × 0.5) = 2 → 4 − 0 = 4: +2, total 79.33 → 81.33, 8th → 7th;
    // 城南街道 (81.32) drops from 7th to 8th. Both keep 二等奖.
    let mut s = demo();
    s.enter("U08", "S1", "accidents", "0").unwrap();
    s.enter("U08", "S1", "notices", "０").unwrap();
    let jinhe = s.unit_delta("U08").unwrap();
    assert_eq!((jinhe.total, jinhe.rank_up, jinhe.award.clone()), (d("2"), 1, None));
    assert_eq!(s.indicator_delta("U08", "S1"), Some(d("2")));
    let moved: Vec<(String, i64)> = s.moved_units().into_iter().map(|(u, d)| (u, d.rank_up)).collect();
    assert_eq!(moved, [("U03".to_string(), -1), ("U08".to_string(), 1)]);
    assert!(s.is_edited("U08", "S1", "accidents") && !s.is_edited("U08", "S1", "last"));
    assert_eq!(s.edits().len(), 2);
}

#[test]
fn a_bad_entry_is_kept_with_its_message_and_changes_nothing() {
    let mut s = demo();
    let before = s.results().clone();
    let e = s.enter("U08", "E5", "actual", "一万").unwrap_err();
    assert!(matches!(e, EntryError::NotANumber(_)));
    assert_eq!(s.results(), &before);
    assert_eq!(s.value("U08", "E5", "actual"), Some(d("10040")));
    let key = ("U08".to_string(), "E5".to_string(), "actual".to_string());
    assert_eq!(s.rejected()[&key].text, "一万");
    assert!(s.rejected()[&key].error.message(Lang::Zh).contains("不是数字"));
    // Fixing it clears the message: "25,000" meets the target: E5 6 × 1 = 6 (was 2.41): +3.59.
    s.enter("U08", "E5", "actual", "25,000").unwrap();
    assert!(s.rejected().is_empty());
    assert_eq!(s.unit_delta("U08").unwrap().total, d("3.59"));
}

#[test]
fn relative_methods_move_other_units() {
    // E3 (rank_points, step 0.3). 城东街道 9.8 → 50 takes 1st place from 金禾镇 (46.2):
    // 城东街道 3rd → 1st: 9.4 → 10 (+0.6); 金禾镇 1st → 2nd: 10 → 9.7 (−0.3);
    // 先锋镇 (12.6) 2nd → 3rd: 9.7 → 9.4 (−0.3). Nobody else's E3 moves.
    let mut s = demo();
    s.enter("U01", "E3", "value", "50").unwrap();
    assert_eq!(s.indicator_delta("U01", "E3"), Some(d("0.6")));
    assert_eq!(s.indicator_delta("U08", "E3"), Some(d("-0.3")));
    assert_eq!(s.indicator_delta("U04", "E3"), Some(d("-0.3")));
    assert_eq!(s.indicator_delta("U02", "E3"), Some(d("0")));
    let moved: Vec<String> = s.moved_units().into_iter().map(|(u, _)| u).collect();
    assert!(moved.contains(&"U08".to_string()) && moved.contains(&"U04".to_string()));
}

#[test]
fn percent_entries_and_clearing_a_cell() {
    let mut s = demo();
    // S3 is measured in %: 85 → "95%" reaches the ≥ 95 band: 1 → 2.5 (+1.5).
    s.enter("U08", "S3", "value", "95%").unwrap();
    assert_eq!(s.indicator_delta("U08", "S3"), Some(d("1.5")));
    // Where the unit is not % (E5 固定资产投资, 万元) a % is refused.
    assert!(matches!(s.enter("U08", "E5", "actual", "12%"), Err(EntryError::UnexpectedPercent(_))));
    // An empty entry clears the field: K1 is missing → policy zero: 4.6 → 0.
    s.enter("U08", "K1", "score", "").unwrap();
    assert_eq!(s.indicator_delta("U08", "K1"), Some(d("-4.6")));
    assert_eq!(s.value("U08", "K1", "score"), None);
}

#[test]
fn veto_moves_awards_and_recognitions_to_others() {
    // 城东街道 vetoed: keeps rank 1, loses 一等奖 and its four 突出单位; eligible ranking is now
    // 先锋镇, 城西街道, 富源镇 → 富源镇 (4th) gains 一等奖. For R1 (区域新动能, K1 ≥ 4.5, top 3)
    // the pool without 城东街道 is 先锋镇 93, 金禾镇 92, 城西街道 90 → 城西街道 gains R1.
    let mut s = demo();
    assert!(s.is_baseline());
    s.set_veto("U01", true);
    assert_eq!(s.veto_changes(), ["U01"]);
    assert!(!s.is_baseline());
    let u01 = s.unit_delta("U01").unwrap();
    assert_eq!(u01.rank_up, 0);
    assert_eq!(u01.award, Some((Some("一等奖".into()), None)));
    assert_eq!(u01.recognitions_lost, ["R1", "R3", "R4", "R5"]);
    assert_eq!(s.unit_delta("U05").unwrap().award, Some((Some("二等奖".into()), Some("一等奖".into()))));
    assert!(s.unit_delta("U02").unwrap().recognitions_gained.contains(&"R1".to_string()));
}

#[test]
fn resets_restore_the_baseline() {
    let mut s = demo();
    s.enter("U08", "S1", "accidents", "0").unwrap();
    s.enter("U08", "E5", "actual", "25000").unwrap();
    s.enter("U02", "E1", "actual", "1").unwrap();
    let _ = s.enter("U03", "E1", "actual", "x");
    s.reset_cell("U08", "E5", "actual");
    assert_eq!(s.value("U08", "E5", "actual"), Some(d("10040")));
    assert_eq!(s.edits().len(), 2);
    s.reset_unit("U08");
    assert_eq!(s.edits().len(), 1);
    assert!(!s.unit_delta("U08").unwrap().is_change());
    s.reset_all();
    assert!(s.edits().is_empty() && s.rejected().is_empty());
    assert_eq!(s.results(), s.baseline_results());
    assert!(s.moved_units().is_empty());
}

#[test]
fn a_paste_is_all_or_nothing() {
    let mut s = demo();
    let key = |u: &str, i: &str, f: &str| (u.to_string(), i.to_string(), f.to_string());
    // S1 of 金禾镇 both to 0: +2 → 81.33 in one step.
    assert!(s.set_many(&[(key("U08", "S1", "accidents"), Some(d("0"))), (key("U08", "S1", "notices"), Some(d("0")))]));
    assert_eq!(s.unit_delta("U08").unwrap().total, d("2"));
    assert_eq!(s.edits().len(), 2);
    // One unknown unit: nothing changes.
    let before = s.results().clone();
    assert!(!s.set_many(&[(key("U08", "E5", "actual"), Some(d("1"))), (key("U99", "E5", "actual"), Some(d("1")))]));
    assert_eq!(s.results(), &before);
    assert_eq!(s.value("U08", "E5", "actual"), Some(d("10040")));
}

#[test]
fn explanations_while_the_scheme_cannot_be_scored_are_those_of_the_last_valid_document() {
    use kaohe_core::scenario::Scenario;
    let demo = kaohe_core::presets::DEMO.document().unwrap();
    let mut sc = Scenario::new(demo.clone()).unwrap();
    assert!(sc.set("U08", "E5", "actual", Some("25000".parse().unwrap())));
    let valid = sc.document().clone();
    // A second unit with 城东街道's id: the scheme is invalid, the results stay those of `valid`.
    let mut broken = valid.clone();
    broken.units.push(broken.units[0].clone());
    assert!(!sc.set_document(broken));
    assert!(!sc.issues().is_empty());
    for lang in [kaohe_core::Lang::Zh, kaohe_core::Lang::En] {
        let want = kaohe_core::explain::explain_unit(&valid, sc.results(), 7, lang);
        // 25,000 meets 金禾镇's E5 target: completion capped at 100 %, the full 6 points.
        assert!(want[4].contains("6.00"), "{}", want[4]);
        assert_eq!(sc.explain_unit(7, lang), want);
    }
}
