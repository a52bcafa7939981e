//! Routing each transition around the boxes: a shortest path on the grid of cells (A*) that
//! never enters a box, prefers few bends, and avoids running along other edges. The search
//! is kept to a window around the two ends, widened when no route fits in it. An edge the
//! search cannot route cheaply (a loop back up past hundreds of boxes) takes a lane beside
//! every box it passes instead.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Edge, Placed, Targets};

const BEND: u32 = 3;
/// Running along another edge's line, which would make the two unreadable.
const ALONG: u32 = 8;
/// Crossing another edge.
const ACROSS: u32 = 1;
/// Cells added around the ends' bounding box, tried in turn, and the states each search may
/// expand before the edge is given a lane instead.
const TRIES: [(i32, usize); 2] = [(6, 3_000), (24, 12_000)];
/// Ends further apart than this (in cells) try a lane first: searching that far is slow.
const FAR: i32 = 160;
/// The states the last search, over the whole canvas, may expand.
const LAST_BUDGET: usize = 400_000;

/// Directions as (dx, dy): right, down, left, up.
const DIRS: [(i32, i32); 4] = [(1, 0), (0, 1), (-1, 0), (0, -1)];

/// What the grid knows of each cell.
struct Grid {
    width: i32,
    height: i32,
    /// Inside a box, or the end of an edge that is not ours.
    blocked: Vec<bool>,
    /// The cell's use by edges routed so far: bit 0 horizontal, bit 1 vertical.
    used: Vec<u8>,
    /// The target whose arrow this cell holds, or `usize::MAX`.
    arrow: Vec<usize>,
}

impl Grid {
    fn at(&self, x: i32, y: i32) -> usize {
        (y * self.width + x) as usize
    }
}

/// Routes every connected transition. The canvas is widened on the right for the lanes that
/// loops may need; the width used is returned with the edges.
pub fn all(targets: &Targets, boxes: &[Placed], width: i32, height: i32) -> (Vec<Edge>, i32) {
    let loops = boxes
        .iter()
        .flat_map(|b| b.ports.iter().map(move |p| (b, p)))
        .filter(|(b, p)| targets[b.widget][p.transition].is_some_and(|t| boxes[t].y <= b.y))
        .count() as i32;
    let boxes_width = width;
    let width = width + loops;
    let cells = (width * height) as usize;
    let mut grid = Grid {
        width,
        height,
        blocked: vec![false; cells],
        used: vec![0; cells],
        arrow: vec![usize::MAX; cells],
    };
    for b in boxes {
        for y in b.y.max(0)..b.bottom().min(height) {
            for x in b.x.max(0)..b.right().min(width) {
                let i = grid.at(x, y);
                grid.blocked[i] = true;
            }
        }
        let (ex, ey) = b.entry();
        if ex >= 0 && ey >= 0 {
            let i = grid.at(ex, ey);
            grid.arrow[i] = b.widget;
        }
    }
    // Ports' first cells belong to their edges alone.
    for b in boxes {
        for p in &b.ports {
            let i = grid.at(b.x + p.x, b.bottom());
            grid.blocked[i] = true;
        }
    }
    let mut edges = Vec::new();
    for b in boxes {
        for p in &b.ports {
            let Some(target) = targets[b.widget][p.transition] else {
                continue;
            };
            let start = (b.x + p.x, b.bottom());
            let goal = boxes[target].entry();
            let cells = route(&grid, boxes, start, goal, target);
            for pair in cells.windows(2) {
                let bit = if pair[0].1 == pair[1].1 { 1 } else { 2 };
                for &(x, y) in pair {
                    let i = grid.at(x, y);
                    grid.used[i] |= bit;
                }
            }
            let bounds = cells.iter().fold(
                (i32::MAX, i32::MAX, i32::MIN, i32::MIN),
                |(l, t, r, btm), &(x, y)| (l.min(x), t.min(y), r.max(x), btm.max(y)),
            );
            edges.push(Edge {
                widget: b.widget,
                transition: p.transition,
                target,
                cells,
                // Up means up: a target at the same height is not above.
                back: boxes[target].y < b.y,
                bounds,
            });
        }
    }
    let used = edges
        .iter()
        .flat_map(|e| e.cells.iter().map(|c| c.0 + 2))
        .max()
        .unwrap_or(0);
    (edges, used.max(boxes_width))
}

fn route(
    grid: &Grid,
    boxes: &[Placed],
    start: (i32, i32),
    goal: (i32, i32),
    target: usize,
) -> Vec<(i32, i32)> {
    if goal.0 < 0 || goal.1 < 0 || goal.0 >= grid.width || goal.1 >= grid.height {
        return Vec::new();
    }
    if start == goal {
        return vec![start];
    }
    let far = (start.0 - goal.0).abs() + (start.1 - goal.1).abs() > FAR;
    if far {
        // Far apart, searching is slow: a lane beside the boxes, the plain one first.
        for extended in [false, true] {
            if let Some(path) = lane(grid, boxes, start, goal, target, extended) {
                return path;
            }
        }
    }
    for (margin, budget) in TRIES {
        let window = (
            (start.0.min(goal.0) - margin).max(0),
            (start.1.min(goal.1) - margin).max(0),
            (start.0.max(goal.0) + margin).min(grid.width - 1),
            (start.1.max(goal.1) + margin).min(grid.height - 1),
        );
        if let Some(path) = search(grid, window, start, goal, target, budget) {
            return path;
        }
    }
    if !far {
        if let Some(path) = lane(grid, boxes, start, goal, target, false) {
            return path;
        }
    }
    // Last, the whole canvas, within a budget: an unbounded search on a 2,000-widget canvas
    // took seconds an edge. An edge that finds no route then is left undrawn (the outline
    // still lists it) rather than freezing the debugger.
    if let Some(path) = lane(grid, boxes, start, goal, target, true) {
        return path;
    }
    let whole = (0, 0, grid.width - 1, grid.height - 1);
    search(grid, whole, start, goal, target, LAST_BUDGET).unwrap_or_default()
}

/// A route by a free column beside every box between the two ends' rows: across from the
/// start, along the column, across to the goal.
fn lane(
    grid: &Grid,
    boxes: &[Placed],
    start: (i32, i32),
    goal: (i32, i32),
    target: usize,
    extended: bool,
) -> Option<Vec<(i32, i32)>> {
    let (top, bottom) = (start.1.min(goal.1), start.1.max(goal.1));
    let beside: Vec<&Placed> = boxes
        .iter()
        .filter(|b| b.bottom() >= top && b.y <= bottom)
        .collect();
    let right = beside.iter().map(|b| b.right()).max()? + 1;
    let left = beside.iter().map(|b| b.x).min()? - 2;
    let middle = (start.0 + goal.0) / 2;
    let sides = if right - middle <= middle - left {
        [(right, 1), (left, -1)]
    } else {
        [(left, -1), (right, 1)]
    };
    for (from, step) in sides {
        let mut x = from;
        while x >= 0 && x < grid.width {
            let free_column = (top..=bottom).all(|y| {
                let i = grid.at(x, y);
                !grid.blocked[i] && grid.used[i] & 2 == 0 && grid.arrow[i] == usize::MAX
            });
            if free_column {
                // Across just under the port, or (extended) a row or two lower where other
                // ports stand in the way, and in above the goal the same way; extended, the
                // columns further out are tried too.
                for d in 0..=if extended { 2 } else { 0 } {
                    let path = walk(&[
                        start,
                        (start.0, start.1 + d),
                        (x, start.1 + d),
                        (x, goal.1 - d),
                        (goal.0, goal.1 - d),
                        goal,
                    ]);
                    let clear = path.iter().all(|&(x, y)| {
                        if x < 0 || y < 0 || x >= grid.width || y >= grid.height {
                            return false;
                        }
                        let i = grid.at(x, y);
                        (x, y) == start
                            || (!grid.blocked[i]
                                && (grid.arrow[i] == usize::MAX || grid.arrow[i] == target))
                    });
                    if clear {
                        return Some(path);
                    }
                }
                if !extended {
                    break;
                }
            }
            x += step;
        }
    }
    None
}

/// The cells along straight segments through `corners`, each once.
fn walk(corners: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut path = vec![corners[0]];
    for pair in corners.windows(2) {
        let (mut x, mut y) = pair[0];
        while (x, y) != pair[1] {
            x += (pair[1].0 - x).signum();
            if x == pair[1].0 {
                y += (pair[1].1 - y).signum();
            }
            path.push((x, y));
        }
    }
    path
}

/// A* within `window` (inclusive), over states of cell and the direction it was entered by.
fn search(
    grid: &Grid,
    window: (i32, i32, i32, i32),
    start: (i32, i32),
    goal: (i32, i32),
    target: usize,
    budget: usize,
) -> Option<Vec<(i32, i32)>> {
    let (left, top, right, bottom) = window;
    let w = right - left + 1;
    let index = |x: i32, y: i32, d: usize| (((y - top) * w + (x - left)) as usize) * 4 + d;
    // By state, what it cost to reach (plus one: zero is not reached) and where from (plus
    // one: zero is the start). Zeroed tables come from the allocator as untouched pages, so a
    // window over a 2,000-widget canvas costs only the states the search reaches.
    let states = (w * (bottom - top + 1)) as usize * 4;
    let mut reached = vec![0u32; states];
    let mut from = vec![0u32; states];
    let cost = |reached: &[u32], s: usize| reached[s].wrapping_sub(1);
    let guess = |x: i32, y: i32| (x - goal.0).unsigned_abs() + (y - goal.1).unsigned_abs();
    let mut open = BinaryHeap::new();
    // Edges leave their port downwards.
    let first = index(start.0, start.1, 1);
    reached[first] = 1;
    open.push(Reverse((guess(start.0, start.1), 0u32, first as u32)));
    let mut expanded = 0;
    while let Some(Reverse((_, g, state))) = open.pop() {
        expanded += 1;
        if expanded > budget {
            return None;
        }
        let state = state as usize;
        if g > cost(&reached, state) {
            continue;
        }
        let cell = state / 4;
        let dir = state % 4;
        let (x, y) = (left + (cell as i32 % w), top + (cell as i32 / w));
        if (x, y) == goal {
            let mut path = vec![(x, y)];
            let mut at = state;
            while from[at] != 0 {
                at = from[at] as usize - 1;
                let cell = at / 4;
                path.push((left + (cell as i32 % w), top + (cell as i32 / w)));
            }
            path.reverse();
            return Some(path);
        }
        for (d, (dx, dy)) in DIRS.iter().enumerate() {
            // No turning back on itself.
            if d == (dir + 2) % 4 {
                continue;
            }
            let (nx, ny) = (x + dx, y + dy);
            if nx < left || nx > right || ny < top || ny > bottom {
                continue;
            }
            let i = grid.at(nx, ny);
            if grid.blocked[i] || (grid.arrow[i] != usize::MAX && grid.arrow[i] != target) {
                continue;
            }
            let along = if d % 2 == 0 { 1 } else { 2 };
            let mut step = 1 + if d != dir { BEND } else { 0 };
            if grid.arrow[i] != target {
                if grid.used[i] & along != 0 {
                    step += ALONG;
                } else if grid.used[i] != 0 {
                    step += ACROSS;
                }
            }
            let next = index(nx, ny, d);
            let g2 = g + step;
            if g2 < cost(&reached, next) {
                reached[next] = g2 + 1;
                from[next] = state as u32 + 1;
                open.push(Reverse((g2 + guess(nx, ny), g2, next as u32)));
            }
        }
    }
    None
}
