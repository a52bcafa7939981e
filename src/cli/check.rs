//! `sfdb check`: load and validate flows, then look for bugs visible before running them.

use std::io::Write;

use serde_json::json;

use crate::check::{self, Severity};
use crate::flow::{Document, Location};

use super::{exit, CheckArgs, Format};

pub fn check(args: &CheckArgs, out: &mut dyn Write, _err: &mut dyn Write) -> u8 {
    let mut errors = 0;
    let mut warnings = 0;
    let mut records = Vec::new();
    for path in &args.flows {
        let name = path.display().to_string();
        let mut lines = Vec::new();
        match Document::load(path) {
            Ok(doc) => {
                for f in check::check(&doc.flow) {
                    match f.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                        Severity::Info => {}
                    }
                    lines.push(format!("{name}: {}", f.line()));
                    records.push(json!({"file": name, "severity": f.severity, "rule": f.rule,
                        "widget": f.widget, "type": f.kind, "message": f.message}));
                }
                if lines.is_empty() {
                    lines.push(format!(
                        "{name}: ok ({} widgets{})",
                        doc.flow.widgets.len(),
                        if doc.legacy { ", legacy format" } else { "" }
                    ));
                }
            }
            Err(e) => {
                for problem in &e.problems {
                    errors += 1;
                    lines.push(problem.to_string());
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
    if args.format == Format::Jsonl {
        for record in records {
            let _ = writeln!(out, "{record}");
        }
    }
    if errors > 0 {
        exit::BAD_INPUT
    } else if args.strict && warnings > 0 {
        1
    } else {
        exit::ENDED
    }
}
