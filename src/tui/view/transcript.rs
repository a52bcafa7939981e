use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use super::{block, clip, inner_width, one_line, Theme};
use crate::tui::model::{Model, Pane};

/// The conversation so far: what the flow sent or said, and what the contact answered.
pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let width = inner_width(area);
    let items: Vec<ListItem<'_>> = model
        .execution
        .steps()
        .iter()
        .flat_map(|step| step.transcript.iter().map(move |line| (step, line)))
        .map(|(step, line)| {
            let (arrow, style) = match line.direction {
                "in" => ("<", theme.fg(Color::Green).patch(theme.bold())),
                "out" => (">", theme.fg(Color::Cyan)),
                _ => ("~", theme.dim()),
            };
            let text = format!("{arrow} {}", one_line(&line.text));
            ListItem::new(Line::from(vec![
                Span::styled(format!("#{:<3}", step.step), theme.dim()),
                Span::styled(clip(&text, width.saturating_sub(4)), style),
            ]))
        })
        .collect();
    let items = if items.is_empty() {
        vec![ListItem::new(Line::styled(
            "no message sent or received yet",
            theme.dim(),
        ))]
    } else {
        items
    };
    let count = items.len();
    let list = List::new(items).block(block(
        model,
        Pane::Transcript,
        "> sent  < received  ~ call",
        theme,
        frame.area(),
    ));
    let mut state = ListState::default();
    *state.offset_mut() = count.saturating_sub(area.height.saturating_sub(2) as usize);
    frame.render_stateful_widget(list, area, &mut state);
}
