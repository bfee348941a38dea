//! `fazhi figures`: the figures of a report as a table, CSV or JSON.

use super::output::{csv_field, write_json, write_table};
use crate::report::{Figure, Report};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// A row of `fazhi figures --json`.
#[derive(Serialize)]
struct FigureRow<'a> {
    text: &'a str,
    /// How the text table shows it ([`Figure::shown`]); JSON and CSV keep the text as written.
    #[serde(skip)]
    shown: String,
    value: f64,
    unit: &'a str,
    kind: crate::report::FigureKind,
    approx: bool,
    label: &'a str,
    section: String,
    /// Index of the paragraph within its section (or the preamble).
    paragraph: usize,
    /// Character offsets of the figure within the paragraph.
    range: [usize; 2],
    change: Option<crate::report::Change>,
    /// Under a heading of the year ahead ([`Report::in_plan`]): a target, not what the year did.
    target: bool,
}

fn figure_rows(r: &Report) -> Vec<FigureRow<'_>> {
    // Character offsets counted on from the paragraph's previous figure, not from its start:
    // a paragraph of one long line holds many figures (linear, not quadratic, in its length).
    let mut counted: ((Option<usize>, usize), usize, usize) = ((None, usize::MAX), 0, 0);
    r.positioned_figures()
        .map(
            |(sec, paragraph, p, f): (Option<usize>, usize, _, &Figure)| FigureRow {
                text: &f.text,
                shown: f.shown().into_owned(),
                value: f.value,
                unit: &f.unit,
                kind: f.kind,
                approx: f.approx,
                label: &f.label,
                section: sec.map_or(String::new(), |i| r.path(i)),
                paragraph,
                range: {
                    let (key, byte, chars) = counted;
                    let (byte, chars) = match key == (sec, paragraph) && byte <= f.range.start {
                        true => (byte, chars),
                        false => (0, 0),
                    };
                    let start = chars
                        + p.text
                            .get(byte..f.range.start)
                            .map_or(0, |s| s.chars().count());
                    counted = ((sec, paragraph), f.range.start, start);
                    [start, start + f.text.chars().count()]
                },
                change: f.change,
                target: sec.is_some_and(|i| r.in_plan(i)),
            },
        )
        .collect()
}

pub fn figures(r: &Report, csv: bool, json: bool, out: &mut dyn Write) -> Result<()> {
    let rows = figure_rows(r);
    if json {
        write_json(&rows, out)?;
    } else if csv {
        writeln!(
            out,
            "text,value,unit,kind,approx,label,section,paragraph,start,end,target"
        )?;
        for f in &rows {
            let kind = serde_json::to_value(f.kind)?;
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(f.text),
                f.value,
                csv_field(f.unit),
                kind.as_str().unwrap_or(""),
                f.approx,
                csv_field(f.label),
                csv_field(&f.section),
                f.paragraph,
                f.range[0],
                f.range[1],
                f.target
            )?;
        }
    } else {
        let mut table = vec![[
            "SECTION".to_string(),
            "KIND".into(),
            "FIGURE".into(),
            "LABEL".into(),
        ]];
        for f in &rows {
            let kind = serde_json::to_value(f.kind)?;
            table.push([
                f.section.clone(),
                kind.as_str().unwrap_or("").to_string(),
                f.shown.clone(),
                f.label.to_string(),
            ]);
        }
        write_table(&table, out)?;
    }
    Ok(())
}
