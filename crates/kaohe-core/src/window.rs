//! Windowing (issue 14): a table of thousands of rows (and a grid of hundreds of columns) draws
//! only what is in view, plus a margin, between two spacers that keep the scroll size of the whole.
//! Pure arithmetic on equal row heights and column widths: the app's tables and the charts use it.

/// The rows (or columns) drawn: `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first drawn.
    pub first: usize,
    /// One past the last drawn.
    pub end: usize,
}

impl Span {
    /// Everything (a table small enough, or printing).
    pub fn all(count: usize) -> Span {
        Span { first: 0, end: count }
    }

    /// Which of `count` items of `size` px are drawn when the view shows the pixels
    /// `scrolled..scrolled + view` of the list (`scrolled` below 0: the list starts lower in the
    /// view), with `margin` items more on either side. An item partly in view is drawn.
    pub fn of(count: usize, size: f64, scrolled: f64, view: f64, margin: usize) -> Span {
        if count == 0 || size <= 0.0 || !scrolled.is_finite() || !view.is_finite() {
            return Span::all(count.min(margin.max(1)));
        }
        let top = scrolled.max(0.0);
        let bottom = (scrolled + view.max(0.0)).max(0.0);
        let first = ((top / size).floor() as usize).min(count.saturating_sub(1));
        let end = ((bottom / size).ceil() as usize).max(first + 1).min(count);
        Span { first: first.saturating_sub(margin), end: (end + margin).min(count) }
    }

    /// How many are drawn.
    pub fn len(&self) -> usize {
        self.end - self.first
    }

    /// Whether none are drawn.
    pub fn is_empty(&self) -> bool {
        self.end == self.first
    }

    /// Whether item `k` is drawn.
    pub fn contains(&self, k: usize) -> bool {
        (self.first..self.end).contains(&k)
    }

    /// The spacer before the drawn items, in px.
    pub fn before(&self, size: f64) -> f64 {
        self.first as f64 * size
    }

    /// The spacer after them, in px, for a list of `count`.
    pub fn after(&self, count: usize, size: f64) -> f64 {
        count.saturating_sub(self.end) as f64 * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_in_view_and_a_margin_are_drawn() {
        // 2,000 rows of 34 px; the view is 600 px tall, scrolled 10,000 px down:
        // 10,000 / 34 = 294.1 → row 294 is partly in view; (10,000 + 600) / 34 = 311.8 → row 311 too.
        let s = Span::of(2_000, 34.0, 10_000.0, 600.0, 3);
        assert_eq!(s, Span { first: 291, end: 315 });
        assert_eq!(s.len(), 24);
        // Spacers keep the whole height: 291 × 34 before, (2,000 − 315) × 34 after.
        assert_eq!(s.before(34.0), 9_894.0);
        assert_eq!(s.after(2_000, 34.0), 57_290.0);
        assert_eq!(s.before(34.0) + s.len() as f64 * 34.0 + s.after(2_000, 34.0), 68_000.0);
    }

    #[test]
    fn the_top_the_bottom_and_the_last_partial_row() {
        // At the top: rows 0..(600/34 = 17.6 → 18) and the margin below.
        assert_eq!(Span::of(2_000, 34.0, 0.0, 600.0, 3), Span { first: 0, end: 21 });
        // The list starts 200 px below the view's top (a toolbar above the table): 400 px show.
        assert_eq!(Span::of(2_000, 34.0, -200.0, 600.0, 3), Span { first: 0, end: 15 });
        // Scrolled to the very end: 68,000 − 600 = 67,400 → 67,400 / 34 = 1,982.35: row 1,982 is
        // cut at the top, the last row 1,999 wholly in view; nothing past the end.
        let s = Span::of(2_000, 34.0, 67_400.0, 600.0, 3);
        assert_eq!(s, Span { first: 1_979, end: 2_000 });
        assert_eq!(s.after(2_000, 34.0), 0.0);
        // A last row only partly in view is drawn: 25 rows, view ends at 842 px = row 24.76.
        assert_eq!(Span::of(25, 34.0, 242.0, 600.0, 0), Span { first: 7, end: 25 });
        // Scrolled past the end (a shrinking list): the last rows, never an empty window.
        assert_eq!(Span::of(10, 34.0, 5_000.0, 600.0, 2), Span { first: 7, end: 10 });
    }

    #[test]
    fn columns_window_the_same_way_and_odd_input_draws_something() {
        // 200 columns of 112 px, a 1,200 px wide view (after the sticky unit column), scrolled
        // 11,200 px right: columns 100..(12,400 / 112 = 110.7 → 111) plus 2 either side.
        assert_eq!(Span::of(200, 112.0, 11_200.0, 1_200.0, 2), Span { first: 98, end: 113 });
        assert!(Span::of(0, 34.0, 0.0, 600.0, 3).is_empty());
        assert_eq!(Span::of(50, 34.0, f64::NAN, 600.0, 3), Span { first: 0, end: 3 });
        assert_eq!(Span::of(50, 0.0, 0.0, 600.0, 3), Span { first: 0, end: 3 });
        assert!(Span::of(50, 34.0, 0.0, 600.0, 3).contains(20));
        assert!(!Span::of(50, 34.0, 0.0, 600.0, 3).contains(21));
    }
}
