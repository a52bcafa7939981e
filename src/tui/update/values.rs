//! Taking values out: `o` opens the selected value whole, `y` copies it, `Y` copies its Liquid
//! path, `C` copies an HTTP step's request as `curl`, `|` hands it to `$PAGER`.

use serde_json::{json, Value};

use super::*;
use crate::liquid::path;
use crate::tui::clipboard;
use crate::tui::inspector::items as inspect;
use crate::tui::variables::tree;

/// The selected value of the focused pane: a title, its Liquid path (may be empty), the value.
fn selected_value(model: &Model) -> Option<(String, String, Value)> {
    match model.focus {
        Pane::Graph => {
            let w = model.inspected()?;
            let transitions: Vec<Value> = w
                .transitions
                .iter()
                .map(|t| {
                    let mut o = json!({"event": t.event, "next": t.next});
                    if !t.conditions.is_empty() {
                        o["conditions"] = t
                            .conditions
                            .iter()
                            .map(|c| {
                                json!({"friendly_name": c.friendly_name, "arguments": c.arguments,
                                       "type": c.kind, "value": c.value})
                            })
                            .collect();
                    }
                    o
                })
                .collect();
            let definition = json!({"name": w.name, "type": w.kind, "transitions": transitions,
                                    "properties": crate::mask::json(&Value::Object(w.properties.clone()))});
            Some((
                format!("{} (definition)", w.name),
                String::new(),
                definition,
            ))
        }
        Pane::Variables => {
            let rows = model.variable_rows();
            let row = rows.get(model.variables_cursor)?;
            if let Some(i) = row.path.strip_prefix(tree::WATCH) {
                let expression = model.watches.get(i.parse::<usize>().ok()?)?;
                let value = match model.evaluate(expression) {
                    Ok(text) => Value::String(text),
                    Err(e) => Value::String(format!("error: {e}")),
                };
                return Some((format!("= {expression}"), String::new(), value));
            }
            let context = crate::mask::json(&model.shown_context().to_value());
            let value = path::lookup(&context, &row.path)?.clone();
            Some((row.path.clone(), body_root(&context, &row.path), value))
        }
        Pane::Inspector => {
            let item = inspect::selected(model)?;
            let opened = inspect::open(model, &item)?;
            Some((opened.title, opened.path, opened.value))
        }
        Pane::Timeline => {
            let steps = model.execution.steps();
            let index = model.timeline_cursor.unwrap_or(steps.len().checked_sub(1)?);
            let step = steps.get(index)?;
            let title = format!(
                "step {}: {} --{}--> {}",
                step.step, step.transitioned_from, step.name, step.transitioned_to
            );
            Some((title, String::new(), serde_json::to_value(step).ok()?))
        }
        Pane::Transcript => {
            let lines = crate::tui::transcript::lines(model);
            let index = model
                .transcript_cursor
                .unwrap_or(lines.len().checked_sub(1)?);
            let (step, line) = lines.get(index)?;
            let title = format!("step {} · {}", step.step, line.direction);
            Some((title, String::new(), Value::String(line.text.clone())))
        }
    }
}

/// The root of paths inside a value: a response `body` that Studio parsed is read through
/// `parsed` (`widgets.x.parsed.items[0]`), not through the text.
fn body_root(context: &Value, row_path: &str) -> String {
    if let Some(widget) = row_path.strip_suffix(".body") {
        let parsed = path::member(widget, "parsed");
        if row_path.starts_with("widgets") && path::lookup(context, &parsed).is_some() {
            return parsed;
        }
    }
    row_path.to_string()
}

pub(super) fn open_selected(model: &mut Model) {
    match selected_value(model) {
        Some((title, root, value)) => open_viewer(model, title, root, &value),
        None => model.message = Some("nothing selected to open".into()),
    }
}

/// The text a value is copied as: text as it is, anything else as pretty JSON.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

pub(super) fn copy_selected(model: &mut Model) -> Vec<Cmd> {
    match selected_value(model) {
        Some((title, root, value)) => {
            let what = if root.is_empty() { title } else { root };
            copy(model, &what, as_text(&value))
        }
        None => {
            model.message = Some("nothing selected to copy".into());
            Vec::new()
        }
    }
}

pub(super) fn copy_path(model: &mut Model) -> Vec<Cmd> {
    let path = match model.focus {
        // A widget's path is where its outputs are.
        Pane::Graph => model.inspected().map(|w| path::member("widgets", &w.name)),
        Pane::Variables => {
            let rows = model.variable_rows();
            rows.get(model.variables_cursor).and_then(|row| {
                match row.path.strip_prefix(tree::WATCH) {
                    Some(i) => model.watches.get(i.parse::<usize>().ok()?).cloned(),
                    None => Some(row.path.clone()),
                }
            })
        }
        _ => selected_value(model).map(|(_, root, _)| root),
    };
    match path.filter(|p| !p.is_empty()) {
        Some(path) => copy(model, &format!("the path {path}"), path),
        None => {
            model.message = Some("the selection has no Liquid path".into());
            Vec::new()
        }
    }
}

/// `C`: the request of the inspected HTTP step as a `curl` command line. Secrets stay masked
/// unless `SFDB_COPY_SECRETS=1`, for which the request is prepared again with its credentials.
pub(super) fn copy_curl(model: &mut Model, secrets: bool) -> Vec<Cmd> {
    let Some(record) = inspect::sent_request(model).cloned() else {
        model.message = Some("select an HTTP widget that has sent a request".into());
        return Vec::new();
    };
    let real = secrets
        .then(|| model.inspected_step().map(|s| s.step))
        .flatten()
        .and_then(|step| model.execution.request_of(step));
    let command = match real {
        Some(request) => {
            let mut unmasked = request.record();
            unmasked.url = request.url.clone();
            unmasked.headers = request.headers();
            clipboard::curl(&unmasked)
        }
        None => clipboard::curl(&record),
    };
    copy(model, "the request as curl", command)
}

pub(super) fn page_selected(model: &mut Model) -> Vec<Cmd> {
    match selected_value(model) {
        Some((_, _, value)) => vec![Cmd::Pager(as_text(&value))],
        None => Vec::new(),
    }
}

pub(super) fn copy(model: &mut Model, what: &str, text: String) -> Vec<Cmd> {
    model.message = Some(format!("copied {what}, {} bytes", thousands(text.len())));
    vec![Cmd::Copy(text)]
}

/// `1204` as `1,204`.
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
