//! What the canvas view of the graph pane remembers: whether it is shown, its zoom, where the
//! window onto the canvas is, follow mode, the edge being walked, and the layouts computed.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Layout, Zoom};
use crate::flow::Flow;

/// An edge picked with `]` (outgoing) or `[` (incoming).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walk {
    pub outgoing: bool,
    /// The index into [`Layout::edges`].
    pub edge: usize,
}

#[derive(Debug)]
pub struct Canvas {
    /// The graph pane shows the canvas rather than the outline.
    pub on: bool,
    /// The canvas layout (`t`): while the canvas is on, it takes two thirds of the screen and
    /// the other panes are tabs beside it.
    pub wide: bool,
    pub zoom: Zoom,
    /// Stepping moves the selection to the current widget and keeps it in view.
    pub follow: bool,
    /// The canvas cell at the window's top left.
    pub pan: (i32, i32),
    pub walk: Option<Walk>,
    /// The current widget the window last moved to show (follow mode).
    pub followed: Option<usize>,
    /// The widget the window was last moved to show, and the window's size then: the window
    /// moves by itself only when either changes, so panning away from the selection stays.
    pub shown: Option<(usize, (i32, i32))>,
    layouts: RefCell<Vec<Rc<Layout>>>,
    /// The zoom whose layout is being computed off the loop (a large flow), if one is.
    pub laying_out: Option<Zoom>,
}

impl Default for Canvas {
    fn default() -> Canvas {
        Canvas {
            on: false,
            wide: false,
            zoom: Zoom::Full,
            follow: true,
            pan: (0, 0),
            walk: None,
            followed: None,
            shown: None,
            layouts: RefCell::new(Vec::new()),
            laying_out: None,
        }
    }
}

/// Flows up to this many widgets are laid out at once (in tens of milliseconds); larger ones
/// off the loop, the outline shown meanwhile, so keys are never kept waiting.
pub const AT_ONCE: usize = 300;

impl Canvas {
    /// The layout at the current zoom, computed on first use and kept: the flow's widgets and
    /// transitions never change while it is open. `None` while a large flow's is computed.
    pub fn layout(&self, flow: &Flow) -> Option<Rc<Layout>> {
        let mut layouts = self.layouts.borrow_mut();
        if let Some(l) = layouts.iter().find(|l| l.zoom == self.zoom) {
            return Some(l.clone());
        }
        if flow.widgets.len() > AT_ONCE {
            return None;
        }
        let layout = Rc::new(Layout::new(flow, self.zoom));
        layouts.push(layout.clone());
        Some(layout)
    }

    /// The zoom whose layout must be computed off the loop now, if one must.
    pub fn to_lay_out(&self, flow: &Flow) -> Option<Zoom> {
        let missing = self.on
            && flow.widgets.len() > AT_ONCE
            && !self.layouts.borrow().iter().any(|l| l.zoom == self.zoom);
        (missing && self.laying_out != Some(self.zoom)).then_some(self.zoom)
    }

    /// The walked edge (`]` / `[`) in words, while it is one of `selected`'s: what the
    /// status line says, so that it and the highlighted edge are always the same.
    pub fn walk_text(&self, flow: &Flow, selected: usize) -> Option<String> {
        let walk = self.walk?;
        let layout = self
            .layouts
            .borrow()
            .iter()
            .find(|l| l.zoom == self.zoom)?
            .clone();
        let edges = if walk.outgoing {
            layout.outgoing(selected)
        } else {
            layout.incoming(selected)
        };
        let at = edges.iter().position(|&e| e == walk.edge)?;
        let e = &layout.edges[walk.edge];
        Some(format!(
            "{} --{}--> {}   ({}/{}, Enter goes to {})",
            flow.widgets[e.widget].name,
            super::label_of(&flow.widgets[e.widget], e.transition),
            flow.widgets[e.target].name,
            at + 1,
            edges.len(),
            if walk.outgoing {
                "the target"
            } else {
                "the source"
            }
        ))
    }

    /// A layout computed off the loop arrives; one of a flow since replaced is dropped.
    pub fn laid_out(&mut self, layout: Layout) {
        if self.laying_out != Some(layout.zoom) {
            return;
        }
        self.laying_out = None;
        self.layouts.get_mut().push(Rc::new(layout));
    }

    /// The flow's widgets or transitions changed (it was read again): the layouts are of the
    /// old one.
    pub fn flow_changed(&mut self) {
        self.layouts.get_mut().clear();
        self.laying_out = None;
        self.walk = None;
        self.shown = None;
        self.followed = None;
    }
}
