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

/// Widget indices in execution order: depth-first from the initial state, following transitions
/// in file order; widgets nothing leads to come last, in file order.
pub fn order(flow: &Flow) -> Vec<usize> {
    let mut placed = vec![false; flow.widgets.len()];
    let mut out = Vec::with_capacity(flow.widgets.len());
    let mut stack: Vec<usize> = flow.index_of(&flow.initial_state).into_iter().collect();
    while let Some(i) = stack.pop() {
        if placed[i] {
            continue;
        }
        placed[i] = true;
        out.push(i);
        for t in flow.widgets[i].transitions.iter().rev() {
            if let Some(next) = t.next.as_deref().and_then(|n| flow.index_of(n)) {
                if !placed[next] {
                    stack.push(next);
                }
            }
        }
    }
    out.extend((0..flow.widgets.len()).filter(|&i| !placed[i]));
    out
}

/// For each widget, the widget each of its transitions leads to (names looked up once).
pub fn targets(flow: &Flow) -> Vec<Vec<Option<usize>>> {
    let index: std::collections::HashMap<&str, usize> = flow
        .widgets
        .iter()
        .enumerate()
        .map(|(i, w)| (w.name.as_str(), i))
        .collect();
    flow.widgets
        .iter()
        .map(|w| {
            w.transitions
                .iter()
                .map(|t| t.next.as_deref().and_then(|n| index.get(n).copied()))
                .collect()
        })
        .collect()
}

/// For each widget, the widgets with a transition to it, each once, in file order.
pub fn sources(flow: &Flow) -> Vec<Vec<usize>> {
    let mut sources = vec![Vec::new(); flow.widgets.len()];
    for (i, targets) in targets(flow).into_iter().enumerate() {
        for n in targets.into_iter().flatten() {
            if !sources[n].contains(&i) {
                sources[n].push(i);
            }
        }
    }
    sources
}

pub fn rows(flow: &Flow) -> Vec<Row> {
    let order = order(flow);
    let mut position = vec![0; flow.widgets.len()];
    for (p, &w) in order.iter().enumerate() {
        position[w] = p;
    }
    let mut rows = Vec::new();
    for &w in &order {
        rows.push(Row::Widget { widget: w });
        for (t, transition) in flow.widgets[w].transitions.iter().enumerate() {
            let target = transition.next.as_deref().and_then(|n| flow.index_of(n));
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
        let names: Vec<&str> = order(&doc.flow)
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
