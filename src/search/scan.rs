//! One run of whole lines searched for a query: the matches in order, each mapped back to
//! its line. A match never spans two lines, whatever the pattern (rg's semantics).

use super::{LineMatch, Matcher, Query, ReverseSuffix};
use crate::search::corpus::Corpus;
use regex::bytes::Regex;
use std::ops::Range;

/// The matches of `query` in the pieces `pieces` of `corpus`, in order.
pub(super) fn scan<'a>(
    corpus: Corpus<'a>,
    query: &Query,
    pieces: Range<usize>,
) -> Vec<LineMatch<'a>> {
    let mut lines = Lines::new(corpus, pieces);
    match &query.matcher {
        Matcher::Literal(finder) => {
            let len = finder.needle().len();
            for at in finder.find_iter(lines.hay()) {
                let (piece, start) = lines.locate(at);
                // The `\n` after each piece keeps matches inside one piece.
                if start + len <= corpus.piece(piece).len() {
                    lines.push(piece, start..start + len);
                }
            }
        }
        Matcher::Spelled(spellings) => {
            // No spelling holds a `\n`, so each match is inside one piece.
            for m in spellings.find_iter(lines.hay()) {
                let (piece, start) = lines.locate(m.start);
                lines.push(piece, start..start + m.len());
            }
        }
        Matcher::Regex {
            reverse: Some(reverse),
            ..
        } if lines.push_reverse(reverse) => {}
        Matcher::Regex {
            re,
            required: Some(lits),
            ..
        } => {
            // Only the lines holding a required literal, each searched alone.
            let hay = lines.hay();
            let mut at = 0;
            while let Some(m) = lits.find(aho_corasick::Input::new(hay).span(at..hay.len())) {
                let (piece, _) = lines.locate(m.start());
                lines.push_all(re, piece, 0);
                at = lines.end_of(piece).max(m.end());
            }
        }
        Matcher::Regex {
            re,
            required: None,
            per_line: true,
            ..
        } => {
            for piece in lines.pieces.clone() {
                lines.push_all(re, piece, 0);
            }
        }
        Matcher::Regex {
            re,
            required: None,
            per_line: false,
            ..
        } => whole(re, &mut lines),
    }
    lines.hits
}

/// `re` over the whole run at once, so the regex crate's literal and reverse-suffix
/// optimisations work across lines, begun again (at the start of a line, where `^` and
/// `\b` see what they would in the line alone) only after a match that ran across lines.
fn whole(re: &Regex, lines: &mut Lines<'_>) {
    let hay = lines.hay();
    let mut at = 0;
    // Where the last match passed on ended, in the run.
    let mut done = 0;
    'pass: while at < hay.len() {
        for m in re.find_iter(&hay[at..]) {
            let (start, end) = (at + m.start(), at + m.end());
            let (piece, offset) = lines.locate(start);
            if m.as_bytes().contains(&b'\n') {
                // `\s`, `[^x]` … ran into the next line: search this line alone from where
                // the pass had got to, then go on from the next line.
                let seen = done.max(at).saturating_sub(start - offset);
                lines.push_all(re, piece, seen);
                at = lines.end_of(piece).max(start + 1);
                continue 'pass;
            }
            if !m.is_empty() {
                lines.push(piece, offset..offset + (end - start));
                done = end;
            }
        }
        break;
    }
}

/// A run of lines being scanned, and its matches so far.
struct Lines<'a> {
    corpus: Corpus<'a>,
    pieces: Range<usize>,
    /// Where the run starts in the blob.
    from: usize,
    /// The piece the last located offset was in (offsets only rise).
    piece: usize,
    hits: Vec<LineMatch<'a>>,
}

impl<'a> Lines<'a> {
    fn new(corpus: Corpus<'a>, pieces: Range<usize>) -> Lines<'a> {
        Lines {
            corpus,
            from: corpus.start(pieces.start),
            piece: pieces.start,
            pieces,
            hits: Vec::new(),
        }
    }

    /// The run's text, every line followed by its `\n`.
    fn hay(&self) -> &'a [u8] {
        &self.corpus.text[self.from..self.corpus.start(self.pieces.end)]
    }

    /// The piece holding offset `at` of the run, and `at` in that piece. Offsets must not
    /// fall: the pieces are walked forward from the last one found.
    fn locate(&mut self, at: usize) -> (usize, usize) {
        let at = self.from + at;
        while self.piece + 1 < self.pieces.end && self.corpus.start(self.piece + 1) <= at {
            self.piece += 1;
        }
        (self.piece, at - self.corpus.start(self.piece))
    }

    /// Where the line after `piece` starts, in the run.
    fn end_of(&self, piece: usize) -> usize {
        self.corpus.start(piece + 1) - self.from
    }

    fn push(&mut self, piece: usize, range: Range<usize>) {
        self.hits.push(LineMatch {
            place: self.corpus.place(piece),
            range,
            line: self.corpus.piece(piece),
        });
    }

    /// Every match of `reverse` in the run; false (and nothing found) when it gave up.
    fn push_reverse(&mut self, reverse: &ReverseSuffix) -> bool {
        let Some(found) = reverse.matches(self.hay()) else {
            return false;
        };
        for m in found {
            let (piece, offset) = self.locate(m.start);
            self.push(piece, offset..offset + m.len());
        }
        true
    }

    /// Every non-empty match of `re` in `piece` alone that starts at `from` or later.
    fn push_all(&mut self, re: &Regex, piece: usize, from: usize) {
        let line = self.corpus.piece(piece);
        for m in re.find_iter(line) {
            if !m.is_empty() && m.start() >= from {
                self.push(piece, m.range());
            }
        }
    }
}
