use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use super::{block, clip, inner_width, one_line, Theme};
use crate::tui::model::{Model, Pane};
use crate::tui::tree;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let rows = model.variable_rows();
    let width = inner_width(area).saturating_sub(1);
    let items: Vec<ListItem<'_>> = rows
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
            .map(|r| r.path.clone())
            .unwrap_or_else(|| "* changed by the last step".into()),
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
    let selected = (model.focus == Pane::Variables).then_some(model.variables_cursor);
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(list, area, &mut state);
}
