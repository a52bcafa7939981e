use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::engine::Status;
use crate::tui::keymap::{self, Scope};
use crate::tui::model::Model;
use crate::tui::theme::{clip, clip_middle, Theme};

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
        (_, None) if model.viewed_step().is_some() => (
            format!(
                " viewing step {} of {steps} · Esc returns ",
                model.viewed_step().unwrap_or_default()
            ),
            Color::Magenta,
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
    let hint = match (&model.search, &model.message) {
        (Some(search), _) if model.modals.typing_search() => {
            format!(
                " /{}▏ {}  Enter keep · Esc back",
                search.query,
                search.counter()
            )
        }
        (_, Some(m)) => format!(" {m}"),
        _ if model.canvas.on && model.canvas.walk.is_some() => model
            .selected_widget()
            .and_then(|w| model.canvas.walk_text(model.execution.flow(), w))
            .map(|t| format!(" {t}"))
            .unwrap_or_default(),
        (Some(search), None) if search.said && !search.matches.is_empty() => format!(
            " /{} {} · n next · N previous",
            search.query,
            search.counter()
        ),
        _ if model.modals.viewer().is_some() => keymap::hint(Scope::Viewer, keymap::VIEWER_HINT),
        _ => keymap::hint(Scope::Panes, keymap::PANES_HINT),
    };
    let unsaved = if model.unsaved { " [modified]" } else { "" };
    let mut state_style = theme.selected().patch(theme.bold());
    if model.color {
        state_style = state_style.fg(color);
    }
    // `? help` stays at the right end whatever else is cut.
    let help = " ? help ";
    let width = (area.width as usize).saturating_sub(help.len());
    let state = clip(&state, width);
    let rest = width.saturating_sub(state.chars().count());
    // A message is cut in its middle, so the end that says what to do stays; key hints at
    // their end.
    let room = rest.saturating_sub(unsaved.len());
    let hint = if model.message.is_some() {
        clip_middle(&hint, room)
    } else {
        clip(&hint, room)
    };
    let pad = rest
        .saturating_sub(unsaved.len())
        .saturating_sub(hint.chars().count());
    let line = Line::from(vec![
        Span::styled(state, state_style),
        Span::styled(unsaved.to_string(), theme.fg(Color::Magenta)),
        Span::raw(hint),
        Span::raw(" ".repeat(pad)),
        Span::styled(help, theme.bold()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}
