//! What a search for new paths tries, taken from the flow itself: the values its Split Based On
//! conditions compare against (and neighbours of the numbers, for `less_than` and the like),
//! and the parsed response fields each HTTP widget's answer is read by.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::flow::{Flow, WidgetKind};

static PARSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"widgets\.([A-Za-z0-9_-]+)\.parsed((?:\.[A-Za-z0-9_]+)+)").expect("a valid pattern")
});

static CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(flow\.data\.[A-Za-z0-9_]+|trigger\.[a-z]+\.[A-Za-z0-9_]+)")
        .expect("a valid pattern")
});

/// The context paths a run can be started with that the flow's splits read: the REST API's
/// parameters (`flow.data.event_type`) and the trigger's fields (`trigger.message.Body`).
pub fn context_paths(flow: &Flow) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    for widget in &flow.widgets {
        let mut texts = vec![widget.text("input")];
        for t in &widget.transitions {
            for c in &t.conditions {
                texts.extend(c.arguments.iter().cloned());
            }
        }
        for text in texts {
            out.extend(CONTEXT.captures_iter(&text).map(|c| c[1].to_string()));
        }
    }
    out.into_iter().collect()
}

static VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"flow\.variables\.([A-Za-z0-9_]+)").expect("a valid pattern"));
static WIDGET_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"widgets\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+)*)").expect("a valid pattern")
});

/// The values each split compares what it reads with, by what it reads: a widget (`lookup`:
/// its reply, digits or speech), a response field (`lookup.parsed.status`), a context path
/// (`flow.data.event_type`). A search tries these first where it sets that thing.
pub fn asked(flow: &Flow) -> BTreeMap<String, Vec<String>> {
    // What each flow variable is set from: a split on `flow.variables.k` asks of whatever
    // `k` is set from (`{{widgets.lookup.parsed.drive_thru}}`).
    let mut set_from: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for widget in flow
        .widgets
        .iter()
        .filter(|w| w.kind == WidgetKind::SetVariables)
    {
        for (key, value) in widget.pairs("variables") {
            set_from.entry(key).or_default().push(value);
        }
    }
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for widget in &flow.widgets {
        let mut input = widget.text("input");
        for c in VARIABLE.captures_iter(&widget.text("input")) {
            for template in set_from.get(&c[1]).into_iter().flatten() {
                input.push(' ');
                input.push_str(template);
            }
        }
        let mut keys: Vec<String> = Vec::new();
        for c in WIDGET_PATH.captures_iter(&input) {
            keys.push(c[1].to_string());
            keys.push(format!("{}{}", &c[1], &c[2]));
        }
        keys.extend(CONTEXT.captures_iter(&input).map(|c| c[1].to_string()));
        for t in &widget.transitions {
            for c in &t.conditions {
                let value = c.value.trim();
                // Blank or not, whatever the value says ("Is Blank").
                if c.kind == "is_blank" || c.kind == "is_not_blank" {
                    for key in &keys {
                        out.entry(key.clone()).or_default().insert(String::new());
                    }
                    continue;
                }
                if value.is_empty() || value.contains("{{") {
                    continue;
                }
                let values: Vec<String> = if c.kind == "matches_any_of" {
                    value.split(',').map(|v| v.trim().to_string()).collect()
                } else if c.kind == "regex" {
                    super::witness::witnesses(value)
                } else {
                    vec![value.to_string()]
                };
                for key in &keys {
                    out.entry(key.clone())
                        .or_default()
                        .extend(values.iter().cloned());
                }
            }
        }
    }
    out.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

/// Values worth trying as a reply, digits, speech or a response field.
pub fn values(flow: &Flow) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    for widget in &flow.widgets {
        for t in &widget.transitions {
            for c in &t.conditions {
                let value = c.value.trim();
                if c.kind == "is_blank" || c.kind == "is_not_blank" {
                    out.insert(String::new());
                    continue;
                }
                if value.is_empty() || value.contains("{{") {
                    continue;
                }
                if c.kind == "matches_any_of" {
                    out.extend(value.split(',').map(|v| v.trim().to_string()));
                } else if c.kind == "regex" {
                    out.extend(super::witness::witnesses(value));
                } else {
                    out.insert(value.to_string());
                }
                if let Ok(n) = value.parse::<f64>() {
                    out.insert(format!("{}", n - 1.0));
                    out.insert(format!("{}", n + 1.0));
                }
            }
        }
    }
    // Something no condition asks for: the way to `noMatch`.
    out.insert("sfdb-explore".to_string());
    out.into_iter().collect()
}

/// For each widget whose response the flow reads, the field paths it reads
/// (`widgets.lookup.parsed.order.status` gives `lookup: [order.status]`).
pub fn parsed_fields(flow: &Flow) -> BTreeMap<String, BTreeSet<Vec<String>>> {
    let mut out: BTreeMap<String, BTreeSet<Vec<String>>> = BTreeMap::new();
    let mut read = |text: &str| {
        for c in PARSED.captures_iter(text) {
            let path: Vec<String> = c[2]
                .trim_start_matches('.')
                .split('.')
                .map(str::to_string)
                .collect();
            out.entry(c[1].to_string()).or_default().insert(path);
        }
    };
    for widget in &flow.widgets {
        for value in widget.properties.values() {
            read(&value.to_string());
        }
        for t in &widget.transitions {
            for c in &t.conditions {
                read(&c.value);
                for a in &c.arguments {
                    read(a);
                }
            }
        }
    }
    out
}
