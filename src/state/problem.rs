//! The problems the app shows, kept typed (with their unit, cell and value) and said in the
//! language shown when drawn: switching 中文/English re-says every message on screen (issue 12).

#[allow(unused_imports)]
use super::*;

use kaohe_core::input::EntryError;

/// A problem with a paste, a file or an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The picked file could not be read (its name).
    Unreadable(String),
    /// The import's values cannot be scored.
    CannotApply,
    /// 另存为离线文件: the document is over 1 MB.
    OfflineTooLarge,
    /// 另存为离线文件: the page has no offline file to copy.
    OfflineNoTemplate,
    /// The module loaded on first use (the scheme editor, the import dialog and the exports,
    /// 另存为离线文件) could not be loaded.
    ModuleFailed,
    /// A paste of more than `MAX_PASTE_CELLS` cells.
    PasteTooLarge {
        /// Rows pasted.
        rows: usize,
        /// Columns pasted.
        cols: usize,
    },
    /// A paste reaching past the grid's last row or column.
    PasteTooBig {
        /// Rows pasted.
        rows: usize,
        /// Columns pasted.
        cols: usize,
        /// Rows from the focused cell to the last.
        fit_rows: usize,
        /// Columns from the focused cell to the last.
        fit_cols: usize,
    },
    /// A pasted cell that is not a number.
    PasteEntry {
        /// The unit's name.
        unit: String,
        /// The indicator's name.
        indicator: String,
        /// The field's label.
        field: String,
        /// Why.
        error: EntryError,
    },
    /// Pasted values that cannot be scored.
    PasteUnscorable,
}

impl Problem {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Problem::Unreadable(name) => if zh { format!("无法读取文件“{name}”") } else { format!("cannot read the file “{name}”") },
            Problem::CannotApply => tr(lang, "无法应用：数据无法计分，未作任何修改", "cannot apply: the data cannot be scored; nothing changed").into(),
            Problem::OfflineTooLarge => {
                tr(lang, "文档超过 1 MB，无法存入离线文件：请用“导出文档（JSON）”", "The document is over 1 MB: use Export document (JSON)").into()
            }
            Problem::OfflineNoTemplate => tr(
                lang,
                "此页面缺少离线文件（考核计分器.html，可用 bash scripts/bundle 构建），无法另存",
                "This page has no offline file to copy (考核计分器.html: build it with bash scripts/bundle)",
            )
            .into(),
            Problem::ModuleFailed => tr(
                lang,
                "功能组件（方案编辑、导入导出）加载失败，请刷新页面后重试。",
                "A part of the calculator (scheme editor, import and export) could not be loaded; reload the page and try again.",
            )
            .into(),
            Problem::PasteTooLarge { rows, cols } => {
                if zh { format!("粘贴内容过大（{rows} 行 × {cols} 列），未作任何修改") } else { format!("paste too large ({rows} × {cols}); nothing changed") }
            }
            Problem::PasteTooBig { rows, cols, fit_rows, fit_cols } => if zh {
                format!("粘贴区域 {rows} 行 × {cols} 列超出表格：从此单元格起只有 {fit_rows} 行 × {fit_cols} 列，未作任何修改")
            } else {
                format!("the pasted block ({rows} × {cols}) does not fit: {fit_rows} × {fit_cols} from this cell; nothing changed")
            },
            Problem::PasteEntry { unit, indicator, field, error } => format!("{unit} {indicator} {field}：{}", error.message(lang)),
            Problem::PasteUnscorable => tr(lang, "这些数值无法计分（超出可精确计算的范围），未作任何修改", "these values cannot be scored; nothing changed").into(),
        }
    }
}

#[cfg(test)]
mod problem_tests {
    use super::*;

    #[test]
    fn a_problem_shown_is_said_again_in_the_other_language() {
        // A paste refused in Chinese, then the language switched: the same problem, in English.
        // Two rows from the last unit's row (12 units: 1 row left); the demo's grid has 36 columns:
        // completion 5 × 2 (actual, target) + growth 1 × 2 (actual, last) + value 4 + count 2 +
        // direct 6 + events and survey fields 1 + 2 + 4 (V1: satisfied, basic, unsatisfied,
        // unknown) + 3 + 2 = 10 + 2 + 4 + 2 + 6 + 12 = 36.
        let s = demo_state().reduce(Action::Paste { row: 11, col: 0, text: "1\t2\n3\t4".into() });
        let p = s.paste_error.clone().expect("refused: 2 rows from the last row");
        assert!(p.text(Lang::Zh).starts_with("粘贴区域 2 行 × 2 列超出表格：从此单元格起只有 1 行"), "{}", p.text(Lang::Zh));
        let s = s.reduce(Action::SetLang(Lang::En));
        assert_eq!(s.paste_error.as_ref().map(|p| p.text(s.lang)).as_deref(), Some("the pasted block (2 × 2) does not fit: 1 × 36 from this cell; nothing changed"));
        // (A spreadsheet's refusal is said so by the module that reads it: kaohe-editor's import tests.)
        // 另存为离线文件's refusal likewise (the module answers with a code, not a sentence).
        let s = s.reduce(Action::IoError(Some(Problem::OfflineTooLarge)));
        assert!(s.io_error.as_ref().is_some_and(|p| p.text(s.lang).starts_with("The document is over 1 MB")));
        let s = s.reduce(Action::SetLang(Lang::Zh));
        assert!(s.io_error.as_ref().is_some_and(|p| p.text(s.lang).starts_with("文档超过 1 MB")));
    }
}
