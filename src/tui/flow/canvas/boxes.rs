//! A widget's box: how wide and tall it is at each zoom level, and where its transitions leave
//! it. Like Studio's widgets, a box lists its connected transitions along its bottom edge.

use super::{Placed, Zoom};
use crate::flow::Widget;

/// Where one transition leaves its box: the column (relative to the box), and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    pub transition: usize,
    pub x: i32,
    pub label: String,
    /// The edge drawn from it (an index into [`super::Layout::edges`]), once routed.
    pub edge: Option<usize>,
}

/// Longest name or type shown before it is cut.
const FULL_TEXT: usize = 28;
const COMPACT_TEXT: usize = 20;
/// Longest transition label before it is cut: whole where there is room (`incomingMessage`,
/// `contains español`), and never shorter than the least, however many ports a box has.
const FULL_LABEL: usize = 24;
const COMPACT_LABEL: usize = 12;
const LEAST_LABEL: usize = 8;
/// The widest a box grows to fit its labels; past it, labels are cut further.
const FULL_BOX: i32 = 110;
const COMPACT_BOX: i32 = 72;

/// A transition's label: its event, or for a split's condition the condition in short
/// (`= 3`, `contains yes`).
pub fn label_of(widget: &Widget, transition: usize) -> String {
    let t = &widget.transitions[transition];
    if t.conditions.is_empty() {
        return t.event.clone();
    }
    t.conditions
        .iter()
        .map(|c| {
            let op = match c.kind.as_str() {
                "equal_to" => "=".to_string(),
                "not_equal_to" => "≠".to_string(),
                "greater_than" => ">".to_string(),
                "less_than" => "<".to_string(),
                other => other.replace('_', " "),
            };
            if c.value.is_empty() {
                op
            } else {
                format!("{op} {}", c.value)
            }
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

fn width_of(text: &str) -> i32 {
    text.chars().count() as i32
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Labels cut to `max`, each keeping what tells it from its siblings: one that would read
/// the same as another cut at its end is cut in its middle instead (`contains e…ñol`,
/// `contains e…nol`).
fn cut_apart(labels: &[String], max: usize) -> Vec<String> {
    let ends: Vec<String> = labels.iter().map(|l| cut(l, max)).collect();
    ends.iter()
        .zip(labels)
        .map(|(end, whole)| {
            let alike = ends.iter().filter(|e| *e == end).count() > 1;
            if alike {
                crate::words::cut_middle(whole, max)
            } else {
                end.clone()
            }
        })
        .collect()
}

/// The box of widget `index`, sized for `zoom`, at the origin.
pub fn sized(targets: &[Option<usize>], index: usize, widget: &Widget, zoom: Zoom) -> Placed {
    let connected: Vec<usize> = (0..widget.transitions.len())
        .filter(|&t| targets[t].is_some())
        .collect();
    let (mut label_max, text_max, widest) = match zoom {
        Zoom::Full => (FULL_LABEL, FULL_TEXT, FULL_BOX),
        Zoom::Compact => (COMPACT_LABEL, COMPACT_TEXT, COMPACT_BOX),
    };
    let whole: Vec<String> = connected.iter().map(|&t| label_of(widget, t)).collect();
    let mut labels = cut_apart(&whole, label_max);
    // Many ports: the labels give way, down to the least, before the box grows past its widest.
    while label_max > LEAST_LABEL
        && labels.iter().map(|l| 1 + width_of(l)).sum::<i32>() + 1 > widest
    {
        label_max -= 1;
        labels = cut_apart(&whole, label_max);
    }
    let name = width_of(&cut(&widget.name, text_max));
    // Markers before the name (`▶●`), a finding after it; the type line has room for `×NN`.
    let text = match zoom {
        Zoom::Full => (name + 5).max(width_of(&cut(widget.kind.as_str(), text_max)) + 6) + 2,
        Zoom::Compact => name + 6,
    };
    let ports_width: i32 = labels.iter().map(|l| 1 + width_of(l)).sum::<i32>() + 1;
    let w = text.max(ports_width).max(8);
    let mut x = 1;
    let ports = connected
        .iter()
        .zip(labels)
        .map(|(&transition, label)| {
            let port = Port {
                transition,
                x,
                label,
                edge: None,
            };
            x += 1 + width_of(&port.label);
            port
        })
        .collect::<Vec<_>>();
    let body = match zoom {
        Zoom::Full => 4,
        Zoom::Compact => 1,
    };
    Placed {
        widget: index,
        x: 0,
        y: 0,
        w,
        h: body + i32::from(!ports.is_empty()),
        ports,
    }
}
