//! Component tests in headless Chromium (wasm-bindgen-test): the app mounted into a page, read
//! through the DOM. Run by scripts/test with `cargo test -p kaohe-app --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use kaohe_app::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// Yields to the browser for `ms` milliseconds (a real setTimeout, so components get to render).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits (up to 10 s: debug wasm is slow) until `selector` matches `count` elements in `root`.
async fn wait_for(root: &web_sys::Element, selector: &str, count: u32) {
    for _ in 0..500 {
        if root.query_selector_all(selector).map(|l| l.length()).unwrap_or(0) == count {
            return;
        }
        sleep(20).await;
    }
}

/// Mounts the app into a fresh element and waits for the ranking.
async fn mount() -> web_sys::Element {
    let root = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&root).expect("append");
    yew::Renderer::<App>::with_root(root.clone()).render();
    wait_for(&root, "table.ranking tbody tr", 12).await;
    root
}

/// The rows matching `selector`, each as its cells' texts joined by single spaces.
fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .map(|row| {
            let cells = row.query_selector_all("td, th").expect("cells");
            (0..cells.length())
                .filter_map(|i| cells.item(i))
                .map(|c| c.text_content().unwrap_or_default().trim().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_ranking_shows_the_demo_in_rank_order() {
    let root = mount().await;
    let rows = texts(&root, "table.ranking tbody tr");
    assert_eq!(rows.len(), 12);
    assert!(rows[0].starts_with("1 城东街道"), "{}", rows[0]);
    // 金禾镇: 8th with 79.33 and 二等奖, first in its group.
    assert!(rows[7].starts_with("8 金禾镇 第三考核单元（农业特色镇） 1 "), "{}", rows[7]);
    assert!(rows[7].contains("79.33") && rows[7].contains("二等奖"), "{}", rows[7]);
    // Figures are right-aligned cells with two decimals.
    let list = root.query_selector_all("table.ranking tbody td.total").expect("totals");
    let totals: Vec<String> = (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.text_content().unwrap_or_default()).collect();
    assert_eq!(totals.len(), 12);
    assert!(totals.iter().all(|t| t.split('.').nth(1).is_some_and(|d| d.len() == 2)), "{totals:?}");
}

#[wasm_bindgen_test]
async fn sorting_by_total_and_filtering_by_group() {
    let root = mount().await;
    let select: web_sys::HtmlSelectElement = root.query_selector("select").unwrap().unwrap().dyn_into().unwrap();
    select.set_value("G3");
    // Yew listens at the root: the event must bubble, as a real one does.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    wait_for(&root, "table.ranking tbody tr", 5).await;
    let rows = texts(&root, "table.ranking tbody tr");
    // Group 3 only: 金禾镇, 柳河镇, 常乐镇, 龙泉镇, 白沙镇 in rank order.
    let names: Vec<&str> = rows.iter().filter_map(|r| r.split(' ').nth(1)).collect();
    assert_eq!(names, ["金禾镇", "柳河镇", "常乐镇", "龙泉镇", "白沙镇"]);
}

#[wasm_bindgen_test]
fn the_crash_message_replaces_a_blank_page() {
    // The panic hook calls this (wasm32 cannot catch a panic inside a test to trigger it for real).
    kaohe_app::show_crash_message();
    let crash = document().query_selector(".crash").unwrap().expect("the message is shown");
    assert_eq!(crash.get_attribute("role").as_deref(), Some("alert"));
    assert!(crash.text_content().unwrap_or_default().contains("计算器遇到内部错误"));
    crash.remove();
}
