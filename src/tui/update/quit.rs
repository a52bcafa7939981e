//! The questions asked before a file is lost: at quit, `d` discards, `w` writes and quits
//! once written; over a file changed on disk, `r` reads it again and applies the edits to it,
//! `w` overwrites it; any other key stays.

use super::*;

/// The file as read again, changed on disk: it becomes the document, with the edits made here
/// applied to it again where their widget still is. The execution goes on where it stands
/// unless its widget is gone, when it starts again.
pub(super) fn reread(model: &mut Model, read: Written) {
    let (document, lost) = match model.document.reloaded(&read.text, read.stamp) {
        Ok(reloaded) => reloaded,
        Err(e) => {
            model.message = Some(format!("not reloaded: {e}"));
            return;
        }
    };
    model.document = document;
    flow_changed(model);
    model.canvas.flow_changed();
    let flow = model.execution.flow();
    model
        .edited
        .retain(|(widget, _)| flow.index_of(widget).is_some());
    model.unsaved = model.document.is_edited();
    let restarted = model
        .execution
        .current()
        .is_some_and(|w| flow.index_of(w).is_none());
    if restarted {
        model.request = None;
        model.execution.restart();
    }
    model.graph_cursor = model.graph_cursor.min(model.rows.len().saturating_sub(1));
    model.follow_current();
    let mut said = format!("reloaded {}", read.path);
    if model.unsaved {
        said.push_str(", the edits here applied to it (w writes)");
    }
    if !lost.is_empty() {
        said.push_str(&format!(
            "; not applied, their widget is gone: {}",
            lost.join(", ")
        ));
    }
    if restarted {
        said.push_str("; restarted: the current widget is gone");
    }
    model.message = Some(said);
}

/// At the quit question only an explicit choice loses edits: `q q` and a stray key keep them.
pub(super) fn quit_key(model: &mut Model, action: Option<Action>) -> Vec<Cmd> {
    if matches!(model.modals.top(), Some(Modal::ConfirmOverwrite)) {
        model.modals.close();
        match action {
            Some(Action::SaveAndQuit) => return write(model, None),
            Some(Action::Reload) => {
                return match model.document.path.clone() {
                    Some(path) => vec![Cmd::Reread { path }],
                    None => Vec::new(),
                }
            }
            _ => {}
        }
        model.message = Some("not written: the file on disk is kept as it is".into());
        return Vec::new();
    }
    if !matches!(model.modals.top(), Some(Modal::ConfirmQuit)) {
        // The write is out; its answer decides.
        return Vec::new();
    }
    model.modals.close();
    match action {
        Some(Action::Discard) => vec![Cmd::Quit],
        Some(Action::SaveAndQuit) if model.document.path.is_none() => {
            model.message =
                Some("quit cancelled: the flow has no file to write; d discards".into());
            Vec::new()
        }
        Some(Action::SaveAndQuit) => {
            model.modals.open(Modal::SavingToQuit);
            save(model)
        }
        _ => {
            model.message = Some("quit cancelled: the edits are kept".into());
            Vec::new()
        }
    }
}
