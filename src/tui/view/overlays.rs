use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::Theme;
use ratatui_textarea::TextArea;

use crate::tui::model::{Editor, InputBox, Model};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub fn help(frame: &mut Frame<'_>, area: Rect, cursor: usize, theme: Theme) {
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

pub fn editor(frame: &mut Frame<'_>, area: Rect, editor: &Editor, theme: Theme) {
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

/// The Liquid prompt at the bottom of the main area, with its result (or its whole error)
/// wrapped below it as it is typed.
pub fn prompt(
    frame: &mut Frame<'_>,
    area: Rect,
    model: &Model,
    textarea: &TextArea<'_>,
    theme: Theme,
) {
    let height = 9.min(area.height);
    let popup = Rect {
        y: area.y + area.height - height,
        height,
        ..area
    };
    frame.render_widget(Clear, popup);
    let [input, result] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(popup);
    frame.render_widget(textarea, input);
    let text = textarea.lines().join("\n");
    let (shown, style) = match model.evaluate(&text) {
        Ok(out) => (
            format!("→ {out}"),
            theme.fg(Color::Green).patch(theme.bold()),
        ),
        Err(e) => (format!("error: {e}"), theme.fg(Color::Red)),
    };
    frame.render_widget(
        Paragraph::new(shown)
            .style(style)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1))),
        result,
    );
}

/// The reply box of a waiting widget, or the list of events to choose from.
pub fn input(frame: &mut Frame<'_>, area: Rect, input: &InputBox, theme: Theme) {
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
        let height = 3.min(area.height);
        let popup = Rect {
            y: area.y + area.height - height,
            height,
            ..area
        };
        frame.render_widget(Clear, popup);
        frame.render_widget(&input.textarea, popup);
    }
}

pub fn confirm_quit(frame: &mut Frame<'_>, area: Rect, theme: Theme) {
    let popup = centered(area, 66, 5);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(" The flow has unsaved edits."),
            Line::raw(" d discard and quit · w write and quit · any other key stays"),
        ])
        .block(
            Block::bordered()
                .title(" Quit? ")
                .border_style(theme.fg(Color::Red)),
        ),
        popup,
    );
}
