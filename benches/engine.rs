//! A 1,000-step CPU-only execution (Set Variables + Split Based On loop with Liquid), in the
//! engine and as a whole `sfdb run` process.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use sfdb::engine::{Context, Execution, Options, Progress, Status};
use sfdb::flow::Document;
use sfdb::liquid::Liquid;

fn loop_flow() -> sfdb::flow::Flow {
    Document::parse("bench.json", &loop_definition().to_string())
        .unwrap()
        .flow
}

fn loop_definition() -> serde_json::Value {
    json!({
        "description": "bench", "initial_state": "Trigger", "flags": {},
        "states": [
            {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "count"}]},
            {"name": "count", "type": "set-variables", "transitions": [{"event": "next", "next": "check"}],
             "properties": {"variables": [
                {"key": "count", "value": "{% if flow.variables.count %}{{flow.variables.count | plus: 1}}{% else %}1{% endif %}"},
                {"key": "label", "value": "attempt {{flow.variables.count}} for {{contact.channel.address}}"}]}},
            {"name": "check", "type": "split-based-on", "properties": {"input": "{{flow.variables.count}}"},
             "transitions": [
                {"event": "noMatch", "next": "count"},
                {"event": "match", "next": null, "conditions": [
                    {"friendly_name": "done", "arguments": [], "type": "greater_than", "value": "100000"}]}]}
        ]
    })
}

fn thousand_steps(c: &mut Criterion) {
    let flow = loop_flow();
    let liquid = Arc::new(Liquid::new());
    c.bench_function("execution_1000_steps_cpu_only", |b| {
        b.iter(|| {
            let context = Context::new(&flow, "incomingMessage");
            let mut x = Execution::new(
                flow.clone(),
                context,
                liquid.clone(),
                Options {
                    trigger_event: "incomingMessage".into(),
                    max_steps: 1000,
                    twilio: None,
                    strict_liquid: false,
                    function_urls: Default::default(),
                },
            );
            while x.advance() == Progress::Stepped {}
            assert_eq!(x.steps().len(), 1000);
            assert!(matches!(x.status(), Status::Stopped { .. }));
        });
    });
}

/// `sfdb run --format jsonl` as a whole process, for 2 and for 1,000 steps of the same loop:
/// with each template parsed once, the long run costs little more than starting the process.
fn whole_process(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loop.json");
    std::fs::write(&path, loop_definition().to_string()).unwrap();
    let mut group = c.benchmark_group("process");
    group.sample_size(20);
    for steps in [2, 1000] {
        group.bench_function(format!("sfdb_run_jsonl_{steps}_steps"), |b| {
            b.iter(|| {
                let out = std::process::Command::new(env!("CARGO_BIN_EXE_sfdb"))
                    .args([
                        "run",
                        "--format",
                        "jsonl",
                        "--max-steps",
                        &steps.to_string(),
                    ])
                    .arg(&path)
                    .output()
                    .unwrap();
                // Stopped at the step limit (exit 3) after the steps asked for and an end line.
                assert_eq!(out.status.code(), Some(3));
                assert_eq!(
                    out.stdout.iter().filter(|b| **b == b'\n').count(),
                    steps + 1
                );
            });
        });
    }
    group.finish();
}

criterion_group!(benches, thousand_steps, whole_process);
criterion_main!(benches);
