//! `fazhi list`: one row per report, from the library store's reports table alone.

use super::output::{write_json, write_table};
use crate::store::{Row, Store};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// A row of `fazhi list --json`.
#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    district: Option<&'a str>,
    prefecture: Option<&'a str>,
    province: Option<&'a str>,
    code: Option<&'a str>,
    year: Option<u16>,
    title: &'a str,
    sections: usize,
    figures: usize,
    source: &'a str,
    warnings: Vec<&'a str>,
}

fn list_row(r: Row<'_>) -> ListRow<'_> {
    ListRow {
        id: r.id(),
        district: r.district(),
        prefecture: r.prefecture(),
        province: r.province(),
        code: r.code(),
        year: r.year(),
        title: r.title(),
        sections: r.sections(),
        figures: r.figures(),
        source: r.source(),
        warnings: r.warnings(),
    }
}

/// `fazhi list`: a table, or JSON.
pub fn list(store: &Store, json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        let rows: Vec<ListRow> = store.rows().map(list_row).collect();
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
    for r in store.rows() {
        let row = list_row(r);
        rows.push([
            row.id.to_string(),
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
