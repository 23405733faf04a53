//! `claimgraph export`: the store, or one graph, in any RDF format.

use super::{Outcome, open};
use crate::cli::{Cli, ExportArgs};
use crate::output::OutputFile;
use claimgraph::error::Result;
use claimgraph::export::{Scope, export};
use claimgraph::store::Access;
use claimgraph::{formats, terms};
use oxigraph::io::RdfFormat;
use std::io::{self, IsTerminal, Write};

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
    let store = open(cli, Access::Read)?;
    let written = match &args.output {
        Some(path) => {
            let mut file = OutputFile::create(path)?;
            let written =
                export(&store, &scope, format, &mut file).map_err(|e| e.writing_to(file.path()))?;
            file.commit()?;
            written
        }
        None => export(&store, &scope, format, &mut *out)?,
    };
    if args.output.is_some() || !io::stdout().is_terminal() {
        eprintln!("exported {written} triples as {}", format.name());
    }
    Ok(Outcome::Clean)
}
