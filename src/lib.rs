//! Kaohe 考核计分器 in the browser: the app's components and state (the binary only mounts it).

pub mod app;
pub mod charts;
pub mod components;
pub mod editor;
pub mod embed;
pub mod files;
pub mod hooks;
pub mod i18n;
pub mod state;
pub mod storage;
pub mod url;
pub mod window;

/// A panic never leaves a blank page: a fixed message replaces the app, the details go to the console.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Kaohe: {info}").into());
        show_crash_message();
    }));
}

/// Covers the page with the fixed message of an internal error (what the panic hook shows).
pub fn show_crash_message() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    if let Ok(el) = doc.create_element("div") {
        el.set_class_name("crash");
        el.set_attribute("role", "alert").ok();
        // Fixed text only (never data from the document): set as text, not markup.
        el.set_text_content(Some(
            "抱歉，计算器遇到内部错误，已停止运行。请刷新页面重试；您的数据只保存在本机浏览器中。\n\
             Sorry, the calculator hit an internal error and stopped. Please reload the page; your data stays in this browser.",
        ));
        body.append_child(&el).ok();
    }
}

/// Mounts the app on the page's body.
pub fn run() {
    install_panic_hook();
    yew::Renderer::<app::App>::new().render();
}
