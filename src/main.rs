//! Kaohe 考核计分器 in the browser: mounts the app.

mod app;
mod components;
mod i18n;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
