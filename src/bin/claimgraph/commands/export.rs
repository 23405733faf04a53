//! `claimgraph export`: the store, or one graph, in any RDF format.

use super::{Outcome, open};
use crate::cli::{Cli, ExportArgs};
use claimgraph::error::{Error, Result};
use claimgraph::export::{Scope, export};
use claimgraph::store::Access;
use claimgraph::{formats, terms};
use oxigraph::io::RdfFormat;
use std::io::{self, BufWriter, IsTerminal, Write};

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
            let write_error = |source| Error::Write {
                path: path.clone(),
                source,
            };
            let file = std::fs::File::create(path).map_err(write_error)?;
            let mut writer = BufWriter::new(file);

            export(&store, &scope, format, &mut writer)
                .and_then(|written| Ok(writer.flush().map(|()| written)?))
                .map_err(|e| e.writing_to(path))?
        }
        None => export(&store, &scope, format, &mut *out)?,
    };
    if args.output.is_some() || !io::stdout().is_terminal() {
        eprintln!("exported {written} triples as {}", format.name());
    }
    Ok(Outcome::Clean)
}
