//! Synthetic documents of any size for benchmarks and performance tests, built from the demo's
//! indicators (every method it uses) and its inputs, perturbed deterministically.

use indexmap::IndexMap;
use rust_decimal::Decimal;

use crate::model::{Document, Group, Unit, UnitInputs};
use crate::num::Num;
use crate::presets;

/// A document of `units` units in three groups and `indicators` indicators cycling through the
/// demo's, with inputs derived from the demo's (±10 %, deterministic in `seed`).
pub fn document(units: usize, indicators: usize, seed: u64) -> Option<Document> {
    let demo = presets::DEMO.document().ok()?;
    let mut doc = demo.clone();
    let templates = &demo.scheme.indicators;
    if templates.is_empty() || demo.units.is_empty() {
        return None;
    }
    doc.scheme.groups = (1..=3).map(|g| Group { id: format!("G{g}"), name: format!("第{g}考核单元") }).collect();
    doc.scheme.indicators = (0..indicators)
        .map(|i| {
            let mut ind = templates[i % templates.len()].clone();
            ind.id = format!("I{i:04}");
            ind.name = format!("{}（{}）", ind.name, i / templates.len() + 1);
            ind
        })
        .collect();
    doc.scheme.recognitions.clear();
    doc.scheme.tie_breakers.truncate(1);
    doc.units = (0..units)
        .map(|u| Unit { id: format!("U{u:05}"), name: format!("单位{u}"), kind: None, group: format!("G{}", u % 3 + 1) })
        .collect();
    let mut state = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % 201
    };
    doc.inputs = IndexMap::with_capacity(units);
    for u in 0..units {
        let src = demo.inputs.get(&demo.units[u % demo.units.len()].id)?;
        let mut row = UnitInputs { veto: false, cells: std::sync::Arc::new(IndexMap::with_capacity(indicators)) };
        for i in 0..indicators {
            let t = &templates[i % templates.len()];
            let cell = src.cells.get(&t.id).cloned().flatten().map(|c| {
                c.into_iter()
                    .map(|(k, v)| {
                        // ±10 % in steps of 0.1 %, kept to 2 decimals like real statistics.
                        let f = Decimal::new(900 + next() as i64, 3);
                        (k, v.map(|n| Num((n.0 * f).round_dp(2))))
                    })
                    .collect()
            });
            std::sync::Arc::make_mut(&mut row.cells).insert(format!("I{i:04}"), cell);
        }
        doc.inputs.insert(format!("U{u:05}"), row);
    }
    Some(doc)
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_documents_are_valid_and_sized() {
        let doc = super::document(30, 50, 7).unwrap();
        assert_eq!(doc.units.len(), 30);
        assert_eq!(doc.scheme.indicators.len(), 50);
        let r = crate::evaluate(&doc).unwrap();
        assert_eq!(r.units.len(), 30);
        // Ranks are a permutation-with-ties of 1..=30: the best unit is 1st.
        assert!(r.units.iter().any(|u| u.rank == 1));
    }
}
