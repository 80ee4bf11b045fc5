//! Scores a document repeatedly for profilers: `cargo run --profile bench --example profile [demo]`.
use std::time::Instant;

fn main() {
    let demo = std::env::args().nth(1).as_deref() == Some("demo");
    let doc = if demo {
        kaohe_core::presets::DEMO.document().expect("demo")
    } else {
        kaohe_core::synthetic::document(2_000, 100, 1).expect("synthetic")
    };
    let n = if demo { 20_000 } else { 5 };
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(kaohe_core::validate(&doc));
    }
    println!("validate: {:?}", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(kaohe_core::evaluate(&doc).expect("valid"));
    }
    println!("evaluate (incl. validate): {:?}", t.elapsed() / n);
}
