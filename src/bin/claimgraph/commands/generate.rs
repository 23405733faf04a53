//! `claimgraph generate`: a synthetic knowledge base of N claims.

use super::Outcome;
use crate::cli::GenerateArgs;
use crate::generate::{GenerateOptions, generate};
use crate::output::OutputFile;
use claimgraph::error::{Error, Result};
use claimgraph::formats;
use oxigraph::io::RdfFormat;
use std::io::Write;

pub(crate) fn run(args: &GenerateArgs, out: &mut impl Write) -> Result<Outcome> {
    let options = GenerateOptions {
        claims: args.claims,
        seed: args.seed,
    };
    let summary = match &args.output {
        Some(path) => {
            let format = formats::rdf_of_path(path)
                .filter(|f| matches!(f, RdfFormat::Turtle | RdfFormat::NTriples))
                .ok_or_else(|| Error::UnknownRdfFormat {
                    file: path.display().to_string(),
                })?;
            let mut file = OutputFile::create(path)?;
            let summary = generate(&options, format, &mut file).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            file.commit()?;
            summary
        }
        None => generate(&options, RdfFormat::NTriples, &mut *out)?,
    };
    eprintln!(
        "generated {} claims in {} triples",
        summary.claims, summary.triples
    );
    Ok(Outcome::Clean)
}
