//! Where each pane goes on a screen of a given size: all five when it is wide, the graph and
//! one more beside it when not, only the focused one when zoomed. Views draw into these
//! places and `update` reads them (to page and to keep selections in view).

use ratatui::layout::{Constraint, Layout, Rect};

use super::model::{Model, Pane};

/// Smaller than this, only a message is drawn.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this size on, all panes show at once.
pub const WIDE_WIDTH: u16 = 110;
pub const WIDE_HEIGHT: u16 = 30;

pub fn is_wide(area: Rect) -> bool {
    area.width >= WIDE_WIDTH && area.height >= WIDE_HEIGHT
}

/// All five panes show at once: a wide screen, and not the canvas layout.
pub fn shows_all(model: &Model, area: Rect) -> bool {
    is_wide(area) && !canvas_layout(model)
}

/// The canvas layout (`t`) is in force: the canvas is shown and the layout chosen.
pub fn canvas_layout(model: &Model) -> bool {
    model.canvas.on && model.canvas.wide
}

/// Where each shown pane goes on a screen of `area`: all five when it is wide, the graph and
/// one more beside it when not or in the canvas layout, only the focused one when zoomed (`z`). The variables column
/// is at least as wide as the graph's, for long values.
pub fn panes(model: &Model, area: Rect) -> Vec<(Pane, Rect)> {
    let [main, _status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if model.zoomed {
        return vec![(model.focus, main)];
    }
    if shows_all(model, area) {
        let [top, bottom] =
            Layout::vertical([Constraint::Min(10), Constraint::Length(9)]).areas(main);
        let [g, i, v] = Layout::horizontal([
            Constraint::Percentage(30),
            Constraint::Percentage(36),
            Constraint::Percentage(34),
        ])
        .areas(top);
        let [t, c] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(bottom);
        vec![
            (Pane::Graph, g),
            (Pane::Inspector, i),
            (Pane::Variables, v),
            (Pane::Timeline, t),
            (Pane::Transcript, c),
        ]
    } else {
        // The canvas layout gives the graph two thirds, so the user steps with the canvas
        // and one value pane in view.
        let graph = if canvas_layout(model) { 66 } else { 42 };
        let [g, side] = Layout::horizontal([
            Constraint::Percentage(graph),
            Constraint::Percentage(100 - graph),
        ])
        .areas(main);
        let side_pane = match model.side {
            Pane::Graph => Pane::Inspector,
            other => other,
        };
        vec![(Pane::Graph, g), (side_pane, side)]
    }
}

/// The inspector's inner width on a terminal of `size` (for search, which works on its lines).
pub fn inspector_width(model: &Model) -> usize {
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    panes(model, area)
        .into_iter()
        .find(|(p, _)| *p == Pane::Inspector)
        .map_or(area.width, |(_, r)| r.width)
        .saturating_sub(2) as usize
}
