//! Importing a file: a spreadsheet's inputs or a `.kaohe.json` document, previewed, then applied as
//! one step or not at all.

#[allow(unused_imports)]
use super::*;

/// A file's bytes, kept while its import dialog is open (to read another of its sheets).
#[derive(Clone, PartialEq)]
pub struct Bytes(pub Rc<Vec<u8>>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.0.len())
    }
}

/// What a file would import.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportKind {
    /// Inputs from a spreadsheet: the changes to the current scenario and every problem.
    Inputs(Preview),
    /// A whole `.kaohe.json` document, to become the baseline; `errors` refuse it.
    Document {
        /// The document read.
        doc: Rc<Document>,
        /// Why it cannot be scored (each with its path).
        errors: Vec<kaohe_core::Issue>,
        /// Warnings that do not stop it.
        warnings: Vec<kaohe_core::Issue>,
    },
}

/// The import dialog: a preview first, then the user applies or cancels. Nothing changes before.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDialog {
    /// The file's name.
    pub file: String,
    /// Its bytes (spreadsheets, to pick another sheet).
    pub bytes: Bytes,
    /// The preview; None while the file is read.
    pub kind: Option<ImportKind>,
    /// Why the file cannot be read at all.
    pub error: Option<Problem>,
}

/// A file was picked: the dialog opens while a spreadsheet is read by the worker.
pub(super) fn start(s: &mut AppState, file: String, bytes: Bytes) {
    s.import = Some(ImportDialog { file, bytes, kind: None, error: None });
}

/// The worker read the spreadsheet: its preview, or why it cannot be read.
pub(super) fn read(s: &mut AppState, result: Result<Preview, Said>) {
    if let Some(d) = &mut s.import {
        match result {
            Ok(p) => {
                d.kind = Some(ImportKind::Inputs(p));
                d.error = None;
            }
            Err(e) => d.error = Some(Problem::Said(e)),
        }
    }
}

/// A `.kaohe.json` document was picked: its preview.
pub(super) fn document(s: &mut AppState, file: String, text: &str) {
    let bytes = Bytes(Rc::new(Vec::new()));
    s.import = Some(match read_document(text) {
        Ok(kind) => ImportDialog { file, bytes, kind: Some(kind), error: None },
        Err(e) => ImportDialog { file, bytes, kind: None, error: Some(e) },
    });
}

/// Applies the previewed import as one step; a refusal keeps the dialog open with the reason.
pub(super) fn apply(s: &mut AppState) {
    if let Some(d) = s.import.take() {
        if let Err(e) = apply_import(s, d.kind) {
            s.import = Some(ImportDialog { error: Some(e), kind: None, ..d });
        }
    }
}

/// A `.kaohe.json` document's preview: it parses, and the engine's errors and warnings.
fn read_document(text: &str) -> Result<ImportKind, Problem> {
    let doc = kaohe_core::parse_document(text.trim_start_matches('\u{feff}')).map_err(Problem::Document)?;
    let report = kaohe_core::validate(&doc);
    Ok(ImportKind::Document { doc: Rc::new(doc), errors: report.errors, warnings: report.warnings })
}

/// Applies a preview as one step, all or nothing.
fn apply_import(s: &mut AppState, kind: Option<ImportKind>) -> Result<(), Problem> {
    let refused = || Problem::CannotApply;
    match kind {
        Some(ImportKind::Inputs(p)) if p.problems.is_empty() => {
            let mut cells = Vec::with_capacity(p.changes.len());
            for (u, i, f, v) in p.changes {
                let v = match v {
                    Some(t) => Some(kaohe_core::num::parse_decimal(&t).ok_or_else(refused)?),
                    None => None,
                };
                cells.push(((u, i, f), v));
            }
            let mut sc = (*s.scenario).clone();
            if !sc.set_many(&cells) || !p.vetoes.iter().all(|(u, v)| sc.set_veto(u, *v)) {
                return Err(refused());
            }
            s.scenario = Rc::new(sc);
            s.drafts.clear();
            Ok(())
        }
        Some(ImportKind::Document { doc, errors, .. }) if errors.is_empty() => {
            let sc = Scenario::new((*doc).clone()).map_err(|_| refused())?;
            s.scenario = Rc::new(sc);
            s.drafts.clear();
            Ok(())
        }
        _ => Err(Problem::FileHasProblems),
    }
}

#[cfg(test)]
mod import_tests {
    use super::*;
    use kaohe_core::table::{inputs_sheet, preview, Book};

    fn total(s: &AppState, u: &str) -> String {
        s.scenario.results().unit(u).unwrap().total.0.to_string()
    }

    fn preview_of(doc: &Document, against: &Document) -> Preview {
        let book = Book { sheets: vec!["输入".into()], sheet: 0, rows: inputs_sheet(doc, false).rows };
        preview(against, &book)
    }

    #[test]
    fn an_import_previews_then_applies_as_one_undoable_step() {
        let s = demo_state();
        let mut edited = s.scenario.document().clone();
        edited.set_input("U08", "E5", "actual", Some(rust_decimal::Decimal::from(25000)));
        let p = preview_of(&edited, s.scenario.document());
        assert_eq!((p.units_changed, p.changes.len()), (1, 1));
        let s = s.reduce(Action::ImportStart("输入.xlsx".into(), Bytes(Rc::new(vec![1, 2]))));
        assert!(s.import.as_ref().is_some_and(|d| d.kind.is_none()));
        let s = s.reduce(Action::ImportRead(Ok(p)));
        // Previewing changes nothing.
        assert_eq!(total(&s, "U08"), "79.33");
        assert!(s.undo.is_empty());
        let s = s.reduce(Action::ImportApply);
        assert!(s.import.is_none());
        // E5 6 × 10040 / 25000 = 2.41 → 6 × 25000 / 25000 = 6: 79.33 + 3.59 = 82.92.
        assert_eq!(total(&s, "U08"), "82.92");
        let s = s.reduce(Action::Undo);
        assert_eq!(total(&s, "U08"), "79.33");
    }

    #[test]
    fn a_preview_with_problems_cannot_be_applied_and_cancel_changes_nothing() {
        let s = demo_state();
        let problem = Said { zh: "第 3 行 K 列：…".into(), en: "row 3, column K: …".into() };
        let p = Preview { problems: vec![problem], changes: vec![("U08".into(), "E5".into(), "actual".into(), Some("1".into()))], ..Preview::default() };
        let s = s.reduce(Action::ImportStart("x.csv".into(), Bytes(Rc::new(vec![])))).reduce(Action::ImportRead(Ok(p)));
        let s = s.reduce(Action::ImportApply);
        let said = |s: &AppState| s.import.as_ref().and_then(|d| d.error.as_ref()).map(|e| e.text(s.lang));
        assert_eq!(said(&s).as_deref(), Some("文件有问题，未作任何修改"));
        assert_eq!(total(&s, "U08"), "79.33");
        let s = s.reduce(Action::ImportCancel);
        assert!(s.import.is_none() && s.undo.is_empty());
        let s = s.reduce(Action::ImportStart("坏.xlsx".into(), Bytes(Rc::new(vec![])))).reduce(Action::ImportRead(Err(Said::new(|lang| kaohe_core::table::SheetError::EmptyFile.message(lang)))));
        assert_eq!(said(&s).as_deref(), Some("文件是空的（0 字节）"));
    }

    #[test]
    fn a_document_becomes_the_baseline_and_undo_brings_the_demo_back() {
        let s = demo_state();
        assert_eq!(*s.base, link::Base::Preset("demo-2023".into()));
        let text = kaohe_core::write_document(&kaohe_core::synthetic::document(5, 4, 2).unwrap());
        let s = s.reduce(Action::OpenUnit(11)).reduce(Action::ImportDocument("县里.kaohe.json".into(), text));
        assert!(matches!(&s.import.as_ref().unwrap().kind, Some(ImportKind::Document { errors, .. }) if errors.is_empty()));
        let s = s.reduce(Action::ImportApply);
        assert_eq!(s.scenario.document().units.len(), 5);
        assert!(s.scenario.is_baseline());
        assert!(matches!(*s.base, link::Base::Data(_)));
        // The unit view keeps to the units there are.
        assert_eq!(s.unit, 4);
        let s = s.reduce(Action::Undo);
        assert_eq!(s.scenario.document().units.len(), 12);
        assert_eq!(*s.base, link::Base::Preset("demo-2023".into()));
        // A document that does not parse or validate says where.
        let s = s.reduce(Action::ImportDocument("坏.json".into(), "{\"schema_version\": 1".into()));
        assert!(s.import.as_ref().unwrap().error.is_some());
        let bad = kaohe_core::presets::DEMO.json.replace("\"full\": 10", "\"full\": -10");
        let s = s.reduce(Action::ImportDocument("坏.json".into(), bad));
        assert!(matches!(&s.import.as_ref().unwrap().kind, Some(ImportKind::Document { errors, .. }) if !errors.is_empty()), "{:?}", s.import);
    }
}
