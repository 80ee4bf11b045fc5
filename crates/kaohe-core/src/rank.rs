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

/// Ranks into a slot per id (ids are indices below `n`); ids not ranked stay `None`.
pub fn rank_into<K: Ord>(items: Vec<(usize, K)>, style: RankStyle, slots: &mut [Option<u32>]) {
    for (i, r) in rank_desc(items, style) {
        slots[i] = Some(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
