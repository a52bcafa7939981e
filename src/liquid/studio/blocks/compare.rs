//! Ruby Liquid's comparisons: `==` by type (`1 == true` is false, `1 == 1.0` true), `empty` and
//! `blank` as the special values they are, `contains` false for nil, and relational operators
//! that are false against `empty`/`blank`, numeric for numeric text, and an error across other
//! text and numbers.

use std::cmp::Ordering;

use liquid_core::model::{State, ValueView};

/// Only nil and false are falsy.
pub fn truthy(v: &dyn ValueView) -> bool {
    if v.is_nil() {
        return false;
    }
    !matches!(v.as_scalar().and_then(|s| s.to_bool()), Some(false))
}

pub fn equals(a: &dyn ValueView, b: &dyn ValueView) -> bool {
    match (a.as_state(), b.as_state()) {
        (Some(x), Some(y)) => x == y,
        (None, Some(state)) => is(a, state),
        (Some(state), None) => is(b, state),
        (None, None) => same(a, b),
    }
}

fn is(v: &dyn ValueView, state: State) -> bool {
    let empty = || match (v.as_scalar(), v.as_array(), v.as_object()) {
        (Some(s), _, _) => s.type_name() == "string" && s.to_kstr().is_empty(),
        (_, Some(a), _) => a.size() == 0,
        (_, _, Some(o)) => o.size() == 0,
        _ => false,
    };
    match state {
        State::Empty => empty(),
        State::Blank => {
            v.is_nil()
                || matches!(v.as_scalar().and_then(|s| s.to_bool()), Some(false))
                || empty()
                || v.as_scalar()
                    .is_some_and(|s| s.type_name() == "string" && s.to_kstr().trim().is_empty())
        }
        _ => v.query_state(state),
    }
}

fn same(a: &dyn ValueView, b: &dyn ValueView) -> bool {
    if a.is_nil() || b.is_nil() {
        return a.is_nil() && b.is_nil();
    }
    if let (Some(x), Some(y)) = (a.as_scalar(), b.as_scalar()) {
        let (tx, ty) = (x.type_name(), y.type_name());
        return match (number(tx), number(ty)) {
            (true, true) => x.to_float() == y.to_float(),
            (false, false) if tx == ty => x.to_kstr() == y.to_kstr(),
            _ => false,
        };
    }
    if let (Some(x), Some(y)) = (a.as_array(), b.as_array()) {
        return x.size() == y.size() && x.values().zip(y.values()).all(|(p, q)| same(p, q));
    }
    if let (Some(x), Some(y)) = (a.as_object(), b.as_object()) {
        return x.size() == y.size()
            && x.iter()
                .all(|(k, v)| y.get(k.as_str()).is_some_and(|w| same(v, w)));
    }
    false
}

/// A number, or text that is one (trimmed).
fn numeric(scalar: &liquid_core::model::ScalarCow<'_>) -> Option<f64> {
    match scalar.type_name() {
        "whole number" | "fractional number" => scalar.to_float(),
        "string" => scalar.to_kstr().trim().parse().ok(),
        _ => None,
    }
}

fn number(type_name: &str) -> bool {
    matches!(type_name, "whole number" | "fractional number")
}

/// How `a` orders against `b`; `None` when Liquid says the comparison is simply false, and an
/// error message when Ruby would raise.
pub fn order(a: &dyn ValueView, b: &dyn ValueView) -> Result<Option<Ordering>, String> {
    if a.is_state() || b.is_state() || a.is_nil() || b.is_nil() {
        return Ok(None);
    }
    match (a.as_scalar(), b.as_scalar()) {
        (Some(x), Some(y)) => {
            let (tx, ty) = (x.type_name(), y.type_name());
            if number(tx) && number(ty) {
                return Ok(x.to_float().partial_cmp(&y.to_float()));
            }
            // Numeric text against a number compares as numbers, where Ruby raises: Studio's
            // values are often text (a message body), and the math filters give decimal
            // results as text (to print `12.0`), which must still compare with numbers.
            if number(tx) || number(ty) {
                if let (Some(a), Some(b)) = (numeric(&x), numeric(&y)) {
                    return Ok(a.partial_cmp(&b));
                }
            }
            if tx == ty && tx == "string" {
                return Ok(Some(x.to_kstr().as_str().cmp(y.to_kstr().as_str())));
            }
            if tx == ty {
                return Ok(x.to_kstr().as_str().partial_cmp(y.to_kstr().as_str()));
            }
            Err(format!("comparison of {tx} with {ty} failed"))
        }
        _ => Err(format!(
            "comparison of {} with {} failed",
            a.type_name(),
            b.type_name()
        )),
    }
}

pub fn contains(a: &dyn ValueView, b: &dyn ValueView) -> bool {
    if !truthy(b) {
        return false;
    }
    if let Some(s) = a.as_scalar() {
        return s.type_name() == "string" && s.to_kstr().contains(b.to_kstr().as_str());
    }
    if let Some(items) = a.as_array() {
        return items.values().any(|item| equals(item, b));
    }
    if let Some(object) = a.as_object() {
        return object.contains_key(b.to_kstr().as_str());
    }
    false
}
