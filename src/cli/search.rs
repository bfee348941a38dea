//! `fazhi search`: every line of every report matching a text or regular expression,
//! searched in the library store's text without decoding a report.

use crate::search::{self, LineMatch, Part, Query};
use crate::store::Store;
use anyhow::Result;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::sync::atomic::AtomicBool;

/// A match in `fazhi search --json`.
#[derive(Serialize)]
struct SearchRow<'a> {
    report: &'a str,
    district: Option<&'a str>,
    year: Option<u16>,
    /// Which lines: `front_matter` (issuer, title …), `body` or `sign_off`.
    part: &'static str,
    /// Section path (`一/（二）`); empty outside the body's sections.
    section: &'a str,
    /// Title of that section.
    heading: &'a str,
    /// Paragraph index in the section or preamble; `None` for a heading or a front-matter
    /// or sign-off line.
    paragraph: Option<usize>,
    /// Line index in the front matter or sign-off.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    text: &'a str,
    /// Character offsets of the match in `text`.
    #[serde(rename = "match")]
    matched: [usize; 2],
}

/// Characters of context either side of a match.
const SNIPPET_CONTEXT: usize = 40;

/// Sets the bytes of a piece of work instead of [`search::CHUNK`], so tests can make a small
/// library split where a large one would.
const CHUNK_VAR: &str = "FAZHI_SEARCH_CHUNK_BYTES";

/// `fazhi search`: print matches as they are found. Exit code 1 when there are none, as
/// with grep.
///
/// The text is searched in chunks on all cores; each thread formats its chunk's matches
/// into a buffer of its own, and the buffers are written in document order.
pub fn search(store: &Store, q: &Query, json: bool, out: &mut dyn Write) -> Result<i32> {
    let chunk = chunk_bytes();
    let style = if json {
        Style::Json
    } else if std::io::stdout().is_terminal() {
        Style::Text("\x1b[1;31m", "\x1b[0m")
    } else {
        Style::Text("[[", "]]")
    };
    let mut failed = None;
    let mut hits = 0;
    let mut first = true;
    if json {
        out.write_all(b"[")?;
    }
    let cancel = AtomicBool::new(false);
    let format = |found: Vec<LineMatch<'_>>| Chunk::format(store, &found, style);
    search::search_chunks(store.corpus(), q, chunk, &cancel, &format, &mut |done| {
        hits += done.hits;
        // JSON rows each begin with `,`: all but the first of the whole output.
        let skip = usize::from(json && first && !done.bytes.is_empty());
        first &= done.bytes.is_empty();
        match done
            .result
            .and_then(|()| out.write_all(&done.bytes[skip..]))
        {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    if let Some(e) = failed {
        return Err(e.into());
    }
    if json {
        writeln!(out, "{}]", if first { "" } else { "\n" })?;
    }
    out.flush()?;
    eprintln!("{hits} matches (searched {} reports)", store.len());
    Ok(if hits == 0 { 1 } else { 0 })
}

/// The query as typed: a literal in any of its spellings, a regular expression with
/// `--regex`, or the text only as typed with `--exact`.
pub fn query(text: &str, regex: bool, exact: bool) -> Result<Query> {
    Ok(if regex {
        Query::regex(text)?
    } else if exact {
        Query::exact(text)?
    } else {
        Query::literal(text)?
    })
}

fn chunk_bytes() -> usize {
    std::env::var(CHUNK_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(search::CHUNK)
}

/// A report's count in `fazhi search --count --json`.
#[derive(Serialize)]
struct CountRow<'a> {
    report: &'a str,
    district: Option<&'a str>,
    year: Option<u16>,
    matches: usize,
}

/// `fazhi search --count`: how many matches each report has, in library order, reports
/// with none left out (as `rg -c`). Exit code 1 when there are none.
pub fn count(store: &Store, q: &Query, json: bool, out: &mut dyn Write) -> Result<i32> {
    // Per chunk, (report, matches) runs in order; a report's matches may span chunks.
    let tally = |found: Vec<LineMatch<'_>>| {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for hit in found {
            add_run(&mut runs, hit.place.report, 1);
        }
        runs
    };
    let mut counts: Vec<(usize, usize)> = Vec::new();
    let cancel = AtomicBool::new(false);
    search::search_chunks(
        store.corpus(),
        q,
        chunk_bytes(),
        &cancel,
        &tally,
        &mut |runs| {
            for (report, n) in runs {
                add_run(&mut counts, report, n);
            }
            ControlFlow::Continue(())
        },
    );
    let rows = counts
        .iter()
        .map(|&(i, matches)| (store.report(i), matches));
    if json {
        let rows: Vec<CountRow> = rows
            .map(|(r, matches)| CountRow {
                report: r.id(),
                district: r.district(),
                year: r.year(),
                matches,
            })
            .collect();
        // As an io::Error, so a closed pipe (`| head`) ends the command quietly.
        serde_json::to_writer_pretty(&mut *out, &rows).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        for (r, matches) in rows {
            writeln!(out, "{} ({})  {matches}", r.short_name(), r.id())?;
        }
    }
    out.flush()?;
    let hits: usize = counts.iter().map(|c| c.1).sum();
    eprintln!(
        "{hits} matches in {} reports (searched {} reports)",
        counts.len(),
        store.len()
    );
    Ok(if hits == 0 { 1 } else { 0 })
}

/// Add `n` matches of `report` to `runs`, whose last run it continues when it is the same
/// report (matches come in document order).
fn add_run(runs: &mut Vec<(usize, usize)>, report: usize, n: usize) {
    match runs.last_mut() {
        Some((r, total)) if *r == report => *total += n,
        _ => runs.push((report, n)),
    }
}

/// How matches are printed.
#[derive(Clone, Copy)]
enum Style {
    /// A line each, the match between these marks.
    Text(&'static str, &'static str),
    /// Rows of a JSON array, each written as `,\n  {…}`.
    Json,
}

/// One chunk's matches, formatted.
struct Chunk {
    hits: usize,
    bytes: Vec<u8>,
    /// Whether formatting failed (a JSON row that could not be written).
    result: std::io::Result<()>,
}

impl Chunk {
    fn format(store: &Store, found: &[LineMatch<'_>], style: Style) -> Chunk {
        let mut bytes = Vec::with_capacity(found.len() * 256);
        let result = write_rows(store, found, style, &mut bytes);
        Chunk {
            hits: found.len(),
            bytes,
            result,
        }
    }
}

/// Append the rows of `found` to `out`. Matches come report by report: a report's names
/// are read from the store once, and one snippet buffer serves them all.
fn write_rows(
    store: &Store,
    found: &[LineMatch<'_>],
    style: Style,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let (mut current, mut id, mut district, mut short_name) = (usize::MAX, "", None, String::new());
    // The section of the last match, and its path and title: most matches share it.
    let mut names = (None, ("", ""));
    let mut text = String::new();
    for hit in found {
        let r = store.report(hit.place.report);
        if hit.place.report != current {
            current = hit.place.report;
            (id, district, short_name) = (r.id(), r.district(), r.short_name());
        }
        let (matched, bytes) =
            search::snippet_into(hit.line, hit.range.clone(), SNIPPET_CONTEXT, &mut text);
        let at = hit.place.section().map(|s| (current, s));
        if names.0 != at {
            names = (at, at.map_or(("", ""), |(_, s)| r.section(s)));
        }
        let (section, heading) = names.1;
        match style {
            Style::Json => {
                let (part, line) = match hit.place.part {
                    Part::FrontMatter(l) => ("front_matter", Some(l)),
                    Part::SignOff(l) => ("sign_off", Some(l)),
                    _ => ("body", None),
                };
                let row = SearchRow {
                    report: id,
                    district,
                    year: r.year(),
                    part,
                    section,
                    heading,
                    paragraph: hit.place.paragraph(),
                    line,
                    matched: [matched.start, matched.end],
                    text: &text,
                };
                out.extend_from_slice(b",\n  ");
                serde_json::to_writer(&mut *out, &row)?;
            }
            Style::Text(open, close) => {
                let place = match hit.place.part {
                    Part::FrontMatter(_) => "⌃",
                    Part::SignOff(_) => "⌄",
                    _ if section.is_empty() => "¶",
                    _ => section,
                };
                for part in [
                    &short_name,
                    " (",
                    id,
                    ")  ",
                    place,
                    "  ",
                    &text[..bytes.start],
                    open,
                    &text[bytes.clone()],
                    close,
                    &text[bytes.end..],
                    "\n",
                ] {
                    out.extend_from_slice(part.as_bytes());
                }
            }
        }
    }
    Ok(())
}
