//! The Liquid prompt (`=`) and the watches it leaves (`W`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::*;

pub(super) fn open_prompt(model: &mut Model) {
    // The previous expression, selected: typing replaces it, an arrow key keeps it.
    let mut textarea = TextArea::new(vec![model.last_expression.clone().unwrap_or_default()]);
    textarea.select_all();
    textarea.set_block(ratatui::widgets::Block::bordered().title(
        " Liquid = · Enter open the result · ↑↓ history · Ctrl+U clear · Ctrl+W word · Esc close ",
    ));
    model.prompt = Some(textarea);
    model.prompt_history_at = None;
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
            let expression = prompt_text(model);
            model.prompt = None;
            let Some(expression) = expression else {
                return;
            };
            model.prompt_history.retain(|e| *e != expression);
            model.prompt_history.push(expression.clone());
            model.last_expression = Some(expression.clone());
            let value = match model.evaluate(&expression) {
                Ok(text) => serde_json::Value::String(text),
                Err(e) => serde_json::Value::String(format!("Liquid error: {e}")),
            };
            open_viewer(model, format!("= {expression}"), String::new(), &value);
            model.message = Some("W keeps the expression as a watch".into());
        }
        KeyCode::Up | KeyCode::Down if !model.prompt_history.is_empty() => {
            let len = model.prompt_history.len();
            let at = match (model.prompt_history_at, key.code) {
                (None, KeyCode::Up) => len - 1,
                (None, _) => return,
                (Some(i), KeyCode::Up) => i.saturating_sub(1),
                (Some(i), _) if i + 1 >= len => {
                    model.prompt_history_at = None;
                    set_prompt(model, String::new());
                    return;
                }
                (Some(i), _) => i + 1,
            };
            model.prompt_history_at = Some(at);
            set_prompt(model, model.prompt_history[at].clone());
        }
        KeyCode::Char('u') if ctrl => {
            if let Some(textarea) = model.prompt.as_mut() {
                textarea.select_all();
                textarea.cut();
            }
        }
        _ => {
            if let Some(textarea) = model.prompt.as_mut() {
                textarea.input(key);
            }
        }
    }
}

fn set_prompt(model: &mut Model, text: String) {
    if let Some(textarea) = model.prompt.as_mut() {
        textarea.select_all();
        textarea.cut();
        textarea.insert_str(text);
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
