//! One sort for the whole program.
//!
//! Each `sort_by_key` call with a new element type adds its own copy of the standard library's sort, about
//! 2 KB of WebAssembly apiece. Sorting (key, position) pairs instead shares one copy between every caller.

/// Sorts `items` by `key`, keeping equal keys in their current order (a stable sort).
pub fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut order: Vec<(u64, usize)> = items.iter().enumerate().map(|(i, item)| (key(item), i)).collect();
    // The position breaks ties, so this unstable sort keeps equal keys in order.
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|(_, i)| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_keep_their_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut rng = crate::rng::Rng::new(7);
        let mut items: Vec<(u64, u64)> = (0..5_000).map(|i| (rng.below(50), i)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|&(k, _)| k);
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, expected);
    }
}
