//! `sfdb check`: load and validate flows, then look for bugs visible before running them.

use std::io::Write;

use serde_json::json;

use crate::check::{self, Severity};
use crate::flow::{Document, Location, Problem};

use super::{exit, CheckArgs, Format, MinSeverity};

/// A load problem as a finding line: with its severity word, like the rules' findings.
fn problem_line(problem: &Problem) -> String {
    let file = &problem.file;
    let message = &problem.message;
    match &problem.location {
        Location::File => format!("{file}: error: {message}"),
        Location::Position { line, column } => format!("{file}:{line}:{column}: error: {message}"),
        Location::Widget { name, kind } => {
            format!("{file}: widget {name} ({kind}): error: {message}")
        }
    }
}

/// `1 error, 2 warnings, 125 notes in 30 files`, and what was hidden.
fn summary(counts: [usize; 3], files: usize, hidden: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "{}, {}, {} in {}",
        plural(counts[0], "error", "errors"),
        plural(counts[1], "warning", "warnings"),
        plural(counts[2], "note", "notes"),
        plural(files, "file", "files")
    );
    if hidden > 0 {
        line.push_str(&format!(" ({hidden} not shown)"));
    }
    line
}

pub fn check(args: &CheckArgs, out: &mut dyn Write, _err: &mut dyn Write) -> u8 {
    let least = if args.quiet {
        Severity::Error
    } else {
        match args.min_severity {
            MinSeverity::Error => Severity::Error,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Info => Severity::Info,
        }
    };
    // Errors, warnings, notes.
    let mut counts = [0usize; 3];
    let mut hidden = 0;
    let mut records = Vec::new();
    for path in &args.flows {
        let name = path.display().to_string();
        let mut lines = Vec::new();
        match Document::load(path) {
            Ok(doc) => {
                let findings = check::check(&doc.flow);
                for f in &findings {
                    counts[f.severity as usize] += 1;
                    // Severities order from the most severe: shown when at least `least`.
                    if f.severity > least {
                        hidden += 1;
                        continue;
                    }
                    lines.push(format!("{name}: {}", f.line()));
                    records.push(json!({"file": name, "severity": f.severity, "rule": f.rule,
                        "widget": f.widget, "type": f.kind, "message": f.message}));
                }
                // A filtered report is the findings alone.
                if findings.is_empty() && least == Severity::Info {
                    lines.push(format!(
                        "{name}: ok ({} widgets{})",
                        doc.flow.widgets.len(),
                        if doc.legacy { ", legacy format" } else { "" }
                    ));
                }
            }
            Err(e) => {
                for problem in &e.problems {
                    counts[0] += 1;
                    lines.push(problem_line(problem));
                    let (widget, kind) = match &problem.location {
                        Location::Widget { name, kind } => (Some(name.clone()), Some(kind.clone())),
                        _ => (None, None),
                    };
                    records.push(
                        json!({"file": name, "severity": "error", "rule": "invalid-flow",
                        "widget": widget, "type": kind, "message": problem.message}),
                    );
                }
            }
        }
        if args.format == Format::Text {
            for line in lines {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    match args.format {
        Format::Text => {
            let _ = writeln!(out, "{}", summary(counts, args.flows.len(), hidden));
        }
        Format::Jsonl => {
            for record in records {
                let _ = writeln!(out, "{record}");
            }
        }
    }
    if counts[0] > 0 {
        exit::BAD_INPUT
    } else if args.strict && counts[1] > 0 {
        1
    } else {
        exit::ENDED
    }
}
