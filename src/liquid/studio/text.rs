//! Text filters Shopify Liquid has and the `liquid` crate lacks.

use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use base64::Engine;
use liquid_core::model::{Value, ValueView};

use super::{Args, Simple};

fn text(input: &dyn ValueView) -> String {
    if input.is_nil() {
        String::new()
    } else {
        input.to_kstr().to_string()
    }
}

fn arg(args: &Args, i: usize) -> String {
    args.get(i).map(|v| text(v)).unwrap_or_default()
}

fn base64_encode(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    Ok(Value::scalar(STANDARD.encode(text(input))))
}

fn base64_decode(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    decode(&STANDARD, &text(input))
}

fn base64_url_safe_encode(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    Ok(Value::scalar(URL_SAFE.encode(text(input))))
}

fn base64_url_safe_decode(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    decode(&URL_SAFE, &text(input))
}

fn decode(engine: &impl Engine, text: &str) -> Result<Value, String> {
    let bytes = engine
        .decode(text.trim())
        .map_err(|_| "invalid base64 provided".to_string())?;
    Ok(Value::scalar(String::from_utf8_lossy(&bytes).into_owned()))
}

fn remove_last(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let (s, needle) = (text(input), arg(args, 0));
    Ok(Value::scalar(match s.rfind(&needle) {
        Some(i) if !needle.is_empty() => format!("{}{}", &s[..i], &s[i + needle.len()..]),
        _ => s,
    }))
}

fn replace_last(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let (s, needle, with) = (text(input), arg(args, 0), arg(args, 1));
    Ok(Value::scalar(match s.rfind(&needle) {
        Some(i) => format!("{}{with}{}", &s[..i], &s[i + needle.len()..]),
        None => s,
    }))
}

/// Ruby's `split`: a single space splits on any run of whitespace, nil or an empty separator
/// splits into characters, and trailing empty items are dropped.
fn split(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let s = text(input);
    let separator = args
        .get(0)
        .filter(|v| !v.is_nil())
        .map(|v| text(v))
        .unwrap_or_default();
    let mut parts: Vec<String> = if separator == " " {
        s.split_whitespace().map(str::to_string).collect()
    } else if separator.is_empty() {
        s.chars().map(String::from).collect()
    } else {
        s.split(separator.as_str()).map(str::to_string).collect()
    };
    while parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    Ok(Value::Array(parts.into_iter().map(Value::scalar).collect()))
}

fn truncatewords(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let s = text(input);
    let count = match args.get(0) {
        None => 15,
        Some(v) if v.is_nil() => return Err("the number of words must be a number".into()),
        Some(v) => v
            .as_scalar()
            .and_then(|s| s.to_integer())
            .ok_or("the number of words must be a number")?,
    };
    let end = match args.get(1) {
        None => "...".to_string(),
        Some(v) => text(v),
    };
    let words: Vec<&str> = s.split_whitespace().collect();
    let keep = usize::try_from(count).unwrap_or(0).max(1);
    if words.len() <= keep {
        return Ok(Value::scalar(s));
    }
    Ok(Value::scalar(format!("{}{end}", words[..keep].join(" "))))
}

/// Ruby's `Integer()` on a filter argument: whole numbers and text of one; anything else
/// (floats included) is an error.
fn whole_argument(value: &Value, name: &str) -> Result<i64, String> {
    let number = value.as_scalar().and_then(|s| match s.type_name() {
        "whole number" => s.to_integer(),
        "string" => s.to_kstr().trim().parse().ok(),
        _ => None,
    });
    number.ok_or_else(|| format!("{name} must be a whole number, not {}", value.source()))
}

/// `slice: offset, length`: `length` items or characters from `offset` (from the end when
/// negative); nothing when out of range or the length is negative.
fn slice(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let offset = whole_argument(args.get(0).unwrap_or(&Value::Nil), "the offset")?;
    let length = match args.get(1) {
        Some(v) if !v.is_nil() => whole_argument(v, "the length")?,
        _ => 1,
    };
    let window = |size: usize| -> Option<(usize, usize)> {
        let size = size as i64;
        let start = if offset < 0 { size + offset } else { offset };
        if start < 0 || start > size || length < 0 {
            return None;
        }
        Some((start as usize, (start + length).min(size) as usize))
    };
    if let Some(array) = input.as_array() {
        let items: Vec<Value> = array
            .values()
            .map(liquid_core::ValueView::to_value)
            .collect();
        return Ok(Value::Array(match window(items.len()) {
            Some((from, to)) => items[from..to].to_vec(),
            None => Vec::new(),
        }));
    }
    let chars: Vec<char> = text(input).chars().collect();
    Ok(Value::scalar(match window(chars.len()) {
        Some((from, to)) => chars[from..to].iter().collect::<String>(),
        None => String::new(),
    }))
}

/// Ruby's `CGI.escape`: letters, digits and `_.-~` stay, a space is `+`, the rest is `%XX`.
fn url_encode(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    let mut out = String::new();
    for byte in text(input).bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(byte as char);
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    Ok(Value::scalar(out))
}

fn newline_to_br(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    Ok(Value::scalar(
        text(input).replace("\r\n", "\n").replace('\n', "<br />\n"),
    ))
}

/// `append` and `prepend` as the crate's, within the render's budget: a string doubled in a
/// loop would otherwise take all memory.
fn append(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let (s, more) = (text(input), arg(args, 0));
    crate::liquid::loops::check_text(s.len() + more.len())?;
    Ok(Value::scalar(s + &more))
}

fn prepend(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let (s, more) = (text(input), arg(args, 0));
    crate::liquid::loops::check_text(s.len() + more.len())?;
    Ok(Value::scalar(more + &s))
}

pub fn filters() -> Vec<Simple> {
    vec![
        Simple {
            name: "append",
            description: "Adds text to the end of the input.",
            arity: (1, 1),
            run: append,
        },
        Simple {
            name: "prepend",
            description: "Adds text to the start of the input.",
            arity: (1, 1),
            run: prepend,
        },
        Simple {
            name: "slice",
            description: "Part of a text or array.",
            arity: (1, 2),
            run: slice,
        },
        Simple {
            name: "url_encode",
            description: "Encodes text for a URL query, as Ruby's CGI.escape.",
            arity: (0, 0),
            run: url_encode,
        },
        Simple {
            name: "newline_to_br",
            description: "Puts an HTML line break before each newline.",
            arity: (0, 0),
            run: newline_to_br,
        },
        Simple {
            name: "split",
            description: "Splits text into an array.",
            arity: (1, 1),
            run: split,
        },
        Simple {
            name: "truncatewords",
            description: "Keeps the first words.",
            arity: (0, 2),
            run: truncatewords,
        },
        Simple {
            name: "base64_encode",
            description: "Base64 of the text.",
            arity: (0, 0),
            run: base64_encode,
        },
        Simple {
            name: "base64_decode",
            description: "The text of a Base64 string.",
            arity: (0, 0),
            run: base64_decode,
        },
        Simple {
            name: "base64_url_safe_encode",
            description: "URL-safe Base64 of the text.",
            arity: (0, 0),
            run: base64_url_safe_encode,
        },
        Simple {
            name: "base64_url_safe_decode",
            description: "The text of a URL-safe Base64 string.",
            arity: (0, 0),
            run: base64_url_safe_decode,
        },
        Simple {
            name: "remove_last",
            description: "Removes the last occurrence.",
            arity: (1, 1),
            run: remove_last,
        },
        Simple {
            name: "replace_last",
            description: "Replaces the last occurrence.",
            arity: (2, 2),
            run: replace_last,
        },
    ]
}
