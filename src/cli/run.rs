//! `sfdb run`: the engine headless, for scripts and CI.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::engine::client::ReqwestClient;
use crate::engine::driver::run_to_end;
use crate::engine::{Execution, Status};
use crate::flow::{write_atomically, Document};
use crate::scenario;

use super::{exit, format, setup, Format, RunArgs, StartArgs};

/// What a run starts from: the execution, its flow file, and the values set (for recording).
pub struct Prepared {
    pub execution: Execution,
    pub document: Document,
    pub flow_path: PathBuf,
    pub set: Map<String, Value>,
    /// `SID=FILE` for each subflow the run can call.
    pub subflows: Vec<String>,
}

/// The `--set` and `--set-json` values as one ordered map.
fn option_values(start: &StartArgs) -> Map<String, Value> {
    let mut out = Map::new();
    for text in &start.set {
        if let Some((path, value)) = text.split_once('=') {
            out.insert(path.to_string(), Value::String(value.to_string()));
        }
    }
    for text in &start.set_json {
        if let Some((path, json)) = text.split_once('=') {
            if let Ok(value) = serde_json::from_str(json) {
                out.insert(path.to_string(), value);
            }
        }
    }
    out
}

/// Loads the flow or the scenario the start options name and builds the execution.
pub fn prepare(start: &StartArgs) -> Result<Prepared, String> {
    if let Some(path) = &start.scenario {
        let loaded = scenario::load(path)?;
        let mut execution = loaded.execution()?;
        // Options given beside the scenario apply on top of it.
        if !start.set.is_empty() || !start.set_json.is_empty() {
            let mut merged = loaded.scenario.set.clone();
            merged.extend(option_values(start));
            execution = setup::execution_with(&loaded.document, &loaded.start, &merged)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            execution.set_script(loaded.script.clone());
        }
        let mut set = loaded.scenario.set.clone();
        set.extend(option_values(start));
        let flow_path = loaded.start.flow.clone().unwrap_or_default();
        let subflows = loaded.start.subflow.clone();
        return Ok(Prepared {
            execution,
            document: loaded.document,
            flow_path,
            set,
            subflows,
        });
    }
    let Some(path) = &start.flow else {
        return Err("give the flow file to run (or --scenario FILE)".into());
    };
    let document = Document::load(path).map_err(|e| e.to_string())?;
    let execution =
        setup::execution(&document, start).map_err(|e| format!("{}: {e}", document.name))?;
    Ok(Prepared {
        execution,
        document,
        flow_path: path.clone(),
        set: option_values(start),
        subflows: start.subflow.clone(),
    })
}

pub fn run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut prepared = match prepare(&args.start) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let client = ReqwestClient::new();
    let text = args.format == Format::Text;
    let execution = &mut prepared.execution;
    runtime.block_on(run_to_end(execution, &client, |step| {
        let line = if text {
            format::step_text(step)
        } else {
            format::step_json(step).to_string()
        };
        let _ = writeln!(out, "{line}");
    }));
    let end = if text {
        format::end_text(execution)
    } else {
        format::end_json(execution).to_string()
    };
    let _ = writeln!(out, "{end}");
    let _ = out.flush();
    if let Some(record_path) = &args.record {
        let subflows: Vec<(String, PathBuf)> = prepared
            .subflows
            .iter()
            .filter_map(|s| {
                s.split_once('=')
                    .map(|(sid, p)| (sid.to_string(), PathBuf::from(p)))
            })
            .collect();
        let recorded = scenario::record(
            execution,
            &prepared.flow_path,
            record_path,
            prepared.set.clone(),
            &subflows,
        );
        let mut json = serde_json::to_string_pretty(&recorded).unwrap_or_default();
        json.push('\n');
        if let Err(e) = write_atomically(record_path, json.as_bytes()) {
            let _ = writeln!(
                err,
                "{}: cannot write the scenario: {e}",
                record_path.display()
            );
            return exit::BAD_INPUT;
        }
    }
    status_code(execution.status())
}

pub fn status_code(status: &Status) -> u8 {
    match status {
        Status::Ended => exit::ENDED,
        Status::Waiting { .. } => exit::WAITING,
        Status::Unsupported { .. } => exit::UNSUPPORTED,
        Status::Stopped { .. } | Status::Ready | Status::Requesting => exit::STOPPED,
    }
}
