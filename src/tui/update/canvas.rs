//! The canvas view's keys: toggling it, moving to the nearest widget in a direction, panning,
//! zooming, walking transitions edge by edge, and keeping the selection in the window.

use super::*;
use crate::tui::flow::canvas::{Walk, Zoom};

/// Carries out an action of the canvas's own; `None` when it is not one (the panes' then).
pub(super) fn canvas_action(model: &mut Model, action: Action) -> Option<Vec<Cmd>> {
    let (cols, rows) = window(model);
    let half = |n: i32, by: i8| i32::from(by) * (n / 2).max(1);
    match action {
        Action::Pan(dx, dy) => pan(model, half(cols, dx), half(rows, dy)),
        Action::PanPage(by) => pan(model, 0, i32::from(by) * rows.max(1)),
        Action::Nearest(dx, dy) => go(model, dx.into(), dy.into()),
        Action::WalkOutgoing => walk(model, true),
        Action::WalkIncoming => walk(model, false),
        Action::Activate if model.canvas.walk.is_some() => walk_to_end(model),
        Action::CentreOnCurrent => {
            model.canvas.walk = None;
            let current = model.execution.current().map(str::to_string);
            match current.and_then(|n| model.execution.flow().index_of(&n)) {
                Some(w) => {
                    select(model, w);
                    centre_on(model, w);
                }
                None => model.message = Some("the execution has ended: no current widget".into()),
            }
        }
        Action::ZoomFull => set_zoom(model, Zoom::Full),
        Action::ZoomCompact => set_zoom(model, Zoom::Compact),
        Action::ToggleFollow => {
            model.canvas.follow = !model.canvas.follow;
            model.message = Some(
                if model.canvas.follow {
                    "follow: stepping keeps the current widget selected and in view"
                } else {
                    "follow off: stepping leaves the selection and the window where they are"
                }
                .into(),
            );
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Shows or hides the canvas (`f`), the window centred on the selection.
pub(super) fn toggle_canvas(model: &mut Model) {
    model.canvas.on = !model.canvas.on;
    model.canvas.walk = None;
    if model.canvas.on {
        // The selection is shown, not the current widget: follow mode moves the window only
        // when the current widget changes from here on.
        let flow = model.execution.flow();
        model.canvas.followed = model.execution.current().and_then(|n| flow.index_of(n));
        if let Some(w) = model.selected_widget() {
            centre_on(model, w);
        }
    }
}

/// `t`: the canvas layout on (showing the canvas if the outline was shown) or off.
pub(super) fn canvas_layout(model: &mut Model) {
    if model.canvas.on && model.canvas.wide {
        model.canvas.wide = false;
        model.message = Some("canvas layout off: t brings it back".into());
        return;
    }
    model.canvas.wide = true;
    if !model.canvas.on {
        toggle_canvas(model);
    }
    if let Some(w) = model.selected_widget() {
        centre_on(model, w);
    }
    model.message = Some(format!(
        "canvas layout: {} beside the canvas; 2-5 or Tab choose another, t to leave",
        model.side.title()
    ));
}

/// The window's size in cells: the graph pane's inside at the terminal's size.
fn window(model: &Model) -> (i32, i32) {
    let area = ratatui::layout::Rect::new(0, 0, model.size.0, model.size.1);
    crate::tui::layout::panes(model, area)
        .into_iter()
        .find(|(p, _)| *p == Pane::Graph)
        .map_or((1, 1), |(_, r)| {
            (
                i32::from(r.width.saturating_sub(2)),
                i32::from(r.height.saturating_sub(2)),
            )
        })
}

fn pan(model: &mut Model, dx: i32, dy: i32) {
    let Some(layout) = model.canvas.layout(model.execution.flow()) else {
        return;
    };
    let (cols, rows) = window(model);
    let (x, y) = model.canvas.pan;
    model.canvas.pan = (
        (x + dx).clamp(0, (layout.width - cols).max(0)),
        (y + dy).clamp(0, (layout.height - rows).max(0)),
    );
}

fn select(model: &mut Model, widget: usize) {
    model.select_widget(widget);
    model.timeline_cursor = None;
    model.inspector_cursor = 0;
    model.inspector_scroll = 0;
}

fn go(model: &mut Model, dx: i32, dy: i32) {
    model.canvas.walk = None;
    let Some(from) = model.selected_widget() else {
        return;
    };
    let Some(layout) = model.canvas.layout(model.execution.flow()) else {
        return;
    };
    match layout.nearest(from, dx, dy) {
        Some(w) => select(model, w),
        None => model.message = Some("no widget that way".into()),
    }
}

fn centre_on(model: &mut Model, widget: usize) {
    let Some(layout) = model.canvas.layout(model.execution.flow()) else {
        return;
    };
    let (cols, rows) = window(model);
    let (x, y) = layout.boxes[widget].centre();
    model.canvas.pan = (
        (x - cols / 2).clamp(0, (layout.width - cols).max(0)),
        (y - rows / 2).clamp(0, (layout.height - rows).max(0)),
    );
    model.canvas.shown = Some((widget, (cols, rows)));
}

fn set_zoom(model: &mut Model, zoom: Zoom) {
    if model.canvas.zoom == zoom {
        model.message = Some(format!("already at {} zoom", zoom.name()));
        return;
    }
    model.canvas.zoom = zoom;
    model.canvas.walk = None;
    if let Some(w) = model.selected_widget() {
        centre_on(model, w);
    }
}

/// Picks the selected widget's next outgoing (or incoming) transition, and says which.
fn walk(model: &mut Model, outgoing: bool) {
    let Some(widget) = model.selected_widget() else {
        return;
    };
    let Some(layout) = model.canvas.layout(model.execution.flow()) else {
        return;
    };
    let edges = if outgoing {
        layout.outgoing(widget)
    } else {
        layout.incoming(widget)
    };
    if edges.is_empty() {
        model.canvas.walk = None;
        model.message = Some(format!(
            "no {} transitions",
            if outgoing { "outgoing" } else { "incoming" }
        ));
        return;
    }
    let at = match model.canvas.walk {
        Some(w) if w.outgoing == outgoing => edges
            .iter()
            .position(|&e| e == w.edge)
            .map_or(0, |i| (i + 1) % edges.len()),
        _ => 0,
    };
    model.canvas.walk = Some(Walk {
        outgoing,
        edge: edges[at],
    });
}

fn walk_to_end(model: &mut Model) {
    let Some(walk) = model.canvas.walk.take() else {
        return;
    };
    let Some(layout) = model.canvas.layout(model.execution.flow()) else {
        return;
    };
    let e = &layout.edges[walk.edge];
    let to = if walk.outgoing { e.target } else { e.widget };
    select(model, to);
}

/// Moves the window so the selected widget is in it, when the selection (or the window's
/// size) has changed since the window last moved for it; and in follow mode, so the current
/// widget is in it whenever that changes. Runs after every message while the canvas is shown.
pub(super) fn keep_selection_in_view(model: &mut Model) {
    if !model.canvas.on {
        return;
    }
    // A walked edge is one of the selection's, or none: the highlight and the status line
    // (which says it) never name another widget's.
    let walking_selection = model
        .selected_widget()
        .is_some_and(|w| model.canvas.walk_text(model.execution.flow(), w).is_some());
    if !walking_selection {
        model.canvas.walk = None;
    }
    let size = window(model);
    if let Some(widget) = model.selected_widget() {
        if model.canvas.shown != Some((widget, size)) {
            model.canvas.shown = Some((widget, size));
            reveal(model, widget);
        }
    }
    let flow = model.execution.flow();
    let current = model.execution.current().and_then(|n| flow.index_of(n));
    if model.canvas.follow && current.is_some() && model.canvas.followed != current {
        model.canvas.followed = current;
        reveal(model, current.unwrap_or_default());
    }
}

/// Moves the window as little as needed to show `widget`'s box and the arrow above it; a box
/// larger than the window shows its top left.
fn reveal(model: &mut Model, widget: usize) {
    let Some(layout) = model.canvas.layout(model.execution.flow()) else {
        return;
    };
    let (cols, rows) = window(model);
    let b = &layout.boxes[widget];
    let (mut x, mut y) = model.canvas.pan;
    let (top, bottom) = (b.y - 1, b.bottom());
    if b.w >= cols {
        x = b.x;
    } else if b.x < x {
        x = b.x - 1;
    } else if b.right() > x + cols {
        x = b.right() + 1 - cols;
    }
    if bottom - top >= rows || top < y {
        y = top;
    } else if bottom > y + rows {
        y = bottom - rows;
    }
    model.canvas.pan = (
        x.clamp(0, (layout.width - cols).max(0)),
        y.clamp(0, (layout.height - rows).max(0)),
    );
}
