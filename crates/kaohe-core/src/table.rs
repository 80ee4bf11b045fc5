//! Spreadsheets in and out (issue 5), as plain tables: what the 结果/明细/输入 sheets and the CSV
//! hold, the input template's layout, and reading a filled template back into input changes with
//! every problem placed at its row and column. Pure: the xlsx/csv bytes are read and written by
//! `kaohe-sheet` (in the browser, a worker loaded on first use); this module decides what they mean.
//!
//! The input template: one header row, then one row per unit. Columns 单位编号, 单位名称, 考核单元,
//! 一票否决, then one column per input field, category by category and indicator by indicator as
//! in the input grid, headed `<indicator id> <indicator name>·<field label>（<unit of measure>）`,
//! e.g. `E2 招商引资·实际完成（万元）`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::input::{input_fields, parse_entry, EntryError, FieldSpec};
use crate::model::{Document, Indicator};
use crate::num::{parse_decimal, show_dp};
use crate::results::Results;
use crate::scenario::CellKey;
use crate::Lang;

/// One spreadsheet cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// A number, as exact decimal text; `dp` fixes the decimals shown (xlsx number format).
    Num {
        /// The number (`79.33`, `15573.8`, `-2`).
        v: String,
        /// Decimals shown, when fixed.
        dp: Option<u8>,
    },
    /// Text (also a number stored as text, as CSV cells always are).
    Text(String),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    /// A number shown with `dp` decimals.
    pub fn fixed(v: Decimal, dp: u32) -> Cell {
        Cell::Num { v: show_dp(v, dp), dp: u8::try_from(dp).ok() }
    }
    /// A number shown as it is.
    pub fn num(v: Decimal) -> Cell {
        Cell::Num { v: v.normalize().to_string(), dp: None }
    }
    /// The cell as text (what a CSV holds).
    pub fn shown(&self) -> &str {
        match self {
            Cell::Empty => "",
            Cell::Num { v, .. } => v,
            Cell::Text(t) => t,
        }
    }
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Num { .. } => false,
        }
    }
}

/// One sheet of a workbook to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's tab name.
    pub name: String,
    /// Rows of cells; the first `header` rows are headings (bold, frozen).
    pub rows: Vec<Vec<Cell>>,
    /// How many heading rows.
    pub header: usize,
    /// Column widths in characters.
    pub widths: Vec<u16>,
}

/// A sheet as read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    /// Every sheet's name (one, `CSV`, for a CSV file).
    pub sheets: Vec<String>,
    /// Which sheet `rows` holds.
    pub sheet: usize,
    /// Its rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The most data rows a file may hold (a county has dozens of units; generated test documents up
/// to 5,000).
pub const MAX_ROWS: usize = 10_000;

/// The input grid's and template's fields: category by category, indicator by indicator, field by
/// field (indicator index in the scheme, field).
pub fn grid_columns(doc: &Document, lang: Lang) -> Vec<(usize, FieldSpec)> {
    let mut out = Vec::new();
    for cat in &doc.scheme.categories {
        for (i, ind) in doc.scheme.indicators.iter().enumerate().filter(|(_, i)| i.category == cat.id) {
            out.extend(input_fields(ind, lang).into_iter().map(|f| (i, f)));
        }
    }
    out
}

const ID: &str = "单位编号";
const NAME: &str = "单位名称";
const GROUP: &str = "考核单元";
const VETO: &str = "一票否决";

/// The template's heading of one field column, e.g. `E2 招商引资·实际完成（万元）`.
pub fn field_header(doc: &Document, indicator: usize, field: &FieldSpec) -> String {
    let ind = &doc.scheme.indicators[indicator];
    let uom = match ind.uom.as_deref().map(str::trim) {
        Some(u) if !u.is_empty() && !matches!(field.name.as_str(), "count" | "done") && ind.metric.required_fields().contains(&field.name.as_str()) => format!("（{u}）"),
        _ => String::new(),
    };
    format!("{} {}·{}{uom}", ind.id, ind.name, field.label)
}

fn group_name(doc: &Document, id: &str) -> String {
    doc.scheme.groups.iter().find(|g| g.id == id).map_or_else(|| id.to_string(), |g| g.name.clone())
}

/// The 输入 sheet: the template with the document's inputs (or, `empty`, only the units).
pub fn inputs_sheet(doc: &Document, empty: bool) -> Sheet {
    let cols = grid_columns(doc, Lang::Zh);
    let mut head: Vec<Cell> = [ID, NAME, GROUP, VETO].into_iter().map(Cell::text).collect();
    head.extend(cols.iter().map(|(i, f)| Cell::text(field_header(doc, *i, f))));
    let mut rows = vec![head];
    for u in &doc.units {
        let inputs = doc.inputs.get(&u.id);
        let veto = inputs.is_some_and(|r| r.veto);
        let mut row = vec![
            Cell::text(&u.id),
            Cell::text(&u.name),
            Cell::text(group_name(doc, &u.group)),
            if empty { Cell::Empty } else { Cell::text(if veto { "是" } else { "否" }) },
        ];
        row.extend(cols.iter().map(|(i, f)| {
            let id = &doc.scheme.indicators[*i].id;
            match inputs.and_then(|r| r.field(id, &f.name)) {
                Some(n) if !empty => Cell::num(n.0),
                _ => Cell::Empty,
            }
        }));
        rows.push(row);
    }
    let mut widths = vec![10, 14, 12, 9];
    widths.extend(cols.iter().map(|(i, f)| (field_header(doc, *i, f).chars().count() as u16 + 4).clamp(12, 40)));
    Sheet { name: "输入".into(), rows, header: 1, widths }
}

/// The 结果 sheet: one row per unit in rank order (the columns of `results::layout`, with the
/// rank, id, name, group and group rank before and the award, recognitions and veto after).
pub fn results_sheet(doc: &Document, r: &Results) -> Sheet {
    use crate::results::layout;
    let dp = doc.scheme.rounding.dp;
    let mut head: Vec<Cell> = ["排名", ID, NAME, GROUP, "单元内排名"].into_iter().map(Cell::text).collect();
    head.extend(layout::figure_headings(doc, crate::Lang::Zh).iter().map(Cell::text));
    head.extend(["奖项", "突出单位", VETO].into_iter().map(Cell::text));
    let mut rows = vec![head];
    for u in r.in_rank_order() {
        let mut row = vec![
            Cell::num(u.rank.into()),
            Cell::text(&u.id),
            Cell::text(&u.name),
            Cell::text(layout::group_name(doc, &u.group)),
            Cell::num(u.group_rank.into()),
        ];
        row.extend(layout::figures(u).into_iter().map(|n| Cell::fixed(n, dp)));
        row.push(Cell::text(u.award.clone().unwrap_or_default()));
        row.push(Cell::text(layout::recognition_names(doc, u).join("、")));
        row.push(Cell::text(if u.vetoed { "是" } else { "" }));
        rows.push(row);
    }
    let mut widths = vec![6, 10, 14, 12, 10];
    widths.extend(doc.scheme.categories.iter().map(|c| (c.name.chars().count() as u16 * 2 + 4).max(10)));
    widths.extend([10, 8, 8, 10, 10, 30, 9]);
    Sheet { name: "结果".into(), rows, header: 1, widths }
}

/// The 明细 sheet: every indicator score of every unit with its explanation (rendered in `r`).
pub fn details_sheet(doc: &Document, r: &Results) -> Sheet {
    let dp = doc.scheme.rounding.dp;
    let head = ["单位编号", "单位名称", "类别", "指标编号", "指标", "满分", "得分", "指标排名", "计分说明"];
    let mut rows = Vec::with_capacity(1 + r.units.len() * doc.scheme.indicators.len());
    rows.push(head.into_iter().map(Cell::text).collect::<Vec<_>>());
    // Indicators by category, in scheme order within each, with their full marks as cells: worked
    // out once, not for each of (at 2,000 × 100) 200,000 rows.
    let order: Vec<(usize, &str, &Indicator, Cell)> = doc
        .scheme
        .categories
        .iter()
        .flat_map(|cat| {
            doc.scheme.indicators.iter().enumerate().filter(move |(_, i)| i.category == cat.id).map(move |(k, ind)| {
                (k, cat.name.as_str(), ind, ind.full.map_or(Cell::Empty, |f| Cell::num(f.0)))
            })
        })
        .collect();
    for u in &r.units {
        for (k, cat_name, ind, full) in &order {
            // Results list indicators in scheme order; looked up by id should they not.
            let ir = match u.indicators.get(*k) {
                Some(ir) if u.keys.indicator(*k) == ind.id => ir,
                _ => match u.indicator(&ind.id) {
                    Some(ir) => ir,
                    None => continue,
                },
            };
            rows.push(vec![
                Cell::text(&u.id),
                Cell::text(&u.name),
                Cell::text(*cat_name),
                Cell::text(&ind.id),
                Cell::text(&ind.name),
                full.clone(),
                ir.score.map_or_else(|| Cell::text("不考核"), |s| Cell::fixed(s.0, dp)),
                ir.rank.map_or(Cell::Empty, |k| Cell::Num { v: k.to_string(), dp: None }),
                Cell::text(&ir.explain),
            ]);
        }
    }
    Sheet { name: "明细".into(), rows, header: 1, widths: vec![10, 14, 12, 8, 22, 8, 8, 9, 90] }
}

/// The results workbook: 结果, 明细 and 输入 (explanations in Chinese).
pub fn results_workbook(doc: &Document, results: &Results) -> Vec<Sheet> {
    let mut r = results.clone();
    r.render_explanations(doc, Lang::Zh);
    explained_workbook(doc, &r)
}

/// As [`results_workbook`], for results whose explanations are already in words (Chinese:
/// `evaluate_explained(doc, Lang::Zh)`).
pub fn explained_workbook(doc: &Document, results: &Results) -> Vec<Sheet> {
    vec![results_sheet(doc, results), details_sheet(doc, results), inputs_sheet(doc, false)]
}

/// A sheet as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Chinese correctly), CRLF
/// line ends, fields quoted when they hold a comma, quote or line break.
pub fn to_csv(sheet: &Sheet) -> String {
    let mut out = String::from('\u{feff}');
    for row in &sheet.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|c| {
                let t = c.shown();
                if t.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", t.replace('"', "\"\""))
                } else {
                    t.to_string()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A problem in an imported file, at its row (1-based, as the spreadsheet numbers them) and column
/// (0-based; shown as a letter). Typed: the app keeps it and says it in the language shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Spreadsheet row (1 = the first), if the problem has one.
    pub row: Option<usize>,
    /// Column (0 = A), if the problem has one.
    pub col: Option<usize>,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong with a filled template (the English words are `Display`; `text` says either).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// No cell has anything in it.
    #[error("the sheet is empty")]
    Empty,
    /// None of the first 20 rows names a unit column.
    #[error("no header row: none of the first 20 rows has a 单位编号 or 单位名称 column; use the template")]
    NoHeader,
    /// More data rows than `MAX_ROWS`.
    #[error("the file has {rows} data rows, more than {MAX_ROWS}")]
    TooManyRows {
        /// Data rows under the header.
        rows: usize,
    },
    /// A heading written twice.
    #[error("column “{text}” repeats column {}", column_letters(*first))]
    RepeatedColumn {
        /// The heading.
        text: String,
        /// Where it first is.
        first: usize,
    },
    /// A heading naming an indicator of the scheme but a field it lacks.
    #[error("column “{text}”: indicator {indicator} has no such field")]
    NoSuchField {
        /// The heading.
        text: String,
        /// The indicator's id.
        indicator: String,
        /// Its name.
        name: String,
        /// Its columns as the template heads them (`“E1 …·实际完成（万元）”、…`).
        columns: String,
    },
    /// A heading that is no field of the scheme.
    #[error("column “{text}” is not an indicator field of this scheme")]
    UnknownColumn {
        /// The heading.
        text: String,
    },
    /// A header without any field column.
    #[error("the header names no indicator field")]
    NoFields,
    /// An id and a name of two different units on one row.
    #[error("unit {id} is “{name}”, but this row names “{written}”")]
    NameMismatch {
        /// The id written.
        id: String,
        /// That unit's name.
        name: String,
        /// The name written.
        written: String,
    },
    /// An id no unit has.
    #[error("unknown unit id “{id}”")]
    UnknownId {
        /// The id written.
        id: String,
    },
    /// A name no unit has.
    #[error("unknown unit “{name}”")]
    UnknownName {
        /// The name written.
        name: String,
    },
    /// Data without a unit.
    #[error("this row has data but no unit")]
    NoUnit,
    /// A unit on two rows.
    #[error("unit “{name}” repeats row {first}")]
    RepeatedUnit {
        /// The unit's name.
        name: String,
        /// The row it first is on.
        first: usize,
    },
    /// A 一票否决 cell that is neither yes nor no.
    #[error("veto must be 是 or 否, not “{text}”")]
    BadVeto {
        /// What the cell says.
        text: String,
    },
    /// A field's cell that is not a number.
    #[error("{unit} {indicator}·{field}: {}", error.message(Lang::En))]
    BadEntry {
        /// The unit's name.
        unit: String,
        /// The indicator's name.
        indicator: String,
        /// The field's label.
        field: String,
        /// Why it is not a number.
        error: EntryError,
    },
    /// A header and nothing under it.
    #[error("no unit rows under the header")]
    NoRows,
}

/// Something worth knowing about an import that does not stop it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    /// Headings were wrong: how the template heads a column.
    #[error("column headings must be those of the exported template, such as “{example}”")]
    Headings {
        /// The template's first field heading.
        example: String,
    },
    /// Units the file does not list.
    #[error("{} units are not in the file and stay as they are: {}", units.len(), units.join(", "))]
    Absent {
        /// Their names.
        units: Vec<String>,
    },
    /// A percentage column whose values all look like fractions.
    #[error("column {} is a percentage (95 means 95%) but every value is at most 1: check they are not fractions", column_letters(*col))]
    Fractions {
        /// The column.
        col: usize,
    },
}

impl ProblemKind {
    /// What is wrong, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ProblemKind::Empty => "表格是空的：没有标题行，也没有数据".into(),
            ProblemKind::NoHeader => format!("找不到标题行：前 20 行都没有“{ID}”或“{NAME}”列。请使用本页“下载空白模板”导出的格式"),
            ProblemKind::TooManyRows { rows } => format!("文件有 {rows} 行数据，超过上限 {MAX_ROWS} 行；请只保留各单位的数据行"),
            ProblemKind::RepeatedColumn { text, first } => format!("列“{text}”与 {} 列重复", column_letters(*first)),
            ProblemKind::NoSuchField { text, indicator, name, columns } => {
                format!("列“{text}”：指标 {indicator} {name} 没有这一项；此指标的列为：{columns}")
            }
            ProblemKind::UnknownColumn { text } => format!("列“{text}”不是本方案的指标（未知指标或列名）"),
            ProblemKind::NoFields => "标题行没有任何指标列".into(),
            ProblemKind::NameMismatch { id, name, written } => format!("单位编号 {id} 是“{name}”，但本行名称为“{written}”"),
            ProblemKind::UnknownId { id } => format!("未知单位编号“{id}”：本方案没有这个单位"),
            ProblemKind::UnknownName { name } => format!("未知单位“{name}”：本方案没有这个单位"),
            ProblemKind::NoUnit => "本行有数据，但没有单位编号或名称".into(),
            ProblemKind::RepeatedUnit { name, first } => format!("单位“{name}”重复：第 {first} 行已有"),
            ProblemKind::BadVeto { text } => format!("一票否决应填“是”或“否”，实为“{text}”"),
            ProblemKind::BadEntry { unit, indicator, field, error } => format!("{unit} {indicator}·{field}：{}", error.message(lang)),
            ProblemKind::NoRows => "标题行下没有任何单位的数据".into(),
        }
    }
}

impl Note {
    /// The note, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Note::Headings { example } => format!("列名应与“下载空白模板”导出的一致，如“{example}”"),
            Note::Absent { units } => format!("文件中没有 {} 个单位（{}），其数据保持不变", units.len(), units.join("、")),
            Note::Fractions { col } => format!(
                "{} 列是百分比（填 95 表示 95%），但文件中的数值都不超过 1：如果是以小数存储的百分比（0.95），请改为百分数后再导入",
                column_letters(*col)
            ),
        }
    }
}

/// A spreadsheet column's letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

impl Problem {
    /// `第 5 行 F 列：…` / `row 5, column F: …`.
    pub fn text(&self, lang: Lang) -> String {
        let place = match (self.row, self.col, lang) {
            (Some(r), Some(c), Lang::Zh) => format!("第 {r} 行 {} 列：", column_letters(c)),
            (Some(r), None, Lang::Zh) => format!("第 {r} 行："),
            (None, Some(c), Lang::Zh) => format!("{} 列：", column_letters(c)),
            (Some(r), Some(c), Lang::En) => format!("row {r}, column {}: ", column_letters(c)),
            (Some(r), None, Lang::En) => format!("row {r}: "),
            (None, Some(c), Lang::En) => format!("column {}: ", column_letters(c)),
            (None, None, _) => String::new(),
        };
        format!("{place}{}", self.kind.text(lang))
    }
}

/// What importing a filled template would change, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Import {
    /// Fields whose value would change: (unit, indicator, field) → new value (None clears).
    pub changes: Vec<(CellKey, Option<Decimal>)>,
    /// Units whose 一票否决 would change.
    pub vetoes: Vec<(String, bool)>,
    /// How many unit rows the file has.
    pub units_in_file: usize,
    /// How many units would change.
    pub units_changed: usize,
    /// Units of the scheme the file does not list (left as they are).
    pub units_absent: Vec<String>,
    /// How many field columns the file has (of the template's).
    pub columns: usize,
    /// Problems: any one refuses the whole import.
    pub problems: Vec<Problem>,
    /// Things worth knowing that do not stop the import.
    pub notes: Vec<Note>,
}

impl Import {
    /// Whether the import can be applied.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Clone, Copy)]
enum Col {
    Id,
    Name,
    Group,
    Veto,
    Field(usize, usize),
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '・' | '•' | '．' => '·',
            other => other,
        })
        .collect()
}

fn is_id_header(h: &str) -> bool {
    matches!(h, "单位编号" | "编号" | "id" | "ID" | "unit_id")
}
fn is_name_header(h: &str) -> bool {
    matches!(h, "单位名称" | "单位" | "名称" | "name")
}

/// Reads a filled input template against the document the user is working on: what would change
/// and every problem, placed at its row and column. Nothing is applied here.
pub fn read_inputs(doc: &Document, rows: &[Vec<Cell>]) -> Import {
    let mut out = Import::default();
    let h = match header_row(rows) {
        Ok(h) => h,
        Err(kind) => {
            out.problems.push(Problem { row: None, col: None, kind });
            return out;
        }
    };
    let fields = grid_columns(doc, Lang::Zh);
    let cols = read_header(doc, &fields, &rows[h], h + 1, &mut out);
    let mut reader = RowReader::new(doc, &fields, &cols);
    for (r, row) in rows.iter().enumerate().skip(h + 1) {
        if !row.iter().all(Cell::is_empty) {
            reader.read(row, r + 1, &mut out);
        }
    }
    reader.finish(&mut out);
    out
}

/// The header's index: the first of the first 20 rows naming a unit column (title rows above it
/// are skipped), with at most `MAX_ROWS` rows under it.
fn header_row(rows: &[Vec<Cell>]) -> Result<usize, ProblemKind> {
    let names_a_unit = |r: &Vec<Cell>| r.iter().any(|c| {
        let t = norm(c.shown());
        is_id_header(&t) || is_name_header(&t)
    });
    let Some(h) = rows.iter().take(20).position(names_a_unit) else {
        let empty = rows.iter().all(|r| r.iter().all(Cell::is_empty));
        return Err(if empty { ProblemKind::Empty } else { ProblemKind::NoHeader });
    };
    match rows.len() - h - 1 {
        n if n > MAX_ROWS => Err(ProblemKind::TooManyRows { rows: n }),
        _ => Ok(h),
    }
}

/// What each column of the header row (spreadsheet row `line`) holds; a heading that is repeated
/// or names no field is a problem (and the note says how the template heads them).
fn read_header(doc: &Document, fields: &[(usize, FieldSpec)], row: &[Cell], line: usize, out: &mut Import) -> Vec<Option<Col>> {
    let mut cols: Vec<Option<Col>> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (c, cell) in row.iter().enumerate() {
        let text = cell.shown().trim().to_string();
        let t = norm(&text);
        if t.is_empty() {
            cols.push(None);
            continue;
        }
        if let Some(first) = seen.insert(t.clone(), c) {
            out.problems.push(Problem { row: Some(line), col: Some(c), kind: ProblemKind::RepeatedColumn { text, first } });
            cols.push(None);
            continue;
        }
        let col = heading(doc, fields, &t);
        if col.is_none() {
            out.problems.push(Problem { row: Some(line), col: Some(c), kind: unknown_heading(doc, fields, text) });
        }
        cols.push(col);
    }
    if out.problems.iter().any(|p| p.row == Some(line)) {
        out.notes.push(Note::Headings { example: fields.first().map(|(i, f)| field_header(doc, *i, f)).unwrap_or_default() });
    }
    out.columns = cols.iter().filter(|c| matches!(c, Some(Col::Field(..)))).count();
    if out.columns == 0 && !cols.iter().any(|c| matches!(c, Some(Col::Veto))) && out.problems.is_empty() {
        out.problems.push(Problem { row: Some(line), col: None, kind: ProblemKind::NoFields });
    }
    cols
}

/// The column a (normalised) heading names.
fn heading(doc: &Document, fields: &[(usize, FieldSpec)], t: &str) -> Option<Col> {
    if is_id_header(t) {
        Some(Col::Id)
    } else if is_name_header(t) {
        Some(Col::Name)
    } else if t == GROUP || t == "group" {
        Some(Col::Group)
    } else if t == VETO || t == "veto" {
        Some(Col::Veto)
    } else {
        match_field(doc, fields, t).map(|(i, f)| Col::Field(i, f))
    }
}

/// Why a heading names no column: an indicator of the scheme without that field, or nothing known.
fn unknown_heading(doc: &Document, fields: &[(usize, FieldSpec)], text: String) -> ProblemKind {
    let first = text.split(|ch: char| ch.is_whitespace() || ch == '·').next().unwrap_or("");
    match doc.scheme.indicators.iter().find(|i| i.id == first) {
        Some(ind) => ProblemKind::NoSuchField {
            indicator: ind.id.clone(),
            name: ind.name.clone(),
            columns: fields_of(doc, fields, &ind.id),
            text,
        },
        None => ProblemKind::UnknownColumn { text },
    }
}

/// Reads the unit rows under the header, one at a time.
struct RowReader<'a> {
    doc: &'a Document,
    fields: &'a [(usize, FieldSpec)],
    cols: &'a [Option<Col>],
    id_col: Option<usize>,
    name_col: Option<usize>,
    /// Unit id → the row it is on.
    units_seen: BTreeMap<String, usize>,
    units_changed: usize,
    /// Percentage column → (every value at most 1, how many values).
    percent_small: BTreeMap<usize, (bool, usize)>,
}

impl<'a> RowReader<'a> {
    fn new(doc: &'a Document, fields: &'a [(usize, FieldSpec)], cols: &'a [Option<Col>]) -> Self {
        let at = |want: fn(&Option<Col>) -> bool| cols.iter().position(want);
        let (id_col, name_col) = (at(|c| matches!(c, Some(Col::Id))), at(|c| matches!(c, Some(Col::Name))));
        RowReader { doc, fields, cols, id_col, name_col, units_seen: BTreeMap::new(), units_changed: 0, percent_small: BTreeMap::new() }
    }

    /// Spreadsheet row `line`: its unit, then each veto and field cell.
    fn read(&mut self, row: &[Cell], line: usize, out: &mut Import) {
        let unit = match self.unit(row) {
            Ok(u) => u,
            Err((col, kind)) => return out.problems.push(Problem { row: Some(line), col, kind }),
        };
        if let Some(first) = self.units_seen.insert(unit.id.clone(), line) {
            let kind = ProblemKind::RepeatedUnit { name: unit.name.clone(), first };
            return out.problems.push(Problem { row: Some(line), col: self.id_col.or(self.name_col), kind });
        }
        let mut changed = false;
        for (c, col) in self.cols.iter().enumerate() {
            let cell = row.get(c).unwrap_or(&Cell::Empty);
            let read = match col {
                Some(Col::Veto) => self.veto(unit, cell, out),
                Some(Col::Field(i, f)) => self.field(unit, (*i, *f, c), cell, out),
                _ => Ok(false),
            };
            match read {
                Ok(c) => changed |= c,
                Err(kind) => out.problems.push(Problem { row: Some(line), col: Some(c), kind }),
            }
        }
        out.units_in_file += 1;
        self.units_changed += usize::from(changed);
    }

    /// The row's unit, by id (checked against the name when both are given) or by name.
    fn unit(&self, row: &[Cell]) -> Result<&'a crate::model::Unit, (Option<usize>, ProblemKind)> {
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).map(|x| x.shown().trim().to_string()).filter(|t| !t.is_empty());
        let (id, name) = (get(self.id_col), get(self.name_col));
        let units = &self.doc.units;
        match (id, name) {
            (Some(id), name) => match units.iter().find(|u| u.id == id) {
                Some(u) => match name {
                    Some(written) if written != u.name => Err((self.name_col, ProblemKind::NameMismatch { id, name: u.name.clone(), written })),
                    _ => Ok(u),
                },
                None => Err((self.id_col, ProblemKind::UnknownId { id })),
            },
            (None, Some(name)) => units.iter().find(|u| u.name == name).ok_or((self.name_col, ProblemKind::UnknownName { name })),
            (None, None) => Err((self.id_col.or(self.name_col), ProblemKind::NoUnit)),
        }
    }

    /// A 一票否决 cell: whether it changes the unit's veto.
    fn veto(&self, unit: &crate::model::Unit, cell: &Cell, out: &mut Import) -> Result<bool, ProblemKind> {
        let t = norm(cell.shown());
        let v = match t.to_lowercase().as_str() {
            "是" | "1" | "true" | "y" | "yes" | "√" => true,
            "否" | "0" | "false" | "n" | "no" | "" => false,
            _ => return Err(ProblemKind::BadVeto { text: t }),
        };
        let changes = self.doc.inputs.get(&unit.id).is_some_and(|r| r.veto) != v;
        if changes {
            out.vetoes.push((unit.id.clone(), v));
        }
        Ok(changes)
    }

    /// A field's cell (indicator `i`, field `f` of the template, spreadsheet column `c`): whether it
    /// changes the field.
    fn field(&mut self, unit: &crate::model::Unit, (i, f, c): (usize, usize, usize), cell: &Cell, out: &mut Import) -> Result<bool, ProblemKind> {
        let (ind, field) = (&self.doc.scheme.indicators[i], &self.fields[f].1);
        let value = match cell {
            Cell::Empty => Ok(None),
            Cell::Num { v, .. } => parse_decimal(v).map(Some).ok_or_else(|| EntryError::OutOfRange(v.clone())),
            Cell::Text(t) => parse_entry(t, field.percent),
        };
        let v = value.map_err(|error| ProblemKind::BadEntry {
            unit: unit.name.clone(),
            indicator: ind.name.clone(),
            field: field.label.clone(),
            error,
        })?;
        if field.percent {
            let e = self.percent_small.entry(c).or_insert((true, 0));
            if let Some(x) = v {
                e.0 &= x.abs() <= Decimal::ONE;
                e.1 += 1;
            }
        }
        let now = self.doc.inputs.get(&unit.id).and_then(|r| r.field(&ind.id, &field.name)).map(|n| n.0);
        if now == v {
            return Ok(false);
        }
        out.changes.push(((unit.id.clone(), ind.id.clone(), field.name.clone()), v));
        Ok(true)
    }

    /// After the last row: the counts, the units the file leaves out, percentages that look like fractions.
    fn finish(self, out: &mut Import) {
        if out.units_in_file == 0 && out.problems.is_empty() {
            out.problems.push(Problem { row: None, col: None, kind: ProblemKind::NoRows });
        }
        out.units_changed = self.units_changed;
        out.units_absent = self.doc.units.iter().filter(|u| !self.units_seen.contains_key(&u.id)).map(|u| u.name.clone()).collect();
        if !out.units_absent.is_empty() && out.units_in_file > 0 {
            out.notes.push(Note::Absent { units: out.units_absent.clone() });
        }
        for (c, (small, n)) in self.percent_small {
            if small && n >= 2 {
                out.notes.push(Note::Fractions { col: c });
            }
        }
    }
}

fn fields_of(doc: &Document, fields: &[(usize, FieldSpec)], indicator: &str) -> String {
    fields
        .iter()
        .filter(|(i, _)| doc.scheme.indicators[*i].id == indicator)
        .map(|(i, f)| format!("“{}”", field_header(doc, *i, f)))
        .collect::<Vec<_>>()
        .join("、")
}

/// The field a heading names: the exact template heading, or `<id or name>·<field label or name>`
/// with or without the unit of measure.
fn match_field(doc: &Document, fields: &[(usize, FieldSpec)], t: &str) -> Option<(usize, usize)> {
    if let Some(k) = fields.iter().position(|(i, f)| norm(&field_header(doc, *i, f)) == t) {
        return Some((fields[k].0, k));
    }
    let (left, right) = t.split_once('·')?;
    let right = right.split('(').next().unwrap_or(right);
    fields.iter().enumerate().find_map(|(k, (i, f))| {
        let ind = &doc.scheme.indicators[*i];
        let who = left == norm(&ind.id) || left == norm(&ind.name) || left == norm(&format!("{}{}", ind.id, ind.name));
        (who && (right == norm(&f.label) || right == f.name)).then_some((*i, k))
    })
}

/// How many rows a spreadsheet is read to at most: the data limit plus room for title and header
/// rows. A longer file is refused without being read to its end.
pub const READ_ROWS: usize = MAX_ROWS + 21;

/// Why a file could not be read or written (said by `message` in either language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum SheetError {
    /// The file has no bytes.
    #[error("the file is empty (0 bytes)")]
    EmptyFile,
    /// Not a spreadsheet or CSV (a picture, a Word file, a PDF …): the file's name.
    #[error("“{0}” is not an Excel workbook, CSV file or .kaohe.json document")]
    WrongType(String),
    /// A spreadsheet that cannot be read (a damaged or truncated file).
    #[error("the file is damaged or not a valid workbook ({0})")]
    Corrupt(Damage),
    /// The workbook has no sheet.
    #[error("the workbook has no sheet")]
    NoSheets,
    /// No sheet of that name.
    #[error("the workbook has no sheet “{0}”")]
    NoSuchSheet(String),
    /// More rows than `READ_ROWS`.
    #[error("the file has more than {READ_ROWS} rows (at most {MAX_ROWS} data rows)")]
    TooManyRows,
    /// Writing failed; the writer's words.
    #[error("cannot write the workbook ({0})")]
    Write(String),
    /// The document cannot be scored, so there are no results to write: its first issue (with its
    /// path) in each language. (Words rather than the `Issue` itself: the issue's decoder would add
    /// 50 KB to the module every visitor loads, for an export that cannot happen while the scheme
    /// is valid.)
    #[error("{en}")]
    Unscorable {
        /// 中文.
        zh: String,
        /// English.
        en: String,
    },
    /// A request the worker could not read (a bug: the app and the worker of different builds).
    #[error("the spreadsheet component did not understand the request ({0})")]
    Request(String),
    /// The spreadsheet component could not be loaded or stopped.
    #[error("the spreadsheet component failed to load or run; reload the page and try again")]
    Failed,
}

/// What is wrong with a damaged file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Damage {
    /// Named .xlsx/.xlsm/.ods but not a zip archive.
    #[error("not a zip archive")]
    NotZip,
    /// Named .xls/.xlsb but not an Excel file.
    #[error("not an Excel file")]
    NotExcel,
    /// A cell beyond Excel's last column.
    #[error("a column beyond Excel's last")]
    ColumnOutOfRange,
    /// The reader's own words (calamine's or csv's, in English).
    #[error("{0}")]
    Reader(String),
}

impl SheetError {
    /// The message for the user.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            SheetError::EmptyFile => "文件是空的（0 字节）".into(),
            SheetError::WrongType(name) => {
                format!("“{name}”不是可导入的文件：请选择 Excel 工作簿（.xlsx/.xls）、CSV 文件（.csv）或考核文档（.kaohe.json）")
            }
            SheetError::Corrupt(why) => {
                let why = match why {
                    Damage::NotZip => "不是 zip 压缩格式",
                    Damage::NotExcel => "不是 Excel 文件格式",
                    Damage::ColumnOutOfRange => "列号超出 Excel 的范围",
                    Damage::Reader(words) => words,
                };
                format!("文件已损坏或不是有效的 Excel 工作簿，无法读取（{why}）")
            }
            SheetError::NoSheets => "工作簿中没有工作表".into(),
            SheetError::NoSuchSheet(s) => format!("工作簿中没有名为“{s}”的工作表"),
            SheetError::TooManyRows => format!("文件超过 {READ_ROWS} 行，超过上限（最多 {MAX_ROWS} 行数据）；请只保留各单位的数据行"),
            SheetError::Write(why) => format!("无法生成 Excel 文件（{why}）"),
            SheetError::Unscorable { zh, .. } => zh.clone(),
            SheetError::Request(why) => format!("表格组件无法识别请求（{why}），请刷新页面后重试"),
            SheetError::Failed => "表格组件加载或运行失败，请刷新页面后重试".into(),
        }
    }
}

/// An import as the preview dialog shows it (sent from the spreadsheet worker, `protocol`):
/// counts, changes with values as exact decimal text, and the typed problems and notes (the dialog
/// says them in the language shown).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Preview {
    /// Every sheet of the file.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: usize,
    /// Unit rows in the file.
    pub units_in_file: usize,
    /// Units that would change.
    pub units_changed: usize,
    /// Field columns recognised.
    pub columns: usize,
    /// (unit, indicator, field, new value or None to clear).
    pub changes: Vec<(String, String, String, Option<String>)>,
    /// Units whose 一票否决 would change.
    pub vetoes: Vec<(String, bool)>,
    /// Problems, placed at their row and column; any one refuses the import.
    pub problems: Vec<Problem>,
    /// Notes that do not stop the import.
    pub notes: Vec<Note>,
}

/// Reads a sheet of a file against the document into the preview the user applies or cancels.
pub fn preview(doc: &Document, book: &Book) -> Preview {
    let imp = read_inputs(doc, &book.rows);
    Preview {
        sheets: book.sheets.clone(),
        sheet: book.sheet,
        units_in_file: imp.units_in_file,
        units_changed: imp.units_changed,
        columns: imp.columns,
        changes: imp.changes.iter().map(|((u, i, f), v)| (u.clone(), i.clone(), f.clone(), v.map(|d| d.normalize().to_string()))).collect(),
        vetoes: imp.vetoes,
        problems: imp.problems,
        notes: imp.notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_errors_are_said_in_the_language_shown() {
        let e = SheetError::Corrupt(Damage::NotZip);
        assert_eq!(e.message(Lang::Zh), "文件已损坏或不是有效的 Excel 工作簿，无法读取（不是 zip 压缩格式）");
        assert_eq!(e.message(Lang::En), "the file is damaged or not a valid workbook (not a zip archive)");
        // An unscorable document's first issue, as the worker words it in each language.
        let issue = crate::Issue::new("scheme.indicators[0].full", crate::IssueKind::NegativeFull);
        let e = SheetError::Unscorable { zh: issue.text(Lang::Zh), en: issue.text(Lang::En) };
        assert!(e.message(Lang::Zh).starts_with("scheme.indicators[0].full：") && e.message(Lang::En).starts_with("scheme.indicators[0].full: "));
        assert_eq!(e.to_string(), e.message(Lang::En));
    }
}
