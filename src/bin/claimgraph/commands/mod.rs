//! One function per command, each in its own file, dispatched from [`run`]; and what they
//! share: opening the store as the global options say, and the outcome that decides the exit
//! status.

mod claims;
mod docs;
mod export;
mod generate;
mod import;
mod load;
mod push;
mod queries;
mod query;
mod record;
mod remote;
mod serve;
mod stats;
mod validate;

use crate::cli::{Cli, Command};
use crate::diagnostics::print_notices;
use claimgraph::parse::Input;
use claimgraph::render::TerminalSafe;
use claimgraph::store::{Access, ClaimStore, Location, OpenOptions, Wait};
use claimgraph::{Error, Result};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// What a successful command found.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// Findings (violations, claims with `--fail-if-any`): exit 1.
    Findings,
}

impl Outcome {
    pub(crate) fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
        }
    }
}

/// Runs the command, with standard output buffered; a failed write to it names `<stdout>`.
/// On a terminal, the data's control characters are shown as escapes rather than obeyed.
pub(crate) fn run(cli: &Cli) -> Result<Outcome> {
    let stdout = io::stdout();
    let sink: Box<dyn Write> = if stdout.is_terminal() {
        Box::new(TerminalSafe::new(stdout.lock()))
    } else {
        Box::new(stdout.lock())
    };
    let mut out = BufWriter::new(sink);
    let outcome = match &cli.command {
        Command::Claims(args) => claims::run(cli, args, &mut out),
        Command::Query(args) => query::run(cli, args, &mut out),
        Command::Queries(args) => queries::run(args, &mut out),
        Command::Load(args) => load::run(cli, args),
        Command::Export(args) => export::run(cli, args, &mut out),
        Command::Validate(args) => validate::run(cli, args, &mut out),
        Command::Stats(args) => stats::run(cli, args, &mut out),
        Command::Generate(args) => generate::run(args, &mut out),
        Command::Completions { shell } => docs::completions(*shell, &mut out),
        Command::Man => docs::man(&mut out),
        Command::Source(command) => record::source(cli, command, &mut out),
        Command::Actor(command) => record::actor(cli, command, &mut out),
        Command::Claim(command) => record::claim(cli, command, &mut out),
        Command::Import(args) => import::run(cli, args, &mut out),
        Command::Serve(args) => serve::run(cli, args),
        Command::Push(args) => push::push(cli, args, &mut out),
        Command::Pull(args) => push::pull(cli, args, &mut out),
    };
    let outcome = outcome.and_then(|outcome| written(outcome, out.flush().map_err(Error::from)));
    outcome.map_err(|e| e.writing_to("<stdout>"))
}

/// `outcome`, once its output is `result`: a reader that went away (`| head -1`) does not
/// change what the command found, so findings still exit 1.
pub(crate) fn written<T>(outcome: Outcome, result: Result<T>) -> Result<Outcome> {
    match result {
        Ok(_) => Ok(outcome),
        Err(error) if error.is_broken_pipe() => Ok(outcome),
        Err(error) => Err(error),
    }
}

/// Opens the store that `--store` / `--memory` name, waiting as `--wait` says, and prints
/// what the store has to say.
pub(crate) fn open(cli: &Cli, access: Access) -> Result<ClaimStore> {
    let holder = format!(
        "`claimgraph {}` (pid {})",
        std::env::args().skip(1).collect::<Vec<_>>().join(" "),
        std::process::id()
    );
    open_as(cli, access, holder, false)
}

/// [`open`], described to other processes as `holder`, even while only reading when
/// `announce` (a server, which holds the store for long).
pub(crate) fn open_as(
    cli: &Cli,
    access: Access,
    holder: String,
    announce: bool,
) -> Result<ClaimStore> {
    let location = match (&cli.store, cli.memory) {
        (_, true) => Location::Memory,
        (Some(dir), false) => Location::Disk(dir.clone()),
        (None, false) => Location::Disk(Location::default_dir()),
    };
    let options = OpenOptions {
        access,
        wait: Wait {
            timeout: cli.wait,
            on_wait: Some(Box::new(|holder: &str| {
                eprintln!("note: waiting for the store: {holder}");
            })),
        },
        holder,
        announce,
    };
    let store = ClaimStore::open_with(&location, options)?;
    print_notices(&store);
    Ok(store)
}

/// An input as the command line names it: `-` is standard input.
pub(crate) fn input(path: &Path) -> Input<'static> {
    if path == Path::new("-") {
        Input::reader("<stdin>", io::stdin().lock())
    } else {
        Input::File(path.into())
    }
}
