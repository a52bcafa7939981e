//! `update`: the only place the model changes. Pure: it returns commands for the loop to run
//! (send a request, cancel one, save, quit) instead of doing I/O.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::engine::http::HttpResult;
use crate::engine::{Progress, Status};
use crate::tui::fields::{self, Field};
use crate::tui::graph::{self, Row};
use crate::tui::model::{Cmd, Editor, InFlight, InputBox, Model, Msg, Pane};

mod canvas;
mod editing;
mod help;
mod input;
mod navigation;
mod search;
mod stepping;
mod values;
mod viewer;
mod watches;

use canvas::*;
use editing::*;
use help::*;
use input::*;
use navigation::*;
use search::*;
use stepping::*;
use values::*;
use viewer::*;
use watches::*;

pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    let cmds = handle(model, msg);
    keep_selection_in_view(model);
    cmds
}

fn handle(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(key) => key_pressed(model, key),
        Msg::Resize(width, height) => {
            model.size = (width, height);
            let page = viewer_page(model);
            if let Some(viewer) = model.viewer.as_mut() {
                keep_in_view(viewer, page);
            }
            Vec::new()
        }
        Msg::Tick(now) => {
            model.now = now;
            Vec::new()
        }
        Msg::HttpDone { id, result } => http_done(model, id, result),
        Msg::Saved(Ok(path)) => {
            model.unsaved = false;
            model.message = Some(format!("wrote {path}"));
            if std::mem::take(&mut model.quit_after_save) {
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
            // A failed write never quits: the edits are still only here.
            model.quit_after_save = false;
            model.message = Some(format!("not saved: {why}"));
            Vec::new()
        }
    }
}

fn key_pressed(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    if model.editor.is_some() {
        return editor_key(model, key);
    }
    if model.prompt.is_some() {
        prompt_key(model, key);
        return Vec::new();
    }
    if model.input.is_some() {
        return input_key(model, key);
    }
    if model.search.as_ref().is_some_and(|s| s.typing) {
        search_key(model, key);
        return Vec::new();
    }
    if model.help {
        help_key(model, key);
        return Vec::new();
    }
    if model.viewer.is_some() {
        model.message = None;
        return viewer_key(model, key);
    }
    if model.confirm_quit {
        // Only an explicit choice loses edits: `q q` and a stray key keep them.
        model.confirm_quit = false;
        return match key.code {
            KeyCode::Char('d') => vec![Cmd::Quit],
            KeyCode::Char('w') => {
                model.quit_after_save = true;
                vec![Cmd::Save]
            }
            _ => {
                model.message = Some("quit cancelled: the edits are kept".into());
                Vec::new()
            }
        };
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return quit(model);
    }
    model.message = None;
    if model.canvas.on && model.focus == Pane::Graph {
        if let Some(cmds) = canvas_key(model, key) {
            return cmds;
        }
    }
    match key.code {
        KeyCode::Char('s') => step(model),
        KeyCode::Char('f') => {
            toggle_canvas(model);
            Vec::new()
        }
        KeyCode::Char('c') => {
            model.continuing = true;
            run_on(model, true)
        }
        KeyCode::Char('p') => step_back(model),
        KeyCode::Char('r') => restart(model),
        KeyCode::Char('x') => cancel(model),
        KeyCode::Char('b') => {
            toggle_breakpoint(model);
            Vec::new()
        }
        KeyCode::Char('?') => {
            model.help = true;
            Vec::new()
        }
        KeyCode::Char('=') => {
            open_prompt(model);
            Vec::new()
        }
        KeyCode::Char('W') => {
            keep_watch(model);
            Vec::new()
        }
        KeyCode::Char('q') => quit(model),
        KeyCode::Char('w') => vec![Cmd::Save],
        KeyCode::Char('e') => {
            open_editor(model);
            Vec::new()
        }
        KeyCode::Char('E') => open_in_editor(model),
        KeyCode::Char('a') => {
            add_parameter(model);
            Vec::new()
        }
        KeyCode::Char('d') if model.focus == Pane::Variables => {
            delete_watch(model);
            Vec::new()
        }
        KeyCode::Char('d') => {
            delete_parameter(model);
            Vec::new()
        }
        KeyCode::Tab => {
            focus(model, next_pane(model.focus, 1));
            Vec::new()
        }
        KeyCode::BackTab => {
            focus(model, next_pane(model.focus, Pane::ALL.len() - 1));
            Vec::new()
        }
        KeyCode::Char('v') => {
            open_event_picker(model);
            Vec::new()
        }
        KeyCode::Char('m') => {
            pin_mock(model);
            Vec::new()
        }
        KeyCode::Char(c @ '1'..='5') => {
            focus(model, Pane::ALL[c as usize - '1' as usize]);
            Vec::new()
        }
        KeyCode::Esc if model.viewed_step().is_some() => {
            to_present(model);
            Vec::new()
        }
        KeyCode::Char('/') => {
            start_search(model);
            Vec::new()
        }
        KeyCode::Char('n') => {
            next_match(model, 1);
            Vec::new()
        }
        KeyCode::Char('N') => {
            next_match(model, -1);
            Vec::new()
        }
        KeyCode::Char('o') => {
            open_selected(model);
            Vec::new()
        }
        KeyCode::Char('y') => copy_selected(model),
        KeyCode::Char('Y') => copy_path(model),
        KeyCode::Char('C') => {
            let secrets = std::env::var("SFDB_COPY_SECRETS").is_ok_and(|v| v == "1");
            copy_curl(model, secrets)
        }
        KeyCode::Char('|') => page_selected(model),
        KeyCode::Char('z') => {
            model.zoomed = !model.zoomed;
            Vec::new()
        }
        KeyCode::Char('g') | KeyCode::Home => {
            move_cursor(model, isize::MIN / 2);
            Vec::new()
        }
        KeyCode::Char('G') | KeyCode::End => {
            move_cursor(model, isize::MAX / 2);
            Vec::new()
        }
        KeyCode::Char('j') | KeyCode::Down => {
            move_cursor(model, 1);
            Vec::new()
        }
        KeyCode::Char('k') | KeyCode::Up => {
            move_cursor(model, -1);
            Vec::new()
        }
        KeyCode::PageDown => {
            move_cursor(model, 10);
            Vec::new()
        }
        KeyCode::PageUp => {
            move_cursor(model, -10);
            Vec::new()
        }
        KeyCode::Enter => {
            enter(model);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn quit(model: &mut Model) -> Vec<Cmd> {
    if model.unsaved {
        model.confirm_quit = true;
        Vec::new()
    } else {
        vec![Cmd::Quit]
    }
}

/// How often the loop sends [`Msg::Tick`] while a request runs.
pub const TICK: Duration = Duration::from_millis(100);
