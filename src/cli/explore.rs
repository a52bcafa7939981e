//! `sfdb explore FLOW`: searches for runs that take transitions no run has taken yet, and writes
//! each as a scenario that passes under `sfdb test` (its `expect` is what the run did), so it
//! guards the path from then on.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::engine::client::ReqwestClient;
use crate::engine::driver::run_to_end;
use crate::flow::{write_atomically, Document};
use crate::scenario::{self, coverage, explore};
use crate::session::Start;

use super::exit;

#[derive(Debug, Args)]
pub struct ExploreArgs {
    /// The flow to explore.
    pub flow: PathBuf,
    /// Where to write the scenarios found.
    #[arg(short, long, value_name = "DIR", default_value = "explored")]
    pub out: PathBuf,
    /// Steps one run may take (Studio's limit is 1000).
    #[arg(long, value_name = "N", default_value_t = crate::engine::execution::MAX_STEPS)]
    pub max_steps: usize,
    /// How long to search, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub budget: f64,
    /// Runs at most, whatever the budget: with the same seed, the same scenarios anywhere.
    #[arg(long, value_name = "N")]
    pub runs: Option<usize>,
    /// The search's seed: the same seed finds the same scenarios.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Existing scenarios (files or folders): only what they leave untaken is searched for.
    #[arg(long, value_name = "TESTS")]
    pub from: Vec<PathBuf>,
    /// Values set in the context of every run, e.g. flow.data.api_base=http://x.
    #[arg(long, value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// "now" for every run (default: when the search starts), written into each scenario.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// The time zone Liquid dates are shown in.
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
}

/// The transitions `tests` take in `document`'s flow (scenarios of other flows are skipped).
fn covered_by(
    tests: &[PathBuf],
    document: &Document,
    err: &mut dyn Write,
) -> Result<HashSet<(usize, usize)>, String> {
    let mut files = Vec::new();
    for path in tests {
        if path.is_dir() {
            super::test::discover(path, &mut files)
                .map_err(|e| format!("{}: cannot read the directory: {e}", path.display()))?;
        } else {
            files.push(path.clone());
        }
    }
    let ours = document.path.as_ref().and_then(|p| p.canonicalize().ok());
    let runtime = super::runtime()?;
    let client = ReqwestClient::new();
    let mut covered = HashSet::new();
    for file in files {
        let loaded = match scenario::load(&file) {
            Ok(l) => l,
            Err(e) => {
                let _ = writeln!(err, "--from {e}");
                continue;
            }
        };
        let theirs = loaded
            .document
            .path
            .as_ref()
            .and_then(|p| p.canonicalize().ok());
        if theirs.is_none() || theirs != ours {
            continue;
        }
        let mut execution = loaded.execution()?;
        runtime.block_on(run_to_end(&mut execution, &client, |_| {}));
        covered.extend(coverage::taken_in(&document.flow, execution.steps()));
    }
    Ok(covered)
}

/// A file name's part from `text`: letters, digits, `-` and `_` only.
fn slug(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    s.chars().take(60).collect()
}

pub fn explore(args: &ExploreArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let document = match Document::load(&args.flow) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let mut start = Start {
        flow: Some(args.flow.clone()),
        set: args.set.clone(),
        timezone: args.timezone.clone(),
        now: args.now.clone(),
        ..Start::default()
    };
    // Every run, and every scenario written, sees one fixed "now": replays are exact.
    if start.now.is_none() {
        let zone = start
            .clock()
            .map_or(chrono_tz::America::Los_Angeles, |c| c.zone);
        start.now = Some(chrono::Utc::now().with_timezone(&zone).to_rfc3339());
    }
    if let Err(e) = crate::session::execution(&document, &start) {
        let _ = writeln!(err, "{}: {e}", document.name);
        return exit::BAD_INPUT;
    }
    let covered = match covered_by(&args.from, &document, err) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let given = covered.len();
    let limits = explore::Limits {
        budget: Duration::from_secs_f64(args.budget.max(0.0)),
        runs: args.runs,
        max_steps: args.max_steps,
        seed: args.seed,
    };
    let explored = explore::explore(&document, &start, &limits, covered);
    let flow = &document.flow;
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        let _ = writeln!(
            err,
            "{}: cannot make the directory: {e}",
            args.out.display()
        );
        return exit::BAD_INPUT;
    }
    let stem = slug(
        &args
            .flow
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let mut written = Vec::new();
    for (n, found) in explored.found.iter().enumerate() {
        let first = found.new[0];
        let name = format!(
            "{stem}-{:02}-{}.scenario.json",
            n + 1,
            slug(&coverage::name_of(flow, first).replace(' ', "-"))
        );
        let path = args.out.join(name);
        let flow_path = args
            .flow
            .canonicalize()
            .unwrap_or_else(|_| args.flow.clone());
        let mut set = start.values();
        for (key, value) in &found.set {
            set.insert(key.clone(), serde_json::Value::String(value.clone()));
        }
        let mut recorded = scenario::record(&found.execution, &flow_path, &path, set, &[]);
        let takes: Vec<String> = found
            .new
            .iter()
            .map(|&t| coverage::name_of(flow, t))
            .collect();
        recorded.description = format!("found by sfdb explore: takes {}", takes.join(", "));
        let mut json = serde_json::to_string_pretty(&recorded).unwrap_or_default();
        json.push('\n');
        if let Err(e) = write_atomically(&path, json.as_bytes()) {
            let _ = writeln!(err, "{}: cannot write the scenario: {e}", path.display());
            return exit::BAD_INPUT;
        }
        written.push((path, takes));
    }
    report(args, &document, &explored, given, &written, out);
    exit::ENDED
}

fn report(
    args: &ExploreArgs,
    document: &Document,
    explored: &explore::Explored,
    given: usize,
    written: &[(PathBuf, Vec<String>)],
    out: &mut dyn Write,
) {
    let flow = &document.flow;
    let total = explored.all.len();
    let taken = explored.covered.len();
    let _ = writeln!(
        out,
        "explored {}: {} runs in {:.1} s; transitions {taken}/{total} ({:.0}%){}",
        document.name,
        explored.runs,
        explored.elapsed.as_secs_f64(),
        coverage::percent(taken, total).floor(),
        if given > 0 {
            format!(", {given} of them taken by --from")
        } else {
            String::new()
        }
    );
    for (path, takes) in written {
        let _ = writeln!(out, "wrote {}: {}", path.display(), takes.join(", "));
    }
    let lines = crate::flow::lines::of(document.text(), flow);
    let missing: Vec<&(usize, usize)> = explored
        .all
        .iter()
        .filter(|t| !explored.covered.contains(t))
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(out, "not reached:");
    }
    for &&(w, t) in &missing {
        let _ = writeln!(
            out,
            "  {}:{}: {}: {}",
            args.flow.display(),
            lines.transitions[w][t],
            coverage::name_of(flow, (w, t)),
            explore::why_not(flow, explored, (w, t))
        );
    }
}
