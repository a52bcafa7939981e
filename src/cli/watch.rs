//! `sfdb test --watch`: the edit-test loop. After the first run, the scenario files and the flow
//! files they run (subflows included) are watched; when one changes, the scenarios it concerns
//! run again and report, until Ctrl+C.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

/// Changes that arrive this close together are one edit (editors write a file in steps).
const SETTLE: Duration = Duration::from_millis(200);

/// The files a scenario depends on: itself, its flow and its subflows' flows.
fn depends_on(scenario: &Path) -> Vec<PathBuf> {
    let mut files = vec![scenario.to_path_buf()];
    let dir = scenario.parent().unwrap_or(Path::new("."));
    let text = std::fs::read_to_string(scenario).unwrap_or_default();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        if let Some(flow) = value.get("flow").and_then(|f| f.as_str()) {
            files.push(dir.join(flow));
        }
        if let Some(subflows) = value.get("subflows").and_then(|s| s.as_object()) {
            files.extend(
                subflows
                    .values()
                    .filter_map(|f| f.as_str())
                    .map(|f| dir.join(f)),
            );
        }
    }
    files
        .into_iter()
        .map(|f| f.canonicalize().unwrap_or(f))
        .collect()
}

/// Runs scenarios and reports them, as `sfdb test` does (given by it, so the two files do not
/// import each other).
pub type Run<'a> = dyn FnMut(&[PathBuf], &mut dyn Write, &mut dyn Write) -> u8 + 'a;

/// Runs `files` with `run`, then again the ones each change concerns, until Ctrl+C.
pub fn watch(files: &[PathBuf], run: &mut Run<'_>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            let _ = writeln!(err, "sfdb test --watch: cannot watch files: {e}");
            return super::exit::BAD_INPUT;
        }
    };
    // Which scenarios each file concerns; the folders holding them are watched, since editors
    // often replace a file rather than write it in place.
    let mut concerns: HashMap<PathBuf, BTreeSet<usize>> = HashMap::new();
    for (i, scenario) in files.iter().enumerate() {
        for file in depends_on(scenario) {
            concerns.entry(file).or_default().insert(i);
        }
    }
    let folders: BTreeSet<PathBuf> = concerns
        .keys()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    for folder in &folders {
        if let Err(e) = watcher.watch(folder, RecursiveMode::NonRecursive) {
            let _ = writeln!(
                err,
                "sfdb test --watch: cannot watch {}: {e}",
                folder.display()
            );
            return super::exit::BAD_INPUT;
        }
    }
    run(files, out, err);
    let _ = writeln!(out, "watching {} files; Ctrl+C to stop", concerns.len());
    let _ = out.flush();
    while let Ok(first) = rx.recv() {
        let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
        let mut take = |event: notify::Result<notify::Event>| {
            if let Ok(event) = event {
                if !event.kind.is_access() {
                    changed.extend(event.paths);
                }
            }
        };
        take(first);
        while let Ok(more) = rx.recv_timeout(SETTLE) {
            take(more);
        }
        let again: BTreeSet<usize> = changed
            .iter()
            .filter_map(|p| concerns.get(&p.canonicalize().unwrap_or_else(|_| p.clone())))
            .flatten()
            .copied()
            .collect();
        if again.is_empty() {
            continue;
        }
        let names: Vec<String> = changed
            .iter()
            .filter(|p| concerns.contains_key(&p.canonicalize().unwrap_or_else(|_| (*p).clone())))
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let _ = writeln!(
            out,
            "\n--- {} changed: {} scenario{} ---",
            names.join(", "),
            again.len(),
            if again.len() == 1 { "" } else { "s" }
        );
        let subset: Vec<PathBuf> = again.iter().map(|&i| files[i].clone()).collect();
        run(&subset, out, err);
        let _ = out.flush();
    }
    super::exit::ENDED
}
