//! 导出 Excel's writer: Kaohe's sheets straight into an xlsx package, each worksheet's XML streamed
//! into the zip as its rows are written (DECISIONS 79).
//!
//! It writes the same package, part for part and byte for byte, as rust_xlsxwriter does for the
//! same sheets (`tests/xlsx_oracle.rs` keeps rust_xlsxwriter as the oracle): the same parts in the
//! same order, the same styles, shared strings and escapes, the same zip entries at deflate level
//! 3. What it leaves out is the general machinery the export does not use: rust_xlsxwriter keeps
//! every cell in a B-tree of its own (a node, an `Arc<str>` and a SipHash per text), then formats
//! it through `write!`; at 2,000 × 100 (2.2 M cells) that was two thirds of an export's writing.
//! The one part copied in is Excel's default theme (`xlsx/theme1.xml`, as rust_xlsxwriter writes
//! it; MIT or Apache-2.0).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;

use kaohe_core::table::{column_letters, Cell, Sheet};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::SheetError;

/// Deflate level 3 instead of 6: at 2,000 × 100 the writing took 2.5 s instead of 3.8 s natively
/// (with rust_xlsxwriter) for a file 9 % larger (13.4 MB instead of 12.3 MB; level 1: 20.8 MB).
const LEVEL: i64 = 3;
/// Excel's limits: rows, columns, characters in a cell (UTF-16 units), characters in a sheet name.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
const MAX_TEXT: usize = 32_767;
/// Decimals a fixed-number format is kept for (more are shown as Excel's General).
const MAX_DP: u8 = 6;
/// Bytes of worksheet XML gathered before they go to the compressor.
const CHUNK: usize = 1 << 17;

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const THEME: &[u8] = include_bytes!("xlsx/theme1.xml");
const FONT: &str = "<sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>";

/// The sheets as an xlsx workbook, dated now.
pub fn write_xlsx(sheets: Vec<Sheet>) -> Result<Vec<u8>, SheetError> {
    write_xlsx_at(sheets, &now())
}

/// The sheets as an xlsx workbook whose properties say it was made at `created`
/// (`2026-12-01T09:30:00Z`). Each sheet: its header rows bold on a pale blue ground and wrapped,
/// frozen and filtered; numbers with fixed decimals formatted so; its column widths; landscape A4.
/// Taken by value: each text moves into the shared-strings table, each row is freed once written.
pub fn write_xlsx_at(mut sheets: Vec<Sheet>, created: &str) -> Result<Vec<u8>, SheetError> {
    if sheets.is_empty() {
        sheets.push(Sheet { name: "Sheet1".into(), rows: vec![], header: 0, widths: vec![] });
    }
    let mut seen: Vec<String> = Vec::new();
    for s in &sheets {
        check_name(&s.name, &seen)?;
        seen.push(s.name.to_lowercase());
    }
    let plans: Vec<Plan> = sheets.iter().map(plan).collect::<Result<_, _>>()?;
    // Styles are numbered in the order the cells first use them, as rust_xlsxwriter does.
    let mut styles: Vec<Style> = Vec::new();
    for s in &sheets {
        for (r, row) in s.rows.iter().enumerate() {
            for cell in row {
                if let Some(style) = style_of(cell, r < s.header) {
                    if !styles.contains(&style) {
                        styles.push(style);
                    }
                }
            }
        }
    }
    let has_strings = sheets.iter().any(|s| s.rows.iter().flatten().any(|c| matches!(c, Cell::Text(t) if !t.is_empty())));

    let mut zip = Zip::new();
    zip.part("[Content_Types].xml", content_types(sheets.len(), has_strings).as_bytes())?;
    zip.part("_rels/.rels", ROOT_RELS.as_bytes())?;
    zip.part("xl/_rels/workbook.xml.rels", workbook_rels(sheets.len(), has_strings).as_bytes())?;
    zip.part("xl/theme/theme1.xml", THEME)?;
    zip.part("xl/styles.xml", styles_xml(&styles).as_bytes())?;
    zip.part("xl/workbook.xml", workbook_xml(&sheets, &plans).as_bytes())?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let mut strings = Strings::default();
    for (i, (sheet, plan)) in sheets.into_iter().zip(&plans).enumerate() {
        zip.start(&format!("xl/worksheets/sheet{}.xml", i + 1))?;
        write_sheet(&mut zip, sheet, plan, i == 0, &styles, &mut strings)?;
    }
    if has_strings {
        zip.start("xl/sharedStrings.xml")?;
        strings.write(&mut zip)?;
    }
    zip.part("docProps/core.xml", core_xml(created).as_bytes())?;
    zip.part("docProps/app.xml", app_xml(&names).as_bytes())?;
    zip.finish()
}

/// What a sheet's XML needs before its rows: the cells' extent and the filter's.
struct Plan {
    /// First row, first column, last row, last column of the cells written; `None`: no cells.
    extent: Option<(usize, usize, usize, usize)>,
    /// The widest row (cells, empty ones included).
    cols: usize,
    /// Row spans (`1:19`) per block of 16 rows.
    spans: Vec<Option<(usize, usize)>>,
}

fn plan(s: &Sheet) -> Result<Plan, SheetError> {
    if s.rows.len() > MAX_ROWS {
        return Err(SheetError::Write(format!("sheet {} has {} rows, more than Excel's {MAX_ROWS}", s.name, s.rows.len())));
    }
    let cols = s.rows.iter().map(Vec::len).max().unwrap_or(0);
    if cols > MAX_COLS {
        return Err(SheetError::Write("too many columns".into()));
    }
    let mut extent: Option<(usize, usize, usize, usize)> = None;
    let mut spans = vec![None; s.rows.len().div_ceil(16)];
    for (r, row) in s.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !written(cell, r < s.header) {
                continue;
            }
            extent = Some(match extent {
                None => (r, c, r, c),
                Some((r0, c0, r1, c1)) => (r0.min(r), c0.min(c), r1.max(r), c1.max(c)),
            });
            let span: &mut Option<(usize, usize)> = &mut spans[r / 16];
            *span = Some(span.map_or((c, c), |(a, b)| (a.min(c), b.max(c))));
        }
    }
    Ok(Plan { extent, cols, spans })
}

/// Whether a cell is written: empty cells are not, nor empty texts outside the header rows (a
/// header's empty text is a blank cell with the header's look).
fn written(cell: &Cell, header: bool) -> bool {
    match cell {
        Cell::Empty => false,
        Cell::Text(t) => header || !t.is_empty(),
        Cell::Num { .. } => true,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Head,
    Fixed(u8),
}

fn style_of(cell: &Cell, header: bool) -> Option<Style> {
    match cell {
        Cell::Text(_) if header => Some(Style::Head),
        Cell::Num { dp: Some(d), .. } if *d <= MAX_DP => Some(Style::Fixed(*d)),
        _ => None,
    }
}

fn check_name(name: &str, seen: &[String]) -> Result<(), SheetError> {
    let bad = name.is_empty()
        || name.chars().count() > 31
        || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
        || name.starts_with('\'')
        || name.ends_with('\'')
        || name.eq_ignore_ascii_case("history");
    if bad {
        return Err(SheetError::Write(format!("not a sheet name Excel takes: {name:?}")));
    }
    if seen.contains(&name.to_lowercase()) {
        return Err(SheetError::Write(format!("sheet name used twice: {name}")));
    }
    Ok(())
}

/// The sheet's name as a formula refers to it: quoted unless it is letters, digits, `_` and `.`
/// only, starts with neither a digit nor `.`, and could not be read as a cell (`A1`, `R1C1`).
fn quoted(name: &str) -> String {
    let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !name.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && !looks_like_cell(name);
    if plain {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// `AB12`, `R1`, `C3`, `R1C1…`: names Excel could take for a reference (quoted to be safe).
fn looks_like_cell(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let letters = upper.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = &upper[letters..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&letters) && digits > 0 && (digits == rest.len() || upper.starts_with('R') || upper.starts_with('C'))
}

fn cell_ref(r: usize, c: usize) -> String {
    format!("{}{}", column_letters(c), r + 1)
}

fn range(r0: usize, c0: usize, r1: usize, c1: usize) -> String {
    if (r0, c0) == (r1, c1) {
        cell_ref(r0, c0)
    } else {
        format!("{}:{}", cell_ref(r0, c0), cell_ref(r1, c1))
    }
}

fn absolute(r0: usize, c0: usize, r1: usize, c1: usize) -> String {
    let one = |r: usize, c: usize| format!("${}${}", column_letters(c), r + 1);
    if (r0, c0) == (r1, c1) {
        one(r0, c0)
    } else {
        format!("{}:{}", one(r0, c0), one(r1, c1))
    }
}

/// Excel's column width in characters for a width given in characters: through pixels at
/// Calibri 11's 7-pixel digit and 5 pixels of padding, as Excel stores it (`6` → `6.7109375`).
fn column_width(w: f64) -> (f64, bool) {
    let pixels: u32 = if w == 0.0 {
        0
    } else if w < 1.0 {
        (w * 12.0).round() as u32
    } else {
        (w * 7.0).round() as u32 + 5
    };
    let pixels = pixels.min(1790);
    (f64::from(pixels * 256 / 7) / 256.0, pixels != 64)
}

fn write_sheet(zip: &mut Zip, s: Sheet, plan: &Plan, first: bool, styles: &[Style], strings: &mut Strings) -> Result<(), SheetError> {
    let out = &mut zip.buf;
    out.extend_from_slice(DECLARATION.as_bytes());
    let dimension = plan.extent.map_or_else(|| "A1".to_string(), |(r0, c0, r1, c1)| range(r0, c0, r1, c1));
    let _ = write!(out, "<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><dimension ref=\"{dimension}\"/><sheetViews>");
    let selected = if first { "<sheetView tabSelected=\"1\" workbookViewId=\"0\"" } else { "<sheetView workbookViewId=\"0\"" };
    out.extend_from_slice(selected.as_bytes());
    let frozen = s.header > 0 && !s.rows.is_empty();
    if frozen {
        let _ = write!(
            out,
            "><pane ySplit=\"{}\" topLeftCell=\"{}\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView>",
            s.header,
            cell_ref(s.header, 0)
        );
    } else {
        out.extend_from_slice(b"/>");
    }
    out.extend_from_slice(b"</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
    write_cols(out, &s.widths);

    // The cells. Each column's letters and each style's attribute are made once and copied.
    let letters: Vec<String> = (0..plan.cols).map(column_letters).collect();
    let attr = |style: Style| -> Vec<u8> {
        styles.iter().position(|&x| x == style).map_or_else(Vec::new, |i| format!(" s=\"{}\"", i + 1).into_bytes())
    };
    let look = Look { head: attr(Style::Head), fixed: (0..=MAX_DP).map(|d| attr(Style::Fixed(d))).collect() };
    let (header, rows) = (s.header, s.rows);
    let last_row = rows.len().saturating_sub(1);
    if plan.extent.is_none() {
        zip.buf.extend_from_slice(b"<sheetData/>");
    } else {
        zip.buf.extend_from_slice(b"<sheetData>");
        for (r, row) in rows.into_iter().enumerate() {
            let head = r < header;
            if !row.iter().any(|c| written(c, head)) {
                continue;
            }
            write_row(&mut zip.buf, r, plan.spans[r / 16], row, head, &look, &letters, strings)?;
            if zip.buf.len() >= CHUNK {
                zip.flush()?;
            }
        }
        zip.buf.extend_from_slice(b"</sheetData>");
    }
    let out = &mut zip.buf;
    if frozen {
        let _ = write!(out, "<autoFilter ref=\"{}\"/>", range(header - 1, 0, last_row, plan.cols.max(1) - 1));
    }
    out.extend_from_slice(
        b"<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\" horizontalDpi=\"200\" verticalDpi=\"200\"/></worksheet>",
    );
    zip.flush()
}

/// The style attributes (` s="1"`) of the header's texts and of numbers with 0 to 6 decimals.
struct Look {
    head: Vec<u8>,
    fixed: Vec<Vec<u8>>,
}

fn write_cols(out: &mut Vec<u8>, widths: &[u16]) {
    if widths.is_empty() {
        return;
    }
    out.extend_from_slice(b"<cols>");
    let mut c = 0;
    while c < widths.len() {
        let mut last = c;
        while last + 1 < widths.len() && widths[last + 1] == widths[c] {
            last += 1;
        }
        let (width, custom) = column_width(f64::from(widths[c]));
        let _ = write!(out, "<col min=\"{}\" max=\"{}\" width=\"{width}\"", c + 1, last + 1);
        // Width 0 hides the column, as in Excel.
        if width == 0.0 {
            out.extend_from_slice(b" hidden=\"1\"");
        }
        out.extend_from_slice(if custom { b" customWidth=\"1\"/>" as &[u8] } else { b"/>" });
        c = last + 1;
    }
    out.extend_from_slice(b"</cols>");
}

/// One row's cells. A function of its own, called once per row: the browser first runs
/// WebAssembly with a quick baseline compiler and swaps in optimised code for a function only
/// between calls, so a loop over 2.2 M cells in one call would run all of it unoptimised on the
/// first export (DECISIONS 78).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn write_row(
    out: &mut Vec<u8>,
    r: usize,
    span: Option<(usize, usize)>,
    row: Vec<Cell>,
    head: bool,
    look: &Look,
    letters: &[String],
    strings: &mut Strings,
) -> Result<(), SheetError> {
    let mut digits = [0u8; 20];
    let num = decimal(r + 1, &mut digits);
    out.extend_from_slice(b"<row r=\"");
    out.extend_from_slice(num);
    if let Some((a, b)) = span {
        let _ = write!(out, "\" spans=\"{}:{}", a + 1, b + 1);
    }
    out.extend_from_slice(b"\">");
    let open = |out: &mut Vec<u8>, c: usize, style: &[u8]| {
        out.extend_from_slice(b"<c r=\"");
        out.extend_from_slice(letters[c].as_bytes());
        out.extend_from_slice(num);
        out.push(b'"');
        out.extend_from_slice(style);
    };
    let text_style: &[u8] = if head { &look.head } else { b"" };
    for (c, value) in row.into_iter().enumerate() {
        match value {
            Cell::Empty => {}
            Cell::Text(t) if t.is_empty() => {
                if head {
                    open(out, c, text_style);
                    out.extend_from_slice(b"/>");
                }
            }
            Cell::Text(t) => {
                if t.len() > MAX_TEXT && t.chars().map(char::len_utf16).sum::<usize>() > MAX_TEXT {
                    let at = format!("{}{}", letters[c], r + 1);
                    return Err(SheetError::Write(format!("cell {at} holds more than {MAX_TEXT} characters")));
                }
                open(out, c, text_style);
                out.extend_from_slice(b" t=\"s\"><v>");
                let mut id = [0u8; 20];
                out.extend_from_slice(decimal(strings.id(t), &mut id));
                out.extend_from_slice(b"</v></c>");
            }
            Cell::Num { v, dp } => {
                let f: f64 = v.parse().map_err(|_| SheetError::Write(format!("not a number: {v}")))?;
                if !f.is_finite() {
                    return Err(SheetError::Write(format!("not a finite number: {v}")));
                }
                let style: &[u8] = dp.and_then(|d| look.fixed.get(usize::from(d))).map_or(b"", Vec::as_slice);
                open(out, c, style);
                out.extend_from_slice(b"><v>");
                let _ = write!(out, "{f}");
                out.extend_from_slice(b"</v></c>");
            }
        }
    }
    out.extend_from_slice(b"</row>");
    Ok(())
}

/// `n` in decimal digits, written into the end of `buf`.
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// The shared-strings table: each distinct text once, numbered in the order first written.
#[derive(Default)]
struct Strings {
    ids: HashMap<String, usize, BuildHasherDefault<Fx>>,
    /// Texts written, repeats included (the table's `count`).
    count: usize,
}

impl Strings {
    fn id(&mut self, t: String) -> usize {
        self.count += 1;
        let next = self.ids.len();
        *self.ids.entry(t).or_insert(next)
    }

    fn write(self, zip: &mut Zip) -> Result<(), SheetError> {
        let mut texts: Vec<Option<String>> = vec![None; self.ids.len()];
        for (t, i) in self.ids {
            texts[i] = Some(t);
        }
        let _ = write!(zip.buf, "{DECLARATION}<sst xmlns=\"{MAIN_NS}\" count=\"{}\" uniqueCount=\"{}\">", self.count, texts.len());
        for t in texts.into_iter().flatten() {
            let ws = [' ', '\t', '\n'];
            let preserve = t.starts_with(ws) || t.ends_with(ws);
            zip.buf.extend_from_slice(if preserve { b"<si><t xml:space=\"preserve\">" as &[u8] } else { b"<si><t>" });
            escape_text(&mut zip.buf, &t);
            zip.buf.extend_from_slice(b"</t></si>");
            if zip.buf.len() >= CHUNK {
                zip.flush()?;
            }
        }
        zip.buf.extend_from_slice(b"</sst>");
        zip.flush()
    }
}

/// FxHash (rustc's): a multiply and a rotate per eight bytes. The texts are the user's own, on
/// the user's machine, so a hash that resists crafted collisions buys nothing here.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ (rest.len() as u64) << 56);
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Text as element content, as Excel writes it: `&`, `<`, `>` escaped; control characters (but
/// tab and line feed) and U+FFFE/U+FFFF as `_xHHHH_`; and a literal `_xHHHH_` in the text
/// protected as `_x005F_xHHHH_`, so that it reads back as itself.
fn escape_text(out: &mut Vec<u8>, t: &str) {
    let plain = !t.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'_') || (b < 0x20 && b != b'\t' && b != b'\n'))
        && !t.contains(['\u{FFFE}', '\u{FFFF}']);
    if plain {
        out.extend_from_slice(t.as_bytes());
        return;
    }
    let bytes = t.as_bytes();
    for (i, ch) in t.char_indices() {
        match ch {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '\t' | '\n' => out.push(ch as u8),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "_x{:04X}_", ch as u32);
            }
            '_' => {
                let escape = bytes.len() >= i + 7
                    && bytes[i + 1] == b'x'
                    && bytes[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
                    && bytes[i + 6] == b'_';
                out.extend_from_slice(if escape { b"_x005F_" as &[u8] } else { b"_" });
            }
            _ => {
                let mut b = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
            }
        }
    }
}

/// Text in an attribute: `&`, `"`, `<`, `>` and line feeds escaped.
fn escape_attr(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for ch in t.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#xA;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The zip being written, and the part's XML not yet handed to the compressor.
struct Zip {
    zip: ZipWriter<StreamWriter<Vec<u8>>>,
    buf: Vec<u8>,
}

impl Zip {
    fn new() -> Zip {
        Zip { zip: ZipWriter::new_stream(Vec::new()), buf: Vec::with_capacity(CHUNK + (1 << 12)) }
    }

    fn options() -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(LEVEL))
            .unix_permissions(0o600)
            .last_modified_time(DateTime::default())
            .large_file(false)
    }

    fn start(&mut self, name: &str) -> Result<(), SheetError> {
        self.zip.start_file(name, Self::options()).map_err(zip_err)
    }

    fn part(&mut self, name: &str, bytes: &[u8]) -> Result<(), SheetError> {
        self.start(name)?;
        self.zip.write_all(bytes).map_err(io_err)
    }

    fn flush(&mut self) -> Result<(), SheetError> {
        self.zip.write_all(&self.buf).map_err(io_err)?;
        self.buf.clear();
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, SheetError> {
        Ok(self.zip.finish().map_err(zip_err)?.into_inner())
    }
}

fn zip_err(e: zip::result::ZipError) -> SheetError {
    SheetError::Write(e.to_string())
}

fn io_err(e: std::io::Error) -> SheetError {
    SheetError::Write(e.to_string())
}

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "</Relationships>"
);

fn content_types(sheets: usize, strings: bool) -> String {
    let ct = "application/vnd.openxmlformats-officedocument";
    let mut x = format!(
        "{DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"{ct}.extended-properties+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"{ct}.spreadsheetml.styles+xml\"/><Override PartName=\"/xl/theme/theme1.xml\" ContentType=\"{ct}.theme+xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"{ct}.spreadsheetml.sheet.main+xml\"/>"
    );
    for i in 1..=sheets {
        x += &format!("<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"{ct}.spreadsheetml.worksheet+xml\"/>");
    }
    if strings {
        x += &format!("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"{ct}.spreadsheetml.sharedStrings+xml\"/>");
    }
    x + "</Types>"
}

fn workbook_rels(sheets: usize, strings: bool) -> String {
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut x = format!("{DECLARATION}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for i in 1..=sheets {
        x += &format!("<Relationship Id=\"rId{i}\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
    }
    x += &format!("<Relationship Id=\"rId{}\" Type=\"{rel}/theme\" Target=\"theme/theme1.xml\"/>", sheets + 1);
    x += &format!("<Relationship Id=\"rId{}\" Type=\"{rel}/styles\" Target=\"styles.xml\"/>", sheets + 2);
    if strings {
        x += &format!("<Relationship Id=\"rId{}\" Type=\"{rel}/sharedStrings\" Target=\"sharedStrings.xml\"/>", sheets + 3);
    }
    x + "</Relationships>"
}

fn styles_xml(styles: &[Style]) -> String {
    let mut x = format!("{DECLARATION}<styleSheet xmlns=\"{MAIN_NS}\">");
    let formats: Vec<u8> = styles.iter().filter_map(|s| if let Style::Fixed(d) = s { Some(*d) } else { None }).collect();
    let code = |d: u8| if d == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(usize::from(d))) };
    if !formats.is_empty() {
        x += &format!("<numFmts count=\"{}\">", formats.len());
        for (i, d) in formats.iter().enumerate() {
            x += &format!("<numFmt numFmtId=\"{}\" formatCode=\"{}\"/>", 164 + i, code(*d));
        }
        x += "</numFmts>";
    }
    let head = styles.contains(&Style::Head);
    x += &format!("<fonts count=\"{}\"><font>{FONT}", if head { 2 } else { 1 });
    if head {
        x += &format!("<font><b/>{FONT}");
    }
    x += &format!("</fonts><fills count=\"{}\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>", if head { 3 } else { 2 });
    if head {
        x += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE8EEF5\"/><bgColor indexed=\"64\"/></patternFill></fill>";
    }
    x += "</fills><borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>";
    x += &format!("<cellXfs count=\"{}\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>", styles.len() + 1);
    for s in styles {
        match s {
            Style::Head => x += "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyAlignment=\"1\"><alignment wrapText=\"1\"/></xf>",
            Style::Fixed(d) => {
                let id = 164 + formats.iter().position(|f| f == d).unwrap_or(0);
                x += &format!("<xf numFmtId=\"{id}\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>");
            }
        }
    }
    x + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles><dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>"
}

fn workbook_xml(sheets: &[Sheet], plans: &[Plan]) -> String {
    let mut x = format!(
        "{DECLARATION}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><fileVersion appName=\"xl\" lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/><workbookPr defaultThemeVersion=\"124226\"/><bookViews><workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>"
    );
    let mut filters: Vec<(String, usize)> = Vec::new();
    for (i, (s, p)) in sheets.iter().zip(plans).enumerate() {
        x += &format!("<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>", escape_attr(&s.name), i + 1, i + 1);
        if s.header > 0 && !s.rows.is_empty() {
            let area = absolute(s.header - 1, 0, s.rows.len() - 1, p.cols.max(1) - 1);
            filters.push((format!("{}!{area}", quoted(&s.name)), i));
        }
    }
    x += "</sheets>";
    if !filters.is_empty() {
        filters.sort();
        x += "<definedNames>";
        for (area, i) in filters {
            x += &format!("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">{}</definedName>", escape_data(&area));
        }
        x += "</definedNames>";
    }
    x + "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>"
}

fn escape_data(t: &str) -> String {
    let mut out = Vec::new();
    escape_text(&mut out, t);
    String::from_utf8(out).unwrap_or_default()
}

fn core_xml(created: &str) -> String {
    let created = escape_data(created);
    format!(
        "{DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy><dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:modified></cp:coreProperties>"
    )
}

fn app_xml(names: &[String]) -> String {
    let vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
    let mut x = format!(
        "{DECLARATION}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"{vt}\"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>{}</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size=\"{}\" baseType=\"lpstr\">",
        names.len(),
        names.len()
    );
    for n in names {
        x += &format!("<vt:lpstr>{}</vt:lpstr>", escape_data(n));
    }
    x + "</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
}

/// Now, UTC, to the second (`2026-12-01T09:30:00Z`): in the browser from its clock.
#[cfg(target_arch = "wasm32")]
fn now() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    match iso.split_once('.') {
        Some((seconds, _)) => format!("{seconds}Z"),
        None => iso,
    }
}

/// Now, UTC, to the second (`2026-12-01T09:30:00Z`).
#[cfg(not(target_arch = "wasm32"))]
fn now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3_600, rest / 60 % 60, rest % 60)
}
