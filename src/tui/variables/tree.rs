//! The variable pane's rows: the context flattened into a tree with collapsible branches, and
//! which paths the last step added or changed.

use std::collections::{HashMap, HashSet};

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

/// Branches with more members than this start folded, showing their size: a 150-item response
/// is a screenful, not 900 rows.
pub const LARGE: usize = 20;

/// Which branches are folded: the user's choice where one was made, else the large ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folds {
    chosen: HashMap<String, bool>,
    /// Nothing folded, whatever was chosen (what a search looks through).
    open: bool,
}

impl Folds {
    /// Every branch unfolded.
    pub fn none() -> Folds {
        Folds {
            chosen: HashMap::new(),
            open: true,
        }
    }

    pub fn is_folded(&self, path: &str, value: &Value) -> bool {
        if self.open {
            return false;
        }
        let members = match value {
            Value::Object(o) => o.len(),
            Value::Array(a) => a.len(),
            _ => return false,
        };
        self.chosen.get(path).copied().unwrap_or(members > LARGE)
    }

    pub fn set(&mut self, path: &str, folded: bool) {
        self.chosen.insert(path.to_string(), folded);
    }

    /// Unfolds every branch that holds `path`, so that its row shows.
    pub fn unfold_to(&mut self, path: &str) {
        let mut at = crate::liquid::path::parent(path);
        while let Some(p) = at {
            self.set(p, false);
            at = crate::liquid::path::parent(p);
        }
    }

    /// Folds (or unfolds) the branch at `path` and every branch inside it.
    pub fn set_all(&mut self, path: &str, value: &Value, folded: bool) {
        match value {
            Value::Object(map) => {
                self.set(path, folded);
                for (k, v) in map {
                    self.set_all(&crate::liquid::path::member(path, k), v, folded);
                }
            }
            Value::Array(items) => {
                self.set(path, folded);
                for (i, v) in items.iter().enumerate() {
                    self.set_all(&crate::liquid::path::index(path, i), v, folded);
                }
            }
            _ => {}
        }
    }

    /// A hash of the choices, the same whatever order they were made in.
    pub fn digest(&self) -> u64 {
        use std::hash::BuildHasher;
        let fixed = std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default();
        self.chosen
            .iter()
            .fold(self.chosen.len() as u64, |acc, c| acc ^ fixed.hash_one(c))
    }
}

fn summary(value: &Value) -> String {
    match value {
        Value::Object(o) => format!("{{{} keys}}", o.len()),
        Value::Array(a) => format!("[{}]", a.len()),
        Value::String(s) => format!("{s:?}"),
        other => render_json(other),
    }
}

/// A row as searched and drawn: its key, and its value unless it is an open branch.
pub fn row_text(row: &Row) -> String {
    if row.branch && !row.collapsed {
        row.label.clone()
    } else if row.branch {
        format!("{} {}", row.label, row.value)
    } else {
        format!("{}: {}", row.label, row.value)
    }
}

/// The row of `path`, or of the nearest value holding it that has a row; the first row when
/// none does.
pub fn position(rows: &[Row], path: Option<&str>) -> usize {
    let mut at = path;
    while let Some(p) = at {
        if let Some(i) = rows.iter().position(|r| r.path == p) {
            return i;
        }
        at = crate::liquid::path::parent(p);
    }
    0
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

/// The rows for a context, given the folds and the changed paths.
pub fn rows(context: &Value, collapsed: &Folds, changed: &HashSet<String>) -> Vec<Row> {
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
    collapsed: &Folds,
    changed: &HashSet<String>,
) {
    let branch = matches!(value, Value::Object(_) | Value::Array(_));
    let is_collapsed = collapsed.is_folded(path, value);
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
        let mut collapsed = Folds::default();
        collapsed.set("widgets.call.parsed.items", true);
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
        assert_eq!(rows[7].value, "[1]");
    }

    #[test]
    fn large_branches_start_folded_until_unfolded() {
        let items: Vec<Value> = (0..150).map(|i| json!({"sku": i})).collect();
        let ctx = json!({"widgets": {"get": {"parsed": {"items": items, "few": [1, 2]}}}});
        let mut folds = Folds::default();
        let shown = rows(&ctx, &folds, &HashSet::new());
        let items_row = shown
            .iter()
            .find(|r| r.path == "widgets.get.parsed.items")
            .unwrap();
        assert!(items_row.collapsed);
        assert_eq!(items_row.value, "[150]");
        assert_eq!(shown.len(), 7, "{shown:?}");
        folds.unfold_to("widgets.get.parsed.items[120].sku");
        let shown = rows(&ctx, &folds, &HashSet::new());
        assert!(shown
            .iter()
            .any(|r| r.path == "widgets.get.parsed.items[120].sku"));
        assert_eq!(rows(&ctx, &Folds::none(), &HashSet::new()).len(), 7 + 300);
    }
}
