//! Scopes and variables: the context as trees the client expands one level at a time. Each
//! expandable value gets a reference when it is listed, valid until the execution moves on
//! (the protocol's rule), so nothing is computed for branches nobody opens. Values are shown
//! with secrets masked, as everywhere in sfdb.

use serde_json::{json, Value};

/// The scopes, as paths of the context.
pub const SCOPES: [&str; 5] = [
    "flow.variables",
    "flow.data",
    "trigger",
    "widgets",
    "contact",
];

/// A value of a frame's context: the frame, and the keys from the context's root.
pub type Place = (i64, Vec<String>);

/// The places behind the references handed out since the last stop.
#[derive(Default)]
pub struct Refs {
    places: Vec<Place>,
}

impl Refs {
    pub fn clear(&mut self) {
        self.places.clear();
    }

    /// A reference to the value at `path` in frame `frame`'s context.
    pub fn of(&mut self, frame: i64, path: Vec<String>) -> i64 {
        self.places.push((frame, path));
        self.places.len() as i64
    }

    pub fn place(&self, reference: i64) -> Option<&Place> {
        usize::try_from(reference - 1)
            .ok()
            .and_then(|i| self.places.get(i))
    }
}

/// The value at `path` in `root`.
pub fn at<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(root, |value, key| match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The path as Liquid reads it: `flow.variables.count`, `widgets.x.parsed.items[0]`,
/// `trigger.message["Some Key"]`.
pub fn liquid_path(path: &[String], parent_is_array: impl Fn(usize) -> bool) -> String {
    let mut out = String::new();
    for (i, key) in path.iter().enumerate() {
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && !key.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        if i > 0 && parent_is_array(i) {
            out.push_str(&format!("[{key}]"));
        } else if plain {
            if i > 0 {
                out.push('.');
            }
            out.push_str(key);
        } else {
            out.push_str(&format!("[{}]", Value::String(key.clone())));
        }
    }
    out
}

/// How a value is shown on one line: scalars as JSON, containers by their size.
pub fn summary(value: &Value) -> String {
    match value {
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => format!("{{…}} {} keys", map.len()),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) => format!("[…] {} items", items.len()),
        other => other.to_string(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The children of the value at `path` in `now`, marked `changed` where they differ from
/// `before` (the context before the last step). `first` names a child to list first (the
/// last step's widget, under `widgets`).
pub fn children(
    refs: &mut Refs,
    now: &Value,
    before: Option<&Value>,
    (frame, path): (i64, &[String]),
    first: Option<&str>,
) -> Vec<Value> {
    let Some(value) = at(now, path) else {
        return Vec::new();
    };
    let mut entries: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    };
    if let Some(first) = first {
        if let Some(i) = entries.iter().position(|(k, _)| k == first) {
            let entry = entries.remove(i);
            entries.insert(0, entry);
        }
    }
    entries
        .into_iter()
        .map(|(key, child)| {
            let mut child_path = path.to_vec();
            child_path.push(key.clone());
            let reference = match child {
                Value::Object(m) if !m.is_empty() => refs.of(frame, child_path.clone()),
                Value::Array(a) if !a.is_empty() => refs.of(frame, child_path.clone()),
                _ => 0,
            };
            let changed = before.is_some_and(|b| at(b, &child_path) != Some(child));
            let arrays = |i: usize| matches!(at(now, &child_path[..i]), Some(Value::Array(_)));
            let mut entry = json!({
                "name": key,
                "value": summary(child),
                "type": kind(child),
                "variablesReference": reference,
                "evaluateName": liquid_path(&child_path, arrays),
            });
            if changed {
                // No standard hint says "changed"; attributes are open, and clients that know
                // none of them show the value as usual.
                entry["presentationHint"] = json!({"attributes": ["changed"]});
            }
            entry
        })
        .collect()
}

/// The path a scope or `a.b.c` names, split into keys.
pub fn split(path: &str) -> Vec<String> {
    path.split('.').map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_listed_lazily_and_changes_marked() {
        let now = json!({"flow": {"variables": {"count": 3, "items": [1, 2], "same": "x"}}});
        let before = json!({"flow": {"variables": {"count": 2, "items": [1, 2], "same": "x"}}});
        let mut refs = Refs::default();
        let list = children(
            &mut refs,
            &now,
            Some(&before),
            (1, &split("flow.variables")),
            None,
        );
        assert_eq!(list.len(), 3);
        assert_eq!(list[0]["name"], "count");
        assert_eq!(list[0]["value"], "3");
        assert_eq!(list[0]["presentationHint"]["attributes"][0], "changed");
        assert!(list[2].get("presentationHint").is_none());
        // Only the array is expandable, and its reference leads to its items.
        assert_eq!(list[0]["variablesReference"], 0);
        let items = list[1]["variablesReference"].as_i64().unwrap();
        let (frame, path) = refs.place(items).unwrap().clone();
        let inner = children(&mut refs, &now, None, (frame, &path), None);
        assert_eq!(inner[1]["evaluateName"], "flow.variables.items[1]");
    }

    #[test]
    fn odd_keys_read_back_in_liquid_and_a_named_child_comes_first() {
        let now = json!({"widgets": {"a": {}, "get order": {"x": 1}}});
        let mut refs = Refs::default();
        let list = children(
            &mut refs,
            &now,
            None,
            (1, &split("widgets")),
            Some("get order"),
        );
        assert_eq!(list[0]["name"], "get order");
        assert_eq!(list[0]["evaluateName"], "widgets[\"get order\"]");
    }
}
