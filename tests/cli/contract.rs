//! The account commands against a mock served from Twilio's own OpenAPI description of Studio
//! v2 (`../shared/reference/twilio_studio_v2.json`) by Stoplight Prism, in its validating mode
//! (`--errors`): a request the description forbids (a parameter out of range, a missing form
//! field, a wrong enum, no credentials) is answered with an error and logged as a violation,
//! and fails the test. The in-test fake (`common/studio.rs`) is for faults; this is the oracle
//! for the shape of every request. Prism answers with the description's examples.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Output;

use crate::common::{self, npm};

const FLOW: &str = "FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const EXECUTION: &str = "FNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn prism() -> npm::Server {
    let spec = common::shared().join("reference/twilio_studio_v2.json");
    let port = npm::free_port();
    npm::Server::start(
        npm::bin().join("prism"),
        &[
            "mock",
            "--errors",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            spec.to_str().unwrap(),
        ],
        port,
    )
}

fn sfdb(prism: &npm::Server, dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .current_dir(dir)
        .args(args)
        .env(
            "SFDB_STUDIO_API",
            format!("http://127.0.0.1:{}", prism.port),
        )
        .env("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef")
        .env("TWILIO_AUTH_TOKEN", "contract-test-token")
        .env("SFDB_API_MAX_WAIT_MS", "20")
        .env_remove("TWILIO_API_KEY")
        .env_remove("TWILIO_API_SECRET")
        .env_remove("TWILIO_CONFIG_DIR")
        .output()
        .unwrap()
}

/// What Prism refused, from its log: a request that failed validation.
fn violations(prism: &npm::Server) -> Vec<String> {
    prism
        .output()
        .lines()
        .filter(|l| l.contains("Request terminated with error") || l.contains("[VALIDATOR] ✖"))
        .map(str::to_string)
        .collect()
}

/// The requests Prism received, as `get /v2/Flows`.
fn received(prism: &npm::Server) -> Vec<String> {
    prism
        .output()
        .lines()
        .filter(|l| l.contains("Request received"))
        .filter_map(|l| l.split("[HTTP SERVER] ").nth(1))
        .filter_map(|l| l.split(" ℹ").next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_account_command_sends_only_what_twilios_description_allows() {
    let prism = prism();
    let dir = tempfile::tempdir().unwrap();
    let ok = |o: &Output, what: &str| {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{what}: {}{}",
            common::text(&o.stdout),
            common::text(&o.stderr)
        );
    };

    let o = sfdb(&prism, dir.path(), &["flows"]);
    ok(&o, "flows");
    assert!(common::text(&o.stdout).contains(FLOW));
    for revision in [None, Some("1"), Some("latest-published"), Some("latest")] {
        let mut args = vec!["pull", FLOW, "-o", "pulled.json"];
        if let Some(r) = revision {
            args.extend(["--revision", r]);
        }
        ok(
            &sfdb(&prism, dir.path(), &args),
            &format!("pull {revision:?}"),
        );
    }
    let o = sfdb(
        &prism,
        dir.path(),
        &[
            "executions",
            FLOW,
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30T12:00:00Z",
        ],
    );
    ok(&o, "executions");
    // The description's example flow has no `states`: import, replay and diff get every
    // answer they ask for and then say, in words, that the flow is not one they can run.
    for args in [
        vec!["import", EXECUTION, "--flow", FLOW, "-o", "imported"],
        vec!["import", EXECUTION, "-o", "imported"],
        vec!["replay", EXECUTION, "--flow", FLOW],
        vec!["diff", &format!("{FLOW}@1"), FLOW],
    ] {
        let o = sfdb(&prism, dir.path(), &args);
        let err = common::text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("missing `states`") && !err.contains("HTTP "),
            "{args:?}: {err}"
        );
    }
    let file = dir.path().join("flow.json");
    let definition: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo().join("flows/retry-counter.json")).unwrap(),
    )
    .unwrap();
    std::fs::write(
        &file,
        serde_json::json!({"sid": FLOW, "friendly_name": "Test Flow", "revision": 1,
            "definition": definition})
        .to_string(),
    )
    .unwrap();
    let o = sfdb(
        &prism,
        dir.path(),
        &[
            "push",
            file.to_str().unwrap(),
            "--publish",
            "-m",
            "contract",
        ],
    );
    ok(&o, "push");

    let asked = received(&prism);
    for request in [
        "get /v2/Flows".to_string(),
        format!("get /v2/Flows/{FLOW}/Revisions/1"),
        format!("get /v2/Flows/{FLOW}/Revisions/LatestPublished"),
        format!("get /v2/Flows/{FLOW}/Revisions/LatestRevision"),
        format!("get /v2/Flows/{FLOW}/Executions"),
        format!("get /v2/Flows/{FLOW}/Executions/{EXECUTION}"),
        format!("get /v2/Flows/{FLOW}/Executions/{EXECUTION}/Context"),
        format!("get /v2/Flows/{FLOW}/Executions/{EXECUTION}/Steps"),
        "post /v2/Flows/Validate".to_string(),
        format!("post /v2/Flows/{FLOW}"),
    ] {
        assert!(
            asked.contains(&request),
            "{request} was not sent: {asked:#?}"
        );
    }
    assert_eq!(violations(&prism), Vec::<String>::new());

    // The oracle is awake: a page larger than the description allows is refused and seen.
    let mut raw = std::net::TcpStream::connect(("127.0.0.1", prism.port)).unwrap();
    write!(
        raw,
        "GET /v2/Flows?PageSize=5000 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic \
         QUMwMTIzOnRva2Vu\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    raw.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");
    let seen = violations(&prism);
    assert!(
        seen.iter().any(|l| l.contains("pagesize must be <= 1000")),
        "{seen:#?}"
    );
}
