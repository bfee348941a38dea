//! `fazhi search`: every line of every report matching a text or regular expression,
//! searched in the library store's text without decoding a report.

use crate::search::{self, Part, Query};
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
    text: String,
    /// Character offsets of the match in `text`.
    #[serde(rename = "match")]
    matched: [usize; 2],
}

/// Characters of context either side of a match.
const SNIPPET_CONTEXT: usize = 40;

/// `fazhi search`: print matches as they are found. Exit code 1 when there are none, as
/// with grep.
pub fn search(
    store: &Store,
    query: &str,
    regex: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let q = if regex {
        Query::regex(query)?
    } else {
        Query::literal(query)?
    };
    let tty = std::io::stdout().is_terminal();
    // Stdout writes each line on its own; thousands of hits want one write per 64 KB.
    let out = &mut std::io::BufWriter::with_capacity(1 << 16, out);
    let mut failed = None;
    let mut first = true;
    if json {
        write!(out, "[")?;
    }
    let cancel = AtomicBool::new(false);
    // Hits come report by report: a report's names are read from the store once.
    let (mut current, mut id, mut district, mut short_name) = (usize::MAX, "", None, String::new());
    let outcome = search::search_lines(store.corpus(), &q, &cancel, &mut |hit, text| {
        let r = store.report(hit.place.report);
        if hit.place.report != current {
            current = hit.place.report;
            (id, district, short_name) = (r.id(), r.district(), r.short_name());
        }
        let snip = search::snippet(text, hit.range, SNIPPET_CONTEXT);
        let (section, heading) = hit.place.section().map_or(("", ""), |s| r.section(s));
        let (part, line) = match hit.place.part {
            Part::FrontMatter(l) => ("front_matter", Some(l)),
            Part::SignOff(l) => ("sign_off", Some(l)),
            _ => ("body", None),
        };
        let written = if json {
            let row = SearchRow {
                report: id,
                district,
                year: r.year(),
                part,
                section,
                heading,
                paragraph: hit.place.paragraph(),
                line,
                matched: [snip.matched.start, snip.matched.end],
                text: snip.text,
            };
            serde_json::to_string(&row)
                .map_err(std::io::Error::other)
                .and_then(|j| write!(out, "{}\n  {j}", if first { "" } else { "," }))
        } else {
            let (open, close) = if tty {
                ("\x1b[1;31m", "\x1b[0m")
            } else {
                ("[[", "]]")
            };
            let place = match hit.place.part {
                Part::FrontMatter(_) => "⌃",
                Part::SignOff(_) => "⌄",
                _ if section.is_empty() => "¶",
                _ => section,
            };
            writeln!(
                out,
                "{short_name} ({id})  {place}  {}{open}{}{close}{}",
                &snip.text[..snip.bytes.start],
                &snip.text[snip.bytes.clone()],
                &snip.text[snip.bytes.end..]
            )
        };
        first = false;
        match written {
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
    eprintln!(
        "{} matches (searched {} reports)",
        outcome.hits,
        store.len()
    );
    Ok(if outcome.hits == 0 { 1 } else { 0 })
}
