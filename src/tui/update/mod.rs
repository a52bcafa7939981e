//! `update`: the only place the model changes. Pure: it returns commands for the loop to run
//! (send a request, cancel one, write the file, copy, quit) instead of doing I/O, and it reads
//! the time from the model, which the loop sets with each message. A key is turned into an
//! action by the keymap, for whoever has the keyboard (the modal on top, else the panes);
//! only where text is typed does the raw key go on.

use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use crate::engine::http::HttpResult;
use crate::engine::{Progress, Status};
use crate::flow::fields::{self, Field};
use crate::tui::flow::outline as graph;
use crate::tui::keymap::{self, Action, Motion, Scope};
use crate::tui::modal::{Modal, Prompt};
use crate::tui::model::{Cmd, Editor, InFlight, InputBox, Model, Msg, Pane, Written};
use crate::tui::room::Fold;

mod canvas;
mod editor;
mod help;
mod input;
mod navigation;
mod prompt;
mod quit;
mod search;
mod stepping;
mod values;
mod viewer;

use canvas::*;
use editor::*;
use help::*;
use input::*;
use navigation::*;
use prompt::*;
use quit::*;
use search::*;
use stepping::*;
use values::*;
use viewer::*;

/// Handles one message at the time the loop gives: elapsed times are measured from it.
pub fn update_at(model: &mut Model, msg: Msg, now: Instant) -> Vec<Cmd> {
    model.now = model.now.max(now);
    update(model, msg)
}

/// Handles one message at `model.now`. Pure: the commands it returns are the loop's to carry
/// out.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    let mut cmds = handle(model, msg);
    model.keep_selections();
    keep_selection_in_view(model);
    if let Some(zoom) = model.canvas.to_lay_out(model.execution.flow()) {
        model.canvas.laying_out = Some(zoom);
        model.message = Some(format!(
            "laying out the canvas of {} widgets; the outline meanwhile",
            model.execution.flow().widgets.len()
        ));
        cmds.push(Cmd::LayOut {
            flow: crate::tui::model::SharedFlow(model.execution.shared_flow()),
            zoom,
        });
    }
    cmds
}

fn handle(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(key) => key_pressed(model, key),
        Msg::Resize(width, height) => {
            model.size = (width, height);
            let page = viewer_page(model);
            if let Some(viewer) = model.modals.viewer_mut() {
                keep_in_view(viewer, page);
            }
            Vec::new()
        }
        Msg::Tick(now) => {
            model.now = model.now.max(now);
            Vec::new()
        }
        Msg::HttpDone { id, result } => http_done(model, id, result),
        Msg::Saved(Ok(written)) => {
            model.document.written(written.text, written.stamp);
            model.unsaved = false;
            // Saved edits no longer look like unsaved ones (`*`, `edited:`).
            model.edited.clear();
            model.message = Some(format!("wrote {}", written.path));
            if matches!(model.modals.top(), Some(Modal::SavingToQuit)) {
                model.modals.close();
                return vec![Cmd::Quit];
            }
            Vec::new()
        }
        Msg::Paste(text) => {
            paste(model, &text);
            Vec::new()
        }
        Msg::Edited(outcome) => {
            edited(model, outcome);
            Vec::new()
        }
        Msg::Said(text) => {
            model.message = Some(text);
            Vec::new()
        }
        Msg::Saved(Err(why)) => {
            not_saved(model, &why);
            Vec::new()
        }
        Msg::LaidOut(layout) => {
            model.canvas.laid_out(*layout);
            // The window moves to the selection, as when the canvas is first shown.
            model.canvas.shown = None;
            model.message = None;
            Vec::new()
        }
        Msg::Reread(Ok(read)) => {
            reread(model, read);
            Vec::new()
        }
        Msg::Reread(Err(why)) => {
            model.message = Some(format!("not reloaded: {why}"));
            Vec::new()
        }
        Msg::ChangedOnDisk(path) => {
            not_saved(model, &format!("{path} changed on disk since it was read"));
            model.modals.open(Modal::ConfirmOverwrite);
            Vec::new()
        }
    }
}

/// `w`: what the file becomes, for the loop to write unless it changed on disk meanwhile.
fn save(model: &mut Model) -> Vec<Cmd> {
    write(model, model.document.stamp.clone())
}

/// What the file becomes, written over whatever is there unless `unless_changed` says what
/// must be there.
fn write(model: &mut Model, unless_changed: Option<crate::flow::Stamp>) -> Vec<Cmd> {
    if model.document.path.is_none() {
        not_saved(
            model,
            "the flow has no file to save to; open a flow file (sfdb flows/retry-counter.json) \
             to keep edits",
        );
        return Vec::new();
    }
    match model.document.to_write() {
        Ok((path, text)) => vec![Cmd::Write {
            path,
            text,
            unless_changed,
        }],
        Err(why) => {
            not_saved(model, &why.to_string());
            Vec::new()
        }
    }
}

/// A failed write never quits: the edits are still only here.
fn not_saved(model: &mut Model, why: &str) {
    model
        .modals
        .close_where(|m| matches!(m, Modal::SavingToQuit));
    model.message = Some(format!("not saved: {why}"));
}

/// A key goes to whoever has the keyboard: the modal on top, else the panes.
fn key_pressed(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let Some(scope) = model.modals.top().map(Modal::scope) else {
        return panes_key(model, key);
    };
    let action = keymap::action(scope, &key);
    match scope {
        Scope::Editor | Scope::Choice => editor_key(model, action, key),
        Scope::Prompt => {
            prompt_key(model, action, key);
            Vec::new()
        }
        Scope::Input | Scope::Picker => input_key(model, action, key),
        Scope::Search => {
            search_key(model, action, key);
            Vec::new()
        }
        Scope::Help => {
            help_key(model, action);
            Vec::new()
        }
        Scope::Viewer => {
            model.message = None;
            if let Some(action) = action {
                moved_on(model, action);
            }
            match action {
                Some(action) => viewer_action(model, action),
                None => Vec::new(),
            }
        }
        Scope::Quit => quit_key(model, action),
        Scope::Panes | Scope::Canvas => panes_key(model, key),
    }
}

fn panes_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    model.message = None;
    if let Some(action) = keymap::action(Scope::Panes, &key) {
        moved_on(model, action);
    }
    // While a large flow's canvas is laid out, the outline shown meanwhile takes the keys.
    let canvas_shown = model.canvas.on && model.canvas.layout(model.execution.flow()).is_some();
    if canvas_shown && model.focus == Pane::Graph {
        if let Some(action) = keymap::action(Scope::Canvas, &key) {
            if let Some(cmds) = canvas_action(model, action) {
                return cmds;
            }
        }
    }
    match keymap::action(Scope::Panes, &key) {
        Some(action) => panes_action(model, action),
        None => Vec::new(),
    }
}

fn panes_action(model: &mut Model, action: Action) -> Vec<Cmd> {
    match action {
        Action::Step => return step(model),
        Action::Continue => return run_on(model, true, true),
        Action::StepBack => return step_back(model),
        Action::Restart => return restart(model),
        Action::CancelRequest => return cancel(model),
        Action::Quit => return quit(model),
        Action::Suspend => return vec![Cmd::Suspend],
        Action::Save => return save(model),
        Action::EditExternally => return open_in_editor(model),
        Action::CopyValue => return copy_selected(model),
        Action::CopyPath => return copy_path(model),
        Action::CopyCurl => return copy_curl(model, model.copy_secrets),
        Action::Pager => return page_selected(model),
        Action::FunctionsLog => return functions_log(model),
        Action::ToggleCanvas => toggle_canvas(model),
        Action::CanvasLayout => canvas_layout(model),
        Action::ToggleBreakpoint => toggle_breakpoint(model),
        Action::Help => model.modals.open(Modal::Help { cursor: 0 }),
        Action::Prompt => open_prompt(model),
        Action::KeepWatch => keep_watch(model),
        Action::EditField => open_editor(model),
        Action::AddParameter => add_parameter(model),
        Action::Delete if model.focus == Pane::Variables => delete_watch(model),
        Action::Delete => delete_parameter(model),
        Action::NextPane => focus(model, next_pane(model.focus, 1)),
        Action::PreviousPane => focus(model, next_pane(model.focus, Pane::ALL.len() - 1)),
        Action::Focus(pane) => focus(model, pane),
        Action::ChooseEvent => open_event_picker(model),
        Action::PinMock => pin_mock(model),
        Action::ToPresent if model.viewed_step().is_some() => to_present(model),
        Action::Search => start_search(model),
        Action::NextMatch => next_match(model, 1),
        Action::PreviousMatch => next_match(model, -1),
        Action::OpenValue => open_selected(model),
        Action::Zoom => model.zoomed = !model.zoomed,
        Action::Move(motion) => move_cursor(model, motion),
        Action::Activate => enter(model),
        Action::Fold => fold(model, Fold::Close),
        Action::Unfold => fold(model, Fold::Open),
        Action::FoldAll => fold(model, Fold::CloseAll),
        Action::UnfoldAll => fold(model, Fold::OpenAll),
        _ => {}
    }
    Vec::new()
}

/// Any key but `n` / `N` moves on from a search's match: the status line stops saying it
/// (`n` still goes on with the search).
fn moved_on(model: &mut Model, action: Action) {
    if !matches!(action, Action::NextMatch | Action::PreviousMatch) {
        if let Some(search) = model.search.as_mut() {
            search.said = false;
        }
    }
}

fn quit(model: &mut Model) -> Vec<Cmd> {
    if model.unsaved {
        model.modals.open(Modal::ConfirmQuit);
        Vec::new()
    } else {
        vec![Cmd::Quit]
    }
}

/// How often the loop sends [`Msg::Tick`] while a request runs.
pub const TICK: Duration = Duration::from_millis(100);

/// The local Functions runtime's whole output: start-up, reloads, and each request's lines
/// (those also shown with the step that made the request).
fn functions_log(model: &mut Model) -> Vec<Cmd> {
    let Some(output) = &model.functions_log else {
        model.message = Some("no local Functions runtime: start sfdb with --functions DIR".into());
        return Vec::new();
    };
    let lines = output.all();
    if lines.is_empty() {
        model.message = Some("the Functions runtime has printed nothing".into());
        return Vec::new();
    }
    vec![Cmd::Pager {
        line: lines.len(),
        text: lines.join("\n"),
    }]
}
