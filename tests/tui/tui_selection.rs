//! The selection stays on its value: through steps, step back, restart, past steps, folds and
//! searches; a value that is gone gives way to the nearest that holds it, said on the status
//! line. The value tree moves as jless's: `h` `l` `H` `L`, large branches folded at first.

use crossterm::event::KeyCode;
use ratatui::style::Modifier;
use sfdb::tui::{update, Model, Msg};

use super::tui_values::{copied, folded, model_with_order, select_variable, typed};
use crate::common;

const SKU: &str = "widgets.fetch_order.parsed.items[120].sku";

fn selected_path(m: &Model) -> String {
    m.variable_rows()[m.variables_cursor()].path.clone()
}

/// `s` runs save_status, whose Set Variables adds rows above the selection: `Y` still copies
/// the path selected, and `y` its value.
#[test]
fn a_step_that_adds_rows_above_keeps_the_selection_on_its_value() {
    let mut m = model_with_order();
    select_variable(&mut m, SKU);
    let before = m.variables_cursor();
    common::press(&mut m, KeyCode::Char('s'));
    assert!(
        m.variables_cursor() > before,
        "rows were added above: {} then {}",
        before,
        m.variables_cursor()
    );
    assert_eq!(copied(&common::press(&mut m, KeyCode::Char('Y'))), SKU);
    assert_eq!(
        copied(&common::press(&mut m, KeyCode::Char('y'))),
        "SKU-0120"
    );
}

/// A step back removes the response: the selection goes to the nearest value that holds the
/// path and the status line says so; stepping forward again does not bring it back silently.
#[test]
fn a_value_that_is_gone_gives_way_to_its_nearest_holder_and_says_so() {
    let mut m = model_with_order();
    select_variable(&mut m, SKU);
    common::press(&mut m, KeyCode::Char('p'));
    assert_eq!(selected_path(&m), "widgets");
    let said = m.message.clone().unwrap_or_default();
    assert!(
        said.contains(SKU) && said.contains("selected widgets"),
        "{said}"
    );
    // Restart: `widgets` is empty but there; the selection stays on it.
    common::press(&mut m, KeyCode::Char('r'));
    assert_eq!(selected_path(&m), "widgets");
}

/// Viewing a past step (the timeline) and coming back keeps the selection where it was.
#[test]
fn a_past_step_viewed_and_left_keeps_the_selection() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('s'));
    select_variable(&mut m, "flow.variables.count");
    common::press(&mut m, KeyCode::Char('4'));
    common::press(&mut m, KeyCode::Char('g'));
    assert_eq!(m.viewed_step(), Some(1));
    // Step 1 ran the trigger: no count yet. It shows at flow.variables, and says so once.
    let said = m.message.clone().unwrap_or_default();
    assert!(
        said.contains("flow.variables.count is not in step 1"),
        "{said}"
    );
    common::press(&mut m, KeyCode::Char('3'));
    assert_eq!(selected_path(&m), "flow.variables");
    assert_eq!(m.message, None, "said once");
    common::press(&mut m, KeyCode::Esc);
    assert_eq!(selected_path(&m), "flow.variables.count");
}

/// jless's keys: `h` folds, `h` again goes to the parent; `l` unfolds, `l` again goes to the
/// first child; `H` folds everything below, `L` unfolds it all.
#[test]
fn h_and_l_fold_and_walk_the_tree_as_jless() {
    let mut m = model_with_order();
    select_variable(&mut m, "widgets.fetch_order.parsed.customer");
    common::press(&mut m, KeyCode::Char('h'));
    assert!(folded(&m, "widgets.fetch_order.parsed.customer"));
    common::press(&mut m, KeyCode::Char('h'));
    assert_eq!(selected_path(&m), "widgets.fetch_order.parsed");
    common::press(&mut m, KeyCode::Char('l'));
    assert_eq!(selected_path(&m), "widgets.fetch_order.parsed.id");
    common::press(&mut m, KeyCode::Char('h'));
    assert_eq!(
        selected_path(&m),
        "widgets.fetch_order.parsed",
        "a leaf's h"
    );
    common::press(&mut m, KeyCode::Char('H'));
    assert!(folded(&m, "widgets.fetch_order.parsed"));
    common::press(&mut m, KeyCode::Char('L'));
    assert!(!folded(&m, "widgets.fetch_order.parsed"));
    assert!(!folded(&m, "widgets.fetch_order.parsed.items"));
    assert!(!folded(&m, "widgets.fetch_order.parsed.items[149].meta"));
    // Left and Right are h and l.
    common::press(&mut m, KeyCode::Left);
    assert!(folded(&m, "widgets.fetch_order.parsed"));
    common::press(&mut m, KeyCode::Right);
    assert!(!folded(&m, "widgets.fetch_order.parsed"));
}

/// A 150-item array starts folded with its size: the response is a screenful.
#[test]
fn a_large_array_starts_folded_showing_its_size() {
    let mut m = model_with_order();
    assert!(folded(&m, "widgets.fetch_order.parsed.items"));
    let frame = common::frame(&m, 120, 40);
    assert!(frame.contains("▸ items [150]"), "{frame}");
    assert!(m.variable_rows().len() < 60);
    // A search still reaches inside it.
    select_variable(&mut m, SKU);
}

/// The title shows the selected path whole or cut in its middle, never at its end.
#[test]
fn the_title_cuts_the_selected_path_in_its_middle() {
    let mut m = model_with_order();
    select_variable(&mut m, SKU);
    update(&mut m, Msg::Resize(80, 24));
    let frame = common::frame(&m, 80, 24);
    let title = frame.lines().next().unwrap();
    assert!(title.contains("…"), "{title}");
    assert!(title.contains("items[120].sku"), "{title}");
    assert!(title.contains("widgets."), "{title}");
}

/// A match lands with rows of context below it, not on the pane's last row, and its text is
/// marked in its row (underlined, so it shows without colour).
#[test]
fn a_match_lands_with_context_and_is_marked_in_its_row() {
    let mut m = model_with_order();
    update(&mut m, Msg::Resize(80, 24));
    common::press(&mut m, KeyCode::Char('3'));
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "sku-0140");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| sfdb::tui::view::draw(f, &m)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let text = terminal.backend().to_string();
    let lines: Vec<&str> = text.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains("SKU-0140"))
        .expect("the match is in view");
    // The pane's last row is the one above its bottom border.
    let last = lines.iter().rposition(|l| l.contains('┗')).unwrap() - 1;
    assert!(
        row + 3 <= last,
        "match at {row}, pane ends at {last}\n{text}"
    );
    let column = lines[row].find("SKU-0140").unwrap();
    let x = lines[row][..column].chars().count() as u16;
    let cell = &buffer[(x, row as u16)];
    assert!(cell.modifier.contains(Modifier::UNDERLINED), "{cell:?}");
}

/// `/` matches keys and values, not whole paths: `parsed` is the one key, not every row
/// under it; a query with a dot matches paths.
#[test]
fn search_matches_keys_and_values_and_paths_only_when_spelled() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('3'));
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "parsed");
    assert_eq!(m.search.as_ref().unwrap().counter(), "1/1");
    assert_eq!(selected_path(&m), "widgets.fetch_order.parsed");
    common::press(&mut m, KeyCode::Esc);
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "items[7].sku");
    assert_eq!(m.search.as_ref().unwrap().counter(), "1/1");
    assert_eq!(selected_path(&m), "widgets.fetch_order.parsed.items[7].sku");
}

/// `Y` then `=`: the path pasted into the prompt renders its value (text without `{{` is an
/// expression), and an unknown filter shows what the flow would do: the value passed through,
/// Studio's warning 81018, and the cause in one line with the filter it likely meant.
#[test]
fn a_copied_path_renders_in_the_prompt_and_an_unknown_filter_passes_through() {
    let mut m = model_with_order();
    select_variable(&mut m, SKU);
    let path = copied(&common::press(&mut m, KeyCode::Char('Y'))).to_string();
    common::press(&mut m, KeyCode::Char('='));
    update(&mut m, Msg::Paste(path));
    update(&mut m, Msg::Resize(80, 24));
    let frame = common::frame(&m, 80, 24);
    assert!(frame.contains("→ SKU-0120"), "{frame}");
    common::ctrl(&mut m, 'u');
    typed(&mut m, "{{ widgets.fetch_order.parsed.status | upcas }}");
    let frame = common::frame(&m, 80, 24);
    assert!(frame.contains("→ shipped"), "{frame}");
    assert!(
        frame.contains("81018") && frame.contains("upcas (did you mean upcase?)"),
        "{frame}"
    );
    assert!(!frame.contains("available filters"), "{frame}");
    common::press(&mut m, KeyCode::Enter);
    let said = m.message.clone().unwrap_or_default();
    assert!(said.contains("81018"), "{said}");
    assert_eq!(
        m.modals.viewer().map(|v| v.doc.lines.len()),
        Some(1),
        "the value opens"
    );
}

/// Inspector search covers the whole of what it shows in part: a match in the `… more lines`
/// rest of the response is counted, and `o` then opens the response at that match.
#[test]
fn inspector_search_reaches_the_hidden_rest_of_a_response_and_o_opens_there() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('2'));
    let (lines, _) = sfdb::tui::inspector::view::text_lines(&m, 60);
    assert!(lines
        .iter()
        .any(|l| l.contains("more lines (o opens it whole)")));
    common::press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "SKU-0140");
    assert_eq!(m.search.as_ref().unwrap().counter(), "1/1");
    common::press(&mut m, KeyCode::Enter);
    common::press(&mut m, KeyCode::Char('o'));
    let viewer = m.modals.viewer().expect("the response opens");
    let line = &viewer.doc.lines[viewer.cursor];
    assert_eq!(line.text, "\"SKU-0140\",", "{line:?}");
    assert!(
        viewer.top > 0 && viewer.top + 3 <= viewer.cursor,
        "context above the match"
    );
}

/// A watch written as a bare path is read as `{{ … }}` before and after a step alike: it is
/// marked changed only when its value changed.
#[test]
fn a_bare_path_watch_is_marked_only_when_its_value_changes() {
    let mut m = model_with_order();
    common::press(&mut m, KeyCode::Char('='));
    typed(&mut m, "widgets.fetch_order.parsed.status");
    common::press(&mut m, KeyCode::Enter);
    common::press(&mut m, KeyCode::Esc);
    common::press(&mut m, KeyCode::Char('W'));
    let watch = |m: &Model| m.watch_rows()[0].clone();
    assert_eq!(watch(&m).value, "\"shipped\"");
    // save_status sets variables only: the watched value stays, unmarked.
    common::press(&mut m, KeyCode::Char('s'));
    assert_eq!(watch(&m).value, "\"shipped\"");
    assert!(!watch(&m).changed, "{:?}", watch(&m));
}
