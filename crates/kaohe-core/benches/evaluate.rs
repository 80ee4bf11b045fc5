//! Criterion benchmarks (issue: engine v1, item 7): the demo end to end, and synthetic documents
//! of 200 × 50 and 2,000 × 100 (units × indicators), on every core and on one. Goals: demo < 50 µs,
//! 2,000 × 100 < 50 ms.

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
        // The same on one thread (as the browser scores): large documents are otherwise scored
        // in parts, one per core (`kaohe_core::par`).
        g.bench_with_input(BenchmarkId::from_parameter(format!("{units}x{inds} one thread")), &doc, |b, doc| {
            b.iter(|| kaohe_core::par::with_threads(1, || evaluate(black_box(doc)).expect("valid")))
        });
    }
    g.finish();
}

/// 目标测算 (issue 10): one unit, one target, every own field + plan + headroom + margins.
/// Goals: demo ≤ 30 ms; 500 × 50 ≤ 1 s in the browser (native is 2–3× faster). And one cell
/// re-scored incrementally (issue 14 goal at 2,000 × 100: ≤ 2 ms), a relative and a plain one.
fn seek(c: &mut Criterion) {
    use kaohe_core::incremental::Scorer;
    use kaohe_core::seek::{seek, FieldSet, Target};
    let demo = presets::DEMO.document().expect("demo");
    let mut g = c.benchmark_group("seek");
    g.sample_size(10);
    g.bench_function("demo/U10 award:二等奖", |b| {
        b.iter(|| seek(black_box(&demo), "U10", &Target::Award("二等奖".into()), FieldSet::Own).expect("answer"))
    });
    let big = synthetic::document(500, 50, 1).expect("synthetic");
    let unit = big.units[250].id.clone();
    g.bench_function("500x50/rank:10", |b| b.iter(|| seek(black_box(&big), &unit, &Target::Rank(10), FieldSet::Own).expect("answer")));
    g.finish();
    let mut g = c.benchmark_group("incremental");
    let huge = synthetic::document(2_000, 100, 1).expect("synthetic");
    let mut scorer = Scorer::new(&huge).expect("scores");
    let u = 1_000;
    // I0001 is E2 (ratio_to_best, relative: the whole pool is re-scored); I0000 is E1 (plain).
    for (i, label) in [(1usize, "2000x100/relative cell"), (0, "2000x100/plain cell")] {
        let id = huge.scheme.indicators[i].id.clone();
        let cell = huge.inputs[&huge.units[u].id].cells[&id].clone().expect("cell");
        let mut other = cell.clone();
        if let Some(v) = other.get_mut("actual") {
            *v = v.map(|n| kaohe_core::num::Num(n.0 * rust_decimal::Decimal::TWO));
        }
        let mut flip = false;
        g.bench_function(label, |b| {
            b.iter(|| {
                flip = !flip;
                scorer.set_cell(&huge, u, i, Some(if flip { &other } else { &cell })).expect("re-scores");
                scorer.standing(&huge, u)
            })
        });
    }
    g.finish();
}

/// What the app does per keystroke (issue 14): copy the scenario (the undo step keeps the old
/// one), set one field, re-score incrementally and lay out every unit's results. 2,000 × 100.
fn keystroke(c: &mut Criterion) {
    use kaohe_core::scenario::Scenario;
    let mut g = c.benchmark_group("keystroke");
    g.sample_size(20);
    for (units, inds) in [(500usize, 50usize), (2_000, 100)] {
        let doc = synthetic::document(units, inds, 1).expect("synthetic");
        let (unit, plain, relative) = (doc.units[units / 2].id.clone(), doc.scheme.indicators[0].id.clone(), doc.scheme.indicators[1].id.clone());
        let mut sc = std::rc::Rc::new(Scenario::new(doc).expect("scores"));
        let mut k = 0u32;
        for (label, ind) in [("plain", &plain), ("relative", &relative)] {
            g.bench_function(format!("{units}x{inds}/{label} cell"), |b| {
                b.iter(|| {
                    k += 1;
                    let undo = std::rc::Rc::clone(&sc);
                    std::rc::Rc::make_mut(&mut sc).set(&unit, ind, "actual", Some(rust_decimal::Decimal::from(1_000 + k % 500)));
                    black_box(undo)
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, demo, synthetic_sizes, seek, keystroke);
criterion_main!(benches);
