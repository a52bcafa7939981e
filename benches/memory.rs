//! Peak memory of a 1,000-step execution whose HTTP responses are 60 kB each, with the whole
//! history kept for step back. Target: under 40 MB of peak RSS.

use std::sync::Arc;

use serde_json::{json, Value};
use sfdb::engine::script::{Mock, Script};
use sfdb::engine::{Context, Execution, Options, Progress};
use sfdb::flow::Document;
use sfdb::liquid::Liquid;

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let def = json!({"description": "memory", "initial_state": "Trigger", "flags": {}, "states": [
        {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "call"}]},
        {"name": "call", "type": "make-http-request",
         "properties": {"method": "GET", "content_type": "application/json", "url": "https://example.com/orders"},
         "transitions": [{"event": "success", "next": "count"}, {"event": "failed", "next": "count"}]},
        {"name": "count", "type": "set-variables", "transitions": [{"event": "next", "next": "call"}],
         "properties": {"variables": [{"key": "count", "value": "{{flow.variables.count | plus: 1}}"},
                                      {"key": "first", "value": "{{widgets.call.parsed.items[0].sku}}"}]}}
    ]});
    let flow = Document::parse("memory.json", &def.to_string())
        .unwrap()
        .flow;
    // A 60 kB JSON object, as the order service of the demo would send for a big order.
    let items: Vec<Value> = (0..600)
        .map(|i| json!({"sku": format!("SKU-{i:05}"), "name": "x".repeat(60), "qty": i}))
        .collect();
    let body = json!({"id": "42", "items": items}).to_string();
    let body = format!(
        "{body}{}",
        " ".repeat(60_000usize.saturating_sub(body.len()))
    );
    assert!(body.len() >= 60_000 && body.len() < 65_536);

    let before = peak_rss_kb();
    let context = Context::new(&flow, "incomingMessage");
    let mut x = Execution::new(
        flow,
        context,
        Arc::new(Liquid::new()),
        Options {
            trigger_event: "incomingMessage".into(),
            max_steps: 1000,
            twilio: None,
            strict_liquid: false,
            function_urls: Default::default(),
        },
    );
    let mut script = Script::default();
    script.set_mocks(
        "call",
        vec![Mock {
            status: Some(200),
            content_type: "application/json".into(),
            body: Some(Value::String(body)),
            error: None,
        }],
    );
    x.set_script(script);
    while x.advance() == Progress::Stepped {}
    assert_eq!(x.steps().len(), 1000);
    let peak = peak_rss_kb();
    // Every step can still be stepped back over.
    let mut back = 0;
    while x.step_back() {
        back += 1;
    }
    assert_eq!(back, 1000);
    println!("memory_1000_steps_60kb_responses: peak RSS {:.1} MB (before the run {:.1} MB), history of {back} steps", peak as f64 / 1024.0, before as f64 / 1024.0);
    if peak > 40 * 1024 {
        eprintln!("over the 40 MB target");
        std::process::exit(1);
    }
}
