//! The question asked before unsaved edits are lost.

use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::theme::{centered, Theme};

/// `writable`: the flow has a file to write (the bundled demo has none), so `w` is offered.
pub fn draw(frame: &mut Frame<'_>, area: Rect, theme: Theme, writable: bool) {
    let popup = centered(area, 66, 5);
    frame.render_widget(Clear, popup);
    let (what, keys) = if writable {
        (
            " The flow has unsaved edits.",
            " d discard and quit · w write and quit · any other key stays",
        )
    } else {
        (
            " The flow has edits, and no file to write them to.",
            " d discard them and quit · any other key stays",
        )
    };
    frame.render_widget(
        Paragraph::new(vec![Line::raw(what), Line::raw(keys)]).block(
            Block::bordered()
                .title(" Quit? ")
                .border_style(theme.fg(Color::Red)),
        ),
        popup,
    );
}

/// Asked when the file changed on disk since sfdb read it (an editor, `git pull`).
pub fn overwrite(frame: &mut Frame<'_>, area: Rect, theme: Theme) {
    let popup = centered(area, 70, 6);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(" The flow file changed on disk since sfdb read it."),
            Line::raw(" r read it again and apply the edits here to it"),
            Line::raw(" w overwrite it with the edits here · any other key: neither"),
        ])
        .block(
            Block::bordered()
                .title(" Overwrite? ")
                .border_style(theme.fg(Color::Red)),
        ),
        popup,
    );
}
