//! `/` search in every pane, the viewer and the help: typed incrementally, ended with Enter
//! (keeping the match) or Esc (back to where it started), then `n` / `N`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::tui::rooms;
use crate::tui::search::{Hit, Origin, Search, Target};

/// Where a search started now would run.
pub(super) fn target(model: &Model) -> Target {
    if model.modals.help_cursor().is_some() {
        Target::Help
    } else if model.modals.viewer().is_some() {
        Target::Viewer
    } else {
        Target::Pane(model.focus)
    }
}

pub(super) fn start_search(model: &mut Model) {
    let target = target(model);
    let origin = Origin {
        graph_cursor: model.graph_cursor,
        variables_selected: model.variables_selected.clone(),
        folds: model.folds.clone(),
        timeline_cursor: model.timeline_cursor,
        transcript_cursor: model.transcript_cursor,
        inspector_scroll: model.inspector_scroll,
        help_cursor: model.modals.help_cursor().unwrap_or(0),
        viewer: model
            .modals
            .viewer()
            .map(|v| (v.cursor, v.top, v.folded.clone())),
    };
    let at = match target {
        Target::Pane(pane) => rooms::room(pane).search_from(model),
        Target::Viewer => Hit::Row(model.modals.viewer().map_or(0, |v| v.cursor)),
        Target::Help => Hit::Row(model.modals.help_cursor().unwrap_or(0)),
    };
    model.search = Some(Search::new(target, items(model, target), origin, &at));
    model.modals.open(Modal::Search);
}

/// The query is no longer typed: `n` / `N` go on with it, or it is gone.
fn stop_typing(model: &mut Model) {
    model.modals.close_where(|m| matches!(m, Modal::Search));
}

/// A key while the query is typed.
pub(super) fn search_key(model: &mut Model, action: Option<Action>, key: KeyEvent) {
    let Some(search) = model.search.as_mut() else {
        stop_typing(model);
        return;
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match (action, key.code) {
        (Some(Action::Close), _) => {
            let origin = search.origin.clone();
            model.search = None;
            stop_typing(model);
            restore(model, origin);
            return;
        }
        (Some(Action::Apply), _) => {
            if search.current.is_none() {
                model.message = Some(format!("no match for /{}", search.query));
                model.search = None;
            }
            stop_typing(model);
            return;
        }
        (_, KeyCode::Backspace) if search.query.is_empty() => {
            let origin = search.origin.clone();
            model.search = None;
            stop_typing(model);
            restore(model, origin);
            return;
        }
        (_, KeyCode::Backspace) => {
            search.query.pop();
        }
        (Some(Action::ClearLine), _) => search.query.clear(),
        (_, KeyCode::Char(c)) if !ctrl => search.query.push(c),
        _ => return,
    }
    requery(model);
}

/// Text pasted into the query: added as if typed.
pub(super) fn search_insert(model: &mut Model, text: &str) {
    if let Some(search) = model.search.as_mut() {
        search.query.push_str(&text.replace(['\r', '\n'], " "));
    }
    requery(model);
}

/// Matches the query as it now stands, from where the search started.
fn requery(model: &mut Model) {
    let Some(search) = model.search.as_mut() else {
        return;
    };
    search.rematch();
    let origin = search.origin.clone();
    restore(model, origin);
    select(model);
}

/// `n` / `N`: the next or previous match of the last search here.
pub(super) fn next_match(model: &mut Model, by: isize) {
    let here = target(model);
    match model.search.as_mut() {
        Some(search) if search.target == here && !search.matches.is_empty() => {
            search.step(by);
            select(model);
        }
        _ => model.message = Some("/ starts a search here".into()),
    }
}

fn restore(model: &mut Model, origin: Origin) {
    model.graph_cursor = origin.graph_cursor;
    model.variables_selected = origin.variables_selected;
    model.folds = origin.folds;
    model.timeline_cursor = origin.timeline_cursor;
    model.transcript_cursor = origin.transcript_cursor;
    model.inspector_scroll = origin.inspector_scroll;
    if let Some(cursor) = model.modals.help_cursor_mut() {
        *cursor = origin.help_cursor;
    }
    if let (Some(viewer), Some((cursor, top, folded))) = (model.modals.viewer_mut(), origin.viewer)
    {
        viewer.cursor = cursor;
        viewer.top = top;
        viewer.folded = folded;
    }
}

/// Moves the selection to the current match.
fn select(model: &mut Model) {
    let Some(search) = model.search.as_mut() else {
        return;
    };
    search.said = true;
    let search = &*search;
    let Some(hit) = search.hit().cloned() else {
        return;
    };
    match (search.target, hit) {
        (Target::Pane(pane), hit) => rooms::room(pane).select_hit(model, &hit),
        (Target::Viewer, Hit::Row(line)) => {
            let page = viewer_page(model);
            if let Some(viewer) = model.modals.viewer_mut() {
                let ancestors: Vec<usize> = viewer.doc.ancestors(line).collect();
                for a in ancestors {
                    viewer.folded.remove(&a);
                }
                viewer.cursor = line;
                keep_in_view(viewer, page);
            }
        }
        (Target::Help, Hit::Row(line)) => {
            if let Some(cursor) = model.modals.help_cursor_mut() {
                *cursor = line;
            }
        }
        _ => {}
    }
}

/// What is searched in `target`, one text per selectable thing.
pub fn items(model: &Model, target: Target) -> Vec<(String, Hit)> {
    match target {
        Target::Pane(pane) => rooms::room(pane).search_items(model),
        Target::Viewer => model
            .modals
            .viewer()
            .map(|v| {
                v.doc
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        (
                            format!("{}{}", l.key.as_deref().unwrap_or(""), l.text),
                            Hit::Row(i),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Target::Help => crate::tui::keymap::help_lines()
            .enumerate()
            .map(|(i, (k, what))| (format!("{k} {what}"), Hit::Row(i)))
            .collect(),
    }
}
