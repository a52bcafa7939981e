//! Make HTTP Request and Run Function against a real server on 127.0.0.1.

use crate::common;
use crate::server;

use std::time::Duration;

use common::{execution, execution_with, flow, path, trigger};
use serde_json::{json, Value};
use sfdb::engine::client::ReqwestClient;
use sfdb::engine::driver::run_to_end;
use sfdb::engine::{Execution, Status};

fn http(name: &str, props: Value, success: Option<&str>, failed: Option<&str>) -> Value {
    let mut props = props;
    props["offset"] = json!({"x": 0, "y": 0});
    json!({"name": name, "type": "make-http-request", "properties": props,
           "transitions": [{"event": "success", "next": success}, {"event": "failed", "next": failed}]})
}

fn get(url: &str) -> Value {
    json!({"method": "GET", "content_type": "application/x-www-form-urlencoded;charset=utf-8", "url": url})
}

fn read_vars(name: &str, vars: Value) -> Value {
    json!({"name": name, "type": "set-variables", "properties": {"variables": vars},
           "transitions": [{"event": "next"}]})
}

async fn run(x: &mut Execution) {
    run_to_end(x, &ReqwestClient::new(), |_| {}).await;
}

fn outputs(x: &Execution, widget: &str) -> Value {
    x.context()
        .get(&format!("widgets.{widget}"))
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_json_object_is_parsed_and_read_by_a_later_set_variables() {
    let s = server::start().await;
    let f = flow(json!([
        trigger("get-order"),
        http("get-order", get(&s.url("/fixed/json")), Some("read"), None),
        read_vars(
            "read",
            json!([
                {"key": "name", "value": "{{widgets.get-order.parsed.person.name}}"},
                {"key": "age", "value": "{{widgets.get-order.parsed.person.age}}"},
                {"key": "first", "value": "{{widgets.get-order.parsed.items[0].id}}"},
                {"key": "n", "value": "{{widgets.get-order.parsed.items.size}}"},
                {"key": "status", "value": "{{widgets.get-order.status_code}}"}
            ])
        ),
    ]));
    let mut x = execution(f);
    run(&mut x).await;
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!(
        x.context().get("flow.variables").unwrap(),
        &json!({"name": "Bob", "age": 40, "first": "a1", "n": 2, "status": 200})
    );
    let out = outputs(&x, "get-order");
    assert_eq!(out["content_type"], "application/json; charset=utf-8");
    assert_eq!(out["parsed"]["message"], "Hi");
}

#[tokio::test]
async fn an_array_is_not_parsed_and_text_xml_and_204_keep_their_body() {
    let s = server::start().await;
    for (path, content_type, body) in [
        (
            "/fixed/array",
            "application/json; charset=utf-8",
            r#"[{"id":1},{"id":2}]"#,
        ),
        ("/fixed/text", "text/plain", "hello there"),
        ("/fixed/xml", "application/xml", "<order><id>7</id></order>"),
        ("/fixed/empty", "", ""),
    ] {
        let mut x = execution(flow(json!([
            trigger("call"),
            http("call", get(&s.url(path)), None, None)
        ])));
        run(&mut x).await;
        let out = outputs(&x, "call");
        let expected_status = if path == "/fixed/empty" { 204 } else { 200 };
        assert_eq!(
            out,
            json!({"status_code": expected_status, "content_type": content_type, "body": body}),
            "{path}"
        );
        assert_eq!(x.steps()[1].name, "success", "{path}");
    }
}

#[tokio::test]
async fn a_redirect_is_followed_to_a_json_endpoint() {
    let s = server::start().await;
    let mut x = execution(flow(json!([
        trigger("call"),
        http("call", get(&s.url("/fixed/redirect")), None, None)
    ])));
    run(&mut x).await;
    assert_eq!(x.steps()[1].name, "success");
    assert_eq!(outputs(&x, "call")["parsed"]["person"]["age"], 40);
    assert_eq!(s.hits.count("redirect"), 1);
    assert_eq!(s.hits.count("json"), 1);
}

#[tokio::test]
async fn status_404_and_500_fail_with_their_outputs_set() {
    let s = server::start().await;
    for (path, status, body) in [
        ("/fixed/missing", 404, r#"{"error":"no such order"}"#),
        ("/fixed/broken", 500, "boom"),
    ] {
        let f = flow(json!([
            trigger("call"),
            http("call", get(&s.url(path)), Some("ok"), Some("handle")),
            read_vars("ok", json!([])),
            read_vars(
                "handle",
                json!([{"key": "code", "value": "{{widgets.call.status_code}}"},
                                       {"key": "err", "value": "{{widgets.call.parsed.error}}"}])
            ),
        ]));
        let mut x = execution(f);
        run(&mut x).await;
        assert_eq!(path_of(&x)[1], "call --failed--> handle");
        assert_eq!(outputs(&x, "call")["status_code"], status);
        assert_eq!(outputs(&x, "call")["body"], body);
        assert_eq!(
            x.steps()[1].http.as_ref().unwrap().error.as_deref(),
            Some(format!("HTTP {status}").as_str())
        );
        assert_eq!(x.context().get("flow.variables.code"), Some(&json!(status)));
    }
    fn path_of(x: &Execution) -> Vec<String> {
        path(x)
    }
}

#[tokio::test]
async fn a_slow_endpoint_fails_at_ten_seconds() {
    let s = server::start().await;
    let mut x = execution(flow(json!([
        trigger("call"),
        http("call", get(&s.url("/fixed/slow")), None, None)
    ])));
    let started = std::time::Instant::now();
    run(&mut x).await;
    // The one test that waits the real ten seconds; it ends no earlier.
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(10), "{took:?}");
    let record = x.steps()[1].http.clone().unwrap();
    assert_eq!(record.error.as_deref(), Some("timed out after 10 s"));
    assert_eq!(x.steps()[1].name, "failed");
    assert_eq!(outputs(&x, "call"), json!({}));
}

#[tokio::test]
async fn a_70_kb_body_fails_and_a_10_kb_body_succeeds() {
    let s = server::start().await;
    let mut x = execution(flow(json!([
        trigger("call"),
        http("call", get(&s.url("/fixed/big")), None, None)
    ])));
    run(&mut x).await;
    assert_eq!(x.steps()[1].name, "failed");
    assert_eq!(
        x.steps()[1].http.as_ref().unwrap().error.as_deref(),
        Some("response larger than 64 kB")
    );
    assert_eq!(outputs(&x, "call"), json!({}));

    let mut x = execution(flow(json!([
        trigger("call"),
        http("call", get(&s.url("/fixed/medium")), None, None)
    ])));
    run(&mut x).await;
    assert_eq!(x.steps()[1].name, "success");
    assert_eq!(
        outputs(&x, "call")["body"].as_str().unwrap().len(),
        10 * 1024
    );
}

async fn echoed(
    props: Value,
    setup: impl FnOnce(&mut sfdb::engine::Context),
) -> (Execution, Value) {
    let mut x = execution_with(
        flow(json!([trigger("call"), http("call", props, None, None)])),
        setup,
    );
    run(&mut x).await;
    assert_eq!(x.steps()[1].name, "success", "{:?}", x.steps()[1]);
    let parsed = outputs(&x, "call")["parsed"].clone();
    (x, parsed)
}

#[tokio::test]
async fn get_parameters_go_to_the_query_string() {
    let s = server::start().await;
    let mut props = get(&format!("{}?page=2", s.url("/echo")));
    props["parameters"] =
        json!([{"key": "name", "value": "{{flow.data.name}}"}, {"key": "q", "value": "a b&c"}]);
    let (_, echo) = echoed(props, |c| c.set("flow.data.name", json!("Zeke")).unwrap()).await;
    assert_eq!(echo["method"], "GET");
    assert_eq!(echo["query"], "page=2&name=Zeke&q=a+b%26c");
    assert_eq!(echo["content_type"], Value::Null);
    assert_eq!(echo["body"], "");
}

#[tokio::test]
async fn post_form_parameters_are_the_body_with_the_exact_content_type() {
    let s = server::start().await;
    let props = json!({"method": "POST", "content_type": "application/x-www-form-urlencoded;charset=utf-8",
        "url": s.url("/echo"), "body": "ignored",
        "parameters": [{"key": "From", "value": "{{contact.channel.address}}"}, {"key": "n", "value": "1"}]});
    let (x, echo) = echoed(props, |_| {}).await;
    assert_eq!(echo["method"], "POST");
    assert_eq!(
        echo["content_type"],
        "application/x-www-form-urlencoded;charset=utf-8"
    );
    assert_eq!(echo["body"], "From=%2B15555550100&n=1");
    assert_eq!(echo["query"], Value::Null);
    assert_eq!(
        x.steps()[1].notes,
        ["the body is ignored: a form-encoded POST sends the parameters as its body"]
    );
}

#[tokio::test]
async fn post_json_renders_its_body_with_liquid() {
    let s = server::start().await;
    let props = json!({"method": "POST", "content_type": "application/json;charset=utf-8",
        "url": s.url("/echo"), "body": "{\"text\": \"{{trigger.message.Body}}\", \"n\": {{flow.variables.n | plus: 1}}}",
        "parameters": [{"key": "via", "value": "sfdb"}]});
    let (_, echo) = echoed(props, |c| {
        c.set("trigger.message.Body", json!("hello")).unwrap();
    })
    .await;
    assert_eq!(echo["content_type"], "application/json;charset=utf-8");
    assert_eq!(echo["body"], r#"{"text": "hello", "n": 1}"#);
    assert_eq!(echo["query"], "via=sfdb");
}

#[tokio::test]
async fn basic_auth_in_the_url_is_sent_as_a_header_and_masked_in_the_trace() {
    let s = server::start().await;
    let url = format!("http://bob:hunter2@{}/echo", s.addr);
    let (x, echo) = echoed(get(&url), |_| {}).await;
    assert_eq!(echo["authorization"], "Basic Ym9iOmh1bnRlcjI=");
    let record = x.steps()[1].http.as_ref().unwrap().request.clone().unwrap();
    assert_eq!(record.url, format!("http://bob:***@{}/echo", s.addr));
    assert_eq!(
        record.headers,
        [("Authorization".to_string(), "Basic ***".to_string())]
    );
    // The echo server sends the header back in its body; what sfdb itself shows must not hold it.
    let shown = serde_json::to_string(&record).unwrap();
    assert!(
        !shown.contains("hunter2") && !shown.contains("Ym9iOmh1bnRlcjI="),
        "{shown}"
    );
}

#[tokio::test]
async fn add_twilio_auth_is_refused_for_other_hosts_without_a_request() {
    let s = server::start().await;
    let mut props = get(&s.url("/echo"));
    props["add_twilio_auth"] = json!(true);
    let mut x = execution(flow(json!([
        trigger("call"),
        http("call", props, None, None)
    ])));
    run(&mut x).await;
    assert_eq!(x.steps()[1].name, "failed");
    let record = x.steps()[1].http.clone().unwrap();
    assert_eq!(record.request, None);
    assert_eq!(
        record.error.as_deref(),
        Some("add_twilio_auth needs a *.twilio.com URL; no request was made")
    );
    assert_eq!(s.hits.count("echo"), 0);
}

#[tokio::test]
async fn connection_refused_fails_with_empty_outputs() {
    let url = format!("http://{}/x", server::closed_port());
    let mut x = execution(flow(json!([
        trigger("call"),
        http("call", get(&url), None, None)
    ])));
    run(&mut x).await;
    assert_eq!(x.steps()[1].name, "failed");
    assert_eq!(
        x.steps()[1].http.as_ref().unwrap().error.as_deref(),
        Some("connection refused")
    );
    assert_eq!(outputs(&x, "call"), json!({}));
}

#[tokio::test]
async fn an_invalid_rendered_url_fails_without_a_request() {
    let mut x = execution(flow(json!([
        trigger("call"),
        http("call", get("{{flow.data.base}}/orders"), None, None)
    ])));
    run(&mut x).await;
    assert_eq!(x.steps()[1].name, "failed");
    assert_eq!(
        x.steps()[1].http.as_ref().unwrap().error.as_deref(),
        Some("`/orders` is not a valid http(s) URL")
    );
}

#[tokio::test]
async fn run_function_posts_form_parameters_and_fails_with_fail() {
    let s = server::start().await;
    let function = |url: String| {
        json!({"name": "fn", "type": "run-function",
               "properties": {"url": url, "service_sid": "ZS0", "parameters": [{"key": "Body", "value": "hi there"}]},
               "transitions": [{"event": "success"}, {"event": "fail"}]})
    };
    let mut x = execution(flow(json!([trigger("fn"), function(s.url("/echo"))])));
    run(&mut x).await;
    let echo = outputs(&x, "fn")["parsed"].clone();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(echo["body"], "Body=hi+there");
    assert_eq!(x.steps()[1].name, "success");

    let mut x = execution(flow(json!([
        trigger("fn"),
        function(s.url("/fixed/broken"))
    ])));
    run(&mut x).await;
    assert_eq!(x.steps()[1].name, "fail");
}

#[tokio::test]
async fn the_bundled_retry_counter_succeeds_on_the_third_attempt() {
    let s = server::start().await;
    let doc = sfdb::flow::Document::load(&common::repo().join("flows/retry-counter.json")).unwrap();
    let base = format!("http://{}/fixed/flaky#", s.addr);
    let mut x = execution_with(doc.flow, |c| {
        c.set("flow.data.api_base", json!(base)).unwrap();
    });
    run(&mut x).await;
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!(s.hits.count("flaky"), 3);
    assert_eq!(x.context().get("flow.variables.count"), Some(&json!(3)));
    assert_eq!(
        x.context().get("flow.variables.order_status"),
        Some(&json!("shipped"))
    );
    assert_eq!(
        x.context().get("flow.variables.first_sku"),
        Some(&json!("A-1"))
    );
    assert_eq!(
        x.context().get("widgets.fetch_order.parsed.status"),
        Some(&json!("shipped"))
    );
}

#[tokio::test]
async fn a_self_loop_on_failed_makes_exactly_ten_requests_then_stops_81001() {
    let s = server::start().await;
    let mut x = execution(flow(json!([
        trigger("call"),
        http("call", get(&s.url("/fixed/always500")), None, Some("call")),
    ])));
    run(&mut x).await;
    assert_eq!(s.hits.count("always500"), 10);
    assert!(
        matches!(
            x.status(),
            Status::Stopped {
                code: Some(81001),
                ..
            }
        ),
        "{:?}",
        x.status()
    );
    assert_eq!(x.steps().len(), 11);
}

fn twilio_execution(
    url: &str,
    creds: Option<sfdb::engine::widgets::TwilioCredentials>,
) -> Execution {
    let mut props = get(url);
    props["add_twilio_auth"] = json!(true);
    let f = flow(json!([trigger("call"), http("call", props, None, None)]));
    let context = sfdb::engine::Context::new(&f, "incomingMessage");
    Execution::new(
        f,
        context,
        std::sync::Arc::new(sfdb::liquid::Liquid::new()),
        sfdb::engine::Options {
            trigger_event: "incomingMessage".into(),
            max_steps: 1000,
            twilio: creds,
            strict_liquid: false,
            function_urls: Default::default(),
        },
    )
}

#[test]
fn add_twilio_auth_sends_the_account_credentials_over_those_in_the_url() {
    use sfdb::engine::Progress;
    let creds = sfdb::engine::widgets::TwilioCredentials {
        account_sid: "AC123".into(),
        auth_token: "tok".into(),
    };
    let mut x = twilio_execution(
        "https://u:p@api.twilio.com/2010-04-01/Accounts.json",
        Some(creds),
    );
    assert_eq!(x.advance(), Progress::Stepped);
    let Progress::Http(request) = x.advance() else {
        panic!("expected a request")
    };
    assert_eq!(
        request.url,
        "https://api.twilio.com/2010-04-01/Accounts.json"
    );
    assert_eq!(
        request
            .auth
            .as_ref()
            .map(|a| (a.user.as_str(), a.password.as_str())),
        Some(("AC123", "tok"))
    );
    assert_eq!(
        request.record().headers,
        [("Authorization".to_string(), "Basic ***".to_string())]
    );
}

#[test]
fn add_twilio_auth_without_credentials_fails_without_a_request() {
    let mut x = twilio_execution("https://api.twilio.com/2010-04-01/Accounts.json", None);
    common::run_offline(&mut x);
    assert_eq!(x.steps()[1].name, "failed");
    assert_eq!(
        x.steps()[1].http.as_ref().unwrap().error.as_deref(),
        Some("add_twilio_auth needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN in the environment; no request was made")
    );
}

#[tokio::test]
async fn run_function_merges_parsed_across_runs_and_keeps_the_headers() {
    // Twilio's worked example: {"foo":"bar"}, then a text reply with 404, then
    // {"created":true} leaves parsed = {"foo":"bar","created":true}.
    let s = server::start().await;
    let mut x = execution(flow(json!([
        trigger("fn"),
        {"name": "fn", "type": "run-function",
         "properties": {"url": s.url("/fixed/sequence"), "service_sid": "ZS0"},
         "transitions": [{"event": "success", "next": "count"}, {"event": "fail", "next": "count"}]},
        {"name": "count", "type": "set-variables", "transitions": [{"event": "next", "next": "check"}],
         "properties": {"variables": [{"key": "n", "value": "{{flow.variables.n | plus: 1}}"}]}},
        {"name": "check", "type": "split-based-on", "properties": {"input": "{{flow.variables.n}}"},
         "transitions": [{"event": "noMatch", "next": "fn"},
                         {"event": "match", "next": null, "conditions": [
                            {"friendly_name": "3", "arguments": [], "type": "equal_to", "value": "3"}]}]}
    ])));
    run(&mut x).await;
    assert_eq!(s.hits.count("sequence"), 3);
    let events: Vec<&str> = x
        .steps()
        .iter()
        .filter(|s| s.transitioned_from == "fn")
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(events, ["success", "fail", "success"]);
    // After the text reply, parsed was kept and the rest replaced.
    let second = x
        .steps()
        .iter()
        .filter(|s| s.transitioned_from == "fn")
        .nth(1)
        .unwrap();
    let second = second.outputs.as_ref().unwrap();
    assert_eq!(second["parsed"], json!({"foo": "bar"}));
    assert_eq!(second["status_code"], 404);
    assert_eq!(second["body"], "not here");
    let fn_outputs = outputs(&x, "fn");
    assert_eq!(fn_outputs["parsed"], json!({"foo": "bar", "created": true}));
    // Header names lower-cased, as Studio gives them.
    let first = x
        .steps()
        .iter()
        .find(|s| s.transitioned_from == "fn")
        .unwrap();
    assert_eq!(
        first.outputs.as_ref().unwrap()["headers"]["x-twilio-function-concurrency"],
        "1"
    );
    assert!(fn_outputs["headers"]["content-type"]
        .as_str()
        .unwrap()
        .starts_with("application/json"));
}

/// `{:?}` of anything that holds a credential masks it: requests are printed in logs and
/// test failures.
#[test]
fn debug_output_never_holds_a_password_or_token() {
    use sfdb::engine::http::{BasicAuth, HttpRequest};
    use sfdb::engine::widgets::TwilioCredentials;
    let request = HttpRequest {
        widget: "w".into(),
        function: false,
        method: sfdb::flow::Method::Get,
        url: "https://example.com/".into(),
        content_type: None,
        body: None,
        auth: Some(BasicAuth {
            user: "bob".into(),
            password: "hunter2".into(),
        }),
        parameters: Vec::new(),
        extra_headers: Vec::new(),
    };
    let shown = format!("{request:?}");
    assert!(
        !shown.contains("hunter2") && shown.contains("bob"),
        "{shown}"
    );
    let twilio = TwilioCredentials {
        account_sid: "AC0123456789abcdef0123456789abcdef".into(),
        auth_token: "s3cr3t-t0ken".into(),
    };
    let shown = format!("{twilio:?}");
    assert!(!shown.contains("s3cr3t-t0ken"), "{shown}");
    assert!(
        !shown.contains("0123456789abcdef0123456789abcdef"),
        "{shown}"
    );
}
