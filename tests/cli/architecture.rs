//! The house rules, read from the source: each top-level module imports only the layers below
//! it, the terminal crates stay in `tui`, and no two files import each other, directly or round
//! a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

/// What each top-level module may import (besides itself). `main` is the binary's entry.
const LAYERS: &[(&str, &[&str])] = &[
    ("words", &[]),
    ("mask", &[]),
    ("flow", &["mask", "words"]),
    ("liquid", &["words"]),
    ("engine", &["flow", "liquid", "mask", "words"]),
    ("session", &["engine", "flow", "liquid", "mask", "words"]),
    ("check", &["engine", "flow", "liquid", "mask", "words"]),
    (
        "scenario",
        &["session", "engine", "flow", "liquid", "mask", "words"],
    ),
    ("demo", &["flow", "mask"]),
    ("account", &["engine", "flow", "liquid", "mask", "words"]),
    ("functions", &["engine", "flow", "mask", "words"]),
    (
        "cli",
        &[
            "account",
            "check",
            "functions",
            "scenario",
            "session",
            "engine",
            "flow",
            "liquid",
            "mask",
            "words",
        ],
    ),
    // The debug adapter: a front end beside `tui`, importing nothing from it.
    (
        "dap",
        &[
            "functions",
            "scenario",
            "session",
            "engine",
            "flow",
            "liquid",
            "mask",
            "words",
        ],
    ),
    (
        "tui",
        &[
            "check",
            "functions",
            "scenario",
            "session",
            "engine",
            "flow",
            "liquid",
            "mask",
            "demo",
            "words",
        ],
    ),
];

/// A source file and the module path it defines (`engine/widgets/mod.rs` is `engine::widgets`).
struct Source {
    module: Vec<String>,
    text: String,
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod") || module == ["lib"] || module == ["main"]
            {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests may reach anywhere; the rules are about the code that ships.
            let text = text.split("#[cfg(test)]").next().unwrap().to_string();
            Source { module, text }
        })
        .collect()
}

/// Every module path a file names through `crate::` or `super::`, including grouped imports.
fn named_paths(source: &Source) -> Vec<Vec<String>> {
    let path = Regex::new(r"\b(crate|super)((?:::\w+)+)(?:::\{([^}]*)\})?").unwrap();
    let mut out = Vec::new();
    for caps in path.captures_iter(&source.text) {
        let mut segments: Vec<String> = caps[2]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut base: Vec<String> = if &caps[1] == "crate" {
            Vec::new()
        } else {
            // `super` of `a/b.rs` and of `a/b/mod.rs` are both `a`.
            source.module[..source.module.len().saturating_sub(1)].to_vec()
        };
        while segments.first().is_some_and(|s| s == "super") {
            base.pop();
            segments.remove(0);
        }
        base.extend(segments);
        out.push(base.clone());
        if let Some(group) = caps.get(3) {
            for item in group.as_str().split(',') {
                let item = item.trim().split(' ').next().unwrap_or_default();
                if item.is_empty() || item == "self" {
                    continue;
                }
                let mut full = base.clone();
                full.extend(item.split("::").map(String::from));
                out.push(full);
            }
        }
    }
    out
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let layers: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut broken = Vec::new();
    for source in sources() {
        let Some(own) = source.module.first() else {
            continue;
        };
        let allowed = layers
            .get(own.as_str())
            .unwrap_or_else(|| panic!("src/{own} is not in the test's table of layers"));
        for path in named_paths(&source) {
            let Some(other) = path.first() else { continue };
            if other != own && layers.contains_key(other.as_str()) && !allowed.contains(&&**other) {
                broken.push(format!(
                    "{} imports {}",
                    source.module.join("::"),
                    path.join("::")
                ));
            }
        }
        let terminal = ["ratatui", "crossterm"];
        if own != "tui"
            && terminal
                .iter()
                .any(|t| source.text.contains(&format!("{t}::")))
        {
            broken.push(format!(
                "{} uses a terminal crate",
                source.module.join("::")
            ));
        }
    }
    broken.sort();
    broken.dedup();
    assert!(
        broken.is_empty(),
        "imports across layers:\n{}",
        broken.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other_even_round_a_circle() {
    let sources = sources();
    let files: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    // The file a path lands in: its longest prefix that is a file of its own.
    let file_of = |path: &[String]| {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| files.contains(p))
    };
    // A module names its own children without `crate::` or `super::` (`use effect::Env`).
    let child = Regex::new(r"\b(\w+)::").unwrap();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for source in &sources {
        let deps = edges.entry(source.module.clone()).or_default();
        for caps in child.captures_iter(&source.text) {
            let mut path = source.module.clone();
            path.push(caps[1].to_string());
            if files.contains(&path) {
                deps.insert(path);
            }
        }
        for path in named_paths(source) {
            if let Some(target) = file_of(&path) {
                // A child naming its own ancestors is how Rust modules share their parent's items.
                if !source.module.starts_with(&target) {
                    deps.insert(target);
                }
            }
        }
    }
    // Depth-first search for a back edge, reporting the circle it closes.
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        circles: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut circle: Vec<String> = stack[at..].iter().map(|m| m.join("::")).collect();
            circle.push(node.join("::"));
            circles.push(circle.join(" -> "));
            return;
        }
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, stack, done, circles);
        }
        stack.pop();
        done.insert(node.clone());
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(
        circles.is_empty(),
        "circles of imports:\n{}",
        circles.join("\n")
    );
}
