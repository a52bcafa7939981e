//! A layered layout for flows that store no positions, top to bottom in the manner of
//! Sugiyama: edges that close loops are set aside, each widget goes one layer below its
//! deepest predecessor, an edge that spans layers gets a stand-in (a one-column dummy) in
//! each layer it passes, and each layer is ordered by where its neighbours' *ports* are, not
//! their centres, since a box's transitions leave it left to right in file order. Boxes then
//! sit as near as they can under the ports that lead to them. Loops get dummies too, in each
//! layer they climb past (`loops`). Each edge's way through its dummies' columns, with a row
//! of its own across each gap, is planned here (`ways`, rows from `tracks`) and taken by the
//! router as it is where it is free.
//!
//! Kept over `rust-sugiyama`: that crate knows nothing of ports, so its order crossed edges
//! that leave one box (measured by the `layered_vs_dot` benchmark: 256 crossings over the
//! corpus against 274 before and 170 with this one).

use super::place::{GAP_X, GAP_Y};

mod loops;
mod ways;
use super::{Placed, Targets};
use crate::flow::Flow;

/// Down-and-up sweeps of ordering; the best order seen is kept.
const SWEEPS: usize = 12;
/// Passes of placing boxes under their ports, alternately from above and from below.
const PASSES: usize = 6;
/// Past this many dummies, the longest edges are left to the router alone: a 2,000-widget
/// flow whose every widget leads to one far widget would otherwise need millions.
const MOST_DUMMIES: usize = 20_000;
/// Of those, the most loops back may take: each loop's dummies widen every layer it climbs
/// past, and a generated 1,000-widget flow whose loops climb hundreds of layers took twice as
/// long to open with no limit (the corpus's loops need under 400).
const MOST_LOOP_DUMMIES: usize = 2_000;

/// One edge piece between adjacent layers: from `upper` (leaving at column `at` of it) to
/// `lower`.
#[derive(Clone, Copy)]
struct Piece {
    upper: usize,
    at: i32,
    lower: usize,
}

struct Graph {
    /// Width of each node: boxes first (indexed by widget), then dummies.
    width: Vec<i32>,
    layers: Vec<Vec<usize>>,
    /// Pieces by the layer of their upper end.
    pieces: Vec<Vec<Piece>>,
    /// Each forward edge given its dummies: the nodes it passes, source first.
    chains: Vec<Chain>,
}

/// A transition: from the port at column `at` of `widget`'s box (its `transition`) to
/// `target`.
#[derive(Clone, Copy)]
struct Transition {
    widget: usize,
    transition: usize,
    at: i32,
    target: usize,
}

/// A transition given dummies: the nodes it passes, top first. A forward edge's are its
/// source, its dummies and its target; a loop's (`up`) are its dummies alone, one in each
/// layer from its target's to its source's: it leaves its port down, turns back up beside
/// its source and climbs past every layer between to enter its target's side.
struct Chain {
    edge: Transition,
    nodes: Vec<usize>,
    up: bool,
}

/// The way drawn for a forward edge of the layered layout: the corners of its path from the
/// cell under its port to its arrowhead, down through its dummies' columns with a row of its
/// own across each gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    pub widget: usize,
    pub transition: usize,
    pub corners: Vec<(i32, i32)>,
}

/// Places the boxes, and returns the ways their transitions should take.
pub fn arrange(flow: &Flow, targets: &Targets, boxes: &mut [Placed]) -> Vec<Guide> {
    let n = boxes.len();
    let order = flow.graph().order();
    let mut rank = vec![usize::MAX; n];
    for (r, &w) in order.iter().enumerate() {
        rank[w] = r;
    }
    // Forward edges (a target later in execution order) set the layers; the others close
    // loops. One per port.
    let (mut forward, mut loops): (Vec<Transition>, Vec<Transition>) = (Vec::new(), Vec::new());
    for &w in order {
        for p in &boxes[w].ports {
            if let Some(t) = targets[w][p.transition] {
                let edge = Transition {
                    widget: w,
                    transition: p.transition,
                    at: p.x,
                    target: t,
                };
                if rank[t] > rank[w] && rank[t] != usize::MAX {
                    forward.push(edge);
                } else {
                    loops.push(edge);
                }
            }
        }
    }
    let mut layer = vec![0usize; n];
    // `forward` is in execution order of its sources, which every forward edge follows.
    for f in &forward {
        layer[f.target] = layer[f.target].max(layer[f.widget] + 1);
    }
    // A target below its source by the layers is a forward edge after all.
    let (down, up): (Vec<Transition>, Vec<Transition>) = loops
        .into_iter()
        .partition(|e| layer[e.target] > layer[e.widget]);
    forward.extend(down);
    let mut g = ordered(build(order, &layer, &forward, &up, boxes));
    let first = placed(&g, boxes);
    loops::beside_targets(&mut g, &first, boxes);
    let x = placed(&g, boxes);
    for v in 0..n {
        boxes[v].x = x[v];
    }
    let across = ways::across(&g, &x, boxes);
    // Loops the ways leave to the router take a lane beside the boxes, each on a row of its
    // own where there is room: a layer gets a row more below it for each, up to eight.
    let mut routed = vec![0i32; g.layers.len()];
    for e in up.iter().filter(|e| !across.guided(e.widget, e.transition)) {
        routed[layer[e.widget]] += 1;
    }
    // Below each layer: the router's loops' rows (they leave their ports first), the rows
    // across, and a row free above the arrowheads.
    let mut y = 0;
    let mut tracks = Vec::with_capacity(g.layers.len());
    for (l, members) in g.layers.iter().enumerate() {
        let mut tallest = 0;
        for &v in members.iter().filter(|&&v| v < n) {
            boxes[v].y = y;
            tallest = tallest.max(boxes[v].h);
        }
        let loop_rows = routed[l].min(8);
        tracks.push(y + tallest + 1 + loop_rows);
        let rows = across.gaps[l].count as i32;
        y += tallest + (GAP_Y + 1).max(rows + 3) + loop_rows;
    }
    let left = boxes.iter().map(|b| b.x).min().unwrap_or(0);
    for b in boxes.iter_mut() {
        b.x -= left;
    }
    across.guides(&g.chains, boxes, &tracks, left)
}

/// Moves the planned ways as the boxes were moved (`by`), then the whole canvas right where
/// a way passes left of every box, and grows the canvas to hold the ways.
pub fn settle(
    boxes: &mut [Placed],
    guides: &mut [Guide],
    by: (i32, i32),
    (width, height): (&mut i32, &mut i32),
) {
    let corners = || guides.iter().flat_map(|g| g.corners.iter());
    let left = corners().map(|c| c.0 + by.0).min().unwrap_or(1);
    let more = (1 - left).max(0);
    for b in boxes.iter_mut() {
        b.x += more;
    }
    for c in guides.iter_mut().flat_map(|g| g.corners.iter_mut()) {
        *c = (c.0 + by.0 + more, c.1 + by.1);
    }
    let corners = || guides.iter().flat_map(|g| g.corners.iter());
    *width = (*width + more).max(corners().map(|c| c.0 + 2).max().unwrap_or(0));
    *height = (*height).max(corners().map(|c| c.1 + 2).max().unwrap_or(0));
}

fn build(
    order: &[usize],
    layer: &[usize],
    forward: &[Transition],
    up: &[Transition],
    boxes: &[Placed],
) -> Graph {
    let depth = layer.iter().copied().max().map_or(0, |d| d + 1);
    let mut g = Graph {
        width: boxes.iter().map(|b| b.w).collect(),
        layers: vec![Vec::new(); depth],
        pieces: vec![Vec::new(); depth],
        chains: Vec::new(),
    };
    for &w in order {
        g.layers[layer[w]].push(w);
    }
    // Shortest spans first, so a budget of dummies goes to the edges it helps most.
    let mut spans: Vec<&Transition> = forward.iter().collect();
    spans.sort_by_key(|f| layer[f.target] - layer[f.widget]);
    let mut dummies = 0;
    for &f in spans {
        let (s, t) = (f.widget, f.target);
        let span = layer[t] - layer[s];
        if span > 1 && dummies + span - 1 > MOST_DUMMIES {
            continue;
        }
        let mut nodes = vec![s];
        for l in layer[s] + 1..layer[t] {
            nodes.push(g.dummy(l));
            dummies += 1;
        }
        nodes.push(t);
        g.link(&nodes, layer[s], f.at);
        g.chains.push(Chain {
            edge: f,
            nodes,
            up: false,
        });
    }
    let budget = (MOST_DUMMIES - dummies).min(MOST_LOOP_DUMMIES);
    loops::climbing(&mut g, layer, up, boxes, budget);
    g
}

impl Graph {
    /// A new dummy in layer `l`.
    fn dummy(&mut self, l: usize) -> usize {
        let d = self.width.len();
        self.width.push(1);
        self.layers[l].push(d);
        d
    }

    /// A new dummy not yet in any layer.
    fn dummy_apart(&mut self) -> usize {
        self.width.push(1);
        self.width.len() - 1
    }

    /// Pieces between each two nodes of a chain, one layer apart from layer `first` on; the
    /// first leaves its node at column `at`.
    fn link(&mut self, nodes: &[usize], first: usize, at: i32) {
        for (k, pair) in nodes.windows(2).enumerate() {
            self.pieces[first + k].push(Piece {
                upper: pair[0],
                at: if k == 0 { at } else { 0 },
                lower: pair[1],
            });
        }
    }
}

/// Where a piece's ends are in order terms: the upper node's place plus how far along it the
/// port is, and the lower node's place.
fn ends(p: &Piece, pos: &[f64], width: &[i32]) -> (f64, f64) {
    let along = (p.at as f64 + 0.5) / width[p.upper].max(1) as f64;
    (pos[p.upper] + along, pos[p.lower] + 0.5)
}

/// Crossings between adjacent layers: pairs of pieces whose ends are in opposite orders,
/// counted as inversions (sorted by the upper end, a Fenwick tree over the lower ends), so a
/// layer crowded with long edges costs n log n, not n².
fn crossings(g: &Graph, pos: &[f64]) -> usize {
    let mut total = 0;
    for pieces in &g.pieces {
        let mut ends: Vec<(f64, f64)> = pieces.iter().map(|p| ends(p, pos, &g.width)).collect();
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut lowers: Vec<f64> = ends.iter().map(|e| e.1).collect();
        lowers.sort_by(f64::total_cmp);
        lowers.dedup();
        let mut tree = vec![0usize; lowers.len() + 1];
        for (seen, e) in ends.iter().enumerate() {
            let rank = lowers.partition_point(|&l| l <= e.1);
            // Pieces seen so far whose lower end is at or left of this one's.
            let (mut at, mut not_after) = (rank, 0);
            while at > 0 {
                not_after += tree[at];
                at &= at - 1;
            }
            total += seen - not_after;
            let mut at = rank;
            while at < tree.len() {
                tree[at] += 1;
                at += at & at.wrapping_neg();
            }
        }
    }
    total
}

fn positions(g: &Graph) -> Vec<f64> {
    let mut pos = vec![0.0; g.width.len()];
    for members in &g.layers {
        for (i, &v) in members.iter().enumerate() {
            pos[v] = i as f64;
        }
    }
    pos
}

/// Barycentre sweeps, down (by the ports above) then up (by the boxes below), keeping the
/// order with the fewest crossings.
fn ordered(mut g: Graph) -> Graph {
    let mut pos = positions(&g);
    let mut best = (crossings(&g, &pos), g.layers.clone());
    let mut sum = vec![(0.0, 0usize); g.width.len()];
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let mut key = pos.clone();
        let layers: Vec<usize> = if down {
            (1..g.layers.len()).collect()
        } else {
            (0..g.layers.len().saturating_sub(1)).rev().collect()
        };
        for l in layers {
            // Only this layer's members are summed into: reset them, not the whole table.
            for &v in &g.layers[l] {
                sum[v] = (0.0, 0);
            }
            let pieces = if down { &g.pieces[l - 1] } else { &g.pieces[l] };
            for p in pieces {
                let (upper, lower) = ends(p, &pos, &g.width);
                let (node, there) = if down {
                    (p.lower, upper)
                } else {
                    (p.upper, lower)
                };
                sum[node].0 += there;
                sum[node].1 += 1;
            }
            for &v in &g.layers[l] {
                if sum[v].1 > 0 {
                    key[v] = sum[v].0 / sum[v].1 as f64;
                }
            }
            g.layers[l].sort_by(|a, b| key[*a].total_cmp(&key[*b]));
            for (i, &v) in g.layers[l].iter().enumerate() {
                pos[v] = i as f64;
                key[v] = i as f64;
            }
        }
        let now = crossings(&g, &pos);
        if now < best.0 {
            best = (now, g.layers.clone());
        }
    }
    g.layers = best.1;
    g
}

/// Columns for every node: each layer in its order, every node as near as it can be to where
/// its neighbours want it (under the port that leads to it, or its ports over the boxes they
/// lead to),
/// found as the least-squares fit that keeps order and gaps (pool adjacent violators).
fn placed(g: &Graph, boxes: &[Placed]) -> Vec<i32> {
    let n = boxes.len();
    let gap = |a: usize, b: usize| {
        if a >= n || b >= n {
            GAP_X
        } else {
            GAP_X * 2
        }
    };
    let mut x = vec![0.0f64; g.width.len()];
    for members in &g.layers {
        let mut at = 0.0;
        for (i, &v) in members.iter().enumerate() {
            if i > 0 {
                at += gap(members[i - 1], v) as f64;
            }
            x[v] = at;
            at += g.width[v] as f64;
        }
    }
    // Where each node's neighbours want it: a sum and a count, reset for each layer's members
    // only (a fresh table per layer cost as much as all the rest on a 1,000-layer chain).
    let mut want: Vec<(f64, usize)> = vec![(0.0, 0); g.width.len()];
    for pass in 0..PASSES {
        let down = pass % 2 == 0;
        let order: Vec<usize> = if down {
            (1..g.layers.len()).collect()
        } else {
            (0..g.layers.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            for &v in &g.layers[l] {
                want[v] = (0.0, 0);
            }
            let pieces = if down { &g.pieces[l - 1] } else { &g.pieces[l] };
            for p in pieces {
                let port = x[p.upper] + p.at as f64;
                // Any column over the lower box will do (arrowheads spread over its width), so
                // a box moves only as far as it must to lie under its port: a chain of boxes
                // whose ports are at their left stays straight instead of stepping left.
                let w = g.width[p.lower];
                let margin = if w >= 3 { 1.0 } else { 0.0 };
                let (lo, hi) = (port - (w - 1) as f64 + margin, port - margin);
                let (node, there) = if down {
                    (p.lower, x[p.lower].clamp(lo, hi))
                } else {
                    let shift = x[p.lower].clamp(lo, hi) - x[p.lower];
                    (p.upper, x[p.upper] - shift)
                };
                want[node].0 += there;
                want[node].1 += 1;
            }
            let members = &g.layers[l];
            let desired: Vec<f64> = members
                .iter()
                .map(|&v| {
                    if want[v].1 > 0 {
                        want[v].0 / want[v].1 as f64
                    } else {
                        x[v]
                    }
                })
                .collect();
            let fitted = fit(members, &desired, |i| {
                if i == 0 {
                    0.0
                } else {
                    (g.width[members[i - 1]] + gap(members[i - 1], members[i])) as f64
                }
            });
            for (&v, xv) in members.iter().zip(fitted) {
                x[v] = xv;
            }
        }
    }
    x.iter().map(|v| v.round() as i32).collect()
}

/// The positions nearest `desired` (least squares) that keep each node at least `step(i)`
/// right of the one before.
fn fit(members: &[usize], desired: &[f64], step: impl Fn(usize) -> f64) -> Vec<f64> {
    let mut offset = vec![0.0; members.len()];
    for i in 1..members.len() {
        offset[i] = offset[i - 1] + step(i);
    }
    // Blocks of (sum, count, first index) whose shifted targets are pooled.
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for i in 0..members.len() {
        blocks.push((desired[i] - offset[i], 1));
        while blocks.len() > 1 {
            let (s1, c1) = blocks[blocks.len() - 1];
            let (s0, c0) = blocks[blocks.len() - 2];
            if s0 / c0 as f64 > s1 / c1 as f64 {
                blocks.pop();
                *blocks.last_mut().expect("two blocks") = (s0 + s1, c0 + c1);
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(members.len());
    for (s, c) in blocks {
        for _ in 0..c {
            let i = out.len();
            out.push(s / c as f64 + offset[i]);
        }
    }
    out
}
