//! Spreadsheet files for Kaohe: reads `.xlsx` (also `.xls`, `.xlsb`, `.ods`) with calamine and
//! `.csv` (UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030 as Chinese Excel writes it) with
//! csv and encoding_rs; writes `.xlsx` with a writer of its own (`xlsx.rs`, checked byte for byte
//! against rust_xlsxwriter in `tests/xlsx_oracle.rs`). What the tables mean is decided in
//! `kaohe_core::table`; this crate only turns bytes into cells and cells into bytes. In the browser
//! it runs in a worker loaded on first use (see `src/bin/sheet_worker.rs` of the app), so the
//! first page load does not carry it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::io::Cursor;

use calamine::{Data, Reader};
use kaohe_core::table::{Book, Cell};

pub use kaohe_core::table::{Damage, SheetError, READ_ROWS};
pub use xlsx::{write_xlsx, write_xlsx_at};

mod xlsx;

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
