//! One editable input field, as the unit view and the input grid show it: accessible name
//! "<unit> <indicator> <field label>", edited and refused states, reset, the refusal's message.

use kaohe_core::input::FieldSpec;
use kaohe_core::model::{Indicator, Unit};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::Ctx;
use crate::i18n::tr;
use crate::state::Action;

/// Where a grid cell sits, for keyboard moves (row, column, the grid's column count); None
/// outside the grid.
pub type GridPos = Option<(usize, usize, usize)>;

/// The input of one field. `compact` (the grid) shows a refusal as a title and marker instead of a line.
pub fn cell_input(ctx: &Ctx, unit: &Unit, ind: &Indicator, field: &FieldSpec, pos: GridPos, compact: bool) -> Html {
    let s = &ctx.state;
    let lang = s.lang;
    let key = (unit.id.clone(), ind.id.clone(), field.name.clone());
    let rejected = s.scenario.rejected().get(&key).cloned();
    let text = s
        .drafts
        .get(&key)
        .cloned()
        .or_else(|| rejected.as_ref().map(|r| r.text.clone()))
        .unwrap_or_else(|| s.scenario.value(&unit.id, &ind.id, &field.name).map(|v| v.normalize().to_string()).unwrap_or_default());
    let edited = s.scenario.is_edited(&unit.id, &ind.id, &field.name);
    let oninput = {
        let d = ctx.dispatch.clone();
        let k = key.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            d.emit(Action::Type(k.clone(), v));
        })
    };
    let onblur = {
        let d = ctx.dispatch.clone();
        let k = key.clone();
        Callback::from(move |_: FocusEvent| d.emit(Action::Leave(k.clone())))
    };
    let rows = ctx.state.scenario.document().units.len();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        let Some((r, c, cols)) = pos else { return };
        let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
        let caret = input.selection_start().ok().flatten().unwrap_or(0) as usize;
        let len = input.value().chars().count();
        let whole = input.selection_end().ok().flatten().unwrap_or(0) as usize == len && caret == 0;
        let target = match e.key().as_str() {
            "ArrowUp" => r.checked_sub(1).map(|r| (r, c)),
            "ArrowDown" => Some((r + 1, c)),
            "Enter" if e.shift_key() => r.checked_sub(1).map(|r| (r, c)),
            "Enter" => Some((r + 1, c)),
            "ArrowLeft" if caret == 0 || whole => c.checked_sub(1).map(|c| (r, c)),
            "ArrowRight" if caret >= len || whole => Some((r, c + 1)),
            // Tab moves along the row, then to the next row's first column, across the whole
            // grid (a windowed grid has not drawn every cell); past the last cell it leaves.
            "Tab" if e.shift_key() => match (r, c) {
                (_, c) if c > 0 => Some((r, c - 1)),
                (r, _) if r > 0 && cols > 0 => Some((r - 1, cols - 1)),
                _ => None,
            },
            "Tab" if c + 1 < cols => Some((r, c + 1)),
            "Tab" => Some((r + 1, 0)),
            _ => None,
        };
        if let Some((r, c)) = target {
            if c < cols && r < rows {
                e.prevent_default();
                super::grid::go(r, c);
            }
        }
    });
    // A block pasted into a grid cell fills the rectangle from here (checked whole first).
    let onpaste = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some((row, col, _)) = pos else { return };
            let text = e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|c| c.clipboard_data()).and_then(|d| d.get_data("text/plain").ok());
            if let Some(text) = text {
                e.prevent_default();
                d.emit(Action::Paste { row, col, text });
            }
        })
    };
    let reset = {
        let d = ctx.dispatch.clone();
        let k = key.clone();
        Callback::from(move |_| d.emit(Action::ResetCell(k.clone())))
    };
    let label = format!("{} {} {}", unit.name, ind.name, field.label);
    let message = rejected.as_ref().map(|r| r.error.message(lang));
    html! {
        <div class={classes!("field", edited.then_some("edited"), rejected.is_some().then_some("invalid"))}>
            if !compact { <span class="flabel" aria-hidden="true">{ field.label.clone() }</span> }
            <input type="text" inputmode="decimal" value={text} aria-label={label}
                id={pos.map(|(r, c, _)| super::grid::grid_id(r, c))}
                title={message.clone()}
                aria-invalid={rejected.is_some().then_some("true")} {oninput} {onblur} {onkeydown} {onpaste} />
            if edited || rejected.is_some() {
                <button type="button" class="reset" onclick={reset} tabindex={compact.then_some("-1")}
                    title={tr(lang, "恢复原值", "Reset")}
                    aria-label={format!("{} {} {}", tr(lang, "恢复原值", "Reset"), ind.name, field.label)}>{ "↺" }</button>
            }
            if let Some(m) = message {
                <div class={classes!("error", compact.then_some("compact"))} role="alert">{ m }</div>
            }
        </div>
    }
}
