//! `sfdb run`: the engine headless, for scripts and CI.

use std::io::Write;
use std::path::PathBuf;

use std::sync::Arc;

use crate::engine::client::ReqwestClient;
use crate::engine::driver::{run_to_end, Event};
use crate::engine::http::HttpClient;
use crate::engine::Status;
use crate::flow::write_atomically;
use crate::functions::{self, Functions};
use crate::scenario;

use super::{exit, format, Format, RunArgs};

pub fn run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut start = args.start.start();
    if args.record.is_some() && start.now.is_none() {
        // A recorded run replays exactly: its "now" is fixed at the start and written down.
        let zone = start
            .clock()
            .map_or(chrono_tz::America::Los_Angeles, |c| c.zone);
        start.now = Some(chrono::Utc::now().with_timezone(&zone).to_rfc3339());
    }
    let mut prepared = match scenario::prepare(&start) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    if !args.start.function.is_empty()
        && args.start.functions(prepared.functions.as_ref()).is_none()
    {
        let _ = writeln!(
            err,
            "--function needs --functions DIR|URL: the runtime it names"
        );
        return exit::BAD_INPUT;
    }
    let _guard = runtime.enter();
    let client: Arc<dyn HttpClient> = Arc::new(ReqwestClient::new());
    let mut options = args.start.functions(prepared.functions.as_ref());
    if let Some(options) = &mut options {
        for line in super::serverless::find_function_paths(prepared.execution.flow(), options) {
            let _ = writeln!(err, "{line}");
        }
    }
    let functions = match options {
        Some(options) => match start_functions(&options, Arc::clone(&client), err) {
            Ok(f) => Some(Arc::new(f)),
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return exit::BAD_INPUT;
            }
        },
        None => None,
    };
    let client: Arc<dyn HttpClient> = match &functions {
        Some(f) => {
            prepared.execution.map_functions(f.urls_by_sid());
            f.clone()
        }
        None => client,
    };
    let text = args.format == Format::Text;
    let execution = &mut prepared.execution;
    // A run only goes forward: no step back, so no history to keep.
    execution.forget_history();
    // Buffered, and flushed whenever the run waits for a request, so a reader sees every step
    // before the wait without a write per line.
    let mut buffered = std::io::BufWriter::new(&mut *out);
    runtime.block_on(run_to_end(execution, &*client, |event| match event {
        Event::Step(step) if text => {
            let _ = writeln!(buffered, "{}", format::step_text(step));
        }
        Event::Step(step) => {
            let _ = format::write_step_json(&mut buffered, step);
        }
        Event::Sending(_) => {
            let _ = buffered.flush();
        }
    }));
    let end = if text {
        format::end_text(execution)
    } else {
        format::end_json(execution).to_string()
    };
    let _ = writeln!(buffered, "{end}");
    let _ = buffered.flush();
    drop(buffered);
    if let Some(functions) = &functions {
        if args.verbose {
            for line in functions.runtime.output.unclaimed() {
                let _ = writeln!(err, "twilio-run: {line}");
            }
        }
    }
    if let Some(record_path) = &args.record {
        let subflows: Vec<(String, PathBuf)> = prepared
            .subflows
            .iter()
            .filter_map(|s| {
                s.split_once('=')
                    .map(|(sid, p)| (sid.to_string(), PathBuf::from(p)))
            })
            .collect();
        let recorded = scenario::record(
            execution,
            &prepared.flow_path,
            record_path,
            prepared.set.clone(),
            &subflows,
        );
        let mut json = serde_json::to_string_pretty(&recorded).unwrap_or_default();
        json.push('\n');
        if let Err(e) = write_atomically(record_path, json.as_bytes()) {
            let _ = writeln!(
                err,
                "{}: cannot write the scenario: {e}",
                record_path.display()
            );
            return exit::BAD_INPUT;
        }
    }
    let code = status_code(execution.status());
    // The process ends here: freeing a thousand steps one by one would only cost time.
    std::mem::forget(prepared);
    code
}

pub fn status_code(status: &Status) -> u8 {
    match status {
        Status::Ended => exit::ENDED,
        Status::Waiting { .. } => exit::WAITING,
        Status::Unsupported { .. } => exit::UNSUPPORTED,
        Status::Stopped { .. } | Status::Ready | Status::Requesting => exit::STOPPED,
    }
}

/// Starts the local Functions runtime, saying so on a terminal while it comes up, and stops it
/// on Ctrl+C (sfdb's own exit, or a panic, stop it too).
pub fn start_functions(
    options: &functions::Options,
    inner: Arc<dyn HttpClient>,
    err: &mut dyn Write,
) -> Result<Functions, String> {
    use std::io::IsTerminal;
    let terminal = std::io::stderr().is_terminal();
    let started = Functions::start(options, inner, &mut |line| {
        if terminal {
            let _ = writeln!(err, "{line}");
        }
    })?;
    functions::runtime::stop_on_interrupt();
    Ok(started)
}
