//! How readable a laid-out canvas is, measured on the layout itself (not on a screen): cells
//! two edges share other than where they cross at right angles, joins (a cell where one edge
//! turns and another passes, drawn as `┼`, `├`...), arrowheads not on their target's border,
//! loop marks (`↑`) that disagree with the positions, edges left unrouted, and crossings.

use std::collections::HashMap;

use super::Layout;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quality {
    pub edges: usize,
    /// Cells used by two or more edges other than as a right-angle crossing.
    pub shared: usize,
    /// Of those, the ones drawn as a join of three or four arms.
    pub joins: usize,
    pub crossings: usize,
    /// Edges that do not end pointing into their target (onto its top border, or a side).
    pub arrows_off: usize,
    /// Two edges ending in one arrowhead.
    pub arrows_shared: usize,
    pub back_wrong: usize,
    pub unrouted: usize,
}

/// The arms of edge `cells` at position `k`: bit 0 up, 1 down, 2 left, 3 right.
fn arms(cells: &[(i32, i32)], k: usize) -> u8 {
    let toward = |from: (i32, i32), to: (i32, i32)| match (to.0 - from.0, to.1 - from.1) {
        (0, -1) => 1,
        (0, 1) => 2,
        (-1, 0) => 4,
        _ => 8,
    };
    let here = cells[k];
    let mut bits = if k == 0 {
        1
    } else {
        toward(here, cells[k - 1])
    };
    bits |= cells.get(k + 1).map_or(2, |&next| toward(here, next));
    bits
}

pub fn measure(layout: &Layout) -> Quality {
    let mut q = Quality {
        edges: layout.edges.len(),
        ..Quality::default()
    };
    let mut at: HashMap<(i32, i32), Vec<u8>> = HashMap::new();
    let mut arrows: HashMap<(i32, i32), usize> = HashMap::new();
    for e in &layout.edges {
        let target = &layout.boxes[e.target];
        let source = &layout.boxes[e.widget];
        if e.back != (target.y < source.y) {
            q.back_wrong += 1;
        }
        let Some(&(x, y)) = e.cells.last() else {
            q.unrouted += 1;
            continue;
        };
        let before = e.cells[e.cells.len().saturating_sub(2)];
        if e.cells.len() > 1 && !target.entered(before, (x, y)) {
            q.arrows_off += 1;
        }
        *arrows.entry((x, y)).or_default() += 1;
        for k in 0..e.cells.len() {
            at.entry(e.cells[k]).or_default().push(arms(&e.cells, k));
        }
    }
    q.arrows_shared = arrows.values().filter(|&&n| n > 1).map(|n| n - 1).sum();
    const VERTICAL: u8 = 1 | 2;
    const HORIZONTAL: u8 = 4 | 8;
    for uses in at.values().filter(|u| u.len() > 1) {
        let crossing = uses.len() == 2
            && ((uses[0] == VERTICAL && uses[1] == HORIZONTAL)
                || (uses[0] == HORIZONTAL && uses[1] == VERTICAL));
        if crossing {
            q.crossings += 1;
            continue;
        }
        q.shared += 1;
        let merged = uses.iter().fold(0, |a, b| a | b);
        if merged.count_ones() >= 3 {
            q.joins += 1;
        }
    }
    q
}
