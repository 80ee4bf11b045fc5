//! Editing a scheme in forms (issue 6): every change is a function from one document to the next,
//! so the app's reducer stays a list of calls and the what-if scenario, undo and links treat scheme
//! edits exactly as input edits. Referential integrity lives here: removing a group, category,
//! indicator or unit takes with it what refers to it, and `consequences` says what that is before
//! the user confirms.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::describe::METHODS;
use crate::model::{Basis, Document, Method, Metric, TieBreakerKind};
use crate::parse::{parse_document, write_document};
use crate::validate::{Issue, IssueKind};
use crate::Lang;

/// How much data a document holds, per unit, indicator and field: what `consequences` needs to
/// warn before a removal. The scheme editor works on the scheme and units alone (`shell`) with
/// this summary, so that a 2,000-unit document's inputs never cross into it (issue 14).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DataSummary {
    /// Units with any value entered, or vetoed.
    pub units: std::collections::BTreeSet<String>,
    /// Indicator id → field → the number of units with a value in it.
    pub fields: std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>>,
    /// Indicator id → the number of units with any value in it.
    pub indicators: std::collections::BTreeMap<String, usize>,
}

/// The data summary of a document, in one pass over the cells: counted per indicator by position
/// (a row's k-th cell is usually the scheme's k-th indicator), the maps built once at the end (at
/// 2,000 × 100 this runs on every change while the editor is shown; looking every cell's keys up
/// in the maps took 60 ms of the browser's time).
pub fn summary(doc: &Document) -> DataSummary {
    let inds = &doc.scheme.indicators;
    let index = crate::eval::id_index(inds, |i| &i.id);
    let mut per: Vec<Tally<'_>> = vec![Tally::default(); inds.len()];
    // Cells naming no indicator of the scheme (rare: a list).
    let mut others: Vec<(&str, Tally<'_>)> = Vec::new();
    let mut out = DataSummary::default();
    for (u, row) in &doc.inputs {
        let mut any = row.veto;
        for (k, (i, cell)) in row.cells.iter().enumerate() {
            let Some(cell) = cell else { continue };
            let at = if inds.get(k).is_some_and(|x| x.id == *i) { Some(k) } else { index.get(i.as_str()).copied() };
            let t = match at {
                Some(k) => &mut per[k],
                None => match others.iter().position(|x| x.0 == i.as_str()) {
                    Some(j) => &mut others[j].1,
                    None => {
                        others.push((i.as_str(), Tally::default()));
                        let j = others.len() - 1;
                        &mut others[j].1
                    }
                },
            };
            any |= t.count(cell);
        }
        if any {
            out.units.insert(u.clone());
        }
    }
    let all = inds.iter().map(|x| x.id.as_str()).zip(per).chain(others);
    for (id, t) in all.filter(|(_, t)| t.units > 0) {
        out.indicators.insert(id.to_string(), t.units);
        let mut fields = std::collections::BTreeMap::new();
        for (f, n) in t.fields {
            fields.insert(f.to_string(), n);
        }
        out.fields.insert(id.to_string(), fields);
    }
    out
}

/// One indicator's counts while summarising: units with any value, and units per field.
#[derive(Debug, Clone, Default)]
struct Tally<'a> {
    units: usize,
    fields: Vec<(&'a str, usize)>,
}

impl<'a> Tally<'a> {
    /// Counts one unit's cell; whether it holds any value.
    fn count(&mut self, cell: &'a crate::model::Fields) -> bool {
        let mut here = false;
        for (f, _) in cell.iter().filter(|(_, v)| v.is_some()) {
            here = true;
            match self.fields.iter_mut().find(|x| x.0 == f.as_str()) {
                Some(x) => x.1 += 1,
                None => self.fields.push((f.as_str(), 1)),
            }
        }
        self.units += usize::from(here);
        here
    }
}

/// The document without its inputs: what the scheme editor edits.
pub fn shell(doc: &Document) -> Document {
    Document { schema_version: doc.schema_version, scheme: doc.scheme.clone(), units: doc.units.clone(), inputs: Default::default() }
}

/// A change to the inputs that a scheme edit implies beyond dropping removed units and indicators.
/// In JSON a list: `["drop_field", indicator, field]`, `["rename_field", indicator, from, to]`
/// (plain string lists keep the app's reader small).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "Vec<String>", try_from = "Vec<String>")]
pub enum InputOp {
    /// An events/survey field removed: its values go.
    DropField {
        /// Indicator id.
        indicator: String,
        /// Field name.
        field: String,
    },
    /// An events/survey field renamed: its values follow.
    RenameField {
        /// Indicator id.
        indicator: String,
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
}

impl From<InputOp> for Vec<String> {
    fn from(op: InputOp) -> Vec<String> {
        match op {
            InputOp::DropField { indicator, field } => vec!["drop_field".into(), indicator, field],
            InputOp::RenameField { indicator, from, to } => vec!["rename_field".into(), indicator, from, to],
        }
    }
}

impl TryFrom<Vec<String>> for InputOp {
    type Error = String;
    fn try_from(v: Vec<String>) -> Result<InputOp, String> {
        let mut it = v.into_iter();
        match (it.next().as_deref(), it.next(), it.next(), it.next(), it.next()) {
            (Some("drop_field"), Some(indicator), Some(field), None, None) => Ok(InputOp::DropField { indicator, field }),
            (Some("rename_field"), Some(indicator), Some(from), Some(to), None) => Ok(InputOp::RenameField { indicator, from, to }),
            _ => Err("expected [\"drop_field\", indicator, field] or [\"rename_field\", indicator, from, to]".into()),
        }
    }
}

/// `current` with the scheme and units the editor made (`edited`, a shell) and its inputs kept for
/// the units and indicators that remain, changed by `ops`. Rows nothing happens to stay shared.
pub fn with_scheme_of(current: &Document, edited: &Document, ops: &[InputOp]) -> Document {
    let mut d = Document { schema_version: edited.schema_version, scheme: edited.scheme.clone(), units: edited.units.clone(), inputs: current.inputs.clone() };
    let units: std::collections::HashSet<&str> = d.units.iter().map(|u| u.id.as_str()).collect();
    let inds: std::collections::HashSet<&str> = d.scheme.indicators.iter().map(|i| i.id.as_str()).collect();
    // Units or indicators removed (a scheme change usually removes none: then no row is looked at).
    if d.inputs.keys().any(|u| !units.contains(u.as_str())) {
        d.inputs.retain(|u, _| units.contains(u.as_str()));
    }
    let cells_gone = current.scheme.indicators.iter().any(|i| !inds.contains(i.id.as_str()));
    for row in d.inputs.values_mut() {
        if cells_gone && row.cells.keys().any(|i| !inds.contains(i.as_str())) {
            std::sync::Arc::make_mut(&mut row.cells).retain(|i, _| inds.contains(i.as_str()));
        }
        for op in ops {
            let (InputOp::DropField { indicator, field: from } | InputOp::RenameField { indicator, from, .. }) = op;
            if !row.cells.get(indicator).is_some_and(|c| c.as_ref().is_some_and(|c| c.contains_key(from))) {
                continue;
            }
            if let Some(Some(cell)) = std::sync::Arc::make_mut(&mut row.cells).get_mut(indicator) {
                if let Some(idx) = cell.get_index_of(from) {
                    if let Some((_, v)) = cell.shift_remove_index(idx) {
                        if let InputOp::RenameField { to, .. } = op {
                            cell.shift_insert(idx, to.clone(), v);
                        }
                    }
                }
            }
        }
    }
    d
}

/// Something of a scheme that can be added, removed or moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A 考核单元, by id.
    Group(String),
    /// A unit, by id.
    Unit(String),
    /// A category, by id.
    Category(String),
    /// An indicator, by id.
    Indicator(String),
    /// An award tier, by position.
    Tier(usize),
    /// A 突出单位 rule, by id.
    Recognition(String),
    /// A tie-breaker, by position.
    TieBreaker(usize),
    /// An input field of an events or survey indicator: (indicator id, field name).
    Field(String, String),
}

/// A JSON number from a decimal, exactly.
pub fn number(d: Decimal) -> Value {
    serde_json::from_str(&d.normalize().to_string()).unwrap_or(Value::Null)
}

enum Seg {
    Key(String),
    Index(usize),
}

/// `scheme.indicators[3].method.step` → keys and indices (the paths of validation issues).
fn segments(path: &str) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            out.push(Seg::Index(idx.strip_suffix(']')?.parse().ok()?));
        }
    }
    Some(out)
}

fn set_in(v: &mut Value, segs: &[Seg], value: Option<Value>) -> bool {
    let Some((first, rest)) = segs.split_first() else { return false };
    if rest.is_empty() {
        return match (first, v) {
            (Seg::Key(k), Value::Object(m)) => {
                match value {
                    Some(x) => m.insert(k.clone(), x),
                    None => m.shift_remove(k),
                };
                true
            }
            (Seg::Key(k), slot @ Value::Null) => {
                let mut m = Map::new();
                if let Some(x) = value {
                    m.insert(k.clone(), x);
                }
                *slot = Value::Object(m);
                true
            }
            (Seg::Index(i), Value::Array(a)) if *i < a.len() => {
                match value {
                    Some(x) => a[*i] = x,
                    None => {
                        a.remove(*i);
                    }
                }
                true
            }
            (Seg::Index(i), Value::Array(a)) if *i == a.len() => {
                if let Some(x) = value {
                    a.push(x);
                }
                true
            }
            _ => false,
        };
    }
    let child = match (first, v) {
        (Seg::Key(k), Value::Object(m)) => m.entry(k.clone()).or_insert(Value::Null),
        (Seg::Key(k), slot @ Value::Null) => {
            *slot = Value::Object(Map::new());
            match slot {
                Value::Object(m) => m.entry(k.clone()).or_insert(Value::Null),
                _ => return false,
            }
        }
        (Seg::Index(i), Value::Array(a)) if *i < a.len() => &mut a[*i],
        _ => return false,
    };
    set_in(child, rest, value)
}

/// What of a document an edit by path writes out as JSON and reads back.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    /// The scheme alone: an edit inside it. A city's hundreds of units are then not written and
    /// read back on every edit (5 ms of a change in 考核方案 at 500 units).
    Scheme,
    /// The scheme and the units.
    SchemeAndUnits,
}

/// The scheme (and units, for `Part::SchemeAndUnits`) as JSON. The inputs, which forms never edit
/// by path, stay out: on a large document they would be written and read back on every edit.
fn to_value(doc: &Document, part: Part) -> Value {
    let units = if part == Part::SchemeAndUnits { doc.units.clone() } else { Vec::new() };
    let shell = Document { schema_version: doc.schema_version, scheme: doc.scheme.clone(), units, inputs: Default::default() };
    serde_json::from_str(&write_document(&shell)).unwrap_or(Value::Null)
}

/// The document `to_value` came from, with its edited scheme (and units), and its own inputs (and
/// units, when they were left out).
fn from_value(doc: &Document, v: &Value, part: Part) -> Result<Document, Issue> {
    let mut d = parse_document(&v.to_string())?;
    if part == Part::Scheme {
        d.units = doc.units.clone();
    }
    d.inputs = doc.inputs.clone();
    Ok(d)
}

/// Sets (Some) or removes (None: the default applies) the value at a validation-issue path of the
/// scheme or units, e.g. `scheme.categories[0].weight` or `units[3].group`. A value of the wrong shape is refused with the
/// issue at its path; nothing else is checked here (`validate` does, live).
pub fn set_path(doc: &Document, path: &str, value: Option<Value>) -> Result<Document, Issue> {
    let segs = segments(path).ok_or_else(|| Issue::new(path, IssueKind::BadValue { detail: "bad path".into() }))?;
    let part = if matches!(segs.first(), Some(Seg::Key(k)) if k == "scheme") { Part::Scheme } else { Part::SchemeAndUnits };
    let mut v = to_value(doc, part);
    if !set_in(&mut v, &segs, value) {
        return Err(Issue::new(path, IssueKind::BadValue { detail: "bad path".into() }));
    }
    from_value(doc, &v, part)
}

/// The value at a path, if any (for the forms).
pub fn get_path(v: &Value, path: &str) -> Option<Value> {
    let mut cur = v;
    for s in segments(path)? {
        cur = match (s, cur) {
            (Seg::Key(k), Value::Object(m)) => m.get(&k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(i)?,
            _ => return None,
        };
    }
    Some(cur.clone())
}

/// The scheme and units as JSON, for reading values by path in the forms.
pub fn as_value(doc: &Document) -> Value {
    to_value(doc, Part::SchemeAndUnits)
}

fn next_id(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..).map(|n| format!("{prefix}{n}")).find(|id| !taken(id)).unwrap_or_else(|| prefix.to_string())
}

const BLANK: &str = r#"{
  "schema_version": 1,
  "scheme": {
    "id": "new", "name": "新考核方案", "year": null, "base_total": 100,
    "groups": [{"id": "G1", "name": "第一考核单元"}],
    "categories": [{"id": "C1", "name": "类别一", "kind": "base", "full": 100, "report_rank": true}],
    "indicators": [{"id": "I1", "name": "指标一", "category": "C1", "full": 100, "uom": "分",
      "metric": {"kind": "direct"}, "method": {"kind": "direct_scaled"}}],
    "awards": {"scope": "county", "mode": "rank_quota", "tiers": [
      {"label": "一等奖", "count": 1}, {"label": "二等奖", "count": 1}, {"label": "三等奖"}]},
    "recognitions": []
  },
  "units": [{"id": "U1", "name": "单位一", "group": "G1"}],
  "inputs": {}
}"#;

/// A new scheme: one 考核单元, one unit, one base category of 100 with one directly scored
/// indicator, three award tiers — valid from the start, to be filled in.
pub fn blank(year: Option<i64>) -> Result<Document, Issue> {
    let year = year.map_or_else(|| "null".to_string(), |y| y.to_string());
    let text = BLANK.replace("\"year\": null", &format!("\"year\": {year}"));
    parse_document(&text)
}

/// Adds an item after the others; returns the new document and the new item's id (or position).
pub fn add(doc: &Document, what: &Item) -> (Document, String) {
    let mut d = doc.clone();
    let s = &mut d.scheme;
    let id = match what {
        Item::Group(_) => {
            let id = next_id("G", |x| s.groups.iter().any(|g| g.id == x));
            let n = s.groups.len() + 1;
            s.groups.push(crate::model::Group { id: id.clone(), name: format!("第{}考核单元", cn_number(n)) });
            id
        }
        Item::Unit(group) => {
            let id = next_id("U", |x| d.units.iter().any(|u| u.id == x));
            let group = if s.groups.iter().any(|g| &g.id == group) { group.clone() } else { s.groups.first().map(|g| g.id.clone()).unwrap_or_default() };
            d.units.push(crate::model::Unit { id: id.clone(), name: format!("新单位{}", &id[1..]), kind: None, group });
            id
        }
        Item::Category(_) => {
            let id = next_id("C", |x| s.categories.iter().any(|c| c.id == x));
            s.categories.push(new_category(&id));
            id
        }
        Item::Indicator(category) => {
            let id = next_id("I", |x| s.indicators.iter().any(|i| i.id == x));
            let category = if s.categories.iter().any(|c| &c.id == category) { category.clone() } else { s.categories.first().map(|c| c.id.clone()).unwrap_or_default() };
            s.indicators.push(new_indicator(&id, category));
            id
        }
        Item::Tier(_) => {
            let awards = s.awards.get_or_insert_with(|| crate::model::Awards { scope: Default::default(), mode: crate::model::AwardMode::RankQuota, tiers: Vec::new() });
            awards.tiers.push(crate::model::Tier { label: format!("{}等奖", cn_number(awards.tiers.len() + 1)), count: Some(1), ratio: None, min_score: None });
            (awards.tiers.len() - 1).to_string()
        }
        Item::Recognition(_) => {
            let id = next_id("R", |x| s.recognitions.iter().any(|r| r.id == x));
            let basis = s.indicators.first().map(|i| Basis::Indicator(i.id.clone())).unwrap_or_else(|| Basis::Category(s.categories.first().map(|c| c.id.clone()).unwrap_or_default()));
            s.recognitions.push(crate::model::Recognition { id: id.clone(), name: "突出单位".into(), basis, top_n: 3, min_rate: None, scope: Default::default(), require_no_veto: true });
            id
        }
        Item::TieBreaker(_) => {
            let Some(c) = s.categories.first() else { return (d, String::new()) };
            s.tie_breakers.push(crate::model::TieBreaker { kind: TieBreakerKind::Category, id: c.id.clone() });
            (s.tie_breakers.len() - 1).to_string()
        }
        Item::Field(ind, _) => match s.indicators.iter_mut().find(|i| &i.id == ind) {
            Some(i) => add_field(i),
            None => String::new(),
        },
    };
    (d, id)
}

/// A new base category `新类别N`, without full score, cap or weight.
fn new_category(id: &str) -> crate::model::Category {
    crate::model::Category {
        id: id.to_string(),
        name: format!("新类别{}", &id[1..]),
        kind: crate::model::CategoryKind::Base,
        full: None,
        cap: None,
        weight: None,
        report_rank: false,
    }
}

/// A new indicator `新指标N` of 10 points, scored directly.
fn new_indicator(id: &str, category: String) -> crate::model::Indicator {
    crate::model::Indicator {
        id: id.to_string(),
        name: format!("新指标{}", &id[1..]),
        category,
        full: Some(crate::num::Num(Decimal::from(10))),
        uom: None,
        metric: Metric::Direct {},
        method: Method::DirectScaled { scale: None },
        scope: Default::default(),
        direction: Default::default(),
        missing: None,
        no_target: None,
        no_base: None,
        applies_to: None,
        labels: None,
    }
}

/// A new event or survey field `新项N` of an indicator (1 point per event, weight 1): its name.
fn add_field(i: &mut crate::model::Indicator) -> String {
    let labels = i.labels.get_or_insert_with(Default::default);
    let taken: Vec<String> = labels.keys().cloned().chain(method_fields(&i.method)).collect();
    let name = next_id("f", |x| taken.iter().any(|t| t == x));
    labels.insert(name.clone(), format!("新项{}", &name[1..]));
    let one = crate::num::Num(Decimal::ONE);
    match &mut i.method {
        Method::Deduction { per } | Method::Points { per, .. } => {
            per.get_or_insert_with(Default::default).insert(name.clone(), one);
        }
        Method::Satisfaction { weights } => {
            weights.get_or_insert_with(Default::default).insert(name.clone(), one);
        }
        _ => {}
    }
    name
}

fn method_fields(m: &Method) -> Vec<String> {
    match m {
        Method::Deduction { per } | Method::Points { per, .. } => per.iter().flatten().map(|(k, _)| k.clone()).collect(),
        Method::Satisfaction { weights } => weights.iter().flatten().map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    }
}

/// 一, 二, … 十, 十一 … for default names.
fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

fn name_of_unit(doc: &Document, id: &str) -> String {
    doc.units.iter().find(|u| u.id == id).map_or(id.to_string(), |u| u.name.clone())
}

/// What else a removal takes with it, in words; empty when nothing refers to the item (then no
/// confirmation is needed).
pub fn consequences(doc: &Document, data: &DataSummary, what: &Item, lang: Lang) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let s = &doc.scheme;
    let list = |v: Vec<String>| v.join(if zh { "、" } else { ", " });
    let has_data = |u: &str| data.units.contains(u);
    let ind_data = |i: &str| data.indicators.get(i).copied().unwrap_or(0);
    let mut out = Vec::new();
    let recs_on = |pred: &dyn Fn(&Basis) -> bool| -> Vec<String> { s.recognitions.iter().filter(|r| pred(&r.basis)).map(|r| format!("“{}”", r.name)).collect() };
    let ties_on = |kind: TieBreakerKind, id: &str| s.tie_breakers.iter().filter(|t| t.kind == kind && t.id == id).count();
    match what {
        Item::Group(g) => {
            let units: Vec<String> = doc.units.iter().filter(|u| &u.group == g).map(|u| u.name.clone()).collect();
            if !units.is_empty() {
                out.push(if zh { format!("其中的 {} 个单位（{}）及其全部数据将一并删除", units.len(), list(units)) } else { format!("its {} units ({}) and all their data are removed", units.len(), list(units)) });
            }
            let inds: Vec<String> = s.indicators.iter().filter(|i| i.applies_to.iter().flatten().any(|x| x == g)).map(|i| format!("“{}”", i.name)).collect();
            if !inds.is_empty() {
                out.push(if zh { format!("{} 项指标的适用范围中将去掉此单元：{}", inds.len(), list(inds)) } else { format!("{} indicators no longer apply to it: {}", inds.len(), list(inds)) });
            }
        }
        Item::Unit(u) => {
            if has_data(u) {
                out.push(if zh { format!("单位“{}”已录入的数据将一并删除", name_of_unit(doc, u)) } else { format!("the data entered for “{}” is removed", name_of_unit(doc, u)) });
            }
        }
        Item::Category(c) => {
            let inds: Vec<&crate::model::Indicator> = s.indicators.iter().filter(|i| &i.category == c).collect();
            if !inds.is_empty() {
                let names = inds.iter().map(|i| format!("“{}”", i.name)).collect();
                out.push(if zh { format!("其中的 {} 项指标（{}）及各单位这些指标的数据将一并删除", inds.len(), list(names)) } else { format!("its {} indicators ({}) and their data are removed", inds.len(), list(names)) });
            }
            let ids: Vec<&str> = inds.iter().map(|i| i.id.as_str()).collect();
            let recs = recs_on(&|b| match b {
                Basis::Category(x) => x == c,
                Basis::Indicator(x) => ids.contains(&x.as_str()),
            });
            if !recs.is_empty() {
                out.push(if zh { format!("以其为依据的突出单位评选 {} 将一并删除", list(recs)) } else { format!("the 突出单位 rules {} based on it are removed", list(recs)) });
            }
            let ties = ties_on(TieBreakerKind::Category, c) + ids.iter().map(|i| ties_on(TieBreakerKind::Indicator, i)).sum::<usize>();
            if ties > 0 {
                out.push(if zh { format!("{ties} 条并列排序规则将一并删除") } else { format!("{ties} tie-breakers are removed") });
            }
        }
        Item::Indicator(i) => {
            let n = ind_data(i);
            if n > 0 {
                out.push(if zh { format!("{n} 个单位已录入的该项数据将一并删除（可用“撤销”恢复）") } else { format!("the data of {n} units for it is removed (undo restores it)") });
            }
            let recs = recs_on(&|b| matches!(b, Basis::Indicator(x) if x == i));
            if !recs.is_empty() {
                out.push(if zh { format!("以其为依据的突出单位评选 {} 将一并删除", list(recs)) } else { format!("the 突出单位 rules {} based on it are removed", list(recs)) });
            }
            let ties = ties_on(TieBreakerKind::Indicator, i);
            if ties > 0 {
                out.push(if zh { format!("{ties} 条并列排序规则将一并删除") } else { format!("{ties} tie-breakers are removed") });
            }
        }
        Item::Field(ind, f) => {
            let n = data.fields.get(ind).and_then(|m| m.get(f)).copied().unwrap_or(0);
            if n > 0 {
                out.push(if zh { format!("{n} 个单位已录入的该项数据将一并删除") } else { format!("the data of {n} units for it is removed") });
            }
        }
        Item::Tier(_) | Item::Recognition(_) | Item::TieBreaker(_) => {}
    }
    out
}

/// Removes an item and whatever refers to it (see `consequences`).
pub fn remove(doc: &Document, what: &Item) -> Document {
    let mut d = doc.clone();
    match what {
        Item::Group(g) => {
            let gone: Vec<String> = d.units.iter().filter(|u| &u.group == g).map(|u| u.id.clone()).collect();
            d.units.retain(|u| &u.group != g);
            d.inputs.retain(|u, _| !gone.contains(u));
            d.scheme.groups.retain(|x| &x.id != g);
            for i in &mut d.scheme.indicators {
                if let Some(a) = &mut i.applies_to {
                    a.retain(|x| x != g);
                }
            }
        }
        Item::Unit(u) => {
            d.units.retain(|x| &x.id != u);
            d.inputs.shift_remove(u);
        }
        Item::Category(c) => {
            let ids: Vec<String> = d.scheme.indicators.iter().filter(|i| &i.category == c).map(|i| i.id.clone()).collect();
            for i in &ids {
                d = remove(&d, &Item::Indicator(i.clone()));
            }
            d.scheme.categories.retain(|x| &x.id != c);
            d.scheme.recognitions.retain(|r| !matches!(&r.basis, Basis::Category(x) if x == c));
            d.scheme.tie_breakers.retain(|t| !(t.kind == TieBreakerKind::Category && &t.id == c));
        }
        Item::Indicator(i) => {
            d.scheme.indicators.retain(|x| &x.id != i);
            for row in d.inputs.values_mut() {
                std::sync::Arc::make_mut(&mut row.cells).shift_remove(i);
            }
            d.scheme.recognitions.retain(|r| !matches!(&r.basis, Basis::Indicator(x) if x == i));
            d.scheme.tie_breakers.retain(|t| !(t.kind == TieBreakerKind::Indicator && &t.id == i));
        }
        Item::Tier(k) => {
            if let Some(a) = &mut d.scheme.awards {
                if *k < a.tiers.len() {
                    a.tiers.remove(*k);
                }
            }
        }
        Item::Recognition(r) => d.scheme.recognitions.retain(|x| &x.id != r),
        Item::TieBreaker(k) => {
            if *k < d.scheme.tie_breakers.len() {
                d.scheme.tie_breakers.remove(*k);
            }
        }
        Item::Field(ind, f) => {
            if let Some(i) = d.scheme.indicators.iter_mut().find(|i| &i.id == ind) {
                if let Some(l) = &mut i.labels {
                    l.shift_remove(f);
                }
                match &mut i.method {
                    Method::Deduction { per: Some(m) } | Method::Points { per: Some(m), .. } | Method::Satisfaction { weights: Some(m) } => {
                        m.shift_remove(f);
                    }
                    _ => {}
                }
            }
            for row in d.inputs.values_mut() {
                if let Some(Some(cell)) = std::sync::Arc::make_mut(&mut row.cells).get_mut(ind) {
                    cell.shift_remove(f);
                }
            }
        }
    }
    d
}

/// Moves a category, indicator, group, unit or tier one place up (or down); false at the end.
pub fn move_item(doc: &Document, what: &Item, up: bool) -> Option<Document> {
    fn swap<T>(v: &mut [T], i: usize, up: bool) -> bool {
        let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < v.len()) };
        match j {
            Some(j) => {
                v.swap(i, j);
                true
            }
            None => false,
        }
    }
    let mut d = doc.clone();
    let s = &mut d.scheme;
    let moved = match what {
        Item::Category(c) => s.categories.iter().position(|x| &x.id == c).is_some_and(|i| swap(&mut s.categories, i, up)),
        Item::Group(g) => s.groups.iter().position(|x| &x.id == g).is_some_and(|i| swap(&mut s.groups, i, up)),
        Item::Unit(u) => d.units.iter().position(|x| &x.id == u).is_some_and(|i| swap(&mut d.units, i, up)),
        Item::Tier(k) => s.awards.as_mut().is_some_and(|a| *k < a.tiers.len() && swap(&mut a.tiers, *k, up)),
        Item::Indicator(i) => {
            // Within its category: swap with the neighbour of the same category.
            let pos = s.indicators.iter().position(|x| &x.id == i)?;
            let cat = s.indicators[pos].category.clone();
            let same: Vec<usize> = s.indicators.iter().enumerate().filter(|(_, x)| x.category == cat).map(|(k, _)| k).collect();
            let at = same.iter().position(|k| *k == pos)?;
            let other = if up { at.checked_sub(1).map(|a| same[a]) } else { same.get(at + 1).copied() };
            match other {
                Some(o) => {
                    s.indicators.swap(pos, o);
                    true
                }
                None => false,
            }
        }
        _ => false,
    };
    moved.then_some(d)
}

/// Switches an indicator's method to `kind` with starting parameters that score at once (so a new
/// choice is valid until the user changes them), and its metric to the one the method is made for
/// when it has one (completion_linear a completion rate, direct_scaled a direct score, per_count a
/// count, binary a done flag, deduction and points events, satisfaction a survey); the relative
/// methods keep a single-value metric.
pub fn set_method(doc: &Document, indicator: usize, kind: &str) -> Result<Document, Issue> {
    let mut v = to_value(doc, Part::Scheme);
    let path = format!("scheme.indicators[{indicator}]");
    let ind = doc.scheme.indicators.get(indicator).ok_or_else(|| Issue::new(&path, IssueKind::BadValue { detail: "no such indicator".into() }))?;
    let w = ind.full.map_or(Decimal::from(10), |f| f.0);
    let fields: Vec<String> = ind.labels.iter().flatten().map(|(k, _)| k.clone()).collect();
    let counts = |pts: Decimal| {
        let mut m = Map::new();
        for f in if fields.is_empty() { vec!["f1".to_string()] } else { fields.clone() } {
            m.insert(f, number(pts));
        }
        Value::Object(m)
    };
    let tenth = (w / Decimal::from(10)).normalize();
    let method = match kind {
        "rank_points" => serde_json::json!({"kind": kind, "step": number(tenth)}),
        "base_step" => serde_json::json!({"kind": kind, "benchmark": "county_avg", "base": number((w * Decimal::new(6, 1)).normalize()), "up": number(tenth), "up_unit": 1, "down": number(tenth), "down_unit": 1}),
        "standard_ratio" => serde_json::json!({"kind": kind, "std_value": 100, "std_score": number(w)}),
        "interval" => serde_json::json!({"kind": kind, "bands": [[90, number(w)], [60, number((w * Decimal::new(6, 1)).normalize())]]}),
        "per_count" => serde_json::json!({"kind": kind, "per": 1}),
        "deduction" | "points" => serde_json::json!({"kind": kind, "per": counts(Decimal::ONE)}),
        "satisfaction" => serde_json::json!({"kind": kind, "weights": counts(Decimal::ONE)}),
        k if METHODS.iter().any(|(m, _, _)| *m == k) => serde_json::json!({"kind": k}),
        other => {
            let known: Vec<&str> = METHODS.iter().map(|(m, _, _)| *m).collect();
            return Err(Issue::new(format!("{path}.method.kind"), IssueKind::UnknownVariant { found: other.into(), detail: known.join(", ") }));
        }
    };
    let counts_method = matches!(kind, "deduction" | "points" | "satisfaction");
    let metric = match (kind, ind.metric.kind_name()) {
        ("satisfaction", m) if m != "survey" => Some("survey"),
        ("deduction" | "points", m) if m != "events" => Some("events"),
        ("binary", m) if m != "flag" => Some("flag"),
        ("completion_linear", m) if m != "completion" => Some("completion"),
        ("direct_scaled", m) if m != "direct" => Some("direct"),
        ("per_count", m) if m != "count" => Some("count"),
        (_, "events" | "survey" | "flag") if !counts_method => Some("value"),
        _ => None,
    };
    set_in(&mut v, &segments(&format!("{path}.method")).unwrap_or_default(), Some(method));
    if let Some(m) = metric {
        set_in(&mut v, &segments(&format!("{path}.metric")).unwrap_or_default(), Some(serde_json::json!({"kind": m})));
        if counts_method && fields.is_empty() {
            set_in(&mut v, &segments(&format!("{path}.labels")).unwrap_or_default(), Some(serde_json::json!({"f1": "次数"})));
        }
    }
    from_value(doc, &v, Part::Scheme)
}

/// Switches an indicator's metric kind (its parameters reset). A method that cannot score it is
/// left for the user to change: validation says so at the method.
pub fn set_metric(doc: &Document, indicator: usize, kind: &str) -> Result<Document, Issue> {
    set_path(doc, &format!("scheme.indicators[{indicator}].metric"), Some(serde_json::json!({"kind": kind})))
}

/// Why a field cannot be renamed so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    /// Not letters, digits and underscores, or starting with one.
    #[error("a field name is letters, digits and underscores, not starting with an underscore")]
    BadName,
    /// Another field of the indicator has the name.
    #[error("the field “{0}” exists")]
    Taken(String),
    /// No indicator of that id.
    #[error("no such indicator")]
    NoIndicator,
}

impl RenameError {
    /// In `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (RenameError::BadName, Lang::Zh) => "字段名只能用英文字母、数字和下划线，且不以下划线开头".into(),
            (RenameError::Taken(name), Lang::Zh) => format!("字段名“{name}”已存在"),
            (RenameError::NoIndicator, Lang::Zh) => "没有这个指标".into(),
        }
    }
}

/// Renames an events/survey field everywhere: labels, points or weights, and every unit's data.
pub fn rename_field(doc: &Document, indicator: &str, from: &str, to: &str) -> Result<Document, RenameError> {
    let to = to.trim();
    if to.is_empty() || !to.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || to.starts_with('_') {
        return Err(RenameError::BadName);
    }
    let mut d = doc.clone();
    let Some(i) = d.scheme.indicators.iter_mut().find(|i| i.id == indicator) else { return Err(RenameError::NoIndicator) };
    let taken = i.labels.iter().flatten().any(|(k, _)| k == to) || method_fields(&i.method).iter().any(|k| k == to);
    if taken && from != to {
        return Err(RenameError::Taken(to.to_string()));
    }
    let rename = |m: &mut indexmap::IndexMap<String, crate::num::Num>| {
        if let Some(idx) = m.get_index_of(from) {
            if let Some((_, v)) = m.shift_remove_index(idx) {
                m.shift_insert(idx, to.to_string(), v);
            }
        }
    };
    if let Some(l) = &mut i.labels {
        if let Some(idx) = l.get_index_of(from) {
            if let Some((_, v)) = l.shift_remove_index(idx) {
                l.shift_insert(idx, to.to_string(), v);
            }
        }
    }
    match &mut i.method {
        Method::Deduction { per: Some(m) } | Method::Points { per: Some(m), .. } | Method::Satisfaction { weights: Some(m) } => rename(m),
        _ => {}
    }
    for row in d.inputs.values_mut() {
        if let Some(Some(cell)) = std::sync::Arc::make_mut(&mut row.cells).get_mut(indicator) {
            if let Some(idx) = cell.get_index_of(from) {
                if let Some((_, v)) = cell.shift_remove_index(idx) {
                    cell.shift_insert(idx, to.to_string(), v);
                }
            }
        }
    }
    Ok(d)
}
