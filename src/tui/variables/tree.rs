//! The variable pane's rows: the context flattened into a tree with collapsible branches, and
//! which paths the last step added or changed.

use std::collections::HashSet;

use serde_json::Value;

use crate::liquid::render_json;

/// The sections of the variable pane, in order, with the context path each shows.
pub const SECTIONS: [&str; 6] = [
    "flow.variables",
    "flow.data",
    "trigger",
    "widgets",
    "contact",
    "flow",
];

/// The path prefix of watch rows (`watch:0`, ...), which are not context paths.
pub const WATCH: &str = "watch:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The Liquid path of the value (`widgets.call.parsed.items[0].id`).
    pub path: String,
    pub depth: usize,
    pub label: String,
    /// The value as text for scalars; a summary for branches.
    pub value: String,
    pub branch: bool,
    pub collapsed: bool,
    pub changed: bool,
}

fn summary(value: &Value) -> String {
    match value {
        Value::Object(o) => format!("{{{} keys}}", o.len()),
        Value::Array(a) => format!("[{} items]", a.len()),
        Value::String(s) => format!("{s:?}"),
        other => render_json(other),
    }
}

/// Whether `path` is `branch` or a value inside it.
pub fn is_within(path: &str, branch: &str) -> bool {
    path == branch
        || (path.len() > branch.len()
            && path.starts_with(branch)
            && matches!(path.as_bytes()[branch.len()], b'.' | b'['))
}

fn is_changed(changed: &HashSet<String>, path: &str) -> bool {
    changed.contains(path) || changed.iter().any(|c| is_within(path, c))
}

/// The rows for a context, given the collapsed paths and the changed paths.
pub fn rows(context: &Value, collapsed: &HashSet<String>, changed: &HashSet<String>) -> Vec<Row> {
    let mut out = Vec::new();
    for section in SECTIONS {
        let Some(value) = crate::liquid::path::lookup(context, section) else {
            continue;
        };
        if section == "flow" {
            // Only what the other sections do not already show.
            let Some(obj) = value.as_object() else {
                continue;
            };
            let rest: serde_json::Map<String, Value> = obj
                .iter()
                .filter(|(k, _)| *k != "variables" && *k != "data")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            push(
                &mut out,
                "flow",
                "flow",
                &Value::Object(rest),
                0,
                collapsed,
                changed,
            );
        } else {
            push(&mut out, section, section, value, 0, collapsed, changed);
        }
    }
    out
}

fn push(
    out: &mut Vec<Row>,
    path: &str,
    label: &str,
    value: &Value,
    depth: usize,
    collapsed: &HashSet<String>,
    changed: &HashSet<String>,
) {
    let branch = matches!(value, Value::Object(_) | Value::Array(_));
    let is_collapsed = branch && collapsed.contains(path);
    out.push(Row {
        path: path.to_string(),
        depth,
        label: label.to_string(),
        value: summary(value),
        branch,
        collapsed: is_collapsed,
        changed: is_changed(changed, path),
    });
    if is_collapsed {
        return;
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                push(
                    out,
                    &crate::liquid::path::member(path, k),
                    k,
                    v,
                    depth + 1,
                    collapsed,
                    changed,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let label = format!("[{i}]");
                push(
                    out,
                    &crate::liquid::path::index(path, i),
                    &label,
                    v,
                    depth + 1,
                    collapsed,
                    changed,
                );
            }
        }
        _ => {}
    }
}

/// The paths whose value differs between `before` and `after` (added or changed; a branch that
/// is new is one path).
pub fn changes(before: &Value, after: &Value) -> HashSet<String> {
    let mut out = HashSet::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (k, v) in a {
            diff(b.get(k), v, k, &mut out);
        }
    }
    out
}

fn diff(before: Option<&Value>, after: &Value, path: &str, out: &mut HashSet<String>) {
    match (before, after) {
        (Some(Value::Object(b)), Value::Object(a)) => {
            for (k, v) in a {
                diff(b.get(k), v, &crate::liquid::path::member(path, k), out);
            }
        }
        (Some(Value::Array(b)), Value::Array(a)) if b.len() == a.len() => {
            for (i, v) in a.iter().enumerate() {
                diff(b.get(i), v, &crate::liquid::path::index(path, i), out);
            }
        }
        (Some(b), a) if b == a => {}
        _ => {
            out.insert(path.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_name_the_paths_added_or_changed() {
        let before = json!({"flow": {"variables": {"count": 1, "same": "x"}}, "widgets": {}});
        let after = json!({"flow": {"variables": {"count": 2, "same": "x", "new": true}},
                           "widgets": {"call": {"status_code": 200}}});
        let mut got: Vec<String> = changes(&before, &after).into_iter().collect();
        got.sort();
        assert_eq!(
            got,
            ["flow.variables.count", "flow.variables.new", "widgets.call"]
        );
    }

    #[test]
    fn rows_follow_sections_mark_changes_and_collapse() {
        let ctx = json!({"flow": {"variables": {"count": 2}, "data": {}, "sid": "FN0"},
                         "trigger": {}, "widgets": {"call": {"parsed": {"items": [{"id": 1}]}}},
                         "contact": {}});
        let changed: HashSet<String> = ["widgets.call".to_string()].into();
        let collapsed: HashSet<String> = ["widgets.call.parsed.items".to_string()].into();
        let rows = rows(&ctx, &collapsed, &changed);
        let paths: Vec<(&str, bool)> = rows.iter().map(|r| (r.path.as_str(), r.changed)).collect();
        assert_eq!(
            paths,
            [
                ("flow.variables", false),
                ("flow.variables.count", false),
                ("flow.data", false),
                ("trigger", false),
                ("widgets", false),
                ("widgets.call", true),
                ("widgets.call.parsed", true),
                ("widgets.call.parsed.items", true),
                ("contact", false),
                ("flow", false),
                ("flow.sid", false),
            ]
        );
        assert!(rows[7].collapsed);
        assert_eq!(rows[7].value, "[1 items]");
    }
}
