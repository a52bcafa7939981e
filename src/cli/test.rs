//! `sfdb test`: run every scenario with an `expect` block, report each, write JUnit XML.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::Args;

use crate::engine::client::ReqwestClient;
use crate::engine::driver::run_to_end;
use crate::engine::http::HttpClient;
use crate::flow::{write_atomically, Document};
use crate::functions::{self, Functions};
use crate::scenario;
use crate::scenario::coverage::{self, Coverage};

use super::exit;

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Scenario files, or directories to search for them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write the results as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Report which widgets ran and which transitions were taken, per flow, and each
    /// transition never taken with its line in the flow file.
    #[arg(long)]
    pub coverage: bool,
    /// Write the coverage to this file too, for coverage tools (implies --coverage).
    #[arg(long, value_name = "FILE")]
    pub coverage_out: Option<PathBuf>,
    /// The format of --coverage-out.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Lcov)]
    pub coverage_format: CoverageFormat,
    /// Exit 1 when fewer than this percentage of the transitions were taken (implies
    /// --coverage).
    #[arg(long, value_name = "PERCENT")]
    pub fail_under: Option<f64>,
    /// Scenarios run at once (default: one per core); results print in file order.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// After the run, watch the scenarios and the flows they run, and run again those a
    /// change concerns, until Ctrl+C.
    #[arg(long)]
    pub watch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// LCOV tracefile (Codecov, Coveralls, genhtml, editors' gutters).
    Lcov,
    /// Cobertura XML (GitLab, Jenkins, Azure DevOps).
    Cobertura,
    Json,
}

/// A scenario's outcome and what it said on stderr meanwhile.
type Finished = (Outcome, Vec<u8>);

struct Outcome {
    name: String,
    seconds: f64,
    failures: Vec<String>,
}

/// Scenario files under a directory: JSON objects with `flow` and `expect`.
pub(super) fn discover(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        // A Serverless project's packages hold thousands of JSON files, none a scenario.
        let skipped = path
            .file_name()
            .is_some_and(|n| n == "node_modules" || n.to_string_lossy().starts_with('.'));
        if path.is_dir() && !skipped {
            discover(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let is_scenario = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .is_some_and(|v| v.get("flow").is_some() && v.get("expect").is_some());
            if is_scenario {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// The local Functions runtimes started so far, by what the scenarios named: scenarios that
/// share a project share its runtime.
type Started = HashMap<functions::Options, Arc<Functions>>;

/// Counts the run's steps against its flow and the subflows its scenario names.
fn cover(coverage: &mut Coverage, loaded: &scenario::Loaded, steps: &[crate::engine::step::Step]) {
    let entry = coverage.flow(&loaded.document);
    let dir = loaded.path.parent().unwrap_or(Path::new("."));
    let subflows: Vec<(String, usize, Document)> = loaded
        .scenario
        .subflows
        .iter()
        .filter_map(|(sid, file)| {
            let document = Document::load(&dir.join(file.as_str()?)).ok()?;
            Some((sid.clone(), coverage.flow(&document), document))
        })
        .collect();
    let by_sid: HashMap<String, (usize, &crate::flow::Flow)> = subflows
        .iter()
        .map(|(sid, entry, d)| (sid.clone(), (*entry, &d.flow)))
        .collect();
    coverage.record(entry, &loaded.document.flow, steps, &by_sid);
}

fn run_one(
    path: &Path,
    coverage: Option<&Mutex<Coverage>>,
    runtime: &tokio::runtime::Runtime,
    client: &Arc<dyn HttpClient>,
    started_functions: &Mutex<Started>,
    err: &mut dyn Write,
) -> Outcome {
    let started = Instant::now();
    let name = path.display().to_string();
    let failures = match scenario::load(path).and_then(|loaded| {
        let expect = loaded
            .scenario
            .expect
            .clone()
            .ok_or_else(|| format!("{name}: no expect block"))?;
        let mut execution = loaded.execution()?;
        let client: Arc<dyn HttpClient> = match loaded.scenario.functions_at(path) {
            Some(wanted) => {
                let mut options = functions::Options {
                    target: wanted.target,
                    domain: wanted.domain,
                    by_sid: wanted.by_sid,
                };
                let _guard = runtime.enter();
                for line in super::serverless::find_function_paths(execution.flow(), &mut options) {
                    let _ = writeln!(err, "{name}: {line}");
                }
                // Held while a runtime starts: scenarios that share a project wait for it.
                let mut started = started_functions
                    .lock()
                    .map_err(|_| format!("{name}: a scenario run before this one panicked"))?;
                let f = match started.get(&options) {
                    Some(f) => Arc::clone(f),
                    None => {
                        let f = Arc::new(super::run::start_functions(
                            &options,
                            Arc::clone(client),
                            err,
                        )?);
                        started.insert(options, Arc::clone(&f));
                        f
                    }
                };
                drop(started);
                execution.map_functions(f.urls_by_sid());
                f
            }
            None => Arc::clone(client),
        };
        runtime.block_on(run_to_end(&mut execution, &*client, |_| {}));
        if let Some(coverage) = coverage {
            if let Ok(mut coverage) = coverage.lock() {
                cover(&mut coverage, &loaded, execution.steps());
            }
        }
        Ok(scenario::check(&expect, &execution)
            .iter()
            .map(ToString::to_string)
            .collect())
    }) {
        Ok(failures) => failures,
        Err(e) => vec![e],
    };
    Outcome {
        name,
        seconds: started.elapsed().as_secs_f64(),
        failures,
    }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn junit(outcomes: &[Outcome]) -> String {
    let failed = outcomes.iter().filter(|o| !o.failures.is_empty()).count();
    let total: f64 = outcomes.iter().map(|o| o.seconds).sum();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"{}\" failures=\"{failed}\" time=\"{total:.3}\">\n  <testsuite name=\"sfdb\" tests=\"{}\" failures=\"{failed}\" time=\"{total:.3}\">\n",
        outcomes.len(),
        outcomes.len()
    );
    for o in outcomes {
        xml.push_str(&format!(
            "    <testcase classname=\"sfdb.scenario\" name=\"{}\" time=\"{:.3}\"",
            xml_escape(&o.name),
            o.seconds
        ));
        if o.failures.is_empty() {
            xml.push_str("/>\n");
        } else {
            let text = o.failures.join("\n");
            xml.push_str(&format!(
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                xml_escape(&o.failures[0]),
                xml_escape(&text)
            ));
        }
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

pub fn test(args: &TestArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut files = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            if let Err(e) = discover(path, &mut files) {
                let _ = writeln!(err, "{}: cannot read the directory: {e}", path.display());
                return exit::BAD_INPUT;
            }
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        let _ = writeln!(err, "sfdb test: no scenario with an expect block found");
        return exit::BAD_INPUT;
    }
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let client: Arc<dyn HttpClient> = Arc::new(ReqwestClient::new());
    let started_functions = Mutex::new(Started::new());
    if args.watch {
        let mut run = |subset: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write| {
            run_scenarios(
                args,
                subset,
                &runtime,
                &client,
                &started_functions,
                out,
                err,
            )
        };
        return super::watch::watch(&files, &mut run, out, err);
    }
    let code = run_scenarios(
        args,
        &files,
        &runtime,
        &client,
        &started_functions,
        out,
        err,
    );
    drop(started_functions);
    code
}

/// Runs `files` (in parallel, `--jobs`), prints the report and writes what was asked for; the
/// exit code.
fn run_scenarios(
    args: &TestArgs,
    files: &[PathBuf],
    runtime: &tokio::runtime::Runtime,
    client: &Arc<dyn HttpClient>,
    started_functions: &Mutex<Started>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let covering = args.coverage || args.coverage_out.is_some() || args.fail_under.is_some();
    let shared_coverage = Mutex::new(Coverage::default());
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, files.len());
    // Each scenario's result and what it said on stderr, in file order whatever order the
    // jobs finish in.
    let results: Vec<Mutex<Option<Finished>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(file) = files.get(i) else { break };
                let mut said = Vec::new();
                let wanted = covering.then_some(&shared_coverage);
                let outcome = run_one(file, wanted, runtime, client, started_functions, &mut said);
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some((outcome, said));
                }
            });
        }
    });
    let mut outcomes = Vec::with_capacity(files.len());
    for (file, slot) in files.iter().zip(results) {
        match slot.into_inner().ok().flatten() {
            Some((outcome, said)) => {
                let _ = err.write_all(&said);
                outcomes.push(outcome);
            }
            None => outcomes.push(Outcome {
                name: file.display().to_string(),
                seconds: 0.0,
                failures: vec!["sfdb panicked while running this scenario".into()],
            }),
        }
    }
    let mut coverage = shared_coverage.into_inner().unwrap_or_default();
    // Runs finish in any order: report the flows in the order of their files.
    coverage.sort_by_file();
    for o in &outcomes {
        if o.failures.is_empty() {
            let _ = writeln!(out, "PASS {}", o.name);
        } else {
            let _ = writeln!(out, "FAIL {}", o.name);
            for f in &o.failures {
                let _ = writeln!(out, "     {f}");
            }
        }
    }
    let failed = outcomes.iter().filter(|o| !o.failures.is_empty()).count();
    let _ = writeln!(out, "{} passed, {failed} failed", outcomes.len() - failed);
    if let Some(path) = &args.junit {
        if let Err(e) = write_atomically(path, junit(&outcomes).as_bytes()) {
            let _ = writeln!(err, "{}: cannot write JUnit XML: {e}", path.display());
            return exit::BAD_INPUT;
        }
    }
    let mut under = false;
    if covering {
        let _ = write!(out, "coverage:\n{}", coverage::text(&coverage));
        if let Some(path) = &args.coverage_out {
            let written = match args.coverage_format {
                CoverageFormat::Lcov => coverage::lcov(&coverage),
                CoverageFormat::Cobertura => {
                    coverage::cobertura(&coverage, chrono::Utc::now().timestamp())
                }
                CoverageFormat::Json => {
                    let mut text = serde_json::to_string_pretty(&coverage::json(&coverage))
                        .unwrap_or_default();
                    text.push('\n');
                    text
                }
            };
            if let Err(e) = write_atomically(path, written.as_bytes()) {
                let _ = writeln!(err, "{}: cannot write the coverage: {e}", path.display());
                return exit::BAD_INPUT;
            }
        }
        if let Some(goal) = args.fail_under {
            let (taken, all) = coverage.transitions();
            let reached = coverage::percent(taken, all);
            if reached < goal {
                let _ = writeln!(
                    out,
                    "transition coverage {reached:.1}% is under --fail-under {goal}%"
                );
                under = true;
            }
        }
    }
    if failed > 0 || under {
        1
    } else {
        exit::ENDED
    }
}
