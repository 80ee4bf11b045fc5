//! Windowing (issue 14): a table of thousands of rows (and a grid of hundreds of columns) draws
//! only what is in view, plus a margin, between two spacers that keep the scroll size of the whole.
//! Pure arithmetic on equal row heights and column widths, tested natively; the views measure
//! their scroll box and call it.

pub use kaohe_core::window::Span;

/// A length in whole CSS pixels, for a style attribute (formatting floats would pull float
/// printing into the app: some 5 KB).
pub fn px(v: f64) -> String {
    format!("{}px", v.round().max(0.0) as u64)
}

/// Where to scroll so that item `k` of `size` px is in a view of `view` px now at `scrolled`:
/// unchanged when it is wholly in view, else just far enough (as the browser scrolls a focused
/// element into view). `inset` px at the view's start are covered (sticky headers or column).
pub fn reveal(k: usize, size: f64, scrolled: f64, view: f64, inset: f64) -> f64 {
    let start = k as f64 * size;
    let end = start + size;
    if start < scrolled + inset {
        (start - inset).max(0.0)
    } else if end > scrolled + view {
        end - view
    } else {
        scrolled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_whole_pixels() {
        assert_eq!(px(9_894.0), "9894px");
        assert_eq!(px(33.6), "34px");
        assert_eq!(px(-3.0), "0px");
    }

    #[test]
    fn revealing_scrolls_only_as_far_as_needed() {
        // Row 100 (3,400..3,434 px) in a 600 px view whose top 90 px a sticky header covers:
        // from the top, scroll until its bottom meets the view's: 3,434 − 600 = 2,834.
        assert_eq!(reveal(100, 34.0, 0.0, 600.0, 90.0), 2_834.0);
        // Already in view below the header (3,400 ≥ 3,000 + 90, 3,434 ≤ 3,600): no scroll.
        assert_eq!(reveal(100, 34.0, 3_000.0, 600.0, 90.0), 3_000.0);
        // Under the header or above the view: its top just below the header, 3,400 − 90.
        assert_eq!(reveal(100, 34.0, 3_350.0, 600.0, 90.0), 3_310.0);
        assert_eq!(reveal(100, 34.0, 5_000.0, 600.0, 90.0), 3_310.0);
        // Row 0 never asks for a negative scroll.
        assert_eq!(reveal(0, 34.0, 500.0, 600.0, 90.0), 0.0);
    }
}
