//! `claimgraph export`: the store, or one graph, in any RDF format; with `--endpoint`, a remote
//! store's graphs, written exactly as a local export of the same data.

use super::{Outcome, open, remote};
use crate::cli::{Cli, ExportArgs};
use crate::output::OutputFile;
use claimgraph::error::Result;
use claimgraph::export::{Scope, export};
use claimgraph::store::Access;
use claimgraph::{formats, terms};
use oxigraph::io::RdfFormat;
use std::io::{self, IsTerminal, Write};

/// Where the graphs come from.
enum Source {
    Local(claimgraph::store::ClaimStore),
    Remote(claimgraph::remote::Remote),
}

pub(crate) fn run(cli: &Cli, args: &ExportArgs, out: &mut impl Write) -> Result<Outcome> {
    let format = match (&args.format, &args.output) {
        (Some(rdf), _) => rdf.0,
        (None, Some(path)) => formats::rdf_of_file(path, None)?,
        (None, None) => RdfFormat::Turtle,
    };
    let scope = match args.graph.as_deref() {
        None => Scope::Store,
        Some(graph) => Scope::Graph(terms::graph(graph)?),
    };
    let source = match remote::connect(&args.remote, None)? {
        Some(remote) => Source::Remote(remote),
        None => Source::Local(open(cli, Access::Read)?),
    };
    let write = |sink: &mut dyn Write| match &source {
        Source::Remote(remote) => claimgraph::remote::export(remote, &scope, format, sink),
        Source::Local(store) => export(store, &scope, format, sink),
    };
    let written = match &args.output {
        Some(path) => {
            let mut file = OutputFile::create(path)?;
            let written = write(&mut file).map_err(|e| e.writing_to(file.path()))?;
            file.commit()?;
            written
        }
        None => write(&mut *out)?,
    };
    if args.output.is_some() || !io::stdout().is_terminal() {
        eprintln!("exported {written} triples as {}", format.name());
    }
    Ok(Outcome::Clean)
}
