//! The account commands against a fake of the Studio API on 127.0.0.1 (`common/studio.rs`):
//! flows, pull, push, diff, executions, import and replay, and import from the twilio CLI's
//! files. No test reaches Twilio.

use crate::common;
use crate::studio;

use std::path::Path;
use std::process::Output;

use serde_json::{json, Value};
use studio::{Api, Fake, Recorder, ACCOUNT, TOKEN};

const RETRY: &str = "FW00000000000000000000000000000001";
const SMS: &str = "FW00000000000000000000000000000002";
const OTHER: &str = "FW00000000000000000000000000000003";
const RETRY_RUN: &str = "FN00000000000000000000000000000001";
const SMS_RUN: &str = "FN00000000000000000000000000000002";
const PARENT: &str = "FW00000000000000000000000000000004";
const GREETING: &str = "FW11111111111111111111111111111111";
const PARENT_RUN: &str = "FN00000000000000000000000000000004";

fn definition(file: &str) -> Value {
    let path = match common::repo().join("flows").join(file) {
        p if p.is_file() => p,
        _ => common::repo().join("tests/flows").join(file),
    };
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn retry_execution() -> studio::Execution {
    let failed = json!({"status_code": 503, "content_type": "application/json",
        "body": "{\"error\":\"warming up\"}", "parsed": {"error": "warming up"}});
    let body = json!({"id": "42", "status": "shipped", "items": [{"sku": "A-1"}]});
    let ok = json!({"status_code": 200, "content_type": "application/json",
        "body": body.to_string(), "parsed": body});
    let trigger = json!({"message": {"Body": "where is my order", "From": "+14155550100",
        "To": "+15005550006", "MessageSid": "SM0000", "AccountSid": ACCOUNT}});
    let mut r = Recorder::new(RETRY, RETRY_RUN, trigger, json!({})).step(
        "trigger",
        "Trigger",
        "incomingMessage",
        "set_count",
        None,
        &[],
    );
    for attempt in 1..=3 {
        r = r
            .step(
                "set-variables",
                "set_count",
                "next",
                "fetch_order",
                None,
                &[("count", json!(attempt))],
            )
            .step(
                "make-http-request",
                "fetch_order",
                if attempt < 3 { "failed" } else { "success" },
                if attempt < 3 {
                    "check_count"
                } else {
                    "save_status"
                },
                Some(if attempt < 3 {
                    failed.clone()
                } else {
                    ok.clone()
                }),
                &[],
            );
        if attempt < 3 {
            r = r.step(
                "split-based-on",
                "check_count",
                "noMatch",
                "set_count",
                None,
                &[],
            );
        }
    }
    r.step(
        "set-variables",
        "save_status",
        "next",
        "Ended",
        None,
        &[
            ("order_status", json!("shipped")),
            ("first_sku", json!("A-1")),
        ],
    )
    .finish(1)
}

fn sms_execution() -> studio::Execution {
    let body = json!({"id": "42", "status": "shipped", "items": [{"sku": "A-1"}, {"sku": "B-7"}]});
    let trigger = json!({"message": {"Body": "hi", "From": "+14155550100", "To": "+15005550006"}});
    Recorder::new(SMS, SMS_RUN, trigger, json!({"campaign": "fall"}))
        .step("trigger", "Trigger", "incomingMessage", "ask_order", None, &[])
        .step(
            "send-and-wait-for-reply",
            "ask_order",
            "incomingMessage",
            "lookup",
            // The whole Message resource, as Studio keeps it; the reply's spaces included.
            Some(json!({"outbound": {"Body": "Hi!", "Status": "sent", "Sid": "SM1"},
                "inbound": {"Body": " 42 ", "From": "+14155550100", "NumMedia": "0", "ApiVersion": "2010-04-01"}})),
            &[],
        )
        .step(
            "make-http-request",
            "lookup",
            "success",
            "check_status",
            Some(json!({"status_code": 200, "content_type": "application/json", "body": body.to_string(), "parsed": body})),
            &[],
        )
        .step("split-based-on", "check_status", "match", "tell_shipped", None, &[])
        .step("send-message", "tell_shipped", "sent", "Ended", Some(json!({"status": "sent"})), &[])
        .finish(1)
}

/// A flow whose run-subflow widget runs a greeting subflow: Studio lists the subflow's four
/// steps inline, before the run-subflow step.
fn parent_execution() -> studio::Execution {
    let trigger = json!({"message": {"Body": "Ada", "From": "+14155550100"}});
    Recorder::new(PARENT, PARENT_RUN, trigger, json!({}))
        .step("trigger", "Trigger", "incomingMessage", "greet", None, &[])
        .subflow_step("trigger", "Trigger", "incomingParent", "ask", None, 4)
        .subflow_step(
            "send-and-wait-for-reply",
            "ask",
            "incomingMessage",
            "lookup",
            Some(json!({"inbound": {"Body": "yes"}})),
            3,
        )
        .subflow_step(
            "make-http-request",
            "lookup",
            "success",
            "done",
            Some(json!({"status_code": 200, "content_type": "application/json", "body": "{\"status\":\"vip\"}"})),
            2,
        )
        .subflow_step("set-variables", "done", "next", "Ended", None, 1)
        .step(
            "run-subflow",
            "greet",
            "completed",
            "use",
            Some(json!({"greeting": "Hi Ada, yes", "status": "vip"})),
            &[],
        )
        .step("set-variables", "use", "next", "Ended", None, &[("said", json!("Hi Ada, yes (vip)"))])
        .finish(1)
}

async fn fake() -> Fake {
    let api = Api::default();
    api.throttle
        .store(true, std::sync::atomic::Ordering::SeqCst);
    *api.flows.lock().unwrap() = vec![
        studio::Flow {
            sid: RETRY.into(),
            name: "Retry counter".into(),
            revisions: vec![(
                "published".into(),
                definition("retry-counter.json"),
                "first".into(),
            )],
        },
        studio::Flow {
            sid: SMS.into(),
            name: "Order status".into(),
            revisions: vec![(
                "published".into(),
                definition("order-status-sms.json"),
                "first".into(),
            )],
        },
        studio::Flow {
            sid: PARENT.into(),
            name: "Parent".into(),
            revisions: vec![(
                "published".into(),
                definition("parent.json"),
                "first".into(),
            )],
        },
        studio::Flow {
            sid: GREETING.into(),
            name: "Greeting".into(),
            revisions: vec![(
                "published".into(),
                definition("greeting-subflow.json"),
                "first".into(),
            )],
        },
        studio::Flow {
            sid: OTHER.into(),
            name: "Slack".into(),
            revisions: vec![("draft".into(), definition("slack-post.json"), "wip".into())],
        },
    ];
    *api.executions.lock().unwrap() = vec![retry_execution(), sms_execution(), parent_execution()];
    studio::start(api).await
}

/// Runs sfdb with credentials for the fake, in `dir`, without blocking the fake's runtime.
async fn sfdb(fake: &Fake, dir: &Path, args: &[&str]) -> Output {
    sfdb_as(fake, dir, args, TOKEN).await
}

async fn sfdb_as(fake: &Fake, dir: &Path, args: &[&str], token: &str) -> Output {
    sfdb_with(fake, dir, args, token, &[]).await
}

async fn sfdb_with(
    fake: &Fake,
    dir: &Path,
    args: &[&str],
    token: &str,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"));
    cmd.current_dir(dir)
        .args(args)
        .env("SFDB_STUDIO_API", fake.base())
        // Retries wait milliseconds here; how long they wait is tested on its own below.
        .env("SFDB_API_MAX_WAIT_MS", "20")
        .env("TWILIO_ACCOUNT_SID", ACCOUNT)
        .env("TWILIO_AUTH_TOKEN", token)
        .env_remove("TWILIO_API_KEY")
        .env_remove("TWILIO_API_SECRET")
        .envs(env.iter().copied());
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn out(o: &Output) -> String {
    common::text(&o.stdout)
}

fn err(o: &Output) -> String {
    common::text(&o.stderr)
}

#[tokio::test(flavor = "multi_thread")]
async fn flows_lists_every_page_and_a_bad_token_is_refused_in_words() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&fake, dir.path(), &["flows"]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    for (sid, name) in [
        (RETRY, "Retry counter"),
        (SMS, "Order status"),
        (OTHER, "Slack"),
    ] {
        assert!(
            out(&o)
                .lines()
                .any(|l| l.starts_with(sid) && l.contains(name)),
            "{}",
            out(&o)
        );
    }
    let o = sfdb_as(&fake, dir.path(), &["flows"], "wrong-token").await;
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o)
            .contains("HTTP 401, the credentials were refused (Twilio error 20003): Authenticate"),
        "{}",
        err(&o)
    );
    assert!(!err(&o).contains("wrong-token") && !out(&o).contains("wrong-token"));
    let o = sfdb(
        &fake,
        dir.path(),
        &["pull", "FW00000000000000000000000000000009"],
    )
    .await;
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("HTTP 404, not found (Twilio error 20404)"),
        "{}",
        err(&o)
    );
    // Without credentials: what to set, and nothing sent.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"));
    cmd.args(["flows", "--api-base", &fake.base()])
        .env_remove("TWILIO_ACCOUNT_SID")
        .env_remove("TWILIO_AUTH_TOKEN")
        .env_remove("TWILIO_API_KEY");
    let o = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"),
        "{}",
        err(&o)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pull_then_push_sends_the_definition_pulled_and_a_newer_revision_is_refused() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&fake, dir.path(), &["pull", RETRY]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let file = dir.path().join(format!("{RETRY}.json"));
    let pulled: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(pulled["sid"], RETRY);
    assert_eq!(pulled["revision"], 1);
    assert_eq!(pulled["definition"], definition("retry-counter.json"));
    assert!(!std::fs::read_to_string(&file).unwrap().contains(TOKEN));

    // The file opens and checks as any flow does.
    let o = common::sfdb(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));

    let o = sfdb(
        &fake,
        dir.path(),
        &["push", file.to_str().unwrap(), "-m", "no change"],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains(&format!("to {RETRY}: revision 2 (draft)")),
        "{}",
        out(&o)
    );
    let posts = fake.api.posts.lock().unwrap().clone();
    assert_eq!(
        posts.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(),
        ["/v2/Flows/Validate", &format!("/v2/Flows/{RETRY}")]
    );
    let sent: Value = serde_json::from_str(&posts[1].1["Definition"]).unwrap();
    assert_eq!(
        sent, pulled["definition"],
        "an unchanged flow is pushed as it was pulled"
    );
    assert_eq!(posts[1].1["Status"], "draft");
    assert_eq!(posts[1].1["CommitMessage"], "no change");
    // The file now says which revision it matches.
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(after["revision"], 2);

    // Someone else publishes revision 3; pushing the file (at 2) is refused, and says why.
    fake.api.flows.lock().unwrap()[0].revisions.push((
        "published".into(),
        definition("retry-counter.json"),
        "theirs".into(),
    ));
    let o = sfdb(
        &fake,
        dir.path(),
        &["push", file.to_str().unwrap(), "--publish"],
    )
    .await;
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("has revision 3 in the account, newer than revision 2"),
        "{}",
        err(&o)
    );
    let o = sfdb(
        &fake,
        dir.path(),
        &["push", file.to_str().unwrap(), "--publish", "--force"],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("revision 4 (published)"), "{}", out(&o));

    // --revision and --definition-only.
    let o = sfdb(
        &fake,
        dir.path(),
        &[
            "pull",
            RETRY,
            "--revision",
            "latest-published",
            "--definition-only",
            "-o",
            "bare.json",
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let bare: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("bare.json")).unwrap())
            .unwrap();
    assert_eq!(bare, definition("retry-counter.json"));

    // A flow Twilio finds invalid: what Twilio says is shown whole, and nothing is updated.
    let future = dir.path().join("future.json");
    let mut def = definition("retry-counter.json");
    def["states"].as_array_mut().unwrap().push(
        json!({"name": "later", "type": "brand-new-widget", "transitions": [], "properties": {}}),
    );
    std::fs::write(
        &future,
        json!({"sid": RETRY, "revision": 4, "definition": def}).to_string(),
    )
    .unwrap();
    let updates = |fake: &Fake| {
        fake.api
            .posts
            .lock()
            .unwrap()
            .iter()
            .filter(|p| p.0 == format!("/v2/Flows/{RETRY}"))
            .count()
    };
    let before = updates(&fake);
    let o = sfdb(
        &fake,
        dir.path(),
        &["push", future.to_str().unwrap(), "--force"],
    )
    .await;
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(err(&o).contains("Twilio found the flow invalid: HTTP 400, rejected (Twilio error 20001): Invalid Flow Definition"), "{}", err(&o));
    assert!(err(&o).contains("#/states/6/type"), "{}", err(&o));
    assert_eq!(updates(&fake), before);

    // A flow with check errors is not pushed.
    let broken = dir.path().join("broken.json");
    let mut def = definition("retry-counter.json");
    def["states"][1]["transitions"][0]["next"] = json!("nowhere");
    std::fs::write(
        &broken,
        json!({"sid": RETRY, "revision": 4, "definition": def}).to_string(),
    )
    .unwrap();
    let before = fake.api.posts.lock().unwrap().len();
    let o = sfdb(&fake, dir.path(), &["push", broken.to_str().unwrap()]).await;
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(err(&o).contains("nowhere"), "{}", err(&o));
    assert_eq!(fake.api.posts.lock().unwrap().len(), before);
}

/// A file pushed to another flow than its own: that flow keeps its name (unless --name), the
/// file's revision (of its own flow) neither refuses the push nor is rewritten. A twilio CLI
/// file (`[ {...} ]`) records its new revision as a pulled one does. An update refused with
/// Twilio's details shows them whole.
#[tokio::test(flavor = "multi_thread")]
async fn push_to_another_flow_keeps_its_name_and_a_cli_file_records_its_new_revision() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("retry.json");
    // Pulled at revision 7 of its own flow: far past the other flow's 1.
    let pulled = json!({"sid": RETRY, "friendly_name": "Retry counter", "revision": 7,
        "definition": definition("retry-counter.json")});
    std::fs::write(&file, pulled.to_string()).unwrap();
    let o = sfdb(
        &fake,
        dir.path(),
        &["push", file.to_str().unwrap(), "--flow", OTHER],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let update = |fake: &Fake| fake.api.posts.lock().unwrap().last().cloned().unwrap();
    assert_eq!(update(&fake).0, format!("/v2/Flows/{OTHER}"));
    assert_eq!(update(&fake).1["FriendlyName"], "Slack");
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(after, pulled, "the file still describes its own flow");
    let o = sfdb(
        &fake,
        dir.path(),
        &[
            "push",
            file.to_str().unwrap(),
            "--flow",
            OTHER,
            "--name",
            "Slack v2",
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(update(&fake).1["FriendlyName"], "Slack v2");

    // The twilio CLI's `studio:v2:flows:fetch -o json`: an array of one, camelCase.
    let cli = dir.path().join("cli.json");
    let text =
        serde_json::to_string_pretty(&json!([{"sid": RETRY, "friendlyName": "Retry counter",
        "revision": 1, "status": "published", "definition": definition("retry-counter.json")}]))
        .unwrap();
    std::fs::write(&cli, text).unwrap();
    let o = sfdb(&fake, dir.path(), &["push", cli.to_str().unwrap()]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("revision 2"), "{}", out(&o));
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&cli).unwrap()).unwrap();
    assert_eq!(after[0]["revision"], 2, "{after}");
    assert_eq!(after[0]["friendlyName"], "Retry counter");
    // So the next push is not refused as stale.
    let o = sfdb(&fake, dir.path(), &["push", cli.to_str().unwrap()]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));

    fake.api
        .updates_invalid
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let o = sfdb(&fake, dir.path(), &["push", cli.to_str().unwrap()]).await;
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        err(&o).contains("Twilio found the flow invalid"),
        "{}",
        err(&o)
    );
    assert!(
        err(&o).contains("#/friendly_name") && err(&o).contains("more than 64 characters"),
        "{}",
        err(&o)
    );
}

/// An update that times out may have been applied: sfdb reads the flow back and says which.
/// A hung server costs a GET two timeouts, and the error says how long it waited.
#[tokio::test(flavor = "multi_thread")]
async fn a_timed_out_update_is_read_back_and_a_hung_server_is_given_up_in_bounded_time() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("retry.json");
    std::fs::write(
        &file,
        json!({"sid": RETRY, "revision": 1, "definition": definition("retry-counter.json")})
            .to_string(),
    )
    .unwrap();
    let quick = [("SFDB_API_TIMEOUT_MS", "300")];
    let push = ["push", file.to_str().unwrap()];

    *fake.api.updates_slow.lock().unwrap() = Some((1500, true));
    let o = sfdb_with(&fake, dir.path(), &push, TOKEN, &quick).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        err(&o).contains("no answer from the Studio API in 0."),
        "{}",
        err(&o)
    );
    assert!(
        err(&o).contains("but the update was applied (read back)"),
        "{}",
        err(&o)
    );
    assert!(out(&o).contains("revision 2"), "{}", out(&o));
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(after["revision"], 2);

    *fake.api.updates_slow.lock().unwrap() = Some((1500, false));
    let o = sfdb_with(&fake, dir.path(), &push, TOKEN, &quick).await;
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("still at revision 2: not applied, so pushing again is safe"),
        "{}",
        err(&o)
    );
    *fake.api.updates_slow.lock().unwrap() = None;

    fake.api
        .flows_hang_ms
        .store(5000, std::sync::atomic::Ordering::SeqCst);
    let started = std::time::Instant::now();
    let o = sfdb_with(&fake, dir.path(), &["flows"], TOKEN, &quick).await;
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("(2 attempts)"), "{}", err(&o));
    assert!(took < std::time::Duration::from_secs(3), "waited {took:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_step_context_that_cannot_be_read_names_its_step_and_widget() {
    let fake = fake().await;
    let (step, widget) = {
        let mut runs = fake.api.executions.lock().unwrap();
        let run = runs
            .iter_mut()
            .find(|e| e.resource["sid"] == RETRY_RUN)
            .unwrap();
        let step = run.steps[2].clone();
        let sid = step["sid"].as_str().unwrap().to_string();
        run.step_contexts.remove(&sid);
        (sid, step["transitioned_from"].as_str().unwrap().to_string())
    };
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&fake, dir.path(), &["import", RETRY_RUN, "-o", "imported"]).await;
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        err(&o).contains(&format!(
            "the context of step {step} (after {widget}): HTTP 404"
        )),
        "{}",
        err(&o)
    );
}

/// The twilio CLI's profiles, with its precedence: `-p NAME`, else the environment's
/// credentials, else the active profile of `$TWILIO_CONFIG_DIR/config.json`.
#[tokio::test(flavor = "multi_thread")]
async fn credentials_come_from_the_twilio_clis_profiles_as_the_cli_picks_them() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let config = json!({"activeProject": "good", "profiles": {
        "good": {"accountSid": ACCOUNT, "apiKey": ACCOUNT, "apiSecret": TOKEN},
        "stale": {"accountSid": ACCOUNT, "apiKey": ACCOUNT, "apiSecret": "revoked-secret-1"}}});
    std::fs::write(dir.path().join("config.json"), config.to_string()).unwrap();
    let config_dir = dir.path().to_str().unwrap().to_string();
    // No credentials in the environment (empty counts as unset) unless a case sets them.
    let run = |args: &'static [&'static str], env: &'static [(&'static str, &'static str)]| {
        let mut all = vec![
            ("TWILIO_CONFIG_DIR", config_dir.as_str()),
            ("TWILIO_ACCOUNT_SID", ""),
            ("TWILIO_AUTH_TOKEN", ""),
        ];
        all.extend_from_slice(env);
        let (fake, dir) = (&fake, dir.path());
        async move { sfdb_with(fake, dir, args, TOKEN, &all).await }
    };
    // The active profile.
    let o = run(&["flows"], &[]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains(RETRY), "{}", out(&o));
    // -p wins over it, and over the environment.
    let o = run(
        &["flows", "-p", "stale"],
        &[
            ("TWILIO_ACCOUNT_SID", ACCOUNT),
            ("TWILIO_AUTH_TOKEN", TOKEN),
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("HTTP 401"), "{}", err(&o));
    assert!(!err(&o).contains("revoked-secret-1"), "{}", err(&o));
    // The environment wins over the active profile.
    let o = run(
        &["flows"],
        &[
            ("TWILIO_ACCOUNT_SID", ACCOUNT),
            ("TWILIO_AUTH_TOKEN", "wrong"),
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let o = run(&["flows", "--profile", "missing"], &[]).await;
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("no profile \"missing\" in "),
        "{}",
        err(&o)
    );
    // A broken configuration does not stop credentials from the environment, and is named
    // when it is needed.
    std::fs::write(dir.path().join("config.json"), "{broken").unwrap();
    let o = run(
        &["flows"],
        &[
            ("TWILIO_ACCOUNT_SID", ACCOUNT),
            ("TWILIO_AUTH_TOKEN", TOKEN),
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = run(&["flows"], &[]).await;
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("config.json: not the twilio CLI's configuration"),
        "{}",
        err(&o)
    );
}

/// A `Retry-After` given as an HTTP date is waited out; a step list cut short (the oldest
/// steps missing) is refused, saying where the chain breaks, not imported as a shorter run.
#[tokio::test(flavor = "multi_thread")]
async fn a_dated_retry_after_is_honoured_and_a_cut_step_list_is_refused() {
    let fake = fake().await;
    fake.api
        .throttle_until_date
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let o = sfdb_with(
        &fake,
        dir.path(),
        &["replay", RETRY_RUN],
        TOKEN,
        &[("SFDB_API_MAX_WAIT_MS", "5000")],
    )
    .await;
    assert_eq!(
        out(&o).trim(),
        "same path as Studio for 10 steps",
        "{}",
        err(&o)
    );
    assert!(
        !fake.api.throttle.load(std::sync::atomic::Ordering::SeqCst),
        "the 429 was sent"
    );
    // The date is two seconds ahead, to the second: at least one second is waited.
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    fake.api
        .steps_cut
        .store(2, std::sync::atomic::Ordering::SeqCst);
    let o = sfdb(&fake, dir.path(), &["import", RETRY_RUN, "-o", "cut"]).await;
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        err(&o).contains("fetch them all") && err(&o).contains("Trigger"),
        "{}",
        err(&o)
    );
    assert!(
        !dir.path().join("cut").exists()
            || std::fs::read_dir(dir.path().join("cut"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_compares_by_meaning_across_files_and_the_account() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    let def = definition("retry-counter.json");
    // Reformatted with other positions: the same flow.
    std::fs::write(&old, serde_json::to_string(&def).unwrap()).unwrap();
    let mut moved = def.clone();
    moved["states"][2]["properties"]["offset"] = json!({"x": 900, "y": 900});
    std::fs::write(&new, serde_json::to_string_pretty(&moved).unwrap()).unwrap();
    let o = sfdb(&fake, dir.path(), &["diff", "old.json", "new.json"]).await;
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let o = sfdb(
        &fake,
        dir.path(),
        &["diff", "old.json", "new.json", "--positions"],
    )
    .await;
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("~ fetch_order.offset"), "{}", out(&o));

    let mut changed = def.clone();
    changed["states"][1]["properties"]["variables"][0]["value"] = json!("{% if flow.variables.count %}\n{{flow.variables.count | plus: 2}} {% else %} 1 {% endif %}");
    changed["states"][3]["transitions"][0]["next"] = json!("fetch_order");
    changed["states"][3]["transitions"][1]["next"] = json!("save_status");
    changed["states"].as_array_mut().unwrap().remove(5);
    std::fs::write(&new, changed.to_string()).unwrap();
    let o = sfdb(&fake, dir.path(), &["diff", RETRY, "new.json"]).await;
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("- widget give_up (set-variables)"), "{text}");
    assert!(text.contains("~ set_count.variables[0].value"), "{text}");
    assert!(
        text.contains("~ check_count --match--> give_up [equal_to 3] → save_status [equal_to 3]"),
        "{text}"
    );
    assert!(
        text.contains("~ check_count --noMatch--> set_count → fetch_order"),
        "{text}"
    );
    // Liquid text line by line.
    assert!(
        text.contains("    - {{flow.variables.count | plus: 1}} {% else %} 1 {% endif %}"),
        "{text}"
    );
    assert!(
        text.contains("    + {{flow.variables.count | plus: 2}} {% else %} 1 {% endif %}"),
        "{text}"
    );
    let o = sfdb(
        &fake,
        dir.path(),
        &[
            "diff",
            &format!("{RETRY}@1"),
            "new.json",
            "--format",
            "jsonl",
        ],
    )
    .await;
    let lines: Vec<Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines
        .iter()
        .any(|l| l["change"] == "removed" && l["widget"] == "give_up"));
    assert!(lines
        .iter()
        .any(|l| l["change"] == "transition" && l["old"]["next"] == "set_count"));
}

#[tokio::test(flavor = "multi_thread")]
async fn executions_lists_steps_and_last_widget() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(
        &fake,
        dir.path(),
        &["executions", RETRY, "--since", "2026-11-01"],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let line = out(&o)
        .lines()
        .find(|l| l.starts_with(RETRY_RUN))
        .unwrap_or_default()
        .to_string();
    assert!(
        line.contains("ended")
            && line.contains("+14155550100")
            && line.ends_with("   10  save_status"),
        "{}",
        out(&o)
    );
}

/// `--limit` as the twilio CLI's: the newest 50 unless told, steps read only for the rows
/// shown (each in pages of 1,000, the most the description allows), and a word on stderr
/// when the list was cut.
#[tokio::test(flavor = "multi_thread")]
async fn executions_shows_the_newest_up_to_a_limit_and_reads_steps_only_for_them() {
    let fake = fake().await;
    for n in 5..=7 {
        let mut more = retry_execution();
        more.resource["sid"] = json!(format!("FN0000000000000000000000000000000{n}"));
        fake.api.executions.lock().unwrap().push(more);
    }
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&fake, dir.path(), &["executions", RETRY, "--limit", "3"]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), 1 + 3, "{}", out(&o));
    assert!(err(&o).contains("--no-limit"), "{}", err(&o));
    let gets = fake.api.gets.lock().unwrap().clone();
    // The first page of each shown execution's steps asks for 1,000 (the fake's next pages
    // then hold two); the fourth execution's steps are never read.
    let firsts: Vec<&String> = gets
        .iter()
        .filter(|g| g.contains("/Steps?") && !g.contains("Page="))
        .collect();
    assert_eq!(firsts.len(), 3, "{gets:#?}");
    assert!(
        firsts.iter().all(|g| g.ends_with("/Steps?PageSize=1000")),
        "{gets:#?}"
    );
    assert!(gets[0].contains("/Executions?PageSize=3"), "{gets:#?}");

    let o = sfdb(&fake, dir.path(), &["executions", RETRY, "--no-limit"]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), 1 + 4, "{}", out(&o));
    assert!(!err(&o).contains("--no-limit"), "{}", err(&o));
    let o = sfdb(&fake, dir.path(), &["executions", RETRY, "--limit", "0"]).await;
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_imported_execution_runs_in_ci_and_replays_to_studios_path() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&fake, dir.path(), &["import", RETRY_RUN, "-o", "imported"]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        !fake.api.throttle.load(std::sync::atomic::Ordering::SeqCst),
        "the 429 was met and retried"
    );
    let scenario_file = dir
        .path()
        .join(format!("imported/{RETRY_RUN}.scenario.json"));
    let scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&scenario_file).unwrap()).unwrap();
    assert_eq!(scenario["flow"], format!("{RETRY}@1.json"));
    assert!(dir
        .path()
        .join(format!("imported/{RETRY}@1.json"))
        .is_file());
    assert_eq!(scenario["trigger"], "incomingMessage");
    assert_eq!(
        scenario["set"]["trigger.message"]["Body"],
        "where is my order"
    );
    assert_eq!(
        scenario["mocks"]["fetch_order"].as_array().unwrap().len(),
        3
    );
    assert_eq!(scenario["mocks"]["fetch_order"][0]["status"], 503);
    assert_eq!(scenario["expect"]["path"].as_array().unwrap().len(), 10);
    assert_eq!(scenario["expect"]["variables"]["count"], 3);
    for file in std::fs::read_dir(dir.path().join("imported")).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(!text.contains(TOKEN));
    }
    // In CI.
    let o = common::sfdb(&["test", scenario_file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));

    let o = sfdb(&fake, dir.path(), &["replay", RETRY_RUN]).await;
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert_eq!(out(&o).trim(), "same path as Studio for 10 steps");
    // Listed the other way round (two steps a second), the chain gives the same order.
    fake.api
        .steps_oldest_first
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let o = sfdb(&fake, dir.path(), &["replay", RETRY_RUN]).await;
    assert_eq!(
        out(&o).trim(),
        "same path as Studio for 10 steps",
        "{}",
        err(&o)
    );
    fake.api
        .steps_oldest_first
        .store(false, std::sync::atomic::Ordering::SeqCst);

    // The messaging flow: the reply is replayed exactly as received, spaces included.
    let o = sfdb(&fake, dir.path(), &["import", SMS_RUN, "--flow", SMS]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let scenario: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join(format!("{SMS_RUN}.scenario.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(scenario["inputs"]["ask_order"], json!([" 42 "]));
    assert_eq!(scenario["events"]["tell_shipped"], json!(["sent"]));
    assert_eq!(scenario["set"]["flow.data"], json!({"campaign": "fall"}));
    let o = sfdb(&fake, dir.path(), &["replay", SMS_RUN]).await;
    assert_eq!(
        out(&o).trim(),
        "same path as Studio for 5 steps",
        "{}",
        err(&o)
    );

    // A flow changed so the split goes the other way: the replay names where and why.
    let mut changed = definition("order-status-sms.json");
    changed["states"][3]["transitions"][1]["conditions"][0]["value"] = json!("delivered");
    let file = dir.path().join("changed.json");
    std::fs::write(&file, changed.to_string()).unwrap();
    let o = sfdb(
        &fake,
        dir.path(),
        &["replay", SMS_RUN, "--flow", file.to_str().unwrap()],
    )
    .await;
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
    let text = out(&o);
    assert!(text.contains("diverged at step 4:"), "{text}");
    assert!(
        text.contains("Studio: check_status --match--> tell_shipped"),
        "{text}"
    );
    assert!(
        text.contains("sfdb:   check_status --noMatch--> tell_other"),
        "{text}"
    );
    assert!(
        text.contains("sfdb compared `shipped` equal_to `delivered`: did not hold"),
        "{text}"
    );
    assert!(text.contains("Studio's input was `shipped`"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn import_from_the_twilio_clis_files_offline() {
    let fake = fake().await;
    let execution = sms_execution();
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("cli");
    std::fs::create_dir(&from).unwrap();
    let camel = |v: &Value| -> Value {
        let map = v.as_object().unwrap();
        Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let mut key = String::new();
                    let mut up = false;
                    for c in k.chars() {
                        if c == '_' {
                            up = true;
                        } else if up {
                            key.push(c.to_ascii_uppercase());
                            up = false;
                        } else {
                            key.push(c);
                        }
                    }
                    (key, v.clone())
                })
                .collect(),
        )
    };
    std::fs::write(
        from.join("execution.json"),
        json!([camel(&execution.resource)]).to_string(),
    )
    .unwrap();
    // Any order; each step's context in a file of its own.
    let mut steps: Vec<Value> = execution.steps.iter().map(&camel).collect();
    steps.swap(0, 3);
    std::fs::write(from.join("steps.json"), Value::Array(steps).to_string()).unwrap();
    for (sid, context) in &execution.step_contexts {
        let resource = json!([{"stepSid": sid, "executionSid": SMS_RUN, "context": context}]);
        std::fs::write(from.join(format!("{sid}.json")), resource.to_string()).unwrap();
    }
    std::fs::write(
        from.join("flow.json"),
        definition("order-status-sms.json").to_string(),
    )
    .unwrap();
    let before = fake.api.requests.load(std::sync::atomic::Ordering::SeqCst);
    let o = sfdb(
        &fake,
        dir.path(),
        &["import", SMS_RUN, "--from", "cli", "-o", "out"],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        fake.api.requests.load(std::sync::atomic::Ordering::SeqCst),
        before,
        "nothing asked of the API"
    );
    let scenario = dir.path().join(format!("out/{SMS_RUN}.scenario.json"));
    let o = common::sfdb(&["test", scenario.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let o = sfdb(&fake, dir.path(), &["replay", SMS_RUN, "--from", "cli"]).await;
    assert_eq!(
        out(&o).trim(),
        "same path as Studio for 5 steps",
        "{}",
        err(&o)
    );
    // A list cut short (the twilio CLI's default --limit) is not imported as if whole.
    let mut cut: Vec<Value> = execution.steps.iter().map(&camel).collect();
    cut.remove(0);
    std::fs::write(from.join("steps.json"), Value::Array(cut).to_string()).unwrap();
    let o = sfdb(
        &fake,
        dir.path(),
        &["import", SMS_RUN, "--from", "cli", "-o", "cut"],
    )
    .await;
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        err(&o).contains("steps.json: the 4 steps listed are not one chain from the trigger: the first step (from the Trigger) is missing"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("--no-limit"), "{}", err(&o));
    // A missing file is named.
    std::fs::remove_file(from.join("steps.json")).unwrap();
    let o = sfdb(&fake, dir.path(), &["import", SMS_RUN, "--from", "cli"]).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("steps.json: missing"), "{}", err(&o));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subflows_steps_are_imported_with_its_flow_and_replayed() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&fake, dir.path(), &["import", PARENT_RUN, "-o", "run"]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(dir.path().join(format!("run/{GREETING}@1.json")).is_file());
    let file = dir.path().join(format!("run/{PARENT_RUN}.scenario.json"));
    let scenario: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(scenario["subflows"][GREETING], format!("{GREETING}@1.json"));
    assert_eq!(scenario["inputs"]["ask"], json!(["yes"]));
    assert_eq!(
        scenario["expect"]["path"],
        json!(["Trigger", "Trigger", "ask", "lookup", "done", "greet", "use"])
    );
    let o = common::sfdb(&["test", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let o = sfdb(&fake, dir.path(), &["replay", PARENT_RUN]).await;
    assert_eq!(
        out(&o).trim(),
        "same path as Studio for 3 steps",
        "{}",
        err(&o)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn gets_are_retried_on_5xx_and_an_update_is_never_sent_twice() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    fake.api
        .unavailable
        .store(2, std::sync::atomic::Ordering::SeqCst);
    let o = sfdb(&fake, dir.path(), &["flows"]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains(RETRY));
    // Still down after every retry: the error in words, exit 2.
    fake.api
        .unavailable
        .store(10, std::sync::atomic::Ordering::SeqCst);
    let o = sfdb(&fake, dir.path(), &["flows"]).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("HTTP 503, Twilio had a server error (Twilio error 20500)"),
        "{}",
        err(&o)
    );
    fake.api
        .unavailable
        .store(0, std::sync::atomic::Ordering::SeqCst);

    let o = sfdb(&fake, dir.path(), &["pull", SMS, "-o", "sms.json"]).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    fake.api
        .updates_fail
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let o = sfdb(&fake, dir.path(), &["push", "sms.json"]).await;
    assert_eq!(o.status.code(), Some(2));
    let updates = fake
        .api
        .posts
        .lock()
        .unwrap()
        .iter()
        .filter(|p| p.0 == format!("/v2/Flows/{SMS}"))
        .count();
    assert_eq!(updates, 1, "a POST is not retried");
}

/// How long a GET waits before trying again: what `Retry-After` says (capped), and a back-off
/// that doubles from 300 ms.
#[test]
fn retries_wait_as_retry_after_says_and_back_off_by_doubling() {
    use sfdb::account::client::{wait_before_retry, Failure};
    use std::time::Duration;
    let cap = Duration::from_secs(30);
    let s = Duration::from_secs;
    let ms = Duration::from_millis;
    assert_eq!(
        wait_before_retry(1, Failure::TooManyRequests, Some(s(2)), cap),
        s(2)
    );
    assert_eq!(
        wait_before_retry(1, Failure::TooManyRequests, None, cap),
        s(1)
    );
    assert_eq!(
        wait_before_retry(1, Failure::TooManyRequests, Some(s(600)), cap),
        cap
    );
    let backoff: Vec<_> = (1..=3)
        .map(|a| wait_before_retry(a, Failure::Server, None, cap))
        .collect();
    assert_eq!(backoff, [ms(300), ms(600), ms(1200)]);
    assert_eq!(
        wait_before_retry(2, Failure::Connection, None, cap),
        ms(600)
    );
    assert_eq!(wait_before_retry(3, Failure::Server, None, ms(20)), ms(20));
}

/// `Retry-After` as an HTTP date waits until then (at once when past); seconds as before.
#[test]
fn retry_after_reads_seconds_and_http_dates() {
    use sfdb::account::client::retry_after;
    use std::time::Duration;
    let now = chrono::DateTime::parse_from_rfc3339("2026-10-21T07:27:50Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(retry_after("7", now), Some(Duration::from_secs(7)));
    assert_eq!(
        retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now),
        Some(Duration::from_secs(10))
    );
    assert_eq!(
        retry_after("Wed, 21 Oct 2026 07:00:00 GMT", now),
        Some(Duration::ZERO)
    );
    assert_eq!(retry_after("soon", now), None);
}
