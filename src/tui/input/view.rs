//! A waiting widget's reply box, or the events to choose from.

use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::model::InputBox;
use crate::tui::theme::{bottom, centered, Theme};

/// The reply box of a waiting widget, or the list of events to choose from.
pub fn draw(frame: &mut Frame<'_>, area: Rect, input: &InputBox, theme: Theme) {
    if input.picking {
        let height = (input.events.len() as u16 + 2).min(area.height);
        let popup = centered(area, 50, height);
        frame.render_widget(Clear, popup);
        let lines: Vec<Line<'_>> = input
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                if i == input.selected {
                    Line::styled(format!("> {e}"), theme.selected())
                } else {
                    Line::raw(format!("  {e}"))
                }
            })
            .collect();
        let title = format!(
            " {}: the event to fire · Enter choose · Esc cancel ",
            input.widget
        );
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::bordered()
                    .title(title)
                    .border_style(theme.fg(Color::Yellow)),
            ),
            popup,
        );
    } else {
        let popup = bottom(area, 3);
        frame.render_widget(Clear, popup);
        frame.render_widget(&input.textarea, popup);
    }
}
