//! FORMAT §4 the host page's messages (`kaohe:load`, `kaohe:set-inputs`, `kaohe:seek`): read into the
//! state, or an error message for the host.

#[allow(unused_imports)]
use super::*;

use kaohe_core::protocol::{HostIn, SeekFields};

/// A host page's `kaohe:seek`: the unit, the target (as text) and which fields may move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSeek {
    /// Unit id.
    pub unit: String,
    /// `award:一等奖` ….
    pub target: String,
    /// `"fields"`: `own` (the default) or `all`.
    pub fields: SeekFields,
}

/// A host page's message (FORMAT §4), read at the page's edge: its type, the document parsed, the
/// goal seek's fields. The inputs of `kaohe:set-inputs` are checked (ids, numbers) when applied.
#[derive(Debug, Clone, PartialEq)]
pub enum HostMsg {
    /// `kaohe:load`: the document that becomes the baseline.
    Load(Box<Document>),
    /// `kaohe:set-inputs`: `{"U08": {"E5": {"actual": 25000}}}`, all or none.
    SetInputs(serde_json::Map<String, serde_json::Value>),
    /// `kaohe:seek`.
    Seek(HostSeek),
}

impl HostMsg {
    /// Reads a message (the JSON of what the host posted) as its typed shape (`protocol::HostIn`),
    /// the document parsed; the error, in English, names what was wrong.
    pub fn read(text: &str) -> Result<HostMsg, String> {
        Ok(match HostIn::read(text)? {
            HostIn::Load { document } => {
                let text = serde_json::to_string_pretty(&document).unwrap_or_default();
                HostMsg::Load(Box::new(kaohe_core::parse_document(&text).map_err(|e| e.en())?))
            }
            HostIn::SetInputs { inputs } => HostMsg::SetInputs(inputs),
            HostIn::Seek { unit, target, fields } => HostMsg::Seek(HostSeek { unit, target, fields }),
        })
    }
}

/// A host page's message: applied, or counted and kept as the error to answer it with.
pub(super) fn host_action(s: &mut AppState, msg: Result<HostMsg, String>) {
    if let Err(message) = msg.and_then(|m| apply(s, m)) {
        let n = s.embed_error.as_ref().map_or(1, |(n, _)| n + 1);
        s.embed_error = Some((n, message));
    }
}

/// FORMAT §4: `kaohe:load` replaces the document (it becomes the baseline); `kaohe:set-inputs` sets
/// fields of the current scenario, all or none; `kaohe:seek` goes to the goal seek.
fn apply(s: &mut AppState, msg: HostMsg) -> Result<(), String> {
    match msg {
        HostMsg::Load(doc) => {
            let scenario = Scenario::new(*doc).map_err(|e| e.first().map(|i| i.en()).unwrap_or_default())?;
            s.scenario = Rc::new(scenario);
            s.drafts.clear();
            s.unit = 0;
        }
        HostMsg::SetInputs(inputs) => {
            let edits = set_inputs(s.scenario.document(), &inputs)?;
            let sc = Rc::make_mut(&mut s.scenario);
            for (u, i, f, v) in edits {
                sc.set(&u, &i, &f, v);
            }
        }
        HostMsg::Seek(seek) => {
            if !s.scenario.document().units.iter().any(|u| u.id == seek.unit) {
                return Err(format!("no unit with id “{}”", seek.unit));
            }
            let n = s.seek_request.as_ref().map_or(1, |(n, _)| n + 1);
            s.seek_request = Some((n, seek));
        }
    }
    Ok(())
}

/// The fields a `kaohe:set-inputs` sets, every unit and indicator known and every value a number
/// or null; else what was wrong (nothing is set then).
#[allow(clippy::type_complexity)]
fn set_inputs(doc: &Document, inputs: &serde_json::Map<String, serde_json::Value>) -> Result<Vec<(String, String, String, Option<rust_decimal::Decimal>)>, String> {
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
                        kaohe_core::num::parse_decimal(&n.to_string()).ok_or(format!("inputs.{unit}.{ind}.{field} is out of range"))?,
                    ),
                    _ => return Err(format!("inputs.{unit}.{ind}.{field} must be a number or null")),
                };
                edits.push((unit.clone(), ind.clone(), field.clone(), v));
            }
        }
    }
    Ok(edits)
}

#[cfg(test)]
mod host_tests {
    use super::*;

    /// A message as the page's edge reads it.
    pub(super) fn host(json: String) -> Action {
        Action::Host(HostMsg::read(&json))
    }

    fn demo() -> Rc<AppState> {
        demo_state()
    }

    #[test]
    fn messages_are_read_at_the_edge_into_what_they_ask() {
        let seek = HostMsg::read(r#"{"type":"kaohe:seek","unit":"U10","target":"award:二等奖","fields":"all"}"#);
        assert_eq!(seek, Ok(HostMsg::Seek(HostSeek { unit: "U10".into(), target: "award:二等奖".into(), fields: SeekFields::All })));
        assert!(matches!(HostMsg::read(r#"{"type":"kaohe:set-inputs","inputs":{"U08":{}}}"#), Ok(HostMsg::SetInputs(m)) if m.contains_key("U08")));
        assert_eq!(HostMsg::read(r#"{"type":"kaohe:set-inputs","inputs":[]}"#), Err("kaohe:set-inputs needs an inputs object".into()));
        assert_eq!(HostMsg::read(r#"{"unit":"U10"}"#), Err("message has no type".into()));
        assert_eq!(HostMsg::read("not json"), Err("message is not JSON".into()));
    }

    #[test]
    fn set_inputs_applies_all_or_nothing() {
        let s = demo().reduce(host(r#"{"type":"kaohe:set-inputs","inputs":{"U08":{"E5":{"actual":25000}}}}"#.into()));
        // E5 6 × 25000/25000 = 6 (+3.59): 82.92.
        assert_eq!(s.scenario.results().unit("U08").unwrap().total.0.to_string(), "82.92");
        let before = s.scenario.results().clone();
        let s = s.reduce(host(r#"{"type":"kaohe:set-inputs","inputs":{"U08":{"E1":{"actual":1}},"U99":{}}}"#.into()));
        assert_eq!(s.scenario.results(), &before);
        assert_eq!(s.embed_error.as_ref().map(|(n, m)| (*n, m.as_str())), Some((1, "unknown unit U99")));
        let s = s.reduce(host("{\"type\":\"nope\"}".into()));
        assert_eq!(s.embed_error.as_ref().map(|(n, _)| *n), Some(2));
    }

    #[test]
    fn load_replaces_the_document() {
        let doc = kaohe_core::write_document(&kaohe_core::synthetic::document(5, 4, 2).unwrap());
        let s = demo().reduce(host(format!(r#"{{"type":"kaohe:load","document":{doc}}}"#)));
        assert!(s.embed_error.is_none());
        assert_eq!(s.scenario.document().units.len(), 5);
        let s = s.reduce(host(r#"{"type":"kaohe:load","document":{"schema_version":2}}"#.into()));
        assert!(s.embed_error.as_ref().is_some_and(|(_, m)| m.contains("schema_version")));
    }
}

#[cfg(test)]
mod seek_tests {
    use super::*;
    use super::host_tests::host;

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
        let s = demo_state().reduce(host(r#"{"type":"kaohe:seek","unit":"U10","target":"award:二等奖"}"#.into()));
        let want = HostSeek { unit: "U10".into(), target: "award:二等奖".into(), fields: SeekFields::Own };
        assert_eq!(s.seek_request, Some((1, want.clone())));
        let s = s.reduce(host(r#"{"type":"kaohe:seek","unit":"U10","target":"award:二等奖","fields":"all"}"#.into()));
        assert_eq!(s.seek_request, Some((2, HostSeek { fields: SeekFields::All, ..want })));
        let s = s.reduce(host(r#"{"type":"kaohe:seek","unit":"U99","target":"rank:1"}"#.into()));
        assert_eq!(s.embed_error.as_ref().map(|(_, m)| m.as_str()), Some("no unit with id “U99”"));
        let s = s.reduce(host(r#"{"type":"kaohe:seek","unit":"U08"}"#.into()));
        assert!(s.embed_error.as_ref().is_some_and(|(_, m)| m.contains("target")));
        assert_eq!(s.seek_request.as_ref().map(|(n, _)| *n), Some(2));
    }
}
