//! Seeing what a step did and any past step: after `s` the inspector shows the step that just
//! ran with a `next:` line; a step selected in the timeline rewinds the panes to it.

use crate::common;

use crossterm::event::KeyCode;
use serde_json::json;
use sfdb::tui::Model;

fn step(model: &mut Model) {
    common::run_step(model);
}

#[test]
fn after_s_the_inspector_shows_the_step_that_ran_and_what_runs_next() {
    let mut m = common::demo_model(false);
    step(&mut m);
    step(&mut m);
    // set_count ran: it stays selected, with what it set; check the line on what runs next.
    assert_eq!(m.inspected().unwrap().name, "set_count");
    assert_eq!(m.execution.current(), Some("fetch_order"));
    step(&mut m);
    assert_eq!(m.inspected().unwrap().name, "fetch_order");
    assert_eq!(m.inspected_step().unwrap().step, 3);
    assert_eq!(
        sfdb::tui::inspector::items::next_preview(&m).as_deref(),
        Some("next: check_count (split-based-on): noMatch → set_count if nothing changes")
    );
    let text = common::frame(&m, 120, 40);
    assert!(text.contains("Response HTTP 503"), "{text}");
    assert!(
        text.contains("next: check_count (split-based-on)"),
        "{text}"
    );
    common::snapshot("tui_after_step_120x40", &m, 120, 40);
}

/// The step that ran is rendered as it ran: after the retry loop's second pass through
/// set_count, its field renders against the context that step started from (count 1, so
/// `2`, what it set), not the context after it (count 2, which would render `3`).
#[test]
fn the_step_that_ran_renders_against_the_context_it_started_from() {
    let mut m = common::demo_model(false);
    for _ in 0..5 {
        step(&mut m);
    }
    assert_eq!(m.inspected().unwrap().name, "set_count");
    let set = m.inspected_step().unwrap().variables["count"].clone();
    assert_eq!(set, json!(2));
    assert_eq!(
        m.render_context().get("flow.variables.count"),
        Some(&json!(1)),
        "the context set_count's step started from"
    );
    let text = common::frame(&m, 120, 40);
    assert!(text.contains("= ⏎2"), "{text}");
    assert!(!text.contains("= ⏎3"), "{text}");
    // Selecting another widget shows no `next:` line: it would read as that widget's.
    common::select_widget(&mut m, "give_up");
    assert_eq!(sfdb::tui::inspector::items::next_preview(&m), None);
    let text = common::frame(&m, 120, 40);
    assert!(
        !text.contains("│next: ") && !text.contains("┃next: "),
        "{text}"
    );
}

#[test]
fn a_past_step_rewinds_the_panes_and_esc_returns_to_the_present() {
    let mut m = common::demo_model(false);
    for _ in 0..7 {
        step(&mut m);
    }
    assert_eq!(m.execution.steps().len(), 7);
    let count = |m: &Model| m.shown_context().get("flow.variables.count").cloned();
    assert_eq!(count(&m), Some(json!(2)));
    // The timeline's cursor starts on the newest step and moves one step at a time.
    common::press(&mut m, KeyCode::Char('4'));
    for _ in 0..4 {
        assert!(
            common::press(&mut m, KeyCode::Char('k')).is_empty(),
            "nothing is sent"
        );
    }
    assert_eq!(m.viewed_step(), Some(3));
    assert_eq!(m.inspected().unwrap().name, "fetch_order");
    // After step 3 the count was 1; the step's own request is shown, rendered as it was.
    assert_eq!(count(&m), Some(json!(1)));
    assert_eq!(
        m.render_context().get("flow.variables.count"),
        Some(&json!(1))
    );
    let text = common::frame(&m, 120, 40);
    assert!(text.contains("viewing step 3 of 7"), "{text}");
    assert!(text.contains("param attempt = 1"), "{text}");
    common::snapshot("tui_viewing_step_3_120x40", &m, 120, 40);
    // The variables mark what step 3 changed: the fetch_order outputs.
    let changed: Vec<String> = m
        .variable_rows()
        .iter()
        .filter(|r| r.changed && r.depth == 1)
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(changed, ["widgets.fetch_order"]);
    common::press(&mut m, KeyCode::Esc);
    assert_eq!(m.viewed_step(), None);
    assert_eq!(count(&m), Some(json!(2)));
    assert_eq!(m.inspected().unwrap().name, "set_count");
    assert_eq!(m.execution.steps().len(), 7, "nothing re-executed");
}

#[test]
fn s_while_viewing_the_past_steps_from_the_present() {
    let mut m = common::demo_model(false);
    for _ in 0..3 {
        step(&mut m);
    }
    common::press(&mut m, KeyCode::Char('4'));
    common::press(&mut m, KeyCode::Char('g'));
    assert_eq!(m.viewed_step(), Some(1));
    step(&mut m);
    assert_eq!(m.viewed_step(), None);
    assert_eq!(m.execution.steps().len(), 4);
}
