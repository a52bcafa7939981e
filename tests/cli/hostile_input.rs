//! What comes from outside (a flow, a server) can neither escape the folder the user named,
//! nor send the account's credentials elsewhere, nor drive the user's terminal.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::{OriginalUri, State};
use axum::routing::any;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::common;

const ESC_NAME: &str = "a\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}\u{1b}[2Jb";

/// A server on 127.0.0.1 that answers each path with the JSON given for it (404 otherwise)
/// and counts what it was asked.
struct Canned {
    addr: SocketAddr,
    hits: Arc<AtomicUsize>,
}

/// What the canned server answers, and its count of requests.
type Answers = (Arc<HashMap<String, Value>>, Arc<AtomicUsize>);

async fn canned(answers: HashMap<String, Value>) -> Canned {
    let hits = Arc::new(AtomicUsize::new(0));
    let state = (Arc::new(answers), hits.clone());
    let app = Router::new()
        .fallback(any(
            |State((answers, hits)): State<Answers>, OriginalUri(uri): OriginalUri| async move {
                hits.fetch_add(1, Ordering::SeqCst);
                let key = uri
                    .path_and_query()
                    .map_or(uri.path(), |p| p.as_str())
                    .to_string();
                match answers.get(&key).or_else(|| answers.get(uri.path())) {
                    Some(v) => (axum::http::StatusCode::OK, Json(v.clone())),
                    None => (
                        axum::http::StatusCode::NOT_FOUND,
                        Json(json!({"code": 20404, "message": "not found", "status": 404})),
                    ),
                }
            },
        ))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Canned { addr, hits }
}

async fn sfdb(base: &str, dir: &Path, args: &[&str]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"));
    cmd.current_dir(dir)
        .args(args)
        .env("SFDB_STUDIO_API", base)
        .env("SFDB_API_MAX_WAIT_MS", "20")
        .env("TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000001")
        .env("TWILIO_AUTH_TOKEN", "s3cr3t")
        .env_remove("TWILIO_API_KEY")
        .env_remove("TWILIO_API_SECRET");
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn no_control(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

const FLOW: &str = "FW00000000000000000000000000000001";
const RUN: &str = "FN00000000000000000000000000000001";

/// A server that answers the execution `RUN` of `FLOW` with `execution` (and the rest of what an
/// import asks, empty).
async fn execution_server(execution: Value) -> Canned {
    let run = format!("/v2/Flows/{FLOW}/Executions/{RUN}");
    let definition = json!({"description": "x", "initial_state": "Trigger", "flags": {},
        "states": [{"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage"}]}]});
    canned(HashMap::from([
        (run.clone(), execution),
        (format!("{run}/Context"), json!({"context": {}})),
        (
            format!("{run}/Steps"),
            json!({"steps": [], "meta": {"next_page_url": null}}),
        ),
        (
            format!("/v2/Flows/{FLOW}"),
            json!({"sid": FLOW, "revision": 1, "definition": definition}),
        ),
        (
            format!("/v2/Flows/{FLOW}/Revisions/1"),
            json!({"sid": FLOW, "revision": 1, "definition": definition}),
        ),
    ]))
    .await
}

#[tokio::test]
async fn identifiers_from_a_server_never_name_a_file_outside_the_folder() {
    let hostile = [
        (
            json!({"sid": RUN, "flow_sid": "../../evil_flow", "flow_version": 1}),
            "\"../../evil_flow\" is not a flow SID",
        ),
        (
            json!({"sid": "../../evil_exec", "flow_sid": FLOW, "flow_version": 1}),
            "\"../../evil_exec\" is not an execution SID",
        ),
        (
            json!({"sid": RUN, "flow_sid": FLOW, "flow_version": "../../x"}),
            "\"../../x\" is not a revision",
        ),
    ];
    for (execution, said) in hostile {
        let server = execution_server(execution).await;
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("a/b/out");
        std::fs::create_dir_all(&out).unwrap();
        let o = sfdb(
            &format!("http://{}", server.addr),
            &out,
            &["import", RUN, "--flow", FLOW, "-o", "."],
        )
        .await;
        let err = common::text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(said), "{said}: {err}");
        let written = walk(root.path());
        assert!(
            written.is_empty(),
            "nothing is written anywhere: {written:?}"
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn a_sid_typed_on_the_command_line_is_checked_before_any_request() {
    let server = canned(HashMap::new()).await;
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["import", "../../etc/x"],
        vec!["pull", "FW../../../x"],
        vec!["executions", "FW0000000000000000000000000000000g"],
    ] {
        let o = sfdb(&format!("http://{}", server.addr), dir.path(), &args).await;
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = common::text(&o.stderr);
        assert!(err.contains("SID"), "{args:?}: {err}");
    }
    assert_eq!(server.hits.load(Ordering::SeqCst), 0, "no request was sent");
}

#[tokio::test]
async fn a_next_page_on_another_origin_gets_no_credentials() {
    let elsewhere = canned(HashMap::from([(
        "/v2/Flows".to_string(),
        json!({"flows": [], "meta": {"next_page_url": null}}),
    )]))
    .await;
    // 127.0.0.2 is this machine too, but another origin than the API's.
    let next = format!("http://127.0.0.2:{}/v2/Flows?Page=1", elsewhere.addr.port());
    let api = canned(HashMap::from([(
        "/v2/Flows?PageSize=50".to_string(),
        json!({"flows": [{"sid": FLOW, "friendly_name": "one"}], "meta": {"next_page_url": next}}),
    )]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&format!("http://{}", api.addr), dir.path(), &["flows"]).await;
    let err = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("not on the API's own address"), "{err}");
    assert_eq!(elsewhere.hits.load(Ordering::SeqCst), 0);
    // Plain http to anywhere but this machine is refused before anything is sent.
    let o = sfdb("http://studio.example.com", dir.path(), &["flows"]).await;
    assert!(common::text(&o.stderr).contains("plain http"));
}

#[tokio::test]
async fn names_from_a_server_reach_the_terminal_as_text() {
    let api = canned(HashMap::from([(
        "/v2/Flows?PageSize=50".to_string(),
        json!({"flows": [{"sid": FLOW, "friendly_name": ESC_NAME, "status": "published",
                          "revision": 1}], "meta": {"next_page_url": null}}),
    )]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&format!("http://{}", api.addr), dir.path(), &["flows"]).await;
    let out = common::text(&o.stdout);
    assert!(no_control(&out), "{out:?}");
    assert!(out.contains("a␛]0;pwned␇"), "{out}");
    // A server's error message too.
    let api = canned(HashMap::new()).await;
    let o = sfdb(&format!("http://{}", api.addr), dir.path(), &["pull", FLOW]).await;
    assert!(no_control(&common::text(&o.stderr)));
}

#[test]
fn widget_names_in_a_run_trace_and_a_graph_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("hostile.json");
    let definition = json!({"description": "x", "initial_state": "Trigger", "flags": {}, "states": [
        {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": ESC_NAME}]},
        {"name": ESC_NAME, "type": "set-variables", "properties": {"variables": []},
         "transitions": [{"event": "next"}]}]});
    std::fs::write(&flow, definition.to_string()).unwrap();
    let flow = flow.to_str().unwrap();
    let run = common::sfdb(&["run", flow]);
    let text = common::text(&run.stdout);
    assert!(no_control(&text), "{text:?}");
    assert!(text.contains("a␛]0;pwned␇"), "{text}");
    let mermaid = common::text(&common::sfdb(&["graph", flow]).stdout);
    assert!(no_control(&mermaid), "{mermaid:?}");
    assert!(mermaid.contains("a#27;]0;pwned#7;"), "{mermaid}");
    let dot = common::text(&common::sfdb(&["graph", "--format", "dot", flow]).stdout);
    assert!(no_control(&dot), "{dot:?}");
    assert!(dot.contains("a&#27;]0;pwned&#7;"), "{dot}");
    let check = common::sfdb(&["check", flow]);
    assert!(no_control(&common::text(&check.stdout)));
}
