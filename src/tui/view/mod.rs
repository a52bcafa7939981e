//! Views: functions of the model that draw it. Nothing here changes state.

mod status;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use ratatui::Frame;

use super::layout::{is_wide, panes, MIN_HEIGHT, MIN_WIDTH};
use super::modal::Modal;
use super::model::{Model, Pane};
use crate::tui;

/// Colours from the 16 ANSI ones, or none at all under `NO_COLOR`: every meaning also has a
/// symbol or a modifier, so nothing depends on colour.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn fg(self, color: Color) -> Style {
        if self.color {
            Style::default().fg(color)
        } else {
            Style::default()
        }
    }

    pub fn bold(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }

    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

pub fn draw(frame: &mut Frame<'_>, model: &Model) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "terminal too small ({}x{}): need {MIN_WIDTH}x{MIN_HEIGHT}",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let theme = Theme { color: model.color };
    let [main, status_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    for (pane, rect) in panes(model, area) {
        match pane {
            Pane::Graph if model.canvas.on => {
                tui::flow::canvas::view::draw(frame, rect, model, theme);
            }
            Pane::Graph => tui::flow::view::draw(frame, rect, model, theme),
            Pane::Inspector => tui::inspector::view::draw(frame, rect, model, theme),
            Pane::Variables => tui::variables::view::draw(frame, rect, model, theme),
            Pane::Timeline => tui::timeline::view::draw(frame, rect, model, theme),
            Pane::Transcript => tui::transcript::view::draw(frame, rect, model, theme),
        }
    }
    status::draw(frame, status_area, model, theme);
    // Bottom to top: the modal with the keyboard is drawn last, over the rest.
    for modal in model.modals.iter() {
        match modal {
            Modal::Viewer(viewer) => tui::viewer::view::draw(frame, main, viewer, theme),
            Modal::Editor(editor) => tui::editor::view::draw(frame, area, editor, theme),
            Modal::Input(input) => tui::input::view::draw(frame, main, input, theme),
            Modal::Prompt(prompt) => {
                tui::prompt::view::draw(frame, main, model, &prompt.textarea, theme);
            }
            Modal::Help { cursor } => tui::help::view::draw(frame, area, *cursor, theme),
            Modal::ConfirmQuit => tui::quit::view::draw(frame, area, theme),
            // Typed on the status line; the write is out.
            Modal::Search | Modal::SavingToQuit => {}
        }
    }
}

/// A pane's frame: its number and title, thick and marked when focused. Beside the graph in a
/// small terminal, the bottom border lists the panes that share the space, as tabs.
pub fn block(model: &Model, pane: Pane, extra: &str, theme: Theme, screen: Rect) -> Block<'static> {
    let number = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0) + 1;
    let focused = model.focus == pane;
    let mut title = vec![Span::raw(format!(
        "{}{number} {}",
        if focused { "▸" } else { " " },
        pane.title()
    ))];
    if !extra.is_empty() {
        title.push(Span::raw(format!(" {extra}")));
    }
    let title_style = if focused {
        theme.bold().patch(theme.fg(Color::Cyan))
    } else {
        Style::default()
    };
    let mut block = Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.fg(Color::Cyan)
        } else {
            theme.dim()
        })
        .title(Line::from(title).style(title_style));
    if pane != Pane::Graph && !is_wide(screen) {
        let tabs: Vec<Span<'static>> = Pane::ALL[1..]
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                let style = if *p == pane {
                    theme.selected()
                } else {
                    Style::default()
                };
                [
                    Span::raw(" "),
                    Span::styled(format!("{} {}", i + 2, p.short_title()), style),
                ]
            })
            .collect();
        block = block.title_bottom(Line::from(tabs).right_aligned());
    }
    block
}

/// Clips text to a width, marking the cut with `…`.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A single-line form of text that may hold newlines.
pub fn one_line(text: &str) -> String {
    text.replace('\r', "").replace('\n', "⏎")
}

pub fn inner_width(area: Rect) -> usize {
    area.width.saturating_sub(2) as usize
}

/// A rectangle of `width` by `height` in the middle of `area` (an overlay's place).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
