//! `sfdb graph`: a flow as a Mermaid flowchart or a Graphviz DOT graph.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::flow::{Document, Flow, Transition};
use crate::scenario::coverage;

use super::exit;

#[derive(Debug, Args)]
pub struct GraphArgs {
    pub flow: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Coverage written by `sfdb test --coverage-out FILE --coverage-format json`: taken
    /// transitions drawn with their count, untaken ones dashed, widgets never run marked.
    #[arg(long, value_name = "FILE")]
    pub coverage: Option<PathBuf>,
}

use coverage::Covered;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

/// An edge's label: the event, and for a split its conditions.
fn label(t: &Transition) -> String {
    if t.conditions.is_empty() {
        return t.event.clone();
    }
    let conditions: Vec<String> = t
        .conditions
        .iter()
        .map(|c| format!("{} {}", c.kind, c.value))
        .collect();
    format!("{}: {}", t.event, conditions.join(" and "))
}

/// Text as Mermaid reads it: quotes and control characters as its `#N;` codes.
fn mermaid_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => "#quot;".to_string(),
            '\n' => " ".to_string(),
            c if c.is_control() => format!("#{};", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// An edge's label with its coverage: `×N` taken, `never` not.
fn covered_label(t: &Transition, taken: Option<Option<u64>>) -> String {
    match taken {
        Some(Some(0)) => format!("{} (never)", label(t)),
        Some(Some(n)) => format!("{} ×{n}", label(t)),
        _ => label(t),
    }
}

pub fn mermaid(flow: &Flow, covered: Option<&Covered>) -> String {
    let mut out = String::from("flowchart TD\n");
    for (i, w) in flow.widgets.iter().enumerate() {
        out.push_str(&format!(
            "  w{i}[\"{}<br/><small>{}</small>\"]\n",
            mermaid_text(&w.name),
            mermaid_text(w.kind.as_str())
        ));
    }
    for (i, w) in flow.widgets.iter().enumerate() {
        for (k, (t, target)) in w
            .transitions
            .iter()
            .zip(flow.graph().targets(i))
            .enumerate()
        {
            if let Some(j) = *target {
                let taken = covered.map(|c| c[i].1[k]);
                // Untaken transitions dashed, as coverage tools mark untested lines.
                let arrow = if taken == Some(Some(0)) {
                    "-.->"
                } else {
                    "-->"
                };
                out.push_str(&format!(
                    "  w{i} {arrow}|\"{}\"| w{j}\n",
                    mermaid_text(&covered_label(t, taken))
                ));
            }
        }
    }
    if let Some(covered) = covered {
        out.push_str("  classDef untested stroke-dasharray: 5 5\n");
        for (i, (runs, _)) in covered.iter().enumerate() {
            if *runs == 0 {
                out.push_str(&format!("  class w{i} untested\n"));
            }
        }
    }
    out
}

/// Text as a DOT quoted string: backslashes and quotes escaped, control characters as the
/// `&#N;` entities Graphviz reads in labels.
fn dot_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\\' => "\\\\".to_string(),
            '"' => "\\\"".to_string(),
            '\n' => "\\n".to_string(),
            c if c.is_control() => format!("&#{};", c as u32),
            c => c.to_string(),
        })
        .collect()
}

pub fn dot(flow: &Flow, covered: Option<&Covered>) -> String {
    let mut out = String::from("digraph flow {\n  node [shape=box];\n");
    for (i, w) in flow.widgets.iter().enumerate() {
        let style = match covered {
            Some(c) if c[i].0 == 0 => ", style=dashed",
            _ => "",
        };
        out.push_str(&format!(
            "  \"{}\" [label=\"{}\\n{}\"{style}];\n",
            dot_text(&w.name),
            dot_text(&w.name),
            dot_text(w.kind.as_str())
        ));
    }
    for (i, w) in flow.widgets.iter().enumerate() {
        for (k, t) in w.transitions.iter().enumerate() {
            if let Some(next) = &t.next {
                let taken = covered.map(|c| c[i].1[k]);
                let style = match taken {
                    Some(Some(0)) => ", style=dashed",
                    Some(Some(_)) => ", penwidth=2",
                    _ => "",
                };
                out.push_str(&format!(
                    "  \"{}\" -> \"{}\" [label=\"{}\"{style}];\n",
                    dot_text(&w.name),
                    dot_text(next),
                    dot_text(&covered_label(t, taken))
                ));
            }
        }
    }
    out.push_str("}\n");
    out
}

pub fn graph(args: &GraphArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let doc = match Document::load(&args.flow) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let covered = match &args.coverage {
        Some(file) => match coverage::read(file, &args.flow, &doc.flow) {
            Ok(c) => Some(c),
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return exit::BAD_INPUT;
            }
        },
        None => None,
    };
    let text = match args.format {
        GraphFormat::Mermaid => mermaid(&doc.flow, covered.as_ref()),
        GraphFormat::Dot => dot(&doc.flow, covered.as_ref()),
    };
    let _ = out.write_all(text.as_bytes());
    exit::ENDED
}
