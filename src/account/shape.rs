//! The two shapes the same resources come in: the REST API's (snake_case keys, lists in a
//! page) and the twilio CLI's `-o json` (camelCase keys, a bare array). Everything is read
//! in the REST shape; only the resource's own keys are renamed, never a context's or a
//! definition's.

use serde_json::{Map, Value};

/// `transitionedFrom` → `transitioned_from`.
pub fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A resource with its top-level keys in snake_case.
pub fn normalise(resource: Value) -> Value {
    match resource {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (snake(&k), v))
                .collect::<Map<String, Value>>(),
        ),
        other => other,
    }
}

/// A list of resources however it came: a bare array, a REST page (`{"steps": [...]}`) or
/// one resource alone.
pub fn items(value: Value, key: &str) -> Vec<Value> {
    match value {
        Value::Array(items) => items.into_iter().map(normalise).collect(),
        Value::Object(mut map) if map.get(key).is_some_and(Value::is_array) => {
            match map.remove(key) {
                Some(Value::Array(items)) => items.into_iter().map(normalise).collect(),
                _ => Vec::new(),
            }
        }
        one => vec![normalise(one)],
    }
}

pub fn text<'a>(resource: &'a Value, key: &str) -> &'a str {
    resource
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// Steps oldest first. The API lists them newest first: reversed, then sorted by creation
/// time, so steps created in the same second keep their order.
pub fn oldest_first(mut steps: Vec<Value>) -> Vec<Value> {
    steps.reverse();
    steps.sort_by_key(|s| {
        let date = text(s, "date_created");
        chrono::DateTime::parse_from_rfc3339(date).map_or(i64::MAX, |d| d.timestamp_millis())
    });
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn camel_case_resources_read_as_the_rest_shape() {
        assert_eq!(snake("transitionedFrom"), "transitioned_from");
        assert_eq!(snake("parentStepSid"), "parent_step_sid");
        let steps = items(
            json!([{"sid": "FT2", "dateCreated": "2026-01-05T10:00:01Z", "context": {"flow": {"x": 1}}},
                   {"sid": "FT1", "dateCreated": "2026-01-05T10:00:00Z"}]),
            "steps",
        );
        assert_eq!(steps[0]["date_created"], "2026-01-05T10:00:01Z");
        assert!(steps[0]["context"]["flow"].get("x").is_some());
        let sorted = oldest_first(steps);
        let sids: Vec<&str> = sorted.iter().map(|s| text(s, "sid")).collect();
        assert_eq!(sids, ["FT1", "FT2"]);
    }
}
