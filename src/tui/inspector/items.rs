//! What the inspector lets a user select, open (`o`) and copy (`y`, `Y`, `C`): the request
//! fields (or properties) of the widget, then what its step did: the request sent, the response
//! body, the values it set.

use serde_json::Value;

use crate::engine::http::RequestRecord;
use crate::flow::fields::{self, Field};
use crate::flow::WidgetKind;
use crate::liquid::path;
use crate::mask;
use crate::tui::model::Model;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A request field of an HTTP widget (its index in [`fields::fields`]).
    Field(Field),
    /// A property of another widget.
    Property(String),
    Request,
    Response,
    /// A value a Set Variables step wrote.
    Variable(String),
}

/// A value the inspector can open or copy.
pub struct Opened {
    pub title: String,
    /// The Liquid path of the value, where it has one (a field does not).
    pub path: String,
    pub value: Value,
}

/// The selectable items of the inspected widget, in the order the inspector shows them.
pub fn items(model: &Model) -> Vec<Item> {
    let Some(widget) = model.inspected() else {
        return Vec::new();
    };
    let mut out: Vec<Item> = if fields::is_editable(widget) {
        fields::fields(widget)
            .into_iter()
            .map(Item::Field)
            .collect()
    } else {
        widget
            .properties
            .iter()
            .filter(|(k, v)| *k != "offset" && !v.is_null())
            .map(|(k, _)| Item::Property(k.clone()))
            .collect()
    };
    if let Some(step) = model.inspected_step() {
        if let Some(http) = &step.http {
            if http.request.is_some() {
                out.push(Item::Request);
            }
            if http.response.is_some() {
                out.push(Item::Response);
            }
        }
        out.extend(step.variables.keys().cloned().map(Item::Variable));
    }
    out
}

/// The item under the inspector's cursor.
pub fn selected(model: &Model) -> Option<Item> {
    items(model).into_iter().nth(model.inspector_cursor)
}

/// The value of an item, as the viewer and the clipboard take it.
pub fn open(model: &Model, item: &Item) -> Option<Opened> {
    let widget = model.inspected()?;
    let render = |template: &str| -> String {
        match model
            .execution
            .liquid()
            .render_view(template, model.render_context())
        {
            Ok(text) => mask::url(&text),
            Err(e) => format!("Liquid error: {}", e.message),
        }
    };
    let step = model.inspected_step();
    let opened = match item {
        Item::Field(field) => {
            let raw = fields::text(widget, *field);
            let text = if field.is_liquid() {
                render(&raw)
            } else {
                mask::url(&raw)
            };
            Opened {
                title: format!("{} · {} (rendered)", widget.name, field.label()),
                path: String::new(),
                value: Value::String(text),
            }
        }
        Item::Property(key) => {
            let value = match widget.properties.get(key)? {
                Value::String(s) => Value::String(render(s)),
                other => mask::json(other),
            };
            Opened {
                title: format!("{} · {key}", widget.name),
                path: String::new(),
                value,
            }
        }
        Item::Request => {
            let request = step?.http.as_ref()?.request.as_ref()?;
            Opened {
                title: format!("{} · request sent (step {})", widget.name, step?.step),
                path: String::new(),
                value: serde_json::to_value(request).ok()?,
            }
        }
        Item::Response => {
            let response = step?.http.as_ref()?.response.as_ref()?;
            let widgets = path::member("widgets", &widget.name);
            // A JSON body is what `parsed` holds, so its paths start there.
            let parses = serde_json::from_str::<Value>(&response.body)
                .is_ok_and(|v| v.is_object() || v.is_array());
            let path = if parses {
                path::member(&widgets, "parsed")
            } else {
                path::member(&widgets, "body")
            };
            Opened {
                title: format!("{path} (step {}, HTTP {})", step?.step, response.status),
                path,
                value: Value::String(response.body.clone()),
            }
        }
        Item::Variable(key) => Opened {
            title: format!("set at step {}", step?.step),
            path: path::member("flow.variables", key),
            value: step?.variables.get(key)?.clone(),
        },
    };
    Some(opened)
}

/// The request the inspected widget's step sent, as recorded (secrets masked).
pub fn sent_request(model: &Model) -> Option<&RequestRecord> {
    model.inspected_step()?.http.as_ref()?.request.as_ref()
}

/// One line on what runs next, while the inspector shows the step that just ran (after `s`):
/// `next: check_count (split-based-on): noMatch → set_count if nothing changes`. A widget the
/// user selected has none: it would read as that widget's next.
pub fn next_preview(model: &Model) -> Option<String> {
    if model.viewed_step().is_some() || model.execution.status() != &crate::engine::Status::Ready {
        return None;
    }
    let next = model.execution.current_widget_ref()?;
    let inspected = model.inspected()?;
    let just_ran = model
        .execution
        .steps()
        .last()
        .is_some_and(|s| s.transitioned_from == inspected.name);
    if inspected.name == next.name || !just_ran {
        return None;
    }
    let mut line = format!("next: {} ({})", next.name, next.kind);
    if next.kind == WidgetKind::SplitBasedOn {
        let context = model.execution.context();
        let render = |t: &str| {
            model
                .execution
                .liquid()
                .render_view(t, context)
                .unwrap_or_default()
        };
        let input = render(&next.text("input"));
        let taken = next.transitions.iter().find(|t| {
            t.event == "match"
                && !t.conditions.is_empty()
                && t.conditions.iter().all(|c| {
                    crate::engine::conditions::holds(&c.kind, &input, &render(&c.value))
                        .unwrap_or(false)
                })
        });
        let (event, to) = match taken {
            Some(t) => ("match", t.next.as_deref()),
            None => (
                "noMatch",
                next.transition("noMatch").and_then(|t| t.next.as_deref()),
            ),
        };
        line.push_str(&format!(
            ": {event} → {} if nothing changes",
            to.unwrap_or("(end)")
        ));
    }
    Some(line)
}
