//! Scores a document repeatedly for profilers:
//! `cargo run --profile bench --example profile -- [demo | UNITS INDICATORS] [REPEATS]`
//! (`KAOHE_THREADS=1`: on one thread).
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (doc, reps) = if args.first().map(String::as_str) == Some("demo") {
        (kaohe_core::presets::DEMO.document().expect("demo"), args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20_000))
    } else {
        let units = args.first().and_then(|s| s.parse().ok()).unwrap_or(2_000);
        let inds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
        (kaohe_core::synthetic::document(units, inds, 1).expect("synthetic"), args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5))
    };
    if let Some(n) = std::env::var("KAOHE_THREADS").ok().and_then(|s| s.parse().ok()) {
        kaohe_core::par::set_threads(n);
    }
    let t = Instant::now();
    for _ in 0..reps {
        run(&doc);
    }
    println!("evaluate: {:?}", t.elapsed() / reps);
}

/// One evaluation, kept out of line so that profilers can single it out (`--toggle-collect=profile::run`).
#[inline(never)]
fn run(doc: &kaohe_core::Document) {
    std::hint::black_box(kaohe_core::evaluate(doc).expect("valid"));
}
