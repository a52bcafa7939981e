//! Moving around: focus, selection in each pane, breakpoints, jumping along transitions.

use super::*;

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

/// The rows a page moves by in a list.
const PAGE: isize = 10;

pub(super) fn move_cursor(model: &mut Model, motion: Motion) {
    let shift = |cursor: usize, len: usize| -> usize {
        if len == 0 {
            return 0;
        }
        match motion {
            Motion::By(by) => cursor.saturating_add_signed(by.into()),
            Motion::Page(by) => cursor.saturating_add_signed(isize::from(by) * PAGE),
            Motion::First => 0,
            Motion::Last => len - 1,
        }
        .min(len - 1)
    };
    let backwards = matches!(motion, Motion::By(..0) | Motion::Page(..0) | Motion::First);
    match model.focus {
        Pane::Graph => {
            model.graph_cursor = shift(model.graph_cursor, model.rows.len());
            model.timeline_cursor = None;
            model.inspector_cursor = 0;
            model.inspector_scroll = 0;
        }
        // Home and End go to the first and last item; paging scrolls.
        Pane::Inspector if matches!(motion, Motion::Page(_)) => {
            let Motion::Page(by) = motion else { return };
            model.inspector_scroll = model
                .inspector_scroll
                .saturating_add_signed(isize::from(by) * PAGE);
        }
        Pane::Inspector => {
            let len = crate::tui::inspector::items::items(model).len();
            model.inspector_cursor = shift(model.inspector_cursor, len);
            if backwards && model.inspector_cursor == 0 {
                model.inspector_scroll = 0;
            }
        }
        Pane::Variables => {
            let len = model.variable_rows().len();
            model.variables_cursor = shift(model.variables_cursor, len);
        }
        Pane::Transcript => {
            let len = crate::tui::transcript::lines(model).len();
            let from = model.transcript_cursor.unwrap_or(len.saturating_sub(1));
            if len > 0 {
                model.transcript_cursor = Some(shift(from, len));
            }
        }
        Pane::Timeline => {
            let len = model.execution.steps().len();
            let from = model.timeline_cursor.unwrap_or(len.saturating_sub(1));
            let to = shift(from, len);
            if len > 0 {
                model.timeline_cursor = Some(to);
                select_step_widget(model, to);
            }
        }
    }
}

pub(super) fn select_step_widget(model: &mut Model, step: usize) {
    let Some(name) = model
        .execution
        .steps()
        .get(step)
        .map(|s| s.transitioned_from.clone())
    else {
        return;
    };
    if let Some(i) = model.execution.flow().index_of(&name) {
        if let Some(row) = model
            .rows
            .iter()
            .position(|r| matches!(r, Row::Widget { widget } if *widget == i))
        {
            model.graph_cursor = row;
            model.inspector_cursor = 0;
            model.inspector_scroll = 0;
        }
    }
}

pub(super) fn enter(model: &mut Model) {
    match model.focus {
        Pane::Graph => {
            let target = match model.rows.get(model.graph_cursor) {
                Some(Row::Transition { target, .. }) => *target,
                Some(Row::Widget { widget }) => model.execution.flow().widgets[*widget]
                    .transitions
                    .iter()
                    .find_map(|t| t.next.as_deref())
                    .and_then(|n| model.execution.flow().index_of(n)),
                None => None,
            };
            if let Some(target) = target {
                if let Some(row) = model
                    .rows
                    .iter()
                    .position(|r| matches!(r, Row::Widget { widget } if *widget == target))
                {
                    model.graph_cursor = row;
                    model.timeline_cursor = None;
                }
            }
        }
        Pane::Variables => {
            let rows = model.variable_rows();
            match rows.get(model.variables_cursor) {
                Some(row) if row.branch && !model.collapsed.remove(&row.path) => {
                    model.collapsed.insert(row.path.clone());
                }
                Some(row) if row.branch => {}
                Some(_) => open_selected(model),
                None => {}
            }
        }
        Pane::Inspector => match crate::tui::inspector::items::selected(model) {
            Some(crate::tui::inspector::items::Item::Field(_)) => open_editor(model),
            Some(_) => open_selected(model),
            None => {}
        },
        Pane::Timeline | Pane::Transcript => open_selected(model),
    }
}
