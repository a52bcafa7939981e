//! Writing a run as a scenario that replays it exactly: the inputs and events it consumed, and
//! every HTTP response it got as a mock.

use std::path::{Component, Path, PathBuf};

use serde_json::{json, Map, Value};

use super::{Expect, Scenario};
use crate::engine::script::Mock;
use crate::engine::Execution;

/// `target` relative to the directory `base` (for the scenario's `flow`).
fn relative(target: &Path, base: &Path) -> String {
    let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    let base = std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf());
    let t: Vec<Component<'_>> = target.components().collect();
    let b: Vec<Component<'_>> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    out.to_string_lossy().replace('\\', "/")
}

fn push(map: &mut Map<String, Value>, key: &str, value: Value) {
    match map.entry(key.to_string()).or_insert_with(|| json!([])) {
        Value::Array(items) => items.push(value),
        other => *other = json!([value]),
    }
}

/// The scenario that replays `execution`, for a file at `scenario_path`.
pub fn record(
    execution: &Execution,
    flow_path: &Path,
    scenario_path: &Path,
    set: Map<String, Value>,
    subflow_paths: &[(String, PathBuf)],
) -> Scenario {
    let dir = scenario_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut inputs = Map::new();
    for (widget, input) in &execution.script().consumed_inputs {
        push(
            &mut inputs,
            widget,
            serde_json::to_value(input).unwrap_or_default(),
        );
    }
    let mut events = Map::new();
    for (widget, event) in &execution.script().consumed_events {
        push(&mut events, widget, json!(event));
    }
    let mut outputs = Map::new();
    for (widget, given) in &execution.script().consumed_outputs {
        push(&mut outputs, widget, given.clone());
    }
    let mut mocks = Map::new();
    for step in execution.steps() {
        let Some(http) = step.http.as_ref().filter(|h| h.request.is_some()) else {
            continue;
        };
        let mock = match &http.response {
            Some(r) => Mock {
                status: Some(r.status),
                content_type: r.content_type.clone(),
                body: Some(Value::String(r.body.clone())),
                error: None,
            },
            None => Mock {
                status: None,
                content_type: String::new(),
                body: None,
                error: http.error.clone(),
            },
        };
        push(
            &mut mocks,
            &step.transitioned_from,
            serde_json::to_value(mock).unwrap_or_default(),
        );
    }
    let variables = execution
        .context()
        .get("flow.variables")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    Scenario {
        description: format!("recorded by sfdb run --record from {}", flow_path.display()),
        flow: relative(flow_path, dir),
        trigger: Some(execution.options().trigger_event.clone()),
        set,
        inputs,
        events,
        mocks,
        outputs,
        // The Functions' answers are recorded as mocks: the replay needs no runtime.
        functions: None,
        functions_domain: None,
        function_paths: Map::new(),
        strict_liquid: execution.options().strict_liquid,
        subflows: subflow_paths
            .iter()
            .map(|(sid, path)| (sid.clone(), Value::String(relative(path, dir))))
            .collect(),
        max_steps: (execution.options().max_steps != crate::engine::execution::MAX_STEPS)
            .then_some(execution.options().max_steps),
        timezone: {
            let zone = execution.liquid().clock().zone;
            (zone != crate::liquid::clock::Clock::default().zone).then(|| zone.name().to_string())
        },
        now: execution.liquid().clock().fixed.map(|t| t.to_rfc3339()),
        expect: Some(Expect {
            status: Some(execution.status().name().to_string()),
            path: Some(
                execution
                    .steps()
                    .iter()
                    .map(|s| s.transitioned_from.clone())
                    .collect(),
            ),
            variables,
            values: Map::new(),
        }),
    }
}
