//! `kaohe`: score a 综合绩效考核 document (FORMAT §1) from the command line.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kaohe_core::{presets, score_json, Issue, Lang};

mod render;
mod seek;

/// Kaohe 考核计分器: scores a county's comprehensive performance assessment (综合绩效考核).
///
/// Reads an assessment document (`*.kaohe.json`: scheme, units and inputs), and prints every
/// unit's scores, ranks, award tier and 突出单位 recognitions. All arithmetic is decimal.
#[derive(Parser, Debug)]
#[command(name = "kaohe", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score a document and print the results.
    ///
    /// Exit status: 0 scored; 2 the input could not be read or is invalid (the reason is on
    /// stderr, naming the path of the bad value, and nothing is printed on stdout).
    Score {
        /// The `.kaohe.json` document; `-` reads standard input; none scores the built-in demo
        /// preset (示例县 2023, 12 units, 23 indicators).
        file: Option<PathBuf>,
        /// Output: `json` (FORMAT §2 results), `table` (aligned, for a terminal), `csv` (one row per unit).
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Language of explanations, table headings and messages.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// 目标测算: what must one unit change to reach a rank, an award, a recognition or a total?
    ///
    /// Prints, against the document as it is: every input field of the unit that reaches the
    /// target alone with its least change (easiest first) and what it gives; the fields that
    /// cannot, with the best they can do; a plan of several fields when none can alone (or the
    /// points still missing); the headroom per indicator and the margins.
    ///
    /// Exit status: 0 answered (reachable or not); 2 bad arguments or an invalid document.
    Seek {
        /// The `.kaohe.json` document; `-` reads standard input; none uses the demo preset.
        file: Option<PathBuf>,
        /// The unit's id (e.g. U08).
        #[arg(long)]
        unit: String,
        /// rank:N, group-rank:N, award:LABEL (that tier or a better one), recognition:ID, total:X.
        #[arg(long)]
        target: String,
        /// `own`: the unit's own performance fields; `all`: also targets and last year's figures.
        #[arg(long, value_enum, default_value_t = FieldsArg::Own)]
        fields: FieldsArg,
        /// Output: `table` (a report for a terminal) or `json`.
        #[arg(long, short, value_enum, default_value_t = SeekFormat::Table)]
        format: SeekFormat,
        /// Language of the report and messages.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Check a document without scoring it: errors and warnings with their paths.
    ///
    /// Exit status: 0 valid (warnings may be printed on stderr); 2 invalid.
    Validate {
        /// The `.kaohe.json` document; `-` reads standard input; none checks the demo preset.
        file: Option<PathBuf>,
        /// Language of messages.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Table,
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum SeekFormat {
    Json,
    Table,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FieldsArg {
    Own,
    All,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Score { file, format, lang } => run_score(file, format, lang.into()),
        Command::Validate { file, lang } => run_validate(file, lang.into()),
        Command::Seek { file, unit, target, fields, format, lang } => {
            let fields = match fields {
                FieldsArg::Own => kaohe_core::seek::FieldSet::Own,
                FieldsArg::All => kaohe_core::seek::FieldSet::All,
            };
            run_seek(file, &unit, &target, fields, format, lang.into())
        }
    }
}

/// Reads the document text: a file, stdin (`-`) or the demo.
fn read_input(file: &Option<PathBuf>, lang: Lang) -> Result<String, String> {
    match file {
        None => Ok(presets::DEMO.json.to_string()),
        Some(p) if p.as_os_str() == "-" => {
            let mut s = String::new();
            io::stdin().read_to_string(&mut s).map_err(|e| match lang {
                Lang::Zh => format!("无法读取标准输入：{e}"),
                Lang::En => format!("cannot read standard input: {e}"),
            })?;
            Ok(s)
        }
        Some(p) => std::fs::read_to_string(p).map_err(|e| match lang {
            Lang::Zh => format!("无法读取文件 {}：{e}", p.display()),
            Lang::En => format!("cannot read {}: {e}", p.display()),
        }),
    }
}

fn fail(lines: &[String], lang: Lang) -> ExitCode {
    let head = match lang {
        Lang::Zh => "错误",
        Lang::En => "error",
    };
    let mut err = io::stderr().lock();
    for l in lines {
        let _ = writeln!(err, "kaohe: {head}: {l}");
    }
    ExitCode::from(2)
}

fn warn(issues: &[Issue], lang: Lang) {
    let head = match lang {
        Lang::Zh => "警告",
        Lang::En => "warning",
    };
    let mut err = io::stderr().lock();
    for i in issues {
        let _ = writeln!(err, "kaohe: {head}: {}", i.text(lang));
    }
}

fn run_score(file: Option<PathBuf>, format: Format, lang: Lang) -> ExitCode {
    let text = match read_input(&file, lang) {
        Ok(t) => t,
        Err(e) => return fail(&[e], lang),
    };
    let (doc, results) = match score_json(&text, lang) {
        Ok(r) => r,
        Err(issues) => return fail(&issues.iter().map(|i| i.text(lang)).collect::<Vec<_>>(), lang),
    };
    let out = match format {
        Format::Json => serde_json::to_string_pretty(&results).map(|s| s + "\n").map_err(|e| e.to_string()),
        Format::Table => Ok(render::table(&doc, &results, lang)),
        Format::Csv => render::csv(&doc, &results),
    };
    match out {
        Ok(s) => {
            warn(&results.warnings, lang);
            let mut stdout = io::stdout().lock();
            // A closed pipe (`kaohe score | head`) is not an error worth reporting.
            let _ = stdout.write_all(s.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&[e], lang),
    }
}

/// Reads and parses the document (a file, stdin or the demo); on failure, the exit of `fail`.
fn read_document(file: &Option<PathBuf>, lang: Lang) -> Result<kaohe_core::Document, ExitCode> {
    let text = read_input(file, lang).map_err(|e| fail(&[e], lang))?;
    kaohe_core::parse_document(&text).map_err(|i| fail(&[i.text(lang)], lang))
}

fn run_validate(file: Option<PathBuf>, lang: Lang) -> ExitCode {
    let doc = match read_document(&file, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let report = kaohe_core::validate(&doc);
    warn(&report.warnings, lang);
    if !report.is_ok() {
        return fail(&report.errors.iter().map(|i| i.text(lang)).collect::<Vec<_>>(), lang);
    }
    let _ = writeln!(
        io::stdout().lock(),
        "{}",
        match lang {
            Lang::Zh => format!("有效：{} 个单位，{} 项指标", doc.units.len(), doc.scheme.indicators.len()),
            Lang::En => format!("valid: {} units, {} indicators", doc.units.len(), doc.scheme.indicators.len()),
        }
    );
    ExitCode::SUCCESS
}

fn run_seek(file: Option<PathBuf>, unit: &str, target: &str, fields: kaohe_core::seek::FieldSet, format: SeekFormat, lang: Lang) -> ExitCode {
    let doc = match read_document(&file, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let answer = target.parse().and_then(|t| kaohe_core::seek::seek(&doc, unit, &t, fields));
    let s = match answer {
        Ok(s) => s,
        Err(e) => return fail(&[e.message(lang)], lang),
    };
    let out = match format {
        SeekFormat::Json => serde_json::to_string_pretty(&s).map(|t| t + "\n").map_err(|e| e.to_string()),
        SeekFormat::Table => Ok(seek::report(&doc, &s, lang)),
    };
    match out {
        Ok(text) => {
            let _ = io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&[e], lang),
    }
}
