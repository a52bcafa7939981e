//! Real frames of the debugger drawn on ratatui's TestBackend, snapshotted with insta.

use crate::common;
use crate::runner;

use std::time::Duration;

use crossterm::event::KeyCode;
use serde_json::json;
use sfdb::engine::http::{HttpResponse, HttpResult};
use sfdb::flow::Document;
use sfdb::session::{self, Start};
use sfdb::tui::{update, Cmd, Model, Msg};

/// What the demo endpoint answers: 503 twice, then the order.
fn answer(attempt: usize) -> HttpResult {
    let (status, body) = if attempt < 3 {
        (
            503,
            json!({"error": "the order service is warming up, try again"}),
        )
    } else {
        (
            200,
            json!({"id": "42", "status": "shipped", "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}]}),
        )
    };
    HttpResult {
        response: Ok(HttpResponse {
            status,
            content_type: "application/json".into(),
            headers: Vec::new(),
            body: body.to_string(),
        }),
        elapsed: Duration::from_millis(7),
        function: None,
    }
}

/// Steps once, answering a request the way the demo endpoint does.
fn step(model: &mut Model, attempts: &mut usize) {
    if let [Cmd::Send { id, .. }] = common::press(model, KeyCode::Char('s')).as_slice() {
        *attempts += 1;
        update(
            model,
            Msg::HttpDone {
                id: *id,
                result: answer(*attempts),
            },
        );
    }
}

#[test]
fn demo_start_at_both_sizes() {
    let model = common::demo_model(false);
    common::snapshot("tui_start_120x40", &model, 120, 40);
    common::snapshot("tui_start_80x24", &model, 80, 24);
}

/// The debugger's own loop, a frame kept after each `s`; the endpoint answers as the demo's does.
#[tokio::test]
async fn each_step_of_the_retry_loop_until_it_succeeds() {
    let client = runner::Answers::new((1..=3).map(answer));
    let script = (0..10).flat_map(|_| [runner::key('s'), runner::Do::Settle, runner::Do::Frame]);
    let mut surface = runner::TestSurface::new(120, 40, script);
    let model = runner::run_with(common::demo_model(false), &mut surface, client.clone()).await;
    for (n, frame) in surface.frames.iter().enumerate() {
        common::snapshot_text(&format!("tui_retry_step_{:02}", n + 1), frame);
    }
    assert_eq!(client.left(), 0, "three attempts");
    assert_eq!(
        model.execution.context().get("flow.variables.count"),
        Some(&json!(3))
    );
    assert_eq!(model.execution.status(), &sfdb::engine::Status::Ended);
    assert_eq!(surface.frames.len(), 10);
}

#[test]
fn a_request_in_flight_shows_in_the_status_line() {
    let mut model = common::demo_model(false);
    common::press(&mut model, KeyCode::Char('s'));
    common::press(&mut model, KeyCode::Char('s'));
    assert!(matches!(
        common::press(&mut model, KeyCode::Char('s')).as_slice(),
        [Cmd::Send { .. }]
    ));
    common::snapshot("tui_requesting_80x24", &model, 80, 24);
}

#[test]
fn inspector_on_an_http_widget_with_its_response() {
    let mut model = common::demo_model(false);
    let mut attempts = 0;
    for _ in 0..3 {
        step(&mut model, &mut attempts);
    }
    common::select_widget(&mut model, "fetch_order");
    common::press(&mut model, KeyCode::Char('2'));
    common::snapshot("tui_inspector_http_80x24", &model, 80, 24);
}

#[test]
fn inspector_on_a_split_with_its_conditions() {
    let mut model = common::demo_model(false);
    let mut attempts = 0;
    for _ in 0..4 {
        step(&mut model, &mut attempts);
    }
    common::select_widget(&mut model, "check_count");
    common::snapshot("tui_inspector_split_80x24", &model, 80, 24);
}

#[test]
fn variables_and_timeline_tabs_at_80x24() {
    let mut model = common::demo_model(false);
    let mut attempts = 0;
    for _ in 0..10 {
        step(&mut model, &mut attempts);
    }
    common::press(&mut model, KeyCode::Char('3'));
    common::snapshot("tui_variables_80x24", &model, 80, 24);
    common::press(&mut model, KeyCode::Char('4'));
    common::snapshot("tui_timeline_80x24", &model, 80, 24);
}

#[test]
fn editor_open_on_the_url() {
    let mut model = common::demo_model(false);
    common::select_widget(&mut model, "fetch_order");
    common::press(&mut model, KeyCode::Char('2'));
    common::press(&mut model, KeyCode::Char('j'));
    common::press(&mut model, KeyCode::Char('e'));
    common::snapshot("tui_editor_80x24", &model, 80, 24);
}

#[test]
fn help_lists_every_key() {
    let mut model = common::demo_model(false);
    common::press(&mut model, KeyCode::Char('?'));
    common::snapshot("tui_help_80x24", &model, 80, 24);
}

#[test]
fn a_tiny_terminal_gets_a_message_and_every_size_draws() {
    let model = common::demo_model(false);
    common::snapshot("tui_tiny_30x8", &model, 30, 8);
    for (w, h) in [
        (1, 1),
        (2, 40),
        (200, 2),
        (40, 12),
        (39, 12),
        (110, 30),
        (200, 60),
    ] {
        common::frame(&model, w, h);
    }
}

#[test]
fn liquid_prompt_and_a_watch() {
    let mut model = common::demo_model(false);
    let mut attempts = 0;
    for _ in 0..5 {
        step(&mut model, &mut attempts);
    }
    common::press(&mut model, KeyCode::Char('='));
    for c in "{{ widgets.fetch_order.status_code }} after {{ flow.variables.count }}".chars() {
        common::press(&mut model, KeyCode::Char(c));
    }
    common::snapshot("tui_prompt_80x24", &model, 80, 24);
    common::press(&mut model, KeyCode::Enter);
    common::press(&mut model, KeyCode::Char('W'));
    common::press(&mut model, KeyCode::Esc);
    common::press(&mut model, KeyCode::Char('3'));
    common::snapshot("tui_watch_80x24", &model, 80, 24);
}

#[test]
fn a_reply_box_and_the_transcript() {
    let doc = Document::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/flows/order-status-sms.json"
    )))
    .unwrap();
    let start = Start {
        set: vec!["flow.data.api_base=http://127.0.0.1:9".into()],
        ..Start::default()
    };
    let execution = session::execution(&doc, &start).unwrap();
    let mut model = Model::new(doc, execution, false);
    common::press(&mut model, KeyCode::Char('c'));
    for c in "42".chars() {
        common::press(&mut model, KeyCode::Char(c));
    }
    common::snapshot("tui_reply_box_80x24", &model, 80, 24);
    if let [Cmd::Send { id, .. }] = common::press(&mut model, KeyCode::Enter).as_slice() {
        update(
            &mut model,
            Msg::HttpDone {
                id: *id,
                result: answer(3),
            },
        );
    }
    common::press(&mut model, KeyCode::Char('c'));
    common::snapshot("tui_transcript_120x40", &model, 120, 40);
    common::press(&mut model, KeyCode::Char('5'));
    common::snapshot("tui_transcript_80x24", &model, 80, 24);
}
