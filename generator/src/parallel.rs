//! Work spread over the machine's cores: loading files and emitting family crates are
//! independent item by item.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` of every item, in the items' order, computed on as many threads as the machine has
/// cores. A panic in `f` is resumed on the calling thread.
///
/// The threads take the next item from a shared counter as they finish one, rather than a
/// contiguous part each: items differ in cost (a family crate has 1 to 60 endpoints), and with
/// fixed parts one thread idled for a fifth of `codegen`'s emitting while the other finished.
/// A caller that knows the costs passes the costly items first (see [`by_cost`]), so that no
/// large item starts last.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in handles {
            all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        all
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The indices `0..costs.len()` with the costliest first (ties in index order), the order in
/// which [`map`] should take items of these costs.
pub(crate) fn by_cost(costs: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut order: Vec<(usize, usize)> = costs.into_iter().enumerate().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    order.into_iter().map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order_whatever_thread_computed_them() {
        let items: Vec<u64> = (0..1_000).collect();
        // Uneven costs, so that the threads finish items out of order.
        let squares = map(&items, |&n| {
            if n % 7 == 0 {
                std::thread::yield_now();
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_an_item_reaches_the_caller() {
        let items: Vec<u32> = (0..64).collect();
        let caught = std::panic::catch_unwind(|| {
            map(&items, |&n| {
                assert_ne!(n, 41, "item 41");
                n
            })
        });
        assert!(caught.is_err());
    }

    #[test]
    fn costly_items_come_first_and_ties_keep_their_order() {
        assert_eq!(by_cost([1, 5, 3, 5, 0]), vec![1, 3, 2, 0, 4]);
        assert!(by_cost([]).is_empty());
    }
}
