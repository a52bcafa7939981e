//! Starting from either a scenario file or a flow file, as the command line and the debugger
//! both do.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::engine::Execution;
use crate::flow::Document;
use crate::session::{self, Start};

/// What a run starts from: the execution, its flow file, and the values set (for recording).
pub struct Prepared {
    pub execution: Execution,
    pub document: Document,
    pub flow_path: PathBuf,
    pub set: Map<String, Value>,
    /// `SID=FILE` for each subflow the run can call.
    pub subflows: Vec<String>,
    /// A scenario's local Functions.
    pub functions: Option<super::WantedFunctions>,
}

/// Loads the flow or the scenario the start options name and builds the execution.
pub fn prepare(start: &Start) -> Result<Prepared, String> {
    if let Some(path) = &start.scenario {
        let mut loaded = super::load(path)?;
        // A clock given beside the scenario wins over its own.
        if start.timezone.is_some() {
            loaded.start.timezone = start.timezone.clone();
        }
        if start.now.is_some() {
            loaded.start.now = start.now.clone();
        }
        loaded.start.outputs.extend(start.outputs.iter().cloned());
        loaded.start.strict_liquid |= start.strict_liquid;
        let mut execution = loaded.execution()?;
        // Options given beside the scenario apply on top of it.
        if !start.set.is_empty() || !start.set_json.is_empty() {
            let mut merged = loaded.scenario.set.clone();
            merged.extend(start.values());
            execution = session::execution_with(&loaded.document, &loaded.start, &merged)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            execution.set_script(loaded.script.clone());
        }
        session::answers::apply(&mut execution, &start.answers)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut set = loaded.scenario.set.clone();
        set.extend(start.values());
        let flow_path = loaded.start.flow.clone().unwrap_or_default();
        let subflows = loaded.start.subflow.clone();
        let functions = loaded.scenario.functions_at(&loaded.path);
        return Ok(Prepared {
            execution,
            document: loaded.document,
            flow_path,
            set,
            subflows,
            functions,
        });
    }
    let Some(path) = &start.flow else {
        return Err("give the flow file to run (or --scenario FILE)".into());
    };
    let document = Document::load(path).map_err(|e| e.to_string())?;
    let mut execution =
        session::execution(&document, start).map_err(|e| format!("{}: {e}", document.name))?;
    session::answers::apply(&mut execution, &start.answers)
        .map_err(|e| format!("{}: {e}", document.name))?;
    Ok(Prepared {
        execution,
        document,
        flow_path: path.clone(),
        set: start.values(),
        subflows: start.subflow.clone(),
        functions: None,
    })
}
