//! Spreadsheet layouts (issue 5): the 输入 template, the 结果 and 明细 sheets, CSV for Excel, and
//! reading a filled template back with every problem placed at its row and column.

use std::str::FromStr;

use kaohe_core::presets::DEMO;
use kaohe_core::scenario::Scenario;
use kaohe_core::table::{column_letters, inputs_sheet, read_inputs, results_workbook, to_csv, Cell};
use kaohe_core::{evaluate, Document, Lang};
use rust_decimal::Decimal;

fn demo() -> Document {
    DEMO.document().unwrap()
}
fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
fn text(rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|c| c.shown().to_string()).collect()).collect()
}
fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}
fn n(s: &str) -> Cell {
    Cell::Num { v: s.into(), dp: None }
}
/// The demo's template rows as text cells (as a CSV reads them).
fn as_csv_cells(doc: &Document) -> Vec<Vec<Cell>> {
    inputs_sheet(doc, false).rows.iter().map(|r| r.iter().map(|c| match c {
        Cell::Empty => Cell::Empty,
        other => t(other.shown()),
    }).collect()).collect()
}

#[test]
fn the_template_names_indicator_and_field_in_one_chinese_header_row() {
    let doc = demo();
    let s = inputs_sheet(&doc, false);
    let rows = text(&s.rows);
    // 4 unit columns + the demo's 36 input fields (E1–E10: 16, K1–K5: 5, P1–P2: 2, S1–S3: 4,
    // V1: 4, X1–X2: 5) = 40 columns; 1 header + 12 units.
    assert_eq!((rows.len(), rows[0].len()), (13, 40));
    assert_eq!(rows[0][..5], ["单位编号", "单位名称", "考核单元", "一票否决", "E1 一般公共预算收入·实际完成（万元）"]);
    assert_eq!(rows[0][8], "E3 规模以上工业增加值增速·数值（%）");
    assert_eq!(rows[0][27], "S1 安全生产·一般生产安全事故（起）");
    // 金禾镇 (row 9): its demo inputs.
    assert_eq!(rows[8][..7], ["U08", "金禾镇", "第三考核单元（农业特色镇）", "否", "4916", "4900", "107200"]);
    assert_eq!(rows[8][12], "15573.8");
    // The empty template keeps the units and nothing else.
    let e = text(&inputs_sheet(&doc, true).rows);
    assert_eq!(e[8][..5], ["U08", "金禾镇", "第三考核单元（农业特色镇）", "", ""]);
    assert!(e[1..].iter().all(|r| r[3..].iter().all(String::is_empty)));
}

#[test]
fn the_results_sheets_hold_the_county_report() {
    let doc = demo();
    let r = evaluate(&doc).unwrap();
    let book = results_workbook(&doc, &r);
    assert_eq!(book.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["结果", "明细", "输入"]);
    let res = text(&book[0].rows);
    // Rank order; 金禾镇 is 8th: econ 41.24, total 79.33, first in its group, 二等奖.
    let jinhe = res.iter().find(|r| r[1] == "U08").unwrap();
    assert_eq!(jinhe[0], "8");
    assert_eq!(jinhe[4], "1");
    assert_eq!(jinhe[5], "41.24");
    assert_eq!(jinhe[15], "79.33");
    assert_eq!(jinhe[16], "二等奖");
    assert_eq!(res[1][0], "1");
    // Scores carry two decimals as an xlsx number format, not as text.
    assert!(matches!(&book[0].rows[8][15], Cell::Num { dp: Some(2), .. }));
    // 明细: 12 units × 23 indicators, each with its explanation; 金禾镇 E2 as in the county report:
    // 完成率 107200 / 78100 = 1.3726, capped at 1.2 (= the county best): 10 × 1.2 / 1.2 = 10.00.
    let det = text(&book[1].rows);
    assert_eq!(det.len(), 1 + 12 * 23);
    let e2 = det.iter().find(|r| r[0] == "U08" && r[3] == "E2").unwrap();
    assert_eq!(e2[6], "10.00");
    assert!(e2[8].starts_with("完成率 = 107200 / 78100 = 1.3726"), "{}", e2[8]);
}

#[test]
fn csv_opens_in_excel_with_chinese_intact() {
    let doc = demo();
    let r = evaluate(&doc).unwrap();
    let csv = to_csv(&results_workbook(&doc, &r)[0]);
    assert!(csv.starts_with("\u{feff}排名,单位编号,单位名称,"));
    assert!(csv.contains("\r\n8,U08,金禾镇,"));
    // 13 lines, each ending CRLF.
    assert_eq!(csv.matches("\r\n").count(), 13);
    let sheet = kaohe_core::table::Sheet { name: "x".into(), rows: vec![vec![t("a,b"), t("say \"hi\""), n("1.50")]], header: 0, widths: vec![] };
    assert_eq!(to_csv(&sheet), "\u{feff}\"a,b\",\"say \"\"hi\"\"\",1.50\r\n");
    assert_eq!((column_letters(0), column_letters(25), column_letters(26), column_letters(39)), ("A".into(), "Z".into(), "AA".into(), "AN".into()));
}

#[test]
fn an_exported_template_reads_back_as_no_change_and_edits_as_exactly_those_cells() {
    let doc = demo();
    // Numbers as xlsx holds them, and the same as text as a CSV holds them.
    for rows in [inputs_sheet(&doc, false).rows, as_csv_cells(&doc)] {
        let imp = read_inputs(&doc, &rows);
        assert!(imp.is_ok(), "{:?}", imp.problems);
        assert_eq!((imp.units_in_file, imp.units_changed, imp.changes.len(), imp.columns), (12, 0, 0, 36));
    }
    // Someone else's figures: 金禾镇 E5 actual 25000 (K) and 先锋镇 vetoed, written out and read
    // back against the original document: exactly those two changes, and scores identical to
    // scoring the edited document directly.
    let mut edited = doc.clone();
    edited.set_input("U08", "E5", "actual", Some(d("25000")));
    edited.set_veto("U04", true);
    let imp = read_inputs(&doc, &inputs_sheet(&edited, false).rows);
    assert!(imp.is_ok(), "{:?}", imp.problems);
    assert_eq!(imp.changes, vec![(("U08".into(), "E5".into(), "actual".into()), Some(d("25000")))]);
    assert_eq!(imp.vetoes, vec![("U04".to_string(), true)]);
    assert_eq!(imp.units_changed, 2);
    let mut sc = Scenario::new(doc.clone()).unwrap();
    assert!(sc.set_many(&imp.changes));
    sc.set_veto("U04", true);
    assert_eq!(sc.results(), &evaluate(&edited).unwrap());
    // E5 6 × 25000 / 25000 = 6 against 6 × 10040 / 25000 = 2.41: 79.33 + 3.59 = 82.92.
    assert_eq!(sc.results().unit("U08").unwrap().total.0, d("82.92"));
}

#[test]
fn numbers_as_excel_and_wps_write_them_are_understood() {
    let doc = demo();
    let rows = vec![
        vec![t("单位名称"), t("E5 固定资产投资·实际完成（万元）"), t("S3 生态环境问题整改完成率·数值（%）"), t("E1·目标任务")],
        vec![t("金禾镇"), t("25,000"), t("90%"), t(" 4,900 ")],
    ];
    let imp = read_inputs(&doc, &rows);
    assert!(imp.is_ok(), "{:?}", imp.problems);
    // E1 target 4900 is unchanged; E5 actual 10040 → 25000 and S3 85 → 90 change.
    assert_eq!(imp.changes.len(), 2);
    assert_eq!(imp.changes[1], (("U08".into(), "S3".into(), "value".into()), Some(d("90"))));
    assert_eq!(imp.units_absent.len(), 11);
    assert!(imp.notes[0].text(Lang::Zh).starts_with("文件中没有 11 个单位（城东街道、"), "{:?}", imp.notes);
    // A title row above the header is skipped; the header is found on row 2.
    let mut with_title = vec![vec![t("2023 年度综合考核数据")]];
    with_title.extend(rows);
    assert!(read_inputs(&doc, &with_title).is_ok());
}

#[test]
fn every_problem_is_placed_at_its_row_and_column_and_nothing_is_half_read() {
    let doc = demo();
    let mut rows = inputs_sheet(&doc, false).rows;
    // Row 3 (城西街道), column K (E5 实际完成): text in a number column.
    rows[2][10] = t("约两万");
    // Row 5 (先锋镇) repeated as row 14; an unknown unit as row 15.
    rows.push(rows[4].clone());
    let mut stranger = rows[1].clone();
    stranger[0] = t("U99");
    stranger[1] = t("无名镇");
    rows.push(stranger);
    let imp = read_inputs(&doc, &rows);
    let msgs: Vec<String> = imp.problems.iter().map(|p| p.text(Lang::Zh)).collect();
    assert_eq!(msgs, [
        "第 3 行 K 列：城西街道 固定资产投资·实际完成：“约两万”不是数字，请输入数值（可带千分位逗号）",
        "第 14 行 A 列：单位“先锋镇”重复：第 5 行已有",
        "第 15 行 A 列：未知单位编号“U99”：本方案没有这个单位",
    ]);
    assert!(!imp.is_ok());

    // An unknown indicator column, a field the indicator lacks, a repeated column.
    let rows = vec![vec![t("单位编号"), t("E99 新指标·数值"), t("E1 一般公共预算收入·上年"), t("单位编号")], vec![t("U01"), n("1"), n("2"), t("U01")]];
    let msgs: Vec<String> = read_inputs(&doc, &rows).problems.iter().map(|p| p.text(Lang::Zh)).collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs[0].starts_with("第 1 行 B 列：列“E99 新指标·数值”不是本方案的指标"), "{}", msgs[0]);
    assert!(msgs[1].starts_with("第 1 行 C 列：列“E1 一般公共预算收入·上年”：指标 E1 一般公共预算收入 没有这一项；此指标的列为：“E1 一般公共预算收入·实际完成（万元）”"), "{}", msgs[1]);
    assert_eq!(msgs[2], "第 1 行 D 列：列“单位编号”与 A 列重复");

    // A name that contradicts the id; a veto that is neither 是 nor 否.
    let rows = vec![vec![t("单位编号"), t("单位名称"), t("一票否决")], vec![t("U08"), t("常乐镇"), t("否")], vec![t("U09"), t("常乐镇"), t("也许")]];
    let msgs: Vec<String> = read_inputs(&doc, &rows).problems.iter().map(|p| p.text(Lang::Zh)).collect();
    assert_eq!(msgs, ["第 2 行 B 列：单位编号 U08 是“金禾镇”，但本行名称为“常乐镇”", "第 3 行 C 列：一票否决应填“是”或“否”，实为“也许”"]);
}

#[test]
fn empty_headerless_and_oversized_sheets_are_refused_with_a_message() {
    let doc = demo();
    let one = |rows: Vec<Vec<Cell>>| {
        let p = read_inputs(&doc, &rows).problems;
        assert_eq!(p.len(), 1, "{p:?}");
        p[0].text(Lang::Zh)
    };
    assert_eq!(one(vec![]), "表格是空的：没有标题行，也没有数据");
    assert_eq!(one(vec![vec![Cell::Empty, t(" ")]]), "表格是空的：没有标题行，也没有数据");
    assert!(one(vec![vec![t("名字"), t("分数")], vec![t("金禾镇"), n("1")]]).starts_with("找不到标题行"));
    assert_eq!(one(vec![vec![t("单位编号"), t("E1 一般公共预算收入·实际完成")]]), "标题行下没有任何单位的数据");
    // 100,000 data rows: refused before any row is read.
    let mut big = vec![vec![t("单位编号")]];
    big.extend((0..100_000).map(|i| vec![t(&format!("U{i}"))]));
    assert_eq!(one(big), "文件有 100000 行数据，超过上限 10000 行；请只保留各单位的数据行");
    // A percent column stored as fractions gets a note (not a refusal).
    let rows = vec![vec![t("单位编号"), t("S3 生态环境问题整改完成率·数值（%）")], vec![t("U01"), n("0.85")], vec![t("U02"), n("0.9")]];
    let imp = read_inputs(&doc, &rows);
    assert!(imp.is_ok());
    assert!(imp.notes.iter().any(|n| n.text(Lang::Zh).starts_with("B 列是百分比")), "{:?}", imp.notes);
}
