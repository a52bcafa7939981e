//! The Liquid prompt (`=`) and the watches it leaves (`W`).

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::*;

pub(super) fn open_prompt(model: &mut Model) {
    // The previous expression, selected: typing replaces it, an arrow key keeps it.
    let mut textarea = TextArea::new(vec![model.last_expression.clone().unwrap_or_default()]);
    textarea.select_all();
    textarea.set_block(ratatui::widgets::Block::bordered().title(
        " Liquid = · Enter open the result · ↑↓ history · Ctrl+U clear · Ctrl+W word · Esc close ",
    ));
    model.modals.open(Modal::Prompt(Prompt {
        textarea,
        history_at: None,
    }));
}

pub(super) fn prompt_text(model: &Model) -> Option<String> {
    model
        .modals
        .prompt()
        .map(|p| p.textarea.lines().join("\n"))
        .filter(|t| !t.trim().is_empty())
}

fn close_prompt(model: &mut Model) {
    model.modals.close_where(|m| matches!(m, Modal::Prompt(_)));
}

pub(super) fn prompt_key(model: &mut Model, action: Option<Action>, key: KeyEvent) {
    let len = model.prompt_history.len();
    let Some(prompt) = model.modals.prompt_mut() else {
        return;
    };
    match action {
        Some(Action::Close) => close_prompt(model),
        Some(Action::Apply) => {
            let expression = prompt_text(model);
            close_prompt(model);
            let Some(expression) = expression else {
                return;
            };
            model.prompt_history.retain(|e| *e != expression);
            model.prompt_history.push(expression.clone());
            model.last_expression = Some(expression.clone());
            let (value, warning) = match model.evaluate_as_flow(&expression) {
                (Ok(text), warning) => (serde_json::Value::String(text), warning),
                (Err(e), _) => (
                    serde_json::Value::String(format!("Liquid error: {e}")),
                    None,
                ),
            };
            open_viewer(model, format!("= {expression}"), String::new(), &value);
            model.message = Some(match warning {
                Some(w) => format!("! {w}"),
                None => "W keeps the expression as a watch".into(),
            });
        }
        Some(back @ (Action::HistoryBack | Action::HistoryForward)) if len > 0 => {
            let back = back == Action::HistoryBack;
            let at = match (prompt.history_at, back) {
                (None, true) => len - 1,
                (None, false) => return,
                (Some(i), true) => i.saturating_sub(1),
                (Some(i), false) if i + 1 >= len => {
                    prompt.history_at = None;
                    set_prompt(prompt, String::new());
                    return;
                }
                (Some(i), false) => i + 1,
            };
            prompt.history_at = Some(at);
            let text = model.prompt_history[at].clone();
            if let Some(prompt) = model.modals.prompt_mut() {
                set_prompt(prompt, text);
            }
        }
        Some(Action::ClearLine) => {
            prompt.textarea.select_all();
            prompt.textarea.cut();
        }
        _ => {
            prompt.textarea.input(key);
        }
    }
}

fn set_prompt(prompt: &mut Prompt, text: String) {
    prompt.textarea.select_all();
    prompt.textarea.cut();
    prompt.textarea.insert_str(text);
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
        .get(model.variables_cursor())
        .and_then(|r| r.path.strip_prefix(crate::tui::variables::tree::WATCH))
        .and_then(|i| i.parse::<usize>().ok())
    else {
        model.message = Some("select a watch (at the top of the variables) to delete it".into());
        return;
    };
    let removed = model.watches.remove(index);
    model.message = Some(format!("stopped watching {removed}"));
}
