//! A block pasted into the input grid from Excel or WPS: every cell checked, then one step.

#[allow(unused_imports)]
use super::*;

pub use kaohe_core::table::grid_columns;

/// The most cells one paste may hold.
pub const MAX_PASTE_CELLS: usize = 100_000;

/// A tab-separated block as Excel and WPS copy it: rows by line (CR LF or LF, a final line break
/// dropped), cells by tab.
pub fn parse_block(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n').map(|line| line.trim_end_matches('\r').split('\t').map(str::to_string).collect()).collect()
}

/// Text pasted at (row, col): applied as one step, or refused whole with the reason.
pub(super) fn paste_action(s: &mut AppState, row: usize, col: usize, text: &str) {
    s.paste_error = paste(s, row, col, text).err();
    if s.paste_error.is_none() {
        s.drafts.clear();
    }
}

/// A paste at (row, col): every cell checked before anything changes; then one step.
fn paste(s: &mut AppState, row: usize, col: usize, text: &str) -> Result<(), Problem> {
    let block = parse_block(text);
    let (rows, cols) = (block.len(), block.iter().map(Vec::len).max().unwrap_or(0));
    if rows == 0 {
        return Ok(());
    }
    if rows.saturating_mul(cols) > MAX_PASTE_CELLS {
        return Err(Problem::PasteTooLarge { rows, cols });
    }
    let doc = s.scenario.document();
    let columns = grid_columns(doc, s.lang);
    let (fit_rows, fit_cols) = (doc.units.len().saturating_sub(row), columns.len().saturating_sub(col));
    if rows > fit_rows || cols > fit_cols {
        return Err(Problem::PasteTooBig { rows, cols, fit_rows, fit_cols });
    }
    let mut cells = Vec::with_capacity(rows * cols);
    for (r, line) in block.iter().enumerate() {
        let unit = &doc.units[row + r];
        for (c, cell) in line.iter().enumerate() {
            let (i, field) = &columns[col + c];
            let ind = &doc.scheme.indicators[*i];
            let value = parse_entry(cell, field.percent).map_err(|error| Problem::PasteEntry {
                unit: unit.name.clone(),
                indicator: ind.name.clone(),
                field: field.label.clone(),
                error,
            })?;
            cells.push(((unit.id.clone(), ind.id.clone(), field.name.clone()), value));
        }
    }
    if Rc::make_mut(&mut s.scenario).set_many(&cells) {
        Ok(())
    } else {
        Err(Problem::PasteUnscorable)
    }
}

#[cfg(test)]
mod paste_tests {
    use super::*;

    #[test]
    fn blocks_as_excel_copies_them() {
        assert_eq!(parse_block("1,000\t2\r\n3\t4\r\n"), vec![vec!["1,000", "2"], vec!["3", "4"]]);
        assert_eq!(parse_block("7\n"), vec![vec!["7"]]);
        assert!(parse_block("").is_empty());
    }

    #[test]
    fn a_paste_fills_the_rectangle_or_changes_nothing() {
        let s = demo_state();
        let cols = grid_columns(s.scenario.document(), Lang::Zh);
        // 金禾镇 is row 7; find E5 实际完成 (固定资产投资) and paste "25,000<TAB>25,000" (actual, target).
        let c = cols.iter().position(|(i, f)| s.scenario.document().scheme.indicators[*i].id == "E5" && f.name == "actual").unwrap();
        let s = s.reduce(Action::Paste { row: 7, col: c, text: "25,000\t25,000\r\n".into() });
        assert_eq!(s.paste_error, None);
        // E5 6 × 25000/25000 = 6 (+3.59) → 82.92.
        assert_eq!(s.scenario.results().unit("U08").unwrap().total.0.to_string(), "82.92");
        let before = s.scenario.results().clone();
        // A bad cell anywhere refuses the whole paste, naming the cell.
        let s = s.reduce(Action::Paste { row: 7, col: c, text: "1\t2\nabc\t4".into() });
        assert_eq!(s.scenario.results(), &before);
        assert!(s.paste_error.as_ref().map(|p| p.text(s.lang)).is_some_and(|m| m.starts_with("常乐镇 固定资产投资 实际完成：“abc”不是数字")), "{:?}", s.paste_error);
        // Too many rows from the last unit.
        let s = s.reduce(Action::Paste { row: 11, col: 0, text: "1\n2".into() });
        assert!(s.paste_error.as_ref().map(|p| p.text(s.lang)).is_some_and(|m| m.contains("超出表格")), "{:?}", s.paste_error);
        assert_eq!(s.scenario.results(), &before);
    }
}
