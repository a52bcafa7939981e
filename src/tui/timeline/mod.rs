//! The timeline: every step so far, `from --event--> to`. Selecting a past step shows the
//! debugger as it was then (the model's `timeline_cursor`).

pub mod view;

use ratatui::layout::Rect;
use ratatui::Frame;

use super::keymap::Motion;
use super::model::Model;
use super::room::{moved, Room, Selected};
use super::search::Hit;
use super::theme::Theme;
use crate::engine::Step;

pub struct TimelinePane;

impl Room for TimelinePane {
    /// From the newest step when none is selected; the graph follows the step's widget.
    fn move_selection(&self, model: &mut Model, motion: Motion) {
        let len = model.execution.steps().len();
        if len == 0 {
            return;
        }
        let from = model.timeline_cursor.unwrap_or(len - 1);
        let to = moved(from, len, motion);
        model.timeline_cursor = Some(to);
        model.select_step_widget(to);
    }

    fn selected(&self, model: &Model) -> Option<Selected> {
        let steps = model.execution.steps();
        let index = model.timeline_cursor.unwrap_or(steps.len().checked_sub(1)?);
        let step = steps.get(index)?;
        Some(Selected {
            title: format!(
                "step {}: {} --{}--> {}",
                step.step, step.transitioned_from, step.name, step.transitioned_to
            ),
            path: String::new(),
            value: serde_json::to_value(step).ok()?,
        })
    }

    fn search_items(&self, model: &Model) -> Vec<(String, Hit)> {
        model
            .execution
            .steps()
            .iter()
            .enumerate()
            .map(|(i, s)| (step_line(s), Hit::Row(i)))
            .collect()
    }

    fn search_from(&self, model: &Model) -> Hit {
        Hit::Row(model.timeline_cursor.unwrap_or(0))
    }

    fn select_hit(&self, model: &mut Model, hit: &Hit) {
        if let Hit::Row(step) = hit {
            model.timeline_cursor = Some(*step);
            model.select_step_widget(*step);
        }
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
        view::draw(frame, area, model, theme);
    }
}

/// A step as the timeline lists it (and search reads it).
pub fn step_line(s: &Step) -> String {
    let detail = match &s.http {
        Some(h) => match (&h.response, &h.error) {
            (Some(r), _) => format!("  HTTP {} · {} ms", r.status, h.time_ms),
            (None, Some(e)) => format!("  {e}"),
            _ => String::new(),
        },
        None => String::new(),
    };
    format!(
        "#{:<3} {} --{}--> {}{detail}",
        s.step, s.transitioned_from, s.name, s.transitioned_to
    )
}
