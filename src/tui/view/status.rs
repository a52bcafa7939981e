use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clip, Theme};
use crate::engine::Status;
use crate::tui::model::Model;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let steps = model.execution.steps().len();
    let (state, color) = match (model.execution.status(), &model.request) {
        (_, Some(r)) => (
            format!(
                " requesting {} {:.1} s (x cancels) ",
                r.widget,
                model.elapsed().unwrap_or_default().as_secs_f32()
            ),
            Color::Yellow,
        ),
        (Status::Ready, None) => (
            format!(
                " ready · step {} next: {} ",
                steps + 1,
                model.execution.current().unwrap_or("-")
            ),
            Color::Green,
        ),
        (Status::Ended, None) => (format!(" ended after {steps} steps "), Color::Blue),
        (status, None) => (
            format!(
                " {} after {steps} steps: {} ",
                status.name(),
                status.reason()
            ),
            Color::Red,
        ),
    };
    let hint = match &model.message {
        Some(m) => format!(" {m}"),
        None => {
            " s step · c continue · p back · r restart · b break · e edit · ? help · q quit".into()
        }
    };
    let unsaved = if model.unsaved { " [modified]" } else { "" };
    let mut state_style = theme.selected().patch(theme.bold());
    if model.color {
        state_style = state_style.fg(color);
    }
    let width = area.width as usize;
    let state = clip(&state, width);
    let rest = width.saturating_sub(state.chars().count());
    let line = Line::from(vec![
        Span::styled(state, state_style),
        Span::styled(unsaved.to_string(), theme.fg(Color::Magenta)),
        Span::raw(clip(&hint, rest.saturating_sub(unsaved.len()))),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}
