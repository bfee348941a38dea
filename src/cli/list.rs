//! `fazhi list`: one row per report.

use super::output::{write_json, write_table};
use crate::library::Library;
use crate::report::Report;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// A row of `fazhi list --json`.
#[derive(Serialize)]
struct ListRow<'a> {
    id: String,
    district: Option<&'a str>,
    prefecture: Option<&'a str>,
    province: Option<&'a str>,
    code: Option<&'a str>,
    year: Option<u16>,
    title: &'a str,
    sections: usize,
    figures: usize,
    source: &'a str,
    warnings: &'a [String],
}

fn list_row(r: &Report) -> ListRow<'_> {
    ListRow {
        id: r.id(),
        district: r.meta.district.as_deref(),
        prefecture: r.meta.prefecture.as_deref(),
        province: r.meta.province.as_deref(),
        code: r.meta.code.as_deref(),
        year: r.meta.year,
        title: &r.meta.title,
        sections: r.sections.len(),
        figures: r.figures().count(),
        source: &r.source,
        warnings: &r.warnings,
    }
}

pub fn list(lib: &Library, json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        let rows: Vec<ListRow> = lib.reports.iter().map(list_row).collect();
        write_json(&rows, out)?;
        return Ok(());
    }
    let mut rows = vec![[
        "ID".to_string(),
        "DISTRICT".into(),
        "PREFECTURE".into(),
        "PROVINCE".into(),
        "YEAR".into(),
        "SECTIONS".into(),
        "FIGURES".into(),
    ]];
    for r in &lib.reports {
        let row = list_row(r);
        rows.push([
            row.id,
            row.district.unwrap_or("?").into(),
            row.prefecture.unwrap_or("?").into(),
            row.province.unwrap_or("?").into(),
            row.year.map_or("?".into(), |y| y.to_string()),
            row.sections.to_string(),
            row.figures.to_string(),
        ]);
    }
    write_table(&rows, out)
}
