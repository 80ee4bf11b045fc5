//! The xlsx writer against its oracle: rust_xlsxwriter, given the same sheets the way 导出 Excel
//! gave them to it before the writer was Kaohe's own (DECISIONS 79), must write the same file,
//! byte for byte — every part, every escape, the zip around them. Where they differ the test names
//! the part and the first place it differs.

use std::io::Read;

use kaohe_core::presets::DEMO;
use kaohe_core::table::{explained_workbook, inputs_sheet, results_workbook, Cell, Sheet};
use kaohe_core::{evaluate, evaluate_explained, Lang};
use kaohe_sheet::{read, write_xlsx, write_xlsx_at};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

const WHEN: &str = "2026-12-01T09:30:05Z";

/// The export as it was written with rust_xlsxwriter up to stop 26.
fn oracle(sheets: Vec<Sheet>) -> Vec<u8> {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2026, 12, 1).unwrap().and_hms(9, 30, 5).unwrap();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&when));
    wb.set_zip_compression_level(3);
    let head = Format::new().set_bold().set_background_color("#E8EEF5").set_text_wrap();
    let fixed: Vec<Format> = (0..=6).map(|dp| Format::new().set_num_format(if dp == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(dp)) })).collect();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).unwrap();
        ws.set_landscape();
        ws.set_paper_size(9);
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(c as u16, f64::from(*w)).unwrap();
        }
        let (rows, cols) = (s.rows.len(), s.rows.iter().map(Vec::len).max().unwrap_or(1).max(1));
        for (r, row) in s.rows.into_iter().enumerate() {
            let format = if r < s.header { Some(&head) } else { None };
            for (c, value) in row.into_iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    Cell::Empty => {}
                    Cell::Text(t) => {
                        match format {
                            Some(f) => ws.write_string_with_format(r, c, t, f).unwrap(),
                            None => ws.write_string(r, c, t).unwrap(),
                        };
                    }
                    Cell::Num { v, dp } => {
                        let f: f64 = v.parse().unwrap();
                        match dp.and_then(|d| fixed.get(usize::from(d))) {
                            Some(fmt) => ws.write_number_with_format(r, c, f, fmt).unwrap(),
                            None => ws.write_number(r, c, f).unwrap(),
                        };
                    }
                }
            }
        }
        if s.header > 0 && rows > 0 {
            ws.set_freeze_panes(s.header as u32, 0).unwrap();
            ws.autofilter(s.header as u32 - 1, 0, (rows - 1) as u32, (cols - 1) as u16).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The zip's parts, in order, unpacked.
fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            (f.name().unwrap().to_string(), text)
        })
        .collect()
}

fn same_as_oracle(sheets: Vec<Sheet>) {
    let ours = write_xlsx_at(sheets.clone(), WHEN).unwrap();
    let theirs = oracle(sheets);
    if ours == theirs {
        return;
    }
    let (a, b) = (parts(&ours), parts(&theirs));
    let names = |p: &[(String, String)]| p.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the parts and their order");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        if x != y {
            let at = x.bytes().zip(y.bytes()).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
            let from = at.saturating_sub(120);
            panic!("{name} differs at byte {at}:\n ours:   …{}\n oracle: …{}", &x[from.min(x.len())..(at + 120).min(x.len())], &y[from.min(y.len())..(at + 120).min(y.len())]);
        }
    }
    panic!("the parts agree but the zips differ ({} vs {} bytes)", ours.len(), theirs.len());
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}
fn n(v: &str, dp: Option<u8>) -> Cell {
    Cell::Num { v: v.to_string(), dp }
}

#[test]
fn the_demo_export_is_the_oracles_byte_for_byte() {
    let doc = DEMO.document().unwrap();
    let results = evaluate(&doc).unwrap();
    same_as_oracle(results_workbook(&doc, &results));
    // The template (导出模板): the input sheet with its cells empty.
    same_as_oracle(vec![inputs_sheet(&doc, true)]);
}

#[test]
fn a_large_synthetic_export_is_the_oracles_byte_for_byte() {
    // 300 units × 40 indicators: more rows than one 16-row span block, more than 26 columns
    // (AA…), shared strings repeated across the three sheets.
    let doc = kaohe_core::synthetic::document(300, 40, 7).unwrap();
    let results = evaluate_explained(&doc, Lang::Zh).unwrap();
    same_as_oracle(explained_workbook(&doc, &results));
}

#[test]
fn every_escape_style_and_edge_is_the_oracles() {
    let mut rows = vec![
        // Two header rows: texts bold, a number in a header keeps its own format, an empty
        // header text is a blank cell with the header's look.
        vec![t("单位"), t(""), t("A & B <c>"), n("1", None), t(" 前后空格 ")],
        vec![t("第二行"), Cell::Empty, t("tab\there"), n("2.5", Some(2))],
        // Body: escapes and whitespace, empty text skipped, numbers of every format.
        vec![t("x_x0041_y"), t(""), t("bell\u{7}\u{1f}"), t("line\nbreak"), t("\ttabbed"), t("trailing\n"), t("\u{FFFE}")],
        vec![n("0", Some(0)), n("-0.00", Some(2)), n("79.330", Some(3)), n("123456789012.5", Some(1)), n("0.000001", Some(6)), n("3.14159", Some(7)), n("-2", None)],
        vec![],
        vec![Cell::Empty, Cell::Empty, n("100000000000000000000", None), n("0.1", Some(4)), n("1e3", None), Cell::Empty, Cell::Empty, Cell::Empty],
        vec![t("quote \" and apostrophe '"), t("_x00zz_"), t("_x004G_"), t("__x0000_"), t("a_x")],
    ];
    // Rows to the 40th, with the widest row in the middle of a span block and one row of 30
    // columns (letters past Z).
    for r in 7..40 {
        let width = if r == 20 { 30 } else { 1 + r % 5 };
        rows.push((0..width).map(|c| if c % 2 == 0 { n(&format!("{r}.{c}"), Some((c % 3) as u8)) } else { t(&format!("单位{}", r % 4)) }).collect());
    }
    let widths = vec![6, 6, 6, 10, 0, 8, 300, 12, 12];
    let odd = vec![
        Sheet { name: "Sheet 1".into(), rows: rows.clone(), header: 2, widths: widths.clone() },
        Sheet { name: "A1".into(), rows: vec![vec![t("only")]], header: 1, widths: vec![] },
        Sheet { name: "2023年".into(), rows: vec![vec![t("表头")]], header: 0, widths: vec![9] },
        Sheet { name: "空表".into(), rows: vec![], header: 1, widths: vec![] },
        Sheet { name: "R2C3".into(), rows: rows[..3].to_vec(), header: 0, widths: vec![] },
        Sheet { name: "it's".into(), rows: vec![vec![n("5", Some(2))]], header: 1, widths: vec![] },
    ];
    same_as_oracle(odd);
    // A workbook with no texts at all has no shared-strings part; one with no sheets gets Sheet1.
    same_as_oracle(vec![Sheet { name: "数".into(), rows: vec![vec![n("1", None), n("2", Some(2))]], header: 0, widths: vec![] }]);
    same_as_oracle(vec![Sheet { name: "Sheet1".into(), rows: vec![], header: 0, widths: vec![] }]);
}

#[test]
fn what_excel_would_refuse_is_refused_with_a_message() {
    let sheet = |name: &str, rows: Vec<Vec<Cell>>| Sheet { name: name.into(), rows, header: 0, widths: vec![] };
    let err = |sheets: Vec<Sheet>| write_xlsx(sheets).unwrap_err().to_string();
    assert!(err(vec![sheet("a/b", vec![])]).contains("a/b"));
    assert!(err(vec![sheet("结果", vec![]), sheet("结果", vec![])]).contains("twice"));
    assert!(err(vec![sheet("x", vec![vec![n("12a", None)]])]).contains("12a"));
    // 32,768 characters: one more than a cell holds; the message names the cell.
    let long = "长".repeat(32_768);
    assert!(err(vec![sheet("x", vec![vec![Cell::Empty, t(&long)]])]).contains("B1"));
    // 32,767 is allowed, and reads back whole.
    let bytes = write_xlsx(vec![sheet("x", vec![vec![t(&long[3..])]])]).unwrap();
    let book = read("x.xlsx", &bytes, None).unwrap();
    assert_eq!(book.rows[0][0].shown().chars().count(), 32_767);
}

#[test]
fn the_workbook_is_dated_when_it_is_made() {
    let bytes = write_xlsx(vec![Sheet { name: "x".into(), rows: vec![], header: 0, widths: vec![] }]).unwrap();
    let core = parts(&bytes).into_iter().find(|(n, _)| n == "docProps/core.xml").unwrap().1;
    let created = core.split("<dcterms:created xsi:type=\"dcterms:W3CDTF\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    // `2026-12-01T09:30:05Z`: 20 characters, this year or later, dated in UTC.
    assert_eq!(created.len(), 20, "{created}");
    assert!(created.ends_with('Z') && created.as_bytes()[10] == b'T', "{created}");
    assert!(created[..4].parse::<u32>().unwrap() >= 2026, "{created}");
}
