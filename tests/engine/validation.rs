//! Every validation error, with its exact message.

use sfdb::flow::Document;

fn errors(text: &str) -> Vec<String> {
    Document::parse("flows/bad.json", text)
        .expect_err("the flow is invalid")
        .problems
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn invalid_json_names_line_and_column() {
    assert_eq!(
        errors("{\n  \"states\": [\n    {\"name\": \"Trigger\",}\n  ]\n}"),
        ["flows/bad.json:3:24: invalid JSON: trailing comma"]
    );
}

#[test]
fn missing_states_and_initial_state() {
    assert_eq!(
        errors(r#"{"description": "x"}"#),
        [
            "flows/bad.json: missing `states`",
            "flows/bad.json: missing `initial_state`"
        ]
    );
}

#[test]
fn initial_state_must_exist() {
    assert_eq!(
        errors(r#"{"states": [], "initial_state": "Trigger"}"#),
        ["flows/bad.json: `initial_state` names `Trigger`, which does not exist"]
    );
    assert_eq!(
        errors(
            r#"{"states": [{"name": "Triger", "type": "trigger", "transitions": []}],
                "initial_state": "Trigger"}"#
        ),
        ["flows/bad.json: `initial_state` names `Trigger`, which does not exist (did you mean Triger?)"]
    );
}

#[test]
fn duplicate_state_names() {
    assert_eq!(
        errors(
            r#"{"initial_state": "Trigger", "states": [
                {"name": "Trigger", "type": "trigger", "transitions": []},
                {"name": "Trigger", "type": "set-variables", "properties": {"variables": []}, "transitions": []}]}"#
        ),
        ["flows/bad.json: widget Trigger (set-variables): duplicate widget name"]
    );
}

/// A `next` naming a missing widget does not keep the flow from loading: `sfdb check` finds it
/// (with the name most likely meant), and an execution runs until it takes that transition,
/// where it stops and says why.
#[test]
fn next_naming_a_missing_state_is_a_finding_and_stops_the_execution_there() {
    let doc = Document::load(&crate::common::repo().join("tests/flows/missing-target.json"))
        .expect("the flow loads");
    let findings: Vec<String> = sfdb::check::check(&doc.flow)
        .iter()
        .filter(|f| f.rule == "missing-target")
        .map(sfdb::check::Finding::line)
        .collect();
    assert_eq!(
        findings,
        [
            "widget set (set-variables): error: transition `next` leads to `route_statuss`, which \
          does not exist (did you mean route_status?); an execution that takes it stops there"
        ]
    );
    let mut execution = crate::common::execution(doc.flow.clone());
    crate::common::run_offline(&mut execution);
    assert_eq!(execution.steps().len(), 2, "the Trigger and set ran");
    assert_eq!(
        execution.context().get("flow.variables.a"),
        Some(&serde_json::json!(1))
    );
    match execution.status() {
        sfdb::engine::Status::Stopped { reason, .. } => assert_eq!(
            reason,
            "transition next of set leads to route_statuss, which does not exist (did you mean route_status?)"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn known_widget_missing_a_required_property() {
    assert_eq!(
        errors(
            r#"{"initial_state": "Trigger", "states": [
                {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "call"}]},
                {"name": "call", "type": "make-http-request", "properties": {"method": "GET", "content_type": "application/json"}, "transitions": []},
                {"name": "split", "type": "split-based-on", "properties": {}, "transitions": []}]}"#
        ),
        [
            "flows/bad.json: widget call (make-http-request): missing required property `url`",
            "flows/bad.json: widget split (split-based-on): missing required property `input`",
        ]
    );
}

#[test]
fn states_without_name_or_type() {
    assert_eq!(
        errors(r#"{"initial_state": "a", "states": [{"type": "trigger"}, {"name": "a"}, 3]}"#),
        [
            "flows/bad.json: state 1 (counting from 1) has no `name`",
            "flows/bad.json: widget a (?): missing `type`",
            "flows/bad.json: state 3 (counting from 1) is not a JSON object",
            "flows/bad.json: `initial_state` names `a`, which does not exist",
        ]
    );
}

#[test]
fn arrays_must_hold_one_resource() {
    assert_eq!(
        errors("[1, 2]"),
        ["flows/bad.json: a JSON array must hold exactly one Flow resource with a `definition` (found 2 elements)"]
    );
}

#[test]
fn too_many_widgets() {
    let states: Vec<_> = (0..2001)
        .map(|i| {
            serde_json::json!({"name": if i == 0 { "Trigger".to_string() } else { format!("w{i}") },
                "type": "trigger", "transitions": []})
        })
        .collect();
    let def = serde_json::json!({"initial_state": "Trigger", "states": states});
    assert_eq!(
        errors(&def.to_string()),
        ["flows/bad.json: 2001 widgets; Studio allows at most 2000"]
    );
}

#[test]
fn the_three_input_shapes_load() {
    let def = r#"{"description": "d", "states": [{"name": "Trigger", "type": "trigger", "transitions": []}], "initial_state": "Trigger", "flags": {}}"#;
    let resource = format!(r#"{{"sid": "FW123", "friendly_name": "f", "definition": {def}}}"#);
    let array = format!("[{resource}]");
    let text_definition = serde_json::json!({"sid": "FW9", "definition": def}).to_string();
    for text in [def.to_string(), resource, array, text_definition] {
        let doc = Document::parse("x.json", &text).unwrap();
        assert_eq!(doc.flow.initial_state, "Trigger");
        // Saving writes the same shape back.
        let again: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
        assert_eq!(
            again,
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        );
    }
}

#[test]
fn unreadable_file_is_named() {
    let err = Document::load(std::path::Path::new("/nonexistent/flow.json")).unwrap_err();
    assert!(err
        .to_string()
        .starts_with("/nonexistent/flow.json: cannot read the file: "));
}
