//! `fazhi search`: every heading and paragraph matching a text or regular expression.

use crate::library::Library;
use crate::search::{self, Query, SearchIndex};
use anyhow::Result;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::ops::{ControlFlow, Range};
use std::sync::atomic::AtomicBool;

/// A match in `fazhi search --json`.
#[derive(Serialize)]
struct SearchRow<'a> {
    report: String,
    district: Option<&'a str>,
    year: Option<u16>,
    /// Section path (`一/（二）`); empty for the text before the first heading.
    section: String,
    /// Title of that section.
    heading: &'a str,
    /// Paragraph index in the section; `None` when the match is in the heading.
    paragraph: Option<usize>,
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
    lib: &Library,
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
    let ix = SearchIndex::build(&lib.reports);
    let tty = std::io::stdout().is_terminal();
    let mut failed = None;
    let mut first = true;
    if json {
        write!(out, "[")?;
    }
    let outcome = ix.search(&q, &AtomicBool::new(false), &mut |hit| {
        let r = &lib.reports[hit.place.report];
        let text = search::text_at(&lib.reports, hit.place).unwrap_or_default();
        let snip = search::snippet(text, hit.range, SNIPPET_CONTEXT);
        let section = hit.place.section.map_or(String::new(), |i| r.path(i));
        let written = if json {
            let row = SearchRow {
                report: r.id(),
                district: r.meta.district.as_deref(),
                year: r.meta.year,
                heading: hit.place.section.map_or("", |i| &r.sections[i].title),
                section,
                paragraph: hit.place.paragraph,
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
            let chars: Vec<char> = snip.text.chars().collect();
            let part = |r: Range<usize>| chars[r].iter().collect::<String>();
            writeln!(
                out,
                "{} ({})  {}  {}{open}{}{close}{}",
                r.short_name(),
                r.id(),
                if section.is_empty() { "¶" } else { &section },
                part(0..snip.matched.start),
                part(snip.matched.clone()),
                part(snip.matched.end..chars.len())
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
    eprintln!(
        "{} matches (searched {} reports)",
        outcome.hits,
        lib.reports.len()
    );
    Ok(if outcome.hits == 0 { 1 } else { 0 })
}
