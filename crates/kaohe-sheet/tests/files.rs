//! Real files in and out: xlsx written and read back, CSV in the encodings Chinese Excel writes,
//! and every kind of bad file refused with its message.

use std::str::FromStr;

use kaohe_core::presets::DEMO;
use kaohe_core::scenario::Scenario;
use kaohe_core::table::{inputs_sheet, read_inputs, results_workbook, to_csv, Cell, Sheet};
use kaohe_core::{evaluate, Document, Lang};
use kaohe_sheet::{read, write_xlsx, SheetError};
use rust_decimal::Decimal;

fn demo() -> Document {
    DEMO.document().unwrap()
}
fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
fn shown(rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|c| c.shown().to_string()).collect()).collect()
}

#[test]
fn an_exported_workbook_reads_back_with_every_figure() {
    let doc = demo();
    let r = evaluate(&doc).unwrap();
    let bytes = write_xlsx(results_workbook(&doc, &r)).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    // The 输入 sheet unless another is picked: importing an exported workbook reads its inputs.
    let book = read("考核结果.xlsx", &bytes, None).unwrap();
    assert_eq!(book.sheets, ["结果", "明细", "输入"]);
    assert_eq!(book.sheet, 2);
    assert_eq!(book.rows.len(), 13);
    let book = read("考核结果.xlsx", &bytes, Some("结果")).unwrap();
    let rows = shown(&book.rows);
    // 金禾镇: rank 8, group rank 1, econ 41.24, total 79.33, 二等奖 (the county report's figures).
    let jinhe = rows.iter().find(|r| r[1] == "U08").unwrap();
    assert_eq!([&jinhe[0], &jinhe[4], &jinhe[5], &jinhe[15], &jinhe[16]], ["8", "1", "41.24", "79.33", "二等奖"]);
    // Scores are numbers in the workbook, not text.
    assert!(matches!(book.rows[8][15], Cell::Num { .. }));
    let details = read("考核结果.xlsx", &bytes, Some("明细")).unwrap();
    assert_eq!(details.rows.len(), 1 + 12 * 23);
    assert!(matches!(read("考核结果.xlsx", &bytes, Some("汇总")), Err(SheetError::NoSuchSheet(_))));
}

#[test]
fn round_trip_export_inputs_import_them_back_and_every_score_is_identical() {
    let doc = demo();
    // Someone's edits, with decimals and a veto, exported as xlsx…
    let mut edited = doc.clone();
    edited.set_input("U08", "E5", "actual", Some(d("25000.5")));
    edited.set_input("U03", "E6", "target", Some(d("15227.65")));
    edited.set_input("U11", "S1", "accidents", None);
    edited.set_veto("U02", true);
    let bytes = write_xlsx(results_workbook(&edited, &evaluate(&edited).unwrap())).unwrap();
    // …and imported into the original: the 输入 sheet gives exactly the edits.
    let book = read("结果.xlsx", &bytes, Some("输入")).unwrap();
    let imp = read_inputs(&doc, &book.rows);
    assert!(imp.is_ok(), "{:?}", imp.problems);
    assert_eq!(imp.changes.len(), 3);
    assert_eq!(imp.vetoes, vec![("U02".to_string(), true)]);
    let mut sc = Scenario::new(doc.clone()).unwrap();
    assert!(sc.set_many(&imp.changes));
    sc.set_veto("U02", true);
    assert_eq!(sc.results(), &evaluate(&edited).unwrap());
    // The same through CSV.
    let csv = to_csv(&inputs_sheet(&edited, false));
    let book = read("输入.csv", csv.as_bytes(), None).unwrap();
    let imp2 = read_inputs(&doc, &book.rows);
    assert_eq!((imp2.changes, imp2.vetoes), (imp.changes, imp.vetoes));
}

#[test]
fn csv_in_utf8_with_and_without_bom_gbk_and_tabs() {
    let doc = demo();
    let text = "单位名称,E5 固定资产投资·实际完成（万元）\r\n金禾镇,\"25,000\"\r\n";
    let expect = vec![(("U08".to_string(), "E5".to_string(), "actual".to_string()), Some(d("25000")))];
    let with_bom = format!("\u{feff}{text}");
    let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    let tabs = text.replace(",\"25,000\"", "\t25000").replace(',', "\t");
    for (name, bytes) in [("a.csv", text.as_bytes().to_vec()), ("b.csv", with_bom.into_bytes()), ("c.csv", gbk.into_owned()), ("d.txt", tabs.into_bytes())] {
        let book = read(name, &bytes, None).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(book.rows[1][0], Cell::Text("金禾镇".into()), "{name}");
        let imp = read_inputs(&doc, &book.rows);
        assert_eq!(imp.changes, expect, "{name}: {:?}", imp.problems);
    }
}

#[test]
fn bad_files_are_refused_with_a_clear_message() {
    let zh = |e: SheetError| e.message(Lang::Zh);
    assert_eq!(zh(read("空.csv", b"", None).unwrap_err()), "文件是空的（0 字节）");
    // A picture renamed or picked by mistake.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    assert_eq!(zh(read("照片.png", png, None).unwrap_err()), "“照片.png”不是可导入的文件：请选择 Excel 工作簿（.xlsx/.xls）、CSV 文件（.csv）或考核文档（.kaohe.json）");
    // A truncated workbook (the download broke off halfway).
    let doc = demo();
    let bytes = write_xlsx(results_workbook(&doc, &evaluate(&doc).unwrap())).unwrap();
    let e = read("结果.xlsx", &bytes[..bytes.len() / 2], None).unwrap_err();
    assert!(matches!(e, SheetError::Corrupt(_)), "{e:?}");
    assert!(zh(e).starts_with("文件已损坏或不是有效的 Excel 工作簿，无法读取"));
    // Text that claims to be a workbook.
    assert!(matches!(read("结果.xlsx", "单位,分数".as_bytes(), None), Err(SheetError::Corrupt(_))));
    // A whole zip that holds no workbook (as a .docx is): its parts renamed away from xl/.
    let mut docx = bytes.clone();
    for i in 0..docx.len().saturating_sub(3) {
        if &docx[i..i + 3] == b"xl/" {
            docx[i..i + 3].copy_from_slice(b"wd/");
        }
    }
    assert_eq!(read("报告.docx", &docx, None).unwrap_err(), SheetError::WrongType("报告.docx".into()));
}

#[test]
fn an_empty_sheet_reads_as_no_rows_and_the_core_says_so() {
    let empty = Sheet { name: "Sheet1".into(), rows: vec![], header: 0, widths: vec![] };
    let bytes = write_xlsx(vec![empty]).unwrap();
    let book = read("空表.xlsx", &bytes, None).unwrap();
    assert!(book.rows.is_empty());
    let p = read_inputs(&demo(), &book.rows).problems;
    assert_eq!(p[0].text(Lang::Zh), "表格是空的：没有标题行，也没有数据");
}

#[test]
fn a_hundred_thousand_rows_are_refused_without_reading_them_all() {
    let rows: Vec<Vec<Cell>> = std::iter::once(vec![Cell::Text("单位编号".into()), Cell::Text("E1·实际完成".into())])
        .chain((0..100_000).map(|i| vec![Cell::Text(format!("U{i}")), Cell::Num { v: i.to_string(), dp: None }]))
        .collect();
    let sheet = Sheet { name: "大表".into(), rows, header: 1, widths: vec![] };
    let csv = to_csv(&sheet);
    assert_eq!(read("大表.csv", csv.as_bytes(), None).unwrap_err(), SheetError::TooManyRows);
    let bytes = write_xlsx(vec![sheet]).unwrap();
    let e = read("大表.xlsx", &bytes, None).unwrap_err();
    assert_eq!(e, SheetError::TooManyRows);
    assert_eq!(e.message(Lang::Zh), "文件超过 10021 行，超过上限（最多 10000 行数据）；请只保留各单位的数据行");
}
