//! `sfdb run`: the engine headless, for scripts and CI.

use std::io::Write;

use crate::engine::client::ReqwestClient;
use crate::engine::driver::run_to_end;
use crate::engine::Status;
use crate::flow::Document;

use super::{exit, format, setup, Format, RunArgs};

pub fn run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(path) = &args.start.flow else {
        let _ = writeln!(err, "sfdb run: give the flow file to run");
        return exit::BAD_INPUT;
    };
    let document = match Document::load(path) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let mut execution = match setup::execution(&document, &args.start) {
        Ok(x) => x,
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", document.name);
            return exit::BAD_INPUT;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "sfdb: cannot start the async runtime: {e}");
            return exit::BAD_INPUT;
        }
    };
    let client = ReqwestClient::new();
    let text = args.format == Format::Text;
    runtime.block_on(run_to_end(&mut execution, &client, |step| {
        let line = if text {
            format::step_text(step)
        } else {
            format::step_json(step).to_string()
        };
        let _ = writeln!(out, "{line}");
    }));
    let end = if text {
        format::end_text(&execution)
    } else {
        format::end_json(&execution).to_string()
    };
    let _ = writeln!(out, "{end}");
    let _ = out.flush();
    match execution.status() {
        Status::Ended => exit::ENDED,
        Status::Waiting { .. } => exit::WAITING,
        Status::Unsupported { .. } => exit::UNSUPPORTED,
        Status::Stopped { .. } | Status::Ready | Status::Requesting => exit::STOPPED,
    }
}
