//! Criterion benchmarks (issue: engine v1, item 7): the demo end to end, and synthetic documents
//! of 200 × 50 and 2,000 × 100 (units × indicators). Goals: demo < 50 µs, 2,000 × 100 < 50 ms.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use kaohe_core::{evaluate, parse_document, presets, synthetic, Lang};

fn demo(c: &mut Criterion) {
    let doc = presets::DEMO.document().expect("demo");
    c.bench_function("demo/evaluate", |b| b.iter(|| evaluate(black_box(&doc)).expect("valid")));
    c.bench_function("demo/parse+evaluate+explain+json", |b| {
        b.iter(|| {
            let doc = parse_document(black_box(presets::DEMO.json)).expect("demo");
            let mut r = evaluate(&doc).expect("valid");
            r.render_explanations(&doc, Lang::Zh);
            serde_json::to_string(&r).expect("json")
        })
    });
}

fn synthetic_sizes(c: &mut Criterion) {
    let mut g = c.benchmark_group("synthetic/evaluate");
    g.sample_size(20);
    for (units, inds) in [(200usize, 50usize), (2_000, 100)] {
        let doc = synthetic::document(units, inds, 1).expect("synthetic");
        g.bench_with_input(BenchmarkId::from_parameter(format!("{units}x{inds}")), &doc, |b, doc| {
            b.iter(|| evaluate(black_box(doc)).expect("valid"))
        });
    }
    g.finish();
}

criterion_group!(benches, demo, synthetic_sizes);
criterion_main!(benches);
