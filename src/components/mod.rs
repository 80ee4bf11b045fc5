//! Presentational components: they render the state and emit actions.

pub mod cell;
pub mod grid;
pub mod io;
pub mod ranking;
pub mod scenarios;
pub mod unit_view;

use rust_decimal::Decimal;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// The state and the way to change it, as every component receives them.
#[derive(Clone, Properties)]
pub struct Ctx {
    /// The current state.
    pub state: UseReducerHandle<AppState>,
    /// Sends an action to the reducer.
    pub dispatch: Callback<Action>,
}

/// Same state object (each action makes a new one) and same callback: nothing to re-render.
impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(&*self.state, &*other.state) && self.dispatch == other.dispatch
    }
}

/// A figure with exactly `dp` decimals.
pub fn fixed(v: Decimal, dp: u32) -> String {
    kaohe_core::num::show_dp(v, dp)
}

/// A signed change with `dp` decimals, empty when zero: "+2.00", "−0.30".
pub fn signed(v: Decimal, dp: u32) -> String {
    if v.is_zero() {
        String::new()
    } else if v.is_sign_negative() {
        format!("−{}", fixed(-v, dp))
    } else {
        format!("+{}", fixed(v, dp))
    }
}

/// A rank change: "▲1" (up), "▼2" (down), empty when unchanged.
pub fn rank_move(up: i64) -> String {
    match up {
        0 => String::new(),
        n if n > 0 => format!("▲{n}"),
        n => format!("▼{}", -n),
    }
}

/// The height of the first element under `root` matching `selector` (a drawn table row, a
/// header), in px; None when none is drawn. The windowed tables measure their rows with it.
pub fn drawn_height(root: &web_sys::Element, selector: &str) -> Option<f64> {
    root.query_selector(selector).ok().flatten().map(|e| f64::from(e.client_height())).filter(|h| *h > 0.0)
}

/// Whether the page is laid out for a phone (the CSS breakpoint: at most 600 px wide).
pub fn is_phone() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(max-width: 600px)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Said once in the views made for a large screen (数据录入, 考核方案) when opened on a phone.
pub fn desktop_note(lang: kaohe_core::Lang) -> &'static str {
    crate::i18n::tr(lang, "建议在电脑上编辑：此页在手机上可左右滑动查看，录入和修改更适合大屏幕。",
        "Best edited on a computer: this page scrolls sideways on a phone.")
}
