//! The input grid: every input of every unit, grouped by category and indicator, with sticky
//! headers; Tab, Enter (Shift+Enter) and the arrow keys move between cells.
//!
//! A large grid (more than `WINDOW_CELLS` inputs) is windowed (issue 14): only the rows and
//! columns in view, plus a margin, are in the DOM, between spacers that keep the scroll size of
//! the whole; the headers, the sticky unit column and every keyboard move work across the whole
//! grid (a move to a cell not drawn scrolls it into view, then focuses it), and screen readers
//! get the grid's full size (`aria-rowcount`/`aria-colcount`) and each cell's place in it.

use std::cell::RefCell;

use kaohe_core::input::FieldSpec;
use kaohe_core::model::Indicator;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::cell::cell_input;
use super::Ctx;
use crate::i18n::tr;
use crate::state::grid_columns;
use crate::window::{px, reveal, Span};

/// Grids with more inputs than this are windowed; smaller ones draw every cell.
pub const WINDOW_CELLS: usize = 2_000;
/// A windowed grid's column width and unit column width, px (styles.css `table.grid.windowed`).
const COL_W: f64 = 112.0;
const NAME_W: f64 = 150.0;
/// Rows and columns drawn beyond the view on each side.
const MARGIN: usize = 4;
/// The scroll box's DOM id.
const WRAP: &str = "grid-wrap";

thread_local! {
    /// A cell to focus once it is drawn (a keyboard move to a cell outside the window).
    static PENDING: RefCell<Option<(usize, usize)>> = const { RefCell::new(None) };
}

/// The DOM id of the grid cell at (row, column).
pub fn grid_id(row: usize, col: usize) -> String {
    format!("g-{row}-{col}")
}

fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// Focuses (and selects) the input of a cell if it is drawn.
fn focus(row: usize, col: usize) -> bool {
    match element(&grid_id(row, col)).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        Some(input) => {
            let _ = input.focus();
            input.select();
            true
        }
        None => false,
    }
}

/// Moves the focus to the cell at (row, column) anywhere in the grid: at once when it is drawn,
/// else after scrolling it into view (the scroll redraws the window, then it is focused).
pub fn go(row: usize, col: usize) {
    if focus(row, col) {
        return;
    }
    let Some(wrap) = element(WRAP) else { return };
    let (head, row_h) = measure(&wrap);
    let (top, left) = (f64::from(wrap.scroll_top()), f64::from(wrap.scroll_left()));
    PENDING.with(|p| *p.borrow_mut() = Some((row, col)));
    wrap.set_scroll_top(reveal(row, row_h, top, f64::from(wrap.client_height()) - head, 0.0) as i32);
    wrap.set_scroll_left(reveal(col, COL_W, left, f64::from(wrap.client_width()) - NAME_W, 0.0) as i32);
}

/// The sticky header's height and a drawn data row's (rows are all alike in a windowed grid; 34 px
/// before any is drawn).
fn measure(wrap: &web_sys::Element) -> (f64, f64) {
    (super::drawn_height(wrap, "thead").unwrap_or(0.0), super::drawn_height(wrap, "tbody tr[aria-rowindex]").unwrap_or(34.0))
}

/// The windows of rows and columns for the scroll box's position and size now.
fn spans(wrap: &web_sys::Element, rows: usize, cols: usize) -> (Span, Span) {
    let (head, row_h) = measure(wrap);
    (
        Span::of(rows, row_h, f64::from(wrap.scroll_top()), f64::from(wrap.client_height()) - head, MARGIN),
        Span::of(cols, COL_W, f64::from(wrap.scroll_left()), f64::from(wrap.client_width()) - NAME_W, MARGIN),
    )
}

/// The grid's props: the app's state.
#[derive(Properties, PartialEq, Clone)]
pub struct GridProps {
    /// State and dispatch.
    pub ctx: Ctx,
}

/// The grid.
#[component]
pub fn InputGrid(props: &GridProps) -> Html {
    let ctx = &props.ctx;
    let s = &ctx.state;
    let lang = s.lang;
    let doc = s.scenario.document();
    // Columns in category, indicator and field order (shared with the reducer's paste).
    let columns: Vec<(&Indicator, FieldSpec)> =
        grid_columns(doc, lang).into_iter().map(|(i, f)| (&doc.scheme.indicators[i], f)).collect();
    let (nrows, ncols) = (doc.units.len(), columns.len());
    let windowed = nrows * ncols > WINDOW_CELLS;
    let wrap = use_node_ref();
    // The window drawn: first 30 rows × 12 columns until the box is measured.
    let window = use_state(|| (Span::of(nrows, 34.0, 0.0, 1_000.0, MARGIN), Span::of(ncols, COL_W, 0.0, 1_300.0, MARGIN)));
    let onscroll = {
        let (wrap, window) = (wrap.clone(), window.clone());
        Callback::from(move |_: Event| {
            if let Some(w) = wrap.cast::<web_sys::Element>() {
                let now = spans(&w, nrows, ncols);
                if now != *window {
                    window.set(now);
                }
            }
        })
    };
    {
        // After each render: measure (the first time, or after the document changed size) and
        // focus a cell a keyboard move was waiting for.
        let (wrap, window) = (wrap.clone(), window.clone());
        use_effect(move || {
            if let Some(w) = wrap.cast::<web_sys::Element>() {
                if windowed {
                    let now = spans(&w, nrows, ncols);
                    if now != *window {
                        window.set(now);
                    }
                }
                if let Some((r, c)) = PENDING.with(|p| *p.borrow()) {
                    if focus(r, c) {
                        PENDING.with(|p| p.borrow_mut().take());
                    }
                }
            }
        });
    }
    let (rows, cols) = if windowed {
        let (r, c) = *window;
        // The document may have shrunk since the window was measured.
        (Span { first: r.first.min(nrows), end: r.end.min(nrows) }, Span { first: c.first.min(ncols), end: c.end.min(ncols) })
    } else {
        (Span::all(nrows), Span::all(ncols))
    };

    // Header spans over the columns drawn.
    let mut cat_spans: Vec<(String, usize)> = Vec::new();
    let mut ind_spans: Vec<(&Indicator, usize)> = Vec::new();
    for (ind, _) in &columns[cols.first..cols.end] {
        match ind_spans.last_mut() {
            Some((last, n)) if last.id == ind.id => *n += 1,
            _ => ind_spans.push((ind, 1)),
        }
        let cat = doc.scheme.categories.iter().find(|c| c.id == ind.category).map_or(String::new(), |c| c.name.clone());
        match cat_spans.last_mut() {
            Some((last, n)) if *last == cat => *n += 1,
            _ => cat_spans.push((cat, 1)),
        }
    }
    let rejected: Vec<String> = s
        .scenario
        .rejected()
        .iter()
        .map(|((u, i, _), r)| {
            let unit = doc.units.iter().find(|x| &x.id == u).map_or(u.as_str(), |x| x.name.as_str());
            let ind = doc.scheme.indicators.iter().find(|x| &x.id == i).map_or(i.as_str(), |x| x.name.as_str());
            format!("{unit} {ind}：{}", r.error.message(lang))
        })
        .collect();
    let row_h = wrap.cast::<web_sys::Element>().map_or(34.0, |w| measure(&w).1);
    let (left, right) = (cols.before(COL_W), cols.after(ncols, COL_W));
    let spacer_col = |w: f64| html! { <col style={format!("width: {}", px(w))} /> };
    let spacer_row = |h: f64| html! {
        <tr class="spacer" aria-hidden="true" style={format!("height: {}", px(h))}><td colspan={(cols.len() + 3).to_string()}></td></tr>
    };
    html! {
        <section aria-labelledby="grid-title">
            <div class="toolbar">
                <h2 id="grid-title">{ tr(lang, "数据录入", "Inputs") }</h2>
                <span class="hint">{ tr(lang, "Tab、Enter 和方向键在单元格间移动；可从 Excel/WPS 复制一块单元格粘贴到当前格起的区域；改动立即重新计分。",
                    "Tab, Enter and the arrow keys move between cells; paste a block copied from Excel or WPS at the focused cell; every change is scored at once.") }</span>
            </div>
            if super::is_phone() {
                <p class="notice phone-note">{ super::desktop_note(lang) }</p>
            }
            if let Some(m) = &s.paste_error {
                <p class="problems" role="alert">{ format!("{}{}", tr(lang, "粘贴未执行：", "Paste refused: "), m.text(lang)) }</p>
            }
            if !rejected.is_empty() {
                <ul class="problems" role="alert">{ for rejected.into_iter().map(|m| html! { <li>{ m }</li> }) }</ul>
            }
            <div class="grid-wrap" id={WRAP} ref={wrap} {onscroll}>
                <table class={classes!("grid", windowed.then_some("windowed"))}
                    aria-rowcount={(nrows + 3).to_string()} aria-colcount={(ncols + 1).to_string()}
                    style={windowed.then(|| format!("width: {}", px(NAME_W + ncols as f64 * COL_W)))}>
                    if windowed {
                        <colgroup>
                            <col style={format!("width: {}", px(NAME_W))} />
                            if left > 0.0 { { spacer_col(left) } }
                            { for (cols.first..cols.end).map(|_| html! { <col style={format!("width: {}", px(COL_W))} /> }) }
                            if right > 0.0 { { spacer_col(right) } }
                        </colgroup>
                    }
                    <thead>
                        <tr aria-rowindex="1">
                            <th scope="col" rowspan="3" class="corner" aria-colindex="1">{ tr(lang, "单位", "Unit") }</th>
                            if left > 0.0 { <th rowspan="3" class="spacer" aria-hidden="true"></th> }
                            { for cat_spans.iter().map(|(name, n)| html! { <th scope="colgroup" colspan={n.to_string()}>{ name.clone() }</th> }) }
                            if right > 0.0 { <th rowspan="3" class="spacer" aria-hidden="true"></th> }
                        </tr>
                        <tr aria-rowindex="2">{ for ind_spans.iter().map(|(ind, n)| html! { <th scope="colgroup" colspan={n.to_string()}>{ ind.name.clone() }</th> }) }</tr>
                        <tr aria-rowindex="3">{ for (cols.first..cols.end).map(|c| html! {
                            <th scope="col" class="fieldhead" aria-colindex={(c + 2).to_string()}>{ columns[c].1.label.clone() }</th>
                        }) }</tr>
                    </thead>
                    <tbody>
                        if rows.first > 0 { { spacer_row(rows.before(row_h)) } }
                        { for (rows.first..rows.end).map(|r| {
                            let unit = &doc.units[r];
                            html! {
                                <tr key={unit.id.clone()} aria-rowindex={(r + 4).to_string()}>
                                    <th scope="row" aria-colindex="1">{ unit.name.clone() }</th>
                                    if left > 0.0 { <td class="spacer" aria-hidden="true"></td> }
                                    { for (cols.first..cols.end).map(|c| {
                                        let (ind, f) = &columns[c];
                                        html! { <td aria-colindex={(c + 2).to_string()}>{ cell_input(ctx, unit, ind, f, Some((r, c, ncols)), true) }</td> }
                                    }) }
                                    if right > 0.0 { <td class="spacer" aria-hidden="true"></td> }
                                </tr>
                            }
                        }) }
                        if rows.end < nrows { { spacer_row(rows.after(nrows, row_h)) } }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The grid as the app's main view.
pub fn input_grid(ctx: &Ctx) -> Html {
    html! { <InputGrid ctx={ctx.clone()} /> }
}
