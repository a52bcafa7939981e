#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use sfdb::cli::visible::Visible;
use sfdb::cli::{
    account, check, diff, exit, explore, graph, import, render, run, test, Cli, Command,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match &cli.command {
        // Stdout is the protocol's: nothing else may be written there, so it is not locked
        // for the commands' output.
        Some(Command::Dap(args)) => match sfdb::dap::serve(args.port) {
            Ok(()) => exit::ENDED,
            Err(e) => {
                eprintln!("{}", sfdb::mask::visible(&e));
                exit::BAD_INPUT
            }
        },
        Some(command) => {
            sfdb::liquid::quiet_contained_panics();
            // Text from flows, responses and servers reaches the terminal with its control
            // characters made visible.
            let mut out = Visible::new(std::io::stdout().lock());
            let mut err = Visible::new(std::io::stderr().lock());
            let code = match command {
                Command::Run(args) => run::run(args, &mut out, &mut err),
                Command::Check(args) => check::check(args, &mut out, &mut err),
                Command::Graph(args) => graph::graph(args, &mut out, &mut err),
                Command::Explore(args) => explore::explore(args, &mut out, &mut err),
                Command::Render(args) => render::render(args, &mut out, &mut err),
                Command::Test(args) => test::test(args, &mut out, &mut err),
                Command::Flows(args) => account::flows(args, &mut out, &mut err),
                Command::Pull(args) => account::pull(args, &mut out, &mut err),
                Command::Push(args) => account::push(args, &mut out, &mut err),
                Command::Diff(args) => diff::diff(args, &mut out, &mut err),
                Command::Executions(args) => account::executions(args, &mut out, &mut err),
                Command::Import(args) => import::import(args, &mut out, &mut err),
                Command::Replay(args) => import::replay(args, &mut out, &mut err),
                Command::Dap(_) => unreachable!("served above, before stdout is locked"),
            };
            match out.finish() {
                // `| head` closed the pipe: the reader has what it wanted.
                Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
                Some(e) => {
                    let _ = writeln!(err, "sfdb: cannot write the output: {e}");
                    exit::BAD_INPUT
                }
                None => code,
            }
        }
        None if !cli.start.function.is_empty()
            && cli.start.functions.is_none()
            && cli.start.scenario.is_none() =>
        {
            eprintln!("--function needs --functions DIR|URL: the runtime it names");
            exit::BAD_INPUT
        }
        None => match sfdb::tui::run(
            &cli.start.start(),
            cli.fresh,
            cli.start.functions(None),
            sfdb::cli::serverless::find_function_paths,
            cli.coverage.as_deref(),
        ) {
            Ok(None) => exit::ENDED,
            // Ended by a signal: the shell's convention, 128 and its number.
            Ok(Some(signal)) => u8::try_from(128 + signal).unwrap_or(exit::BAD_INPUT),
            Err(e) => {
                // The error may quote a flow or a runtime's output: shown line by line.
                for line in e.lines() {
                    eprintln!("{}", sfdb::mask::visible(line));
                }
                exit::BAD_INPUT
            }
        },
    };
    ExitCode::from(code)
}
