//! Writing answers for people (aligned tables, Markdown, text) and for other tools (JSON, CSV,
//! TSV, the SPARQL results formats, RDF). Every front end renders through here, so the CLI and
//! a server write the same bytes for the same answer.

mod claims;
mod escape;
mod reports;
mod results;
mod table;

pub use claims::write_claims;
pub use escape::{TerminalSafe, for_terminal};
pub use reports::{write_stats, write_validation};
pub use results::write_answer;
pub use table::write_table;

/// Writes `value` as pretty JSON and a line end.
pub(crate) fn write_json(
    out: &mut impl std::io::Write,
    value: &impl serde::Serialize,
) -> crate::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}
