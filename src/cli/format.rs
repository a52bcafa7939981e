//! How `sfdb run` prints steps and the outcome: readable text or JSON lines.

use serde_json::{json, Map, Value};

use crate::engine::{Execution, Status, Step};
use crate::liquid::render_json;

/// One step as text: the transition, then indented details.
pub fn step_text(step: &Step) -> String {
    let mut out = format!(
        "#{:<3} {} ({}) --{}--> {}",
        step.step, step.transitioned_from, step.kind, step.name, step.transitioned_to
    );
    let mut detail = |line: String| {
        out.push_str("\n      ");
        out.push_str(&line);
    };
    for (k, v) in &step.variables {
        detail(format!("flow.variables.{k} = {}", quoted(v)));
    }
    for c in &step.conditions {
        detail(format!(
            "{} `{}` {} `{}`: {}{}",
            if c.held { "holds" } else { "fails" },
            c.input.trim(),
            c.kind,
            c.value.trim(),
            c.friendly_name,
            c.note
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ));
    }
    if let Some(http) = &step.http {
        let request = http.request.as_ref().map_or_else(
            || "no request made".to_string(),
            |r| format!("{} {}", r.method, r.url),
        );
        let answer = match (&http.response, &http.error) {
            (Some(r), _) => format!(
                "HTTP {}{}",
                r.status,
                if r.content_type.is_empty() {
                    String::new()
                } else {
                    format!(" {}", r.content_type)
                }
            ),
            (None, Some(e)) => e.clone(),
            (None, None) => String::new(),
        };
        let mocked = if http.mocked { ", mocked" } else { "" };
        detail(format!(
            "{request} -> {answer} ({} ms{mocked})",
            http.time_ms
        ));
        if let Some(function) = &http.function {
            detail(format!("sent to {}", function.sent_to));
            for line in &function.function_output {
                detail(format!("  | {line}"));
            }
        }
    }
    for line in &step.transcript {
        let arrow = match line.direction {
            "in" => "<",
            "out" => ">",
            _ => "~",
        };
        detail(format!("{arrow} {}", line.text));
    }
    for inner in &step.subflow {
        detail(format!(
            "subflow #{} {} --{}--> {}",
            inner.step, inner.transitioned_from, inner.name, inner.transitioned_to
        ));
    }
    for note in &step.notes {
        detail(format!("note: {note}"));
    }
    for warning in &step.warnings {
        detail(format!("! {} {}", warning.code, warning.message));
    }
    out
}

fn quoted(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => render_json(other),
    }
}

/// The closing line in text.
pub fn end_text(execution: &Execution) -> String {
    let steps = execution.step_count();
    let status = execution.status();
    match status {
        Status::Ended => format!("ended after {steps} steps"),
        Status::Waiting { widget, .. } => format!(
            "{} after {steps} steps: {}; {}",
            status.name(),
            status.reason(),
            how_to_answer(execution, widget)
        ),
        other => format!("{} after {steps} steps: {}", other.name(), other.reason()),
    }
}

/// The options that answer a waiting widget, for the line that says it waits.
fn how_to_answer(execution: &Execution, name: &str) -> String {
    use crate::engine::widgets::catalog;
    use crate::engine::widgets::Need;
    let widget = execution.flow().widget(name);
    let need = widget
        .and_then(|w| catalog::spec(&w.kind))
        .and_then(|s| s.need);
    let answer = match need {
        Some(Need::Gather) => format!("--digits {name}=DIGITS or --speech {name}=TEXT"),
        _ => format!("--input {name}=TEXT"),
    };
    let other = widget
        .map(catalog::events)
        .unwrap_or_default()
        .into_iter()
        .find(|e| e == "timeout")
        .map(|e| format!(", --event {name}={e}"))
        .unwrap_or_default();
    format!("answer with {answer}{other} (repeat for later visits), or a scenario's \"inputs\"")
}

/// A step line as `sfdb run --format jsonl` prints it: `"kind": "step"`, then the step's fields.
/// A subflow's step says which step of the parent ran it.
#[derive(serde::Serialize)]
struct StepLine<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_step: Option<usize>,
    #[serde(flatten)]
    step: &'a Step,
}

/// Writes one step as JSON lines, serialised straight to `out`: a run-subflow step's subflow
/// steps first, inline as Studio records them, each with its `parent_step`.
pub fn write_step_json(out: &mut dyn std::io::Write, step: &Step) -> std::io::Result<()> {
    for inner in &step.subflow {
        let line = StepLine {
            kind: "step",
            parent_step: Some(step.step),
            step: inner,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    let line = StepLine {
        kind: "step",
        parent_step: None,
        step,
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

/// The closing JSON line: status, reason, step count and the whole context.
pub fn end_json(execution: &Execution) -> Value {
    let status = execution.status();
    let mut obj = Map::new();
    obj.insert("kind".into(), json!("end"));
    obj.insert("status".into(), json!(status.name()));
    obj.insert("reason".into(), json!(status.reason()));
    if let Status::Stopped {
        code: Some(code), ..
    } = status
    {
        obj.insert("code".into(), json!(code));
    }
    obj.insert("steps".into(), json!(execution.step_count()));
    obj.insert(
        "context".into(),
        crate::mask::json(&execution.context_value()),
    );
    Value::Object(obj)
}
