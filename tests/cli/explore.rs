//! `sfdb explore`: the search for runs that take new transitions writes scenarios that pass
//! under `sfdb test` and together cover what it reached; `--from` starts from what existing
//! scenarios take; the same seed finds the same scenarios.

use crate::common;

fn explore(args: &[&str]) -> (Option<i32>, String) {
    let out = common::sfdb(&[&["explore"][..], args].concat());
    (
        out.status.code(),
        common::text(&out.stdout) + &common::text(&out.stderr),
    )
}

fn test_dir(dir: &std::path::Path) -> (Option<i32>, String) {
    let out = common::sfdb(&["test", dir.to_str().unwrap(), "--coverage"]);
    (out.status.code(), common::text(&out.stdout))
}

#[test]
fn explore_covers_a_flow_with_scenarios_that_pass() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = explore(&[
        "flows/order-status-sms.json",
        "-o",
        dir.path().to_str().unwrap(),
        "--now",
        "2026-12-07T10:00:00-08:00",
    ]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("transitions 14/14 (100%)"), "{text}");
    let written = text.lines().filter(|l| l.starts_with("wrote ")).count();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), written);
    // Every scenario passes, and together they take every transition.
    let (code, report) = test_dir(dir.path());
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains(&format!("{written} passed, 0 failed")),
        "{report}"
    );
    assert!(
        report.contains("widgets 7/7, transitions 14/14 (100%)"),
        "{report}"
    );
    // A scenario says what it takes, and gives the waiting widget what it needs.
    let timeout = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("ask_order timeout"))
        .expect("a scenario for the reply's timeout");
    let scenario: serde_json::Value = serde_json::from_str(&timeout).unwrap();
    assert_eq!(scenario["events"]["ask_order"][0], "timeout");
    assert_eq!(scenario["now"], "2026-12-07T10:00:00-08:00");

    // The same seed finds the same scenarios.
    let again = tempfile::tempdir().unwrap();
    explore(&[
        "flows/order-status-sms.json",
        "-o",
        again.path().to_str().unwrap(),
        "--now",
        "2026-12-07T10:00:00-08:00",
    ]);
    let read = |d: &std::path::Path| {
        let mut files: Vec<(String, String)> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(read(dir.path()), read(again.path()));
}

#[test]
fn an_ivr_is_explored_digit_by_digit_and_what_is_missed_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let flow = common::shared().join("flows-corpus/twilio-demo__ivr-flow.json");
    let (code, text) = explore(&[
        flow.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
        // Runs, not seconds: the same search on any machine, in any build.
        "--runs",
        "6000",
        "--budget",
        "300",
    ]);
    assert_eq!(code, Some(0), "{text}");
    let line = text.lines().next().unwrap();
    let (taken, all) = line
        .split("transitions ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|t| t.split_once('/'))
        .map(|(a, b)| (a.parse::<f64>().unwrap(), b.parse::<f64>().unwrap()))
        .unwrap();
    assert!(taken / all >= 0.9, "{line}");
    // Each transition missed is listed with its line and a reason.
    for missed in text.lines().skip_while(|l| *l != "not reached:").skip(1) {
        assert!(missed.contains("twilio-demo__ivr-flow.json:"), "{missed}");
        assert_eq!(missed.matches(": ").count(), 2, "{missed}");
    }
    let (code, report) = test_dir(dir.path());
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("gather_1"), "{report}");
}

#[test]
fn from_existing_scenarios_only_what_they_miss_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = explore(&[
        "flows/order-status-sms.json",
        "-o",
        dir.path().to_str().unwrap(),
        "--from",
        "flows",
    ]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("transitions 14/14 (100%), 6 of them taken by --from"),
        "{text}"
    );
    // What the bundled scenarios take is not written again.
    for line in text.lines().filter(|l| l.starts_with("wrote ")) {
        assert!(!line.contains("check_status match"), "{line}");
        assert!(!line.contains("lookup success"), "{line}");
    }
    let written = text.lines().filter(|l| l.starts_with("wrote ")).count();
    assert!(written > 0 && written < 8, "{text}");
}

/// A split on a simulated widget's output (answering machine detection) is reached by giving
/// the widget that output, and one on the time by runs at other hours; both replay.
#[test]
fn outputs_and_the_time_are_explored_too() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("amd.json");
    std::fs::write(
        &flow,
        serde_json::json!({
            "description": "amd", "initial_state": "Trigger",
            "states": [
                {"name": "Trigger", "type": "trigger",
                 "transitions": [{"event": "incomingRequest", "next": "call"}], "properties": {}},
                {"name": "call", "type": "make-outgoing-call-v2",
                 "transitions": [{"event": "answered", "next": "who"}, {"event": "busy"},
                                 {"event": "noAnswer"}, {"event": "failed"}],
                 "properties": {"machine_detection": "Enable", "from": "+15550001111",
                                "to": "+15550002222"}},
                {"name": "who", "type": "split-based-on",
                 "transitions": [{"event": "noMatch"},
                    {"event": "match", "next": "greet", "conditions": [{"friendly_name": "human",
                      "arguments": ["{{widgets.call.AnsweredBy}}"], "type": "equal_to",
                      "value": "human"}]}],
                 "properties": {"input": "{{widgets.call.AnsweredBy}}"}},
                {"name": "greet", "type": "say-play",
                 "transitions": [{"event": "audioComplete"}], "properties": {"say": "hi"}}
            ]
        })
        .to_string(),
    )
    .unwrap();
    for (flow, all) in [
        (flow.to_str().unwrap().to_string(), "8/8"),
        ("flows/business-hours.json".to_string(), "7/7"),
    ] {
        let out = dir.path().join(format!("out-{all}").replace('/', "-"));
        let (code, text) = explore(&[&flow, "-o", out.to_str().unwrap(), "--runs", "3000"]);
        assert_eq!(code, Some(0), "{text}");
        assert!(
            text.contains(&format!("transitions {all} (100%)")),
            "{text}"
        );
        let (code, report) = test_dir(&out);
        assert_eq!(code, Some(0), "{report}");
    }
    let human = std::fs::read_dir(dir.path().join("out-8-8"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("who match"))
        .unwrap();
    assert!(human.contains("\"AnsweredBy\": \"human\""), "{human}");
}
