//! Drawing speed on the largest flows Studio allows: one full frame at 200x50 of a generated
//! 1,000-widget flow, and opening that flow to its first frame.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::{json, Value};
use sfdb::engine::{Context, Execution, Options};
use sfdb::flow::Document;
use sfdb::liquid::Liquid;
use sfdb::tui::{view, Model};

/// A 1,000-widget flow: a chain of Set Variables, Split Based On and HTTP widgets with loops.
pub fn big_flow_text() -> String {
    let mut states = vec![json!({"name": "Trigger", "type": "trigger",
        "transitions": [{"event": "incomingMessage", "next": "w1"}], "properties": {"offset": {"x": 0, "y": 0}}})];
    for i in 1..1000 {
        let next = if i + 1 < 1000 {
            Value::String(format!("w{}", i + 1))
        } else {
            Value::Null
        };
        let state = match i % 3 {
            0 => json!({"name": format!("w{i}"), "type": "set-variables",
                "properties": {"variables": [{"key": format!("v{i}"), "value": "{{flow.variables.count | plus: 1}}"}]},
                "transitions": [{"event": "next", "next": next}]}),
            1 => json!({"name": format!("w{i}"), "type": "split-based-on",
                "properties": {"input": "{{flow.variables.count}}"},
                "transitions": [{"event": "noMatch", "next": next},
                                {"event": "match", "next": format!("w{}", (i / 2).max(1)),
                                 "conditions": [{"friendly_name": "loop", "arguments": [], "type": "equal_to", "value": "-1"}]}]}),
            _ => json!({"name": format!("w{i}"), "type": "make-http-request",
                "properties": {"method": "GET", "content_type": "application/json", "url": format!("https://example.com/{i}")},
                "transitions": [{"event": "success", "next": next}, {"event": "failed"}]}),
        };
        states.push(state);
    }
    json!({"description": "generated", "initial_state": "Trigger", "flags": {}, "states": states})
        .to_string()
}

fn open(text: &str) -> Model {
    let doc = Document::parse("big.json", text).unwrap();
    let context = Context::new(&doc.flow, "incomingMessage");
    let execution = Execution::new(
        doc.flow.clone(),
        context,
        Arc::new(Liquid::new()),
        Options {
            trigger_event: "incomingMessage".into(),
            max_steps: 1000,
            twilio: None,
        },
    );
    Model::new(doc, execution, true)
}

fn frames(c: &mut Criterion) {
    let text = big_flow_text();
    let model = open(&text);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("frame_200x50_1000_widgets", |b| {
        b.iter(|| {
            // A full frame: the buffer is cleared, so every cell is drawn again.
            terminal.clear().unwrap();
            terminal.draw(|f| view::draw(f, &model)).unwrap();
        })
    });
    c.bench_function("open_1000_widgets_to_first_frame", |b| {
        b.iter(|| {
            let model = open(&text);
            let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
            terminal.draw(|f| view::draw(f, &model)).unwrap();
        })
    });
}

criterion_group!(benches, frames);
criterion_main!(benches);
