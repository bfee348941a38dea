//! `fazhi check`: what the parser makes of files before they are added.

use super::output::write_json;
use crate::report::Report;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// `fazhi check --json` per file.
#[derive(Serialize)]
struct CheckJson<'a> {
    file: String,
    ok: bool,
    error: Option<String>,
    id: Option<String>,
    meta: Option<&'a crate::report::Meta>,
    sections: usize,
    figures: usize,
    warnings: Vec<String>,
}

pub fn check(files: &[PathBuf], json: bool, out: &mut dyn Write) -> Result<i32> {
    let mut status = 0;
    let mut docs = Vec::new();
    let parsed: Vec<_> = files
        .iter()
        .map(|f| (f, crate::library::read_report(f)))
        .collect();
    for (file, result) in &parsed {
        match result {
            Err(e) => {
                status = 1;
                if json {
                    docs.push(CheckJson {
                        file: file.display().to_string(),
                        ok: false,
                        error: Some(e.to_string()),
                        id: None,
                        meta: None,
                        sections: 0,
                        figures: 0,
                        warnings: Vec::new(),
                    });
                } else {
                    writeln!(out, "{e}")?;
                }
            }
            Ok(r) => {
                if json {
                    docs.push(CheckJson {
                        file: file.display().to_string(),
                        ok: true,
                        error: None,
                        id: Some(r.id()),
                        meta: Some(&r.meta),
                        sections: r.sections.len(),
                        figures: r.figures().count(),
                        warnings: r.warnings.clone(),
                    });
                } else {
                    write_check(file, r, out)?;
                }
            }
        }
    }
    if json {
        write_json(&docs, out)?;
    }
    Ok(status)
}

/// What `fazhi check` prints for one report.
pub(super) fn write_check(file: &std::path::Path, r: &Report, out: &mut dyn Write) -> Result<()> {
    let m = &r.meta;
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "?".into());
    writeln!(out, "{}", file.display())?;
    writeln!(out, "  id          {}", r.id())?;
    writeln!(out, "  title       {}", m.title)?;
    writeln!(
        out,
        "  district    {} · {} · {} ({})",
        opt(&m.district),
        opt(&m.prefecture),
        opt(&m.province),
        opt(&m.code)
    )?;
    writeln!(
        out,
        "  year        {}",
        m.year.map_or("?".into(), |y| y.to_string())
    )?;
    writeln!(out, "  issuers     {}", m.issuers.join(" "))?;
    if let Some(d) = &m.doc_number {
        writeln!(out, "  doc number  {d}")?;
    }
    if let Some(d) = &m.date {
        writeln!(out, "  date        {d}")?;
    }
    writeln!(
        out,
        "  body        {} sections, {} paragraphs before the first heading, {} figures",
        r.sections.len(),
        r.preamble.len(),
        r.figures().count()
    )?;
    writeln!(out, "  outline")?;
    for (i, s) in r.sections.iter().enumerate() {
        let title: String = s.title.chars().take(40).collect();
        writeln!(
            out,
            "    {}{}{}{} ({} ¶)",
            "  ".repeat(s.level as usize - 1),
            s.number,
            s.marker_gap(),
            title,
            r.sections[i].paragraphs.len()
        )?;
    }
    for w in &r.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    Ok(())
}
