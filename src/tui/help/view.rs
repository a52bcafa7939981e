//! The help screen: every key, from the keymap, scrolled and searched.

use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::theme::{centered, Theme};

pub fn draw(frame: &mut Frame<'_>, area: Rect, cursor: usize, theme: Theme) {
    let lines: Vec<Line<'_>> = crate::tui::keymap::help_lines()
        .enumerate()
        .map(|(i, (k, what))| {
            let line = Line::raw(format!(" {k:<16} {what}"));
            if i == cursor {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    let popup = centered(area, 96, lines.len() as u16 + 2);
    let height = popup.height.saturating_sub(2) as usize;
    let scroll = (cursor + 1).saturating_sub(height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll as u16, 0)).block(
            Block::bordered()
                .title(" Keys · j k scroll · / search · any other key closes ")
                .border_style(theme.fg(Color::Cyan)),
        ),
        popup,
    );
}
