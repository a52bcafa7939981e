//! `date` as Shopify's: input read as Ruby reads it (`now`, Unix seconds, ISO 8601 with `T` and
//! `Z`, RFC 2822, `March 14, 2016`...), and the format as `strftime`. Unix times and `now` are
//! shown, and times written without an offset read, in the render's clock's zone (Studio's is
//! Pacific time); a time with an offset keeps it. Input it cannot read is returned as it is,
//! as Ruby does.

use std::fmt::Write;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::liquid::clock;
use liquid_core::model::{Value, ValueView};

use super::{Args, Simple};

const DATE_TIMES: &[&str] = &[
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%d %b %Y %H:%M:%S %z",
    "%a %b %e %H:%M:%S %z %Y",
];
const NAIVE_DATE_TIMES: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
];
const DATES: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
];

/// The moment `input` stands for, if it reads as one.
fn moment(input: &dyn ValueView) -> Option<DateTime<FixedOffset>> {
    let scalar = input.as_scalar()?;
    let clock = clock::current();
    let utc = |t: DateTime<Utc>| t.with_timezone(&clock.zone).fixed_offset();
    let local = |t: NaiveDateTime| {
        clock
            .zone
            .from_local_datetime(&t)
            .earliest()
            .map(|t| t.fixed_offset())
    };
    match scalar.type_name() {
        "whole number" => return Utc.timestamp_opt(scalar.to_integer()?, 0).single().map(utc),
        "fractional number" => {
            let seconds = scalar.to_float()?;
            return DateTime::from_timestamp(seconds.trunc() as i64, 0).map(utc);
        }
        "string" => {}
        _ => {
            return scalar
                .to_date_time()
                .and_then(|d| from_crate(&d.to_string()))
        }
    }
    let text = scalar.to_kstr();
    let text = text.as_str().trim();
    match text.to_ascii_lowercase().as_str() {
        "now" | "today" => return Some(clock.now()),
        _ => {}
    }
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if digits(text) {
        return Utc.timestamp_opt(text.parse().ok()?, 0).single().map(utc);
    }
    // Ruby reads only unsigned digits as seconds; a negative one in text is no date.
    if text.strip_prefix('-').is_some_and(digits) {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t);
    }
    for format in DATE_TIMES {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t);
        }
    }
    for format in NAIVE_DATE_TIMES {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return local(t);
        }
    }
    for format in DATES {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            return local(d.and_hms_opt(0, 0, 0)?);
        }
    }
    scalar
        .to_date_time()
        .and_then(|d| from_crate(&d.to_string()))
}

/// A date the crate read (it knows a few more spellings), through its own printed form.
fn from_crate(printed: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(printed, "%Y-%m-%d %H:%M:%S %z").ok()
}

fn date(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    let format = match args.get(0) {
        Some(f) if !f.is_nil() => f.to_kstr().into_owned(),
        _ => return Ok(input.to_value()),
    };
    if format.is_empty() {
        return Ok(input.to_value());
    }
    let Some(moment) = moment(input) else {
        return Ok(input.to_value());
    };
    let mut out = String::new();
    write!(out, "{}", moment.format(format.as_str()))
        .map_err(|_| format!("the date format {format:?} is not one strftime knows"))?;
    Ok(Value::scalar(out))
}

pub fn filters() -> Vec<Simple> {
    vec![Simple {
        name: "date",
        description: "Formats a date or time with strftime.",
        arity: (1, 1),
        run: date,
    }]
}

#[cfg(test)]
mod tests {
    use liquid_core::model::{Value, ValueView};

    use super::{date, Args};

    fn run(input: Value, format: &str) -> String {
        let args = Args {
            positional: vec![Value::scalar(format.to_string())],
            keyword: Vec::new(),
        };
        crate::liquid::clock::with(crate::liquid::clock::Clock::utc(), || {
            date(&input, &args).unwrap().to_kstr().to_string()
        })
    }

    #[test]
    fn reads_what_studio_sends_and_formats_with_strftime() {
        let s = |t: &str| Value::scalar(t.to_string());
        assert_eq!(
            run(s("2024-03-05T10:20:30Z"), "%b %-d %H:%M"),
            "Mar 5 10:20"
        );
        assert_eq!(run(s("2024-03-05T10:20:30.123+02:00"), "%H %z"), "10 +0200");
        assert_eq!(run(s("2024-03-05"), "%d/%m/%Y"), "05/03/2024");
        assert_eq!(
            run(s("Tue, 05 Mar 2024 10:20:30 +0000"), "%s"),
            "1709634030"
        );
        assert_eq!(run(Value::scalar(1152098955), "%m/%d/%Y"), "07/05/2006");
        assert_eq!(run(s("1152098955"), "%m/%d/%Y"), "07/05/2006");
        assert_eq!(run(s("March 14, 2016"), "%%%b %d, %y"), "%Mar 14, 16");
        assert_eq!(run(s("-1152098955"), "%Y"), "-1152098955");
        assert_eq!(run(s("not a date"), "%Y"), "not a date");
    }

    #[test]
    fn unix_times_and_naive_times_are_pacific_by_default() {
        let args = Args {
            positional: vec![Value::scalar("%H:%M %Z".to_string())],
            keyword: Vec::new(),
        };
        let run = |input: Value| date(&input, &args).unwrap().to_kstr().to_string();
        // Standard time in November, daylight saving time in July.
        assert_eq!(run(Value::scalar(1700000000)), "14:13 -08:00");
        assert_eq!(run(Value::scalar(1690000000)), "21:26 -07:00");
        assert_eq!(run(Value::scalar("2026-07-04 09:30")), "09:30 -07:00");
        assert_eq!(run(Value::scalar("2026-07-04T09:30:00Z")), "09:30 +00:00");
    }

    #[test]
    fn a_format_strftime_does_not_know_is_an_error_not_a_panic() {
        let args = Args {
            positional: vec![Value::scalar("%Y %8")],
            keyword: Vec::new(),
        };
        assert!(date(&Value::scalar("2024-03-05"), &args).is_err());
    }
}
