//! The flow graph as rows of text: every widget once, in execution order from the trigger, each
//! followed by its transitions. A transition to a widget placed above it is a back edge (a loop).

use crate::flow::Flow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Widget {
        widget: usize,
    },
    Transition {
        widget: usize,
        transition: usize,
        /// The index of the widget it leads to, if any.
        target: Option<usize>,
        /// The target is placed above: the edge closes a loop.
        back: bool,
    },
}

impl Row {
    pub fn widget(&self) -> usize {
        match self {
            Row::Widget { widget } | Row::Transition { widget, .. } => *widget,
        }
    }
}

pub fn rows(flow: &Flow) -> Vec<Row> {
    let order = flow.graph().order();
    let mut position = vec![0; flow.widgets.len()];
    for (p, &w) in order.iter().enumerate() {
        position[w] = p;
    }
    let mut rows = Vec::new();
    for &w in order {
        rows.push(Row::Widget { widget: w });
        for (t, &target) in flow.graph().targets(w).iter().enumerate() {
            rows.push(Row::Transition {
                widget: w,
                transition: t,
                target,
                back: target.is_some_and(|target| position[target] <= position[w]),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Document;

    #[test]
    fn orders_from_the_trigger_and_marks_back_edges() {
        let doc = Document::parse(
            "f.json",
            r#"{"initial_state": "Trigger", "states": [
              {"name": "orphan", "type": "set-variables", "properties": {"variables": []}, "transitions": []},
              {"name": "b", "type": "set-variables", "properties": {"variables": []}, "transitions": [{"event": "next", "next": "a"}]},
              {"name": "a", "type": "set-variables", "properties": {"variables": []}, "transitions": [{"event": "next", "next": "b"}]},
              {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "a"}]}]}"#,
        )
        .unwrap();
        let names: Vec<&str> = doc
            .flow
            .graph()
            .order()
            .iter()
            .map(|&i| doc.flow.widgets[i].name.as_str())
            .collect();
        assert_eq!(names, ["Trigger", "a", "b", "orphan"]);
        let back: Vec<bool> = rows(&doc.flow)
            .iter()
            .filter_map(|r| match r {
                Row::Transition { back, .. } => Some(*back),
                _ => None,
            })
            .collect();
        assert_eq!(back, [false, false, true]);
    }
}
