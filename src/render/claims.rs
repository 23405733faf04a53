//! The claim report as a table, JSON, CSV or Markdown.

use super::escape::for_terminal;
use super::table::write_table;
use crate::claims::{ClaimRow, SourceRef};
use crate::error::{Error, Result};
use crate::formats::ClaimFormat;
use std::io::Write;

const COLUMNS: [&str; 7] = [
    "claim",
    "status",
    "first_reported",
    "claimants",
    "sources",
    "statement",
    "contradicts",
];

/// The column `--corroboration` adds, and where: after `sources`.
const ORIGINS: &str = "origins";
const ORIGINS_AT: usize = 5;

fn columns(corroboration: bool) -> Vec<&'static str> {
    let mut columns = COLUMNS.to_vec();
    if corroboration {
        columns.insert(ORIGINS_AT, ORIGINS);
    }
    columns
}

fn flat_cells(row: &ClaimRow, short: bool, corroboration: bool) -> Vec<String> {
    let mut cells = plain_cells(row, short);
    if corroboration {
        cells.insert(ORIGINS_AT, row.independent_origins.to_string());
    }
    cells
}

fn plain_cells(row: &ClaimRow, short: bool) -> Vec<String> {
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
/// With `corroboration`, the table, CSV and Markdown have a column of each claim's
/// independent origins (JSON rows always carry them).
pub fn write_claims(
    out: &mut impl Write,
    format: ClaimFormat,
    corroboration: bool,
    rows: impl Iterator<Item = Result<ClaimRow>>,
) -> Result<usize> {
    let columns = columns(corroboration);
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
            csv.write_record(columns.iter().copied().chain(["quote"]))
                .map_err(csv_error)?;
            for row in rows {
                let row = row?;
                let mut cells = flat_cells(&row, false, corroboration);
                cells.push(row.quote.clone().unwrap_or_default());
                csv.write_record(&cells).map_err(csv_error)?;
                count += 1;
            }
            csv.flush()?;
        }
        ClaimFormat::Markdown => {
            writeln!(out, "| {} |", columns.join(" | "))?;
            writeln!(out, "|{}", "---|".repeat(columns.len()))?;
            for row in rows {
                let cells: Vec<String> = flat_cells(&row?, true, corroboration)
                    .iter()
                    .map(|c| {
                        for_terminal(&c.replace('|', "\\|").replace('\n', " "), false).into_owned()
                    })
                    .collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
                count += 1;
            }
        }
        ClaimFormat::Table => {
            let rows: Vec<Vec<String>> = rows
                .map(|row| row.map(|row| flat_cells(&row, true, corroboration)))
                .collect::<Result<_>>()?;
            count = rows.len();
            let headers: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
            write_table(out, &headers, &rows)?;
        }
    }
    Ok(count)
}

fn csv_error(error: csv::Error) -> Error {
    Error::Output(std::io::Error::other(error))
}
