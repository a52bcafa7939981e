//! `sfdb import` and `sfdb replay`: a production execution as a scenario beside the flow it
//! ran, and that scenario run locally, compared step by step with Studio's path.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::{json, Value};

use super::account::{api_error, block, write_json, Api, Bar};
use super::exit;
use crate::account::import::{import as to_scenario, Imported, StudioStep};
use crate::account::{offline, Recorded};
use crate::engine::client::ReqwestClient;
use crate::engine::driver::run_to_end;
use crate::engine::Step;
use crate::scenario;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The execution's SID (FN…).
    pub execution: String,
    /// The flow it belongs to (FW…); found in the account when not given.
    #[arg(long, value_name = "FW|FILE")]
    pub flow: Option<String>,
    /// Where to write the scenario and the flow (default: the current directory).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Read the execution from files the twilio CLI wrote instead of the account.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub api: Api,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    #[command(flatten)]
    pub import: ImportArgs,
}

fn recorded(args: &ImportArgs, err: &mut dyn Write) -> Result<Recorded, u8> {
    if let Some(dir) = &args.from {
        let flow = args.flow.as_deref().map(Path::new);
        let recorded = offline::load(dir, flow).map_err(|e| {
            let _ = writeln!(err, "sfdb: {e}");
            exit::BAD_INPUT
        })?;
        let sid = crate::account::shape::text(&recorded.execution, "sid");
        if sid != args.execution {
            let _ = writeln!(
                err,
                "sfdb: {}: holds execution {sid}, not {}",
                dir.display(),
                args.execution
            );
            return Err(exit::BAD_INPUT);
        }
        return Ok(recorded);
    }
    let bar = Bar::new();
    // A flow given as a file is for the replay; the account is asked for the execution's own.
    let flow = args.flow.as_deref().filter(|f| !Path::new(f).is_file());
    block(err, async {
        args.api
            .client()?
            .recorded(&args.execution, flow, &bar)
            .await
            .map_err(api_error(&format!("importing {}", args.execution)))
    })
}

/// `name` inside `dir`, and never outside it: a name is one plain file name.
fn inside(dir: &Path, name: &str) -> Result<PathBuf, String> {
    let plain = Path::new(name)
        .file_name()
        .is_some_and(|f| f == std::ffi::OsStr::new(name));
    if !plain || name.starts_with('.') {
        return Err(format!(
            "{:?} is not a plain file name: nothing written outside {}",
            crate::mask::visible(name),
            dir.display()
        ));
    }
    Ok(dir.join(name))
}

/// Writes the flow and the scenario into `dir`; returns the scenario's path.
fn write(imported: &Imported, dir: &Path) -> Result<PathBuf, String> {
    let flow = inside(dir, &imported.flow_file)?;
    let subflows = imported
        .subflows
        .iter()
        .map(|(name, resource)| inside(dir, name).map(|file| (file, resource)))
        .collect::<Result<Vec<_>, String>>()?;
    let path = inside(dir, &imported.scenario_file)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    write_json(&flow, &imported.flow)
        .map_err(|e| format!("{}: cannot write: {e}", flow.display()))?;
    for (file, resource) in subflows {
        write_json(&file, resource)
            .map_err(|e| format!("{}: cannot write: {e}", file.display()))?;
    }
    write_json(&path, &imported.scenario)
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    Ok(path)
}

pub fn import(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let recorded = match recorded(args, err) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let imported = match to_scenario(&recorded) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "sfdb: {}: {e}", args.execution);
            return exit::BAD_INPUT;
        }
    };
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let path = match write(&imported, &dir).and_then(|p| scenario::load(&p).map(|_| p)) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "sfdb: {e}");
            return exit::BAD_INPUT;
        }
    };
    let _ = writeln!(
        out,
        "wrote {} ({} steps) and {}\nstep through it: sfdb --scenario {}\nin CI: sfdb test {}",
        path.display(),
        imported.steps.len(),
        dir.join(&imported.flow_file).display(),
        path.display(),
        path.display()
    );
    exit::ENDED
}

/// A request widget Studio never ran gets a mock that fails, so a replay that strays from
/// Studio's path never sends a real request.
fn no_real_requests(imported: &mut Imported) -> Result<(), String> {
    let flow = crate::account::import::flow_of(imported)?;
    let mocks = imported.scenario["mocks"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut all = mocks.clone();
    let subflows: Vec<crate::flow::Flow> = imported
        .subflows
        .iter()
        .filter_map(|(name, resource)| {
            let text = crate::account::import::definition(resource).to_string();
            crate::flow::Document::parse(name, &text)
                .ok()
                .map(|d| d.flow)
        })
        .collect();
    for w in flow
        .widgets
        .iter()
        .chain(subflows.iter().flat_map(|f| &f.widgets))
    {
        let requests = w.kind.sends_http();
        if requests && !mocks.contains_key(&w.name) {
            all.insert(
                w.name.clone(),
                json!([{"error": "not run in Studio's execution"}]),
            );
        }
    }
    if !all.is_empty() {
        imported.scenario["mocks"] = Value::Object(all);
    }
    Ok(())
}

fn arrow(from: &str, event: &str, to: &str) -> String {
    format!("{from} --{event}--> {to}")
}

/// What a split compared, on each side: sfdb's conditions as evaluated, and Studio's input
/// rendered against the context Studio had before the step.
fn compared(step: &Step, studio_before: Option<&Value>, imported: &Imported) -> Vec<String> {
    let mut lines = Vec::new();
    for c in &step.conditions {
        lines.push(format!(
            "  sfdb compared `{}` {} `{}`: {}",
            c.input,
            c.kind,
            c.value,
            if c.held { "held" } else { "did not hold" }
        ));
    }
    let input = crate::account::import::flow_of(imported)
        .ok()
        .and_then(|f| f.widget(&step.transitioned_from).map(|w| w.text("input")));
    if let (Some(input), Some(context)) = (input.filter(|i| !i.is_empty()), studio_before) {
        if let Ok(value) = crate::liquid::Liquid::new().render(&input, context) {
            lines.push(format!("  Studio's input was `{value}` ({input})"));
        }
    }
    lines
}

pub fn replay(args: &ReplayArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let recorded = match recorded(&args.import, err) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut imported =
        match to_scenario(&recorded).and_then(|mut i| no_real_requests(&mut i).map(|_| i)) {
            Ok(i) => i,
            Err(e) => {
                let _ = writeln!(err, "sfdb: {}: {e}", args.import.execution);
                return exit::BAD_INPUT;
            }
        };
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "sfdb: cannot make a temporary directory: {e}");
            return exit::BAD_INPUT;
        }
    };
    // A replay of a flow given as a file runs that file: a changed flow shows where it strays.
    if let Some(file) = args
        .import
        .flow
        .as_deref()
        .filter(|f| Path::new(f).is_file())
    {
        match crate::flow::read::text(Path::new(file))
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(v) => imported.flow = v,
            Err(e) => {
                let _ = writeln!(err, "sfdb: {file}: {e}");
                return exit::BAD_INPUT;
            }
        }
    }
    let ran = write(&imported, dir.path()).and_then(|path| {
        let loaded = scenario::load(&path)?;
        let mut execution = loaded.execution()?;
        let runtime = super::runtime()?;
        runtime.block_on(run_to_end(&mut execution, &ReqwestClient::new(), |_| {}));
        Ok(execution)
    });
    let execution = match ran {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(err, "sfdb: {e}");
            return exit::BAD_INPUT;
        }
    };
    let studio: Vec<&StudioStep> = imported.steps.iter().filter(|s| !s.in_subflow).collect();
    let local = execution.steps();
    let differs = studio
        .iter()
        .zip(local)
        .position(|(s, l)| {
            s.from != l.transitioned_from || s.event != l.name || s.to != l.transitioned_to
        })
        .or((studio.len() != local.len()).then(|| studio.len().min(local.len())));
    let Some(at) = differs else {
        let _ = writeln!(out, "same path as Studio for {} steps", studio.len());
        return exit::ENDED;
    };
    let _ = writeln!(out, "diverged at step {}:", at + 1);
    let studio_side = studio
        .get(at)
        .map_or("(the execution had ended)".to_string(), |s| {
            arrow(&s.from, &s.event, &s.to)
        });
    let local_side = local.get(at).map_or_else(
        || format!("(stopped: {})", execution.status().reason()),
        |s| arrow(&s.transitioned_from, &s.name, &s.transitioned_to),
    );
    let _ = writeln!(out, "  Studio: {studio_side}\n  sfdb:   {local_side}");
    if let Some(step) = local.get(at) {
        let before = at
            .checked_sub(1)
            .and_then(|i| studio.get(i))
            .and_then(|s| recorded.step_contexts.get(&s.sid))
            .map(|c| c.get("context").unwrap_or(c));
        for line in compared(step, before, &imported) {
            let _ = writeln!(out, "{line}");
        }
    }
    1
}
