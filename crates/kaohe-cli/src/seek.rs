//! `kaohe seek`'s report for a terminal.

use kaohe_core::model::Document;
use kaohe_core::num::show_dp;
use kaohe_core::seek::{change_text, target_words, Seek};
use kaohe_core::{tr, Lang};

/// The goal seek as lines of text: where the unit stands, the fields that reach the target alone,
/// those that cannot, the plan, the headroom and the margins.
pub fn report(doc: &Document, s: &Seek, lang: Lang) -> String {
    let dp = doc.scheme.rounding.dp;
    let fig = |v| show_dp(v, dp);
    let unit = doc.units.iter().find(|u| u.id == s.unit).map_or(s.unit.as_str(), |u| u.name.as_str());
    let award = |a: &Option<String>| a.clone().unwrap_or_else(|| tr(lang, "无奖项", "no award").to_string());
    let name = |id: &str| doc.scheme.indicators.iter().find(|x| x.id == id).map_or(id.to_string(), |x| x.name.clone());
    let mut out = Vec::new();
    let now = &s.now;
    match lang {
        Lang::Zh => {
            out.push(format!("{unit}（{}）目标：{}", s.unit, target_words(doc, &s.target, lang)));
            out.push(format!("现在：总分 {}，全县第 {} 名，考核单元第 {} 名，{}{}", fig(now.total), now.rank, now.group_rank, award(&now.award),
                if now.vetoed { "（一票否决）" } else { "" }));
        }
        Lang::En => {
            out.push(format!("{unit} ({}) target: {}", s.unit, target_words(doc, &s.target, lang)));
            out.push(format!("Now: total {}, rank {}, group rank {}, {}{}", fig(now.total), now.rank, now.group_rank, award(&now.award),
                if now.vetoed { " (vetoed)" } else { "" }));
        }
    }
    out.push(String::new());
    if s.reached {
        out.push(tr(lang, "目标已达到。", "The target is already reached.").into());
    } else {
        if s.single.is_empty() {
            out.push(tr(lang, "没有哪一项单独调整能达到目标。", "No single field reaches the target alone.").into());
        } else {
            out.push(tr(lang, "单独调整一项即可达到（调整幅度从小到大）：", "One field alone reaches it (smallest change first):").into());
            for x in &s.single {
                let gives = match lang {
                    Lang::Zh => format!("总分 {}，第 {} 名，{}", fig(x.total), x.rank, award(&x.award)),
                    Lang::En => format!("total {}, rank {}, {}", fig(x.total), x.rank, award(&x.award)),
                };
                out.push(format!("  {}  →  {gives}", change_text(doc, &x.indicator, &x.field, x.from, x.to, lang)));
            }
        }
        if !s.unreachable.is_empty() {
            out.push(tr(lang, "单独调整无法达到：", "Cannot reach it alone:").into());
            for x in &s.unreachable {
                let label = kaohe_core::seek::field_label(doc, &x.indicator, &x.field, lang);
                out.push(format!("  {} · {label}{}{}", name(&x.indicator), tr(lang, "：", ": "), kaohe_core::seek::best_text(x, dp, lang)));
            }
        }
        if let Some(p) = &s.plan {
            out.push(tr(lang, "组合方案（同时调整）：", "A plan (all together):").into());
            for st in &p.steps {
                out.push(format!("  {}", change_text(doc, &st.indicator, &st.field, st.from, st.to, lang)));
            }
            out.push(match lang {
                Lang::Zh => format!("  合计：总分 {}，第 {} 名，{}", fig(p.total), p.rank, award(&p.award)),
                Lang::En => format!("  together: total {}, rank {}, {}", fig(p.total), p.rank, award(&p.award)),
            });
        }
        if let Some(short) = s.shortfall {
            out.push(match lang {
                Lang::Zh => format!("即使所有指标满分，仍差 {} 分。", fig(short)),
                Lang::En => format!("Even with full marks everywhere, {} points short.", fig(short)),
            });
        }
    }
    out.push(String::new());
    out.push(tr(lang, "提升空间（可得分 · 满分所需数据）：", "Headroom (points available · inputs for full marks):").into());
    for h in s.headroom.iter().filter(|h| !h.available.is_zero()) {
        let inputs: Vec<String> = h
            .inputs
            .iter()
            .map(|f| format!("{} {}", kaohe_core::seek::field_label(doc, &h.indicator, &f.field, lang), f.value.normalize()))
            .collect();
        out.push(format!("  {}：{} / {}，+{}（{}）", name(&h.indicator), h.score.map_or("—".into(), fig), h.full.map_or("—".into(), fig), fig(h.available), inputs.join("，")));
    }
    out.push(String::new());
    let m = &s.margin;
    if let (Some(v), Some(a)) = (&m.next_below, m.ahead) {
        let below = doc.units.iter().find(|u| u.id == *v).map_or(v.as_str(), |u| u.name.as_str());
        out.push(match lang {
            Lang::Zh => format!("安全边际：领先下一名 {below} {} 分", fig(a)),
            Lang::En => format!("Margin: {} points ahead of {below}", fig(a)),
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
        out.push(format!("  {} · {label}{}{}", name(&f.indicator), tr(lang, "：", ": "), parts.join(tr(lang, "；", "; "))));
    }
    out.join("\n") + "\n"
}
