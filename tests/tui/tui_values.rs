//! Reading, finding and taking out values in the debugger: the viewer (`o`), `/` search, copy
//! (`y`, `Y`, `C` as OSC 52), the pager (`|`), zoom (`z`), `g` / `G` and the prompt. `update`
//! driven with keys, and real frames snapshotted.

use crate::common;

use std::time::Duration;

use base64::Engine;
use crossterm::event::KeyCode;
use serde_json::{json, Value};
use sfdb::engine::http::{HttpResponse, HttpResult};
use sfdb::tui::{clipboard, update, Cmd, Model, Msg, Pane};

pub(crate) fn typed(model: &mut Model, text: &str) {
    for c in text.chars() {
        common::press(model, KeyCode::Char(c));
    }
}

/// A snapshot at a size the model knows (the viewer pages by it).
pub(crate) fn snapshot(name: &str, model: &mut Model, width: u16, height: u16) {
    update(model, Msg::Resize(width, height));
    common::snapshot(name, model, width, height);
}

/// A 150-item order, as a real order service answers (about 20 kB).
pub(crate) fn order() -> Value {
    let items: Vec<Value> = (0..150)
        .map(|i| {
            json!({"sku": format!("SKU-{i:04}"), "name": format!("Item number {i}"),
                   "qty": i % 9 + 1, "calfresh": i % 7 == 0,
                   "meta": {"aisle": i % 12, "bin": format!("B{}", i % 40)}})
        })
        .collect();
    json!({"id": "ORD-42", "status": "shipped",
           "customer": {"first name": "Zeke", "email": "zeke@example.com"},
           "notes": "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ".repeat(4),
           "items": items})
}

/// The demo flow stepped to its request, answered with the 150-item order.
pub(crate) fn model_with_order() -> Model {
    let mut model = common::demo_model(false);
    update(&mut model, Msg::Resize(120, 40));
    common::press(&mut model, KeyCode::Char('s'));
    common::press(&mut model, KeyCode::Char('s'));
    let cmds = common::press(&mut model, KeyCode::Char('s'));
    let [Cmd::Send { id, .. }] = cmds.as_slice() else {
        panic!("expected the request, got {cmds:?}");
    };
    update(
        &mut model,
        Msg::HttpDone {
            id: *id,
            result: HttpResult {
                response: Ok(HttpResponse {
                    status: 200,
                    content_type: "application/json".into(),
                    headers: Vec::new(),
                    body: order().to_string(),
                }),
                elapsed: Duration::from_millis(12),
                function: None,
            },
        },
    );
    model
}

/// Selects the variable row with `path` by searching for it, as a user would.
pub(crate) fn select_variable(model: &mut Model, path: &str) {
    common::press(model, KeyCode::Char('3'));
    common::press(model, KeyCode::Char('/'));
    typed(model, path);
    common::press(model, KeyCode::Enter);
    let rows = model.variable_rows();
    assert_eq!(rows[model.variables_cursor()].path, path);
}

/// Whether the variable row at `path` is shown folded.
pub(crate) fn folded(model: &Model, path: &str) -> bool {
    model
        .variable_rows()
        .iter()
        .any(|r| r.path == path && r.collapsed)
}

pub(crate) fn copied(cmds: &[Cmd]) -> &str {
    match cmds {
        [Cmd::Copy(text)] => text,
        other => panic!("expected a copy, got {other:?}"),
    }
}

/// The bytes written to the terminal for a copy: OSC 52 with the base64 of the exact text.
fn osc52_of(text: &str) -> String {
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

#[test]
fn search_in_the_variables_finds_inside_folded_branches_and_unfolds_them() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('3'));
    // Fold the whole of widgets, then find an item deep inside it.
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "widgets");
    common::press(&mut m, KeyCode::Enter);
    common::press(&mut m, KeyCode::Enter);
    assert!(folded(&m, "widgets"));
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "sku-0120");
    let search = m.search.as_ref().unwrap();
    assert!(search.typing);
    // The raw body holds it too: two matches, the parsed value first, where the selection
    // already is while the query is typed.
    assert_eq!(search.counter(), "1/2");
    let rows = m.variable_rows();
    assert_eq!(
        rows[m.variables_cursor()].path,
        "widgets.fetch_order.parsed.items[120].sku"
    );
    assert!(!folded(&m, "widgets"), "unfolded down to the match");
    assert!(
        !folded(&m, "widgets.fetch_order.parsed.items"),
        "the 150 items, folded at first, unfolded to the match"
    );
    common::press(&mut m, KeyCode::Char('n'));
    assert_eq!(m.search.as_ref().unwrap().query, "sku-0120n");
    common::press(&mut m, KeyCode::Backspace);
    common::press(&mut m, KeyCode::Enter);
    common::press(&mut m, KeyCode::Char('n'));
    let rows = m.variable_rows();
    assert_eq!(rows[m.variables_cursor()].path, "widgets.fetch_order.body");
    assert_eq!(m.search.as_ref().unwrap().counter(), "2/2");
    common::press(&mut m, KeyCode::Char('N'));
    assert_eq!(m.search.as_ref().unwrap().counter(), "1/2");
}

#[test]
fn esc_ends_a_search_where_it_started() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('1'));
    let before = m.graph_cursor;
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "give");
    assert_eq!(m.inspected().unwrap().name, "give_up");
    common::press(&mut m, KeyCode::Esc);
    assert_eq!(m.graph_cursor, before);
    assert!(m.search.is_none());
    // Enter keeps the match, so a breakpoint lands there.
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "GIVE");
    common::press(&mut m, KeyCode::Enter);
    common::press(&mut m, KeyCode::Char('b'));
    assert!(m.breakpoints.contains("give_up"));
    // A query that matches nothing says so and changes nothing.
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "no such widget");
    assert_eq!(m.search.as_ref().unwrap().counter(), "no match");
    common::press(&mut m, KeyCode::Enter);
    assert!(m.search.is_none());
    assert_eq!(m.message.as_deref(), Some("no match for /no such widget"));
}

#[test]
fn search_in_the_timeline_transcript_inspector_and_help() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('4'));
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "http 200");
    common::press(&mut m, KeyCode::Enter);
    assert_eq!(m.timeline_cursor, Some(2));
    assert_eq!(m.inspected().unwrap().name, "fetch_order");

    common::press(&mut m, KeyCode::Char('2'));
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "response http");
    common::press(&mut m, KeyCode::Enter);
    assert!(m.inspector_scroll > 0, "scrolled to the response");

    common::press(&mut m, KeyCode::Char('?'));
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "pager");
    common::press(&mut m, KeyCode::Enter);
    let cursor = m
        .modals
        .help_cursor()
        .expect("searching the help keeps it open");
    let line = sfdb::tui::keymap::help_lines().nth(cursor).unwrap();
    assert_eq!(line.0, "|");
    common::press(&mut m, KeyCode::Esc);
    assert!(m.modals.help_cursor().is_none());
}

#[test]
fn o_opens_a_variable_whole_and_the_viewer_folds_copies_and_pages() {
    let mut m = model_with_order();
    select_variable(&mut m, "widgets.fetch_order.parsed.items");
    common::press(&mut m, KeyCode::Char('o'));
    let viewer = m.modals.viewer().expect("the viewer opens");
    assert_eq!(viewer.title, "widgets.fetch_order.parsed.items");
    // Each item: its braces, four members, and meta with its braces and two members.
    assert_eq!(viewer.doc.lines.len(), 150 * 10 + 2);
    common::press(&mut m, KeyCode::Char('G'));
    assert_eq!(m.modals.viewer().unwrap().cursor, 150 * 10 + 1);
    common::press(&mut m, KeyCode::Char('g'));
    common::press(&mut m, KeyCode::Char('j'));
    // Line 1 opens items[0]: Enter folds it, y copies it as pretty JSON, Y its path.
    common::press(&mut m, KeyCode::Enter);
    assert!(m.modals.viewer().unwrap().folded.contains(&1));
    let cmds = common::press(&mut m, KeyCode::Char('y'));
    let text = copied(&cmds);
    assert_eq!(
        serde_json::from_str::<Value>(text).unwrap(),
        order()["items"][0]
    );
    assert!(text.starts_with("{\n  \"sku\": \"SKU-0000\","));
    assert_eq!(clipboard::osc52(text), osc52_of(text));
    let cmds = common::press(&mut m, KeyCode::Char('Y'));
    assert_eq!(copied(&cmds), "widgets.fetch_order.parsed.items[0]");
    assert_eq!(
        m.message.as_deref(),
        Some("copied the path widgets.fetch_order.parsed.items[0], 35 bytes")
    );
    // Search in the viewer unfolds what hides the match.
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "\"B0\"");
    common::press(&mut m, KeyCode::Enter);
    let viewer = m.modals.viewer().unwrap();
    assert_eq!(
        viewer.doc.lines[viewer.cursor].path,
        "widgets.fetch_order.parsed.items[0].meta.bin"
    );
    assert!(!viewer.folded.contains(&1));
    // | hands the whole value to the pager.
    match common::press(&mut m, KeyCode::Char('|')).as_slice() {
        [Cmd::Pager { text, line }] => {
            assert_eq!(
                serde_json::from_str::<Value>(text).unwrap(),
                order()["items"]
            );
            // At the viewer's line: the match's.
            assert_eq!(
                text.lines().nth(line - 1).unwrap().trim(),
                "\"bin\": \"B0\""
            );
        }
        other => panic!("expected the pager, got {other:?}"),
    }
    common::press(&mut m, KeyCode::Esc);
    assert!(m.modals.viewer().is_none());
}

#[test]
fn enter_on_a_leaf_opens_it_and_on_a_branch_folds_it() {
    let mut m = model_with_order();
    select_variable(&mut m, "widgets.fetch_order.parsed.notes");
    common::press(&mut m, KeyCode::Enter);
    let viewer = m.modals.viewer().expect("a leaf opens");
    assert_eq!(viewer.size, order()["notes"].as_str().unwrap().len());
    common::press(&mut m, KeyCode::Esc);
    select_variable(&mut m, "widgets.fetch_order.parsed.customer");
    common::press(&mut m, KeyCode::Enter);
    assert!(m.modals.viewer().is_none());
    assert!(folded(&m, "widgets.fetch_order.parsed.customer"));
}

#[test]
fn y_copies_text_as_it_is_and_y_copies_a_path_that_renders_back() {
    let mut m = model_with_order();
    select_variable(
        &mut m,
        "widgets.fetch_order.parsed.customer[\"first name\"]",
    );
    let cmds = common::press(&mut m, KeyCode::Char('y'));
    assert_eq!(copied(&cmds), "Zeke");
    assert_eq!(clipboard::osc52("Zeke"), "\x1b]52;c;WmVrZQ==\x07");
    let cmds = common::press(&mut m, KeyCode::Char('Y'));
    let path = copied(&cmds).to_string();
    assert_eq!(path, "widgets.fetch_order.parsed.customer[\"first name\"]");
    assert_eq!(m.evaluate(&format!("{{{{ {path} }}}}")), Ok("Zeke".into()));
    // An item deep in an array: its path renders to the same value.
    select_variable(&mut m, "widgets.fetch_order.parsed.items[120].sku");
    let cmds = common::press(&mut m, KeyCode::Char('Y'));
    let path = copied(&cmds).to_string();
    assert_eq!(
        m.evaluate(&format!("{{{{ {path} }}}}")),
        Ok("SKU-0120".into())
    );
    // A branch is copied as pretty JSON.
    select_variable(&mut m, "widgets.fetch_order.parsed.customer");
    let cmds = common::press(&mut m, KeyCode::Char('y'));
    assert_eq!(
        copied(&cmds),
        "{\n  \"first name\": \"Zeke\",\n  \"email\": \"zeke@example.com\"\n}"
    );
}

#[test]
fn the_inspector_opens_the_whole_response_and_copies_the_request_as_curl() {
    let mut m = model_with_order();
    common::select_widget(&mut m, "fetch_order");
    common::press(&mut m, KeyCode::Char('2'));
    // The items after the fields: the request sent, then the response.
    common::press(&mut m, KeyCode::Char('G'));
    common::press(&mut m, KeyCode::Char('o'));
    let viewer = m.modals.viewer().expect("the response opens");
    assert_eq!(
        viewer.title,
        "widgets.fetch_order.parsed (step 3, HTTP 200)"
    );
    assert_eq!(viewer.size, order().to_string().len());
    let last = viewer.doc.lines.len() - 1;
    assert_eq!(viewer.doc.lines[last].text, "}");
    common::press(&mut m, KeyCode::Esc);
    let cmds = common::press(&mut m, KeyCode::Char('C'));
    assert_eq!(
        copied(&cmds),
        "curl -X GET 'http://127.0.0.1:9/orders/42?attempt=1'"
    );
    assert_eq!(
        clipboard::osc52(copied(&cmds)),
        osc52_of("curl -X GET 'http://127.0.0.1:9/orders/42?attempt=1'")
    );
}

#[test]
fn c_keeps_secrets_masked_unless_asked() {
    let doc = sfdb::flow::Document::parse(
        "secret.json",
        &json!({"initial_state": "Trigger", "states": [
            {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "call"}]},
            {"name": "call", "type": "make-http-request", "transitions": [{"event": "success"}, {"event": "failed"}],
             "properties": {"method": "POST", "content_type": "application/json;charset=utf-8",
                            "url": "https://bob:hunter2@127.0.0.1:9/hook?token=abc", "body": "{\"a\": 1}"}}]})
        .to_string(),
    )
    .unwrap();
    let execution = sfdb::session::execution(&doc, &sfdb::session::Start::default()).unwrap();
    let mut m = Model::new(doc, execution, false);
    common::press(&mut m, KeyCode::Char('s'));
    let cmds = common::press(&mut m, KeyCode::Char('s'));
    let [Cmd::Send { id, .. }] = cmds.as_slice() else {
        panic!("expected the request");
    };
    update(
        &mut m,
        Msg::HttpDone {
            id: *id,
            result: HttpResult {
                response: Err("connection refused".into()),
                elapsed: Duration::from_millis(1),
                function: None,
            },
        },
    );
    common::select_widget(&mut m, "call");
    common::press(&mut m, KeyCode::Char('2'));
    let cmds = common::press(&mut m, KeyCode::Char('C'));
    let masked = copied(&cmds).to_string();
    assert!(
        !masked.contains("hunter2") && !masked.contains("abc"),
        "{masked}"
    );
    assert!(
        masked.contains("Authorization: ***") || masked.contains("Basic ***"),
        "{masked}"
    );
    // With SFDB_COPY_SECRETS=1 the request is prepared again with its credentials.
    let cmds = key_with_secrets(&mut m);
    let real = copied(&cmds);
    assert!(real.contains("token=abc"), "{real}");
    let token = base64::engine::general_purpose::STANDARD.encode("bob:hunter2");
    assert!(
        real.contains(&format!("Authorization: Basic {token}")),
        "{real}"
    );
    assert!(real.contains("--data-raw '{\"a\": 1}'"), "{real}");
}

/// `C` as under `SFDB_COPY_SECRETS=1`, which the debugger reads once when it starts.
fn key_with_secrets(m: &mut Model) -> Vec<Cmd> {
    m.copy_secrets = true;
    let cmds = common::press(m, KeyCode::Char('C'));
    m.copy_secrets = false;
    cmds
}

#[test]
fn g_and_g_go_to_the_first_and_last_row_in_every_list() {
    let mut m = model_with_order();
    for (pane, last) in [('1', m.rows.len() - 1), ('4', 2)] {
        common::press(&mut m, KeyCode::Char(pane));
        common::press(&mut m, KeyCode::End);
        let at = match pane {
            '1' => m.graph_cursor,
            _ => m.timeline_cursor.unwrap(),
        };
        assert_eq!(at, last);
        common::press(&mut m, KeyCode::Home);
        let at = match pane {
            '1' => m.graph_cursor,
            _ => m.timeline_cursor.unwrap(),
        };
        assert_eq!(at, 0);
    }
    common::press(&mut m, KeyCode::Char('3'));
    common::press(&mut m, KeyCode::Char('G'));
    assert_eq!(m.variables_cursor(), m.variable_rows().len() - 1);
    common::press(&mut m, KeyCode::Char('g'));
    assert_eq!(m.variables_cursor(), 0);
}

#[test]
fn z_zooms_the_focused_pane_and_restores_it() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('3'));
    common::press(&mut m, KeyCode::Char('z'));
    assert!(m.zoomed);
    snapshot("tui_zoom_variables_80x24", &mut m, 80, 24);
    snapshot("tui_zoom_variables_120x40", &mut m, 120, 40);
    common::press(&mut m, KeyCode::Char('z'));
    assert!(!m.zoomed);
}

#[test]
fn the_prompt_opens_ready_for_a_new_expression_with_its_history() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('='));
    typed(&mut m, "{{ flow.variables.count }}");
    common::press(&mut m, KeyCode::Enter);
    // The result opens in the viewer.
    assert_eq!(m.modals.viewer().unwrap().doc.lines[0].text, "1");
    common::press(&mut m, KeyCode::Esc);
    common::press(&mut m, KeyCode::Char('='));
    let prompt = |m: &Model| m.modals.prompt().unwrap().textarea.lines().join("\n");
    assert_eq!(prompt(&m), "{{ flow.variables.count }}");
    // Typing replaces the previous expression, selected.
    typed(&mut m, "{{ widgets.fetch_order.status_code }}");
    assert_eq!(prompt(&m), "{{ widgets.fetch_order.status_code }}");
    // Ctrl+W deletes a word, Ctrl+U the line.
    common::ctrl(&mut m, 'w');
    assert_ne!(prompt(&m), "{{ widgets.fetch_order.status_code }}");
    common::ctrl(&mut m, 'u');
    assert_eq!(prompt(&m), "");
    typed(&mut m, "{{ widgets.fetch_order.parsed.id }}");
    common::press(&mut m, KeyCode::Enter);
    common::press(&mut m, KeyCode::Esc);
    common::press(&mut m, KeyCode::Char('='));
    common::press(&mut m, KeyCode::Up);
    assert_eq!(prompt(&m), "{{ widgets.fetch_order.parsed.id }}");
    common::press(&mut m, KeyCode::Up);
    assert_eq!(prompt(&m), "{{ flow.variables.count }}");
    common::press(&mut m, KeyCode::Down);
    assert_eq!(prompt(&m), "{{ widgets.fetch_order.parsed.id }}");
    common::press(&mut m, KeyCode::Down);
    assert_eq!(prompt(&m), "");
}

#[test]
fn the_timeline_and_the_transcript_open_their_selection() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('4'));
    common::press(&mut m, KeyCode::Char('G'));
    common::press(&mut m, KeyCode::Char('o'));
    let viewer = m.modals.viewer().unwrap();
    assert_eq!(viewer.title, "step 3: fetch_order --success--> save_status");
    assert!(viewer
        .doc
        .lines
        .iter()
        .any(|l| l.key.as_deref() == Some("\"http\": ")));
    common::press(&mut m, KeyCode::Esc);
    assert_eq!(m.focus, Pane::Timeline);
}

#[test]
fn snapshots_of_the_viewer_and_of_search() {
    let mut m = model_with_order();
    // A long string, wrapped.
    select_variable(&mut m, "widgets.fetch_order.parsed.notes");
    common::press(&mut m, KeyCode::Char('o'));
    snapshot("tui_viewer_long_text_80x24", &mut m, 80, 24);
    common::press(&mut m, KeyCode::Esc);
    // The 150-item body, JSON with line numbers, searched.
    select_variable(&mut m, "widgets.fetch_order.body");
    common::press(&mut m, KeyCode::Char('o'));
    snapshot("tui_viewer_json_body_120x40", &mut m, 120, 40);
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "sku-0149");
    snapshot("tui_viewer_search_80x24", &mut m, 80, 24);
    common::press(&mut m, KeyCode::Esc);
    common::press(&mut m, KeyCode::Esc);
    // An error, whole.
    common::press(&mut m, KeyCode::Char('='));
    typed(&mut m, "{{ flow.sid | nofilter }}");
    snapshot("tui_prompt_error_80x24", &mut m, 80, 24);
    common::press(&mut m, KeyCode::Enter);
    snapshot("tui_viewer_error_80x24", &mut m, 80, 24);
    common::press(&mut m, KeyCode::Esc);
    // A search in each pane, with its status.
    for (pane, query, name) in [
        ('1', "check", "graph"),
        ('3', "items[7]", "variables"),
        ('2', "compared", "inspector"),
        ('4', "success", "timeline"),
    ] {
        common::press(&mut m, KeyCode::Char(pane));
        common::press(&mut m, KeyCode::Char('/'));
        typed(&mut m, query);
        snapshot(&format!("tui_search_{name}_80x24"), &mut m, 80, 24);
        common::press(&mut m, KeyCode::Enter);
    }
}
