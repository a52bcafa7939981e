//! One debug session: the requests a client sends, answered against one execution of the
//! flow. The execution is driven here and its requests handed to the loop (`super::serve`),
//! which sends them while it goes on reading requests, so `pause` and `disconnect` are heard
//! during a slow call.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::console;
use super::out::Out;
use super::stops::Breakpoints;
use super::tree::{self, Refs};
use crate::engine::http::{HttpRequest, HttpResult};
use crate::engine::{Execution, Progress, Status};
use crate::flow::lines::{self, Lines};
use crate::flow::Document;
use crate::session::Start;

/// The one thread: the execution.
const THREAD: i64 = 1;

/// What the execution does between requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Launched, not yet configured (or not launched).
    Idle,
    Stopped,
    Running(Goal),
    Ended,
}

/// Where a run stops, besides breakpoints and failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    Continue,
    /// After the next widget at this depth (`inside`: of the subflow under way), a subflow's
    /// widgets run whole.
    Over {
        inside: bool,
    },
    /// After the next widget, a subflow's included.
    In,
    /// After the run-subflow widget under way finishes.
    Out,
}

struct Launched {
    execution: Execution,
    lines: Lines,
    /// The flow file, as the client will name it in breakpoints and as frames give it.
    path: PathBuf,
    /// The subflows' files, for their frames.
    subflows: Vec<(PathBuf, Lines, crate::flow::Flow)>,
}

pub struct Session {
    out: Out,
    launched: Option<Launched>,
    breakpoints: Breakpoints,
    /// Line breakpoints asked for before the launch, kept until the flow is loaded.
    early_lines: Option<Vec<Value>>,
    early_names: Option<Vec<Value>>,
    stop_on_failure: bool,
    stop_on_entry: bool,
    configured: bool,
    mode: Mode,
    refs: Refs,
    /// The client asked to pause while the execution ran.
    pause: bool,
    /// The request in flight is no longer wanted (step back, restart, disconnect).
    pub cancel_request: bool,
    pub finished: bool,
    /// Local Functions the launch started: the client Run Function requests go through.
    pub client: Option<std::sync::Arc<crate::functions::Functions>>,
}

impl Session {
    pub fn new(out: Out) -> Session {
        Session {
            out,
            launched: None,
            breakpoints: Breakpoints::default(),
            early_lines: None,
            early_names: None,
            stop_on_failure: false,
            stop_on_entry: false,
            configured: false,
            mode: Mode::Idle,
            refs: Refs::default(),
            pause: false,
            cancel_request: false,
            finished: false,
            client: None,
        }
    }

    /// Answers one message from the client.
    pub fn handle(&mut self, message: &Value) {
        if message["type"] != "request" {
            return;
        }
        let args = &message["arguments"];
        let command = message["command"].as_str().unwrap_or_default();
        self.out.hold();
        let answer = match command {
            "initialize" => Ok(capabilities()),
            "launch" => self.launch(args),
            "setBreakpoints" => Ok(self.set_breakpoints(args)),
            "setFunctionBreakpoints" => Ok(self.set_function_breakpoints(args)),
            "setExceptionBreakpoints" => {
                self.stop_on_failure = args["filters"]
                    .as_array()
                    .is_some_and(|f| f.iter().any(|f| f == "failed"));
                Ok(json!({}))
            }
            "configurationDone" => {
                self.configured = true;
                Ok(json!({}))
            }
            "threads" => Ok(json!({"threads": [{"id": THREAD, "name": self.thread_name()}]})),
            "stackTrace" => Ok(self.stack_trace()),
            "scopes" => Ok(self.scopes(args["frameId"].as_i64().unwrap_or(1))),
            "variables" => Ok(self.variables(args)),
            "setVariable" => self.set_variable(args),
            "evaluate" => self.evaluate(args),
            "continue" => self
                .resume(Goal::Continue)
                .map(|()| json!({"allThreadsContinued": true})),
            "next" => {
                let inside = self.inside();
                self.resume(Goal::Over { inside }).map(|()| json!({}))
            }
            "stepIn" => self.resume(Goal::In).map(|()| json!({})),
            "stepOut" => {
                let goal = if self.inside() {
                    Goal::Out
                } else {
                    Goal::Over { inside: false }
                };
                self.resume(goal).map(|()| json!({}))
            }
            "stepBack" => self.step_back(false).map(|()| json!({})),
            "reverseContinue" => self.step_back(true).map(|()| json!({})),
            "pause" => {
                self.pause = true;
                Ok(json!({}))
            }
            "restart" => self.restart().map(|()| json!({})),
            "terminate" => {
                self.cancel_request = true;
                self.mode = Mode::Ended;
                self.out.event("terminated", json!({}));
                Ok(json!({}))
            }
            "disconnect" => {
                self.cancel_request = true;
                self.finished = true;
                Ok(json!({}))
            }
            other => Err(format!("sfdb does not support the request {other}")),
        };
        let ok = answer.is_ok();
        match answer {
            Ok(body) => self.out.respond(message, body),
            Err(why) => self.out.fail(message, &why),
        }
        self.out.release();
        if command == "launch" && ok {
            // Breakpoints are welcome once the flow is loaded: lines can then be checked
            // against its widgets.
            self.out.event("initialized", json!({}));
        }
        if matches!(command, "launch" | "configurationDone" | "restart") {
            self.begin();
        }
    }

    fn thread_name(&self) -> String {
        match &self.launched {
            Some(l) => format!("execution of {}", l.path.display()),
            None => "execution".into(),
        }
    }

    fn launch(&mut self, args: &Value) -> Result<Value, String> {
        let start = start_of(args)?;
        let prepared = crate::scenario::prepare(&start)?;
        let path = std::fs::canonicalize(&prepared.flow_path)
            .unwrap_or_else(|_| prepared.flow_path.clone());
        // The text the flow was read from, so lines match what was loaded.
        let lines = lines::of(prepared.document.text(), prepared.execution.flow());
        self.stop_on_entry = args["stopOnEntry"].as_bool().unwrap_or(false);
        let mut subflows = Vec::new();
        for entry in &prepared.subflows {
            let Some((_, file)) = entry.split_once('=') else {
                continue;
            };
            let file = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
            if let Ok(doc) = Document::load(&file) {
                subflows.push((file, lines::of(doc.text(), &doc.flow), doc.flow));
            }
        }
        let mut prepared = prepared;
        prepared.execution.step_into_subflows(true);
        if let Some(options) = functions_of(args, prepared.functions.as_ref()) {
            let out = &mut self.out;
            let started = tokio::task::block_in_place(|| {
                crate::functions::Functions::start(
                    &options,
                    std::sync::Arc::new(crate::engine::client::ReqwestClient::new()),
                    &mut |line| out.output("console", line),
                )
            })?;
            crate::functions::runtime::stop_after_panic();
            prepared.execution.map_functions(started.urls_by_sid());
            self.client = Some(std::sync::Arc::new(started));
        }
        if let Some(asked) = self.early_lines.take() {
            self.breakpoints.set_lines(&asked, &lines);
        }
        if let Some(asked) = self.early_names.take() {
            self.breakpoints
                .set_names(&asked, prepared.execution.flow(), &lines);
        }
        self.launched = Some(Launched {
            execution: prepared.execution,
            lines,
            path,
            subflows,
        });
        Ok(json!({}))
    }

    /// Starts the execution once it is both launched and configured.
    fn begin(&mut self) {
        if self.mode != Mode::Idle || !self.configured {
            return;
        }
        let Some(l) = &self.launched else { return };
        self.out.output(
            "console",
            &format!(
                "sfdb: {} · trigger {}",
                l.path.display(),
                l.execution.trigger_event()
            ),
        );
        if self.stop_on_entry {
            self.stop("entry", None, Vec::new());
        } else if let Some(ids) = self.breakpoint_here() {
            self.stop("breakpoint", None, ids);
        } else {
            self.mode = Mode::Running(Goal::Continue);
        }
    }

    /// Whether a subflow is under way.
    fn inside(&self) -> bool {
        self.launched
            .as_ref()
            .is_some_and(|l| l.execution.child().is_some())
    }

    fn set_breakpoints(&mut self, args: &Value) -> Value {
        let asked = args["breakpoints"].as_array().cloned().unwrap_or_default();
        let Some(l) = &self.launched else {
            self.early_lines = Some(asked.clone());
            let pending: Vec<Value> = asked
                .iter()
                .map(|a| json!({"verified": false, "line": a["line"], "message": "the flow is not loaded yet"}))
                .collect();
            return json!({"breakpoints": pending});
        };
        let source = args["source"]["path"].as_str().map(Path::new);
        let ours = source.is_some_and(|p| std::fs::canonicalize(p).is_ok_and(|p| p == l.path));
        if !ours {
            let other: Vec<Value> = asked
                .iter()
                .map(|a| {
                    json!({"verified": false, "line": a["line"],
                    "message": format!("not the flow being debugged ({})", l.path.display())})
                })
                .collect();
            return json!({"breakpoints": other});
        }
        let set = self.breakpoints.set_lines(&asked, &l.lines);
        let source = json!({"path": l.path.display().to_string()});
        let set: Vec<Value> = set
            .into_iter()
            .map(|mut b| {
                b["source"] = source.clone();
                b
            })
            .collect();
        json!({"breakpoints": set})
    }

    fn set_function_breakpoints(&mut self, args: &Value) -> Value {
        let asked = args["breakpoints"].as_array().cloned().unwrap_or_default();
        let Some(l) = &self.launched else {
            self.early_names = Some(asked.clone());
            return json!({"breakpoints": asked.iter().map(|_| json!({"verified": false})).collect::<Vec<_>>()});
        };
        json!({"breakpoints": self.breakpoints.set_names(&asked, l.execution.flow(), &l.lines)})
    }

    /// The breakpoints that stop at the widget about to run, if any do.
    fn breakpoint_here(&mut self) -> Option<Vec<i64>> {
        let l = self.launched.as_ref()?;
        let widget = l.execution.flow().index_of(l.execution.current()?)?;
        let (ids, errors) =
            self.breakpoints
                .reached(widget, l.execution.context(), l.execution.liquid());
        for e in errors {
            self.out.output("stderr", &e);
        }
        (!ids.is_empty()).then_some(ids)
    }

    fn stop(&mut self, reason: &str, description: Option<String>, hits: Vec<i64>) {
        self.mode = Mode::Stopped;
        self.pause = false;
        self.refs.clear();
        let mut body = json!({"reason": reason, "threadId": THREAD, "allThreadsStopped": true});
        if let Some(text) = description {
            body["description"] = json!(text);
            body["text"] = json!(text);
        }
        if !hits.is_empty() {
            body["hitBreakpointIds"] = json!(hits);
        }
        self.out.event("stopped", body);
    }

    fn resume(&mut self, goal: Goal) -> Result<(), String> {
        match self.mode {
            Mode::Stopped => {
                self.mode = Mode::Running(goal);
                self.refs.clear();
                Ok(())
            }
            Mode::Ended => Err("the execution has ended: restart to run it again".into()),
            _ => Ok(()),
        }
    }

    /// Runs the execution until it stops, ends, or needs a request sent (returned: the loop
    /// sends it and gives the answer to [`Session::answered`]).
    pub fn drive(&mut self) -> Option<HttpRequest> {
        while let Mode::Running { .. } = self.mode {
            let l = self.launched.as_mut()?;
            match l.execution.advance() {
                Progress::Stepped => self.after_step(),
                Progress::Http(request) => {
                    self.out.output(
                        "console",
                        &format!(
                            "{}: {} {} …",
                            request.widget,
                            request.method,
                            crate::mask::url(&request.url)
                        ),
                    );
                    return Some(request);
                }
                Progress::Halted => self.halted(),
                Progress::Inside => self.after_inside(),
            }
        }
        None
    }

    /// The answer to the request [`Session::drive`] handed out.
    pub fn answered(&mut self, result: HttpResult) {
        let Some(l) = self.launched.as_mut() else {
            return;
        };
        match l.execution.complete_http(result) {
            Progress::Stepped => self.after_step(),
            Progress::Inside => self.after_inside(),
            _ => self.halted(),
        }
    }

    /// Says what the step did, and stops where the client wants it to.
    fn after_step(&mut self) {
        let Some(l) = self.launched.as_ref() else {
            return;
        };
        let Some(step) = l.execution.steps().last().cloned() else {
            return;
        };
        for line in console::said(&step) {
            self.out.output(line.0, &line.1);
        }
        if l.execution.status().is_final() || l.execution.current().is_none() {
            // The next advance halts and says how.
            return;
        }
        if self.stop_on_failure && step.name == "failed" {
            let why = format!("{} failed", step.transitioned_from);
            self.stop("exception", Some(why), Vec::new());
        } else if let Some(ids) = self.breakpoint_here() {
            self.stop("breakpoint", None, ids);
        } else if matches!(self.mode, Mode::Running(goal) if goal != Goal::Continue) {
            self.stop("step", None, Vec::new());
        } else if self.pause {
            self.stop("pause", None, Vec::new());
        }
    }

    /// A widget of the subflow under way ran (or the subflow started): said, and a stop where
    /// stepping asks for one.
    fn after_inside(&mut self) {
        let Some(child) = self.launched.as_ref().and_then(|l| l.execution.child()) else {
            return;
        };
        if let Some(step) = child.steps().last() {
            for line in console::said(step) {
                self.out.output(line.0, &format!("(subflow) {}", line.1));
            }
        }
        let stops = matches!(
            self.mode,
            Mode::Running(Goal::In | Goal::Over { inside: true })
        );
        if stops || self.pause {
            self.stop(if stops { "step" } else { "pause" }, None, Vec::new());
        }
    }

    /// The execution went as far as it can: a widget waits, or it ended.
    fn halted(&mut self) {
        let Some(l) = self.launched.as_ref() else {
            return;
        };
        match l.execution.status().clone() {
            Status::Waiting { widget, reason } => {
                let text = format!(
                    "{widget} waits for {reason}: answer in the debug console ({})",
                    console::ANSWERS
                );
                self.out.output("important", &text);
                self.stop("pause", Some(text), Vec::new());
            }
            status => {
                let steps = l.execution.steps().len();
                let code = i64::from(status != Status::Ended);
                self.out.output(
                    "important",
                    &format!("{} ({steps} steps): {}", status.name(), status.reason()),
                );
                self.mode = Mode::Ended;
                self.out.event("exited", json!({"exitCode": code}));
                self.out.event("terminated", json!({}));
            }
        }
    }

    fn stack_trace(&self) -> Value {
        let Some(l) = &self.launched else {
            return json!({"stackFrames": [], "totalFrames": 0});
        };
        let mut frames = Vec::new();
        if let Some(child) = l.execution.child() {
            let file = l.subflows.iter().find(|(_, _, flow)| {
                flow.initial_state == child.flow().initial_state
                    && flow.widgets.len() == child.flow().widgets.len()
            });
            frames.extend(frame(
                1,
                child,
                file.map(|(p, lines, _)| (p.as_path(), lines)),
            ));
        }
        let id = frames.len() as i64 + 1;
        frames.extend(frame(id, &l.execution, Some((l.path.as_path(), &l.lines))));
        json!({"totalFrames": frames.len(), "stackFrames": frames})
    }

    /// The execution a frame shows: 1 is the innermost (the subflow under way, if one is).
    fn execution_of(&self, frame: i64) -> Option<&Execution> {
        let l = self.launched.as_ref()?;
        match l.execution.child() {
            Some(child) if frame == 1 => Some(child),
            _ => Some(&l.execution),
        }
    }

    fn scopes(&mut self, frame: i64) -> Value {
        let scopes: Vec<Value> = tree::SCOPES
            .iter()
            .map(|name| {
                json!({
                    "name": name,
                    "variablesReference": self.refs.of(frame, tree::split(name)),
                    "expensive": false,
                })
            })
            .collect();
        json!({"scopes": scopes})
    }

    fn variables(&mut self, args: &Value) -> Value {
        let reference = args["variablesReference"].as_i64().unwrap_or(0);
        let Some((frame, path)) = self.refs.place(reference).cloned() else {
            return json!({"variables": []});
        };
        let Some(execution) = self.execution_of(frame) else {
            return json!({"variables": []});
        };
        let now = crate::mask::json(&execution.context_value());
        let before = execution
            .previous_context()
            .map(|c| crate::mask::json(&c.to_value()));
        // Under `widgets`, the last step's widget first.
        let last = execution
            .steps()
            .last()
            .map(|s| s.transitioned_from.clone());
        let first = (path == ["widgets"]).then_some(last).flatten();
        let list = tree::children(
            &mut self.refs,
            &now,
            before.as_ref(),
            (frame, &path),
            first.as_deref(),
        );
        json!({"variables": list})
    }

    fn set_variable(&mut self, args: &Value) -> Result<Value, String> {
        let reference = args["variablesReference"].as_i64().unwrap_or(0);
        let name = args["name"].as_str().unwrap_or_default();
        let text = args["value"].as_str().unwrap_or_default();
        let (frame, mut path) = self
            .refs
            .place(reference)
            .cloned()
            .ok_or("that variable is no longer shown: the execution moved on")?;
        if frame == 1 && self.inside() {
            return Err("a subflow's variables are shown, not set".into());
        }
        if !(path.starts_with(&["flow".into(), "variables".into()])
            || path.starts_with(&["flow".into(), "data".into()]))
        {
            return Err("only flow.variables and flow.data can be set".into());
        }
        path.push(name.to_string());
        // JSON where it reads as JSON, else the text as it is, as Set Variables writes it.
        let value = serde_json::from_str::<Value>(text).unwrap_or(Value::String(text.into()));
        let l = self.launched.as_mut().ok_or("no flow is loaded")?;
        let dotted = path.join(".");
        l.execution.set_value(&dotted, value.clone())?;
        Ok(json!({"value": tree::summary(&crate::mask::json(&value)), "variablesReference": 0}))
    }

    fn evaluate(&mut self, args: &Value) -> Result<Value, String> {
        let expression = args["expression"].as_str().unwrap_or_default();
        let context = args["context"].as_str().unwrap_or("repl");
        let frame = args["frameId"].as_i64().unwrap_or(1);
        let l = self.launched.as_mut().ok_or("no flow is loaded")?;
        if context == "repl" {
            if let Some(said) = console::answer(&mut l.execution, expression) {
                let said = said?;
                return Ok(json!({"result": said, "variablesReference": 0}));
            }
        }
        let Some(execution) = self.execution_of(frame) else {
            return Err("no flow is loaded".into());
        };
        let expression = if context == "hover" {
            console::hovered(expression)
        } else {
            expression.to_string()
        };
        let evaluated = execution
            .context()
            .evaluate(execution.liquid(), &expression);
        let now = crate::mask::json(&execution.context_value());
        if let Some(warning) = &evaluated.warning {
            self.out.output("stderr", warning);
        }
        let result = evaluated.value?;
        // A bare path to an object or array can be opened.
        let path = tree::split(expression.trim());
        let reference = match tree::at(&now, &path) {
            Some(Value::Object(m)) if !m.is_empty() => self.refs.of(frame, path),
            Some(Value::Array(a)) if !a.is_empty() => self.refs.of(frame, path),
            _ => 0,
        };
        Ok(json!({"result": result, "variablesReference": reference}))
    }

    fn step_back(&mut self, to_breakpoint: bool) -> Result<(), String> {
        if self.mode != Mode::Stopped && self.mode != Mode::Ended {
            return Err("pause first: the execution is running".into());
        }
        let l = self.launched.as_mut().ok_or("no flow is loaded")?;
        self.cancel_request = true;
        let mut moved = false;
        while l.execution.step_back() {
            moved = true;
            let here = l
                .execution
                .current()
                .and_then(|c| l.execution.flow().index_of(c));
            if !to_breakpoint || here.is_some_and(|w| self.breakpoints.on(w)) {
                break;
            }
        }
        if !moved {
            self.out
                .output("console", "at the start: nothing to step back to");
        }
        self.stop("step", None, Vec::new());
        Ok(())
    }

    fn restart(&mut self) -> Result<(), String> {
        let l = self.launched.as_mut().ok_or("no flow is loaded")?;
        self.cancel_request = true;
        l.execution.restart();
        self.breakpoints.reset_hits();
        self.mode = Mode::Idle;
        Ok(())
    }
}

/// A stack frame for the widget `execution` runs next, in `file` at the line of its name.
fn frame(id: i64, execution: &Execution, file: Option<(&Path, &Lines)>) -> Option<Value> {
    let widget = execution.flow().index_of(execution.current()?)?;
    let w = &execution.flow().widgets[widget];
    let mut frame = json!({
        "id": id,
        "name": format!("{} ({})", w.name, w.kind.as_str()),
        "line": 0,
        "column": 0,
    });
    if let Some((path, lines)) = file {
        frame["source"] = json!({
            "name": path.file_name().map(|n| n.to_string_lossy().to_string()),
            "path": path.display().to_string(),
        });
        frame["line"] = json!(lines.widgets[widget]);
        frame["column"] = json!(1);
    }
    Some(frame)
}

/// What the adapter can do, as `initialize` answers.
fn capabilities() -> Value {
    json!({
        "supportsConfigurationDoneRequest": true,
        "supportsFunctionBreakpoints": true,
        "supportsConditionalBreakpoints": true,
        "supportsHitConditionalBreakpoints": true,
        "supportsEvaluateForHovers": true,
        "supportsStepBack": true,
        "supportsSetVariable": true,
        "supportsRestartRequest": true,
        "supportsTerminateRequest": true,
        "exceptionBreakpointFilters": [{
            "filter": "failed",
            "label": "Failed widgets",
            "description": "Stop after a widget fires its failed event",
            "default": false,
        }],
    })
}

/// The start options a `launch` request gives: `program` (the flow) or `scenario`, `trigger`,
/// `set` and `setJson` (objects of path to value, or lists of `PATH=VALUE`), `subflows` (flow
/// SID to file), `now`, `timezone`.
fn start_of(args: &Value) -> Result<Start, String> {
    let text = |key: &str| args[key].as_str().map(str::to_string);
    let mut start = Start {
        flow: text("program").map(PathBuf::from),
        scenario: text("scenario").map(PathBuf::from),
        trigger: text("trigger"),
        now: text("now"),
        timezone: text("timezone"),
        ..Start::default()
    };
    if start.flow.is_none() && start.scenario.is_none() {
        return Err("launch: give the flow file as program (or a scenario)".into());
    }
    if start.scenario.is_some() {
        // The scenario names its flow.
        start.flow = None;
    }
    start.set = pairs(&args["set"], false)?;
    start.set_json = pairs(&args["setJson"], true)?;
    start.subflow = pairs(&args["subflows"], false)?;
    Ok(start)
}

/// The local Functions a launch asks for (`functions`: a project directory or a runtime's
/// URL; `functionsDomain`; `function`: `ZH…=/path` texts), else a scenario's.
fn functions_of(
    args: &Value,
    scenario: Option<&crate::scenario::WantedFunctions>,
) -> Option<crate::functions::Options> {
    let by_sid: Vec<String> = args["function"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let domain = args["functionsDomain"].as_str().map(str::to_string);
    match (args["functions"].as_str(), scenario) {
        (Some(target), _) => Some(crate::functions::Options {
            target: target.to_string(),
            domain,
            by_sid,
        }),
        (None, Some(wanted)) => Some(crate::functions::Options {
            target: wanted.target.clone(),
            domain: domain.or(wanted.domain.clone()),
            by_sid: [wanted.by_sid.clone(), by_sid].concat(),
        }),
        (None, None) => None,
    }
}

/// `{"flow.data.x": "1"}` or `["flow.data.x=1"]` as `PATH=VALUE` texts.
fn pairs(value: &Value, json_values: bool) -> Result<Vec<String>, String> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Object(map) => Ok(map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) if !json_values => format!("{k}={s}"),
                other => format!("{k}={other}"),
            })
            .collect()),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("launch: expected PATH=VALUE texts, got {i}"))
            })
            .collect(),
        other => Err(format!(
            "launch: expected an object of paths to values, got {other}"
        )),
    }
}
