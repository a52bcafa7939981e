//! Array filters Shopify Liquid has and the `liquid` crate lacks: `sum`, `has`, `find`,
//! `find_index`, `reject`; `default` with `allow_false`; and the crate's array filters redone
//! where they differ from Ruby's.

use std::cmp::Ordering;

use liquid_core::model::{State, Value, ValueView};

use super::blocks::compare;
use super::math::{format_number, Num};
use super::{Args, Simple};

/// The input as a list of items: arrays as they are, a hash or a scalar as one item, nil as none.
fn items(input: &dyn ValueView) -> Vec<Value> {
    if let Some(array) = input.as_array() {
        return array
            .values()
            .map(liquid_core::ValueView::to_value)
            .collect();
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
    let property = optional_property(args);
    let mut int: i64 = 0;
    let mut float: Option<f64> = None;
    for item in all {
        let value = match &property {
            Some(p) => match item.as_object() {
                Some(o) => match o.get(p.as_str()) {
                    Some(v) => v.to_value(),
                    None => continue,
                },
                None => return Err(format!("cannot read {p:?} of {}", item.source())),
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
    value
        .as_scalar()
        .is_some_and(|s| matches!(s.type_name(), "whole number" | "fractional number"))
}

/// Whether one item matches `property` (and `value` when one is given and not nil): a hash by
/// its property, a number by equality, a text by containing the text.
/// Whether `item` matches; `None` for an item nothing can match (nil or a boolean), which
/// makes Shopify give up on the whole filter (its result is nil).
fn matches(item: &Value, property: &Value, value: Option<&Value>) -> Result<Option<bool>, String> {
    let value = value.filter(|v| !v.is_nil());
    Ok(Some(match item {
        Value::Object(obj) => {
            if !is_text(property) {
                return Ok(Some(false));
            }
            match (obj.get(property.to_kstr().as_str()), value) {
                (Some(v), Some(target)) => compare::equals(v, target),
                (Some(v), None) => v.query_state(State::Truthy),
                (None, _) => false,
            }
        }
        _ if is_number(item) => {
            if !is_number(property) {
                return Err("a number can only be matched by a number".into());
            }
            compare::equals(item, property)
        }
        _ if is_text(item) => {
            let needle = value.unwrap_or(property);
            item.to_kstr().contains(needle.to_kstr().as_str())
        }
        _ => return Ok(None),
    }))
}

enum Search {
    Found(usize, Value),
    NotFound,
    /// An item could not be matched at all.
    GaveUp,
}

fn search(input: &dyn ValueView, args: &Args) -> Result<Search, String> {
    let property = args.get(0).cloned().unwrap_or(Value::Nil);
    for (i, item) in items(input).into_iter().enumerate() {
        match matches(&item, &property, args.get(1))? {
            Some(true) => return Ok(Search::Found(i, item)),
            Some(false) => {}
            None => return Ok(Search::GaveUp),
        }
    }
    Ok(Search::NotFound)
}

fn has(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(match search(input, args)? {
        Search::Found(..) => Value::scalar(true),
        Search::NotFound => Value::scalar(false),
        Search::GaveUp => Value::Nil,
    })
}

fn find(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(match search(input, args)? {
        Search::Found(_, v) => v,
        _ => Value::Nil,
    })
}

fn find_index(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(match search(input, args)? {
        Search::Found(i, _) => Value::scalar(i as i64),
        _ => Value::Nil,
    })
}

fn reject(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let property = args.get(0).cloned().unwrap_or(Value::Nil);
    let mut kept = Vec::new();
    for item in flat_items(input) {
        match matches(&item, &property, args.get(1))? {
            Some(true) => {}
            Some(false) => kept.push(item),
            None => return Ok(Value::Nil),
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

/// How an item prints inside a joined list: nil as nothing, hashes and lists as JSON.
fn item_text(value: &Value) -> String {
    match value {
        Value::Nil => String::new(),
        Value::Object(_) | Value::Array(_) => serde_json::to_string(value).unwrap_or_default(),
        other => other.to_kstr().to_string(),
    }
}

fn flat_items(input: &dyn ValueView) -> Vec<Value> {
    let mut out = Vec::new();
    flatten(items(input), &mut out);
    out
}

fn join(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let Some(array) = input.as_array() else {
        return Ok(if input.is_nil() {
            Value::scalar("")
        } else {
            input.to_value()
        });
    };
    let separator = args
        .get(0)
        .map_or_else(|| " ".to_string(), |s| s.to_kstr().to_string());
    let mut all = Vec::new();
    flatten(
        array
            .values()
            .map(liquid_core::ValueView::to_value)
            .collect(),
        &mut all,
    );
    Ok(Value::scalar(
        all.iter()
            .map(item_text)
            .collect::<Vec<_>>()
            .join(&separator),
    ))
}

fn first(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    if let Some(object) = input.as_object() {
        return Ok(object.iter().next().map_or(Value::Nil, pair));
    }
    Ok(input
        .as_array()
        .and_then(|a| a.first())
        .map_or(Value::Nil, liquid_core::ValueView::to_value))
}

fn last(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    Ok(input
        .as_array()
        .and_then(|a| a.last())
        .map_or(Value::Nil, liquid_core::ValueView::to_value))
}

/// A hash entry as Ruby's `first` gives it: `[key, value]` (a hash has no `last`).
fn pair((key, value): (liquid_core::model::KStringCow<'_>, &dyn ValueView)) -> Value {
    Value::Array(vec![Value::scalar(key.into_owned()), value.to_value()])
}

/// Array filters leave other values as they are (nil as nothing).
fn not_an_array(input: &dyn ValueView) -> Value {
    if input.is_nil() {
        Value::scalar("")
    } else {
        input.to_value()
    }
}

fn reverse(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    let Some(array) = input.as_array() else {
        return Ok(not_an_array(input));
    };
    let mut all: Vec<Value> = array
        .values()
        .map(liquid_core::ValueView::to_value)
        .collect();
    all.reverse();
    Ok(Value::Array(all))
}

/// The property name a filter was given as its first argument, if any (nil counts as none).
fn optional_property(args: &Args) -> Option<String> {
    args.get(0)
        .filter(|p| !p.is_nil())
        .map(|p| p.to_kstr().to_string())
}

/// `sort` and `sort_natural`: by the items or by a property of them, nil last; `natural`
/// compares as text ignoring case, otherwise numbers and text each in their own order and a
/// mix of kinds is an error.
fn sort_items(input: &dyn ValueView, args: &Args, natural: bool) -> Result<Value, String> {
    let Some(array) = input.as_array() else {
        return Ok(input.to_value());
    };
    let property = optional_property(args);
    let key = |item: &Value| match &property {
        Some(p) => property_of(item, p).unwrap_or(Value::Nil),
        None => item.clone(),
    };
    let mut items: Vec<Value> = array
        .values()
        .map(liquid_core::ValueView::to_value)
        .collect();
    let mut error = None;
    items.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        match (a.is_nil(), b.is_nil()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ if natural => a.to_kstr().to_lowercase().cmp(&b.to_kstr().to_lowercase()),
            _ => match compare::order(&a, &b) {
                Ok(order) => order.unwrap_or(Ordering::Equal),
                Err(e) => {
                    error.get_or_insert(e);
                    Ordering::Equal
                }
            },
        }
    });
    match error {
        Some(e) => Err(e),
        None => Ok(Value::Array(items)),
    }
}

fn sort(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    sort_items(input, args, false)
}

fn sort_natural(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    sort_items(input, args, true)
}

fn property_of(item: &Value, property: &str) -> Option<Value> {
    item.as_object()
        .and_then(|o| o.get(property))
        .map(liquid_core::ValueView::to_value)
}

fn compact(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let property = optional_property(args);
    Ok(Value::Array(
        flat_items(input)
            .into_iter()
            .filter(|item| match &property {
                Some(p) => property_of(item, p).is_some_and(|v| !v.is_nil()),
                None => !item.is_nil(),
            })
            .collect(),
    ))
}

fn concat(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let mut all = flat_items(input);
    match args.get(0) {
        Some(Value::Array(more)) => flatten(more.clone(), &mut all),
        Some(other) => {
            return Err(format!(
                "the argument must be an array, not {}",
                other.source()
            ))
        }
        None => return Err("an array to add is expected".into()),
    }
    Ok(Value::Array(all))
}

fn map(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let property = args
        .get(0)
        .map(|p| p.to_kstr().to_string())
        .unwrap_or_default();
    let mut out = Vec::new();
    for item in flat_items(input) {
        match item {
            Value::Object(_) => out.push(property_of(&item, &property).unwrap_or(Value::Nil)),
            Value::Nil => out.push(Value::Nil),
            other => return Err(format!("cannot map {} (not a hash)", other.source())),
        }
    }
    Ok(Value::Array(out))
}

fn uniq(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    if input.as_array().is_none() {
        return Ok(not_an_array(input));
    }
    let property = optional_property(args);
    let mut kept: Vec<Value> = Vec::new();
    // Linear: scalars are told apart by a hash of what Liquid compares them by; only arrays
    // and hashes, rare here, are compared one by one.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut complex: Vec<Value> = Vec::new();
    for item in flat_items(input) {
        let key = match &property {
            Some(p) => property_of(&item, p).unwrap_or(Value::Nil),
            None => item.clone(),
        };
        let new = match scalar_key(&key) {
            Some(k) => seen.insert(k),
            None if complex.iter().any(|k| compare::equals(k, &key)) => false,
            None => {
                complex.push(key);
                true
            }
        };
        if new {
            kept.push(item);
        }
    }
    Ok(Value::Array(kept))
}

/// What two scalars equal in Liquid share: numbers by value (`1` and `1.0`), anything else
/// by its type and text. `None` for arrays and hashes.
fn scalar_key(value: &Value) -> Option<String> {
    if value.is_nil() {
        return Some("nil".into());
    }
    let scalar = value.as_scalar()?;
    Some(match scalar.type_name() {
        "whole number" | "fractional number" => {
            let n = scalar.to_float().unwrap_or(f64::NAN);
            // -0 and 0 are one number.
            format!("n:{}", if n == 0.0 { 0.0 } else { n })
        }
        other => format!("{other}:{}", scalar.to_kstr()),
    })
}

/// `where`: the hashes whose property is truthy, or equal to the value when one is given.
fn where_(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    if input.is_nil() {
        return Ok(Value::Array(Vec::new()));
    }
    if input.as_array().is_none() && input.as_object().is_none() {
        return Err("the input must be an array of hashes or a hash".into());
    }
    let property = args.get(0).cloned().unwrap_or(Value::Nil);
    if property.is_nil() {
        return Ok(Value::Array(Vec::new()));
    }
    let kept = flat_items(input)
        .into_iter()
        .filter(|item| {
            item.as_object().is_some() && matches(item, &property, args.get(1)) == Ok(Some(true))
        })
        .collect();
    Ok(Value::Array(kept))
}

pub fn filters() -> Vec<Simple> {
    vec![
        Simple {
            name: "where",
            description: "The hashes whose property matches.",
            arity: (1, 2),
            run: where_,
        },
        Simple {
            name: "sort",
            description: "Sorts the items, or the hashes by a property (nil last).",
            arity: (0, 1),
            run: sort,
        },
        Simple {
            name: "sort_natural",
            description: "Sorts the items as text ignoring case (nil last).",
            arity: (0, 1),
            run: sort_natural,
        },
        Simple {
            name: "join",
            description: "Joins the items with a separator.",
            arity: (0, 1),
            run: join,
        },
        Simple {
            name: "first",
            description: "The first item.",
            arity: (0, 0),
            run: first,
        },
        Simple {
            name: "last",
            description: "The last item.",
            arity: (0, 0),
            run: last,
        },
        Simple {
            name: "reverse",
            description: "The items in reverse order.",
            arity: (0, 0),
            run: reverse,
        },
        Simple {
            name: "compact",
            description: "The items that are not nil.",
            arity: (0, 1),
            run: compact,
        },
        Simple {
            name: "concat",
            description: "The items followed by the argument's.",
            arity: (1, 1),
            run: concat,
        },
        Simple {
            name: "map",
            description: "A property of each item.",
            arity: (1, 1),
            run: map,
        },
        Simple {
            name: "uniq",
            description: "The items without repeats.",
            arity: (0, 1),
            run: uniq,
        },
        Simple {
            name: "sum",
            description: "The sum of the numbers in an array (or of a property).",
            arity: (0, 1),
            run: sum,
        },
        Simple {
            name: "has",
            description: "Whether any item matches.",
            arity: (1, 2),
            run: has,
        },
        Simple {
            name: "find",
            description: "The first item that matches.",
            arity: (1, 2),
            run: find,
        },
        Simple {
            name: "find_index",
            description: "The index of the first item that matches.",
            arity: (1, 2),
            run: find_index,
        },
        Simple {
            name: "reject",
            description: "The items that do not match.",
            arity: (1, 2),
            run: reject,
        },
        Simple {
            name: "default",
            description: "A fallback for nil, false and empty values.",
            arity: (0, 1),
            run: default,
        },
    ]
}
