//! `claimgraph stats`: triples per graph, instances per class, claims per status.

use super::{Outcome, open};
use crate::cli::{Cli, StatsArgs};
use claimgraph::store::Access;
use claimgraph::{Result, render, stats};
use std::io::Write;

pub(crate) fn run(cli: &Cli, args: &StatsArgs, out: &mut impl Write) -> Result<Outcome> {
    let store = open(cli, Access::Read)?;
    render::write_stats(out, &stats::stats(&store)?, args.format)?;
    Ok(Outcome::Clean)
}
