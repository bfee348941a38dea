//! The report as the reader walks it: a flat list of blocks (headings and paragraphs) in
//! reading order, and CJK-aware wrapping of a block into lines.

use crate::report::{Paragraph, Report};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// One thing in the content pane: a heading or a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
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
pub fn blocks(report: &Report) -> Vec<Block> {
    let mut out: Vec<Block> = (0..report.preamble.len())
        .map(|para| Block::Para {
            section: None,
            para,
        })
        .collect();
    for (i, s) in report.sections.iter().enumerate() {
        out.push(Block::Heading(i));
        out.extend((0..s.paragraphs.len()).map(|para| Block::Para {
            section: Some(i),
            para,
        }));
    }
    out
}

impl Block {
    /// The section this block belongs to (`None` for the preamble).
    pub fn section(self) -> Option<usize> {
        match self {
            Block::Heading(s) => Some(s),
            Block::Para { section, .. } => section,
        }
    }

    /// The paragraph, when this block is one.
    pub fn paragraph(self, report: &Report) -> Option<&Paragraph> {
        match self {
            Block::Heading(_) => None,
            Block::Para {
                section: None,
                para,
            } => report.preamble.get(para),
            Block::Para {
                section: Some(s),
                para,
            } => report.sections.get(s)?.paragraphs.get(para),
        }
    }

    /// The text shown for this block: `（一）title` for headings.
    pub fn text(self, report: &Report) -> String {
        match self {
            Block::Heading(s) => {
                let sec = &report.sections[s];
                format!("{}{}", sec.number, sec.title)
            }
            p => p
                .paragraph(report)
                .map(|p| p.text.clone())
                .unwrap_or_default(),
        }
    }
}

/// Break `text` into lines no wider than `width` cells. Double-width characters are never
/// split; a run of ASCII letters and digits (`97.87%`, `2023`) is not broken when it fits on
/// the next line; closing punctuation does not start a line. Returns byte ranges into `text`.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(2);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    let mut run_start: Option<usize> = None;
    // The last few chars, for backing up before closing punctuation.
    let mut recent: Vec<(usize, char)> = Vec::with_capacity(4);
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        let in_run = c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | ',');
        if in_run {
            run_start.get_or_insert(i);
        } else {
            run_start = None;
        }
        if used + w > width && i > start {
            let brk = match run_start {
                Some(rs) if rs > start => rs,
                // Closing punctuation must not start a line (避头尾): take the char before
                // it along to the next line.
                _ if is_closing(c) => {
                    // Back up past any closing marks so that a non-closing char leads.
                    let mut k = recent.len();
                    while k > 0 && is_closing(recent[k - 1].1) {
                        k -= 1;
                    }
                    match k.checked_sub(1).map(|k| recent[k].0) {
                        Some(p) if p > start => p,
                        _ => i,
                    }
                }
                _ => i,
            };
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

fn is_closing(c: char) -> bool {
    "，。、；：！？）》”’」』,.;:!?)".contains(c)
}

/// Byte ranges of every case-insensitive occurrence of `needle` in `hay`.
pub fn find_all(hay: &str, needle: &str) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
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
    fn keeps_numbers_whole() {
        let text = "可网办率为 97.87%，答复率 100%。";
        let lines = wrap(text, 14);
        assert!(lines.iter().any(|r| text[r.clone()].contains("97.87%")));
    }
}
