//! Aligned plain-text tables for terminals.
//!
//! Widths are measured in terminal columns, not bytes, so Arabic and French text lines up.
//! Long cells are cut with an ellipsis so that a row fits a terminal line; the machine formats
//! (JSON, CSV, TSV) always carry the full text.

use super::escape::for_terminal;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The widest a cell is shown, in terminal columns.
pub(crate) const MAX_CELL_WIDTH: usize = 64;

/// Writes `rows` under `headers`, columns separated by two spaces, cells with line breaks
/// flattened so that one row stays one line, other control characters shown as escapes, and
/// cut at 64 columns.
pub fn write_table(
    out: &mut impl Write,
    headers: &[String],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let clean = |cell: &str| {
        let flat = cell.replace(['\n', '\r', '\t'], " ");
        truncate(&for_terminal(&flat, false), MAX_CELL_WIDTH)
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| clean(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    write_row(out, headers, &widths)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    write_row(out, &rule, &widths)?;
    for row in &rows {
        write_row(out, row, &widths)?;
    }
    Ok(())
}

/// `text` cut to at most `width` columns, ending in `…` when cut.
fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut cut = String::new();
    for c in text.chars() {
        if cut.width() + c.to_string().width() >= width {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut
}

fn write_row(out: &mut impl Write, cells: &[String], widths: &[usize]) -> io::Result<()> {
    let last = cells.len().saturating_sub(1);
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i == last {
            writeln!(out, "{cell}")?;
        } else {
            let padding = width.saturating_sub(cell.width());
            write!(out, "{cell}{}  ", " ".repeat(padding))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut() {
        let long = "x".repeat(100);
        let cut = truncate(&long, 10);
        assert_eq!(cut, format!("{}…", "x".repeat(9)));
        assert_eq!(cut.width(), 10);
        assert_eq!(truncate("short", 10), "short");
    }

    #[test]
    fn aligns_by_display_width() {
        let mut out = Vec::new();
        write_table(
            &mut out,
            &["a".into(), "b".into()],
            &[
                vec!["كيدال".into(), "x".into()],
                vec!["Kidal city".into(), "y".into()],
            ],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "a           b");
        assert_eq!(lines[2], "كيدال       x");
        assert_eq!(lines[3], "Kidal city  y");
    }
}
