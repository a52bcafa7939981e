//! Lets Liquid read the execution context (serde_json values) in place: no conversion per
//! render, object keys in their inserted order, and whole objects rendered as JSON.

use liquid_core::model::{
    ArrayView, DisplayCow, KStringCow, ObjectView, ScalarCow, State, Value as LValue, ValueView,
};
use ref_cast::RefCast;
use serde_json::Value;

#[derive(Debug, RefCast)]
#[repr(transparent)]
pub struct JsonView(pub Value);

impl JsonView {
    pub fn new(value: &Value) -> &JsonView {
        JsonView::ref_cast(value)
    }
}

/// Text a JSON value renders to in a template: strings bare, objects and arrays as JSON.
pub fn render_json(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => scalar_number(value).render().to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

fn scalar_number(value: &Value) -> ScalarCow<'static> {
    match value.as_i64() {
        Some(i) => ScalarCow::new(i),
        None => ScalarCow::new(value.as_f64().unwrap_or(f64::NAN)),
    }
}

/// The JSON of any Liquid value, keys in the order the value gives them (a filter's result
/// is in the crate's hash order; the context's own objects keep theirs).
pub fn from_liquid(value: &dyn ValueView) -> Value {
    if let Some(object) = value.as_object() {
        return Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.to_string(), from_liquid(v)))
                .collect(),
        );
    }
    if let Some(array) = value.as_array() {
        return Value::Array(array.values().map(from_liquid).collect());
    }
    let Some(scalar) = value.as_scalar() else {
        return Value::Null;
    };
    match scalar.type_name() {
        "boolean" => Value::Bool(scalar.to_bool().unwrap_or_default()),
        "whole number" => scalar.to_integer().map_or(Value::Null, Value::from),
        "fractional number" => scalar
            .to_float()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        _ => Value::String(scalar.to_kstr().to_string()),
    }
}

/// The liquid value of a JSON value, for the places where Liquid needs an owned copy.
pub fn to_liquid(value: &Value) -> LValue {
    match value {
        Value::Null => LValue::Nil,
        Value::Bool(b) => LValue::scalar(*b),
        Value::Number(_) => LValue::Scalar(scalar_number(value).into_owned()),
        Value::String(s) => LValue::scalar(s.clone()),
        Value::Array(items) => LValue::Array(items.iter().map(to_liquid).collect()),
        Value::Object(map) => LValue::Object(
            map.iter()
                .map(|(k, v)| (k.clone().into(), to_liquid(v)))
                .collect(),
        ),
    }
}

impl ValueView for JsonView {
    fn as_debug(&self) -> &dyn std::fmt::Debug {
        self
    }

    fn render(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(render_json(&self.0)))
    }

    fn source(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(self.0.to_string()))
    }

    fn type_name(&self) -> &'static str {
        match self.0 {
            Value::Null => "nil",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    fn query_state(&self, state: State) -> bool {
        let empty = match &self.0 {
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => false,
        };
        let falsy = matches!(self.0, Value::Null | Value::Bool(false));
        match state {
            State::Truthy => !falsy,
            State::DefaultValue => falsy || empty,
            State::Empty => empty,
            State::Blank => {
                falsy || empty || matches!(&self.0, Value::String(s) if s.trim().is_empty())
            }
        }
    }

    fn to_kstr(&self) -> KStringCow<'_> {
        match &self.0 {
            Value::String(s) => KStringCow::from_ref(s),
            other => KStringCow::from_string(render_json(other)),
        }
    }

    fn to_value(&self) -> LValue {
        to_liquid(&self.0)
    }

    fn as_scalar(&self) -> Option<ScalarCow<'_>> {
        match &self.0 {
            Value::Bool(b) => Some(ScalarCow::new(*b)),
            Value::Number(_) => Some(scalar_number(&self.0)),
            Value::String(s) => Some(ScalarCow::new(s.as_str())),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&dyn ArrayView> {
        matches!(self.0, Value::Array(_)).then_some(self as &dyn ArrayView)
    }

    fn as_object(&self) -> Option<&dyn ObjectView> {
        matches!(self.0, Value::Object(_)).then_some(self as &dyn ObjectView)
    }

    fn is_nil(&self) -> bool {
        self.0.is_null()
    }
}

impl ObjectView for JsonView {
    fn as_value(&self) -> &dyn ValueView {
        self
    }

    fn size(&self) -> i64 {
        self.0.as_object().map_or(0, |o| o.len() as i64)
    }

    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        match &self.0 {
            Value::Object(o) => Box::new(o.keys().map(|k| KStringCow::from_ref(k))),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        match &self.0 {
            Value::Object(o) => Box::new(o.values().map(|v| JsonView::new(v) as &dyn ValueView)),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        match &self.0 {
            Value::Object(o) => Box::new(
                o.iter()
                    .map(|(k, v)| (KStringCow::from_ref(k), JsonView::new(v) as &dyn ValueView)),
            ),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn contains_key(&self, index: &str) -> bool {
        self.0.as_object().is_some_and(|o| o.contains_key(index))
    }

    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        self.0
            .as_object()?
            .get(index)
            .map(|v| JsonView::new(v) as &dyn ValueView)
    }
}

impl ArrayView for JsonView {
    fn as_value(&self) -> &dyn ValueView {
        self
    }

    fn size(&self) -> i64 {
        self.0.as_array().map_or(0, |a| a.len() as i64)
    }

    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        match &self.0 {
            Value::Array(a) => Box::new(a.iter().map(|v| JsonView::new(v) as &dyn ValueView)),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn contains_key(&self, index: i64) -> bool {
        ArrayView::get(self, index).is_some()
    }

    fn get(&self, index: i64) -> Option<&dyn ValueView> {
        let items = self.0.as_array()?;
        let index = if index < 0 {
            items.len() as i64 + index
        } else {
            index
        };
        usize::try_from(index)
            .ok()
            .and_then(|i| items.get(i))
            .map(|v| JsonView::new(v) as &dyn ValueView)
    }
}
