//! The flow as Studio's console draws it: each widget a box at the position the export stores
//! (`properties.offset`, canvas pixels), scaled to terminal cells, with each transition an edge
//! routed around the boxes. Computed once per flow and zoom level; the view only windows it.
//!
//! Flows without positions (all offsets zero, generated flows) get a layered layout instead.

mod boxes;
mod layered;
mod place;
pub mod quality;
mod route;
mod state;
mod tracks;
pub mod view;

pub use boxes::{label_of, Port};
pub use state::{Canvas, Walk};

use crate::flow::Flow;

/// How much of each widget the canvas shows (remembered per flow as `full` or `compact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zoom {
    /// Bordered boxes: name, type and run count, the transitions' labels under them.
    Full,
    /// One-line boxes: the name only, the transitions as short labels under it.
    Compact,
}

impl Zoom {
    pub fn name(self) -> &'static str {
        match self {
            Zoom::Full => "full",
            Zoom::Compact => "compact",
        }
    }
}

/// A widget's box on the canvas, in cells. The last row holds the transitions' labels when
/// the widget has any connected transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub widget: usize,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    pub ports: Vec<Port>,
}

impl Placed {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    pub fn contains(&self, x: i32, y: i32) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }

    pub fn centre(&self) -> (i32, i32) {
        (self.x + self.w / 2, self.y + self.h / 2)
    }

    /// The rows an edge may enter the box's sides by: a bordered box's inner rows, or the
    /// name row of a borderless one (compact zoom: the name, and the labels under it).
    pub fn side_rows(&self) -> std::ops::Range<i32> {
        if self.h >= 3 {
            self.y + 1..self.bottom() - 1
        } else {
            self.y..self.y + 1
        }
    }

    /// Whether an edge whose last two cells are `before` and `arrow` ends pointing into the
    /// box: onto its top border between the corners going down, or into a side beside one of
    /// its [`side_rows`](Self::side_rows) going across.
    pub fn entered(&self, before: (i32, i32), arrow: (i32, i32)) -> bool {
        let (x, y) = arrow;
        let inner_row = self.side_rows().contains(&y);
        (y == self.y - 1 && x > self.x && x < self.right() - 1 && before == (x, y - 1))
            || (inner_row && x == self.x - 1 && before == (x - 1, y))
            || (inner_row && x == self.right() && before == (x + 1, y))
    }
}

/// One transition drawn: from the cell under its port to its arrowhead, just above its
/// target's top border or, for an edge that climbs, beside one of its sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub widget: usize,
    pub transition: usize,
    pub target: usize,
    /// The path, one cell after another; empty when no route was found.
    pub cells: Vec<(i32, i32)>,
    /// The target's top is above the source's top: the edge climbs back (a loop).
    pub back: bool,
    /// The cells' bounding box (left, top, right, bottom, inclusive), for windowing.
    pub bounds: (i32, i32, i32, i32),
}

/// The whole canvas of one flow at one zoom level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub zoom: Zoom,
    /// One per widget, indexed by widget.
    pub boxes: Vec<Placed>,
    pub edges: Vec<Edge>,
    pub width: i32,
    pub height: i32,
    /// The flow had no positions of its own: the layout is layered.
    pub layered: bool,
}

/// For each widget, the widget each transition leads to (from the flow's index).
pub(crate) type Targets = Vec<Vec<Option<usize>>>;

impl Layout {
    pub fn new(flow: &Flow, zoom: Zoom) -> Layout {
        let targets: Targets = (0..flow.widgets.len())
            .map(|w| flow.graph().targets(w).to_vec())
            .collect();
        let mut boxes: Vec<Placed> = flow
            .widgets
            .iter()
            .enumerate()
            .map(|(i, w)| boxes::sized(&targets[i], i, w, zoom))
            .collect();
        let layered = !place::has_positions(flow);
        let mut guides = Vec::new();
        if layered {
            guides = layered::arrange(flow, &targets, &mut boxes);
        } else {
            place::from_offsets(flow, &mut boxes, zoom);
        }
        let mut incoming = vec![0; boxes.len()];
        for t in targets.iter().flatten().flatten() {
            incoming[*t] += 1;
        }
        let fans = !layered && zoom == Zoom::Full;
        let arranged: Vec<(i32, i32)> = boxes.iter().map(|b| (b.x, b.y)).collect();
        place::separate(&mut boxes, &place::room_above(&incoming), fans);
        if boxes.iter().zip(&arranged).any(|(b, &at)| (b.x, b.y) != at) {
            // A box moved: the ways planned past it no longer fit.
            guides.clear();
        }
        let (mut width, mut height) = place::normalise(&mut boxes);
        if let (Some(b), Some(&(x, y))) = (boxes.first(), arranged.first()) {
            let moved = (b.x - x, b.y - y);
            layered::settle(&mut boxes, &mut guides, moved, (&mut width, &mut height));
        }
        let (edges, width) = route::all(&targets, &boxes, &guides, width, height);
        for (i, e) in edges.iter().enumerate() {
            if let Some(p) = boxes[e.widget]
                .ports
                .iter_mut()
                .find(|p| p.transition == e.transition)
            {
                p.edge = Some(i);
            }
        }
        Layout {
            zoom,
            boxes,
            edges,
            width,
            height,
            layered,
        }
    }

    /// The edges leaving `widget`, in transition order.
    pub fn outgoing(&self, widget: usize) -> Vec<usize> {
        (0..self.edges.len())
            .filter(|&e| self.edges[e].widget == widget)
            .collect()
    }

    /// The edges arriving at `widget`, in file order of their sources.
    pub fn incoming(&self, widget: usize) -> Vec<usize> {
        (0..self.edges.len())
            .filter(|&e| self.edges[e].target == widget)
            .collect()
    }

    /// The widget nearest to `from` in a direction (`dx`, `dy` one of -1, 0, 1): the one whose
    /// centre lies that way and is closest, sideways distance counting three times: a box a
    /// row lower to the right is more "right" than one six rows up.
    pub fn nearest(&self, from: usize, dx: i32, dy: i32) -> Option<usize> {
        let (fx, fy) = self.boxes[from].centre();
        self.boxes
            .iter()
            .filter(|b| b.widget != from)
            .filter_map(|b| {
                let (x, y) = b.centre();
                // A row is about two columns tall.
                let (ax, ay) = (x - fx, (y - fy) * 2);
                let along = ax * dx + ay * dy;
                let across = (ax * dy).abs() + (ay * dx).abs();
                (along > 0 && across <= along * 2).then_some((along + across * 3, b.widget))
            })
            .min()
            .map(|(_, w)| w)
    }
}
