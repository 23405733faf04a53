//! The `claimgraph` binary: parses arguments, runs the command, prints the error chain, and
//! maps the outcome to an exit status (0 ok, 1 findings, 2 error). A closed pipe ends the
//! program quietly. Everything else lives in the library or in `commands/`.

mod cli;
mod commands;
mod diagnostics;
mod generate;
mod output;
mod progress;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(&cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            diagnostics::print_error(&error, &cli.command);
            diagnostics::exit_code(&error)
        }
    }
}
