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
                    // An answer that names an error status is sent with it.
                    Some(v) => (
                        v.get("status")
                            .and_then(Value::as_u64)
                            .filter(|s| *s >= 400)
                            .and_then(|s| axum::http::StatusCode::from_u16(s as u16).ok())
                            .unwrap_or(axum::http::StatusCode::OK),
                        Json(v.clone()),
                    ),
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
        "/v2/Flows?PageSize=1000".to_string(),
        json!({"flows": [{"sid": FLOW, "friendly_name": "one"}], "meta": {"next_page_url": next}}),
    )]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&format!("http://{}", api.addr), dir.path(), &["flows"]).await;
    let err = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("not the API's own address"), "{err}");
    assert_eq!(elsewhere.hits.load(Ordering::SeqCst), 0);
    // Plain http to anywhere but this machine is refused before anything is sent.
    let o = sfdb("http://studio.example.com", dir.path(), &["flows"]).await;
    assert!(common::text(&o.stderr).contains("plain http"));
}

#[tokio::test]
async fn names_from_a_server_reach_the_terminal_as_text() {
    let api = canned(HashMap::from([(
        "/v2/Flows?PageSize=1000".to_string(),
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
    let api = canned(HashMap::from([(
        format!("/v2/Flows/{FLOW}"),
        json!({"code": 20404, "message": ESC_NAME, "status": 404}),
    )]))
    .await;
    let o = sfdb(&format!("http://{}", api.addr), dir.path(), &["pull", FLOW]).await;
    let err = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(no_control(&err), "{err:?}");
    assert!(err.contains("a␛]0;pwned␇"), "{err}");
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

/// 4,500 nested `{% if %}` (or 20,000 `{% for %}`) overflowed the stack and aborted the
/// process (exit 134). Now it is a Liquid error in words, and a run goes on past it with
/// Studio's warning.
#[test]
fn deep_nesting_is_a_liquid_error_not_an_abort() {
    for (open, close, n) in [
        ("{% if true %}", "{% endif %}", 4_500),
        // As long as one argument may be; a file holds the 20,000 below.
        ("{% for i in (1..1) %}", "{% endfor %}", 3_000),
    ] {
        let template = format!("{}x{}", open.repeat(n), close.repeat(n));
        let o = common::sfdb(&["render", &template]);
        assert_eq!(o.status.code(), Some(2), "{}", common::text(&o.stderr));
        assert!(
            common::text(&o.stderr).contains("blocks nest deeper than 100 levels"),
            "{}",
            common::text(&o.stderr)
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("deep.json");
    let deep = format!(
        "{}x{}",
        "{% for i in (1..1) %}".repeat(20_000),
        "{% endfor %}".repeat(20_000)
    );
    let definition = json!({"description": "x", "initial_state": "Trigger", "flags": {}, "states": [
        {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "set"}]},
        {"name": "set", "type": "set-variables", "properties": {"variables": [{"key": "k", "value": deep}]},
         "transitions": [{"event": "next"}]}]});
    std::fs::write(&flow, definition.to_string()).unwrap();
    let o = common::sfdb(&["run", "--format", "jsonl", flow.to_str().unwrap()]);
    let out = common::text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}{}", common::text(&o.stderr));
    assert!(out.contains("81018"), "{out}");
}

/// `sfdb check /dev/zero` read 3.5 GB in 5 s: only a regular file of a real flow's size is
/// read.
#[test]
fn only_regular_files_of_a_sane_size_are_read() {
    for args in [
        vec!["check", "/dev/zero"],
        vec!["run", "/dev/zero"],
        vec!["render", "{{a}}", "--data-file", "/dev/zero"],
    ] {
        let o = common::sfdb(&args);
        // check says it on its report, the others on stderr.
        let said = common::text(&o.stdout) + &common::text(&o.stderr);
        assert!(o.status.code().is_some_and(|c| c != 0), "{args:?}: {said}");
        assert!(said.contains("not a regular file"), "{args:?}: {said}");
    }
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(33 * 1024 * 1024).unwrap();
    let o = common::sfdb(&["check", big.to_str().unwrap()]);
    let said = common::text(&o.stdout) + &common::text(&o.stderr);
    assert!(said.contains("more than the 32 MB sfdb reads"), "{said}");
}

/// A server that sends an endless answer is read up to a cap, then refused.
#[tokio::test]
async fn an_endless_api_answer_is_not_read_to_the_end() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = vec![0u8; 8192];
                let _ = s.read(&mut head).await;
                let _ = s
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                    .await;
                let chunk = format!("{:x}\r\n{}\r\n", 65536, " ".repeat(65536));
                while s.write_all(chunk.as_bytes()).await.is_ok() {}
            });
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&format!("http://{addr}"), dir.path(), &["flows"]).await;
    let err = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("larger than the 32 MB sfdb reads"), "{err}");
}

/// An empty answer, or one without the list asked for, is an error, not an empty table.
#[tokio::test]
async fn an_answer_without_its_list_is_an_error() {
    let api = canned(HashMap::from([(
        "/v2/Flows?PageSize=1000".to_string(),
        json!({"meta": {}}),
    )]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&format!("http://{}", api.addr), dir.path(), &["flows"]).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(common::text(&o.stderr).contains("has no `flows` list"));
}

/// Output that cannot be written is an error (`> /dev/full`); a reader that stops reading
/// (`| head`) ends the command quietly.
#[test]
fn a_failed_write_is_an_error_and_a_closed_pipe_is_not() {
    let flow = common::repo().join("tests/flows/counter-loop.json");
    let flow = flow.to_str().unwrap();
    for args in [
        vec!["run", "--format", "jsonl", flow],
        vec!["check", flow],
        vec!["graph", flow],
        vec!["render", "{{ 1 | plus: 1 }}"],
        vec!["test", "flows"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"))
            .current_dir(common::repo())
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            common::text(&o.stderr).contains("cannot write the output"),
            "{args:?}: {}",
            common::text(&o.stderr)
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("loop.json");
    std::fs::write(
        &long,
        json!({"description": "x", "initial_state": "Trigger", "flags": {}, "states": [
            {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "a"}]},
            {"name": "a", "type": "set-variables", "properties": {"variables": [{"key": "k", "value": "v"}]},
             "transitions": [{"event": "next", "next": "b"}]},
            {"name": "b", "type": "set-variables", "properties": {"variables": []},
             "transitions": [{"event": "next", "next": "a"}]}]})
        .to_string(),
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .args(["run", "--format", "jsonl", long.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe, as `| head -1` does.
    {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(
        common::text(&o.stderr).is_empty(),
        "{}",
        common::text(&o.stderr)
    );
    assert_eq!(
        o.status.code(),
        Some(3),
        "the run's own status: the 1,000-step stop"
    );
}

mod properties {
    //! Properties over random input, where stable Rust suffices (proptest): the splice that
    //! saves an edit, and the readers of what the API answers.

    use proptest::prelude::*;
    use serde_json::{json, Value};
    use sfdb::flow::splice::{self, Key};

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            "[a-z\"\\\\ {}\\[\\],:\u{1b}é]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z ]{1,3}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        /// Setting a member of an object, in text pretty or compact, changes that member and
        /// nothing else.
        #[test]
        fn a_splice_changes_only_the_member_set(
            object in prop::collection::btree_map("[a-z]{1,3}", json_value(), 1..5),
            pick in any::<prop::sample::Index>(),
            new in json_value(),
            pretty in any::<bool>(),
        ) {
            let object: serde_json::Map<String, Value> = object.into_iter().collect();
            let before = Value::Object(object.clone());
            let text = if pretty {
                serde_json::to_string_pretty(&before).unwrap()
            } else {
                before.to_string()
            };
            let key = object.keys().nth(pick.index(object.len())).unwrap().clone();
            let spliced = splice::set(&text, &[Key::Member(key.clone())], &new).unwrap();
            let after: Value = serde_json::from_str(&spliced).unwrap();
            let mut expected = object.clone();
            expected.insert(key, new);
            prop_assert_eq!(after, Value::Object(expected));
        }

        /// Whatever the API answers, an import never panics, and any file it would write has a
        /// plain name.
        #[test]
        fn an_import_of_any_answer_names_only_plain_files(
            sid in id(),
            flow_sid in id(),
            revision in prop_oneof![Just(json!(1)), Just(json!("../x")), json_value()],
            extra in json_value(),
            steps in prop::collection::vec(json_value(), 0..4),
        ) {
            let names = imported_names(sid, flow_sid, revision, extra, steps);
            for name in names.into_iter().flatten() {
                prop_assert!(!name.contains('/') && !name.starts_with('.'), "{name}");
            }
        }
    }

    /// A SID as a server might send one: well formed, hostile, or anything.
    fn id() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(json!("FN00000000000000000000000000000001")),
            Just(json!("FW00000000000000000000000000000001")),
            Just(json!("../../evil")),
            json_value(),
        ]
    }

    /// The names an import of this answer would write (`None` when it refuses it).
    fn imported_names(
        sid: Value,
        flow_sid: Value,
        revision: Value,
        extra: Value,
        steps: Vec<Value>,
    ) -> Option<Vec<String>> {
        let recorded = sfdb::account::Recorded {
            execution: json!({"sid": sid, "flow_sid": flow_sid, "flow_version": revision,
                              "context": {}, "extra": extra}),
            context: None,
            steps,
            step_contexts: Default::default(),
            flow: json!({"sid": "FW00000000000000000000000000000001", "revision": 1,
                "definition": {"description": "x", "initial_state": "Trigger", "flags": {},
                    "states": [{"name": "Trigger", "type": "trigger",
                                "transitions": [{"event": "incomingMessage"}]}]}}),
            subflows: Vec::new(),
        };
        let imported = sfdb::account::import::import(&recorded).ok()?;
        let mut names = vec![imported.flow_file, imported.scenario_file];
        names.extend(imported.subflows.into_iter().map(|(n, _)| n));
        Some(names)
    }

    /// The property above reaches imports that succeed: a well-formed answer is imported.
    #[test]
    fn a_well_formed_answer_is_imported() {
        let names = imported_names(
            json!("FN00000000000000000000000000000001"),
            json!("FW00000000000000000000000000000001"),
            json!(1),
            Value::Null,
            Vec::new(),
        );
        assert_eq!(
            names.unwrap(),
            [
                "FW00000000000000000000000000000001@1.json",
                "FN00000000000000000000000000000001.scenario.json"
            ]
        );
    }
}

/// Twilio writes its own host into `next_page_url`: the next page is asked of the configured
/// API (a proxy, `--api-base`), at the same path and query. A page that leads back to one
/// already read stops the listing with an error.
#[tokio::test]
async fn a_next_page_on_twilios_host_stays_with_the_configured_api_and_a_loop_stops() {
    let page2 = "/v2/Flows?PageSize=1000&Page=1&PageToken=PA1";
    let api = canned(HashMap::from([
        (
            "/v2/Flows?PageSize=1000".to_string(),
            json!({"flows": [{"sid": FLOW, "friendly_name": "first page"}],
                   "meta": {"next_page_url": format!("https://studio.twilio.com{page2}")}}),
        ),
        (
            page2.to_string(),
            json!({"flows": [{"sid": FLOW.replace('0', "1"), "friendly_name": "second page"}],
                   "meta": {"next_page_url": null}}),
        ),
    ]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&format!("http://{}", api.addr), dir.path(), &["flows"]).await;
    let (out, err) = (common::text(&o.stdout), common::text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        out.contains("first page") && out.contains("second page"),
        "{out}"
    );

    let looping = canned(HashMap::from([(
        "/v2/Flows?PageSize=1000".to_string(),
        json!({"flows": [{"sid": FLOW, "friendly_name": "again"}],
               "meta": {"next_page_url": "https://studio.twilio.com/v2/Flows?PageSize=1000"}}),
    )]))
    .await;
    let o = sfdb(&format!("http://{}", looping.addr), dir.path(), &["flows"]).await;
    let err = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("the listing goes round"), "{err}");
}

/// An error body that is not Twilio's (a proxy's, a mock's problem JSON) is shown, not
/// reduced to "the request failed".
#[tokio::test]
async fn an_error_body_that_is_not_twilios_is_shown() {
    let api = canned(HashMap::from([(
        "/v2/Flows?PageSize=1000".to_string(),
        json!({"status": 422, "title": "Invalid request",
               "detail": "query.DateCreatedFrom must match format \"date-time\""}),
    )]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let o = sfdb(&format!("http://{}", api.addr), dir.path(), &["flows"]).await;
    let err = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("HTTP 422"), "{err}");
    assert!(err.contains("must match format"), "{err}");
}
