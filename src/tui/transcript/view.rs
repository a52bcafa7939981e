use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use super::lines;
use crate::tui::model::{Model, Pane};
use crate::tui::theme::{block, clip, inner_width, one_line, Theme};

/// The conversation so far: what the flow sent or said, and what the contact answered.
pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let width = inner_width(area);
    let said = lines(model);
    let items: Vec<ListItem<'_>> = said
        .iter()
        .map(|(step, line)| {
            let (arrow, style) = match line.direction {
                "in" => ("<", theme.fg(Color::Green).patch(theme.bold())),
                "out" => (">", theme.fg(Color::Cyan)),
                _ => ("~", theme.dim()),
            };
            let text = format!("{arrow} {}", one_line(&line.text));
            ListItem::new(Line::from(vec![
                Span::styled(format!("#{:<3}", step.step), theme.dim()),
                Span::styled(clip(&text, width.saturating_sub(5)), style),
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
    let list = List::new(items)
        .block(block(
            model,
            Pane::Transcript,
            "> sent  < received  ~ call",
            theme,
            frame.area(),
        ))
        .highlight_style(theme.selected());
    let selected = model.transcript_cursor.filter(|_| !said.is_empty());
    let mut state = ListState::default().with_selected(selected);
    if selected.is_none() {
        *state.offset_mut() = count.saturating_sub(area.height.saturating_sub(2) as usize);
    }
    frame.render_stateful_widget(list, area, &mut state);
}
