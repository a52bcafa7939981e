//! The 17 Split Based On condition types. Both sides are trimmed and compared without regard
//! to case (Studio's documentation); numbers compare as numbers when both sides are numbers.

use chrono::{NaiveDate, NaiveTime};
use regex::RegexBuilder;

pub const CONDITION_TYPES: [&str; 17] = [
    "equal_to",
    "not_equal_to",
    "matches_any_of",
    "does_not_match_any_of",
    "is_blank",
    "is_not_blank",
    "regex",
    "contains",
    "does_not_contain",
    "starts_with",
    "does_not_start_with",
    "less_than",
    "greater_than",
    "is_before_time",
    "is_after_time",
    "is_before_date",
    "is_after_date",
];

/// The number a text is, when its trimmed form is a JSON-style number literal (`007` is not).
pub fn number_literal(text: &str) -> Option<f64> {
    let t = text.trim();
    let bytes = t.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && bytes[int_start] == b'0') {
        return None;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == frac_start {
            return None;
        }
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    t.parse().ok().filter(|n: &f64| n.is_finite())
}

fn equal(input: &str, value: &str) -> bool {
    match (number_literal(input), number_literal(value)) {
        (Some(a), Some(b)) => a == b,
        _ => input.trim().to_lowercase() == value.trim().to_lowercase(),
    }
}

fn numeric(input: &str, value: &str, cmp: fn(f64, f64) -> bool) -> bool {
    match (number_literal(input), number_literal(value)) {
        (Some(a), Some(b)) => cmp(a, b),
        _ => false,
    }
}

fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Whether a condition of type `kind` holds for `input` against `value` (both rendered).
/// An error explains why the condition could not be evaluated; it then does not hold.
pub fn holds(kind: &str, input: &str, value: &str) -> Result<bool, String> {
    let lower_input = input.trim().to_lowercase();
    let lower_value = value.trim().to_lowercase();
    let any_of = || value.split(',').any(|item| equal(input, item));
    Ok(match kind {
        "equal_to" => equal(input, value),
        "not_equal_to" => !equal(input, value),
        "matches_any_of" => any_of(),
        "does_not_match_any_of" => !any_of(),
        "is_blank" => lower_input.is_empty(),
        "is_not_blank" => !lower_input.is_empty(),
        "contains" => lower_input.contains(&lower_value),
        "does_not_contain" => !lower_input.contains(&lower_value),
        "starts_with" => lower_input.starts_with(&lower_value),
        "does_not_start_with" => !lower_input.starts_with(&lower_value),
        "less_than" => numeric(input, value, |a, b| a < b),
        "greater_than" => numeric(input, value, |a, b| a > b),
        "regex" => {
            let pattern = value.trim();
            let re = RegexBuilder::new(&format!("^(?:{pattern})$"))
                .case_insensitive(true)
                .build()
                .map_err(|e| {
                    format!("invalid regex `{pattern}`: {}", first_line(&e.to_string()))
                })?;
            re.is_match(input.trim())
        }
        "is_before_time" | "is_after_time" => match (time(input), time(value)) {
            (Some(a), Some(b)) => {
                (kind == "is_before_time" && a < b) || (kind == "is_after_time" && a > b)
            }
            _ => {
                return Err(format!(
                    "`{}` or `{}` is not a time (HH:MM)",
                    input.trim(),
                    value.trim()
                ))
            }
        },
        "is_before_date" | "is_after_date" => match (date(input), date(value)) {
            (Some(a), Some(b)) => {
                (kind == "is_before_date" && a < b) || (kind == "is_after_date" && a > b)
            }
            _ => {
                return Err(format!(
                    "`{}` or `{}` is not a date (YYYY-MM-DD)",
                    input.trim(),
                    value.trim()
                ))
            }
        },
        other => return Err(format!("unknown condition type `{other}`")),
    })
}

fn first_line(text: &str) -> String {
    text.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(text)
        .trim()
        .to_string()
}
