//! The whole app state as one pure reducer over the what-if scenario: no web-sys in here.

use std::collections::BTreeMap;
use std::rc::Rc;

use kaohe_core::input::parse_entry;
use kaohe_core::link::{self, LinkError};
use kaohe_core::editing;
use kaohe_core::model::Document;
use kaohe_core::scenario::{CellKey, Scenario};
use kaohe_core::table::Preview;
use kaohe_core::Lang;
use yew::Reducible;

use crate::i18n::tr;

/// Which view is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The county ranking.
    Ranking,
    /// One unit's indicators.
    Unit,
    /// Every input of every unit.
    Grid,
    /// The scheme editor.
    Scheme,
}

/// A sortable column of the ranking table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// County rank.
    Rank,
    /// Unit name.
    Name,
    /// Group.
    Group,
    /// Rank inside the group.
    GroupRank,
    /// A category subtotal (by index).
    Category(usize),
    /// The total.
    Total,
    /// The award tier (in the scheme's order; none last).
    Award,
    /// The number of 突出单位 won.
    Recognitions,
}

/// Everything the interface shows.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Baseline and edits, with both results (shared with the undo history: a step costs a pointer).
    pub scenario: Rc<Scenario>,
    /// Earlier scenarios, most recent last (at most `MAX_UNDO`).
    pub undo: Vec<Rc<Scenario>>,
    /// Scenarios undone, most recent last; any new edit clears them.
    pub redo: Vec<Rc<Scenario>>,
    /// The cell being typed into: keystrokes in one cell are one undo step.
    pub typing: Option<CellKey>,
    /// Interface language.
    pub lang: Lang,
    /// Which view.
    pub tab: Tab,
    /// The unit of the unit view (index in document order).
    pub unit: usize,
    /// Ranking sort column and whether descending.
    pub sort: (SortKey, bool),
    /// Only this group in the ranking, if set.
    pub group: Option<String>,
    /// Text being typed into a cell (kept until the cell loses focus).
    pub drafts: BTreeMap<CellKey, String>,
    /// The baseline's part of share links (a preset id, or the compressed document), computed once
    /// per baseline: links then cost only their changes on each keystroke.
    pub base: Rc<link::Base>,
    /// Why the last link could not be opened (shown until dismissed).
    pub link_error: Option<LinkError>,
    /// The link was just copied (a confirmation is shown).
    pub copied: bool,
    /// The link could not be copied (no clipboard permission): it is shown to be copied by hand.
    pub link_shown: Option<String>,
    /// Named scenarios kept in this browser: (name, link state), oldest first.
    pub saved: Vec<(String, String)>,
    /// This browser's storage refused to save (private mode or full): work is not kept on reload.
    pub storage_failed: bool,
    /// Embedded in a host page (FORMAT §4): compact view, postMessage protocol.
    pub embed: bool,
    /// The last protocol error to report to the host, numbered so that each is sent once.
    pub embed_error: Option<(u64, String)>,
    /// Why the last paste into the grid was refused.
    pub paste_error: Option<String>,
    /// The import dialog, while open.
    pub import: Option<ImportDialog>,
    /// Why the last export or import failed outside the dialog (shown until dismissed).
    pub io_error: Option<String>,
    /// The last goal seek a host page asked for (FORMAT §4 `kaohe:seek`), numbered so that each is
    /// answered once (by the module that carries goal seek, loaded on first use).
    pub seek_request: Option<(u64, HostSeek)>,
}

/// A host page's `kaohe:seek`: the unit, the target (as text) and whether every field may move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSeek {
    /// Unit id.
    pub unit: String,
    /// `award:一等奖` ….
    pub target: String,
    /// `"fields": "all"`.
    pub all: bool,
}

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
        /// Why it cannot be scored (each with its path), in the interface language.
        errors: Vec<String>,
        /// Warnings that do not stop it.
        warnings: Vec<String>,
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
    pub error: Option<String>,
}

impl AppState {
    /// A fresh state on a scenario.
    pub fn new(scenario: Scenario) -> Self {
        AppState {
            base: Rc::new(link::Base::of(scenario.baseline())),
            scenario: Rc::new(scenario),
            undo: Vec::new(),
            redo: Vec::new(),
            typing: None,
            lang: Lang::Zh,
            tab: Tab::Ranking,
            unit: 0,
            sort: (SortKey::Rank, false),
            group: None,
            drafts: BTreeMap::new(),
            link_error: None,
            copied: false,
            link_shown: None,
            saved: Vec::new(),
            storage_failed: false,
            embed: false,
            embed_error: None,
            paste_error: None,
            import: None,
            io_error: None,
            seek_request: None,
        }
    }

    /// Starts the undo history afresh (after the state a visit opens on is restored).
    pub fn forget_history(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.typing = None;
    }

    /// The address bar's fragment for this state: the scenario's link state and the view.
    pub fn fragment(&self) -> String {
        self.fragment_with(&self.base)
    }

    /// The state as a link over a given baseline part (an offline file's: `Base::in_file`).
    pub fn fragment_with(&self, base: &link::Base) -> String {
        let view = match self.tab {
            Tab::Ranking => "ranking".to_string(),
            Tab::Grid => "grid".to_string(),
            Tab::Scheme => "scheme".to_string(),
            Tab::Unit => {
                let id = self.scenario.document().units.get(self.unit).map_or("", |u| u.id.as_str());
                format!("unit.{}", link::esc(id))
            }
        };
        format!("{}&view={view}", link::encode_with(&self.scenario, base))
    }
}

/// Applies a fragment (`<link state>&view=…`) to a state: the scenario it describes and its view, or
/// the state unchanged with the reason (the user's last good state is never lost).
fn open_fragment(s: &mut AppState, fragment: &str) {
    let fragment = fragment.trim_start_matches('#');
    if fragment.is_empty() {
        return;
    }
    // A messenger may have percent-encoded the fragment once more (`%26view%3D…`, `%2523…`): a link
    // that does not open as it is, but does once decoded, is that link.
    // A large document's link names it by fingerprint (`k3-h`): the current baseline if it is the
    // one, else the one this browser keeps.
    let current = match &*s.base {
        link::Base::Held(fp) => Some((fp.clone(), s.scenario.baseline().clone())),
        _ => None,
    };
    let held = move |fp: &str| match &current {
        Some((f, doc)) if f == fp => Some(doc.clone()),
        _ => crate::storage::held_document(fp),
    };
    if let Some(once) = decode_once(fragment) {
        let opens = |f: &str| matches!(link::decode_with(f.split('&').next().unwrap_or(f), &held), Ok(_) | Err(link::LinkError::NotHeld(_)));
        if !opens(fragment) && opens(&once) {
            return open_fragment(s, &once);
        }
    }
    // `<state>&view=<view>`, possibly followed by the host's `&embed=1&origin=…`.
    let (state, rest) = match fragment.split_once('&') {
        Some((st, r)) => (st, Some(r)),
        None => (fragment, None),
    };
    let view = rest.and_then(|r| r.split('&').find_map(|kv| kv.strip_prefix("view=")));
    match link::decode_with(state, &held).and_then(|d| link::open_on(d, Some(&s.scenario))) {
        Ok(scenario) => {
            s.scenario = Rc::new(scenario);
            s.drafts.clear();
            s.link_error = None;
            match view {
                Some("grid") => s.tab = Tab::Grid,
                Some("scheme") => s.tab = Tab::Scheme,
                Some(v) if v.starts_with("unit.") => {
                    let id = link::unesc(&v[5..]).unwrap_or_default();
                    if let Some(i) = s.scenario.document().units.iter().position(|u| u.id == id) {
                        s.unit = i;
                        s.tab = Tab::Unit;
                    }
                }
                _ => s.tab = Tab::Ranking,
            }
        }
        Err(e) => s.link_error = Some(e),
    }
}

/// Percent-decodes text once (`%26` → `&`, `%25` → `%`, a leading `%23` dropped); None when it
/// holds no escape or does not decode to UTF-8.
pub fn decode_once(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    Some(decoded.trim_start_matches('#').to_string())
}

/// What a user does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open the state of a share link (the address bar's fragment).
    OpenLink(String),
    /// Dismiss the message about a link that could not be opened.
    DismissLinkError,
    /// The link was copied / the confirmation is dismissed.
    Copied(bool),
    /// The link could not be copied: show it to be copied by hand (None: close it).
    ShowLink(Option<String>),
    /// Keep the current scenario under a name (replacing one of the same name).
    SaveAs(String),
    /// Switch to a named scenario.
    OpenSaved(String),
    /// Forget a named scenario.
    DeleteSaved(String),
    /// Whether the browser's storage works.
    StorageFailed(bool),
    /// The host page's message (FORMAT §4), as JSON text.
    HostMessage(String),
    /// Text pasted into the grid at (row, column): a tab-separated block from Excel or WPS.
    Paste { row: usize, col: usize, text: String },
    /// Typing in a cell: re-scored at once when it is a number.
    Type(CellKey, String),
    /// The cell lost focus: its draft is dropped (a refused entry keeps its message).
    Leave(CellKey),
    /// Back to the baseline value of one cell.
    ResetCell(CellKey),
    /// Back to the baseline for one unit.
    ResetUnit(String),
    /// Back to the baseline everywhere.
    ResetAll,
    /// What if this unit were vetoed (一票否决)?
    SetVeto(String, bool),
    /// Back one step (an edit, a paste, an import, a reset, an opened link).
    Undo,
    /// Forward again after an undo.
    Redo,
    /// A file was picked for import: its name and bytes (a spreadsheet is then read by the worker).
    ImportStart(String, Bytes),
    /// The worker read the spreadsheet: the preview, or why it cannot be read.
    ImportRead(Result<Preview, String>),
    /// A `.kaohe.json` document was picked: its text.
    ImportDocument(String, String),
    /// Apply the previewed import as one step.
    ImportApply,
    /// Close the import dialog without changing anything.
    ImportCancel,
    /// An export or a file read failed (None: dismiss the message).
    IoError(Option<String>),
    /// The scheme editor's edited scheme and units (a document without inputs, as JSON) and the
    /// changes to the inputs it implies (JSON `[InputOp]`): the scenario's document takes them
    /// (`editing::with_scheme_of`) and is scored as a what-if against the baseline.
    SchemeDocument(String, String),
    /// Start over from the demo (`demo`) or from a blank scheme (`blank`), as the new baseline.
    NewScheme(String),
    /// Apply several field values as one what-if step (a goal seek's 采用).
    Apply(Vec<(CellKey, rust_decimal::Decimal)>),
    /// Switch the interface language.
    SetLang(Lang),
    /// Show a view.
    Show(Tab),
    /// Open a unit's view.
    OpenUnit(usize),
    /// Sort the ranking (a second click reverses).
    SortBy(SortKey),
    /// Show one group only (None: all).
    FilterGroup(Option<String>),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        s.copied = s.copied && matches!(action, Action::Copied(true));
        let before = Rc::clone(&s.scenario);
        let baseline_before: *const Document = before.baseline();
        let typing = match &action {
            Action::Type(k, _) => Some(k.clone()),
            _ => None,
        };
        let history = matches!(action, Action::Undo | Action::Redo);
        match action {
            Action::OpenLink(fragment) => open_fragment(&mut s, &fragment),
            Action::DismissLinkError => s.link_error = None,
            Action::Copied(c) => s.copied = c,
            Action::ShowLink(l) => s.link_shown = l,
            Action::SaveAs(name) => {
                let name = name.trim().to_string();
                if !name.is_empty() {
                    let fragment = s.fragment();
                    s.saved.retain(|(n, _)| *n != name);
                    s.saved.push((name, fragment));
                }
            }
            Action::OpenSaved(name) => {
                if let Some((_, fragment)) = s.saved.iter().find(|(n, _)| *n == name).cloned() {
                    open_fragment(&mut s, &fragment);
                }
            }
            Action::DeleteSaved(name) => s.saved.retain(|(n, _)| *n != name),
            Action::StorageFailed(f) => s.storage_failed = f,
            Action::Paste { row, col, text } => {
                s.paste_error = paste(&mut s, row, col, &text).err();
                if s.paste_error.is_none() {
                    s.drafts.clear();
                }
            }
            Action::HostMessage(text) => {
                if let Err(message) = host_message(&mut s, &text) {
                    let n = s.embed_error.as_ref().map_or(1, |(n, _)| n + 1);
                    s.embed_error = Some((n, message));
                }
            }
            Action::Type(key, text) => {
                let _ = Rc::make_mut(&mut s.scenario).enter(&key.0, &key.1, &key.2, &text);
                s.drafts.insert(key, text);
            }
            Action::Leave(key) => {
                s.drafts.remove(&key);
            }
            Action::ResetCell(key) => {
                s.drafts.remove(&key);
                Rc::make_mut(&mut s.scenario).reset_cell(&key.0, &key.1, &key.2);
            }
            Action::ResetUnit(unit) => {
                s.drafts.retain(|(u, _, _), _| *u != unit);
                Rc::make_mut(&mut s.scenario).reset_unit(&unit);
            }
            Action::ResetAll => {
                s.drafts.clear();
                Rc::make_mut(&mut s.scenario).reset_all();
            }
            Action::SetVeto(unit, veto) => {
                Rc::make_mut(&mut s.scenario).set_veto(&unit, veto);
            }
            Action::Undo => {
                if let Some(prev) = s.undo.pop() {
                    let now = std::mem::replace(&mut s.scenario, prev);
                    s.redo.push(Rc::new(now.slim()));
                    s.drafts.clear();
                }
            }
            Action::Redo => {
                if let Some(next) = s.redo.pop() {
                    let now = std::mem::replace(&mut s.scenario, next);
                    s.undo.push(Rc::new(now.slim()));
                    s.drafts.clear();
                }
            }
            Action::ImportStart(file, bytes) => {
                s.import = Some(ImportDialog { file, bytes, kind: None, error: None });
            }
            Action::ImportRead(result) => {
                if let Some(d) = &mut s.import {
                    match result {
                        Ok(p) => {
                            d.kind = Some(ImportKind::Inputs(p));
                            d.error = None;
                        }
                        Err(e) => d.error = Some(e),
                    }
                }
            }
            Action::ImportDocument(file, text) => {
                let bytes = Bytes(Rc::new(Vec::new()));
                s.import = Some(match read_document(&text, s.lang) {
                    Ok(kind) => ImportDialog { file, bytes, kind: Some(kind), error: None },
                    Err(e) => ImportDialog { file, bytes, kind: None, error: Some(e) },
                });
            }
            Action::ImportApply => {
                if let Some(d) = s.import.take() {
                    if let Err(e) = apply_import(&mut s, d.kind) {
                        s.import = Some(ImportDialog { error: Some(e), kind: None, ..d });
                    }
                }
            }
            Action::ImportCancel => s.import = None,
            Action::IoError(e) => s.io_error = e,
            Action::SchemeDocument(json, ops) => {
                let ops: Result<Vec<editing::InputOp>, _> = serde_json::from_str(&ops);
                if let (Ok(shell), Ok(ops)) = (kaohe_core::parse_document(&json), ops) {
                    let d = editing::with_scheme_of(s.scenario.document(), &shell, &ops);
                    Rc::make_mut(&mut s.scenario).set_document(d);
                }
            }
            Action::NewScheme(kind) => {
                let doc = match kind.as_str() {
                    "blank" => editing::blank(Some(i64::from(crate::state::this_year()))).ok(),
                    _ => kaohe_core::presets::DEMO.document().ok(),
                };
                if let Some(sc) = doc.and_then(|d| Scenario::new(d).ok()) {
                    s.scenario = Rc::new(sc);
                    s.drafts.clear();
                }
            }
            Action::Apply(cells) => {
                let cells: Vec<(CellKey, Option<rust_decimal::Decimal>)> = cells.into_iter().map(|(k, v)| (k, Some(v))).collect();
                if Rc::make_mut(&mut s.scenario).set_many(&cells) {
                    for (k, _) in &cells {
                        s.drafts.remove(k);
                    }
                }
            }
            Action::SetLang(l) => s.lang = l,
            Action::Show(t) => s.tab = t,
            Action::OpenUnit(u) => {
                s.unit = u.min(s.scenario.document().units.len().saturating_sub(1));
                s.tab = Tab::Unit;
            }
            Action::SortBy(k) => {
                s.sort = if s.sort.0 == k { (k, !s.sort.1) } else { (k, false) };
            }
            Action::FilterGroup(g) => s.group = g,
        }
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
        if !std::ptr::eq(baseline_before, s.scenario.baseline()) {
            // A new baseline (a document imported, a link opened, or undone back): links are
            // written over it, and the view keeps to what it has.
            s.base = Rc::new(link::Base::of(s.scenario.baseline()));
            let doc = s.scenario.document();
            s.unit = s.unit.min(doc.units.len().saturating_sub(1));
            if s.group.as_ref().is_some_and(|g| !doc.scheme.groups.iter().any(|x| &x.id == g)) {
                s.group = None;
            }
        }
        Rc::new(s)
    }
}

/// A `.kaohe.json` document's preview: it parses, and the engine's errors and warnings.
fn read_document(text: &str, lang: Lang) -> Result<ImportKind, String> {
    let say = |i: &kaohe_core::Issue| if lang == Lang::Zh { i.zh() } else { i.en() };
    let doc = kaohe_core::parse_document(text.trim_start_matches('\u{feff}')).map_err(|e| say(&e))?;
    let report = kaohe_core::validate(&doc);
    Ok(ImportKind::Document {
        doc: Rc::new(doc),
        errors: report.errors.iter().map(say).collect(),
        warnings: report.warnings.iter().map(say).collect(),
    })
}

/// Applies a preview as one step, all or nothing.
fn apply_import(s: &mut AppState, kind: Option<ImportKind>) -> Result<(), String> {
    let refused = || tr(s.lang, "无法应用：数据无法计分，未作任何修改", "cannot apply: the data cannot be scored; nothing changed").to_string();
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
        _ => Err(tr(s.lang, "文件有问题，未作任何修改", "the file has problems; nothing changed").into()),
    }
}

/// The current year (for a new scheme); 2024 outside a browser.
pub fn this_year() -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::new_0().get_full_year() as i32
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        2024
    }
}

/// How many steps can be undone.
pub const MAX_UNDO: usize = 100;

/// The demo as a fresh app state (for the tests of this module).
#[cfg(test)]
fn demo_state() -> Rc<AppState> {
    let doc = kaohe_core::presets::DEMO.document().unwrap_or_else(|e| panic!("demo: {e}"));
    Rc::new(AppState::new(Scenario::new(doc).unwrap_or_else(|e| panic!("demo: {e:?}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<AppState> {
        demo_state()
    }

    fn key(u: &str, i: &str, f: &str) -> CellKey {
        (u.into(), i.into(), f.into())
    }

    #[test]
    fn typing_rescores_at_once_and_a_bad_entry_changes_nothing() {
        let s = state();
        // 金禾镇 S1 without accidents and notices: 79.33 → 81.33, 8th → 7th.
        let s = s.reduce(Action::Type(key("U08", "S1", "accidents"), "0".into()));
        let s = s.reduce(Action::Type(key("U08", "S1", "notices"), "0".into()));
        assert_eq!(s.scenario.results().unit("U08").unwrap().rank, 7);
        let before = s.scenario.results().clone();
        let s = s.reduce(Action::Type(key("U08", "E5", "actual"), "abc".into()));
        assert_eq!(s.scenario.results(), &before);
        assert_eq!(s.drafts[&key("U08", "E5", "actual")], "abc");
        let s = s.reduce(Action::Leave(key("U08", "E5", "actual")));
        // Only the cell that lost focus drops its draft; the two S1 cells were not left yet.
        assert!(!s.drafts.contains_key(&key("U08", "E5", "actual")));
        assert_eq!(s.drafts.len(), 2);
        // The refused entry keeps its message until fixed or reset.
        assert_eq!(s.scenario.rejected().len(), 1);
        let s = s.reduce(Action::ResetAll);
        assert!(s.scenario.rejected().is_empty() && s.drafts.is_empty());
        assert_eq!(s.scenario.results().unit("U08").unwrap().rank, 8);
    }

    #[test]
    fn sorting_twice_reverses_and_views_switch() {
        let s = state().reduce(Action::SortBy(SortKey::Total));
        assert_eq!(s.sort, (SortKey::Total, false));
        let s = s.reduce(Action::SortBy(SortKey::Total));
        assert_eq!(s.sort, (SortKey::Total, true));
        let s = s.reduce(Action::OpenUnit(99));
        assert_eq!((s.tab, s.unit), (Tab::Unit, 11));
    }
}

/// `?synthetic=UNITSxINDICATORS` (for speed measurements): a generated document of that size,
/// at most 5,000 × 200. Anything else is None.
pub fn synthetic_size(query: &str) -> Option<(usize, usize)> {
    let value = query.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("synthetic="))?;
    let (u, i) = value.split_once('x')?;
    let (u, i): (usize, usize) = (u.parse().ok()?, i.parse().ok()?);
    ((1..=5_000).contains(&u) && (1..=200).contains(&i)).then_some((u, i))
}

#[cfg(test)]
mod query_tests {
    use super::synthetic_size;

    #[test]
    fn synthetic_sizes_are_read_and_bounded() {
        assert_eq!(synthetic_size("?synthetic=500x50"), Some((500, 50)));
        assert_eq!(synthetic_size("?a=1&synthetic=12x3"), Some((12, 3)));
        assert_eq!(synthetic_size("?synthetic=500x0"), None);
        assert_eq!(synthetic_size("?synthetic=9999x50"), None);
        assert_eq!(synthetic_size("?synthetic=abc"), None);
        assert_eq!(synthetic_size(""), None);
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    fn demo() -> Rc<AppState> {
        demo_state()
    }

    #[test]
    fn a_fragment_carries_the_scenario_and_the_view() {
        let s = demo()
            .reduce(Action::Type(("U08".into(), "S1".into(), "accidents".into()), "0".into()))
            .reduce(Action::OpenUnit(7));
        let frag = s.fragment();
        assert_eq!(frag, "k1-p.demo-2023.U08.S1.accidents=0&view=unit.U08");
        let opened = demo().reduce(Action::OpenLink(format!("#{frag}")));
        assert_eq!(opened.scenario.results(), s.scenario.results());
        assert_eq!((opened.tab, opened.unit), (Tab::Unit, 7));
        assert_eq!(opened.fragment(), frag);
    }

    #[test]
    fn a_damaged_link_keeps_the_current_state_and_says_why() {
        let s = demo().reduce(Action::Type(("U08".into(), "E5".into(), "actual".into()), "25000".into()));
        let before = s.scenario.results().clone();
        let s = s.reduce(Action::OpenLink("#k1-p.demo-2023.U08.E5.act".into()));
        assert_eq!(s.scenario.results(), &before);
        assert!(matches!(s.link_error, Some(LinkError::Damaged(_))));
        let s = s.reduce(Action::OpenLink("#k9-p.demo-2023.".into()));
        assert!(matches!(s.link_error, Some(LinkError::FutureVersion(_))));
        let s = s.reduce(Action::DismissLinkError);
        assert!(s.link_error.is_none());
    }

    #[test]
    fn a_large_documents_link_holds_its_edits_and_opens_where_the_document_is() {
        // 300 × 60: too large for a link (JSON 1.3 MB): links name it by fingerprint (k3-h).
        let big = kaohe_core::synthetic::document(300, 60, 1).unwrap();
        let fresh = || Rc::new(AppState::new(Scenario::new(big.clone()).unwrap()));
        let s = fresh();
        let link::Base::Held(fp) = (*s.base).clone() else { panic!("held: {:?}", s.base) };
        let (u, i) = (big.units[299].id.clone(), big.scheme.indicators[59].id.clone());
        let field = big.inputs[&u].cells[&i].as_ref().unwrap().keys().next().unwrap().clone();
        let s = s.reduce(Action::Type((u.clone(), i.clone(), field.clone()), "12345".into())).reduce(Action::Show(Tab::Grid));
        let frag = s.fragment();
        assert_eq!(frag, format!("k3-h.{fp}.{}.{}.{}=12345&view=grid", link::esc(&u), link::esc(&i), link::esc(&field)));
        // Over the same document (a reload, a saved scenario): the same scenario and view.
        let opened = fresh().reduce(Action::OpenLink(format!("#{frag}")));
        assert_eq!(opened.link_error, None);
        assert_eq!(opened.scenario.results(), s.scenario.results());
        assert_eq!(opened.tab, Tab::Grid);
        // Where the document is not: it says so and keeps the demo.
        let elsewhere = demo().reduce(Action::OpenLink(format!("#{frag}")));
        assert_eq!(elsewhere.link_error, Some(LinkError::NotHeld(fp.clone())));
        assert_eq!(elsewhere.scenario.document().units.len(), 12);
    }
}

#[cfg(test)]
mod saved_tests {
    use super::*;

    #[test]
    fn named_scenarios_save_switch_and_delete() {
        let s = demo_state()
            .reduce(Action::Type(("U08".into(), "S1".into(), "accidents".into()), "0".into()))
            .reduce(Action::SaveAs(" 金禾无事故 ".into()))
            .reduce(Action::ResetAll);
        assert_eq!(s.saved.len(), 1);
        assert_eq!(s.saved[0].0, "金禾无事故");
        assert_eq!(s.scenario.results().unit("U08").unwrap().rank, 8);
        let s = s.reduce(Action::OpenSaved("金禾无事故".into()));
        // S1 4 − (0 + 2 × 0.5) = 3: +1 → 80.33, still 8th.
        assert_eq!(s.scenario.results().unit("U08").unwrap().total.0.to_string(), "80.33");
        let s = s.reduce(Action::SaveAs("".into())).reduce(Action::DeleteSaved("金禾无事故".into()));
        assert!(s.saved.is_empty());
    }
}

/// FORMAT §4: `kaohe:load` replaces the document (it becomes the baseline); `kaohe:set-inputs` sets
/// fields of the current scenario, all or none. Anything else is an error message for the host.
fn host_message(s: &mut AppState, text: &str) -> Result<(), String> {
    let msg: serde_json::Value = serde_json::from_str(text).map_err(|_| "message is not JSON".to_string())?;
    match msg.get("type").and_then(|t| t.as_str()) {
        Some("kaohe:load") => {
            let doc = msg.get("document").ok_or("kaohe:load needs a document")?;
            let doc = kaohe_core::parse_document(&doc.to_string()).map_err(|e| e.en())?;
            let scenario = Scenario::new(doc).map_err(|e| e.first().map(|i| i.en()).unwrap_or_default())?;
            s.scenario = Rc::new(scenario);
            s.drafts.clear();
            s.unit = 0;
            Ok(())
        }
        Some("kaohe:set-inputs") => {
            let inputs = msg.get("inputs").and_then(|v| v.as_object()).ok_or("kaohe:set-inputs needs an inputs object")?;
            let doc = s.scenario.document();
            let mut edits = Vec::new();
            for (unit, cells) in inputs {
                if !doc.units.iter().any(|u| &u.id == unit) {
                    return Err(format!("unknown unit {unit}"));
                }
                for (ind, fields) in cells.as_object().ok_or(format!("inputs.{unit} must be an object"))? {
                    if !doc.scheme.indicators.iter().any(|i| &i.id == ind) {
                        return Err(format!("unknown indicator {ind}"));
                    }
                    for (field, value) in fields.as_object().ok_or(format!("inputs.{unit}.{ind} must be an object"))? {
                        let v = match value {
                            serde_json::Value::Null => None,
                            serde_json::Value::Number(n) => Some(
                                kaohe_core::num::parse_decimal(&n.to_string())
                                    .ok_or(format!("inputs.{unit}.{ind}.{field} is out of range"))?,
                            ),
                            _ => return Err(format!("inputs.{unit}.{ind}.{field} must be a number or null")),
                        };
                        edits.push((unit.clone(), ind.clone(), field.clone(), v));
                    }
                }
            }
            let sc = Rc::make_mut(&mut s.scenario);
            for (u, i, f, v) in edits {
                sc.set(&u, &i, &f, v);
            }
            Ok(())
        }
        Some("kaohe:seek") => {
            let field = |k: &str| msg.get(k).and_then(|v| v.as_str()).ok_or(format!("kaohe:seek needs a {k}"));
            let (unit, target) = (field("unit")?, field("target")?);
            if !s.scenario.document().units.iter().any(|u| u.id == unit) {
                return Err(format!("no unit with id “{unit}”"));
            }
            let all = msg.get("fields").and_then(|v| v.as_str()) == Some("all");
            let n = s.seek_request.as_ref().map_or(1, |(n, _)| n + 1);
            s.seek_request = Some((n, HostSeek { unit: unit.to_string(), target: target.to_string(), all }));
            Ok(())
        }
        Some(other) => Err(format!("unknown message type {other}")),
        None => Err("message has no type".into()),
    }
}

#[cfg(test)]
mod host_tests {
    use super::*;

    fn demo() -> Rc<AppState> {
        demo_state()
    }

    #[test]
    fn set_inputs_applies_all_or_nothing() {
        let s = demo().reduce(Action::HostMessage(r#"{"type":"kaohe:set-inputs","inputs":{"U08":{"E5":{"actual":25000}}}}"#.into()));
        // E5 6 × 25000/25000 = 6 (+3.59): 82.92.
        assert_eq!(s.scenario.results().unit("U08").unwrap().total.0.to_string(), "82.92");
        let before = s.scenario.results().clone();
        let s = s.reduce(Action::HostMessage(r#"{"type":"kaohe:set-inputs","inputs":{"U08":{"E1":{"actual":1}},"U99":{}}}"#.into()));
        assert_eq!(s.scenario.results(), &before);
        assert_eq!(s.embed_error.as_ref().map(|(n, m)| (*n, m.as_str())), Some((1, "unknown unit U99")));
        let s = s.reduce(Action::HostMessage("{\"type\":\"nope\"}".into()));
        assert_eq!(s.embed_error.as_ref().map(|(n, _)| *n), Some(2));
    }

    #[test]
    fn load_replaces_the_document() {
        let doc = kaohe_core::write_document(&kaohe_core::synthetic::document(5, 4, 2).unwrap());
        let s = demo().reduce(Action::HostMessage(format!(r#"{{"type":"kaohe:load","document":{doc}}}"#)));
        assert!(s.embed_error.is_none());
        assert_eq!(s.scenario.document().units.len(), 5);
        let s = s.reduce(Action::HostMessage(r#"{"type":"kaohe:load","document":{"schema_version":2}}"#.into()));
        assert!(s.embed_error.as_ref().is_some_and(|(_, m)| m.contains("schema_version")));
    }
}

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

/// A paste at (row, col): every cell checked before anything changes; then one step.
fn paste(s: &mut AppState, row: usize, col: usize, text: &str) -> Result<(), String> {
    let zh = s.lang == Lang::Zh;
    let block = parse_block(text);
    let (rows, cols) = (block.len(), block.iter().map(Vec::len).max().unwrap_or(0));
    if rows == 0 {
        return Ok(());
    }
    if rows.saturating_mul(cols) > MAX_PASTE_CELLS {
        return Err(if zh { format!("粘贴内容过大（{rows} 行 × {cols} 列），未作任何修改") } else { format!("paste too large ({rows} × {cols}); nothing changed") });
    }
    let doc = s.scenario.document();
    let columns = grid_columns(doc, s.lang);
    let (fit_rows, fit_cols) = (doc.units.len().saturating_sub(row), columns.len().saturating_sub(col));
    if rows > fit_rows || cols > fit_cols {
        return Err(if zh {
            format!("粘贴区域 {rows} 行 × {cols} 列超出表格：从此单元格起只有 {fit_rows} 行 × {fit_cols} 列，未作任何修改")
        } else {
            format!("the pasted block ({rows} × {cols}) does not fit: {fit_rows} × {fit_cols} from this cell; nothing changed")
        });
    }
    let mut cells = Vec::with_capacity(rows * cols);
    for (r, line) in block.iter().enumerate() {
        let unit = &doc.units[row + r];
        for (c, cell) in line.iter().enumerate() {
            let (i, field) = &columns[col + c];
            let ind = &doc.scheme.indicators[*i];
            let value = parse_entry(cell, field.percent).map_err(|e| {
                format!("{} {} {}：{}", unit.name, ind.name, field.label, e.message(s.lang))
            })?;
            cells.push(((unit.id.clone(), ind.id.clone(), field.name.clone()), value));
        }
    }
    if Rc::make_mut(&mut s.scenario).set_many(&cells) {
        Ok(())
    } else {
        Err(tr(s.lang, "这些数值无法计分（超出可精确计算的范围），未作任何修改", "these values cannot be scored; nothing changed").into())
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
        assert!(s.paste_error.as_deref().is_some_and(|m| m.starts_with("常乐镇 固定资产投资 实际完成：“abc”不是数字")), "{:?}", s.paste_error);
        // Too many rows from the last unit.
        let s = s.reduce(Action::Paste { row: 11, col: 0, text: "1\n2".into() });
        assert!(s.paste_error.as_deref().is_some_and(|m| m.contains("超出表格")), "{:?}", s.paste_error);
        assert_eq!(s.scenario.results(), &before);
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
        preview(against, &book, Lang::Zh)
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
        let p = Preview { problems: vec!["第 3 行 K 列：…".into()], changes: vec![("U08".into(), "E5".into(), "actual".into(), Some("1".into()))], ..Preview::default() };
        let s = s.reduce(Action::ImportStart("x.csv".into(), Bytes(Rc::new(vec![])))).reduce(Action::ImportRead(Ok(p)));
        let s = s.reduce(Action::ImportApply);
        assert_eq!(s.import.as_ref().and_then(|d| d.error.as_deref()), Some("文件有问题，未作任何修改"));
        assert_eq!(total(&s, "U08"), "79.33");
        let s = s.reduce(Action::ImportCancel);
        assert!(s.import.is_none() && s.undo.is_empty());
        let s = s.reduce(Action::ImportStart("坏.xlsx".into(), Bytes(Rc::new(vec![])))).reduce(Action::ImportRead(Err("文件已损坏".into())));
        assert_eq!(s.import.as_ref().and_then(|d| d.error.as_deref()), Some("文件已损坏"));
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
        Action::SchemeDocument(kaohe_core::write_document(&editing::shell(&f(s.scenario.document()))), "[]".into())
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
        let again = Action::SchemeDocument(kaohe_core::write_document(&editing::shell(s.scenario.document())), "[]".into());
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
        let s = demo_state().reduce(Action::NewScheme("blank".into()));
        assert_eq!(s.scenario.document().units.len(), 1);
        assert!(s.scenario.is_baseline() && s.scenario.issues().is_empty());
        assert!(matches!(*s.base, link::Base::Data(_)));
        let s = s.reduce(Action::NewScheme("demo".into()));
        assert_eq!(*s.base, link::Base::Preset("demo-2023".into()));
    }
}

#[cfg(test)]
mod seek_tests {
    use super::*;

    fn total(s: &AppState, u: &str) -> String {
        s.scenario.results().unit(u).unwrap().total.0.to_string()
    }

    #[test]
    fn apply_is_one_undo_step() {
        // The goal seek's answer for 柳河镇 → 二等奖: E2 实际完成 43680 → 53471.88
        // (10 × (53471.88 / 46200) / 1.2 = 9.645 → 9.65, +1.77 → 79.34, 8th, 二等奖).
        let to = rust_decimal::Decimal::new(5_347_188, 2);
        let s = demo_state().reduce(Action::Apply(vec![(("U10".into(), "E2".into(), "actual".into()), to)]));
        assert_eq!(total(&s, "U10"), "79.34");
        assert_eq!(s.scenario.results().unit("U10").unwrap().award.as_deref(), Some("二等奖"));
        assert_eq!(s.undo.len(), 1);
        let s = s.reduce(Action::Undo);
        assert_eq!(total(&s, "U10"), "77.57");
    }

    #[test]
    fn a_host_asks_kaohe_seek_once_per_message_and_bad_ones_are_errors() {
        let s = demo_state().reduce(Action::HostMessage(r#"{"type":"kaohe:seek","unit":"U10","target":"award:二等奖"}"#.into()));
        let want = HostSeek { unit: "U10".into(), target: "award:二等奖".into(), all: false };
        assert_eq!(s.seek_request, Some((1, want.clone())));
        let s = s.reduce(Action::HostMessage(r#"{"type":"kaohe:seek","unit":"U10","target":"award:二等奖","fields":"all"}"#.into()));
        assert_eq!(s.seek_request, Some((2, HostSeek { all: true, ..want })));
        let s = s.reduce(Action::HostMessage(r#"{"type":"kaohe:seek","unit":"U99","target":"rank:1"}"#.into()));
        assert_eq!(s.embed_error.as_ref().map(|(_, m)| m.as_str()), Some("no unit with id “U99”"));
        let s = s.reduce(Action::HostMessage(r#"{"type":"kaohe:seek","unit":"U08"}"#.into()));
        assert!(s.embed_error.as_ref().is_some_and(|(_, m)| m.contains("target")));
        assert_eq!(s.seek_request.as_ref().map(|(n, _)| *n), Some(2));
    }
}

#[cfg(test)]
mod phone_tests {
    use super::*;

    #[test]
    fn a_fragment_encoded_once_more_opens_the_same_scenario() {
        let plain = demo_state().reduce(Action::OpenLink("k1-p.demo-2023.U08.S1.accidents=0&view=unit.U08".into()));
        // S1 for 金禾镇: 4 − (0 + 2 × 0.5) = 3 instead of 2: 79.33 + 1 = 80.33.
        assert_eq!(plain.scenario.results().unit("U08").unwrap().total.0.to_string(), "80.33");
        for encoded in [
            "k1-p.demo-2023.U08.S1.accidents%3D0%26view%3Dunit.U08",
            "%23k1-p.demo-2023.U08.S1.accidents%3D0%26view%3Dunit.U08",
            "k1-p.demo-2023.U08.S1.accidents=0%26view=unit.U08",
        ] {
            let s = demo_state().reduce(Action::OpenLink(encoded.into()));
            assert!(s.link_error.is_none(), "{encoded}: {:?}", s.link_error);
            assert_eq!(s.scenario.document(), plain.scenario.document(), "{encoded}");
            assert_eq!((s.tab, s.unit), (Tab::Unit, 7), "{encoded}");
        }
        // A link that opens as it is is never decoded again, and a damaged one still says so.
        assert_eq!(decode_once("k1-p.demo-2023"), None);
        let s = demo_state().reduce(Action::OpenLink("k1-x%26y".into()));
        assert!(s.link_error.is_some());
    }

    #[test]
    fn a_link_that_cannot_be_copied_is_shown() {
        let s = demo_state().reduce(Action::ShowLink(Some("http://x/#k1-p.demo-2023".into())));
        assert_eq!(s.link_shown.as_deref(), Some("http://x/#k1-p.demo-2023"));
        assert!(s.reduce(Action::ShowLink(None)).link_shown.is_none());
    }
}
