//! Finding a note's paragraph again after the report file changed.
//!
//! A note remembers its position (section path, paragraph index) and a W3C-style text
//! quote. Positions break when a paragraph is inserted or a page-break join is fixed;
//! quotes break when a typo is corrected. [`locate`] looks for the exact quote, then for
//! a fuzzy match (character-bigram Dice similarity ≥ [`FUZZY_THRESHOLD`]); where several
//! paragraphs qualify, the quote's prefix/suffix and then nearness to the remembered
//! position decide. Failing both the note is an orphan, which the TUI lists with its
//! quote: a note is never dropped because its text moved.

use super::{Anchor, Note, TextQuote};
use crate::report::Report;
use std::cell::OnceCell;
use std::ops::Range;

/// How many characters of surrounding text a quote keeps as prefix and suffix.
pub const CONTEXT_CHARS: usize = 32;

/// Lowest bigram Dice similarity accepted as "the same text, slightly edited".
/// One or two corrected characters in a sentence stay well above it; a different
/// sentence on the same topic stays well below.
pub const FUZZY_THRESHOLD: f64 = 0.8;

/// Candidates this close to the best similarity count as tied and are ranked by
/// prefix/suffix context.
const TIE_MARGIN: f64 = 0.05;

/// Candidates this close to the best context score count as tied and are ranked by
/// distance from the remembered position.
const CONTEXT_MARGIN: f64 = 0.1;

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
    /// The quote was found verbatim at the remembered position.
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
/// To place many notes on one report, build a [`Locator`] once instead.
pub fn locate(anchor: &Anchor, paragraphs: &[ParagraphView<'_>]) -> Placement {
    Locator::new(paragraphs).locate(anchor)
}

/// The paragraphs of one report version, prepared for placing many notes on it.
#[derive(Debug)]
pub struct Locator<'p, 'a> {
    paragraphs: &'p [ParagraphView<'a>],
    /// The body stream (paragraphs joined by `\n`), so a quote is searched once per note
    /// rather than once per paragraph.
    stream: String,
    /// Byte offset in `stream` where each paragraph starts.
    starts: Vec<usize>,
    /// Per paragraph: its character bigrams as [`pair_key`]s in text order, and the byte
    /// offset of each character plus the text length. Built on first use: only notes
    /// whose quote is not found verbatim need them.
    bigrams: OnceCell<Vec<(Vec<u64>, Vec<usize>)>>,
}

impl<'p, 'a> Locator<'p, 'a> {
    /// Prepare `paragraphs`; cost is linear in their total length.
    pub fn new(paragraphs: &'p [ParagraphView<'a>]) -> Locator<'p, 'a> {
        let mut stream = String::new();
        let mut starts = Vec::with_capacity(paragraphs.len());
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                stream.push('\n');
            }
            starts.push(stream.len());
            stream.push_str(p.text);
        }
        Locator {
            paragraphs,
            stream,
            starts,
            bigrams: OnceCell::new(),
        }
    }

    fn bigrams(&self) -> &[(Vec<u64>, Vec<usize>)] {
        self.bigrams.get_or_init(|| {
            self.paragraphs
                .iter()
                .map(|p| {
                    let chars: Vec<char> = p.text.chars().collect();
                    let keys = chars.windows(2).map(|w| pair_key(w[0], w[1])).collect();
                    let offsets = p
                        .text
                        .char_indices()
                        .map(|(i, _)| i)
                        .chain(std::iter::once(p.text.len()))
                        .collect();
                    (keys, offsets)
                })
                .collect()
        })
    }

    /// Find where `anchor` belongs; indices are into the paragraphs given to [`Locator::new`].
    pub fn locate(&self, anchor: &Anchor) -> Placement {
        let paragraphs = self.paragraphs;
        let exact = anchor.quote.exact.as_str();
        if exact.is_empty() {
            return Placement::Orphan;
        }
        let home = home_index(anchor, paragraphs);
        let at_home = |i: usize| {
            let p = &paragraphs[i];
            p.section_path == anchor.section_path && p.paragraph == anchor.paragraph
        };

        let verbatim: Vec<(usize, f64, f64)> = self
            .stream
            .match_indices(exact)
            .filter_map(|(at, _)| {
                let i = self.starts.partition_point(|&s| s <= at).checked_sub(1)?;
                let start = at - self.starts[i];
                let end = start + exact.len();
                // A quote with a line break could match across two paragraphs.
                if end > paragraphs[i].text.len() {
                    return None;
                }
                Some((
                    i,
                    1.0,
                    context_score(&anchor.quote, paragraphs, i, start, end),
                ))
            })
            .collect();
        if let Some((i, _)) = best(verbatim, home) {
            return if at_home(i) {
                Placement::Exact(i)
            } else {
                Placement::Moved(i)
            };
        }

        let Some(quote) = QuoteBigrams::new(exact) else {
            return Placement::Orphan;
        };
        let fuzzy: Vec<(usize, f64, f64)> = self
            .bigrams()
            .iter()
            .enumerate()
            .filter_map(|(i, (keys, offsets))| {
                let (sim, chars) = best_window(&quote, keys)?;
                if sim < FUZZY_THRESHOLD {
                    return None;
                }
                let (start, end) = (offsets[chars.start], offsets[chars.end]);
                let ctx = context_score(&anchor.quote, paragraphs, i, start, end);
                Some((i, sim, ctx))
            })
            .collect();
        match best(fuzzy, home) {
            Some((i, sim)) => Placement::Fuzzy(i, sim),
            None => Placement::Orphan,
        }
    }
}

/// [`locate`] every note; every note is returned, orphans included.
pub fn locate_all<'n>(
    notes: &'n [Note],
    paragraphs: &[ParagraphView<'_>],
) -> Vec<(&'n Note, Placement)> {
    let locator = Locator::new(paragraphs);
    notes
        .iter()
        .map(|n| (n, locator.locate(&n.anchor)))
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

/// Pick the best of `(index, similarity, context)` candidates: the most similar, then
/// among near ties the best prefix/suffix context, then among near ties again the one
/// nearest `home`. A short quote (`行政复议`) occurs in many paragraphs, and after an
/// insertion the remembered position may hold one of the wrong ones, so context beats
/// position; position only decides between occurrences context cannot tell apart.
fn best(candidates: Vec<(usize, f64, f64)>, home: Option<usize>) -> Option<(usize, f64)> {
    let top_sim = candidates
        .iter()
        .map(|c| c.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let similar: Vec<(usize, f64, f64)> = candidates
        .into_iter()
        .filter(|c| c.1 >= top_sim - TIE_MARGIN)
        .collect();
    let top_ctx = similar
        .iter()
        .map(|c| c.2)
        .fold(f64::NEG_INFINITY, f64::max);
    let distance = |i: usize| home.map_or(0, |h| i.abs_diff(h));
    similar
        .into_iter()
        .filter(|c| c.2 >= top_ctx - CONTEXT_MARGIN)
        .min_by(|a, b| {
            distance(a.0)
                .cmp(&distance(b.0))
                .then_with(|| b.1.total_cmp(&a.1))
        })
        .map(|c| (c.0, c.1))
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

/// A character bigram as one number, for cheap comparison and sorting.
fn pair_key(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// Sørensen–Dice similarity of the character-bigram multisets of `a` and `b` (0–1).
/// Strings too short to have bigrams are similar only when equal.
pub fn dice(a: &str, b: &str) -> f64 {
    let b: Vec<char> = b.chars().collect();
    let Some(quote) = QuoteBigrams::new(a).filter(|_| b.len() >= 2) else {
        return if a.chars().eq(b.iter().copied()) {
            1.0
        } else {
            0.0
        };
    };
    let mut left = quote.want.clone();
    let mut shared = 0u32;
    for w in b.windows(2) {
        if let Some(id) = quote.id(pair_key(w[0], w[1])) {
            if left[id] > 0 {
                left[id] -= 1;
                shared += 1;
            }
        }
    }
    2.0 * f64::from(shared) / ((quote.chars - 1) + (b.len() - 1)) as f64
}

/// The quote's character bigrams, numbered, for sliding-window comparison.
struct QuoteBigrams {
    /// The distinct bigrams of the quote, sorted; a bigram's number is its position here.
    keys: Vec<u64>,
    /// How often each numbered bigram occurs in the quote.
    want: Vec<i32>,
    /// Length of the quote in characters.
    chars: usize,
}

impl QuoteBigrams {
    /// `None` when the quote is too short to have bigrams.
    fn new(exact: &str) -> Option<QuoteBigrams> {
        let q: Vec<char> = exact.chars().collect();
        if q.len() < 2 {
            return None;
        }
        let mut all: Vec<u64> = q.windows(2).map(|w| pair_key(w[0], w[1])).collect();
        all.sort_unstable();
        let mut keys: Vec<u64> = Vec::new();
        let mut want: Vec<i32> = Vec::new();
        for key in all {
            if keys.last() == Some(&key) {
                if let Some(n) = want.last_mut() {
                    *n += 1;
                }
            } else {
                keys.push(key);
                want.push(1);
            }
        }
        Some(QuoteBigrams {
            keys,
            want,
            chars: q.len(),
        })
    }

    /// The number of bigram `key`, if the quote has it.
    fn id(&self, key: u64) -> Option<usize> {
        self.keys.binary_search(&key).ok()
    }
}

/// The window of a paragraph (given as its bigram keys) most similar to the quote: its
/// similarity and its range in characters.
///
/// Windows of the quote's length ±2 characters slide over the text, so the quote is
/// found inside a longer (joined) paragraph as well as in one where a character or two
/// were inserted or removed. Each bigram is looked up once and the windows then only
/// count numbers, because this runs for every paragraph of a report for every note
/// whose quote is not found verbatim.
fn best_window(quote: &QuoteBigrams, text: &[u64]) -> Option<(f64, Range<usize>)> {
    let text_chars = text.len() + 1;
    if text.is_empty() {
        return None;
    }
    // Bigram `k` of the text as the quote's bigram number, if it has one; bigrams absent
    // from the quote only ever count in the denominator.
    let ids: Vec<Option<usize>> = text.iter().map(|&key| quote.id(key)).collect();
    let q_bigrams = (quote.chars - 1) as f64;
    let hi = (quote.chars + 2).min(text_chars);
    let lo = quote.chars.saturating_sub(2).max(2).min(hi);

    // Upper bound from the whole text: no window shares more bigrams than the text does.
    let mut left = quote.want.clone();
    let mut shared_whole = 0usize;
    for &id in ids.iter().flatten() {
        if left[id] > 0 {
            left[id] -= 1;
            shared_whole += 1;
        }
    }
    if 2.0 * shared_whole as f64 / (q_bigrams + (lo - 1) as f64) < FUZZY_THRESHOLD {
        return None;
    }

    let mut found: Option<(f64, Range<usize>)> = None;
    for len in lo..=hi {
        let mut have = vec![0i32; quote.want.len()];
        let mut shared = 0i32;
        let add = |have: &mut [i32], shared: &mut i32, k: usize| {
            if let Some(id) = ids[k] {
                if have[id] < quote.want[id] {
                    *shared += 1;
                }
                have[id] += 1;
            }
        };
        let remove = |have: &mut [i32], shared: &mut i32, k: usize| {
            if let Some(id) = ids[k] {
                have[id] -= 1;
                if have[id] < quote.want[id] {
                    *shared -= 1;
                }
            }
        };
        for k in 0..len - 1 {
            add(&mut have, &mut shared, k);
        }
        let mut start = 0;
        loop {
            let sim = 2.0 * f64::from(shared) / (q_bigrams + (len - 1) as f64);
            if found.as_ref().is_none_or(|f| sim > f.0) {
                found = Some((sim, start..start + len));
            }
            if start + len >= text_chars {
                break;
            }
            remove(&mut have, &mut shared, start);
            add(&mut have, &mut shared, start + len - 1);
            start += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

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
