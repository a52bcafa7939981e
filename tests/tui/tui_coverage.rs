//! The outline and the canvas with the coverage `sfdb test` wrote (`sfdb --coverage FILE`): the widgets no
//! scenario ran and the transitions none took are marked, in words that need no colour.

use sfdb::flow::Document;
use sfdb::tui::{update, Model, Msg};

use crate::common;

#[test]
fn the_outline_marks_what_no_scenario_took() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("coverage.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .current_dir(common::repo())
        .args([
            "test",
            "flows/order-status-sms.scenario.json",
            "--coverage-out",
        ])
        .arg(&json)
        .args(["--coverage-format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out.stdout));
    let file = common::repo().join("flows/order-status-sms.json");
    let doc = Document::load(&file).unwrap();
    let covered = sfdb::scenario::coverage::read(&json, &file, &doc.flow).unwrap();
    let execution = sfdb::session::execution(&doc, &sfdb::session::Start::default()).unwrap();
    let mut model = Model::new(doc, execution, false);
    model.coverage = Some(covered);
    update(&mut model, Msg::Resize(80, 24));
    let frame = common::frame(&model, 80, 24);
    assert!(frame.contains("tell_other untested send-"), "{frame}");
    assert!(frame.contains("✗noMatch → tell_other · neve"), "{frame}");
    assert!(frame.contains("✗failed → tell_error"), "{frame}");
    assert!(frame.contains(" success → check_status"), "{frame}");
    assert!(!frame.contains("tell_shipped untested"), "{frame}");
    common::snapshot("outline_with_coverage_80x24", &model, 80, 24);

    // The canvas marks the same: `untested` in the box, `✗` on the port.
    update(&mut model, Msg::Resize(120, 40));
    common::press(&mut model, crossterm::event::KeyCode::Char('f'));
    common::press(&mut model, crossterm::event::KeyCode::Char('z'));
    let frame = common::frame(&model, 120, 40);
    assert!(frame.contains("untested"), "{frame}");
    assert!(frame.contains("✗noMatch"), "{frame}");
    common::snapshot("canvas_with_coverage_120x40", &model, 120, 40);
}
