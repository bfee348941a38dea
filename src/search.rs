//! Search across the library: every heading and paragraph of every report, by literal text
//! or by regular expression. (The fuzzy palette in [`crate::palette`] is a different thing:
//! it ranks topics and headings; this finds every occurrence.)
//!
//! [`SearchIndex::build`] copies all searchable text into one buffer, each piece followed by
//! `\n`, with the start offset of every piece; a literal query is then one `memmem` pass over
//! that buffer, and each match maps back to its (report, section, paragraph) by binary
//! search. The pass runs in chunks and checks a cancel flag between them, and hits are
//! handed to a callback as they are found, so a reader can search on another thread while
//! the user keeps typing.

use crate::report::Report;
use memchr::memmem;
use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes searched between two looks at the cancel flag (about a millisecond of work).
const CHUNK: usize = 1 << 20;
/// `u32::MAX` in a packed place: no section (the preamble), or the heading itself.
const NONE: u32 = u32::MAX;

/// Why a query cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Nothing to search for.
    #[error("empty search")]
    Empty,
    /// The regular expression does not parse.
    #[error("invalid regex {pattern:?}: {why}")]
    Regex {
        /// The pattern as given.
        pattern: String,
        /// The parser's complaint, on one line.
        why: String,
    },
}

/// A compiled query.
#[derive(Debug)]
pub struct Query {
    matcher: Matcher,
}

#[derive(Debug)]
enum Matcher {
    Literal(memmem::Finder<'static>),
    Regex {
        re: regex_lite::Regex,
        /// Text every match contains, if one can be read off the pattern: pieces without it
        /// are skipped without running the regex.
        required: Option<memmem::Finder<'static>>,
    },
}

impl Query {
    /// Find `text` exactly (case-sensitive; surrounding whitespace ignored).
    pub fn literal(text: &str) -> Result<Query, SearchError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(SearchError::Empty);
        }
        Ok(Query {
            matcher: Matcher::Literal(memmem::Finder::new(text.as_bytes()).into_owned()),
        })
    }

    /// Find matches of a regular expression (`regex-lite` syntax). `^` and `$` match at the
    /// start and end of a paragraph or heading.
    pub fn regex(pattern: &str) -> Result<Query, SearchError> {
        if pattern.is_empty() {
            return Err(SearchError::Empty);
        }
        let re = regex_lite::Regex::new(pattern).map_err(|e| SearchError::Regex {
            pattern: pattern.to_string(),
            // The parser's message spans several lines (pattern, caret, error); keep the
            // error itself.
            why: e
                .to_string()
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .trim_start_matches("error: ")
                .to_string(),
        })?;
        let required =
            required_literal(pattern).map(|lit| memmem::Finder::new(lit.as_bytes()).into_owned());
        Ok(Query {
            matcher: Matcher::Regex { re, required },
        })
    }
}

/// Where a searched piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPlace {
    /// Index into the reports the index was built from.
    pub report: usize,
    /// Index into the report's sections; `None` for the preamble.
    pub section: Option<usize>,
    /// Index into the section's (or preamble's) paragraphs; `None` for the heading itself.
    pub paragraph: Option<usize>,
}

/// One match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    /// The paragraph or heading it is in.
    pub place: TextPlace,
    /// Byte range of the match in that paragraph's text (or the section's title).
    pub range: Range<usize>,
}

/// How a search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchSummary {
    /// Hits passed to the callback.
    pub hits: usize,
    /// Stopped by the cancel flag or the callback before the end.
    pub stopped: bool,
}

/// All searchable text of a library in one buffer.
#[derive(Debug, Default)]
pub struct SearchIndex {
    text: String,
    /// Start of each piece in `text`.
    starts: Vec<usize>,
    /// (report, section, paragraph) of each piece, packed; see [`NONE`].
    places: Vec<[u32; 3]>,
}

impl SearchIndex {
    /// Copy the headings and paragraphs of `reports` into one searchable buffer.
    pub fn build(reports: &[Report]) -> SearchIndex {
        let mut ix = SearchIndex::default();
        let mut push = |text: &str, place: [u32; 3]| {
            ix.starts.push(ix.text.len());
            ix.places.push(place);
            ix.text.push_str(text);
            ix.text.push('\n');
        };
        let n = |i: usize| u32::try_from(i).unwrap_or(NONE - 1);
        for (r, report) in reports.iter().enumerate() {
            for (p, para) in report.preamble.iter().enumerate() {
                push(&para.text, [n(r), NONE, n(p)]);
            }
            for (s, section) in report.sections.iter().enumerate() {
                push(&section.title, [n(r), n(s), NONE]);
                for (p, para) in section.paragraphs.iter().enumerate() {
                    push(&para.text, [n(r), n(s), n(p)]);
                }
            }
        }
        ix
    }

    /// Bytes of text searched per query.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Nothing to search.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn piece(&self, i: usize) -> &str {
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e) - 1;
        &self.text[self.starts[i]..end]
    }

    fn place(&self, i: usize) -> TextPlace {
        let [r, s, p] = self.places[i];
        let opt = |v: u32| (v != NONE).then_some(v as usize);
        TextPlace {
            report: r as usize,
            section: opt(s),
            paragraph: opt(p),
        }
    }

    /// Run `query`, calling `on_hit` for each match in document order as it is found.
    /// Stops early when `cancel` becomes true (checked about every megabyte) or `on_hit`
    /// returns `Break`.
    ///
    /// The text is searched a megabyte at a time; with more than one core a second thread
    /// takes every other megabyte, and hits are still passed on in document order.
    pub fn search(
        &self,
        query: &Query,
        cancel: &AtomicBool,
        on_hit: &mut dyn FnMut(TextMatch) -> ControlFlow<()>,
    ) -> SearchSummary {
        let chunks = self.chunks();
        let mut out = SearchSummary {
            hits: 0,
            stopped: false,
        };
        // Pass one chunk's hits on; false when the search is to stop.
        let mut emit = |hits: Vec<(usize, Range<usize>)>| {
            for (piece, range) in hits {
                out.hits += 1;
                let place = self.place(piece);
                if on_hit(TextMatch { place, range }).is_break() {
                    return false;
                }
            }
            true
        };
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let finished = if chunks.len() < 2 || threads < 2 {
            chunks.iter().all(|chunk| {
                !cancel.load(Ordering::Relaxed) && emit(self.scan(query, chunk.clone()))
            })
        } else {
            let stop = AtomicBool::new(false);
            let halt = || cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed);
            std::thread::scope(|s| {
                // The helper scans the odd chunks, a few ahead at most.
                let (send, receive) = std::sync::mpsc::sync_channel(2);
                let chunks = &chunks;
                s.spawn(move || {
                    for chunk in chunks.iter().skip(1).step_by(2) {
                        if halt() || send.send(self.scan(query, chunk.clone())).is_err() {
                            return;
                        }
                    }
                });
                let finished = chunks.iter().enumerate().all(|(i, chunk)| {
                    if halt() {
                        return false;
                    }
                    let hits = if i % 2 == 0 {
                        self.scan(query, chunk.clone())
                    } else {
                        match receive.recv() {
                            Ok(hits) => hits,
                            // The helper stopped: it saw the cancel flag.
                            Err(_) => return false,
                        }
                    };
                    emit(hits)
                });
                stop.store(true, Ordering::Relaxed);
                finished
            })
        };
        out.stopped = !finished;
        out
    }

    /// The pieces in runs of about [`CHUNK`] bytes (at least one piece each).
    fn chunks(&self) -> Vec<Range<usize>> {
        let mut chunks = Vec::new();
        let mut first = 0;
        while first < self.starts.len() {
            let from = self.starts[first];
            let last = self
                .starts
                .partition_point(|&s| s < from + CHUNK)
                .max(first + 1);
            chunks.push(first..last);
            first = last;
        }
        chunks
    }

    /// The matches of `query` in the pieces `pieces`, in order, as (piece, byte range).
    fn scan(&self, query: &Query, pieces: Range<usize>) -> Vec<(usize, Range<usize>)> {
        let (first, last) = (pieces.start, pieces.end);
        let from = self.starts[first];
        let to = self.starts.get(last).map_or(self.text.len(), |&e| e);
        let mut hits = Vec::new();
        match &query.matcher {
            Matcher::Literal(finder) => {
                let hay = &self.text.as_bytes()[from..to];
                let mut piece = first;
                for at in finder.find_iter(hay) {
                    let at = from + at;
                    while piece + 1 < last && self.starts[piece + 1] <= at {
                        piece += 1;
                    }
                    let start = at - self.starts[piece];
                    // The `\n` after each piece keeps matches inside one piece, unless the
                    // query itself has a newline.
                    if start + finder.needle().len() > self.piece(piece).len() {
                        continue;
                    }
                    hits.push((piece, start..start + finder.needle().len()));
                }
            }
            Matcher::Regex { re, required } => {
                let mut piece = first;
                while piece < last {
                    // With a required literal, jump straight to the next piece that has it.
                    if let Some(lit) = required {
                        let at = self.starts[piece];
                        match lit.find(&self.text.as_bytes()[at..to]) {
                            Some(k) => {
                                piece = self.starts[piece..last].partition_point(|&s| s <= at + k)
                                    + piece
                                    - 1;
                            }
                            None => break,
                        }
                    }
                    hits.extend(
                        re.find_iter(self.piece(piece))
                            .filter(|m| !m.is_empty())
                            .map(|m| (piece, m.range())),
                    );
                    piece += 1;
                }
            }
        }
        hits
    }
}

/// The text of the paragraph or heading at `place` (what [`TextMatch::range`] indexes) in the
/// reports the index was built from.
pub fn text_at(reports: &[Report], place: TextPlace) -> Option<&str> {
    let r = reports.get(place.report)?;
    let paragraphs = match place.section {
        Some(s) => {
            let section = r.sections.get(s)?;
            match place.paragraph {
                None => return Some(&section.title),
                Some(_) => &section.paragraphs,
            }
        }
        None => &r.preamble,
    };
    Some(&paragraphs.get(place.paragraph?)?.text)
}

/// A match shown in context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Up to `context` characters either side of the match, with `…` where text was cut.
    pub text: String,
    /// The match, in characters (not bytes) of `text`.
    pub matched: Range<usize>,
}

/// The text around `range` (bytes of `text`), `context` characters either side.
///
/// Walks only the `context` characters either side, never the text before the match: a
/// one-line report of megabytes has thousands of hits, each far into the line.
pub fn snippet(text: &str, range: Range<usize>, context: usize) -> Snippet {
    let from = text[..range.start]
        .char_indices()
        .rev()
        .take(context)
        .last()
        .map_or(range.start, |(i, _)| i);
    let end = text[range.end..]
        .char_indices()
        .nth(context)
        .map_or(text.len(), |(i, _)| range.end + i);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(&text[from..range.start]);
    let m0 = out.chars().count();
    out.push_str(&text[range.clone()]);
    let m1 = out.chars().count();
    out.push_str(&text[range.end..end]);
    if end < text.len() {
        out.push('…');
    }
    Snippet {
        text: out,
        matched: m0..m1,
    }
}

/// Text that every match of `pattern` must contain, read off the pattern conservatively:
/// the longest run of plain characters outside groups and classes that no quantifier makes
/// optional. `None` when there is alternation, flags, or no such run.
fn required_literal(pattern: &str) -> Option<String> {
    if pattern.contains('|') || pattern.contains("(?") {
        return None;
    }
    let mut best = String::new();
    let mut run = String::new();
    // The last thing pushed onto `run` was a single literal character (a quantifier after it
    // takes it back).
    let mut last_literal = false;
    let mut depth = 0usize;
    let mut chars = pattern.chars().peekable();
    let flush = |run: &mut String, best: &mut String| {
        if run.len() > best.len() {
            *best = std::mem::take(run);
        }
        run.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else { break };
                if e.is_ascii_alphanumeric() {
                    // A class (`\d`), an assertion (`\b`) or an escape (`\x{…}`, `\p{…}`).
                    if matches!(e, 'p' | 'P' | 'x' | 'u' | 'U') && chars.peek() == Some(&'{') {
                        for c in chars.by_ref() {
                            if c == '}' {
                                break;
                            }
                        }
                    } else if matches!(e, 'p' | 'P') {
                        chars.next();
                    }
                    flush(&mut run, &mut best);
                    last_literal = false;
                } else if depth == 0 {
                    run.push(e);
                    last_literal = true;
                }
            }
            '[' => {
                // Skip the class; `]` right after `[` or `[^` is a literal bracket.
                if chars.peek() == Some(&'^') {
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                }
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        ']' => break,
                        _ => {}
                    }
                }
                flush(&mut run, &mut best);
                last_literal = false;
            }
            '(' => {
                depth += 1;
                flush(&mut run, &mut best);
                last_literal = false;
            }
            ')' => {
                depth = depth.saturating_sub(1);
                last_literal = false;
            }
            '?' | '*' | '{' => {
                if last_literal {
                    run.pop();
                }
                if c == '{' {
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
                flush(&mut run, &mut best);
                last_literal = false;
            }
            '+' => {
                // At least once: the character stays, but what follows need not be adjacent.
                flush(&mut run, &mut best);
                last_literal = false;
            }
            '.' | '^' | '$' => {
                flush(&mut run, &mut best);
                last_literal = false;
            }
            c if depth == 0 => {
                run.push(c);
                last_literal = true;
            }
            _ => last_literal = false,
        }
    }
    flush(&mut run, &mut best);
    (!best.is_empty()).then_some(best)
}

#[cfg(test)]
mod tests;
