//! Scenarios: a run described as a file (the flow, the trigger, values to set, replies and
//! inputs, forced events, HTTP mocks, and what to expect), so flows can be tested offline.
//!
//! It builds a `session::Start` from the file and imports `session`, `engine` and `flow`;
//! never `cli` or `tui`.

pub mod coverage;
mod expect;
pub mod explore;
mod prepare;
mod record;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::engine::execution::MAX_STEPS;
use crate::engine::script::{Input, Mock, Script};
use crate::engine::widgets::catalog;
use crate::engine::Execution;
use crate::flow::Document;
use crate::session::{self, Start};

pub use expect::{check, Expect, Mismatch};
pub use prepare::{prepare, Prepared};
pub use record::record;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The flow file, relative to the scenario file.
    pub flow: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// Values set in the context before the start, by path.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub set: Map<String, Value>,
    /// Replies and inputs per widget, in order.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub inputs: Map<String, Value>,
    /// Events forced per widget, in order.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub events: Map<String, Value>,
    /// HTTP responses per widget, in order; the last one repeats.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub mocks: Map<String, Value>,
    /// Outputs merged over what a widget writes, per widget in order; the last one repeats.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub outputs: Map<String, Value>,
    /// Flow files that run-subflow widgets run, by flow SID (relative to the scenario).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub subflows: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_steps: Option<usize>,
    /// The time zone Liquid dates are shown in (default America/Los_Angeles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// "now" for the whole run (RFC 3339), for flows that look at the clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// Stop at the first template error instead of recording Studio's warning 81018.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict_liquid: bool,
    /// Local Functions for Run Function widgets: a Serverless project (relative to the
    /// scenario) or the URL of a runtime already running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions: Option<String>,
    /// A host that stands for the Functions domain besides `*.twil.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions_domain: Option<String>,
    /// The path in the `functions` project of each Function a widget names only by SID.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub function_paths: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

/// The local Functions a scenario runs with: a project (or a runtime's URL), the Functions
/// domain, and `SID=/path` for each Function named only by SID.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WantedFunctions {
    pub target: String,
    pub domain: Option<String>,
    pub by_sid: Vec<String>,
}

impl Scenario {
    /// The scenario's `functions`, a directory taken relative to the scenario file at `path`.
    pub fn functions_at(&self, path: &std::path::Path) -> Option<WantedFunctions> {
        let target = self.functions.as_ref()?;
        let target = if target.starts_with("http://") || target.starts_with("https://") {
            target.clone()
        } else {
            let base = path.parent().unwrap_or(std::path::Path::new("."));
            base.join(target).display().to_string()
        };
        Some(WantedFunctions {
            target,
            domain: self.functions_domain.clone(),
            by_sid: self
                .function_paths
                .iter()
                .map(|(sid, path)| format!("{sid}={}", path.as_str().unwrap_or_default()))
                .collect(),
        })
    }
}

/// A scenario ready to run: its flow loaded and its script built.
pub struct Loaded {
    pub path: PathBuf,
    pub scenario: Scenario,
    pub document: Document,
    pub start: Start,
    pub script: Script,
}

impl Loaded {
    /// A fresh execution of the scenario.
    pub fn execution(&self) -> Result<Execution, String> {
        let mut execution =
            session::execution_with(&self.document, &self.start, &self.scenario.set)
                .map_err(|e| format!("{}: {e}", self.path.display()))?;
        execution.set_script(self.script.clone());
        session::apply_outputs(&mut execution, &self.start)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        Ok(execution)
    }
}

fn list<T: for<'de> Deserialize<'de>>(
    file: &str,
    what: &str,
    widget: &str,
    value: &Value,
) -> Result<Vec<T>, String> {
    let items = match value {
        Value::Array(items) => items.clone(),
        one => vec![one.clone()],
    };
    items
        .into_iter()
        .map(|item| {
            serde_json::from_value(item.clone())
                .map_err(|e| format!("{file}: {what}.{widget}: {item} is not valid: {e}"))
        })
        .collect()
}

pub fn load(path: &Path) -> Result<Loaded, String> {
    let file = path.display().to_string();
    let text = crate::flow::read::text(path).map_err(|e| format!("{file}: {e}"))?;
    let scenario: Scenario =
        serde_json::from_str(&text).map_err(|e| format!("{file}: not a scenario: {e}"))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let flow_path = dir.join(&scenario.flow);
    let document = Document::load(&flow_path).map_err(|e| e.to_string())?;

    let mut subflow = Vec::new();
    let mut subflow_docs = Vec::new();
    for (sid, value) in &scenario.subflows {
        let sub_path = value
            .as_str()
            .map(|f| dir.join(f))
            .ok_or_else(|| format!("{file}: subflows.{sid}: give the flow file as text"))?;
        subflow_docs.push(Document::load(&sub_path).map_err(|e| e.to_string())?);
        subflow.push(format!("{sid}={}", sub_path.display()));
    }
    let mut script = Script::default();
    // Inputs, events and mocks may name widgets of the flow or of its subflows.
    let widget = |name: &str, what: &str| {
        std::iter::once(&document)
            .chain(&subflow_docs)
            .find_map(|d| d.flow.widget(name))
            .ok_or_else(|| {
                let names = std::iter::once(&document)
                    .chain(&subflow_docs)
                    .flat_map(|d| d.flow.widgets.iter().map(|w| w.name.as_str()));
                format!(
                    "{file}: {what}: the flow has no widget {name}{}",
                    crate::words::did_you_mean(name, names)
                )
            })
    };
    for (name, value) in &scenario.inputs {
        let w = widget(name, "inputs")?;
        if catalog::spec(&w.kind).and_then(|s| s.need).is_none() {
            return Err(format!(
                "{file}: inputs: widget {name} ({}) takes no input",
                w.kind
            ));
        }
        for input in list::<Input>(&file, "inputs", name, value)? {
            script.push_input(name, input);
        }
    }
    for (name, value) in &scenario.events {
        let w = widget(name, "events")?;
        let known = catalog::events(w);
        if catalog::spec(&w.kind).is_none() {
            return Err(format!(
                "{file}: events: widget {name} ({}) takes no chosen events",
                w.kind
            ));
        }
        for event in list::<String>(&file, "events", name, value)? {
            if !known.contains(&event) {
                return Err(format!(
                    "{file}: events: widget {name} ({}) has no event {event}{} (it has: {})",
                    w.kind,
                    crate::words::did_you_mean(&event, known.iter().map(String::as_str)),
                    known.join(", ")
                ));
            }
            script.push_event(name, &event);
        }
    }
    for (name, value) in &scenario.mocks {
        let w = widget(name, "mocks")?;
        if !w.kind.sends_http() {
            return Err(format!(
                "{file}: mocks: widget {name} ({}) makes no request",
                w.kind
            ));
        }
        script.set_mocks(name, list::<Mock>(&file, "mocks", name, value)?);
    }
    for (name, value) in &scenario.outputs {
        widget(name, "outputs")?;
        let outputs = list::<Value>(&file, "outputs", name, value)?;
        if let Some(bad) = outputs.iter().find(|o| !o.is_object()) {
            return Err(format!(
                "{file}: outputs.{name}: {bad} is not an object of outputs"
            ));
        }
        script.set_outputs(name, outputs);
    }
    let start = Start {
        flow: Some(flow_path),
        scenario: None,
        subflow,
        trigger: scenario.trigger.clone(),
        set: Vec::new(),
        set_json: Vec::new(),
        max_steps: scenario.max_steps.unwrap_or(MAX_STEPS),
        timezone: scenario.timezone.clone(),
        now: scenario.now.clone(),
        outputs: Vec::new(),
        strict_liquid: scenario.strict_liquid,
        answers: Vec::new(),
    };
    Ok(Loaded {
        path: path.to_path_buf(),
        scenario,
        document,
        start,
        script,
    })
}
