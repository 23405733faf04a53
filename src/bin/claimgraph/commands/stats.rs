//! `claimgraph stats`: triples per graph, instances per class, claims per status, of the local
//! store or of a remote one.

use super::{Outcome, open, remote};
use crate::cli::{Cli, StatsArgs};
use claimgraph::store::Access;
use claimgraph::{Result, render, stats};
use std::io::Write;

pub(crate) fn run(cli: &Cli, args: &StatsArgs, out: &mut impl Write) -> Result<Outcome> {
    let stats = match remote::connect(&args.remote, None)? {
        Some(remote) => claimgraph::remote::stats(&remote)?,
        None => stats::stats(&open(cli, Access::Read)?)?,
    };
    render::write_stats(out, &stats, args.format)?;
    Ok(Outcome::Clean)
}
