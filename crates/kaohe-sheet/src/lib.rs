//! Spreadsheet files for Kaohe: reads `.xlsx` (also `.xls`, `.xlsb`, `.ods`) with calamine and
//! `.csv` (UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030 as Chinese Excel writes it) with
//! csv and encoding_rs; writes `.xlsx` with rust_xlsxwriter. What the tables mean is decided in
//! `kaohe_core::table`; this crate only turns bytes into cells and cells into bytes. In the browser
//! it runs in a worker loaded on first use (see `src/bin/sheet_worker.rs` of the app), so the
//! first page load does not carry it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::io::Cursor;

use calamine::{Data, Reader};
use kaohe_core::table::{Book, Cell, Sheet};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

pub use kaohe_core::table::{Damage, SheetError, READ_ROWS};

/// Reads a file's cells: a workbook's chosen sheet (by name; when None, the sheet named 输入 if
/// there is one, else the first) or a CSV file.
/// The kind is told by the bytes, not the name.
pub fn read(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Book, SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::EmptyFile);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return read_workbook(name, bytes, sheet);
    }
    let lower = name.to_lowercase();
    if [".xlsx", ".xls", ".xlsm", ".xlsb", ".ods"].iter().any(|e| lower.ends_with(e)) {
        let xls = lower.ends_with(".xls") || lower.ends_with(".xlsb");
        return Err(SheetError::Corrupt(if xls { Damage::NotExcel } else { Damage::NotZip }));
    }
    let text = decode_text(bytes).ok_or_else(|| SheetError::WrongType(name.to_string()))?;
    read_csv(&text)
}

/// A text file's characters: by its byte-order mark, else UTF-8 if it is valid UTF-8, else
/// GB18030 (a superset of GBK, what Chinese Excel writes). None for binary data (NUL bytes
/// outside UTF-16).
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = enc.decode(&bytes[bom..]);
        return (!bad).then(|| text.into_owned());
    }
    if bytes.contains(&0) {
        return None;
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Some(t.to_string());
    }
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    (!bad).then(|| text.into_owned())
}

/// CSV text (comma-separated; tab-separated when the first line has tabs and no commas).
pub fn read_csv(text: &str) -> Result<Book, SheetError> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') { b'\t' } else { b',' };
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| SheetError::Corrupt(Damage::Reader(e.to_string())))?;
        if rows.len() >= READ_ROWS {
            return Err(SheetError::TooManyRows);
        }
        rows.push(rec.iter().map(|f| if f.is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect());
    }
    Ok(Book { sheets: vec!["CSV".into()], sheet: 0, rows })
}

fn number(f: f64) -> Cell {
    if f.is_finite() {
        // Rust prints the shortest text that reads back as the same double: 15573.8, not
        // 15573.799999999999.
        Cell::Num { v: format!("{f}"), dp: None }
    } else {
        Cell::Text(format!("{f}"))
    }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Num { v: i.to_string(), dp: None },
        Data::Float(f) => number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) => Cell::Text(format!("日期 {dt}")),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

fn put(rows: &mut Vec<Vec<Cell>>, (r, c): (u32, u32), value: Cell) -> Result<(), SheetError> {
    let (r, c) = (r as usize, c as usize);
    if r >= READ_ROWS {
        return Err(SheetError::TooManyRows);
    }
    if value == Cell::Empty {
        return Ok(());
    }
    if c > 16_384 {
        return Err(SheetError::Corrupt(Damage::ColumnOutOfRange));
    }
    if rows.len() <= r {
        rows.resize_with(r + 1, Vec::new);
    }
    let row = &mut rows[r];
    if row.len() <= c {
        row.resize(c + 1, Cell::Empty);
    }
    row[c] = value;
    Ok(())
}

fn read_workbook(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Book, SheetError> {
    let cursor = Cursor::new(bytes.to_vec());
    let mut wb = calamine::open_workbook_auto_from_rs(cursor).map_err(|e| {
        // A whole zip that holds no workbook (a Word file, a zipped folder) is the wrong kind of
        // file; anything else (truncated, damaged) is a damaged workbook.
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        if bytes.starts_with(b"PK") && zip_lists(bytes) && !has(b"xl/workbook") && !has(b"content.xml") {
            SheetError::WrongType(name.to_string())
        } else {
            SheetError::Corrupt(Damage::Reader(e.to_string()))
        }
    })?;
    let sheets = wb.sheet_names();
    if sheets.is_empty() {
        return Err(SheetError::NoSheets);
    }
    let index = match sheet {
        Some(s) => sheets.iter().position(|n| n == s).ok_or_else(|| SheetError::NoSuchSheet(s.to_string()))?,
        // The import template's sheet when the workbook has one (an exported results workbook).
        None => sheets.iter().position(|n| n == "输入").unwrap_or(0),
    };
    let sheet_name = sheets[index].clone();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    match &mut wb {
        calamine::Sheets::Xlsx(x) => {
            // Streamed, so a 100,000-row sheet is refused at row 10,021 rather than read whole.
            let mut reader = x.worksheet_cells_reader(&sheet_name).map_err(|e| SheetError::Corrupt(Damage::Reader(e.to_string())))?;
            let dim = reader.dimensions();
            if (dim.end.0.saturating_sub(dim.start.0) as usize) >= READ_ROWS {
                return Err(SheetError::TooManyRows);
            }
            while let Some(c) = reader.next_cell().map_err(|e| SheetError::Corrupt(Damage::Reader(e.to_string())))? {
                put(&mut rows, c.get_position(), cell(&Data::from(c.get_value().clone())))?;
            }
        }
        other => {
            let range = other.worksheet_range(&sheet_name).map_err(|e| SheetError::Corrupt(Damage::Reader(e.to_string())))?;
            if range.height() >= READ_ROWS {
                return Err(SheetError::TooManyRows);
            }
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, row) in range.rows().enumerate() {
                for (c, d) in row.iter().enumerate() {
                    put(&mut rows, (r0 + r as u32, c0 + c as u32), cell(d))?;
                }
            }
        }
    }
    Ok(Book { sheets, sheet: index, rows })
}

/// Whether the bytes are a readable zip (so a workbook error means "not a workbook", not
/// "damaged"): its central directory's end record is present.
fn zip_lists(bytes: &[u8]) -> bool {
    bytes.len() > 22 && bytes[bytes.len().saturating_sub(65_557)..].windows(4).any(|w| w == b"PK\x05\x06")
}

/// Writes sheets as an `.xlsx` workbook: headings bold, frozen and filterable, numbers as numbers
/// (scores with their fixed decimals), A4 landscape when printed.
///
/// Takes the sheets by value: each text goes to the writer as it is, not copied, and each row is
/// freed once written, so at 2,000 × 100 (2.2 M cells) the writer's own tables reuse that memory.
pub fn write_xlsx(sheets: Vec<Sheet>) -> Result<Vec<u8>, SheetError> {
    let mut wb = Workbook::new();
    // Deflate level 3 instead of 6: at 2,000 × 100 (2.2 M cells) the writing takes 2.5 s instead of
    // 3.8 s natively for a file 9 % larger (13.4 MB instead of 12.3 MB; level 1: 2.1 s but 20.8 MB).
    // `cargo run --release --example export_time -p kaohe-sheet` times it.
    wb.set_zip_compression_level(3);
    let head = Format::new().set_bold().set_background_color("#E8EEF5").set_text_wrap();
    let fixed: Vec<Format> = (0..=6).map(|dp| Format::new().set_num_format(if dp == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(dp)) })).collect();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).map_err(err)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(c as u16, f64::from(*w)).map_err(err)?;
        }
        let (rows, cols) = (s.rows.len(), s.rows.iter().map(Vec::len).max().unwrap_or(1).max(1));
        for (r, row) in s.rows.into_iter().enumerate() {
            let format = if r < s.header { Some(&head) } else { None };
            write_row(ws, r as u32, row, format, &fixed)?;
        }
        if s.header > 0 && rows > 0 {
            ws.set_freeze_panes(s.header as u32, 0).map_err(err)?;
            ws.autofilter(s.header as u32 - 1, 0, (rows - 1) as u32, (cols - 1) as u16).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

fn err(e: rust_xlsxwriter::XlsxError) -> SheetError {
    SheetError::Write(e.to_string())
}

/// One row's cells (`format`: the headings'; numbers with fixed decimals take `fixed[dp]`).
/// A function of its own, called once per row, not inlined into the loop over the rows: the
/// browser first runs WebAssembly with a quick baseline compiler and swaps in optimised code
/// for a function only between calls, so a loop over 2.2 M cells in one call would run all its
/// cells unoptimised on the first export (DECISIONS 78).
#[inline(never)]
fn write_row(ws: &mut Worksheet, r: u32, row: Vec<Cell>, format: Option<&Format>, fixed: &[Format]) -> Result<(), SheetError> {
    for (c, value) in row.into_iter().enumerate() {
        let c = u16::try_from(c).map_err(|_| SheetError::Write("too many columns".into()))?;
        match value {
            Cell::Empty => {}
            Cell::Text(t) => {
                match format {
                    Some(f) => ws.write_string_with_format(r, c, t, f).map_err(err)?,
                    None => ws.write_string(r, c, t).map_err(err)?,
                };
            }
            Cell::Num { v, dp } => {
                let f: f64 = v.parse().map_err(|_| SheetError::Write(format!("not a number: {v}")))?;
                match dp.and_then(|d| fixed.get(usize::from(d))) {
                    Some(fmt) => ws.write_number_with_format(r, c, f, fmt).map_err(err)?,
                    None => ws.write_number(r, c, f).map_err(err)?,
                };
            }
        }
    }
    Ok(())
}
