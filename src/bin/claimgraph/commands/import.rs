//! `claimgraph import`: claims, sources and actors from a CSV spreadsheet.

use super::Outcome;
use super::record::{Destination, agent};
use crate::cli::{Cli, ImportArgs};
use claimgraph::error::{Error, Result};
use claimgraph::store::Access;
use std::io::Write;

pub(crate) fn run(cli: &Cli, args: &ImportArgs, out: &mut impl Write) -> Result<Outcome> {
    let Some(file) = args.file.as_deref().filter(|_| !args.template) else {
        out.write_all(claimgraph::record::TEMPLATE.as_bytes())?;
        return Ok(Outcome::Clean);
    };
    let bytes = std::fs::read(file).map_err(|source| Error::Read {
        path: file.into(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Read {
        path: file.into(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text ({e})"),
        ),
    })?;
    let agent = agent(args.by.as_deref())?;
    let mut store = Destination::open(cli, &args.remote, Access::Write)?;
    let imported =
        claimgraph::record::import(store.ledger(), &file.display().to_string(), &text, &agent)?;
    store.print_notices();
    writeln!(
        out,
        "imported {} claims, {} sources and {} actors ({} triples) from {}",
        imported.claims,
        imported.sources,
        imported.actors,
        imported.triples,
        file.display()
    )?;
    Ok(Outcome::Clean)
}
