//! Validation reports and store statistics, as text for people or JSON for programs.

use super::write_json;
use crate::error::Result;
use crate::formats::ReportFormat;
use crate::stats::Stats;
use crate::validate::Violation;
use std::io::Write;

/// Writes `violations`, one block each, then their count.
pub fn write_violations(
    out: &mut impl Write,
    violations: &[Violation],
    format: ReportFormat,
) -> Result<()> {
    if format == ReportFormat::Json {
        return write_json(out, &violations);
    }
    for v in violations {
        writeln!(out, "{}: {}", v.severity, v.message)?;
        writeln!(out, "  focus: {}", v.focus)?;
        if let Some(path) = &v.path {
            writeln!(out, "  path: {path}")?;
        }
        if let Some(value) = &v.value {
            writeln!(out, "  value: {value}")?;
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
