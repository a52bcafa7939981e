//! Turning a definition's JSON into the typed [`Flow`], collecting every problem on the way.

use std::collections::HashSet;

use serde_json::Value;

use super::error::{FlowError, Location, Problem};
use super::model::{Condition, Flow, Transition, Widget};
use super::required::required_properties;

/// Studio refuses flows with more widgets than this (Studio's FAQ: "A Flow is limited to
/// 2,000 Widgets").
pub const MAX_WIDGETS: usize = 2000;

struct Problems<'a> {
    file: &'a str,
    list: Vec<Problem>,
}

impl Problems<'_> {
    fn file(&mut self, message: String) {
        self.list.push(Problem {
            file: self.file.to_string(),
            location: Location::File,
            message,
        });
    }

    fn widget(&mut self, name: &str, kind: &str, message: String) {
        self.list.push(Problem {
            file: self.file.to_string(),
            location: Location::Widget {
                name: name.to_string(),
                kind: kind.to_string(),
            },
            message,
        });
    }
}

/// Builds and validates a flow from a (modern) definition object.
pub fn build(file: &str, def: &Value, flow_sid: Option<String>) -> Result<Flow, FlowError> {
    let mut problems = Problems {
        file,
        list: Vec::new(),
    };
    let Some(obj) = def.as_object() else {
        problems.file("the definition is not a JSON object".into());
        return Err(FlowError {
            problems: problems.list,
        });
    };
    let states = match obj.get("states") {
        Some(Value::Array(states)) => Some(states),
        Some(_) => {
            problems.file("`states` is not an array".into());
            None
        }
        None => {
            problems.file("missing `states`".into());
            None
        }
    };
    let initial_state = match obj.get("initial_state") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(_) => {
            problems.file("`initial_state` is not a widget name".into());
            None
        }
        None => {
            problems.file("missing `initial_state`".into());
            None
        }
    };
    let description = obj
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();

    let mut widgets = Vec::new();
    for (i, state) in states.into_iter().flatten().enumerate() {
        if let Some(w) = widget(&mut problems, i, state) {
            widgets.push(w);
        }
    }
    if widgets.len() > MAX_WIDGETS {
        problems.file(format!(
            "{} widgets; Studio allows at most {MAX_WIDGETS}",
            widgets.len()
        ));
    }

    let mut seen = HashSet::new();
    for w in &widgets {
        if !seen.insert(w.name.as_str()) {
            problems.widget(&w.name, w.kind.as_str(), "duplicate widget name".into());
        }
    }
    // A transition to a widget that does not exist is `sfdb check`'s finding, not a load
    // error: the flow still opens and runs until it takes that transition.
    for w in &widgets {
        for key in required_properties(&w.kind) {
            if !w.properties.contains_key(*key) {
                problems.widget(
                    &w.name,
                    w.kind.as_str(),
                    format!("missing required property `{key}`"),
                );
            }
        }
    }
    if let Some(initial) = &initial_state {
        if states.is_some() && !seen.contains(initial.as_str()) {
            problems.file(format!(
                "`initial_state` names `{initial}`, which does not exist{}",
                crate::words::did_you_mean(initial, widgets.iter().map(|w| w.name.as_str()))
            ));
        }
    }

    match (problems.list.is_empty(), initial_state) {
        (true, Some(initial_state)) => Ok(Flow::new(description, initial_state, widgets, flow_sid)),
        _ => Err(FlowError {
            problems: problems.list,
        }),
    }
}

fn widget(problems: &mut Problems<'_>, index: usize, state: &Value) -> Option<Widget> {
    let position = format!("state {} (counting from 1)", index + 1);
    let Some(obj) = state.as_object() else {
        problems.file(format!("{position} is not a JSON object"));
        return None;
    };
    let Some(name) = obj.get("name").and_then(Value::as_str) else {
        problems.file(format!("{position} has no `name`"));
        return None;
    };
    let Some(kind) = obj.get("type").and_then(Value::as_str) else {
        problems.widget(name, "?", "missing `type`".into());
        return None;
    };
    let properties = match obj.get("properties") {
        Some(Value::Object(p)) => p.clone(),
        None | Some(Value::Null) => Default::default(),
        Some(_) => {
            problems.widget(name, kind, "`properties` is not an object".into());
            return None;
        }
    };
    let mut transitions = Vec::new();
    match obj.get("transitions") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for t in list {
                match transition(t) {
                    Some(t) => transitions.push(t),
                    None => problems.widget(
                        name,
                        kind,
                        "a transition has no `event` (or is not an object)".into(),
                    ),
                }
            }
        }
        Some(_) => problems.widget(name, kind, "`transitions` is not an array".into()),
    }
    Some(Widget {
        name: name.to_string(),
        kind: crate::flow::WidgetKind::parse(kind),
        transitions,
        properties,
    })
}

fn transition(t: &Value) -> Option<Transition> {
    let obj = t.as_object()?;
    let event = obj.get("event")?.as_str()?.to_string();
    let next = match obj.get("next") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    let conditions = obj
        .get("conditions")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(condition).collect())
        .unwrap_or_default();
    Some(Transition {
        event,
        next,
        conditions,
    })
}

fn condition(c: &Value) -> Option<Condition> {
    let obj = c.as_object()?;
    let text = |k: &str| match obj.get(k) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    let arguments = obj
        .get("arguments")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Some(Condition {
        friendly_name: text("friendly_name"),
        kind: text("type"),
        arguments,
        value: text("value"),
    })
}
