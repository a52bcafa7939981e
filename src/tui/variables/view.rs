use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use crate::tui::model::{Model, Pane};
use crate::tui::theme::{block, clip, inner_width, one_line, Theme};
use crate::tui::variables::tree;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let rows = model.variable_rows();
    let width = inner_width(area).saturating_sub(1);
    // Only the rows in view are drawn: a 60 kB response makes thousands. The window ends at
    // the selection when it would fall below (a watch takes two lines).
    let height = area.height.saturating_sub(2) as usize;
    let focused = model.focus == Pane::Variables;
    let cursor = model.variables_cursor.min(rows.len().saturating_sub(1));
    let lines_of = |row: &tree::Row| {
        if row.path.starts_with(tree::WATCH) {
            2
        } else {
            1
        }
    };
    let mut start = 0;
    if focused {
        let mut used = 0;
        start = cursor + 1;
        while start > 0 && used + lines_of(&rows[start - 1]) <= height {
            start -= 1;
            used += lines_of(&rows[start]);
        }
        let above: usize = rows[..cursor.min(rows.len())].iter().map(lines_of).sum();
        if above < height {
            start = 0;
        }
    }
    let end = (start + height).min(rows.len());
    let items: Vec<ListItem<'_>> = rows[start..end]
        .iter()
        .map(|row| {
            let fold = match (row.branch, row.collapsed) {
                (true, true) => "▸ ",
                (true, false) => "▾ ",
                _ => "  ",
            };
            let mark = if row.changed { "*" } else { " " };
            let indent = "  ".repeat(row.depth);
            let style = if row.changed {
                theme.bold().patch(theme.fg(Color::Yellow))
            } else if row.depth == 0 {
                theme.fg(Color::Cyan)
            } else {
                Default::default()
            };
            if row.path.starts_with(tree::WATCH) {
                // A watch's value has a line of its own: the expression takes the first.
                let value = format!("   {}", one_line(&row.value));
                return ListItem::new(vec![
                    Line::from(Span::styled(
                        clip(&format!("{mark}{}", row.label), width),
                        style,
                    )),
                    Line::from(Span::styled(clip(&value, width), style)),
                ]);
            }
            let text = if row.branch && !row.collapsed {
                format!("{mark}{indent}{fold}{}", row.label)
            } else {
                format!(
                    "{mark}{indent}{fold}{}: {}",
                    row.label,
                    one_line(&row.value)
                )
            };
            ListItem::new(Line::from(Span::styled(clip(&text, width), style)))
        })
        .collect();
    let extra = match model.viewed_step() {
        Some(n) => format!(
            "viewing step {n} of {} (* what it changed)",
            model.execution.steps().len()
        ),
        None => rows
            .get(model.variables_cursor)
            .filter(|_| model.focus == Pane::Variables)
            .map_or_else(|| "* changed by the last step".into(), |r| r.path.clone()),
    };
    let list = List::new(items)
        .block(block(
            model,
            Pane::Variables,
            &clip(&extra, inner_width(area).saturating_sub(16)),
            theme,
            frame.area(),
        ))
        .highlight_style(theme.selected());
    let selected = focused.then(|| cursor.saturating_sub(start));
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(list, area, &mut state);
}
