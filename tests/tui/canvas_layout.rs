//! The canvas layout of every corpus flow, at both zoom levels: no two boxes overlap, every
//! connected transition is routed, and no edge passes through a box (and so never through a
//! widget's name, type or labels).

use crate::common;

use sfdb::flow::{Document, Flow};
use sfdb::tui::flow::canvas::{Layout, Zoom};

fn corpus() -> Vec<(String, Flow)> {
    let files = common::corpus_files();
    let mut flows: Vec<(String, Flow)> = files
        .iter()
        .map(|f| (f.display().to_string(), Document::load(f).unwrap().flow))
        .collect();
    for name in [
        "retry-counter",
        "business-hours",
        "order-status-sms",
        "slack-post",
    ] {
        let file = common::repo().join(format!("flows/{name}.json"));
        flows.push((name.into(), Document::load(&file).unwrap().flow));
    }
    flows
}

fn check(name: &str, flow: &Flow, layout: &Layout) {
    let zoom = layout.zoom.name();
    for a in &layout.boxes {
        assert!(a.x >= 0 && a.y >= 1 && a.right() <= layout.width && a.bottom() <= layout.height);
        for b in &layout.boxes {
            let apart =
                a.right() <= b.x || b.right() <= a.x || a.bottom() <= b.y || b.bottom() <= a.y;
            assert!(
                a.widget == b.widget || apart,
                "{name} ({zoom}): {} and {} overlap",
                flow.widgets[a.widget].name,
                flow.widgets[b.widget].name
            );
        }
    }
    let connected: usize = layout.boxes.iter().map(|b| b.ports.len()).sum();
    assert_eq!(layout.edges.len(), connected, "{name} ({zoom})");
    for e in &layout.edges {
        let what = format!(
            "{name} ({zoom}): {} --{}--> {}",
            flow.widgets[e.widget].name,
            flow.widgets[e.widget].transitions[e.transition].event,
            flow.widgets[e.target].name
        );
        assert!(!e.cells.is_empty(), "{what} was not routed");
        for pair in e.cells.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert_eq!((a.0 - b.0).abs() + (a.1 - b.1).abs(), 1, "{what} jumps");
        }
        let (x, y) = *e.cells.last().unwrap();
        let target = &layout.boxes[e.target];
        let before = e.cells[e.cells.len().saturating_sub(2)];
        assert!(
            e.cells.len() == 1 || target.entered(before, (x, y)),
            "{what}: its arrowhead at {x},{y} does not point into its target's top or side"
        );
        // Only an edge that climbs or keeps its height (a loop to its own box, or to one
        // beside it) comes in by a side.
        let source = &layout.boxes[e.widget];
        assert!(
            y == target.y - 1 || target.y <= source.y,
            "{what} enters by a side going down"
        );
        for &(x, y) in &e.cells {
            if let Some(b) = layout.boxes.iter().find(|b| b.contains(x, y)) {
                panic!(
                    "{what} passes through {} at {x},{y}",
                    flow.widgets[b.widget].name
                );
            }
        }
    }
}

#[test]
fn no_box_overlaps_and_no_edge_crosses_a_box_in_any_corpus_flow() {
    let flows = corpus();
    assert!(flows.len() >= 33);
    for (name, flow) in &flows {
        for zoom in [Zoom::Full, Zoom::Compact] {
            check(name, flow, &Layout::new(flow, zoom));
        }
    }
}

#[test]
fn a_flow_without_positions_is_layered_top_to_bottom() {
    let flow = common::flow(serde_json::json!([
        common::trigger("a"),
        {"name": "a", "type": "set-variables", "properties": {"variables": []},
         "transitions": [{"event": "next", "next": "b"}]},
        {"name": "b", "type": "split-based-on", "properties": {"input": "x"},
         "transitions": [{"event": "noMatch", "next": "a"},
                         {"event": "match", "next": "c", "conditions": [{"friendly_name": "x", "arguments": ["x"], "type": "equal_to", "value": "1"}]}]},
        {"name": "c", "type": "set-variables", "properties": {"variables": []}, "transitions": []}
    ]));
    let layout = Layout::new(&flow, Zoom::Full);
    assert!(layout.layered);
    let y = |name: &str| layout.boxes[flow.index_of(name).unwrap()].y;
    assert!(y("Trigger") < y("a") && y("a") < y("b") && y("b") < y("c"));
    check("layered", &flow, &layout);
    let back = layout
        .edges
        .iter()
        .find(|e| e.back)
        .expect("the loop back to a");
    assert_eq!(flow.widgets[back.target].name, "a");
    // The split's port labels: its event, and its condition in short.
    let labels: Vec<&str> = layout.boxes[flow.index_of("b").unwrap()]
        .ports
        .iter()
        .map(|p| p.label.as_str())
        .collect();
    assert_eq!(labels, ["noMatch", "= 1"]);
}

/// Without positions, a box's transitions lead to boxes in the order its ports stand (left to
/// right in file order), so edges leaving one box do not cross; and a long chain of boxes
/// that each leave by their leftmost port stays straight rather than stepping sideways.
#[test]
fn the_layered_layout_follows_ports_and_keeps_chains_straight() {
    use sfdb::tui::flow::canvas::quality::measure;
    let text = std::fs::read_to_string(common::repo().join("flows/business-hours.json")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for state in json["states"].as_array_mut().unwrap() {
        state["properties"]
            .as_object_mut()
            .unwrap()
            .remove("offset");
    }
    let flow = Document::parse("business-hours.json", &json.to_string())
        .unwrap()
        .flow;
    let layout = Layout::new(&flow, Zoom::Full);
    assert!(layout.layered);
    check("business-hours, layered", &flow, &layout);
    assert_eq!(measure(&layout).crossings, 0);
    let split = &layout.boxes[flow.index_of("check_hours").unwrap()];
    let targets: Vec<i32> = split
        .ports
        .iter()
        .map(|p| layout.boxes[layout.edges[p.edge.unwrap()].target].x)
        .collect();
    assert!(targets.windows(2).all(|t| t[0] < t[1]), "{targets:?}");

    let mut states = vec![common::trigger("w1")];
    for i in 1..=200 {
        states.push(serde_json::json!({"name": format!("w{i}"), "type": "split-based-on",
            "properties": {"input": "x"},
            "transitions": [{"event": "noMatch", "next": format!("w{}", i + 1)},
                            {"event": "match", "next": format!("w{}", (i - 1).max(1)), "conditions": [{"friendly_name": "x", "arguments": ["x"], "type": "equal_to", "value": "1"}]}]}));
    }
    states.push(serde_json::json!({"name": "w201", "type": "set-variables", "properties": {"variables": []}, "transitions": []}));
    let flow = common::flow(serde_json::Value::Array(states));
    let layout = Layout::new(&flow, Zoom::Full);
    check("chain", &flow, &layout);
    let widest = layout.boxes.iter().map(|b| b.w).max().unwrap();
    let left = layout.boxes.iter().map(|b| b.x).min().unwrap();
    let right = layout
        .boxes
        .iter()
        .map(sfdb::tui::flow::canvas::Placed::right)
        .max()
        .unwrap();
    assert!(
        right - left < widest * 2,
        "the chain spreads over {} columns",
        right - left
    );
}

#[test]
fn an_exported_flow_keeps_studios_picture() {
    let file = common::shared().join("flows-corpus/twilio-demo__ivr-flow.json");
    let flow = Document::load(&file).unwrap().flow;
    let layout = Layout::new(&flow, Zoom::Full);
    assert!(!layout.layered);
    let at = |name: &str| &layout.boxes[flow.index_of(name).unwrap()];
    // x = -1230 and x = 680 in the export: far apart, and in that order.
    assert!(at("split_digit_pressed").right() < at("said_payment").x);
}

/// Labels are whole where there is room, and those cut keep what tells them apart from their
/// siblings; `↑` (a loop back) marks only an edge whose target's top is above its source's.
#[test]
fn labels_are_whole_or_cut_apart_and_only_edges_up_are_marked_back() {
    let file = common::shared().join("flows-corpus/accfb-foodnow__studio_bot_flow.json");
    let flow = Document::load(&file).unwrap().flow;
    let split = flow.index_of("split_language_sms").unwrap();
    let labels = |zoom| -> Vec<String> {
        Layout::new(&flow, zoom).boxes[split]
            .ports
            .iter()
            .map(|p| p.label.clone())
            .collect()
    };
    let full = labels(Zoom::Full);
    assert!(full.contains(&"contains español".to_string()), "{full:?}");
    assert!(full.contains(&"contains espanol".to_string()), "{full:?}");
    for zoom in [Zoom::Full, Zoom::Compact] {
        let shown = labels(zoom);
        let mut unique = shown.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), shown.len(), "{zoom:?}: {shown:?}");
        assert!(shown.iter().all(|l| l.chars().count() >= 8.min(l.len())));
    }
    let trigger = flow.index_of("Trigger").unwrap();
    let layout = Layout::new(&flow, Zoom::Full);
    assert!(
        layout.boxes[trigger]
            .ports
            .iter()
            .all(|p| !p.label.ends_with('…')),
        "the trigger's events are whole"
    );
    for (name, flow) in corpus() {
        let layout = Layout::new(&flow, Zoom::Full);
        for e in &layout.edges {
            let up = layout.boxes[e.target].y < layout.boxes[e.widget].y;
            assert_eq!(
                e.back, up,
                "{name}: {} → {}",
                flow.widgets[e.widget].name, flow.widgets[e.target].name
            );
        }
    }
}

/// What the issue measures, over every corpus flow and the bundled ones at both zooms, printed
/// (`cargo test --test tui canvas_quality -- --nocapture`) and held: every arrowhead of its
/// own on its target's border, `↑` only on edges that climb, every edge routed, no cell shared
/// by two edges except where they cross at right angles, and no join.
#[test]
fn canvas_quality_over_the_corpus() {
    use sfdb::tui::flow::canvas::quality::{measure, Quality};
    let mut total = Quality::default();
    let mut report = String::new();
    for (name, flow) in &corpus() {
        for zoom in [Zoom::Full, Zoom::Compact] {
            let q = measure(&Layout::new(flow, zoom));
            let short = name.rsplit('/').next().unwrap_or(name);
            report.push_str(&format!(
                "{short:<50} {:<7} edges {:>4} shared {:>4} joins {:>4} crossings {:>4}\n",
                zoom.name(),
                q.edges,
                q.shared,
                q.joins,
                q.crossings
            ));
            assert_eq!(q.arrows_off, 0, "{name} ({}): {q:?}", zoom.name());
            assert_eq!(q.arrows_shared, 0, "{name} ({}): {q:?}", zoom.name());
            assert_eq!(q.back_wrong, 0, "{name} ({}): {q:?}", zoom.name());
            assert_eq!(q.unrouted, 0, "{name} ({}): {q:?}", zoom.name());
            total.edges += q.edges;
            total.shared += q.shared;
            total.joins += q.joins;
            total.crossings += q.crossings;
        }
    }
    eprintln!(
        "{report}total: edges {} shared {} joins {} crossings {}",
        total.edges, total.shared, total.joins, total.crossings
    );
    assert_eq!((total.shared, total.joins), (0, 0), "{total:?}");
}

/// The flow with every widget's position taken out, as a generated flow comes.
fn without_positions(flow: &Flow) -> Flow {
    let mut flow = flow.clone();
    for w in &mut flow.widgets {
        w.properties.remove("offset");
    }
    flow
}

/// The layered layout of every corpus and bundled flow with its positions taken out, at both
/// zooms: each edge follows its own way (its dummies' columns, a row of its own across each
/// gap, loops climbing beside the boxes into their target's side or over its top), so no two
/// edges share a cell except where they cross, and none joins another.
#[test]
fn the_layered_layout_gives_every_edge_a_line_of_its_own() {
    use sfdb::tui::flow::canvas::quality::measure;
    for (name, flow) in &corpus() {
        let flow = without_positions(flow);
        for zoom in [Zoom::Full, Zoom::Compact] {
            let layout = Layout::new(&flow, zoom);
            assert!(layout.layered || layout.boxes.len() < 2, "{name}");
            check(name, &flow, &layout);
            let q = measure(&layout);
            let what = format!("{name} ({}): {q:?}", zoom.name());
            assert_eq!(
                q.arrows_off + q.arrows_shared + q.back_wrong + q.unrouted,
                0,
                "{what}"
            );
            assert_eq!((q.shared, q.joins), (0, 0), "{what}");
        }
    }
}
