//! The help screen: scrolled and searched like a pane; any other key closes it.

use super::*;

pub(super) fn help_key(model: &mut Model, action: Option<Action>) {
    let last = keymap::help_lines().count() - 1;
    let Some(cursor) = model.modals.help_cursor_mut() else {
        return;
    };
    match action {
        Some(Action::Move(Motion::By(by))) => {
            *cursor = cursor.saturating_add_signed(by.into()).min(last);
        }
        Some(Action::Move(Motion::Page(by))) => {
            *cursor = cursor.saturating_add_signed(isize::from(by) * 10).min(last);
        }
        Some(Action::Move(Motion::First)) => *cursor = 0,
        Some(Action::Move(Motion::Last)) => *cursor = last,
        Some(Action::Search) => start_search(model),
        Some(Action::NextMatch) => next_match(model, 1),
        Some(Action::PreviousMatch) => next_match(model, -1),
        _ => {
            model
                .modals
                .close_where(|m| matches!(m, Modal::Help { .. }));
            if model
                .search
                .as_ref()
                .is_some_and(|s| s.target == crate::tui::search::Target::Help)
            {
                model.search = None;
            }
        }
    }
}
