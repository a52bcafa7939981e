//! The `expect` block of a scenario and how a run is checked against it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::engine::Execution;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `ended`, `stopped`, `waiting` or `unsupported`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The widgets the run went through, in order (the `transitioned_from` of each step; a
    /// subflow's steps may be listed inline, before their run-subflow step, as Studio does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
    /// Values of `flow.variables` at the end.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub variables: Map<String, Value>,
    /// Values at context paths at the end (`widgets.call.parsed.items[0].id`).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub values: Map<String, Value>,
}

/// One way the run differed from what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub what: String,
    pub expected: String,
    pub actual: String,
    /// The step where the difference shows, when there is one.
    pub step: Option<usize>,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(step) = self.step {
            write!(f, "step {step}: ")?;
        }
        write!(
            f,
            "{}: expected {}, got {}",
            self.what, self.expected, self.actual
        )
    }
}

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "nothing".to_string(), Value::to_string)
}

/// Where the value at a path was last written: the step of the widget it belongs to, or of
/// the last Set Variables that set the variable.
fn step_of(execution: &Execution, path: &str) -> Option<usize> {
    let steps = execution.steps();
    if let Some(var) = path.strip_prefix("flow.variables.") {
        let key = var.split(['.', '[']).next().unwrap_or(var);
        return steps
            .iter()
            .rev()
            .find(|s| s.variables.contains_key(key))
            .map(|s| s.step);
    }
    if let Some(rest) = path.strip_prefix("widgets.") {
        let widget = rest.split(['.', '[']).next().unwrap_or(rest);
        return steps
            .iter()
            .rev()
            .find(|s| s.transitioned_from == widget)
            .map(|s| s.step);
    }
    None
}

pub fn check(expect: &Expect, execution: &Execution) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let steps = execution.steps();
    if let Some(status) = &expect.status {
        let actual = execution.status().name();
        if status != actual {
            out.push(Mismatch {
                what: "status".into(),
                expected: status.clone(),
                actual: format!("{actual} ({})", execution.status().reason()),
                step: Some(steps.len()),
            });
        }
    }
    if let Some(path) = &expect.path {
        let parent: Vec<&str> = steps.iter().map(|s| s.transitioned_from.as_str()).collect();
        // Studio lists a subflow's steps inline, before the run-subflow step they belong to;
        // a path written that way (an imported execution's) is compared that way.
        let mut inline = Vec::new();
        for s in steps {
            inline.extend(s.subflow.iter().map(|i| i.transitioned_from.as_str()));
            inline.push(s.transitioned_from.as_str());
        }
        let actual = if inline.len() != parent.len() && path.len() == inline.len() {
            inline
        } else {
            parent
        };
        let differs = path.iter().zip(&actual).position(|(e, a)| e != a);
        let at = differs.or((path.len() != actual.len()).then(|| path.len().min(actual.len())));
        if let Some(i) = at {
            out.push(Mismatch {
                what: "path".into(),
                expected: path
                    .get(i)
                    .map_or("the end".into(), |w| format!("widget {w}")),
                actual: actual
                    .get(i)
                    .map_or("the end".into(), |w| format!("widget {w}")),
                step: Some(i + 1),
            });
        }
    }
    let context = execution.context();
    let mut values: Vec<(String, &Value)> = expect
        .variables
        .iter()
        .map(|(k, v)| (format!("flow.variables.{k}"), v))
        .collect();
    values.extend(expect.values.iter().map(|(k, v)| (k.clone(), v)));
    for (path, expected) in values {
        let actual = context.get(&path);
        if actual != Some(expected) {
            out.push(Mismatch {
                what: path.clone(),
                expected: expected.to_string(),
                actual: shown(actual),
                step: step_of(execution, &path),
            });
        }
    }
    out
}
