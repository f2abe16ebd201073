//! The few largest settlements beyond reach, kept while a unit's settlements are walked.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The list's order: population descending, then position in the settlements layer
/// ascending. Positions are unique, so the order is total and the list is the same
/// whatever order the settlements are offered in.
type Key = (u64, Reverse<usize>);

/// The `k` largest settlements offered, in a min-heap of at most `k` entries.
///
/// At 1M population points about three quarters of the settlements are beyond a 25 km
/// reach; collecting them all and sorting them cost a fifth of the whole coverage, for a
/// list of 50 per unit. The heap keeps only the 50 and rejects most of the rest with one
/// comparison.
pub struct Largest {
    k: usize,
    /// Each entry: its key, and the caller's position for it (never decides the order,
    /// as the keys are unique).
    heap: BinaryHeap<Reverse<(Key, usize)>>,
}

impl Largest {
    pub fn new(k: usize) -> Largest {
        Largest {
            k,
            heap: BinaryHeap::with_capacity(k + 1),
        }
    }

    /// Offers a settlement of `population` at `index` in the settlements layer; `at` is
    /// what [`Largest::into_sorted`] gives back for it.
    pub fn offer(&mut self, population: u64, index: usize, at: usize) {
        let entry = Reverse(((population, Reverse(index)), at));
        if self.heap.len() < self.k {
            self.heap.push(entry);
        } else if let Some(mut least) = self.heap.peek_mut() {
            // `Reverse`: smaller means larger, so this replaces the least kept entry.
            if entry < *least {
                *least = entry;
            }
        }
    }

    /// The kept positions, largest settlement first.
    pub fn into_sorted(self) -> Vec<usize> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse((_, at))| at)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The k largest by (population desc, index asc), as a full sort gives them.
    fn sorted(items: &[(u64, usize)], k: usize) -> Vec<usize> {
        let mut v: Vec<(usize, &(u64, usize))> = items.iter().enumerate().collect();
        v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
        v.into_iter().take(k).map(|(at, _)| at).collect()
    }

    #[test]
    fn keeps_what_a_full_sort_and_truncate_keep() {
        // Many equal populations, so the index decides often.
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        let items: Vec<(u64, usize)> = (0..5000)
            .map(|i| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s % 40, (i * 7919) % 5003)
            })
            .collect();
        for k in [0, 1, 3, 50, 4999, 5000, 6000] {
            let mut l = Largest::new(k);
            for (at, &(p, i)) in items.iter().enumerate() {
                l.offer(p, i, at);
            }
            assert_eq!(l.into_sorted(), sorted(&items, k), "k = {k}");
        }
    }
}
