//! A layered layout for flows that store no positions, top to bottom in the manner of
//! Sugiyama: edges that close loops are set aside, each widget goes one layer below its
//! deepest predecessor, an edge that spans layers gets a stand-in (a one-column dummy) in
//! each layer it passes, and each layer is ordered by where its neighbours' *ports* are, not
//! their centres, since a box's transitions leave it left to right in file order. Boxes then
//! sit as near as they can under the ports that lead to them.
//!
//! Kept over `rust-sugiyama`: that crate knows nothing of ports, so its order crossed edges
//! that leave one box (measured by the `layered_vs_dot` benchmark: 256 crossings over the
//! corpus against 274 before and 170 with this one).

use super::place::{GAP_X, GAP_Y};
use super::tracks;
use super::{Placed, Targets};
use crate::flow::Flow;

/// Down-and-up sweeps of ordering; the best order seen is kept.
const SWEEPS: usize = 12;
/// Passes of placing boxes under their ports, alternately from above and from below.
const PASSES: usize = 6;
/// Past this many dummies, the longest edges are left to the router alone: a 2,000-widget
/// flow whose every widget leads to one far widget would otherwise need millions.
const MOST_DUMMIES: usize = 20_000;

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

/// A forward edge: from the port at column `at` of `widget`'s box (its `transition`) down to
/// `target`.
#[derive(Clone, Copy)]
struct Forward {
    widget: usize,
    transition: usize,
    at: i32,
    target: usize,
}

struct Chain {
    edge: Forward,
    nodes: Vec<usize>,
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

/// Places the boxes, and returns the ways their forward edges should take.
pub fn arrange(flow: &Flow, targets: &Targets, boxes: &mut [Placed]) -> Vec<Guide> {
    let n = boxes.len();
    let order = flow.graph().order();
    let mut rank = vec![usize::MAX; n];
    for (r, &w) in order.iter().enumerate() {
        rank[w] = r;
    }
    // Forward edges only (a target later in execution order), one per port.
    let mut forward: Vec<Forward> = Vec::new();
    for &w in order {
        for p in &boxes[w].ports {
            if let Some(t) = targets[w][p.transition] {
                if rank[t] > rank[w] && rank[t] != usize::MAX {
                    forward.push(Forward {
                        widget: w,
                        transition: p.transition,
                        at: p.x,
                        target: t,
                    });
                }
            }
        }
    }
    let mut layer = vec![0usize; n];
    // `forward` is in execution order of its sources, which every forward edge follows.
    for f in &forward {
        layer[f.target] = layer[f.target].max(layer[f.widget] + 1);
    }
    let g = ordered(build(order, &layer, &forward, boxes));
    let x = placed(&g, boxes);
    // Loops back leave their layer across to a lane beside the boxes, each on a row of its
    // own where there is room: a layer gets a row more below it for each, up to eight.
    let mut loops = vec![0i32; g.layers.len()];
    for &w in order {
        for p in &boxes[w].ports {
            if targets[w][p.transition].is_some_and(|t| layer[t] <= layer[w]) {
                loops[layer[w]] += 1;
            }
        }
    }
    for v in 0..n {
        boxes[v].x = x[v];
    }
    let across = across(&g, &x, boxes);
    // Below each layer: the loops' rows (they leave their ports first), the forward edges'
    // rows across, and a row free above the arrowheads.
    let mut y = 0;
    let mut tracks = Vec::with_capacity(g.layers.len());
    for (l, members) in g.layers.iter().enumerate() {
        let mut tallest = 0;
        for &v in members.iter().filter(|&&v| v < n) {
            boxes[v].y = y;
            tallest = tallest.max(boxes[v].h);
        }
        let loop_rows = loops[l].min(8);
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

/// The forward edges' pieces as columns, and the rows they run across each gap by.
struct Across {
    /// Per chain: its pieces, each with its place in its gap's list; None for a chain whose
    /// target has more edges coming down than top border to end them on.
    pieces: Vec<Option<Vec<(tracks::Piece, usize)>>>,
    /// Per chain: the layer of its source.
    first: Vec<usize>,
    /// Per layer: the rows across the gap below it.
    gaps: Vec<tracks::Tracks>,
}

fn across(g: &Graph, x: &[i32], boxes: &[Placed]) -> Across {
    let n = boxes.len();
    let mut layer_of = vec![0usize; g.width.len()];
    for (l, members) in g.layers.iter().enumerate() {
        for &v in members {
            layer_of[v] = l;
        }
    }
    let top_of = |c: &Chain, k: usize| x[c.nodes[k]] + if k == 0 { c.edge.at } else { 0 };
    // A box's arrowheads spread over its top border in the order of the columns their edges
    // come down from, so they need not cross to reach it.
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in g.chains.iter().enumerate() {
        into[c.edge.target].push(i);
    }
    let mut arrow: Vec<Option<i32>> = vec![None; g.chains.len()];
    for (t, chains) in into.iter_mut().enumerate() {
        chains.sort_by_key(|&i| top_of(&g.chains[i], g.chains[i].nodes.len() - 2));
        let room = (boxes[t].w - 2).max(1);
        let m = chains.len() as i32;
        // More edges than columns: the last ones are left to the router.
        for (k, &i) in chains.iter().enumerate().take(room as usize) {
            let k = k as i32;
            let along = if m <= room {
                ((2 * k + 1) * room) / (2 * m)
            } else {
                k
            };
            arrow[i] = Some(x[t] + 1 + along);
        }
    }
    let mut lists: Vec<Vec<tracks::Piece>> = vec![Vec::new(); g.layers.len()];
    let mut pieces = Vec::with_capacity(g.chains.len());
    let mut first = Vec::with_capacity(g.chains.len());
    for (i, c) in g.chains.iter().enumerate() {
        first.push(layer_of[c.nodes[0]]);
        let Some(arrow) = arrow[i] else {
            pieces.push(None);
            continue;
        };
        let mut mine = Vec::with_capacity(c.nodes.len() - 1);
        for k in 0..c.nodes.len() - 1 {
            let lower = c.nodes[k + 1];
            let piece = tracks::Piece {
                top: top_of(c, k),
                bottom: if lower < n { arrow } else { x[lower] },
            };
            let l = layer_of[c.nodes[k]];
            mine.push((piece, lists[l].len()));
            lists[l].push(piece);
        }
        pieces.push(Some(mine));
    }
    let gaps = lists.iter().map(|l| tracks::assign(l)).collect();
    Across {
        pieces,
        first,
        gaps,
    }
}

impl Across {
    /// The corners of each chain's way, in the boxes' (shifted) columns: `tracks[l]` is the
    /// first row across the gap below layer `l`.
    fn guides(&self, chains: &[Chain], boxes: &[Placed], tracks: &[i32], left: i32) -> Vec<Guide> {
        chains
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let pieces = self.pieces[i].as_ref()?;
                let source = &boxes[c.edge.widget];
                let mut corners = vec![(source.x + c.edge.at, source.bottom())];
                for (k, &(piece, at)) in pieces.iter().enumerate() {
                    let l = self.first[i] + k;
                    if let Some(row) = self.gaps[l].rows[at]? {
                        let y = tracks[l] + row as i32;
                        corners.push((piece.top - left, y));
                        corners.push((piece.bottom - left, y));
                    }
                }
                let last = pieces.last()?.0.bottom - left;
                corners.push((last, boxes[c.edge.target].y - 1));
                Some(Guide {
                    widget: c.edge.widget,
                    transition: c.edge.transition,
                    corners,
                })
            })
            .collect()
    }
}

fn build(order: &[usize], layer: &[usize], forward: &[Forward], boxes: &[Placed]) -> Graph {
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
    let mut spans: Vec<&Forward> = forward.iter().collect();
    spans.sort_by_key(|f| layer[f.target] - layer[f.widget]);
    let mut dummies = 0;
    for &f in spans {
        let (s, t) = (f.widget, f.target);
        let span = layer[t] - layer[s];
        if span > 1 && dummies + span - 1 > MOST_DUMMIES {
            continue;
        }
        let (mut upper, mut at) = (s, f.at);
        let mut nodes = vec![s];
        for l in layer[s] + 1..layer[t] {
            let d = g.width.len();
            g.width.push(1);
            g.layers[l].push(d);
            g.pieces[l - 1].push(Piece {
                upper,
                at,
                lower: d,
            });
            (upper, at) = (d, 0);
            nodes.push(d);
            dummies += 1;
        }
        g.pieces[layer[t] - 1].push(Piece {
            upper,
            at,
            lower: t,
        });
        nodes.push(t);
        g.chains.push(Chain { edge: f, nodes });
    }
    g
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
