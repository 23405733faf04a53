//! Validation reports and store statistics, as text for people or JSON for programs.

use super::escape::for_terminal;
use super::write_json;
use crate::error::Result;
use crate::formats::{ReportFormat, ValidationFormat};
use crate::stats::Stats;
use crate::validate::{Report, Violation};
use crate::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use std::io::Write;

/// Writes a validation report: as text or JSON, one entry per violation, or as SHACL's
/// `sh:ValidationReport` in RDF.
pub fn write_validation(
    out: &mut impl Write,
    report: &Report<'_>,
    format: ValidationFormat,
) -> Result<()> {
    match format {
        ValidationFormat::Text => write_violations(out, &report.violations()),
        ValidationFormat::Json => write_json(out, &report.violations()),
        ValidationFormat::Rdf(format) => write_report_rdf(out, report, format),
    }
}

fn write_report_rdf(out: &mut impl Write, report: &Report<'_>, format: RdfFormat) -> Result<()> {
    // The report's own vocabulary and the knowledge base's namespaces, not every default
    // prefix: a report on other data would otherwise open with a dozen unused ones.
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES
        .iter()
        .filter(|(prefix, _)| ["sh", "rdf", "xsd", "cg", "id"].contains(prefix))
    {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("valid prefixes");
    }
    let mut writer = serializer.for_writer(&mut *out);
    for triple in report.to_rdf() {
        writer.serialize_triple(&triple)?;
    }
    writer.finish()?;
    Ok(())
}

/// Writes `violations`, one block each, then their count.
fn write_violations(out: &mut impl Write, violations: &[Violation]) -> Result<()> {
    for v in violations {
        // Messages come from the shapes, which users write: shown, never obeyed.
        writeln!(out, "{}: {}", v.severity, for_terminal(&v.message, true))?;
        writeln!(out, "  focus: {}", v.focus)?;
        if let Some(path) = &v.path {
            writeln!(out, "  path: {path}")?;
        }
        if let Some(value) = &v.value {
            writeln!(out, "  value: {}", for_terminal(value, false))?;
        }
        if v.shape.starts_with("_:") {
            writeln!(out, "  constraint: {}", v.component)?;
        } else {
            writeln!(out, "  constraint: {} in shape {}", v.component, v.shape)?;
        }
    }
    let plural = if violations.len() == 1 { "" } else { "s" };
    writeln!(out, "{} violation{plural}", violations.len())?;
    Ok(())
}

/// Writes the store's counts: triples, then graphs, classes and statuses with their counts.
pub fn write_stats(out: &mut impl Write, stats: &Stats, format: ReportFormat) -> Result<()> {
    if format == ReportFormat::Json {
        return write_json(out, stats);
    }
    writeln!(out, "triples: {}", stats.triples)?;
    for (title, counts) in [
        ("graphs", &stats.graphs),
        ("classes", &stats.classes),
        ("claims by status", &stats.statuses),
    ] {
        writeln!(out, "\n{title}:")?;
        for (name, count) in counts {
            writeln!(out, "  {count:>8}  {name}")?;
        }
    }
    Ok(())
}
