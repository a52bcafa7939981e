//! The simulated messaging and voice widgets: default and chosen events, outputs, inputs in
//! order, waiting for input, and every corpus flow running headless.

use crate::common;

use common::{execution, flow, path, run_offline, trigger};
use serde_json::{json, Value};
use sfdb::engine::script::{Input, Script};
use sfdb::engine::widgets::catalog::SPECS;
use sfdb::engine::{Execution, Status};

fn widget(name: &str, kind: &str, props: Value, events: &[&str]) -> Value {
    let transitions: Vec<Value> = events.iter().map(|e| json!({"event": e})).collect();
    json!({"name": name, "type": kind, "properties": props, "transitions": transitions})
}

fn run_widget(kind: &str, props: Value, script: Script) -> Execution {
    let spec = sfdb::engine::widgets::catalog::spec(&sfdb::flow::WidgetKind::parse(kind)).unwrap();
    let f = flow(json!([trigger("w"), widget("w", kind, props, spec.events)]));
    let mut x = execution(f);
    x.set_script(script);
    run_offline(&mut x);
    x
}

fn outputs(x: &Execution) -> Value {
    x.context().get("widgets.w").cloned().unwrap_or(Value::Null)
}

#[test]
fn every_simulated_widget_fires_its_default_event_or_waits() {
    // The types known only by their transitions have a test of their own.
    for spec in SPECS.iter().filter(|s| !s.default_event.is_empty()) {
        let x = run_widget(spec.kind.as_str(), json!({}), Script::default());
        match spec.need {
            Some(need) => {
                assert_eq!(
                    x.status(),
                    &Status::Waiting {
                        widget: "w".into(),
                        reason: need.describe().into()
                    },
                    "{}",
                    spec.kind
                );
                assert_eq!(x.steps().len(), 1, "{}", spec.kind);
            }
            None => {
                assert_eq!(x.status(), &Status::Ended, "{}", spec.kind);
                assert_eq!(x.steps()[1].name, spec.default_event, "{}", spec.kind);
            }
        }
    }
}

#[test]
fn every_event_of_every_simulated_widget_can_be_chosen() {
    for spec in SPECS {
        for event in spec.events {
            let mut script = Script::default();
            script.push_event("w", event);
            let x = run_widget(spec.kind.as_str(), json!({}), script);
            assert_eq!(x.steps()[1].name, *event, "{} {event}", spec.kind);
            assert_eq!(
                x.steps()[1].notes,
                [format!("event {event} chosen for this run")]
            );
        }
    }
}

#[test]
fn send_message_renders_its_fields_into_outbound() {
    let x = run_widget(
        "send-message",
        json!({"body": "Hi {{flow.data.name}}", "from": "{{flow.channel.address}}", "to": "{{contact.channel.address}}"}),
        Script::default(),
    );
    assert_eq!(
        outputs(&x),
        json!({"outbound": {"Body": "Hi ", "To": "+15555550100", "From": "+15555550199",
                            "Sid": "SM00000000000000000000000000000000", "Status": "sent"}})
    );
    assert_eq!(x.steps()[1].transcript[0].text, "Hi ");
}

#[test]
fn send_and_wait_takes_replies_in_order() {
    let f = flow(json!([
        trigger("ask"),
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "Name?"},
         "transitions": [{"event": "incomingMessage", "next": "again"}, {"event": "timeout"}, {"event": "deliveryFailure"}]},
        {"name": "again", "type": "send-and-wait-for-reply", "properties": {"body": "Sure, {{widgets.ask.inbound.Body}}?"},
         "transitions": [{"event": "incomingMessage"}, {"event": "timeout"}, {"event": "deliveryFailure"}]},
    ]));
    let mut x = execution(f);
    let mut script = Script::default();
    script.push_input("ask", Input::Text("Zeke".into()));
    script.push_input("again", Input::Text("yes".into()));
    x.set_script(script);
    run_offline(&mut x);
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!(
        x.context().get("widgets.ask.inbound.Body"),
        Some(&json!("Zeke"))
    );
    assert_eq!(
        x.context().get("widgets.again.outbound.Body"),
        Some(&json!("Sure, Zeke?"))
    );
    assert_eq!(
        x.context().get("widgets.again.inbound.Body"),
        Some(&json!("yes"))
    );
    assert_eq!(
        x.context().get("widgets.ask.inbound.From"),
        Some(&json!("+15555550100"))
    );
}

#[test]
fn a_waiting_widget_runs_once_it_is_given_input() {
    let f = flow(json!([
        trigger("ask"),
        {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"body": "Name?"},
         "transitions": [{"event": "incomingMessage"}, {"event": "timeout"}]},
    ]));
    let mut x = execution(f);
    run_offline(&mut x);
    assert!(matches!(x.status(), Status::Waiting { .. }));
    assert!(x.provide_input(Input::Text("Ada".into())));
    run_offline(&mut x);
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!(path(&x)[1], "ask --incomingMessage--> Ended");
}

#[test]
fn gather_takes_digits_speech_or_a_timeout() {
    let mut script = Script::default();
    script.push_input("w", Input::Digits { digits: "1".into() });
    let x = run_widget("gather-input-on-call", json!({"say": "Press 1"}), script);
    assert_eq!(
        (x.steps()[1].name.as_str(), outputs(&x)),
        ("keypress", json!({"Digits": "1"}))
    );

    let mut script = Script::default();
    script.push_input(
        "w",
        Input::Speech {
            speech: "billing please".into(),
        },
    );
    let x = run_widget("gather-input-on-call", json!({}), script);
    assert_eq!(
        (x.steps()[1].name.as_str(), outputs(&x)),
        (
            "speech",
            json!({"SpeechResult": "billing please", "Confidence": "0.9"})
        )
    );

    let mut script = Script::default();
    script.push_input("w", Input::Text("42#".into()));
    let x = run_widget("gather-input-on-call", json!({}), script);
    assert_eq!(x.steps()[1].name, "keypress");

    let mut script = Script::default();
    script.push_event("w", "timeout");
    let x = run_widget("gather-input-on-call", json!({}), script);
    assert_eq!(
        (x.steps()[1].name.as_str(), outputs(&x)),
        ("timeout", Value::Null)
    );
}

#[test]
fn voice_and_handoff_widgets_write_their_outputs() {
    let cases = [
        (
            "connect-call-to",
            json!({"to": "+15555550123"}),
            "DialCallStatus",
            json!("completed"),
        ),
        (
            "make-outgoing-call-v2",
            json!({"to": "+15555550123", "from": "+15555550199"}),
            "CallStatus",
            json!("in-progress"),
        ),
        (
            "record-voicemail",
            json!({}),
            "RecordingSid",
            json!("RE00000000000000000000000000000000"),
        ),
        (
            "enqueue-call",
            json!({"task_attributes": "{\"type\": \"support\"}"}),
            "QueueResult",
            json!("bridged"),
        ),
        (
            "send-to-flex",
            json!({"attributes": "{\"type\": \"support\"}"}),
            "Attributes",
            json!({"type": "support"}),
        ),
        (
            "make-outgoing-call-v2",
            json!({"to": "+15555550123", "from": "+15555550199"}),
            "AnsweredBy",
            json!("human"),
        ),
        ("record-call", json!({}), "Status", json!("in-progress")),
        (
            "say-play",
            json!({"say": "Hello", "voice": "Polly.Joanna", "language": "en-US"}),
            "voice",
            json!("Polly.Joanna"),
        ),
        (
            "connect-virtual-agent",
            json!({}),
            "VirtualAgentProvider",
            json!("Dialogflow CX"),
        ),
        (
            "capture-payments",
            json!({"payment_amount": "10"}),
            "Result",
            json!("success"),
        ),
    ];
    for (kind, props, key, value) in cases {
        let x = run_widget(kind, props, Script::default());
        assert_eq!(outputs(&x)[key], value, "{kind}");
    }
}

#[test]
fn every_corpus_flow_runs_headless_to_an_end_a_wait_or_a_limit() {
    let dir = common::shared().join("flows-corpus");
    let mut runs = 0;
    for sub in ["", "legacy"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let doc = sfdb::flow::Document::load(&path).unwrap();
            let start = sfdb::session::Start::default();
            let mut x = sfdb::session::execution(&doc, &start).unwrap();
            // Requests fail without a network; a mock that fails keeps the walk offline.
            let mut script = Script::default();
            for w in &doc.flow.widgets {
                if matches!(w.kind.as_str(), "make-http-request" | "run-function") {
                    script.set_mocks(
                        &w.name,
                        vec![serde_json::from_value(json!({"error": "offline"})).unwrap()],
                    );
                }
            }
            x.set_script(script);
            run_offline(&mut x);
            runs += 1;
            assert!(
                matches!(
                    x.status(),
                    Status::Ended
                        | Status::Waiting { .. }
                        | Status::Stopped {
                            code: Some(81001),
                            ..
                        }
                ),
                "{}: {:?}",
                path.display(),
                x.status()
            );
        }
    }
    assert!(runs >= 29);
}

fn parent_with_subflow() -> Execution {
    let doc = sfdb::flow::Document::load(&common::repo().join("tests/flows/parent.json")).unwrap();
    let start = sfdb::session::Start {
        subflow: vec![format!(
            "FW11111111111111111111111111111111={}",
            common::repo()
                .join("tests/flows/greeting-subflow.json")
                .display()
        )],
        set: vec!["trigger.message.Body=Ada".into()],
        ..sfdb::session::Start::default()
    };
    sfdb::session::execution(&doc, &start).unwrap()
}

#[test]
fn a_subflow_with_a_file_runs_and_returns_its_variables() {
    let mut x = parent_with_subflow();
    let mut script = Script::default();
    script.set_mocks(
        "lookup",
        vec![serde_json::from_value(json!({"status": 200, "body": {"status": "vip"}})).unwrap()],
    );
    x.set_script(script);
    run_offline(&mut x);
    // The subflow's send-and-wait stops the parent, which names both widgets.
    assert_eq!(
        x.status(),
        &Status::Waiting {
            widget: "greet › ask".into(),
            reason: "a reply message".into()
        }
    );
    assert_eq!(x.waiting_widget().map(|w| w.name.as_str()), Some("ask"));
    assert!(x.provide_input(Input::Text("yes".into())));
    run_offline(&mut x);
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!(
        path(&x),
        [
            "Trigger --incomingMessage--> greet",
            "greet --completed--> use",
            "use --next--> Ended"
        ]
    );
    assert_eq!(
        x.context().get("widgets.greet"),
        Some(&json!({"greeting": "Hi Ada, yes", "status": "vip"}))
    );
    let inner: Vec<&str> = x.steps()[1]
        .subflow
        .iter()
        .map(|s| s.transitioned_from.as_str())
        .collect();
    assert_eq!(inner, ["Trigger", "ask", "lookup", "done"]);
}

#[test]
fn a_subflow_that_ends_on_any_event_completes_and_one_without_a_file_too() {
    let mut x = parent_with_subflow();
    let mut script = Script::default();
    script.push_event("ask", "timeout");
    x.set_script(script);
    run_offline(&mut x);
    // The subflow ended on its timeout transition: that is a completed subflow.
    assert_eq!(path(&x)[1], "greet --completed--> use");

    let doc = sfdb::flow::Document::load(&common::repo().join("tests/flows/parent.json")).unwrap();
    let mut x = execution(doc.flow);
    run_offline(&mut x);
    assert_eq!(path(&x)[1], "greet --completed--> use");
    assert!(x.steps()[1].subflow.is_empty());
}

#[test]
fn a_request_inside_a_subflow_goes_out_through_the_parent() {
    use sfdb::engine::Progress;
    let mut x = parent_with_subflow();
    let mut script = Script::default();
    script.push_input("ask", Input::Text("ok".into()));
    x.set_script(script);
    assert_eq!(x.advance(), Progress::Stepped);
    let Progress::Http(request) = x.advance() else {
        panic!("expected the subflow's request")
    };
    assert_eq!(request.url, "https://example.com/people/Ada");
    assert_eq!(
        x.pending_request().map(|r| r.url.as_str()),
        Some("https://example.com/people/Ada")
    );
    let progress = x.complete_http(sfdb::engine::http::HttpResult {
        response: Err("connection refused".into()),
        elapsed: std::time::Duration::ZERO,
        function: None,
    });
    assert_eq!(progress, Progress::Stepped);
    // lookup failed with no transition: the subflow ended, so greet completed.
    assert_eq!(x.steps()[1].name, "completed");
    // Step back over the subflow widget drops the subflow.
    assert!(x.step_back());
    assert_eq!(x.current(), Some("greet"));
}

/// Calls out and branches on who answered.
fn answering_machine_flow() -> String {
    json!({"description": "who answered", "initial_state": "Trigger", "flags": {},
      "states": [
        {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingRequest", "next": "call"}]},
        {"name": "call", "type": "make-outgoing-call-v2",
         "properties": {"to": "+15555550123", "from": "+15555550199", "machine_detection": "Enable"},
         "transitions": [{"event": "answered", "next": "who"}, {"event": "busy"}, {"event": "noAnswer"}, {"event": "failed"}]},
        {"name": "who", "type": "split-based-on", "properties": {"input": "{{widgets.call.AnsweredBy}}"},
         "transitions": [{"event": "noMatch", "next": "greet"},
                         {"event": "match", "next": "leave_message", "conditions": [
                            {"friendly_name": "machine", "arguments": [], "type": "starts_with", "value": "machine"}]}]},
        {"name": "greet", "type": "say-play", "properties": {"say": "Hello!"}, "transitions": [{"event": "audioComplete"}]},
        {"name": "leave_message", "type": "say-play", "properties": {"say": "Please call us back."},
         "transitions": [{"event": "audioComplete"}]}
      ]})
    .to_string()
}

#[test]
fn outputs_given_to_a_widget_are_merged_over_its_simulation() {
    let dir = tempfile::tempdir().unwrap();
    let flow_path = dir.path().join("machine.json");
    std::fs::write(&flow_path, answering_machine_flow()).unwrap();
    let flow_arg = flow_path.to_str().unwrap();
    // By default a human answers.
    let out = common::sfdb(&["run", flow_arg]);
    assert!(common::text(&out.stdout).contains("who (split-based-on) --noMatch--> greet"));
    // --output makes it a machine.
    let out = common::sfdb(&[
        "run",
        flow_arg,
        "--output",
        r#"call={"AnsweredBy":"machine_start"}"#,
    ]);
    let text = common::text(&out.stdout);
    assert!(
        text.contains("who (split-based-on) --match--> leave_message"),
        "{text}"
    );
    // A scenario's outputs do the same, and name only widgets of the flow.
    let scenario = dir.path().join("machine.scenario.json");
    std::fs::write(
        &scenario,
        json!({"flow": "machine.json", "outputs": {"call": [{"AnsweredBy": "machine_end_beep"}]},
               "expect": {"path": ["Trigger", "call", "who", "leave_message"]}})
        .to_string(),
    )
    .unwrap();
    let out = common::sfdb(&["test", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out.stdout));
    std::fs::write(
        &scenario,
        json!({"flow": "machine.json", "outputs": {"nobody": [{"x": 1}]}}).to_string(),
    )
    .unwrap();
    let out = common::sfdb(&["run", "--scenario", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::text(&out.stderr).contains("outputs: the flow has no widget nobody"));
    let out = common::sfdb(&["run", flow_arg, "--output", "call=[1]"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn gather_and_enqueue_carry_the_calls_fields_from_the_trigger() {
    let f = flow(json!([
        {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingCall", "next": "q"}]},
        {"name": "q", "type": "enqueue-call", "properties": {"queue_name": "support"},
         "transitions": [{"event": "callComplete"}]}
    ]));
    let mut x = execution(f);
    assert!(x.set_trigger_event("incomingCall"));
    run_offline(&mut x);
    let q = x.context().get("widgets.q").unwrap().clone();
    assert_eq!(q["QueueResult"], "bridged");
    assert_eq!(
        q["CallSid"],
        x.context().get("trigger.call.CallSid").unwrap().clone()
    );
    assert_eq!(q["From"], "+15555550100");
    assert!(
        q.get("TaskSid").is_none() && q.get("attributes").is_none(),
        "{q}"
    );
}

#[test]
fn types_known_only_by_their_transitions_fire_their_first_event_or_a_chosen_one() {
    for kind in sfdb::engine::widgets::catalog::BY_TRANSITIONS {
        let states = json!([trigger("w"),
            {"name": "w", "type": kind, "properties": {},
             "transitions": [{"event": "success"}, {"event": "failed"}]}]);
        let mut x = execution(flow(states.clone()));
        run_offline(&mut x);
        assert_eq!(x.status(), &Status::Ended, "{kind}");
        assert_eq!(x.steps()[1].name, "success", "{kind}");
        let mut x = execution(flow(states));
        let mut script = Script::default();
        script.push_event("w", "failed");
        x.set_script(script);
        run_offline(&mut x);
        assert_eq!(x.steps()[1].name, "failed", "{kind}");
    }
    // run-function-v2 sends its request as Run Function does; make-outgoing-call-v1 calls.
    let x = run_widget(
        "make-outgoing-call-v1",
        json!({"to": "+15555550123"}),
        Script::default(),
    );
    assert_eq!(x.steps()[1].name, "answered");
    let mut x = execution(flow(json!([trigger("f"),
        {"name": "f", "type": "run-function-v2", "properties": {"url": "http://127.0.0.1:9/fn"},
         "transitions": [{"event": "success"}, {"event": "fail"}]}])));
    assert!(matches!(x.advance(), sfdb::engine::Progress::Stepped));
    assert!(
        matches!(x.advance(), sfdb::engine::Progress::Http(r) if r.method == sfdb::flow::Method::Post)
    );
}
