//! The help screen: scrolled and searched like a pane, closed with Esc, `q` or `?`.

use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::tui::view::overlays::KEYS;

pub(super) fn help_key(model: &mut Model, key: KeyEvent) {
    let last = KEYS.len() - 1;
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => model.help_cursor = (model.help_cursor + 1).min(last),
        KeyCode::Char('k') | KeyCode::Up => model.help_cursor = model.help_cursor.saturating_sub(1),
        KeyCode::PageDown => model.help_cursor = (model.help_cursor + 10).min(last),
        KeyCode::PageUp => model.help_cursor = model.help_cursor.saturating_sub(10),
        KeyCode::Char('g') | KeyCode::Home => model.help_cursor = 0,
        KeyCode::Char('G') | KeyCode::End => model.help_cursor = last,
        KeyCode::Char('/') => start_search(model),
        KeyCode::Char('n') => next_match(model, 1),
        KeyCode::Char('N') => next_match(model, -1),
        _ => {
            model.help = false;
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
