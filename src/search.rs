//! Search across the library: every line a report shows, by literal text or by regular
//! expression. (The fuzzy palette in [`crate::palette`] is a different thing: it ranks
//! topics and headings; this finds every occurrence.)
//!
//! The text is searched where it lies in one blob ([`corpus`]): mapped from the library
//! store by `fazhi search`, built in memory by the reader ([`SearchIndex`]). A literal query
//! is one `memmem` pass over the blob; a regex runs over the blob too (the `regex` crate's
//! DFA with its own literal prefilters), and only a match that runs across a line break is
//! searched again line by line, so matches never span two lines, as with rg. Each match
//! maps back to its piece by walking the pieces table. The pass runs in chunks and checks a
//! cancel flag between them, and hits are handed to a callback as they are found, so a
//! reader can search on another thread while the user keeps typing.

pub mod corpus;

pub use corpus::{text_at, Corpus, Part, TextPlace};

use crate::report::Report;
use aho_corasick::AhoCorasick;
use memchr::memmem;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes searched between two looks at the cancel flag (about a millisecond of work).
const CHUNK: usize = 1 << 20;

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
    Literal(Box<memmem::Finder<'static>>),
    Regex {
        re: regex::bytes::Regex,
        /// Text of which every match contains one, when the pattern gives such a set (as rg
        /// does): lines without any are skipped without running the regex.
        required: Option<Box<AhoCorasick>>,
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
            matcher: Matcher::Literal(Box::new(memmem::Finder::new(text.as_bytes()).into_owned())),
        })
    }

    /// Find matches of a regular expression (`regex` crate syntax, as rg: Unicode classes,
    /// so `\d` matches full-width `２５`). `^` and `$` match at the start and end of each
    /// line.
    pub fn regex(pattern: &str) -> Result<Query, SearchError> {
        if pattern.is_empty() {
            return Err(SearchError::Empty);
        }
        let re = regex::bytes::RegexBuilder::new(pattern)
            .multi_line(true)
            .build()
            .map_err(|e| SearchError::Regex {
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
        let required = required_literals(pattern)
            .and_then(|lits| AhoCorasick::new(lits).ok())
            .map(Box::new);
        Ok(Query {
            matcher: Matcher::Regex { re, required },
        })
    }
}

/// One match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    /// The line it is in.
    pub place: TextPlace,
    /// Byte range of the match in that line's text (as [`text_at`] gives it).
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

/// All searchable text of a library in memory, laid out as in the store.
#[derive(Debug, Default)]
pub struct SearchIndex {
    text: Vec<u8>,
    rows: Vec<u8>,
}

impl SearchIndex {
    /// Copy every line of `reports` into one searchable blob.
    pub fn build(reports: &[Report]) -> SearchIndex {
        let mut ix = SearchIndex::default();
        for (i, r) in reports.iter().enumerate() {
            corpus::push_report(r, i, 0, &mut ix.text, &mut ix.rows);
        }
        ix
    }

    /// The blob and its pieces.
    pub fn corpus(&self) -> Corpus<'_> {
        Corpus {
            text: &self.text,
            rows: &self.rows,
        }
    }

    /// Bytes of text searched per query.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Nothing to search.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Run `query` over this index: see [`search`].
    pub fn search(
        &self,
        query: &Query,
        cancel: &AtomicBool,
        on_hit: &mut dyn FnMut(TextMatch) -> ControlFlow<()>,
    ) -> SearchSummary {
        search(self.corpus(), query, cancel, on_hit)
    }
}

/// Run `query` over `corpus`, calling `on_hit` for each match in document order as it is
/// found. Stops early when `cancel` becomes true (checked about every megabyte) or `on_hit`
/// returns `Break`.
///
/// The text is searched a megabyte at a time; with more than one core a second thread
/// takes every other megabyte, and hits are still passed on in document order.
pub fn search(
    corpus: Corpus<'_>,
    query: &Query,
    cancel: &AtomicBool,
    on_hit: &mut dyn FnMut(TextMatch) -> ControlFlow<()>,
) -> SearchSummary {
    search_lines(corpus, query, cancel, &mut |hit, _| on_hit(hit))
}

/// [`search`], with each match the text of its line (what [`TextMatch::range`] indexes).
pub fn search_lines<'a>(
    corpus: Corpus<'a>,
    query: &Query,
    cancel: &AtomicBool,
    on_hit: &mut dyn FnMut(TextMatch, &'a [u8]) -> ControlFlow<()>,
) -> SearchSummary {
    let chunks = chunks(corpus);
    let mut out = SearchSummary {
        hits: 0,
        stopped: false,
    };
    // Pass one chunk's hits on; false when the search is to stop.
    let mut emit = |hits: Vec<(usize, Range<usize>)>| {
        for (piece, range) in hits {
            out.hits += 1;
            let place = corpus.place(piece);
            if on_hit(TextMatch { place, range }, corpus.piece(piece)).is_break() {
                return false;
            }
        }
        true
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let finished = if chunks.len() < 2 || threads < 2 {
        chunks.iter().all(|chunk| {
            !cancel.load(Ordering::Relaxed) && emit(scan(corpus, query, chunk.clone()))
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
                    if halt() || send.send(scan(corpus, query, chunk.clone())).is_err() {
                        return;
                    }
                }
            });
            let finished = chunks.iter().enumerate().all(|(i, chunk)| {
                if halt() {
                    return false;
                }
                let hits = if i % 2 == 0 {
                    scan(corpus, query, chunk.clone())
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
fn chunks(corpus: Corpus<'_>) -> Vec<Range<usize>> {
    let n = corpus.len();
    let mut chunks = Vec::new();
    let mut first = 0;
    while first < n {
        let from = corpus.start(first);
        let last = partition(first, n, |i| corpus.start(i) < from + CHUNK).max(first + 1);
        chunks.push(first..last);
        first = last;
    }
    chunks
}

/// The first index in `lo..hi` where `before` turns false (it must be true, then false).
fn partition(mut lo: usize, mut hi: usize, before: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The matches of `query` in the pieces `pieces`, in order, as (piece, byte range).
fn scan(corpus: Corpus<'_>, query: &Query, pieces: Range<usize>) -> Vec<(usize, Range<usize>)> {
    let (first, last) = (pieces.start, pieces.end);
    let from = corpus.start(first);
    let to = corpus.start(last);
    let hay = &corpus.text[from..to];
    let mut hits = Vec::new();
    // The piece holding blob offset `at`, walking forward from `piece`.
    let advance = |mut piece: usize, at: usize| {
        while piece + 1 < last && corpus.start(piece + 1) <= at {
            piece += 1;
        }
        piece
    };
    let mut piece = first;
    match &query.matcher {
        Matcher::Literal(finder) => {
            let len = finder.needle().len();
            for at in finder.find_iter(hay) {
                let at = from + at;
                piece = advance(piece, at);
                let start = at - corpus.start(piece);
                // The `\n` after each piece keeps matches inside one piece.
                if start + len <= corpus.piece(piece).len() {
                    hits.push((piece, start..start + len));
                }
            }
        }
        Matcher::Regex {
            re,
            required: Some(lits),
        } => {
            // Only the lines holding a required literal, each searched alone.
            let mut at = 0;
            while let Some(m) = lits.find(aho_corasick::Input::new(hay).span(at..hay.len())) {
                piece = advance(piece, from + m.start());
                hits.extend(
                    re.find_iter(corpus.piece(piece))
                        .filter(|m| !m.is_empty())
                        .map(|m| (piece, m.range())),
                );
                at = corpus.start(piece + 1).max(from + m.end()) - from;
            }
        }
        Matcher::Regex { re, required: None } => {
            // One pass with one `find_iter` over the chunk, begun again (at the start of a
            // line, where `^` and `\b` see what they would in the line alone) only after a
            // match that ran across lines.
            let mut at = 0;
            // Where the last match passed on ended, as an offset in the blob.
            let mut done = from;
            'pass: while at < hay.len() {
                for m in re.find_iter(&hay[at..]) {
                    let (start, end) = (from + at + m.start(), from + at + m.end());
                    piece = advance(piece, start);
                    let base = corpus.start(piece);
                    if m.as_bytes().contains(&b'\n') {
                        // `\s`, `[^x]` … ran into the next line: search this line alone
                        // from where the pass had got to, then go on from the next line.
                        let seen = done.max(from + at).saturating_sub(base);
                        hits.extend(
                            re.find_iter(corpus.piece(piece))
                                .filter(|m| !m.is_empty() && m.start() >= seen)
                                .map(|m| (piece, m.range())),
                        );
                        at = corpus.start(piece + 1).max(start + 1) - from;
                        continue 'pass;
                    }
                    if !m.is_empty() {
                        hits.push((piece, start - base..end - base));
                        done = end;
                    }
                }
                break;
            }
        }
    }
    hits
}

/// Literals one of which every match of `pattern` contains: its prefixes or its suffixes,
/// when finite and none empty (`\d+件` → `件`, `复议|诉讼` → both). `None` when the pattern
/// gives no such set (`\d+`, a class too large to list).
fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    [true, false]
        .into_iter()
        .filter_map(|prefix| {
            let kind = if prefix {
                ExtractKind::Prefix
            } else {
                ExtractKind::Suffix
            };
            let mut seq = Extractor::new().kind(kind).extract(&hir);
            if prefix {
                seq.optimize_for_prefix_by_preference();
            } else {
                seq.optimize_for_suffix_by_preference();
            }
            let lits: Vec<Vec<u8>> = seq
                .literals()?
                .iter()
                .map(|l| l.as_bytes().to_vec())
                .collect();
            (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then_some(lits)
        })
        // The set whose shortest literal is longest skips the most lines.
        .max_by_key(|lits| lits.iter().map(Vec::len).min())
}

/// A match shown in context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Up to `context` characters either side of the match, with `…` where text was cut.
    pub text: String,
    /// The match, in characters (not bytes) of `text`.
    pub matched: Range<usize>,
    /// The match, in bytes of `text`.
    pub bytes: Range<usize>,
}

/// The text around `range` (bytes of `text`), `context` characters either side.
///
/// Walks only the `context` characters either side, never the text before the match: a
/// one-line report of megabytes has thousands of hits, each far into the line. Bytes that
/// are not UTF-8 (a damaged store) show as `�`.
pub fn snippet(text: &[u8], range: Range<usize>, context: usize) -> Snippet {
    let is_start = |i: usize| text.get(i).is_none_or(|b| b & 0xC0 != 0x80);
    let range = range.start.min(text.len())..range.end.min(text.len()).max(range.start);
    let mut from = range.start;
    for _ in 0..context {
        if from == 0 {
            break;
        }
        from -= 1;
        while from > 0 && !is_start(from) {
            from -= 1;
        }
    }
    let mut end = range.end;
    for _ in 0..context {
        if end >= text.len() {
            break;
        }
        end += 1;
        while !is_start(end) {
            end += 1;
        }
    }
    let mut out = String::with_capacity(end - from + 6);
    let mut push = |part: &[u8]| {
        let before = out.len();
        match std::str::from_utf8(part) {
            Ok(s) => out.push_str(s),
            Err(_) => out.push_str(&String::from_utf8_lossy(part)),
        }
        (before, out.len())
    };
    if from > 0 {
        push("…".as_bytes());
    }
    push(&text[from..range.start]);
    let (b0, b1) = push(&text[range.clone()]);
    push(&text[range.end..end]);
    if end < text.len() {
        push("…".as_bytes());
    }
    let chars = |s: &str| s.bytes().filter(|b| b & 0xC0 != 0x80).count();
    let m0 = chars(&out[..b0]);
    Snippet {
        matched: m0..m0 + chars(&out[b0..b1]),
        bytes: b0..b1,
        text: out,
    }
}

#[cfg(test)]
mod tests;
