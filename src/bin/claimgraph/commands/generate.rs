//! `claimgraph generate`: a synthetic knowledge base of N claims.

use super::Outcome;
use crate::cli::GenerateArgs;
use crate::generate::{GenerateOptions, generate};
use claimgraph::error::{Error, Result};
use claimgraph::formats;
use oxigraph::io::RdfFormat;
use std::io::{BufWriter, Write};

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
            let write_error = |source| Error::Write {
                path: path.clone(),
                source,
            };
            let mut writer = BufWriter::new(std::fs::File::create(path).map_err(write_error)?);
            let summary = generate(&options, format, &mut writer).map_err(write_error)?;
            writer.flush().map_err(write_error)?;
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
