//! Moving around: focus, selection in each pane, breakpoints, jumping along transitions.

use super::*;
use crate::tui::room::{Activated, Fold};
use crate::tui::rooms;

pub(super) fn next_pane(pane: Pane, by: usize) -> Pane {
    let i = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0);
    Pane::ALL[(i + by) % Pane::ALL.len()]
}

pub(super) fn focus(model: &mut Model, pane: Pane) {
    model.focus = pane;
    if pane != Pane::Graph {
        model.side = pane;
    }
}

pub(super) fn toggle_breakpoint(model: &mut Model) {
    let Some(name) = model.inspected().map(|w| w.name.clone()) else {
        return;
    };
    if !model.breakpoints.remove(&name) {
        model.message = Some(format!("breakpoint set on {name}"));
        model.breakpoints.insert(name);
    } else {
        model.message = Some(format!("breakpoint removed from {name}"));
    }
}

/// Moves the focused pane's selection.
pub(super) fn move_cursor(model: &mut Model, motion: Motion) {
    rooms::room(model.focus).move_selection(model, motion);
}

/// `h` `l` `H` `L`: the focused pane's tree folds, or the variables' when it has none.
pub(super) fn fold(model: &mut Model, fold: Fold) {
    if !rooms::room(model.focus).fold(model, fold) {
        model.message = Some("h l H L fold the values: 3 selects the variables".into());
    }
}

/// Enter in the focused pane: what its room does, or opens, or edits.
pub(super) fn enter(model: &mut Model) {
    match rooms::room(model.focus).activate(model) {
        Activated::Done => {}
        Activated::Open => open_selected(model),
        Activated::Edit => open_editor(model),
    }
}
