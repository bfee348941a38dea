//! A figure table as text to save or paste: CSV for spreadsheets, Markdown for documents.
//! Both the command line (`fazhi table --csv|--md`) and the reader's export write these.

use super::FigureTable;
use crate::library::Library;

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The table as CSV: `id,district,year` and one column per label, values with their units,
/// empty where a report does not say; `library` is the one the table was built from. With
/// `change` (its header word), each label's column is followed by its change from the row
/// above that states it, as the reader's year table shows it ([`FigureTable::changes`]).
pub fn table_csv(library: &Library, table: &FigureTable, change: Option<&str>) -> String {
    let (header, rows) = table_text(table, change);
    let head: Vec<String> = header.iter().map(|h| csv_field(h)).collect();
    let mut out = format!("id,district,year,{}\n", head.join(","));
    for (row, (_, cells)) in table.rows.iter().zip(rows) {
        let r = library.row(row.report);
        let cells: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&format!(
            "{},{},{},{}\n",
            r.id(),
            csv_field(r.district().unwrap_or("")),
            r.year().map_or(String::new(), |y| y.to_string()),
            cells.join(",")
        ));
    }
    out
}

/// The table as Markdown, one row per report named `文登区 2023`; `change` as for
/// [`table_csv`].
pub fn table_markdown(table: &FigureTable, change: Option<&str>) -> String {
    let (header, rows) = table_text(table, change);
    markdown(&header, &rows)
}

/// The table as text: the column labels, and each row's name with its figures as written
/// (empty where the report does not say); `change` as for [`table_csv`].
pub fn table_text(
    table: &FigureTable,
    change: Option<&str>,
) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let changes: Vec<Vec<String>> = match change {
        Some(_) => (0..table.columns.len())
            .map(|c| {
                let unit = &table.columns[c].unit;
                let described = table.changes(c).into_iter();
                described
                    .map(|d| d.map_or(String::new(), |d| d.describe(unit)))
                    .collect()
            })
            .collect(),
        None => Vec::new(),
    };
    let header = table
        .columns
        .iter()
        .flat_map(|c| {
            let after = change.map(|word| format!("{} {word}", c.label));
            std::iter::once(c.label.clone()).chain(after)
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = row
                .cells
                .iter()
                .enumerate()
                .flat_map(|(c, cell)| {
                    let value = cell
                        .as_ref()
                        .map_or(String::new(), |p| p.figure.shown().into_owned());
                    let after = changes.get(c).map(|col| col[r].clone());
                    std::iter::once(value).chain(after)
                })
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
