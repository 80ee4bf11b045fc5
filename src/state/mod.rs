//! The whole app state as one pure reducer over the what-if scenario: no web-sys in here.

use std::collections::BTreeMap;
use std::rc::Rc;

use kaohe_core::input::parse_entry;
use kaohe_core::link::{self, LinkError};
use kaohe_core::editing;
use kaohe_core::model::Document;
use kaohe_core::protocol::ModuleEvent;
use kaohe_core::scenario::{CellKey, Scenario};
use kaohe_core::Lang;
use yew::Reducible;

use crate::i18n::tr;

mod edit;
mod history;
mod host;
mod import;
mod links;
mod paste;
mod problem;
mod scheme;
mod start;

pub use host::{HostMsg, HostSeek};
pub use links::{decode_once, synthetic_size};
pub use paste::{grid_columns, parse_block, MAX_PASTE_CELLS};
pub use problem::Problem;
pub use scheme::{module_event, Start};
pub use start::{restore, Startup};
use links::open_fragment;

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
    pub paste_error: Option<Problem>,
    /// Why the last export or import failed outside the dialog (shown until dismissed).
    pub io_error: Option<Problem>,
    /// The last goal seek a host page asked for (FORMAT §4 `kaohe:seek`), numbered so that each is
    /// answered once (by the module that carries goal seek, loaded on first use).
    pub seek_request: Option<(u64, HostSeek)>,
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
    /// The host page's message (FORMAT §4), read at the edge: what it asks, or what was wrong with it.
    Host(Result<HostMsg, String>),
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
    /// 应用导入 on a spreadsheet's preview (the import dialog, in the module): its changes (value
    /// None clears) and 一票否决 changes, as one step.
    ImportInputs {
        /// (unit, indicator, field, value as exact decimal text).
        changes: Vec<(String, String, String, Option<String>)>,
        /// (unit, vetoed).
        vetoes: Vec<(String, bool)>,
    },
    /// 应用导入 on a `.kaohe.json` document: its text, to become the baseline.
    ImportDocument(String),
    /// An export or a file read failed (None: dismiss the message).
    IoError(Option<Problem>),
    /// The scheme editor's edited scheme and units (a document without inputs) and the changes to
    /// the inputs it implies: the scenario's document takes them (`editing::with_scheme_of`) and
    /// is scored as a what-if against the baseline. (`scheme::module_event` reads the editor's.)
    SchemeEdited {
        /// The scheme and units.
        shell: Rc<Document>,
        /// What becomes of the inputs (fields renamed or dropped).
        ops: Vec<editing::InputOp>,
    },
    /// Start over, as the new baseline.
    NewScheme {
        /// From a blank scheme or from the demo.
        from: Start,
    },
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
        let before = history::Before::of(&s, &action);
        match action {
            Action::OpenLink(fragment) => open_fragment(&mut s, &fragment),
            Action::DismissLinkError => s.link_error = None,
            Action::Copied(c) => s.copied = c,
            Action::ShowLink(l) => s.link_shown = l,
            Action::SaveAs(name) => links::save_as(&mut s, &name),
            Action::OpenSaved(name) => links::open_saved(&mut s, &name),
            Action::DeleteSaved(name) => s.saved.retain(|(n, _)| *n != name),
            Action::StorageFailed(f) => s.storage_failed = f,
            Action::Paste { row, col, text } => paste::paste_action(&mut s, row, col, &text),
            Action::Host(msg) => host::host_action(&mut s, msg),
            Action::Type(key, text) => edit::type_into(&mut s, key, text),
            Action::Leave(key) => {
                s.drafts.remove(&key);
            }
            Action::ResetCell(key) => edit::reset_cell(&mut s, key),
            Action::ResetUnit(unit) => edit::reset_unit(&mut s, &unit),
            Action::ResetAll => edit::reset_all(&mut s),
            Action::SetVeto(unit, veto) => {
                Rc::make_mut(&mut s.scenario).set_veto(&unit, veto);
            }
            Action::Undo => history::undo(&mut s),
            Action::Redo => history::redo(&mut s),
            Action::ImportInputs { changes, vetoes } => import::inputs(&mut s, changes, &vetoes),
            Action::ImportDocument(text) => import::document(&mut s, &text),
            Action::IoError(e) => s.io_error = e,
            Action::SchemeEdited { shell, ops } => scheme::edited(&mut s, &shell, &ops),
            Action::NewScheme { from } => scheme::new_scheme(&mut s, from),
            Action::Apply(cells) => scheme::apply_values(&mut s, cells),
            Action::SetLang(l) => s.lang = l,
            Action::Show(t) => s.tab = t,
            Action::OpenUnit(u) => {
                s.unit = u.min(s.scenario.document().units.len().saturating_sub(1));
                s.tab = Tab::Unit;
            }
            Action::SortBy(k) => s.sort = if s.sort.0 == k { (k, !s.sort.1) } else { (k, false) },
            Action::FilterGroup(g) => s.group = g,
        }
        before.record(&mut s);
        Rc::new(s)
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
pub(crate) fn demo_state() -> Rc<AppState> {
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
