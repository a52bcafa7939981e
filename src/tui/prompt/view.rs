//! The Liquid prompt at the bottom of the main area, with its result as it is typed.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use crate::tui::model::Model;
use crate::tui::theme::{bottom, Theme};

/// The Liquid prompt at the bottom of the main area, with its result (or its whole error)
/// wrapped below it as it is typed.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    model: &Model,
    textarea: &TextArea<'_>,
    theme: Theme,
) {
    let popup = bottom(area, 9);
    frame.render_widget(Clear, popup);
    let [input, result] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(popup);
    frame.render_widget(textarea, input);
    let text = textarea.lines().join("\n");
    let (shown, style) = match model.evaluate_as_flow(&text) {
        (Ok(out), None) => (
            format!("→ {out}"),
            theme.fg(Color::Green).patch(theme.bold()),
        ),
        (Ok(out), Some(warning)) => (format!("! {warning}\n→ {out}"), theme.fg(Color::Yellow)),
        (Err(e), _) => (format!("error: {e}"), theme.fg(Color::Red)),
    };
    frame.render_widget(
        Paragraph::new(shown)
            .style(style)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1))),
        result,
    );
}
