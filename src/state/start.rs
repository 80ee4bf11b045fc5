//! The state a page opens on: the link in the address, this browser's saved work, or a reload —
//! decided here from what the page read (no browser calls), so that it is tested natively.

#[allow(unused_imports)]
use super::*;

/// What the page knows as it opens, read from the browser by the app.
#[derive(Debug, Clone)]
pub struct Startup {
    /// Embedded in a host page: the host drives; this browser's saved work is neither restored nor
    /// overwritten (the app and its embeds share an origin, hence a storage).
    pub embed: bool,
    /// The working state saved in this browser (a fragment); Err when storage cannot be used.
    pub work: Result<Option<String>, ()>,
    /// The named scenarios saved in this browser; Err when storage cannot be used.
    pub saved: Result<Vec<(String, String)>, ()>,
    /// The address's fragment (a share link), empty when none.
    pub fragment: String,
    /// Whether the page was reloaded (the address bar may trail the last edit by a moment).
    pub reload: bool,
}

impl Default for Startup {
    /// A plain visit to the page in a browser with nothing saved.
    fn default() -> Self {
        Startup { embed: false, work: Ok(None), saved: Ok(Vec::new()), fragment: String::new(), reload: false }
    }
}

/// The state a page opens on (the undo history empty): on a plain visit or a reload, this browser's
/// saved work if any; on someone's link, that link — after keeping this browser's own unsaved work
/// under a name (打开链接前的工作, then （2）, （3） …) so that nothing is lost.
pub fn restore(scenario: Scenario, env: Startup) -> AppState {
    let mut first = AppState::new(scenario);
    first.embed = env.embed;
    let (work, saved) = if env.embed { (Ok(None), Ok(Vec::new())) } else { (env.work, env.saved) };
    first.storage_failed = work.is_err() || saved.is_err();
    first.saved = saved.unwrap_or_default();
    let work = work.ok().flatten().filter(|w| !w.is_empty());
    let mut st = Rc::new(first);
    if env.fragment.is_empty() || (env.reload && work.is_some()) {
        if let Some(w) = work {
            st = st.reduce(Action::OpenLink(w));
        }
    } else {
        if let Some(w) = work.filter(|w| *w != env.fragment && kaohe_core::link::has_changes(w)) {
            let name = own_work_name(&st.saved);
            st = st.reduce(Action::OpenLink(w)).reduce(Action::SaveAs(name));
        }
        st = st.reduce(Action::OpenLink(env.fragment));
    }
    let mut st = Rc::try_unwrap(st).unwrap_or_else(|rc| (*rc).clone());
    st.forget_history();
    st
}

/// A name for the user's own work kept when someone's link is opened: 打开链接前的工作, then
/// 打开链接前的工作（2）, （3） … (the first not taken).
fn own_work_name(saved: &[(String, String)]) -> String {
    let base = "打开链接前的工作";
    (1..)
        .map(|i| if i == 1 { base.to_string() } else { format!("{base}（{i}）") })
        .find(|n| !saved.iter().any(|(s, _)| s == n))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Scenario {
        Scenario::new(kaohe_core::presets::DEMO.document().unwrap()).unwrap()
    }

    fn total(s: &AppState, u: &str) -> String {
        s.scenario.results().unit(u).unwrap().total.0.to_string()
    }

    // 金禾镇 (U08) S1 without accidents: 4 − (0 + 2 × 0.5) = 3 instead of 2, so 79.33 + 1 = 80.33;
    // with notices 0 as well: 4 − 0 = 4, 79.33 + 2 = 81.33.
    const MINE: &str = "k1-p.demo-2023.U08.S1.accidents=0&view=unit.U08";
    const THEIRS: &str = "k1-p.demo-2023.U08.S1.accidents=0~U08.S1.notices=0&view=ranking";

    #[test]
    fn a_plain_visit_opens_the_saved_work_or_the_demo() {
        let s = restore(demo(), Startup { work: Ok(None), saved: Ok(Vec::new()), ..Default::default() });
        assert_eq!((total(&s, "U08"), s.tab, s.storage_failed), ("79.33".into(), Tab::Ranking, false));
        let s = restore(demo(), Startup { work: Ok(Some(MINE.into())), saved: Ok(Vec::new()), ..Default::default() });
        assert_eq!((total(&s, "U08"), s.tab), ("80.33".into(), Tab::Unit));
        // Opening it is not an undo step.
        assert!(s.undo.is_empty() && s.redo.is_empty());
    }

    #[test]
    fn a_link_keeps_the_own_unsaved_work_under_a_free_name_then_opens() {
        let taken = vec![("打开链接前的工作".to_string(), "k1-p.demo-2023&view=ranking".to_string())];
        let s = restore(demo(), Startup { work: Ok(Some(MINE.into())), saved: Ok(taken), fragment: THEIRS.into(), ..Default::default() });
        assert_eq!((total(&s, "U08"), s.tab), ("81.33".into(), Tab::Ranking));
        let names: Vec<&str> = s.saved.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["打开链接前的工作", "打开链接前的工作（2）"]);
        // What was kept opens on the own work: 80.33.
        let kept = s.saved[1].1.clone();
        assert_eq!(total(&Rc::new(s).reduce(Action::OpenLink(kept)), "U08"), "80.33");
        // Saved work that is this very link is not kept again.
        let s = restore(demo(), Startup { work: Ok(Some(THEIRS.into())), saved: Ok(Vec::new()), fragment: THEIRS.into(), ..Default::default() });
        assert!(s.saved.is_empty());
    }

    #[test]
    fn a_reload_opens_the_saved_work_not_the_address_that_may_trail_it() {
        let s = restore(demo(), Startup { work: Ok(Some(THEIRS.into())), saved: Ok(Vec::new()), fragment: MINE.into(), reload: true, ..Default::default() });
        assert_eq!(total(&s, "U08"), "81.33");
        assert!(s.saved.is_empty());
    }

    #[test]
    fn embedded_the_saved_work_is_left_alone_and_storage_failures_are_said() {
        let s = restore(demo(), Startup { embed: true, work: Ok(Some(MINE.into())), saved: Ok(vec![("x".into(), MINE.into())]), ..Default::default() });
        assert_eq!((total(&s, "U08"), s.saved.len(), s.embed), ("79.33".into(), 0, true));
        // Storage refused: the link still opens; the page says the work cannot be kept.
        let s = restore(demo(), Startup { work: Err(()), saved: Err(()), fragment: MINE.into(), ..Default::default() });
        assert_eq!((total(&s, "U08"), s.storage_failed), ("80.33".into(), true));
    }
}
