//! A 1,000-step CPU-only execution (Set Variables + Split Based On loop with Liquid).

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use sfdb::engine::{Context, Execution, Options, Progress, Status};
use sfdb::flow::Document;
use sfdb::liquid::Liquid;

fn loop_flow() -> sfdb::flow::Flow {
    let def = json!({
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
    });
    Document::parse("bench.json", &def.to_string())
        .unwrap()
        .flow
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
                },
            );
            while x.advance() == Progress::Stepped {}
            assert_eq!(x.steps().len(), 1000);
            assert!(matches!(x.status(), Status::Stopped { .. }));
        })
    });
}

criterion_group!(benches, thousand_steps);
criterion_main!(benches);
