//! Kaohe 考核计分器 in the browser: mounts the app.

fn main() {
    kaohe_app::run();
}
