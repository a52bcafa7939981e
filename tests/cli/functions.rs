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

/// `sfdb run FLOW --functions DIR`, the trigger's message saying `body`, with `more` options;
/// and no process it started (marked by an environment variable its children inherit: the
/// runtime renames itself `twilio-run`) is left once it has ended.
fn run_with(flow: &str, dir: &str, body: &str, more: &[&str]) -> std::process::Output {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let mark = format!(
        "{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let body = format!("trigger.message.Body={body}");
    let mut args = vec!["run", flow, "--functions", dir, "--set", &body];
    args.extend_from_slice(more);
    let out = Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .current_dir(common::repo())
        .args(&args)
        .env(MARK, &mark)
        .output()
        .unwrap();
    assert!(marked(&mark).is_empty(), "twilio-run outlived sfdb");
    out
}

/// The variable that marks the processes a test started.
const MARK: &str = "SFDB_TEST_RUN";

/// Processes whose environment holds `MARK=mark`.
fn marked(mark: &str) -> Vec<u32> {
    let wanted = format!("{MARK}={mark}");
    processes(|pid| {
        std::fs::read(format!("/proc/{pid}/environ"))
            .is_ok_and(|env| env.split(|&b| b == 0).any(|v| v == wanted.as_bytes()))
    })
}

/// Processes running in `dir` (the runtime's working directory is its project).
fn running_in(dir: &Path) -> Vec<u32> {
    let dir = dir.canonicalize().unwrap();
    processes(|pid| std::fs::read_link(format!("/proc/{pid}/cwd")).is_ok_and(|cwd| cwd == dir))
}

fn processes(matches: impl Fn(u32) -> bool) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| pid != std::process::id() && matches(pid))
        .collect()
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

/// A widget with only its Function's SID: with the account's credentials, its path comes from
/// the Serverless API (the build its environment runs, else the Function's newest version),
/// and the token is never printed; without them, nothing is asked and the user is told how.
#[test]
fn a_function_sid_is_found_through_the_accounts_serverless_api() {
    use crate::serverless::{self, ENVIRONMENT, SERVICE};
    use crate::studio::{ACCOUNT, TOKEN};
    let dir = npm::example_functions();
    let tmp = tempfile::tempdir().unwrap();
    let built = "ZH00000000000000000000000000000001";
    let unbuilt = "ZH00000000000000000000000000000002";
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt.block_on(serverless::start(
        vec![(built.into(), "/lookup".into())],
        vec![
            (
                unbuilt.into(),
                "/lookup".into(),
                "2026-03-01T00:00:00Z".into(),
            ),
            (
                unbuilt.into(),
                "/old-lookup".into(),
                "2025-01-01T00:00:00Z".into(),
            ),
        ],
    ));
    let run = |sid: &str, environment: &str, credentials: bool| {
        let file = function_flow(tmp.path(), "", sid);
        let mut flow: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        flow["states"][1]["properties"]["service_sid"] = SERVICE.into();
        flow["states"][1]["properties"]["environment_sid"] = environment.into();
        std::fs::write(&file, flow.to_string()).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sfdb"));
        cmd.args([
            "run",
            file.to_str().unwrap(),
            "--functions",
            dir.to_str().unwrap(),
        ])
        .args(["--set", "trigger.message.Body=42"])
        .env("SFDB_SERVERLESS_API", fake.base())
        .env("TWILIO_CONFIG_DIR", tmp.path())
        .env_remove("TWILIO_API_KEY")
        .env_remove("TWILIO_API_SECRET");
        if credentials {
            cmd.env("TWILIO_ACCOUNT_SID", ACCOUNT)
                .env("TWILIO_AUTH_TOKEN", TOKEN);
        } else {
            cmd.env_remove("TWILIO_ACCOUNT_SID")
                .env_remove("TWILIO_AUTH_TOKEN");
        }
        let out = cmd.output().unwrap();
        let (stdout, stderr) = (common::text(&out.stdout), common::text(&out.stderr));
        assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));
        (stdout, stderr)
    };

    let (stdout, stderr) = run(built, ENVIRONMENT, true);
    assert!(
        stderr.contains(&format!(
            "lookup_order: Function {built} is /lookup (the account's Serverless API)"
        )),
        "{stderr}"
    );
    assert!(stdout.contains("--success--> found"), "{stdout}{stderr}");
    assert!(stdout.contains("| looking up order 42"), "{stdout}");
    assert_eq!(
        *fake.asked.lock().unwrap(),
        [
            format!("environment {ENVIRONMENT}"),
            format!("build {}", serverless::BUILD)
        ]
    );

    // A placeholder environment: the Function's newest version names the path.
    fake.asked.lock().unwrap().clear();
    let (stdout, stderr) = run(unbuilt, "YOUR_TWILIO_ENVIRONMENT_SID", true);
    assert!(
        stderr.contains(&format!("Function {unbuilt} is /lookup")),
        "{stderr}"
    );
    assert!(stdout.contains("--success--> found"), "{stdout}{stderr}");
    assert_eq!(*fake.asked.lock().unwrap(), [format!("versions {unbuilt}")]);

    // A Function the account does not have: said, and the widget is refused as before.
    let missing = "ZH00000000000000000000000000000003";
    let (stdout, stderr) = run(missing, ENVIRONMENT, true);
    assert!(
        stderr.contains(&format!("lookup_order: Function {missing} not found")),
        "{stderr}"
    );
    assert!(stdout.contains("no request was made"), "{stdout}");

    // No credentials: nothing is asked, and the message says what would help.
    fake.asked.lock().unwrap().clear();
    let (stdout, stderr) = run(built, ENVIRONMENT, false);
    assert!(
        stderr.contains("with the account's credentials set"),
        "{stderr}"
    );
    assert!(stdout.contains("no request was made"), "{stdout}");
    assert!(fake.asked.lock().unwrap().is_empty());
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

    let child = Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .args(["run", &flow(), "--functions", &dir])
        .args(["--set", "trigger.message.Body=42"])
        .env(MARK, "ctrl-c")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Until the runtime serves and the request is out.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while running_in(project.path()).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "twilio-run did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // The runtime carries the mark that `run_with` looks for after every run.
    assert!(
        marked("ctrl-c").len() >= 2,
        "sfdb and twilio-run are marked"
    );
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
        running_in(project.path()).is_empty(),
        "twilio-run outlived Ctrl+C"
    );
}

/// A panic in sfdb stops the runtime it started: the hook the debugger installs runs before
/// the panic unwinds, and no node process is left behind.
#[test]
fn a_panic_stops_the_runtime() {
    use sfdb::functions::runtime::{stop_after_panic, Runtime};
    let project = project_with(&[(
        "hello.js",
        "exports.handler = function (context, event, callback) { callback(null, 'hi'); };",
    )]);
    let runtime = Runtime::start(project.path(), &mut |_| {}).unwrap();
    assert!(!running_in(project.path()).is_empty(), "the runtime runs");
    stop_after_panic();
    let unwound = std::panic::catch_unwind(|| panic!("a bug in sfdb"));
    assert!(unwound.is_err());
    assert!(
        running_in(project.path()).is_empty(),
        "twilio-run outlived the panic"
    );
    drop(runtime);
}
