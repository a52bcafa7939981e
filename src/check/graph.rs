//! The flow as a graph of widgets: what is reachable, what can run before what, and cycles.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{Finding, Severity};
use crate::flow::Flow;

pub struct Graph {
    graph: DiGraph<usize, ()>,
    reachable: Vec<bool>,
    /// `before[w]`: the widgets that can run before `w` on some path from the trigger.
    before: Vec<Vec<bool>>,
}

impl Graph {
    pub fn new(flow: &Flow) -> Graph {
        let n = flow.widgets.len();
        let mut graph = DiGraph::with_capacity(n, n * 2);
        let nodes: Vec<NodeIndex> = (0..n).map(|i| graph.add_node(i)).collect();
        for i in 0..n {
            for &j in flow.graph().targets(i).iter().flatten() {
                graph.update_edge(nodes[i], nodes[j], ());
            }
        }
        let start = flow.index_of(&flow.initial_state);
        let reachable = from(&graph, start.into_iter().collect(), n);
        // What can run before w: reachable from the trigger and able to reach w in one or more steps.
        let mut reversed = graph.clone();
        reversed.reverse();
        let before = (0..n)
            .map(|w| {
                let preds: Vec<usize> = reversed
                    .neighbors(nodes[w])
                    .map(petgraph::prelude::NodeIndex::index)
                    .collect();
                let can_reach = from(&reversed, preds, n);
                (0..n).map(|x| can_reach[x] && reachable[x]).collect()
            })
            .collect();
        Graph {
            graph,
            reachable,
            before,
        }
    }

    pub fn reachable(&self, widget: usize) -> bool {
        self.reachable[widget]
    }

    /// Whether `x` can have run before `w` on some path from the trigger.
    pub fn can_run_before(&self, x: usize, w: usize) -> bool {
        self.before[w][x]
    }
}

/// The nodes reachable from `starts` (including them).
fn from(graph: &DiGraph<usize, ()>, starts: Vec<usize>, n: usize) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut stack = starts;
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        stack.extend(
            graph
                .neighbors(NodeIndex::new(i))
                .map(petgraph::prelude::NodeIndex::index),
        );
    }
    seen
}

/// Cycles that no transition leaves and no event ends: they run until the 1,000-step limit.
pub fn endless_cycles(flow: &Flow, graph: &Graph, out: &mut Vec<Finding>) {
    for scc in tarjan_scc(&graph.graph) {
        let members: Vec<usize> = scc.iter().map(|n| n.index()).collect();
        let first = members[0];
        let is_cycle = members.len() > 1
            || graph
                .graph
                .contains_edge(NodeIndex::new(first), NodeIndex::new(first));
        if !is_cycle || !graph.reachable(first) {
            continue;
        }
        let way_out = members.iter().any(|&i| {
            let w = &flow.widgets[i];
            let events = crate::engine::widgets::catalog::events(w);
            let missing_event = events.iter().any(|e| w.transition(e).is_none());
            missing_event
                || w.transitions.iter().any(|t| {
                    match t.next.as_deref().and_then(|n| flow.index_of(n)) {
                        None => true,
                        Some(j) => !members.contains(&j),
                    }
                })
        });
        if !way_out {
            let mut names: Vec<&str> = members
                .iter()
                .map(|&i| flow.widgets[i].name.as_str())
                .collect();
            names.sort();
            let at = members.iter().copied().min().unwrap_or(first);
            out.push(super::Finding::at(
                &flow.widgets[at],
                Severity::Warning,
                "endless-cycle",
                format!(
                    "the cycle {} has no way out: it can only end at Studio's 1,000-step limit",
                    names.join(" → ")
                ),
            ));
        }
    }
}
