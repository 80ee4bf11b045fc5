//! Share links and saved scenarios: a fragment (`<link state>&view=…`) opened over the state, and
//! the address's query (`?synthetic=`).

#[allow(unused_imports)]
use super::*;

/// Applies a fragment (`<link state>&view=…`) to a state: the scenario it describes and its view, or
/// the state unchanged with the reason (the user's last good state is never lost).
pub(super) fn open_fragment(s: &mut AppState, fragment: &str) {
    let fragment = fragment.trim_start_matches('#');
    if fragment.is_empty() {
        return;
    }
    // A messenger may have percent-encoded the fragment once more (`%26view%3D…`, `%2523…`): a link
    // that does not open as it is, but does once decoded, is that link.
    // A large document's link names it by fingerprint (`k3-h`): the current baseline if it is the
    // one, else the one this browser keeps.
    let current = match &*s.base {
        link::Base::Held(fp) => Some((fp.clone(), s.scenario.baseline().clone())),
        _ => None,
    };
    let held = move |fp: &str| match &current {
        Some((f, doc)) if f == fp => Some(doc.clone()),
        _ => crate::storage::held_document(fp),
    };
    if let Some(once) = decode_once(fragment) {
        let opens = |f: &str| matches!(link::decode_with(f.split('&').next().unwrap_or(f), &held), Ok(_) | Err(link::LinkError::NotHeld(_)));
        if !opens(fragment) && opens(&once) {
            return open_fragment(s, &once);
        }
    }
    // `<state>&view=<view>`, possibly followed by the host's `&embed=1&origin=…`.
    let (state, rest) = match fragment.split_once('&') {
        Some((st, r)) => (st, Some(r)),
        None => (fragment, None),
    };
    let view = rest.and_then(|r| r.split('&').find_map(|kv| kv.strip_prefix("view=")));
    match link::decode_with(state, &held).and_then(|d| link::open_on(d, Some(&s.scenario))) {
        Ok(scenario) => {
            s.scenario = Rc::new(scenario);
            s.drafts.clear();
            s.link_error = None;
            match view {
                Some("grid") => s.tab = Tab::Grid,
                Some("scheme") => s.tab = Tab::Scheme,
                Some(v) if v.starts_with("unit.") => {
                    let id = link::unesc(&v[5..]).unwrap_or_default();
                    if let Some(i) = s.scenario.document().units.iter().position(|u| u.id == id) {
                        s.unit = i;
                        s.tab = Tab::Unit;
                    }
                }
                _ => s.tab = Tab::Ranking,
            }
        }
        Err(e) => s.link_error = Some(e),
    }
}

/// Keeps the current scenario under a name (replacing one of the same name).
pub(super) fn save_as(s: &mut AppState, name: &str) {
    let name = name.trim().to_string();
    if !name.is_empty() {
        let fragment = s.fragment();
        s.saved.retain(|(n, _)| *n != name);
        s.saved.push((name, fragment));
    }
}

/// Switches to a named scenario.
pub(super) fn open_saved(s: &mut AppState, name: &str) {
    if let Some((_, fragment)) = s.saved.iter().find(|(n, _)| *n == name).cloned() {
        open_fragment(s, &fragment);
    }
}

/// Percent-decodes text once (`%26` → `&`, `%25` → `%`, a leading `%23` dropped); None when it
/// holds no escape or does not decode to UTF-8.
pub fn decode_once(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    Some(decoded.trim_start_matches('#').to_string())
}

/// `?synthetic=UNITSxINDICATORS` (for speed measurements): a generated document of that size,
/// at most 5,000 × 200. Anything else is None.
pub fn synthetic_size(query: &str) -> Option<(usize, usize)> {
    let value = query.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("synthetic="))?;
    let (u, i) = value.split_once('x')?;
    let (u, i): (usize, usize) = (u.parse().ok()?, i.parse().ok()?);
    ((1..=5_000).contains(&u) && (1..=200).contains(&i)).then_some((u, i))
}

#[cfg(test)]
mod query_tests {
    use super::synthetic_size;

    #[test]
    fn synthetic_sizes_are_read_and_bounded() {
        assert_eq!(synthetic_size("?synthetic=500x50"), Some((500, 50)));
        assert_eq!(synthetic_size("?a=1&synthetic=12x3"), Some((12, 3)));
        assert_eq!(synthetic_size("?synthetic=500x0"), None);
        assert_eq!(synthetic_size("?synthetic=9999x50"), None);
        assert_eq!(synthetic_size("?synthetic=abc"), None);
        assert_eq!(synthetic_size(""), None);
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    fn demo() -> Rc<AppState> {
        demo_state()
    }

    #[test]
    fn a_fragment_carries_the_scenario_and_the_view() {
        let s = demo()
            .reduce(Action::Type(("U08".into(), "S1".into(), "accidents".into()), "0".into()))
            .reduce(Action::OpenUnit(7));
        let frag = s.fragment();
        assert_eq!(frag, "k1-p.demo-2023.U08.S1.accidents=0&view=unit.U08");
        let opened = demo().reduce(Action::OpenLink(format!("#{frag}")));
        assert_eq!(opened.scenario.results(), s.scenario.results());
        assert_eq!((opened.tab, opened.unit), (Tab::Unit, 7));
        assert_eq!(opened.fragment(), frag);
    }

    #[test]
    fn a_damaged_link_keeps_the_current_state_and_says_why() {
        let s = demo().reduce(Action::Type(("U08".into(), "E5".into(), "actual".into()), "25000".into()));
        let before = s.scenario.results().clone();
        let s = s.reduce(Action::OpenLink("#k1-p.demo-2023.U08.E5.act".into()));
        assert_eq!(s.scenario.results(), &before);
        assert!(matches!(s.link_error, Some(LinkError::Damaged(_))));
        let s = s.reduce(Action::OpenLink("#k9-p.demo-2023.".into()));
        assert!(matches!(s.link_error, Some(LinkError::FutureVersion(_))));
        let s = s.reduce(Action::DismissLinkError);
        assert!(s.link_error.is_none());
    }

    #[test]
    fn a_large_documents_link_holds_its_edits_and_opens_where_the_document_is() {
        // 300 × 60: too large for a link (JSON 1.3 MB): links name it by fingerprint (k3-h).
        let big = kaohe_core::synthetic::document(300, 60, 1).unwrap();
        let fresh = || Rc::new(AppState::new(Scenario::new(big.clone()).unwrap()));
        let s = fresh();
        let link::Base::Held(fp) = (*s.base).clone() else { panic!("held: {:?}", s.base) };
        let (u, i) = (big.units[299].id.clone(), big.scheme.indicators[59].id.clone());
        let field = big.inputs[&u].cells[&i].as_ref().unwrap().keys().next().unwrap().clone();
        let s = s.reduce(Action::Type((u.clone(), i.clone(), field.clone()), "12345".into())).reduce(Action::Show(Tab::Grid));
        let frag = s.fragment();
        assert_eq!(frag, format!("k3-h.{fp}.{}.{}.{}=12345&view=grid", link::esc(&u), link::esc(&i), link::esc(&field)));
        // Over the same document (a reload, a saved scenario): the same scenario and view.
        let opened = fresh().reduce(Action::OpenLink(format!("#{frag}")));
        assert_eq!(opened.link_error, None);
        assert_eq!(opened.scenario.results(), s.scenario.results());
        assert_eq!(opened.tab, Tab::Grid);
        // Where the document is not: it says so and keeps the demo.
        let elsewhere = demo().reduce(Action::OpenLink(format!("#{frag}")));
        assert_eq!(elsewhere.link_error, Some(LinkError::NotHeld(fp.clone())));
        assert_eq!(elsewhere.scenario.document().units.len(), 12);
    }
}

#[cfg(test)]
mod saved_tests {
    use super::*;

    #[test]
    fn named_scenarios_save_switch_and_delete() {
        let s = demo_state()
            .reduce(Action::Type(("U08".into(), "S1".into(), "accidents".into()), "0".into()))
            .reduce(Action::SaveAs(" 金禾无事故 ".into()))
            .reduce(Action::ResetAll);
        assert_eq!(s.saved.len(), 1);
        assert_eq!(s.saved[0].0, "金禾无事故");
        assert_eq!(s.scenario.results().unit("U08").unwrap().rank, 8);
        let s = s.reduce(Action::OpenSaved("金禾无事故".into()));
        // S1 4 − (0 + 2 × 0.5) = 3: +1 → 80.33, still 8th.
        assert_eq!(s.scenario.results().unit("U08").unwrap().total.0.to_string(), "80.33");
        let s = s.reduce(Action::SaveAs("".into())).reduce(Action::DeleteSaved("金禾无事故".into()));
        assert!(s.saved.is_empty());
    }
}

#[cfg(test)]
mod phone_tests {
    use super::*;

    #[test]
    fn a_fragment_encoded_once_more_opens_the_same_scenario() {
        let plain = demo_state().reduce(Action::OpenLink("k1-p.demo-2023.U08.S1.accidents=0&view=unit.U08".into()));
        // S1 for 金禾镇: 4 − (0 + 2 × 0.5) = 3 instead of 2: 79.33 + 1 = 80.33.
        assert_eq!(plain.scenario.results().unit("U08").unwrap().total.0.to_string(), "80.33");
        for encoded in [
            "k1-p.demo-2023.U08.S1.accidents%3D0%26view%3Dunit.U08",
            "%23k1-p.demo-2023.U08.S1.accidents%3D0%26view%3Dunit.U08",
            "k1-p.demo-2023.U08.S1.accidents=0%26view=unit.U08",
        ] {
            let s = demo_state().reduce(Action::OpenLink(encoded.into()));
            assert!(s.link_error.is_none(), "{encoded}: {:?}", s.link_error);
            assert_eq!(s.scenario.document(), plain.scenario.document(), "{encoded}");
            assert_eq!((s.tab, s.unit), (Tab::Unit, 7), "{encoded}");
        }
        // A link that opens as it is is never decoded again, and a damaged one still says so.
        assert_eq!(decode_once("k1-p.demo-2023"), None);
        let s = demo_state().reduce(Action::OpenLink("k1-x%26y".into()));
        assert!(s.link_error.is_some());
    }

    #[test]
    fn a_link_that_cannot_be_copied_is_shown() {
        let s = demo_state().reduce(Action::ShowLink(Some("http://x/#k1-p.demo-2023".into())));
        assert_eq!(s.link_shown.as_deref(), Some("http://x/#k1-p.demo-2023"));
        assert!(s.reduce(Action::ShowLink(None)).link_shown.is_none());
    }
}
