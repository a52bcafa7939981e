//! Everything the debugger shows, in one place; views only draw it and `update` only changes it.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::rc::Rc;
use std::time::{Duration, Instant};

use super::flow::outline::{self as graph, Row};
pub use super::modal::{Editor, InputBox, Modals, Viewer};
use super::search::Search;
use super::variables::tree;
use crate::engine::http::HttpResult;
use crate::engine::{Context, Execution};
use crate::flow::{Document, Widget};

pub use super::pane::Pane;

/// A request out for the current widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlight {
    pub id: u64,
    pub widget: String,
    pub started: Instant,
    /// Sent during `c`: the execution goes on when it answers.
    pub continuing: bool,
}

/// The flow handed to another thread; two are the same when they are one flow.
#[derive(Debug, Clone)]
pub struct SharedFlow(pub std::sync::Arc<crate::flow::Flow>);

impl PartialEq for SharedFlow {
    fn eq(&self, other: &SharedFlow) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedFlow {}

/// A flow file written: where, the text that is now the file's, and its stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: String,
    pub text: String,
    pub stamp: Option<crate::flow::Stamp>,
}

#[derive(Debug)]
pub enum Msg {
    Key(crossterm::event::KeyEvent),
    /// The terminal's new size, in columns and rows.
    Resize(u16, u16),
    /// A request finished (or failed); `id` tells which.
    HttpDone {
        id: u64,
        result: HttpResult,
    },
    /// Time passed while a request runs (for the elapsed time shown).
    Tick(Instant),
    /// The flow file was written (or why not).
    Saved(Result<Written, String>),
    /// The flow file changed on disk since it was read: nothing was written.
    ChangedOnDisk(String),
    /// The flow file as read again (or why not), to apply the edits to.
    Reread(Result<Written, String>),
    /// A large flow's canvas, laid out off the loop.
    LaidOut(Box<super::flow::canvas::Layout>),
    /// Something the loop wants said on the status line.
    Said(String),
    /// Text pasted at once (bracketed paste).
    Paste(String),
    /// The external editor's outcome: the new text, `None` when unchanged, or why it failed.
    Edited(Result<Option<String>, String>),
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
    /// Write the flow file (atomically); the loop answers with [`Msg::Saved`], or, when
    /// the file no longer holds what `unless_changed` stamped, with [`Msg::ChangedOnDisk`]
    /// and writes nothing.
    Write {
        path: std::path::PathBuf,
        text: String,
        unless_changed: Option<crate::flow::Stamp>,
    },
    /// Read the flow file again; the loop answers with [`Msg::Reread`].
    Reread {
        path: std::path::PathBuf,
    },
    Quit,
    /// Stop the process as a shell's Ctrl+Z does, until `fg`.
    Suspend,
    /// Lay out a large flow's canvas off the loop; the loop answers with [`Msg::LaidOut`].
    LayOut {
        flow: SharedFlow,
        zoom: super::flow::canvas::Zoom,
    },
    /// Put this text on the user's clipboard (OSC 52).
    Copy(String),
    /// Show this text in `$PAGER`, with the debugger suspended, opened at `line` (from 1).
    Pager {
        text: String,
        line: usize,
    },
    /// Edit this text in `$VISUAL` / `$EDITOR`, with the debugger suspended; the loop answers
    /// with [`Msg::Edited`].
    EditExternally(String),
}

pub struct Model {
    /// The local Functions runtime's output, when sfdb started one (`--functions DIR`).
    pub functions_log: Option<std::sync::Arc<crate::functions::runtime::Output>>,
    pub document: Document,
    pub execution: Execution,
    pub rows: Vec<Row>,
    /// What `sfdb check` finds in the flow, kept in step with edits.
    pub findings: Vec<crate::check::Finding>,
    /// Coverage from `sfdb test` (`--coverage FILE`): the outline marks what no scenario took.
    pub coverage: Option<crate::scenario::coverage::Covered>,
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
    /// A search found a line in the hidden rest of a value: `o` opens that value (the item, by
    /// index) at that line.
    pub inspector_open_at: Option<(usize, usize)>,
    /// The variable row selected, by its path (a watch's is `watch:N`): the rows around it
    /// change with every step, the selection stays on its value. `None` is the first row.
    pub variables_selected: Option<String>,
    /// The selected path a past step's context lacks, once said: it is shown at its nearest
    /// holder while that step is viewed, and selected again back in the present.
    absent_said: Option<String>,
    pub folds: tree::Folds,
    /// Who has the keyboard and what is drawn over the panes.
    pub modals: Modals,
    /// The last expression the prompt held, which `W` keeps as a watch.
    pub last_expression: Option<String>,
    /// Expressions re-evaluated after every step, listed first in the variable pane.
    pub watches: Vec<String>,
    /// Earlier prompt expressions, oldest first (↑ / ↓ in the prompt).
    pub prompt_history: Vec<String>,
    /// The transcript line selected; `None` follows the newest.
    pub transcript_cursor: Option<usize>,
    /// The search under way or last ended (`/`, then `n` / `N`).
    pub search: Option<Search>,
    /// The focused pane fills the screen (`z`).
    pub zoomed: bool,
    /// The terminal's size, for paging and keeping selections in view.
    pub size: (u16, u16),
    /// The graph pane's canvas view (`f`).
    pub canvas: super::flow::canvas::Canvas,
    /// The variable rows last built, with what they were built from (see `variable_rows`).
    rows_memo: RefCell<Option<(u64, Rc<Vec<tree::Row>>)>>,
    /// Fields edited in this session, as (widget, field label).
    pub edited: BTreeSet<(String, String)>,
    /// HTTP widgets pinned to a mock (`m`).
    pub mocked: BTreeSet<String>,
    pub unsaved: bool,
    pub request: Option<InFlight>,
    pub next_request_id: u64,
    pub message: Option<String>,
    pub color: bool,
    /// `C` copies credentials unmasked (`SFDB_COPY_SECRETS=1`, read once at the start).
    pub copy_secrets: bool,
    /// The time of the message being handled: the loop gives it with each one (`update_at`),
    /// so elapsed times are true and tests can set them.
    pub now: Instant,
}

impl Model {
    pub fn new(document: Document, execution: Execution, color: bool) -> Model {
        let rows = graph::rows(execution.flow());
        let findings = crate::check::check(execution.flow());
        let mut model = Model {
            functions_log: None,
            coverage: None,
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
            inspector_open_at: None,
            variables_selected: None,
            absent_said: None,
            folds: tree::Folds::default(),
            modals: Modals::default(),
            last_expression: None,
            watches: Vec::new(),
            prompt_history: Vec::new(),
            transcript_cursor: None,
            search: None,
            zoomed: false,
            size: (80, 24),
            rows_memo: RefCell::new(None),
            canvas: Default::default(),
            edited: BTreeSet::new(),
            mocked: BTreeSet::new(),
            unsaved: false,
            request: None,
            next_request_id: 1,
            message: None,
            color,
            copy_secrets: false,
            now: Instant::now(),
        };
        model.follow_current();
        model
    }

    /// The widget selected in the graph pane.
    pub fn selected_widget(&self) -> Option<usize> {
        self.rows
            .get(self.graph_cursor)
            .map(super::flow::outline::Row::widget)
    }

    /// Selects widget `widget` in the graph pane (its row in the outline).
    pub fn select_widget(&mut self, widget: usize) {
        if let Some(row) = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Widget { widget: w } if *w == widget))
        {
            self.graph_cursor = row;
        }
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

    /// Selects the widget step `step` (an index into the steps) ran, with its inspector at
    /// the top.
    pub fn select_step_widget(&mut self, step: usize) {
        let Some(i) = self
            .execution
            .steps()
            .get(step)
            .and_then(|s| self.execution.flow().index_of(&s.transitioned_from))
        else {
            return;
        };
        if let Some(row) = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Widget { widget } if *widget == i))
        {
            self.graph_cursor = row;
            self.inspector_cursor = 0;
            self.inspector_scroll = 0;
        }
    }

    /// Moves the graph selection to the widget that runs next.
    pub fn follow_current(&mut self) {
        if self.canvas.on && !self.canvas.follow {
            return;
        }
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

    /// The step the debugger shows the past at (`viewing step 3 of 7`), counted from 1: the
    /// one selected in the timeline. `None` is the present.
    pub fn viewed_step(&self) -> Option<usize> {
        self.timeline_cursor
            .filter(|&i| i < self.execution.steps().len())
            .map(|i| i + 1)
    }

    /// The context the variables and the prompt show: as the viewed step left it, or now.
    pub fn shown_context(&self) -> &Context {
        match self.viewed_step() {
            Some(n) if n < self.execution.steps().len() => self
                .execution
                .context_before(n + 1)
                .unwrap_or(self.execution.context()),
            _ => self.execution.context(),
        }
    }

    /// What the shown context was before its step: the changes are marked against it.
    pub fn context_before_shown(&self) -> Option<&Context> {
        match self.viewed_step() {
            Some(n) => self.execution.context_before(n),
            None => self.execution.previous_context(),
        }
    }

    /// The context the inspected widget's fields are rendered against, as its step rendered
    /// them: the one the viewed step started from; for a widget that ran and does not run
    /// next, the one its step shown started from (`count = 1` beside `Set at step 2: count =
    /// 1`, not the count after); for what runs next, now (its preview).
    pub fn render_context(&self) -> &Context {
        let now = self.execution.context();
        if let Some(n) = self.viewed_step() {
            return self.execution.context_before(n).unwrap_or(now);
        }
        let Some(widget) = self.inspected() else {
            return now;
        };
        if self.execution.current() == Some(widget.name.as_str()) {
            return now;
        }
        self.inspected_step()
            .and_then(|s| self.execution.context_before(s.step))
            .unwrap_or(now)
    }

    /// What an expression renders to against the shown context, or the error.
    pub fn evaluate(&self, expression: &str) -> Result<String, String> {
        self.evaluate_as_flow(expression).0
    }

    /// What an expression renders to against the shown context as the flow would render it,
    /// and Studio's warning when there is one. Text without `{{` or `{%` is read as the
    /// expression `{{ … }}` (a path `Y` copied pastes back as its value). An unknown filter
    /// passes its input through, as in a run, with warning 81018 and its cause in one line.
    pub fn evaluate_as_flow(&self, expression: &str) -> (Result<String, String>, Option<String>) {
        self.evaluate_in(expression, self.shown_context())
    }

    /// [`Model::evaluate_as_flow`] against `context` ([`Context::evaluate`]): a watch is read
    /// the same way now and before its step, so only a real change marks it.
    fn evaluate_in(
        &self,
        expression: &str,
        context: &Context,
    ) -> (Result<String, String>, Option<String>) {
        let evaluated = context.evaluate(self.execution.liquid(), expression);
        (evaluated.value, evaluated.warning)
    }

    /// The index of the variable row shown selected: the selected path's, or the nearest row
    /// that holds it (a fold hides it, or it is gone).
    pub fn variables_cursor(&self) -> usize {
        tree::position(&self.variable_rows(), self.variables_selected.as_deref())
    }

    /// Selects the variable row at `index`.
    pub fn select_variable_row(&mut self, index: usize) {
        self.variables_selected = self.variable_rows().get(index).map(|r| r.path.clone());
    }

    /// After anything changed what the panes show: a selection whose value is gone (a step
    /// back, a restart) moves to the nearest value that holds it, and the status line says so;
    /// one hidden by a fold stays, shown at the fold; one a past step's context lacks is shown
    /// at its nearest holder while that step is viewed, and is selected again after.
    pub fn keep_selections(&mut self) {
        let steps = self.execution.steps().len();
        if let Some(i) = self.timeline_cursor.filter(|&i| i >= steps) {
            self.timeline_cursor = steps.checked_sub(1);
            self.say(&format!("step {} is gone; selected the last step", i + 1));
        }
        let Some(path) = self.variables_selected.clone() else {
            return;
        };
        let rows = self.variable_rows();
        if rows.iter().any(|r| r.path == path) {
            return;
        }
        let exists = match path.strip_prefix(tree::WATCH) {
            Some(i) => i.parse::<usize>().is_ok_and(|i| i < self.watches.len()),
            None => crate::liquid::path::lookup(&self.shown_context().to_value(), &path).is_some(),
        };
        if exists {
            self.absent_said = None;
            return;
        }
        let now = rows
            .get(tree::position(&rows, Some(&path)))
            .map(|r| r.path.clone());
        if let Some(step) = self.viewed_step() {
            if self.absent_said.as_ref() != Some(&path) {
                let shown = now.unwrap_or_default();
                self.say(&format!(
                    "{path} is not in step {step}'s context; showing {shown}"
                ));
                self.absent_said = Some(path);
            }
            return;
        }
        self.absent_said = None;
        let said = match &now {
            Some(p) => format!("{path} is not in this context; selected {p}"),
            None => format!("{path} is not in this context"),
        };
        self.variables_selected = now;
        self.say(&said);
    }

    /// Adds `text` to the status line, after what it says already.
    pub fn say(&mut self, text: &str) {
        self.message = Some(match self.message.take() {
            Some(m) if !m.is_empty() => format!("{m} · {text}"),
            _ => text.to_string(),
        });
    }

    /// The variable rows as drawn now: the watches first, then the context. Kept until the
    /// context, the step viewed, the folds or the watches change: a 60 kB response makes
    /// thousands of rows, and every frame and key would build them again.
    pub fn variable_rows(&self) -> Rc<Vec<tree::Row>> {
        let key = self.rows_key();
        if let Some((k, rows)) = self.rows_memo.borrow().as_ref() {
            if *k == key {
                return rows.clone();
            }
        }
        let rows = Rc::new(self.build_variable_rows());
        *self.rows_memo.borrow_mut() = Some((key, rows.clone()));
        rows
    }

    /// Everything the variable rows depend on, hashed.
    fn rows_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        (self.execution.revision(), self.viewed_step(), &self.watches).hash(&mut hasher);
        self.folds.digest().hash(&mut hasher);
        hasher.finish()
    }

    fn build_variable_rows(&self) -> Vec<tree::Row> {
        let after = self.shown_context().to_value();
        let changed = match self.context_before_shown() {
            Some(before) => tree::changes(&before.to_value(), &after),
            None => HashSet::new(),
        };
        let mut rows = self.watch_rows();
        let context = crate::mask::json(&after);
        rows.extend(tree::rows(&context, &self.folds, &changed));
        rows
    }

    /// The watches' rows, each with its value now and whether the last step changed it.
    pub fn watch_rows(&self) -> Vec<tree::Row> {
        let before = self.context_before_shown();
        self.watches
            .iter()
            .enumerate()
            .map(|(i, expression)| {
                let now = self.evaluate(expression);
                let then = before.map(|b| self.evaluate_in(expression, b).0);
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
                    changed: then.is_some_and(|t| t != now),
                }
            })
            .collect()
    }
}
