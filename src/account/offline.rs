//! An execution from files, for users who cannot give sfdb credentials: what the twilio CLI
//! prints with `-o json` (or the REST API returns) saved in one directory.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::shape::{self, items};
use super::Recorded;

fn read(path: &Path) -> Result<Value, String> {
    let text = crate::flow::read::text(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // The twilio CLI prints nothing at all for an empty list.
    if text.trim().is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: line {}: not JSON: {e}", path.display(), e.line()))
}

/// One resource from a file that may hold it alone or as a one-element array.
fn one(path: &Path) -> Result<Value, String> {
    match read(path)? {
        Value::Array(mut list) if list.len() == 1 => Ok(shape::normalise(list.remove(0))),
        Value::Array(list) => Err(format!(
            "{}: holds {} resources; expected one",
            path.display(),
            list.len()
        )),
        other => Ok(shape::normalise(other)),
    }
}

/// Reads `dir`: `execution.json`, `steps.json`, the step contexts (`FT….json` each, or
/// `step-contexts.json`), the execution's context if saved (`context.json`), the flow
/// (`flow` if given, else `flow.json`) and the flows its subflows ran (`FW….json`).
pub fn load(dir: &Path, flow: Option<&Path>) -> Result<Recorded, String> {
    let need = |name: &str| -> Result<PathBuf, String> {
        let path = dir.join(name);
        if path.is_file() {
            Ok(path)
        } else {
            Err(format!(
                "{}: missing (see the README for the twilio commands that write it)",
                path.display()
            ))
        }
    };
    let execution = one(&need("execution.json")?)?;
    let steps = items(read(&need("steps.json")?)?, "steps");
    let mut contexts = Vec::new();
    let joined = dir.join("step-contexts.json");
    if joined.is_file() {
        contexts.extend(items(read(&joined)?, "contexts"));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read the directory: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("FT") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    for file in files {
        contexts.push(one(&file)?);
    }
    let mut step_contexts = std::collections::HashMap::new();
    for c in contexts {
        let sid = shape::text(&c, "step_sid").to_string();
        if sid.is_empty() {
            return Err(format!(
                "{}: a step context without its step_sid",
                dir.display()
            ));
        }
        step_contexts.insert(sid, c);
    }
    let context_file = dir.join("context.json");
    let context = if context_file.is_file() {
        Some(one(&context_file)?)
    } else {
        None
    };
    let flow_file = match flow {
        Some(f) => f.to_path_buf(),
        None => need("flow.json")?,
    };
    // Subflows, each saved as its Flow resource in `FW….json`.
    let mut subflows = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read the directory: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("FW") && n.ends_with(".json"))
        })
        .collect();
    names.sort();
    for file in names {
        subflows.push(one(&file)?);
    }
    Ok(Recorded {
        execution,
        context,
        steps: shape::in_chain(steps)
            .map_err(|e| format!("{}: {e}", dir.join("steps.json").display()))?,
        step_contexts,
        flow: one(&flow_file)?,
        subflows,
    })
}
