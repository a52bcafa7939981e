//! How everything is drawn alike: the theme (colour, or none under `NO_COLOR`), a pane's
//! frame, and cutting text to fit. Every room's view draws with these.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use super::layout::shows_all;
use super::model::{Model, Pane};

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

    /// Text a search matched: seen in a selected (reversed) row too, and without colour.
    pub fn matched(self) -> Style {
        let style = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        if self.color {
            style.fg(Color::Black).bg(Color::Yellow)
        } else {
            style
        }
    }
}

/// The rows kept in view below (and above) a selection that moves or lands on a match, as
/// vim's `scrolloff`.
pub const SCROLLOFF: usize = 3;

/// Where `query` occurs in `text`, ignoring case, as byte ranges of `text`. Empty when the
/// query is, or when lowering the case changes the text's length (no safe ranges then).
pub fn occurrences(text: &str, query: &str) -> Vec<std::ops::Range<usize>> {
    let (lower, query) = (text.to_lowercase(), query.to_lowercase());
    if query.is_empty() || lower.len() != text.len() {
        return Vec::new();
    }
    lower
        .match_indices(&query)
        .map(|(i, m)| i..i + m.len())
        .filter(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
        .collect()
}

/// `text` as spans in `style`, with each occurrence of `query` marked.
pub fn marked(text: &str, query: &str, style: Style, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for range in occurrences(text, query) {
        if range.start < at {
            continue;
        }
        spans.push(Span::styled(text[at..range.start].to_string(), style));
        spans.push(Span::styled(
            text[range.clone()].to_string(),
            style.patch(theme.matched()),
        ));
        at = range.end;
    }
    spans.push(Span::styled(text[at..].to_string(), style));
    spans
}

/// `text` cut to `width`, its start moved on (marked `…`) so that the first occurrence of
/// `query` shows whole: a long value scrolls to its match.
pub fn clip_to_show(text: &str, query: &str, width: usize) -> String {
    let Some(first) = occurrences(text, query).into_iter().next() else {
        return clip(text, width);
    };
    let end = text[..first.end].chars().count();
    if end < width {
        return clip(text, width);
    }
    // A few characters after the match stay in view, so it reads in its context; `…` takes
    // a column at each end.
    let start = text[..first.start].chars().count();
    let margin = (width / 4).min(8);
    let skip = (end + margin + 2).saturating_sub(width).min(start);
    let rest: String = text.chars().skip(skip).collect();
    clip(&format!("…{rest}"), width)
}

pub use crate::words::cut_middle as clip_middle;

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
    if pane != Pane::Graph && !shows_all(model, screen) {
        // Where the names do not all fit (the canvas layout at 80x24), the others are only
        // their numbers.
        let room = super::layout::panes(model, screen)
            .into_iter()
            .find(|(p, _)| *p == pane)
            .map_or(0, |(_, r)| usize::from(r.width.saturating_sub(2)));
        let full: usize = Pane::ALL[1..]
            .iter()
            .map(|p| 3 + p.short_title().len())
            .sum();
        let tabs: Vec<Span<'static>> = Pane::ALL[1..]
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                let style = if *p == pane {
                    theme.selected()
                } else {
                    Style::default()
                };
                let text = if *p == pane || full <= room {
                    format!("{} {}", i + 2, p.short_title())
                } else {
                    format!("{}", i + 2)
                };
                [Span::raw(" "), Span::styled(text, style)]
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

/// The bottom `height` rows of `area` (a box typed into at the bottom of the screen).
pub fn bottom(area: Rect, height: u16) -> Rect {
    let height = height.min(area.height);
    Rect {
        y: area.y + area.height - height,
        height,
        ..area
    }
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
