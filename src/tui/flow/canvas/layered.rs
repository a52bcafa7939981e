//! A layered layout for flows that store no positions, top to bottom in the manner of
//! Sugiyama: edges that close loops are set aside, each widget goes one layer below its
//! deepest predecessor, and each layer is ordered by its predecessors' average position
//! (the barycentre) to keep edges short and uncrossed.

use super::place::{GAP_X, GAP_Y};
use super::{Placed, Targets};
use crate::flow::Flow;

/// Sweeps of barycentre ordering; two already untangle most flows.
const SWEEPS: usize = 2;

pub fn arrange(flow: &Flow, targets: &Targets, boxes: &mut [Placed]) {
    let order = flow.graph().order();
    let mut rank = vec![0; flow.widgets.len()];
    for (r, &w) in order.iter().enumerate() {
        rank[w] = r;
    }
    // Forward edges only: a target placed later in execution order.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); flow.widgets.len()];
    for &w in order {
        for &n in targets[w].iter().flatten() {
            if rank[n] > rank[w] && !preds[n].contains(&w) {
                preds[n].push(w);
            }
        }
    }
    let mut layer = vec![0usize; flow.widgets.len()];
    for &w in order {
        layer[w] = preds[w].iter().map(|&p| layer[p] + 1).max().unwrap_or(0);
    }
    let depth = layer.iter().copied().max().map_or(0, |d| d + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for &w in order {
        layers[layer[w]].push(w);
    }
    let mut slot = vec![0.0f64; flow.widgets.len()];
    for _ in 0..SWEEPS {
        for members in &mut layers {
            for &w in members.iter() {
                if !preds[w].is_empty() {
                    slot[w] =
                        preds[w].iter().map(|&p| slot[p]).sum::<f64>() / preds[w].len() as f64;
                }
            }
            members.sort_by(|a, b| slot[*a].total_cmp(&slot[*b]));
            for (i, &w) in members.iter().enumerate() {
                slot[w] = i as f64;
            }
        }
    }
    // Each layer centred on the widest one, layers stacked with room for edges between.
    let widths: Vec<i32> = layers
        .iter()
        .map(|m| m.iter().map(|&w| boxes[w].w + GAP_X * 2).sum())
        .collect();
    let widest = widths.iter().copied().max().unwrap_or(0);
    let mut y = 0;
    for (members, width) in layers.iter().zip(widths) {
        let mut x = (widest - width) / 2;
        let mut tallest = 0;
        for &w in members {
            boxes[w].x = x;
            boxes[w].y = y;
            x += boxes[w].w + GAP_X * 2;
            tallest = tallest.max(boxes[w].h);
        }
        y += tallest + GAP_Y + 1;
    }
}
