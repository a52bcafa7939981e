use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::Theme;
use ratatui_textarea::TextArea;

use crate::tui::model::{Editor, InputBox, Model};

/// Every key, as `?` lists them (and the README documents them).
pub const KEYS: &[(&str, &str)] = &[
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
    ("j k ↓ ↑", "move the selection"),
    ("PgUp PgDn", "move by 10; scroll the inspector"),
    ("g G Home End", "first / last row of the list"),
    (
        "Enter",
        "go to the transition's target; fold a branch; open a leaf",
    ),
    (
        "o",
        "open the selected value whole: JSON folded, searched, copied",
    ),
    ("/", "search this pane (Enter keep the match, Esc go back)"),
    ("n N", "next / previous match of the last search"),
    (
        "y",
        "copy the selected value (OSC 52: works over SSH and tmux)",
    ),
    ("Y", "copy its Liquid path (pastes back into a template)"),
    ("C", "copy the HTTP step's request as curl (secrets masked)"),
    ("|", "show the selected value in $PAGER (default less)"),
    (
        "z",
        "zoom: the focused pane fills the screen, again to restore",
    ),
    ("f", "flow graph: outline ⇄ canvas (remembered per flow)"),
    (
        "canvas h j k l",
        "select the nearest widget that way (or the arrows)",
    ),
    (
        "canvas H J K L",
        "pan the canvas (or Shift+arrows; PgUp PgDn by a page)",
    ),
    ("canvas + -", "zoom: full boxes / compact one-line boxes"),
    (
        "canvas ] [",
        "walk the outgoing / incoming transitions; Enter goes along",
    ),
    (
        "canvas . F",
        "centre on the current widget; follow mode on / off",
    ),
    ("Tab / Shift+Tab", "next / previous pane"),
    (
        "1 2 3 4 5",
        "flow graph, inspector, variables, timeline, transcript",
    ),
    (
        "v",
        "choose the event the next widget fires; on the trigger, the start event",
    ),
    ("m", "pin the HTTP widget's last response as its mock"),
    ("e", "edit the selected request field (inspector)"),
    (
        "E",
        "edit the selected field in $VISUAL / $EDITOR (default vi)",
    ),
    ("a", "add a parameter to the HTTP widget"),
    ("d", "delete the selected parameter, or the selected watch"),
    ("Ctrl+S / Esc", "in the editor: apply / cancel the edit"),
    (
        "Ctrl+Z Ctrl+Y",
        "in the editor: undo / redo (a paste is one step)",
    ),
    (
        "Ctrl+U / Ctrl+O",
        "in the editor: clear the line / open in $EDITOR",
    ),
    ("w", "write the flow file back (atomically)"),
    ("=", "Liquid prompt: Enter opens the result, ↑ ↓ history"),
    ("W", "keep the last prompt expression as a watch"),
    (
        "In the viewer",
        "Enter / h / l fold and unfold · y Y | as above · Esc close",
    ),
    ("?", "this help"),
    (
        "Esc",
        "back to the present from a past step chosen in the timeline",
    ),
    (
        "q, Ctrl+C",
        "quit (with unsaved edits: d discards, w writes and quits)",
    ),
    (
        "markers",
        "▶ runs next · ● breakpoint · ×N runs · * changed · ↩ loop",
    ),
    (
        "",
        "• edge the last step took · ! error · ? warning (sfdb check)",
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

pub fn help(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let lines: Vec<Line<'_>> = KEYS
        .iter()
        .enumerate()
        .map(|(i, (k, what))| {
            let line = Line::raw(format!(" {k:<16} {what}"));
            if i == model.help_cursor {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    let popup = centered(area, 96, KEYS.len() as u16 + 2);
    let height = popup.height.saturating_sub(2) as usize;
    let scroll = (model.help_cursor + 1).saturating_sub(height);
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
