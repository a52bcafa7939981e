//! Everything the debugger shows, in one place; views only draw it and `update` only changes it.

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, Instant};

use ratatui_textarea::TextArea;

use super::fields::Field;
use super::graph::{self, Row};
use super::tree;
use crate::engine::http::HttpResult;
use crate::engine::Execution;
use crate::flow::{Document, Widget};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Graph,
    Inspector,
    Variables,
    Timeline,
    Transcript,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Graph,
        Pane::Inspector,
        Pane::Variables,
        Pane::Timeline,
        Pane::Transcript,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Graph => "Flow",
            Pane::Inspector => "Inspector",
            Pane::Variables => "Variables",
            Pane::Timeline => "Timeline",
            Pane::Transcript => "Transcript",
        }
    }

    /// The title in the tab bar of a small terminal, where five must fit.
    pub fn short_title(self) -> &'static str {
        match self {
            Pane::Graph => "Flow",
            Pane::Inspector => "Inspect",
            Pane::Variables => "Vars",
            Pane::Timeline => "Steps",
            Pane::Transcript => "Talk",
        }
    }
}

/// What the contact says to a widget that waits, or the event a widget should fire.
pub struct InputBox {
    pub widget: String,
    /// What the widget waits for; `None` when only an event is being chosen.
    pub need: Option<crate::engine::widgets::Need>,
    pub textarea: TextArea<'static>,
    pub events: Vec<String>,
    /// Choosing from `events` rather than typing.
    pub picking: bool,
    pub selected: usize,
}

/// A request out for the current widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlight {
    pub id: u64,
    pub widget: String,
    pub started: Instant,
}

pub struct Editor {
    pub widget: String,
    pub field: Field,
    pub textarea: TextArea<'static>,
    pub error: Option<String>,
}

#[derive(Debug)]
pub enum Msg {
    Key(crossterm::event::KeyEvent),
    Resize,
    /// A request finished (or failed); `id` tells which.
    HttpDone {
        id: u64,
        result: HttpResult,
    },
    /// Time passed while a request runs (for the elapsed time shown).
    Tick(Instant),
    /// The flow file was written (or why not).
    Saved(Result<String, String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Send {
        id: u64,
        request: crate::engine::http::HttpRequest,
    },
    Cancel {
        id: u64,
    },
    Save,
    Quit,
}

pub struct Model {
    pub document: Document,
    pub execution: Execution,
    pub rows: Vec<Row>,
    /// What `sfdb check` finds in the flow, kept in step with edits.
    pub findings: Vec<crate::check::Finding>,
    pub graph_cursor: usize,
    pub focus: Pane,
    /// The pane shown beside the graph when only one fits.
    pub side: Pane,
    pub breakpoints: BTreeSet<String>,
    /// The selected step; `None` follows the newest.
    pub timeline_cursor: Option<usize>,
    pub inspector_cursor: usize,
    /// Lines the inspector is scrolled by (PageUp/PageDown).
    pub inspector_scroll: usize,
    pub variables_cursor: usize,
    pub collapsed: HashSet<String>,
    pub editor: Option<Editor>,
    /// Input for a waiting widget, or an event to choose (`v`).
    pub input: Option<InputBox>,
    /// The Liquid prompt (`=`), evaluated against the context as it is typed.
    pub prompt: Option<TextArea<'static>>,
    /// The last expression the prompt held, which `W` keeps as a watch.
    pub last_expression: Option<String>,
    /// Expressions re-evaluated after every step, listed first in the variable pane.
    pub watches: Vec<String>,
    pub help: bool,
    pub confirm_quit: bool,
    /// Fields edited in this session, as (widget, field label).
    pub edited: BTreeSet<(String, String)>,
    /// HTTP widgets pinned to a mock (`m`).
    pub mocked: BTreeSet<String>,
    pub unsaved: bool,
    pub request: Option<InFlight>,
    pub next_request_id: u64,
    pub continuing: bool,
    pub message: Option<String>,
    pub color: bool,
    pub now: Instant,
}

impl Model {
    pub fn new(document: Document, execution: Execution, color: bool) -> Model {
        let rows = graph::rows(execution.flow());
        let findings = crate::check::check(execution.flow());
        let mut model = Model {
            document,
            execution,
            rows,
            findings,
            graph_cursor: 0,
            focus: Pane::Graph,
            side: Pane::Inspector,
            breakpoints: BTreeSet::new(),
            timeline_cursor: None,
            inspector_cursor: 0,
            inspector_scroll: 0,
            variables_cursor: 0,
            collapsed: HashSet::new(),
            editor: None,
            input: None,
            prompt: None,
            last_expression: None,
            watches: Vec::new(),
            help: false,
            confirm_quit: false,
            edited: BTreeSet::new(),
            mocked: BTreeSet::new(),
            unsaved: false,
            request: None,
            next_request_id: 1,
            continuing: false,
            message: None,
            color,
            now: Instant::now(),
        };
        model.follow_current();
        model
    }

    /// The widget the inspector shows: the graph selection's.
    pub fn inspected(&self) -> Option<&Widget> {
        self.rows
            .get(self.graph_cursor)
            .and_then(|r| self.execution.flow().widgets.get(r.widget()))
    }

    /// The step the inspector shows for its widget: the one selected in the timeline, else the
    /// widget's latest.
    pub fn inspected_step(&self) -> Option<&crate::engine::Step> {
        let widget = self.inspected()?;
        let steps = self.execution.steps();
        if let Some(step) = self.timeline_cursor.and_then(|i| steps.get(i)) {
            if step.transitioned_from == widget.name {
                return Some(step);
            }
        }
        steps
            .iter()
            .rev()
            .find(|s| s.transitioned_from == widget.name)
    }

    /// Moves the graph selection to the widget that runs next.
    pub fn follow_current(&mut self) {
        let flow = self.execution.flow();
        if let Some(i) = self.execution.current().and_then(|n| flow.index_of(n)) {
            if let Some(row) = self
                .rows
                .iter()
                .position(|r| matches!(r, Row::Widget { widget } if *widget == i))
            {
                self.graph_cursor = row;
            }
        }
    }

    pub fn elapsed(&self) -> Option<Duration> {
        self.request
            .as_ref()
            .map(|r| self.now.saturating_duration_since(r.started))
    }

    /// What a template renders to against the current context, or the error.
    pub fn evaluate(&self, template: &str) -> Result<String, String> {
        self.execution
            .liquid()
            .inspect(template, self.execution.context())
            .map(|text| crate::mask::url(&text))
            .map_err(|e| e.message)
    }

    /// The variable rows as drawn now: the watches first, then the context.
    pub fn variable_rows(&self) -> Vec<tree::Row> {
        let before = self.execution.previous_context();
        let changed = match before {
            Some(before) => tree::changes(&before.to_value(), &self.execution.context_value()),
            None => HashSet::new(),
        };
        let mut rows: Vec<tree::Row> = self
            .watches
            .iter()
            .enumerate()
            .map(|(i, expression)| {
                let now = self.evaluate(expression);
                let then = before.map(|b| {
                    self.execution
                        .liquid()
                        .inspect(expression, b)
                        .map_err(|e| e.message)
                });
                tree::Row {
                    path: format!("{}{i}", tree::WATCH),
                    depth: 0,
                    label: format!("= {expression}"),
                    value: match &now {
                        Ok(text) => format!("{text:?}"),
                        Err(e) => format!("error: {}", e.lines().last().unwrap_or_default().trim()),
                    },
                    branch: false,
                    collapsed: false,
                    changed: then.is_some_and(|t| t.map(|t| crate::mask::url(&t)) != now),
                }
            })
            .collect();
        let context = crate::mask::json(&self.execution.context_value());
        rows.extend(tree::rows(&context, &self.collapsed, &changed));
        rows
    }
}
