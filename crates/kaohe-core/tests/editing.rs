//! Scheme editing (issue 6): the editing functions, their referential integrity, and scheme edits
//! as part of a what-if scenario (Δ against the baseline, last valid results while invalid).

use kaohe_core::editing::{add, blank, consequences, move_item, remove, rename_field, set_method, set_path, Item};
use kaohe_core::presets::DEMO;
use kaohe_core::scenario::Scenario;
use kaohe_core::{evaluate, validate, Document, Lang};
use serde_json::json;

fn demo() -> Document {
    DEMO.document().unwrap()
}

#[test]
fn a_blank_scheme_scores_at_once() {
    let d = blank(Some(2024)).unwrap();
    assert!(validate(&d).is_ok());
    let r = evaluate(&d).unwrap();
    // One unit, no data: I1 direct_scaled with missing → zero; total 0.00, rank 1, 一等奖 (count 1).
    assert_eq!(r.units[0].total.0.to_string(), "0");
    assert_eq!(r.units[0].award.as_deref(), Some("一等奖"));
}

#[test]
fn set_path_edits_any_field_and_refuses_a_wrong_shape_at_its_path() {
    let d = set_path(&demo(), "scheme.awards.tiers[0].count", Some(json!(4))).unwrap();
    assert_eq!(d.scheme.awards.as_ref().unwrap().tiers[0].count, Some(4));
    // None removes the key: the default applies.
    let d = set_path(&d, "scheme.indicators[0].method.cap_rate", None).unwrap();
    assert!(matches!(d.scheme.indicators[0].method, kaohe_core::model::Method::CompletionLinear { cap_rate: None, .. }));
    let e = set_path(&d, "scheme.awards.tiers[0].count", Some(json!("三"))).unwrap_err();
    assert_eq!(e.path, "scheme.awards.tiers[0].count");
}

#[test]
fn an_edit_inside_the_scheme_keeps_the_units_and_inputs_and_a_unit_edit_still_reaches_them() {
    // A scheme field is set on the scheme alone (the units are not written out and read back):
    // the 12 units and their inputs come back as they were, only the name changed.
    let doc = demo();
    let d = set_path(&doc, "scheme.name", Some(json!("新名称"))).unwrap();
    assert_eq!(d.scheme.name, "新名称");
    assert_eq!((d.units.len(), &d.units, &d.inputs), (12, &doc.units, &doc.inputs));
    let d = set_method(&d, 0, "rank_points").unwrap();
    assert_eq!((&d.units, &d.inputs), (&doc.units, &doc.inputs));
    // A unit's field is still edited, and a wrong shape there refused at its path.
    // (The third unit is in G1.)
    assert_eq!(doc.units[2].group, "G1");
    let d = set_path(&d, "units[2].group", Some(json!("G3"))).unwrap();
    assert_eq!(d.units[2].group, "G3");
    assert_eq!(d.units[3], doc.units[3]);
    assert_eq!(d.inputs, doc.inputs);
    let e = set_path(&d, "units[2].name", Some(json!(7))).unwrap_err();
    assert_eq!(e.path, "units[2].name");
    // A path that is no field of the document is refused, not a silent no-op.
    let e = set_path(&d, "scheme.indicators[99].full", Some(json!(5))).unwrap_err();
    assert_eq!(e.path, "scheme.indicators[99].full");
}

#[test]
fn new_items_get_free_ids_and_default_names() {
    let (d, g) = add(&demo(), &Item::Group(String::new()));
    assert_eq!(g, "G4");
    assert_eq!(d.scheme.groups[3].name, "第四考核单元");
    let (d, u) = add(&d, &Item::Unit("G4".into()));
    assert_eq!(u, "U1");
    assert_eq!(d.units.last().unwrap().group, "G4");
    let (d, i) = add(&d, &Item::Indicator("social".into()));
    assert_eq!(i, "I1");
    let (d, t) = add(&d, &Item::Tier(0));
    assert_eq!((t.as_str(), d.scheme.awards.as_ref().unwrap().tiers[3].label.as_str()), ("3", "四等奖"));
    // The new indicator (10 points, direct) breaks the social category's 10-point sum — S1 4 + S2 3
    // + S3 3 + I1 10 = 20 — a warning at that category, not an error; the document still scores.
    let report = validate(&d);
    assert!(report.is_ok());
    let w: Vec<String> = report.warnings.iter().map(|i| format!("{} {}", i.path, i.kind.zh())).collect();
    assert!(w.contains(&"scheme.categories[3].full 所含指标分值合计 20，与类别分值 10 不一致".to_string()), "{w:?}");
}

#[test]
fn removing_says_first_what_else_goes_and_then_takes_it_along() {
    let doc = demo();
    // The third group holds 5 units.
    let c = consequences(&doc, &kaohe_core::editing::summary(&doc), &Item::Group("G3".into()), Lang::Zh);
    assert_eq!(c, ["其中的 5 个单位（金禾镇、常乐镇、柳河镇、白沙镇、龙泉镇）及其全部数据将一并删除"]);
    let d = remove(&doc, &Item::Group("G3".into()));
    assert_eq!(d.units.len(), 7);
    assert!(!d.inputs.contains_key("U08"));
    assert!(validate(&d).is_ok());
    // An indicator that applied to G3 only would apply to no group: a warning says so.
    let only_g3 = set_path(&doc, "scheme.indicators[0].applies_to", Some(json!(["G3"]))).unwrap();
    let d = remove(&only_g3, &Item::Group("G3".into()));
    let w = validate(&d).warnings;
    assert!(w.iter().any(|i| i.path == "scheme.indicators[0].applies_to" && i.kind.zh() == "未选择任何考核单元：没有单位考核此指标"), "{w:?}");
    // K1 is the basis of R1 (区域新动能 突出单位); 12 units have K1 data.
    let c = consequences(&doc, &kaohe_core::editing::summary(&doc), &Item::Indicator("K1".into()), Lang::Zh);
    assert_eq!(c, ["12 个单位已录入的该项数据将一并删除（可用“撤销”恢复）", "以其为依据的突出单位评选 “区域新动能 突出单位” 将一并删除"]);
    let d = remove(&doc, &Item::Indicator("K1".into()));
    assert!(d.scheme.recognitions.iter().all(|r| r.id != "R1"));
    assert!(d.inputs["U08"].cells.get("K1").is_none());
    // The econ category: 10 indicators, and the first tie-breaker.
    let c = consequences(&doc, &kaohe_core::editing::summary(&doc), &Item::Category("econ".into()), Lang::Zh);
    assert!(c[0].starts_with("其中的 10 项指标（“一般公共预算收入”、"), "{c:?}");
    assert_eq!(c.last().unwrap(), "1 条并列排序规则将一并删除");
    let d = remove(&doc, &Item::Category("econ".into()));
    assert!(validate(&d).is_ok(), "{:?}", validate(&d).errors);
    assert_eq!(d.scheme.tie_breakers.len(), 1);
    // A tier refers to nothing: no question asked.
    assert!(consequences(&doc, &kaohe_core::editing::summary(&doc), &Item::Tier(2), Lang::Zh).is_empty());
}

#[test]
fn indicators_move_within_their_category_and_groups_in_order() {
    let doc = demo();
    let d = move_item(&doc, &Item::Indicator("E2".into()), true).unwrap();
    assert_eq!((d.scheme.indicators[0].id.as_str(), d.scheme.indicators[1].id.as_str()), ("E2", "E1"));
    // K1 is first of its category: it cannot move up (past E10 of another category).
    assert!(move_item(&doc, &Item::Indicator("K1".into()), true).is_none());
    let d = move_item(&doc, &Item::Category("special".into()), false).unwrap();
    assert_eq!(d.scheme.categories[2].id, "special");
}

#[test]
fn switching_a_method_brings_a_metric_it_can_score_and_starting_parameters() {
    let doc = demo();
    // E8 外贸进出口额 (value, efficacy) → deduction: the metric becomes events with one field.
    let i = doc.scheme.indicators.iter().position(|x| x.id == "E8").unwrap();
    let d = set_method(&doc, i, "deduction").unwrap();
    assert_eq!(d.scheme.indicators[i].metric.kind_name(), "events");
    assert!(validate(&d).is_ok(), "{:?}", validate(&d).errors);
    // Back to rank_points: a value metric and a step of full/10 (8 → 0.8).
    let d = set_method(&d, i, "rank_points").unwrap();
    assert_eq!(d.scheme.indicators[i].metric.kind_name(), "value");
    assert!(validate(&d).is_ok());
    // Every kind starts valid.
    for (k, _, _) in kaohe_core::describe::METHODS {
        let d = set_method(&doc, i, k).unwrap();
        assert!(validate(&d).is_ok(), "{k}: {:?}", validate(&d).errors);
    }
}

#[test]
fn renaming_an_events_field_carries_its_points_and_data() {
    let doc = demo();
    let d = rename_field(&doc, "S1", "accidents", "major").unwrap();
    let s1 = d.scheme.indicators.iter().find(|i| i.id == "S1").unwrap();
    assert_eq!(s1.labels.as_ref().unwrap().keys().collect::<Vec<_>>(), ["major", "notices"]);
    assert_eq!(d.inputs["U08"].field("S1", "major").unwrap().0.to_string(), "1");
    assert_eq!(evaluate(&d).unwrap().units, evaluate(&doc).unwrap().units);
    assert!(rename_field(&doc, "S1", "accidents", "notices").is_err());
    assert!(rename_field(&doc, "S1", "accidents", "一般").is_err());
}

#[test]
fn scheme_edits_are_what_ifs_with_deltas_and_an_invalid_scheme_keeps_the_last_results() {
    let mut s = Scenario::new(demo()).unwrap();
    // 一等奖 3 → 4 and 二等奖 5 → 5: ranks 1–4 一等奖, 5–9 二等奖 — 富源镇 (4th) and 柳河镇 (9th) move up.
    let d = set_path(s.document(), "scheme.awards.tiers[0].count", Some(json!(4))).unwrap();
    assert!(s.set_document(d));
    assert!(s.scheme_changed() && !s.is_baseline());
    let fy = s.unit_delta("U05").unwrap();
    assert_eq!(fy.award, Some((Some("二等奖".into()), Some("一等奖".into()))));
    let lh = s.unit_delta("U10").unwrap();
    assert_eq!(lh.award, Some((Some("三等奖".into()), Some("二等奖".into()))));
    assert_eq!(s.moved_units().len(), 2);
    let before = s.results().clone();
    // An invalid parameter: E7's bands listed from low to high (分档下限须从高到低排列); the results stay.
    let e7 = s.document().scheme.indicators.iter().position(|i| i.id == "E7").unwrap();
    let path = format!("scheme.indicators[{e7}].method.bands");
    let bands = kaohe_core::editing::get_path(&kaohe_core::editing::as_value(s.document()), &path).unwrap();
    let mut reversed = bands.as_array().unwrap().clone();
    reversed.reverse();
    let bad = set_path(s.document(), &path, Some(serde_json::Value::Array(reversed))).unwrap();
    let scored_before = s.document().clone();
    assert!(!s.set_document(bad));
    assert_eq!(s.results(), &before);
    // The views show the last document that scored, with its results.
    assert_eq!(s.scored_document(), &scored_before);
    assert_eq!(s.issues()[0].path, path);
    assert_eq!(s.issues()[0].kind.zh(), "分档下限须从高到低排列");
    // Input edits still work meanwhile, and count once the scheme is valid again.
    assert!(s.set("U08", "E5", "actual", Some(25000.into())));
    assert_eq!(s.results(), &before);
    let good = set_path(s.document(), &path, Some(bands)).unwrap();
    assert!(s.set_document(good));
    assert!(s.issues().is_empty());
    assert_eq!(s.scored_document(), s.document());
    // E5 6 × 25000 / 25000 = 6 against 2.41: 79.33 + 3.59 = 82.92 (the bands are the demo's again).
    assert_eq!(s.results().unit("U08").unwrap().total.0.to_string(), "82.92");
    // Removing a unit: its deltas are gone, the others still compare by id.
    let d = remove(s.document(), &Item::Unit("U01".into()));
    assert!(s.set_document(d));
    assert!(s.unit_delta("U01").is_none());
    assert!(s.unit_delta("U08").is_some());
    s.reset_all();
    assert!(s.is_baseline());
}

#[test]
fn input_ops_travel_as_string_lists_and_keep_untouched_rows_shared() {
    use kaohe_core::editing::{shell, with_scheme_of, InputOp};
    let ops = vec![
        InputOp::DropField { indicator: "S1".into(), field: "notices".into() },
        InputOp::RenameField { indicator: "S1".into(), from: "accidents".into(), to: "cases".into() },
    ];
    let json = serde_json::to_string(&ops).unwrap();
    assert_eq!(json, r#"[["drop_field","S1","notices"],["rename_field","S1","accidents","cases"]]"#);
    assert_eq!(serde_json::from_str::<Vec<InputOp>>(&json).unwrap(), ops);
    assert!(serde_json::from_str::<Vec<InputOp>>(r#"[["drop_field","S1"]]"#).is_err());
    // The demo's scheme with unit U12 removed: its row goes, the others stay shared (same Arc).
    let doc = kaohe_core::presets::DEMO.document().unwrap();
    let mut edited = shell(&doc);
    edited.units.retain(|u| u.id != "U12");
    let d = with_scheme_of(&doc, &edited, &[]);
    assert!(!d.inputs.contains_key("U12"));
    assert!(std::sync::Arc::ptr_eq(&d.inputs["U08"].cells, &doc.inputs["U08"].cells));
    // The field ops: U08's S1 {accidents: 1, notices: 2} becomes {cases: 1}.
    let d = with_scheme_of(&doc, &shell(&doc), &ops);
    let s1 = d.inputs["U08"].cells["S1"].as_ref().unwrap();
    assert_eq!(s1.keys().collect::<Vec<_>>(), vec!["cases"]);
    assert_eq!(d.inputs["U08"].field("S1", "cases"), doc.inputs["U08"].field("S1", "accidents"));
}

#[test]
fn the_data_summary_counts_units_indicators_and_fields_and_reads_back_from_its_json() {
    use kaohe_core::editing::{summary, DataSummary};
    let doc = kaohe_core::presets::DEMO.document().unwrap();
    let s = summary(&doc);
    // Every one of the 12 demo units has data; S1's two fields are filled for all 12.
    assert_eq!(s.units.len(), 12);
    assert_eq!(s.indicators["S1"], 12);
    assert_eq!(s.fields["S1"]["accidents"], 12);
    let back: DataSummary = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    // Ids that need escaping survive.
    let mut odd = DataSummary::default();
    odd.units.insert("U\"1\\".into());
    odd.indicators.insert("指标\n".into(), 3);
    assert_eq!(serde_json::from_str::<DataSummary>(&serde_json::to_string(&odd).unwrap()).unwrap(), odd);
}

#[test]
fn the_data_summary_counts_rows_out_of_order_unknown_cells_nulls_and_vetoes() {
    use kaohe_core::editing::summary;
    use kaohe_core::num::Num;
    use std::collections::{BTreeMap, BTreeSet};
    let mut doc = kaohe_core::presets::DEMO.document().unwrap();
    let ids: Vec<String> = doc.units.iter().map(|u| u.id.clone()).collect();
    // U01's cells reversed (not in scheme order); U02 gains a cell naming no indicator ("ZZ", one
    // value); U03's S1 keeps `accidents` null; U04 holds nothing but its veto.
    {
        let row = doc.inputs.get_mut(&ids[0]).unwrap();
        let mut cells: Vec<_> = row.cells.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        cells.reverse();
        row.cells = std::sync::Arc::new(cells.into_iter().collect());
        let row = doc.inputs.get_mut(&ids[1]).unwrap();
        let mut zz = indexmap::IndexMap::new();
        zz.insert("x".to_string(), Some(Num(rust_decimal::Decimal::ONE)));
        zz.insert("y".to_string(), None);
        std::sync::Arc::make_mut(&mut row.cells).insert("ZZ".into(), Some(zz));
        let row = doc.inputs.get_mut(&ids[2]).unwrap();
        let s1 = std::sync::Arc::make_mut(&mut row.cells).get_mut("S1").unwrap().as_mut().unwrap();
        *s1.get_mut("accidents").unwrap() = None;
        let row = doc.inputs.get_mut(&ids[3]).unwrap();
        row.veto = true;
        row.cells = Default::default();
    }
    // The plain reading of the definition, map by map.
    let mut units = BTreeSet::new();
    let mut fields: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut inds: BTreeMap<String, usize> = BTreeMap::new();
    for (u, row) in &doc.inputs {
        let mut any = row.veto;
        for (i, cell) in row.cells.iter() {
            let filled: Vec<&String> = cell.iter().flatten().filter(|(_, v)| v.is_some()).map(|(f, _)| f).collect();
            for f in &filled {
                *fields.entry(i.clone()).or_default().entry((*f).clone()).or_default() += 1;
            }
            if !filled.is_empty() {
                *inds.entry(i.clone()).or_default() += 1;
                any = true;
            }
        }
        if any {
            units.insert(u.clone());
        }
    }
    let s = summary(&doc);
    assert_eq!((&s.units, &s.fields, &s.indicators), (&units, &fields, &inds));
    // By hand: 12 units (U04 by its veto alone); S1 `accidents` in 12 − 1 (U03's null) − 1 (U04's
    // empty row) = 10; ZZ: one unit, field x only (y is null).
    assert_eq!(s.units.len(), 12);
    assert_eq!(s.fields["S1"]["accidents"], 10);
    assert_eq!(s.indicators["ZZ"], 1);
    assert_eq!(s.fields["ZZ"].keys().collect::<Vec<_>>(), ["x"]);
}
