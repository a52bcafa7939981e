//! Every real export in ../shared/flows-corpus loads and passes `sfdb check`.

use crate::common;

use std::process::Command;

use sfdb::flow::Document;

fn corpus_files() -> Vec<std::path::PathBuf> {
    common::corpus_files()
}

#[test]
fn every_corpus_flow_loads() {
    let files = corpus_files();
    assert!(files.len() >= 29, "found only {} corpus flows", files.len());
    for file in &files {
        let doc = Document::load(file).unwrap_or_else(|e| panic!("{e}"));
        assert!(!doc.flow.widgets.is_empty(), "{}", file.display());
        assert!(doc.flow.widget(&doc.flow.initial_state).is_some());
    }
}

#[test]
fn legacy_exports_are_converted() {
    let file = common::shared().join("flows-corpus/legacy/geolocator__studioFlow.json");
    let doc = Document::load(&file).unwrap();
    assert!(doc.legacy);
    assert_eq!(doc.flow.initial_state, "Trigger");
    let trigger = doc.flow.widget("Trigger").unwrap();
    assert_eq!(trigger.kind, sfdb::flow::WidgetKind::Trigger);
    assert_eq!(
        trigger.transition("incomingCall").unwrap().next.as_deref(),
        Some("gather_1")
    );
    assert_eq!(
        doc.flow.widget("split_1").unwrap().kind,
        sfdb::flow::WidgetKind::SplitBasedOn
    );
    assert_eq!(
        doc.flow.widget("send_message_1").unwrap().kind,
        sfdb::flow::WidgetKind::SendMessage
    );
}

#[test]
fn flow_resources_use_their_sid() {
    let file = common::shared()
        .join("flows-corpus/twilio-sdk-go__service_studio_tests_unit_testdata_flowResponse.json");
    let doc = Document::load(&file).unwrap();
    assert_eq!(doc.flow.flow_sid.as_deref(), Some("FWxxxxxxxxxxxx"));
}

#[test]
fn sfdb_check_finds_no_error_but_the_one_real_bug() {
    let output = Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .arg("check")
        .args(corpus_files())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    // Every export loads; the only error is an unterminated `{{` in one of them.
    let errors: Vec<&str> = stdout.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{stdout}");
    assert!(errors[0].ends_with(
        "twilio-apaleo__studio_flow.json: widget cancel_reservation (run-function): error: field parameters[0].value: unterminated {{ at line 1, column 1: no }} closes it"
    ));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stderr.is_empty());
}

#[test]
fn load_then_save_keeps_every_key_in_order() {
    for file in corpus_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc = Document::parse("x.json", &text).unwrap();
        let original: serde_json::Value = serde_json::from_str(&text).unwrap();
        let saved: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
        assert_eq!(
            serde_json::to_string(&original).unwrap(),
            serde_json::to_string(&saved).unwrap(),
            "{}",
            file.display()
        );
    }
}
