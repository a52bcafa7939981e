//! `sfdb render`: render one Liquid template the way the engine does, to try an expression or
//! to compare sfdb with another Liquid engine.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use crate::liquid::Liquid;

use super::exit;

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The template, e.g. '{{ flow.variables.count | plus: 1 }}'.
    pub template: String,
    /// The data the template sees, as a JSON object.
    #[arg(long, value_name = "JSON", conflicts_with = "data_file")]
    pub data: Option<String>,
    /// A file holding the data as a JSON object.
    #[arg(long, value_name = "FILE")]
    pub data_file: Option<PathBuf>,
    /// The time zone dates are shown in (default America/Los_Angeles, as Studio).
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// Fix "now" (`'now' | date: …`), e.g. 2026-11-27T09:30:00-08:00.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

pub fn render(args: &RenderArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let data = match (&args.data, &args.data_file) {
        (Some(text), _) => parse_data("--data", text),
        (None, Some(path)) => match crate::flow::read::text(path) {
            Ok(text) => parse_data(&path.display().to_string(), &text),
            Err(e) => Err(format!("{}: {e}", path.display())),
        },
        (None, None) => Ok(Value::Object(Default::default())),
    };
    let data = match data {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let start = crate::session::Start {
        timezone: args.timezone.clone(),
        now: args.now.clone(),
        ..crate::session::Start::default()
    };
    let clock = match start.clock() {
        Ok(clock) => clock,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    match Liquid::new()
        .with_clock(clock)
        .render(&args.template, &data)
    {
        Ok(text) => {
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            exit::ENDED
        }
        Err(e) => {
            let _ = writeln!(err, "Liquid error: {e}");
            exit::BAD_INPUT
        }
    }
}

fn parse_data(source: &str, text: &str) -> Result<Value, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(format!("{source}: the data must be a JSON object")),
        Err(e) => Err(format!("{source}: invalid JSON: {e}")),
    }
}
