//! `sfdb run` and `sfdb check` as a user runs them: output, traces (snapshots) and exit codes.

use crate::common;

use common::{sfdb, text};

fn snapshot(name: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

fn temp_flow(text: &str) -> tempfile::TempPath {
    let file = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    std::fs::write(file.path(), text).unwrap();
    file.into_temp_path()
}

#[test]
fn run_prints_each_step_and_the_outcome() {
    let out = sfdb(&[
        "run",
        "tests/flows/counter-loop.json",
        "--set",
        "trigger.message.Body= Price ",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    snapshot("run_counter_loop_text", &text(&out.stdout));
}

#[test]
fn run_jsonl_prints_steps_and_the_whole_context() {
    let out = sfdb(&[
        "run",
        "tests/flows/counter-loop.json",
        "--format",
        "jsonl",
        "--set",
        "flow.data.name=Zeke",
        "--set-json",
        "flow.data.items=[1,2]",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0],
        serde_json::json!({"kind": "step", "step": 1, "transitioned_from": "Trigger", "type": "trigger",
                           "name": "incomingMessage", "transitioned_to": "set_count"})
    );
    let end = lines.last().unwrap();
    assert_eq!(end["kind"], "end");
    assert_eq!(end["status"], "ended");
    assert_eq!(end["steps"], 8);
    assert_eq!(end["context"]["flow"]["variables"]["greeting"], "Hi Zeke");
    assert_eq!(
        end["context"]["flow"]["data"]["items"],
        serde_json::json!([1, 2])
    );
    snapshot("run_counter_loop_jsonl", &stdout);
}

#[test]
fn trigger_option_chooses_the_event_and_rejects_unknown_ones() {
    let out = sfdb(&[
        "run",
        "tests/flows/counter-loop.json",
        "--trigger",
        "incomingCall",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "#1   Trigger (trigger) --incomingCall--> Ended\nended after 1 steps\n"
    );

    let out = sfdb(&[
        "run",
        "tests/flows/counter-loop.json",
        "--trigger",
        "incomingFax",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "tests/flows/counter-loop.json: --trigger incomingFax: the trigger has no such event (it has: incomingMessage, incomingCall, incomingRequest, incomingConversationMessage, incomingParent)\n"
    );
}

#[test]
fn bad_set_options_are_usage_errors() {
    for (args, message) in [
        (
            vec!["--set", "flow.data.name"],
            "--set flow.data.name: expected PATH=VALUE",
        ),
        (
            vec!["--set", "vars.x=1"],
            "--set `vars.x` must start with flow, trigger, widgets or contact",
        ),
        (
            vec!["--set-json", "flow.data.x=[1,"],
            "--set-json flow.data.x: invalid JSON: EOF while parsing a value at line 1 column 3",
        ),
    ] {
        let mut all = vec!["run", "tests/flows/counter-loop.json"];
        all.extend(args);
        let out = sfdb(&all);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            text(&out.stderr),
            format!("tests/flows/counter-loop.json: {message}\n")
        );
    }
}

#[test]
fn an_invalid_flow_exits_2_with_the_problem() {
    let flow = temp_flow("{\"states\": [}");
    let out = sfdb(&["run", flow.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!("{}:1:13: invalid JSON: expected value\n", flow.display())
    );
}

#[test]
fn a_stopped_execution_exits_3_and_names_the_limit() {
    let flow = temp_flow(
        r#"{"initial_state": "Trigger", "states": [
            {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "spin"}]},
            {"name": "spin", "type": "set-variables", "properties": {"variables": []}, "transitions": [{"event": "next", "next": "spin"}]}]}"#,
    );
    let out = sfdb(&["run", flow.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(3));
    let stdout = text(&out.stdout);
    let end: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(end["status"], "stopped");
    assert_eq!(end["code"], 81001);
    assert_eq!(end["steps"], 11);

    let out = sfdb(&["run", flow.to_str().unwrap(), "--max-steps", "4"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stdout).ends_with(
        "stopped after 4 steps: the execution reached 4 steps; Studio ends an execution at 1000\n"
    ));
}

#[test]
fn an_unsupported_widget_exits_5() {
    let flow = temp_flow(
        r#"{"initial_state": "Trigger", "states": [
            {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingCall", "next": "hello"}]},
            {"name": "hello", "type": "my-custom-widget", "properties": {"say": "hi"}, "transitions": []}]}"#,
    );
    let out = sfdb(&["run", flow.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(5));
    assert!(text(&out.stdout).ends_with(
        "unsupported after 1 steps: widget hello has type my-custom-widget, which sfdb does not simulate yet\n"
    ));
}

#[test]
fn check_reports_every_problem_and_exits_2() {
    let bad = temp_flow(
        r#"{"initial_state": "Trigger", "states": [
            {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "gone"}]}]}"#,
    );
    let out = sfdb(&["check", "flows/retry-counter.json", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stdout),
        format!(
            "flows/retry-counter.json: ok (6 widgets)\n{}: widget Trigger (trigger): error: transition `incomingMessage` leads to `gone`, which does not exist; an execution that takes it stops there\n\
             1 error, 0 warnings, 0 notes in 2 files\n",
            bad.display()
        )
    );
    assert!(out.stderr.is_empty());
    // `sfdb run` goes as far as the flow lets it: the transition stops it (exit 3).
    let out = sfdb(&["run", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("leads to gone, which does not exist"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn run_masks_credentials_in_text_and_jsonl() {
    let flow = temp_flow(
        r#"{"initial_state": "Trigger", "states": [
            {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "call"}]},
            {"name": "call", "type": "make-http-request",
             "properties": {"method": "GET", "content_type": "application/json", "url": "{{flow.data.url}}"},
             "transitions": [{"event": "success"}, {"event": "failed"}]}]}"#,
    );
    let url = "--set=flow.data.url=http://bob:hunter2@127.0.0.1:9/x";
    for format in ["text", "jsonl"] {
        let out = sfdb(&["run", flow.to_str().unwrap(), url, "--format", format]);
        let stdout = text(&out.stdout);
        assert!(stdout.contains("bob:***@127.0.0.1:9"), "{stdout}");
        assert!(!stdout.contains("hunter2"), "{stdout}");
    }
}

#[test]
fn dates_are_pacific_and_now_can_be_fixed_on_both_sides_of_closing_time() {
    let run = |args: &[&str]| {
        let mut all = vec!["run", "flows/business-hours.json"];
        all.extend_from_slice(args);
        let out = sfdb(&all);
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    // 16:59 and 17:00 Pacific (in November, UTC-8): open, then closed.
    let (code, out, _) = run(&["--now", "2026-11-28T00:59:00Z"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("say_open") && out.contains("(16:59 -08:00)"),
        "{out}"
    );
    let (_, out, _) = run(&["--now", "2026-11-27T17:00:00-08:00"]);
    assert!(
        out.contains("say_closed") && out.contains("it is 17:00 here"),
        "{out}"
    );
    // Another time zone shows the same moment in its own hours.
    let (_, out, _) = run(&[
        "--now",
        "2026-11-27T17:00:00-08:00",
        "--timezone",
        "Asia/Tokyo",
    ]);
    assert!(
        out.contains("say_open") && out.contains("(10:00 +09:00)"),
        "{out}"
    );
    let (code, _, err) = run(&["--timezone", "Mars/Olympus"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("\"Mars/Olympus\" is not a time zone name"),
        "{err}"
    );
    let (code, _, err) = run(&["--now", "half past five"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--now \"half past five\" is not a time"),
        "{err}"
    );
}

#[test]
fn a_recorded_run_writes_the_now_it_used_and_replays_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("recorded.scenario.json");
    let flow = common::repo().join("flows/business-hours.json");
    let out = sfdb(&[
        "run",
        flow.to_str().unwrap(),
        "--record",
        record.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    let now = scenario["now"].as_str().expect("the now it used");
    assert!(now.ends_with("-08:00") || now.ends_with("-07:00"), "{now}");
    let out = sfdb(&["test", record.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn template_errors_are_warnings_unless_strict_liquid() {
    let flow = temp_flow(
        &serde_json::json!({"initial_state": "Trigger", "states": [
            {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "v"}]},
            {"name": "v", "type": "set-variables", "transitions": [{"event": "next"}],
             "properties": {"variables": [{"key": "x", "value": "{{ 'hi' | shout }}"}]}}]})
        .to_string(),
    );
    let path = flow.to_str().unwrap();
    let out = sfdb(&["run", path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let trace = text(&out.stdout);
    assert!(trace.contains("flow.variables.x = \"hi\""), "{trace}");
    assert!(
        trace.contains("! 81018 field variables.x: unknown filter shout"),
        "{trace}"
    );
    let out = sfdb(&["run", path, "--format", "jsonl"]);
    let line: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().nth(1).unwrap()).unwrap();
    assert_eq!(line["warnings"][0]["code"], 81018);
    let out = sfdb(&["run", path, "--strict-liquid"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stdout).contains("field variables.x: Liquid error"),
        "{}",
        text(&out.stdout)
    );
}

/// `sfdb render` reads dates with the clock `sfdb run` takes: `--timezone` and `--now`.
#[test]
fn render_takes_the_time_zone_and_now_as_run_does() {
    let out = sfdb(&[
        "render",
        "{{ 'now' | date: '%Y-%m-%d %H:%M' }}",
        "--now",
        "2026-11-27T09:30:00-08:00",
        "--timezone",
        "Europe/Paris",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "2026-11-27 18:30");
    let out = sfdb(&["render", "x", "--timezone", "Mars/Base"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a time zone name"));
}
