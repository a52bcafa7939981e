//! `sfdb dap` driven as an editor drives it: the real binary over stdin and stdout (and a TCP
//! port), the protocol's frames written and read here, the flow's requests sent to a server on
//! 127.0.0.1.

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sfdb::dap::wire;

use crate::common;
use crate::common::npm;
use crate::server;

/// One client of one adapter process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    seq: i64,
    /// Events seen so far, in order.
    events: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sfdb"))
            .arg("dap")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(Some(message)) = wire::read(&mut stdout) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            seq: 0,
            events: Vec::new(),
        }
    }

    fn next(&mut self) -> Value {
        match self.messages.recv_timeout(Duration::from_secs(20)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => {
                panic!("no message in 20 s; events: {:#?}", self.events)
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the adapter closed; events: {:#?}", self.events)
            }
        }
    }

    /// Sends a request and returns its response, keeping the events that came before it.
    fn request(&mut self, command: &str, arguments: Value) -> Value {
        self.seq += 1;
        let seq = self.seq;
        wire::write(
            &mut self.stdin,
            &json!({"seq": seq, "type": "request", "command": command, "arguments": arguments}),
        )
        .unwrap();
        loop {
            let message = self.next();
            if message["type"] == "response" && message["request_seq"] == seq {
                return message;
            }
            if message["type"] == "event" {
                self.events.push(message);
            }
        }
    }

    /// A request that must succeed: its body.
    fn ok(&mut self, command: &str, arguments: Value) -> Value {
        let response = self.request(command, arguments);
        assert_eq!(response["success"], true, "{command}: {response}");
        response["body"].clone()
    }

    /// Waits for the event `name` (seen already or still to come) and takes it.
    fn event(&mut self, name: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(i) = self.events.iter().position(|e| e["event"] == name) {
                return self.events.remove(i);
            }
            assert!(
                Instant::now() < deadline,
                "no {name} event: {:#?}",
                self.events
            );
            let message = self.next();
            if message["type"] == "event" {
                self.events.push(message);
            }
        }
    }

    /// The console's lines so far.
    fn output(&self) -> String {
        self.events
            .iter()
            .filter(|e| e["event"] == "output")
            .map(|e| e["body"]["output"].as_str().unwrap_or_default())
            .collect()
    }

    fn top_frame(&mut self) -> Value {
        let body = self.ok("stackTrace", json!({"threadId": 1}));
        body["stackFrames"][0].clone()
    }

    /// The variables of a scope, by name.
    fn scope(&mut self, name: &str) -> Vec<Value> {
        let scopes = self.ok("scopes", json!({"frameId": 1}));
        let scope = scopes["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no scope {name}: {scopes}"))
            .clone();
        let body = self.ok(
            "variables",
            json!({"variablesReference": scope["variablesReference"]}),
        );
        body["variables"].as_array().unwrap().clone()
    }

    fn evaluate(&mut self, expression: &str, context: &str) -> Value {
        self.ok(
            "evaluate",
            json!({"expression": expression, "context": context, "frameId": 1}),
        )
    }

    fn finish(mut self) {
        self.ok("disconnect", json!({}));
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "the adapter did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn retry_flow() -> String {
    common::repo()
        .join("flows/retry-counter.json")
        .display()
        .to_string()
}

/// Starts a session on the retry flow, its requests answered 500 by the test server.
fn launched(server: &server::TestServer, breakpoints: &[Value], functions: &[Value]) -> Client {
    let mut client = Client::start();
    let capabilities = client.ok(
        "initialize",
        json!({"adapterID": "sfdb", "linesStartAt1": true}),
    );
    assert_eq!(capabilities["supportsStepBack"], true);
    let base = format!("{}?q=", server.url("/fixed/always500"));
    client.ok(
        "launch",
        json!({"program": retry_flow(), "set": {"flow.data.api_base": base}}),
    );
    client.event("initialized");
    if !breakpoints.is_empty() {
        let body = client.ok(
            "setBreakpoints",
            json!({"source": {"path": retry_flow()}, "breakpoints": breakpoints}),
        );
        assert!(
            body["breakpoints"]
                .as_array()
                .unwrap()
                .iter()
                .all(|b| b["verified"] == true),
            "{body}"
        );
    }
    if !functions.is_empty() {
        client.ok("setFunctionBreakpoints", json!({"breakpoints": functions}));
    }
    client.ok("configurationDone", json!({}));
    client
}

#[test]
fn a_line_breakpoint_stops_at_its_widget_and_the_context_reads_as_variables() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(server::start());
    let mut client = Client::start();
    client.ok("initialize", json!({"adapterID": "sfdb"}));
    client.ok(
        "launch",
        json!({"program": retry_flow(), "set": {"flow.data.api_base": format!("{}?q=", server.url("/fixed/always500"))}}),
    );
    // Line 60 is inside check_count's definition: the breakpoint moves to its name, line 48.
    let set = client.ok(
        "setBreakpoints",
        json!({"source": {"path": retry_flow()}, "breakpoints": [{"line": 60}, {"line": 2}]}),
    );
    assert_eq!(set["breakpoints"][0]["verified"], true, "{set}");
    assert_eq!(set["breakpoints"][0]["line"], 48);
    assert_eq!(set["breakpoints"][1]["verified"], false, "{set}");
    client.ok("configurationDone", json!({}));
    let stopped = client.event("stopped");
    assert_eq!(stopped["body"]["reason"], "breakpoint", "{stopped}");
    let frame = client.top_frame();
    assert_eq!(frame["name"], "check_count (split-based-on)");
    assert_eq!(frame["line"], 48);
    assert!(frame["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("flows/retry-counter.json"));

    // The context as scopes: the count the last steps set, marked as changed where it did.
    let variables = client.scope("flow.variables");
    let count = variables.iter().find(|v| v["name"] == "count").unwrap();
    assert_eq!(count["value"], "1");
    assert_eq!(count["evaluateName"], "flow.variables.count");
    let widgets = client.scope("widgets");
    assert_eq!(
        widgets[0]["name"], "fetch_order",
        "the last step's widget first"
    );
    assert_eq!(widgets[0]["presentationHint"]["attributes"][0], "changed");
    // Expandable lazily: the response's status code under fetch_order.
    let reference = widgets[0]["variablesReference"].clone();
    let fetch = client.ok("variables", json!({"variablesReference": reference}));
    let status = fetch["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "status_code")
        .unwrap()
        .clone();
    assert_eq!(status["value"], "500");

    // The console renders Liquid; a bare path is read as {{ … }}; a hover takes the path under
    // the cursor as the flow's JSON has it.
    assert_eq!(
        client.evaluate("flow.variables.count", "watch")["result"],
        "1"
    );
    assert_eq!(
        client.evaluate("{{flow.variables.count | plus: 10}}", "repl")["result"],
        "11"
    );
    assert_eq!(
        client.evaluate("\"{{widgets.fetch_order.status_code}}\"", "hover")["result"],
        "500"
    );
    let error = client.request(
        "evaluate",
        json!({"expression": "{{ x | }}", "context": "repl"}),
    );
    assert_eq!(error["success"], false);

    // What the steps said reached the console: each request with its status and time.
    let said = client.output();
    assert!(
        said.contains("/fixed/always500?q=/orders/42&attempt=1 → 500 in "),
        "{said}"
    );
    assert!(
        said.contains("step 3: fetch_order → failed → check_count"),
        "{said}"
    );

    // Continue: the retry loop comes round to the breakpoint again.
    client.ok("continue", json!({"threadId": 1}));
    assert_eq!(client.event("stopped")["body"]["reason"], "breakpoint");
    assert_eq!(
        client.evaluate("flow.variables.count", "watch")["result"],
        "2"
    );

    // Back one widget, then back to the breakpoint before.
    client.ok("stepBack", json!({"threadId": 1}));
    assert_eq!(client.event("stopped")["body"]["reason"], "step");
    assert_eq!(
        client.top_frame()["name"],
        "fetch_order (make-http-request)"
    );
    client.ok("reverseContinue", json!({"threadId": 1}));
    client.event("stopped");
    assert_eq!(client.top_frame()["name"], "check_count (split-based-on)");
    assert_eq!(
        client.evaluate("flow.variables.count", "watch")["result"],
        "1"
    );

    // One widget at a time.
    client.ok("next", json!({"threadId": 1}));
    assert_eq!(client.event("stopped")["body"]["reason"], "step");
    assert_eq!(client.top_frame()["name"], "set_count (set-variables)");

    // The user sets a variable: the loop gives up at once.
    let variables = client.ok("scopes", json!({"frameId": 1}));
    let reference = variables["scopes"][0]["variablesReference"].clone();
    client.ok(
        "setVariable",
        json!({"variablesReference": reference, "name": "count", "value": "2"}),
    );
    let refused = client.request(
        "setVariable",
        json!({"variablesReference": variables["scopes"][2]["variablesReference"], "name": "x", "value": "1"}),
    );
    assert_eq!(
        refused["success"], false,
        "trigger.* is not the user's to set"
    );
    client.request(
        "setBreakpoints",
        json!({"source": {"path": retry_flow()}, "breakpoints": []}),
    );
    client.ok("continue", json!({"threadId": 1}));
    let exited = client.event("exited");
    assert_eq!(exited["body"]["exitCode"], 0);
    client.event("terminated");
    let said = client.output();
    assert!(said.contains("ended ("), "{said}");
    assert!(said.contains("step 8: give_up → next → Ended"), "{said}");
    client.finish();
}

#[test]
fn hit_counts_conditions_and_widget_names_choose_the_pass_to_stop_on() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(server::start());
    // The third pass through the split.
    let mut client = launched(
        &server,
        &[],
        &[json!({"name": "check_count", "hitCondition": "3"})],
    );
    assert_eq!(client.event("stopped")["body"]["reason"], "breakpoint");
    assert_eq!(
        client.evaluate("flow.variables.count", "watch")["result"],
        "3"
    );
    client.finish();

    // A Liquid condition, rendered first and then read as a condition.
    let mut client = launched(
        &server,
        &[json!({"line": 48, "condition": "{{flow.variables.count}} > 1"})],
        &[],
    );
    client.event("stopped");
    assert_eq!(
        client.evaluate("flow.variables.count", "watch")["result"],
        "2"
    );
    client.finish();

    // A name the flow does not have is refused, with the nearest one.
    let mut client = Client::start();
    client.ok("initialize", json!({}));
    client.ok(
        "launch",
        json!({"program": retry_flow(), "stopOnEntry": true}),
    );
    let set = client.ok(
        "setFunctionBreakpoints",
        json!({"breakpoints": [{"name": "chek_count"}]}),
    );
    assert_eq!(set["breakpoints"][0]["verified"], false);
    assert!(
        set["breakpoints"][0]["message"]
            .as_str()
            .unwrap()
            .contains("check_count"),
        "{set}"
    );
    client.ok("configurationDone", json!({}));
    assert_eq!(client.event("stopped")["body"]["reason"], "entry");
    assert_eq!(client.top_frame()["name"], "Trigger (trigger)");
    client.finish();
}

#[test]
fn a_waiting_widget_stops_and_is_answered_in_the_console() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(server::start());
    let flow = common::repo().join("flows/order-status-sms.json");
    let mut client = Client::start();
    client.ok("initialize", json!({}));
    client.ok(
        "launch",
        json!({"program": flow.display().to_string(), "set": {"flow.data.api_base": server.url("/fixed/json?")}}),
    );
    client.ok("setExceptionBreakpoints", json!({"filters": ["failed"]}));
    client.ok("configurationDone", json!({}));
    let stopped = client.event("stopped");
    assert_eq!(stopped["body"]["reason"], "pause");
    let why = stopped["body"]["description"].as_str().unwrap();
    assert!(why.starts_with("ask_order waits for"), "{why}");
    assert!(why.contains("reply TEXT"), "{why}");
    let refused = client.request(
        "evaluate",
        json!({"expression": "event", "context": "repl"}),
    );
    assert_eq!(refused["success"], false);
    let answer = client.evaluate("reply where is my order 42?", "repl");
    assert!(
        answer["result"]
            .as_str()
            .unwrap()
            .contains("ask_order gets reply"),
        "{answer}"
    );
    client.ok("continue", json!({"threadId": 1}));
    // Whatever the lookup gets, the run goes on to its end or stops at a failed widget.
    let next = loop {
        let message = client.next();
        if message["event"] == "stopped" || message["event"] == "terminated" {
            break message;
        }
        client.events.push(message);
    };
    let said = client.output();
    assert!(said.contains("contact: where is my order 42?"), "{said}");
    assert!(
        next["event"] == "terminated" || next["body"]["reason"] == "exception",
        "{next}"
    );
    client.finish();
}

#[test]
fn a_bad_launch_is_refused_in_words_and_a_client_can_connect_by_port() {
    let mut client = Client::start();
    client.ok("initialize", json!({}));
    let refused = client.request("launch", json!({}));
    assert_eq!(refused["success"], false);
    assert!(
        refused["message"].as_str().unwrap().contains("program"),
        "{refused}"
    );
    let missing = client.request("launch", json!({"program": "/nowhere/flow.json"}));
    assert_eq!(missing["success"], false);
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .contains("/nowhere/flow.json"),
        "{missing}"
    );
    client.finish();

    // --port: one client, on 127.0.0.1, the port said on stderr.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .args(["dap", "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
    let at = line
        .trim()
        .strip_prefix("sfdb dap: listening on ")
        .unwrap_or_else(|| panic!("{line}"));
    assert!(at.starts_with("127.0.0.1:"), "{at}");
    let mut stream = std::net::TcpStream::connect(at).unwrap();
    wire::write(
        &mut stream,
        &json!({"seq": 1, "type": "request", "command": "initialize", "arguments": {}}),
    )
    .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let response = wire::read(&mut reader).unwrap().unwrap();
    assert_eq!(response["success"], true);
    assert_eq!(response["body"]["supportsStepBack"], true);
    wire::write(
        &mut stream,
        &json!({"seq": 2, "type": "request", "command": "disconnect", "arguments": {}}),
    )
    .unwrap();
    stream.flush().unwrap();
    assert!(child.wait().unwrap().success());
}

/// The same adapter driven by a client that is not ours: Microsoft's
/// `@vscode/debugadapter-testsupport` (pinned in `tests/npm/package-lock.json`, installed on
/// first use) runs `tests/dap/session.js`: a breakpoint by line, verified on the widget's name,
/// hit; variables, watch and hover; continue round the retry loop; step back and reverse
/// continue; step; run to the end; a waiting widget answered in the console; and a step into
/// a subflow and out of it.
#[test]
fn microsofts_dap_test_client_drives_a_whole_session() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(server::start());
    let modules = npm::bin().parent().unwrap().to_path_buf();
    let repo = common::repo();
    let output = Command::new("node")
        .arg(repo.join("tests/dap/session.js"))
        .arg(env!("CARGO_BIN_EXE_sfdb"))
        .arg(retry_flow())
        .arg(format!("{}?q=", server.url("/fixed/always500")))
        .arg(repo.join("flows/order-status-sms.json"))
        .arg(repo.join("tests/flows/parent.scenario.json"))
        .env("NODE_PATH", &modules)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{said}");
    assert!(said.contains("dap session: ok"), "{said}");
}

#[test]
fn step_in_enters_a_subflow_and_step_out_returns_to_its_parent() {
    let scenario = common::repo().join("tests/flows/parent.scenario.json");
    let mut client = Client::start();
    client.ok("initialize", json!({}));
    client.ok(
        "launch",
        json!({"scenario": scenario.display().to_string(), "stopOnEntry": true}),
    );
    client.ok("configurationDone", json!({}));
    assert_eq!(client.event("stopped")["body"]["reason"], "entry");
    client.ok("next", json!({"threadId": 1}));
    client.event("stopped");
    assert_eq!(client.top_frame()["name"], "greet (run-subflow)");

    // In: the subflow's first widget, above its run-subflow widget in the parent.
    client.ok("stepIn", json!({"threadId": 1}));
    assert_eq!(client.event("stopped")["body"]["reason"], "step");
    let stack = client.ok("stackTrace", json!({"threadId": 1}));
    let frames = stack["stackFrames"].as_array().unwrap();
    assert_eq!(frames.len(), 2, "{stack}");
    assert_eq!(frames[0]["name"], "Trigger (trigger)");
    assert!(frames[0]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("greeting-subflow.json"));
    assert_eq!(frames[0]["line"], 4);
    assert_eq!(frames[1]["name"], "greet (run-subflow)");
    assert!(frames[1]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("tests/flows/parent.json"));
    assert_eq!(frames[1]["line"], 6);
    // Each frame reads its own context: the subflow's parameters are its trigger's.
    let name = json!({"expression": "trigger.parent.parameters.name", "context": "watch", "frameId": frames[0]["id"]});
    assert_eq!(client.ok("evaluate", name)["result"], "Ada");
    let parent = json!({"expression": "trigger.message.Body", "context": "watch", "frameId": frames[1]["id"]});
    assert_eq!(client.ok("evaluate", parent)["result"], "Ada");

    // Over, within the subflow: one of its widgets.
    client.ok("next", json!({"threadId": 1}));
    client.event("stopped");
    assert_eq!(client.top_frame()["name"], "ask (send-and-wait-for-reply)");

    // Out: the rest of the subflow runs, and the parent goes on after its widget.
    client.ok("stepOut", json!({"threadId": 1}));
    assert_eq!(client.event("stopped")["body"]["reason"], "step");
    let stack = client.ok("stackTrace", json!({"threadId": 1}));
    assert_eq!(stack["stackFrames"].as_array().unwrap().len(), 1, "{stack}");
    assert_eq!(stack["stackFrames"][0]["name"], "use (set-variables)");
    assert!(
        client
            .output()
            .contains("(subflow) step 2: ask → incomingMessage → lookup"),
        "{}",
        client.output()
    );
    client.ok("continue", json!({"threadId": 1}));
    client.event("terminated");
    assert_eq!(
        client.evaluate("flow.variables.said", "watch")["result"],
        "Hi Ada, yes (vip)"
    );
    client.finish();
}

/// `functions` in the launch: the project's Functions run locally (twilio-run, pinned), and
/// the Run Function widget's request goes to them.
#[test]
fn a_launch_with_local_functions_sends_run_function_to_them() {
    let dir = npm::example_functions();
    let flow = common::repo().join("flows/order-lookup-function.json");
    let mut client = Client::start();
    client.ok("initialize", json!({}));
    client.ok(
        "launch",
        json!({"program": flow.display().to_string(), "functions": dir.display().to_string(),
               "set": {"trigger.message.Body": "42"}}),
    );
    client.ok("configurationDone", json!({}));
    client.event("terminated");
    let said = client.output();
    assert!(said.contains("→ 200 in "), "{said}");
    assert!(said.contains("  sent to local http://127.0.0.1:"), "{said}");
    assert!(said.contains("  | looking up order 42"), "{said}");
    assert_eq!(
        client.evaluate("flow.variables.order_status", "watch")["result"],
        "shipped"
    );
    client.finish();
}

/// A slow call does not hold the session: `pause` is answered while the request is out, and
/// `disconnect` ends the adapter without waiting for it.
#[test]
fn pause_and_disconnect_are_heard_during_a_slow_request() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(server::start());
    let mut client = Client::start();
    client.ok("initialize", json!({}));
    let slow = format!("{}?q=", server.url("/fixed/slow"));
    client.ok(
        "launch",
        json!({"program": retry_flow(), "set": {"flow.data.api_base": slow}}),
    );
    client.ok("configurationDone", json!({}));
    // The request is out once the console says so.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !client.output().contains("fetch_order: GET ") {
        assert!(Instant::now() < deadline, "{:#?}", client.events);
        let message = client.next();
        client.events.push(message);
    }
    let asked = Instant::now();
    client.ok("pause", json!({"threadId": 1}));
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "pause waited for the call"
    );
    let asked = Instant::now();
    client.finish();
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "disconnect waited for the call"
    );
}

/// With the exception filter on, a widget that fires `failed` stops the run after it, said.
#[test]
fn a_failed_widget_stops_the_run_when_the_client_asks() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(server::start());
    let mut client = Client::start();
    client.ok("initialize", json!({}));
    let base = format!("{}?q=", server.url("/fixed/always500"));
    client.ok(
        "launch",
        json!({"program": retry_flow(), "set": {"flow.data.api_base": base}}),
    );
    client.ok("setExceptionBreakpoints", json!({"filters": ["failed"]}));
    client.ok("configurationDone", json!({}));
    let stopped = client.event("stopped");
    assert_eq!(stopped["body"]["reason"], "exception", "{stopped}");
    assert_eq!(stopped["body"]["description"], "fetch_order failed");
    assert_eq!(client.top_frame()["name"], "check_count (split-based-on)");
    // Off again: the run goes to its end.
    client.ok("setExceptionBreakpoints", json!({"filters": []}));
    client.ok("continue", json!({"threadId": 1}));
    client.event("terminated");
    client.finish();
}
