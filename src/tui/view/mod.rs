//! Views: functions of the model that draw it. Nothing here changes state.

mod canvas;
mod graph;
pub mod inspector;
pub mod overlays;
mod status;
pub mod timeline;
pub mod transcript;
mod variables;
mod viewer;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use ratatui::Frame;

use super::modal::Modal;
use super::model::{Model, Pane};

/// Smaller than this, only a message is drawn.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this size on, all panes show at once.
pub const WIDE_WIDTH: u16 = 110;
pub const WIDE_HEIGHT: u16 = 30;

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
            Pane::Graph if model.canvas.on => canvas::draw(frame, rect, model, theme),
            Pane::Graph => graph::draw(frame, rect, model, theme),
            Pane::Inspector => inspector::draw(frame, rect, model, theme),
            Pane::Variables => variables::draw(frame, rect, model, theme),
            Pane::Timeline => timeline::draw(frame, rect, model, theme),
            Pane::Transcript => transcript::draw(frame, rect, model, theme),
        }
    }
    status::draw(frame, status_area, model, theme);
    // Bottom to top: the modal with the keyboard is drawn last, over the rest.
    for modal in model.modals.iter() {
        match modal {
            Modal::Viewer(viewer) => viewer::draw(frame, main, viewer, theme),
            Modal::Editor(editor) => overlays::editor(frame, area, editor, theme),
            Modal::Input(input) => overlays::input(frame, main, input, theme),
            Modal::Prompt(prompt) => overlays::prompt(frame, main, model, &prompt.textarea, theme),
            Modal::Help { cursor } => overlays::help(frame, area, *cursor, theme),
            Modal::ConfirmQuit => overlays::confirm_quit(frame, area, theme),
            // Typed on the status line; the write is out.
            Modal::Search | Modal::SavingToQuit => {}
        }
    }
}

fn is_wide(area: Rect) -> bool {
    area.width >= WIDE_WIDTH && area.height >= WIDE_HEIGHT
}

/// Where each shown pane goes on a screen of `area`: all five when it is wide, the graph and
/// one more beside it when not, only the focused one when zoomed (`z`). The variables column
/// is at least as wide as the graph's, for long values.
pub fn panes(model: &Model, area: Rect) -> Vec<(Pane, Rect)> {
    let [main, _status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if model.zoomed {
        return vec![(model.focus, main)];
    }
    if is_wide(area) {
        let [top, bottom] =
            Layout::vertical([Constraint::Min(10), Constraint::Length(9)]).areas(main);
        let [g, i, v] = Layout::horizontal([
            Constraint::Percentage(30),
            Constraint::Percentage(36),
            Constraint::Percentage(34),
        ])
        .areas(top);
        let [t, c] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(bottom);
        vec![
            (Pane::Graph, g),
            (Pane::Inspector, i),
            (Pane::Variables, v),
            (Pane::Timeline, t),
            (Pane::Transcript, c),
        ]
    } else {
        let [g, side] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(main);
        let side_pane = match model.side {
            Pane::Graph => Pane::Inspector,
            other => other,
        };
        vec![(Pane::Graph, g), (side_pane, side)]
    }
}

/// The inspector's inner width on a terminal of `size` (for search, which works on its lines).
pub fn inspector_width(model: &Model) -> usize {
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    panes(model, area)
        .into_iter()
        .find(|(p, _)| *p == Pane::Inspector)
        .map_or(area.width.saturating_sub(2) as usize, |(_, r)| {
            inner_width(r)
        })
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
