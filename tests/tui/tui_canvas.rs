//! The graph pane's canvas view (`f`): Studio's picture of the flow, in real frames at 120x40
//! and 80x24 and both zoom levels, and its keys through `update`.

use crate::common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sfdb::flow::Document;
use sfdb::session::{self, Start};
use sfdb::tui::flow::canvas::Zoom;
use sfdb::tui::{update, Model, Msg};

use common::press;

fn open(path: &std::path::Path) -> Model {
    let doc = Document::load(path).unwrap();
    let execution = session::execution(&doc, &Start::default()).unwrap();
    Model::new(doc, execution, false)
}

fn canvas(path: &std::path::Path, width: u16, height: u16) -> Model {
    let mut m = open(path);
    update(&mut m, Msg::Resize(width, height));
    press(&mut m, KeyCode::Char('f'));
    m
}

fn selected(m: &Model) -> &str {
    m.inspected().map_or("", |w| w.name.as_str())
}

fn shift(m: &mut Model, code: KeyCode) {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::SHIFT)));
}

#[test]
fn canvas_snapshots_of_four_flows_at_two_sizes_and_both_zooms() {
    let flows = [
        (
            "retry_counter",
            common::repo().join("flows/retry-counter.json"),
        ),
        (
            "ivr_flow",
            common::shared().join("flows-corpus/twilio-demo__ivr-flow.json"),
        ),
        (
            "accfb_foodnow",
            common::shared().join("flows-corpus/accfb-foodnow__studio_bot_flow.json"),
        ),
        (
            "legacy_geolocator",
            common::shared().join("flows-corpus/legacy/geolocator__studioFlow.json"),
        ),
    ];
    for (name, path) in &flows {
        for (width, height) in [(120, 40), (80, 24)] {
            let mut m = canvas(path, width, height);
            common::snapshot(
                &format!("canvas_{name}_full_{width}x{height}"),
                &m,
                width,
                height,
            );
            press(&mut m, KeyCode::Char('-'));
            assert_eq!(m.canvas.zoom, Zoom::Compact);
            common::snapshot(
                &format!("canvas_{name}_compact_{width}x{height}"),
                &m,
                width,
                height,
            );
        }
    }
}

#[test]
fn after_three_steps_the_current_widget_and_the_edge_taken_show() {
    let mut m = common::demo_model(false);
    update(&mut m, Msg::Resize(120, 40));
    press(&mut m, KeyCode::Char('f'));
    for _ in 0..3 {
        common::run_step(&mut m);
    }
    assert_eq!(m.execution.current(), Some("check_count"));
    // The canvas alone on the screen (`z`), as a user reading the flow would have it.
    press(&mut m, KeyCode::Char('z'));
    let frame = common::frame(&m, 120, 40);
    assert!(frame.contains("▶ check_count"), "{frame}");
    // fetch_order --failed--> check_count was the last step: its port is marked.
    assert!(frame.contains("│success•failed"), "{frame}");
    common::snapshot("canvas_after_three_steps_120x40", &m, 120, 40);
}

/// The walked edge in words, as the status line says it.
fn walked(m: &Model) -> Option<String> {
    m.canvas.walk_text(m.execution.flow(), m.selected_widget()?)
}

#[test]
fn hjkl_select_the_nearest_widget_and_enter_follows_a_walked_edge() {
    let mut m = canvas(&common::repo().join("flows/retry-counter.json"), 120, 40);
    assert!(m.canvas.on);
    assert_eq!(selected(&m), "Trigger");
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(selected(&m), "set_count");
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(selected(&m), "fetch_order");
    // Below fetch_order, check_count to the right and save_status to the left, as drawn.
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(selected(&m), "check_count");
    press(&mut m, KeyCode::Char('h'));
    assert_eq!(selected(&m), "save_status");
    press(&mut m, KeyCode::Char('h'));
    assert_eq!(m.message.as_deref(), Some("no widget that way"));
    press(&mut m, KeyCode::Char('l'));
    assert_eq!(selected(&m), "check_count");
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(selected(&m), "give_up");
    press(&mut m, KeyCode::Char('k'));
    press(&mut m, KeyCode::Char('k'));
    assert_eq!(selected(&m), "fetch_order");

    // ] walks fetch_order's transitions one by one, and says which.
    press(&mut m, KeyCode::Char(']'));
    assert_eq!(
        walked(&m).as_deref(),
        Some("fetch_order --success--> save_status   (1/2, Enter goes to the target)")
    );
    // The status line says the walked edge as long as it is highlighted, whatever else is
    // pressed meanwhile (a pan clears any message).
    press(&mut m, KeyCode::Char('L'));
    assert!(common::frame(&m, 120, 40).contains("fetch_order --success--> save_status"));
    press(&mut m, KeyCode::Char(']'));
    assert!(m
        .canvas
        .walk_text(m.execution.flow(), m.selected_widget().unwrap())
        .as_deref()
        .unwrap()
        .starts_with("fetch_order --failed--> check_count   (2/2"));
    press(&mut m, KeyCode::Enter);
    assert_eq!(selected(&m), "check_count");
    assert!(m.canvas.walk.is_none());
    // [ walks the incoming ones; Enter goes to the source.
    press(&mut m, KeyCode::Char('['));
    assert!(m
        .canvas
        .walk_text(m.execution.flow(), m.selected_widget().unwrap())
        .as_deref()
        .unwrap()
        .starts_with("fetch_order --failed--> check_count   (1/1"));
    press(&mut m, KeyCode::Enter);
    assert_eq!(selected(&m), "fetch_order");
    // The outline again, where the same widget stays selected.
    press(&mut m, KeyCode::Char('f'));
    assert!(!m.canvas.on);
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(
        selected(&m),
        "fetch_order",
        "the outline moves by rows: its transitions"
    );
}

#[test]
fn panning_zooming_centring_and_follow_mode() {
    let path = common::shared().join("flows-corpus/accfb-foodnow__studio_bot_flow.json");
    let mut m = canvas(&path, 80, 24);
    let start = m.canvas.pan;
    press(&mut m, KeyCode::Char('J'));
    assert!(m.canvas.pan.1 > start.1, "J pans down");
    press(&mut m, KeyCode::Char('L'));
    assert!(m.canvas.pan.0 > start.0, "L pans right");
    shift(&mut m, KeyCode::Up);
    shift(&mut m, KeyCode::Left);
    assert_eq!(m.canvas.pan, start, "Shift+arrows pan back");
    for _ in 0..500 {
        press(&mut m, KeyCode::Char('K'));
        press(&mut m, KeyCode::Char('H'));
    }
    assert_eq!(m.canvas.pan, (0, 0), "panning stops at the canvas's edge");

    // The selection is kept in view: walk down the flow and it never leaves the window.
    for _ in 0..12 {
        press(&mut m, KeyCode::Char('j'));
        let layout = m
            .canvas
            .layout(m.execution.flow())
            .expect("a flow of 129 widgets is laid out at once");
        let b = &layout.boxes[m.execution.flow().index_of(selected(&m)).unwrap()];
        let (x, y) = m.canvas.pan;
        assert!(
            b.x >= x && b.y >= y && b.y < y + 21,
            "{} at {},{} not in view from {x},{y}",
            selected(&m),
            b.x,
            b.y
        );
    }
    let name = selected(&m).to_string();
    press(&mut m, KeyCode::Char('-'));
    assert_eq!(m.canvas.zoom, Zoom::Compact);
    assert_eq!(selected(&m), name, "zooming keeps the selection");
    assert!(common::frame(&m, 80, 24).contains(" compact "));
    press(&mut m, KeyCode::Char('+'));
    assert_eq!(m.canvas.zoom, Zoom::Full);

    // . goes back to the current widget (the trigger, before any step).
    press(&mut m, KeyCode::Char('.'));
    assert_eq!(selected(&m), "Trigger");

    // Follow off: a step leaves the selection where it is.
    press(&mut m, KeyCode::Char('F'));
    assert!(!m.canvas.follow);
    press(&mut m, KeyCode::Char('j'));
    let here = selected(&m).to_string();
    common::run_step(&mut m);
    assert_eq!(selected(&m), here);
}

#[test]
fn the_outline_says_where_each_widget_is_reached_from() {
    let mut m = open(&common::repo().join("flows/retry-counter.json"));
    update(&mut m, Msg::Resize(200, 40));
    let frame = common::frame(&m, 200, 40);
    assert!(
        frame.contains("set_count set-variables ← from Trigger, check_count"),
        "{frame}"
    );
}

#[test]
fn search_finds_a_widget_on_the_canvas_and_the_window_goes_there() {
    let path = common::shared().join("flows-corpus/accfb-foodnow__studio_bot_flow.json");
    let mut m = canvas(&path, 80, 24);
    let start = m.canvas.pan;
    press(&mut m, KeyCode::Char('/'));
    for c in "send_goodbye_sms".chars() {
        press(&mut m, KeyCode::Char(c));
    }
    press(&mut m, KeyCode::Enter);
    assert_eq!(selected(&m), "send_goodbye_sms_english");
    assert_ne!(m.canvas.pan, start);
    let frame = common::frame(&m, 80, 24);
    assert!(frame.contains("send_goodbye_sms_engl"), "{frame}");
}

/// The selected widget's edges in and out are followed by eye: drawn bold (in colour too),
/// the others not; a flow narrower than the pane is drawn in its middle.
#[test]
fn the_selected_widgets_edges_stand_out_and_a_small_flow_is_centred() {
    let mut m = common::demo_model(false);
    update(&mut m, Msg::Resize(120, 40));
    press(&mut m, KeyCode::Char('f'));
    press(&mut m, KeyCode::Char('z'));
    common::select_widget(&mut m, "fetch_order");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| sfdb::tui::view::draw(f, &m)).unwrap();
    let text = terminal.backend().to_string();
    let buffer = terminal.backend().buffer().clone();
    let bold_at = |word: &str| {
        let (row, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(word))
            .unwrap_or_else(|| panic!("{word} in\n{text}"));
        let x = line[..line.find(word).unwrap()].chars().count() as u16;
        // The frame's text has a quote before each line.
        buffer[(x - 1, row as u16)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD)
    };
    assert!(bold_at("│success"), "an edge out of fetch_order\n{text}");
    assert!(
        bold_at("│next"),
        "set_count's edge into fetch_order\n{text}"
    );
    assert!(!bold_at("│noMatch"), "check_count's own edge\n{text}");
    let layout = m.canvas.layout(m.execution.flow()).unwrap();
    let first = text.lines().nth(1).unwrap();
    let margin = first.chars().skip(2).take_while(|c| *c == ' ').count() as i32;
    assert!(
        layout.width < 100 && margin >= (118 - layout.width) / 2 - 1,
        "{margin}\n{text}"
    );
}

/// `f` shows the selection: a widget found in the outline is in view on the canvas, not the
/// current widget (the trigger) that follow mode would otherwise move to.
#[test]
fn f_keeps_the_selection_in_view() {
    let mut m = open(&common::shared().join("flows-corpus/accfb-foodnow__studio_bot_flow.json"));
    update(&mut m, Msg::Resize(120, 40));
    press(&mut m, KeyCode::Char('/'));
    for c in "send_pantry_location_sms_spanish".chars() {
        press(&mut m, KeyCode::Char(c));
    }
    press(&mut m, KeyCode::Enter);
    assert_eq!(selected(&m), "send_pantry_location_sms_spanish");
    press(&mut m, KeyCode::Char('f'));
    let frame = common::frame(&m, 120, 40);
    assert!(frame.contains("send_pantry_loc…"), "{frame}");
    // Follow mode still moves to the current widget when it changes.
    common::run_step(&mut m);
    let frame = common::frame(&m, 120, 40);
    assert!(frame.contains("ask_language_sms_e"), "{frame}");
}

/// `t`, the canvas layout: the canvas takes two thirds of the screen at both sizes, with one
/// pane beside it chosen as a tab; stepping shows the canvas and the values at once; `t` again
/// goes back to the usual panes.
#[test]
fn the_canvas_layout_gives_the_canvas_two_thirds_and_the_panes_as_tabs() {
    let ivr = common::shared().join("flows-corpus/twilio-demo__ivr-flow.json");
    for (width, height) in [(120u16, 40u16), (80, 24)] {
        let mut m = open(&ivr);
        update(&mut m, Msg::Resize(width, height));
        // From the outline: `t` shows the canvas too.
        press(&mut m, KeyCode::Char('t'));
        assert!(m.canvas.on && m.canvas.wide);
        let area = ratatui::layout::Rect::new(0, 0, width, height);
        let panes = sfdb::tui::layout::panes(&m, area);
        let shown: Vec<_> = panes.iter().map(|(p, _)| *p).collect();
        assert_eq!(shown, [sfdb::tui::Pane::Graph, sfdb::tui::Pane::Inspector]);
        let graph = panes[0].1.width;
        assert!(
            graph * 3 >= width * 2 - 3 && graph * 3 <= width * 2 + 3,
            "the canvas is {graph} of {width} columns"
        );
        press(&mut m, KeyCode::Char('3'));
        common::run_step(&mut m);
        let frame = common::frame(&m, width, height);
        let tabs = if width >= 120 {
            "2 Inspect 3 Vars 4 Steps 5 Talk"
        } else {
            "2 3 Vars 4 5"
        };
        assert!(frame.contains(tabs), "the other panes are tabs: {frame}");
        assert!(
            frame.contains("trigger"),
            "the values show beside the canvas: {frame}"
        );
        common::snapshot(
            &format!("canvas_layout_ivr_{width}x{height}"),
            &m,
            width,
            height,
        );
        press(&mut m, KeyCode::Char('t'));
        assert!(!m.canvas.wide && m.canvas.on);
    }
}
