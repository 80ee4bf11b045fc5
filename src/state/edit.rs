//! Typing into cells and putting values back to the baseline.

#[allow(unused_imports)]
use super::*;

/// Typing in a cell: re-scored at once when it is a number; the text is kept as typed.
pub(super) fn type_into(s: &mut AppState, key: CellKey, text: String) {
    let _ = Rc::make_mut(&mut s.scenario).enter(&key.0, &key.1, &key.2, &text);
    s.drafts.insert(key, text);
}

/// Back to the baseline value of one cell.
pub(super) fn reset_cell(s: &mut AppState, key: CellKey) {
    s.drafts.remove(&key);
    Rc::make_mut(&mut s.scenario).reset_cell(&key.0, &key.1, &key.2);
}

/// Back to the baseline for one unit.
pub(super) fn reset_unit(s: &mut AppState, unit: &str) {
    s.drafts.retain(|(u, _, _), _| *u != unit);
    Rc::make_mut(&mut s.scenario).reset_unit(unit);
}

/// Back to the baseline everywhere.
pub(super) fn reset_all(s: &mut AppState) {
    s.drafts.clear();
    Rc::make_mut(&mut s.scenario).reset_all();
}
