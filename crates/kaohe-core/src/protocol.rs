//! The messages that cross into and out of JavaScript, typed (issue 12): the spreadsheet worker's
//! requests and replies and the lazily loaded module's events to the app. Both sides of each
//! boundary use these types, so the compiler checks that they agree; they cross as JS objects made
//! and read by serde-wasm-bindgen (`#[serde(tag = "type")]`: `{"type": "preview", "id": 3, …}`).
//!
//! Who talks to whom (DECISIONS 74):
//! - **module ↔ worker** (`SheetRequest` → `SheetReply`): the import dialog and the exports live in
//!   the module loaded on first use (`crates/kaohe-editor`), which starts the worker; previews carry
//!   typed problems (`table::Problem`, `table::Note`) and errors (`SheetError`), said in the
//!   language shown.
//! - **module → app** (`ModuleEvent`): what the user did in the scheme editor, the goal-seek panel
//!   and the import dialog, for the app's reducer.
//! - **host page ↔ embedded app** (`HostIn`, `HostOut`): the messages of FORMAT §4. Their payloads
//!   are the FORMAT §1 document, §2 results and §5 goal-seek objects, whose numbers are exact
//!   decimals (SCORING §1) read and written as JSON number text: they cross as that JSON
//!   (the host's object, stringified by the page), read and written by serde_json.
//!
//! A document sent along is its FORMAT §1 text (`document`), the one form in which its decimals
//! are exact (SCORING §1).

use serde::{Deserialize, Serialize};

use crate::editing::InputOp;
use crate::table::{Preview, SheetError};
use crate::Lang;

/// Which file an export makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// The 结果, 明细 and 输入 sheets of the document's results.
    Xlsx,
    /// The empty 输入 sheet to fill in.
    Template,
    /// The 结果 sheet as CSV (UTF-8 with BOM).
    Csv,
}

/// Module → spreadsheet worker. `id` pairs the reply with its request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SheetRequest {
    /// What importing a file's sheet into the document would change, and every problem.
    Preview {
        /// Pairs the reply.
        id: u32,
        /// The file's name (its kind is told by the bytes; the name only names it).
        file: String,
        /// The sheet to read (None: 输入 if there is one, else the first).
        sheet: Option<String>,
        /// The file (a `Uint8Array`).
        #[serde(with = "bytes")]
        bytes: Vec<u8>,
        /// The user's current scenario (FORMAT §1 text).
        document: String,
    },
    /// A file made from the document.
    Export {
        /// Pairs the reply.
        id: u32,
        /// Which file.
        kind: ExportKind,
        /// The document (FORMAT §1 text).
        document: String,
        /// The language of an error (the sheets are in Chinese, as the office files them).
        lang: Lang,
    },
}

/// Spreadsheet worker → module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SheetReply {
    /// The worker has loaded and hears requests.
    Ready,
    /// A preview.
    Preview {
        /// The request's id.
        id: u32,
        /// What the import would do.
        preview: Preview,
    },
    /// An export's bytes.
    Exported {
        /// The request's id.
        id: u32,
        /// The file (a `Uint8Array`).
        #[serde(with = "bytes")]
        bytes: Vec<u8>,
    },
    /// Why a request failed.
    Failed {
        /// The request's id (0: a request that could not be read).
        id: u32,
        /// Why.
        error: SheetError,
    },
}

impl SheetReply {
    /// The request it answers (None: `Ready`).
    pub fn id(&self) -> Option<u32> {
        match self {
            SheetReply::Ready => None,
            SheetReply::Preview { id, .. } | SheetReply::Exported { id, .. } | SheetReply::Failed { id, .. } => Some(*id),
        }
    }
}

/// Where a new scheme starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NewFrom {
    /// Nothing.
    Blank,
    /// The demo's scheme.
    Demo,
}

/// Module → app: what the user did in the module's views. Crosses as JSON text between the two
/// Rust modules (no JavaScript reads it), externally tagged (`{"doc": {…}}`): read in the app's
/// first load, where serde-wasm-bindgen's decoder and internally tagged enums' buffering do not
/// fit the 350 KB budget (DECISIONS 74).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModuleEvent {
    /// The scheme editor's edited scheme and units (FORMAT §1 text, without inputs) and the
    /// changes to the inputs they imply.
    Doc {
        /// The shell.
        shell: String,
        /// Inputs to drop or rename with their fields.
        ops: Vec<InputOp>,
    },
    /// 新建方案.
    New {
        /// From a blank scheme or the demo.
        from: NewFrom,
    },
    /// 采用 in the goal-seek panel: (unit, indicator, field, value as exact decimal text), one step.
    Apply {
        /// The values.
        cells: Vec<(String, String, String, String)>,
    },
    /// 应用导入 on a spreadsheet's preview: its changes (value None clears) and 一票否决 changes,
    /// as one step.
    ImportInputs {
        /// (unit, indicator, field, new value as exact decimal text or None).
        changes: Vec<(String, String, String, Option<String>)>,
        /// (unit, vetoed).
        vetoes: Vec<(String, bool)>,
    },
    /// 应用导入 on a `.kaohe.json` document (already read and checked by the dialog): it becomes
    /// the baseline.
    ImportDocument {
        /// Its FORMAT §1 text.
        text: String,
    },
    /// The import dialog closed without applying.
    ImportClosed,
}

/// A host page → the embedded app (FORMAT §4). Its JSON shape is the `Serialize` below; `read`
/// reads it by hand over a JSON value, because a derived decoder (an internally tagged enum's
/// buffering and visitors) costs the app's first load 9.4 KB gzip it does not have (DECISIONS 74);
/// a test writes every variant and reads it back, so the two cannot drift apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum HostIn {
    /// Replaces the document; it becomes the baseline.
    #[serde(rename = "kaohe:load")]
    Load {
        /// FORMAT §1 (checked, with its paths, when applied).
        document: serde_json::Value,
    },
    /// Sets fields of the current scenario, all or none: unit → indicator → field → number or null
    /// (checked when applied).
    #[serde(rename = "kaohe:set-inputs")]
    SetInputs {
        /// The values.
        inputs: serde_json::Map<String, serde_json::Value>,
    },
    /// Goal seek (FORMAT §5) for the current scenario.
    #[serde(rename = "kaohe:seek")]
    Seek {
        /// Unit id.
        unit: String,
        /// `award:一等奖` ….
        target: String,
        /// `own` (default) or `all`.
        #[serde(default)]
        fields: SeekFields,
    },
}

/// Which fields goal seek may move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeekFields {
    /// The unit's own figures.
    #[default]
    Own,
    /// Also targets and last year's figures.
    All,
}

/// The embedded app → its host page (FORMAT §4). `R` is the §2 results; `S` the §5 answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum HostOut<R, S> {
    /// Loaded and listening.
    #[serde(rename = "kaohe:ready")]
    Ready,
    /// After every recompute: FORMAT §2.
    #[serde(rename = "kaohe:results")]
    Results {
        /// The results.
        results: R,
    },
    /// The page's height changed.
    #[serde(rename = "kaohe:resize")]
    Resize {
        /// In CSS pixels.
        height: i32,
    },
    /// A goal seek's answer: the FORMAT §5 object's fields beside the type.
    #[serde(rename = "kaohe:seek-result")]
    SeekResult(S),
    /// What was wrong with the host's message.
    #[serde(rename = "kaohe:error")]
    Error {
        /// In English.
        message: String,
    },
}

impl HostIn {
    /// Reads a host message (the JSON of what it posted); the error, in English, names what was
    /// wrong: not JSON, no type, an unknown type, or the type's field that is missing or of the
    /// wrong kind. `fields` other than `all` is `own`.
    pub fn read(json: &str) -> Result<HostIn, String> {
        let mut msg: serde_json::Value = serde_json::from_str(json).map_err(|_| "message is not JSON".to_string())?;
        match msg.get("type").and_then(|t| t.as_str()) {
            Some("kaohe:load") => match msg.get_mut("document").map(serde_json::Value::take) {
                Some(document) => Ok(HostIn::Load { document }),
                None => Err("kaohe:load needs a document".into()),
            },
            Some("kaohe:set-inputs") => match msg.get_mut("inputs").map(serde_json::Value::take) {
                Some(serde_json::Value::Object(inputs)) => Ok(HostIn::SetInputs { inputs }),
                _ => Err("kaohe:set-inputs needs an inputs object".into()),
            },
            Some("kaohe:seek") => {
                let field = |k: &str| msg.get(k).and_then(|v| v.as_str()).map(str::to_string).ok_or(format!("kaohe:seek needs a {k}"));
                let (unit, target) = (field("unit")?, field("target")?);
                let fields = if msg.get("fields").and_then(|v| v.as_str()) == Some("all") { SeekFields::All } else { SeekFields::Own };
                Ok(HostIn::Seek { unit, target, fields })
            }
            Some(other) => Err(format!("unknown message type {other}")),
            None => Err("message has no type".into()),
        }
    }
}

/// Bytes as a JS `Uint8Array` (serde-wasm-bindgen) rather than an array of numbers.
mod bytes {
    use serde::de::{SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    struct Bytes;

    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("bytes")
        }

        fn visit_bytes<E>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }

        fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut out = Vec::new();
            while let Some(b) = seq.next_element()? {
                out.push(b);
            }
            Ok(out)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_byte_buf(Bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Damage, Problem, ProblemKind};

    #[test]
    fn the_worker_messages_keep_their_types_across() {
        let e = SheetError::Corrupt(Damage::NotZip);
        let json = serde_json::to_string(&SheetReply::Failed { id: 4, error: e.clone() }).unwrap();
        assert_eq!(json, r#"{"type":"failed","id":4,"error":{"corrupt":"not_zip"}}"#);
        assert_eq!(serde_json::from_str::<SheetReply>(&json).unwrap(), SheetReply::Failed { id: 4, error: e });
        // A preview's problems cross typed, with their row, column and data (said by the dialog).
        let problem = Problem { row: Some(15), col: Some(0), kind: ProblemKind::UnknownId { id: "U99".into() } };
        let preview = Preview { problems: vec![problem.clone()], changes: vec![("U08".into(), "E5".into(), "actual".into(), None)], ..Preview::default() };
        let json = serde_json::to_string(&SheetReply::Preview { id: 2, preview: preview.clone() }).unwrap();
        let back: SheetReply = serde_json::from_str(&json).unwrap();
        assert_eq!(back, SheetReply::Preview { id: 2, preview });
        assert_eq!(back.id(), Some(2));
        assert_eq!(problem.text(Lang::En), "row 15, column A: unknown unit id “U99”");
        let request = SheetRequest::Export { id: 1, kind: ExportKind::Template, document: "{}".into(), lang: Lang::En };
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(json, r#"{"type":"export","id":1,"kind":"template","document":"{}","lang":"en"}"#);
    }

    #[test]
    fn host_messages_have_the_shapes_of_format_4() {
        let m = HostIn::read(r#"{"type":"kaohe:seek","unit":"U08","target":"award:一等奖","fields":"all"}"#).unwrap();
        assert_eq!(m, HostIn::Seek { unit: "U08".into(), target: "award:一等奖".into(), fields: SeekFields::All });
        let m = HostIn::read(r#"{"type":"kaohe:seek","unit":"U08","target":"rank:3"}"#).unwrap();
        assert_eq!(m, HostIn::Seek { unit: "U08".into(), target: "rank:3".into(), fields: SeekFields::Own });
        assert_eq!(HostIn::read(r#"{"type":"kaohe:zap"}"#).unwrap_err(), "unknown message type kaohe:zap");
        assert_eq!(HostIn::read(r#"{"unit":"U08"}"#).unwrap_err(), "message has no type");
        assert_eq!(HostIn::read("[1").unwrap_err(), "message is not JSON");
        assert_eq!(HostIn::read(r#"{"type":"kaohe:seek","unit":"U08"}"#).unwrap_err(), "kaohe:seek needs a target");
        assert_eq!(HostIn::read(r#"{"type":"kaohe:load"}"#).unwrap_err(), "kaohe:load needs a document");
        assert_eq!(HostIn::read(r#"{"type":"kaohe:set-inputs","inputs":[]}"#).unwrap_err(), "kaohe:set-inputs needs an inputs object");
        // Every shape written is read back as itself.
        let mut inputs = serde_json::Map::new();
        inputs.insert("U08".into(), serde_json::json!({"E5": {"actual": 25000}}));
        let all = [
            HostIn::Load { document: serde_json::json!({"schema_version": 1}) },
            HostIn::SetInputs { inputs },
            HostIn::Seek { unit: "U10".into(), target: "award:二等奖".into(), fields: SeekFields::All },
            HostIn::Seek { unit: "U10".into(), target: "rank:1".into(), fields: SeekFields::Own },
        ];
        for m in all {
            assert_eq!(HostIn::read(&serde_json::to_string(&m).unwrap()), Ok(m));
        }
        let out = HostOut::<_, ()>::Results { results: serde_json::json!({"units": []}) };
        assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"type":"kaohe:results","results":{"units":[]}}"#);
        let seek = HostOut::<(), _>::SeekResult(serde_json::json!({"unit": "U10", "reached": false}));
        assert_eq!(serde_json::to_string(&seek).unwrap(), r#"{"type":"kaohe:seek-result","unit":"U10","reached":false}"#);
        assert_eq!(serde_json::to_string(&HostOut::<(), ()>::Resize { height: 640 }).unwrap(), r#"{"type":"kaohe:resize","height":640}"#);
        assert_eq!(serde_json::to_string(&HostOut::<(), ()>::Ready).unwrap(), r#"{"type":"kaohe:ready"}"#);
        let err = HostOut::<(), ()>::Error { message: "unknown unit U99".into() };
        assert_eq!(serde_json::to_string(&err).unwrap(), r#"{"type":"kaohe:error","message":"unknown unit U99"}"#);
    }

    #[test]
    fn module_events_have_one_shape_each() {
        let ev = ModuleEvent::Doc { shell: "{}".into(), ops: vec![InputOp::DropField { indicator: "S1".into(), field: "accidents".into() }] };
        let json = serde_json::to_string(&ev).unwrap();
        assert_eq!(json, r#"{"doc":{"shell":"{}","ops":[["drop_field","S1","accidents"]]}}"#);
        assert_eq!(serde_json::from_str::<ModuleEvent>(&json).unwrap(), ev);
        let json = serde_json::to_string(&ModuleEvent::New { from: NewFrom::Demo }).unwrap();
        assert_eq!(json, r#"{"new":{"from":"demo"}}"#);
        assert_eq!(serde_json::to_string(&ModuleEvent::ImportClosed).unwrap(), r#""import_closed""#);
    }
}
