//! Shared output formats of the subcommands: padded tables, CSV fields and pretty JSON.

use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Print `value` as pretty JSON followed by a newline.
pub fn write_json<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Print rows as columns padded by display width (CJK counts double).
pub fn write_table<const N: usize>(rows: &[[String; N]], out: &mut dyn Write) -> Result<()> {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
    write_rows(&rows, out)
}

/// [`write_table`] for rows whose length is known only at run time (a column per figure
/// label or per year).
pub fn write_rows(rows: &[Vec<String>], out: &mut dyn Write) -> Result<()> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; n];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

pub use crate::compare::csv_field;
