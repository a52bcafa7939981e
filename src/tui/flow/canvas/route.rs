//! Routing each transition around the boxes: a shortest path on the grid of cells (A*) that
//! never enters a box, prefers few bends, and keeps off other edges' lines (running along one,
//! or turning where one passes, would make two edges read as one). Each edge ends in an
//! arrowhead of its own on its target's top border, entered going down, and a box's arrowheads
//! are spread over its width; an edge that climbs (a loop back) enters a side instead, where it
//! can do so cleanly, so that it need not go round the box and cross the edges coming down on
//! it. A way planned by the layered layout ([`Guide`]) is taken as it is where it is free.
//! The search is kept to a window around the two ends, widened when no
//! route fits in it. An edge the search cannot route cheaply (a loop back up past hundreds of
//! boxes) takes a lane beside every box it passes instead.

use super::layered::Guide;
use super::{Edge, Placed, Targets};

const BEND: u32 = 3;
/// Running along another edge's line, which would make the two unreadable.
const ALONG: u32 = 40;
/// Turning where another edge passes: the two would read as joined.
const JOIN: u32 = 40;
/// Crossing another edge.
const ACROSS: u32 = 2;
/// Cells added around the ends' bounding box, tried in turn, and the states each search may
/// expand before the edge is given a lane instead.
const TRIES: [(i32, usize); 2] = [(6, 3_000), (24, 12_000)];
/// Ends further apart than this (in cells) try a lane first: searching that far is slow.
const FAR: i32 = 160;
/// Free columns a lane tries on each side before giving up: further out, every column fails
/// the same way (the rows across are taken), and scanning them all took seconds.
const LANES_TRIED: usize = 4;
/// The states the last search, over the whole canvas, may expand.
const LAST_BUDGET: usize = 400_000;
/// Rows below a port (and above an arrowhead) an extended lane tries for its way across, so
/// edges leaving boxes of one row for the lanes need not share a line.
const EXTENDED_ROWS: i32 = 8;
/// The edges untangling may route again, per layout.
const UNTANGLED: usize = 32;
/// The most edges still tangled after untangling that are searched for over the whole canvas.
const LAST_RESORTS: usize = 8;
/// No edge owns the cell.
const FREE: usize = usize::MAX;

/// Directions as (dx, dy): right, down, left, up.
const DIRS: [(i32, i32); 4] = [(1, 0), (0, 1), (-1, 0), (0, -1)];
/// Entries into a box, as directions: down onto its top, right into its left side, left into
/// its right side.
const DOWN: usize = 1;
const LEFT_SIDE: usize = 0;
const RIGHT_SIDE: usize = 2;

/// What the grid knows of each cell.
struct Grid {
    width: i32,
    height: i32,
    /// Inside a box, or a port's first cell.
    blocked: Vec<bool>,
    /// How many edges run across the cell horizontally and vertically (a turn counts as
    /// both), so an edge can be taken up again.
    runs: Vec<(u16, u16)>,
    /// What running along another edge's line, and turning where one passes, cost now.
    along: u32,
    join: u32,
    /// The edge whose arrowhead (or the cell above it) this is, or [`FREE`]: only that edge
    /// may enter it.
    owner: Vec<usize>,
}

impl Grid {
    fn at(&self, x: i32, y: i32) -> usize {
        (y * self.width + x) as usize
    }

    fn inside(&self, x: i32, y: i32) -> bool {
        x >= 0 && y >= 0 && x < self.width && y < self.height
    }

    /// The cell's use by edges routed so far: bit 0 horizontal, bit 1 vertical.
    fn used(&self, i: usize) -> u8 {
        let (h, v) = self.runs[i];
        u8::from(h > 0) | (u8::from(v > 0) << 1)
    }

    /// Lays `cells` (one edge) on the grid, or takes them up.
    fn lay(&mut self, cells: &[(i32, i32)], add: bool) {
        for pair in cells.windows(2) {
            let horizontal = pair[0].1 == pair[1].1;
            for &(x, y) in pair {
                let i = self.at(x, y);
                let run = if horizontal {
                    &mut self.runs[i].0
                } else {
                    &mut self.runs[i].1
                };
                *run = if add {
                    run.saturating_add(1)
                } else {
                    run.saturating_sub(1)
                };
            }
        }
    }

    /// Cells where `cells` would read as one with edges already laid: running along one's
    /// line, or turning where one passes.
    fn conflicts(&self, cells: &[(i32, i32)]) -> usize {
        (0..cells.len())
            .filter(|&k| {
                let i = self.at(cells[k].0, cells[k].1);
                let used = self.used(i);
                if used == 0 {
                    return false;
                }
                let before = k.checked_sub(1).map(|j| cells[j]);
                let after = cells.get(k + 1).copied();
                let horizontal = |c: Option<(i32, i32)>| c.is_some_and(|c| c.1 == cells[k].1);
                let (h, v) = (
                    horizontal(before) || horizontal(after),
                    before.is_some_and(|c| c.0 == cells[k].0)
                        || after.is_some_and(|c| c.0 == cells[k].0),
                );
                (h && (v || used & 1 != 0)) || (v && used & 2 != 0)
            })
            .count()
    }

    /// Whether edge `me` may pass through the cell.
    fn open(&self, i: usize, me: usize) -> bool {
        !self.blocked[i] && (self.owner[i] == FREE || self.owner[i] == me)
    }
}

/// One transition to route: its port's cell and its own arrowhead's.
struct Wanted {
    widget: usize,
    transition: usize,
    target: usize,
    start: (i32, i32),
    /// The arrowhead's cell: just above the target's top border, or beside one of its sides.
    arrow: (i32, i32),
    /// The way the edge enters its arrowhead (an index into [`DIRS`]): down onto the top
    /// border, or right or left into a side.
    entry: usize,
    /// Its place on the top border, kept for an edge meant for a side until it is routed
    /// there: the way in when the side cannot be reached.
    top: (i32, i32),
}

/// Whether the edge climbs to its target or loops to its own box: it enters by a side, so it
/// need not go round the box to come down on it across the edges that do.
fn climbs(boxes: &[Placed], widget: usize, target: usize) -> bool {
    widget == target || boxes[target].y < boxes[widget].y
}

/// Every connected transition, with an arrowhead of its own. Edges that climb (or loop to their
/// own box) enter by the side nearer their port, one a row, outermost source highest, while
/// the side has rows free and room on the canvas; every other edge enters the top border,
/// spread over the box's width in the order of their sources from left to right, so they need
/// not cross to reach it.
fn wanted(targets: &Targets, boxes: &[Placed], width: i32) -> Vec<Wanted> {
    let mut all: Vec<Wanted> = Vec::new();
    for b in boxes {
        for p in &b.ports {
            if let Some(target) = targets[b.widget][p.transition] {
                all.push(Wanted {
                    widget: b.widget,
                    transition: p.transition,
                    target,
                    start: (b.x + p.x, b.bottom()),
                    arrow: (0, 0),
                    entry: DOWN,
                    top: (0, 0),
                });
            }
        }
    }
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); boxes.len()];
    let mut sides: Vec<[Vec<usize>; 2]> = vec![[Vec::new(), Vec::new()]; boxes.len()];
    for (i, w) in all.iter().enumerate() {
        incoming[w.target].push(i);
        if climbs(boxes, w.widget, w.target) {
            let b = &boxes[w.target];
            let left = usize::from(w.start.0 >= b.x + b.w / 2);
            sides[w.target][left].push(i);
        }
    }
    for (t, edges) in incoming.iter_mut().enumerate() {
        let b = &boxes[t];
        edges.sort_by_key(|&i| (all[i].start.0, all[i].start.1));
        // Inside the border's corners; more edges than columns share the last ones.
        let room = (b.w - 2).max(1);
        let n = edges.len() as i32;
        for (k, &i) in edges.iter().enumerate() {
            let k = k as i32;
            let x = if n <= room {
                b.x + 1 + ((2 * k + 1) * room) / (2 * n)
            } else {
                b.x + 1 + k % room
            };
            all[i].top = (x, b.y - 1);
            all[i].arrow = all[i].top;
        }
    }
    for (t, [left, right]) in sides.iter_mut().enumerate() {
        let b = &boxes[t];
        // Not a borderless box's name row: routed, loops into one crossed and shared more.
        let rows: Vec<i32> = (b.y + 1..b.bottom() - 1).collect();
        // Outermost first: it turns in highest, above the others' way up.
        left.sort_by_key(|&i| all[i].start.0);
        right.sort_by_key(|&i| std::cmp::Reverse(all[i].start.0));
        for (side, edges) in [(LEFT_SIDE, left), (RIGHT_SIDE, right)] {
            let x = if side == LEFT_SIDE {
                b.x - 1
            } else {
                b.right()
            };
            // The cell before the arrowhead must be on the canvas too.
            let room = x > 0 && x + 1 < width;
            for (&i, &y) in edges.iter().zip(&rows) {
                if room {
                    all[i].arrow = (x, y);
                    all[i].entry = side;
                }
            }
        }
    }
    all
}

/// Routes every connected transition. The canvas is widened on the right for the lanes that
/// loops may need; the width used is returned with the edges.
pub fn all(
    targets: &Targets,
    boxes: &[Placed],
    guides: &[Guide],
    width: i32,
    height: i32,
) -> (Vec<Edge>, i32) {
    let mut wanted = wanted(targets, boxes, width);
    // A planned way fixes its edge's arrowhead.
    let mut planned: Vec<Option<Vec<(i32, i32)>>> = vec![None; wanted.len()];
    let index: std::collections::HashMap<(usize, usize), usize> = wanted
        .iter()
        .enumerate()
        .map(|(e, w)| ((w.widget, w.transition), e))
        .collect();
    for g in guides {
        if let Some(&e) = index.get(&(g.widget, g.transition)) {
            let arrow = *g.corners.last().expect("a way has ends");
            let cells = walk(&g.corners);
            let entry = entered(&cells);
            (wanted[e].arrow, wanted[e].top, wanted[e].entry) = (arrow, arrow, entry);
            planned[e] = Some(cells);
        }
    }
    let loops = wanted
        .iter()
        .filter(|w| boxes[w.target].y <= boxes[w.widget].y)
        .count() as i32;
    let boxes_width = width;
    let width = width + loops;
    let cells = (width * height) as usize;
    let mut grid = Grid {
        width,
        height,
        blocked: vec![false; cells],
        runs: vec![(0, 0); cells],
        owner: vec![FREE; cells],
        along: ALONG,
        join: JOIN,
    };
    for b in boxes {
        for y in b.y.max(0)..b.bottom().min(height) {
            for x in b.x.max(0)..b.right().min(width) {
                let i = grid.at(x, y);
                grid.blocked[i] = true;
            }
        }
    }
    // Ports' first cells belong to their edges alone, and so do arrowheads. (Owning the cell
    // above each arrowhead too would wall off the two rows between stacked boxes.)
    // An edge meant for a side keeps its place on the top border too, until it is routed.
    // Planned ways claim theirs first.
    let mut claims: Vec<usize> = (0..wanted.len()).collect();
    claims.sort_by_key(|&e| planned[e].is_none());
    for e in claims {
        let w = &wanted[e];
        let i = grid.at(w.start.0, w.start.1);
        grid.blocked[i] = true;
        for (x, y) in [w.arrow, w.top] {
            if grid.inside(x, y) {
                let i = grid.at(x, y);
                if grid.owner[i] == FREE {
                    grid.owner[i] = e;
                }
            }
        }
    }
    let mut routed: Vec<Vec<(i32, i32)>> = vec![Vec::new(); wanted.len()];
    // Planned ways first, where every cell of one is free to it.
    for e in 0..wanted.len() {
        if let Some(cells) = planned[e].take() {
            let fits = cells
                .iter()
                .skip(1)
                .all(|&(x, y)| grid.inside(x, y) && grid.open(grid.at(x, y), e))
                && cells.first() == Some(&wanted[e].start);
            if fits && grid.conflicts(&cells) == 0 {
                grid.lay(&cells, true);
                routed[e] = cells;
            }
        }
    }
    // Short edges first: they have the fewest ways round, long ones the most.
    let mut order: Vec<usize> = (0..wanted.len())
        .filter(|&e| routed[e].is_empty())
        .collect();
    order.sort_by_key(|&e| {
        let w = &wanted[e];
        (w.start.0 - w.arrow.0).abs() + (w.start.1 - w.arrow.1).abs()
    });
    for e in order {
        let w = &wanted[e];
        let mut cells = route(&grid, boxes, w.start, w.arrow, w.entry, e);
        if w.entry != DOWN {
            let top = w.top;
            if cells.is_empty() {
                take_arrow(&mut grid, &mut wanted[e], e, top, DOWN);
                cells = route(&grid, boxes, wanted[e].start, top, DOWN, e);
            } else if grid.inside(top.0, top.1) {
                let i = grid.at(top.0, top.1);
                if grid.owner[i] == e {
                    grid.owner[i] = FREE;
                }
            }
        }
        if cells.is_empty() {
            cells = elsewhere_on_top(&mut grid, boxes, &mut wanted[e], e);
        } else {
            cells = clearer_elsewhere(&mut grid, boxes, &mut wanted[e], e, cells);
        }
        grid.lay(&cells, true);
        routed[e] = cells;
    }
    untangle(&mut grid, boxes, &mut wanted, &mut routed);
    last_resort(&mut grid, &wanted, &mut routed);
    let edges: Vec<Edge> = wanted
        .iter()
        .zip(routed)
        .map(|(w, cells)| {
            let bounds = cells.iter().fold(
                (i32::MAX, i32::MAX, i32::MIN, i32::MIN),
                |(l, t, r, btm), &(x, y)| (l.min(x), t.min(y), r.max(x), btm.max(y)),
            );
            Edge {
                widget: w.widget,
                transition: w.transition,
                target: w.target,
                cells,
                // Up means up: a target at the same height is not above.
                back: boxes[w.target].y < boxes[w.widget].y,
                bounds,
            }
        })
        .collect();
    let used = edges
        .iter()
        .flat_map(|e| e.cells.iter().map(|c| c.0 + 2))
        .max()
        .unwrap_or(0);
    (edges, used.max(boxes_width))
}

/// Edges routed early knew nothing of later ones: each edge that reads as one with another
/// (along its line, or turning where it passes) is taken up and routed again with those costing
/// ten times as much, and kept where that leaves it fewer such cells. At most [`UNTANGLED`]
/// edges are tried: every corpus flow needs fewer (43 over all of them, at both zooms), and a
/// generated flow of hundreds of nested loops, whose lanes must share, would double its open.
fn untangle(
    grid: &mut Grid,
    boxes: &[Placed],
    wanted: &mut [Wanted],
    routed: &mut [Vec<(i32, i32)>],
) {
    grid.along = ALONG * 10;
    grid.join = JOIN * 10;
    let mut tried = 0;
    for e in 0..routed.len() {
        if routed[e].len() < 2 {
            continue;
        }
        grid.lay(&routed[e], false);
        let before = grid.conflicts(&routed[e]);
        if before > 0 && tried < UNTANGLED {
            tried += 1;
            let goal = *routed[e].last().expect("two cells");
            let entry = entered(&routed[e]);
            let again = nearby(grid, wanted[e].start, goal, entry, e);
            if !again.is_empty() && grid.conflicts(&again) < before {
                routed[e] = again;
            }
            let cells = std::mem::take(&mut routed[e]);
            routed[e] = clearer_elsewhere(grid, boxes, &mut wanted[e], e, cells);
        }
        grid.lay(&routed[e], true);
    }
    grid.along = ALONG;
    grid.join = JOIN;
}

/// Edges still reading as one with another after untangling: each is routed again over the
/// whole canvas with running along or turning onto another edge's line costing more than any
/// detour, and kept where that leaves it fewer such cells. Only where a few edges are left so
/// (three cells over the corpus before this, in two flows): a canvas with more, such as a
/// generated one whose hundreds of loops share their lanes, would gain little for seconds.
fn last_resort(grid: &mut Grid, wanted: &[Wanted], routed: &mut [Vec<(i32, i32)>]) {
    let mut tangled = Vec::new();
    for (e, cells) in routed.iter().enumerate() {
        grid.lay(cells, false);
        if grid.conflicts(cells) > 0 {
            tangled.push(e);
        }
        grid.lay(cells, true);
        if tangled.len() > LAST_RESORTS {
            return;
        }
    }
    grid.along = ALONG * 200;
    grid.join = JOIN * 200;
    for e in tangled {
        grid.lay(&routed[e], false);
        let before = grid.conflicts(&routed[e]);
        if before > 0 {
            let goal = *routed[e].last().expect("two cells");
            let entry = entered(&routed[e]);
            let whole = (0, 0, grid.width - 1, grid.height - 1);
            let ends = (wanted[e].start, goal, entry);
            if let Some(again) = search(grid, whole, ends, e, LAST_BUDGET) {
                if grid.conflicts(&again) < before {
                    routed[e] = again;
                }
            }
        }
        grid.lay(&routed[e], true);
    }
    grid.along = ALONG;
    grid.join = JOIN;
}

/// An edge routed into a side (`cells`) that reads as one with another there: routed into
/// its other side, or onto the top border, where that is clearer, else kept as it was.
fn clearer_elsewhere(
    grid: &mut Grid,
    boxes: &[Placed],
    w: &mut Wanted,
    me: usize,
    cells: Vec<(i32, i32)>,
) -> Vec<(i32, i32)> {
    if w.entry == DOWN || grid.conflicts(&cells) == 0 {
        return cells;
    }
    let b = &boxes[w.target];
    let mut best = (grid.conflicts(&cells), cells, w.arrow, w.entry);
    let other = if w.entry == LEFT_SIDE {
        RIGHT_SIDE
    } else {
        LEFT_SIDE
    };
    let x = if other == LEFT_SIDE {
        b.x - 1
    } else {
        b.right()
    };
    let free = |grid: &Grid, x: i32, y: i32| {
        grid.inside(x - 1, y) && grid.inside(x + 1, y) && {
            let i = grid.at(x, y);
            grid.owner[i] == FREE && !grid.blocked[i]
        }
    };
    let mut tries: Vec<((i32, i32), usize)> = (b.y + 1..b.bottom() - 1)
        .filter(|&y| free(grid, x, y))
        .take(1)
        .map(|y| ((x, y), other))
        .collect();
    if let Some(x) = top_cells(grid, b, w).into_iter().next() {
        tries.push(((x, b.y - 1), DOWN));
    }
    for (arrow, entry) in tries {
        let cells = route(grid, boxes, w.start, arrow, entry, me);
        let conflicts = grid.conflicts(&cells);
        if !cells.is_empty() && conflicts < best.0 {
            best = (conflicts, cells, arrow, entry);
        }
    }
    take_arrow(grid, w, me, best.2, best.3);
    best.1
}

/// Gives the edge the arrowhead at `arrow`, entered going `entry`, in place of its own.
fn take_arrow(grid: &mut Grid, w: &mut Wanted, me: usize, arrow: (i32, i32), entry: usize) {
    if grid.inside(w.arrow.0, w.arrow.1) {
        let mine = grid.at(w.arrow.0, w.arrow.1);
        if grid.owner[mine] == me {
            grid.owner[mine] = FREE;
        }
    }
    let i = grid.at(arrow.0, arrow.1);
    grid.owner[i] = me;
    (w.arrow, w.entry) = (arrow, entry);
}

/// The free columns of box `b`'s top border the edge may end on, nearest first to its own
/// arrowhead (or to the side it meant to enter by, for an edge that climbs).
fn top_cells(grid: &Grid, b: &Placed, w: &Wanted) -> Vec<i32> {
    let y = b.y - 1;
    if !grid.inside(b.x, y) {
        return Vec::new();
    }
    let near = match w.entry {
        DOWN => w.arrow.0,
        LEFT_SIDE => b.x + 1,
        _ => b.right() - 2,
    };
    let mut cells: Vec<i32> = (b.x + 1..b.right() - 1)
        .filter(|&x| {
            let i = grid.at(x, y);
            grid.owner[i] == FREE && !grid.blocked[i]
        })
        .collect();
    cells.sort_by_key(|&x| (x - near).abs());
    cells
}

/// The way the routed edge enters its arrowhead (an index into [`DIRS`]).
fn entered(cells: &[(i32, i32)]) -> usize {
    match cells {
        [.., a, b] if a.1 == b.1 && a.0 < b.0 => LEFT_SIDE,
        [.., a, b] if a.1 == b.1 => RIGHT_SIDE,
        _ => DOWN,
    }
}

/// When the edge's own arrowhead cannot be reached (the cell above it is a port of a box just
/// above, or its side is walled in), another free cell of the target's top border.
fn elsewhere_on_top(
    grid: &mut Grid,
    boxes: &[Placed],
    w: &mut Wanted,
    me: usize,
) -> Vec<(i32, i32)> {
    let b = &boxes[w.target];
    for x in top_cells(grid, b, w) {
        let cells = route(grid, boxes, w.start, (x, b.y - 1), DOWN, me);
        if !cells.is_empty() {
            take_arrow(grid, w, me, (x, b.y - 1), DOWN);
            return cells;
        }
    }
    Vec::new()
}

/// A route found by searching near the two ends only (no lanes, no search of the whole
/// canvas): what untangling can afford for every edge.
fn nearby(
    grid: &Grid,
    start: (i32, i32),
    goal: (i32, i32),
    entry: usize,
    me: usize,
) -> Vec<(i32, i32)> {
    if (start.0 - goal.0).abs() + (start.1 - goal.1).abs() > FAR {
        return Vec::new();
    }
    windowed(grid, start, goal, entry, me).unwrap_or_default()
}

/// The search in a window around the two ends, widened in turn ([`TRIES`]).
fn windowed(
    grid: &Grid,
    start: (i32, i32),
    goal: (i32, i32),
    entry: usize,
    me: usize,
) -> Option<Vec<(i32, i32)>> {
    TRIES.iter().find_map(|&(margin, budget)| {
        let window = (
            (start.0.min(goal.0) - margin).max(0),
            (start.1.min(goal.1) - margin).max(0),
            (start.0.max(goal.0) + margin).min(grid.width - 1),
            (start.1.max(goal.1) + margin).min(grid.height - 1),
        );
        search(grid, window, (start, goal, entry), me, budget)
    })
}

/// A route from `start` into `goal` by `entry`.
fn route(
    grid: &Grid,
    boxes: &[Placed],
    start: (i32, i32),
    goal: (i32, i32),
    entry: usize,
    me: usize,
) -> Vec<(i32, i32)> {
    if goal.0 < 0 || goal.1 < 0 || goal.0 >= grid.width || goal.1 >= grid.height {
        return Vec::new();
    }
    if start == goal {
        return vec![start];
    }
    let far = (start.0 - goal.0).abs() + (start.1 - goal.1).abs() > FAR;
    if entry != DOWN {
        // A side is worth only a plain way there (a short search, or a lane apart from other
        // edges' lines): else the top border, tried next. One whose
        // cell before the arrowhead another edge already passes is not even tried: the way in
        // would read as joining that edge, and searching to learn so is slow.
        let before = (goal.0 - DIRS[entry].0, goal.1);
        if !grid.inside(before.0, before.1) || grid.used(grid.at(before.0, before.1)) != 0 {
            return Vec::new();
        }
        let path = if far {
            lane(grid, boxes, (start, goal, entry), me, false, true)
        } else {
            windowed(grid, start, goal, entry, me)
        };
        return path.unwrap_or_default();
    }
    if far {
        // Far apart, searching is slow: a lane beside the boxes, the plain one first, apart
        // from other edges' lines where one is free, along them where not.
        for (extended, apart) in [(false, true), (true, true), (false, false), (true, false)] {
            if let Some(path) = lane(grid, boxes, (start, goal, entry), me, extended, apart) {
                return path;
            }
        }
    }
    if let Some(path) = windowed(grid, start, goal, entry, me) {
        return path;
    }
    // Then lanes, apart from other edges' lines where one is free, along them where not:
    // sharing a line is better than the search over the whole canvas, which on a 2,000-widget
    // canvas took seconds an edge.
    if !far {
        for (extended, apart) in [(false, true), (true, true), (false, false), (true, false)] {
            if let Some(path) = lane(grid, boxes, (start, goal, entry), me, extended, apart) {
                return path;
            }
        }
    }
    // Last, the whole canvas, within a budget. An edge that finds no route then is left
    // undrawn (the outline still lists it) rather than freezing the debugger.
    let whole = (0, 0, grid.width - 1, grid.height - 1);
    search(grid, whole, (start, goal, entry), me, LAST_BUDGET).unwrap_or_default()
}

/// A route by a free column beside every box between the two ends' rows: across from the
/// start, along the column, across to the goal (and down onto it, or straight into its side).
fn lane(
    grid: &Grid,
    boxes: &[Placed],
    (start, goal, entry): ((i32, i32), (i32, i32), usize),
    me: usize,
    extended: bool,
    apart: bool,
) -> Option<Vec<(i32, i32)>> {
    let (top, bottom) = (start.1.min(goal.1), start.1.max(goal.1));
    // The top border of the box a side entry goes into.
    let inside = if entry == LEFT_SIDE {
        (goal.0 + 1, goal.1)
    } else {
        (goal.0 - 1, goal.1)
    };
    let target_top = boxes
        .iter()
        .find(|b| entry != DOWN && b.contains(inside.0, inside.1))
        .map_or(goal.1, |b| b.y);
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
        let mut tried = 0;
        while x >= 0 && x < grid.width && tried < LANES_TRIED {
            let free_column = (top..=bottom).all(|y| {
                let i = grid.at(x, y);
                !grid.blocked[i] && grid.used(i) & 2 == 0 && grid.owner[i] == FREE
            });
            if free_column {
                tried += 1;
                // Across just under the port, or (extended) a row or two lower where other
                // ports stand in the way, and in above the goal the same way; extended, the
                // columns further out are tried too.
                for d in 0..=if extended { EXTENDED_ROWS } else { 0 } {
                    let path = if entry == DOWN {
                        walk(&[
                            start,
                            (start.0, start.1 + d),
                            (x, start.1 + d),
                            (x, goal.1 - 1 - d),
                            (goal.0, goal.1 - 1 - d),
                            goal,
                        ])
                    } else {
                        // Over the target's row, down beside the side, and into it: the
                        // row across at its own height may be walled by its neighbours.
                        let beside = if entry == LEFT_SIDE {
                            goal.0 - 1
                        } else {
                            goal.0 + 1
                        };
                        let over = target_top - 2 - d;
                        walk(&[
                            start,
                            (start.0, start.1 + d),
                            (x, start.1 + d),
                            (x, over),
                            (beside, over),
                            (beside, goal.1),
                            goal,
                        ])
                    };
                    let inside = path.iter().all(|&(x, y)| {
                        grid.inside(x, y) && ((x, y) == start || grid.open(grid.at(x, y), me))
                    });
                    // Apart: nor along another edge's line, on which the two would be one.
                    let clear = inside
                        && (!apart
                            || path.windows(2).all(|pair| {
                                let bit = if pair[0].1 == pair[1].1 { 1 } else { 2 };
                                pair.iter()
                                    .all(|&(x, y)| grid.used(grid.at(x, y)) & bit == 0)
                            }));
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

/// The search's open states by their estimate (a small integer): a list per estimate, taken
/// lowest first and, within one, newest first. Costs are whole cells and penalties, so this
/// does in constant time what a binary heap did in a quarter of the layout's time.
#[derive(Default)]
struct Buckets {
    lists: Vec<Vec<(u32, u32)>>,
    at: usize,
    len: usize,
}

thread_local! {
    /// The lists of the last search, kept with their room: a layout runs thousands of
    /// searches, and allocating each one's lists anew cost more than the searching.
    static SPARE: std::cell::RefCell<Buckets> = std::cell::RefCell::default();
}

impl Buckets {
    fn take() -> Buckets {
        SPARE.with(|spare| std::mem::take(&mut *spare.borrow_mut()))
    }

    fn give_back(mut self) {
        for list in &mut self.lists {
            list.clear();
        }
        self.at = 0;
        self.len = 0;
        SPARE.with(|spare| *spare.borrow_mut() = self);
    }

    fn push(&mut self, estimate: u32, cost: u32, state: u32) {
        let f = estimate as usize;
        if f >= self.lists.len() {
            self.lists.resize_with(f + 1, Vec::new);
        }
        self.lists[f].push((cost, state));
        self.at = self.at.min(f);
        self.len += 1;
    }

    fn pop(&mut self) -> Option<(u32, u32)> {
        if self.len == 0 {
            return None;
        }
        while self.lists[self.at].is_empty() {
            self.at += 1;
        }
        self.len -= 1;
        self.lists[self.at].pop()
    }
}

/// The bends a route must still make from `(x, y)`, going `d`, to enter `goal` going `entry`:
/// a lower bound, so the search stays shortest, but a close one, so it expands few states.
fn bends_left((x, y): (i32, i32), d: usize, goal: (i32, i32), entry: usize) -> u32 {
    // The cells from which a straight run in `entry` reaches the goal.
    let behind = match entry {
        LEFT_SIDE => y == goal.1 && x < goal.0,
        RIGHT_SIDE => y == goal.1 && x > goal.0,
        _ => x == goal.0 && y < goal.1,
    };
    if d == entry {
        if behind {
            0
        } else {
            2
        }
    } else if d % 2 != entry % 2 {
        1
    } else {
        2
    }
}

/// A* within `window` (inclusive), over states of cell and the direction it was entered by,
/// from `start` (leaving it downwards) into `goal` going `entry`.
fn search(
    grid: &Grid,
    window: (i32, i32, i32, i32),
    (start, goal, entry): ((i32, i32), (i32, i32), usize),
    me: usize,
    budget: usize,
) -> Option<Vec<(i32, i32)>> {
    let mut open = Buckets::take();
    // The search itself, in a closure so that every way out gives the lists back.
    let found = (|| {
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
        let guess = |x: i32, y: i32, d: usize| {
            (x - goal.0).unsigned_abs()
                + (y - goal.1).unsigned_abs()
                + bends_left((x, y), d, goal, entry) * BEND
        };
        // Edges leave their port downwards.
        let first = index(start.0, start.1, 1);
        reached[first] = 1;
        open.push(guess(start.0, start.1, 1), 0, first as u32);
        let mut expanded = 0;
        while let Some((g, state)) = open.pop() {
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
            // The arrowhead is reached going its way, so the edge ends pointing into its box.
            if (x, y) == goal && (dir == entry || start == goal) {
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
                if !grid.open(i, me) {
                    continue;
                }
                let along = if d % 2 == 0 { 1 } else { 2 };
                let mut step = 1;
                if d != dir {
                    step += BEND;
                    if grid.used(grid.at(x, y)) != 0 {
                        step += grid.join;
                    }
                }
                if grid.used(i) & along != 0 {
                    step += grid.along;
                } else if grid.used(i) != 0 {
                    step += ACROSS;
                }
                let next = index(nx, ny, d);
                let g2 = g + step;
                if g2 < cost(&reached, next) {
                    reached[next] = g2 + 1;
                    from[next] = state as u32 + 1;
                    open.push(g2 + guess(nx, ny, d), g2, next as u32);
                }
            }
        }
        None
    })();
    open.give_back();
    found
}
