//! One step of an execution, as Studio's Executions Steps API records it, plus what a
//! debugger adds (never part of the context).

use serde::Serialize;
use serde_json::{Map, Value};

use super::http::HttpRecord;
use crate::flow::WidgetKind;

/// `transitioned_to` when the execution ends with this step.
pub const ENDED: &str = "Ended";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub step: usize,
    pub transitioned_from: String,
    #[serde(rename = "type")]
    pub kind: WidgetKind,
    /// The event the widget fired.
    pub name: String,
    pub transitioned_to: String,
    /// What the widget wrote to `widgets.<name>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outputs: Option<std::sync::Arc<Value>>,
    /// What a Set Variables widget wrote to `flow.variables`.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub variables: Map<String, Value>,
    /// Split Based On: every condition evaluated, with the values compared.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpRecord>,
    /// The steps of the subflow a run-subflow widget ran.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subflow: Vec<Step>,
    /// What was said or sent, and what the contact answered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transcript: Vec<Line>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// What Studio would log as warnings for this step (81018, a template error).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// A warning as Studio's error catalogue numbers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: u32,
    pub message: String,
}

/// Studio's "Template evaluation error", a warning: the execution goes on.
pub const TEMPLATE_ERROR: u32 = 81018;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionResult {
    /// Index of the `match` transition in the widget's transitions.
    pub transition: usize,
    pub friendly_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// The rendered input, as compared.
    pub input: String,
    /// The rendered condition value, as compared.
    pub value: String,
    pub held: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One line of the conversation, for the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// `out` (the flow to the contact), `in` (the contact to the flow) or `call`.
    pub direction: &'static str,
    pub text: String,
}

impl Line {
    pub fn new(direction: &'static str, text: impl Into<String>) -> Line {
        Line {
            direction,
            text: text.into(),
        }
    }
}
