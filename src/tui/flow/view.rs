use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use crate::engine::execution::MAX_IN_A_ROW;
use crate::flow::Widget;
use crate::tui::flow::outline::Row;
use crate::tui::model::{Model, Pane};
use crate::tui::theme::{block, clip, Theme};

fn condition_summary(widget: &Widget, transition: usize) -> String {
    let t = &widget.transitions[transition];
    if t.conditions.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = t
        .conditions
        .iter()
        .map(|c| format!("{} {}", c.kind, c.value))
        .collect();
    format!(" [{}]", parts.join(" & "))
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let flow = model.execution.flow();
    let current = model.execution.current();
    let width = area.width.saturating_sub(2) as usize;
    let last = model.execution.steps().last();
    // Only the rows in view are built: a 1,000-widget flow has thousands of rows.
    let height = area.height.saturating_sub(2) as usize;
    // The selection stays in view with a few rows below it (a widget's transitions).
    let below = 3.min(height / 4);
    let start = (model.graph_cursor + below + 1)
        .saturating_sub(height)
        .min(model.rows.len().saturating_sub(height));
    let items: Vec<ListItem<'_>> = model.rows[start..(start + height).min(model.rows.len())]
        .iter()
        .map(|row| match row {
            Row::Widget { widget } => {
                let w = &flow.widgets[*widget];
                let is_current =
                    current == Some(w.name.as_str()) && !model.execution.status().is_final();
                let mut spans = vec![
                    Span::raw(if is_current { "▶" } else { " " }),
                    Span::styled(
                        if model.breakpoints.contains(&w.name) {
                            "●"
                        } else {
                            " "
                        },
                        theme.fg(Color::Red),
                    ),
                    Span::raw(" "),
                ];
                let name_style = if is_current {
                    theme
                        .bold()
                        .patch(theme.fg(Color::Yellow))
                        .add_modifier(Modifier::UNDERLINED)
                } else {
                    theme.bold()
                };
                let worst = crate::check::for_widget(&model.findings, &w.name)
                    .map(|f| f.severity)
                    .min();
                spans.push(Span::styled(w.name.clone(), name_style));
                // Coverage's gaps, as coverage tools mark untested lines.
                if model.coverage.as_ref().is_some_and(|c| c[*widget].0 == 0) {
                    spans.push(Span::styled(
                        " untested",
                        theme.fg(Color::Red).patch(theme.bold()),
                    ));
                }
                match worst {
                    Some(crate::check::Severity::Error) => {
                        spans.push(Span::styled(" !", theme.fg(Color::Red).patch(theme.bold())));
                    }
                    Some(crate::check::Severity::Warning) => spans.push(Span::styled(
                        " ?",
                        theme.fg(Color::Yellow).patch(theme.bold()),
                    )),
                    _ => {}
                }
                spans.push(Span::styled(format!(" {}", w.kind), theme.dim()));
                let runs = model.execution.runs(&w.name);
                if runs > 0 {
                    spans.push(Span::styled(format!(" ×{runs}"), theme.fg(Color::Green)));
                }
                let streak = model.execution.streak(&w.name);
                let self_loop = w
                    .transitions
                    .iter()
                    .any(|t| t.next.as_deref() == Some(w.name.as_str()));
                if self_loop && streak > 0 {
                    spans.push(Span::styled(
                        format!(" {streak}/{MAX_IN_A_ROW} in a row"),
                        theme.fg(Color::Magenta),
                    ));
                }
                let sources = model.execution.flow().graph().sources(*widget);
                if !sources.is_empty() {
                    let names: Vec<&str> = sources
                        .iter()
                        .map(|&s| flow.widgets[s].name.as_str())
                        .collect();
                    spans.push(Span::styled(
                        format!(" ← from {}", names.join(", ")),
                        theme.dim(),
                    ));
                }
                ListItem::new(Line::from(spans))
            }
            Row::Transition {
                widget,
                transition,
                target,
                back,
            } => {
                let w = &flow.widgets[*widget];
                let t = &w.transitions[*transition];
                let taken = last.is_some_and(|s| {
                    s.transitioned_from == w.name
                        && s.name == t.event
                        && s.transitioned_to
                            == t.next.as_deref().unwrap_or(crate::engine::step::ENDED)
                });
                let arrow = if *back { "↩" } else { "→" };
                let to = match (target, &t.next) {
                    (Some(i), _) => flow.widgets[*i].name.clone(),
                    (None, Some(n)) => format!("{n}?"),
                    (None, None) => "(end)".to_string(),
                };
                let never = model
                    .coverage
                    .as_ref()
                    .is_some_and(|c| c[*widget].1.get(*transition) == Some(&Some(0)));
                // `✗` where no scenario took the transition: seen even when the row is cut.
                let mark = match (taken, never) {
                    (true, _) => "•",
                    (false, true) => "✗",
                    (false, false) => " ",
                };
                let text = format!(
                    "   {mark}{}{} {arrow} {to}",
                    t.event,
                    condition_summary(w, *transition)
                );
                let style = if taken { theme.bold() } else { theme.dim() };
                if never {
                    let text = clip(&format!("{text} · never taken"), width);
                    return ListItem::new(Line::styled(text, theme.fg(Color::Red)));
                }
                ListItem::new(Line::styled(clip(&text, width), style))
            }
        })
        .collect();
    let extra = format!("{} widgets", flow.widgets.len());
    let list = List::new(items)
        .block(block(model, Pane::Graph, &extra, theme, frame.area()))
        .highlight_style(theme.selected())
        .highlight_symbol(">");
    let mut state = ListState::default().with_selected(Some(model.graph_cursor - start));
    frame.render_stateful_widget(list, area, &mut state);
}
