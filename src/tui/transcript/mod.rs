//! The transcript: the conversation, what the flow sent or said and what the contact answered.

pub mod view;

use crate::engine::step::Line as Said;
use crate::engine::Step;
use crate::tui::model::Model;

/// Every line of the conversation with the step that said it, oldest first.
pub fn lines(model: &Model) -> Vec<(&Step, &Said)> {
    model
        .execution
        .steps()
        .iter()
        .flat_map(|step| step.transcript.iter().map(move |line| (step, line)))
        .collect()
}
