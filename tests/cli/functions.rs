//! Run Function widgets against the real local runtime (twilio-run, installed from the bundled
//! project's lock file): the request goes to the local Function, its answer is parsed, what it
//! printed comes back with the step, a thrown error takes `fail`, and no node process outlives
//! sfdb. The signature is checked by the `twilio` package's own `validateRequest`.

use std::path::Path;
use std::process::Command;

use crate::common::{self, npm};

fn flow() -> String {
    common::repo()
        .join("flows/order-lookup-function.json")
        .display()
        .to_string()
}

/// `sfdb run FLOW --functions DIR`, the trigger's message saying `body`, with `more` options.
fn run_with(flow: &str, dir: &str, body: &str, more: &[&str]) -> std::process::Output {
    let body = format!("trigger.message.Body={body}");
    let mut args = vec!["run", flow, "--functions", dir, "--set", &body];
    args.extend_from_slice(more);
    common::sfdb(&args)
}

/// Processes whose command line names `needle` (from /proc).
fn processes_naming(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(needle) {
                found.push(cmdline);
            }
        }
    }
    found
}

fn steps(stdout: &[u8]) -> Vec<serde_json::Value> {
    common::text(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["kind"] == "step")
        .collect()
}

#[test]
fn a_run_function_widget_runs_the_local_function_and_brings_back_its_output() {
    let dir = npm::example_functions();
    let dir = dir.display().to_string();
    let out = run_with(&flow(), &dir, "42", &["--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out.stderr));
    let steps = steps(&out.stdout);
    let lookup = &steps[1];
    assert_eq!(lookup["name"], "success");
    let http = &lookup["http"];
    assert_eq!(http["response"]["status"], 200);
    assert!(
        http["sent_to"]
            .as_str()
            .unwrap()
            .starts_with("local http://127.0.0.1:"),
        "{http}"
    );
    assert!(http["sent_to"]
        .as_str()
        .unwrap()
        .ends_with("/lookup, for https://sfdb-demo-4321.twil.io/lookup"));
    assert_eq!(
        http["function_output"],
        serde_json::json!(["looking up order 42"])
    );
    let end: serde_json::Value =
        serde_json::from_str(common::text(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(
        end["context"]["flow"]["variables"]["order_status"],
        "shipped"
    );
    // The project's .env reaches the Function as its context.
    assert_eq!(
        end["context"]["widgets"]["lookup_order"]["parsed"]["store"],
        "Corner Shop"
    );
    assert!(
        processes_naming(&format!("{dir} --port")).is_empty(),
        "twilio-run outlived sfdb"
    );

    // A Function that throws: twilio-run's 500, the widget's fail, and the stack as output.
    let out = run_with(&flow(), &dir, "abc", &[]);
    let text = common::text(&out.stdout);
    assert!(text.contains("--fail--> not_found"), "{text}");
    assert!(text.contains("| looking up order abc"), "{text}");
    assert!(text.contains("| Error: not an order number: abc"), "{text}");
    assert!(text.contains("functions/lookup.js:8:"), "{text}");
}

#[test]
fn a_function_the_project_lacks_keeps_its_real_url_and_says_why() {
    let dir = npm::example_functions();
    // Its own URL, standing for a custom Functions domain, is a closed port of this machine:
    // the test never goes to the internet.
    let flow = std::fs::read_to_string(flow()).unwrap().replace(
        "https://sfdb-demo-4321.twil.io/lookup",
        "http://127.0.0.1:9/missing",
    );
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("flow.json");
    std::fs::write(&file, flow).unwrap();
    let out = run_with(
        file.to_str().unwrap(),
        dir.to_str().unwrap(),
        "42",
        &["--functions-domain", "127.0.0.1"],
    );
    let text = common::text(&out.stdout);
    assert!(
        text.contains("sent to its own URL: ")
            && text.contains("order-lookup-functions/functions has no Function for /missing"),
        "{text}"
    );
}

#[test]
fn without_twilio_run_the_error_says_how_to_install_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("functions")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .args(["run", &flow(), "--functions", tmp.path().to_str().unwrap()])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = common::text(&out.stderr);
    assert!(
        err.contains("twilio-run is not installed") && err.contains("npm install"),
        "{err}"
    );
}

/// A runtime that stops before it serves is reported with its own last words.
#[test]
fn a_runtime_that_fails_to_start_is_reported_with_its_own_error() {
    let project = project_with(&[("lookup.js", "exports.handler = () => {};")]);
    std::fs::remove_file(project.path().join("package.json")).unwrap();
    let out = run_with(&flow(), project.path().to_str().unwrap(), "42", &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::text(&out.stderr);
    assert!(err.contains("stopped before it served"), "{err}");
    assert!(err.contains("Failed to find package.json"), "{err}");
}

/// The signature sfdb sends, checked by the `twilio` package's `validateRequest` in a small
/// server standing for a runtime the user runs (`--functions URL`): twilio-run itself gives a
/// Function no request headers to check.
#[test]
fn the_request_is_signed_as_twilio_signs_webhooks() {
    let dir = npm::example_functions();
    let port = npm::free_port();
    let script = r#"
const http = require('http');
const twilio = require('twilio');
const port = Number(process.argv[2]);
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const params = Object.fromEntries(new URLSearchParams(body));
    const url = 'https://sfdb-demo-4321.twil.io' + req.url;
    const ok = twilio.validateRequest('test-token-123', req.headers['x-twilio-signature'] || '', url, params);
    res.writeHead(ok ? 200 : 403, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: ok ? 'signed' : 'unsigned' }));
  });
}).listen(port, '127.0.0.1');
"#;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("validate.js");
    std::fs::write(&file, script).unwrap();
    let mut node = Command::new("node")
        .arg(&file)
        .arg(port.to_string())
        .env("NODE_PATH", dir.join("node_modules"))
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "node did not serve");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let url = format!("http://127.0.0.1:{port}");
    let run = |token: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_sfdb"))
            .args(["run", &flow(), "--functions", &url, "--format", "jsonl"])
            .args(["--set", "trigger.message.Body=42"])
            .env("TWILIO_AUTH_TOKEN", token)
            .output()
            .unwrap();
        (steps(&out.stdout), common::text(&out.stdout))
    };
    let (signed, text) = run("test-token-123");
    let (forged, _) = run("another-token");
    let _ = node.kill();
    let _ = node.wait();
    assert_eq!(signed[1]["name"], "success", "{text}");
    assert_eq!(signed[1]["http"]["response"]["status"], 200);
    assert_eq!(forged[1]["http"]["response"]["status"], 403);
    assert!(!text.contains("test-token-123"), "the token was printed");
}

/// A project of its own beside the example's packages: Functions only a test needs.
fn project_with(functions: &[(&str, &str)]) -> tempfile::TempDir {
    let example = npm::example_functions();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("functions")).unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"name": "test-functions", "private": true}"#,
    )
    .unwrap();
    for (name, code) in functions {
        std::fs::write(dir.path().join("functions").join(name), code).unwrap();
    }
    std::os::unix::fs::symlink(
        example.join("node_modules"),
        dir.path().join("node_modules"),
    )
    .unwrap();
    dir
}

/// A flow whose Run Function widget calls `url`, or names only `sid` when `url` is empty.
fn function_flow(dir: &Path, url: &str, sid: &str) -> std::path::PathBuf {
    let mut flow: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(flow()).unwrap()).unwrap();
    let widget = &mut flow["states"][1]["properties"];
    widget["url"] = url.into();
    widget["function_sid"] = sid.into();
    let file = dir.join("flow.json");
    std::fs::write(&file, flow.to_string()).unwrap();
    file
}

#[test]
fn a_widget_that_names_only_its_function_sid_is_mapped_with_function() {
    let dir = npm::example_functions();
    let tmp = tempfile::tempdir().unwrap();
    let sid = "ZH00000000000000000000000000000001";
    let file = function_flow(tmp.path(), "", sid);
    let file = file.to_str().unwrap();
    let out = common::sfdb(&["run", file, "--set", "trigger.message.Body=42"]);
    let text = common::text(&out.stdout);
    assert!(
        text.contains(&format!("the widget names no URL, only its Function {sid}")),
        "{text}"
    );
    let mapping = format!("{sid}=/lookup");
    let out = run_with(file, dir.to_str().unwrap(), "42", &["--function", &mapping]);
    let text = common::text(&out.stdout);
    assert!(text.contains("--success--> found"), "{text}");
    assert!(text.contains("| looking up order 42"), "{text}");
    assert!(text.contains(&format!("its Function {sid} is sent to http://127.0.0.1:")));
    let out = common::sfdb(&["run", file, "--function", &format!("{sid}=/lookup")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::text(&out.stderr).contains("--function needs --functions"));

    // The same from a scenario, run by `sfdb test`.
    let scenario = tmp.path().join("sid.scenario.json");
    std::fs::write(
        &scenario,
        serde_json::json!({
            "flow": "flow.json",
            "functions": dir,
            "function_paths": {sid: "/lookup"},
            "set": {"trigger.message.Body": "7"},
            "expect": {"path": ["Trigger", "lookup_order", "found"],
                       "variables": {"order_status": "packing"}}
        })
        .to_string(),
    )
    .unwrap();
    let out = common::sfdb(&["test", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out.stdout));
}

/// Studio's 10 seconds hold for a Function too; and Ctrl+C while one runs stops sfdb and the
/// runtime with it.
#[test]
fn a_function_that_does_not_answer_fails_the_widget_and_ctrl_c_stops_the_runtime() {
    let project = project_with(&[(
        "lookup.js",
        "exports.handler = function (context, event, callback) { console.log('waiting'); };",
    )]);
    let dir = project.path().to_str().unwrap().to_string();
    let started = std::time::Instant::now();
    let out = run_with(&flow(), &dir, "42", &[]);
    let text = common::text(&out.stdout);
    assert!(
        text.contains("timed out after 10 s"),
        "{text}{}",
        common::text(&out.stderr)
    );
    assert!(text.contains("--fail--> not_found"), "{text}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(10));
    assert!(processes_naming(&format!("{dir} --port")).is_empty());

    let child = Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .args(["run", &flow(), "--functions", &dir])
        .args(["--set", "trigger.message.Body=42"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Until the runtime serves and the request is out.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while processes_naming(&format!("{dir} --port")).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "twilio-run did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::thread::sleep(std::time::Duration::from_secs(3));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        common::text(&out.stderr)
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        processes_naming(&format!("{dir} --port")).is_empty(),
        "twilio-run outlived Ctrl+C"
    );
}
