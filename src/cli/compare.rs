//! `fazhi compare`, `fazhi table` and `fazhi history`: figures across reports.

use super::output::{csv_field, write_json, write_rows, write_table};
use crate::compare::{self, Change, Comparison, FigureTable, Placed};
use crate::library::Library;
use crate::report::Report;
use crate::topic::Topics;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// How a table is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Columns padded for a terminal.
    Text,
    /// Comma-separated, one header line.
    Csv,
    /// A Markdown table.
    Markdown,
    /// JSON.
    Json,
}

impl Format {
    /// The format chosen by the flags (JSON over CSV over Markdown over text).
    pub fn from_flags(json: bool, csv: bool, md: bool) -> Format {
        match (json, csv, md) {
            (true, _, _) => Format::Json,
            (_, true, _) => Format::Csv,
            (_, _, true) => Format::Markdown,
            _ => Format::Text,
        }
    }
}

/// `fazhi compare A B`.
pub fn compare(
    topics: &Topics,
    lib: &Library,
    a: usize,
    b: usize,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let (ra, rb) = (lib.report(a), lib.report(b));
    let cmp = compare::compare(topics, &ra, &rb);
    match format {
        Format::Json => {
            write_json(&cmp, out)?;
        }
        Format::Csv => compare_csv(&cmp, out)?,
        Format::Text | Format::Markdown => compare_text(&cmp, &ra, &rb, out)?,
    }
    Ok(())
}

fn compare_csv(cmp: &Comparison, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "row,label,section_a,a,value_a,section_b,b,value_b,change,relative,paired_by"
    )?;
    for p in &cmp.pairs {
        writeln!(
            out,
            "pair,{},{},{},{},{},{},{},{},{},{}",
            csv_field(&p.label),
            csv_field(&p.a.section),
            csv_field(&p.a.figure.text),
            p.a.figure.value,
            csv_field(&p.b.section),
            csv_field(&p.b.figure.text),
            p.b.figure.value,
            p.change.delta,
            p.change
                .relative
                .map_or(String::new(), |r| format!("{r:.1}")),
            p.by
        )?;
    }
    let one_side = |side: &str, f: &Placed, out: &mut dyn Write| -> Result<()> {
        let cells = [
            csv_field(&f.section),
            csv_field(&f.figure.text),
            f.figure.value.to_string(),
        ];
        let (a, b) = if side == "only_a" {
            (cells.join(","), ",,".to_string())
        } else {
            (",,".to_string(), cells.join(","))
        };
        writeln!(out, "{side},{},{a},{b},,,", csv_field(&f.figure.label))?;
        Ok(())
    };
    for f in &cmp.only_a {
        one_side("only_a", f, out)?;
    }
    for f in &cmp.only_b {
        one_side("only_b", f, out)?;
    }
    for t in &cmp.topics_only_a {
        writeln!(out, "topic_only_a,{},,,,,,,,,", csv_field(t))?;
    }
    for t in &cmp.topics_only_b {
        writeln!(out, "topic_only_b,{},,,,,,,,,", csv_field(t))?;
    }
    Ok(())
}

fn compare_text(cmp: &Comparison, a: &Report, b: &Report, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "{} ({})  ↔  {} ({})",
        a.short_name(),
        cmp.a,
        b.short_name(),
        cmp.b
    )?;
    writeln!(out, "\nSections, aligned by topic:")?;
    let heading = |r: &Report, s: Option<usize>| match s {
        Some(s) => format!("{} {}", r.path(s), r.sections[s].title),
        None => "—".to_string(),
    };
    let mut rows = vec![[a.short_name(), b.short_name(), "TOPICS".to_string()]];
    for row in &cmp.sections {
        rows.push([heading(a, row.a), heading(b, row.b), row.topics.join(" ")]);
    }
    write_table(&rows, out)?;
    writeln!(out, "\nFigures both state ({}):", cmp.pairs.len())?;
    let mut rows = Vec::new();
    for p in &cmp.pairs {
        rows.push([
            p.label.clone(),
            format!("{} → {}", p.a.figure.shown(), p.b.figure.shown()),
            p.change.describe(&p.a.figure.unit),
        ]);
    }
    write_table(&rows, out)?;
    for (name, only) in [(a.short_name(), &cmp.only_a), (b.short_name(), &cmp.only_b)] {
        writeln!(out, "\nOnly in {name} ({}):", only.len())?;
        let rows: Vec<[String; 3]> = only
            .iter()
            .map(|f| {
                [
                    f.section.clone(),
                    f.figure.label.clone(),
                    f.figure.shown().into_owned(),
                ]
            })
            .collect();
        write_table(&rows, out)?;
    }
    for (name, only) in [
        (a.short_name(), &cmp.topics_only_a),
        (b.short_name(), &cmp.topics_only_b),
    ] {
        if !only.is_empty() {
            writeln!(out, "\nTopics only {name} covers: {}", only.join(" "))?;
        }
    }
    Ok(())
}

/// The column a user names: its label (or a unique part of it), or its number from 1.
pub fn column(table: &FigureTable, name: &str) -> Result<usize> {
    if let Ok(n) = name.parse::<usize>() {
        if (1..=table.columns.len()).contains(&n) {
            return Ok(n - 1);
        }
    }
    if let Some(i) = table.columns.iter().position(|c| c.label == name) {
        return Ok(i);
    }
    let containing: Vec<usize> = (0..table.columns.len())
        .filter(|&i| table.columns[i].label.contains(name))
        .collect();
    match containing.as_slice() {
        [i] => Ok(*i),
        _ => {
            let labels: Vec<&str> = table.columns.iter().map(|c| c.label.as_str()).collect();
            anyhow::bail!(
                "no single column \"{name}\"; columns are: {}",
                labels.join(", ")
            )
        }
    }
}

/// `fazhi table TOPIC`: a row per report, a column per figure label.
pub fn table(
    lib: &Library,
    table: &FigureTable,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let (header, rows) = compare::table_text(table, None);
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Json<'a> {
                id: String,
                #[serde(flatten)]
                row: &'a compare::Row,
            }
            #[derive(Serialize)]
            struct Whole<'a> {
                columns: &'a [compare::Column],
                rows: Vec<Json<'a>>,
            }
            let whole = Whole {
                columns: &table.columns,
                rows: table
                    .rows
                    .iter()
                    .map(|row| Json {
                        id: lib.report(row.report).id(),
                        row,
                    })
                    .collect(),
            };
            write_json(&whole, out)?;
        }
        Format::Csv => write!(out, "{}", compare::table_csv(lib, table, None))?,
        Format::Markdown => write!(out, "{}", compare::table_markdown(table, None))?,
        Format::Text => {
            let mut lines = vec![std::iter::once("REPORT".to_string())
                .chain(header.iter().cloned())
                .collect::<Vec<_>>()];
            for (name, cells) in &rows {
                lines.push(
                    std::iter::once(name.clone())
                        .chain(cells.iter().cloned())
                        .collect(),
                );
            }
            write_rows(&lines, out)?;
        }
    }
    Ok(())
}

/// `fazhi history DISTRICT`: each figure label with its values by year and the change.
pub fn history(
    table: &FigureTable,
    lib: &Library,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let years: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            lib.report(r.report)
                .meta
                .year
                .map_or_else(|| "?".to_string(), |y| y.to_string())
        })
        .collect();
    let lines: Vec<Line> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let values: Vec<Option<Placed>> =
                table.rows.iter().map(|r| r.cells[c].clone()).collect();
            let changes = table.changes(c);
            Line {
                label: column.label.clone(),
                unit: column.unit.clone(),
                values,
                changes,
            }
        })
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Whole<'a> {
                years: &'a [String],
                reports: Vec<String>,
                figures: &'a [Line],
            }
            let whole = Whole {
                years: &years,
                reports: table
                    .rows
                    .iter()
                    .map(|r| lib.report(r.report).id())
                    .collect(),
                figures: &lines,
            };
            write_json(&whole, out)?;
        }
        Format::Csv => {
            let head: Vec<String> = years.iter().map(|y| csv_field(y)).collect();
            writeln!(out, "label,unit,{},change", head.join(","))?;
            for line in &lines {
                let values: Vec<String> = line
                    .values
                    .iter()
                    .map(|v| {
                        csv_field(&v.as_ref().map_or(String::new(), |p| p.figure.text.clone()))
                    })
                    .collect();
                writeln!(
                    out,
                    "{},{},{},{}",
                    csv_field(&line.label),
                    csv_field(&line.unit),
                    values.join(","),
                    csv_field(&last_change(line))
                )?;
            }
        }
        Format::Text | Format::Markdown => {
            let mut rows = vec![std::iter::once("FIGURE".to_string())
                .chain(years.iter().cloned())
                .chain(std::iter::once("CHANGE".to_string()))
                .collect::<Vec<_>>()];
            for line in &lines {
                rows.push(
                    std::iter::once(line.label.clone())
                        .chain(line.values.iter().map(|v| {
                            v.as_ref()
                                .map_or("—".to_string(), |p| p.figure.shown().into_owned())
                        }))
                        .chain(std::iter::once(last_change(line)))
                        .collect(),
                );
            }
            if format == Format::Markdown {
                let header: Vec<String> = rows[0][1..].to_vec();
                let body: Vec<(String, Vec<String>)> = rows[1..]
                    .iter()
                    .map(|r| (r[0].clone(), r[1..].to_vec()))
                    .collect();
                write!(out, "{}", compare::markdown(&header, &body))?;
            } else {
                write_rows(&rows, out)?;
            }
        }
    }
    Ok(())
}

/// One figure label of a district's history.
#[derive(Serialize)]
struct Line {
    label: String,
    unit: String,
    values: Vec<Option<Placed>>,
    /// From the previous year that states the figure to this one.
    changes: Vec<Option<Change>>,
}

/// The change into the latest year that states a figure, described.
fn last_change(line: &Line) -> String {
    line.changes
        .iter()
        .rev()
        .flatten()
        .next()
        .map_or(String::new(), |c| c.describe(&line.unit))
}
