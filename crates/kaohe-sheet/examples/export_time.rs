//! Times the parts of 导出 Excel natively:
//! `cargo run --release --example export_time -p kaohe-sheet -- [UNITS INDICATORS]`.
use std::time::Instant;

use kaohe_core::table;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|s| s.parse().ok()).collect();
    let (units, inds) = (args.first().copied().unwrap_or(2_000), args.get(1).copied().unwrap_or(100));
    let doc = kaohe_core::synthetic::document(units, inds, 1).expect("synthetic");
    let t = Instant::now();
    let text = kaohe_core::write_document(&doc);
    let written_json = t.elapsed();
    let t = Instant::now();
    let doc = kaohe_core::parse_document(&text).expect("parsed");
    println!("document JSON: {} bytes, written {written_json:?}, parsed {:?}", text.len(), t.elapsed());
    let t = Instant::now();
    let results = kaohe_core::evaluate_explained(&doc, kaohe_core::Lang::Zh).expect("valid");
    let scored = t.elapsed();
    let t = Instant::now();
    let book = table::explained_workbook(&doc, &results);
    let laid_out = t.elapsed();
    let cells: usize = book.iter().map(|s| s.rows.iter().map(Vec::len).sum::<usize>()).sum();
    let t = Instant::now();
    let bytes = kaohe_sheet::write_xlsx(book).expect("written");
    let written = t.elapsed();
    println!("{units} × {inds}: scored and explained {scored:?}, laid out {laid_out:?}, written {written:?}; {cells} cells, {} bytes", bytes.len());
}
