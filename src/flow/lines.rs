//! Where each widget and transition is written in the flow file, as 1-based line numbers, so
//! reports can point into the file the user edits (`flows/order.json:88: check noMatch`).

use serde_json::Value;

use super::splice::{span, Key};
use super::Flow;

/// Lines by widget index: its `"name"`, and each transition's `"event"`. Line 1 where the text
/// does not hold them where a definition does (a `definition` given as JSON text, a legacy
/// export).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    pub widgets: Vec<usize>,
    pub transitions: Vec<Vec<usize>>,
    /// The first and last line of each widget's definition (its `{` to its `}`); (1, 1) where
    /// the text does not hold it.
    pub extents: Vec<(usize, usize)>,
}

impl Lines {
    /// The widget whose definition holds `line`.
    pub fn widget_at(&self, line: usize) -> Option<usize> {
        self.extents
            .iter()
            .position(|&(first, last)| first <= line && line <= last && last > 1)
    }
}

pub fn of(text: &str, flow: &Flow) -> Lines {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line = |at: usize| starts.partition_point(|&s| s <= at);
    let mut lines = Lines {
        widgets: vec![1; flow.widgets.len()],
        extents: vec![(1, 1); flow.widgets.len()],
        transitions: flow
            .widgets
            .iter()
            .map(|w| vec![1; w.transitions.len()])
            .collect(),
    };
    let roots: [Vec<Key>; 3] = [
        vec![Key::Member("states".into())],
        vec![
            Key::Member("definition".into()),
            Key::Member("states".into()),
        ],
        vec![
            Key::Index(0),
            Key::Member("definition".into()),
            Key::Member("states".into()),
        ],
    ];
    let Some(states) = roots.into_iter().find(|r| span(text, r).is_some()) else {
        return lines;
    };
    for k in 0.. {
        let at = |rest: &[Key]| {
            let mut path = states.clone();
            path.push(Key::Index(k));
            path.extend_from_slice(rest);
            span(text, &path)
        };
        let Some(name) = at(&[Key::Member("name".into())]) else {
            break;
        };
        let Ok(Value::String(name_text)) = serde_json::from_str(&text[name.clone()]) else {
            continue;
        };
        let Some(w) = flow.index_of(&name_text) else {
            continue;
        };
        lines.widgets[w] = line(name.start);
        if let Some(whole) = at(&[]) {
            lines.extents[w] = (line(whole.start), line(whole.end.saturating_sub(1)));
        }
        for (t, slot) in lines.transitions[w].iter_mut().enumerate() {
            let event = at(&[
                Key::Member("transitions".into()),
                Key::Index(t),
                Key::Member("event".into()),
            ]);
            if let Some(event) = event {
                *slot = line(event.start);
            }
        }
    }
    lines
}
