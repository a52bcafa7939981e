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
use super::room::{moved, Activated, Fold, Room, Selected};
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

/// The rows with each response's raw `body` moved after its `parsed` values: a search finds
/// the value the user means before the text that holds it.
fn parsed_first(context: &Value, rows: Vec<tree::Row>) -> Vec<tree::Row> {
    let mut keyed: Vec<(usize, tree::Row)> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let root = body_root(context, &row.path);
        let key = if root == row.path {
            2 * i
        } else {
            let last = rows
                .iter()
                .rposition(|r| tree::is_within(&r.path, &root))
                .map_or(i, |j| j.max(i));
            2 * last + 1
        };
        keyed.push((key, row.clone()));
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, r)| r).collect()
}

impl Room for VariablesPane {
    fn move_selection(&self, model: &mut Model, motion: Motion) {
        let len = model.variable_rows().len();
        let to = moved(model.variables_cursor(), len, motion);
        model.select_variable_row(to);
    }

    /// Folds or unfolds a branch; opens a leaf.
    fn activate(&self, model: &mut Model) -> Activated {
        let rows = model.variable_rows();
        match rows.get(model.variables_cursor()) {
            Some(row) if row.branch => {
                model.folds.set(&row.path, !row.collapsed);
                model.variables_selected = Some(row.path.clone());
                Activated::Done
            }
            Some(_) => Activated::Open,
            None => Activated::Done,
        }
    }

    /// As jless: `h` folds the branch, or goes to its parent when folded (or a leaf); `l`
    /// unfolds, or goes to the first child; `H` / `L` fold or unfold all below.
    fn fold(&self, model: &mut Model, fold: Fold) -> bool {
        let rows = model.variable_rows();
        let cursor = model.variables_cursor();
        let Some(row) = rows.get(cursor) else {
            return true;
        };
        match fold {
            Fold::Close if row.branch && !row.collapsed => model.folds.set(&row.path, true),
            Fold::Close => {
                let parent = (0..cursor).rev().find(|&i| rows[i].depth + 1 == row.depth);
                if let Some(i) = parent.filter(|_| row.depth > 0) {
                    model.variables_selected = Some(rows[i].path.clone());
                }
            }
            Fold::Open if row.branch && row.collapsed => model.folds.set(&row.path, false),
            Fold::Open => {
                if let Some(child) = rows.get(cursor + 1).filter(|r| r.depth > row.depth) {
                    model.variables_selected = Some(child.path.clone());
                }
            }
            Fold::CloseAll | Fold::OpenAll => {
                let context = model.shown_context().to_value();
                if let Some(value) = path::lookup(&context, &row.path) {
                    model
                        .folds
                        .set_all(&row.path, value, fold == Fold::CloseAll);
                }
            }
        }
        model.variables_selected = model
            .variables_selected
            .clone()
            .or_else(|| Some(row.path.clone()));
        true
    }

    fn selected(&self, model: &Model) -> Option<Selected> {
        let rows = model.variable_rows();
        let row = rows.get(model.variables_cursor())?;
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
        let row = rows.get(model.variables_cursor())?;
        match row.path.strip_prefix(tree::WATCH) {
            Some(i) => model.watches.get(i.parse::<usize>().ok()?).cloned(),
            None => Some(row.path.clone()),
        }
    }

    /// Each row's key and value (its path too, for a query with `.` or `[`), inside folded
    /// branches too; a response's parsed values before the raw body that holds them.
    fn search_items(&self, model: &Model) -> Vec<(String, Hit)> {
        let context = crate::mask::json(&model.shown_context().to_value());
        let mut rows = model.watch_rows();
        rows.extend(parsed_first(
            &context,
            tree::rows(&context, &tree::Folds::none(), &HashSet::new()),
        ));
        rows.into_iter()
            .map(|row| (tree::row_text(&row), Hit::Path(row.path)))
            .collect()
    }

    fn search_from(&self, model: &Model) -> Hit {
        model
            .variable_rows()
            .get(model.variables_cursor())
            .map_or(Hit::Row(0), |r| Hit::Path(r.path.clone()))
    }

    /// Unfolds every branch on the way down to the match.
    fn select_hit(&self, model: &mut Model, hit: &Hit) {
        if let Hit::Path(path) = hit {
            model.folds.unfold_to(path);
            model.variables_selected = Some(path.clone());
        }
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
        view::draw(frame, area, model, theme);
    }
}
