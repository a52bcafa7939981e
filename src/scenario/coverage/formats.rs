//! Coverage written out: a text report for people, and LCOV, Cobertura XML and JSON for the
//! tools teams already use. Each transition is a line of the flow file (where its `event` is
//! written), so those tools mark the file's untested transitions.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::json;

use super::{percent, Coverage, FlowCoverage};

/// Per flow, `file: widgets 11/12, transitions 17/23 (74%)`, then each transition never taken,
/// `file:88: check_status noMatch`; and a total line when there are several flows.
pub fn text(coverage: &Coverage) -> String {
    let mut out = String::new();
    for f in &coverage.flows {
        let (taken, all) = f.transitions();
        let _ = writeln!(
            out,
            "{}: widgets {}/{}, transitions {taken}/{all} ({:.0}%)",
            f.file,
            f.widgets_run(),
            f.widgets.len(),
            percent(taken, all).floor()
        );
        for w in &f.widgets {
            for t in w.transitions.iter().filter(|t| t.taken == 0) {
                let _ = writeln!(out, "  {}:{}: {} {}", f.file, t.line, w.name, t.label);
            }
        }
    }
    if coverage.flows.len() > 1 {
        let (taken, all) = coverage.transitions();
        let _ = writeln!(
            out,
            "total: transitions {taken}/{all} ({:.0}%)",
            percent(taken, all).floor()
        );
    }
    out
}

/// Hits by line: transitions written on one line add up.
fn line_hits(f: &FlowCoverage) -> BTreeMap<usize, u64> {
    let mut hits = BTreeMap::new();
    for t in f.widgets.iter().flat_map(|w| &w.transitions) {
        *hits.entry(t.line).or_insert(0) += t.taken;
    }
    hits
}

/// `text` fit for one LCOV line: a widget named with a line break (a flow may name it anything)
/// would end the record early.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// LCOV tracefile: each widget a function (at its name's line), each transition a branch of
/// it and a line (at its event's line).
pub fn lcov(coverage: &Coverage) -> String {
    let mut out = String::new();
    for f in &coverage.flows {
        let _ = writeln!(out, "TN:sfdb\nSF:{}", one_line(&f.file));
        for w in &f.widgets {
            let _ = writeln!(out, "FN:{},{}", w.line, one_line(&w.name));
        }
        for w in &f.widgets {
            let _ = writeln!(out, "FNDA:{},{}", w.runs, one_line(&w.name));
        }
        let _ = writeln!(out, "FNF:{}\nFNH:{}", f.widgets.len(), f.widgets_run());
        let (mut found, mut hit) = (0, 0);
        for (block, w) in f.widgets.iter().enumerate() {
            for (branch, t) in w.transitions.iter().enumerate() {
                let taken = if w.runs == 0 {
                    "-".to_string()
                } else {
                    t.taken.to_string()
                };
                let _ = writeln!(out, "BRDA:{},{block},{branch},{taken}", t.line);
                found += 1;
                hit += usize::from(t.taken > 0);
            }
        }
        let _ = writeln!(out, "BRF:{found}\nBRH:{hit}");
        let hits = line_hits(f);
        for (line, n) in &hits {
            let _ = writeln!(out, "DA:{line},{n}");
        }
        let _ = writeln!(
            out,
            "LF:{}\nLH:{}\nend_of_record",
            hits.len(),
            hits.values().filter(|&&n| n > 0).count()
        );
    }
    out
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn rate(part: usize, whole: usize) -> String {
    format!("{:.4}", percent(part, whole) / 100.0)
}

/// Cobertura XML (coverage-04.dtd): one class per flow file, one line per transition line,
/// a method per widget.
pub fn cobertura(coverage: &Coverage, timestamp: i64) -> String {
    let (taken, all) = coverage.transitions();
    let lines: Vec<BTreeMap<usize, u64>> = coverage.flows.iter().map(line_hits).collect();
    let valid: usize = lines.iter().map(BTreeMap::len).sum();
    let covered: usize = lines
        .iter()
        .map(|l| l.values().filter(|&&n| n > 0).count())
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" ?>\n");
    out.push_str(
        "<!DOCTYPE coverage SYSTEM \"http://cobertura.sourceforge.net/xml/coverage-04.dtd\">\n",
    );
    let _ = writeln!(
        out,
        "<coverage line-rate=\"{}\" branch-rate=\"{}\" lines-covered=\"{covered}\" \
         lines-valid=\"{valid}\" branches-covered=\"{taken}\" branches-valid=\"{all}\" \
         complexity=\"0\" version=\"sfdb {}\" timestamp=\"{timestamp}\">",
        rate(covered, valid),
        rate(taken, all),
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("  <sources>\n    <source>.</source>\n  </sources>\n  <packages>\n");
    let _ = writeln!(
        out,
        "    <package name=\"flows\" line-rate=\"{}\" branch-rate=\"{}\" complexity=\"0\">\n      <classes>",
        rate(covered, valid),
        rate(taken, all)
    );
    for (f, hits) in coverage.flows.iter().zip(&lines) {
        let (ft, fa) = f.transitions();
        let hit = hits.values().filter(|&&n| n > 0).count();
        let _ = writeln!(
            out,
            "        <class name=\"{}\" filename=\"{}\" line-rate=\"{}\" branch-rate=\"{}\" complexity=\"0\">\n          <methods>",
            xml(&f.file),
            xml(&f.file),
            rate(hit, hits.len()),
            rate(ft, fa)
        );
        for w in f.widgets.iter().filter(|w| !w.transitions.is_empty()) {
            let wt = w.transitions.iter().filter(|t| t.taken > 0).count();
            let _ = writeln!(
                out,
                "            <method name=\"{}\" signature=\"{}\" line-rate=\"{}\" branch-rate=\"{}\" complexity=\"0\">\n              <lines>",
                xml(&w.name),
                xml(&w.kind),
                rate(wt, w.transitions.len()),
                rate(wt, w.transitions.len())
            );
            for t in &w.transitions {
                let _ = writeln!(
                    out,
                    "                <line number=\"{}\" hits=\"{}\" branch=\"false\"/>",
                    t.line, t.taken
                );
            }
            out.push_str("              </lines>\n            </method>\n");
        }
        out.push_str("          </methods>\n          <lines>\n");
        for (line, n) in hits {
            let _ = writeln!(
                out,
                "            <line number=\"{line}\" hits=\"{n}\" branch=\"false\"/>"
            );
        }
        out.push_str("          </lines>\n        </class>\n");
    }
    out.push_str("      </classes>\n    </package>\n  </packages>\n</coverage>\n");
    out
}

/// Everything, as JSON: per flow its counts, each widget's runs and each transition's takes.
pub fn json(coverage: &Coverage) -> serde_json::Value {
    let (taken, all) = coverage.transitions();
    let flows: Vec<serde_json::Value> = coverage
        .flows
        .iter()
        .map(|f| {
            let (ft, fa) = f.transitions();
            json!({
                "file": f.file,
                "widgets": {"run": f.widgets_run(), "total": f.widgets.len()},
                "transitions": {"taken": ft, "total": fa, "percent": percent(ft, fa)},
                "detail": f.widgets.iter().map(|w| json!({
                    "widget": w.name,
                    "type": w.kind,
                    "line": w.line,
                    "runs": w.runs,
                    "transitions": w.transitions.iter().map(|t| json!({
                        "transition": t.label,
                        "line": t.line,
                        "taken": t.taken,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "flows": flows,
        "transitions": {"taken": taken, "total": all, "percent": percent(taken, all)},
    })
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_name_with_a_line_break_stays_on_one_lcov_line() {
        assert_eq!(one_line("a\nend_of_record\u{1b}"), "a?end_of_record?");
    }
}
