//! Rendering reports and query results for people (tables, Markdown) and for other tools
//! (JSON, CSV, TSV, SPARQL results formats, RDF).

use crate::claims::{ClaimRow, SourceRef};
use crate::error::{Error, Result};
use crate::format::rdf_format_by_name;
use crate::labels::Labels;
use crate::table::write_table;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::io::Write;
use std::time::Duration;

/// How the claim report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimFormat {
    /// An aligned table for reading in a terminal.
    Table,
    /// A JSON array of claim objects.
    Json,
    /// CSV with one row per claim; lists are joined with " | ".
    Csv,
    /// A Markdown table, for reports and issues.
    Markdown,
}

const COLUMNS: [&str; 7] = [
    "claim",
    "status",
    "first_reported",
    "claimants",
    "sources",
    "statement",
    "contradicts",
];

fn flat_cells(row: &ClaimRow, short: bool) -> Vec<String> {
    let name = |iri: &str| {
        if short {
            crate::vocab::compact(iri).unwrap_or_else(|| iri.to_owned())
        } else {
            iri.to_owned()
        }
    };
    vec![
        name(&row.claim),
        row.status.clone().unwrap_or_default(),
        row.first_reported.clone().unwrap_or_default(),
        row.claimants.join(" | "),
        row.sources
            .iter()
            .map(|s: &SourceRef| name(&s.iri))
            .collect::<Vec<_>>()
            .join(" | "),
        row.statement.clone().unwrap_or_default(),
        row.contradicts
            .iter()
            .map(|c| name(c))
            .collect::<Vec<_>>()
            .join(" | "),
    ]
}

/// Writes claim rows as they come, except the table, which needs every row for its widths.
pub fn write_claims(
    out: &mut impl Write,
    format: ClaimFormat,
    rows: impl Iterator<Item = Result<ClaimRow>>,
) -> Result<usize> {
    let mut count = 0;
    match format {
        ClaimFormat::Json => {
            out.write_all(b"[")?;
            for row in rows {
                out.write_all(if count == 0 { b"\n  " } else { b",\n  " })?;
                serde_json::to_writer(&mut *out, &row?).map_err(std::io::Error::from)?;
                count += 1;
            }
            out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        ClaimFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut *out);
            csv.write_record(COLUMNS.iter().copied().chain(["quote"]))
                .map_err(csv_error)?;
            for row in rows {
                let row = row?;
                let mut cells = flat_cells(&row, false);
                cells.push(row.quote.clone().unwrap_or_default());
                csv.write_record(&cells).map_err(csv_error)?;
                count += 1;
            }
            csv.flush()?;
        }
        ClaimFormat::Markdown => {
            writeln!(out, "| {} |", COLUMNS.join(" | "))?;
            writeln!(out, "|{}", "---|".repeat(COLUMNS.len()))?;
            for row in rows {
                let cells: Vec<String> = flat_cells(&row?, true)
                    .iter()
                    .map(|c| c.replace('|', "\\|").replace('\n', " "))
                    .collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
                count += 1;
            }
        }
        ClaimFormat::Table => {
            let rows: Vec<Vec<String>> = rows
                .map(|row| row.map(|row| flat_cells(&row, true)))
                .collect::<Result<_>>()?;
            count = rows.len();
            let headers: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
            write_table(out, &headers, &rows)?;
        }
    }
    Ok(count)
}

fn csv_error(error: csv::Error) -> Error {
    Error::Output(std::io::Error::other(error))
}

/// The names `query --format` accepts for SELECT and ASK results.
pub const RESULTS_FORMATS: &str = "table, csv, tsv, json, xml";

/// Writes query results: SELECT and ASK as a table or a SPARQL results format, CONSTRUCT and
/// DESCRIBE in an RDF format (Turtle by default). Returns the number of rows or triples.
pub fn write_query_results(
    out: &mut impl Write,
    results: QueryResults<'static>,
    format: Option<&str>,
    labels: &mut Labels<'_>,
    timeout: Option<Duration>,
) -> Result<usize> {
    let evaluation = |e| crate::query::map_evaluation_error(e, timeout);
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let results_format = match format.unwrap_or("table") {
                "table" => None,
                name => Some(results_format(name, "SELECT")?),
            };
            let Some(results_format) = results_format else {
                let headers: Vec<String> = variables.iter().map(|v| v.as_str().into()).collect();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(evaluation)?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| {
                                solution
                                    .get(v)
                                    .map(|t: &Term| labels.display(t))
                                    .unwrap_or_default()
                            })
                            .collect(),
                    );
                }
                write_table(out, &headers, &rows)?;
                return Ok(rows.len());
            };
            let mut serializer = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(&mut *out, variables)?;
            let mut count = 0;
            for solution in solutions {
                let solution = solution.map_err(evaluation)?;
                serializer.serialize(&solution)?;
                count += 1;
            }
            serializer.finish()?;
            Ok(count)
        }
        QueryResults::Boolean(value) => {
            match format.unwrap_or("table") {
                "table" => writeln!(out, "{value}")?,
                name => {
                    QueryResultsSerializer::from_format(results_format(name, "ASK")?)
                        .serialize_boolean_to_writer(&mut *out, value)?;
                }
            }
            Ok(1)
        }
        QueryResults::Graph(triples) => {
            let rdf_format = match format {
                None => RdfFormat::Turtle,
                Some(name) => rdf_format_by_name(name).map_err(|_| Error::FormatMismatch {
                    kind: "CONSTRUCT and DESCRIBE",
                    format: name.into(),
                })?,
            };
            let mut serializer = RdfSerializer::from_format(rdf_format);
            for (prefix, iri) in crate::vocab::PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .expect("valid prefixes");
            }
            let mut writer = serializer.for_writer(&mut *out);
            let mut count = 0;
            for triple in triples {
                writer.serialize_triple(&triple.map_err(evaluation)?)?;
                count += 1;
            }
            writer.finish()?;
            Ok(count)
        }
    }
}

fn results_format(name: &str, kind: &'static str) -> Result<QueryResultsFormat> {
    match name.to_ascii_lowercase().as_str() {
        "csv" => Ok(QueryResultsFormat::Csv),
        "tsv" => Ok(QueryResultsFormat::Tsv),
        "json" => Ok(QueryResultsFormat::Json),
        "xml" => Ok(QueryResultsFormat::Xml),
        _ => Err(Error::FormatMismatch {
            kind,
            format: format!("{name} (expected one of: {RESULTS_FORMATS})"),
        }),
    }
}
