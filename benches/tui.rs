//! Drawing speed on the largest flows Studio allows: one full frame at 200x50 of a generated
//! 1,000-widget flow, in the outline and on the canvas, and opening that flow to its first
//! frame (the canvas's layout included); and `/` search over a 60 kB
//! response, per keystroke.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::{json, Value};
use sfdb::engine::{Context, Execution, Options};
use sfdb::flow::Document;
use sfdb::liquid::Liquid;
use sfdb::tui::{update, view, Model, Msg};

/// The generated flow of `n` widgets with Studio's positions: ten boxes a row.
fn positioned_flow_text(n: usize) -> String {
    let mut flow: Value = serde_json::from_str(&flow_text(n)).unwrap();
    if let Some(states) = flow["states"].as_array_mut() {
        for (i, state) in states.iter_mut().enumerate() {
            state["properties"]["offset"] = json!({"x": (i % 10) * 300, "y": (i / 10) * 250});
        }
    }
    flow.to_string()
}

/// A flow of `n` widgets: a chain of Set Variables, Split Based On and HTTP widgets with loops.
fn flow_text(n: usize) -> String {
    let mut states = vec![json!({"name": "Trigger", "type": "trigger",
        "transitions": [{"event": "incomingMessage", "next": "w1"}], "properties": {"offset": {"x": 0, "y": 0}}})];
    for i in 1..n {
        let next = if i + 1 < n {
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
    model(doc, context)
}

/// The debugger on `doc`, its execution starting from `context`.
fn model(doc: Document, context: Context) -> Model {
    let execution = Execution::new(
        doc.flow.clone(),
        context,
        Arc::new(Liquid::new()),
        Options {
            trigger_event: "incomingMessage".into(),
            max_steps: 1000,
            twilio: None,
            strict_liquid: false,
            function_urls: Default::default(),
        },
    );
    Model::new(doc, execution, true)
}

fn frames(c: &mut Criterion) {
    let text = flow_text(1000);
    let model = open(&text);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("frame_200x50_1000_widgets", |b| {
        b.iter(|| {
            // A full frame: the buffer is cleared, so every cell is drawn again.
            terminal.clear().unwrap();
            terminal.draw(|f| view::draw(f, &model)).unwrap();
        });
    });
    // The canvas view: the layout is computed once (the first frame), then only windowed.
    let mut canvas = open(&text);
    update(&mut canvas, Msg::Resize(200, 50));
    show_canvas(&mut canvas);
    press(&mut canvas, KeyCode::Char('z'));
    c.bench_function("canvas_frame_200x50_1000_widgets", |b| {
        b.iter(|| {
            terminal.clear().unwrap();
            terminal.draw(|f| view::draw(f, &canvas)).unwrap();
        });
    });
    c.bench_function("canvas_open_1000_widgets_to_first_frame", |b| {
        b.iter(|| {
            let mut model = open(&text);
            update(&mut model, Msg::Resize(200, 50));
            show_canvas(&mut model);
            let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
            terminal.draw(|f| view::draw(f, &model)).unwrap();
        });
    });
    // Positioned as an export is: edges between rows of boxes, loops back up past hundreds.
    // And at Studio's limit of 2,000 widgets.
    for n in [1000, 2000] {
        let positioned = positioned_flow_text(n);
        c.bench_function(
            &format!("canvas_open_{n}_positioned_widgets_to_first_frame"),
            |b| {
                b.iter(|| {
                    let mut model = open(&positioned);
                    update(&mut model, Msg::Resize(200, 50));
                    show_canvas(&mut model);
                    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
                    terminal.draw(|f| view::draw(f, &model)).unwrap();
                });
            },
        );
    }
    c.bench_function("open_1000_widgets_to_first_frame", |b| {
        b.iter(|| {
            let model = open(&text);
            let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
            terminal.draw(|f| view::draw(f, &model)).unwrap();
        });
    });
}

/// A 60 kB order response, parsed into `widgets.get_order` as Make HTTP Request leaves it
/// (about 5,000 nodes), in the variables pane.
fn model_with_response() -> Model {
    let items: Vec<Value> = (0..300)
        .map(|i| {
            json!({"sku": format!("SKU-{i:04}"), "name": format!("Item number {i}"),
                   "description": "A fine product, packed with care and shipped from the north.",
                   "qty": i % 9 + 1, "price": i as f64 * 1.25, "tags": ["grocery", "fresh"],
                   "meta": {"aisle": i % 12, "bin": format!("B{}", i % 40)}})
        })
        .collect();
    let order = json!({"id": "ORD-42", "status": "shipped", "items": items});
    let body = order.to_string();
    assert!(body.len() > 55_000 && body.len() < 65_536, "{}", body.len());
    let doc = Document::parse("flows/retry-counter.json", sfdb::demo::FLOW).unwrap();
    let mut context = Context::new(&doc.flow, "incomingMessage");
    context
        .set(
            "widgets.get_order",
            json!({"status_code": 200, "content_type": "application/json", "body": body, "parsed": order}),
        )
        .unwrap();
    let mut model = model(doc, context);
    press(&mut model, KeyCode::Char('3'));
    model
}

fn press(model: &mut Model, code: KeyCode) {
    update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// `f`, and the layout the loop would compute off the loop for a large flow, here and now.
fn show_canvas(model: &mut Model) {
    let cmds = update(
        model,
        Msg::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE)),
    );
    for cmd in cmds {
        if let sfdb::tui::Cmd::LayOut { flow, zoom } = cmd {
            let layout = sfdb::tui::flow::canvas::Layout::new(&flow.0, zoom);
            update(model, Msg::LaidOut(Box::new(layout)));
        }
    }
}

/// One keystroke of `/` search in the variables over the 60 kB response: typed, the matches
/// found and the selection moved (a character typed and erased, timed as two keystrokes).
fn search(c: &mut Criterion) {
    let mut model = model_with_response();
    c.bench_function("search_start_60kb_response", |b| {
        b.iter(|| {
            press(&mut model, KeyCode::Char('/'));
            press(&mut model, KeyCode::Esc);
        });
    });
    press(&mut model, KeyCode::Char('/'));
    for c in "sku-01".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    c.bench_function("search_keystroke_60kb_response", |b| {
        b.iter_custom(|iterations| {
            let start = std::time::Instant::now();
            for _ in 0..iterations {
                press(&mut model, KeyCode::Char('9'));
                press(&mut model, KeyCode::Backspace);
            }
            start.elapsed() / 2
        });
    });
}

/// One keystroke in the request-field editor with a 60 kB context: the key handled and the
/// frame drawn at 120x40 (a character typed and erased, timed as two keystrokes).
fn editor(c: &mut Criterion) {
    let mut model = model_with_response();
    press(&mut model, KeyCode::Char('1'));
    press(&mut model, KeyCode::Char('/'));
    for c in "fetch_order".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    press(&mut model, KeyCode::Enter);
    press(&mut model, KeyCode::Char('2'));
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('e'));
    assert!(model.modals.editor().is_some());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("editor_keystroke_60kb_context", |b| {
        b.iter_custom(|iterations| {
            let start = std::time::Instant::now();
            for _ in 0..iterations {
                press(&mut model, KeyCode::Char('x'));
                terminal.draw(|f| view::draw(f, &model)).unwrap();
                press(&mut model, KeyCode::Backspace);
                terminal.draw(|f| view::draw(f, &model)).unwrap();
            }
            start.elapsed() / 2
        });
    });
}

criterion_group!(benches, frames, search, editor);
criterion_main!(benches);
