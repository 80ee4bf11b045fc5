//! FORMAT §2: the results of scoring a document, as serde types.

use std::sync::Arc;

use indexmap::IndexMap;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::metric::Status;
use crate::num::Num;
use crate::validate::Issue;

/// FORMAT §2: everything the engine computed for a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// Always 1.
    pub schema_version: u64,
    /// One entry per unit, in document order.
    pub units: Vec<UnitResult>,
    /// Recognition id → recognized unit ids, in document order.
    pub recognitions: IndexMap<String, Vec<String>>,
    /// Validation warnings (SCORING §8).
    #[serde(serialize_with = "serialize_warnings")]
    pub warnings: Vec<Issue>,
}

impl Results {
    /// The result of the unit with this id.
    pub fn unit(&self, id: &str) -> Option<&UnitResult> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The units in rank order (document order among equal ranks): the 结果 sheet's rows and the
    /// CLI's table.
    pub fn in_rank_order(&self) -> Vec<&UnitResult> {
        let mut units: Vec<&UnitResult> = self.units.iter().collect();
        units.sort_by_key(|u| u.rank);
        units
    }
}

/// FORMAT §2 the results as a table, the part every layout shares (the 结果 sheet, the CSV and the
/// CLI's table): the figure columns — each category's subtotal in scheme order, then 基本分, 加分,
/// 扣分 and 总分 — and the names a row shows for its group and recognitions.
pub mod layout {
    use rust_decimal::Decimal;

    use super::UnitResult;
    use crate::model::Document;
    use crate::Lang;

    /// The figure columns' headings: the categories' names, then 基本分, 加分, 扣分, 总分.
    pub fn figure_headings(doc: &Document, lang: Lang) -> Vec<String> {
        let words: [(&str, &str); 4] = [("基本分", "Base"), ("加分", "Bonus"), ("扣分", "Deductions"), ("总分", "Total")];
        let cats = doc.scheme.categories.iter().map(|c| c.name.clone());
        cats.chain(words.iter().map(|(zh, en)| if lang == Lang::Zh { zh } else { en }.to_string())).collect()
    }

    /// The figure columns' JSON keys (FORMAT §2; the CSV's header): `category.<id>` …, `base`,
    /// `bonus`, `penalty`, `total`.
    pub fn figure_keys(doc: &Document) -> Vec<String> {
        let cats = doc.scheme.categories.iter().map(|c| format!("category.{}", c.id));
        cats.chain(["base", "bonus", "penalty", "total"].map(String::from)).collect()
    }

    /// A unit's figures, in the columns' order.
    pub fn figures(u: &UnitResult) -> Vec<Decimal> {
        let cats = u.categories.iter().map(|c| c.score.0);
        cats.chain([u.base, u.bonus, u.penalty, u.total].map(|n| n.0)).collect()
    }

    /// The name of a group (its id when the scheme has no such group).
    pub fn group_name<'a>(doc: &'a Document, id: &'a str) -> &'a str {
        doc.scheme.groups.iter().find(|g| g.id == id).map_or(id, |g| g.name.as_str())
    }

    /// The names of the recognitions a unit won, in scheme order (an id the scheme lacks as is).
    pub fn recognition_names<'a>(doc: &'a Document, u: &'a UnitResult) -> Vec<&'a str> {
        u.recognitions.iter().map(|id| doc.scheme.recognitions.iter().find(|x| &x.id == id).map_or(id.as_str(), |x| x.name.as_str())).collect()
    }
}

/// FORMAT §2: one unit's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitResult {
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
    /// Group id.
    pub group: String,
    /// Base total after weights and rescaling (SCORING §5), rounded.
    pub base: Num,
    /// Bonus (加分), rounded.
    pub bonus: Num,
    /// Deductions (扣分, positive), rounded.
    pub penalty: Num,
    /// base + bonus − penalty (SCORING §5).
    pub total: Num,
    /// County rank (SCORING §6).
    pub rank: u32,
    /// Rank inside the unit's group.
    pub group_rank: u32,
    /// Award tier label, or null.
    pub award: Option<String>,
    /// 一票否决.
    pub vetoed: bool,
    /// Category subtotals in scheme order (their ids: `keys`).
    pub categories: Vec<CategoryResult>,
    /// Indicator scores in scheme order (their ids: `keys`).
    pub indicators: Vec<IndicatorResult>,
    /// Recognition ids won, in scheme order.
    pub recognitions: Vec<String>,
    /// The ids of the categories and indicators, in scheme order: one list shared by every unit
    /// of the results (an id per score would be 200,000 reference counts in a 2,000 × 100 document).
    pub keys: Arc<Keys>,
}

/// FORMAT §2 a unit's result as JSON: its figures without trailing zeros, its categories and
/// indicators as objects keyed by id.
impl Serialize for UnitResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("UnitResult", 14)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("group", &self.group)?;
        st.serialize_field("base", &Num(self.base.0.normalize()))?;
        st.serialize_field("bonus", &Num(self.bonus.0.normalize()))?;
        st.serialize_field("penalty", &Num(self.penalty.0.normalize()))?;
        st.serialize_field("total", &Num(self.total.0.normalize()))?;
        st.serialize_field("rank", &self.rank)?;
        st.serialize_field("group_rank", &self.group_rank)?;
        st.serialize_field("award", &self.award)?;
        st.serialize_field("vetoed", &self.vetoed)?;
        st.serialize_field("categories", &ByKey { items: &self.categories, key: &|c| self.keys.category(c) })?;
        st.serialize_field("indicators", &ByKey { items: &self.indicators, key: &|i| self.keys.indicator(i) })?;
        st.serialize_field("recognitions", &self.recognitions)?;
        st.end()
    }
}

/// Items serialized as one JSON object, each under its key.
struct ByKey<'a, T> {
    items: &'a [T],
    key: &'a dyn Fn(usize) -> &'a str,
}

impl<T: Serialize> Serialize for ByKey<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.items.len()))?;
        for (k, it) in self.items.iter().enumerate() {
            m.serialize_entry((self.key)(k), it)?;
        }
        m.end()
    }
}

/// The ids of a document's categories and indicators in scheme order, the keys of every unit's
/// `categories` and `indicators` (FORMAT §2): kept once, in one string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keys {
    text: String,
    /// Where each id ends in `text`: the categories', then the indicators'.
    ends: Vec<usize>,
    categories: usize,
}

impl Keys {
    /// The keys of these category and indicator ids.
    pub fn new<'a>(categories: impl ExactSizeIterator<Item = &'a str> + Clone, indicators: impl ExactSizeIterator<Item = &'a str> + Clone) -> Self {
        let bytes = categories.clone().chain(indicators.clone()).map(str::len).sum();
        let mut keys = Keys { text: String::with_capacity(bytes), ends: Vec::with_capacity(categories.len() + indicators.len()), categories: 0 };
        for id in categories {
            keys.push(id);
        }
        keys.categories = keys.ends.len();
        for id in indicators {
            keys.push(id);
        }
        keys
    }

    fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    fn at(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends.get(k - 1).copied().unwrap_or(0) };
        self.ends.get(k).and_then(|&end| self.text.get(start..end)).unwrap_or("")
    }

    /// The id of category `c` (scheme order; "" beyond the last).
    pub fn category(&self, c: usize) -> &str {
        if c < self.categories { self.at(c) } else { "" }
    }

    /// The id of indicator `i` (scheme order; "" beyond the last).
    pub fn indicator(&self, i: usize) -> &str {
        self.at(self.categories + i)
    }

    /// The position of the category with this id.
    pub fn category_at(&self, id: &str) -> Option<usize> {
        (0..self.categories).find(|&c| self.at(c) == id)
    }

    /// The position of the indicator with this id.
    pub fn indicator_at(&self, id: &str) -> Option<usize> {
        (0..self.ends.len() - self.categories).find(|&i| self.indicator(i) == id)
    }
}

impl UnitResult {
    /// The subtotal of a category by id.
    pub fn category(&self, id: &str) -> Option<&CategoryResult> {
        self.keys.category_at(id).and_then(|c| self.categories.get(c))
    }
    /// The score of an indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorResult> {
        self.keys.indicator_at(id).and_then(|i| self.indicators.get(i))
    }
}

/// FORMAT §2: a category subtotal (ranks only with `report_rank`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryResult {
    /// Subtotal, capped, unscaled, rounded.
    #[serde(serialize_with = "norm")]
    pub score: Num,
    /// County rank of the subtotal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// Group rank of the subtotal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_rank: Option<u32>,
}

/// FORMAT §2: one indicator score with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorResult {
    /// Rounded score; null when not assessed.
    #[serde(serialize_with = "norm_opt")]
    pub score: Option<Num>,
    /// County rank of the score; null when not assessed.
    pub rank: Option<u32>,
    /// SCORING §9.2 status.
    pub status: Status,
    /// The metric value, exact; shown rounded to 4 decimals (JSON too); null for counts or no value.
    #[serde(serialize_with = "serialize_metric")]
    pub metric: Option<Num>,
    /// The explanation in words; filled by `Results::render_explanations`.
    pub explain: String,
}

/// Figures go out as plain JSON numbers without trailing zeros (2.00 → 2, 0.90 → 0.9).
fn norm<S: Serializer>(n: &Num, s: S) -> Result<S::Ok, S::Error> {
    Num(n.0.normalize()).serialize(s)
}

fn norm_opt<S: Serializer>(n: &Option<Num>, s: S) -> Result<S::Ok, S::Error> {
    n.map(|x| Num(x.0.normalize())).serialize(s)
}

fn serialize_metric<S: Serializer>(m: &Option<Num>, s: S) -> Result<S::Ok, S::Error> {
    m.map(|n| Num(crate::num::round_half_up(n.0, 4).normalize())).serialize(s)
}

fn serialize_warnings<S: Serializer>(items: &[Issue], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct W<'a> {
        path: &'a str,
        message: String,
        message_zh: String,
    }
    s.collect_seq(items.iter().map(|i| W { path: &i.path, message: i.kind.en(), message_zh: i.kind.zh() }))
}
