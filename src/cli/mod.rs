//! The command line: `sfdb run`, `sfdb check` and the rest, the options they share with the TUI,
//! and the exit codes. The top of the house: it may import every other module.

pub mod account;
pub mod check;
pub mod diff;
pub mod explore;
pub mod format;
pub mod graph;
pub mod import;
pub mod render;
pub mod run;
pub mod serverless;
pub mod test;
pub mod visible;
pub mod watch;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::session::Start;

/// Exit statuses (documented in the README).
pub mod exit {
    pub const ENDED: u8 = 0;
    pub const BAD_INPUT: u8 = 2;
    pub const STOPPED: u8 = 3;
    pub const WAITING: u8 = 4;
    pub const UNSUPPORTED: u8 = 5;
}

/// The async runtime the headless commands run requests on.
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("sfdb: cannot start the async runtime: {e}"))
}

#[derive(Debug, Parser)]
#[command(
    name = "sfdb",
    version,
    about = "A terminal debugger for Twilio Studio flows"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub start: StartArgs,
    /// Open the debugger without the breakpoints, watches and trigger event remembered for
    /// the flow.
    #[arg(long)]
    pub fresh: bool,
    /// Coverage written by `sfdb test --coverage-out FILE --coverage-format json`: the
    /// outline marks the widgets and transitions the scenarios never took.
    #[arg(long, value_name = "FILE")]
    pub coverage: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a flow to its end without the terminal UI, printing each step.
    Run(Box<RunArgs>),
    /// Find bugs in flows before running them: errors, warnings and notes, one line each.
    Check(CheckArgs),
    /// Print a flow as a Mermaid flowchart or a Graphviz DOT graph.
    Graph(graph::GraphArgs),
    /// Search for runs that take transitions no run has taken, and write each as a scenario.
    Explore(explore::ExploreArgs),
    /// Render a Liquid template as the engine does, printing exactly the result.
    Render(render::RenderArgs),
    /// Run every scenario that has an `expect` block and report, for CI.
    Test(test::TestArgs),
    /// List the flows of your Twilio account.
    Flows(account::FlowsArgs),
    /// Write a flow of your account to a file (the Flow resource, so it remembers its origin).
    Pull(account::PullArgs),
    /// Check, validate with Twilio and update a flow of your account from a file.
    Push(account::PushArgs),
    /// Compare two flows by meaning (files, or FW…[@REVISION] from your account).
    Diff(diff::DiffArgs),
    /// List a flow's executions: when, status, contact, steps, last widget.
    Executions(account::ExecutionsArgs),
    /// Write a scenario that reproduces a production execution, with the flow it ran.
    Import(import::ImportArgs),
    /// Import an execution, run it locally and say whether it followed Studio's path.
    Replay(import::ReplayArgs),
    /// Debug flows from an editor: a Debug Adapter Protocol server on stdin and stdout.
    Dap(DapArgs),
}

/// `sfdb dap`: the flow and its start options come in the client's `launch` request.
#[derive(Debug, Clone, Args)]
pub struct DapArgs {
    /// Listen on 127.0.0.1:PORT for one client instead of using stdin and stdout (0 picks a
    /// free port, said on stderr).
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
}

/// How an execution starts: the flow, the trigger event and values set in the context.
#[derive(Debug, Clone, Args)]
pub struct StartArgs {
    /// The flow definition (bare, a Flow resource, or a one-element array of one).
    pub flow: Option<PathBuf>,
    /// A scenario file: the flow, trigger, values, inputs, events and mocks to run with.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["flow", "trigger"])]
    pub scenario: Option<PathBuf>,
    /// The trigger event (default: the trigger's first event that leads somewhere).
    #[arg(long, value_name = "EVENT")]
    pub trigger: Option<String>,
    /// Set a text value in the context before the start, e.g. trigger.message.Body=hello.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Set a JSON value in the context, e.g. flow.data.items='[1,2]'.
    #[arg(long = "set-json", value_name = "PATH=JSON")]
    pub set_json: Vec<String>,
    /// The flow file a run-subflow widget runs for a flow SID, e.g. FW123=subflow.json.
    #[arg(long = "subflow", value_name = "SID=FILE")]
    pub subflow: Vec<String>,
    /// The time zone Liquid dates are shown in (default America/Los_Angeles, as Studio).
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// Fix "now" for the whole run, e.g. 2026-11-27T09:30:00-08:00 (business-hours flows).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Outputs merged over what a widget writes, e.g. call='{"AnsweredBy":"machine_start"}';
    /// repeat for its next runs.
    #[arg(long = "output", value_name = "WIDGET=JSON")]
    pub outputs: Vec<String>,
    /// A reply for a widget that waits for one, e.g. ask_order=42; repeat for its next visits.
    #[arg(long = "input", value_name = "WIDGET=TEXT")]
    pub input: Vec<String>,
    /// Digits for a Gather Input On Call widget, e.g. menu=1; repeat for its next visits.
    #[arg(long = "digits", value_name = "WIDGET=DIGITS")]
    pub digits: Vec<String>,
    /// Speech for a Gather Input On Call widget, e.g. menu=billing; repeat for its next visits.
    #[arg(long = "speech", value_name = "WIDGET=TEXT")]
    pub speech: Vec<String>,
    /// An event a waiting widget fires instead of an answer, e.g. ask_order=timeout.
    #[arg(long = "event", value_name = "WIDGET=EVENT")]
    pub event: Vec<String>,
    /// Stop at the first template error, as CI may want (Studio logs them as warnings, 81018).
    #[arg(long)]
    pub strict_liquid: bool,
    /// Stop after this many steps (Studio's limit is 1000).
    #[arg(long, value_name = "N", default_value_t = crate::engine::execution::MAX_STEPS)]
    pub max_steps: usize,
    /// Run Function widgets against local Functions: a Serverless project (sfdb starts
    /// twilio-run for it) or the URL of a runtime already running.
    #[arg(long, value_name = "DIR|URL")]
    pub functions: Option<String>,
    /// A host that stands for the Functions domain besides *.twil.io (a custom domain, or a
    /// placeholder such as your-runtime-domain).
    #[arg(long, value_name = "HOST")]
    pub functions_domain: Option<String>,
    /// Where a Run Function widget that names only its Function's SID (no URL) is sent, in
    /// the --functions project, e.g. ZH0123…=/lookup; repeat for each.
    #[arg(long = "function", value_name = "SID=/PATH")]
    pub function: Vec<String>,
}

impl StartArgs {
    /// The local Functions asked for: on the command line, else by the scenario.
    pub fn functions(
        &self,
        scenario: Option<&crate::scenario::WantedFunctions>,
    ) -> Option<crate::functions::Options> {
        // The command line's project replaces the scenario's, and with it its domain and paths.
        let wanted = match (&self.functions, scenario) {
            (Some(target), _) => crate::scenario::WantedFunctions {
                target: target.clone(),
                ..Default::default()
            },
            (None, Some(wanted)) => wanted.clone(),
            (None, None) => return None,
        };
        Some(crate::functions::Options {
            target: wanted.target,
            domain: self.functions_domain.clone().or(wanted.domain),
            by_sid: [wanted.by_sid, self.function.clone()].concat(),
        })
    }

    /// `--input`, `--digits`, `--speech` and `--event`, in that order.
    fn answers(&self) -> Vec<(crate::session::answers::Answer, String)> {
        use crate::session::answers::Answer;
        [
            (Answer::Input, &self.input),
            (Answer::Digits, &self.digits),
            (Answer::Speech, &self.speech),
            (Answer::Event, &self.event),
        ]
        .into_iter()
        .flat_map(|(a, texts)| texts.iter().map(move |t| (a, t.clone())))
        .collect()
    }

    /// The start the options describe.
    pub fn start(&self) -> Start {
        Start {
            flow: self.flow.clone(),
            scenario: self.scenario.clone(),
            trigger: self.trigger.clone(),
            set: self.set.clone(),
            set_json: self.set_json.clone(),
            subflow: self.subflow.clone(),
            max_steps: self.max_steps,
            timezone: self.timezone.clone(),
            now: self.now.clone(),
            outputs: self.outputs.clone(),
            strict_liquid: self.strict_liquid,
            answers: self.answers(),
        }
    }
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub start: StartArgs,
    /// Print the local Functions runtime's own output (start-up, reloads) to stderr.
    #[arg(short, long)]
    pub verbose: bool,
    /// Output: one readable line per step, or one JSON object per line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write a scenario that replays this run exactly (HTTP responses become mocks).
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
}

/// The least severity `sfdb check` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MinSeverity {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Flow files to check.
    #[arg(required = true)]
    pub flows: Vec<PathBuf>,
    /// Exit 1 when there are warnings (errors always exit 2).
    #[arg(long)]
    pub strict: bool,
    /// Show only findings at least this severe (all are still counted on the last line).
    #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
    pub min_severity: MinSeverity,
    /// Errors only: the same as --min-severity error.
    #[arg(short, long)]
    pub quiet: bool,
    /// One line per finding as text, or one JSON object per finding.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Jsonl,
}
