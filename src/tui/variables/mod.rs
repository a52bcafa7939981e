//! The variables pane: the watches, then the context (flow.variables, flow.data, trigger,
//! widgets with parsed JSON, contact) as a tree; what the last step changed is marked.

pub mod tree;
pub mod view;

use std::collections::HashSet;

use ratatui::layout::Rect;
use ratatui::Frame;
use serde_json::Value;

use super::keymap::Motion;
use super::model::Model;
use super::room::{moved, Activated, Room, Selected};
use super::search::Hit;
use super::theme::Theme;
use crate::liquid::path;

pub struct VariablesPane;

/// The root of paths inside a value: a response `body` that Studio parsed is read through
/// `parsed` (`widgets.x.parsed.items[0]`), not through the text.
fn body_root(context: &Value, row_path: &str) -> String {
    if let Some(widget) = row_path.strip_suffix(".body") {
        let parsed = path::member(widget, "parsed");
        if row_path.starts_with("widgets") && path::lookup(context, &parsed).is_some() {
            return parsed;
        }
    }
    row_path.to_string()
}

impl Room for VariablesPane {
    fn move_selection(&self, model: &mut Model, motion: Motion) {
        let len = model.variable_rows().len();
        model.variables_cursor = moved(model.variables_cursor, len, motion);
    }

    /// Folds or unfolds a branch; opens a leaf.
    fn activate(&self, model: &mut Model) -> Activated {
        let rows = model.variable_rows();
        match rows.get(model.variables_cursor) {
            Some(row) if row.branch && !model.collapsed.remove(&row.path) => {
                model.collapsed.insert(row.path.clone());
                Activated::Done
            }
            Some(row) if row.branch => Activated::Done,
            Some(_) => Activated::Open,
            None => Activated::Done,
        }
    }

    fn selected(&self, model: &Model) -> Option<Selected> {
        let rows = model.variable_rows();
        let row = rows.get(model.variables_cursor)?;
        if let Some(i) = row.path.strip_prefix(tree::WATCH) {
            let expression = model.watches.get(i.parse::<usize>().ok()?)?;
            let value = match model.evaluate(expression) {
                Ok(text) => Value::String(text),
                Err(e) => Value::String(format!("error: {e}")),
            };
            return Some(Selected {
                title: format!("= {expression}"),
                path: String::new(),
                value,
            });
        }
        let context = crate::mask::json(&model.shown_context().to_value());
        let value = path::lookup(&context, &row.path)?.clone();
        Some(Selected {
            title: row.path.clone(),
            path: body_root(&context, &row.path),
            value,
        })
    }

    /// A watch's path is its expression.
    fn selected_path(&self, model: &Model) -> Option<String> {
        let rows = model.variable_rows();
        let row = rows.get(model.variables_cursor)?;
        match row.path.strip_prefix(tree::WATCH) {
            Some(i) => model.watches.get(i.parse::<usize>().ok()?).cloned(),
            None => Some(row.path.clone()),
        }
    }

    /// Paths and values, inside folded branches too.
    fn search_items(&self, model: &Model) -> Vec<(String, Hit)> {
        let context = crate::mask::json(&model.shown_context().to_value());
        let watches = model.watch_rows().into_iter();
        let all = tree::rows(&context, &HashSet::new(), &HashSet::new());
        watches
            .chain(all)
            .map(|row| (format!("{} {}", row.path, row.value), Hit::Path(row.path)))
            .collect()
    }

    fn search_from(&self, model: &Model) -> Hit {
        model
            .variable_rows()
            .get(model.variables_cursor)
            .map_or(Hit::Row(0), |r| Hit::Path(r.path.clone()))
    }

    /// Unfolds every branch on the way down to the match.
    fn select_hit(&self, model: &mut Model, hit: &Hit) {
        if let Hit::Path(path) = hit {
            model.collapsed.retain(|c| !tree::is_within(path, c));
            if let Some(i) = model.variable_rows().iter().position(|r| &r.path == path) {
                model.variables_cursor = i;
            }
        }
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
        view::draw(frame, area, model, theme);
    }
}
