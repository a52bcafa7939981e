#![allow(dead_code)]

pub mod npm;

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value};
use sfdb::engine::{Context, Execution, Options, Progress};
use sfdb::flow::{Document, Flow};
use sfdb::liquid::Liquid;

/// `../shared` beside the checkout, where the corpus and references live. A test that needs it
/// fails when it is missing, saying so: it never passes by skipping.
pub fn shared() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    assert!(
        dir.join("flows-corpus").is_dir(),
        "{} is missing: the tests read the flows corpus, the golden-liquid suite and the references \
         from ../shared beside the checkout",
        dir.display()
    );
    dir
}

/// Every export in ../shared/flows-corpus and its legacy/ folder, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let dir = shared().join("flows-corpus");
    let mut files: Vec<_> = ["", "legacy"]
        .iter()
        .flat_map(|sub| {
            std::fs::read_dir(dir.join(sub)).expect("the corpus is beside the checkout")
        })
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A flow from a list of states, starting at `Trigger`.
pub fn flow(states: Value) -> Flow {
    let def =
        json!({"description": "test", "states": states, "initial_state": "Trigger", "flags": {}});
    Document::parse("test.json", &def.to_string())
        .expect("test flow is valid")
        .flow
}

/// A trigger widget whose `incomingMessage` leads to `next`.
pub fn trigger(next: &str) -> Value {
    json!({"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0, "y": 0}},
           "transitions": [{"event": "incomingMessage", "next": next}, {"event": "incomingCall"}]})
}

pub fn execution(flow: Flow) -> Execution {
    execution_with(flow, |_| {})
}

pub fn execution_with(flow: Flow, setup: impl FnOnce(&mut Context)) -> Execution {
    let mut context = Context::new(&flow, "incomingMessage");
    setup(&mut context);
    Execution::new(
        flow,
        context,
        Arc::new(Liquid::new()),
        Options {
            trigger_event: "incomingMessage".into(),
            max_steps: 1000,
            twilio: None,
            strict_liquid: false,
            function_urls: Default::default(),
        },
    )
}

/// Runs a flow that makes no HTTP request until it halts.
pub fn run_offline(execution: &mut Execution) {
    loop {
        match execution.advance() {
            Progress::Stepped | Progress::Inside => {}
            Progress::Halted => return,
            Progress::Http(r) => panic!("unexpected HTTP request to {}", r.url),
        }
    }
}

/// `from --event--> to` for every step.
pub fn path(execution: &Execution) -> Vec<String> {
    execution
        .steps()
        .iter()
        .map(|s| {
            format!(
                "{} --{}--> {}",
                s.transitioned_from, s.name, s.transitioned_to
            )
        })
        .collect()
}

/// Runs the sfdb binary in the repository.
pub fn sfdb(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .current_dir(repo())
        .args(args)
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Presses Ctrl and a letter in the debugger.
pub fn ctrl(model: &mut sfdb::tui::Model, c: char) -> Vec<sfdb::tui::Cmd> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    sfdb::tui::update(
        model,
        sfdb::tui::Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

/// One real frame of the debugger, drawn on ratatui's TestBackend.
pub fn frame(model: &sfdb::tui::Model, width: u16, height: u16) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| sfdb::tui::view::draw(f, model)).unwrap();
    terminal.backend().to_string()
}

/// Snapshots a frame under `snapshots/`.
pub fn snapshot(name: &str, model: &sfdb::tui::Model, width: u16, height: u16) {
    let mut settings = insta::Settings::clone_current();
    // Relative to this file: the repository's snapshots/.
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    let text = frame(model, width, height);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// Snapshots a screen already drawn (by the loop) under `snapshots/`.
pub fn snapshot_text(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// Presses a key in the debugger.
pub fn press(model: &mut sfdb::tui::Model, code: crossterm::event::KeyCode) -> Vec<sfdb::tui::Cmd> {
    use crossterm::event::{KeyEvent, KeyModifiers};
    sfdb::tui::update(
        model,
        sfdb::tui::Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
    )
}

/// Selects a widget in the debugger's graph with the keys a user would press.
pub fn select_widget(model: &mut sfdb::tui::Model, name: &str) {
    use crossterm::event::KeyCode;
    press(model, KeyCode::Char('1'));
    for _ in 0..model.rows.len() {
        press(model, KeyCode::Char('k'));
    }
    for _ in 0..model.rows.len() {
        if model.inspected().map(|w| w.name.as_str()) == Some(name) {
            return;
        }
        press(model, KeyCode::Char('j'));
    }
    panic!("{name} is not in the graph");
}

/// The debugger on the bundled demo flow, its endpoint pointed at a closed local port.
pub fn demo_model(color: bool) -> sfdb::tui::Model {
    let doc = Document::parse("flows/retry-counter.json", sfdb::demo::FLOW).unwrap();
    let start = sfdb::session::Start {
        set: vec!["flow.data.api_base=http://127.0.0.1:9".into()],
        ..sfdb::session::Start::default()
    };
    let execution = sfdb::session::execution(&doc, &start).unwrap();
    sfdb::tui::Model::new(doc, execution, color)
}

/// Steps once with `s`, answering a request with a 503 (the demo's first two attempts).
pub fn run_step(model: &mut sfdb::tui::Model) {
    let cmds = press(model, crossterm::event::KeyCode::Char('s'));
    if matches!(cmds.as_slice(), [sfdb::tui::Cmd::Send { .. }]) {
        answer(
            model,
            &cmds,
            503,
            json!({"error": "warming up"}).to_string(),
            None,
        );
    }
}

/// Answers the request a step sent (`cmds`, its one `Cmd::Send`) with a JSON response of
/// `status` and `body`, as the loop does when the answer comes (with where local Functions
/// sent it, if they did).
pub fn answer(
    model: &mut sfdb::tui::Model,
    cmds: &[sfdb::tui::Cmd],
    status: u16,
    body: String,
    function: Option<sfdb::engine::http::FunctionCall>,
) {
    use sfdb::engine::http::{HttpResponse, HttpResult};
    let [sfdb::tui::Cmd::Send { id, .. }] = cmds else {
        panic!("expected the request, got {cmds:?}");
    };
    sfdb::tui::update(
        model,
        sfdb::tui::Msg::HttpDone {
            id: *id,
            result: HttpResult {
                response: Ok(HttpResponse {
                    status,
                    content_type: "application/json".into(),
                    headers: Vec::new(),
                    body,
                }),
                elapsed: std::time::Duration::from_millis(5),
                function,
            },
        },
    );
}

/// A chain of `n` widgets (Set Variables, splits that loop back, HTTP requests), positioned
/// ten boxes a row as an export is.
pub fn generated_flow(n: usize) -> String {
    let mut states = vec![json!({"name": "Trigger", "type": "trigger",
        "transitions": [{"event": "incomingMessage", "next": "w1"}],
        "properties": {"offset": {"x": 0, "y": 0}}})];
    for i in 1..n {
        let next = if i + 1 < n {
            Value::String(format!("w{}", i + 1))
        } else {
            Value::Null
        };
        let offset = json!({"x": (i % 10) * 300, "y": (i / 10) * 250});
        states.push(match i % 3 {
            0 => json!({"name": format!("w{i}"), "type": "set-variables",
                "properties": {"offset": offset, "variables": [{"key": "v", "value": "x"}]},
                "transitions": [{"event": "next", "next": next}]}),
            1 => json!({"name": format!("w{i}"), "type": "split-based-on",
                "properties": {"offset": offset, "input": "{{flow.variables.v}}"},
                "transitions": [{"event": "noMatch", "next": next},
                    {"event": "match", "next": format!("w{}", (i / 2).max(1)),
                     "conditions": [{"friendly_name": "loop", "arguments": [], "type": "equal_to", "value": "-1"}]}]}),
            _ => json!({"name": format!("w{i}"), "type": "make-http-request",
                "properties": {"offset": offset, "method": "GET", "content_type": "application/json",
                               "url": format!("https://example.com/{i}")},
                "transitions": [{"event": "success", "next": next}, {"event": "failed"}]}),
        });
    }
    json!({"description": "generated", "initial_state": "Trigger", "flags": {}, "states": states})
        .to_string()
}
