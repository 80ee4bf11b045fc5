//! Applying an import: the import dialog (in the module loaded on first use, `kaohe-editor`'s
//! `import`) previews a file and hands back what 应用导入 applies — a spreadsheet's changes or a
//! `.kaohe.json` document — which becomes one step here, all or nothing.

#[allow(unused_imports)]
use super::*;

/// A spreadsheet's changes (value None clears) and 一票否决 changes, as one step; a value that
/// cannot be scored refuses them all.
pub(super) fn inputs(s: &mut AppState, changes: Vec<(String, String, String, Option<String>)>, vetoes: &[(String, bool)]) {
    let mut cells = Vec::with_capacity(changes.len());
    for (u, i, f, v) in changes {
        let v = match v {
            Some(t) => match kaohe_core::num::parse_decimal(&t) {
                Some(d) => Some(d),
                None => return s.io_error = Some(Problem::CannotApply),
            },
            None => None,
        };
        cells.push(((u, i, f), v));
    }
    let mut sc = (*s.scenario).clone();
    if !sc.set_many(&cells) || !vetoes.iter().all(|(u, v)| sc.set_veto(u, *v)) {
        return s.io_error = Some(Problem::CannotApply);
    }
    s.scenario = Rc::new(sc);
    s.drafts.clear();
}

/// A `.kaohe.json` document (read and checked by the dialog) becomes the baseline, as one step.
pub(super) fn document(s: &mut AppState, text: &str) {
    match kaohe_core::parse_document(text).ok().and_then(|d| Scenario::new(d).ok()) {
        Some(sc) => {
            s.scenario = Rc::new(sc);
            s.drafts.clear();
        }
        None => s.io_error = Some(Problem::CannotApply),
    }
}

#[cfg(test)]
mod import_tests {
    use super::*;

    fn total(s: &AppState, u: &str) -> String {
        s.scenario.results().unit(u).unwrap().total.0.to_string()
    }

    #[test]
    fn an_import_applies_as_one_undoable_step_or_not_at_all() {
        let s = demo_state();
        let changes = vec![("U08".to_string(), "E5".to_string(), "actual".to_string(), Some("25000".to_string()))];
        let s = s.reduce(Action::ImportInputs { changes, vetoes: vec![] });
        // E5 6 × 10040 / 25000 = 2.41 → 6 × 25000 / 25000 = 6: 79.33 + 3.59 = 82.92.
        assert_eq!(total(&s, "U08"), "82.92");
        assert_eq!(s.undo.len(), 1);
        let s = s.reduce(Action::Undo);
        assert_eq!(total(&s, "U08"), "79.33");
        // A value that is not exact decimal text, or an unknown unit: nothing changes, and it is said.
        let bad = vec![
            ("U08".to_string(), "E5".to_string(), "actual".to_string(), Some("25000".to_string())),
            ("U08".to_string(), "E1".to_string(), "actual".to_string(), Some("约两万".to_string())),
        ];
        let s = s.reduce(Action::ImportInputs { changes: bad, vetoes: vec![] });
        assert_eq!(total(&s, "U08"), "79.33");
        assert_eq!(s.io_error.as_ref().map(|e| e.text(Lang::Zh)).as_deref(), Some("无法应用：数据无法计分，未作任何修改"));
        let s = s.reduce(Action::ImportInputs { changes: vec![], vetoes: vec![("U99".into(), true)] });
        assert_eq!(total(&s, "U08"), "79.33");
        // A veto alone is a step too.
        let s = s.reduce(Action::IoError(None)).reduce(Action::ImportInputs { changes: vec![], vetoes: vec![("U08".into(), true)] });
        assert!(s.io_error.is_none() && s.scenario.results().unit("U08").unwrap().vetoed);
    }

    #[test]
    fn a_document_becomes_the_baseline_and_undo_brings_the_demo_back() {
        let s = demo_state();
        assert_eq!(*s.base, link::Base::Preset("demo-2023".into()));
        let text = kaohe_core::write_document(&kaohe_core::synthetic::document(5, 4, 2).unwrap());
        let s = s.reduce(Action::OpenUnit(11)).reduce(Action::ImportDocument(text));
        assert_eq!(s.scenario.document().units.len(), 5);
        assert!(s.scenario.is_baseline());
        assert!(matches!(*s.base, link::Base::Data(_)));
        // The unit view keeps to the units there are.
        assert_eq!(s.unit, 4);
        let s = s.reduce(Action::Undo);
        assert_eq!(s.scenario.document().units.len(), 12);
        assert_eq!(*s.base, link::Base::Preset("demo-2023".into()));
        // Text that is not a document (the dialog checks first; never silently half-applied).
        let s = s.reduce(Action::ImportDocument("{\"schema_version\": 1".into()));
        assert_eq!(s.scenario.document().units.len(), 12);
        assert!(s.io_error.is_some());
    }
}
