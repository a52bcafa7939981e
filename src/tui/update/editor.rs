//! Editing request fields in place, and the flow edits they make.

use crossterm::event::KeyEvent;
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
    model.modals.open(Modal::Editor(Editor {
        widget: name,
        field,
        textarea,
        error: None,
        choices,
        choice,
        apply_external: false,
    }));
}

fn close_editor(model: &mut Model) {
    model.modals.close_where(|m| matches!(m, Modal::Editor(_)));
}

pub(super) fn editor_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let Some(editor) = model.modals.editor_mut() else {
        return Vec::new();
    };
    if !editor.choices.is_empty() {
        let last = editor.choices.len() - 1;
        match action {
            Some(Action::Close) => {
                close_editor(model);
                model.message = Some("edit cancelled".into());
            }
            Some(Action::Move(Motion::By(by))) => {
                editor.choice = editor.choice.saturating_add_signed(by.into()).min(last);
            }
            Some(Action::Apply) => apply_edit(model),
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Some(Action::Close) => {
            close_editor(model);
            model.message = Some("edit cancelled".into());
        }
        Some(Action::Apply) => apply_edit(model),
        Some(Action::Undo) => {
            editor.textarea.undo();
        }
        Some(Action::Redo) => {
            editor.textarea.redo();
        }
        Some(Action::ClearLine) => {
            editor.textarea.delete_line_by_head();
        }
        Some(Action::EditExternally) => {
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
    let Some(editor) = model.modals.editor_mut() else {
        return Vec::new();
    };
    if !editor.choices.is_empty() {
        // A choice is no text to edit: the choice box stays open instead.
        return Vec::new();
    }
    let text = editor.textarea.lines().join("\n");
    editor.apply_external = true;
    let cmds = edit_externally(model, text);
    if cmds.is_empty() {
        // Refused: the field is edited here instead.
        if let Some(editor) = model.modals.editor_mut() {
            editor.apply_external = false;
        }
    }
    cmds
}

/// What the external editor left: the text replaces the editor's, as one undoable change, and
/// `E` applies it at once.
pub(super) fn edited(model: &mut Model, outcome: Result<Option<String>, String>) {
    let apply = model.modals.editor().is_some_and(|e| e.apply_external);
    match outcome {
        Err(why) => {
            model.message = Some(format!("not edited: {why}"));
            if apply {
                close_editor(model);
            }
        }
        Ok(None) => {
            model.message = Some("unchanged: nothing applied".into());
            if apply {
                close_editor(model);
            }
        }
        Ok(Some(text)) => {
            let Some(editor) = model.modals.editor_mut() else {
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
    match model.modals.top_mut() {
        Some(Modal::Editor(editor)) if editor.choices.is_empty() => {
            editor.textarea.insert_str(text);
            editor.error = None;
        }
        Some(Modal::Prompt(prompt)) => {
            prompt.textarea.insert_str(text.replace(['\r', '\n'], " "));
        }
        Some(Modal::Input(input)) if !input.picking => {
            input.textarea.insert_str(text);
        }
        Some(Modal::Search) => search_insert(model, text),
        _ => {}
    }
}

pub(super) fn apply_edit(model: &mut Model) {
    let Some(editor) = model.modals.editor_mut() else {
        return;
    };
    let text = match editor.choices.get(editor.choice) {
        Some(choice) => choice.to_string(),
        None => editor.textarea.lines().join("\n"),
    };
    let field = editor.field;
    let text = match field.written(&text) {
        Ok(text) => text,
        Err(why) => {
            editor.error = Some(why);
            return;
        }
    };
    let widget_name = editor.widget.clone();
    let Some(widget) = model.execution.flow().widget(&widget_name).cloned() else {
        close_editor(model);
        return;
    };
    let value = fields::with_text(&widget, field, &text);
    set_property(model, &widget_name, field.property(), value);
    model.edited.insert((widget_name.clone(), field.label()));
    close_editor(model);
    model.message = Some(format!(
        "{} of {widget_name} edited (w writes the file)",
        field.label()
    ));
}

/// Changes the flow in the document and in the running execution, keeping the graph in step.
pub(super) fn set_property(model: &mut Model, widget: &str, key: &str, value: serde_json::Value) {
    if model.document.set_property(widget, key, value) {
        flow_changed(model);
        model.unsaved = true;
    }
}

/// The document's flow is the one the execution runs from now on, and the one the panes show.
pub(super) fn flow_changed(model: &mut Model) {
    // The outline's rows may change order: the selection stays on its widget.
    let selected = model.inspected().map(|w| w.name.clone());
    model.execution.set_flow(model.document.flow.clone());
    model.rows = graph::rows(model.execution.flow());
    model.findings = crate::check::check(model.execution.flow());
    let index = selected.and_then(|name| model.execution.flow().index_of(&name));
    if let Some(i) = index {
        model.select_widget(i);
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
