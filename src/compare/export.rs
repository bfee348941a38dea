//! A figure table as text to save or paste: CSV for spreadsheets, Markdown for documents.
//! Both the command line (`fazhi table --csv|--md`) and the reader's export write these.

use super::FigureTable;
use crate::report::Report;

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The table as CSV: `id,district,year` and one column per label, values with their units,
/// empty where a report does not say. `reports` is the slice the table was built from.
pub fn table_csv(reports: &[Report], table: &FigureTable) -> String {
    let head: Vec<String> = table.columns.iter().map(|c| csv_field(&c.label)).collect();
    let mut out = format!("id,district,year,{}\n", head.join(","));
    for row in &table.rows {
        let r = &reports[row.report];
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| csv_field(c.as_ref().map_or("", |p| p.figure.text.as_str())))
            .collect();
        out.push_str(&format!(
            "{},{},{},{}\n",
            r.id(),
            csv_field(r.meta.district.as_deref().unwrap_or("")),
            r.meta.year.map_or(String::new(), |y| y.to_string()),
            cells.join(",")
        ));
    }
    out
}

/// The table as Markdown, one row per report named `文登区 2023`.
pub fn table_markdown(table: &FigureTable) -> String {
    let (header, rows) = table_text(table);
    markdown(&header, &rows)
}

/// The table as text: the column labels, and each row's name with its figures as written
/// (empty where the report does not say).
pub fn table_text(table: &FigureTable) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let header = table.columns.iter().map(|c| c.label.clone()).collect();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .map(|c| c.as_ref().map_or(String::new(), |p| p.figure.text.clone()))
                .collect();
            (row.name.clone(), cells)
        })
        .collect();
    (header, rows)
}

/// A Markdown table with `报告` as the first column; `|` in a cell is escaped.
pub fn markdown(header: &[String], rows: &[(String, Vec<String>)]) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut md = String::from("| 报告 |");
    for h in header {
        md.push_str(&format!(" {} |", cell(h)));
    }
    md.push_str("\n|---|");
    md.push_str(&"---|".repeat(header.len()));
    md.push('\n');
    for (name, cells) in rows {
        md.push_str(&format!("| {} |", cell(name)));
        for c in cells {
            md.push_str(&format!(" {} |", cell(c)));
        }
        md.push('\n');
    }
    md
}
