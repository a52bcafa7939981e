//! The questions asked before a file is lost: at quit, `d` discards, `w` writes and quits
//! once written; over a file changed on disk, `w` overwrites it; any other key stays.

use super::*;

/// At the quit question only an explicit choice loses edits: `q q` and a stray key keep them.
pub(super) fn quit_key(model: &mut Model, action: Option<Action>) -> Vec<Cmd> {
    if matches!(model.modals.top(), Some(Modal::ConfirmOverwrite)) {
        model.modals.close();
        if action == Some(Action::SaveAndQuit) {
            return write(model, None);
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
