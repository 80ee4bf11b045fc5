//! Work split over the machine's cores, for large documents in native builds (the CLI, the
//! benchmarks). A city's or a province's document (hundreds to thousands of units) is scored unit
//! by unit and ranked indicator by indicator; those passes are cut into consecutive parts, one per
//! core, and the parts' results put back in order — the same figures, the same first error, as
//! one thread gives (the tests hold both to each other). The browser app runs one thread: its
//! WebAssembly has no threads, and there every part is run in turn.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// At most this many threads (0: one per core).
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Below this many cells a document is scored on one thread: starting a thread (some 20 µs)
/// would cost more than it saves (the demo, 276 cells, scores in well under 100 µs).
pub const MIN_CELLS: usize = 20_000;

/// Limits the threads a large document is scored on (0: one per core, the default; 1: one
/// thread, as in the browser). For benchmarks; results never depend on it.
pub fn set_threads(n: usize) {
    THREADS.store(n, Ordering::Relaxed);
}

thread_local! {
    /// This thread's own limit, over [`set_threads`]'s while [`with_threads`] runs.
    static OWN: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with large documents split into `n` parts (even beyond the cores; 1: one thread)
/// for what this thread scores — so that tests compare both ways whatever the machine.
pub fn with_threads<R>(n: usize, f: impl FnOnce() -> R) -> R {
    /// Puts the earlier limit back, also when `f` panics (a failing test).
    struct Restore(Option<usize>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OWN.with(|o| o.set(self.0));
        }
    }
    let _restore = Restore(OWN.with(|o| o.replace(Some(n.max(1)))));
    f()
}

/// The cores this process may use, asked once (the question reads the system's settings).
#[cfg(not(target_arch = "wasm32"))]
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// How many parts `items` (units, indicators) are split into for `cells` cells of work: 1 in
/// the browser, for small documents, or when limited to one thread; else one per core (at most
/// one per item).
pub(crate) fn parts(items: usize, cells: usize) -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (items, cells);
        1
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        if cells < MIN_CELLS {
            return 1;
        }
        let limit = match OWN.with(|o| o.get()).unwrap_or_else(|| THREADS.load(Ordering::Relaxed)) {
            0 => cores(),
            n => n,
        };
        limit.min(items).max(1)
    }
}

/// 0..n cut into `k` consecutive ranges whose lengths differ by at most one (the longer first).
pub(crate) fn ranges(n: usize, k: usize) -> impl Iterator<Item = Range<usize>> + Clone {
    let k = k.max(1);
    let (len, extra) = (n / k, n % k);
    (0..k).map(move |j| {
        let start = j * len + j.min(extra);
        start..start + len + usize::from(j < extra)
    })
}

/// Cuts `s` into consecutive pieces of the given lengths (their sum at most `s.len()`).
pub(crate) fn split<'a, T>(s: &'a mut [T], lens: impl IntoIterator<Item = usize>) -> impl Iterator<Item = &'a mut [T]> {
    let mut rest = s;
    lens.into_iter().map(move |len| {
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(len);
        rest = tail;
        head
    })
}

/// Runs `f` on every part — the first on this thread, the others each on a thread of its own
/// (native builds) — and hands the results to `done` in the parts' order. A thread the system
/// refuses to start leaves its part to this thread; the browser runs every part in turn. One
/// part is run here and then, with nothing set aside (a small document's path).
pub(crate) fn run<T: Send, R: Send>(parts: impl IntoIterator<Item = T>, f: impl Fn(T) -> R + Sync, mut done: impl FnMut(R)) {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else { return };
    let Some(second) = parts.next() else { return done(f(first)) };
    #[cfg(target_arch = "wasm32")]
    for part in [first, second].into_iter().chain(parts) {
        done(f(part));
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let f = &f;
        std::thread::scope(|scope| {
            let mut pending = Vec::new();
            for part in std::iter::once(second).chain(parts) {
                // The part goes into a slot the thread takes it from: a refused thread leaves it
                // there for this one.
                let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(part)));
                let theirs = std::sync::Arc::clone(&slot);
                let started = std::thread::Builder::new().spawn_scoped(scope, move || {
                    let part = theirs.lock().ok().and_then(|mut p| p.take());
                    part.map(f)
                });
                pending.push((slot, started.ok()));
            }
            done(f(first));
            for (slot, handle) in pending {
                let answer = handle.and_then(|h| match h.join() {
                    Ok(r) => r,
                    Err(panic) => std::panic::resume_unwind(panic),
                });
                match answer {
                    Some(r) => done(r),
                    None => {
                        let part = slot.lock().ok().and_then(|mut p| p.take());
                        if let Some(part) = part {
                            done(f(part));
                        }
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_everything_in_order() {
        // 10 into 3: 4 + 3 + 3; 2 into 3: 1 + 1 + 0; 0 into 2: two empty ranges.
        let cut = |n, k| ranges(n, k).collect::<Vec<_>>();
        assert_eq!(cut(10, 3), vec![0..4, 4..7, 7..10]);
        assert_eq!(cut(2, 3), vec![0..1, 1..2, 2..2]);
        assert_eq!(cut(0, 2), vec![0..0, 0..0]);
        assert_eq!(cut(5, 0), vec![0..5]);
    }

    #[test]
    fn split_cuts_consecutive_pieces() {
        let mut v = [1, 2, 3, 4, 5, 6];
        let pieces: Vec<Vec<i32>> = split(&mut v, [2, 3, 1]).map(|p| p.to_vec()).collect();
        assert_eq!(pieces, vec![vec![1, 2], vec![3, 4, 5], vec![6]]);
    }

    #[test]
    fn parts_run_on_threads_and_come_back_in_order() {
        // Each part writes its own piece and answers with the thread it ran on: more than one
        // thread when more than one part, and the answers in the parts' order.
        let mut v = vec![0u64; 1000];
        let rs = ranges(v.len(), 4);
        let pieces = split(&mut v, rs.clone().map(|r| r.len()));
        let mut out = Vec::new();
        let work = |(r, piece): (Range<usize>, &mut [u64])| {
            for (k, x) in piece.iter_mut().enumerate() {
                *x = (r.start + k) as u64 * 2;
            }
            (r.start, std::thread::current().id())
        };
        run(rs.zip(pieces), work, |o| out.push(o));
        assert_eq!(out.iter().map(|o| o.0).collect::<Vec<_>>(), vec![0, 250, 500, 750]);
        assert!(out.iter().any(|o| o.1 != std::thread::current().id()));
        assert!(v.iter().enumerate().all(|(k, x)| *x == k as u64 * 2));
    }
}
