//! How an execution starts: the flow, the trigger event, the values set in the context, the
//! subflows and the step limit, and building the execution from them.
//!
//! `cli` builds a [`Start`] from its options and `scenario` from a scenario file; `tui`, `run`
//! and `test` start executions from it. It may import `flow`, `liquid` and `engine`, never
//! `scenario`, `cli` or `tui`, so the command line stays the top of the house.

pub mod answers;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::engine::widgets::TwilioCredentials;
use crate::engine::{Context, Execution, Options};
use crate::flow::{Document, Flow};
use crate::liquid::clock::Clock;
use crate::liquid::Liquid;

/// How an execution starts. Text options keep the user's spelling (`PATH=VALUE`) so errors
/// can quote them.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    /// The flow definition (bare, a Flow resource, or a one-element array of one).
    pub flow: Option<PathBuf>,
    /// A scenario file to start from instead of a flow.
    pub scenario: Option<PathBuf>,
    /// The trigger event (default: the trigger's first event that leads somewhere).
    pub trigger: Option<String>,
    /// `PATH=VALUE`: a text value set in the context before the start.
    pub set: Vec<String>,
    /// `PATH=JSON`: a JSON value set in the context before the start.
    pub set_json: Vec<String>,
    /// `SID=FILE`: the flow file a run-subflow widget runs for a flow SID.
    pub subflow: Vec<String>,
    /// Stop after this many steps.
    pub max_steps: usize,
    /// The time zone Liquid dates are shown in (an IANA name; Studio's is Pacific time).
    pub timezone: Option<String>,
    /// "now" for the whole run, as RFC 3339 (`2026-11-27T09:30:00-08:00`).
    pub now: Option<String>,
    /// `WIDGET=JSON`: outputs merged over what the widget writes (repeated: one per run).
    pub outputs: Vec<String>,
    /// A template error stops the run instead of being Studio's warning 81018.
    pub strict_liquid: bool,
    /// Answers for widgets that wait (`--input`, `--digits`, `--speech`, `--event`), in the
    /// user's spelling, queued after a scenario's.
    pub answers: Vec<(answers::Answer, String)>,
}

impl Default for Start {
    /// No flow, no values, Studio's step limit: what tests and embedders start from.
    fn default() -> Self {
        Start {
            flow: None,
            scenario: None,
            trigger: None,
            set: Vec::new(),
            set_json: Vec::new(),
            subflow: Vec::new(),
            max_steps: crate::engine::execution::MAX_STEPS,
            timezone: None,
            now: None,
            outputs: Vec::new(),
            strict_liquid: false,
            answers: Vec::new(),
        }
    }
}

impl Start {
    /// The clock the run's Liquid reads: the time zone and "now" asked for, else Studio's.
    pub fn clock(&self) -> Result<Clock, SetupError> {
        let mut clock = Clock::default();
        if let Some(zone) = &self.timezone {
            clock.zone =
                Clock::zone_named(zone).map_err(|e| SetupError(format!("--timezone {e}")))?;
        }
        if let Some(now) = &self.now {
            clock.fixed = Some(Clock::moment(now).map_err(|e| SetupError(format!("--now {e}")))?);
        }
        Ok(clock)
    }

    /// The `set` and `set_json` values as one ordered map (for recording a run).
    pub fn values(&self) -> serde_json::Map<String, Value> {
        let mut out = serde_json::Map::new();
        for text in &self.set {
            if let Some((path, value)) = text.split_once('=') {
                out.insert(path.to_string(), Value::String(value.to_string()));
            }
        }
        for text in &self.set_json {
            if let Some((path, json)) = text.split_once('=') {
                if let Ok(value) = serde_json::from_str(json) {
                    out.insert(path.to_string(), value);
                }
            }
        }
        out
    }
}

/// A start option that cannot be used, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SetupError(pub String);

/// The events a Studio trigger can fire.
pub const TRIGGER_EVENTS: [&str; 5] = [
    "incomingMessage",
    "incomingCall",
    "incomingConversationMessage",
    "incomingRequest",
    "incomingParent",
];

/// The events the flow's trigger can start with: its own, then the others Studio knows.
pub fn trigger_events(flow: &Flow) -> Vec<String> {
    let mut events: Vec<String> = flow
        .widget(&flow.initial_state)
        .map(|t| t.transitions.iter().map(|t| t.event.clone()).collect())
        .unwrap_or_default();
    for known in TRIGGER_EVENTS {
        if !events.iter().any(|e| e == known) {
            events.push(known.to_string());
        }
    }
    events
}

/// The trigger event to start with: the one asked for (which the trigger or Studio must know),
/// else the trigger's first event that leads somewhere, else its first, else `incomingMessage`.
pub fn trigger_event(flow: &Flow, asked: Option<&str>) -> Result<String, SetupError> {
    let trigger = flow.widget(&flow.initial_state).ok_or_else(|| {
        SetupError(format!(
            "the initial state {} does not exist",
            flow.initial_state
        ))
    })?;
    let events = trigger_events(flow);
    match asked {
        Some(event) if events.iter().any(|e| e == event) => Ok(event.to_string()),
        Some(event) => Err(SetupError(format!(
            "--trigger {event}: the trigger has no such event{} (it has: {})",
            crate::words::did_you_mean(event, events.iter().map(String::as_str)),
            events.join(", ")
        ))),
        None => Ok(trigger
            .transitions
            .iter()
            .find(|t| t.next.is_some())
            .or(trigger.transitions.first())
            .map_or(TRIGGER_EVENTS[0], |t| t.event.as_str())
            .to_string()),
    }
}

fn split_assignment<'a>(option: &str, text: &'a str) -> Result<(&'a str, &'a str), SetupError> {
    text.split_once('=')
        .ok_or_else(|| SetupError(format!("{option} {text}: expected PATH=VALUE")))
}

/// The starting context with the `--set` and `--set-json` values applied, in that order.
pub fn context(flow: &Flow, event: &str, start: &Start) -> Result<Context, SetupError> {
    let mut context = Context::new(flow, event);
    for text in &start.set {
        let (path, value) = split_assignment("--set", text)?;
        context
            .set(path, Value::String(value.to_string()))
            .map_err(|e| SetupError(format!("--set {e}")))?;
    }
    for text in &start.set_json {
        let (path, json) = split_assignment("--set-json", text)?;
        let value: Value = serde_json::from_str(json)
            .map_err(|e| SetupError(format!("--set-json {path}: invalid JSON: {e}")))?;
        context
            .set(path, value)
            .map_err(|e| SetupError(format!("--set-json {e}")))?;
    }
    Ok(context)
}

/// An execution of `document`'s flow as the start options describe it.
pub fn execution(document: &Document, start: &Start) -> Result<Execution, SetupError> {
    execution_with(document, start, &serde_json::Map::new())
}

/// Like [`execution`], with JSON values set at paths after the options' (a scenario's `set`).
pub fn execution_with(
    document: &Document,
    start: &Start,
    values: &serde_json::Map<String, Value>,
) -> Result<Execution, SetupError> {
    let flow = document.flow.clone();
    let event = trigger_event(&flow, start.trigger.as_deref())?;
    let mut context = context(&flow, &event, start)?;
    for (path, value) in values {
        context
            .set(path, value.clone())
            .map_err(|e| SetupError(format!("set: {e}")))?;
    }
    if start.max_steps == 0 {
        return Err(SetupError("--max-steps must be at least 1".into()));
    }
    let mut execution = Execution::new(
        flow,
        context,
        Arc::new(Liquid::new().with_clock(start.clock()?)),
        Options {
            trigger_event: event,
            max_steps: start.max_steps,
            twilio: TwilioCredentials::from_env(),
            strict_liquid: start.strict_liquid,
            function_urls: Default::default(),
        },
    );
    let mut subflows = HashMap::new();
    for text in &start.subflow {
        let (sid, path) = split_assignment("--subflow", text)?;
        let doc =
            Document::load(std::path::Path::new(path)).map_err(|e| SetupError(e.to_string()))?;
        subflows.insert(sid.to_string(), Arc::new(doc.flow));
    }
    execution.set_subflows(subflows);
    apply_outputs(&mut execution, start)?;
    Ok(execution)
}

/// Gives the execution the `--output WIDGET=JSON` values, in order per widget.
pub fn apply_outputs(execution: &mut Execution, start: &Start) -> Result<(), SetupError> {
    let mut by_widget: Vec<(String, Vec<Value>)> = Vec::new();
    for text in &start.outputs {
        let (widget, json) = split_assignment("--output", text)?;
        if execution.flow().widget(widget).is_none() {
            return Err(SetupError(format!(
                "--output {widget}: the flow has no widget {widget}{}",
                crate::words::did_you_mean(
                    widget,
                    execution.flow().widgets.iter().map(|w| w.name.as_str())
                )
            )));
        }
        let value: Value = serde_json::from_str(json)
            .map_err(|e| SetupError(format!("--output {widget}: invalid JSON: {e}")))?;
        if !value.is_object() {
            return Err(SetupError(format!(
                "--output {widget}: give an object of outputs, like {{\"AnsweredBy\": \"machine_start\"}}"
            )));
        }
        match by_widget.iter_mut().find(|(w, _)| w == widget) {
            Some((_, values)) => values.push(value),
            None => by_widget.push((widget.to_string(), vec![value])),
        }
    }
    for (widget, values) in by_widget {
        execution.set_outputs(&widget, values);
    }
    Ok(())
}
