//! Heading lines: the Chinese markers that give a heading its level (`一、` `（一）` `1.`
//! `（1）`, `第一部分`), the bare lines that name a report's parts, and where a run-in
//! heading's title ends and its body begins.

use super::super::figure;
use super::super::text::{digit, is_cn_numeral};

/// A heading marker found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// 1–4.
    pub level: u8,
    /// The marker as written, without trailing space.
    pub text: String,
    /// Byte length of the marker plus following spaces.
    pub len: usize,
}

/// Recognise `一、` `（一）` `(一)` `一）` `1.` `1．` `1、` `（1）` `(1)` `1）` at the start of a
/// line.
pub fn marker(line: &str) -> Option<Marker> {
    let mut chars = line.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    let (level, end) = if let Some(end) = part_marker(line) {
        (1, end)
    } else if super::super::text::enclosed_number(first).is_some() {
        // `㈠` is `（一）` in one character, `⑴` is `(1)`.
        (if first < '\u{3220}' { 4 } else { 2 }, first.len_utf8())
    } else if first == '（' || first == '(' {
        chars.next();
        let mut cn = 0;
        let mut ar = 0;
        let mut close = None;
        for (i, c) in chars.by_ref() {
            if is_cn_numeral(c) {
                cn += 1;
            } else if digit(c).is_some() {
                ar += 1;
            } else if matches!(c, ' ' | '\u{3000}') {
                // `（ 一 ）`, as OCR and web pages space it.
                continue;
            } else {
                if c == '）' || c == ')' {
                    close = Some(i + c.len_utf8());
                }
                break;
            }
        }
        let close = close?;
        match (cn, ar) {
            (1..=3, 0) => (2, close),
            (0, 1..=2) => (4, close),
            _ => return None,
        }
    } else if is_cn_numeral(first) {
        let mut n = 0;
        let mut end = None;
        for (i, c) in chars.by_ref() {
            if is_cn_numeral(c) {
                n += 1;
                continue;
            }
            // `一．`, `一.`: a point typed for the pause mark.
            if matches!(c, '、' | '．' | '.') && n <= 3 {
                end = Some(i + c.len_utf8());
            }
            // `一）` is `（一）` with its opening bracket left out, as `1）` is `（1）`.
            if matches!(c, '）' | ')') && n <= 3 {
                return finish_marker(line, 2, i + c.len_utf8());
            }
            break;
        }
        (1, end?)
    } else if digit(first).is_some() {
        let mut n = 0;
        let mut end = None;
        while let Some(&(i, c)) = chars.peek() {
            chars.next();
            if digit(c).is_some() {
                n += 1;
                continue;
            }
            if matches!(c, '.' | '．' | '、') && n <= 2 {
                // `97.87%` and `1.87万` start with a number, not a marker.
                let next = chars.peek().map(|&(_, c)| c);
                if next.is_some_and(|c| digit(c).is_none()) {
                    end = Some(i + c.len_utf8());
                }
            }
            // `1）` is `（1）` with its opening bracket left out.
            if matches!(c, '）' | ')') && n <= 2 {
                return finish_marker(line, 4, i + c.len_utf8());
            }
            break;
        }
        (3, end?)
    } else {
        return None;
    };
    finish_marker(line, level, end)
}

/// The marker of `level` that is `line[..end]`, unless nothing follows it.
fn finish_marker(line: &str, level: u8, end: usize) -> Option<Marker> {
    let text = line[..end].replace([' ', '\u{3000}'], "");
    let rest = &line[end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len();
    // A marker alone on a line, or one followed by a closing bracket, is not a heading.
    if rest.trim().is_empty() {
        return None;
    }
    Some(Marker {
        level,
        text,
        len: end + spaces,
    })
}

/// `第一部分` (as some provinces number a report's parts), with a `、` or `：` after it:
/// the byte length of the marker.
pub(super) fn part_marker(line: &str) -> Option<usize> {
    let rest = line.strip_prefix('第')?;
    let numerals = rest.chars().take_while(|&c| is_cn_numeral(c)).count();
    if !(1..=3).contains(&numerals) {
        return None;
    }
    let after = &rest[numerals * '一'.len_utf8()..];
    let after = after.strip_prefix("部分")?;
    let sep = after
        .chars()
        .next()
        .filter(|c| matches!(c, '、' | '：' | ':'))
        .map_or(0, char::len_utf8);
    Some(line.len() - after.len() + sep)
}

/// A numbered line at list level (`1.`, `（1）`) that reads as a sentence: a clause break
/// before its first `。` (`（1）全年办理行政复议案件412件，同比上升8.4%。`). It is a
/// paragraph, so its figures are seen, not a heading. At level 2 (`（一）`), where
/// headings often hold a comma (`坚持高位推动，压实法治建设责任`), the sentence must also
/// state a figure (`（一）…工作人员仅5名，人均办案47.4件…。`).
pub(super) fn numbered_sentence(m: &Marker, rest: &str) -> bool {
    let head = rest.split('。').next().unwrap_or(rest);
    let clauses = head.contains(['，', '；', ',', ';']);
    match m.level {
        3.. => clauses,
        // `（一）强化组织领导：…5次，…` is a heading ended by a colon, with its body.
        2 if head
            .find(['：', ':'])
            .is_some_and(|colon| head[..colon].chars().count() <= COLON_TITLE_MAX) =>
        {
            false
        }
        2 => {
            clauses
                && figure::scan(head)
                    .iter()
                    .any(|f| f.kind != figure::FigureKind::Date)
        }
        _ => false,
    }
}

/// Words of the parts every report has, which some write as a bare line with no number:
/// `主要工作及成效`, `存在的问题和不足`, `下一步工作打算`.
const PART_WORDS: &[&str] = &[
    "主要工作",
    "主要做法",
    "主要举措",
    "工作举措",
    "主要成效",
    "工作成效",
    "取得的成效",
    "基本情况",
    "总体情况",
    "存在的问题",
    "存在问题",
    "问题和不足",
    "存在的不足",
    "下一步",
    "工作打算",
    "工作计划",
    "工作安排",
    "工作思路",
];

/// Longest bare part heading, in chars.
const BARE_HEADING_MAX: usize = 20;

/// Longest appendix heading (`附表：…`), in chars.
const APPENDIX_HEADING_MAX: usize = 40;

/// A line with no marker that names one of a report's parts ([`PART_WORDS`]): short, no
/// clause mark, no digit but a year's (`2025年工作打算`); or one that opens an appendix. It is
/// a level-1 heading with no number.
pub(super) fn bare_heading(line: &str) -> bool {
    // `附表：2021—2023年主要指标` opens an appendix, which is no part of the last heading.
    if ["附表", "附件", "附：", "附:", "附录"]
        .iter()
        .any(|w| line.starts_with(w))
    {
        return line.chars().count() <= APPENDIX_HEADING_MAX && !line.contains('。');
    }
    line.chars().count() <= BARE_HEADING_MAX
        && !line.contains(['，', '。', '；', '：', ',', ';', ':', '！', '？', '%', '％'])
        && (line.contains('年') || !line.chars().any(|c| c.is_ascii_digit()))
        && PART_WORDS.iter().any(|w| line.contains(w))
}

/// `附表：主要指标` inside a part, with the part's numbered items going on after it, captions a
/// table; it opens no appendix.
pub(super) fn caption(line: &str, after: &[String]) -> bool {
    line.starts_with('附')
        && after
            .iter()
            .find_map(|l| marker(l.trim_matches([' ', '\u{3000}', '\t'])))
            .is_some_and(|m| m.level >= 2)
}

/// Titles longer than this (in chars) before the first `。` are not run-in titles.
const RUN_IN_MAX: usize = 60;

/// How a heading line splits after its marker.
pub(super) struct HeadingLine {
    pub(super) title: String,
    /// The title ended at a `。` that belongs to the heading (see [`Section::run_in`]).
    pub(super) run_in: bool,
    /// Body text after that `。` on the same line.
    pub(super) body: Option<String>,
}

/// A title ended by a colon this long at most (in chars) runs into its body:
/// `（一）加强党的领导：区委常委会会议研究法治建设工作6次…`.
const COLON_TITLE_MAX: usize = 30;

/// Split a heading line after its marker into title and run-in body. A title that ends
/// with `。` and nothing after it is run-in without a body, so the `。` is not lost. A short
/// title ended by `：` before any `。` runs into its body too; the colon stays on the title,
/// as on a heading line that ends with one.
pub(super) fn split_run_in(rest: &str) -> HeadingLine {
    let stop = rest.find('。').unwrap_or(rest.len());
    if let Some(pos) = rest[..stop].find(['：', ':']) {
        let colon = rest[pos..].chars().next().map_or(1, char::len_utf8);
        let title = rest[..pos + colon].trim();
        let body = rest[pos + colon..].trim();
        if !body.is_empty() && title.chars().count() <= COLON_TITLE_MAX {
            return HeadingLine {
                title: title.to_string(),
                run_in: false,
                body: Some(body.to_string()),
            };
        }
    }
    if let Some(pos) = rest.find('。') {
        let title = rest[..pos].trim();
        let body = rest[pos + '。'.len_utf8()..].trim();
        if title.chars().count() <= RUN_IN_MAX && !title.is_empty() {
            return HeadingLine {
                title: title.to_string(),
                run_in: true,
                body: (!body.is_empty()).then(|| body.to_string()),
            };
        }
    }
    HeadingLine {
        title: rest.trim().to_string(),
        run_in: false,
        body: None,
    }
}

/// A marker without its number: `（一）` and `（二）` are of one form, `（1）` and `2.` not.
pub(super) fn marker_form(number: &str) -> String {
    number
        .chars()
        .filter(|&c| !c.is_ascii_digit() && !is_cn_numeral(c))
        .collect()
}
