//! The request fields of an HTTP widget that a user may edit (the debugger's inspector does),
//! what each holds, and how a new text is written back into the widget's properties.

use serde_json::{json, Value};

use super::{Method, Widget};
use crate::flow::WidgetKind;

/// A method is chosen, never typed.
const METHODS: [&str; 2] = [Method::Get.as_str(), Method::Post.as_str()];

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
            Field::Method => &METHODS,
            Field::ContentType => &[
                "application/x-www-form-urlencoded;charset=utf-8",
                "application/json;charset=utf-8",
            ],
            _ => &[],
        }
    }

    /// Which half of a parameter the field is (`key` or `value`).
    fn part(self) -> &'static str {
        match self {
            Field::ParamKey(_) => "key",
            _ => "value",
        }
    }

    pub fn is_liquid(self) -> bool {
        matches!(self, Field::Url | Field::Body | Field::ParamValue(_))
    }

    /// `text` as the field keeps it (a method in capitals, a URL trimmed), or why it cannot.
    pub fn written(self, text: &str) -> Result<String, String> {
        match self {
            Field::Method => Method::parse(text)
                .map(|m| m.as_str().to_string())
                .ok_or_else(|| "Studio sends GET or POST".to_string()),
            Field::Url | Field::ContentType | Field::ParamKey(_) => Ok(text.trim().to_string()),
            Field::Body | Field::ParamValue(_) => Ok(text.to_string()),
        }
    }
}

pub fn is_editable(widget: &Widget) -> bool {
    widget.kind.sends_http()
}

/// The editable fields of a widget, in the order the inspector lists them.
pub fn fields(widget: &Widget) -> Vec<Field> {
    let mut out = match &widget.kind {
        WidgetKind::MakeHttpRequest => {
            vec![Field::Method, Field::Url, Field::ContentType, Field::Body]
        }
        WidgetKind::RunFunction | WidgetKind::RunFunctionV2 => vec![Field::Url],
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
            match parameters(widget).get(i).and_then(|p| p.get(field.part())) {
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
            let mut params = parameters(widget);
            if let Some(Value::Object(p)) = params.get_mut(i) {
                p.insert(field.part().to_string(), Value::String(text.to_string()));
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
