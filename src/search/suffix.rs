//! Regexes that end in a literal the rest of the pattern cannot contain (`\d+件`, `[0-9０-９]+
//! 项`): found from each occurrence of that literal by running the pattern backwards over
//! the few characters before it, rather than forwards over every line holding the literal
//! (half the library holds `件`, in long paragraphs). The regex crate has the same strategy
//! but does not use it here: it cannot prove, byte by byte, that `\d` never holds `件`.
//!
//! Why a match is then found exactly as the regex crate finds it: a match is `p` (what the
//! head of the pattern matched) then the literal. Every character `p` can hold differs from
//! the literal's first character and from `\n`, so `p` cannot run over the first occurrence
//! of the literal after it starts, and a match starting at `s` can only end where the first
//! occurrence after `s` ends. So the leftmost match is the one ending at the first
//! occurrence some match ends at, starting as far left as the reversed pattern reaches
//! from there (but not before the previous match's end); and no match crosses a line.

use memchr::memmem;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::ops::Range;

/// A pattern searched backwards from its final literal.
#[derive(Debug)]
pub(super) struct ReverseSuffix {
    literal: memmem::Finder<'static>,
    /// The whole pattern reversed, reporting every match, so an anchored search back from
    /// the end of an occurrence gives the leftmost start.
    reverse: DFA,
}

impl ReverseSuffix {
    /// The strategy for `hir`, when it ends in a literal the rest cannot contain (see the
    /// module's doc) and looks at no line or word boundaries.
    pub(super) fn new(hir: &Hir) -> Option<ReverseSuffix> {
        if !hir.properties().look_set().is_empty() {
            return None;
        }
        let HirKind::Concat(parts) = hir.kind() else {
            return None;
        };
        let (last, head) = parts.split_last()?;
        let HirKind::Literal(literal) = last.kind() else {
            return None;
        };
        let text = std::str::from_utf8(&literal.0).ok()?;
        let first = text.chars().next()?;
        if text.contains('\n') || !head.iter().all(|h| avoids(h, first)) {
            return None;
        }
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .reverse(true)
                    .which_captures(WhichCaptures::None),
            )
            .build_from_hir(hir)
            .ok()?;
        let reverse = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .ok()?;
        Some(ReverseSuffix {
            literal: memmem::Finder::new(text.as_bytes()).into_owned(),
            reverse,
        })
    }

    /// Every match in `hay`, in order, as the regex crate's `find_iter` over each of its
    /// lines would give them; `None` when the lazy DFA gave up (then search another way).
    pub(super) fn matches(&self, hay: &[u8]) -> Option<Vec<Range<usize>>> {
        let mut cache = Cache::new(&self.reverse);
        let mut found = Vec::new();
        // Where the previous match ended: the next may not start before it.
        let mut floor = 0;
        let mut at = 0;
        while let Some(start) = self.literal.find(&hay[at..]) {
            let occurrence = at + start;
            let end = occurrence + self.literal.needle().len();
            let input = Input::new(hay).range(floor..end).anchored(Anchored::Yes);
            match self.reverse.try_search_rev(&mut cache, &input).ok()? {
                Some(m) => {
                    found.push(m.offset()..end);
                    (floor, at) = (end, end);
                }
                None => at = occurrence + 1,
            }
        }
        Some(found)
    }
}

/// Whether no text `hir` matches holds `c` or a line break, nor can split a character (an
/// occurrence of `c` then starts on a character of its own).
fn avoids(hir: &Hir, c: char) -> bool {
    let outside = |lo: u32, hi: u32| !(lo..=hi).contains(&u32::from(c)) && !(lo..=hi).contains(&10);
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Literal(l) => {
            std::str::from_utf8(&l.0).is_ok_and(|s| !s.contains(c) && !s.contains('\n'))
        }
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .all(|r| outside(r.start().into(), r.end().into())),
        // A byte class of ASCII alone never matches part of a character.
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| r.end() < 0x80 && outside(r.start().into(), r.end().into())),
        HirKind::Look(_) => false,
        HirKind::Repetition(r) => avoids(&r.sub, c),
        HirKind::Capture(g) => avoids(&g.sub, c),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().all(|h| avoids(h, c)),
    }
}
