//! The math filters with Shopify's coercion: nil and text that is not a number count as 0,
//! integers stay integers, and float results print as Ruby prints them (`12.0`, `7.9`).

use liquid_core::model::{Value, ValueView};

use super::{Args, Simple};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Int(i64),
    /// A float with the number of decimals it was written with (for Shopify's decimal results).
    Float(f64, usize),
}

impl Num {
    pub fn of(value: &dyn ValueView) -> Num {
        let Some(scalar) = value.as_scalar() else {
            return Num::Int(0);
        };
        if let Some(i) = scalar.to_integer() {
            return Num::Int(i);
        }
        let text = scalar.to_kstr();
        let text = text.as_str().trim();
        match scalar.to_float() {
            Some(f) => Num::Float(f, decimals_of(f, text)),
            None => leading_number(text),
        }
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f, _) => f,
        }
    }

    fn decimals(self) -> usize {
        match self {
            Num::Int(_) => 0,
            Num::Float(_, d) => d,
        }
    }
}

fn decimals_of(f: f64, text: &str) -> usize {
    let repr = if text.contains('.') {
        text.to_string()
    } else {
        format!("{f}")
    };
    repr.split_once('.')
        .map_or(0, |(_, frac)| {
            frac.trim_end_matches(|c: char| !c.is_ascii_digit()).len()
        })
        .max(1)
}

/// Ruby's `to_i`/`to_f` on text: the leading number, 0 when there is none.
fn leading_number(text: &str) -> Num {
    let bytes = text.as_bytes();
    let mut end = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    let start = end;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end == start {
        return Num::Int(0);
    }
    if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
        let int_end = end;
        end += 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        return text[..end]
            .parse()
            .map_or(Num::Int(0), |f| Num::Float(f, end - int_end - 1));
    }
    text[..end].parse().map_or(Num::Int(0), Num::Int)
}

/// Ruby's float printing: `12.0`, `7.9`, `0.1`.
pub fn format_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

fn round_to(f: f64, decimals: usize) -> f64 {
    let factor = 10f64.powi(decimals.min(15) as i32);
    (f * factor).round() / factor
}

fn float(f: f64) -> Value {
    // A string, because the crate prints 12.0 as "12"; the math filters read it back as 12.0.
    Value::scalar(format_number(f))
}

fn number(n: Num) -> Value {
    match n {
        Num::Int(i) => Value::scalar(i),
        Num::Float(f, _) => float(f),
    }
}

fn operand(args: &Args) -> Num {
    args.get(0).map_or(Num::Int(0), |v| Num::of(v))
}

fn plus(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(match (Num::of(input), operand(args)) {
        (Num::Int(a), Num::Int(b)) => a
            .checked_add(b)
            .map_or_else(|| float(a as f64 + b as f64), Value::scalar),
        (a, b) => float(round_to(
            a.as_f64() + b.as_f64(),
            a.decimals().max(b.decimals()),
        )),
    })
}

fn minus(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(match (Num::of(input), operand(args)) {
        (Num::Int(a), Num::Int(b)) => a
            .checked_sub(b)
            .map_or_else(|| float(a as f64 - b as f64), Value::scalar),
        (a, b) => float(round_to(
            a.as_f64() - b.as_f64(),
            a.decimals().max(b.decimals()),
        )),
    })
}

fn times(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    Ok(match (Num::of(input), operand(args)) {
        (Num::Int(a), Num::Int(b)) => a
            .checked_mul(b)
            .map_or_else(|| float(a as f64 * b as f64), Value::scalar),
        (a, b) => float(round_to(
            a.as_f64() * b.as_f64(),
            a.decimals() + b.decimals(),
        )),
    })
}

fn divided_by(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    match (Num::of(input), operand(args)) {
        (_, Num::Int(0)) => Err("divided by 0".into()),
        (Num::Int(a), Num::Int(b)) => Ok(Value::scalar(
            a.div_euclid(b) - i64::from(b < 0 && a.rem_euclid(b) != 0),
        )),
        (a, b) if b.as_f64() == 0.0 => {
            let _ = a;
            Err("divided by 0".into())
        }
        (a, b) => Ok(float(a.as_f64() / b.as_f64())),
    }
}

fn modulo(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    match (Num::of(input), operand(args)) {
        (_, Num::Int(0)) => Err("divided by 0".into()),
        (Num::Int(a), Num::Int(b)) => Ok(Value::scalar(((a % b) + b) % b)),
        (a, b) => {
            let (x, y) = (a.as_f64(), b.as_f64());
            if y == 0.0 {
                return Err("divided by 0".into());
            }
            let r = x - y * (x / y).floor();
            Ok(float(round_to(r, a.decimals().max(b.decimals()))))
        }
    }
}

fn abs(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    Ok(match Num::of(input) {
        Num::Int(i) => Value::scalar(i.saturating_abs()),
        Num::Float(f, d) => number(Num::Float(f.abs(), d)),
    })
}

fn ceil(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    Ok(Value::scalar(Num::of(input).as_f64().ceil() as i64))
}

fn floor(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    Ok(Value::scalar(Num::of(input).as_f64().floor() as i64))
}

fn round(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let places = match operand(args) {
        Num::Int(i) => i,
        Num::Float(f, _) => f as i64,
    };
    let n = Num::of(input);
    if places <= 0 {
        let factor = 10f64.powi((-places).min(15) as i32);
        return Ok(Value::scalar(
            ((n.as_f64() / factor).round() * factor) as i64,
        ));
    }
    Ok(match n {
        Num::Int(i) => Value::scalar(i),
        Num::Float(f, _) => float(round_to(f, places as usize)),
    })
}

fn at_least(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let (a, b) = (Num::of(input), operand(args));
    Ok(number(if b.as_f64() > a.as_f64() { b } else { a }))
}

fn at_most(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let (a, b) = (Num::of(input), operand(args));
    Ok(number(if b.as_f64() < a.as_f64() { b } else { a }))
}

pub fn filters() -> Vec<Simple> {
    vec![
        Simple {
            name: "plus",
            description: "Adds a number (Shopify coercion).",
            arity: (1, 1),
            run: plus,
        },
        Simple {
            name: "minus",
            description: "Subtracts a number (Shopify coercion).",
            arity: (1, 1),
            run: minus,
        },
        Simple {
            name: "times",
            description: "Multiplies by a number.",
            arity: (1, 1),
            run: times,
        },
        Simple {
            name: "divided_by",
            description: "Divides; integers divide to an integer.",
            arity: (1, 1),
            run: divided_by,
        },
        Simple {
            name: "modulo",
            description: "The remainder of a division.",
            arity: (1, 1),
            run: modulo,
        },
        Simple {
            name: "abs",
            description: "The absolute value.",
            arity: (0, 0),
            run: abs,
        },
        Simple {
            name: "ceil",
            description: "Rounds up to an integer.",
            arity: (0, 0),
            run: ceil,
        },
        Simple {
            name: "floor",
            description: "Rounds down to an integer.",
            arity: (0, 0),
            run: floor,
        },
        Simple {
            name: "round",
            description: "Rounds to a number of decimals.",
            arity: (0, 1),
            run: round,
        },
        Simple {
            name: "at_least",
            description: "The larger of the input and the argument.",
            arity: (1, 1),
            run: at_least,
        },
        Simple {
            name: "at_most",
            description: "The smaller of the input and the argument.",
            arity: (1, 1),
            run: at_most,
        },
    ]
}
