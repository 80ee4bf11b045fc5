//! Share-link state codec (FORMAT §3): what rides in the address bar's fragment so that a colleague's
//! browser opens the same scenario. Versioned by a leading tag; every earlier version stays decodable.
//!
//! Version 1 (`k1`), two forms:
//! - `k1-p.<preset id>.<changes>` — a built-in preset plus its changed inputs. `<changes>` is a
//!   `~`-separated list of `<unit>.<indicator>.<field>=<value>` (an empty value clears the field) and
//!   `<unit>._veto=1|0`. Ids and field names are percent-encoded outside `[A-Za-z0-9_-]`; values are
//!   decimal numbers as written (`25000`, `-1.5`). The demo with 10 edited cells takes about 230 characters.
//! - `k1-d.<data>.<changes>` — any document: `<data>` is base64url (no padding) of raw deflate of
//!   the baseline document's JSON (FORMAT §1); `<changes>` as above. Inflating stops at 1 MB. The
//!   compressed baseline does not change with edits, so the app computes it once (`Base`).
//!
//! Version 2 (`k2`, written only when the scheme or the units were edited; otherwise links stay
//! `k1`): the same two forms, whose `<changes>` may begin with `_s=<data>`, the edited scheme and
//! units as base64url of raw deflate of `{"scheme": …, "units": …}` (FORMAT §1). Opening applies it
//! first (inputs of units and indicators it no longer has are dropped), then the input changes.
//!
//! Version 3 (`k3`, written only for documents too large for an address bar): `k3-h.<fingerprint>.<changes>`
//! — the baseline is not in the link but held by the browser that opens it (saved there, or the
//! `?synthetic=` document of the address); `<fingerprint>` is 16 hex digits of the FNV-1a 64-bit
//! hash of the document's JSON as written (FORMAT §1); `<changes>` as in version 2. A document is
//! too large when its JSON exceeds `MAX_INFLATED` or its compressed form `MAX_LINK_DOCUMENT`.

use std::str::FromStr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rust_decimal::Decimal;

use crate::model::Document;
use crate::parse::{parse_document, write_document};
use crate::presets;
use crate::scenario::Scenario;
use crate::{Issue, Lang};

/// The newest version this build writes (for scheme edits; `k1` otherwise); it reads it and every
/// earlier one.
pub const LINK_VERSION: u32 = 3;
/// The longest compressed document a link carries (characters); a larger one is held (`k3-h`).
/// Chromium takes 2 MB in its address bar, but mail programs and messengers cut links far shorter.
pub const MAX_LINK_DOCUMENT: usize = 64 * 1024;
/// The most a link's document may inflate to.
pub const MAX_INFLATED: usize = 1 << 20;
/// The longest link state accepted (characters).
pub const MAX_LINK: usize = 2_000_000;

/// One change of a scenario against its baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An input field set to a value (None: cleared).
    Field {
        /// Unit id.
        unit: String,
        /// Indicator id.
        indicator: String,
        /// Field name.
        field: String,
        /// The new value; None clears the field.
        value: Option<Decimal>,
    },
    /// A unit's veto set or cleared.
    Veto {
        /// Unit id.
        unit: String,
        /// Vetoed or not.
        veto: bool,
    },
    /// The scheme and units replaced (version 2): `{"scheme": …, "units": …}` as JSON text.
    Scheme(String),
}

/// Why a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Made by a later release (a version this build does not read).
    #[error("link made by a later version ({0})")]
    FutureVersion(String),
    /// Not a Kaohe link, or damaged (cut short, edited by hand, mangled by a mail program).
    #[error("damaged link: {0}")]
    Damaged(String),
    /// Names a built-in preset this build does not have.
    #[error("unknown preset {0}")]
    UnknownPreset(String),
    /// Larger than links may be (inflating is bounded).
    #[error("link too large")]
    TooLarge,
    /// The document in the link is not valid.
    #[error("invalid document in link: {0}")]
    Invalid(Issue),
    /// Names a large document (by fingerprint) this browser does not hold.
    #[error("document {0} not held here")]
    NotHeld(String),
}

impl LinkError {
    /// The message for the user.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LinkError::FutureVersion(v), Lang::Zh) => format!("此链接由更新版本的考核计分器生成（{v}），本版本无法打开；已保留您当前的数据。"),
            (LinkError::Damaged(_), Lang::Zh) => "链接已损坏或不完整（可能被截断或改动），无法打开；已保留您当前的数据。".into(),
            (LinkError::UnknownPreset(p), Lang::Zh) => format!("链接引用的内置方案“{p}”在本版本中不存在；已保留您当前的数据。"),
            (LinkError::TooLarge, Lang::Zh) => "链接数据过大，已拒绝打开；已保留您当前的数据。".into(),
            (LinkError::Invalid(i), Lang::Zh) => format!("链接中的考核数据有误：{}；已保留您当前的数据。", i.zh()),
            (LinkError::NotHeld(f), Lang::Zh) => format!("此链接只含对大文档（{f}）的改动，本浏览器中没有该文档：请先导入；已保留您当前的数据。"),
            (LinkError::FutureVersion(v), Lang::En) => format!("This link was made by a newer Kaohe ({v}); your current data is kept."),
            (LinkError::Damaged(_), Lang::En) => "This link is damaged or incomplete; your current data is kept.".into(),
            (LinkError::UnknownPreset(p), Lang::En) => format!("This link names a preset this version lacks ({p}); your current data is kept."),
            (LinkError::TooLarge, Lang::En) => "This link is too large to open; your current data is kept.".into(),
            (LinkError::Invalid(i), Lang::En) => format!("The data in this link is invalid: {}; your current data is kept.", i.en()),
            (LinkError::NotHeld(f), Lang::En) => format!("This link holds changes to a large document ({f}) this browser lacks: import it first. Your data is kept."),
        }
    }
}

fn damaged(what: &str) -> LinkError {
    LinkError::Damaged(what.to_string())
}

/// Percent-encodes everything outside `[A-Za-z0-9_-]` (UTF-8 bytes), as ids appear in links.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reverses `esc`.
pub fn unesc(s: &str) -> Result<String, LinkError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or_else(|| damaged("escape"))?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| damaged("escape"))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| damaged("escape"))
}

/// Whether a link state (optionally followed by `&view=…`) holds any change: a preset link with
/// no changes ends its state with the dot after the preset id.
pub fn has_changes(fragment: &str) -> bool {
    let state = fragment.split('&').next().unwrap_or_default();
    !((state.starts_with("k1-p.") || state.starts_with("k2-p.")) && state.ends_with('.'))
}

/// The changes as text (`~`-separated).
pub fn write_changes(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| match c {
            Change::Field { unit, indicator, field, value } => {
                format!("{}.{}.{}={}", esc(unit), esc(indicator), esc(field), value.map(|v| v.normalize().to_string()).unwrap_or_default())
            }
            Change::Veto { unit, veto } => format!("{}._veto={}", esc(unit), u8::from(*veto)),
            Change::Scheme(json) => format!("_s={}", URL_SAFE_NO_PAD.encode(crate::deflate::deflate(json.as_bytes()))),
        })
        .collect::<Vec<_>>()
        .join("~")
}

/// Reads changes written by `write_changes`.
pub fn read_changes(text: &str) -> Result<Vec<Change>, LinkError> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split('~')
        .map(|entry| {
            let (path, value) = entry.split_once('=').ok_or_else(|| damaged("change"))?;
            let parts: Vec<&str> = path.split('.').collect();
            match parts.as_slice() {
                ["_s"] => Ok(Change::Scheme(inflate(value)?)),
                [unit, "_veto"] => match value {
                    "1" => Ok(Change::Veto { unit: unesc(unit)?, veto: true }),
                    "0" => Ok(Change::Veto { unit: unesc(unit)?, veto: false }),
                    _ => Err(damaged("veto")),
                },
                [unit, indicator, field] => {
                    let value = if value.is_empty() {
                        None
                    } else {
                        if !value.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
                            return Err(damaged("value"));
                        }
                        Some(Decimal::from_str(value).map_err(|_| damaged("value"))?)
                    };
                    Ok(Change::Field { unit: unesc(unit)?, indicator: unesc(indicator)?, field: unesc(field)?, value })
                }
                _ => Err(damaged("change")),
            }
        })
        .collect()
}

/// The changes that turn the scenario's baseline into the scenario.
pub fn changes_of(s: &Scenario) -> Vec<Change> {
    let mut out: Vec<Change> = s
        .edits()
        .into_iter()
        .map(|((unit, indicator, field), _, now)| Change::Field { unit, indicator, field, value: now })
        .collect();
    if s.scheme_changed() {
        let doc = s.document();
        // Written as text (not through serde_json::Value) so that the browser app carries one
        // Scheme serializer, not two.
        let json = format!(
            r#"{{"scheme":{},"units":{}}}"#,
            serde_json::to_string_pretty(&doc.scheme).unwrap_or_default(),
            serde_json::to_string_pretty(&doc.units).unwrap_or_default()
        );
        out.insert(0, Change::Scheme(json));
    }
    out.extend(s.veto_changes().into_iter().map(|unit| {
        let veto = s.document().inputs.get(&unit).is_some_and(|r| r.veto);
        Change::Veto { unit, veto }
    }));
    out
}

/// The part of a link that names the baseline: a preset id, the compressed document, or — for a
/// document too large for an address bar — its fingerprint (the document stays in the browser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// A built-in preset (`k1-p.<id>.`).
    Preset(String),
    /// Any other document, compressed (`k1-d.<data>.`).
    Data(String),
    /// A large document held by the browser, by fingerprint (`k3-h.<fingerprint>.`).
    Held(String),
}

impl Base {
    /// The baseline part of the links of scenarios over `doc` (compresses the document once).
    pub fn of(doc: &Document) -> Base {
        Self::within(doc, MAX_LINK_DOCUMENT)
    }

    /// As [`Base::of`] for a file rather than an address bar (the offline single file's saved
    /// state): the document itself, however long its compressed text, whenever it can be read back
    /// (JSON ≤ `MAX_INFLATED`); `Held` only beyond that.
    pub fn in_file(doc: &Document) -> Base {
        Self::within(doc, usize::MAX)
    }

    fn within(doc: &Document, limit: usize) -> Base {
        if let Some(p) = presets::ALL.iter().find(|p| p.document().ok().as_ref() == Some(doc)) {
            return Base::Preset(p.id.to_string());
        }
        let json = write_document(doc);
        if json.len() > MAX_INFLATED {
            return Base::Held(fingerprint_of(&json));
        }
        let packed = crate::deflate::deflate(json.as_bytes());
        let data = URL_SAFE_NO_PAD.encode(packed);
        if data.len() > limit {
            return Base::Held(fingerprint_of(&json));
        }
        Base::Data(data)
    }
}

/// The fingerprint of a document (see version 3): FNV-1a 64 of its JSON as written, 16 hex digits.
pub fn fingerprint(doc: &Document) -> String {
    fingerprint_of(&write_document(doc))
}

fn fingerprint_of(json: &str) -> String {
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// The link state of a scenario: a preset diff when its baseline is a built-in preset, else the
/// whole baseline document compressed (or its fingerprint, when large), with the changes.
pub fn encode(s: &Scenario) -> String {
    encode_with(s, &Base::of(s.baseline()))
}

/// As `encode`, with the baseline part computed once (`Base::of`) for every edit of a scenario.
pub fn encode_with(s: &Scenario, base: &Base) -> String {
    let changes = changes_of(s);
    let version = if matches!(changes.first(), Some(Change::Scheme(_))) { 2 } else { 1 };
    let changes = write_changes(&changes);
    match base {
        Base::Preset(id) => format!("k{version}-p.{}.{}", esc(id), changes),
        Base::Data(data) => format!("k{version}-d.{data}.{changes}"),
        Base::Held(fp) => format!("k3-h.{fp}.{changes}"),
    }
}

/// What a link holds: the baseline and the changes to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The built-in preset's id, if the baseline is one.
    pub preset: Option<String>,
    /// The fingerprint of a held document (version 3), if the baseline is one.
    pub held: Option<String>,
    /// The baseline document.
    pub baseline: Document,
    /// The changes against it.
    pub changes: Vec<Change>,
}

/// Reads a link state (the fragment's state, without `#`). Never panics, whatever the text. A
/// held document (version 3) is not known here: see `decode_with`.
pub fn decode(text: &str) -> Result<Decoded, LinkError> {
    decode_with(text, &|_| None)
}

/// As `decode`, with the documents this browser holds: `held(fingerprint)` returns the one with
/// that fingerprint, if any (the caller keeps documents by their fingerprint: hashing a large one
/// again here would cost more than opening it).
pub fn decode_with(text: &str, held: &dyn Fn(&str) -> Option<Document>) -> Result<Decoded, LinkError> {
    if text.len() > MAX_LINK {
        return Err(LinkError::TooLarge);
    }
    let (tag, rest) = text.split_once('-').ok_or_else(|| damaged("tag"))?;
    let version = tag.strip_prefix('k').and_then(|v| v.parse::<u32>().ok()).ok_or_else(|| damaged("tag"))?;
    if version > LINK_VERSION {
        return Err(LinkError::FutureVersion(tag.to_string()));
    }
    // Versions 1 to 3 share their forms; version 2 on may carry a scheme change, version 3 alone
    // names a held document.
    let decoded = match rest.strip_prefix("h.") {
        Some(body) if version >= 3 => {
            let (fp, changes) = body.split_once('.').ok_or_else(|| damaged("held document"))?;
            if fp.len() != 16 || !fp.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(damaged("fingerprint"));
            }
            let changes = read_changes(changes)?;
            let baseline = held(fp).ok_or_else(|| LinkError::NotHeld(fp.to_string()))?;
            Decoded { preset: None, held: Some(fp.to_string()), baseline, changes }
        }
        _ => decode_v1(rest)?,
    };
    if version < 2 && decoded.changes.iter().any(|c| matches!(c, Change::Scheme(_))) {
        return Err(damaged("scheme change in a version 1 link"));
    }
    Ok(decoded)
}

/// Inflates base64url raw deflate data (at most `MAX_INFLATED`) to text.
fn inflate(data: &str) -> Result<String, LinkError> {
    let packed = URL_SAFE_NO_PAD.decode(data).map_err(|_| damaged("base64"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            LinkError::TooLarge
        } else {
            damaged("deflate")
        }
    })?;
    String::from_utf8(json).map_err(|_| damaged("utf-8"))
}

fn decode_v1(rest: &str) -> Result<Decoded, LinkError> {
    if let Some(body) = rest.strip_prefix("p.") {
        let (id, changes) = body.split_once('.').ok_or_else(|| damaged("preset"))?;
        let id = unesc(id)?;
        let preset = presets::by_id(&id).ok_or_else(|| LinkError::UnknownPreset(id.clone()))?;
        let baseline = preset.document().map_err(LinkError::Invalid)?;
        Ok(Decoded { preset: Some(id), held: None, baseline, changes: read_changes(changes)? })
    } else if let Some(body) = rest.strip_prefix("d.") {
        let (data, changes) = body.split_once('.').ok_or_else(|| damaged("document"))?;
        let text = inflate(data)?;
        let baseline = parse_document(&text).map_err(LinkError::Invalid)?;
        Ok(Decoded { preset: None, held: None, baseline, changes: read_changes(changes)? })
    } else {
        Err(damaged("form"))
    }
}

/// Opens a link: the scenario it describes, or why not (unknown ids in the changes included).
pub fn open(text: &str) -> Result<Scenario, LinkError> {
    open_decoded(decode(text)?)
}

/// Opens a decoded link (see `open`).
pub fn open_decoded(d: Decoded) -> Result<Scenario, LinkError> {
    open_on(d, None)
}

/// Opens a decoded link over `current`'s baseline when the link's is the same document (a reload,
/// a saved scenario, a colleague's link on the same data): nothing is scored again but the changes.
pub fn open_on(d: Decoded, current: Option<&Scenario>) -> Result<Scenario, LinkError> {
    let mut s = match current.filter(|c| *c.baseline() == d.baseline) {
        Some(c) => {
            let mut s = c.clone();
            s.reset_all();
            s
        }
        None => Scenario::new(d.baseline).map_err(|e| LinkError::Invalid(e.into_iter().next().unwrap_or_else(|| Issue::new("", crate::IssueKind::Empty))))?,
    };
    // Runs of field changes are set together, scored once (a link of 500 imported values opens
    // in one re-score, not 500).
    let mut fields: Vec<(crate::scenario::CellKey, Option<rust_decimal::Decimal>)> = Vec::new();
    let unknown = || damaged("change names an unknown unit or indicator");
    let flush = |s: &mut Scenario, fields: &mut Vec<_>| if fields.is_empty() || s.set_many(&std::mem::take(fields)) { Ok(()) } else { Err(unknown()) };
    for c in d.changes {
        let ok = match c {
            Change::Field { unit, indicator, field, value } => {
                fields.push(((unit, indicator, field), value));
                true
            }
            Change::Veto { unit, veto } => {
                flush(&mut s, &mut fields)?;
                s.set_veto(&unit, veto)
            }
            Change::Scheme(json) => {
                flush(&mut s, &mut fields)?;
                let doc = with_scheme(s.document(), &json)?;
                s.set_document(doc);
                true
            }
        };
        if !ok {
            return Err(unknown());
        }
    }
    flush(&mut s, &mut fields)?;
    Ok(s)
}

/// The document with the scheme and units of `json` (`{"scheme": …, "units": …}`), keeping the
/// inputs of the units and indicators it still has.
fn with_scheme(doc: &Document, json: &str) -> Result<Document, LinkError> {
    let body = json.trim().strip_prefix('{').ok_or_else(|| damaged("scheme"))?;
    let mut new = parse_document(&format!(r#"{{"schema_version":1,{body}"#)).map_err(LinkError::Invalid)?;
    let mut inputs = doc.inputs.clone();
    inputs.retain(|u, _| new.units.iter().any(|x| &x.id == u));
    for row in inputs.values_mut() {
        std::sync::Arc::make_mut(&mut row.cells).retain(|i, _| new.scheme.indicators.iter().any(|x| &x.id == i));
    }
    new.inputs = inputs;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn demo() -> Scenario {
        Scenario::new(presets::DEMO.document().unwrap()).unwrap()
    }

    #[test]
    fn the_demo_with_ten_edits_fits_in_300_characters_and_round_trips() {
        let mut s = demo();
        let edits = [
            ("U08", "S1", "accidents", "0"),
            ("U08", "S1", "notices", "0"),
            ("U08", "E5", "actual", "25000"),
            ("U01", "E3", "value", "50"),
            ("U02", "K1", "score", "100"),
            ("U03", "E1", "actual", "13500.5"),
            ("U11", "E4", "count", "-2"),
            ("U12", "V1", "unknown", "12"),
            ("U09", "X1", "national", "1"),
            ("U05", "S3", "value", "95"),
        ];
        for (u, i, f, v) in edits {
            s.enter(u, i, f, v).unwrap();
        }
        s.set_veto("U04", true);
        let link = encode(&s);
        assert!(link.starts_with("k1-p.demo-2023."), "{link}");
        assert!(link.len() <= 300, "{} characters: {link}", link.len());
        eprintln!("demo + 10 edits + 1 veto: {} characters: {link}", link.len());
        let back = open(&link).unwrap();
        assert_eq!(back.results(), s.results());
        assert_eq!(back.edits(), s.edits());
        assert_eq!(back.veto_changes(), ["U04"]);
    }

    #[test]
    fn a_custom_document_is_compressed_and_round_trips() {
        let doc = crate::synthetic::document(40, 30, 3).unwrap();
        let mut s = Scenario::new(doc).unwrap();
        s.enter("U00007", "I0004", "value", "12.5").unwrap();
        let link = encode(&s);
        assert!(link.starts_with("k1-d."));
        let back = open(&link).unwrap();
        assert_eq!(back.results(), s.results());
        assert_eq!(back.baseline(), s.baseline());
    }

    #[test]
    fn scheme_edits_ride_in_a_version_2_link_and_reopen_identically() {
        let mut s = demo();
        s.enter("U08", "E5", "actual", "25000").unwrap();
        // 经济发展 weight 1 → 1.2, a new indicator with data for 金禾镇, 白沙镇 removed.
        let d = crate::editing::set_path(s.document(), "scheme.categories[0].weight", Some(serde_json::json!(1.2))).unwrap();
        let (d, id) = crate::editing::add(&d, &crate::editing::Item::Indicator("econ".into()));
        let d = crate::editing::remove(&d, &crate::editing::Item::Unit("U11".into()));
        assert!(s.set_document(d), "{:?}", s.issues());
        assert!(s.set("U08", &id, "score", Some(Decimal::from(80))));
        let link = encode(&s);
        assert!(link.starts_with("k2-p.demo-2023._s="), "{link}");
        let back = open(&link).unwrap();
        assert_eq!(back.document(), s.document());
        assert_eq!(back.results(), s.results());
        assert_eq!(back.edits(), s.edits());
        // Without scheme edits links stay version 1.
        let mut plain = demo();
        plain.enter("U08", "E5", "actual", "25000").unwrap();
        assert!(encode(&plain).starts_with("k1-p.demo-2023.U08.E5.actual=25000"));
    }

    #[test]
    fn bad_links_say_why() {
        assert!(matches!(decode("k4-p.demo-2023."), Err(LinkError::FutureVersion(_))));
        assert!(matches!(decode("k1-h.0123456789abcdef."), Err(LinkError::Damaged(_))));
        assert!(matches!(decode("k3-h.0123."), Err(LinkError::Damaged(_))));
        assert_eq!(decode("k3-h.0123456789abcdef."), Err(LinkError::NotHeld("0123456789abcdef".into())));
        // A scheme change needs version 2.
        let scheme = write_changes(&[Change::Scheme("{}".into())]);
        assert!(matches!(decode(&format!("k1-p.demo-2023.{scheme}")), Err(LinkError::Damaged(_))));
        assert!(matches!(decode("k1-p.nope."), Err(LinkError::UnknownPreset(_))));
        assert!(matches!(decode("hello"), Err(LinkError::Damaged(_))));
        assert!(matches!(decode("k1-d.!!!"), Err(LinkError::Damaged(_))));
        assert!(matches!(open("k1-p.demo-2023.U99.E1.actual=1"), Err(LinkError::Damaged(_))));
        assert!(matches!(decode("k1-p.demo-2023.U08.E1.actual=1e5"), Err(LinkError::Damaged(_))));
        // A truncated compressed link.
        let mut s = Scenario::new(crate::synthetic::document(5, 5, 1).unwrap()).unwrap();
        s.set("U00001", "I0001", "value", Some(Decimal::ONE));
        let link = encode(&s);
        assert!(matches!(decode(&link[..link.len() / 2]), Err(LinkError::Damaged(_))));
        assert!(decode("k1-p.demo-2023.").unwrap().changes.is_empty());
        assert!(LinkError::TooLarge.message(Lang::Zh).contains("已保留您当前的数据"));
    }

    #[test]
    fn a_document_too_large_for_an_address_bar_is_held_and_its_link_carries_the_edits_only() {
        // 300 units × 60 indicators: its JSON is 1.3 MB, beyond MAX_INFLATED (1 MB). (The e2e
        // test takes 2,000 × 100 through the app.)
        let big = crate::synthetic::document(300, 60, 1).unwrap();
        let base = Base::of(&big);
        let fp = fingerprint(&big);
        assert_eq!(base, Base::Held(fp.clone()));
        assert_eq!(fp.len(), 16);
        let mut s = Scenario::new(big.clone()).unwrap();
        // 50 edits: the link holds them and the fingerprint, nothing else.
        for k in 0..50 {
            let (u, i) = (&big.units[k * 6].id, &big.scheme.indicators[k].id);
            let field = big.inputs[u].cells[i].as_ref().unwrap().keys().next().unwrap().clone();
            assert!(s.set(u, i, &field, Some(Decimal::from(1_000 + k))));
        }
        let link = encode_with(&s, &base);
        assert!(link.starts_with(&format!("k3-h.{fp}.")), "{}", &link[..40]);
        assert!(link.len() < 50 * 40, "{} characters", link.len());
        // Opened where the document is not held: it says so; where it is: the same scenario.
        assert_eq!(decode(&link), Err(LinkError::NotHeld(fp.clone())));
        assert_eq!(decode_with(&link, &|f| (f != fp).then(|| big.clone())), Err(LinkError::NotHeld(fp.clone())));
        let d = decode_with(&link, &|f| (f == fp).then(|| big.clone())).unwrap();
        assert_eq!(d.held.as_deref(), Some(fp.as_str()));
        let back = open_on(d, Some(&s)).unwrap();
        assert_eq!(back.results(), s.results());
        assert_eq!(back.edits(), s.edits());
        // A small custom document still rides whole in its link.
        let mut small = presets::DEMO.document().unwrap();
        small.scheme.name = "另一方案".into();
        assert!(matches!(Base::of(&small), Base::Data(_)));
        // 100 × 60 fits in MAX_INFLATED but compresses to 55 KB, 73 KB as base64: held too.
        assert!(matches!(Base::of(&crate::synthetic::document(100, 60, 1).unwrap()), Base::Held(_)));
    }

    #[test]
    fn inflating_is_bounded() {
        // 4 MB of zeros deflate to a few KB; the reader stops at 1 MB.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 4 << 20], 9);
        let link = format!("k1-d.{}.", URL_SAFE_NO_PAD.encode(bomb));
        assert!(link.len() < 20_000);
        assert_eq!(decode(&link), Err(LinkError::TooLarge));
    }

    #[test]
    fn changes_are_told_apart_from_an_untouched_preset() {
        assert!(!has_changes("k1-p.demo-2023.&view=ranking"));
        assert!(has_changes("k1-p.demo-2023.U08.S1.accidents=0&view=ranking"));
        assert!(has_changes("k1-d.abc."));
    }

    #[test]
    fn links_made_today_keep_opening() {
        // Pinned: a version-1 link written by this release. Later releases must still open it.
        let s = open("k1-p.demo-2023.U08.S1.accidents=0~U08.S1.notices=0").unwrap();
        let u = s.results().unit("U08").unwrap();
        assert_eq!((u.total.0.to_string(), u.rank), ("81.33".to_string(), 7));
    }

    proptest! {
        #[test]
        fn any_text_decodes_or_says_why_never_panics(t in "\\PC{0,80}", b in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&t);
            let _ = decode(&format!("k1-p.demo-2023.{t}"));
            let _ = decode(&format!("k1-d.{}.", URL_SAFE_NO_PAD.encode(&b)));
            let _ = open(&format!("k1-p.demo-2023.{t}"));
        }

        #[test]
        fn changes_round_trip(ids in proptest::collection::vec(("[a-z0-9._~%=中文 -]{1,6}", "[A-Z0-9.]{1,5}", -100_000i64..100_000, 0u32..4, any::<bool>()), 0..8)) {
            let changes: Vec<Change> = ids.into_iter().map(|(u, i, m, sc, clear)| Change::Field {
                unit: u, indicator: i, field: "value".into(),
                value: (!clear).then(|| Decimal::new(m, sc)),
            }).collect();
            let back = read_changes(&write_changes(&changes)).unwrap();
            prop_assert_eq!(back.len(), changes.len());
            for (a, b) in back.iter().zip(&changes) {
                match (a, b) {
                    (Change::Field { unit: u1, indicator: i1, value: v1, .. }, Change::Field { unit: u2, indicator: i2, value: v2, .. }) => {
                        prop_assert_eq!(u1, u2);
                        prop_assert_eq!(i1, i2);
                        prop_assert_eq!(v1, v2);
                    }
                    _ => prop_assert!(false),
                }
            }
        }
    }
}
