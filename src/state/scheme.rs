//! Scheme edits from the editor module, a new scheme, and a goal seek's values applied.

#[allow(unused_imports)]
use super::*;

/// Where a new scheme starts: a blank scheme (one group, one category, one indicator, one unit) or
/// the built-in demo — the editor module's own word for it.
pub use kaohe_core::protocol::NewFrom as Start;

/// What the user did in the module loaded on first use (`protocol::ModuleEvent`, read at the edge
/// from the JSON text it hands over) as an action: the scheme editor's edited scheme and
/// units (a document without inputs, FORMAT §1 text) with the input changes they imply, or
/// 新建方案; 目标测算's 采用; the import dialog's 应用导入. None: nothing to do (the dialog closed) or
/// a payload that does not read (never half-applied).
pub fn module_event(ev: ModuleEvent) -> Option<Action> {
    match ev {
        ModuleEvent::Doc { shell, ops } => {
            let shell = kaohe_core::parse_document(&shell).ok()?;
            Some(Action::SchemeEdited { shell: Rc::new(shell), ops })
        }
        ModuleEvent::New { from } => Some(Action::NewScheme { from }),
        ModuleEvent::Apply { cells } => {
            let cells = cells.into_iter().map(|(u, i, f, v)| Some(((u, i, f), kaohe_core::num::parse_decimal(&v)?)));
            Some(Action::Apply(cells.collect::<Option<Vec<_>>>()?))
        }
        ModuleEvent::ImportInputs { changes, vetoes } => Some(Action::ImportInputs { changes, vetoes }),
        ModuleEvent::ImportDocument { text } => Some(Action::ImportDocument(text)),
        ModuleEvent::ImportClosed => None,
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
        doc_event(&editing::shell(&f(s.scenario.document())))
    }

    fn doc_event(shell: &Document) -> Action {
        module_event(ModuleEvent::Doc { shell: kaohe_core::write_document(shell), ops: vec![] }).unwrap()
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
        let again = doc_event(&editing::shell(s.scenario.document()));
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
        let s = demo_state().reduce(module_event(ModuleEvent::New { from: Start::Blank }).unwrap());
        assert_eq!(s.scenario.document().units.len(), 1);
        assert!(s.scenario.is_baseline() && s.scenario.issues().is_empty());
        assert!(matches!(*s.base, link::Base::Data(_)));
        let s = s.reduce(module_event(ModuleEvent::New { from: Start::Demo }).unwrap());
        assert_eq!(*s.base, link::Base::Preset("demo-2023".into()));
    }

    #[test]
    fn a_module_event_that_cannot_be_read_is_no_action() {
        assert_eq!(module_event(ModuleEvent::Doc { shell: "{not json".into(), ops: vec![] }), None);
        assert_eq!(module_event(ModuleEvent::ImportClosed), None);
        assert_eq!(module_event(ModuleEvent::New { from: Start::Blank }), Some(Action::NewScheme { from: Start::Blank }));
        // 采用: every value exact decimal text, or nothing is applied.
        let cell = |v: &str| ("U08".to_string(), "E5".to_string(), "actual".to_string(), v.to_string());
        let d = rust_decimal::Decimal::new(250005, 1);
        assert_eq!(module_event(ModuleEvent::Apply { cells: vec![cell("25000.5")] }), Some(Action::Apply(vec![(("U08".into(), "E5".into(), "actual".into()), d)])));
        assert_eq!(module_event(ModuleEvent::Apply { cells: vec![cell("25000.5"), cell("两万")] }), None);
    }
}
