use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use crate::tui::model::{Model, Pane};
use crate::tui::search::Target;
use crate::tui::theme::{
    block, clip, clip_middle, clip_to_show, inner_width, marked, one_line, Theme, SCROLLOFF,
};
use crate::tui::variables::tree;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let rows = model.variable_rows();
    let width = inner_width(area).saturating_sub(1);
    let height = area.height.saturating_sub(2) as usize;
    let focused = model.focus == Pane::Variables;
    let cursor = model.variables_cursor().min(rows.len().saturating_sub(1));
    let start = if focused {
        window_start(&rows, cursor, height)
    } else {
        0
    };
    // What a search of this pane matched is marked in every row it shows.
    let query = model
        .search
        .as_ref()
        .filter(|s| s.target == Target::Pane(Pane::Variables))
        .map_or("", |s| s.query.as_str());
    let end = (start + height).min(rows.len());
    let items: Vec<ListItem<'_>> = rows[start..end]
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let selected = focused && start + i == cursor;
            item(row, width, query, selected, theme)
        })
        .collect();
    // The title names the selected path, cut in its middle so both ends show: what `Y` copies.
    let room = inner_width(area).saturating_sub(16);
    let extra = match (model.viewed_step(), rows.get(cursor).filter(|_| focused)) {
        (Some(n), _) => clip(
            &format!(
                "viewing step {n} of {} (* what it changed)",
                model.execution.steps().len()
            ),
            room,
        ),
        (None, Some(row)) => clip_middle(&row.path, room),
        (None, None) => clip("* changed by the last step", room),
    };
    let list = List::new(items)
        .block(block(model, Pane::Variables, &extra, theme, frame.area()))
        .highlight_style(theme.selected());
    let selected = focused.then(|| cursor.saturating_sub(start));
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(list, area, &mut state);
}

/// Lines a row takes: a watch's value has a line of its own.
fn lines_of(row: &tree::Row) -> usize {
    if row.path.starts_with(tree::WATCH) {
        2
    } else {
        1
    }
}

/// The first row in view: the top while the selection fits with [`SCROLLOFF`] rows below it,
/// else the row that keeps those rows below the selection in view (only the rows in view are
/// drawn: a 60 kB response makes thousands).
fn window_start(rows: &[tree::Row], cursor: usize, height: usize) -> usize {
    let below = SCROLLOFF.min(height.saturating_sub(1) / 2);
    let last = (cursor + below).min(rows.len().saturating_sub(1));
    let through_last: usize = rows[..=last].iter().map(lines_of).sum();
    if through_last <= height {
        return 0;
    }
    let mut start = last + 1;
    let mut used = 0;
    while start > 0 && used + lines_of(&rows[start - 1]) <= height {
        start -= 1;
        used += lines_of(&rows[start]);
    }
    start.min(cursor)
}

fn item(
    row: &tree::Row,
    width: usize,
    query: &str,
    selected: bool,
    theme: Theme,
) -> ListItem<'static> {
    let mark = if row.changed { "*" } else { " " };
    let style = if row.changed {
        theme.bold().patch(theme.fg(Color::Yellow))
    } else if row.depth == 0 {
        theme.fg(Color::Cyan)
    } else {
        Style::default()
    };
    if row.path.starts_with(tree::WATCH) {
        let value = format!("   {}", one_line(&row.value));
        return ListItem::new(vec![
            Line::from(marked(
                &clip(&format!("{mark}{}", row.label), width),
                query,
                style,
                theme,
            )),
            Line::from(marked(&clip(&value, width), query, style, theme)),
        ]);
    }
    let fold = match (row.branch, row.collapsed) {
        (true, true) => "▸ ",
        (true, false) => "▾ ",
        _ => "  ",
    };
    let prefix = format!("{mark}{}{fold}", "  ".repeat(row.depth));
    let text = one_line(&tree::row_text(row));
    let room = width.saturating_sub(prefix.chars().count());
    // The selected row scrolls its value to the match; the others show their start.
    let text = if selected {
        clip_to_show(&text, query, room)
    } else {
        clip(&text, room)
    };
    let mut spans = vec![Span::styled(prefix, style)];
    spans.extend(marked(&text, query, style, theme));
    ListItem::new(Line::from(spans))
}
