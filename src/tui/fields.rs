//! The request fields of an HTTP widget that the inspector lets a user edit.

use serde_json::{json, Value};

use crate::flow::Widget;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Url,
    Method,
    ContentType,
    Body,
    ParamKey(usize),
    ParamValue(usize),
}

impl Field {
    /// The name shown in the inspector and used to mark edits.
    pub fn label(self) -> String {
        match self {
            Field::Url => "url".into(),
            Field::Method => "method".into(),
            Field::ContentType => "content_type".into(),
            Field::Body => "body".into(),
            Field::ParamKey(i) => format!("parameters[{i}].key"),
            Field::ParamValue(i) => format!("parameters[{i}].value"),
        }
    }

    pub fn property(self) -> &'static str {
        match self {
            Field::Url => "url",
            Field::Method => "method",
            Field::ContentType => "content_type",
            Field::Body => "body",
            Field::ParamKey(_) | Field::ParamValue(_) => "parameters",
        }
    }

    /// The values Studio allows, for a field it restricts.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            Field::Method => &["GET", "POST"],
            Field::ContentType => &[
                "application/x-www-form-urlencoded;charset=utf-8",
                "application/json;charset=utf-8",
            ],
            _ => &[],
        }
    }

    pub fn is_liquid(self) -> bool {
        matches!(self, Field::Url | Field::Body | Field::ParamValue(_))
    }
}

pub fn is_editable(widget: &Widget) -> bool {
    matches!(
        widget.kind.as_str(),
        "make-http-request" | "run-function" | "run-function-v2"
    )
}

/// The editable fields of a widget, in the order the inspector lists them.
pub fn fields(widget: &Widget) -> Vec<Field> {
    let mut out = match widget.kind.as_str() {
        "make-http-request" => vec![Field::Method, Field::Url, Field::ContentType, Field::Body],
        "run-function" | "run-function-v2" => vec![Field::Url],
        _ => return Vec::new(),
    };
    for i in 0..parameters(widget).len() {
        out.push(Field::ParamKey(i));
        out.push(Field::ParamValue(i));
    }
    out
}

pub fn parameters(widget: &Widget) -> Vec<Value> {
    match widget.properties.get("parameters") {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// The current text of a field.
pub fn text(widget: &Widget, field: Field) -> String {
    match field {
        Field::ParamKey(i) | Field::ParamValue(i) => {
            let key = if matches!(field, Field::ParamKey(_)) {
                "key"
            } else {
                "value"
            };
            match parameters(widget).get(i).and_then(|p| p.get(key)) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(v) => v.to_string(),
            }
        }
        other => widget.text(other.property()),
    }
}

/// The new value of the field's property after setting the field to `text`.
pub fn with_text(widget: &Widget, field: Field, text: &str) -> Value {
    match field {
        Field::ParamKey(i) | Field::ParamValue(i) => {
            let key = if matches!(field, Field::ParamKey(_)) {
                "key"
            } else {
                "value"
            };
            let mut params = parameters(widget);
            if let Some(Value::Object(p)) = params.get_mut(i) {
                p.insert(key.to_string(), Value::String(text.to_string()));
            }
            Value::Array(params)
        }
        _ => Value::String(text.to_string()),
    }
}

/// The parameters with a new empty one at the end.
pub fn with_added_parameter(widget: &Widget) -> Value {
    let mut params = parameters(widget);
    params.push(json!({"key": "", "value": ""}));
    Value::Array(params)
}

pub fn without_parameter(widget: &Widget, index: usize) -> Value {
    let mut params = parameters(widget);
    if index < params.len() {
        params.remove(index);
    }
    Value::Array(params)
}
