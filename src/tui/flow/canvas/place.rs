//! Placing boxes at the export's positions: Studio's canvas pixels scaled to cells, then
//! pushed apart wherever scaling made two boxes collide.

use super::{Placed, Zoom};
use crate::flow::Flow;

/// Columns and rows kept free between boxes, for the edges to pass: with fewer, edges that
/// pass between two boxes must share their lines (measured over the corpus by
/// `canvas_quality_over_the_corpus`: 298 shared cells with 2 and 2, 78 with 3 and 3).
pub const GAP_X: i32 = 3;
pub const GAP_Y: i32 = 3;
/// Transitions a box may have before it keeps more rows below it, and the most it keeps: at
/// full zoom, a box of three or more keeps a row more for each past two, up to three, so
/// the edges that fan out sideways from it have rows of their own (corpus: shared cells 8 to
/// 3; at compact zoom, whose rows are twice as far apart in Studio's pixels, it made them 7;
/// the layered layout, which keeps its own rows, crossed 5 more edges).
const FAN: i32 = 2;
const FAN_ROWS: i32 = 3;

fn offset(flow: &Flow, widget: usize) -> Option<(f64, f64)> {
    let offset = flow.widgets[widget].properties.get("offset")?;
    Some((offset.get("x")?.as_f64()?, offset.get("y")?.as_f64()?))
}

/// Whether the export positions its widgets: at least two distinct offsets.
pub fn has_positions(flow: &Flow) -> bool {
    let mut seen = (0..flow.widgets.len()).filter_map(|w| offset(flow, w));
    let Some(first) = seen.next() else {
        return false;
    };
    seen.any(|o| o != first)
}

/// Pixels per cell. Studio's widgets are about 300 px wide and its rows 200 px apart; a cell
/// is about twice as tall as it is wide.
fn scale(zoom: Zoom) -> (f64, f64) {
    match zoom {
        Zoom::Full => (12.0, 25.0),
        Zoom::Compact => (20.0, 50.0),
    }
}

pub fn from_offsets(flow: &Flow, boxes: &mut [Placed], zoom: Zoom) {
    let (sx, sy) = scale(zoom);
    for b in boxes.iter_mut() {
        let (x, y) = offset(flow, b.widget).unwrap_or((0.0, 0.0));
        b.x = (x / sx).round() as i32;
        b.y = (y / sy).round() as i32;
    }
}

/// Whether two boxes are closer than the gap, where `above[i]` is the rows box `i` keeps free
/// above it.
fn collides(a: &Placed, b: &Placed, above: &[i32], fans: bool) -> bool {
    a.x < b.right() + GAP_X
        && b.x < a.right() + GAP_X
        && a.y < b.bottom() + above[a.widget].max(below(b, fans))
        && b.y < a.bottom() + above[b.widget].max(below(a, fans))
}

/// The rows a box keeps free below it: the gap, and more for a box with many transitions,
/// whose edges fan out sideways on rows of their own.
fn below(b: &Placed, fans: bool) -> i32 {
    if fans {
        GAP_Y + (b.ports.len() as i32 - FAN).clamp(0, FAN_ROWS)
    } else {
        GAP_Y
    }
}

/// The rows each box keeps free above it: the gap, and a row more where two or more edges
/// enter it, so edges coming in from the side have two rows to reach their arrowheads by
/// rather than one they must share (over the corpus: 34 shared cells to 8; more rows, or a row
/// per edge, made long loops share their lanes instead).
pub fn room_above(incoming: &[usize]) -> Vec<i32> {
    incoming
        .iter()
        .map(|&n| GAP_Y + i32::from(n >= 2))
        .collect()
}

/// Moves boxes right or down, whichever is the shorter way, until none is within the gap of
/// another (or, with `fans`, the rows a box with many transitions keeps below it). Boxes are settled top to bottom, so a box only ever moves away from settled ones.
pub fn separate(boxes: &mut [Placed], above: &[i32], fans: bool) {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by_key(|&i| (boxes[i].y, boxes[i].x));
    let mut settled: Vec<usize> = Vec::with_capacity(boxes.len());
    for i in order {
        loop {
            let hit = settled
                .iter()
                .copied()
                .find(|&s| collides(&boxes[i], &boxes[s], above, fans));
            let Some(s) = hit else { break };
            let dx = boxes[s].right() + GAP_X - boxes[i].x;
            let room = above[boxes[i].widget].max(below(&boxes[s], fans));
            let dy = boxes[s].bottom() + room - boxes[i].y;
            // A row is about two columns tall.
            if dx <= dy * 2 {
                boxes[i].x += dx;
            } else {
                boxes[i].y += dy;
            }
        }
        settled.push(i);
    }
}

/// Shifts the canvas so it starts at (1, 1), leaving a free column and row around it for
/// edges to pass, and returns its size.
pub fn normalise(boxes: &mut [Placed]) -> (i32, i32) {
    let left = boxes.iter().map(|b| b.x).min().unwrap_or(0);
    let top = boxes.iter().map(|b| b.y).min().unwrap_or(0);
    for b in boxes.iter_mut() {
        b.x += 1 - left;
        b.y += GAP_Y - top;
    }
    let width = boxes.iter().map(super::Placed::right).max().unwrap_or(0) + GAP_X + 1;
    let height = boxes.iter().map(super::Placed::bottom).max().unwrap_or(0) + GAP_Y + 1;
    (width, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(widget: usize, x: i32, y: i32) -> Placed {
        Placed {
            widget,
            x,
            y,
            w: 10,
            h: 3,
            ports: Vec::new(),
        }
    }

    #[test]
    fn colliding_boxes_are_pushed_apart_the_short_way() {
        let mut boxes = vec![at(0, 0, 0), at(1, 4, 0), at(2, 0, 2)];
        let above = room_above(&[0, 0, 0]);
        separate(&mut boxes, &above, true);
        // Beside: pushed right. Just below: pushed down.
        assert_eq!((boxes[1].x, boxes[1].y), (10 + GAP_X, 0));
        assert_eq!((boxes[2].x, boxes[2].y), (0, 3 + GAP_Y));
        for a in &boxes {
            for b in &boxes {
                assert!(a.widget == b.widget || !collides(a, b, &above, true));
            }
        }
    }
}
