//! Liquid as Studio renders it, beyond the conformance suite: the blocks, tags and rewrites sfdb
//! adds to the `liquid` crate, checked on templates a flow author would write.

use serde_json::{json, Value};
use sfdb::liquid::{JsonView, Liquid};

fn render(template: &str, data: Value) -> String {
    Liquid::new()
        .render(template, &data)
        .unwrap_or_else(|e| panic!("{template}: {e}"))
}

#[test]
fn loops_are_cut_at_15_even_when_the_limit_comes_from_a_variable() {
    let data = json!({"items": (1..=40).collect::<Vec<_>>(), "n": 30});
    let liquid = Liquid::new();
    let (text, cut) = liquid
        .render_noting_cut_loops(
            "{% for i in items limit: n %}{{ forloop.index }}.{% endfor %}",
            &JsonView::new(&data),
        )
        .unwrap();
    assert_eq!(text.matches('.').count(), 15);
    assert!(cut);
    let (_, cut) = liquid
        .render_noting_cut_loops(
            "{% for i in items limit: 4 %}{% endfor %}",
            &JsonView::new(&data),
        )
        .unwrap();
    assert!(!cut);
}

#[test]
fn a_retry_loop_template_continues_where_the_last_loop_stopped() {
    let data = json!({"attempts": ["a", "b", "c", "d"]});
    assert_eq!(
        render(
            "{% for a in attempts limit: 2 %}{{ a }}{% endfor %}|{% for a in attempts offset: continue %}{{ forloop.name }}={{ a }} {% endfor %}",
            data
        ),
        "ab|a-attempts=c a-attempts=d "
    );
}

#[test]
fn loop_items_read_from_json_keep_their_key_order_and_print_as_json() {
    let data = json!({"items": [{"z": 1, "a": {"y": 2, "b": 3}}]});
    assert_eq!(
        render("{% for item in items %}{{ item }}{% endfor %}", data),
        r#"{"z":1,"a":{"y":2,"b":3}}"#
    );
}

#[test]
fn conditions_compare_as_ruby_does() {
    let data = json!({"one": 1, "list": ["a", null], "text": "abc"});
    let t = |cond: &str| {
        render(
            &format!("{{% if {cond} %}}y{{% else %}}n{{% endif %}}"),
            data.clone(),
        )
    };
    assert_eq!(t("one == true"), "n");
    assert_eq!(t("one == 1.0"), "y");
    assert_eq!(t("list contains nil"), "n");
    assert_eq!(t("list contains 'a'"), "y");
    assert_eq!(t("text contains 'b'"), "y");
    assert_eq!(t("missing contains 'b'"), "n");
    assert_eq!(t("false and false or true"), "n");
    assert_eq!(t("'' == empty"), "y");
    assert_eq!(t("missing == blank"), "y");
    assert_eq!(t("missing == empty"), "n");
    // Numeric text orders as a number (a message body, a decimal result of a math filter).
    assert_eq!(t("'5' > 3"), "y");
    let total = "{% assign total = 100 | times: 1.5 %}{% if total > 100 %}{{ total }}{% endif %}";
    assert_eq!(render(total, json!({})), "150.0");
    assert!(Liquid::new()
        .render("{% if 'abc' > 3 %}{% endif %}", &json!({}))
        .is_err());
}

#[test]
fn case_renders_each_matching_when_and_else_when_none_before_matched() {
    assert_eq!(
        render(
            "{% case s %}{% when 'a', 'b' %}A{% else %}E{% when 'b' %}B{% endcase %}",
            json!({"s": "b"})
        ),
        "AB"
    );
    assert_eq!(
        render(
            "{% case s %}{% when 'a' %}A{% else %}E{% endcase %}",
            json!({"s": "z"})
        ),
        "E"
    );
}

#[test]
fn blocks_of_only_whitespace_render_nothing() {
    assert_eq!(
        render(
            "[{% if true %}\n  {% assign x = 1 %}\n{% endif %}]{{ x }}",
            json!({})
        ),
        "[]1"
    );
    assert_eq!(render("[{% if true %} y {% endif %}]", json!({})), "[ y ]");
}

#[test]
fn the_liquid_tag_runs_one_tag_a_line() {
    assert_eq!(
        render(
            "{%- liquid\n  # a comment\n  assign n = list | size\n  if n > 1\n    echo 'many'\n  endif\n-%}",
            json!({"list": [1, 2]})
        ),
        "many"
    );
}

#[test]
fn names_that_begin_with_a_keyword_and_bracket_lookups_work() {
    let data = json!({"nullable": "N", "true_count": 2, "a b": {"c": "C"}});
    assert_eq!(
        render(
            "{{ nullable }} {{ true_count | plus: 1 }} {% assign empty_list = '' %}[{{ empty_list }}] {{ ['a b'].c }}",
            data
        ),
        "N 3 [] C"
    );
}

#[test]
fn ranges_work_outside_for() {
    assert_eq!(render("{{ (1..4) | join: '-' }}", json!({})), "1-2-3-4");
    assert_eq!(
        render("{% assign r = (2..n) %}{{ r | size }}", json!({"n": 5})),
        "4"
    );
}

#[test]
fn cycle_and_tablerow() {
    assert_eq!(
        render(
            "{% for i in (1..4) %}{% cycle 'odd', 'even' %} {% endfor %}",
            json!({})
        ),
        "odd even odd even "
    );
    assert_eq!(
        render("{% tablerow i in (1..3) cols: 2 %}{{ i }}{% endtablerow %}", json!({})),
        "<tr class=\"row1\">\n<td class=\"col1\">1</td><td class=\"col2\">2</td></tr>\n<tr class=\"row2\"><td class=\"col1\">3</td></tr>\n"
    );
}

#[test]
fn include_and_render_read_named_templates_when_given_some() {
    let liquid = Liquid::with_partials([(
        "greet".to_string(),
        "Hi {{ name }}{% assign seen = true %}".to_string(),
    )])
    .unwrap();
    let data = json!({"name": "Ada"});
    assert_eq!(
        liquid
            .render("{% include 'greet' %} {{ seen }}", &data)
            .unwrap(),
        "Hi Ada true"
    );
    assert_eq!(
        liquid
            .render("{% render 'greet', name: 'Bo' %} [{{ seen }}]", &data)
            .unwrap(),
        "Hi Bo []"
    );
    let error = Liquid::new()
        .render("{% include 'greet' %}", &data)
        .unwrap_err();
    assert!(error.message.contains("greet"), "{}", error.message);
}

#[test]
fn errors_in_blocks_say_where() {
    let error = Liquid::new()
        .render(
            "{% for x in (1..3) limit: 'many' %}{% endfor %}",
            &json!({}),
        )
        .unwrap_err();
    assert!(
        error.message.contains("`limit` must be a number"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("{% for x in (1..3) %}"),
        "{}",
        error.message
    );
    let error = Liquid::new().parse("{% if %}{% endif %}").unwrap_err();
    assert!(error.message.contains("1:"), "{}", error.message);
}

#[test]
fn commenting_out_broken_liquid_works() {
    assert_eq!(
        render(
            "a{% comment %}{% if x %}{{ broken {% for %}{% endcomment %}b{% # note %}c",
            json!({})
        ),
        "abc"
    );
    assert_eq!(
        render(
            "{% raw %}{% comment %}{% endraw %}{% comment %}{% raw %}{% endcomment %}{% endraw %}{% endcomment %}!",
            json!({})
        ),
        "{% comment %}!"
    );
    assert!(Liquid::new()
        .render("{%- # one line\n  but not this one -%}", &json!({}))
        .is_err());
}

#[test]
fn the_debugger_shows_objects_and_arrays_made_by_filters_as_json() {
    let data = json!({"items": [{"id": 1, "name": "a"}], "list": "x,y"});
    let liquid = Liquid::new();
    let view = JsonView::new(&data);
    let first = liquid.inspect("{{ items | first }}", view).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&first).unwrap(),
        json!({"id": 1, "name": "a"})
    );
    assert_eq!(
        liquid.inspect(" {{- list | split: ',' }}\n", view).unwrap(),
        r#"["x","y"]"#
    );
    // A flow's fields render as Studio does; only the debugger's view changes.
    assert_eq!(
        liquid.render_view("{{ list | split: ',' }}", view).unwrap(),
        "xy"
    );
    assert_eq!(
        liquid.inspect("{{ list }} and {{ list }}", view).unwrap(),
        "x,y and x,y"
    );
    assert_eq!(
        liquid.inspect("{{ items | }}", view).unwrap_err(),
        liquid.render_view("{{ items | }}", view).unwrap_err()
    );
}

#[test]
fn to_json_prints_compact_json_with_keys_in_their_order() {
    // Twilio's Send to Flex page: `{{widgets.X.parsed | to_json}}` for task attributes.
    let data = json!({"widgets": {"get": {"parsed": {"zeta": 1, "alpha": [1, "two", null, true],
                                                      "nested": {"k": 1.5, "b": false}}}},
                      "text": "say \"hi\"", "none": null});
    assert_eq!(
        render("{{ widgets.get.parsed | to_json }}", data.clone()),
        r#"{"zeta":1,"alpha":[1,"two",null,true],"nested":{"k":1.5,"b":false}}"#
    );
    assert_eq!(render("{{ text | json }}", data.clone()), r#""say \"hi\"""#);
    assert_eq!(render("{{ none | to_json }}", data.clone()), "null");
    assert_eq!(
        render("{{ widgets.get.parsed.alpha | json }}", data),
        r#"[1,"two",null,true]"#
    );
}

/// Each render has a budget: a string doubled in a loop, loops nested past 10,000 iterations
/// in all, text past 1 MB are Liquid errors, not gigabytes or minutes.
#[test]
fn a_render_has_a_budget_of_iterations_and_text() {
    let liquid = Liquid::new();
    let empty = json!({});
    let data = JsonView::new(&empty);
    let doubling = "{% assign s = \"x\" %}{% for i in (1..15) %}{% for j in (1..3) %}\
                    {% assign s = s | append: s %}{% endfor %}{% endfor %}{{ s | size }}";
    let e = liquid.render_view(doubling, &data).unwrap_err();
    assert!(
        e.message.contains("builds text longer than 1024 kB"),
        "{}",
        e.message
    );
    assert!(
        e.message.lines().all(|l| l.chars().count() <= 2001),
        "{}",
        e.message
    );
    // A capture doubles its variable as `append` does, and is held to the same budget.
    let capturing = "{% assign s = \"x\" %}{% for i in (1..15) %}{% for j in (1..3) %}\
                     {% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{% endfor %}\
                     {{ s | size }}";
    let e = liquid.render_view(capturing, &data).unwrap_err();
    assert!(
        e.message.contains("builds text longer than 1024 kB"),
        "{}",
        e.message
    );
    let small = "{% capture s %}a{{ 1 | plus: 1 }}{% endcapture %}{{ s }}{{ s | size }}";
    assert_eq!(liquid.render_view(small, &data).unwrap(), "a22");
    let nested = "{% for a in (1..15) %}{% for b in (1..15) %}{% for c in (1..15) %}\
                  {% for d in (1..15) %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
    let e = liquid.render_view(nested, &data).unwrap_err();
    assert!(
        e.message.contains("loops run more than 10000 times"),
        "{}",
        e.message
    );
    // Within the budget, loops run as before: 15 × 15 × 15 = 3,375.
    let three = "{% for a in (1..15) %}{% for b in (1..15) %}{% for c in (1..15) %}x\
                 {% endfor %}{% endfor %}{% endfor %}";
    assert_eq!(liquid.render_view(three, &data).unwrap().len(), 3375);
    // The budget is each render's own.
    assert_eq!(liquid.render_view(three, &data).unwrap().len(), 3375);
}

/// `uniq` is linear (it was quadratic: `(1..100000) | uniq` ran past a minute) and keeps
/// Liquid's equality: `1` and `1.0` are one value, `1` and `"1"` are two; nested arrays are
/// flattened first, as Shopify's `uniq` does.
#[test]
fn uniq_is_linear_and_keeps_liquid_equality() {
    assert_eq!(
        render("{{ (1..100000) | uniq | size }}", json!({})),
        "100000"
    );
    let data = json!({"xs": [1, 1.0, "1", "a", "a", null, null, [1], [1], {"k": 1}, {"k": 1}]});
    assert_eq!(
        render("{{ xs | uniq | json }}", data),
        r#"[1,"1","a",null,{"k":1}]"#
    );
}

#[test]
fn objects_keep_their_key_order_through_filters_and_print_as_json() {
    let data = json!({"rows": [{"title": "foo", "name": "a"}, null, {"zeta": 1, "alpha": 2}]});
    // Before the vendored liquid-core kept objects in insertion order, these came out in a
    // hash map's order, which changed from one run to the next.
    assert_eq!(
        render(
            "{% assign kept = rows | compact %}{% for row in kept %}{% for pair in row %}\
             ({{ pair[0] }},{{ pair[1] }}){% endfor %}{% endfor %}",
            data.clone()
        ),
        "(title,foo)(name,a)(zeta,1)(alpha,2)"
    );
    assert_eq!(
        render("{{ rows | last }}", data.clone()),
        r#"{"zeta":1,"alpha":2}"#
    );
    assert_eq!(
        render("{% assign row = rows | first %}{{ row }}", data.clone()),
        r#"{"title":"foo","name":"a"}"#
    );
    assert_eq!(render("{{ rows[2].first | join: '=' }}", data), "zeta=1");
}

#[test]
fn whole_floats_keep_their_point_and_names_read_as_shopify_reads_them() {
    assert_eq!(
        render("{{ 5.0 }} {{ 10 | divided_by: 4.0 }} {{ 5 }}", json!({})),
        "5.0 2.5 5"
    );
    assert_eq!(render("{{ 2 | times: 1.5 }}", json!({})), "3.0");
    assert_eq!(render("{{ bar? }}", json!({"bar?": "yes"})), "yes");
    assert_eq!(render("{{ ['a'] \t['b'] }}", json!({"a": {"b": 42}})), "42");
    assert_eq!(render("{% assign 12 = 'x' %}{{ 12 }}", json!({})), "12");
    let liquid = Liquid::new();
    for bad in [
        "{% assign done? = true %}",
        "{{ -foo }}",
        "{% capture -x %}{% endcapture %}",
    ] {
        assert!(
            liquid.render(bad, &json!({})).is_err(),
            "{bad} should not parse"
        );
    }
}
