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

/// A message in both languages: why an export failed, as the module hands it to the app (which
/// says it in the language shown, also after a switch; the typed `SheetError` stays in the module).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Said {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Said {
    /// The message `say` makes in each language.
    pub fn new(say: impl Fn(Lang) -> String) -> Said {
        Said { zh: say(Lang::Zh), en: say(Lang::En) }
    }

    /// In `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
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
