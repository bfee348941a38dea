//! Finding a note's paragraph again after the report file changed.
//!
//! A note remembers its position (section path, paragraph index) and a W3C-style text
//! quote. Positions break when a paragraph is inserted or a page-break join is fixed;
//! quotes break when a typo is corrected. [`locate`] tries, in order: the remembered
//! position, the exact quote anywhere, then a fuzzy quote match (character-bigram Dice
//! similarity ≥ [`FUZZY_THRESHOLD`]). Failing all three the note is an orphan, which the
//! TUI lists with its quote: a note is never dropped because its text moved.

use super::{Anchor, Note, TextQuote};
use crate::report::Report;
use std::collections::HashMap;
use std::ops::Range;

/// How many characters of surrounding text a quote keeps as prefix and suffix.
pub const CONTEXT_CHARS: usize = 32;

/// Lowest bigram Dice similarity accepted as "the same text, slightly edited".
/// One or two corrected characters in a sentence stay well above it; a different
/// sentence on the same topic stays well below.
pub const FUZZY_THRESHOLD: f64 = 0.8;

/// Candidates this close to the best similarity count as tied and are ranked by
/// prefix/suffix context, then by distance from the remembered position.
const TIE_MARGIN: f64 = 0.05;

/// One paragraph of a report's body stream, as the anchoring code sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphView<'a> {
    /// Section path (`一/（五）`); `""` for the preamble.
    pub section_path: String,
    /// Index of the paragraph within its section.
    pub paragraph: usize,
    /// The paragraph text.
    pub text: &'a str,
}

/// Where a note landed in the current version of a report. Indices are into the
/// paragraph slice given to [`locate`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// At its remembered position, and the quote is still there.
    Exact(usize),
    /// The quote was found verbatim in another paragraph.
    Moved(usize),
    /// The quote was found with small differences; the similarity (0–1) is given.
    Fuzzy(usize, f64),
    /// Not found: list the note with its quote, never drop it.
    Orphan,
}

impl Placement {
    /// The paragraph index, unless orphaned.
    pub fn index(&self) -> Option<usize> {
        match *self {
            Placement::Exact(i) | Placement::Moved(i) | Placement::Fuzzy(i, _) => Some(i),
            Placement::Orphan => None,
        }
    }
}

/// All body paragraphs of a report in reading order: the preamble (section path `""`),
/// then each section's paragraphs.
pub fn paragraph_views(report: &Report) -> Vec<ParagraphView<'_>> {
    let preamble = report
        .preamble
        .iter()
        .enumerate()
        .map(|(i, p)| ParagraphView {
            section_path: String::new(),
            paragraph: i,
            text: &p.text,
        });
    let body = report.sections.iter().enumerate().flat_map(|(s, section)| {
        let path = report.path(s);
        section
            .paragraphs
            .iter()
            .enumerate()
            .map(move |(i, p)| ParagraphView {
                section_path: path.clone(),
                paragraph: i,
                text: &p.text,
            })
    });
    preamble.chain(body).collect()
}

/// Build the anchor for a new note on paragraph `index` of `paragraphs`, quoting the
/// byte range `span` of its text (the whole paragraph when `None`).
///
/// Returns `None` when `index` is out of range or `span` is empty, out of range or not
/// on character boundaries.
pub fn anchor_at(
    paragraphs: &[ParagraphView<'_>],
    index: usize,
    span: Option<Range<usize>>,
) -> Option<Anchor> {
    let para = paragraphs.get(index)?;
    let span = span.unwrap_or(0..para.text.len());
    let exact = para.text.get(span.clone())?;
    if exact.is_empty() {
        return None;
    }
    Some(Anchor {
        section_path: para.section_path.clone(),
        paragraph: para.paragraph,
        quote: TextQuote {
            exact: exact.to_string(),
            prefix: context_before(paragraphs, index, span.start),
            suffix: context_after(paragraphs, index, span.end),
        },
    })
}

/// Find where `anchor` belongs in `paragraphs` (see the module docs for the order tried).
pub fn locate(anchor: &Anchor, paragraphs: &[ParagraphView<'_>]) -> Placement {
    let exact = anchor.quote.exact.as_str();
    if exact.is_empty() {
        return Placement::Orphan;
    }
    let home = home_index(anchor, paragraphs);
    if let Some(h) = home.filter(|&h| {
        let p = &paragraphs[h];
        p.section_path == anchor.section_path
            && p.paragraph == anchor.paragraph
            && p.text.contains(exact)
    }) {
        return Placement::Exact(h);
    }

    let verbatim: Vec<(usize, f64)> = paragraphs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.text.match_indices(exact).map(move |(at, _)| {
                (
                    i,
                    context_score(&anchor.quote, paragraphs, i, at, at + exact.len()),
                )
            })
        })
        .collect();
    if let Some(i) = best(verbatim.iter().map(|&(i, ctx)| (i, 1.0, ctx)), home) {
        return Placement::Moved(i);
    }

    let fuzzy: Vec<(usize, f64, f64)> = paragraphs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let (sim, window) = best_window(exact, p.text)?;
            if sim < FUZZY_THRESHOLD {
                return None;
            }
            let ctx = context_score(&anchor.quote, paragraphs, i, window.start, window.end);
            Some((i, sim, ctx))
        })
        .collect();
    match best(fuzzy.iter().copied(), home) {
        Some(i) => {
            let sim = fuzzy
                .iter()
                .filter(|c| c.0 == i)
                .map(|c| c.1)
                .fold(0.0, f64::max);
            Placement::Fuzzy(i, sim)
        }
        None => Placement::Orphan,
    }
}

/// [`locate`] every note; every note is returned, orphans included.
pub fn locate_all<'n>(
    notes: &'n [Note],
    paragraphs: &[ParagraphView<'_>],
) -> Vec<(&'n Note, Placement)> {
    notes
        .iter()
        .map(|n| (n, locate(&n.anchor, paragraphs)))
        .collect()
}

/// [`locate`] in a report; the index is into [`paragraph_views`] of that report.
pub fn locate_in_report(anchor: &Anchor, report: &Report) -> Placement {
    locate(anchor, &paragraph_views(report))
}

/// Index of the remembered position, or of where it would be when the section is now
/// shorter; `None` when the section is gone.
fn home_index(anchor: &Anchor, paragraphs: &[ParagraphView<'_>]) -> Option<usize> {
    let mut last_in_section = None;
    for (i, p) in paragraphs.iter().enumerate() {
        if p.section_path == anchor.section_path {
            if p.paragraph == anchor.paragraph {
                return Some(i);
            }
            last_in_section = Some(i);
        }
    }
    last_in_section
}

/// Pick the best of `(index, similarity, context)` candidates: highest similarity, then
/// (among near ties) best context, then nearest to `home`.
fn best(candidates: impl Iterator<Item = (usize, f64, f64)>, home: Option<usize>) -> Option<usize> {
    let all: Vec<(usize, f64, f64)> = candidates.collect();
    let top = all.iter().map(|c| c.1).fold(f64::NEG_INFINITY, f64::max);
    let distance = |i: usize| home.map_or(0, |h| i.abs_diff(h));
    all.into_iter()
        .filter(|c| c.1 >= top - TIE_MARGIN)
        .max_by(|a, b| {
            a.2.total_cmp(&b.2)
                .then_with(|| distance(b.0).cmp(&distance(a.0)))
        })
        .map(|c| c.0)
}

/// How well the text around bytes `start..end` of paragraph `index` matches the quote's
/// prefix and suffix (0–1).
fn context_score(
    quote: &TextQuote,
    paragraphs: &[ParagraphView<'_>],
    index: usize,
    start: usize,
    end: usize,
) -> f64 {
    let before = context_before(paragraphs, index, start);
    let after = context_after(paragraphs, index, end);
    (dice(&quote.prefix, &before) + dice(&quote.suffix, &after)) / 2.0
}

/// Up to [`CONTEXT_CHARS`] characters before byte `start` of paragraph `index`, in the
/// body stream where paragraphs are joined by `\n`.
fn context_before(paragraphs: &[ParagraphView<'_>], index: usize, start: usize) -> String {
    let mut rev: Vec<char> = Vec::new();
    let mut i = index;
    let mut upto = start;
    loop {
        let text = paragraphs[i].text.get(..upto).unwrap_or("");
        rev.extend(text.chars().rev().take(CONTEXT_CHARS - rev.len()));
        if rev.len() >= CONTEXT_CHARS || i == 0 {
            break;
        }
        rev.push('\n');
        i -= 1;
        upto = paragraphs[i].text.len();
    }
    rev.truncate(CONTEXT_CHARS);
    rev.into_iter().rev().collect()
}

/// Up to [`CONTEXT_CHARS`] characters after byte `end` of paragraph `index`, in the
/// body stream where paragraphs are joined by `\n`.
fn context_after(paragraphs: &[ParagraphView<'_>], index: usize, end: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut i = index;
    let mut from = end;
    loop {
        let text = paragraphs[i].text.get(from..).unwrap_or("");
        out.extend(text.chars().take(CONTEXT_CHARS - out.len()));
        if out.len() >= CONTEXT_CHARS || i + 1 >= paragraphs.len() {
            break;
        }
        out.push('\n');
        i += 1;
        from = 0;
    }
    out.truncate(CONTEXT_CHARS);
    out.into_iter().collect()
}

type Bigram = (char, char);

fn bigram_counts(chars: &[char]) -> HashMap<Bigram, i32> {
    let mut counts = HashMap::new();
    for w in chars.windows(2) {
        *counts.entry((w[0], w[1])).or_insert(0) += 1;
    }
    counts
}

/// Sørensen–Dice similarity of the character-bigram multisets of `a` and `b` (0–1).
/// Strings too short to have bigrams are similar only when equal.
pub fn dice(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() < 2 || b.len() < 2 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let mut ca = bigram_counts(&a);
    let mut shared = 0;
    for w in b.windows(2) {
        if let Some(n) = ca.get_mut(&(w[0], w[1])) {
            if *n > 0 {
                *n -= 1;
                shared += 1;
            }
        }
    }
    2.0 * f64::from(shared) / (a.len() + b.len() - 2) as f64
}

/// The window of `text` most similar to `exact`, and its similarity.
///
/// Windows of the quote's length ±2 characters slide over the text, so the quote is
/// found inside a longer (joined) paragraph as well as in one where a character or two
/// were inserted or removed. `None` when the quote is too short for bigrams.
fn best_window(exact: &str, text: &str) -> Option<(f64, Range<usize>)> {
    let q: Vec<char> = exact.chars().collect();
    if q.len() < 2 {
        return None;
    }
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let t: Vec<char> = text.chars().collect();
    if t.len() < 2 {
        return None;
    }
    let want = bigram_counts(&q);
    let q_bigrams = (q.len() - 1) as f64;

    // Upper bound from the whole text: no window shares more bigrams than the text does.
    let mut whole = want.clone();
    let mut shared_whole = 0usize;
    for w in t.windows(2) {
        if let Some(n) = whole.get_mut(&(w[0], w[1])) {
            if *n > 0 {
                *n -= 1;
                shared_whole += 1;
            }
        }
    }
    let shortest = q.len().saturating_sub(2).max(2).min(t.len());
    if 2.0 * shared_whole as f64 / (q_bigrams + (shortest - 1) as f64) < FUZZY_THRESHOLD {
        return None;
    }

    let mut found: Option<(f64, Range<usize>)> = None;
    for len in q.len().saturating_sub(2).max(2)..=q.len() + 2 {
        let len = len.min(t.len());
        let mut have: HashMap<Bigram, i32> = HashMap::new();
        let mut shared = 0i32;
        let add = |have: &mut HashMap<Bigram, i32>, shared: &mut i32, b: Bigram| {
            let n = have.entry(b).or_insert(0);
            if *n < want.get(&b).copied().unwrap_or(0) {
                *shared += 1;
            }
            *n += 1;
        };
        let remove = |have: &mut HashMap<Bigram, i32>, shared: &mut i32, b: Bigram| {
            let n = have.entry(b).or_insert(0);
            *n -= 1;
            if *n < want.get(&b).copied().unwrap_or(0) {
                *shared -= 1;
            }
        };
        for k in 0..len - 1 {
            add(&mut have, &mut shared, (t[k], t[k + 1]));
        }
        let mut start = 0;
        loop {
            let sim = 2.0 * f64::from(shared) / (q_bigrams + (len - 1) as f64);
            if found.as_ref().is_none_or(|f| sim > f.0) {
                found = Some((sim, offsets[start]..offsets[start + len]));
            }
            if start + len >= t.len() {
                break;
            }
            remove(&mut have, &mut shared, (t[start], t[start + 1]));
            add(&mut have, &mut shared, (t[start + len - 1], t[start + len]));
            start += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn views<'a>(texts: &[(&str, &'a str)]) -> Vec<ParagraphView<'a>> {
        let mut counts: HashMap<String, usize> = HashMap::new();
        texts
            .iter()
            .map(|&(path, text)| {
                let n = counts.entry(path.to_string()).or_insert(0);
                *n += 1;
                ParagraphView {
                    section_path: path.to_string(),
                    paragraph: *n - 1,
                    text,
                }
            })
            .collect()
    }

    #[test]
    fn dice_basics() {
        assert_eq!(dice("法治政府", "法治政府"), 1.0);
        assert_eq!(dice("甲", "乙"), 0.0);
        assert!(dice("依法行政工作", "依法执政工作") > 0.5);
    }

    #[test]
    fn context_crosses_paragraphs() {
        let v = views(&[("", "第一段。"), ("一", "第二段文字。")]);
        let a = anchor_at(&v, 1, None).unwrap();
        assert_eq!(a.quote.prefix, "第一段。\n");
        assert_eq!(a.quote.suffix, "");
        assert_eq!(a.section_path, "一");
    }

    #[test]
    fn anchor_at_rejects_bad_span() {
        let v = views(&[("", "法治")]);
        assert!(anchor_at(&v, 0, Some(1..2)).is_none());
        assert!(anchor_at(&v, 0, Some(0..99)).is_none());
        assert!(anchor_at(&v, 3, None).is_none());
        assert!(anchor_at(&v, 0, Some(3..3)).is_none());
    }

    #[test]
    fn repeated_quote_uses_context() {
        let v = views(&[
            ("一", "甲方说明。"),
            ("一", "取得积极成效。"),
            ("二", "乙方说明。"),
            ("二", "取得积极成效。"),
        ]);
        let a = anchor_at(&v, 3, None).unwrap();
        // Insert a paragraph at the top: both copies shift, context picks the right one.
        let shifted = views(&[
            ("", "新增前言。"),
            ("一", "甲方说明。"),
            ("一", "取得积极成效。"),
            ("二", "新插入。"),
            ("二", "乙方说明。"),
            ("二", "取得积极成效。"),
        ]);
        assert_eq!(locate(&a, &shifted), Placement::Moved(5));
    }

    #[test]
    fn empty_inputs_are_orphans() {
        let v = views(&[("", "法治")]);
        let mut a = anchor_at(&v, 0, None).unwrap();
        assert_eq!(locate(&a, &[]), Placement::Orphan);
        a.quote.exact.clear();
        assert_eq!(locate(&a, &v), Placement::Orphan);
    }
}
