//! `claimgraph completions` and `claimgraph man`: the command line, described for shells and
//! for `man`.

use super::Outcome;
use crate::cli::Cli;
use claimgraph::Result;
use clap::CommandFactory;
use std::io::Write;

pub(crate) fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> Result<Outcome> {
    // clap_complete panics when its writer fails (a full disk, a closed pipe): it writes
    // into memory here, and the write that can fail is ours.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "claimgraph", &mut script);
    out.write_all(&script)?;
    Ok(Outcome::Clean)
}

pub(crate) fn man(out: &mut impl Write) -> Result<Outcome> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(Outcome::Clean)
}
