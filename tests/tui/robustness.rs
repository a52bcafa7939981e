//! Hostile input that must never panic or lose data: any terminal size, resize storms, random
//! flow files and conditions, interrupted saves; and how much one step sends over SSH.

use crate::common;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::Terminal;
use serde_json::json;
use sfdb::engine::http::{HttpResponse, HttpResult};
use sfdb::flow::Document;
use sfdb::tui::{update, view, Cmd, Model, Msg};

fn step(model: &mut Model, status: u16) {
    let cmds = update(
        model,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)),
    );
    if let [Cmd::Send { id, .. }] = cmds.as_slice() {
        let result = HttpResult {
            response: Ok(HttpResponse {
                status,
                content_type: "application/json".into(),
                headers: Vec::new(),
                body: json!({"status": "shipped", "items": [{"sku": "A-1"}]}).to_string(),
            }),
            elapsed: Duration::from_millis(5),
            function: None,
        };
        update(model, Msg::HttpDone { id: *id, result });
    }
}

#[test]
fn every_terminal_size_from_1x1_to_200x60_draws() {
    let mut model = common::demo_model(true);
    for _ in 0..4 {
        step(&mut model, 503);
    }
    for width in (1..=200).step_by(7) {
        for height in (1..=60).step_by(3) {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|f| view::draw(f, &model)).unwrap();
        }
    }
}

#[test]
fn a_resize_storm_with_overlays_open_draws_every_time() {
    let mut model = common::demo_model(true);
    step(&mut model, 503);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let keys = ['?', 'x', '=', 'a', 'b', 'W'];
    for i in 0..300u16 {
        let (w, h) = (1 + (i * 37) % 220, 1 + (i * 13) % 70);
        terminal.backend_mut().resize(w, h);
        terminal
            .resize(ratatui::layout::Rect::new(0, 0, w, h))
            .unwrap();
        if i % 50 == 0 {
            update(
                &mut model,
                Msg::Key(KeyEvent::new(
                    KeyCode::Char(keys[(i / 50) as usize % keys.len()]),
                    KeyModifiers::NONE,
                )),
            );
        }
        update(&mut model, Msg::Resize(w, h));
        terminal.draw(|f| view::draw(f, &model)).unwrap();
    }
}

/// Bytes a terminal receives to show one step of the retry loop at 120x40 (ratatui sends only
/// the cells that changed).
/// A terminal connection that only counts what is written to it.
#[derive(Clone, Default)]
struct Counting(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl std::io::Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .fetch_add(buf.len(), std::sync::atomic::Ordering::SeqCst);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn one_step_sends_under_4_kb_at_120x40() {
    let mut model = common::demo_model(true);
    let bytes = Counting::default();
    let mut terminal = Terminal::new(CrosstermBackend::new(bytes.clone())).unwrap();
    terminal
        .resize(ratatui::layout::Rect::new(0, 0, 120, 40))
        .unwrap();
    terminal.draw(|f| view::draw(f, &model)).unwrap();
    let mut worst = 0;
    for i in 0..10 {
        let before = bytes.0.load(std::sync::atomic::Ordering::SeqCst);
        step(&mut model, if i < 8 { 503 } else { 200 });
        terminal.draw(|f| view::draw(f, &model)).unwrap();
        worst = worst.max(bytes.0.load(std::sync::atomic::Ordering::SeqCst) - before);
    }
    eprintln!("the largest step sent {worst} bytes");
    assert!(worst > 0);
    assert!(worst < 4096, "a step sent {worst} bytes");
}

fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        "[a-zA-Z_{}%. -]{0,10}".prop_map(serde_json::Value::String),
        Just(json!("Trigger")),
        Just(json!("trigger")),
        Just(json!("next")),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("states".to_string()),
                    Just("initial_state".to_string()),
                    Just("name".to_string()),
                    Just("type".to_string()),
                    Just("transitions".to_string()),
                    Just("next".to_string()),
                    Just("event".to_string()),
                    Just("properties".to_string()),
                    Just("definition".to_string()),
                    "[a-z]{1,6}",
                ],
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn the_loader_never_panics_and_errors_name_the_file(value in arbitrary_json(), cut in 0usize..200) {
        let text = value.to_string();
        let text = &text[..text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len())];
        match Document::parse("random.json", text) {
            Ok(doc) => {
                // A flow that loads can be checked and run a few steps.
                let _ = sfdb::check::check(&doc.flow);
            }
            Err(e) => prop_assert!(e.problems.iter().all(|p| p.to_string().starts_with("random.json")), "{e}"),
        }
    }

    #[test]
    fn conditions_never_panic(kind in prop::sample::select(sfdb::engine::conditions::CONDITION_TYPES.to_vec()),
                              input in ".{0,12}", value in ".{0,12}") {
        let _ = sfdb::engine::conditions::holds(kind, &input, &value);
    }
}

/// A widget name holding terminal escapes (OSC 0 retitles the window, OSC 52 writes the
/// clipboard) reaches the screen as text, never as an escape: no cell of a drawn frame holds
/// a control character.
#[test]
fn escapes_in_a_flow_never_reach_the_terminal_from_the_debugger() {
    let hostile = "w\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}\u{9b}2J";
    let definition = json!({"description": "x", "initial_state": "Trigger", "flags": {}, "states": [
        {"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0, "y": 0}},
         "transitions": [{"event": "incomingMessage", "next": hostile}]},
        {"name": hostile, "type": "set-variables", "properties": {"offset": {"x": 0, "y": 200},
         "variables": [{"key": "k", "value": "\u{1b}[2J"}]}, "transitions": [{"event": "next"}]}]});
    let doc = Document::parse("hostile.json", &definition.to_string()).unwrap();
    let execution = sfdb::session::execution(&doc, &sfdb::session::Start::default()).unwrap();
    let mut model = Model::new(doc, execution, true);
    for key in ['s', 's', 'j', 'f'] {
        update(
            &mut model,
            Msg::Key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE)),
        );
    }
    for (w, h) in [(80, 24), (120, 40)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| view::draw(f, &model)).unwrap();
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "a control character reached the screen: {:?}",
                cell.symbol()
            );
        }
    }
}
