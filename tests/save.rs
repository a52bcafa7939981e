//! Writing a flow back: edits land, every other key keeps its value and order.

mod common;

use serde_json::json;
use sfdb::flow::Document;

#[test]
fn an_edit_saved_changes_only_the_edited_property() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flow.json");
    let original =
        std::fs::read_to_string(common::repo().join("flows/retry-counter.json")).unwrap();
    std::fs::write(&path, &original).unwrap();

    let mut doc = Document::load(&path).unwrap();
    assert!(doc.set_property(
        "fetch_order",
        "url",
        json!("https://api.example.com/orders/{{flow.data.id}}")
    ));
    assert!(!doc.set_property("no_such_widget", "url", json!("x")));
    doc.save().unwrap();

    let saved_text = std::fs::read_to_string(&path).unwrap();
    let mut expected: serde_json::Value = serde_json::from_str(&original).unwrap();
    expected["states"][2]["properties"]["url"] =
        json!("https://api.example.com/orders/{{flow.data.id}}");
    let saved: serde_json::Value = serde_json::from_str(&saved_text).unwrap();
    // Same keys in the same order (serde_json keeps insertion order here).
    assert_eq!(
        serde_json::to_string(&saved).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    // The reloaded flow runs the edit.
    let again = Document::load(&path).unwrap();
    assert_eq!(
        again.flow.widget("fetch_order").unwrap().text("url"),
        "https://api.example.com/orders/{{flow.data.id}}"
    );
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_resource_with_a_text_definition_is_saved_as_text() {
    let def = r#"{"states":[{"name":"Trigger","type":"trigger","transitions":[{"event":"incomingRequest","next":"call"}]},{"name":"call","type":"run-function","properties":{"url":"https://x.twil.io/a"},"transitions":[]}],"initial_state":"Trigger"}"#;
    let text = json!({"sid": "FW1", "definition": def}).to_string();
    let mut doc = Document::parse("r.json", &text).unwrap();
    doc.set_property("call", "url", json!("https://y.twil.io/b"));
    let saved: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
    let inner: serde_json::Value =
        serde_json::from_str(saved["definition"].as_str().unwrap()).unwrap();
    assert_eq!(
        inner["states"][1]["properties"]["url"],
        "https://y.twil.io/b"
    );
    assert_eq!(saved["sid"], "FW1");
}

#[test]
fn saving_a_flow_without_a_file_says_so() {
    let doc = Document::parse("demo", sfdb::demo::FLOW).unwrap();
    assert_eq!(
        doc.save().unwrap_err().to_string(),
        "the flow has no file to save to"
    );
}
