//! Loops in the layered layout, as dot draws them: a loop gets a dummy in each layer from its
//! target's to its source's, leaves its port down, turns back up at its dummy in the source's
//! layer, climbs past each layer and turns into its target's side. The dummy in the target's
//! layer must stand next to the target (no box between the side and the loop turning into
//! it), so while the layers are ordered the loop is held at the target's middle, and the
//! dummy is put beside the target afterwards, on the side its way up comes from.
//!
//! Holding the loop at its source's port too, and putting its dummy there beside the source,
//! crossed more (accfb: 83 crossings against 67): the ordering then kept fewer of the long
//! loops outside the boxes they climb past.

use super::{Chain, Graph, Transition};
use crate::tui::flow::canvas::Placed;

/// Gives each loop its dummies, shortest first, within `budget` dummies.
pub(super) fn climbing(
    g: &mut Graph,
    layer: &[usize],
    up: &[Transition],
    boxes: &[Placed],
    budget: usize,
) {
    let mut spans: Vec<&Transition> = up.iter().collect();
    spans.sort_by_key(|e| layer[e.widget] - layer[e.target]);
    let mut used = 0;
    for &e in spans {
        let (top, bottom) = (layer[e.target], layer[e.widget]);
        used += bottom - top + 1;
        if used > budget {
            break;
        }
        let mut nodes = vec![g.dummy_apart()];
        nodes.extend((top + 1..=bottom).map(|l| g.dummy(l)));
        if bottom > top {
            // Held at the target's middle.
            let mut held = nodes.clone();
            held[0] = e.target;
            g.link(&held, top, boxes[e.target].w / 2);
        }
        g.chains.push(Chain {
            edge: e,
            nodes,
            up: true,
        });
    }
}

/// Puts each loop's top dummy into its target's layer beside the target (by the columns `x`
/// of a first placing), on the side its way up comes from, the one coming from further left
/// further left. A side holds as many as the box has inner rows; past that, the innermost go
/// to the other side.
pub(super) fn beside_targets(g: &mut Graph, x: &[i32], boxes: &[Placed]) {
    let n = boxes.len();
    // Per box: the loops entering it, by the column each comes up from, left side and right.
    let mut into: Vec<[Vec<(i32, usize)>; 2]> = vec![Default::default(); n];
    let mut layer_of = vec![usize::MAX; n];
    for (l, members) in g.layers.iter().enumerate() {
        for &v in members.iter().filter(|&&v| v < n) {
            layer_of[v] = l;
        }
    }
    for c in g.chains.iter().filter(|c| c.up) {
        let (t, w) = (c.edge.target, c.edge.widget);
        let from = match c.nodes.get(1) {
            Some(&below) => x[below],
            None => x[w] + c.edge.at,
        };
        into[t][usize::from(from >= x[t] + boxes[t].w / 2)].push((from, c.nodes[0]));
    }
    for (b, [mut left, mut right]) in into.into_iter().enumerate() {
        if left.is_empty() && right.is_empty() {
            continue;
        }
        left.sort_unstable();
        right.sort_unstable();
        let room = boxes[b].side_rows().len();
        while left.len() > room && right.len() < room {
            right.insert(0, left.pop().expect("more than room"));
        }
        while right.len() > room && left.len() < room {
            left.push(right.remove(0));
        }
        let row: Vec<usize> = left
            .iter()
            .map(|d| d.1)
            .chain(std::iter::once(b))
            .chain(right.iter().map(|d| d.1))
            .collect();
        let members = &mut g.layers[layer_of[b]];
        let at = members
            .iter()
            .position(|&v| v == b)
            .expect("a box is in its layer");
        members.splice(at..=at, row);
    }
    // The pieces that held each loop at its target now leave its dummy.
    for c in g.chains.iter().filter(|c| c.up) {
        let t = c.edge.target;
        if let Some(&below) = c.nodes.get(1) {
            if let Some(p) = g.pieces[layer_of[t]]
                .iter_mut()
                .find(|p| p.upper == t && p.lower == below)
            {
                (p.upper, p.at) = (c.nodes[0], 0);
            }
        }
    }
}
