//! Kaohe scoring engine (考核计分引擎): the pure core of the 综合绩效考核 calculator.
//!
//! Data flows one way: document (FORMAT §1) → [`validate`] → [`evaluate`] → [`Results`] (FORMAT §2).
//! All arithmetic is decimal ([`rust_decimal`]), never binary floating point. No browser, no I/O:
//! the web app, the CLI and the tests call the same functions with the same document.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod chart;
pub mod deflate;
pub mod describe;
pub mod editing;
pub mod eval;
pub mod explain;
pub mod incremental;
pub mod input;
pub mod link;
pub mod method;
pub mod metric;
pub mod model;
pub mod num;
pub mod par;
pub mod parse;
pub mod presets;
pub mod protocol;
pub mod rank;
pub mod results;
pub mod scenario;
pub mod seek;
pub mod synthetic;
pub mod table;
pub mod validate;
pub mod window;

pub use eval::{evaluate, evaluate_explained};
pub use explain::{tr, Lang};
pub use model::Document;
pub use parse::{parse_document, write_document};
pub use results::Results;
pub use validate::{validate, Issue, IssueKind, Report};

/// Parses, validates and scores a JSON document, with explanations in `lang` (the CLI's path).
pub fn score_json(text: &str, lang: Lang) -> Result<(Document, Results), Vec<Issue>> {
    let doc = parse_document(text).map_err(|e| vec![e])?;
    let results = evaluate_explained(&doc, lang)?;
    Ok((doc, results))
}
