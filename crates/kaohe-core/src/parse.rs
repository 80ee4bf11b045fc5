//! Reading and writing the document of FORMAT §1 as JSON, with the path of every bad value.

use serde::Deserialize;

use crate::model::{Document, SCHEMA_VERSION};
use crate::validate::{Issue, IssueKind};

/// Reads a `.kaohe.json` document. A later `schema_version` is refused before anything else
/// (its keys may be unknown to this build); any other problem names the path of the bad value.
pub fn parse_document(text: &str) -> Result<Document, Issue> {
    #[derive(Deserialize)]
    struct Probe {
        schema_version: Option<serde_json::Value>,
    }
    let found = match text.trim_start().chars().next() {
        None => return Err(Issue::new("", IssueKind::Empty)),
        Some('{') => None,
        Some('[') => Some("a sequence"),
        Some('"') => Some("a string"),
        Some('t' | 'f') => Some("a boolean"),
        Some('n') => Some("null"),
        Some(c) if c == '-' || c.is_ascii_digit() => Some("a number"),
        Some(_) => None, // not JSON at all: the parser says where
    };
    if let Some(found) = found {
        let detail = format!("invalid type: {found}, expected a map");
        return Err(Issue::new("", IssueKind::BadValue { detail }));
    }
    // A document that is not even JSON is reported with its line and column.
    let probe: Probe = serde_json::from_str(text).map_err(|e| Issue::new("", json_error(&e)))?;
    match probe.schema_version {
        None => return Err(Issue::new("schema_version", IssueKind::MissingField { field: "schema_version".into() })),
        Some(v) => {
            let ok = v.as_u64() == Some(SCHEMA_VERSION);
            if !ok {
                return Err(Issue::new(
                    "schema_version",
                    IssueKind::UnsupportedVersion { found: v.to_string(), supported: SCHEMA_VERSION },
                ));
            }
        }
    }
    serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column());
        let mut path = path_at(text, at);
        let kind = json_error(&e);
        if let IssueKind::UnknownField { field } = &kind {
            // Objects read whole before their keys are checked (method, metric) report the error
            // at their end: the unknown key is the last one so named before it.
            let quoted = format!("\"{field}\"");
            let key = text[..at].rmatch_indices(&quoted).map(|(k, _)| k + quoted.len()).find(|&k| text[k..].trim_start().starts_with(':'));
            if let Some(k) = key {
                path = path_at(text, k);
            }
            // Else name the key after the object's path.
            if !path.ends_with(&format!(".{field}")) && path != *field {
                path = if path.is_empty() { field.clone() } else { format!("{path}.{field}") };
            }
        }
        Issue::new(path, kind)
    })
}

/// The byte offset of serde_json's (1-based line, byte column) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column).min(text.len())
}

/// The path (`scheme.indicators[0].full`, as validation names paths) of the value being read at
/// byte `end` of the JSON `text`: where serde_json stopped on an error. A small scanner over the
/// text instead of tracking the path while deserializing (serde_path_to_error), which weighed some
/// 30 KB in the browser app.
pub(crate) fn path_at(text: &str, end: usize) -> String {
    path_of(&frames_at(text, end))
}

/// Where the scanner is: one frame per open object or array.
enum Frame {
    /// An object: the key being read or whose value is being read, and whether its `:` passed.
    Object(Option<String>, bool),
    /// An array: the index of the element and whether it has begun.
    Array(usize, bool),
}

/// A value begins: in an array, its element has started.
fn begin(stack: &mut [Frame]) {
    if let Some(Frame::Array(_, started)) = stack.last_mut() {
        *started = true;
    }
}

/// The open objects and arrays at byte `end` of `text`.
fn frames_at(text: &str, end: usize) -> Vec<Frame> {
    let b = text.as_bytes();
    let end = end.min(b.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match b[i] {
            b'"' => {
                let mut j = i + 1;
                while j < end && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let raw = text.get(i + 1..j.min(end)).unwrap_or("");
                match stack.last_mut() {
                    Some(Frame::Object(key, false)) => *key = Some(raw.replace("\\\"", "\"").replace("\\\\", "\\")),
                    _ => begin(&mut stack),
                }
                i = j + 1;
                continue;
            }
            b'{' => {
                begin(&mut stack);
                stack.push(Frame::Object(None, false));
            }
            b'[' => {
                begin(&mut stack);
                stack.push(Frame::Array(0, false));
            }
            // An error just after a closing bracket is about that object or array (a missing
            // field, a key of another method): it stays in the path, without its last key.
            b'}' | b']' if b[i + 1..end].iter().all(u8::is_ascii_whitespace) => match stack.last_mut() {
                Some(Frame::Object(key, _)) => *key = None,
                Some(Frame::Array(_, started)) => *started = false,
                None => {}
            },
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object(_, in_value)) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(key, in_value)) => {
                    *key = None;
                    *in_value = false;
                }
                Some(Frame::Array(index, started)) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            c if !c.is_ascii_whitespace() => begin(&mut stack),
            _ => {}
        }
        i += 1;
    }
    stack
}

/// `scheme.indicators[0].full`: the keys and started elements of the open frames.
fn path_of(stack: &[Frame]) -> String {
    let mut out = String::new();
    for f in stack {
        match f {
            Frame::Object(Some(k), _) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Array(index, true) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            _ => {}
        }
    }
    out
}

/// Writes a document as pretty JSON (the `.kaohe.json` export).
pub fn write_document(doc: &Document) -> String {
    // Serializing our own types cannot fail: every map key is a string.
    serde_json::to_string_pretty(doc).unwrap_or_default()
}

/// Turns a serde_json error into an issue kind the UI can translate.
fn json_error(e: &serde_json::Error) -> IssueKind {
    use serde_json::error::Category;
    let msg = e.to_string();
    // serde appends " at line L column C"; keep the message itself for the detail.
    let detail = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.clone(),
    };
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            IssueKind::Syntax { line: e.line(), column: e.column(), detail }
        }
        Category::Data => {
            if let Some(field) = between(&detail, "unknown field `", "`") {
                IssueKind::UnknownField { field }
            } else if let Some(variant) = between(&detail, "unknown variant `", "`") {
                IssueKind::UnknownVariant { found: variant, detail }
            } else if let Some(field) = between(&detail, "missing field `", "`") {
                IssueKind::MissingField { field }
            } else if detail.starts_with("number out of range") {
                IssueKind::NumberOutOfRange { detail }
            } else {
                IssueKind::BadValue { detail }
            }
        }
    }
}

fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(s[i..j].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Num;
    use rust_decimal::Decimal;

    const MINI: &str = r#"{"schema_version":1,"scheme":{"id":"s","name":"n","groups":[{"id":"G","name":"g"}],
      "categories":[{"id":"c","name":"c","kind":"base","full":10}],
      "indicators":[{"id":"I","name":"i","category":"c","full":10,"metric":{"kind":"value"},
        "method":{"kind":"rank_points","step":0.3}}]},
      "units":[{"id":"U","name":"u","group":"G"}],
      "inputs":{"U":{"I":{"value":15573.8},"_veto":false}}}"#;

    #[test]
    fn reads_a_small_document_exactly() {
        let doc = parse_document(MINI).unwrap();
        let v = doc.inputs["U"].field("I", "value").unwrap();
        assert_eq!(v.0.to_string(), "15573.8");
        assert!(matches!(doc.scheme.indicators[0].method, crate::model::Method::RankPoints { .. }));
    }

    #[test]
    fn unknown_keys_are_errors_with_their_path() {
        let bad = MINI.replace(r#""step":0.3"#, r#""step":0.3,"stepp":1"#);
        let e = parse_document(&bad).unwrap_err();
        assert_eq!(e.path, "scheme.indicators[0].method.stepp");
        assert_eq!(e.kind, IssueKind::UnknownField { field: "stepp".into() });

        let bad = MINI.replace(r#""full":10,"metric""#, r#""ful":10,"metric""#);
        let e = parse_document(&bad).unwrap_err();
        assert_eq!(e.path, "scheme.indicators[0].ful");
        assert_eq!(e.kind, IssueKind::UnknownField { field: "ful".into() });
    }

    #[test]
    fn a_parameter_of_another_method_or_metric_is_an_unknown_key_at_its_path() {
        // rank_points takes step, floor, table: `cap_rate` (completion_linear's) is refused by name.
        let bad = MINI.replace(r#""step":0.3"#, r#""step":0.3,"cap_rate":1"#);
        let e = parse_document(&bad).unwrap_err();
        assert_eq!((e.path.as_str(), e.kind.clone()), ("scheme.indicators[0].method.cap_rate", IssueKind::UnknownField { field: "cap_rate".into() }));
        // Even as null, as the derived reader did.
        let bad = MINI.replace(r#""step":0.3"#, r#""step":0.3,"weights":null"#);
        assert_eq!(parse_document(&bad).unwrap_err().kind, IssueKind::UnknownField { field: "weights".into() });
        // raw_cap belongs to completion metrics only.
        let bad = MINI.replace(r#""metric":{"kind":"value"}"#, r#""metric":{"kind":"value","raw_cap":1.2}"#);
        let e = parse_document(&bad).unwrap_err();
        assert_eq!((e.path.as_str(), e.kind.clone()), ("scheme.indicators[0].metric.raw_cap", IssueKind::UnknownField { field: "raw_cap".into() }));
        // A parameter the method takes may be null (its default applies), and a kind must be known.
        assert!(parse_document(&MINI.replace(r#""step":0.3"#, r#""step":0.3,"floor":null"#)).is_ok());
        let bad = MINI.replace(r#""kind":"rank_points""#, r#""kind":"rank_pointz""#);
        let e = parse_document(&bad).unwrap_err();
        assert!(matches!(&e.kind, IssueKind::UnknownVariant { found, .. } if found == "rank_pointz"), "{e:?}");
        assert_eq!(e.path, "scheme.indicators[0].method.kind");
    }

    #[test]
    fn per_is_a_number_for_per_count_and_a_map_for_deduction_and_points() {
        use crate::model::Method;
        let method = |m: &str| parse_document(&MINI.replace(r#"{"kind":"rank_points","step":0.3}"#, m)).map(|d| d.scheme.indicators[0].method.clone());
        // Exactly as written: 0.25 is 0.25, never a binary float.
        assert_eq!(method(r#"{"kind":"per_count","per":0.25}"#).unwrap(), Method::PerCount { per: Some(Num(Decimal::new(25, 2))) });
        let Method::Deduction { per: Some(per) } = method(r#"{"kind":"deduction","per":{"accidents":1,"notices":0.5}}"#).unwrap() else { panic!("deduction") };
        assert_eq!(per.iter().map(|(k, v)| (k.as_str(), v.0)).collect::<Vec<_>>(), [("accidents", Decimal::ONE), ("notices", Decimal::new(5, 1))]);
        assert!(method(r#"{"kind":"per_count","per":{"x":1}}"#).is_err());
        assert!(method(r#"{"kind":"points","per":2}"#).is_err());
    }

    #[test]
    fn text_where_a_number_belongs_names_the_cell() {
        let bad = MINI.replace("15573.8", r#""abc""#);
        let e = parse_document(&bad).unwrap_err();
        assert_eq!(e.path, "inputs.U.I.value");
        assert!(matches!(e.kind, IssueKind::BadValue { .. }));
        assert_eq!(e.zh(), "inputs.U.I.value：取值不正确：此处应为数值，实为文本");
        let e = parse_document("[]").unwrap_err();
        assert_eq!(e.zh(), "取值不正确：此处应为对象 {…}，实为列表 […]");
        assert_eq!(parse_document(" \n").unwrap_err().kind, IssueKind::Empty);
    }

    #[test]
    fn a_later_schema_version_is_refused_saying_which_this_build_reads() {
        let bad = MINI.replace(r#""schema_version":1"#, r#""schema_version":2,"new_thing":1"#);
        let e = parse_document(&bad).unwrap_err();
        assert_eq!(e.kind, IssueKind::UnsupportedVersion { found: "2".into(), supported: 1 });
        assert!(e.zh().contains("1"));
    }

    #[test]
    fn the_path_of_the_value_read_at_a_position() {
        let t = r#"{"a": {"b": [1, {"c": "x"}, 3]}, "d": 2}"#;
        // Just after "x": a.b[1].c; after the 3: a.b[2]; after the inner object's }: a.b[1].
        let at = |needle: &str| path_at(t, t.find(needle).unwrap() + needle.len());
        assert_eq!(at(r#""x""#), "a.b[1].c");
        assert_eq!(at("3"), "a.b[2]");
        assert_eq!(at(r#""x"}"#), "a.b[1]");
        assert_eq!(at(r#""x"}, 3]"#), "a.b");
        assert_eq!(at(r#""d""#), "d");
        assert_eq!(path_at(t, 0), "");
        // Keys with a dot or an escaped quote are kept as written; a cut-off text never panics.
        assert_eq!(path_at(r#"{"中文键": [true"#, 100), "中文键[0]");
        assert_eq!(path_at(r#"{"a\"b": 1"#, 12), r#"a"b"#);
        assert_eq!(path_at(r#"{"abc"#, 4), "ab");
    }

    #[test]
    fn broken_json_reports_line_and_column() {
        let e = parse_document("{\n  \"schema_version\": 1,\n  oops").unwrap_err();
        assert!(matches!(e.kind, IssueKind::Syntax { line: 3, .. }), "{:?}", e.kind);
    }

    #[test]
    fn writes_what_it_reads() {
        let doc = parse_document(MINI).unwrap();
        let again = parse_document(&write_document(&doc)).unwrap();
        assert_eq!(doc, again);
    }
}
