//! Two flows compared by meaning: widgets added and removed, a widget's type, its properties
//! (canvas positions aside unless asked for), its transitions by event, and where the flow
//! starts. Key order and formatting never count.

use serde::Serialize;
use serde_json::Value;

use super::{Flow, Transition, Widget};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    InitialState {
        old: String,
        new: String,
    },
    Added {
        widget: String,
        r#type: String,
    },
    Removed {
        widget: String,
        r#type: String,
    },
    Type {
        widget: String,
        old: String,
        new: String,
    },
    Property {
        widget: String,
        property: String,
        old: Value,
        new: Value,
    },
    Transition {
        widget: String,
        event: String,
        old: Option<Value>,
        new: Option<Value>,
    },
}

pub fn diff(old: &Flow, new: &Flow, positions: bool) -> Vec<Change> {
    let mut out = Vec::new();
    if old.initial_state != new.initial_state {
        out.push(Change::InitialState {
            old: old.initial_state.clone(),
            new: new.initial_state.clone(),
        });
    }
    for w in &old.widgets {
        if new.widget(&w.name).is_none() {
            out.push(Change::Removed {
                widget: w.name.clone(),
                r#type: w.kind.to_string(),
            });
        }
    }
    for w in &new.widgets {
        match old.widget(&w.name) {
            None => out.push(Change::Added {
                widget: w.name.clone(),
                r#type: w.kind.to_string(),
            }),
            Some(before) => widget(before, w, positions, &mut out),
        }
    }
    out
}

fn widget(old: &Widget, new: &Widget, positions: bool, out: &mut Vec<Change>) {
    if old.kind != new.kind {
        out.push(Change::Type {
            widget: new.name.clone(),
            old: old.kind.to_string(),
            new: new.kind.to_string(),
        });
    }
    let mut keys: Vec<&String> = old.properties.keys().collect();
    keys.extend(
        new.properties
            .keys()
            .filter(|k| !old.properties.contains_key(*k)),
    );
    for key in keys {
        if key == "offset" && !positions {
            continue;
        }
        let null = Value::Null;
        let (a, b) = (
            old.properties.get(key).unwrap_or(&null),
            new.properties.get(key).unwrap_or(&null),
        );
        leaves(key.clone(), a, b, &mut |property, a, b| {
            out.push(Change::Property {
                widget: new.name.clone(),
                property,
                old: a.clone(),
                new: b.clone(),
            });
        });
    }
    let mut events: Vec<&str> = old.transitions.iter().map(|t| t.event.as_str()).collect();
    events.extend(
        new.transitions
            .iter()
            .map(|t| t.event.as_str())
            .filter(|e| !old.transitions.iter().any(|t| t.event == *e)),
    );
    events.dedup();
    for event in events {
        let a: Vec<Value> = of(old, event);
        let b: Vec<Value> = of(new, event);
        if a != b {
            out.push(Change::Transition {
                widget: new.name.clone(),
                event: event.to_string(),
                old: one_or_list(a),
                new: one_or_list(b),
            });
        }
    }
}

/// Calls `found` with each differing leaf under `path`: objects by key, lists of the same
/// length by index, anything else whole.
fn leaves(path: String, a: &Value, b: &Value, found: &mut dyn FnMut(String, &Value, &Value)) {
    match (a, b) {
        _ if a == b => {}
        (Value::Object(x), Value::Object(y)) => {
            let null = Value::Null;
            let mut keys: Vec<&String> = x.keys().collect();
            keys.extend(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                let (p, q) = (x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null));
                leaves(format!("{path}.{k}"), p, q, found);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                leaves(format!("{path}[{i}]"), p, q, found);
            }
        }
        _ => found(path, a, b),
    }
}

/// A transition as compared: where it goes and on what conditions.
fn shown(t: &Transition) -> Value {
    let mut v = serde_json::json!({"next": t.next});
    if !t.conditions.is_empty() {
        v["conditions"] = t
            .conditions
            .iter()
            .map(
                |c| serde_json::json!({"type": c.kind, "value": c.value, "arguments": c.arguments}),
            )
            .collect();
    }
    v
}

fn of(w: &Widget, event: &str) -> Vec<Value> {
    w.transitions
        .iter()
        .filter(|t| t.event == event)
        .map(shown)
        .collect()
}

fn one_or_list(mut items: Vec<Value>) -> Option<Value> {
    match items.len() {
        0 => None,
        1 => items.pop(),
        _ => Some(Value::Array(items)),
    }
}

/// A value as text: strings as they are (Liquid keeps its lines), other JSON compact.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "(none)".into(),
        other => other.to_string(),
    }
}

/// The lines of `old` and `new`, each marked ` `, `-` or `+`, as a line diff has them.
pub fn lines(old: &str, new: &str) -> Vec<(char, String)> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| {
            let mark = match change.tag() {
                similar::ChangeTag::Equal => ' ',
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
            };
            let line = change.value();
            let line = line.strip_suffix('\n').unwrap_or(line);
            (mark, line.strip_suffix('\r').unwrap_or(line).to_string())
        })
        .collect()
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::InitialState { old, new } => write!(f, "~ the flow starts at {new}, was {old}"),
            Change::Added { widget, r#type } => write!(f, "+ widget {widget} ({type})"),
            Change::Removed { widget, r#type } => write!(f, "- widget {widget} ({type})"),
            Change::Type { widget, old, new } => write!(f, "~ {widget}: type {old} → {new}"),
            Change::Property {
                widget,
                property,
                old,
                new,
            } => {
                write!(f, "~ {widget}.{property}")?;
                let (old, new) = (text(old), text(new));
                if !old.contains('\n') && !new.contains('\n') {
                    return write!(f, ": {old} → {new}");
                }
                for (mark, line) in lines(&old, &new) {
                    write!(f, "\n    {mark} {line}")?;
                }
                Ok(())
            }
            Change::Transition {
                widget,
                event,
                old,
                new,
            } => {
                let one = |v: &Value| {
                    let mut shown = match v.get("next") {
                        Some(Value::String(s)) => s.clone(),
                        _ => "(end)".into(),
                    };
                    if let Some(Value::Array(conditions)) = v.get("conditions") {
                        let parts: Vec<String> = conditions
                            .iter()
                            .map(|c| format!("{} {}", text(&c["type"]), text(&c["value"])))
                            .collect();
                        shown.push_str(&format!(" [{}]", parts.join(" & ")));
                    }
                    shown
                };
                let show = |v: &Option<Value>| match v {
                    None => "(none)".to_string(),
                    Some(Value::Array(list)) => list.iter().map(one).collect::<Vec<_>>().join(", "),
                    Some(v) => one(v),
                };
                write!(f, "~ {widget} --{event}--> {} → {}", show(old), show(new))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquid_text_is_compared_line_by_line() {
        let marks: Vec<(char, String)> = lines("a\nb\nc", "a\nB\nc");
        let shown: Vec<String> = marks.iter().map(|(m, l)| format!("{m}{l}")).collect();
        assert_eq!(shown, [" a", "-b", "+B", " c"]);
    }
}
