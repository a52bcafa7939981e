//! Rows for the horizontal runs of edges between two layers of the layered layout (channel
//! routing). Each edge piece comes down into the gap at its `top` column, runs across on a row
//! of its own, and goes on down at its `bottom` column. Pieces whose runs overlap take
//! different rows, ordered so that they cross only where their ends are in opposite orders
//! anyway:
//!
//! - two pieces going right: the one that starts further right runs higher (the other's
//!   descent is then to the left of its run, or crosses it only where the two must cross);
//! - two going left: the one that starts further left runs higher;
//! - one of each, overlapping: they cross once whichever runs higher;
//! - a piece that comes down at the column where another goes on down runs above it, or the
//!   two would share that column;
//! - a loop leaving its port, which turns back up (both its ends above its row), runs above
//!   every piece that goes on down, the narrowest highest, so that it crosses only the pieces
//!   coming down between its ends;
//! - a loop that has climbed past its target and turns down onto its top border (both ends
//!   below its row) runs below every other piece, the narrowest lowest, for the same reason.

/// One piece in the gap, between two columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub top: i32,
    pub bottom: i32,
    pub way: Way,
}

/// Which sides of the gap a piece's two ends are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// In at the top (`top`), out at the bottom (`bottom`).
    Down,
    /// Both ends at the top: a loop leaving its port turns back up.
    BackUp,
    /// Both ends at the bottom: a loop comes down onto its target's top border.
    BackDown,
}

/// The rows found for one gap.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tracks {
    /// Per piece: its row (from 0, highest first), `Some(None)` for a straight piece that needs
    /// none, `None` for a piece that cannot be placed without sharing a column (left to the
    /// router).
    pub rows: Vec<Option<Option<usize>>>,
    /// Rows used.
    pub count: usize,
}

impl Piece {
    fn span(self) -> (i32, i32) {
        (self.top.min(self.bottom), self.top.max(self.bottom))
    }

    /// Whether two runs on one row would touch: they need a blank column between them.
    fn near(self, other: Piece) -> bool {
        let (a, b) = (self.span(), other.span());
        a.0 <= b.1 + 1 && b.0 <= a.1 + 1
    }
}

pub fn assign(pieces: &[Piece]) -> Tracks {
    let n = pieces.len();
    let mut rows: Vec<Option<Option<usize>>> = vec![Some(None); n];
    // Where each piece comes down: a piece whose way on down is that column must run below.
    let mut by_top: std::collections::HashMap<i32, usize> = std::collections::HashMap::new();
    for (i, p) in pieces.iter().enumerate() {
        match p.way {
            Way::Down => {
                by_top.insert(p.top, i);
            }
            Way::BackUp => {
                by_top.insert(p.top, i);
                by_top.insert(p.bottom, i);
            }
            // Placed last, below every piece whose column it could share.
            Way::BackDown => {}
        }
    }
    let straight = |i: usize| pieces[i].top == pieces[i].bottom;
    // The piece that must run above each one, if any.
    let mut above: Vec<Option<usize>> = vec![None; n];
    for i in (0..n).filter(|&i| pieces[i].way == Way::Down) {
        if let Some(&a) = by_top.get(&pieces[i].bottom) {
            if a == i {
                continue;
            }
            if straight(a) || straight(i) {
                // A straight piece holds its column from top to bottom: the other cannot
                // turn into it.
                rows[i] = None;
            } else {
                above[i] = Some(a);
            }
        }
    }
    let going = |i: usize| rows[i].is_some() && pieces[i].way == Way::Down;
    let mut right: Vec<usize> = (0..n)
        .filter(|&i| going(i) && pieces[i].bottom > pieces[i].top)
        .collect();
    let mut left: Vec<usize> = (0..n)
        .filter(|&i| going(i) && pieces[i].bottom < pieces[i].top)
        .collect();
    let width = |i: usize| (pieces[i].top - pieces[i].bottom).abs();
    let mut back: Vec<usize> = (0..n).filter(|&i| pieces[i].way == Way::BackUp).collect();
    back.sort_by_key(|&i| width(i));
    let mut onto: Vec<usize> = (0..n).filter(|&i| pieces[i].way == Way::BackDown).collect();
    onto.sort_by_key(|&i| std::cmp::Reverse(width(i)));
    right.sort_by_key(|&i| std::cmp::Reverse(pieces[i].top));
    left.sort_by_key(|&i| pieces[i].top);
    // Merge the two orders, each piece after the one that must run above it. Within one
    // order that holds already; across them, a piece waiting on one not yet placed waits, and
    // if both heads wait (a cycle), the right-going head is left to the router.
    let mut placed = vec![false; n];
    for &i in &back {
        placed[i] = true;
    }
    let mut order: Vec<usize> = back;
    let (mut r, mut l) = (0, 0);
    let ready = |i: usize, placed: &[bool], rows: &[Option<Option<usize>>]| {
        above[i].is_none_or(|a| placed[a] || rows[a].is_none())
    };
    while r < right.len() || l < left.len() {
        if r < right.len() && ready(right[r], &placed, &rows) {
            placed[right[r]] = true;
            order.push(right[r]);
            r += 1;
        } else if l < left.len() && ready(left[l], &placed, &rows) {
            placed[left[l]] = true;
            order.push(left[l]);
            l += 1;
        } else if r < right.len() {
            rows[right[r]] = None;
            r += 1;
        } else {
            rows[left[l]] = None;
            l += 1;
        }
    }
    order.extend(onto);
    // Rows: each piece just below the lowest earlier one whose run it would touch.
    let mut count = 0;
    let mut row_of: Vec<usize> = vec![0; n];
    for (k, &i) in order.iter().enumerate() {
        if rows[i].is_none() {
            continue;
        }
        let row = order[..k]
            .iter()
            .filter(|&&j| rows[j].is_some() && pieces[j].near(pieces[i]))
            .map(|&j| row_of[j] + 1)
            .max()
            .unwrap_or(0);
        row_of[i] = row;
        rows[i] = Some(Some(row));
        count = count.max(row + 1);
    }
    Tracks { rows, count }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(top: i32, bottom: i32) -> Piece {
        Piece {
            top,
            bottom,
            way: Way::Down,
        }
    }

    #[test]
    fn loops_turning_back_up_run_first_the_narrowest_highest() {
        let u = |top, bottom| Piece {
            top,
            bottom,
            way: Way::BackUp,
        };
        // The second goes on down at 12, where the first loop turns up: it must run lower.
        let t = assign(&[u(12, 30), p(20, 12), u(14, 25)]);
        assert_eq!(t.rows, vec![Some(Some(1)), Some(Some(2)), Some(Some(0))]);
    }

    #[test]
    fn loops_coming_down_onto_a_border_run_last_the_narrowest_lowest() {
        let n = |top, bottom| Piece {
            top,
            bottom,
            way: Way::BackDown,
        };
        // The first comes down at 12, where the loop goes down: it must run higher.
        let t = assign(&[p(12, 40), n(14, 25), n(12, 30)]);
        let row = |i: usize| t.rows[i].flatten().expect("placed");
        assert!(row(0) < row(2) && row(2) < row(1), "{t:?}");
    }

    #[test]
    fn runs_going_right_that_overlap_stack_the_further_start_higher() {
        let t = assign(&[p(0, 20), p(10, 30), p(40, 40)]);
        assert_eq!(t.rows, vec![Some(Some(1)), Some(Some(0)), Some(None)]);
        assert_eq!(t.count, 2);
    }

    #[test]
    fn runs_going_left_stack_the_nearer_start_higher_and_apart_runs_share_a_row() {
        let t = assign(&[p(30, 10), p(20, 0), p(50, 40)]);
        assert_eq!(t.rows, vec![Some(Some(1)), Some(Some(0)), Some(Some(0))]);
    }

    #[test]
    fn a_piece_that_comes_down_where_another_goes_on_runs_above_it() {
        // The second goes on down at 10, where the first comes down.
        let t = assign(&[p(10, 30), p(25, 10)]);
        let row = |i: usize| t.rows[i].flatten().expect("placed");
        assert!(row(0) < row(1));
    }

    #[test]
    fn a_piece_that_would_turn_into_a_straight_one_is_left_to_the_router() {
        let t = assign(&[p(10, 10), p(25, 10)]);
        assert_eq!(t.rows, vec![Some(None), None]);
    }
}
