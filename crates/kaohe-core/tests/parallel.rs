//! A large document (at least `par::MIN_CELLS` cells) is read, scored, laid out and ranked in parts
//! on several threads in native builds. These tests hold that path to the one-thread path (the
//! browser's, which the golden and property tests check figure by figure): the same results, the
//! same explanations, the same errors in the same order — whatever the number of parts.

use std::sync::Arc;

use kaohe_core::num::Num;
use kaohe_core::par::{with_threads, MIN_CELLS};
use kaohe_core::{evaluate, evaluate_explained, synthetic, Document, Lang};
use rust_decimal::Decimal;

/// A synthetic document made varied: some units vetoed, some cells absent or null, one indicator
/// assessed in one group only, one scored by group, an award scheme by group.
fn varied(units: usize, inds: usize, seed: u64) -> Document {
    let mut doc = synthetic::document(units, inds, seed).expect("synthetic");
    doc.scheme.indicators[5].applies_to = Some(vec!["G2".into()]);
    doc.scheme.indicators[2].scope = kaohe_core::model::Scope::Group;
    for (k, u) in doc.units.iter().enumerate() {
        let row = doc.inputs.get_mut(&u.id).expect("row");
        row.veto = k % 97 == 5;
        let cells = Arc::make_mut(&mut row.cells);
        if k % 13 == 0 {
            cells.shift_remove(&doc.scheme.indicators[1].id);
        }
        if k % 17 == 0 {
            cells.insert(doc.scheme.indicators[4].id.clone(), None);
        }
    }
    doc
}

#[test]
fn large_documents_score_the_same_on_any_number_of_threads() {
    for (units, inds, seed) in [(250, 80, 1), (401, 50, 7), (1_003, 23, 11)] {
        let doc = varied(units, inds, seed);
        assert!(units * inds >= MIN_CELLS, "{units} × {inds} is split into parts");
        let one = with_threads(1, || evaluate(&doc)).expect("scores");
        for threads in [2, 3, 8] {
            let many = with_threads(threads, || evaluate(&doc)).expect("scores");
            assert!(one == many, "{units} × {inds} on {threads} threads differs from one thread");
        }
        // Not a vacuous comparison: ranks, awards and statuses other than ok are there.
        assert!(one.units.iter().any(|u| u.rank == 1) && one.units.iter().any(|u| u.award.is_some()));
        assert!(one.units.iter().any(|u| u.vetoed));
        let mut statuses: Vec<_> = one.units.iter().flat_map(|u| u.indicators.iter().map(|i| format!("{:?}", i.status))).collect();
        statuses.sort();
        statuses.dedup();
        assert!(statuses.len() >= 3, "{statuses:?}");
    }
    // With explanations (the CLI's path), on a size that splits into uneven parts.
    let doc = varied(301, 70, 3);
    let one = with_threads(1, || evaluate_explained(&doc, Lang::Zh)).expect("scores");
    let many = with_threads(3, || evaluate_explained(&doc, Lang::Zh)).expect("scores");
    assert!(one == many);
    assert!(!one.units[300].indicators[69].explain.is_empty());
}

#[test]
fn errors_of_a_large_document_are_said_in_unit_order_on_any_number_of_threads() {
    // Cells naming no indicator in units 10 and 290 (the first part and the last of three):
    // both are said, unit 10's first.
    let mut doc = varied(300, 80, 5);
    for u in [290, 10] {
        let id = doc.units[u].id.clone();
        Arc::make_mut(&mut doc.inputs.get_mut(&id).expect("row").cells).insert("I9999".into(), None);
    }
    for threads in [1, 3] {
        let e = with_threads(threads, || evaluate(&doc)).expect_err("unknown ids");
        let paths: Vec<&str> = e.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["inputs.U00010.I9999", "inputs.U00290.I9999"], "{threads} threads");
    }
    // A count beyond exact decimals in units 20 and 280 (I0003 is E4, per_count × 2: 7 × 10^28
    // × 2 overflows): the first in unit order is said, whichever part finds it first.
    let mut doc = varied(300, 80, 5);
    for u in [280, 20] {
        let id = doc.units[u].id.clone();
        let cells = Arc::make_mut(&mut doc.inputs.get_mut(&id).expect("row").cells);
        let cell = cells.get_mut("I0003").and_then(Option::as_mut).expect("cell");
        cell.insert("count".into(), Some(Num(Decimal::from_i128_with_scale(70_000_000_000_000_000_000_000_000_000, 0))));
    }
    for threads in [1, 2, 3] {
        let e = with_threads(threads, || evaluate(&doc)).expect_err("overflow");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].path, "inputs.U00020.I0003", "{threads} threads");
    }
}
