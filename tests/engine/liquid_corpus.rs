//! Every Liquid template in the real exports renders, and no template or data can panic the
//! renderer.

use crate::common;

use proptest::prelude::*;
use serde_json::{json, Value};
use sfdb::engine::Context;
use sfdb::flow::Document;
use sfdb::liquid::Liquid;

fn templates(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.contains("{{") || s.contains("{%") => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| templates(v, out)),
        Value::Object(map) => map.values().for_each(|v| templates(v, out)),
        _ => {}
    }
}

/// The context with every variable the template names set (to "1" where the flow has not set
/// it), as it would be by the time the widget runs.
fn with_named_variables(context: &Context, template: &str) -> Context {
    static NAMES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:flow|trigger|widgets|contact)(?:\.[A-Za-z_][\w-]*)+").unwrap()
    });
    let names = &*NAMES;
    let mut context = context.clone();
    let mut paths: Vec<&str> = names.find_iter(template).map(|m| m.as_str()).collect();
    // Longest first, so that `a.b.c` is set before `a.b` could claim `b` as a leaf.
    paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for path in paths {
        if context.get(path).is_none() {
            let _ = context.set(path, json!("1"));
        }
    }
    context
}

#[test]
fn every_template_in_the_corpus_renders() {
    let dir = common::shared().join("flows-corpus");
    let liquid = Liquid::new();
    let mut count = 0;
    let mut failures = Vec::new();
    for sub in ["", "legacy"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let doc = Document::load(&path).unwrap();
            let context = Context::new(&doc.flow, "incomingMessage");
            for widget in &doc.flow.widgets {
                let mut found = Vec::new();
                templates(&Value::Object(widget.properties.clone()), &mut found);
                for t in &widget.transitions {
                    for c in &t.conditions {
                        found.push(c.value.clone());
                    }
                }
                for template in found {
                    count += 1;
                    let context = with_named_variables(&context, &template);
                    if let Err(e) = liquid.render_view(&template, &context) {
                        let file = path.file_name().unwrap().to_string_lossy().into_owned();
                        failures.push(format!(
                            "{file}: widget {}: {template:?}: {}",
                            widget.name,
                            e.message.lines().last().unwrap_or_default().trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(count > 300, "only {count} templates found");
    // One export has an unterminated `{{`, which Shopify Liquid rejects as well: a real bug in
    // that flow, reported here exactly so that any other failure stands out.
    assert_eq!(
        failures,
        ["twilio-apaleo__studio_flow.json: widget cancel_reservation: \"{{flow.variables.reservation_id\": = expected Literal"]
    );
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        "[a-z0-9 ]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-c]", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z ]{0,5}",
        Just("{{ a }}".to_string()),
        Just("{{ a.b | plus: 1 }}".to_string()),
        Just("{{ a | join: ',' | upcase }}".to_string()),
        Just("{{ b[0].c | default: 'x' | divided_by: 0 }}".to_string()),
        Just("{% if a %}".to_string()),
        Just("{% else %}".to_string()),
        Just("{% endif %}".to_string()),
        Just("{% for x in a %}{{ x }}".to_string()),
        Just("{% endfor %}".to_string()),
        Just("{% comment %}".to_string()),
        Just("{% endcomment %}".to_string()),
        Just("{% assign c = a | sum %}".to_string()),
        Just("{% # note %}".to_string()),
        Just("{{".to_string()),
        Just("%}".to_string()),
        Just("{%".to_string()),
        Just("{% raw %}".to_string()),
        Just("{{ a | has: 'b' | find_index: 1 }}".to_string()),
        Just("{{ a | map: 'b' | reverse | first }}".to_string()),
        Just("{%- liquid echo a\n cycle 'x', 'y' -%}".to_string()),
        Just("{% case a %}{% when 1, 'x' or b %}".to_string()),
        Just("{% endcase %}".to_string()),
        Just("{% tablerow x in a cols: b offset: continue %}".to_string()),
        Just("{% endtablerow %}".to_string()),
        Just("{% for x in (b..a) reversed, limit: b offset: continue %}{% break %}".to_string()),
        Just("{% unless a contains nil and b or a > 2 %}".to_string()),
        Just("{% endunless %}".to_string()),
        Just("{{ nullable | date: '%Y %8' }}{{ ['a'].b | sort: 'b' | sort_natural }}".to_string()),
        Just("{% include 'x' with a as y, z: (1..b) %}{% render a for b %}".to_string()),
        Just("{{ a | slice: b, -1 | url_encode | newline_to_br }}".to_string()),
        Just("{{ forloop.parentloop.name }}".to_string()),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn no_template_or_data_panics(t in template(), a in json_value(), b in json_value()) {
        sfdb::liquid::quiet_contained_panics();
        let liquid = Liquid::new();
        let _ = liquid.render(&t, &json!({"a": a, "b": b}));
    }
}
