//! Named scenarios kept in this browser: save the current one, switch, delete.

use yew::prelude::*;

use super::Ctx;
use crate::i18n::tr;
use crate::state::Action;

/// The scenarios bar: a function called by the root component with the name being typed (its own
/// hook there), not a component — each component costs the first page load several kilobytes.
pub fn scenarios(ctx: &Ctx, name: &UseStateHandle<String>) -> Html {
    let s = &ctx.state;
    let lang = s.lang;
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let on_save = {
        let (d, name) = (ctx.dispatch.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.emit(Action::SaveAs((*name).clone()));
            name.set(String::new());
        })
    };
    html! {
        <details class="scenarios">
            <summary>{ format!("{}（{}）", tr(lang, "已保存的情景", "Saved scenarios"), s.saved.len()) }</summary>
            <ul>
                { for s.saved.iter().map(|(n, _)| {
                    let open = { let d = ctx.dispatch.clone(); let n = n.clone(); Callback::from(move |_| d.emit(Action::OpenSaved(n.clone()))) };
                    let delete = { let d = ctx.dispatch.clone(); let n = n.clone(); Callback::from(move |_| d.emit(Action::DeleteSaved(n.clone()))) };
                    html! {
                        <li>
                            <span class="name">{ n.clone() }</span>
                            <button type="button" onclick={open} aria-label={format!("{} {n}", tr(lang, "打开", "Open"))}>{ tr(lang, "打开", "Open") }</button>
                            <button type="button" onclick={delete} aria-label={format!("{} {n}", tr(lang, "删除", "Delete"))}>{ tr(lang, "删除", "Delete") }</button>
                        </li>
                    }
                }) }
            </ul>
            <form onsubmit={on_save}>
                <input type="text" value={(**name).clone()} oninput={on_name} aria-label={tr(lang, "情景名称", "Scenario name")}
                    placeholder={tr(lang, "情景名称", "Scenario name")} />
                <button type="submit" disabled={name.trim().is_empty()}>{ tr(lang, "保存当前情景", "Save this scenario") }</button>
            </form>
        </details>
    }
}
