//! Numbers as people type or paste them, and the input fields of an indicator with their labels
//! (for the input grid and spreadsheet import).

use rust_decimal::Decimal;

use crate::model::{Indicator, Method, Metric};
use crate::num::parse_decimal;
use crate::Lang;

/// Why a typed entry is not a number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum EntryError {
    /// Characters that are not part of a number.
    #[error("not a number: {0:?}")]
    NotANumber(String),
    /// Thousands separators in the wrong places (e.g. `12,34`).
    #[error("misplaced thousands separator: {0:?}")]
    BadGrouping(String),
    /// A percent sign where the field is not a percentage.
    #[error("this field is not a percentage: {0:?}")]
    UnexpectedPercent(String),
    /// More digits than exact decimals hold.
    #[error("number out of range: {0:?}")]
    OutOfRange(String),
}

impl EntryError {
    /// The message for the user, in Chinese or English.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (EntryError::NotANumber(t), Lang::Zh) => format!("“{t}”不是数字，请输入数值（可带千分位逗号）"),
            (EntryError::BadGrouping(t), Lang::Zh) => format!("“{t}”的千分位逗号位置不对（应每三位一组，如 1,234,567.8）"),
            (EntryError::UnexpectedPercent(t), Lang::Zh) => format!("“{t}”带百分号，但此项不是百分比，请直接输入数值"),
            (EntryError::OutOfRange(t), Lang::Zh) => format!("“{t}”超出可精确计算的范围（最多 28 位有效数字）"),
            (EntryError::NotANumber(t), Lang::En) => format!("“{t}” is not a number"),
            (EntryError::BadGrouping(t), Lang::En) => {
                format!("“{t}”: thousands separators must group three digits (1,234,567.8)")
            }
            (EntryError::UnexpectedPercent(t), Lang::En) => format!("“{t}”: this field is not a percentage"),
            (EntryError::OutOfRange(t), Lang::En) => format!("“{t}” is too large to compute exactly"),
        }
    }
}

/// Reads a number as typed or pasted from Excel/WPS: surrounding spaces (also full-width) and a
/// trailing newline, full-width digits and signs (１２３．５, －, ＋, −), thousands separators
/// (`1,234,567.8`, also `，`), a leading `+`, an exponent (`1.2E+05`), and a trailing `%`/`％`
/// where `percent` says the field is a percentage (the number is kept in percent: `95%` → 95).
/// An empty entry is `Ok(None)`: the cell is cleared. Nothing is ever silently turned into 0.
pub fn parse_entry(text: &str, percent: bool) -> Result<Option<Decimal>, EntryError> {
    let shown = text.trim_matches(|c: char| c.is_whitespace()).to_string();
    // Fold full-width forms to ASCII, the minus sign and full-width space included.
    let mut s: String = shown
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '，' => ',',
            '－' | '−' | '–' => '-',
            '＋' => '+',
            '％' => '%',
            'ｅ' | 'Ｅ' => 'e',
            other => other,
        })
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(rest) = s.strip_suffix('%') {
        if !percent {
            return Err(EntryError::UnexpectedPercent(shown));
        }
        s = rest.to_string();
    }
    let (sign, body) = match s.as_bytes().first() {
        Some(b'+') => ("", &s[1..]),
        Some(b'-') => ("-", &s[1..]),
        _ => ("", &s[..]),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let int_digits = if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let ok = groups[0].len() <= 3
            && digits(groups[0])
            && groups[1..].iter().all(|g| g.len() == 3 && digits(g));
        if !ok {
            return Err(if groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
                EntryError::BadGrouping(shown)
            } else {
                EntryError::NotANumber(shown)
            });
        }
        groups.concat()
    } else {
        int.to_string()
    };
    let frac_ok = frac.is_none_or(|f| f.is_empty() || digits(f));
    let int_ok = digits(&int_digits) || (int_digits.is_empty() && frac.is_some_and(digits));
    let exp_ok = exponent.is_none_or(|e| digits(e.trim_start_matches(['+', '-'])));
    if !(int_ok && frac_ok && exp_ok) {
        return Err(EntryError::NotANumber(shown));
    }
    let mut canonical = format!("{sign}{}", if int_digits.is_empty() { "0" } else { &int_digits });
    if let Some(f) = frac.filter(|f| !f.is_empty()) {
        canonical.push('.');
        canonical.push_str(f);
    }
    if let Some(e) = exponent {
        canonical.push('e');
        canonical.push_str(e);
    }
    parse_decimal(&canonical).map(Some).ok_or(EntryError::OutOfRange(shown))
}

/// One input field of an indicator, as the grid shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field name in the document (`actual`, `accidents` …).
    pub name: String,
    /// Its label in the interface.
    pub label: String,
    /// Whether a `%` may be typed (the indicator's unit of measure is `%`).
    pub percent: bool,
}

/// The standard label of a metric field (FORMAT §1 and the input grid).
pub fn standard_label(field: &str, lang: Lang) -> Option<&'static str> {
    Some(match (field, lang) {
        ("actual", Lang::Zh) => "实际完成",
        ("target", Lang::Zh) => "目标任务",
        ("last", Lang::Zh) => "上年同期",
        ("value", Lang::Zh) => "数值",
        ("count", Lang::Zh) => "个数",
        ("score", Lang::Zh) => "得分",
        ("done", Lang::Zh) => "是否完成",
        ("actual", Lang::En) => "actual",
        ("target", Lang::En) => "target",
        ("last", Lang::En) => "last year",
        ("value", Lang::En) => "value",
        ("count", Lang::En) => "count",
        ("score", Lang::En) => "score",
        ("done", Lang::En) => "done",
        _ => return None,
    })
}

/// The input fields of an indicator in grid order: the metric's fields, or for events and survey
/// the fields named in `labels` and then those the method weighs. Labels come from the indicator's
/// `labels`, else the standard label, else the field name.
pub fn input_fields(ind: &Indicator, lang: Lang) -> Vec<FieldSpec> {
    let mut names: Vec<String> = ind.metric.required_fields().iter().map(|s| s.to_string()).collect();
    if ind.metric.is_counts() {
        names.extend(ind.labels.iter().flatten().map(|(k, _)| k.clone()));
        let method_fields: Vec<&String> = match &ind.method {
            Method::Deduction { per } | Method::Points { per, .. } => per.iter().flatten().map(|(k, _)| k).collect(),
            Method::Satisfaction { weights } => weights.iter().flatten().map(|(k, _)| k).collect(),
            _ => Vec::new(),
        };
        for f in method_fields {
            if !names.contains(f) {
                names.push(f.clone());
            }
        }
    }
    let percent = ind.uom.as_deref().is_some_and(|u| u.trim() == "%" || u.trim() == "％");
    let counts = matches!(ind.metric, Metric::Events {} | Metric::Survey {});
    names
        .into_iter()
        .map(|name| {
            let label = ind
                .labels
                .as_ref()
                .and_then(|l| l.get(&name))
                .cloned()
                .or_else(|| standard_label(&name, lang).map(String::from))
                .unwrap_or_else(|| name.clone());
            FieldSpec { percent: percent && !counts, name, label }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn ok(t: &str) -> Decimal {
        parse_entry(t, false).unwrap_or_else(|e| panic!("{t:?}: {e}")).unwrap()
    }
    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(ok("15573.8"), d("15573.8"));
        assert_eq!(ok(" 1,234,567.89\n"), d("1234567.89"));
        assert_eq!(ok("１２，３４５．６"), d("12345.6"));
        assert_eq!(ok("+25000"), d("25000"));
        assert_eq!(ok("−3.5"), d("-3.5"));
        assert_eq!(ok("－3"), d("-3"));
        assert_eq!(ok("\u{3000}42\u{3000}"), d("42"));
        assert_eq!(ok(".5"), d("0.5"));
        assert_eq!(ok("7."), d("7"));
        assert_eq!(ok("1.2E+05"), d("120000"));
        assert_eq!(parse_entry("  ", false), Ok(None));
    }

    #[test]
    fn percent_only_where_the_field_is_a_percentage() {
        assert_eq!(parse_entry("95%", true), Ok(Some(d("95"))));
        assert_eq!(parse_entry("９５．５％", true), Ok(Some(d("95.5"))));
        assert!(matches!(parse_entry("95%", false), Err(EntryError::UnexpectedPercent(_))));
    }

    #[test]
    fn anything_else_is_refused_with_a_message_never_zero() {
        for bad in ["abc", "12a", "1-2", "--3", "1.2.3", "¥100", "e5", "1e", "+", "-", "."] {
            assert!(matches!(parse_entry(bad, false), Err(EntryError::NotANumber(_))), "{bad}");
        }
        assert!(matches!(parse_entry("12,34", false), Err(EntryError::BadGrouping(_))));
        assert!(matches!(parse_entry("1234,567", false), Err(EntryError::BadGrouping(_))));
        assert!(matches!(parse_entry("1e40", false), Err(EntryError::OutOfRange(_))));
        let m = parse_entry("十二", false).unwrap_err().message(Lang::Zh);
        assert_eq!(m, "“十二”不是数字，请输入数值（可带千分位逗号）");
    }

    #[test]
    fn demo_fields_and_labels() {
        let doc = crate::presets::DEMO.document().unwrap();
        let by_id = |id: &str| doc.scheme.indicators.iter().find(|i| i.id == id).unwrap();
        let names = |id: &str, lang| input_fields(by_id(id), lang).into_iter().map(|f| f.label).collect::<Vec<_>>();
        assert_eq!(names("E5", Lang::Zh), ["实际完成", "目标任务"]);
        assert_eq!(names("E7", Lang::Zh), ["实际完成", "上年同期"]);
        assert_eq!(names("K1", Lang::Zh), ["得分"]);
        assert_eq!(names("S1", Lang::Zh), ["一般生产安全事故（起）", "市级安全生产通报（次）"]);
        // Survey: labelled fields in their order, the unweighted 不了解 included.
        assert_eq!(names("V1", Lang::Zh), ["满意", "基本满意", "不满意", "不了解"]);
        assert_eq!(names("E5", Lang::En), ["actual", "target"]);
        // S3 is measured in %: a typed "95%" is accepted there.
        assert!(input_fields(by_id("S3"), Lang::Zh)[0].percent);
        assert!(!input_fields(by_id("E5"), Lang::Zh)[0].percent);
    }

    /// 1234567.89 → "1,234,567.89".
    fn grouped(v: Decimal) -> String {
        let text = v.abs().to_string();
        let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
        let mut out = String::new();
        for (k, ch) in int.chars().enumerate() {
            if k > 0 && (int.len() - k) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if let Some(f) = frac {
            out = format!("{out}.{f}");
        }
        if v.is_sign_negative() && !v.is_zero() { format!("-{out}") } else { out }
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_number_or_a_message_never_a_panic(t in "\\PC{0,24}") {
            let _ = parse_entry(&t, true);
            let _ = parse_entry(&t, false);
        }

        #[test]
        fn grouped_and_full_width_numbers_read_back_exactly(m in -10_000_000_000i64..10_000_000_000, scale in 0u32..6) {
            let v = Decimal::new(m, scale);
            let text = grouped(v);
            proptest::prop_assert_eq!(parse_entry(&text, false), Ok(Some(v)), "{}", text);
            let wide: String = text.chars().map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                ',' => '，',
                '.' => '．',
                '-' => '－',
                other => other,
            }).collect();
            proptest::prop_assert_eq!(parse_entry(&wide, false), Ok(Some(v)), "{}", wide);
        }
    }
}
