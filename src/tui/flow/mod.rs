//! The flow pane: the flow's widgets and transitions as an outline (rows in execution order)
//! or as a canvas (boxes where Studio draws them, edges routed around them). The canvas's own
//! keys are in `update/canvas.rs`.

pub mod canvas;
pub mod outline;
pub mod view;

use ratatui::layout::Rect;
use ratatui::Frame;
use serde_json::{json, Value};

use super::keymap::Motion;
use super::model::Model;
use super::room::{moved, Activated, Room, Selected};
use super::search::Hit;
use super::theme::Theme;
use outline::Row;

pub struct FlowPane;

impl FlowPane {
    fn select_row(model: &mut Model, row: usize) {
        model.graph_cursor = row;
        model.timeline_cursor = None;
        model.inspector_cursor = 0;
        model.inspector_scroll = 0;
    }
}

impl Room for FlowPane {
    fn move_selection(&self, model: &mut Model, motion: Motion) {
        let row = moved(model.graph_cursor, model.rows.len(), motion);
        FlowPane::select_row(model, row);
    }

    /// Along the selected transition (or a widget's first) to the widget it leads to.
    fn activate(&self, model: &mut Model) -> Activated {
        let flow = model.execution.flow();
        let target = match model.rows.get(model.graph_cursor) {
            Some(Row::Transition { target, .. }) => *target,
            Some(Row::Widget { widget }) => flow.graph().targets(*widget).iter().find_map(|t| *t),
            None => None,
        };
        if let Some(target) = target {
            if let Some(row) = model
                .rows
                .iter()
                .position(|r| matches!(r, Row::Widget { widget } if *widget == target))
            {
                model.graph_cursor = row;
                model.timeline_cursor = None;
            }
        }
        Activated::Done
    }

    /// The selected widget's definition, secrets masked.
    fn selected(&self, model: &Model) -> Option<Selected> {
        let w = model.inspected()?;
        let transitions: Vec<Value> = w
            .transitions
            .iter()
            .map(|t| {
                let mut o = json!({"event": t.event, "next": t.next});
                if !t.conditions.is_empty() {
                    o["conditions"] = t
                        .conditions
                        .iter()
                        .map(|c| {
                            json!({"friendly_name": c.friendly_name, "arguments": c.arguments,
                                   "type": c.kind, "value": c.value})
                        })
                        .collect();
                }
                o
            })
            .collect();
        let definition = json!({"name": w.name, "type": w.kind, "transitions": transitions,
                                "properties": crate::mask::json(&Value::Object(w.properties.clone()))});
        Some(Selected {
            title: format!("{} (definition)", w.name),
            path: String::new(),
            value: definition,
        })
    }

    /// A widget's path is where its outputs are.
    fn selected_path(&self, model: &Model) -> Option<String> {
        model
            .inspected()
            .map(|w| crate::liquid::path::member("widgets", &w.name))
    }

    /// Widget names, types and property text.
    fn search_items(&self, model: &Model) -> Vec<(String, Hit)> {
        let flow = model.execution.flow();
        model
            .rows
            .iter()
            .enumerate()
            .filter_map(|(row, r)| match r {
                Row::Widget { widget } => {
                    let w = &flow.widgets[*widget];
                    let properties = Value::Object(w.properties.clone());
                    Some((format!("{} {} {properties}", w.name, w.kind), Hit::Row(row)))
                }
                Row::Transition { .. } => None,
            })
            .collect()
    }

    fn search_from(&self, model: &Model) -> Hit {
        Hit::Row(model.graph_cursor)
    }

    fn select_hit(&self, model: &mut Model, hit: &Hit) {
        if let Hit::Row(row) = hit {
            FlowPane::select_row(model, *row);
        }
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
        if model.canvas.on {
            canvas::view::draw(frame, area, model, theme);
        } else {
            view::draw(frame, area, model, theme);
        }
    }
}
