//! The transcript: the conversation, what the flow sent or said and what the contact answered.

pub mod view;

use ratatui::layout::Rect;
use ratatui::Frame;
use serde_json::Value;

use super::keymap::Motion;
use super::model::Model;
use super::room::{moved, Room, Selected};
use super::search::Hit;
use super::theme::Theme;
use crate::engine::step::Line as Said;
use crate::engine::Step;

pub struct TranscriptPane;

impl Room for TranscriptPane {
    /// From the newest line when none is selected.
    fn move_selection(&self, model: &mut Model, motion: Motion) {
        let len = lines(model).len();
        if len == 0 {
            return;
        }
        let from = model.transcript_cursor.unwrap_or(len - 1);
        model.transcript_cursor = Some(moved(from, len, motion));
    }

    fn selected(&self, model: &Model) -> Option<Selected> {
        let lines = lines(model);
        let index = model
            .transcript_cursor
            .unwrap_or(lines.len().checked_sub(1)?);
        let (step, line) = lines.get(index)?;
        Some(Selected {
            title: format!("step {} · {}", step.step, line.direction),
            path: String::new(),
            value: Value::String(line.text.clone()),
        })
    }

    fn search_items(&self, model: &Model) -> Vec<(String, Hit)> {
        lines(model)
            .into_iter()
            .enumerate()
            .map(|(i, (_, line))| (line.text.clone(), Hit::Row(i)))
            .collect()
    }

    fn search_from(&self, model: &Model) -> Hit {
        Hit::Row(model.transcript_cursor.unwrap_or(0))
    }

    fn select_hit(&self, model: &mut Model, hit: &Hit) {
        if let Hit::Row(line) = hit {
            model.transcript_cursor = Some(*line);
        }
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
        view::draw(frame, area, model, theme);
    }
}

/// Every line of the conversation with the step that said it, oldest first.
pub fn lines(model: &Model) -> Vec<(&Step, &Said)> {
    model
        .execution
        .steps()
        .iter()
        .flat_map(|step| step.transcript.iter().map(move |line| (step, line)))
        .collect()
}
