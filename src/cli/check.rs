//! `sfdb check`: load and validate flows.

use std::io::Write;

use crate::flow::Document;

use super::{exit, CheckArgs};

pub fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut status = exit::ENDED;
    for path in &args.flows {
        match Document::load(path) {
            Ok(doc) => {
                let _ = writeln!(
                    out,
                    "{}: ok ({} widgets{})",
                    doc.name,
                    doc.flow.widgets.len(),
                    if doc.legacy { ", legacy format" } else { "" }
                );
            }
            Err(e) => {
                for problem in &e.problems {
                    let _ = writeln!(err, "{problem}");
                }
                status = exit::BAD_INPUT;
            }
        }
    }
    status
}
