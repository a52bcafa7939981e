//! The ways the layered layout plans for its transitions, through the columns of their
//! dummies: a forward edge comes down its port's column, crosses each gap on a row of its own
//! to the column of its dummy in the next layer, and ends on its target's top border; a loop
//! leaves its port down, turns back up at its dummy beside its source, climbs past each layer
//! the same way, and turns into its target's side. The rows across each gap come from
//! [`tracks::assign`].

use std::collections::HashSet;

use super::{Chain, Graph, Guide};
use crate::tui::flow::canvas::tracks::{self, Way};
use crate::tui::flow::canvas::Placed;

/// A chain's pieces in the order it passes them, each with its gap and its place in the
/// gap's list.
type Pieces = Vec<(tracks::Piece, usize, usize)>;

pub(super) struct Across {
    /// Per chain; None for one whose target has no room left for its arrowhead.
    pieces: Vec<Option<Pieces>>,
    /// Per loop: how it enters its target, and the column it climbs past the target's layer by.
    entry: Vec<Option<Entry>>,
    climb: Vec<i32>,
    /// Per layer: the rows across the gap below it.
    pub gaps: Vec<tracks::Tracks>,
    /// The transitions (widget, transition) whose every piece has its row.
    guided: HashSet<(usize, usize)>,
}

/// How a loop enters its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    /// By its left or right side, on the row this far below its top.
    Side { left: bool, row: i32 },
    /// Over it and down onto its top border, where its sides are full.
    Top,
}

pub(super) fn across(g: &Graph, x: &[i32], boxes: &[Placed]) -> Across {
    let n = boxes.len();
    let mut layer_of = vec![0usize; g.width.len()];
    for (l, members) in g.layers.iter().enumerate() {
        for &v in members {
            layer_of[v] = l;
        }
    }
    let entry = entries(g, x, boxes, &layer_of);
    let arrow = top_arrows(g, x, boxes, &entry);
    let mut lists: Vec<Vec<tracks::Piece>> = vec![Vec::new(); g.layers.len()];
    let mut add = |piece: tracks::Piece, gap: usize, mine: &mut Pieces| {
        mine.push((piece, gap, lists[gap].len()));
        lists[gap].push(piece);
    };
    let mut pieces = Vec::with_capacity(g.chains.len());
    for (i, c) in g.chains.iter().enumerate() {
        let mut mine = Pieces::with_capacity(c.nodes.len() + 1);
        let port = x[c.edge.widget] + c.edge.at;
        // A loop entering by a side needs no column on the border.
        let arrow = match entry[i] {
            Some(Entry::Side { .. }) if c.up => Some(0),
            _ if c.up && entry[i].is_none() => None,
            _ => arrow[i],
        };
        let Some(arrow) = arrow else {
            pieces.push(None);
            continue;
        };
        if c.up {
            let last = *c.nodes.last().expect("a loop has a dummy");
            let turn = tracks::Piece {
                top: port,
                bottom: x[last],
                way: Way::BackUp,
            };
            add(turn, layer_of[c.edge.widget], &mut mine);
            for pair in c.nodes.windows(2).rev() {
                let piece = tracks::Piece {
                    top: x[pair[0]],
                    bottom: x[pair[1]],
                    way: Way::Down,
                };
                add(piece, layer_of[pair[0]], &mut mine);
            }
            if entry[i] == Some(Entry::Top) {
                let onto = tracks::Piece {
                    top: x[c.nodes[0]],
                    bottom: arrow,
                    way: Way::BackDown,
                };
                add(onto, layer_of[c.edge.target] - 1, &mut mine);
            }
        } else {
            for (k, pair) in c.nodes.windows(2).enumerate() {
                let piece = tracks::Piece {
                    top: if k == 0 { port } else { x[pair[0]] },
                    bottom: if pair[1] < n { arrow } else { x[pair[1]] },
                    way: Way::Down,
                };
                add(piece, layer_of[pair[0]], &mut mine);
            }
        }
        pieces.push(Some(mine));
    }
    let gaps: Vec<tracks::Tracks> = lists.iter().map(|l| tracks::assign(l)).collect();
    let guided: HashSet<(usize, usize)> = g
        .chains
        .iter()
        .zip(&pieces)
        .filter(|(_, p)| {
            p.as_ref()
                .is_some_and(|p| p.iter().all(|&(_, gap, at)| gaps[gap].rows[at].is_some()))
        })
        .map(|(c, _)| (c.edge.widget, c.edge.transition))
        .collect();
    Across {
        pieces,
        entry,
        climb: g.chains.iter().map(|c| x[c.nodes[0]]).collect(),
        gaps,
        guided,
    }
}

/// Each chain's arrowhead column on its target's top border, for forward edges and loops that
/// come over the top: a box's spread over its border in the order of the columns their edges
/// come down from, so they need not cross to reach it. More edges than columns: the last ones
/// are left to the router.
fn top_arrows(g: &Graph, x: &[i32], boxes: &[Placed], entry: &[Option<Entry>]) -> Vec<Option<i32>> {
    let mut into: Vec<Vec<(i32, usize)>> = vec![Vec::new(); boxes.len()];
    for (i, c) in g.chains.iter().enumerate() {
        let from = if !c.up {
            let k = c.nodes.len() - 2;
            x[c.nodes[k]] + if k == 0 { c.edge.at } else { 0 }
        } else if entry[i] == Some(Entry::Top) {
            x[c.nodes[0]]
        } else {
            continue;
        };
        into[c.edge.target].push((from, i));
    }
    let mut arrow = vec![None; g.chains.len()];
    for (t, chains) in into.iter_mut().enumerate() {
        chains.sort_unstable();
        let room = (boxes[t].w - 2).max(1);
        let m = chains.len() as i32;
        for (k, &(_, i)) in chains.iter().enumerate().take(room as usize) {
            let k = k as i32;
            let along = if m <= room {
                ((2 * k + 1) * room) / (2 * m)
            } else {
                k
            };
            arrow[i] = Some(x[t] + 1 + along);
        }
    }
    arrow
}

/// How each loop enters its target: by the side its top dummy stands on where the side has a
/// row for it, the innermost dummies taking the rows and the outermost of those the highest, so
/// the loops need not cross to get in; the outer ones left over come over the top (unless the
/// target is in the first layer, with no gap above it).
fn entries(g: &Graph, x: &[i32], boxes: &[Placed], layer_of: &[usize]) -> Vec<Option<Entry>> {
    let mut sides: Vec<[Vec<(i32, usize)>; 2]> = vec![[Vec::new(), Vec::new()]; boxes.len()];
    for (i, c) in g.chains.iter().enumerate().filter(|(_, c)| c.up) {
        let t = c.edge.target;
        let d = x[c.nodes[0]];
        if d < x[t] {
            sides[t][0].push((-d, i));
        } else {
            sides[t][1].push((d, i));
        }
    }
    let mut entry = vec![None; g.chains.len()];
    for (t, [on_left, on_right]) in sides.iter_mut().enumerate() {
        let rows = boxes[t].side_rows();
        let first = rows.start - boxes[t].y;
        for (left, list) in [(true, on_left), (false, on_right)] {
            // Innermost first.
            list.sort_unstable();
            let inner = rows.len().min(list.len());
            for (k, &(_, i)) in list.iter().enumerate() {
                entry[i] = if k < inner {
                    // The outermost of those entering highest.
                    Some(Entry::Side {
                        left,
                        row: first + (inner - 1 - k) as i32,
                    })
                } else if layer_of[t] > 0 {
                    Some(Entry::Top)
                } else {
                    None
                };
            }
        }
    }
    entry
}

impl Across {
    /// Whether the transition's way has been planned whole.
    pub fn guided(&self, widget: usize, transition: usize) -> bool {
        self.guided.contains(&(widget, transition))
    }

    /// The corners of each planned way, in the boxes' (shifted) columns: `tracks[l]` is the
    /// first row across the gap below layer `l`.
    pub fn guides(
        &self,
        chains: &[Chain],
        boxes: &[Placed],
        tracks: &[i32],
        left: i32,
    ) -> Vec<Guide> {
        chains
            .iter()
            .enumerate()
            .filter(|(_, c)| self.guided(c.edge.widget, c.edge.transition))
            .filter_map(|(i, c)| {
                let pieces = self.pieces[i].as_ref()?;
                let source = &boxes[c.edge.widget];
                let target = &boxes[c.edge.target];
                let mut corners = vec![(source.x + c.edge.at, source.bottom())];
                for &(piece, gap, at) in pieces {
                    if let Some(row) = self.gaps[gap].rows[at]? {
                        let y = tracks[gap] + row as i32;
                        // A loop climbs its pieces from bottom to top.
                        let (from, to) = if c.up && piece.way == Way::Down {
                            (piece.bottom, piece.top)
                        } else {
                            (piece.top, piece.bottom)
                        };
                        corners.push((from - left, y));
                        corners.push((to - left, y));
                    }
                }
                match self.entry[i] {
                    Some(Entry::Side { left: on_left, row }) if c.up => {
                        let y = target.y + row;
                        let arrow = if on_left {
                            target.x - 1
                        } else {
                            target.right()
                        };
                        corners.push((self.climb[i] - left, y));
                        corners.push((arrow, y));
                    }
                    _ => {
                        let column = pieces.last()?.0.bottom - left;
                        corners.push((column, target.y - 1));
                    }
                }
                Some(Guide {
                    widget: c.edge.widget,
                    transition: c.edge.transition,
                    corners,
                })
            })
            .collect()
    }
}
