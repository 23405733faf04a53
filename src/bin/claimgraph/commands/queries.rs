//! `claimgraph queries`: the named queries with their titles and parameters.

use super::Outcome;
use crate::cli::QueriesArgs;
use claimgraph::Result;
use claimgraph::query::NAMED_QUERIES;
use claimgraph::render::write_table;
use std::io::{self, Write};

pub(crate) fn run(args: &QueriesArgs, out: &mut impl Write) -> Result<Outcome> {
    if args.json {
        let list: Vec<serde_json::Value> = NAMED_QUERIES
            .iter()
            .map(|q| {
                let header = q.header();
                serde_json::json!({
                    "name": q.name,
                    "title": header.title,
                    "description": header.description,
                    "params": header.params,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(Outcome::Clean);
    }
    let rows: Vec<Vec<String>> = NAMED_QUERIES
        .iter()
        .map(|q| {
            let header = q.header();
            let params = header
                .params
                .iter()
                .map(|p| format!("{}=…", p.name))
                .collect::<Vec<_>>()
                .join(" ");
            vec![q.name.to_owned(), params, header.title]
        })
        .collect();
    write_table(
        out,
        &["name".into(), "params".into(), "title".into()],
        &rows,
    )?;
    Ok(Outcome::Clean)
}
