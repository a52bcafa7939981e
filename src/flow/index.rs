//! One index of a flow's graph, built once when the flow is read: each widget by name, where
//! each transition leads, what leads to each widget, and the order from the trigger. The
//! outline, the canvas, `check` and the engine all read it, instead of scanning the widgets.
//! A flow's names and transitions are fixed once it is read (edits change properties only),
//! so the index never goes stale.

use std::collections::HashMap;

use super::Widget;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Index {
    by_name: HashMap<String, usize>,
    targets: Vec<Vec<Option<usize>>>,
    sources: Vec<Vec<usize>>,
    order: Vec<usize>,
}

impl Index {
    pub fn new(widgets: &[Widget], initial_state: &str) -> Index {
        let mut by_name = HashMap::with_capacity(widgets.len());
        for (i, w) in widgets.iter().enumerate() {
            by_name.entry(w.name.clone()).or_insert(i);
        }
        let targets: Vec<Vec<Option<usize>>> = widgets
            .iter()
            .map(|w| {
                w.transitions
                    .iter()
                    .map(|t| t.next.as_deref().and_then(|n| by_name.get(n).copied()))
                    .collect()
            })
            .collect();
        let mut sources = vec![Vec::new(); widgets.len()];
        for (i, leads_to) in targets.iter().enumerate() {
            for &n in leads_to.iter().flatten() {
                if !sources[n].contains(&i) {
                    sources[n].push(i);
                }
            }
        }
        let order = order(&targets, by_name.get(initial_state).copied());
        Index {
            by_name,
            targets,
            sources,
            order,
        }
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Where each of widget `w`'s transitions leads, in its order (`None`: it ends there).
    pub fn targets(&self, w: usize) -> &[Option<usize>] {
        self.targets.get(w).map_or(&[], Vec::as_slice)
    }

    /// The widgets with a transition to widget `w`, each once, in file order.
    pub fn sources(&self, w: usize) -> &[usize] {
        self.sources.get(w).map_or(&[], Vec::as_slice)
    }

    /// Widget indices in execution order: depth-first from the initial state, following
    /// transitions in file order; widgets nothing leads to come last, in file order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }
}

fn order(targets: &[Vec<Option<usize>>], start: Option<usize>) -> Vec<usize> {
    let mut placed = vec![false; targets.len()];
    let mut out = Vec::with_capacity(targets.len());
    let mut stack: Vec<usize> = start.into_iter().collect();
    while let Some(i) = stack.pop() {
        if placed[i] {
            continue;
        }
        placed[i] = true;
        out.push(i);
        for &next in targets[i].iter().rev().flatten() {
            if !placed[next] {
                stack.push(next);
            }
        }
    }
    out.extend((0..targets.len()).filter(|&i| !placed[i]));
    out
}
