//! A query's answer as a table with labels, a SPARQL results format, or RDF.

use super::table::write_table;
use crate::error::{Error, Result};
use crate::formats::{Named, QueryOutput, Rdf, Results};
use crate::labels::Labels;
use crate::query::Answer;
use crate::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::io::Write;

/// Writes `answer`: SELECT and ASK as a table or a SPARQL results format, CONSTRUCT and
/// DESCRIBE in an RDF format (Turtle for [`QueryOutput::Table`]). Returns the number of rows
/// or triples written.
pub fn write_answer(
    out: &mut impl Write,
    answer: Answer,
    output: QueryOutput,
    labels: &mut Labels<'_>,
) -> Result<usize> {
    match answer {
        Answer::Solutions { variables, rows } => match output {
            QueryOutput::Table => {
                let headers: Vec<String> = variables.iter().map(|v| v.as_str().into()).collect();
                let mut cells = Vec::new();
                for row in rows {
                    let row = row?;
                    cells.push(
                        variables
                            .iter()
                            .map(|v| row.get(v).map(|t| labels.display(t)).unwrap_or_default())
                            .collect(),
                    );
                }
                write_table(out, &headers, &cells)?;
                Ok(cells.len())
            }
            QueryOutput::Results(format) => {
                let mut serializer = QueryResultsSerializer::from_format(format)
                    .serialize_solutions_to_writer(&mut *out, variables.to_vec())?;
                let mut count = 0;
                for row in rows {
                    serializer.serialize(&row?)?;
                    count += 1;
                }
                serializer.finish()?;
                Ok(count)
            }
            QueryOutput::Rdf(format) => Err(mismatch("SELECT", Rdf(format).name())),
        },
        Answer::Boolean(value) => {
            match output {
                QueryOutput::Table => writeln!(out, "{value}")?,
                QueryOutput::Results(format) => {
                    QueryResultsSerializer::from_format(format)
                        .serialize_boolean_to_writer(&mut *out, value)?;
                }
                QueryOutput::Rdf(format) => return Err(mismatch("ASK", Rdf(format).name())),
            }
            Ok(1)
        }
        Answer::Graph(triples) => {
            let format = match output {
                QueryOutput::Table => RdfFormat::Turtle,
                QueryOutput::Rdf(format) => format,
                // `xml` names both SPARQL results XML and RDF/XML; for triples it can only
                // mean the second.
                QueryOutput::Results(QueryResultsFormat::Xml) => RdfFormat::RdfXml,
                QueryOutput::Results(format) => {
                    return Err(mismatch("CONSTRUCT and DESCRIBE", Results(format).name()));
                }
            };
            let mut serializer = RdfSerializer::from_format(format);
            for (prefix, iri) in PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .expect("valid prefixes");
            }
            let mut writer = serializer.for_writer(&mut *out);
            let mut count = 0;
            for triple in triples {
                writer.serialize_triple(&triple?)?;
                count += 1;
            }
            writer.finish()?;
            Ok(count)
        }
    }
}

fn mismatch(kind: &'static str, format: &str) -> Error {
    Error::FormatMismatch {
        kind,
        format: format.into(),
    }
}
