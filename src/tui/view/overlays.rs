use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::Theme;
use ratatui_textarea::TextArea;

use crate::tui::model::{Editor, InputBox, Model};

/// Every key, as `?` lists them (and the README documents them).
pub const KEYS: [(&str, &str); 22] = [
    ("s", "step one widget"),
    (
        "c",
        "continue until a breakpoint, an end, or input is needed",
    ),
    (
        "p",
        "step back: the context before the last step (sends nothing)",
    ),
    ("r", "restart the execution (keeps edits and breakpoints)"),
    ("b", "toggle a breakpoint on the selected widget"),
    (
        "x",
        "cancel the running request (the widget fails: cancelled)",
    ),
    (
        "j k ↓ ↑ PgUp/Dn",
        "move the selection; PgUp/PgDn by 10 or scroll the inspector",
    ),
    (
        "Enter",
        "go to the transition's widget; fold a variable branch",
    ),
    ("Tab / Shift+Tab", "next / previous pane"),
    (
        "1 2 3 4 5",
        "flow graph, inspector, variables, timeline, transcript",
    ),
    (
        "v",
        "choose the event the next widget fires (messaging and voice)",
    ),
    ("m", "pin the HTTP widget's last response as its mock"),
    ("e", "edit the selected request field (inspector)"),
    ("a", "add a parameter to the HTTP widget"),
    ("d", "delete the selected parameter"),
    ("Ctrl+S / Esc", "in the editor: apply / cancel the edit"),
    ("w", "write the flow file back (atomically)"),
    (
        "=",
        "Liquid prompt against the context (Enter done, Esc close)",
    ),
    (
        "W",
        "keep the last prompt expression as a watch (d in 3 deletes)",
    ),
    ("?", "this help"),
    ("q, Ctrl+C", "quit (asks first if there are unsaved edits)"),
    (
        "markers",
        "▶ runs next · ● breakpoint · ×N runs · * changed · ↩ loop",
    ),
];

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub fn help(frame: &mut Frame<'_>, area: Rect, theme: Theme) {
    let lines: Vec<Line<'_>> = KEYS
        .iter()
        .map(|(k, what)| Line::raw(format!(" {k:<16} {what}")))
        .collect();
    let popup = centered(area, 90, KEYS.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" Keys (any key closes) ")
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
    frame.render_widget(&editor.textarea, text_area);
    if let Some(error) = &editor.error {
        frame.render_widget(
            Paragraph::new(format!(" {error}")).style(theme.fg(Color::Red).patch(theme.bold())),
            error_area,
        );
    }
}

/// The Liquid prompt at the bottom of the main area, with its result as it is typed.
pub fn prompt(
    frame: &mut Frame<'_>,
    area: Rect,
    model: &Model,
    textarea: &TextArea<'_>,
    theme: Theme,
) {
    let height = 5.min(area.height);
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
    let line = match model.evaluate(&text) {
        Ok(out) => Line::styled(
            format!(" → {}", out.replace('\n', "⏎")),
            theme.fg(Color::Green).patch(theme.bold()),
        ),
        Err(e) => Line::styled(
            format!(" error: {}", e.lines().last().unwrap_or_default().trim()),
            theme.fg(Color::Red),
        ),
    };
    frame.render_widget(Paragraph::new(line), result);
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
    let popup = centered(area, 56, 5);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(" The flow has unsaved edits."),
            Line::raw(" q quit without saving · w write the file · Esc stay"),
        ])
        .block(
            Block::bordered()
                .title(" Quit? ")
                .border_style(theme.fg(Color::Red)),
        ),
        popup,
    );
}
