//! The scheme editor (issue 6), as its own wasm module: the app loads it the first time the 考核方案
//! view opens, so the forms, the method explanations and the editing functions do not weigh on the
//! first page load. The app owns the what-if scenario (and with it undo, links and the banner for
//! an invalid scheme); the editor receives the current document, and hands every edited document
//! back (`EditorState::outgoing`), which the app scores against the baseline.
//!
//! This file is the editor's pure state: a reducer over editing actions (native tests below); the
//! forms are in `view.rs`, the bridge to the app in `main.rs`. The module also carries the unit
//! view's 目标测算 panel (`seek.rs`), for the same reason: it loads on first use.

#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::rc::Rc;

use kaohe_core::editing::{self, DataSummary, InputOp, Item};
use kaohe_core::input::parse_entry;
use kaohe_core::model::Document;
use kaohe_core::Lang;
use yew::Reducible;

pub mod charts;
pub mod import;
pub mod seek;
pub mod sheets;
pub mod view;

/// What the user does in the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum EditAction {
    /// The app's current scheme and units (a shell, without inputs), how much data it holds, and
    /// the language (after every change the app makes).
    Load(Rc<Document>, Rc<DataSummary>, Lang),
    /// A field set to a JSON value (None: removed, its default applies), by its issue path.
    Set(String, Option<serde_json::Value>),
    /// A number typed into a field (`integer`: whole numbers only); empty removes it.
    Number { path: String, text: String, integer: bool },
    /// A list of numbers typed as `10, 9.5, 9` (rank_points' table); empty removes it.
    List { path: String, text: String },
    /// Add an item (a new indicator opens in the form).
    Add(Item),
    /// Remove an item; asks first when others refer to it (`confirmed` skips the question).
    Remove(Item, bool),
    /// Move an item one place up (true) or down.
    Move(Item, bool),
    /// Switch an indicator's scoring method (by position), with starting parameters.
    SetMethod(usize, String),
    /// Switch an indicator's metric kind (by position).
    SetMetric(usize, String),
    /// Rename an events/survey field of an indicator: (indicator id, from, to).
    RenameField(String, String, String),
    /// The user's answer to the pending question.
    Confirm(bool),
    /// Open an indicator in the form.
    OpenIndicator(Option<String>),
}

/// Why a typed value was not taken: kept as what went wrong and said in the language shown (a
/// switch of language re-says it).
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Not a number.
    Entry(kaohe_core::input::EntryError),
    /// A count that is not a whole number of at least 0.
    WholeNumber,
    /// A value of the wrong shape for the scheme.
    Issue(kaohe_core::Issue),
    /// A field name that cannot be used.
    Rename(editing::RenameError),
}

impl Refusal {
    /// In `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::Entry(e), _) => e.message(lang),
            (Refusal::WholeNumber, Lang::Zh) => "请输入不小于 0 的整数".into(),
            (Refusal::WholeNumber, Lang::En) => "a whole number of at least 0".into(),
            (Refusal::Issue(i), _) => i.kind.text(lang),
            (Refusal::Rename(e), _) => e.text(lang),
        }
    }
}

/// The editor's state.
#[derive(Debug, Clone, PartialEq)]
pub struct EditorState {
    /// The scheme and units being edited (the app's scenario document without its inputs, plus
    /// the edits not yet echoed).
    pub doc: Rc<Document>,
    /// How much data the app's document holds (for the warnings before a removal).
    pub data: Rc<DataSummary>,
    /// Interface language.
    pub lang: Lang,
    /// Fields typed but not accepted: path → (text as typed, why not).
    pub drafts: BTreeMap<String, (String, Refusal)>,
    /// The indicator open in the form.
    pub indicator: Option<String>,
    /// A removal waiting for the user's yes: what else it takes along, and the action.
    pub confirm: Option<(Vec<String>, Box<EditAction>)>,
    /// Edited schemes to hand to the app, numbered (the bridge sends each number once), with the
    /// changes to the inputs they imply (`editing::with_scheme_of` applies them in the app).
    pub outgoing: Option<(u64, Rc<Document>, Vec<InputOp>)>,
}

impl EditorState {
    /// The editor on a document's scheme and units (`editing::shell`) and its data summary.
    pub fn new(doc: Rc<Document>, data: Rc<DataSummary>, lang: Lang) -> Self {
        EditorState { doc, data, lang, drafts: BTreeMap::new(), indicator: None, confirm: None, outgoing: None }
    }

    fn commit(&mut self, doc: Document) {
        self.commit_with(doc, Vec::new());
    }

    fn commit_with(&mut self, doc: Document, ops: Vec<InputOp>) {
        let n = self.outgoing.as_ref().map_or(1, |(n, _, _)| n + 1);
        let doc = Rc::new(doc);
        self.doc = Rc::clone(&doc);
        self.outgoing = Some((n, doc, ops));
    }

    /// Applies an edit; a refusal (a value of the wrong shape) is kept as the field's message.
    fn edit(&mut self, path: &str, f: impl FnOnce(&Document) -> Result<Document, Refusal>) {
        match f(&self.doc) {
            Ok(d) => {
                self.drafts.remove(path);
                self.commit(d);
            }
            Err(why) => {
                self.drafts.insert(path.to_string(), (String::new(), why));
            }
        }
    }
}

/// A number typed into a form: as in the grid (`1,000`, full-width digits); empty is None.
pub fn read_number(text: &str, integer: bool) -> Result<Option<rust_decimal::Decimal>, Refusal> {
    let v = parse_entry(text, false).map_err(Refusal::Entry)?;
    if integer && v.is_some_and(|d| d.fract() != rust_decimal::Decimal::ZERO || d.is_sign_negative()) {
        return Err(Refusal::WholeNumber);
    }
    Ok(v)
}

/// A list of numbers typed as `10, 9.5，9` (commas, semicolons or spaces, also full-width); empty is None.
fn read_list(text: &str) -> Result<Option<serde_json::Value>, Refusal> {
    let list = text
        .split([',', '，', ';', '；', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| match parse_entry(t, false) {
            Ok(Some(d)) => Ok(editing::number(d)),
            Ok(None) => Err(Refusal::Entry(kaohe_core::input::EntryError::NotANumber(t.to_string()))),
            Err(e) => Err(Refusal::Entry(e)),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((!list.is_empty()).then_some(serde_json::Value::Array(list)))
}

impl Reducible for EditorState {
    type Action = EditAction;

    fn reduce(self: Rc<Self>, action: EditAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            EditAction::Load(doc, data, lang) => s.load(doc, data, lang),
            EditAction::Set(path, value) => s.set(path, value),
            EditAction::Number { path, text, integer } => s.typed(path, read_number(&text, integer).map(|v| v.map(editing::number)), text),
            EditAction::List { path, text } => s.typed(path, read_list(&text), text),
            EditAction::Add(item) => s.add(&item),
            EditAction::Remove(item, confirmed) => s.remove(item, confirmed),
            EditAction::Move(item, up) => s.move_item(&item, up),
            EditAction::SetMethod(i, kind) => s.edit(&format!("scheme.indicators[{i}].method.kind"), |d| editing::set_method(d, i, &kind).map_err(Refusal::Issue)),
            EditAction::SetMetric(i, kind) => s.edit(&format!("scheme.indicators[{i}].metric.kind"), |d| editing::set_metric(d, i, &kind).map_err(Refusal::Issue)),
            EditAction::RenameField(ind, from, to) => s.rename_field(ind, from, to),
            EditAction::Confirm(yes) => match s.confirm.take() {
                Some((_, action)) if yes => return Rc::new(s).reduce(*action),
                _ => {}
            },
            EditAction::OpenIndicator(id) => s.indicator = id,
        }
        Rc::new(s)
    }
}

impl EditorState {
    /// The app's document again (after any change it made): kept where equal, so the forms do not redraw.
    fn load(&mut self, doc: Rc<Document>, data: Rc<DataSummary>, lang: Lang) {
        if *self.doc != *doc {
            self.doc = doc;
        }
        if *self.data != *data {
            self.data = data;
        }
        self.lang = lang;
        if self.indicator.as_ref().is_some_and(|id| !self.doc.scheme.indicators.iter().any(|i| &i.id == id)) {
            self.indicator = None;
        }
    }

    fn set(&mut self, path: String, value: Option<serde_json::Value>) {
        self.drafts.remove(&path);
        self.edit(&path, |d| editing::set_path(d, &path, value).map_err(Refusal::Issue));
    }

    /// A value typed into a field: set when read, else kept as typed with why not.
    fn typed(&mut self, path: String, read: Result<Option<serde_json::Value>, Refusal>, text: String) {
        match read {
            Ok(v) => self.edit(&path, |d| editing::set_path(d, &path, v).map_err(Refusal::Issue)),
            Err(why) => {
                self.drafts.insert(path, (text, why));
            }
        }
    }

    fn add(&mut self, item: &Item) {
        let (d, id) = editing::add(&self.doc, item);
        if matches!(item, Item::Indicator(_)) {
            self.indicator = Some(id);
        }
        self.commit(d);
    }

    /// Removes an item, asking first when others refer to it (`confirmed`: asked already).
    fn remove(&mut self, item: Item, confirmed: bool) {
        let why = editing::consequences(&self.doc, &self.data, &item, self.lang);
        if !why.is_empty() && !confirmed {
            self.confirm = Some((why, Box::new(EditAction::Remove(item, true))));
            return;
        }
        let d = editing::remove(&self.doc, &item);
        self.confirm = None;
        let ops = match &item {
            Item::Field(indicator, field) => vec![InputOp::DropField { indicator: indicator.clone(), field: field.clone() }],
            _ => Vec::new(),
        };
        self.commit_with(d, ops);
    }

    fn move_item(&mut self, item: &Item, up: bool) {
        if let Some(d) = editing::move_item(&self.doc, item, up) {
            self.commit(d);
        }
    }

    /// Renames an events/survey field, carrying the units' data along (`InputOp::RenameField`).
    fn rename_field(&mut self, ind: String, from: String, to: String) {
        let path = format!("field:{ind}.{from}");
        match editing::rename_field(&self.doc, &ind, &from, &to) {
            Ok(d) => {
                self.drafts.remove(&path);
                let op = InputOp::RenameField { indicator: ind, from, to: to.trim().to_string() };
                self.commit_with(d, vec![op]);
            }
            Err(e) => {
                self.drafts.insert(path, (to, Refusal::Rename(e)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaohe_core::scenario::Scenario;

    /// The editor as the app mounts it: the demo's scheme and units, and its data summary.
    fn demo() -> Rc<EditorState> {
        let doc = kaohe_core::presets::DEMO.document().unwrap();
        Rc::new(EditorState::new(Rc::new(editing::shell(&doc)), Rc::new(editing::summary(&doc)), Lang::Zh))
    }

    /// The app's side: the scenario takes the scheme the editor hands over, with the inputs it
    /// keeps and the changes to them, and scores it.
    fn scored(s: &EditorState) -> Scenario {
        let mut sc = Scenario::new(kaohe_core::presets::DEMO.document().unwrap()).unwrap();
        if let Some((_, d, ops)) = &s.outgoing {
            let doc = editing::with_scheme_of(sc.document(), d, ops);
            sc.set_document(doc);
        }
        sc
    }

    #[test]
    fn a_quota_change_is_handed_over_and_moves_awards() {
        let s = demo().reduce(EditAction::Number { path: "scheme.awards.tiers[0].count".into(), text: "4".into(), integer: true });
        assert_eq!(s.outgoing.as_ref().map(|(n, _, _)| *n), Some(1));
        // 一等奖 3 → 4: 富源镇 (4th, 86.37) moves from 二等奖 to 一等奖.
        let sc = scored(&s);
        assert_eq!(sc.unit_delta("U05").unwrap().award, Some((Some("二等奖".into()), Some("一等奖".into()))));
        // A count that is not a whole number is refused at the field; nothing is handed over.
        let s = s.reduce(EditAction::Number { path: "scheme.awards.tiers[1].count".into(), text: "3.5".into(), integer: true });
        let (typed, why) = &s.drafts["scheme.awards.tiers[1].count"];
        assert_eq!((typed.as_str(), why.text(Lang::Zh).as_str()), ("3.5", "请输入不小于 0 的整数"));
        assert_eq!(s.outgoing.as_ref().map(|(n, _, _)| *n), Some(1));
    }

    #[test]
    fn a_category_weight_is_a_what_if_like_an_input() {
        // 经济发展 weight 1 → 1.1: 金禾镇 econ 41.24 × 1.1 = 45.364; 79.33 + 4.124 = 83.454 → 83.45.
        let s = demo().reduce(EditAction::Number { path: "scheme.categories[0].weight".into(), text: "1.1".into(), integer: false });
        let sc = scored(&s);
        assert!(sc.issues().is_empty(), "{:?}", sc.issues());
        assert_eq!(sc.results().unit("U08").unwrap().total.0, "83.45".parse().unwrap());
    }

    #[test]
    fn removing_a_referenced_indicator_asks_first() {
        let s = demo().reduce(EditAction::Remove(Item::Indicator("K1".into()), false));
        let (why, _) = s.confirm.clone().unwrap();
        assert_eq!(why.len(), 2);
        assert!(s.outgoing.is_none());
        let s = s.reduce(EditAction::Confirm(false));
        assert!(s.confirm.is_none() && s.outgoing.is_none());
        let s = s.reduce(EditAction::Remove(Item::Indicator("K1".into()), false)).reduce(EditAction::Confirm(true));
        assert!(s.doc.scheme.indicators.iter().all(|i| i.id != "K1"));
        assert!(s.doc.scheme.recognitions.iter().all(|r| r.id != "R1"));
        // The app drops the indicator's data with it.
        let sc = scored(&s);
        assert!(sc.document().inputs["U08"].cells.get("K1").is_none());
        assert!(sc.issues().is_empty());
    }

    #[test]
    fn adding_moving_and_regrouping_keep_the_scheme_valid() {
        let s = demo()
            .reduce(EditAction::Add(Item::Group(String::new())))
            .reduce(EditAction::Add(Item::Unit("G4".into())))
            .reduce(EditAction::Set("units[12].name".into(), Some(serde_json::json!("新镇"))))
            .reduce(EditAction::Add(Item::Indicator("econ".into())));
        assert_eq!(s.indicator.as_deref(), Some("I1"));
        let sc = scored(&s);
        assert!(sc.issues().is_empty(), "{:?}", sc.issues());
        assert_eq!(sc.results().units.len(), 13);
        assert_eq!(sc.results().unit("U1").unwrap().rank, 13);
        let s = s.reduce(EditAction::Set("units[7].group".into(), Some(serde_json::json!("G1"))));
        assert_eq!(scored(&s).results().unit("U08").unwrap().group, "G1");
        let s = s.reduce(EditAction::Move(Item::Category("special".into()), false));
        assert_eq!(s.doc.scheme.categories[2].id, "special");
        // Removing an empty group asks nothing.
        let s = s.reduce(EditAction::Remove(Item::Unit("U1".into()), false)).reduce(EditAction::Remove(Item::Group("G4".into()), false));
        assert!(s.confirm.is_none());
        assert_eq!(s.doc.scheme.groups.len(), 3);
    }

    #[test]
    fn an_invalid_parameter_is_handed_over_and_the_app_keeps_the_last_results() {
        let s = demo();
        let e7 = s.doc.scheme.indicators.iter().position(|i| i.id == "E7").unwrap();
        let before = scored(&s).results().clone();
        // E7's first band bound below the second: 分档下限须从高到低排列.
        let s = s.reduce(EditAction::Number { path: format!("scheme.indicators[{e7}].method.bands[0][0]"), text: "-100".into(), integer: false });
        let sc = scored(&s);
        assert_eq!(sc.issues().len(), 1);
        assert_eq!(sc.issues()[0].kind.zh(), "分档下限须从高到低排列");
        assert_eq!(sc.results(), &before);
    }

    #[test]
    fn a_list_of_points_and_a_field_rename() {
        let s = demo();
        let e3 = s.doc.scheme.indicators.iter().position(|i| i.id == "E3").unwrap();
        let path = format!("scheme.indicators[{e3}].method.table");
        let s = s.reduce(EditAction::List { path: path.clone(), text: "10, 9.5，9".into() });
        assert!(matches!(&s.doc.scheme.indicators[e3].method, kaohe_core::model::Method::RankPoints { table: Some(t), .. } if t.len() == 3));
        let s = s.reduce(EditAction::List { path: path.clone(), text: "10, 九".into() });
        assert!(s.drafts[&path].1.text(Lang::Zh).starts_with("“九”不是数字"));
        let s = s.reduce(EditAction::RenameField("S1".into(), "accidents".into(), "notices".into()));
        assert_eq!(s.drafts["field:S1.accidents"].1.text(Lang::Zh), "字段名“notices”已存在");
        // Loading the app's document again keeps what is typed but not accepted.
        let (doc, data) = (Rc::clone(&s.doc), Rc::clone(&s.data));
        let s = s.reduce(EditAction::Load(doc, data, Lang::En));
        assert_eq!((s.lang, s.drafts.len()), (Lang::En, 2));
        // … and says why in the language now shown.
        assert_eq!(s.drafts["field:S1.accidents"].1.text(s.lang), "the field “notices” exists");
        assert!(s.drafts[&path].1.text(s.lang).starts_with("“九” is not a number"));
    }

    #[test]
    fn the_editor_sees_no_inputs_but_warns_from_the_summary_and_field_changes_reach_the_data() {
        let s = demo();
        assert!(s.doc.inputs.is_empty());
        // S1 (安全生产) has fields accidents and notices; the demo's 12 units each have a value.
        let s = s.reduce(EditAction::Remove(Item::Field("S1".into(), "notices".into()), false));
        let (why, _) = s.confirm.clone().unwrap();
        assert_eq!(why, vec!["12 个单位已录入的该项数据将一并删除".to_string()]);
        let s = s.reduce(EditAction::Confirm(true));
        let sc = scored(&s);
        assert!(sc.document().inputs["U08"].cells["S1"].as_ref().unwrap().get("notices").is_none());
        assert!(sc.document().inputs["U08"].cells["S1"].as_ref().unwrap().get("accidents").is_some());
        // A rename carries every unit's value to the new name.
        let before = kaohe_core::presets::DEMO.document().unwrap().inputs["U08"].field("S1", "accidents");
        let s = demo().reduce(EditAction::RenameField("S1".into(), "accidents".into(), "cases".into()));
        let sc = scored(&s);
        assert_eq!(sc.document().inputs["U08"].field("S1", "cases"), before);
        assert_eq!(sc.document().inputs["U08"].field("S1", "accidents"), None);
    }
}
