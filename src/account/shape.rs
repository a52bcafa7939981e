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

/// The steps in the order they ran: one chain from the trigger, each step leaving the widget
/// the one before it entered. Studio promises no order for its list, and steps created in the
/// same second are common, so creation time alone cannot tell. A subflow's steps (which name
/// the run-subflow step that ran them) keep their places among the others.
///
/// A list that is not one chain (a step missing: the twilio CLI lists 50 unless told
/// `--no-limit`) is an error that says where it breaks.
pub fn in_chain(steps: Vec<Value>) -> Result<Vec<Value>, String> {
    let steps = oldest_first(steps);
    let in_subflow = |s: &Value| {
        s.get("parent_step_sid")
            .is_some_and(|p| !p.is_null() && p != "")
    };
    let main: Vec<usize> = (0..steps.len())
        .filter(|&i| !in_subflow(&steps[i]))
        .collect();
    if main.is_empty() {
        return Ok(steps);
    }
    let describe = |s: &Value| {
        format!(
            "{} ({} --{}--> {})",
            text(s, "sid"),
            text(s, "transitioned_from"),
            text(s, "name"),
            text(s, "transitioned_to")
        )
    };
    let fetch_all = "fetch them all: the twilio CLI lists only 50 unless given --no-limit";
    let mut left = main.clone();
    let mut chain: Vec<usize> = Vec::with_capacity(main.len());
    let mut at = "Trigger".to_string();
    while !left.is_empty() {
        // Of the steps leaving `at` (loops leave one widget many times), the oldest that does
        // not end the chain while steps are left: one to a widget no other step leaves.
        let leaving: Vec<usize> = (0..left.len())
            .filter(|&k| text(&steps[left[k]], "transitioned_from") == at)
            .collect();
        let goes_on = |k: usize| {
            let to = text(&steps[left[k]], "transitioned_to");
            left.len() == 1
                || (0..left.len())
                    .any(|j| j != k && text(&steps[left[j]], "transitioned_from") == to)
        };
        let Some(k) = leaving
            .iter()
            .copied()
            .find(|&k| goes_on(k))
            .or(leaving.first().copied())
        else {
            let missing = if chain.is_empty() {
                "the first step (from the Trigger) is missing".to_string()
            } else {
                format!(
                    "after step {} {}, no step leaves {at}",
                    chain.len(),
                    describe(&steps[chain[chain.len() - 1]])
                )
            };
            return Err(format!(
                "the {} steps listed are not one chain from the trigger: {missing} \
                 ({} steps do not follow on); {fetch_all}",
                main.len(),
                left.len()
            ));
        };
        let i = left.remove(k);
        at = text(&steps[i], "transitioned_to").to_string();
        chain.push(i);
    }
    // The main steps go back into the places main steps held, in the chain's order.
    let mut ordered = chain.into_iter();
    let mut out: Vec<Value> = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        if main.binary_search(&i).is_ok() {
            if let Some(next) = ordered.next() {
                out.push(steps[next].clone());
            }
        } else {
            out.push(step.clone());
        }
    }
    Ok(out)
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

    fn step(sid: &str, from: &str, to: &str, at: &str) -> Value {
        json!({"sid": sid, "transitioned_from": from, "name": "next", "transitioned_to": to,
               "date_created": at})
    }

    #[test]
    fn steps_in_one_second_are_ordered_by_their_chain() {
        let same = "2026-01-05T10:00:00Z";
        // Listed in no helpful order, all in one second, with a loop through `a`.
        let steps = vec![
            step("FT3", "b", "a", same),
            step("FT5", "b", "Ended", same),
            step("FT1", "Trigger", "a", same),
            step("FT4", "a", "b", same),
            step("FT2", "a", "b", same),
        ];
        let ordered = in_chain(steps).unwrap();
        let path: Vec<String> = ordered
            .iter()
            .map(|s| {
                format!(
                    "{}>{}",
                    text(s, "transitioned_from"),
                    text(s, "transitioned_to")
                )
            })
            .collect();
        assert_eq!(path, ["Trigger>a", "a>b", "b>a", "a>b", "b>Ended"]);
    }

    #[test]
    fn a_broken_chain_says_where() {
        let at = "2026-01-05T10:00:00Z";
        let cut = vec![step("FT2", "a", "b", at), step("FT3", "b", "Ended", at)];
        let e = in_chain(cut).unwrap_err();
        assert!(
            e.contains("the first step (from the Trigger) is missing"),
            "{e}"
        );
        assert!(e.contains("--no-limit"), "{e}");
        let gap = vec![
            step("FT1", "Trigger", "a", at),
            step("FT3", "b", "Ended", at),
        ];
        let e = in_chain(gap).unwrap_err();
        assert!(
            e.contains("after step 1 FT1 (Trigger --next--> a), no step leaves a"),
            "{e}"
        );
    }
}
