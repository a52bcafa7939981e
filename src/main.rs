use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use sfdb::cli::{check, run, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = match &cli.command {
        Some(Command::Run(args)) => run::run(args, &mut out, &mut err),
        Some(Command::Check(args)) => check::check(args, &mut out, &mut err),
        None => {
            let _ = Cli::command().print_help();
            0
        }
    };
    ExitCode::from(code)
}
