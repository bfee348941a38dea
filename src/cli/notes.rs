//! `fazhi notes list|export|import`.

use super::output::write_json;
use super::{Cli, NotesCommand};
use crate::library::{Library, Reports};
use crate::report::Report;
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::io::Write;

/// Run a `notes` subcommand; the exit code is 1 when `notes list` finds nothing, as with grep.
pub fn notes(cli: &Cli, lib: &Library, cmd: &NotesCommand, out: &mut dyn Write) -> Result<i32> {
    use crate::note::{self, NoteFilter, Store};
    let dir = cli
        .notes_dir()
        .context("no data directory: set HOME or pass --data-dir")?;
    // Listing and exporting only read: a database its user may not write is read as it is.
    let reads_only = matches!(cmd, NotesCommand::List { .. } | NotesCommand::Export { .. });
    let mut store = match Store::open(&dir) {
        Err(note::NoteError::ReadOnly { .. }) if reads_only => Store::open_read_only(&dir)?,
        opened => opened?,
    };
    match cmd {
        NotesCommand::List { report, tag, json } => {
            let report_id = match report {
                Some(r) => Some(lib.report(lib.find(r)?).id()),
                None => None,
            };
            let notes = store.list(&NoteFilter {
                report: report_id,
                tag: tag.clone(),
            })?;
            if notes.is_empty() {
                if *json {
                    write_json(&notes, out)?;
                }
                let on = report
                    .as_ref()
                    .map(|r| format!(" on {r}"))
                    .unwrap_or_default();
                let tagged = tag
                    .as_ref()
                    .map(|t| format!(" tagged #{}", t.trim_start_matches(['#', '＃'])))
                    .unwrap_or_default();
                eprintln!("fazhi: no notes{on}{tagged}");
                return Ok(1);
            }
            if *json {
                write_json(&notes, out)?;
            } else {
                let name = |id: &str| {
                    lib.index_of(id)
                        .map_or(id.to_string(), |i| lib.row(i).short_name())
                };
                for n in &notes {
                    let path = if n.anchor.section_path.is_empty() {
                        "¶".to_string()
                    } else {
                        n.anchor.section_path.clone()
                    };
                    writeln!(
                        out,
                        "{}  {} › {}  {}  — {} {}",
                        n.id,
                        name(&n.report_id),
                        path,
                        n.body.replace('\n', " "),
                        n.author,
                        n.updated
                    )?;
                }
            }
        }
        NotesCommand::Export { format } => {
            let notes = store.list(&NoteFilter::default())?;
            let text = match format.as_str() {
                "json" => note::export_json(&notes),
                "w3c" => note::export_w3c(&notes),
                _ => note::export_markdown(&notes, &noted_reports(lib, &notes)),
            };
            write!(out, "{text}")?;
        }
        NotesCommand::Import { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("{}: cannot read", file.display()))?;
            let summary = note::import(&mut store, &text)
                .with_context(|| format!("{}: cannot import", file.display()))?;
            writeln!(
                out,
                "imported {} new, {} updated, {} unchanged",
                summary.added, summary.updated, summary.unchanged
            )?;
        }
    }
    Ok(0)
}

/// The reports that `notes` are on, decoded: the export names them and quotes their figures,
/// and needs no other report of the library.
fn noted_reports(lib: &Library, notes: &[crate::note::Note]) -> Vec<Report> {
    let ids: HashSet<&str> = notes.iter().map(|n| n.report_id.as_str()).collect();
    let noted: Vec<usize> = lib
        .rows()
        .filter(|r| ids.contains(r.id()))
        .map(|r| r.index())
        .collect();
    let mut reports = Vec::with_capacity(noted.len());
    lib.each_of(&noted, &mut |_, r| reports.push(r.clone()));
    reports
}
