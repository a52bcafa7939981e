//! Editing request fields in place, and the flow edits they make.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::*;

pub(super) fn selected_field(model: &Model) -> Option<(String, Field)> {
    let widget = model.inspected()?;
    let list = fields::fields(widget);
    let field = *list.get(model.inspector_cursor)?;
    Some((widget.name.clone(), field))
}

pub(super) fn open_editor(model: &mut Model) {
    let Some(widget) = model.inspected() else {
        return;
    };
    if !fields::is_editable(widget) {
        model.message = Some(format!(
            "{} ({}) has no request fields to edit",
            widget.name, widget.kind
        ));
        return;
    }
    let Some((name, field)) = selected_field(model) else {
        model.message = Some("select a request field (url, method, ...) to edit it".into());
        return;
    };
    let text = model
        .execution
        .flow()
        .widget(&name)
        .map(|w| fields::text(w, field))
        .unwrap_or_default();
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut textarea = TextArea::new(lines);
    textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
    textarea.move_cursor(ratatui_textarea::CursorMove::End);
    let choices = field.choices().to_vec();
    let keys = if choices.is_empty() {
        "Ctrl+S apply · Esc cancel · Ctrl+Z undo · Ctrl+Y redo · Ctrl+U clear line · Ctrl+O $EDITOR"
    } else {
        "j k choose · Enter apply · Esc cancel"
    };
    textarea.set_block(
        ratatui::widgets::Block::bordered()
            .title(format!(" Edit {} of {name} · {keys} ", field.label())),
    );
    let choice = choices
        .iter()
        .position(|c| c.eq_ignore_ascii_case(text.trim()))
        .unwrap_or(0);
    model.focus = Pane::Inspector;
    model.side = Pane::Inspector;
    model.editor = Some(Editor {
        widget: name,
        field,
        textarea,
        error: None,
        choices,
        choice,
    });
}

pub(super) fn editor_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let Some(editor) = model.editor.as_mut() else {
        return Vec::new();
    };
    if !editor.choices.is_empty() {
        let last = editor.choices.len() - 1;
        match key.code {
            KeyCode::Esc => {
                model.editor = None;
                model.message = Some("edit cancelled".into());
            }
            KeyCode::Char('j') | KeyCode::Down | KeyCode::Tab => {
                editor.choice = (editor.choice + 1).min(last)
            }
            KeyCode::Char('k') | KeyCode::Up | KeyCode::BackTab => {
                editor.choice = editor.choice.saturating_sub(1)
            }
            KeyCode::Enter => apply_edit(model),
            KeyCode::Char('s') if ctrl => apply_edit(model),
            _ => {}
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc => {
            model.editor = None;
            model.message = Some("edit cancelled".into());
        }
        KeyCode::Char('s') if ctrl => apply_edit(model),
        KeyCode::Char('z') if ctrl => {
            editor.textarea.undo();
        }
        KeyCode::Char('y') if ctrl => {
            editor.textarea.redo();
        }
        KeyCode::Char('u') if ctrl => {
            editor.textarea.delete_line_by_head();
        }
        KeyCode::Char('o') if ctrl => {
            let text = editor.textarea.lines().join("\n");
            return edit_externally(model, text);
        }
        _ => {
            editor.textarea.input(key);
            editor.error = None;
        }
    }
    Vec::new()
}

/// Hands `text` to the user's editor, unless it holds a credential: the file the editor
/// reads would keep it on disk.
pub(super) fn edit_externally(model: &mut Model, text: String) -> Vec<Cmd> {
    if crate::mask::url(&text) != text {
        model.message = Some("the field holds a credential: edit it here, not in a file".into());
        return Vec::new();
    }
    vec![Cmd::EditExternally(text)]
}

/// `E`: the selected field in `$VISUAL` / `$EDITOR`; a changed text is applied as if typed.
pub(super) fn open_in_editor(model: &mut Model) -> Vec<Cmd> {
    open_editor(model);
    let Some(editor) = model.editor.as_ref() else {
        return Vec::new();
    };
    if !editor.choices.is_empty() {
        // A choice is no text to edit: the choice box stays open instead.
        return Vec::new();
    }
    let text = editor.textarea.lines().join("\n");
    model.external_apply = true;
    edit_externally(model, text)
}

/// What the external editor left: the text replaces the editor's, as one undoable change, and
/// `E` applies it at once.
pub(super) fn edited(model: &mut Model, outcome: Result<Option<String>, String>) {
    let apply = std::mem::take(&mut model.external_apply);
    match outcome {
        Err(why) => {
            model.message = Some(format!("not edited: {why}"));
            if apply {
                model.editor = None;
            }
        }
        Ok(None) => {
            model.message = Some("unchanged: nothing applied".into());
            if apply {
                model.editor = None;
            }
        }
        Ok(Some(text)) => {
            let Some(editor) = model.editor.as_mut() else {
                return;
            };
            editor.textarea.select_all();
            editor.textarea.cut();
            editor.textarea.insert_str(text);
            if apply {
                apply_edit(model);
            }
        }
    }
}

/// Bracketed paste: the whole text in one insert (and one undo step), where text is typed.
pub(super) fn paste(model: &mut Model, text: &str) {
    // Terminals send a pasted line break as CR (what Enter sends); the text has LF.
    let text = &text.replace("\r\n", "\n").replace('\r', "\n");
    if let Some(editor) = model.editor.as_mut().filter(|e| e.choices.is_empty()) {
        editor.textarea.insert_str(text);
        editor.error = None;
    } else if let Some(prompt) = model.prompt.as_mut() {
        prompt.insert_str(text.replace(['\r', '\n'], " "));
    } else if let Some(input) = model.input.as_mut().filter(|i| !i.picking) {
        input.textarea.insert_str(text);
    } else if model.search.as_ref().is_some_and(|s| s.typing) {
        search_insert(model, text);
    }
}

pub(super) fn apply_edit(model: &mut Model) {
    let Some(editor) = model.editor.as_mut() else {
        return;
    };
    let text = match editor.choices.get(editor.choice) {
        Some(choice) => choice.to_string(),
        None => editor.textarea.lines().join("\n"),
    };
    let field = editor.field;
    let text = match field {
        Field::Method => {
            let m = text.trim().to_ascii_uppercase();
            if m != "GET" && m != "POST" {
                editor.error = Some("Studio sends GET or POST".into());
                return;
            }
            m
        }
        Field::Url | Field::ContentType | Field::ParamKey(_) => text.trim().to_string(),
        _ => text,
    };
    let widget_name = editor.widget.clone();
    let Some(widget) = model.execution.flow().widget(&widget_name).cloned() else {
        model.editor = None;
        return;
    };
    let value = fields::with_text(&widget, field, &text);
    set_property(model, &widget_name, field.property(), value);
    model.edited.insert((widget_name.clone(), field.label()));
    model.editor = None;
    model.message = Some(format!(
        "{} of {widget_name} edited (w writes the file)",
        field.label()
    ));
}

/// Changes the flow in the document and in the running execution, keeping the graph in step.
pub(super) fn set_property(model: &mut Model, widget: &str, key: &str, value: serde_json::Value) {
    if model.document.set_property(widget, key, value) {
        model.execution.set_flow(model.document.flow.clone());
        model.rows = graph::rows(model.execution.flow());
        model.findings = crate::check::check(model.execution.flow());
        model.unsaved = true;
    }
}

pub(super) fn add_parameter(model: &mut Model) {
    let Some(widget) = model
        .inspected()
        .filter(|w| fields::is_editable(w))
        .cloned()
    else {
        model.message = Some("a is for adding a parameter to an HTTP widget".into());
        return;
    };
    let index = fields::parameters(&widget).len();
    set_property(
        model,
        &widget.name,
        "parameters",
        fields::with_added_parameter(&widget),
    );
    model
        .edited
        .insert((widget.name.clone(), format!("parameters[{index}]")));
    if let Some(updated) = model.inspected() {
        let list = fields::fields(updated);
        model.inspector_cursor = list
            .iter()
            .position(|f| *f == Field::ParamKey(index))
            .unwrap_or(0);
    }
    model.focus = Pane::Inspector;
    model.side = Pane::Inspector;
    open_editor(model);
}

pub(super) fn delete_parameter(model: &mut Model) {
    let Some((name, field)) = selected_field(model) else {
        model.message = Some("select a request field (url, method, ...) to edit it".into());
        return;
    };
    let (Field::ParamKey(i) | Field::ParamValue(i)) = field else {
        model.message = Some("select a parameter's key or value to delete it".into());
        return;
    };
    let Some(widget) = model.execution.flow().widget(&name).cloned() else {
        return;
    };
    set_property(
        model,
        &name,
        "parameters",
        fields::without_parameter(&widget, i),
    );
    model
        .edited
        .insert((name.clone(), format!("parameters[{i}] deleted")));
    model.inspector_cursor = model.inspector_cursor.saturating_sub(2);
    model.message = Some(format!("parameter {i} of {name} deleted"));
}
