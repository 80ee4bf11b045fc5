//! Undo and redo: each change of the scenario is one step (more typing in the same cell extends it).

#[allow(unused_imports)]
use super::*;

/// What the step bookkeeping needs from before an action: the scenario and its baseline, whether
/// the action types into a cell (which one) or moves through the history.
pub(super) struct Before {
    scenario: Rc<Scenario>,
    baseline: *const Document,
    typing: Option<CellKey>,
    history: bool,
}

impl Before {
    pub(super) fn of(s: &AppState, action: &Action) -> Self {
        Before {
            scenario: Rc::clone(&s.scenario),
            baseline: s.scenario.baseline(),
            typing: match action {
                Action::Type(k, _) => Some(k.clone()),
                _ => None,
            },
            history: matches!(action, Action::Undo | Action::Redo),
        }
    }

    /// After the action: a changed scenario is a new undo step (unless it is more typing in the cell
    /// typed into last), and a new baseline resets what links are written over.
    pub(super) fn record(self, s: &mut AppState) {
        let Before { scenario: before, baseline, typing, history } = self;
        if !history && !Rc::ptr_eq(&before, &s.scenario) && !before.same_state(&s.scenario) {
            // A new step (an action that changed nothing is none), unless it is more typing in the
            // cell typed into last.
            if typing.is_none() || typing != s.typing {
                // Kept slim: an undo step holds the document, not its results (scored again if
                // brought back), so that 100 steps of a 2,000-unit document fit in memory.
                s.undo.push(Rc::new(before.slim()));
                if s.undo.len() > MAX_UNDO {
                    s.undo.remove(0);
                }
            }
            s.redo.clear();
        }
        s.typing = typing;
        if !std::ptr::eq(baseline, s.scenario.baseline()) {
            // A new baseline (a document imported, a link opened, or undone back): links are
            // written over it, and the view keeps to what it has.
            s.base = Rc::new(link::Base::of(s.scenario.baseline()));
            let doc = s.scenario.document();
            s.unit = s.unit.min(doc.units.len().saturating_sub(1));
            if s.group.as_ref().is_some_and(|g| !doc.scheme.groups.iter().any(|x| &x.id == g)) {
                s.group = None;
            }
        }
    }
}

/// Back one step (an edit, a paste, an import, a reset, an opened link).
pub(super) fn undo(s: &mut AppState) {
    if let Some(prev) = s.undo.pop() {
        let now = std::mem::replace(&mut s.scenario, prev);
        s.redo.push(Rc::new(now.slim()));
        s.drafts.clear();
    }
}

/// Forward again after an undo.
pub(super) fn redo(s: &mut AppState) {
    if let Some(next) = s.redo.pop() {
        let now = std::mem::replace(&mut s.scenario, next);
        s.undo.push(Rc::new(now.slim()));
        s.drafts.clear();
    }
}

#[cfg(test)]
mod undo_tests {
    use super::*;

    fn key(u: &str, i: &str, f: &str) -> CellKey {
        (u.into(), i.into(), f.into())
    }
    fn total(s: &AppState) -> String {
        s.scenario.results().unit("U08").unwrap().total.0.to_string()
    }

    #[test]
    fn typing_in_one_cell_is_one_step_and_redo_follows_undo() {
        let s = demo_state();
        assert!(s.undo.is_empty());
        // 金禾镇 E5 actual 10040 → typed "2", "25", "250", "2500", "25000": one step.
        let mut s = s;
        for t in ["2", "25", "250", "2500", "25000"] {
            s = s.reduce(Action::Type(key("U08", "E5", "actual"), t.into()));
        }
        assert_eq!(s.undo.len(), 1);
        // E5 target 25000: 6 × 10040 / 25000 = 2.41 → 6 × 25000 / 25000 = 6, +3.59: 79.33 → 82.92.
        assert_eq!(total(&s), "82.92");
        // Another cell is another step: S1 accidents 1 → 0, 4 − (1 + 2 × 0.5) = 2 → 4 − (0 + 1) = 3: +1 → 83.92.
        let s = s.reduce(Action::Leave(key("U08", "E5", "actual")));
        let s = s.reduce(Action::Type(key("U08", "S1", "accidents"), "0".into()));
        assert_eq!((s.undo.len(), total(&s).as_str()), (2, "83.92"));
        let s = s.reduce(Action::Undo);
        assert_eq!((total(&s).as_str(), s.redo.len()), ("82.92", 1));
        let s = s.reduce(Action::Undo);
        assert_eq!(total(&s), "79.33");
        assert!(s.scenario.is_baseline());
        // Nothing more to undo: the state stays.
        let s = s.reduce(Action::Undo);
        assert_eq!(total(&s), "79.33");
        let s = s.reduce(Action::Redo).reduce(Action::Redo);
        assert_eq!(total(&s), "83.92");
        // A new edit after an undo drops the redo steps.
        let s = s.reduce(Action::Undo).reduce(Action::SetVeto("U08".into(), true));
        assert!(s.redo.is_empty());
        assert_eq!(s.undo.len(), 2);
    }

    #[test]
    fn a_paste_and_a_reset_are_one_step_each_and_refusals_none() {
        let s = demo_state();
        let cols = grid_columns(s.scenario.document(), Lang::Zh);
        let c = cols.iter().position(|(i, f)| s.scenario.document().scheme.indicators[*i].id == "E5" && f.name == "actual").unwrap();
        let s = s.reduce(Action::Paste { row: 7, col: c, text: "25,000\t25,000\r\n".into() });
        assert_eq!((s.undo.len(), total(&s).as_str()), (1, "82.92"));
        let s = s.reduce(Action::Paste { row: 7, col: c, text: "x".into() });
        assert!(s.paste_error.is_some());
        assert_eq!(s.undo.len(), 1);
        // Resetting with nothing to reset is no step either.
        let s = s.reduce(Action::ResetCell(("U01".into(), "E1".into(), "actual".into())));
        assert_eq!(s.undo.len(), 1);
        let s = s.reduce(Action::ResetAll);
        assert_eq!(s.undo.len(), 2);
        let s = s.reduce(Action::ResetAll);
        assert_eq!(s.undo.len(), 2);
        let s = s.reduce(Action::Undo);
        assert_eq!(total(&s), "82.92");
    }
}
