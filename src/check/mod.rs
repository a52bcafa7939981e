//! `sfdb check`: the bugs visible in a flow before a single step — Liquid that does not parse,
//! regexes that do not compile, retries that loop a widget on itself, references to widgets
//! that cannot have run, variables nothing sets.
//!
//! It imports `engine`, `liquid` and `flow`; never `scenario`, `cli` or `tui`.

mod graph;
mod liquid_words;
mod references;
mod rules;

use serde::Serialize;

use crate::flow::{Flow, Widget};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A short stable name for the rule (`liquid-syntax`, `self-loop-retry`, ...).
    pub rule: &'static str,
    /// The widget it is about (`None` for the whole flow).
    pub widget: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub message: String,
}

impl Finding {
    fn at(widget: &Widget, severity: Severity, rule: &'static str, message: String) -> Finding {
        Finding {
            severity,
            rule,
            widget: Some(widget.name.clone()),
            kind: Some(widget.kind.to_string()),
            message,
        }
    }

    /// `widget NAME (type): severity: message`, or `severity: message` for the flow.
    pub fn line(&self) -> String {
        match (&self.widget, &self.kind) {
            (Some(w), Some(k)) => format!(
                "widget {w} ({k}): {}: {}",
                self.severity.name(),
                self.message
            ),
            _ => format!("{}: {}", self.severity.name(), self.message),
        }
    }
}

/// Every rule name, in the order the README's table lists them.
pub const RULES: [(&str, Severity); 14] = [
    ("missing-target", Severity::Error),
    ("liquid-syntax", Severity::Error),
    ("invalid-regex", Severity::Error),
    ("reserved-parameter", Severity::Error),
    ("twilio-auth-host", Severity::Error),
    ("duplicate-key", Severity::Error),
    ("unreachable", Severity::Warning),
    ("self-loop-retry", Severity::Warning),
    ("endless-cycle", Severity::Warning),
    ("widget-not-run", Severity::Warning),
    ("variable-not-set", Severity::Warning),
    ("numeric-compare", Severity::Warning),
    ("silent-end", Severity::Info),
    ("unknown-type", Severity::Info),
];

/// All findings for a flow (which has already passed validation), widgets in file order.
pub fn check(flow: &Flow) -> Vec<Finding> {
    let liquid = crate::liquid::Liquid::new();
    let graph = graph::Graph::new(flow);
    let mut out = Vec::new();
    for (i, widget) in flow.widgets.iter().enumerate() {
        rules::missing_target(flow, widget, &mut out);
        rules::liquid_syntax(widget, &liquid, &mut out);
        rules::split_conditions(widget, &mut out);
        rules::http(widget, &mut out);
        rules::self_loop_retry(widget, &mut out);
        rules::silent_end(widget, &mut out);
        rules::unknown_type(widget, &mut out);
        if !graph.reachable(i) {
            out.push(Finding::at(
                widget,
                Severity::Warning,
                "unreachable",
                format!("nothing leads here from {}", flow.initial_state),
            ));
        } else {
            references::check(flow, &graph, i, &mut out);
        }
    }
    graph::endless_cycles(flow, &graph, &mut out);
    duplicate_keys(flow, &mut out);
    out
}

/// A key named twice in one object: Studio and sfdb read the last, so the first is dead text
/// that looks like the value, and an editor may change the wrong one.
fn duplicate_keys(flow: &Flow, out: &mut Vec<Finding>) {
    for path in &flow.duplicate_keys {
        // `states[3]…` names widget 3 in a definition (a resource puts `definition.` first).
        let widget = path
            .split("states[")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|i| flow.widgets.get(i));
        out.push(Finding {
            severity: Severity::Error,
            rule: "duplicate-key",
            widget: widget.map(|w| w.name.clone()),
            kind: widget.map(|w| w.kind.to_string()),
            message: format!(
                "{} is written twice in the file: the last is the one read (and edited), the \
                 other is ignored; delete one",
                crate::mask::visible(path)
            ),
        });
    }
}

/// The findings about one widget.
pub fn for_widget<'a>(
    findings: &'a [Finding],
    widget: &str,
) -> impl Iterator<Item = &'a Finding> + 'a {
    let widget = widget.to_string();
    findings
        .iter()
        .filter(move |f| f.widget.as_deref() == Some(widget.as_str()))
}
