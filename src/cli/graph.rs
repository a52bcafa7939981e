//! `sfdb graph`: a flow as a Mermaid flowchart or a Graphviz DOT graph.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::flow::{Document, Flow, Transition};

use super::exit;

#[derive(Debug, Args)]
pub struct GraphArgs {
    pub flow: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

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

pub fn mermaid(flow: &Flow) -> String {
    let mut out = String::from("flowchart TD\n");
    for (i, w) in flow.widgets.iter().enumerate() {
        out.push_str(&format!(
            "  w{i}[\"{}<br/><small>{}</small>\"]\n",
            mermaid_text(&w.name),
            mermaid_text(w.kind.as_str())
        ));
    }
    for (i, w) in flow.widgets.iter().enumerate() {
        for (t, target) in w.transitions.iter().zip(flow.graph().targets(i)) {
            if let Some(j) = *target {
                out.push_str(&format!(
                    "  w{i} -->|\"{}\"| w{j}\n",
                    mermaid_text(&label(t))
                ));
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

pub fn dot(flow: &Flow) -> String {
    let mut out = String::from("digraph flow {\n  node [shape=box];\n");
    for w in &flow.widgets {
        out.push_str(&format!(
            "  \"{}\" [label=\"{}\\n{}\"];\n",
            dot_text(&w.name),
            dot_text(&w.name),
            dot_text(w.kind.as_str())
        ));
    }
    for w in &flow.widgets {
        for t in &w.transitions {
            if let Some(next) = &t.next {
                out.push_str(&format!(
                    "  \"{}\" -> \"{}\" [label=\"{}\"];\n",
                    dot_text(&w.name),
                    dot_text(next),
                    dot_text(&label(t))
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
    let text = match args.format {
        GraphFormat::Mermaid => mermaid(&doc.flow),
        GraphFormat::Dot => dot(&doc.flow),
    };
    let _ = out.write_all(text.as_bytes());
    exit::ENDED
}
