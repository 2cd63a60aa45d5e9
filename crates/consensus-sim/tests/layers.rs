//! The engine's modules import each other in layers, with no cycle: the protocol seam at the bottom, the
//! protocols beside each other above it, the simulator above the seam and generic over it, and scenarios,
//! the fuzzer and the command line on top. A protocol arrives as a folder and meets the rest only through
//! `protocol`.
//!
//! `cargo test -p consensus-sim --test layers` reads every source file, collects each top-level module's
//! `crate::` imports, and fails with the cycle, or the import that crosses a layer, if there is one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Small building blocks every layer may use.
const BLOCKS: &[&str] = &["chunked", "order", "rng", "sorted_map", "trace"];
/// The protocols, each in its folder.
const PROTOCOLS: &[&str] = &["commit", "paxos", "raft"];

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Top-level module -> the top-level modules it imports with `crate::`.
fn imports() -> BTreeMap<String, Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let uses = graph.entry(module.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module && !uses.contains(&name) {
                uses.push(name);
            }
        }
    }
    graph
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn cycle(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.iter().any(|n| n == node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.push(node.to_string());
        None
    }
    let mut done = Vec::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_modules_import_each_other_without_a_cycle() {
    let graph = imports();
    assert!(graph.contains_key("protocol") && graph.contains_key("sim"), "{graph:?}");
    if let Some(found) = cycle(&graph) {
        panic!("import cycle: {}", found.join(" -> "));
    }
}

#[test]
fn the_protocol_seam_imports_nothing_above_it() {
    let graph = imports();
    let uses = &graph["protocol"];
    assert!(
        uses.iter().all(|m| BLOCKS.contains(&m.as_str())),
        "protocol imports {uses:?}"
    );
}

#[test]
fn a_protocol_meets_the_rest_only_through_the_seam() {
    let graph = imports();
    for protocol in PROTOCOLS {
        for used in &graph[*protocol] {
            assert!(
                used == "protocol" || BLOCKS.contains(&used.as_str()),
                "{protocol} imports crate::{used}: a protocol may use only `protocol` and the building blocks"
            );
        }
    }
}

#[test]
fn the_simulator_is_generic_over_protocols() {
    let graph = imports();
    for used in &graph["sim"] {
        assert!(
            !PROTOCOLS.contains(&used.as_str()) && used != "scenario" && used != "fuzz",
            "sim imports crate::{used}: the simulator knows protocols only through the seam"
        );
    }
}
