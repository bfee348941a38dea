//! Search across the library: every line a report shows, by literal text or by regular
//! expression. (The fuzzy palette in [`crate::palette`] is a different thing: it ranks
//! topics and headings; this finds every occurrence.)
//!
//! The text is searched where it lies in one blob ([`corpus`]): the library store's
//! text, mapped from disk, or built in memory for reports parsed without one. A literal query
//! is one `memmem` pass over the blob; one with other spellings (`spelling.rs`: full-width,
//! Traditional) is found from a part of it spelt one way only. A regex ending in a literal
//! the rest of it cannot hold (`\d+件`) is found from each occurrence of that literal, run
//! backwards over the few characters before it (`suffix.rs`). Another regex with a required literal (`复议|诉讼`, as
//! rg finds them) runs only over the lines holding one, each alone; any other runs over the
//! blob (the `regex` crate's DFA), and only a match that runs across a line break is
//! searched again line by line, so matches never span two lines, as with rg. Each match
//! maps back to its piece by walking the pieces table (`scan.rs`). The blob is searched in
//! chunks on all cores ([`search_chunks`]), each thread turning its chunk's matches into
//! what the caller wants (`fazhi search` formats them there), passed on in document order;
//! a cancel flag is checked between chunks, so a reader can search on another thread while
//! the user keeps typing.

pub mod corpus;
mod scan;
mod snippet;
mod spelling;
mod suffix;

pub use corpus::{text_at, Corpus, Part, TextPlace};
pub use snippet::{snippet, snippet_into, Snippet};
pub use spelling::Spellings;

use aho_corasick::AhoCorasick;
use memchr::memmem;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, Look};
use scan::scan;
use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicBool, Ordering};
use suffix::ReverseSuffix;

/// Bytes of text searched (and, by [`search_chunks`]'s callers, formatted) as one piece of
/// work: a thread's share at a time, and the span between two looks at the cancel flag
/// (about a millisecond of work).
pub const CHUNK: usize = 1 << 20;

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
    /// A literal with other spellings (full-width, Traditional), all of them.
    Spelled(Box<Spellings>),
    Regex {
        re: regex::bytes::Regex,
        /// Text of which every match contains one, when the pattern gives such a set (as rg
        /// does): only the lines holding one are searched, each alone. (The regex crate
        /// run over all text would scan it all with its DFA: it finds no prefix to skip to.)
        required: Option<Box<AhoCorasick>>,
        /// The pattern looks for the start or end of the whole text (`\A`, `\z`, `$`
        /// without multi-line mode), which only each line alone has: it runs line by line.
        per_line: bool,
        /// The pattern ends in a literal the rest cannot hold: each occurrence of it is
        /// searched back from, which no line-wide search beats.
        reverse: Option<Box<ReverseSuffix>>,
    },
}

impl Query {
    /// Find `text` in any of its spellings: full-width or ASCII digits, letters and
    /// punctuation, Traditional or Simplified characters (`25件` finds `２５件`, `行政复议`
    /// finds `行政複議`). Case-sensitive; surrounding whitespace ignored.
    pub fn literal(text: &str) -> Result<Query, SearchError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(SearchError::Empty);
        }
        Ok(match Spellings::new(text, false) {
            Some(spellings) => Query {
                matcher: Matcher::Spelled(Box::new(spellings)),
            },
            None => Query::exact(text)?,
        })
    }

    /// Find `text` exactly as typed (case-sensitive; surrounding whitespace ignored).
    pub fn exact(text: &str) -> Result<Query, SearchError> {
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
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .utf8(false)
            .build()
            .parse(pattern)
            .ok();
        let per_line = hir.as_ref().is_none_or(|hir| {
            let looks = hir.properties().look_set();
            looks.contains(Look::Start) || looks.contains(Look::End)
        });
        let required = hir
            .as_ref()
            .and_then(required_literals)
            .and_then(|lits| AhoCorasick::new(lits).ok())
            .map(Box::new);
        let reverse = hir.as_ref().and_then(ReverseSuffix::new).map(Box::new);
        Ok(Query {
            matcher: Matcher::Regex {
                re,
                required,
                per_line,
                reverse,
            },
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

/// Run `query` over `corpus`, calling `on_hit` for each match in document order as it is
/// found. Stops early when `cancel` becomes true (checked about every megabyte) or `on_hit`
/// returns `Break`.
pub fn search(
    corpus: Corpus<'_>,
    query: &Query,
    cancel: &AtomicBool,
    on_hit: &mut dyn FnMut(TextMatch) -> ControlFlow<()>,
) -> SearchSummary {
    let mut out = SearchSummary {
        hits: 0,
        stopped: false,
    };
    let finished = search_chunks(corpus, query, CHUNK, cancel, &|hits| hits, &mut |hits| {
        for hit in hits {
            out.hits += 1;
            on_hit(TextMatch {
                place: hit.place,
                range: hit.range,
            })?;
        }
        ControlFlow::Continue(())
    });
    out.stopped = !finished;
    out
}

/// A match with the text of its line (what [`LineMatch::range`] indexes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMatch<'a> {
    /// The line it is in.
    pub place: TextPlace,
    /// Byte range of the match in `line`.
    pub range: Range<usize>,
    /// The line's text, without its `\n`.
    pub line: &'a [u8],
}

/// Run `query` over `corpus` on all cores, in runs of about `chunk` bytes of whole lines
/// (at least one line each): `each` turns a run's matches into a value on the thread that
/// searched it (formatting output there, so all cores format too), and `take` gets the
/// values in document order on the calling thread. Stops when `cancel` becomes true or
/// `take` returns `Break`; returns false when it stopped before the end.
pub fn search_chunks<'a, T: Send>(
    corpus: Corpus<'a>,
    query: &Query,
    chunk: usize,
    cancel: &AtomicBool,
    each: &(dyn Fn(Vec<LineMatch<'a>>) -> T + Sync),
    take: &mut dyn FnMut(T) -> ControlFlow<()>,
) -> bool {
    let chunks = chunks(corpus, chunk.max(1));
    let run = |pieces: &Range<usize>| each(scan(corpus, query, pieces.clone()));
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(chunks.len());
    if threads < 2 {
        return chunks
            .iter()
            .all(|c| !cancel.load(Ordering::Relaxed) && take(run(c)).is_continue());
    }
    let stop = AtomicBool::new(false);
    let halt = || cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed);
    std::thread::scope(|s| {
        // Helper `k` takes the runs `i` with `i % threads == k`, a few ahead at most; this
        // thread takes the rest and passes all on in order.
        let receivers: Vec<_> = (1..threads)
            .map(|k| {
                let (send, receive) = std::sync::mpsc::sync_channel(2);
                let (chunks, run, halt) = (&chunks, &run, &halt);
                s.spawn(move || {
                    for c in chunks.iter().skip(k).step_by(threads) {
                        if halt() || send.send(run(c)).is_err() {
                            return;
                        }
                    }
                });
                receive
            })
            .collect();
        let finished = chunks.iter().enumerate().all(|(i, c)| {
            if halt() {
                return false;
            }
            let value = match i % threads {
                0 => run(c),
                k => match receivers[k - 1].recv() {
                    Ok(value) => value,
                    // The helper stopped: it saw the cancel flag.
                    Err(_) => return false,
                },
            };
            take(value).is_continue()
        });
        stop.store(true, Ordering::Relaxed);
        finished
    })
}

/// The pieces in runs of about `chunk` bytes (at least one piece each).
fn chunks(corpus: Corpus<'_>, chunk: usize) -> Vec<Range<usize>> {
    let n = corpus.len();
    let mut chunks = Vec::new();
    let mut first = 0;
    while first < n {
        let from = corpus.start(first);
        let last =
            partition(first, n, |i| corpus.start(i) < from.saturating_add(chunk)).max(first + 1);
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

/// Literals one of which every match of `hir` contains: its prefixes or its suffixes,
/// when finite and none empty (`\d+件` → `件`, `复议|诉讼` → both). `None` when the pattern
/// gives no such set (`\d+`, a class too large to list).
fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    [true, false]
        .into_iter()
        .filter_map(|prefix| {
            let kind = if prefix {
                ExtractKind::Prefix
            } else {
                ExtractKind::Suffix
            };
            let mut seq = Extractor::new().kind(kind).extract(hir);
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

#[cfg(test)]
mod tests;
