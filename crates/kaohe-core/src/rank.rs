//! SCORING §6 / §9.10: competition and dense ranks, higher keys first, in O(n log n).

use crate::model::RankStyle;

/// SCORING §6: ranks `items` (id, key) by key, highest first; equal keys share a rank.
/// Returns (id, rank) in descending key order.
pub fn rank_desc<I: Copy, K: Ord>(mut items: Vec<(I, K)>, style: RankStyle) -> Vec<(I, u32)> {
    items.sort_unstable_by(|a, b| b.1.cmp(&a.1));
    let mut out = Vec::with_capacity(items.len());
    let mut rank = 0u32;
    let mut dense = 0u32;
    for i in 0..items.len() {
        let tied = i > 0 && items[i].1 == items[i - 1].1;
        if !tied {
            dense += 1;
            rank = u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1);
        }
        let r = match style {
            RankStyle::Competition => rank,
            RankStyle::Dense => dense,
        };
        out.push((items[i].0, r));
    }
    out
}

/// As [`rank_desc`] for integer keys (indicator ranks: one per indicator, 2,000 units each),
/// handing each (id, rank) to `f`, in no particular order. Keys within a span narrower than four
/// keys per item (2,000 units' scores at two decimals) are counted, not sorted: a key's competition
/// rank is one more than the number of larger keys, its dense rank one more than the number of
/// larger distinct keys. Wider ones are packed with their id into one `u64` when they fit and
/// sorted (by bytes; a few dozen on the stack).
pub fn rank_int(items: &[(usize, i128)], style: RankStyle, f: &mut dyn FnMut(usize, u32)) {
    // The browser app keeps its first load small: a comparison sort there (same ranks).
    #[cfg(target_arch = "wasm32")]
    for (u, r) in rank_desc(items.to_vec(), style) {
        f(u, r);
    }
    #[cfg(not(target_arch = "wasm32"))]
    rank_packed(items, style, f);
}

#[cfg(not(target_arch = "wasm32"))]
fn rank_packed(items: &[(usize, i128)], style: RankStyle, f: &mut dyn FnMut(usize, u32)) {
    let (Some(lo), Some(hi)) = (items.iter().map(|x| x.1).min(), items.iter().map(|x| x.1).max()) else {
        return;
    };
    let id_bits = usize::BITS - items.iter().map(|x| x.0).max().unwrap_or(0).leading_zeros();
    let span = hi.checked_sub(lo).and_then(|d| u64::try_from(d).ok());
    if let Some(width) = span.and_then(|d| usize::try_from(d).ok()).filter(|d| *d < 4 * items.len()) {
        // One slot per key in lo..=hi: first its count, then (from the top) its rank (a few dozen
        // on the stack).
        let (mut stack, mut heap) = ([0u32; 64], Vec::new());
        let slot: &mut [u32] = if width < 64 {
            &mut stack[..=width]
        } else {
            heap.resize(width + 1, 0);
            &mut heap
        };
        for &(_, k) in items {
            slot[(k - lo) as usize] += 1;
        }
        let (mut larger, mut distinct) = (0u32, 0u32);
        for s in slot.iter_mut().rev().filter(|s| **s > 0) {
            let here = *s;
            *s = match style {
                RankStyle::Competition => larger + 1,
                RankStyle::Dense => distinct + 1,
            };
            larger += here;
            distinct += 1;
        }
        for &(u, k) in items {
            f(u, slot[(k - lo) as usize]);
        }
        return;
    }
    let bits = span.map(|d| id_bits + (u64::BITS - d.leading_zeros()));
    let Some(bits) = bits.filter(|b| *b <= 64) else {
        for (u, r) in rank_desc(items.to_vec(), style) {
            f(u, r);
        }
        return;
    };
    let pack = |&(u, k): &(usize, i128)| (((k - lo) as u64) << id_bits) | u as u64;
    if items.len() < 64 {
        // A county's dozen units: packed on the stack, sorted in place.
        let mut buf = [0u64; 64];
        let packed = &mut buf[..items.len()];
        for (p, x) in packed.iter_mut().zip(items) {
            *p = pack(x);
        }
        packed.sort_unstable();
        return emit_packed(packed, id_bits, style, f);
    }
    let mut packed: Vec<u64> = items.iter().map(pack).collect();
    radix_sort(&mut packed, bits);
    emit_packed(&packed, id_bits, style, f);
}

/// Hands each id of ascending packed (key, id) words its rank, from the largest key.
#[cfg(not(target_arch = "wasm32"))]
fn emit_packed(packed: &[u64], id_bits: u32, style: RankStyle, f: &mut dyn FnMut(usize, u32)) {
    let mask = (1u64 << id_bits) - 1;
    let (mut rank, mut dense, mut prev) = (0u32, 0u32, None);
    for (i, p) in packed.iter().rev().enumerate() {
        let key = p >> id_bits;
        if prev != Some(key) {
            prev = Some(key);
            dense += 1;
            rank = u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1);
        }
        f((p & mask) as usize, match style {
            RankStyle::Competition => rank,
            RankStyle::Dense => dense,
        });
    }
}


#[cfg(not(target_arch = "wasm32"))]
/// Sorts integers below 2^`bits` ascending: least significant byte first, one counting pass
/// per byte (a few passes over 2,000 words instead of a comparison sort's 20,000 comparisons).
fn radix_sort(v: &mut Vec<u64>, bits: u32) {
    let mut buf = vec![0u64; v.len()];
    for pass in 0..bits.div_ceil(8) {
        let shift = pass * 8;
        let mut count = [0usize; 257];
        for x in v.iter() {
            count[((x >> shift) & 0xFF) as usize + 1] += 1;
        }
        for b in 0..256 {
            count[b + 1] += count[b];
        }
        for x in v.iter() {
            let b = ((x >> shift) & 0xFF) as usize;
            buf[count[b]] = *x;
            count[b] += 1;
        }
        std::mem::swap(v, &mut buf);
    }
}

/// Dense ordinals of keys laid out as rows of `width` integers (one row per key, compared
/// lexicographically): equal keys get equal numbers, higher keys higher ones. Sorting composite
/// keys (a total and its tie-breakers) once, the county, group and award rankings then compare
/// integers.
pub fn row_ordinals(rows: &[i128], width: usize) -> Vec<i128> {
    let n = rows.len() / width.max(1);
    let row = |a: usize| &rows[a * width..(a + 1) * width];
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_unstable_by(|&a, &b| row(a).cmp(row(b)));
    let mut out = vec![0; n];
    let mut o = 0;
    for j in 0..idx.len() {
        if j > 0 && row(idx[j]) != row(idx[j - 1]) {
            o += 1;
        }
        out[idx[j]] = o;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

/// [`rank_int`] collected: (id, rank).
    pub fn rank_desc_int(items: &[(usize, i128)], style: RankStyle) -> Vec<(usize, u32)> {
        let mut out = Vec::with_capacity(items.len());
        rank_int(items, style, &mut |u, r| out.push((u, r)));
        out
    }

    #[test]
    fn competition_and_dense() {
        // keys 90, 85, 85, 70 → competition 1, 2, 2, 4; dense 1, 2, 2, 3.
        let items = vec![('a', 90), ('b', 85), ('c', 85), ('d', 70)];
        let c: Vec<u32> = rank_desc(items.clone(), RankStyle::Competition).into_iter().map(|x| x.1).collect();
        assert_eq!(c, [1, 2, 2, 4]);
        let d: Vec<u32> = rank_desc(items, RankStyle::Dense).into_iter().map(|x| x.1).collect();
        assert_eq!(d, [1, 2, 2, 3]);
    }

    #[test]
    fn lexicographic_keys_break_ties_and_none_ranks_last() {
        // Equal totals split by the second key; None (not assessed) is below every score.
        let items = vec![(0, (80, Some(5))), (1, (80, None)), (2, (80, Some(7)))];
        let r = rank_desc(items, RankStyle::Competition);
        assert_eq!(r, vec![(2, 1), (0, 2), (1, 3)]);
    }

    #[test]
    fn integer_keys_rank_as_the_general_path() {
        // 90, 85, 85, 70, −3 and a key beyond 64 bits (falls back): same ranks either way.
        let items = vec![(4, -3i128), (0, 90), (1, 85), (2, 85), (3, 70)];
        let mut fast = rank_desc_int(&items, RankStyle::Competition);
        fast.sort();
        assert_eq!(fast, [(0, 1), (1, 2), (2, 2), (3, 4), (4, 5)]);
        let mut dense = rank_desc_int(&items, RankStyle::Dense);
        dense.sort();
        assert_eq!(dense, [(0, 1), (1, 2), (2, 2), (3, 3), (4, 4)]);
        let big = vec![(0, i128::MAX), (1, 5), (2, i128::MIN)];
        assert_eq!(rank_desc_int(&big, RankStyle::Competition), [(0, 1), (1, 2), (2, 3)]);
    }

    #[test]
    fn counted_and_sorted_integer_ranks_equal_the_general_path() {
        // Keys in a narrow span (counted), a wide one (packed and sorted, on the stack for a few)
        // and beyond 64 bits (compared): every unit's rank as rank_desc gives it, both styles,
        // ties included.
        let mut x = 99u64;
        let mut next = move || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            x >> 33
        };
        for (n, spread) in [(700, 50i128), (700, 1 << 40), (700, 1 << 100), (12, 5), (12, 1 << 40), (63, 1 << 30)] {
            let items: Vec<(usize, i128)> = (0..n).map(|u| (u, (next() as i128 % 1_000) * spread / 1_000 - 7)).collect();
            for style in [RankStyle::Competition, RankStyle::Dense] {
                let mut fast = rank_desc_int(&items, style);
                let mut want = rank_desc(items.clone(), style);
                fast.sort();
                want.sort();
                assert_eq!(fast, want, "spread {spread}");
            }
        }
    }

    #[test]
    fn radix_sort_sorts() {
        // 1,000 pseudo-random 40-bit words (a linear congruential sequence), and a short list.
        let mut x = 12_345u64;
        let mut v: Vec<u64> = (0..1_000)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                x >> 24
            })
            .collect();
        let mut want = v.clone();
        want.sort_unstable();
        radix_sort(&mut v, 40);
        assert_eq!(v, want);
        let mut short = vec![3, 1, 2];
        radix_sort(&mut short, 2);
        assert_eq!(short, [1, 2, 3]);
    }

    #[test]
    fn ordinals_keep_order_and_ties() {
        // (80, 5) > (80, 3) = (80, 3) > (70, 9): ordinals 2, 1, 1, 0.
        // And (70, none) below (70, 9).
        assert_eq!(row_ordinals(&[80, 5, 80, 3, 80, 3, 70, 9], 2), [2, 1, 1, 0]);
        assert_eq!(row_ordinals(&[70, i128::MIN, 70, 9, 71, i128::MIN], 2), [0, 1, 2]);
        assert_eq!(row_ordinals(&[5, 7, 5], 1), [0, 1, 0]);
    }
}
