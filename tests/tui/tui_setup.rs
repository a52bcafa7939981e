//! What the debugger remembers of a flow between sessions (breakpoints, watches, the trigger
//! event, the canvas view) and choosing the trigger event in the debugger.

use crate::common;

use crossterm::event::KeyCode;
use sfdb::flow::Document;
use sfdb::session::{self, Start};
use sfdb::tui::saved::{self, Setup};
use sfdb::tui::Model;

fn open(path: &std::path::Path) -> Model {
    let doc = Document::load(path).unwrap();
    let execution = session::execution(&doc, &Start::default()).unwrap();
    Model::new(doc, execution, false)
}

#[test]
fn breakpoints_watches_and_the_trigger_survive_a_restart_of_the_app() {
    let state = tempfile::tempdir().unwrap();
    let store = saved::Store::at(state.path().join("sfdb"));
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("retry.json");
    std::fs::copy(common::repo().join("flows/retry-counter.json"), &flow).unwrap();
    let original = std::fs::read_to_string(&flow).unwrap();

    let mut m = open(&flow);
    common::select_widget(&mut m, "check_count");
    common::press(&mut m, KeyCode::Char('b'));
    common::press(&mut m, KeyCode::Char('='));
    for c in "{{flow.variables.count}}".chars() {
        common::press(&mut m, KeyCode::Char(c));
    }
    common::press(&mut m, KeyCode::Enter);
    common::press(&mut m, KeyCode::Char('W'));
    common::press(&mut m, KeyCode::Esc);
    // v on the trigger before the first step chooses the event the execution starts with.
    common::press(&mut m, KeyCode::Char('v'));
    let picker = m.modals.input().expect("the trigger's events");
    assert_eq!(picker.events[0], "incomingMessage");
    let at = picker
        .events
        .iter()
        .position(|e| e == "incomingRequest")
        .unwrap();
    for _ in 0..at {
        common::press(&mut m, KeyCode::Char('j'));
    }
    common::press(&mut m, KeyCode::Enter);
    assert_eq!(m.execution.trigger_event(), "incomingRequest");
    assert!(m.execution.context().get("trigger.request").is_some());
    assert_eq!(
        m.message.as_deref(),
        Some("the execution starts with incomingRequest")
    );
    // The canvas view, at compact zoom.
    common::press(&mut m, KeyCode::Char('1'));
    common::press(&mut m, KeyCode::Char('f'));
    common::press(&mut m, KeyCode::Char('-'));
    common::press(&mut m, KeyCode::Char('t'));
    store.store(&Setup::of(&m).unwrap()).unwrap();

    // The next session of the same flow gets them back; the flow file is untouched.
    let mut again = open(&flow);
    assert!(again.breakpoints.is_empty());
    store.load(&flow).unwrap().apply(&mut again, false);
    assert_eq!(
        again.breakpoints.iter().collect::<Vec<_>>(),
        ["check_count"]
    );
    assert_eq!(again.watches, ["{{flow.variables.count}}"]);
    assert_eq!(again.execution.trigger_event(), "incomingRequest");
    assert!(again.canvas.on && again.canvas.wide);
    assert_eq!(again.canvas.zoom, sfdb::tui::flow::canvas::Zoom::Compact);
    assert_eq!(std::fs::read_to_string(&flow).unwrap(), original);
    let file = store.file_for(&flow).unwrap();
    assert!(
        file.starts_with(state.path().join("sfdb/flows")),
        "{}",
        file.display()
    );
    // A trigger asked for on the command line wins over the remembered one.
    let mut asked = open(&flow);
    store.load(&flow).unwrap().apply(&mut asked, true);
    assert_eq!(asked.execution.trigger_event(), "incomingMessage");
    // After the first step the trigger's event can no longer change.
    common::press(&mut again, KeyCode::Char('s'));
    assert!(!again.execution.set_trigger_event("incomingCall"));
}

/// A remembered file from another version, with a zoom this one does not know, still gives
/// back its breakpoints.
#[test]
fn an_unknown_zoom_in_a_remembered_file_keeps_the_rest() {
    let setup: Setup = serde_json::from_str(
        r#"{"flow": "/x.json", "breakpoints": ["a"], "canvas": true, "zoom": "giant"}"#,
    )
    .unwrap();
    assert_eq!(setup.breakpoints, ["a"]);
    assert_eq!(setup.zoom, None);
    let setup: Setup = serde_json::from_str(r#"{"flow": "/x.json", "zoom": "compact"}"#).unwrap();
    assert_eq!(setup.zoom, Some(sfdb::tui::flow::canvas::Zoom::Compact));
}
