//! Stepping, Set Variables, Split Based On, Liquid laxness, limits and every way an execution ends.

use crate::common;

use common::{execution, execution_with, flow, path, run_offline, trigger};
use serde_json::json;
use sfdb::engine::{Progress, Status};
use sfdb::liquid::Liquid;

const COUNTER: &str =
    "{% if flow.variables.count %}{{flow.variables.count | plus: 1}} {% else %} 1 {% endif %}";

fn set_vars(name: &str, vars: serde_json::Value, next: Option<&str>) -> serde_json::Value {
    json!({"name": name, "type": "set-variables", "properties": {"variables": vars},
           "transitions": [{"event": "next", "next": next}]})
}

fn split(
    name: &str,
    input: &str,
    matches: serde_json::Value,
    no_match: Option<&str>,
) -> serde_json::Value {
    let mut transitions = vec![json!({"event": "noMatch", "next": no_match})];
    transitions.extend(matches.as_array().unwrap().iter().cloned());
    json!({"name": name, "type": "split-based-on", "properties": {"input": input}, "transitions": transitions})
}

fn matching(kind: &str, value: &str, next: &str) -> serde_json::Value {
    json!({"event": "match", "next": next, "conditions": [
        {"friendly_name": format!("If value {kind} {value}"), "arguments": [], "type": kind, "value": value}]})
}

#[test]
fn the_seed_counter_counts_one_two_three() {
    let f = flow(json!([
        trigger("count"),
        set_vars(
            "count",
            json!([{"key": "count", "value": COUNTER}]),
            Some("check")
        ),
        split(
            "check",
            "{{flow.variables.count}}",
            json!([matching("equal_to", "3", "done")]),
            Some("count")
        ),
        set_vars("done", json!([{"key": "done", "value": "yes"}]), None),
    ]));
    let mut x = execution(f);
    let mut counts = Vec::new();
    while x.advance() == Progress::Stepped {
        if let Some(c) = x.context().get("flow.variables.count") {
            if x.steps().last().unwrap().transitioned_from == "count" {
                counts.push(c.clone());
            }
        }
    }
    assert_eq!(counts, [json!(1), json!(2), json!(3)]);
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!(x.context().get("flow.variables.done"), Some(&json!("yes")));
}

#[test]
fn set_variables_types_values_and_reads_the_context_as_entered() {
    let f = flow(json!([
        trigger("vars"),
        set_vars(
            "vars",
            json!([
                {"key": "n", "value": " 42 "},
                {"key": "f", "value": "2.5"},
                {"key": "zip", "value": "007"},
                {"key": "quoted", "value": "\"42\""},
                {"key": "text", "value": "hello {{trigger.message.Body}}"},
                {"key": "n_seen", "value": "[{{flow.variables.n}}]"},
                {"key": "Case", "value": "upper"},
                {"key": "case", "value": "lower"},
                {"key": "again", "value": "first"},
                {"key": "again", "value": "second"}
            ]),
            None
        ),
    ]));
    let mut x = execution_with(f, |c| {
        c.set("trigger.message.Body", json!("world")).unwrap();
    });
    run_offline(&mut x);
    let vars = x.context().get("flow.variables").unwrap();
    assert_eq!(
        vars,
        &json!({"n": 42, "f": 2.5, "zip": "007", "quoted": "\"42\"", "text": "hello world",
                "n_seen": "[]", "Case": "upper", "case": "lower", "again": "second"})
    );
}

#[test]
fn split_tries_match_transitions_in_order_and_records_every_condition() {
    let f = flow(json!([
        trigger("route"),
        split(
            "route",
            "{{trigger.message.Body}}",
            json!([
                matching("contains", "bill", "billing"),
                matching("starts_with", "I", "first_i"),
                matching("contains", "invoice", "invoice"),
            ]),
            Some("other")
        ),
        set_vars("billing", json!([]), None),
        set_vars("first_i", json!([]), None),
        set_vars("invoice", json!([]), None),
        set_vars("other", json!([]), None),
    ]));
    let mut x = execution_with(f, |c| {
        c.set("trigger.message.Body", json!("  I lost my INVOICE "))
            .unwrap();
    });
    run_offline(&mut x);
    assert_eq!(path(&x)[1], "route --match--> first_i");
    let held: Vec<bool> = x.steps()[1].conditions.iter().map(|c| c.held).collect();
    assert_eq!(held, [false, true, true]);
    assert_eq!(x.steps()[1].conditions[0].input, "  I lost my INVOICE ");
}

#[test]
fn split_with_nothing_matching_takes_no_match() {
    let f = flow(json!([
        trigger("route"),
        split(
            "route",
            "{{nothing}}",
            json!([matching("equal_to", "x", "a")]),
            Some("b")
        ),
        set_vars("a", json!([]), None),
        set_vars("b", json!([]), None),
    ]));
    let mut x = execution(f);
    run_offline(&mut x);
    assert_eq!(
        path(&x),
        [
            "Trigger --incomingMessage--> route",
            "route --noMatch--> b",
            "b --next--> Ended"
        ]
    );
}

#[test]
fn missing_variables_render_as_empty() {
    let liquid = Liquid::new();
    let ctx = json!({"flow": {"variables": {"x": {"y": 1}}}, "widgets": {"get-parts": {"parsed": {"items": [{"id": 7}]}}}});
    let r = |t: &str| liquid.render(t, &ctx).unwrap();
    assert_eq!(r("[{{ nothing }}]"), "[]");
    assert_eq!(r("[{{ flow.variables.missing }}]"), "[]");
    assert_eq!(r("[{{ flow.variables.x.y.z }}]"), "[]");
    assert_eq!(r("[{{ widgets.none.parsed.a[0].b }}]"), "[]");
    assert_eq!(r("{{ nothing | plus: 1 }}"), "1");
    assert_eq!(r("{{ 'abc' | plus: 1 }}"), "1");
    assert_eq!(r("{{ nothing | minus: 2 }}"), "-2");
    assert_eq!(r("{{ nothing | default: 'fallback' }}"), "fallback");
    assert_eq!(r("{% if nothing %}yes{% else %}no{% endif %}"), "no");
    assert_eq!(r("{{ widgets.get-parts.parsed.items[0].id }}"), "7");
    assert_eq!(r("{{ widgets.get-parts.parsed.items.size }}"), "1");
    assert_eq!(r("{{ flow.variables.x }}"), r#"{"y":1}"#);
}

#[test]
fn with_strict_liquid_an_error_stops_the_execution_and_names_the_widget_and_field() {
    let f = flow(json!([
        trigger("vars"),
        set_vars("vars", json!([{"key": "bad", "value": "{% if %}"}]), None),
    ]));
    let mut x = strict(f);
    run_offline(&mut x);
    let Status::Stopped { code: None, reason } = x.status() else {
        panic!("{:?}", x.status())
    };
    assert!(
        reason.starts_with("widget vars (set-variables): field variables.bad: Liquid error: "),
        "{reason}"
    );
    assert_eq!(x.steps().len(), 1);
}

#[test]
fn a_widget_that_loops_on_itself_runs_ten_times_then_stops_81001() {
    let f = flow(json!([
        trigger("spin"),
        set_vars(
            "spin",
            json!([{"key": "count", "value": COUNTER}]),
            Some("spin")
        ),
    ]));
    let mut x = execution(f);
    run_offline(&mut x);
    assert_eq!(x.runs("spin"), 10);
    assert_eq!(x.context().get("flow.variables.count"), Some(&json!(10)));
    let Status::Stopped { code, reason } = x.status() else {
        panic!()
    };
    assert_eq!(*code, Some(81001));
    assert_eq!(
        reason,
        "81001: widget spin ran 10 times in a row; Studio stops the execution"
    );
    assert_eq!(x.advance(), Progress::Halted);
}

#[test]
fn a_loop_through_two_widgets_is_bounded_by_1000_steps() {
    let f = flow(json!([
        trigger("a"),
        set_vars("a", json!([{"key": "count", "value": COUNTER}]), Some("b")),
        set_vars("b", json!([]), Some("a")),
    ]));
    let mut x = execution(f);
    run_offline(&mut x);
    assert_eq!(x.steps().len(), 1000);
    assert_eq!(x.context().get("flow.variables.count"), Some(&json!(500)));
    assert_eq!(
        x.status(),
        &Status::Stopped {
            code: Some(81000),
            reason: "81000: the execution reached 1000 steps; Studio ends an execution there"
                .into()
        }
    );
}

#[test]
fn an_event_without_transition_ends_the_execution() {
    let f = flow(json!([
        trigger("vars"),
        {"name": "vars", "type": "set-variables", "properties": {"variables": []}, "transitions": []},
    ]));
    let mut x = execution(f);
    run_offline(&mut x);
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!(x.steps()[1].transitioned_to, "Ended");
    assert_eq!(
        x.steps()[1].notes,
        ["no transition for event next: the execution ends"]
    );
}

#[test]
fn a_widget_type_not_simulated_halts_as_unsupported() {
    let f = flow(json!([
        trigger("say"),
        {"name": "say", "type": "my-custom-widget", "properties": {"say": "hi"}, "transitions": [{"event": "audioComplete"}]},
    ]));
    let mut x = execution(f);
    run_offline(&mut x);
    assert_eq!(
        x.status(),
        &Status::Unsupported {
            widget: "say".into(),
            kind: "my-custom-widget".into()
        }
    );
    assert_eq!(x.steps().len(), 1);
    assert_eq!(x.runs("say"), 0);
}

#[test]
fn step_back_restores_the_context_and_restart_starts_over() {
    let f = flow(json!([
        trigger("count"),
        set_vars(
            "count",
            json!([{"key": "count", "value": COUNTER}]),
            Some("count2")
        ),
        set_vars("count2", json!([{"key": "count", "value": COUNTER}]), None),
    ]));
    let mut x = execution(f);
    run_offline(&mut x);
    assert_eq!(x.context().get("flow.variables.count"), Some(&json!(2)));
    assert!(x.step_back());
    assert_eq!(x.context().get("flow.variables.count"), Some(&json!(1)));
    assert_eq!(x.steps().len(), 2);
    assert_eq!(x.current(), Some("count2"));
    assert_eq!(x.status(), &Status::Ready);
    assert_eq!(x.advance(), Progress::Stepped);
    assert_eq!(x.context().get("flow.variables.count"), Some(&json!(2)));
    x.restart();
    assert!(x.steps().is_empty());
    assert_eq!(x.context().get("flow.variables.count"), None);
    assert_eq!(x.current(), Some("Trigger"));
    assert!(!{ x.step_back() });
}

#[test]
fn for_loops_stop_at_15_iterations_and_the_step_says_so() {
    let f = flow(json!([
        trigger("list"),
        set_vars(
            "list",
            json!([
                {"key": "all", "value": "{% for n in flow.data.items %}{{ n }},{% endfor %}"},
                {"key": "few", "value": "{% for n in flow.data.items limit: 3 %}{{ n }}{% endfor %}"}
            ]),
            None
        ),
    ]));
    let mut x = execution_with(f, |c| {
        c.set("flow.data.items", json!((1..=20).collect::<Vec<_>>()))
            .unwrap();
    });
    run_offline(&mut x);
    assert_eq!(
        x.context().get("flow.variables.all"),
        Some(&json!("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"))
    );
    assert_eq!(x.context().get("flow.variables.few"), Some(&json!(123)));
    assert_eq!(
        x.steps()[1].notes,
        ["field variables.all: a for loop was cut at 15 iterations, as Studio does"]
    );
}

#[test]
fn a_subflow_sees_the_parents_trigger_beside_its_parameters() {
    let child = flow(json!([
        {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingParent", "next": "read"}]},
        set_vars(
            "read",
            json!([{"key": "seen", "value": "{{trigger.message.From}} {{trigger.parent.parameters.x}}"}]),
            None
        ),
    ]));
    let parent = flow(json!([
        trigger("sub"),
        {"name": "sub", "type": "run-subflow",
         "properties": {"flow_sid": "FW1", "parameters": [{"key": "x", "value": "42"}]},
         "transitions": [{"event": "completed"}, {"event": "failed"}]}
    ]));
    let mut x = execution(parent);
    x.set_subflows([("FW1".to_string(), std::sync::Arc::new(child))].into());
    run_offline(&mut x);
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!(
        x.context().get("widgets.sub.seen"),
        Some(&json!("+15555550100 42"))
    );
}

/// An execution that stops at the first template error (`--strict-liquid`).
fn strict(f: sfdb::flow::Flow) -> sfdb::engine::Execution {
    let context = sfdb::engine::Context::new(&f, "incomingMessage");
    sfdb::engine::Execution::new(
        f,
        context,
        std::sync::Arc::new(sfdb::liquid::Liquid::new()),
        sfdb::engine::Options {
            trigger_event: "incomingMessage".into(),
            max_steps: 1000,
            twilio: None,
            strict_liquid: true,
            function_urls: Default::default(),
        },
    )
}

#[test]
fn template_errors_are_warnings_81018_and_the_execution_goes_on() {
    let f = flow(json!([
        trigger("vars"),
        set_vars(
            "vars",
            json!([
                {"key": "unknown_filter", "value": "{{ 'abc' | nofilter: 2 | upcase }}"},
                {"key": "no_parse", "value": "before {% if %} after"},
                {"key": "runtime", "value": "{{ 'a,b' | split: ',' | concat: 5 }}"},
                {"key": "in_place", "value": "a{{ 1 | divided_by: 0 }}b{{ 'c' | upcase }}"},
                {"key": "fine", "value": "{{ 'ok' }}"}
            ]),
            Some("after")
        ),
        set_vars("after", json!([{"key": "went_on", "value": "yes"}]), None),
    ]));
    let mut x = execution(f);
    run_offline(&mut x);
    assert_eq!(x.status(), &Status::Ended);
    let vars = x.context().get("flow.variables").unwrap().clone();
    // An unknown filter passes its input through; the rest of the chain still runs.
    assert_eq!(vars["unknown_filter"], "ABC");
    // A template that does not parse keeps its raw text.
    assert_eq!(vars["no_parse"], "before {% if %} after");
    // Another error renders as `Liquid error: …`.
    assert!(
        vars["runtime"]
            .as_str()
            .unwrap()
            .starts_with("Liquid error: "),
        "{vars}"
    );
    // In place, as Shopify renders outside strict mode: the rest of the text renders.
    assert_eq!(vars["in_place"], "aLiquid error: divided by 0bC");
    assert_eq!(vars["fine"], "ok");
    assert_eq!(vars["went_on"], "yes");
    let warnings = &x.steps()[1].warnings;
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(
        warnings[3]
            .message
            .starts_with("field variables.in_place: ")
            && warnings[3].message.contains("divided by 0"),
        "{warnings:?}"
    );
    assert!(warnings.iter().all(|w| w.code == 81018));
    assert!(
        warnings[0]
            .message
            .starts_with("field variables.unknown_filter: ")
            && warnings[0].message.contains("nofilter"),
        "{warnings:?}"
    );
    let line = serde_json::to_value(&x.steps()[1]).unwrap();
    assert_eq!(line["warnings"][0]["code"], 81018);
}

#[test]
fn a_subflows_steps_count_toward_the_limit() {
    let child = flow(json!([
        {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingParent", "next": "read"}]},
        set_vars("read", json!([{"key": "seen", "value": "yes"}]), None),
    ]));
    let parent = flow(json!([
        trigger("sub"),
        {"name": "sub", "type": "run-subflow", "properties": {"flow_sid": "FW1"},
         "transitions": [{"event": "completed", "next": "after"}, {"event": "failed", "next": "after"}]},
        set_vars("after", json!([]), None),
    ]));
    let run = |max_steps: usize| {
        let mut x = sfdb::engine::Execution::new(
            parent.clone(),
            sfdb::engine::Context::new(&parent, "incomingMessage"),
            std::sync::Arc::new(sfdb::liquid::Liquid::new()),
            sfdb::engine::Options {
                trigger_event: "incomingMessage".into(),
                max_steps,
                twilio: None,
                strict_liquid: false,
                function_urls: Default::default(),
            },
        );
        x.set_subflows([("FW1".to_string(), std::sync::Arc::new(child.clone()))].into());
        run_offline(&mut x);
        x
    };
    // Room for everything: 3 steps of the parent and 2 of the subflow, 5 in all.
    let x = run(1000);
    assert_eq!(x.status(), &Status::Ended);
    assert_eq!((x.steps().len(), x.step_count()), (3, 5));
    // A limit of 3 leaves the subflow one step: it stops, the widget fails, the run stops.
    let x = run(3);
    assert_eq!(x.steps()[1].name, "failed");
    assert_eq!(x.step_count(), 3);
    assert!(
        matches!(x.status(), Status::Stopped { .. }),
        "{:?}",
        x.status()
    );
}
