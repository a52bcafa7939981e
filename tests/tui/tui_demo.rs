//! The debugger's own loop, driven on `TestBackend` with scripted keys, against real local
//! endpoints: the bundled demo's, and a second one that an edited URL points to. Nothing here
//! stands in for the loop: requests go out as tasks and come back as messages, files are
//! written and text copied by the loop as a user's session does.

use crate::runner::{self, code, ctrl, key, typed, Do, TestSurface};
use crate::server;

use std::sync::Arc;

use crossterm::event::KeyCode;
use serde_json::json;
use sfdb::flow::Document;
use sfdb::session::{self, Start};
use sfdb::tui::Model;

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

/// The demo flow as a file of its own in `dir` (so it can be written and remembered), opened.
fn demo_in_file(dir: &std::path::Path) -> (std::path::PathBuf, Model) {
    let path = dir.join("flow.json");
    std::fs::write(&path, sfdb::demo::FLOW).unwrap();
    let doc = Document::load(&path).unwrap();
    let execution = session::execution(&doc, &Start::default()).unwrap();
    (path, Model::new(doc, execution, false))
}

/// Selects a widget in the graph as a user would: `/` and its name.
fn select(name: &str) -> Vec<Do> {
    let mut keys = vec![key('1'), key('/')];
    keys.extend(typed(name));
    keys.push(code(KeyCode::Enter));
    keys
}

/// `s` pressed `n` times, each waiting for its request (if any) to come back.
fn steps(n: usize) -> Vec<Do> {
    (0..n).flat_map(|_| [key('s'), Do::Settle]).collect()
}

/// The `fetch_order` events of the steps so far.
fn fetch_events(model: &Model) -> Vec<String> {
    model
        .execution
        .steps()
        .iter()
        .filter(|s| s.transitioned_from == "fetch_order")
        .map(|s| s.name.clone())
        .collect()
}

#[tokio::test]
async fn the_demo_counts_one_two_three_and_then_succeeds() {
    let mut surface = TestSurface::new(120, 40, steps(12));
    let model = runner::run(demo_model().await, &mut surface).await;
    assert_eq!(model.execution.status(), &sfdb::engine::Status::Ended);
    let counts: Vec<_> = model
        .execution
        .steps()
        .iter()
        .filter(|s| s.transitioned_from == "set_count")
        .map(|s| s.variables["count"].clone())
        .collect();
    assert_eq!(counts, [json!(1), json!(2), json!(3)]);
    assert_eq!(fetch_events(&model), ["failed", "failed", "success"]);
    assert_eq!(
        model.execution.context().get("flow.variables.order_status"),
        Some(&json!("shipped"))
    );
    let screen = surface.screen();
    assert!(screen.contains("ended after 10 steps"), "{screen}");
    assert!(screen.contains("HTTP 503"), "{screen}");
    assert!(screen.contains("HTTP 200"), "{screen}");
}

#[tokio::test]
async fn continue_runs_through_the_retries_to_the_end_in_one_key() {
    let mut surface = TestSurface::new(80, 24, [key('c'), Do::Settle, Do::Frame]);
    let model = runner::run(demo_model().await, &mut surface).await;
    assert_eq!(fetch_events(&model), ["failed", "failed", "success"]);
    assert!(
        surface.frames[0].contains("ended after 10 steps"),
        "{}",
        surface.frames[0]
    );
}

#[tokio::test]
async fn the_demo_fails_twice_again_after_a_restart_or_a_step_back() {
    let mut script = steps(10);
    script.push(key('r'));
    script.extend(steps(10));
    // Back over the success and the count before it: the third attempt succeeds again.
    script.extend([key('p'), key('p'), key('p')]);
    script.extend(steps(3));
    let mut surface = TestSurface::new(80, 24, script);
    let model = runner::run(demo_model().await, &mut surface).await;
    assert_eq!(fetch_events(&model), ["failed", "failed", "success"]);
    assert_eq!(model.execution.steps().len(), 10);
}

#[tokio::test]
async fn an_edited_url_sends_the_next_request_to_the_new_endpoint() {
    let other = server::start().await;
    // Select fetch_order, focus the inspector, select the url field and replace it.
    let mut script = select("fetch_order");
    script.extend([key('2'), key('j'), key('e'), ctrl('a'), ctrl('k')]);
    script.extend(typed(&other.url("/echo")));
    script.push(ctrl('s'));
    script.extend(steps(3));
    let mut surface = TestSurface::new(120, 40, script);
    let model = runner::run(demo_model().await, &mut surface).await;
    assert!(model.modals.editor().is_none());
    assert_eq!(other.hits.count("echo"), 1);
    let step = model.execution.steps().last().unwrap();
    assert_eq!(step.transitioned_from, "fetch_order");
    assert_eq!(step.name, "success");
    assert_eq!(
        model
            .execution
            .context()
            .get("widgets.fetch_order.parsed.query"),
        Some(&json!("attempt=1"))
    );
    assert!(surface.screen().contains("[modified]"));
}

#[tokio::test]
async fn the_loop_writes_the_flow_copies_values_and_quits_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (path, model) = demo_in_file(dir.path());

    let mut script = select("fetch_order");
    script.extend([key('2'), key('j'), key('e'), ctrl('a'), ctrl('k')]);
    script.extend(typed("http://127.0.0.1:9/edited"));
    script.extend([ctrl('s'), Do::Frame, key('w'), Do::Frame]);
    // The variables: the first row's value copied, then its path.
    script.extend([key('3'), key('j'), key('y'), key('Y')]);
    // q quits at once (nothing unsaved); what follows is never read.
    script.extend([key('q'), key('s'), key('s')]);
    let mut surface = TestSurface::new(80, 24, script);
    let model = runner::run(model, &mut surface).await;

    assert!(
        surface.frames[0].contains("[modified]"),
        "{}",
        surface.frames[0]
    );
    assert!(
        !surface.frames[1].contains("[modified]"),
        "{}",
        surface.frames[1]
    );
    assert!(surface.frames[1].contains("wrote"), "{}", surface.frames[1]);
    assert_eq!(surface.written, std::slice::from_ref(&path));
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(on_disk.contains("http://127.0.0.1:9/edited"));
    assert_eq!(
        on_disk,
        model.document.to_json(),
        "the written text is the file's now"
    );
    assert_eq!(surface.copied.len(), 2, "{:?}", surface.copied);
    assert!(
        model.execution.steps().is_empty(),
        "the keys after q were never read"
    );
}

#[tokio::test]
async fn the_loop_remembers_breakpoints_as_they_change() {
    let dir = tempfile::tempdir().unwrap();
    let (_, model) = demo_in_file(dir.path());
    let mut surface = TestSurface::new(80, 24, [key('j'), key('b'), code(KeyCode::Down)]);
    runner::run(model, &mut surface).await;
    let last = surface
        .remembered
        .last()
        .expect("a breakpoint is remembered");
    assert_eq!(last.breakpoints.len(), 1);
    assert_eq!(
        surface.remembered.len(),
        1,
        "unchanged setups are not written again"
    );
}

/// The flow file changed on disk after the debugger read it: `w` writes nothing and asks;
/// `w` again overwrites, any other key keeps the file as it is on disk.
#[tokio::test]
async fn a_file_changed_on_disk_is_overwritten_only_when_asked_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (path, model) = demo_in_file(dir.path());
    let outside = sfdb::demo::FLOW.replace("\"description\"", "\"description\" ");
    std::fs::write(&path, &outside).unwrap();
    let mut script = select("fetch_order");
    script.extend([key('2'), key('j'), key('e'), ctrl('a'), ctrl('k')]);
    script.extend(typed("http://127.0.0.1:9/edited"));
    script.extend([ctrl('s'), key('w'), Do::Frame, key('x'), Do::Frame]);
    script.extend([key('w'), key('w'), Do::Frame]);
    let mut surface = TestSurface::new(120, 40, script);
    runner::run(model, &mut surface).await;
    assert!(
        surface.frames[0].contains("Overwrite?"),
        "{}",
        surface.frames[0]
    );
    assert!(surface.frames[0].contains("changed on disk"));
    assert!(surface.frames[1].contains("not written: the file on disk is kept"));
    assert!(surface.frames[2].contains("wrote"), "{}", surface.frames[2]);
    assert!(std::fs::read_to_string(&path).unwrap().contains("/edited"));
}

/// Over a file changed on disk, `r` reads it again and applies the edits made here to it: the
/// outside change and the edit are both in the file that `w` then writes.
#[tokio::test]
async fn a_file_changed_on_disk_is_reloaded_with_the_edits_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (path, model) = demo_in_file(dir.path());
    let outside = sfdb::demo::FLOW.replace(
        "as Studio's Make HTTP Request page recommends",
        "changed outside",
    );
    std::fs::write(&path, &outside).unwrap();
    let mut script = select("fetch_order");
    script.extend([key('2'), key('j'), key('e'), ctrl('a'), ctrl('k')]);
    script.extend(typed("http://127.0.0.1:9/edited"));
    script.extend([ctrl('s'), key('w'), Do::Frame, key('r'), Do::Frame]);
    script.extend([key('w'), Do::Frame]);
    let mut surface = TestSurface::new(120, 40, script);
    let model = runner::run(model, &mut surface).await;
    assert!(
        surface.frames[0].contains("r read it again"),
        "{}",
        surface.frames[0]
    );
    assert!(
        surface.frames[1].contains("reloaded") && surface.frames[1].contains("edits here applied"),
        "{}",
        surface.frames[1]
    );
    assert!(surface.frames[2].contains("wrote"), "{}", surface.frames[2]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("changed outside"),
        "the outside change is kept"
    );
    assert!(text.contains("/edited"), "the edit is applied");
    assert!(!model.unsaved);
}

/// SIGTERM during a request ends the session with the signal (the caller gives the terminal
/// back and exits 143); Ctrl+Z suspends as a shell expects and the session goes on after.
#[tokio::test]
async fn a_signal_ends_the_session_and_ctrl_z_suspends_it() {
    let script = [
        runner::ctrl('z'),
        key('s'),
        key('s'),
        key('s'),
        Do::Signal(15),
        key('s'),
    ];
    let mut surface = TestSurface::new(80, 24, script);
    let ended = runner::ended(common_demo(), &mut surface, Arc::new(runner::Silent)).await;
    assert_eq!(ended.signal, Some(15));
    assert_eq!(surface.suspended, 1);
    assert!(
        ended.model.request.is_some(),
        "ended while fetch_order's request was out"
    );
}

/// The demo pointed at a closed port: its first request never needs an answer here.
fn common_demo() -> Model {
    crate::common::demo_model(false)
}

/// A 1,000-widget flow's canvas is laid out off the loop: the outline shows meanwhile and
/// keys are handled at once; the canvas replaces it when the layout is done.
#[tokio::test]
async fn a_large_canvas_is_laid_out_without_holding_up_keys() {
    let text = crate::common::generated_flow(1000);
    let doc = Document::parse("big.json", &text).unwrap();
    let execution = session::execution(&doc, &Start::default()).unwrap();
    let model = Model::new(doc, execution, false);
    let script = [
        key('f'),
        Do::Frame,
        key('j'),
        Do::Frame,
        Do::Settle,
        Do::Frame,
    ];
    let mut surface = TestSurface::new(120, 40, script);
    let model = runner::run_with(model, &mut surface, Arc::new(runner::Silent)).await;
    assert!(
        surface.frames[0].contains("laying out the canvas of 1000 widgets"),
        "{}",
        surface.frames[0]
    );
    assert!(
        surface.frames[0].contains("Trigger trigger"),
        "the outline meanwhile"
    );
    assert_eq!(
        model.graph_cursor, 1,
        "j moved the selection while the layout ran"
    );
    assert!(
        surface.frames[2].contains(" · full · "),
        "{}",
        surface.frames[2]
    );
    assert!(model.canvas.laying_out.is_none());
}
