//! Scheme edits from the editor module, a new scheme, and a goal seek's values applied.

#[allow(unused_imports)]
use super::*;

/// Where a new scheme starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A blank scheme (one group, one category, one indicator, one unit).
    Blank,
    /// The built-in demo.
    Demo,
}

/// The scheme editor module's event (`onEvent(kind, payload, ops)`) as an action: `new` with
/// `blank` or `demo`; `doc` with the edited scheme and units (a document without inputs, as JSON)
/// and the input changes it implies (JSON `[InputOp]`). None for anything it cannot read.
pub fn editor_event(kind: &str, payload: &str, ops: &str) -> Option<Action> {
    match kind {
        "new" => Some(Action::NewScheme { from: if payload == "blank" { Start::Blank } else { Start::Demo } }),
        "doc" => {
            let shell = kaohe_core::parse_document(payload).ok()?;
            let ops = serde_json::from_str(ops).ok()?;
            Some(Action::SchemeEdited { shell: Rc::new(shell), ops })
        }
        _ => None,
    }
}

/// The editor's scheme and units, with the input changes they imply, taken by the scenario's
/// document: a what-if against the baseline.
pub(super) fn edited(s: &mut AppState, shell: &Document, ops: &[editing::InputOp]) {
    let d = editing::with_scheme_of(s.scenario.document(), shell, ops);
    Rc::make_mut(&mut s.scenario).set_document(d);
}

/// Start over from a blank scheme or from the demo, as the new baseline.
pub(super) fn new_scheme(s: &mut AppState, from: Start) {
    let doc = match from {
        Start::Blank => editing::blank(Some(i64::from(this_year()))).ok(),
        Start::Demo => kaohe_core::presets::DEMO.document().ok(),
    };
    if let Some(sc) = doc.and_then(|d| Scenario::new(d).ok()) {
        s.scenario = Rc::new(sc);
        s.drafts.clear();
    }
}

/// Several field values as one what-if step (a goal seek's 采用).
pub(super) fn apply_values(s: &mut AppState, cells: Vec<(CellKey, rust_decimal::Decimal)>) {
    let cells: Vec<(CellKey, Option<rust_decimal::Decimal>)> = cells.into_iter().map(|(k, v)| (k, Some(v))).collect();
    if Rc::make_mut(&mut s.scenario).set_many(&cells) {
        for (k, _) in &cells {
            s.drafts.remove(k);
        }
    }
}

#[cfg(test)]
mod scheme_tests {
    use super::*;
    use kaohe_core::editing::{self, Item};

    fn award(s: &AppState, u: &str) -> Option<String> {
        s.scenario.results().unit(u).unwrap().award.clone()
    }

    /// What the editor module hands over after an edit: the edited scheme and units as JSON (no
    /// inputs) and no input changes.
    fn edited(s: &AppState, f: impl FnOnce(&Document) -> Document) -> Action {
        editor_event("doc", &kaohe_core::write_document(&editing::shell(&f(s.scenario.document()))), "[]").unwrap()
    }

    #[test]
    fn an_edited_scheme_is_a_what_if_with_deltas_a_link_and_an_undo_step() {
        let s = demo_state();
        let a = edited(&s, |d| editing::set_path(d, "scheme.awards.tiers[0].count", Some(serde_json::json!(4))).unwrap());
        let s = s.reduce(a);
        // 一等奖 3 → 4: 富源镇 (4th, 86.37) moves from 二等奖 to 一等奖.
        assert_eq!(award(&s, "U05").as_deref(), Some("一等奖"));
        assert_eq!(s.scenario.unit_delta("U05").unwrap().award, Some((Some("二等奖".into()), Some("一等奖".into()))));
        assert_eq!(s.undo.len(), 1);
        assert!(s.fragment().starts_with("k2-p.demo-2023._s="));
        // The same document again is no step.
        let again = editor_event("doc", &kaohe_core::write_document(&editing::shell(s.scenario.document())), "[]").unwrap();
        let s = s.reduce(again);
        assert_eq!(s.undo.len(), 1);
        let s = s.reduce(Action::Undo);
        assert_eq!(award(&s, "U05").as_deref(), Some("二等奖"));
        assert!(s.scenario.is_baseline());
    }

    #[test]
    fn removing_an_indicator_and_undo_restores_its_data() {
        let s = demo_state();
        let a = edited(&s, |d| editing::remove(d, &Item::Indicator("K1".into())));
        let s = s.reduce(a);
        assert!(s.scenario.document().inputs["U08"].cells.get("K1").is_none());
        let s = s.reduce(Action::Undo);
        assert_eq!(s.scenario.document().inputs["U08"].field("K1", "score").unwrap().0.to_string(), "92");
    }

    #[test]
    fn an_invalid_scheme_keeps_the_last_results_and_input_edits_wait() {
        let s = demo_state();
        let e7 = s.scenario.document().scheme.indicators.iter().position(|i| i.id == "E7").unwrap();
        let before = s.scenario.results().clone();
        let a = edited(&s, |d| editing::set_path(d, &format!("scheme.indicators[{e7}].method.bands[0][0]"), Some(serde_json::json!(-100))).unwrap());
        let s = s.reduce(a);
        assert_eq!(s.scenario.issues()[0].kind.zh(), "分档下限须从高到低排列");
        assert_eq!(s.scenario.results(), &before);
        // Typing meanwhile is kept; it counts once the scheme is valid.
        let s = s.reduce(Action::Type(("U08".into(), "E5".into(), "actual".into()), "25000".into()));
        assert_eq!(s.scenario.results(), &before);
        let s = s.reduce(Action::Undo).reduce(Action::Redo);
        assert_eq!(s.scenario.issues().len(), 1);
    }

    #[test]
    fn a_new_blank_scheme_starts_valid_and_the_demo_comes_back() {
        let s = demo_state().reduce(editor_event("new", "blank", "").unwrap());
        assert_eq!(s.scenario.document().units.len(), 1);
        assert!(s.scenario.is_baseline() && s.scenario.issues().is_empty());
        assert!(matches!(*s.base, link::Base::Data(_)));
        let s = s.reduce(editor_event("new", "demo", "").unwrap());
        assert_eq!(*s.base, link::Base::Preset("demo-2023".into()));
    }

    #[test]
    fn an_editor_event_that_cannot_be_read_is_no_action() {
        assert_eq!(editor_event("doc", "{not json", "[]"), None);
        assert_eq!(editor_event("doc", &kaohe_core::write_document(demo_state().scenario.document()), "not ops"), None);
        assert_eq!(editor_event("other", "", ""), None);
        assert_eq!(editor_event("new", "blank", ""), Some(Action::NewScheme { from: Start::Blank }));
    }
}
