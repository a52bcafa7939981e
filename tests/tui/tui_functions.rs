//! A Run Function step answered by local Functions, as the debugger shows it: where the request
//! went and what the Function printed, in the inspector; the runtime's output behind `R`.

use std::sync::Arc;

use crossterm::event::KeyCode;
use sfdb::engine::http::FunctionCall;
use sfdb::flow::Document;
use sfdb::tui::{update, Cmd, Model, Msg};

use crate::common;

/// The bundled Run Function example, stepped to its request and answered as twilio-run does.
fn answered(function: Option<FunctionCall>) -> Model {
    let file = common::repo().join("flows/order-lookup-function.json");
    let doc = Document::load(&file).unwrap();
    let start = sfdb::session::Start {
        set: vec!["trigger.message.Body=42".into()],
        ..sfdb::session::Start::default()
    };
    let execution = sfdb::session::execution(&doc, &start).unwrap();
    let mut model = Model::new(doc, execution, false);
    update(&mut model, Msg::Resize(120, 40));
    common::press(&mut model, KeyCode::Char('s'));
    let cmds = common::press(&mut model, KeyCode::Char('s'));
    let body = r#"{"order":"42","status":"shipped","store":"Corner Shop"}"#;
    common::answer(&mut model, &cmds, 200, body.into(), function);
    model
}

#[test]
fn the_inspector_shows_where_a_function_request_went_and_what_it_printed() {
    let model = answered(Some(FunctionCall {
        sent_to: "local http://127.0.0.1:40111/lookup, for https://sfdb-demo-4321.twil.io/lookup"
            .into(),
        function_output: vec!["looking up order 42".into(), "cache miss".into()],
    }));
    let frame = common::frame(&model, 120, 40);
    assert!(
        frame.contains("sent to local http://127.0.0.1:40111/lo"),
        "{frame}"
    );
    assert!(frame.contains("Function output"), "{frame}");
    assert!(frame.contains("looking up order 42"), "{frame}");
    common::snapshot("functions_inspector_120x40", &model, 120, 40);

    // Without local Functions, neither shows.
    let frame = common::frame(&answered(None), 120, 40);
    assert!(
        !frame.contains("Function output") && !frame.contains("sent to"),
        "{frame}"
    );
}

#[test]
fn r_opens_the_runtimes_output_in_the_pager_or_says_there_is_none() {
    let mut model = answered(None);
    let cmds = common::press(&mut model, KeyCode::Char('R'));
    assert!(cmds.is_empty());
    assert!(model
        .message
        .as_deref()
        .is_some_and(|m| m.contains("--functions DIR")));
    let output = Arc::new(sfdb::functions::runtime::Output::default());
    output.push("Functions".into());
    output.push("http://localhost:40111/lookup".into());
    output.push("looking up order 42".into());
    model.functions_log = Some(output);
    let cmds = common::press(&mut model, KeyCode::Char('R'));
    let [Cmd::Pager { text, line }] = cmds.as_slice() else {
        panic!("expected the pager, got {cmds:?}");
    };
    assert_eq!(*line, 3);
    assert!(text.starts_with("Functions\nhttp://localhost:40111/lookup"));
}
