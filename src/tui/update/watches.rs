//! The Liquid prompt (`=`) and the watches it leaves (`W`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::*;

pub(super) fn open_prompt(model: &mut Model) {
    let mut textarea = TextArea::new(vec![model.last_expression.clone().unwrap_or_default()]);
    textarea.move_cursor(ratatui_textarea::CursorMove::End);
    textarea.set_block(ratatui::widgets::Block::bordered().title(
        " Liquid = (against the current context) · Enter done · Ctrl+W keep as a watch · Esc close ",
    ));
    model.prompt = Some(textarea);
}

pub(super) fn prompt_text(model: &Model) -> Option<String> {
    model
        .prompt
        .as_ref()
        .map(|t| t.lines().join("\n"))
        .filter(|t| !t.trim().is_empty())
}

pub(super) fn prompt_key(model: &mut Model, key: KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => model.prompt = None,
        KeyCode::Enter => {
            model.last_expression = prompt_text(model);
            model.prompt = None;
            if model.last_expression.is_some() {
                model.message = Some("W keeps the expression as a watch".into());
            }
        }
        KeyCode::Char('w') if ctrl => {
            model.last_expression = prompt_text(model);
            model.prompt = None;
            keep_watch(model);
        }
        _ => {
            if let Some(textarea) = model.prompt.as_mut() {
                textarea.input(key);
            }
        }
    }
}

pub(super) fn keep_watch(model: &mut Model) {
    let Some(expression) = model.last_expression.clone() else {
        model.message =
            Some("= opens the Liquid prompt; W then keeps its expression as a watch".into());
        return;
    };
    if !model.watches.contains(&expression) {
        model.watches.push(expression.clone());
    }
    model.message = Some(format!("watching {expression}"));
}

pub(super) fn delete_watch(model: &mut Model) {
    let rows = model.variable_rows();
    let Some(index) = rows
        .get(model.variables_cursor)
        .and_then(|r| r.path.strip_prefix(crate::tui::tree::WATCH))
        .and_then(|i| i.parse::<usize>().ok())
    else {
        model.message = Some("select a watch (at the top of the variables) to delete it".into());
        return;
    };
    let removed = model.watches.remove(index);
    model.message = Some(format!("stopped watching {removed}"));
}
