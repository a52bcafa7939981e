//! Views: functions of the model that draw it. Nothing here changes state.

mod status;

use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::layout::{panes, MIN_HEIGHT, MIN_WIDTH};
use super::modal::Modal;
use super::model::Model;
use super::theme::Theme;

pub fn draw(frame: &mut Frame<'_>, model: &Model) {
    draw_all(frame, model);
    visible_only(frame);
}

/// Every cell as it may reach the terminal: a control character that came in with a name, a
/// value or a body (ESC starting OSC 52 or `CSI 2J`) is drawn as its visible symbol (`␛`), so
/// nothing from a flow or a response is ever sent to the terminal as a command.
fn visible_only(frame: &mut Frame<'_>) {
    for cell in &mut frame.buffer_mut().content {
        if cell.symbol().chars().any(char::is_control) {
            let shown: String = cell
                .symbol()
                .chars()
                .map(|c| match crate::mask::symbol(c) {
                    Some(s) => s,
                    // A C1 control: one cell, as every symbol here is.
                    None if c.is_control() => '\u{fffd}',
                    None => c,
                })
                .collect();
            cell.set_symbol(&shown);
        }
    }
}

fn draw_all(frame: &mut Frame<'_>, model: &Model) {
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
        crate::tui::rooms::room(pane).draw(frame, rect, model, theme);
    }
    status::draw(frame, status_area, model, theme);
    // Bottom to top: the modal with the keyboard is drawn last, over the rest.
    for modal in model.modals.iter() {
        match modal {
            Modal::Viewer(viewer) => crate::tui::viewer::view::draw(frame, main, viewer, theme),
            Modal::Editor(editor) => crate::tui::editor::view::draw(frame, area, editor, theme),
            Modal::Input(input) => crate::tui::input::view::draw(frame, main, input, theme),
            Modal::Prompt(prompt) => {
                crate::tui::prompt::view::draw(frame, main, model, &prompt.textarea, theme);
            }
            Modal::Help { cursor } => crate::tui::help::view::draw(frame, area, *cursor, theme),
            Modal::ConfirmQuit => {
                let writable = model.document.path.is_some();
                crate::tui::quit::view::draw(frame, area, theme, writable);
            }
            Modal::ConfirmOverwrite => crate::tui::quit::view::overwrite(frame, area, theme),
            // Typed on the status line; the write is out.
            Modal::Search | Modal::SavingToQuit => {}
        }
    }
}
