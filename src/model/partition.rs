//! A knife stroke that crosses every link between two (or more) groups of nodes is a partition, and is
//! taken and told as one: "You partitioned {S2,S3} from {S1,S4,S5}", not as six cut links.

/// The groups of nodes 1..=`size` that cutting the links `crossed` separates, if those links are exactly
/// the links between the groups; None when some crossed link joins nodes that stay connected otherwise
/// (then the stroke is a set of cuts, not a partition).
pub fn groups_split_by(size: u8, crossed: &[(u8, u8)]) -> Option<Vec<Vec<u8>>> {
    let is_crossed = |a: u8, b: u8| crossed.iter().any(|&(x, y)| (x, y) == (a, b) || (x, y) == (b, a));
    // Components of the full mesh without the crossed links.
    let mut group_of = vec![0u8; size as usize + 1];
    let mut groups: Vec<Vec<u8>> = Vec::new();
    for start in 1..=size {
        if group_of[start as usize] != 0 {
            continue;
        }
        groups.push(Vec::new());
        let g = groups.len() as u8;
        let mut todo = vec![start];
        group_of[start as usize] = g;
        while let Some(a) = todo.pop() {
            groups[g as usize - 1].push(a);
            for b in 1..=size {
                if b != a && group_of[b as usize] == 0 && !is_crossed(a, b) {
                    group_of[b as usize] = g;
                    todo.push(b);
                }
            }
        }
    }
    let between_groups = crossed
        .iter()
        .all(|&(a, b)| group_of[a as usize] != group_of[b as usize]);
    for g in &mut groups {
        g.sort();
    }
    (groups.len() >= 2 && between_groups).then_some(groups)
}

#[cfg(test)]
mod tests {
    // Compiled for the browser's target, where only wasm-bindgen-test's runner runs tests.
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_stroke_around_two_nodes_is_a_partition_and_a_single_cut_is_not() {
        let around_2_3 = [(1, 2), (1, 3), (2, 4), (2, 5), (3, 4), (3, 5)];
        assert_eq!(groups_split_by(5, &around_2_3), Some(vec![vec![1, 4, 5], vec![2, 3]]));
        assert_eq!(groups_split_by(5, &[(1, 2)]), None);
        assert_eq!(groups_split_by(5, &around_2_3[..5]), None);
    }
}
