//! Built-in presets, embedded in the binary (the app and the CLI open on the demo).

use crate::model::Document;
use crate::parse::parse_document;
use crate::validate::Issue;

/// A built-in preset: its id and its document text.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Stable id (used by share links).
    pub id: &'static str,
    /// The `.kaohe.json` text.
    pub json: &'static str,
}

/// The demo: a fictional county, 12 units, 23 indicators (示例县 2023).
#[cfg(not(target_arch = "wasm32"))]
pub const DEMO: Preset = Preset { id: "demo-2023", json: include_str!("../../../presets/demo-2023.json") };
/// The demo: a fictional county, 12 units, 23 indicators (示例县 2023); in the browser build
/// without the whitespace between tokens (`build.rs`: the same document, fewer bytes to load).
#[cfg(target_arch = "wasm32")]
pub const DEMO: Preset = Preset { id: "demo-2023", json: include_str!(concat!(env!("OUT_DIR"), "/demo-2023.min.json")) };

/// Every built-in preset.
pub const ALL: &[Preset] = &[DEMO];

impl Preset {
    /// The preset's document.
    pub fn document(&self) -> Result<Document, Issue> {
        parse_document(self.json)
    }
}

/// The preset with this id.
pub fn by_id(id: &str) -> Option<Preset> {
    ALL.iter().copied().find(|p| p.id == id)
}
