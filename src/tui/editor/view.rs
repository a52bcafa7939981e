//! The request field editor, drawn over the screen: the text (or the choices of a field
//! Studio restricts) and the reason an edit cannot be applied.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::tui::model::Editor;
use crate::tui::theme::{centered, Theme};

pub fn draw(frame: &mut Frame<'_>, area: Rect, editor: &Editor, theme: Theme) {
    let popup = centered(area, area.width.saturating_sub(4).max(30), 10);
    frame.render_widget(Clear, popup);
    let [text_area, error_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(popup);
    if editor.choices.is_empty() {
        frame.render_widget(&editor.textarea, text_area);
    } else {
        let lines: Vec<Line<'_>> = editor
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == editor.choice {
                    Line::styled(format!("> {c}"), theme.selected())
                } else {
                    Line::raw(format!("  {c}"))
                }
            })
            .collect();
        let title = editor
            .textarea
            .block()
            .cloned()
            .unwrap_or_default()
            .border_style(theme.fg(Color::Cyan));
        frame.render_widget(Paragraph::new(lines).block(title), text_area);
    }
    if let Some(error) = &editor.error {
        frame.render_widget(
            Paragraph::new(format!(" {error}")).style(theme.fg(Color::Red).patch(theme.bold())),
            error_area,
        );
    }
}
