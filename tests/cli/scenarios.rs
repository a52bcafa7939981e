//! Scenario files: running, expectations, recording then replaying, and `sfdb test`.

use crate::common;

use crate::server;
use common::{sfdb, text};

use serde_json::{json, Value};

fn steps(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["kind"] == "step")
        .collect()
}

/// A step without what differs between a live request and its mock (time, headers, the flag).
fn comparable(mut step: Value) -> Value {
    if let Some(http) = step.get_mut("http").and_then(Value::as_object_mut) {
        http.remove("time_ms");
        http.remove("mocked");
        if let Some(response) = http.get_mut("response").and_then(Value::as_object_mut) {
            response.remove("headers");
        }
    }
    step
}

#[test]
fn sfdb_test_runs_the_bundled_scenarios_and_writes_junit() {
    // The Run Function example's scenarios run against its local Functions.
    crate::common::npm::example_functions();
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let out = sfdb(&["test", "flows", "--junit", junit.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("PASS flows/retry-counter.scenario.json\n"),
        "{stdout}"
    );
    assert!(stdout.ends_with("9 passed, 0 failed\n"), "{stdout}");
    let xml = std::fs::read_to_string(junit).unwrap();
    assert!(
        xml.contains("<testsuite name=\"sfdb\" tests=\"9\" failures=\"0\""),
        "{xml}"
    );
}

#[test]
fn a_failed_expectation_says_what_differed_and_where() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::repo().join("flows/retry-counter.json"),
        dir.path().join("flow.json"),
    )
    .unwrap();
    let scenario = dir.path().join("wrong.json");
    std::fs::write(
        &scenario,
        json!({
            "flow": "flow.json",
            "mocks": {"fetch_order": [{"status": 500, "body": "down"}]},
            "expect": {
                "status": "stopped",
                "path": ["Trigger", "set_count", "check_count"],
                "variables": {"count": 2},
                "values": {"widgets.fetch_order.status_code": 200}
            }
        })
        .to_string(),
    )
    .unwrap();
    let out = sfdb(&[
        "test",
        scenario.to_str().unwrap(),
        "--junit",
        dir.path().join("j.xml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let name = scenario.display().to_string();
    assert_eq!(
        text(&out.stdout),
        format!(
            "FAIL {name}\n     step 11: status: expected stopped, got ended (the flow reached an end)\n     \
             step 3: path: expected widget check_count, got widget fetch_order\n     \
             step 8: flow.variables.count: expected 2, got 3\n     \
             step 9: widgets.fetch_order.status_code: expected 200, got 500\n0 passed, 1 failed\n"
        )
    );
    let xml = std::fs::read_to_string(dir.path().join("j.xml")).unwrap();
    assert!(xml.contains("<failure message=\"step 11: status: expected stopped, got ended (the flow reached an end)\">"), "{xml}");
}

#[test]
fn scenario_errors_name_the_file_and_the_widget() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::repo().join("flows/order-status-sms.json"),
        dir.path().join("flow.json"),
    )
    .unwrap();
    for (scenario, message) in [
        (json!({"flow": "flow.json", "inputs": {"nobody": ["x"]}}), "inputs: the flow has no widget nobody"),
        (json!({"flow": "flow.json", "inputs": {"lookup": ["x"]}}), "inputs: widget lookup (make-http-request) takes no input"),
        (json!({"flow": "flow.json", "events": {"ask_order": ["sent"]}}), "events: widget ask_order (send-and-wait-for-reply) has no event sent (it has: incomingMessage, timeout, deliveryFailure)"),
        (json!({"flow": "flow.json", "mocks": {"ask_order": [{"status": 200}]}}), "mocks: widget ask_order (send-and-wait-for-reply) makes no request"),
    ] {
        let path = dir.path().join("s.json");
        std::fs::write(&path, scenario.to_string()).unwrap();
        let out = sfdb(&["run", "--scenario", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(text(&out.stderr), format!("{}: {message}\n", path.display()));
    }
}

#[test]
fn mocks_answer_in_order_and_the_last_repeats() {
    let out = sfdb(&[
        "run",
        "--scenario",
        "flows/retry-counter-gives-up.scenario.json",
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let errors: Vec<Value> = steps(&text(&out.stdout))
        .iter()
        .filter(|s| s["transitioned_from"] == "fetch_order")
        .map(|s| s["http"]["error"].clone())
        .collect();
    assert_eq!(errors, vec![json!("timed out after 10 s"); 3]);
}

#[test]
fn a_run_without_its_reply_waits_and_exits_4() {
    let out = sfdb(&["run", "flows/order-status-sms.json"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stdout).ends_with(
        "waiting after 1 steps: widget ask_order waits for a reply message; answer with \
         --input ask_order=TEXT, --event ask_order=timeout (repeat for later visits), or a \
         scenario's \"inputs\"\n"
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorded_run_replays_with_the_same_trace() {
    let s = server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let recorded = dir.path().join("recorded.json");
    let base = format!("flow.data.api_base=http://{}/fixed/flaky#", s.addr);
    let live = tokio::task::spawn_blocking({
        let recorded = recorded.clone();
        move || {
            sfdb(&[
                "run",
                "flows/retry-counter.json",
                "--set",
                &base,
                "--format",
                "jsonl",
                "--record",
                recorded.to_str().unwrap(),
            ])
        }
    })
    .await
    .unwrap();
    assert_eq!(live.status.code(), Some(0), "{}", text(&live.stderr));
    assert_eq!(s.hits.count("flaky"), 3);

    let replay = tokio::task::spawn_blocking({
        let recorded = recorded.clone();
        move || {
            sfdb(&[
                "run",
                "--scenario",
                recorded.to_str().unwrap(),
                "--format",
                "jsonl",
            ])
        }
    })
    .await
    .unwrap();
    assert_eq!(replay.status.code(), Some(0), "{}", text(&replay.stderr));
    assert_eq!(s.hits.count("flaky"), 3, "the replay sent no request");
    let live_steps: Vec<Value> = steps(&text(&live.stdout))
        .into_iter()
        .map(comparable)
        .collect();
    let replay_steps: Vec<Value> = steps(&text(&replay.stdout))
        .into_iter()
        .map(comparable)
        .collect();
    assert_eq!(live_steps.len(), 10);
    assert_eq!(live_steps, replay_steps);

    // The recording is itself a passing test.
    let test = tokio::task::spawn_blocking(move || sfdb(&["test", recorded.to_str().unwrap()]))
        .await
        .unwrap();
    assert_eq!(test.status.code(), Some(0), "{}", text(&test.stdout));
}

#[test]
fn recording_keeps_replies_and_chosen_events() {
    let dir = tempfile::tempdir().unwrap();
    let recorded = dir.path().join("r.json");
    let out = sfdb(&[
        "run",
        "--scenario",
        "flows/order-status-sms.scenario.json",
        "--record",
        recorded.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&recorded).unwrap()).unwrap();
    assert_eq!(scenario["inputs"], json!({"ask_order": [" 42 "]}));
    assert_eq!(scenario["trigger"], "incomingMessage");
    assert_eq!(scenario["mocks"]["lookup"][0]["status"], 200);
    let flow = dir.path().join(scenario["flow"].as_str().unwrap());
    assert_eq!(
        std::fs::canonicalize(flow).unwrap(),
        std::fs::canonicalize(common::repo().join("flows/order-status-sms.json")).unwrap()
    );
    let replay = sfdb(&["test", recorded.to_str().unwrap()]);
    assert_eq!(replay.status.code(), Some(0), "{}", text(&replay.stdout));
}

#[test]
fn a_scenario_can_give_a_subflow_its_file_inputs_and_mocks() {
    let out = sfdb(&["test", "tests/flows/parent.scenario.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = sfdb(&["run", "--scenario", "tests/flows/parent.scenario.json"]);
    assert!(
        text(&out.stdout).contains("      subflow #3 lookup --success--> done\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_subflows_steps_are_inline_in_the_jsonl_trace_with_their_parent_step() {
    let out = sfdb(&[
        "run",
        "--scenario",
        "tests/flows/parent.scenario.json",
        "--format",
        "jsonl",
    ]);
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let inner: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l.get("parent_step").is_some())
        .collect();
    assert_eq!(inner.len(), 4);
    assert!(inner.iter().all(|l| l["parent_step"] == 2));
    assert_eq!(inner[0]["transitioned_from"], "Trigger");
    // Before the run-subflow step they belong to, and counted in the end line.
    let parent = lines
        .iter()
        .position(|l| l["transitioned_from"] == "greet")
        .unwrap();
    let last_inner = lines
        .iter()
        .rposition(|l| l.get("parent_step").is_some())
        .unwrap();
    assert!(last_inner < parent);
    assert_eq!(lines.last().unwrap()["steps"], 7);
}

#[test]
fn an_expected_path_may_list_a_subflows_steps_inline_as_studio_does() {
    let out = sfdb(&[
        "run",
        "--scenario",
        "tests/flows/parent.scenario.json",
        "--format",
        "jsonl",
    ]);
    let inline: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter_map(|l| l["transitioned_from"].as_str().map(str::to_string))
        .collect();
    assert_eq!(inline.len(), 7);
    let flows = common::repo().join("tests/flows");
    let mut scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(flows.join("parent.scenario.json")).unwrap())
            .unwrap();
    scenario["flow"] = flows.join("parent.json").display().to_string().into();
    scenario["subflows"]["FW11111111111111111111111111111111"] = flows
        .join("greeting-subflow.json")
        .display()
        .to_string()
        .into();
    scenario["expect"]["path"] = serde_json::json!(inline);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inline.scenario.json");
    std::fs::write(&file, scenario.to_string()).unwrap();
    let out = sfdb(&["test", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    // One step off is still caught.
    scenario["expect"]["path"][2] = "nowhere".into();
    std::fs::write(&file, scenario.to_string()).unwrap();
    let out = sfdb(&["test", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
}

/// Scenarios run in parallel print the same report, in the same order, as one at a time.
#[test]
fn parallel_jobs_report_as_one_job_does() {
    let run = |jobs: &str| {
        let out = sfdb(&["test", "flows", "tests/flows", "--coverage", "--jobs", jobs]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
        text(&out.stdout)
    };
    let one = run("1");
    assert!(
        one.contains("PASS tests/flows/parent.scenario.json"),
        "{one}"
    );
    assert!(one.contains("coverage:"), "{one}");
    assert_eq!(run("4"), one);
    assert_eq!(run("3"), one);
}

/// `--watch` runs the scenarios again when the flow they run changes, until stopped.
#[test]
fn watch_runs_the_scenarios_again_when_their_flow_changes() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    for file in ["slack-post.json", "slack-post.scenario.json"] {
        std::fs::copy(
            common::repo().join("flows").join(file),
            dir.path().join(file),
        )
        .unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .args(["test", dir.path().to_str().unwrap(), "--watch"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let wait_for = |needle: &str| {
        let mut seen = Vec::new();
        loop {
            match rx.recv_timeout(std::time::Duration::from_secs(20)) {
                Ok(line) if line.contains(needle) => return seen,
                Ok(line) => seen.push(line),
                Err(_) => panic!("no {needle:?} after {seen:?}"),
            }
        }
    };
    let first = wait_for("watching 2 files");
    assert!(first.iter().any(|l| l == "1 passed, 0 failed"), "{first:?}");
    // The trigger now leads nowhere: the scenario fails.
    let flow = dir.path().join("slack-post.json");
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(&flow).unwrap()).unwrap();
    for t in json["states"][0]["transitions"].as_array_mut().unwrap() {
        t["next"] = Value::Null;
    }
    std::fs::write(&flow, json.to_string()).unwrap();
    wait_for("--- slack-post.json changed: 1 scenario ---");
    let again = wait_for("0 passed, 1 failed");
    assert!(again.iter().any(|l| l.starts_with("FAIL ")), "{again:?}");
    child.kill().unwrap();
    child.wait().unwrap();
}

/// A Run Function widget that names only its Function's SID is answered by its mock: a mock
/// needs no URL (found by `sfdb explore`, whose runs are all mocked).
#[test]
fn a_mock_answers_a_function_named_only_by_sid() {
    let dir = tempfile::tempdir().unwrap();
    let mut flow: Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo().join("flows/order-lookup-function.json")).unwrap(),
    )
    .unwrap();
    let widget = &mut flow["states"][1]["properties"];
    widget["url"] = "".into();
    widget["function_sid"] = "ZH00000000000000000000000000000001".into();
    std::fs::write(dir.path().join("flow.json"), flow.to_string()).unwrap();
    let scenario = dir.path().join("sid.scenario.json");
    std::fs::write(
        &scenario,
        json!({
            "flow": "flow.json",
            "set": {"trigger.message.Body": "42"},
            "mocks": {"lookup_order": [{"status": 200, "body": {"status": "shipped"}}]},
            "expect": {"path": ["Trigger", "lookup_order", "found"],
                       "variables": {"order_status": "shipped"}}
        })
        .to_string(),
    )
    .unwrap();
    let out = sfdb(&["test", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = sfdb(&["run", "--scenario", scenario.to_str().unwrap()]);
    assert!(
        text(&out.stdout)
            .contains("only its Function ZH00000000000000000000000000000001: its mock answers"),
        "{}",
        text(&out.stdout)
    );
}
