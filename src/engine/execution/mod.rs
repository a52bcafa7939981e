//! An execution of a flow: stepping one widget at a time, Studio's limits, and the history
//! that step back restores.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

mod subflow;

use super::context::Context;
use super::http::{HttpRequest, HttpResponse, HttpResult};
use super::script::{Input, Mock, Script};
use super::step::{Step, ENDED};
use super::widgets::{self, http_request, Effect, Env, Outcome, TwilioCredentials};
use crate::flow::WidgetKind;
use crate::flow::{Flow, Widget};
use crate::liquid::Liquid;

/// Studio stops an execution that runs the same widget this many times in a row (81001).
pub const MAX_IN_A_ROW: usize = 10;
/// Studio ends an execution after this many steps.
pub const MAX_STEPS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// The next widget can run.
    Ready,
    /// The current widget waits for its HTTP exchange.
    Requesting,
    /// The execution needs input it was not given.
    Waiting {
        widget: String,
        reason: String,
    },
    Ended,
    Stopped {
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<u32>,
        reason: String,
    },
    /// A widget type the engine does not simulate yet.
    Unsupported {
        widget: String,
        kind: String,
    },
}

impl Status {
    pub fn is_final(&self) -> bool {
        !matches!(self, Status::Ready | Status::Requesting)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Status::Ready => "ready",
            Status::Requesting => "requesting",
            Status::Waiting { .. } => "waiting",
            Status::Ended => "ended",
            Status::Stopped { .. } => "stopped",
            Status::Unsupported { .. } => "unsupported",
        }
    }

    pub fn reason(&self) -> String {
        match self {
            Status::Ready => "ready to run the next widget".into(),
            Status::Requesting => "waiting for an HTTP response".into(),
            Status::Waiting { widget, reason } => format!("widget {widget} waits for {reason}"),
            Status::Ended => "the flow reached an end".into(),
            Status::Stopped { reason, .. } => reason.clone(),
            Status::Unsupported { widget, kind } => {
                format!("widget {widget} has type {kind}, which sfdb does not simulate yet")
            }
        }
    }
}

/// What one call to [`Execution::advance`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// A step was recorded (see [`Execution::steps`]).
    Stepped,
    /// The current widget needs this request sent; pass the result to [`Execution::complete_http`].
    Http(HttpRequest),
    /// The execution cannot go further; see [`Execution::status`].
    Halted,
    /// A widget of the subflow under way ran, or the subflow started (see
    /// [`Execution::child`]); only when stepping into subflows
    /// ([`Execution::step_into_subflows`]).
    Inside,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Counters {
    /// How many times each widget ran. Shared names: history copies the counters at every step.
    runs: HashMap<Arc<str>, usize>,
    /// The widget that ran last and how many times in a row.
    streak: Option<(Arc<str>, usize)>,
}

impl Counters {
    /// Counts a run of `name`.
    fn count(&mut self, name: &str) {
        match self.runs.get_mut(name) {
            Some(n) => *n += 1,
            None => {
                self.runs.insert(name.into(), 1);
            }
        }
        self.streak = match self.streak.take() {
            Some((w, n)) if &*w == name => Some((w, n + 1)),
            _ => Some((
                self.runs
                    .get_key_value(name)
                    .expect("counted above")
                    .0
                    .clone(),
                1,
            )),
        };
    }
}

/// What step back restores.
#[derive(Debug, Clone)]
struct Snapshot {
    context: Context,
    current: Option<String>,
    counters: Counters,
    steps: usize,
    script: Script,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub trigger_event: String,
    pub max_steps: usize,
    pub twilio: Option<TwilioCredentials>,
    /// A template error stops the run, as before Studio's warnings (`--strict-liquid`).
    pub strict_liquid: bool,
    /// The URL a Run Function widget that names only its Function's SID (`function_sid`, an
    /// empty `url`, as some exports have) is sent to, by SID.
    pub function_urls: std::collections::BTreeMap<String, String>,
}

impl Options {
    /// What a widget renders with for one step (borrowing only the options and Liquid, so the
    /// execution's other fields stay free to change meanwhile).
    fn env<'a>(&'a self, liquid: &'a Liquid) -> Env<'a> {
        Env {
            liquid,
            trigger_event: &self.trigger_event,
            twilio: self.twilio.as_ref(),
            function_urls: &self.function_urls,
            notes: Default::default(),
            strict: self.strict_liquid,
            warnings: Default::default(),
            mocked: false,
        }
    }
}

pub struct Execution {
    /// Shared so a step can hold its widget while it changes the execution.
    flow: Arc<Flow>,
    /// Counts changes to the context, so views can keep what they derived from it.
    revision: u64,
    /// Steps run inside subflows, which count toward the limit (kept, not summed per step).
    subflow_steps: usize,
    liquid: Arc<Liquid>,
    options: Options,
    initial_context: Context,
    context: Context,
    current: Option<String>,
    pending: Option<(HttpRequest, Vec<String>)>,
    /// Template warnings of the step under way, for when it finishes.
    pending_warnings: Vec<crate::engine::step::Warning>,
    status: Status,
    steps: Vec<Step>,
    counters: Counters,
    history: Vec<Snapshot>,
    /// Whether every step's snapshot is kept, for step back and past contexts. Without, only
    /// the step under way keeps one (a widget that does not run is undone with it): a headless
    /// run that never looks back holds no history.
    keeps_history: bool,
    script: Script,
    initial_script: Script,
    /// Flows that run-subflow widgets run, by the flow SID they name.
    subflows: HashMap<String, Arc<Flow>>,
    /// The subflow running for the current run-subflow widget.
    child: Option<Box<Execution>>,
    /// Each widget of a subflow is a progress of its own ([`Progress::Inside`]), for a
    /// debugger that steps into subflows.
    into_subflows: bool,
}

impl Execution {
    /// A new execution; `context` is the starting context (see [`Context::new`]).
    pub fn new(
        flow: impl Into<Arc<Flow>>,
        context: Context,
        liquid: Arc<Liquid>,
        options: Options,
    ) -> Execution {
        let flow = flow.into();
        let current = Some(flow.initial_state.clone());
        Execution {
            flow,
            revision: 0,
            subflow_steps: 0,
            liquid,
            options,
            initial_context: context.clone(),
            context,
            current,
            pending: None,
            pending_warnings: Vec::new(),
            status: Status::Ready,
            steps: Vec::new(),
            counters: Counters::default(),
            history: Vec::new(),
            keeps_history: true,
            script: Script::default(),
            initial_script: Script::default(),
            subflows: HashMap::new(),
            child: None,
            into_subflows: false,
        }
    }

    /// Keeps no history from now on: no step back, no past contexts (`sfdb run`, which only
    /// goes forward, spares the copies).
    pub fn forget_history(&mut self) {
        self.keeps_history = false;
        self.history.clear();
    }

    /// The flows run-subflow widgets run, by flow SID (others take their chosen event).
    pub fn set_subflows(&mut self, subflows: HashMap<String, Arc<Flow>>) {
        self.subflows = subflows;
    }

    /// The widget that waits for input, inside a running subflow if that is where it is.
    pub fn waiting_widget(&self) -> Option<&Widget> {
        match (&self.child, &self.status) {
            (Some(child), _) => child.waiting_widget(),
            (None, Status::Waiting { widget, .. }) => self.flow.widget(widget),
            _ => None,
        }
    }

    /// Mocks for a widget from now on, kept across restarts.
    pub fn pin_mocks(&mut self, widget: &str, mocks: Vec<Mock>) {
        self.script.set_mocks(widget, mocks.clone());
        self.initial_script.set_mocks(widget, mocks);
    }

    /// Outputs merged over what `widget` writes, one per run in order, the last repeating.
    pub fn set_outputs(&mut self, widget: &str, outputs: Vec<Value>) {
        self.script.set_outputs(widget, outputs.clone());
        self.initial_script.set_outputs(widget, outputs);
    }

    /// The script a run starts with (and restarts with).
    /// Where Run Function widgets that name only their Function's SID send their requests.
    pub fn map_functions(&mut self, urls: std::collections::BTreeMap<String, String>) {
        self.options.function_urls = urls;
    }

    pub fn set_script(&mut self, script: Script) {
        self.initial_script = script.clone();
        self.script = script;
    }

    /// Replies, inputs, forced events and mocks the run uses.
    pub fn script(&self) -> &Script {
        &self.script
    }

    pub fn script_mut(&mut self) -> &mut Script {
        &mut self.script
    }

    /// Gives the waiting widget its input; the next [`Execution::advance`] runs it.
    pub fn provide_input(&mut self, input: Input) -> bool {
        if let Some(child) = self.child.as_mut() {
            let given = child.provide_input(input);
            if given {
                self.status = Status::Ready;
            }
            return given;
        }
        let Status::Waiting { widget, .. } = &self.status else {
            return false;
        };
        let widget = widget.clone();
        self.script.push_input(&widget, input);
        self.status = Status::Ready;
        true
    }

    /// Makes each widget a subflow runs (and the subflow's start) a progress of its own,
    /// [`Progress::Inside`], instead of running the subflow whole within its run-subflow
    /// widget's step.
    pub fn step_into_subflows(&mut self, on: bool) {
        self.into_subflows = on;
    }

    /// The subflow under way, while a run-subflow widget runs one.
    pub fn child(&self) -> Option<&Execution> {
        self.child.as_deref()
    }

    /// Makes the current widget fire `event` when it runs next (a waiting widget runs with it).
    pub fn choose_event(&mut self, event: &str) -> bool {
        if let Some(child) = self.child.as_mut() {
            let chosen = child.choose_event(event);
            if chosen && matches!(self.status, Status::Waiting { .. }) {
                self.status = Status::Ready;
            }
            return chosen;
        }
        let Some(widget) = self.current.clone() else {
            return false;
        };
        self.script.push_event(&widget, event);
        if matches!(self.status, Status::Waiting { .. }) {
            self.status = Status::Ready;
        }
        true
    }

    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    /// The flow, shared (for work done on another thread).
    pub fn shared_flow(&self) -> Arc<Flow> {
        self.flow.clone()
    }

    /// Replaces the flow (after an edit); the execution goes on from where it is.
    pub fn set_flow(&mut self, flow: Flow) {
        self.flow = Arc::new(flow);
    }

    pub fn context(&self) -> &Context {
        &self.context
    }

    pub fn liquid(&self) -> &Liquid {
        &self.liquid
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The widget that runs next (or is running, while a request is out).
    pub fn current(&self) -> Option<&str> {
        self.current.as_deref()
    }

    /// The widget that runs next (or is running), as the flow has it now.
    fn current_widget(&self) -> Option<(Arc<Flow>, usize)> {
        let index = self.flow.index_of(self.current.as_deref()?)?;
        Some((self.flow.clone(), index))
    }

    /// The request out for the current widget (or its subflow), if any.
    pub fn pending_request(&self) -> Option<&HttpRequest> {
        match &self.child {
            Some(child) => child.pending_request(),
            None => self.pending.as_ref().map(|(r, _)| r),
        }
    }

    pub fn runs(&self, widget: &str) -> usize {
        self.counters.runs.get(widget).copied().unwrap_or(0)
    }

    /// How many times `widget` has run in a row, up to now.
    pub fn streak(&self, widget: &str) -> usize {
        match &self.counters.streak {
            Some((w, n)) if &**w == widget => *n,
            _ => 0,
        }
    }

    /// The steps so far as Studio counts them: this flow's and its subflows'.
    pub fn step_count(&self) -> usize {
        self.steps.len() + self.subflow_steps
    }

    /// A number that changes whenever the context does (a step, a step back, a restart).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The widget that runs next, as the flow has it now.
    pub fn current_widget_ref(&self) -> Option<&Widget> {
        self.flow.widget(self.current.as_deref()?)
    }

    /// The context before the last step (what step back returns to).
    pub fn previous_context(&self) -> Option<&Context> {
        self.history.last().map(|s| &s.context)
    }

    /// The context step `number` (counted from 1) started from, while history holds it.
    pub fn context_before(&self, number: usize) -> Option<&Context> {
        self.history
            .iter()
            .rev()
            .find(|s| s.steps + 1 == number)
            .map(|s| &s.context)
    }

    /// The request step `number` sent, prepared again against the context it started from,
    /// with its real credentials: for a copy the user asked to carry them. `None` when the step
    /// made no request or its widget, as edited since, makes none.
    pub fn request_of(&self, number: usize) -> Option<HttpRequest> {
        let step = self.steps.get(number.checked_sub(1)?)?;
        step.http.as_ref()?.request.as_ref()?;
        let widget = self.flow.widget(&step.transitioned_from)?;
        let env = self.options.env(&self.liquid);
        match http_request::prepare(widget, self.context_before(number)?, &env) {
            Ok(Outcome::Http(request, _)) => Some(request),
            _ => None,
        }
    }

    /// Runs the current widget. Widgets that need HTTP hand out their request instead of a step.
    pub fn advance(&mut self) -> Progress {
        if self.status != Status::Ready {
            return Progress::Halted;
        }
        if self.child.is_some() {
            return self.advance_child();
        }
        let Some(name) = self.current.clone() else {
            self.status = Status::Ended;
            return Progress::Halted;
        };
        let flow = self.flow.clone();
        let Some(widget) = flow.widget(&name) else {
            self.status = Status::Stopped {
                code: None,
                reason: format!("widget {name} does not exist in the flow"),
            };
            return Progress::Halted;
        };
        if !self.keeps_history {
            self.history.clear();
        }
        self.history.push(Snapshot {
            context: self.context.clone(),
            current: self.current.clone(),
            counters: self.counters.clone(),
            steps: self.steps.len(),
            script: self.script.clone(),
        });
        self.counters.count(&name);
        let mut env = self.options.env(&self.liquid);
        env.mocked = self.script.has_mock(&name);
        let forced = self.script.take_event(&name);
        let input = if forced.is_none()
            && crate::engine::widgets::catalog::spec(&widget.kind).is_some_and(|s| s.need.is_some())
        {
            self.script.take_input(&name)
        } else {
            None
        };
        let mut subflow = None;
        let outcome = if widget.kind == WidgetKind::RunSubflow && forced.is_none() {
            match subflow::subflow_call(widget, &self.context, &env) {
                Ok(Some(call)) if self.subflows.contains_key(&call.0) => {
                    subflow = Some(call);
                    Ok(Outcome::Unsupported)
                }
                Ok(_) => widgets::run(widget, &self.context, &env, forced, input),
                Err(e) => Err(e),
            }
        } else {
            widgets::run(widget, &self.context, &env, forced, input)
        };
        let render_notes = env.notes.into_inner();
        self.pending_warnings = env.warnings.into_inner();
        if let Some((sid, parameters)) = subflow {
            self.start_child(&sid, parameters);
            if self.into_subflows {
                return Progress::Inside;
            }
            return self.advance_child();
        }
        match outcome {
            Ok(Outcome::Fired(mut effect)) => {
                effect.notes.extend(render_notes);
                effect.warnings = std::mem::take(&mut self.pending_warnings);
                if let Some(given) = self.script.take_outputs(&name) {
                    merge_outputs(&mut effect, given);
                }
                self.finish(widget, effect);
                Progress::Stepped
            }
            Ok(Outcome::Http(request, mut notes)) => {
                notes.extend(render_notes);
                if let Some(mock) = self.script.take_mock(&name) {
                    self.pending = Some((request, notes));
                    self.status = Status::Requesting;
                    let progress = self.complete_http(mock_result(&mock));
                    if let Some(http) = self.steps.last_mut().and_then(|s| s.http.as_mut()) {
                        http.mocked = true;
                    }
                    return progress;
                }
                self.pending = Some((request.clone(), notes));
                self.status = Status::Requesting;
                Progress::Http(request)
            }
            Ok(Outcome::NeedsInput(need)) => {
                self.undo_entry();
                self.status = Status::Waiting {
                    widget: widget.name.clone(),
                    reason: need.describe().to_string(),
                };
                Progress::Halted
            }
            Ok(Outcome::Unsupported) => {
                self.undo_entry();
                self.status = Status::Unsupported {
                    widget: widget.name.clone(),
                    kind: widget.kind.to_string(),
                };
                Progress::Halted
            }
            Err(e) => {
                self.undo_entry();
                self.status = Status::Stopped {
                    code: None,
                    reason: format!(
                        "widget {} ({}): field {}: Liquid error: {}",
                        widget.name, widget.kind, e.field, e.message
                    ),
                };
                Progress::Halted
            }
        }
    }

    /// A widget that did not run leaves no trace in history or counters.
    fn undo_entry(&mut self) {
        if let Some(snapshot) = self.history.pop() {
            self.counters = snapshot.counters;
            self.script = snapshot.script;
        }
    }

    /// Finishes the current widget's HTTP exchange with what the client got.
    pub fn complete_http(&mut self, result: HttpResult) -> Progress {
        if let Some(child) = self.child.as_mut() {
            let progress = child.complete_http(result);
            self.status = Status::Ready;
            if self.into_subflows && progress == Progress::Stepped {
                return Progress::Inside;
            }
            return self.advance_child();
        }
        let Some((request, notes)) = self.pending.take() else {
            return Progress::Halted;
        };
        let Some((flow, index)) = self.current_widget() else {
            return Progress::Halted;
        };
        let widget = &flow.widgets[index];
        let previous = self.context.widget(&widget.name).cloned();
        let mut effect =
            http_request::complete(widget, &request, result, notes, previous.as_deref());
        effect.warnings = std::mem::take(&mut self.pending_warnings);
        self.status = Status::Ready;
        self.finish(widget, effect);
        Progress::Stepped
    }

    /// Applies a widget's effect at the end of its step, records the step and checks limits.
    fn finish(&mut self, widget: &Widget, effect: Effect) {
        self.revision += 1;
        let transition = match effect.transition {
            Some(i) => widget.transitions.get(i),
            None => widget.transition(&effect.event),
        };
        let next = transition.and_then(|t| t.next.clone());
        let mut notes = effect.notes;
        if transition.is_none() {
            notes.push(format!(
                "no transition for event {}: the execution ends",
                effect.event
            ));
        }
        for (k, v) in &effect.variables {
            self.context.set_variable(k, v.clone());
        }
        // A widget that writes what it already holds (a retry getting the same response) keeps
        // sharing the value, so the history does not hold copies of it.
        let outputs = effect
            .outputs
            .map(|o| match self.context.widget(&widget.name) {
                Some(previous) if **previous == o => previous.clone(),
                _ => Arc::new(o),
            });
        if let Some(outputs) = &outputs {
            self.context.set_widget(&widget.name, outputs.clone());
        }
        let mut http = effect.http;
        if let Some(response) = http.as_mut().and_then(|h| h.response.as_mut()) {
            let earlier = self
                .steps
                .iter()
                .rev()
                .filter(|s| s.transitioned_from == widget.name)
                .find_map(|s| s.http.as_ref().and_then(|h| h.response.clone()));
            if let Some(earlier) = earlier.filter(|e| **e == **response) {
                *response = earlier;
            }
        }
        self.subflow_steps += effect.subflow.len();
        self.steps.push(Step {
            step: self.steps.len() + 1,
            transitioned_from: widget.name.clone(),
            kind: widget.kind.clone(),
            name: effect.event,
            transitioned_to: next.clone().unwrap_or_else(|| ENDED.to_string()),
            outputs,
            variables: effect.variables,
            conditions: effect.conditions,
            http,
            transcript: effect.transcript,
            subflow: effect.subflow,
            notes,
            warnings: effect.warnings,
        });
        self.current = next.clone();
        self.status = match next {
            None => Status::Ended,
            // `sfdb check` reports it; the execution goes as far as it can, as Studio's would.
            Some(next) if self.flow.index_of(&next).is_none() => {
                self.current = None;
                Status::Stopped {
                    code: None,
                    reason: format!(
                        "transition {} of {} leads to {next}, which does not exist{}",
                        self.steps.last().map_or("", |s| s.name.as_str()),
                        widget.name,
                        crate::words::did_you_mean(
                            &next,
                            self.flow.widgets.iter().map(|w| w.name.as_str())
                        )
                    ),
                }
            }
            Some(next) if next == widget.name && self.streak(&next) >= MAX_IN_A_ROW => {
                Status::Stopped {
                    code: Some(81001),
                    reason: format!(
                        "81001: widget {next} ran {MAX_IN_A_ROW} times in a row; Studio stops the execution"
                    ),
                }
            }
            // Studio's own limit carries its code; a lower one asked for is sfdb's. A
            // subflow's steps count: Studio records them in the same execution.
            Some(_) if self.step_count() >= MAX_STEPS => Status::Stopped {
                code: Some(81000),
                reason: format!(
                    "81000: the execution reached {MAX_STEPS} steps; Studio ends an execution there"
                ),
            },
            Some(_) if self.step_count() >= self.options.max_steps => Status::Stopped {
                code: None,
                reason: format!(
                    "the execution reached {} steps; Studio ends an execution at {MAX_STEPS}",
                    self.step_count()
                ),
            },
            Some(_) => Status::Ready,
        };
    }

    /// Restores the context before the last step. Sends nothing; a request out is dropped.
    pub fn step_back(&mut self) -> bool {
        let Some(snapshot) = self.history.pop() else {
            return false;
        };
        self.revision += 1;
        self.context = snapshot.context;
        self.current = snapshot.current;
        self.counters = snapshot.counters;
        self.script = snapshot.script;
        self.steps.truncate(snapshot.steps);
        self.subflow_steps = self.steps.iter().map(|s| s.subflow.len()).sum();
        self.pending = None;
        self.child = None;
        self.status = Status::Ready;
        true
    }

    /// The trigger event the execution starts with.
    pub fn trigger_event(&self) -> &str {
        &self.options.trigger_event
    }

    /// Starts with another trigger event: only before the first step. The trigger's values
    /// become that event's (values set in `trigger` before are replaced).
    pub fn set_trigger_event(&mut self, event: &str) -> bool {
        if !self.steps.is_empty() || self.current.as_deref() != Some(&self.flow.initial_state) {
            return false;
        }
        self.options.trigger_event = event.to_string();
        self.revision += 1;
        let fresh = Context::new(&self.flow, event);
        self.initial_context.replace_trigger(&fresh);
        self.context.replace_trigger(&fresh);
        true
    }

    /// Starts over from the trigger with the starting context, keeping the (edited) flow.
    pub fn restart(&mut self) {
        self.revision += 1;
        self.context = self.initial_context.clone();
        self.current = Some(self.flow.initial_state.clone());
        self.counters = Counters::default();
        self.script = self.initial_script.clone();
        self.steps.clear();
        self.subflow_steps = 0;
        self.history.clear();
        self.pending = None;
        self.child = None;
        self.status = Status::Ready;
    }

    /// Sets a value in the context between steps, as a user asks from a debugger. Stepping
    /// back past the next step undoes it with that step.
    pub fn set_value(&mut self, path: &str, value: Value) -> Result<(), String> {
        self.context.set(path, value)?;
        self.revision += 1;
        Ok(())
    }

    /// The whole context as JSON (a copy).
    pub fn context_value(&self) -> Value {
        self.context.to_value()
    }
}

/// The result a mock stands for.
fn mock_result(mock: &Mock) -> HttpResult {
    let response = match &mock.error {
        Some(reason) => Err(reason.clone()),
        None => Ok(HttpResponse {
            status: mock.status.unwrap_or(200),
            content_type: match (&mock.body, mock.content_type.is_empty()) {
                (Some(serde_json::Value::Object(_) | serde_json::Value::Array(_)), true) => {
                    "application/json".to_string()
                }
                _ => mock.content_type.clone(),
            },
            headers: Vec::new(),
            body: mock.body_text(),
        }),
    };
    HttpResult {
        response,
        elapsed: std::time::Duration::ZERO,
        function: None,
    }
}

/// Puts outputs the run was given over what the widget wrote: a scenario's `outputs` or
/// `--output` (an answering machine's `AnsweredBy`, a TwiML redirect's return values).
fn merge_outputs(effect: &mut Effect, given: Value) {
    let Value::Object(given) = given else {
        return;
    };
    let mut outputs = match effect.outputs.take() {
        Some(Value::Object(o)) => o,
        _ => serde_json::Map::new(),
    };
    let keys: Vec<String> = given.keys().cloned().collect();
    outputs.extend(given);
    effect.outputs = Some(Value::Object(outputs));
    effect
        .notes
        .push(format!("outputs given for this run: {}", keys.join(", ")));
}
