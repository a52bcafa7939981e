//! The debugger's update loop driven against real local endpoints: the bundled demo's, and a
//! second one that an edited URL points to.

use crate::server;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use sfdb::engine::client::ReqwestClient;
use sfdb::engine::http::HttpClient;
use sfdb::flow::Document;
use sfdb::session::{self, Start};
use sfdb::tui::{update, Cmd, Model, Msg};

async fn demo_model() -> Model {
    let base = sfdb::demo::start().await.unwrap();
    let doc = Document::parse(sfdb::demo::FLOW_NAME, sfdb::demo::FLOW).unwrap();
    let start = Start {
        set: vec![format!("flow.data.api_base={base}")],
        ..Start::default()
    };
    let execution = session::execution(&doc, &start).unwrap();
    Model::new(doc, execution, false)
}

fn press(model: &mut Model, code: KeyCode, modifiers: KeyModifiers) -> Vec<Cmd> {
    update(model, Msg::Key(KeyEvent::new(code, modifiers)))
}

/// Steps once like the app's loop: a request command is sent for real and its result fed back.
async fn step(model: &mut Model, client: &ReqwestClient) -> Option<String> {
    let cmds = press(model, KeyCode::Char('s'), KeyModifiers::NONE);
    if let [Cmd::Send { id, request }] = cmds.as_slice() {
        let result = client.send(request).await;
        update(model, Msg::HttpDone { id: *id, result });
        return Some(request.url.clone());
    }
    None
}

#[tokio::test]
async fn the_demo_counts_one_two_three_and_then_succeeds() {
    let mut model = demo_model().await;
    let client = ReqwestClient::new();
    let mut counts = Vec::new();
    let mut events = Vec::new();
    while model.execution.status() == &sfdb::engine::Status::Ready {
        step(&mut model, &client).await;
        let last = model.execution.steps().last().unwrap();
        match last.transitioned_from.as_str() {
            "set_count" => counts.push(last.variables["count"].clone()),
            "fetch_order" => events.push(last.name.clone()),
            _ => {}
        }
    }
    assert_eq!(counts, [json!(1), json!(2), json!(3)]);
    assert_eq!(events, ["failed", "failed", "success"]);
    assert_eq!(
        model.execution.context().get("flow.variables.order_status"),
        Some(&json!("shipped"))
    );
    assert_eq!(
        model.execution.context().get("flow.variables.first_sku"),
        Some(&json!("A-1"))
    );
}

/// The `fetch_order` events of a run of the demo from where it stands to its end.
async fn fetch_events(model: &mut Model, client: &ReqwestClient) -> Vec<String> {
    let mut events = Vec::new();
    while model.execution.status() == &sfdb::engine::Status::Ready {
        step(model, client).await;
        let last = model.execution.steps().last().unwrap();
        if last.transitioned_from == "fetch_order" {
            events.push(last.name.clone());
        }
    }
    events
}

#[tokio::test]
async fn the_demo_fails_twice_again_after_a_restart_or_a_step_back() {
    let mut model = demo_model().await;
    let client = ReqwestClient::new();
    assert_eq!(
        fetch_events(&mut model, &client).await,
        ["failed", "failed", "success"]
    );
    press(&mut model, KeyCode::Char('r'), KeyModifiers::NONE);
    assert_eq!(
        fetch_events(&mut model, &client).await,
        ["failed", "failed", "success"]
    );
    // Back over the success and the count before it: the third attempt succeeds again.
    for _ in 0..3 {
        press(&mut model, KeyCode::Char('p'), KeyModifiers::NONE);
    }
    assert_eq!(fetch_events(&mut model, &client).await, ["success"]);
}

#[tokio::test]
async fn an_edited_url_sends_the_next_request_to_the_new_endpoint() {
    let other = server::start().await;
    let mut model = demo_model().await;
    let client = ReqwestClient::new();
    // Select fetch_order, focus the inspector, select the url field and replace it.
    while model.inspected().map(|w| w.name.as_str()) != Some("fetch_order") {
        press(&mut model, KeyCode::Char('j'), KeyModifiers::NONE);
    }
    press(&mut model, KeyCode::Char('2'), KeyModifiers::NONE);
    press(&mut model, KeyCode::Char('j'), KeyModifiers::NONE);
    press(&mut model, KeyCode::Char('e'), KeyModifiers::NONE);
    press(&mut model, KeyCode::Char('a'), KeyModifiers::CONTROL);
    press(&mut model, KeyCode::Char('k'), KeyModifiers::CONTROL);
    for c in other.url("/echo").chars() {
        press(&mut model, KeyCode::Char(c), KeyModifiers::NONE);
    }
    press(&mut model, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(model.modals.editor().is_none());

    let mut sent = None;
    while sent.is_none() {
        sent = step(&mut model, &client).await;
    }
    assert_eq!(sent.unwrap(), format!("{}?attempt=1", other.url("/echo")));
    assert_eq!(other.hits.count("echo"), 1);
    assert_eq!(model.execution.steps().last().unwrap().name, "success");
    assert_eq!(
        model
            .execution
            .context()
            .get("widgets.fetch_order.parsed.query"),
        Some(&json!("attempt=1"))
    );
}
