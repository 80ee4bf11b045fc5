//! `kaohe seek`'s report for a terminal.

use kaohe_core::model::Document;
use kaohe_core::num::show_dp;
use kaohe_core::seek::{change_text, target_words, Seek};
use kaohe_core::{tr, Lang};

/// The goal seek as lines of text: where the unit stands, the fields that reach the target alone,
/// those that cannot, the plan, the headroom and the margins.
pub fn report(doc: &Document, s: &Seek, lang: Lang) -> String {
    let w = Words { doc, dp: doc.scheme.rounding.dp, lang };
    let mut out = w.standing(s);
    out.push(String::new());
    if s.reached {
        out.push(tr(lang, "目标已达到。", "The target is already reached.").into());
    } else {
        out.extend(w.ways(s));
    }
    out.push(String::new());
    out.extend(w.headroom(s));
    out.push(String::new());
    out.extend(w.margin(s));
    out.join("\n") + "\n"
}

/// What the report says figures, units, awards and indicators with.
struct Words<'a> {
    doc: &'a Document,
    dp: u32,
    lang: Lang,
}

impl Words<'_> {
    fn fig(&self, v: rust_decimal::Decimal) -> String {
        show_dp(v, self.dp)
    }

    fn award(&self, a: &Option<String>) -> String {
        a.clone().unwrap_or_else(|| tr(self.lang, "无奖项", "no award").to_string())
    }

    fn name(&self, id: &str) -> String {
        self.doc.scheme.indicators.iter().find(|x| x.id == id).map_or(id.to_string(), |x| x.name.clone())
    }

    /// The target, and where the unit stands now.
    fn standing(&self, s: &Seek) -> Vec<String> {
        let (doc, lang, now) = (self.doc, self.lang, &s.now);
        let unit = doc.units.iter().find(|u| u.id == s.unit).map_or(s.unit.as_str(), |u| u.name.as_str());
        let target = target_words(doc, &s.target, lang);
        let (total, award) = (self.fig(now.total), self.award(&now.award));
        match lang {
            Lang::Zh => vec![
                format!("{unit}（{}）目标：{target}", s.unit),
                format!("现在：总分 {total}，全县第 {} 名，考核单元第 {} 名，{award}{}", now.rank, now.group_rank, if now.vetoed { "（一票否决）" } else { "" }),
            ],
            Lang::En => vec![
                format!("{unit} ({}) target: {target}", s.unit),
                format!("Now: total {total}, rank {}, group rank {}, {award}{}", now.rank, now.group_rank, if now.vetoed { " (vetoed)" } else { "" }),
            ],
        }
    }

    /// The ways to the target: single fields, the fields that cannot, the plan, the shortfall.
    fn ways(&self, s: &Seek) -> Vec<String> {
        let (doc, lang) = (self.doc, self.lang);
        let mut out = Vec::new();
        if s.single.is_empty() {
            out.push(tr(lang, "没有哪一项单独调整能达到目标。", "No single field reaches the target alone.").into());
        } else {
            out.push(tr(lang, "单独调整一项即可达到（调整幅度从小到大）：", "One field alone reaches it (smallest change first):").into());
            for x in &s.single {
                let gives = match lang {
                    Lang::Zh => format!("总分 {}，第 {} 名，{}", self.fig(x.total), x.rank, self.award(&x.award)),
                    Lang::En => format!("total {}, rank {}, {}", self.fig(x.total), x.rank, self.award(&x.award)),
                };
                out.push(format!("  {}  →  {gives}", change_text(doc, &x.indicator, &x.field, x.from, x.to, lang)));
            }
        }
        if !s.unreachable.is_empty() {
            out.push(tr(lang, "单独调整无法达到：", "Cannot reach it alone:").into());
            for x in &s.unreachable {
                let label = kaohe_core::seek::field_label(doc, &x.indicator, &x.field, lang);
                out.push(format!("  {} · {label}{}{}", self.name(&x.indicator), tr(lang, "：", ": "), kaohe_core::seek::best_text(x, self.dp, lang)));
            }
        }
        if let Some(p) = &s.plan {
            out.push(tr(lang, "组合方案（同时调整）：", "A plan (all together):").into());
            for st in &p.steps {
                out.push(format!("  {}", change_text(doc, &st.indicator, &st.field, st.from, st.to, lang)));
            }
            out.push(match lang {
                Lang::Zh => format!("  合计：总分 {}，第 {} 名，{}", self.fig(p.total), p.rank, self.award(&p.award)),
                Lang::En => format!("  together: total {}, rank {}, {}", self.fig(p.total), p.rank, self.award(&p.award)),
            });
        }
        if let Some(short) = s.shortfall {
            out.push(match lang {
                Lang::Zh => format!("即使所有指标满分，仍差 {} 分。", self.fig(short)),
                Lang::En => format!("Even with full marks everywhere, {} points short.", self.fig(short)),
            });
        }
        out
    }

    /// Points still available per indicator, and the inputs that give full marks.
    fn headroom(&self, s: &Seek) -> Vec<String> {
        let (doc, lang) = (self.doc, self.lang);
        let mut out = vec![tr(lang, "提升空间（可得分 · 满分所需数据）：", "Headroom (points available · inputs for full marks):").to_string()];
        for h in s.headroom.iter().filter(|h| !h.available.is_zero()) {
            let inputs: Vec<String> = h
                .inputs
                .iter()
                .map(|f| format!("{} {}", kaohe_core::seek::field_label(doc, &h.indicator, &f.field, lang), f.value.normalize()))
                .collect();
            let (score, full) = (h.score.map_or("—".into(), |v| self.fig(v)), h.full.map_or("—".into(), |v| self.fig(v)));
            out.push(format!("  {}：{score} / {full}，+{}（{}）", self.name(&h.indicator), self.fig(h.available), inputs.join("，")));
        }
        out
    }

    /// Points ahead of the next unit below, and per field the value that alone loses the rank or award.
    fn margin(&self, s: &Seek) -> Vec<String> {
        let (doc, lang, m, now) = (self.doc, self.lang, &s.margin, &s.now);
        let mut out = Vec::new();
        if let (Some(v), Some(a)) = (&m.next_below, m.ahead) {
            let below = doc.units.iter().find(|u| u.id == *v).map_or(v.as_str(), |u| u.name.as_str());
            out.push(match lang {
                Lang::Zh => format!("安全边际：领先下一名 {below} {} 分", self.fig(a)),
                Lang::En => format!("Margin: {} points ahead of {below}", self.fig(a)),
            });
        }
        for f in m.fields.iter().filter(|f| f.lose_rank.is_some() || f.lose_award.is_some()) {
            let label = kaohe_core::seek::field_label(doc, &f.indicator, &f.field, lang);
            let mut parts = Vec::new();
            if let Some(v) = f.lose_rank {
                parts.push(kaohe_core::seek::loss_text(f.from, v, &format!("{}{}{}", tr(lang, "第 ", "rank "), now.rank, tr(lang, " 名", "")), lang));
            }
            if let (Some(v), Some(a)) = (f.lose_award, &now.award) {
                parts.push(kaohe_core::seek::loss_text(f.from, v, a, lang));
            }
            out.push(format!("  {} · {label}{}{}", self.name(&f.indicator), tr(lang, "：", ": "), parts.join(tr(lang, "；", "; "))));
        }
        out
    }
}
