//! The rules that look at one widget at a time.

use regex::RegexBuilder;

use super::liquid_words::describe;
use super::{Finding, Severity};
use crate::engine::conditions::number_literal;
use crate::flow::WidgetKind;
use crate::flow::{Flow, Widget};
use crate::liquid::Liquid;

/// Parameter names Studio refuses at run time (error 81014 names `method` as the example).
pub const RESERVED_PARAMETERS: [&str; 1] = ["method"];

fn has_liquid(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// A transition whose `next` names no widget: an execution that takes it ends there.
pub fn missing_target(flow: &Flow, widget: &Widget, out: &mut Vec<Finding>) {
    for t in &widget.transitions {
        let Some(next) = t.next.as_deref() else {
            continue;
        };
        if flow.index_of(next).is_none() {
            out.push(Finding::at(
                widget,
                Severity::Error,
                "missing-target",
                format!(
                    "transition `{}` leads to `{next}`, which does not exist{}; an execution \
                     that takes it stops there",
                    t.event,
                    crate::words::did_you_mean(next, flow.widgets.iter().map(|w| w.name.as_str()))
                ),
            ));
        }
    }
}

pub fn liquid_syntax(widget: &Widget, liquid: &Liquid, out: &mut Vec<Finding>) {
    for (key, value) in &widget.properties {
        let mut texts = Vec::new();
        collect(value, key, &mut texts);
        for (field, text) in texts {
            if has_liquid(&text) {
                if let Err(e) = liquid.parse(&text) {
                    out.push(Finding::at(
                        widget,
                        Severity::Error,
                        "liquid-syntax",
                        format!("field {field}: {}", describe(&text, &e.message)),
                    ));
                }
            }
        }
    }
    for (ti, t) in widget.transitions.iter().enumerate() {
        for (ci, c) in t.conditions.iter().enumerate() {
            if has_liquid(&c.value) {
                if let Err(e) = liquid.parse(&c.value) {
                    out.push(Finding::at(
                        widget,
                        Severity::Error,
                        "liquid-syntax",
                        format!(
                            "field transitions[{ti}].conditions[{ci}].value: {}",
                            describe(&c.value, &e.message)
                        ),
                    ));
                }
            }
        }
    }
}

/// Every string inside a property, with its field path (`parameters[0].value`).
fn collect(value: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) => out.push((path.to_string(), s.clone())),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, &format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                collect(v, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

pub fn split_conditions(widget: &Widget, out: &mut Vec<Finding>) {
    if widget.kind != WidgetKind::SplitBasedOn {
        return;
    }
    for t in &widget.transitions {
        for c in &t.conditions {
            if has_liquid(&c.value) {
                continue;
            }
            let value = c.value.trim();
            match c.kind.as_str() {
                "regex" => {
                    if let Err(e) = RegexBuilder::new(&format!("^(?:{value})$"))
                        .case_insensitive(true)
                        .build()
                    {
                        let why = e
                            .to_string()
                            .lines()
                            .rfind(|l| !l.trim().is_empty())
                            .unwrap_or_default()
                            .trim()
                            .to_string();
                        out.push(Finding::at(
                            widget,
                            Severity::Error,
                            "invalid-regex",
                            format!("condition {:?}: the regex `{value}` does not compile ({why}); it matches nothing", c.friendly_name),
                        ));
                    }
                }
                "less_than" | "greater_than" if number_literal(value).is_none() => {
                    out.push(Finding::at(
                        widget,
                        Severity::Warning,
                        "numeric-compare",
                        format!(
                            "condition {:?}: {} compares numbers, but `{value}` is not a number, so it never holds",
                            c.friendly_name, c.kind
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
}

pub fn http(widget: &Widget, out: &mut Vec<Finding>) {
    if !widget.kind.sends_http() {
        return;
    }
    for (key, _) in widget.pairs("parameters") {
        if RESERVED_PARAMETERS.contains(&key.trim()) {
            out.push(Finding::at(
                widget,
                Severity::Error,
                "reserved-parameter",
                format!(
                    "parameter `{key}` is a reserved word: Studio fails the request (error 81014)"
                ),
            ));
        }
    }
    let url = widget.text("url");
    if widget.kind == WidgetKind::MakeHttpRequest
        && widget.flag("add_twilio_auth")
        && !has_liquid(&url)
    {
        let twilio = url::Url::parse(url.trim())
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .is_some_and(|h| h == "twilio.com" || h.ends_with(".twilio.com"));
        if !twilio {
            out.push(Finding::at(
                widget,
                Severity::Error,
                "twilio-auth-host",
                format!("add_twilio_auth is on but `{}` is not a *.twilio.com URL: Studio fails the widget without a request", crate::mask::url(url.trim())),
            ));
        }
    }
}

pub fn self_loop_retry(widget: &Widget, out: &mut Vec<Finding>) {
    let failure = match &widget.kind {
        WidgetKind::MakeHttpRequest => "failed",
        WidgetKind::RunFunction | WidgetKind::RunFunctionV2 => "fail",
        _ => return,
    };
    if widget.transition(failure).and_then(|t| t.next.as_deref()) == Some(widget.name.as_str()) {
        out.push(Finding::at(
            widget,
            Severity::Warning,
            "self-loop-retry",
            format!(
                "{failure} loops straight back to this widget: Studio stops the execution after 10 runs in a row (81001); count the attempts with Set Variables and Split Based On instead"
            ),
        ));
    }
}

pub fn silent_end(widget: &Widget, out: &mut Vec<Finding>) {
    if widget.kind == WidgetKind::Trigger {
        return;
    }
    let mut events: Vec<String> = crate::engine::widgets::catalog::events(widget);
    match &widget.kind {
        WidgetKind::MakeHttpRequest => events.extend(["success".into(), "failed".into()]),
        WidgetKind::RunFunction | WidgetKind::RunFunctionV2 => {
            events.extend(["success".into(), "fail".into()]);
        }
        WidgetKind::SplitBasedOn => events.push("noMatch".into()),
        _ => {}
    }
    events.dedup();
    let mut silent: Vec<String> = Vec::new();
    for event in events {
        match widget.transition(&event) {
            Some(t) if t.next.is_some() => {}
            _ if silent.contains(&event) => {}
            _ => silent.push(event),
        }
    }
    // A widget with no transition at all is an intended end (say-play at the end of a call).
    if !silent.is_empty() && widget.transitions.iter().any(|t| t.next.is_some()) {
        out.push(Finding::at(
            widget,
            Severity::Info,
            "silent-end",
            format!("the execution ends silently on {}", silent.join(", ")),
        ));
    }
}

pub fn unknown_type(widget: &Widget, out: &mut Vec<Finding>) {
    let known = matches!(
        widget.kind,
        WidgetKind::Trigger | WidgetKind::SetVariables | WidgetKind::SplitBasedOn
    ) || widget.kind.sends_http()
        || crate::engine::widgets::catalog::spec(&widget.kind).is_some();
    if !known {
        out.push(Finding::at(
            widget,
            Severity::Info,
            "unknown-type",
            format!(
                "sfdb does not know the type {}; a run stops here",
                widget.kind
            ),
        ));
    }
}
