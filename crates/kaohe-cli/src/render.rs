//! The `table` and `csv` renderings of the results (FORMAT §2).

use kaohe_core::model::Document;
use kaohe_core::num::show_dp;
use kaohe_core::results::layout;
use kaohe_core::{Lang, Results};
use unicode_width::UnicodeWidthStr;

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// An aligned table for a terminal: one row per unit in rank order, Chinese counted double width.
pub fn table(doc: &Document, r: &Results, lang: Lang) -> String {
    let dp = doc.scheme.rounding.dp;
    let cats = &doc.scheme.categories;
    let mut head: Vec<String> = vec![
        t(lang, "排名", "Rank").into(),
        t(lang, "单位", "Unit").into(),
        t(lang, "考核单元", "Group").into(),
        t(lang, "组内", "In group").into(),
    ];
    head.extend(layout::figure_headings(doc, lang));
    head.extend([t(lang, "奖项", "Award").to_string(), t(lang, "突出单位", "Outstanding in").into()]);
    // Numeric columns are right-aligned: rank, group rank, subtotals, base … total.
    let numeric = |col: usize| col == 0 || col == 3 || (4..4 + cats.len() + 4).contains(&col);
    let rows: Vec<Vec<String>> = r
        .in_rank_order()
        .into_iter()
        .map(|u| {
            let group = layout::group_name(doc, &u.group);
            let mut row = vec![u.rank.to_string(), u.name.clone(), group.to_string(), u.group_rank.to_string()];
            row.extend(layout::figures(u).into_iter().map(|n| show_dp(n, dp)));
            let mut award = u.award.clone().unwrap_or_else(|| "—".into());
            if u.vetoed {
                award = format!("{award} ({})", t(lang, "一票否决", "vetoed"));
            }
            row.push(award);
            let recs = layout::recognition_names(doc, u);
            row.push(if recs.is_empty() { "—".into() } else { recs.join(t(lang, "、", ", ")) });
            row
        })
        .collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|c| rows.iter().map(|r| r[c].width()).chain([head[c].width()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (c, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[c].saturating_sub(cell.width()));
            if c > 0 {
                s.push_str("  ");
            }
            if numeric(c) {
                s.push_str(&pad);
                s.push_str(cell);
            } else if c + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&pad);
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = format!("{}\n", doc.scheme.name);
    out.push_str(&line(&head));
    for row in &rows {
        out.push_str(&line(row));
    }
    for w in &r.warnings {
        out.push_str(&format!(
            "{}: {}\n",
            t(lang, "警告", "warning"),
            match lang {
                Lang::Zh => w.zh(),
                Lang::En => w.en(),
            }
        ));
    }
    out
}

/// One CSV row per unit in document order; column names are the JSON keys (`category.<id>` for subtotals).
pub fn csv(doc: &Document, r: &Results) -> Result<String, String> {
    let dp = doc.scheme.rounding.dp;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = ["id", "name", "group", "rank", "group_rank"].map(String::from).to_vec();
    head.extend(layout::figure_keys(doc));
    head.extend(["award", "vetoed", "recognitions"].map(String::from));
    w.write_record(&head).map_err(|e| e.to_string())?;
    for u in &r.units {
        let mut row = vec![u.id.clone(), u.name.clone(), u.group.clone(), u.rank.to_string(), u.group_rank.to_string()];
        row.extend(layout::figures(u).into_iter().map(|n| show_dp(n, dp)));
        row.push(u.award.clone().unwrap_or_default());
        row.push(u.vetoed.to_string());
        row.push(u.recognitions.join(";"));
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
