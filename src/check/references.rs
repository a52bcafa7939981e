//! References in Liquid to widgets and variables that cannot be there when a widget runs.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::graph::Graph;
use super::{Finding, Severity};
use crate::flow::WidgetKind;
use crate::flow::{Flow, Widget};

static WIDGET_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bwidgets\.([A-Za-z0-9_-]+)").expect("a valid pattern"));
static VARIABLE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bflow\.variables\.([A-Za-z0-9_]+)").expect("a valid pattern"));

/// Every text a widget renders: properties (nested) and split condition values.
pub fn texts(widget: &Widget) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (key, value) in &widget.properties {
        if key != "offset" {
            walk(value, &mut out);
        }
    }
    for t in &widget.transitions {
        out.extend(t.conditions.iter().map(|c| c.value.clone()));
    }
    out
}

/// Only the text inside `{{ }}` and `{% %}`: names in plain text are not references.
fn markup(text: &str) -> Vec<&str> {
    static MARKUP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").expect("a valid pattern"));
    MARKUP.find_iter(text).map(|m| m.as_str()).collect()
}

pub fn check(flow: &Flow, graph: &Graph, index: usize, out: &mut Vec<Finding>) {
    let widget = &flow.widgets[index];
    let mut widgets = BTreeSet::new();
    let mut variables = BTreeSet::new();
    for text in texts(widget) {
        for m in markup(&text) {
            widgets.extend(WIDGET_REF.captures_iter(m).map(|c| c[1].to_string()));
            variables.extend(VARIABLE_REF.captures_iter(m).map(|c| c[1].to_string()));
        }
    }
    for name in widgets {
        match flow.index_of(&name) {
            None => out.push(Finding::at(
                widget,
                Severity::Warning,
                "widget-not-run",
                format!(
                    "uses widgets.{name}, but the flow has no widget {name}{}",
                    crate::words::did_you_mean(&name, flow.widgets.iter().map(|w| w.name.as_str()))
                ),
            )),
            Some(x) if !graph.can_run_before(x, index) => out.push(Finding::at(
                widget,
                Severity::Warning,
                "widget-not-run",
                format!("uses widgets.{name}, but {name} cannot have run on any path to here"),
            )),
            Some(_) => {}
        }
    }
    for key in variables {
        let set_before = flow.widgets.iter().enumerate().any(|(x, w)| {
            w.kind == WidgetKind::SetVariables
                && graph.can_run_before(x, index)
                && w.pairs("variables").iter().any(|(k, _)| *k == key)
        });
        if !set_before {
            out.push(Finding::at(
                widget,
                Severity::Warning,
                "variable-not-set",
                format!(
                    "reads flow.variables.{key}, but no Set Variables on any path to here sets it"
                ),
            ));
        }
    }
}
