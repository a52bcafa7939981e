//! Each `sfdb check` rule, on a small flow that triggers it and one that does not; the corpus
//! table in the README; and graph export.

use crate::common;

use std::collections::BTreeMap;

use common::{flow, trigger};
use serde_json::{json, Value};
use sfdb::check::{check, Finding, RULES};

fn findings(states: Value) -> Vec<Finding> {
    check(&flow(states))
}

fn lines(states: Value, rule: &str) -> Vec<String> {
    findings(states)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.line())
        .collect()
}

fn http(name: &str, props: Value, success: Option<&str>, failed: Option<&str>) -> Value {
    let mut p =
        json!({"method": "GET", "content_type": "application/json", "url": "https://example.com"});
    for (k, v) in props.as_object().unwrap() {
        p[k] = v.clone();
    }
    json!({"name": name, "type": "make-http-request", "properties": p,
           "transitions": [{"event": "success", "next": success}, {"event": "failed", "next": failed}]})
}

fn vars(name: &str, vars: Value, next: Option<&str>) -> Value {
    json!({"name": name, "type": "set-variables", "properties": {"variables": vars},
           "transitions": [{"event": "next", "next": next}]})
}

fn split(
    name: &str,
    input: &str,
    kind: &str,
    value: &str,
    matched: Option<&str>,
    no_match: Option<&str>,
) -> Value {
    json!({"name": name, "type": "split-based-on", "properties": {"input": input},
           "transitions": [{"event": "noMatch", "next": no_match},
                           {"event": "match", "next": matched, "conditions": [
                               {"friendly_name": "c", "arguments": [], "type": kind, "value": value}]}]})
}

#[test]
fn liquid_syntax_errors_name_the_field_and_position() {
    assert_eq!(
        lines(json!([trigger("a"), vars("a", json!([{"key": "x", "value": "ok {% if %}"}]), None)]), "liquid-syntax"),
        ["widget a (set-variables): error: field variables[0].value: Liquid syntax error at line 1, column 9: A value is expected"]
    );
    assert!(lines(
        json!([
            trigger("a"),
            vars(
                "a",
                json!([{"key": "x", "value": "{{ 1 | plus: 2 }}"}]),
                None
            )
        ]),
        "liquid-syntax"
    )
    .is_empty());
}

#[test]
fn invalid_regex_in_a_split() {
    assert_eq!(
        lines(json!([trigger("s"), split("s", "{{x}}", "regex", "([a-z", None, None)]), "invalid-regex"),
        ["widget s (split-based-on): error: condition \"c\": the regex `([a-z` does not compile (error: unclosed character class); it matches nothing"]
    );
    assert!(lines(
        json!([
            trigger("s"),
            split("s", "{{x}}", "regex", "[a-z]+", None, None)
        ]),
        "invalid-regex"
    )
    .is_empty());
}

#[test]
fn reserved_parameter_names() {
    let bad = http(
        "h",
        json!({"parameters": [{"key": "method", "value": "x"}]}),
        None,
        None,
    );
    assert_eq!(
        lines(json!([trigger("h"), bad]), "reserved-parameter"),
        ["widget h (make-http-request): error: parameter `method` is a reserved word: Studio fails the request (error 81014)"]
    );
    let good = http(
        "h",
        json!({"parameters": [{"key": "verb", "value": "x"}]}),
        None,
        None,
    );
    assert!(lines(json!([trigger("h"), good]), "reserved-parameter").is_empty());
}

#[test]
fn twilio_auth_on_a_literal_other_host() {
    let bad = http(
        "h",
        json!({"add_twilio_auth": true, "url": "https://user:secret@example.com/x"}),
        None,
        None,
    );
    assert_eq!(
        lines(json!([trigger("h"), bad]), "twilio-auth-host"),
        ["widget h (make-http-request): error: add_twilio_auth is on but `https://user:***@example.com/x` is not a *.twilio.com URL: Studio fails the widget without a request"]
    );
    for url in [
        "https://api.twilio.com/2010-04-01/Accounts.json",
        "{{flow.data.url}}",
    ] {
        let good = http(
            "h",
            json!({"add_twilio_auth": true, "url": url}),
            None,
            None,
        );
        assert!(
            lines(json!([trigger("h"), good]), "twilio-auth-host").is_empty(),
            "{url}"
        );
    }
}

#[test]
fn unreachable_widgets() {
    assert_eq!(
        lines(
            json!([
                trigger("a"),
                vars("a", json!([]), None),
                vars("lost", json!([]), None)
            ]),
            "unreachable"
        ),
        ["widget lost (set-variables): warning: nothing leads here from Trigger"]
    );
    assert!(lines(
        json!([trigger("a"), vars("a", json!([]), None)]),
        "unreachable"
    )
    .is_empty());
}

#[test]
fn a_failure_that_loops_straight_back() {
    assert_eq!(
        lines(json!([trigger("h"), http("h", json!({}), None, Some("h"))]), "self-loop-retry"),
        ["widget h (make-http-request): warning: failed loops straight back to this widget: Studio stops the execution after 10 runs in a row (81001); count the attempts with Set Variables and Split Based On instead"]
    );
    let doc = sfdb::flow::Document::load(&common::repo().join("flows/retry-counter.json")).unwrap();
    assert!(check(&doc.flow).iter().all(|f| f.rule != "self-loop-retry"));
}

#[test]
fn a_cycle_with_no_way_out() {
    assert_eq!(
        lines(json!([trigger("a"), vars("a", json!([]), Some("b")), vars("b", json!([]), Some("a"))]), "endless-cycle"),
        ["widget a (set-variables): warning: the cycle a → b has no way out: it can only end at Studio's 1,000-step limit"]
    );
    // The retry counter's loop can leave through match and success.
    let doc = sfdb::flow::Document::load(&common::repo().join("flows/retry-counter.json")).unwrap();
    assert!(check(&doc.flow).iter().all(|f| f.rule != "endless-cycle"));
}

#[test]
fn widgets_used_before_they_can_have_run() {
    let states = json!([
        trigger("first"),
        vars(
            "first",
            json!([{"key": "a", "value": "{{widgets.later.body}} {{widgets.ghost.x}}"}]),
            Some("later")
        ),
        http(
            "later",
            json!({"url": "https://example.com/{{widgets.later.status_code}}"}),
            Some("after"),
            None
        ),
        vars(
            "after",
            json!([{"key": "b", "value": "{{widgets.later.parsed.id}}"}]),
            None
        ),
    ]);
    assert_eq!(
        lines(states, "widget-not-run"),
        [
            "widget first (set-variables): warning: uses widgets.ghost, but the flow has no widget ghost",
            "widget first (set-variables): warning: uses widgets.later, but later cannot have run on any path to here",
            "widget later (make-http-request): warning: uses widgets.later, but later cannot have run on any path to here",
        ]
    );
}

#[test]
fn variables_read_before_anything_sets_them() {
    let states = json!([
        trigger("read"),
        vars(
            "read",
            json!([{"key": "greeting", "value": "Hi {{flow.variables.name}}"}]),
            Some("set")
        ),
        vars(
            "set",
            json!([{"key": "name", "value": "Zeke"}]),
            Some("again")
        ),
        vars(
            "again",
            json!([{"key": "x", "value": "{{flow.variables.name}}"}]),
            None
        ),
    ]);
    assert_eq!(
        lines(states, "variable-not-set"),
        ["widget read (set-variables): warning: reads flow.variables.name, but no Set Variables on any path to here sets it"]
    );
    // The seed's counter reads count in the loop that sets it: fine.
    let doc = sfdb::flow::Document::load(&common::repo().join("flows/retry-counter.json")).unwrap();
    assert!(check(&doc.flow)
        .iter()
        .all(|f| f.rule != "variable-not-set"));
}

#[test]
fn numeric_comparison_with_text() {
    assert_eq!(
        lines(json!([trigger("s"), split("s", "{{x}}", "greater_than", "ten", None, None)]), "numeric-compare"),
        ["widget s (split-based-on): warning: condition \"c\": greater_than compares numbers, but `ten` is not a number, so it never holds"]
    );
    assert!(lines(
        json!([
            trigger("s"),
            split("s", "{{x}}", "less_than", "10", None, None)
        ]),
        "numeric-compare"
    )
    .is_empty());
    assert!(lines(
        json!([
            trigger("s"),
            split("s", "{{x}}", "less_than", "{{y}}", None, None)
        ]),
        "numeric-compare"
    )
    .is_empty());
}

#[test]
fn events_that_end_silently_are_noted() {
    let states = json!([
        trigger("h"),
        http("h", json!({}), Some("done"), None),
        vars("done", json!([]), None)
    ]);
    assert_eq!(
        lines(states, "silent-end"),
        ["widget h (make-http-request): info: the execution ends silently on failed"]
    );
    let states = json!([
        trigger("h"),
        http("h", json!({}), Some("done"), Some("done")),
        vars("done", json!([]), None)
    ]);
    assert!(lines(states, "silent-end").is_empty());
}

#[test]
fn check_exit_codes_strict_and_json() {
    use std::process::Command;
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sfdb"))
            .current_dir(common::repo())
            .args(args)
            .output()
            .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let warn = dir.path().join("warn.json");
    std::fs::write(&warn, json!({"initial_state": "Trigger", "states": [trigger("a"), vars("a", json!([]), None), vars("lost", json!([]), None)]}).to_string()).unwrap();
    let out = run(&["check", warn.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{}: widget lost (set-variables): warning: nothing leads here from Trigger\n\
             0 errors, 1 warning, 0 notes in 1 file\n",
            warn.display()
        )
    );
    assert_eq!(
        run(&["check", "--strict", warn.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    let out = run(&["check", "--format", "jsonl", warn.to_str().unwrap()]);
    let record: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["rule"], "unreachable");
    assert_eq!(record["severity"], "warning");
    assert_eq!(record["widget"], "lost");
    let error = dir.path().join("error.json");
    std::fs::write(&error, json!({"initial_state": "Trigger", "states": [trigger("a"), vars("a", json!([{"key": "x", "value": "{{"}]), None)]}).to_string()).unwrap();
    assert_eq!(
        run(&["check", error.to_str().unwrap()]).status.code(),
        Some(2)
    );
    // Filtered: the warning is counted, not shown; -q is errors only.
    for args in [&["--min-severity", "error"][..], &["-q"]] {
        let out = run(&[&["check"][..], args, &[warn.to_str().unwrap()]].concat());
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "0 errors, 1 warning, 0 notes in 1 file (1 not shown)\n"
        );
    }
    let out = run(&["check", "-q", error.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!(
        "{}: widget a (set-variables): error: field variables[0].value: unterminated {{{{ at line 1, column 1",
        error.display()
    )));
}

/// Load errors say `error:` like every other finding.
#[test]
fn load_errors_carry_their_severity() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"states\": [").unwrap();
    let out = common::sfdb(&["check", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let text = common::text(&out.stdout);
    assert!(
        text.starts_with(&format!("{}:1:", broken.display())) && text.contains(": error: "),
        "{text}"
    );
    assert!(
        text.ends_with("1 error, 0 warnings, 0 notes in 1 file\n"),
        "{text}"
    );
}

/// The README's table of what `sfdb check` finds in the corpus, as (rule, count).
fn readme_table() -> BTreeMap<String, usize> {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let start = readme
        .find("<!-- corpus-findings -->")
        .expect("the README has the corpus table");
    readme[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| `"))
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].trim_matches('`').to_string(),
                cells[3].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_readme_table_matches_what_check_finds_in_the_corpus() {
    let dir = common::shared().join("flows-corpus");
    let mut counts: BTreeMap<String, usize> =
        RULES.iter().map(|(r, _)| (r.to_string(), 0)).collect();
    for sub in ["", "legacy"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let doc = sfdb::flow::Document::load(&path).unwrap();
                for f in check(&doc.flow) {
                    *counts.get_mut(f.rule).unwrap() += 1;
                }
            }
        }
    }
    assert_eq!(readme_table(), counts);
}

#[test]
fn graph_export_as_mermaid_and_dot() {
    let doc = sfdb::flow::Document::load(&common::repo().join("flows/retry-counter.json")).unwrap();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(
            "graph_retry_counter_mermaid",
            sfdb::cli::graph::mermaid(&doc.flow, None)
        );
        insta::assert_snapshot!(
            "graph_retry_counter_dot",
            sfdb::cli::graph::dot(&doc.flow, None)
        );
    });
}
