//! What a run is given besides the flow: replies and inputs per widget, forced events, and HTTP
//! mocks, each consumed in order. Scenarios fill it from a file; the debugger as the user types.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Input for a widget that waits for the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Input {
    /// A reply message (send-and-wait-for-reply), or digits/speech given as plain text.
    Text(String),
    Digits {
        digits: String,
    },
    Speech {
        speech: String,
    },
}

/// A canned HTTP response for a widget, used instead of a real request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mock {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
    /// A failure with no response (`timed out after 10 s`, `connection refused`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Mock {
    /// The body as text: JSON values other than strings are serialized.
    pub fn body_text(&self) -> String {
        match &self.body {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    inputs: HashMap<String, VecDeque<Input>>,
    events: HashMap<String, VecDeque<String>>,
    /// Per widget, the mocks in order (shared: step back keeps a copy of the script per step);
    /// the last one repeats.
    mocks: HashMap<String, (Arc<[Mock]>, usize)>,
    /// Per widget, outputs merged over what its simulation writes, in order; the last repeats.
    outputs: HashMap<String, (Arc<[serde_json::Value]>, usize)>,
    /// What was consumed, in order, so a run can be recorded.
    pub consumed_inputs: Vec<(String, Input)>,
    pub consumed_events: Vec<(String, String)>,
    pub consumed_outputs: Vec<(String, serde_json::Value)>,
}

impl Script {
    pub fn push_input(&mut self, widget: &str, input: Input) {
        self.inputs
            .entry(widget.to_string())
            .or_default()
            .push_back(input);
    }

    pub fn push_event(&mut self, widget: &str, event: &str) {
        self.events
            .entry(widget.to_string())
            .or_default()
            .push_back(event.to_string());
    }

    /// Replaces the mocks of a widget.
    pub fn set_mocks(&mut self, widget: &str, mocks: Vec<Mock>) {
        self.mocks.insert(widget.to_string(), (mocks.into(), 0));
    }

    pub fn set_outputs(&mut self, widget: &str, outputs: Vec<serde_json::Value>) {
        self.outputs.insert(widget.to_string(), (outputs.into(), 0));
    }

    /// The outputs given for the widget's next run, if any.
    pub fn take_outputs(&mut self, widget: &str) -> Option<serde_json::Value> {
        let (outputs, next) = self.outputs.get_mut(widget)?;
        let value = outputs
            .get((*next).min(outputs.len().checked_sub(1)?))?
            .clone();
        *next += 1;
        self.consumed_outputs
            .push((widget.to_string(), value.clone()));
        Some(value)
    }

    pub fn take_input(&mut self, widget: &str) -> Option<Input> {
        let input = self.inputs.get_mut(widget)?.pop_front()?;
        self.consumed_inputs
            .push((widget.to_string(), input.clone()));
        Some(input)
    }

    pub fn take_event(&mut self, widget: &str) -> Option<String> {
        let event = self.events.get_mut(widget)?.pop_front()?;
        self.consumed_events
            .push((widget.to_string(), event.clone()));
        Some(event)
    }

    /// Whether a mock answers the widget's next request.
    pub fn has_mock(&self, widget: &str) -> bool {
        self.mocks
            .get(widget)
            .is_some_and(|(mocks, _)| !mocks.is_empty())
    }

    /// The next mock of a widget (the last one repeats).
    pub fn take_mock(&mut self, widget: &str) -> Option<Mock> {
        let (mocks, next) = self.mocks.get_mut(widget)?;
        let mock = mocks.get((*next).min(mocks.len().checked_sub(1)?))?.clone();
        *next += 1;
        Some(mock)
    }
}
