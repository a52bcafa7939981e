//! Filters whose behaviour differs from the `liquid` crate's and matters to Studio users.
//!
//! `plus` and `minus` follow Shopify Liquid's coercion: nil and text that is not a number count
//! as 0, so the seed's counter (`{{flow.variables.count | plus: 1}}`) works before `count` is set.

use liquid_core::model::{ScalarCow, Value, ValueView};
use liquid_core::Expression;
use liquid_core::Result;
use liquid_core::Runtime;
use liquid_core::{
    Display_filter, Filter, FilterParameters, FilterReflection, FromFilterParameters, ParseFilter,
};

/// A number as Shopify reads one: integers stay integers, anything unreadable is 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

pub fn coerce(value: &dyn ValueView) -> Number {
    let Some(scalar) = value.as_scalar() else {
        return Number::Int(0);
    };
    if let Some(i) = scalar.to_integer() {
        return Number::Int(i);
    }
    if let Some(f) = scalar.to_float() {
        return Number::Float(f);
    }
    parse_leading_number(&scalar)
}

/// Ruby's `to_i`/`to_f` on text: the leading number, ignoring what follows (`"3 apples"` is 3).
fn parse_leading_number(scalar: &ScalarCow<'_>) -> Number {
    let text = scalar.to_kstr();
    let text = text.as_str().trim();
    let re = leading_number(text);
    match re {
        Some(s) if s.contains(['.', 'e', 'E']) => s.parse().map_or(Number::Int(0), Number::Float),
        Some(s) => s.parse().map_or(Number::Int(0), Number::Int),
        None => Number::Int(0),
    }
}

fn leading_number(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        end = 1;
    }
    let digits_start = end;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end == digits_start {
        return None;
    }
    if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
        end += 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
    }
    Some(&text[..end])
}

fn arithmetic(
    a: Number,
    b: Number,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> Value {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => match int(x, y) {
            Some(r) => Value::scalar(r),
            None => Value::scalar(float(x as f64, y as f64)),
        },
        (Number::Int(x), Number::Float(y)) => Value::scalar(float(x as f64, y)),
        (Number::Float(x), Number::Int(y)) => Value::scalar(float(x, y as f64)),
        (Number::Float(x), Number::Float(y)) => Value::scalar(float(x, y)),
    }
}

#[derive(Debug, FilterParameters)]
struct OperandArgs {
    #[parameter(description = "The number to combine with the input.")]
    operand: Expression,
}

#[derive(Clone, ParseFilter, FilterReflection)]
#[filter(
    name = "plus",
    description = "Adds a number; nil and non-numeric text count as 0.",
    parameters(OperandArgs),
    parsed(PlusFilter)
)]
pub struct Plus;

#[derive(Debug, FromFilterParameters, Display_filter)]
#[name = "plus"]
struct PlusFilter {
    #[parameters]
    args: OperandArgs,
}

impl Filter for PlusFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let args = self.args.evaluate(runtime)?;
        Ok(arithmetic(
            coerce(input),
            coerce(&args.operand),
            i64::checked_add,
            |a, b| a + b,
        ))
    }
}

#[derive(Clone, ParseFilter, FilterReflection)]
#[filter(
    name = "minus",
    description = "Subtracts a number; nil and non-numeric text count as 0.",
    parameters(OperandArgs),
    parsed(MinusFilter)
)]
pub struct Minus;

#[derive(Debug, FromFilterParameters, Display_filter)]
#[name = "minus"]
struct MinusFilter {
    #[parameters]
    args: OperandArgs,
}

impl Filter for MinusFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let args = self.args.evaluate(runtime)?;
        Ok(arithmetic(
            coerce(input),
            coerce(&args.operand),
            i64::checked_sub,
            |a, b| a - b,
        ))
    }
}
