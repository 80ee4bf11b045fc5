//! 目标测算 in the unit view (issue 10), loaded with this module on first use so that it does not
//! weigh on the app's first page load: pick a target, press 测算, read what one field alone, or a
//! plan of several, must change; 采用 hands the values back to the app, which applies them as one
//! what-if step. The search runs in slices of about 12 ms (one field per step, `Seeker`) with a
//! progress bar and 取消, so typing in the app never waits for it; an answer is shown only for the
//! scenario it was computed on (`version`, the app's link state).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use kaohe_core::model::Document;
use kaohe_core::num::show_dp;
use kaohe_core::results::UnitResult;
use kaohe_core::seek::{best_text, change_text, field_label, loss_text, target_words, FieldSet, Seek, SeekError, Seeker, Target};
use kaohe_core::{tr, Lang};
use rust_decimal::Decimal;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn fixed(v: Decimal, dp: u32) -> String {
    show_dp(v, dp)
}

/// Values to apply: (unit, indicator, field, value).
pub type Apply = Vec<(String, String, String, Decimal)>;

/// What the app hands the panel.
#[derive(Properties)]
pub struct SeekProps {
    /// The scenario's document (what-if edits included).
    pub doc: Rc<Document>,
    /// Names the scenario (the app's link state): an answer for another one is out of date.
    pub version: String,
    /// The unit (id).
    pub unit: String,
    /// Interface language.
    pub lang: Lang,
    /// 采用: the values to apply as one what-if step.
    pub on_apply: Callback<Apply>,
}

/// The same scenario (named by `version`), unit and language: nothing to re-render. (Comparing the
/// documents themselves would walk every cell.)
impl PartialEq for SeekProps {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && self.unit == other.unit && self.lang == other.lang
    }
}

/// An answer and what it answers.
#[derive(PartialEq)]
struct Answer {
    version: String,
    unit: String,
    result: Result<Seek, SeekError>,
}

thread_local! {
    /// The run allowed to go on: starting another or cancelling bumps it, and older runs stop.
    static CURRENT: Cell<u64> = const { Cell::new(0) };
}

/// How long one slice of work may take before the browser gets the thread back.
const SLICE_MS: f64 = 12.0;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn cancel() {
    CURRENT.with(|c| c.set(c.get() + 1));
}

/// One slice of work, then the next one after the browser had its turn.
fn slice(job: Rc<RefCell<Option<Seeker>>>, run: u64, progress: Callback<(usize, usize)>, done: Callback<Result<Seek, SeekError>>) {
    if CURRENT.with(Cell::get) != run {
        return;
    }
    let start = now();
    let finished = {
        let mut guard = job.borrow_mut();
        let Some(seeker) = guard.as_mut() else { return };
        let mut finished = false;
        while !finished && now() - start < SLICE_MS {
            finished = seeker.step();
        }
        if !finished {
            progress.emit(seeker.progress());
        }
        finished
    };
    if finished {
        if let Some(seeker) = job.borrow_mut().take() {
            done.emit(Ok(seeker.finish()));
        }
        return;
    }
    let Some(w) = web_sys::window() else { return };
    let next = Closure::once_into_js(move || slice(job, run, progress, done));
    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
}

/// Starts a goal seek: progress while it runs, then the answer (or why there is none).
fn start(doc: &Document, unit: &str, target: &str, all: bool, progress: Callback<(usize, usize)>, done: Callback<Result<Seek, SeekError>>) {
    cancel();
    let run = CURRENT.with(Cell::get);
    let fields = if all { FieldSet::All } else { FieldSet::Own };
    match target.parse::<Target>().and_then(|t| Seeker::new(Arc::new(doc.clone()), unit, &t, fields)) {
        Ok(seeker) => {
            progress.emit(seeker.progress());
            slice(Rc::new(RefCell::new(Some(seeker))), run, progress, done);
        }
        Err(e) => done.emit(Err(e)),
    }
}

/// The targets worth offering to a unit: better county ranks, better group ranks, better award
/// tiers, recognitions it lacks, and a total (as `kind:argument` text with its words).
fn choices(doc: &Document, ur: &UnitResult, lang: Lang) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let tiers: Vec<&str> = doc.scheme.awards.iter().flat_map(|a| a.tiers.iter().map(|t| t.label.as_str())).collect();
    let now_tier = ur.award.as_deref().and_then(|a| tiers.iter().position(|t| *t == a)).unwrap_or(tiers.len());
    for t in &tiers[..now_tier.min(tiers.len())] {
        out.push(Target::Award((*t).to_string()));
    }
    let ranks = (1..ur.rank).rev().take(10).collect::<Vec<_>>();
    out.extend(ranks.into_iter().map(Target::Rank));
    out.extend((1..ur.group_rank).rev().map(Target::GroupRank));
    for r in doc.scheme.recognitions.iter().filter(|r| !ur.recognitions.contains(&r.id)) {
        out.push(Target::Recognition(r.id.clone()));
    }
    let next_total = (ur.total.0 + Decimal::ONE).floor();
    out.push(Target::Total(next_total));
    out.into_iter().map(|t| (t.to_string(), target_words(doc, &t, lang))).collect()
}

/// The 目标测算 panel of one unit.
#[component]
pub fn SeekPanel(p: &SeekProps) -> Html {
    let lang = p.lang;
    let picked_state = use_state(|| None::<String>);
    let all_fields = use_state(|| false);
    let answer = use_state(|| None::<Rc<Answer>>);
    let running = use_state(|| None::<(usize, usize)>);
    // The unit's standing now, for the targets worth offering (scored once per document).
    let standing = {
        let doc = Rc::clone(&p.doc);
        use_memo(p.version.clone(), move |_| kaohe_core::evaluate(&doc).ok())
    };
    let Some(ur) = (*standing).as_ref().and_then(|r| r.unit(&p.unit)).cloned() else { return html! {} };
    let doc = &*p.doc;
    let options = choices(doc, &ur, lang);
    let picked = (*picked_state).clone().filter(|t| t.parse::<Target>().is_ok()).or_else(|| options.first().map(|o| o.0.clone())).unwrap_or_default();
    let on_pick = {
        let ps = picked_state.clone();
        Callback::from(move |e: Event| ps.set(Some(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())))
    };
    let on_total = {
        let ps = picked_state.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            ps.set(Some(format!("total:{}", v.trim())));
        })
    };
    let on_all = {
        let a = all_fields.clone();
        Callback::from(move |e: Event| a.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    let run = {
        let (doc, unit, version, t, all) = (Rc::clone(&p.doc), p.unit.clone(), p.version.clone(), picked.clone(), *all_fields);
        let (ps, running, answer) = (picked_state.clone(), running.clone(), answer.clone());
        Callback::from(move |_| {
            ps.set(Some(t.clone()));
            let progress = { let r = running.clone(); Callback::from(move |x: (usize, usize)| r.set(Some(x))) };
            let done = {
                let (r, a, version, unit) = (running.clone(), answer.clone(), version.clone(), unit.clone());
                Callback::from(move |result: Result<Seek, SeekError>| {
                    r.set(None);
                    a.set(Some(Rc::new(Answer { version: version.clone(), unit: unit.clone(), result })));
                })
            };
            start(&doc, &unit, &t, all, progress, done);
        })
    };
    let stop = {
        let r = running.clone();
        Callback::from(move |_| {
            cancel();
            r.set(None);
        })
    };
    let is_total = picked.starts_with("total:");
    let mut listed = options.clone();
    if !listed.iter().any(|o| o.0 == picked) && !picked.is_empty() {
        if let Ok(t) = picked.parse::<Target>() {
            listed.push((picked.clone(), target_words(doc, &t, lang)));
        }
    }
    let shown = (*answer).as_ref().filter(|a| a.unit == p.unit);
    html! {
        <div class="seek-panel">
            <div class="seek-form">
                <label>{ tr(lang, "目标", "Target") }
                    <select onchange={on_pick} aria-label={tr(lang, "测算目标", "Target")}>
                        { for listed.iter().map(|(v, words)| html! { <option value={v.clone()} selected={*v == picked}>{ words.clone() }</option> }) }
                    </select>
                </label>
                if is_total {
                    <label>{ tr(lang, "总分", "Total") }
                        <input type="text" inputmode="decimal" value={picked.trim_start_matches("total:").to_string()} onchange={on_total}
                            aria-label={tr(lang, "目标总分", "Target total")} />
                    </label>
                }
                <label class="check"><input type="checkbox" checked={*all_fields} onchange={on_all} />
                    { tr(lang, "包括目标与上年数据", "Include targets and last year") }</label>
                <button type="button" class="primary" onclick={run} disabled={running.is_some()}>{ tr(lang, "测算", "Find") }</button>
                if let Some((done, all)) = *running {
                    <progress max={all.to_string()} value={done.to_string()} aria-label={tr(lang, "测算进度", "Progress")}></progress>
                    <button type="button" onclick={stop}>{ tr(lang, "取消", "Cancel") }</button>
                }
            </div>
            { match shown {
                _ if running.is_some() => html! {},
                Some(a) if a.version != p.version => html! {
                    <p class="hint" role="status">{ tr(lang, "数据已变化，上次的测算已过时，请重新测算。", "The data changed since the last answer: press Find again.") }</p>
                },
                Some(a) => match &a.result {
                    Ok(seek) => answer_view(doc, seek, lang, &p.on_apply),
                    Err(e) => html! { <p class="link-error" role="alert">{ e.message(lang) }</p> },
                },
                None => html! { <p class="hint">{ tr(lang,
                    "选择目标后按“测算”：列出单独调整哪一项数据即可达到、调整到多少（已计入相对计分法对其他单位的影响），以及提升空间和安全边际。",
                    "Pick a target and press Find: which single input reaches it and by how much (relative methods included), the headroom and the margins.") }</p> },
            } }
        </div>
    }
}

/// One answer: the fields that reach the target alone, the plan, the ones that cannot, headroom, margins.
fn answer_view(doc: &Document, a: &Seek, lang: Lang, on_apply: &Callback<Apply>) -> Html {
    let dp = doc.scheme.rounding.dp;
    let award = |x: &Option<String>| x.clone().unwrap_or_else(|| tr(lang, "无", "none").to_string());
    let name = |id: &str| doc.scheme.indicators.iter().find(|x| x.id == id).map_or(id.to_string(), |x| x.name.clone());
    let apply = |cells: Vec<(String, String, Decimal)>| {
        let (d, unit) = (on_apply.clone(), a.unit.clone());
        Callback::from(move |_| d.emit(cells.iter().map(|(i, f, v)| (unit.clone(), i.clone(), f.clone(), *v)).collect()))
    };
    let summary = match lang {
        Lang::Zh => format!("目标：{}。现在总分 {}，全县第 {} 名，{}。", target_words(doc, &a.target, lang), fixed(a.now.total, dp), a.now.rank, award(&a.now.award)),
        Lang::En => format!("Target: {}. Now {} points, rank {}, {}.", target_words(doc, &a.target, lang), fixed(a.now.total, dp), a.now.rank, award(&a.now.award)),
    };
    html! {
        <div class="seek-answer" role="region" aria-live="polite" aria-label={tr(lang, "测算结果", "Answer")}>
            <p class="seek-summary">{ summary }</p>
            if a.reached {
                <p class="seek-ok">{ tr(lang, "已达到目标。下面是提升空间和安全边际。", "The target is already reached: headroom and margins below.") }</p>
            } else if a.single.is_empty() {
                <p>{ tr(lang, "没有哪一项数据单独调整能达到目标。", "No single input reaches the target alone.") }</p>
            } else {
                <table class="seek-single">
                    <caption>{ tr(lang, "单独调整一项即可达到（调整幅度从小到大）", "One input alone reaches it (smallest change first)") }</caption>
                    <thead><tr>
                        <th scope="col">{ tr(lang, "调整", "Change") }</th>
                        <th scope="col" class="num">{ tr(lang, "总分", "Total") }</th>
                        <th scope="col" class="num">{ tr(lang, "名次", "Rank") }</th>
                        <th scope="col">{ tr(lang, "奖项", "Award") }</th>
                        <th scope="col"><span class="sr-only">{ tr(lang, "操作", "Action") }</span></th>
                    </tr></thead>
                    <tbody>
                        { for a.single.iter().map(|x| html! {
                            <tr>
                                <td>{ change_text(doc, &x.indicator, &x.field, x.from, x.to, lang) }</td>
                                <td class="num">{ fixed(x.total, dp) }</td>
                                <td class="num"><span class="phone-only">{ tr(lang, "第 ", "rank ") }</span>{ x.rank }<span class="phone-only">{ tr(lang, " 名", "") }</span></td>
                                <td>{ award(&x.award) }</td>
                                <td><button type="button" onclick={apply(vec![(x.indicator.clone(), x.field.clone(), x.to)])}
                                    aria-label={format!("{} {}", tr(lang, "采用", "Apply"), change_text(doc, &x.indicator, &x.field, x.from, x.to, lang))}>
                                    { tr(lang, "采用", "Apply") }</button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if let Some(p) = &a.plan {
                <div class="seek-plan">
                    <p><strong>{ tr(lang, "组合方案（同时调整以下各项）：", "A plan (all of these together):") }</strong></p>
                    <ul>{ for p.steps.iter().map(|st| html! { <li>{ change_text(doc, &st.indicator, &st.field, st.from, st.to, lang) }</li> }) }</ul>
                    <p>{ match lang {
                        Lang::Zh => format!("合计：总分 {}，全县第 {} 名，{}。", fixed(p.total, dp), p.rank, award(&p.award)),
                        Lang::En => format!("Together: {} points, rank {}, {}.", fixed(p.total, dp), p.rank, award(&p.award)),
                    } }
                    <button type="button" onclick={apply(p.steps.iter().map(|st| (st.indicator.clone(), st.field.clone(), st.to)).collect())}>
                        { tr(lang, "采用方案", "Apply the plan") }</button></p>
                </div>
            }
            if let Some(short) = a.shortfall {
                <p class="seek-short">{ match lang {
                    Lang::Zh => format!("即使所有指标满分，仍差 {} 分。", fixed(short, dp)),
                    Lang::En => format!("Even with full marks everywhere, {} points short.", fixed(short, dp)),
                } }</p>
            }
            if !a.unreachable.is_empty() {
                <details>
                    <summary>{ match lang { Lang::Zh => format!("单独调整无法达到的 {} 项", a.unreachable.len()), Lang::En => format!("{} inputs cannot reach it alone", a.unreachable.len()) } }</summary>
                    <ul class="seek-list">{ for a.unreachable.iter().map(|x| html! { <li>{
                        format!("{} · {}{}{}", name(&x.indicator), field_label(doc, &x.indicator, &x.field, lang), tr(lang, "：", ": "), best_text(x, dp, lang))
                    }</li> }) }</ul>
                </details>
            }
            <details>
                <summary>{ tr(lang, "提升空间", "Headroom") }</summary>
                <table class="seek-headroom">
                    <thead><tr>
                        <th scope="col">{ tr(lang, "指标", "Indicator") }</th>
                        <th scope="col" class="num">{ tr(lang, "得分", "Score") }</th>
                        <th scope="col" class="num">{ tr(lang, "分值", "Full") }</th>
                        <th scope="col" class="num">{ tr(lang, "尚可得分", "Available") }</th>
                        <th scope="col">{ tr(lang, "满分所需数据", "Inputs for full marks") }</th>
                    </tr></thead>
                    <tbody>{ for a.headroom.iter().filter(|h| !h.available.is_zero()).map(|h| html! {
                        <tr>
                            <th scope="row">{ name(&h.indicator) }</th>
                            <td class="num">{ h.score.map_or("—".into(), |v| fixed(v, dp)) }</td>
                            <td class="num">{ h.full.map_or("—".into(), |v| fixed(v, dp)) }</td>
                            <td class="num">{ fixed(h.available, dp) }</td>
                            <td>{ h.inputs.iter().map(|f| format!("{} {}", field_label(doc, &h.indicator, &f.field, lang), f.value.normalize())).collect::<Vec<_>>().join(tr(lang, "，", ", ")) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </details>
            <details>
                <summary>{ tr(lang, "安全边际", "Margins") }</summary>
                { margins(doc, a, lang) }
            </details>
        </div>
    }
}

/// Points ahead of the next unit, and the fields that alone would lose the rank or the award.
fn margins(doc: &Document, a: &Seek, lang: Lang) -> Html {
    let dp = doc.scheme.rounding.dp;
    let m = &a.margin;
    let unit = |id: &str| doc.units.iter().find(|u| u.id == id).map_or(id.to_string(), |u| u.name.clone());
    let name = |id: &str| doc.scheme.indicators.iter().find(|x| x.id == id).map_or(id.to_string(), |x| x.name.clone());
    let rank_words = match lang {
        Lang::Zh => format!("第 {} 名", a.now.rank),
        Lang::En => format!("rank {}", a.now.rank),
    };
    html! {
        <>
            <p>{ match (&m.next_below, m.ahead, lang) {
                (Some(v), Some(p), Lang::Zh) => format!("领先下一名 {} {} 分。", unit(v), fixed(p, dp)),
                (Some(v), Some(p), Lang::En) => format!("{} points ahead of {}.", fixed(p, dp), unit(v)),
                (_, _, l) => tr(l, "已是最后一名。", "Last place.").to_string(),
            } }</p>
            <ul class="seek-list">{ for m.fields.iter().filter(|f| f.lose_rank.is_some() || f.lose_award.is_some()).map(|f| {
                let mut parts = Vec::new();
                if let Some(v) = f.lose_rank { parts.push(loss_text(f.from, v, &rank_words, lang)); }
                if let (Some(v), Some(aw)) = (f.lose_award, &a.now.award) { parts.push(loss_text(f.from, v, aw, lang)); }
                html! { <li>{ format!("{} · {}{}{}", name(&f.indicator), field_label(doc, &f.indicator, &f.field, lang), tr(lang, "：", ": "), parts.join(tr(lang, "；", "; "))) }</li> }
            }) }</ul>
        </>
    }
}
