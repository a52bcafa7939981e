//! Array filters Shopify Liquid has and the `liquid` crate lacks: `sum`, `has`, `find`,
//! `find_index`, `reject`; and `default` with `allow_false`.

use liquid_core::model::{State, Value, ValueView, ValueViewCmp};

use super::math::{format_number, Num};
use super::{Args, Simple};

/// The input as a list of items: arrays as they are, a hash or a scalar as one item, nil as none.
fn items(input: &dyn ValueView) -> Vec<Value> {
    if let Some(array) = input.as_array() {
        return array.values().map(|v| v.to_value()).collect();
    }
    if input.is_nil() {
        return Vec::new();
    }
    vec![input.to_value()]
}

fn flatten(values: Vec<Value>, out: &mut Vec<Value>) {
    for v in values {
        match v {
            Value::Array(inner) => flatten(inner, out),
            other => out.push(other),
        }
    }
}

fn sum(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let mut all = Vec::new();
    flatten(items(input), &mut all);
    let property = args.get(0).filter(|p| !p.is_nil()).map(|p| p.to_kstr().into_owned());
    let mut int: i64 = 0;
    let mut float: Option<f64> = None;
    for item in all {
        let value = match &property {
            Some(p) => match item.as_object().and_then(|o| o.get(p.as_str())) {
                Some(v) => v.to_value(),
                None => continue,
            },
            None => item,
        };
        match Num::of(&value) {
            Num::Int(i) => int = int.saturating_add(i),
            Num::Float(f, _) => *float.get_or_insert(0.0) += f,
        }
    }
    Ok(match float {
        Some(f) => Value::scalar(format_number(f + int as f64)),
        None => Value::scalar(int),
    })
}

fn is_text(value: &Value) -> bool {
    value.as_scalar().is_some_and(|s| s.type_name() == "string")
}

fn is_number(value: &Value) -> bool {
    value.as_scalar().is_some_and(|s| matches!(s.type_name(), "whole number" | "fractional number"))
}

/// Whether one item matches `property` (and `value` when one is given and not nil): a hash by
/// its property, a number by equality, a text by containing the text.
fn matches(item: &Value, property: &Value, value: Option<&Value>) -> Result<bool, String> {
    let value = value.filter(|v| !v.is_nil());
    match item {
        Value::Object(obj) => {
            if !is_text(property) {
                return Ok(false);
            }
            Ok(match (obj.get(property.to_kstr().as_str()), value) {
                (Some(v), Some(target)) => ValueViewCmp::new(v) == ValueViewCmp::new(target),
                (Some(v), None) => v.query_state(State::Truthy),
                (None, _) => false,
            })
        }
        _ if is_number(item) => {
            if !is_number(property) {
                return Err("a number can only be matched by a number".into());
            }
            Ok(ValueViewCmp::new(item) == ValueViewCmp::new(property))
        }
        _ if is_text(item) => {
            let needle = value.unwrap_or(property);
            Ok(item.to_kstr().contains(needle.to_kstr().as_str()))
        }
        _ => Err(format!("cannot match {}", item.source())),
    }
}

fn search(input: &dyn ValueView, args: &Args) -> Result<Option<(usize, Value)>, String> {
    let property = args.get(0).cloned().unwrap_or(Value::Nil);
    for (i, item) in items(input).into_iter().enumerate() {
        if matches(&item, &property, args.get(1))? {
            return Ok(Some((i, item)));
        }
    }
    Ok(None)
}

fn has(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(Value::scalar(search(input, args)?.is_some()))
}

fn find(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(search(input, args)?.map_or(Value::Nil, |(_, v)| v))
}

fn find_index(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(search(input, args)?.map_or(Value::Nil, |(i, _)| Value::scalar(i as i64)))
}

fn reject(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let property = args.get(0).cloned().unwrap_or(Value::Nil);
    let mut kept = Vec::new();
    for item in items(input) {
        if !matches(&item, &property, args.get(1))? {
            kept.push(item);
        }
    }
    Ok(Value::Array(kept))
}

fn default(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let allow_false = args
        .keyword("allow_false")
        .is_some_and(|v| v.query_state(State::Truthy));
    let is_false = input.as_scalar().and_then(|s| s.to_bool()) == Some(false);
    let use_default = if is_false {
        !allow_false
    } else {
        input.query_state(State::DefaultValue)
    };
    Ok(if use_default {
        args.get(0).cloned().unwrap_or(Value::scalar(""))
    } else {
        input.to_value()
    })
}

pub fn filters() -> Vec<Simple> {
    vec![
        Simple { name: "sum", description: "The sum of the numbers in an array (or of a property).", run: sum },
        Simple { name: "has", description: "Whether any item matches.", run: has },
        Simple { name: "find", description: "The first item that matches.", run: find },
        Simple { name: "find_index", description: "The index of the first item that matches.", run: find_index },
        Simple { name: "reject", description: "The items that do not match.", run: reject },
        Simple { name: "default", description: "A fallback for nil, false and empty values.", run: default },
    ]
}
