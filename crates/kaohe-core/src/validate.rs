//! SCORING §8 / §9.13: validation of a document before scoring. Every issue names the path of the
//! bad value and says what is wrong, in English (`Display`) and in Chinese (`zh`).

use rustc_hash::FxHashSet as HashSet;
use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{Basis, CategoryKind, Direction, Document, Method, Metric, TieBreakerKind};
use crate::num::Num;
use crate::Lang;

/// One problem found in a document: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", self.en())]
pub struct Issue {
    /// Path of the bad value, e.g. `scheme.indicators[3].method.step` or `inputs.U08.E5.actual`.
    pub path: String,
    /// What is wrong.
    pub kind: IssueKind,
}

/// What kind of id an unknown or duplicate id was meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// A 考核单元.
    Group,
    /// A category.
    Category,
    /// An indicator.
    Indicator,
    /// A unit.
    Unit,
    /// A 突出单位 rule.
    Recognition,
    /// A category or indicator named by a tie-breaker.
    TieBreaker,
}

impl IdKind {
    fn zh(self) -> &'static str {
        match self {
            IdKind::Group => "考核单元",
            IdKind::Category => "类别",
            IdKind::Indicator => "指标",
            IdKind::Unit => "单位",
            IdKind::Recognition => "突出单位评选",
            IdKind::TieBreaker => "并列排序依据",
        }
    }
    fn en(self) -> &'static str {
        match self {
            IdKind::Group => "group",
            IdKind::Category => "category",
            IdKind::Indicator => "indicator",
            IdKind::Unit => "unit",
            IdKind::Recognition => "recognition",
            IdKind::TieBreaker => "tie-breaker target",
        }
    }
}

/// What is wrong at a path; the UI turns each into Chinese with `Issue::zh`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[allow(missing_docs)] // the fields are the figures named in the variant's doc
pub enum IssueKind {
    /// Not JSON.
    Syntax { line: usize, column: usize, detail: String },
    /// A key this format does not have.
    UnknownField { field: String },
    /// A kind/mode name this format does not have.
    UnknownVariant { found: String, detail: String },
    /// A required key is absent.
    MissingField { field: String },
    /// A number beyond exact decimals.
    NumberOutOfRange { detail: String },
    /// A value of the wrong type or form.
    BadValue { detail: String },
    /// The document is empty.
    Empty,
    /// `schema_version` other than the one this build reads.
    UnsupportedVersion { found: String, supported: u64 },
    /// An id used twice.
    DuplicateId { what: IdKind, id: String },
    /// An id that names nothing.
    UnknownId { what: IdKind, id: String },
    /// `full` below 0.
    NegativeFull,
    /// `full` absent on a method other than `points`.
    MissingFull,
    /// A required method parameter is absent.
    MissingParam { param: String },
    /// A parameter that must be > 0.
    NotPositive { param: String },
    /// A parameter that must be ≥ 0.
    Negative { param: String },
    /// Fixed `lo` above fixed `hi`.
    LoAboveHi,
    /// `min` above `max`.
    MinAboveMax,
    /// Interval bounds not strictly falling (rising for `lower`).
    BandsOutOfOrder { direction: Direction },
    /// A method that cannot score this metric kind.
    MethodMetricMismatch { method: String, metric: String },
    /// A tier with both count and ratio.
    CountAndRatio,
    /// Too many decimal places asked for.
    DpTooLarge { max: u32 },
    /// Warning: Σ indicator full ≠ category full.
    SumFullMismatch { sum: String, full: String },
    /// Warning: Σ weighted base category full ≠ base_total.
    BaseTotalMismatch { sum: String, total: String },
    /// Warning: `applies_to` lists no group, so the indicator is assessed for nobody.
    AppliesToNone,
    /// A figure grew beyond exact decimals while scoring.
    Overflow,
}

impl Issue {
    /// An issue at `path`.
    pub fn new(path: impl Into<String>, kind: IssueKind) -> Self {
        Issue { path: path.into(), kind }
    }

    /// The issue in English, path first.
    pub fn en(&self) -> String {
        let what = self.kind.en();
        if self.path.is_empty() { what } else { format!("{}: {}", self.path, what) }
    }

    /// The issue in Chinese, path first (为界面显示).
    pub fn zh(&self) -> String {
        let what = self.kind.zh();
        if self.path.is_empty() { what } else { format!("{}：{}", self.path, what) }
    }

    /// The issue in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

impl IssueKind {
    /// What is wrong in `lang`, without the path (as a form shows it beside its field).
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

impl IssueKind {
    /// The message alone, in English.
    pub fn en(&self) -> String {
        use IssueKind::*;
        match self {
            Syntax { line, column, detail } => format!("not valid JSON at line {line}, column {column}: {detail}"),
            UnknownField { field } => format!("unknown key `{field}` (check its spelling)"),
            UnknownVariant { detail, .. } => detail.clone(),
            MissingField { field } => format!("required key `{field}` is missing"),
            NumberOutOfRange { detail } => detail.clone(),
            BadValue { detail } => detail.clone(),
            Empty => "the document is empty".into(),
            UnsupportedVersion { found, supported } => {
                format!("schema_version {found} is not supported: this build reads version {supported}")
            }
            DuplicateId { what, id } => format!("duplicate {} id `{id}`", what.en()),
            UnknownId { what, id } => format!("no {} has the id `{id}`", what.en()),
            NegativeFull => "full must not be negative".into(),
            MissingFull => "full is required (only `points` items may leave it out)".into(),
            MissingParam { param } => format!("the method needs the parameter `{param}`"),
            NotPositive { param } => format!("`{param}` must be greater than 0"),
            Negative { param } => format!("`{param}` must not be negative"),
            LoAboveHi => "`lo` must not exceed `hi`".into(),
            MinAboveMax => "`min` must not exceed `max`".into(),
            BandsOutOfOrder { direction: Direction::Higher } => {
                "band bounds must strictly fall from first to last".into()
            }
            BandsOutOfOrder { direction: Direction::Lower } => {
                "band bounds must strictly rise from first to last (direction lower)".into()
            }
            MethodMetricMismatch { method, metric } => {
                format!("method `{method}` cannot score a `{metric}` metric")
            }
            CountAndRatio => "a tier takes count or ratio, not both".into(),
            DpTooLarge { max } => format!("dp must be at most {max}"),
            SumFullMismatch { sum, full } => {
                format!("the indicators' full scores add up to {sum}, not the category's full {full}")
            }
            BaseTotalMismatch { sum, total } => {
                format!("the base categories' weighted full scores add up to {sum}, not base_total {total}")
            }
            AppliesToNone => "applies to no group: no unit is assessed on this indicator".into(),
            Overflow => "a figure is too large to compute exactly; check the input".into(),
        }
    }

    /// The message alone, in Chinese.
    pub fn zh(&self) -> String {
        use IssueKind::*;
        match self {
            Syntax { line, column, .. } => format!("不是有效的 JSON（第 {line} 行第 {column} 列）"),
            UnknownField { field } => format!("无法识别的字段“{field}”，请检查拼写"),
            UnknownVariant { found, .. } => format!("无法识别的取值“{found}”"),
            MissingField { field } => format!("缺少必填字段“{field}”"),
            NumberOutOfRange { .. } => "数值超出可精确计算的范围（最多 28 位有效数字）".into(),
            BadValue { detail } => bad_value_zh(detail),
            Empty => "文档为空".into(),
            UnsupportedVersion { found, supported } => {
                format!("不支持的文档版本 {found}：本程序读取第 {supported} 版")
            }
            DuplicateId { what, id } => format!("{}编号“{id}”重复", what.zh()),
            UnknownId { what, id } => format!("找不到编号为“{id}”的{}", what.zh()),
            NegativeFull => "分值不能为负数".into(),
            MissingFull => "须填写分值（只有“按项计分”的加减分项可以不填）".into(),
            MissingParam { param } => format!("计分方法缺少参数“{param}”"),
            NotPositive { param } => format!("参数“{param}”须大于 0"),
            Negative { param } => format!("参数“{param}”不能为负数"),
            LoAboveHi => "下限 lo 不能大于上限 hi".into(),
            MinAboveMax => "最低分 min 不能大于最高分 max".into(),
            BandsOutOfOrder { direction: Direction::Higher } => "分档下限须从高到低排列".into(),
            BandsOutOfOrder { direction: Direction::Lower } => "分档上限须从低到高排列（越低越好）".into(),
            MethodMetricMismatch { method, metric } => {
                format!("计分方法 {method} 不能用于 {metric} 类型的指标数据")
            }
            CountAndRatio => "奖项名额只能填个数或比例之一".into(),
            DpTooLarge { max } => format!("保留小数位数最多为 {max}"),
            SumFullMismatch { sum, full } => format!("所含指标分值合计 {sum}，与类别分值 {full} 不一致"),
            BaseTotalMismatch { sum, total } => format!("基本分类别分值（加权）合计 {sum}，与总分 {total} 不一致"),
            AppliesToNone => "未选择任何考核单元：没有单位考核此指标".into(),
            Overflow => "数值过大，无法精确计算，请检查输入".into(),
        }
    }
}

/// serde's "invalid type: string \"x\", expected a number" in Chinese: what was found, what belongs.
fn bad_value_zh(detail: &str) -> String {
    fn term(t: &str) -> String {
        let t = t.trim();
        let known = [
            ("a number", "数值"),
            ("number", "数值"),
            ("floating point", "数值"),
            ("integer", "整数"),
            ("u64", "非负整数"),
            ("u32", "非负整数"),
            ("i64", "整数"),
            ("a boolean", "true 或 false"),
            ("boolean", "true 或 false"),
            ("a string", "文本"),
            ("string", "文本"),
            ("struct", "对象 {…}"),
            ("map", "对象 {…}"),
            ("an object", "对象 {…}"),
            ("a sequence", "列表 […]"),
            ("sequence", "列表 […]"),
            ("a tuple of size 2", "两项的列表 [下限, 分值]"),
            ("tuple", "列表 […]"),
            ("null", "空值 null"),
            ("unit value", "空值 null"),
        ];
        for (en, zh) in known {
            if t.starts_with(en) || t.contains(&format!(" {en}")) {
                return zh.to_string();
            }
        }
        t.to_string()
    }
    let body = detail.strip_prefix("invalid type: ").or_else(|| detail.strip_prefix("invalid value: "));
    match body.and_then(|b| b.split_once(", expected ")) {
        Some((found, expected)) => format!("取值不正确：此处应为{}，实为{}", term(expected), term(found)),
        None => format!("取值不正确（{detail}）"),
    }
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

/// The outcome of validation: errors stop scoring, warnings are shown with the results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Problems that stop scoring.
    pub errors: Vec<Issue>,
    /// Inconsistencies worth a look.
    pub warnings: Vec<Issue>,
}

impl Report {
    /// Whether the document can be scored.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The most decimal places a scheme may ask for.
pub const MAX_DP: u32 = 10;

/// SCORING §8: checks a parsed document before scoring.
pub fn validate(doc: &Document) -> Report {
    validate_with(doc, true)
}

/// Validation without the per-cell check of indicator ids in `inputs`: `evaluate` makes that
/// check in its own pass over the cells, so each key is hashed once.
pub(crate) fn validate_with(doc: &Document, check_cells: bool) -> Report {
    let mut r = Report::default();
    let s = &doc.scheme;
    let mut err = |path: String, kind: IssueKind| r.errors.push(Issue::new(path, kind));

    if s.rounding.dp > MAX_DP {
        err("scheme.rounding.dp".into(), IssueKind::DpTooLarge { max: MAX_DP });
    }

    let ids = Ids {
        groups: unique_ids(s.groups.iter().map(|g| g.id.as_str()), "scheme.groups", IdKind::Group, &mut err),
        cats: unique_ids(s.categories.iter().map(|c| c.id.as_str()), "scheme.categories", IdKind::Category, &mut err),
        inds: unique_ids(s.indicators.iter().map(|i| i.id.as_str()), "scheme.indicators", IdKind::Indicator, &mut err),
        units: unique_ids(doc.units.iter().map(|u| u.id.as_str()), "units", IdKind::Unit, &mut err),
    };
    unique_ids(s.recognitions.iter().map(|x| x.id.as_str()), "scheme.recognitions", IdKind::Recognition, &mut err);
    check_categories(doc, &mut err);
    check_tie_breakers(doc, &ids, &mut err);
    check_indicators(doc, &ids, &mut err);
    check_units(doc, &ids, &mut err);
    check_awards(doc, &mut err);
    check_recognitions(doc, &ids, &mut err);
    check_inputs(doc, &ids, check_cells, &mut err);

    warnings(doc, &mut r.warnings);
    r
}

/// The ids a document declares, each kind once (duplicates reported).
struct Ids<'a> {
    groups: HashSet<&'a str>,
    cats: HashSet<&'a str>,
    inds: HashSet<&'a str>,
    units: HashSet<&'a str>,
}


/// SCORING §5 categories: full, cap and weight not negative.
fn check_categories(doc: &Document, err: &mut impl FnMut(String, IssueKind)) {
    let s = &doc.scheme;
    for (i, c) in s.categories.iter().enumerate() {
        let p = At("scheme.categories", i, "");
        if c.full.is_some_and(|f| f.0 < Decimal::ZERO) {
            err(format!("{p}.full"), IssueKind::NegativeFull);
        }
        if c.cap.is_some_and(|f| f.0 < Decimal::ZERO) {
            err(format!("{p}.cap"), IssueKind::Negative { param: "cap".into() });
        }
        if c.weight.is_some_and(|f| f.0 < Decimal::ZERO) {
            err(format!("{p}.weight"), IssueKind::Negative { param: "weight".into() });
        }
    }

}

/// SCORING §6 tie-breakers name a category or an indicator of the scheme.
fn check_tie_breakers(doc: &Document, ids: &Ids<'_>, err: &mut impl FnMut(String, IssueKind)) {
    let (s, cats, inds) = (&doc.scheme, &ids.cats, &ids.inds);
    for (i, tb) in s.tie_breakers.iter().enumerate() {
        let known = match tb.kind {
            TieBreakerKind::Category => cats.contains(tb.id.as_str()),
            TieBreakerKind::Indicator => inds.contains(tb.id.as_str()),
        };
        if !known {
            err(format!("scheme.tie_breakers[{i}].id"), IssueKind::UnknownId { what: IdKind::TieBreaker, id: tb.id.clone() });
        }
    }

}

/// SCORING §2–§4 each indicator: its category and groups known, a full score, a metric its method
/// can score, and the method's parameters.
fn check_indicators(doc: &Document, ids: &Ids<'_>, err: &mut impl FnMut(String, IssueKind)) {
    let (s, cats, groups) = (&doc.scheme, &ids.cats, &ids.groups);
    for (i, ind) in s.indicators.iter().enumerate() {
        let p = At("scheme.indicators", i, "");
        if !cats.contains(ind.category.as_str()) {
            err(format!("{p}.category"), IssueKind::UnknownId { what: IdKind::Category, id: ind.category.clone() });
        }
        match ind.full {
            Some(f) if f.0 < Decimal::ZERO => err(format!("{p}.full"), IssueKind::NegativeFull),
            None if !matches!(ind.method, Method::Points { .. }) => err(format!("{p}.full"), IssueKind::MissingFull),
            _ => {}
        }
        for (j, g) in ind.applies_to.iter().flatten().enumerate() {
            if !groups.contains(g.as_str()) {
                err(format!("{p}.applies_to[{j}]"), IssueKind::UnknownId { what: IdKind::Group, id: g.clone() });
            }
        }
        if ind.method.scores_counts() != ind.metric.is_counts() {
            err(
                format!("{p}.method.kind"),
                IssueKind::MethodMetricMismatch {
                    method: ind.method.kind_name().into(),
                    metric: ind.metric.kind_name().into(),
                },
            );
        }
        if let Metric::Completion { raw_cap: Some(c) } = ind.metric {
            if c.0 <= Decimal::ZERO {
                err(format!("{p}.metric.raw_cap"), IssueKind::NotPositive { param: "raw_cap".into() });
            }
        }
        check_method(&ind.method, ind.direction, &At("scheme.indicators", i, ".method"), err);
    }

}

/// Each unit's group is one of the scheme's.
fn check_units(doc: &Document, ids: &Ids<'_>, err: &mut impl FnMut(String, IssueKind)) {
    let groups = &ids.groups;
    for (i, u) in doc.units.iter().enumerate() {
        if !groups.contains(u.group.as_str()) {
            err(format!("units[{i}].group"), IssueKind::UnknownId { what: IdKind::Group, id: u.group.clone() });
        }
    }

}

/// SCORING §7 award tiers: a count or a ratio, not both; no negative ratio.
fn check_awards(doc: &Document, err: &mut impl FnMut(String, IssueKind)) {
    let s = &doc.scheme;
    if let Some(a) = &s.awards {
        for (i, t) in a.tiers.iter().enumerate() {
            let p = At("scheme.awards.tiers", i, "");
            if t.count.is_some() && t.ratio.is_some() {
                err(p.to_string(), IssueKind::CountAndRatio);
            }
            if t.ratio.is_some_and(|r| r.0 < Decimal::ZERO) {
                err(format!("{p}.ratio"), IssueKind::Negative { param: "ratio".into() });
            }
        }
    }

}

/// SCORING §7 / §9.12 recognitions: a known basis, no negative rate.
fn check_recognitions(doc: &Document, ids: &Ids<'_>, err: &mut impl FnMut(String, IssueKind)) {
    let (s, cats, inds) = (&doc.scheme, &ids.cats, &ids.inds);
    for (i, rec) in s.recognitions.iter().enumerate() {
        let p = At("scheme.recognitions", i, ".basis");
        match &rec.basis {
            Basis::Indicator(id) if !inds.contains(id.as_str()) => {
                err(format!("{p}.indicator"), IssueKind::UnknownId { what: IdKind::Indicator, id: id.clone() })
            }
            Basis::Category(id) if !cats.contains(id.as_str()) => {
                err(format!("{p}.category"), IssueKind::UnknownId { what: IdKind::Category, id: id.clone() })
            }
            _ => {}
        }
        if rec.min_rate.is_some_and(|m| m.0 < Decimal::ZERO) {
            err(format!("scheme.recognitions[{i}].min_rate"), IssueKind::Negative { param: "min_rate".into() });
        }
    }

}

/// FORMAT §1 inputs: rows of known units; with `check_cells`, cells of known indicators.
fn check_inputs(doc: &Document, ids: &Ids<'_>, check_cells: bool, err: &mut impl FnMut(String, IssueKind)) {
    let (units, inds) = (&ids.units, &ids.inds);
    for (uid, row) in &doc.inputs {
        if !units.contains(uid.as_str()) {
            err(format!("inputs.{uid}"), IssueKind::UnknownId { what: IdKind::Unit, id: uid.clone() });
            continue;
        }
        for iid in row.cells.keys().filter(|_| check_cells) {
            if !inds.contains(iid.as_str()) {
                err(format!("inputs.{uid}.{iid}"), IssueKind::UnknownId { what: IdKind::Indicator, id: iid.clone() });
            }
        }
    }

}

/// A path such as `scheme.indicators[3].method`, formatted only when an issue is reported.
struct At(&'static str, usize, &'static str);

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]{}", self.0, self.1, self.2)
    }
}

fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    path: &str,
    what: IdKind,
    err: &mut impl FnMut(String, IssueKind),
) -> HashSet<&'a str> {
    let mut seen = HashSet::with_capacity_and_hasher(ids.size_hint().0, Default::default());
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            err(format!("{path}[{i}].id"), IssueKind::DuplicateId { what, id: id.to_string() });
        }
    }
    seen
}

fn check_method(m: &Method, dir: Direction, p: &At, err: &mut impl FnMut(String, IssueKind)) {
    let mut need = |name: &str, v: bool| {
        if !v {
            err(format!("{p}.{name}"), IssueKind::MissingParam { param: name.into() });
        }
    };
    let positive = |name: &str, v: Option<Num>, err: &mut dyn FnMut(String, IssueKind)| {
        if v.is_some_and(|x| x.0 <= Decimal::ZERO) {
            err(format!("{p}.{name}"), IssueKind::NotPositive { param: name.into() });
        }
    };
    match m {
        Method::RankPoints { step, table, .. } => need("step", step.is_some() || table.is_some()),
        Method::BaseStep { benchmark, base, up, up_unit, down, down_unit, max, .. } => {
            need("benchmark", benchmark.is_some());
            need("base", base.is_some());
            need("up", up.is_some());
            need("up_unit", up_unit.is_some());
            need("down", down.is_some());
            need("down_unit", down_unit.is_some());
            positive("up_unit", *up_unit, err);
            positive("down_unit", *down_unit, err);
            if max.is_some_and(|x| x.0 < Decimal::ZERO) {
                err(format!("{p}.max"), IssueKind::MinAboveMax);
            }
        }
        Method::StandardRatio { std_value, std_score, min, max } => {
            need("std_value", std_value.is_some());
            need("std_score", std_score.is_some());
            positive("std_value", *std_value, err);
            if let (Some(a), Some(b)) = (min, max) {
                if a.0 > b.0 {
                    err(format!("{p}.min"), IssueKind::MinAboveMax);
                }
            }
        }
        Method::Efficacy { lo: Some(lo), hi: Some(hi), .. } if lo.0 > hi.0 => {
            err(format!("{p}.lo"), IssueKind::LoAboveHi);
        }
        Method::Interval { bands, .. } => {
            need("bands", bands.is_some());
            if let Some(b) = bands {
                let ordered = b.windows(2).all(|w| match dir {
                    Direction::Higher => w[0].0 > w[1].0,
                    Direction::Lower => w[0].0 < w[1].0,
                });
                if !ordered {
                    err(format!("{p}.bands"), IssueKind::BandsOutOfOrder { direction: dir });
                }
            }
        }
        Method::PerCount { per } => need("per", per.is_some()),
        Method::DirectScaled { scale } => positive("scale", *scale, err),
        Method::Deduction { per } | Method::Points { per, .. } => need("per", per.is_some()),
        Method::Satisfaction { weights } => need("weights", weights.is_some()),
        _ => {}
    }
}

fn warnings(doc: &Document, out: &mut Vec<Issue>) {
    let s = &doc.scheme;
    let mut weighted_base = Decimal::ZERO;
    let mut any_base_full = false;
    for (i, c) in s.categories.iter().enumerate() {
        let Some(full) = c.full else { continue };
        let sum: Decimal = s
            .indicators
            .iter()
            .filter(|ind| ind.category == c.id)
            .filter_map(|ind| ind.full.map(|f| f.0))
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b));
        let has_inds = s.indicators.iter().any(|ind| ind.category == c.id);
        if has_inds && sum != full.0 {
            out.push(Issue::new(
                format!("scheme.categories[{i}].full"),
                IssueKind::SumFullMismatch { sum: sum.normalize().to_string(), full: full.0.normalize().to_string() },
            ));
        }
        if c.kind == CategoryKind::Base {
            any_base_full = true;
            let w = c.weight.map_or(Decimal::ONE, |w| w.0);
            weighted_base = weighted_base.saturating_add(w.saturating_mul(full.0));
        }
    }
    for (i, ind) in s.indicators.iter().enumerate() {
        if ind.applies_to.as_ref().is_some_and(Vec::is_empty) {
            out.push(Issue::new(format!("scheme.indicators[{i}].applies_to"), IssueKind::AppliesToNone));
        }
    }
    if let Some(total) = s.base_total {
        if any_base_full && weighted_base != total.0 {
            out.push(Issue::new(
                "scheme.base_total",
                IssueKind::BaseTotalMismatch {
                    sum: weighted_base.normalize().to_string(),
                    total: total.0.normalize().to_string(),
                },
            ));
        }
    }
}
