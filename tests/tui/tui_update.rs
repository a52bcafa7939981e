//! `update` as a pure function: stepping, step back, restart, breakpoints, continue, editing,
//! requests and cancel, without a terminal.

use crate::common;

use common::select_widget;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use sfdb::engine::http::{HttpResponse, HttpResult};
use sfdb::engine::Status;
use sfdb::flow::Document;
use sfdb::session::{self, Start};
use sfdb::tui::{update, Cmd, Model, Msg, Pane};

fn start(sets: &[&str]) -> Start {
    Start {
        set: sets.iter().map(std::string::ToString::to_string).collect(),
        ..Start::default()
    }
}

fn key(model: &mut Model, code: KeyCode) -> Vec<Cmd> {
    update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(model: &mut Model, c: char) -> Vec<Cmd> {
    update(
        model,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

fn typed(model: &mut Model, text: &str) {
    for c in text.chars() {
        key(model, KeyCode::Char(c));
    }
}

fn response(status: u16, body: serde_json::Value) -> HttpResult {
    HttpResult {
        response: Ok(HttpResponse {
            status,
            content_type: "application/json".into(),
            headers: Vec::new(),
            body: body.to_string(),
        }),
        elapsed: Duration::from_millis(3),
        function: None,
    }
}

fn sent(cmds: &[Cmd]) -> (u64, String) {
    match cmds {
        [Cmd::Send { id, request }] => (*id, request.url.clone()),
        other => panic!("expected one request, got {other:?}"),
    }
}

fn count(model: &Model) -> Option<serde_json::Value> {
    model
        .execution
        .context()
        .get("flow.variables.count")
        .cloned()
}

#[test]
fn stepping_runs_one_widget_and_a_request_becomes_a_command() {
    let mut m = common::demo_model(false);
    assert!(key(&mut m, KeyCode::Char('s')).is_empty());
    assert!(key(&mut m, KeyCode::Char('s')).is_empty());
    assert_eq!(count(&m), Some(json!(1)));
    let (id, url) = sent(&key(&mut m, KeyCode::Char('s')));
    assert_eq!(url, "http://127.0.0.1:9/orders/42?attempt=1");
    assert!(m.request.is_some());
    // Stepping again while the request runs does nothing but say so.
    assert!(key(&mut m, KeyCode::Char('s')).is_empty());
    assert_eq!(
        m.message.as_deref(),
        Some("a request is running: wait, or x cancels it")
    );
    update(
        &mut m,
        Msg::HttpDone {
            id,
            result: response(503, json!({"e": 1})),
        },
    );
    assert!(m.request.is_none());
    assert_eq!(m.execution.steps().last().unwrap().name, "failed");
    assert_eq!(m.execution.current(), Some("check_count"));
}

#[test]
fn continue_runs_through_requests_until_the_end() {
    let mut m = common::demo_model(false);
    let mut cmds = key(&mut m, KeyCode::Char('c'));
    let mut answers = 0;
    while let [Cmd::Send { id, .. }] = cmds.as_slice() {
        answers += 1;
        let status = if answers < 3 { 503 } else { 200 };
        cmds = update(
            &mut m,
            Msg::HttpDone {
                id: *id,
                result: response(status, json!({"status": "shipped"})),
            },
        );
    }
    assert_eq!(answers, 3);
    assert_eq!(m.execution.status(), &Status::Ended);
    assert_eq!(count(&m), Some(json!(3)));
    assert_eq!(
        m.execution.context().get("flow.variables.order_status"),
        Some(&json!("shipped"))
    );
}

#[test]
fn continue_stops_at_a_breakpoint_and_moves_on_from_it() {
    let mut m = common::demo_model(false);
    // Select check_count in the graph and set a breakpoint on it.
    while m.inspected().map(|w| w.name.as_str()) != Some("check_count") {
        key(&mut m, KeyCode::Char('j'));
    }
    key(&mut m, KeyCode::Char('b'));
    assert!(m.breakpoints.contains("check_count"));
    let (id, _) = sent(&key(&mut m, KeyCode::Char('c')));
    assert!(update(
        &mut m,
        Msg::HttpDone {
            id,
            result: response(500, json!({}))
        }
    )
    .is_empty());
    assert_eq!(m.execution.current(), Some("check_count"));
    assert_eq!(m.message.as_deref(), Some("breakpoint at check_count"));
    assert_eq!(m.execution.steps().len(), 3);
    // Continuing from the breakpoint runs it and stops at the next request.
    let (_, url) = sent(&key(&mut m, KeyCode::Char('c')));
    assert_eq!(url, "http://127.0.0.1:9/orders/42?attempt=2");
}

#[test]
fn step_back_restores_the_context_and_cancels_a_running_request() {
    let mut m = common::demo_model(false);
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('s'));
    let (id, _) = sent(&key(&mut m, KeyCode::Char('s')));
    assert_eq!(key(&mut m, KeyCode::Char('p')), [Cmd::Cancel { id }]);
    assert!(m.request.is_none());
    assert_eq!(m.execution.current(), Some("fetch_order"));
    key(&mut m, KeyCode::Char('p'));
    assert_eq!(count(&m), None);
    assert_eq!(m.execution.current(), Some("set_count"));
    // A late answer to the cancelled request changes nothing.
    update(
        &mut m,
        Msg::HttpDone {
            id,
            result: response(200, json!({})),
        },
    );
    assert_eq!(m.execution.steps().len(), 1);
}

#[test]
fn restart_keeps_breakpoints_and_edits() {
    let mut m = common::demo_model(false);
    key(&mut m, KeyCode::Char('b'));
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('r'));
    assert!(m.execution.steps().is_empty());
    assert_eq!(m.execution.current(), Some("Trigger"));
    assert!(m.breakpoints.contains("Trigger"));
}

#[test]
fn x_cancels_the_request_and_the_widget_fails_with_cancelled() {
    let mut m = common::demo_model(false);
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('s'));
    let (id, _) = sent(&key(&mut m, KeyCode::Char('s')));
    assert_eq!(key(&mut m, KeyCode::Char('x')), [Cmd::Cancel { id }]);
    let last = m.execution.steps().last().unwrap();
    assert_eq!(last.name, "failed");
    assert_eq!(
        last.http.as_ref().unwrap().error.as_deref(),
        Some("cancelled")
    );
    assert_eq!(m.execution.current(), Some("check_count"));
}

#[test]
fn editing_the_url_changes_the_next_request_and_marks_the_flow_unsaved() {
    let mut m = common::demo_model(false);
    select_widget(&mut m, "fetch_order");
    key(&mut m, KeyCode::Char('2'));
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('e'));
    assert!(m.modals.editor().is_some());
    // Clear the field, type a new URL, apply.
    ctrl(&mut m, 'a');
    ctrl(&mut m, 'k');
    typed(&mut m, "http://127.0.0.1:8/other");
    ctrl(&mut m, 's');
    assert!(
        m.modals.editor().is_none(),
        "{:?}",
        m.modals.editor().and_then(|e| e.error.clone())
    );
    assert!(m.unsaved);
    assert!(m
        .edited
        .contains(&("fetch_order".to_string(), "url".to_string())));
    assert_eq!(
        m.document.flow.widget("fetch_order").unwrap().text("url"),
        "http://127.0.0.1:8/other"
    );
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('s'));
    let (_, url) = sent(&key(&mut m, KeyCode::Char('s')));
    assert_eq!(url, "http://127.0.0.1:8/other?attempt=1");
    // The saved JSON has the edit and nothing else changed.
    let saved: serde_json::Value = serde_json::from_str(&m.document.to_json()).unwrap();
    assert_eq!(
        saved["states"][2]["properties"]["url"],
        "http://127.0.0.1:8/other"
    );
    assert_eq!(saved["states"][2]["properties"]["method"], "GET");
}

#[test]
fn escape_cancels_an_edit_and_the_method_is_a_choice() {
    let mut m = common::demo_model(false);
    select_widget(&mut m, "fetch_order");
    key(&mut m, KeyCode::Char('2'));
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('e'));
    typed(&mut m, "X");
    key(&mut m, KeyCode::Esc);
    assert!(m.modals.editor().is_none());
    assert!(!m.unsaved);
    // The method is GET or POST, chosen, never typed.
    key(&mut m, KeyCode::Char('k'));
    key(&mut m, KeyCode::Char('e'));
    typed(&mut m, "PUT");
    assert_eq!(m.modals.editor().unwrap().choices, ["GET", "POST"]);
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Enter);
    assert_eq!(
        m.document
            .flow
            .widget("fetch_order")
            .unwrap()
            .text("method"),
        "POST"
    );
}

#[test]
fn parameters_can_be_added_and_deleted() {
    let mut m = common::demo_model(false);
    select_widget(&mut m, "fetch_order");
    key(&mut m, KeyCode::Char('a'));
    assert!(m.modals.editor().is_some());
    typed(&mut m, "lang");
    ctrl(&mut m, 's');
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('e'));
    typed(&mut m, "{{trigger.message.Body | default: 'en'}}");
    ctrl(&mut m, 's');
    let params = m.document.flow.widget("fetch_order").unwrap().properties["parameters"].clone();
    assert_eq!(
        params,
        json!([{"key": "attempt", "value": "{{flow.variables.count}}"},
               {"key": "lang", "value": "{{trigger.message.Body | default: 'en'}}"}])
    );
    // Delete the first parameter (select its key: fields are method, url, content_type, body, ...).
    m.inspector_cursor = 4;
    key(&mut m, KeyCode::Char('d'));
    let params = m.document.flow.widget("fetch_order").unwrap().properties["parameters"].clone();
    assert_eq!(
        params,
        json!([{"key": "lang", "value": "{{trigger.message.Body | default: 'en'}}"}])
    );
}

#[test]
fn quitting_with_unsaved_edits_asks_first() {
    let mut m = common::demo_model(false);
    assert_eq!(key(&mut m, KeyCode::Char('q')), [Cmd::Quit]);
    m.unsaved = true;
    assert!(key(&mut m, KeyCode::Char('q')).is_empty());
    assert!(matches!(
        m.modals.top(),
        Some(sfdb::tui::modal::Modal::ConfirmQuit)
    ));
    assert!(key(&mut m, KeyCode::Esc).is_empty());
    assert!(m.modals.is_empty());
    m.document.path = Some("f.json".into());
    key(&mut m, KeyCode::Char('q'));
    let cmds: [Cmd; 1] = key(&mut m, KeyCode::Char('w')).try_into().unwrap();
    let [Cmd::Write { path, text, .. }] = cmds else {
        panic!("w at the quit question writes the file");
    };
    assert_eq!(path, std::path::Path::new("f.json"));
    assert_eq!(text, m.document.to_json());
    // w writes and then quits, but only once the write succeeded.
    assert!(update(&mut m, Msg::Saved(Err("disk full".into()))).is_empty());
    assert!(m.unsaved);
    key(&mut m, KeyCode::Char('q'));
    key(&mut m, KeyCode::Char('w'));
    let written = sfdb::tui::Written {
        path: "f.json".into(),
        text,
        stamp: None,
    };
    assert_eq!(update(&mut m, Msg::Saved(Ok(written))), [Cmd::Quit]);
    // q q keeps the edits: only d discards them.
    m.unsaved = true;
    key(&mut m, KeyCode::Char('q'));
    assert!(key(&mut m, KeyCode::Char('q')).is_empty());
    assert!(m.modals.is_empty());
    assert_eq!(
        m.message.as_deref(),
        Some("quit cancelled: the edits are kept")
    );
    key(&mut m, KeyCode::Char('q'));
    assert_eq!(key(&mut m, KeyCode::Char('d')), [Cmd::Quit]);
}

#[test]
fn tab_and_numbers_move_the_focus() {
    let mut m = common::demo_model(false);
    assert_eq!(m.focus, Pane::Graph);
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.focus, Pane::Inspector);
    key(&mut m, KeyCode::Char('4'));
    assert_eq!((m.focus, m.side), (Pane::Timeline, Pane::Timeline));
    key(&mut m, KeyCode::BackTab);
    assert_eq!(m.focus, Pane::Variables);
}

#[test]
fn enter_on_a_transition_jumps_to_its_target() {
    let mut m = common::demo_model(false);
    // Row 1 is the trigger's incomingMessage transition, which leads to set_count.
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.inspected().unwrap().name, "set_count");
}

#[test]
fn the_liquid_prompt_becomes_a_watch_that_follows_each_step() {
    let mut m = common::demo_model(false);
    key(&mut m, KeyCode::Char('='));
    assert!(m.modals.prompt().is_some());
    typed(&mut m, "{{ flow.variables.count | plus: 10 }}");
    assert_eq!(
        m.evaluate("{{ flow.variables.count | plus: 10 }}"),
        Ok("10".into())
    );
    key(&mut m, KeyCode::Enter);
    assert!(m.modals.prompt().is_none());
    // Enter opens the result whole; W there keeps the expression as a watch.
    assert_eq!(m.modals.viewer().unwrap().doc.lines[0].text, "10");
    key(&mut m, KeyCode::Char('W'));
    assert_eq!(m.watches, ["{{ flow.variables.count | plus: 10 }}"]);
    key(&mut m, KeyCode::Esc);
    assert!(m.modals.viewer().is_none());
    let watch = |m: &Model| m.variable_rows()[0].clone();
    assert_eq!(watch(&m).value, "\"10\"");
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('s'));
    assert_eq!(watch(&m).value, "\"11\"");
    assert!(watch(&m).changed);
    // d in the variable pane deletes the selected watch.
    key(&mut m, KeyCode::Char('3'));
    key(&mut m, KeyCode::Char('d'));
    assert!(m.watches.is_empty());
}

#[test]
fn w_without_an_expression_explains_itself() {
    let mut m = common::demo_model(false);
    key(&mut m, KeyCode::Char('W'));
    assert!(m.watches.is_empty());
    assert_eq!(
        m.message.as_deref(),
        Some("= opens the Liquid prompt; W then keeps its expression as a watch")
    );
}

fn sms_model() -> Model {
    let doc = Document::load(&common::repo().join("flows/order-status-sms.json")).unwrap();
    let execution =
        session::execution(&doc, &start(&["flow.data.api_base=http://127.0.0.1:9"])).unwrap();
    Model::new(doc, execution, false)
}

#[test]
fn a_waiting_widget_asks_for_a_reply_and_runs_with_it() {
    let mut m = sms_model();
    key(&mut m, KeyCode::Char('c'));
    assert!(matches!(m.execution.status(), Status::Waiting { .. }));
    assert_eq!(
        m.modals.input().map(|i| i.widget.as_str()),
        Some("ask_order")
    );
    typed(&mut m, "42");
    let (_, url) = sent(&key(&mut m, KeyCode::Enter));
    assert!(m.modals.input().is_none());
    assert_eq!(url, "http://127.0.0.1:9/orders/42");
    assert_eq!(
        m.execution.context().get("widgets.ask_order.inbound.Body"),
        Some(&json!("42"))
    );
}

#[test]
fn a_waiting_widget_can_fire_one_of_its_events_instead() {
    let mut m = sms_model();
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('s'));
    assert!(m.modals.input().is_some());
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.execution.steps().last().unwrap().name, "timeout");
    assert_eq!(m.execution.status(), &Status::Ended);
}

#[test]
fn escape_leaves_the_widget_waiting_and_s_asks_again() {
    let mut m = sms_model();
    key(&mut m, KeyCode::Char('c'));
    key(&mut m, KeyCode::Esc);
    assert!(m.modals.input().is_none());
    assert!(matches!(m.execution.status(), Status::Waiting { .. }));
    key(&mut m, KeyCode::Char('s'));
    assert!(m.modals.input().is_some());
}

#[test]
fn v_chooses_the_event_of_the_next_messaging_widget() {
    let mut m = sms_model();
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('v'));
    let picker = m.modals.input().unwrap();
    assert!(picker.picking);
    assert_eq!(
        picker.events,
        ["incomingMessage", "timeout", "deliveryFailure"]
    );
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('s'));
    assert_eq!(m.execution.steps().last().unwrap().name, "deliveryFailure");
    // Widgets whose outcome is computed have no event to choose.
    let mut m = common::demo_model(false);
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('v'));
    assert!(m.modals.input().is_none());
    assert_eq!(
        m.message.as_deref(),
        Some("set_count (set-variables) has no event to choose; its outcome is computed")
    );
}

#[test]
fn m_pins_the_last_response_as_a_mock() {
    let mut m = common::demo_model(false);
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('s'));
    let (id, _) = sent(&key(&mut m, KeyCode::Char('s')));
    update(
        &mut m,
        Msg::HttpDone {
            id,
            result: response(200, json!({"status": "pinned"})),
        },
    );
    select_widget(&mut m, "fetch_order");
    key(&mut m, KeyCode::Char('m'));
    assert!(m.mocked.contains("fetch_order"));
    key(&mut m, KeyCode::Char('r'));
    key(&mut m, KeyCode::Char('s'));
    key(&mut m, KeyCode::Char('s'));
    // The request is answered by the mock: no command to send it.
    assert!(key(&mut m, KeyCode::Char('s')).is_empty());
    let last = m.execution.steps().last().unwrap();
    assert!(last.http.as_ref().unwrap().mocked);
    assert_eq!(
        m.execution
            .context()
            .get("widgets.fetch_order.parsed.status"),
        Some(&json!("pinned"))
    );
}

#[test]
fn a_save_clears_the_unsaved_mark_and_a_failed_one_says_why() {
    let mut m = common::demo_model(false);
    m.unsaved = true;
    // The demo's flow has no file: nothing to write, and the status line says why.
    assert!(key(&mut m, KeyCode::Char('w')).is_empty());
    assert!(m.unsaved);
    assert_eq!(
        m.message.as_deref(),
        Some(
            "not saved: the flow has no file to save to; open a flow file \
             (sfdb flows/retry-counter.json) to keep edits"
        )
    );
    // At 80x24 the message is cut in its middle: what to do stays.
    let frame = common::frame(&m, 80, 24);
    let status = frame.lines().last().unwrap();
    assert!(
        status.contains("not saved") && status.contains("to keep edits"),
        "{status}"
    );
    // The quit question offers no `w` when there is no file to write.
    key(&mut m, KeyCode::Char('q'));
    let frame = common::frame(&m, 80, 24);
    assert!(frame.contains("no file to write them to"), "{frame}");
    assert!(!frame.contains("w write and quit"), "{frame}");
    key(&mut m, KeyCode::Char('w'));
    assert!(m.modals.top().is_none(), "w is not an answer here");
    m.edited.insert(("fetch_order".into(), "url".into()));
    let text = m.document.to_json();
    update(
        &mut m,
        Msg::Saved(Ok(sfdb::tui::Written {
            path: "flows/x.json".into(),
            text,
            stamp: None,
        })),
    );
    assert!(!m.unsaved);
    assert!(
        m.edited.is_empty(),
        "saved edits are no longer marked as edits"
    );
    assert_eq!(m.message.as_deref(), Some("wrote flows/x.json"));
}

/// The loop gives each message its time: a request's clock runs from when it was sent, and a
/// cancelled step records how long it was out.
#[test]
fn elapsed_time_comes_in_with_the_messages() {
    use sfdb::tui::update_at;
    use std::time::Instant;
    let mut m = common::demo_model(false);
    let t0 = Instant::now() + Duration::from_secs(60);
    let cmds = update_at(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)),
        t0,
    );
    assert!(cmds.is_empty(), "the trigger steps first");
    update_at(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)),
        t0,
    );
    let cmds = update_at(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)),
        t0,
    );
    sent(&cmds);
    update_at(&mut m, Msg::Tick(t0 + Duration::from_millis(1000)), t0);
    let frame = common::frame(&m, 80, 24);
    assert!(
        frame.contains("requesting fetch_order 1.0 s"),
        "one second in, the status line says so:\n{frame}"
    );
    update_at(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)),
        t0 + Duration::from_millis(2500),
    );
    let step = m.execution.steps().last().unwrap();
    let http = step.http.as_ref().unwrap();
    assert_eq!(http.error.as_deref(), Some("cancelled"));
    assert_eq!(http.time_ms, 2500);
}

/// A flow with one transition to a widget that does not exist still opens: the widget is
/// marked `!`, the inspector says what is wrong and what was likely meant, and the execution
/// runs until it takes that transition, where it stops and says why.
#[test]
fn a_flow_with_a_broken_transition_opens_and_runs_until_it() {
    let doc = sfdb::flow::Document::load(&common::repo().join("tests/flows/missing-target.json"))
        .unwrap();
    let execution = sfdb::session::execution(&doc, &sfdb::session::Start::default()).unwrap();
    let mut m = Model::new(doc, execution, false);
    common::select_widget(&mut m, "set");
    let frame = common::frame(&m, 120, 40);
    assert!(frame.contains("set ! set-variables"), "{frame}");
    assert!(frame.contains("did you mean route_status?"), "{frame}");
    for _ in 0..3 {
        common::press(&mut m, KeyCode::Char('s'));
    }
    let frame = common::frame(&m, 120, 40);
    assert!(
        frame.contains("leads to route_statuss, which does not exist"),
        "{frame}"
    );
}
