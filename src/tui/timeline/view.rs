//! The timeline pane: the steps so far, newest at the bottom.

use ratatui::layout::Rect;
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use super::step_line;
use crate::tui::model::{Model, Pane};
use crate::tui::theme::{block, clip, inner_width, Theme};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let steps = model.execution.steps();
    let width = inner_width(area);
    let items: Vec<ListItem<'_>> = steps
        .iter()
        .map(|s| ListItem::new(clip(&step_line(s), width.saturating_sub(1))))
        .collect();
    let extra = format!("{} steps", steps.len());
    let list = List::new(items)
        .block(block(model, Pane::Timeline, &extra, theme, frame.area()))
        .highlight_style(theme.selected())
        .highlight_symbol(">");
    // Newest at the bottom and in view unless a step is selected; focused, the cursor shows
    // on the newest step (the present).
    let cursor = model.timeline_cursor.or_else(|| {
        (model.focus == Pane::Timeline)
            .then(|| steps.len().checked_sub(1))
            .flatten()
    });
    let mut state = ListState::default().with_selected(cursor);
    if model.timeline_cursor.is_none() {
        // Keep the newest in view without highlighting it as a selection.
        let visible = area.height.saturating_sub(2) as usize;
        *state.offset_mut() = steps.len().saturating_sub(visible);
    }
    frame.render_stateful_widget(list, area, &mut state);
}
