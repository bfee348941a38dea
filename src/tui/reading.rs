//! The report as the reader walks it: a flat list of passages (headings and paragraphs) in
//! reading order, and CJK-aware wrapping of a passage into lines.

use crate::report::{Paragraph, Report};
use crate::search::Spellings;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};
use unicode_width::UnicodeWidthChar;

/// One thing in the content pane: a heading or a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passage {
    /// The heading of section `usize`.
    Heading(usize),
    /// Paragraph `para` of section `section` (`None` = the preamble).
    Para {
        /// Section index, or `None` for the preamble.
        section: Option<usize>,
        /// Paragraph index within it.
        para: usize,
    },
}

/// Every block of a report in reading order.
pub fn passages(report: &Report) -> Vec<Passage> {
    let mut out: Vec<Passage> = (0..report.preamble.len())
        .map(|para| Passage::Para {
            section: None,
            para,
        })
        .collect();
    for (i, s) in report.sections.iter().enumerate() {
        out.push(Passage::Heading(i));
        out.extend((0..s.paragraphs.len()).map(|para| Passage::Para {
            section: Some(i),
            para,
        }));
    }
    out
}

impl Passage {
    /// The section this block belongs to (`None` for the preamble).
    pub fn section(self) -> Option<usize> {
        match self {
            Passage::Heading(s) => Some(s),
            Passage::Para { section, .. } => section,
        }
    }

    /// The paragraph, when this block is one.
    pub fn paragraph(self, report: &Report) -> Option<&Paragraph> {
        match self {
            Passage::Heading(_) => None,
            Passage::Para {
                section: None,
                para,
            } => report.preamble.get(para),
            Passage::Para {
                section: Some(s),
                para,
            } => report.sections.get(s)?.paragraphs.get(para),
        }
    }

    /// The text shown for this block: `（一）title` for headings.
    pub fn text(self, report: &Report) -> String {
        match self {
            Passage::Heading(s) => {
                let sec = &report.sections[s];
                sec.heading()
            }
            p => p
                .paragraph(report)
                .map(|p| p.text.clone())
                .unwrap_or_default(),
        }
    }
}

/// A passage's text and its lines as byte ranges of it.
#[derive(Debug, Default)]
pub struct Wrapped {
    /// The text shown for the passage ([`Passage::text`]).
    pub text: String,
    /// Its lines at the cache's width ([`wrap_keeping`]).
    pub lines: Vec<Range<usize>>,
}

/// Wrapped passages of one report at one width. Scrolling asks for a passage's height once
/// per line moved, and a report can be one paragraph of megabytes: without this every key
/// would wrap it again, many times.
#[derive(Debug, Default)]
pub struct WrapCache {
    inner: Mutex<Wraps>,
}

/// (which library, which report, which width) the passages were wrapped for, and them.
type Wraps = (Option<(usize, usize, usize)>, HashMap<usize, Arc<Wrapped>>);

impl WrapCache {
    /// Passage `b` of `report` wrapped to `width`, from the cache when it was wrapped before
    /// for the same report (named by `report_key`) and width.
    pub fn get(
        &self,
        report_key: (usize, usize),
        report: &Report,
        passages: &[Passage],
        b: usize,
        width: usize,
    ) -> Arc<Wrapped> {
        let key = (report_key.0, report_key.1, width);
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.0 != Some(key) {
            *inner = (Some(key), HashMap::new());
        }
        if let Some(w) = inner.1.get(&b) {
            return Arc::clone(w);
        }
        let Some(&passage) = passages.get(b) else {
            return Arc::default();
        };
        let text = passage.text(report);
        let figures: Vec<Range<usize>> = passage
            .paragraph(report)
            .map(|p| p.figures.iter().map(|f| f.range.clone()).collect())
            .unwrap_or_default();
        let lines = wrap_keeping(&text, width, &figures);
        let w = Arc::new(Wrapped { text, lines });
        inner.1.insert(b, Arc::clone(&w));
        w
    }
}

/// Break `text` into lines no wider than `width` cells. Double-width characters are never
/// split; a run of ASCII letters and digits (`97.87%`, `2023`) is not broken when it fits on
/// the next line; closing punctuation does not start a line. Returns byte ranges into `text`.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    wrap_keeping(text, width, &[])
}

/// [`wrap`], also keeping each byte range of `keep` (a paragraph's figures: `26918件`,
/// `82.5%`) on one line: a line that would end inside one ends before it instead.
///
/// Linear in the text's length: a report can be one paragraph of megabytes with a figure in
/// every sentence, so kept ranges are merged, sorted and looked up by binary search, and no
/// look-back goes past the start of the line being made.
pub fn wrap_keeping(text: &str, width: usize, keep: &[Range<usize>]) -> Vec<Range<usize>> {
    let keep = &merged(keep);
    let width = width.max(2);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    // The last few chars, for backing up before closing punctuation.
    let mut recent: Vec<(usize, char)> = Vec::with_capacity(4);
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && i > start {
            let brk = if is_closing(c) {
                // Closing punctuation must not start a line (避头尾): take the char before
                // it along to the next line, backing up past any closing marks so that a
                // non-closing char leads.
                let mut k = recent.len();
                while k > 0 && is_closing(recent[k - 1].1) {
                    k -= 1;
                }
                match k.checked_sub(1).map(|k| recent[k].0) {
                    // Unless that would split a figure that starts the line: then the mark
                    // leads the next line, the lesser evil.
                    Some(p)
                        if p > start
                            && inside_unit(text, start, p, keep).is_none_or(|u| u > start) =>
                    {
                        p
                    }
                    _ => i,
                }
            } else {
                i
            };
            let brk = unit_start(text, start, no_opening_at_end(text, start, brk), keep);
            lines.push(start..brk);
            used = text[brk..i].chars().map(|c| c.width().unwrap_or(0)).sum();
            start = brk;
        }
        used += w;
        if recent.len() == 4 {
            recent.remove(0);
        }
        recent.push((i, c));
    }
    if start < text.len() || lines.is_empty() {
        lines.push(start..text.len());
    }
    lines
}

/// Where a line that would end at `brk` ends instead so that it does not end with opening
/// punctuation (“《（: 避尾): the mark goes to the next line with what it opens.
fn no_opening_at_end(text: &str, start: usize, mut brk: usize) -> usize {
    while let Some((i, c)) = text[start..brk].char_indices().next_back() {
        if !is_opening(c) || i == 0 {
            break;
        }
        brk = start + i;
    }
    brk
}

/// Where a line that would end at `brk` ends instead so as not to split a number or a kept
/// range: the start of what `brk` falls inside, as long as that is after the line's `start`.
fn unit_start(text: &str, start: usize, mut brk: usize, keep: &[Range<usize>]) -> usize {
    while let Some(b) = inside_unit(text, start, brk, keep).filter(|&b| b > start) {
        brk = b;
    }
    brk
}

/// `keep` sorted and with overlapping ranges merged, so one binary search finds the range
/// around a position.
fn merged(keep: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = keep.to_vec();
    sorted.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The start of the kept range or number that `at` falls strictly inside, if any; a
/// number is followed back no further than `floor` (the line's start).
fn inside_unit(text: &str, floor: usize, at: usize, keep: &[Range<usize>]) -> Option<usize> {
    let kept = keep[..keep.partition_point(|r| r.start < at)]
        .last()
        .filter(|r| at < r.end)
        .map(|r| r.start);
    let mut b = at;
    if text[at..].chars().next().is_some_and(in_number) {
        while let Some(c) = text[floor..b].chars().next_back().filter(|&c| in_number(c)) {
            b -= c.len_utf8();
        }
    }
    let number = (b < at).then_some(b);
    kept.into_iter().chain(number).min()
}

/// Part of a number or ASCII word that is not broken across lines.
fn in_number(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | ',')
}

fn is_opening(c: char) -> bool {
    "“‘《〈（「『【〔(".contains(c)
}

fn is_closing(c: char) -> bool {
    "，。、；：！？）》”’」』,.;:!?)".contains(c)
}

/// Byte ranges of every occurrence of `needle` in `hay`, ignoring case and in any of its
/// spellings (full-width, Traditional: [`Spellings`]).
pub fn find_all(hay: &str, needle: &str) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    if let Some(spellings) = Spellings::new(needle, true) {
        return spellings.find_iter(hay.as_bytes()).collect();
    }
    let lower_hay = hay.to_lowercase();
    let lower_needle = needle.to_lowercase();
    // Lowercasing ASCII keeps byte offsets; for other text fall back to exact matching.
    let (h, n) = if lower_hay.len() == hay.len() && lower_needle.len() == needle.len() {
        (lower_hay.as_str(), lower_needle.as_str())
    } else {
        (hay, needle)
    };
    h.match_indices(n).map(|(i, m)| i..i + m.len()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wraps_cjk_without_overflow() {
        let text = "千山区坚持把公众参与、专家论证、风险评估、合法性审查、集体讨论决定作为重大行政决策法定程序。";
        for width in [7, 10, 21, 40] {
            for r in wrap(text, width) {
                assert!(text[r.clone()].width() <= width, "{width}: {}", &text[r]);
            }
            let joined: String = wrap(text, width).iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let text = "制定《威海市文登区创建全省法治政府建设示范区实施方案》，组织开展第三批。";
        for width in 6..40 {
            for r in wrap(text, width).iter().skip(1) {
                let first = text[r.clone()].chars().next().unwrap();
                assert!(!is_closing(first), "{width}: {}", &text[r.clone()]);
            }
        }
    }

    #[test]
    fn an_opening_quote_never_ends_a_line() {
        let text = "严格执行重大行政决策“五步走”程序，公布《威海市文登区行政许可事项清单》和（试行）办法。";
        for width in 4..50 {
            let lines = wrap(text, width);
            let joined: String = lines.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined, text, "{width}");
            for r in &lines[..lines.len() - 1] {
                let last = text[r.clone()].chars().next_back().unwrap();
                assert!(!is_opening(last), "{width}: {}", &text[r.clone()]);
                assert!(text[r.clone()].width() <= width, "{width}");
            }
        }
    }

    #[test]
    fn keeps_figures_whole_with_their_units() {
        let text = "全年共收到行政复议申请26918件，办结率97.87%。";
        let figures: Vec<Range<usize>> = ["26918件", "97.87%"]
            .iter()
            .map(|f| {
                let at = text.find(f).unwrap();
                at..at + f.len()
            })
            .collect();
        for width in 8..40 {
            let lines = wrap_keeping(text, width, &figures);
            let joined: String = lines.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined, text, "{width}");
            for f in &figures {
                assert!(
                    lines.iter().any(|r| r.start <= f.start && f.end <= r.end),
                    "{width}: {} split in {:?}",
                    &text[f.clone()],
                    lines.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>()
                );
            }
            for r in &lines {
                assert!(
                    text[r.clone()].width() <= width,
                    "{width}: {}",
                    &text[r.clone()]
                );
            }
        }
    }

    #[test]
    fn keeps_numbers_whole() {
        let text = "可网办率为 97.87%，答复率 100%。";
        let lines = wrap(text, 14);
        assert!(lines.iter().any(|r| text[r.clone()].contains("97.87%")));
    }
}
