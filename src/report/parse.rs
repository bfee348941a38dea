//! The report parser: a pure function from text to [`Report`] that never fails.
//!
//! Lines are cleaned of artefacts (`[image: …]`, Markdown `#` and `**`, page numbers, a
//! site's greeting and type-size buttons), split into front matter, body and sign-off, and the
//! body into headings, paragraphs and table rows (`table`). A heading's level comes from its
//! Chinese marker only. A paragraph that does not end a sentence is joined with the next one
//! (a page break in the source); in hard-wrapped text, the indents say where paragraphs start.

use super::figure;
use super::meta;
use super::text::{ends_sentence, is_cn_numeral};
use super::web_meta;
use super::{hant, runon, table};
use super::{Paragraph, Report, Section};
use std::borrow::Cow;
use std::ops::Range;

mod heading;
use heading::{
    bare_heading, caption, marker_form, numbered_sentence, part_marker, split_run_in, HeadingLine,
};
pub use heading::{marker, Marker};

/// Parse a report's text (already decoded). `source` names it in warnings.
pub fn parse(source: &str, text: &str) -> Report {
    let (overrides, block_lines, rest) = meta::split_override_block(text);
    let lines = table::rows_from_columns(runon::split(rest.lines().map(clean_line).collect()));
    let nonempty: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    // Traditional text is matched through its Simplified form (one character for one, so
    // line indices carry over) and shown as written.
    let head: String = nonempty
        .iter()
        .take(20)
        .map(|&i| lines[i].as_str())
        .collect();
    let traditional = hant::is_traditional(&head);
    let matched: Cow<[String]> = if traditional {
        Cow::Owned(lines.iter().map(|l| hant::simplified(l)).collect())
    } else {
        Cow::Borrowed(&lines)
    };

    // A web page's metadata block comes first; the title and the rest follow it.
    let (web_count, web) = web_meta::leading_block(&matched, &nonempty);
    let mut front = meta::front_matter(&matched, &nonempty[web_count..]);
    if web_count > 0 {
        front.end = front.end.max(nonempty[web_count - 1] + 1);
        front
            .lines
            .splice(0..0, nonempty[..web_count].iter().copied());
    }
    let sign_off = meta::sign_off(&matched, &nonempty, front.end);
    let body = front.end..sign_off.start;

    let mut report = Report {
        source: source.to_string(),
        meta: Default::default(),
        front_matter: block_lines
            .into_iter()
            .chain(front.lines.iter().map(|&i| lines[i].trim().to_string()))
            .collect(),
        preamble: Vec::new(),
        sections: Vec::new(),
        sign_off: sign_off
            .lines
            .iter()
            .map(|&i| lines[i].trim().to_string())
            .collect(),
        warnings: Vec::new(),
    };
    build_body(&mut report, &lines, body.clone());
    // An attachment under the signature follows the body, a part of its own headed by its
    // mark and its title (`附件　永宁县2024年主要指标完成情况`).
    if let Some(appendix) = sign_off.appendix.clone() {
        let mut part: Vec<String> = lines[appendix].to_vec();
        part.retain(|l| !l.trim().is_empty());
        let title = part.get(1).map(|l| l.trim()).filter(|l| {
            l.chars().count() <= 34 && !ends_sentence(l) && !table::is_row(l) && marker(l).is_none()
        });
        if let Some(title) = title {
            part[0] = format!("{}　{title}", part[0].trim());
            part.remove(1);
        }
        let len = part.len();
        build_body(&mut report, &part, 0..len);
    }
    let mut warnings = Vec::new();
    let view: Cow<Report> = if traditional {
        Cow::Owned(hant::simplified_report(&report))
    } else {
        Cow::Borrowed(&report)
    };
    let inferred = meta::infer(&view, &front, &overrides, &web, &mut warnings);
    report.meta = inferred;
    if report.sections.is_empty() {
        warnings
            .push("no headings found (一、 （一） 1. （1）): the whole text is one section".into());
    }
    // `…关于2023年法治政府建设情况的报告` again inside the body: two reports pasted together,
    // whose metadata would mix.
    if let Some(second) = matched[body.clone()].iter().map(|l| l.trim()).find(|l| {
        l.chars().count() <= 100 && l.contains("关于") && l.ends_with("报告") && l.contains("法治")
    }) {
        warnings.push(format!(
            "a second report title inside the body (`{second}`): two reports in one file? \
             Split them into two files"
        ));
    }
    let undecoded = super::text::undecoded(text);
    if undecoded > 0 {
        warnings.push(format!(
            "{undecoded} character(s) could not be decoded and are shown as �: \
             the file may be cut short or mix encodings"
        ));
    }
    report.warnings = warnings;
    report
}

/// Remove what is not text: `[image: …]` references, Markdown markup and page numbers.
/// Only these artefacts are dropped; everything else is kept as written.
pub fn clean_line(line: &str) -> String {
    // One pass, so a long line with many images stays linear.
    let mut s = String::with_capacity(line.len());
    let mut rest = line;
    // (`memmem`: std's `find` of a string showed up in profiles of a whole library's parse.)
    while let Some(start) = memchr::memmem::find(rest.as_bytes(), b"[image:") {
        let Some(len) = rest[start..].find(']') else {
            break;
        };
        s.push_str(&rest[..start]);
        rest = &rest[start + len + 1..];
    }
    s.push_str(rest);
    if memchr::memmem::find(s.as_bytes(), b"**").is_some() {
        s = s.replace("**", "");
    }
    let mut s = unescape_markdown(&s);
    // A saved page's type-size buttons at the end of its byline: `字号：大 中 小`.
    if let Some(at) = font_buttons(&s) {
        s.truncate(at);
    }
    let trimmed = s.trim_start_matches([' ', '\u{3000}', '\t']);
    // A copied page's buttons before the line they were set beside:
    // `【字体：大 中 小】【打印本页】【关闭窗口】西安市人民政府：`.
    let buttons = buttons_before(trimmed);
    // A Markdown list item's bullet (`- `, `* `, `+ `): not text of the report.
    let bullet = match &trimmed.as_bytes()[buttons..] {
        [b'-' | b'*' | b'+', b' ', ..] if !super::text::is_marked_page_number(trimmed) => 2,
        _ => 0,
    };
    if buttons + bullet > 0 {
        return clean_line(trimmed[buttons + bullet..].trim_start());
    }
    // A page number left by a copy out of a PDF (`- 3 -`, `第3页`), so the halves of a
    // sentence it stood between join again; a site's greeting over a saved page.
    if super::text::is_marked_page_number(trimmed) || is_site_greeting(trimmed) {
        return String::new();
    }
    // A Markdown table's rule under its header row: `|---|:---:|`.
    if trimmed.starts_with('|')
        && trimmed.contains('-')
        && trimmed
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    {
        return String::new();
    }
    let without_hashes = trimmed.trim_start_matches('#');
    if without_hashes.len() != trimmed.len()
        && (without_hashes.is_empty() || without_hashes.starts_with([' ', '\t']))
    {
        return without_hashes.trim().to_string();
    }
    s.trim_end().to_string()
}

/// Markdown's backslash escapes undone (`1\.推进` → `1.推进`, as pandoc writes a numbered
/// heading): a backslash before ASCII punctuation only stands for that punctuation.
fn unescape_markdown(line: &str) -> String {
    if !line.contains('\\') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// `欢迎访问某某市人民政府门户网站！`, with the links to the sites above it on its line.
fn is_site_greeting(line: &str) -> bool {
    line.len() <= 240
        && line.contains("欢迎访问")
        && line.trim_end_matches(['！', '!', '。']).ends_with("网站")
}

/// Where a byline's type-size buttons start (`字号：大 中 小`, `【字体：大 中 小】 打印`), when
/// they and a print button are all that is left of the line.
fn font_buttons(line: &str) -> Option<usize> {
    let at = line.find("字号").or_else(|| line.find("字体"))?;
    let at = line[..at].strip_suffix('【').map_or(at, str::len);
    let rest: String = line[at..]
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '【' | '】' | '：' | ':'))
        .collect();
    let buttons = ["字号大中小", "字体大中小"]
        .iter()
        .find_map(|b| rest.strip_prefix(b))?;
    matches!(buttons, "" | "打印" | "打印关闭" | "打印本页" | "关闭")
        .then(|| line[..at].trim_end().len())
}

/// Bytes of a line's leading page buttons (`【打印本页】`, `【字体：大 中 小】`, `【关闭窗口】`),
/// when text follows them.
fn buttons_before(line: &str) -> usize {
    const BUTTONS: &[&str] = &[
        "打印", "关闭", "字体", "字号", "分享", "收藏", "纠错", "返回",
    ];
    let mut at = 0;
    while let Some(inner) = line[at..].strip_prefix('【') {
        let Some(end) = inner.find('】') else { break };
        if !BUTTONS.iter().any(|b| inner[..end].contains(b)) {
            break;
        }
        at += '【'.len_utf8() + end + '】'.len_utf8();
        at = line.len() - line[at..].trim_start().len();
    }
    match line[at..].trim().is_empty() {
        true => 0,
        false => at,
    }
}

/// Find inline points: `一是` `二是` … at the start of a clause.
pub fn points(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let at_clause_start = prev.is_none_or(|p| {
            matches!(
                p,
                '。' | '；' | ';' | '，' | ',' | '：' | ':' | '！' | '？' | ' ' | '\u{3000}' | '”'
            )
        });
        prev = Some(c);
        if !(at_clause_start && is_cn_numeral(c)) {
            continue;
        }
        // Up to three numerals, then `是`.
        let mut end = i;
        let mut numerals = 0;
        for (j, d) in text[i..].char_indices() {
            if is_cn_numeral(d) && numerals < 3 {
                numerals += 1;
                continue;
            }
            if d == '是' {
                end = i + j + d.len_utf8();
            }
            break;
        }
        if end > i {
            out.push(i..end);
        }
    }
    out
}

fn paragraph(text: String) -> Paragraph {
    Paragraph {
        figures: figure::extract(&text),
        points: points(&text),
        text,
    }
}

/// A line that starts with an indent.
fn indented(line: &str) -> bool {
    line.starts_with([' ', '\u{3000}', '\t'])
}

/// Text broken into lines of a fixed width, its paragraphs marked by indents: an unindented
/// line goes on from one that stopped mid-sentence at least [`WRAPS_MIN`] times, in one line
/// in ten or more, and indented lines are there to start paragraphs.
fn hard_wrapped(lines: &[String]) -> bool {
    let lines: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let starts = lines.iter().filter(|l| indented(l)).count();
    let wraps = lines
        .windows(2)
        .filter(|w| {
            let (before, line) = (w[0].trim(), w[1]);
            !indented(line)
                && !ends_sentence(before)
                && marker(line).is_none()
                && !table::is_row(line)
                && !table::is_row(before)
        })
        .count();
    starts >= WRAPS_MIN && wraps >= WRAPS_MIN && wraps * 10 >= lines.len()
}

/// A line break after the point of a decimal (`罚没款金额2735.` then `6万元`): the `.` is no
/// full stop.
fn cut_in_a_number(before: &str, line: &str) -> bool {
    ends_in_a_point(before) && line.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether `text` ends in a digit and `.`, which may be a decimal point cut by a line break.
fn ends_in_a_point(text: &str) -> bool {
    let mut end = text.trim_end().chars().rev();
    end.next() == Some('.') && end.next().is_some_and(|c| c.is_ascii_digit())
}

/// Hard-wrapped lines with each heading that fills its line joined to the unindented lines
/// that go on with it (`（一）…把法治政府建设纳入全区` + `经济社会发展总体规划，…`), so the
/// heading is read whole.
fn join_wrapped_headings(lines: &[String]) -> Vec<String> {
    // The width the text was wrapped at: the most common length of a long line.
    let mut counts = std::collections::HashMap::new();
    for l in lines {
        let n = l.trim().chars().count();
        if n > 10 {
            *counts.entry(n).or_insert(0usize) += 1;
        }
    }
    let width = counts
        .into_iter()
        .max_by_key(|&(n, c)| (c, n))
        .map_or(usize::MAX, |(n, _)| n);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut heading_open = false;
    for raw in lines {
        let line = raw.trim_matches([' ', '\u{3000}', '\t']);
        let goes_on = heading_open
            && !line.is_empty()
            && !indented(raw)
            && marker(line).is_none()
            && !table::is_row(line);
        match (goes_on, out.last_mut()) {
            (true, Some(last)) => last.push_str(line),
            _ => out.push(raw.clone()),
        }
        let last = out
            .last()
            .map_or("", |l| l.trim_matches([' ', '\u{3000}', '\t']));
        heading_open = (goes_on || marker(line).is_some())
            && line.chars().count() * 5 >= width * 4
            && !last.contains('。')
            && !ends_sentence(last);
    }
    out
}

/// Fewest unindented continuations that show a text is hard-wrapped.
const WRAPS_MIN: usize = 5;

/// Turn the body lines into sections and paragraphs, joining page-break splits.
fn build_body(report: &mut Report, lines: &[String], body: Range<usize>) {
    // Index of the last section at each level, for parenting.
    let mut open: [Option<usize>; 5] = [None; 5];
    // Levels whose numbered items under the open headings read as sentences.
    let mut listed = [false; 5];
    let mut pending: Option<String> = None;
    // The line of the last heading, should its list turn out to be one of sentences.
    let mut heading_line = String::new();
    // A paragraph goes under the last heading, or before the first.
    let push = |report: &mut Report, p: Paragraph| match report.sections.last_mut() {
        Some(s) => s.paragraphs.push(p),
        None => report.preamble.push(p),
    };
    let flush = |report: &mut Report, pending: &mut Option<String>| {
        if let Some(text) = pending.take() {
            push(report, paragraph(text));
        }
    };
    // The rows of the table being read, labelled together when it ends.
    let mut rows: Vec<Paragraph> = Vec::new();
    let end_table = |report: &mut Report, rows: &mut Vec<Paragraph>| {
        table::label(rows);
        for row in rows.drain(..) {
            push(report, row);
        }
    };
    let wrapped = hard_wrapped(&lines[body.clone()]);
    let joined;
    let (lines, body) = match wrapped {
        true => {
            joined = join_wrapped_headings(&lines[body]);
            (&joined[..], 0..joined.len())
        }
        false => (lines, body),
    };
    // Parts hold the `一、` headings only when the body opens with one (`第一部分`), not when a
    // report slips into `第二部分` midway.
    let parts = lines[body.clone()]
        .iter()
        .map(|l| l.trim_matches([' ', '\u{3000}', '\t']))
        .find(|l| marker(l).is_some_and(|m| m.level == 1))
        .is_some_and(|l| part_marker(l).is_some());
    for (k, raw) in lines[body.clone()].iter().enumerate() {
        let line = raw.trim_matches([' ', '\u{3000}', '\t']);
        if line.is_empty() {
            continue;
        }
        // A table row is a paragraph of its own: never joined, never a heading.
        if table::is_row(line) {
            flush(report, &mut pending);
            rows.push(paragraph(line.to_string()));
            continue;
        }
        end_table(report, &mut rows);
        // Once a list's items read as sentences, its later items are paragraphs too. Items of
        // one list are alike: one that reads as a sentence after a sibling heading with a body
        // is a heading too (never a paragraph of its sibling), and a bare sibling heading
        // before it was a sentence as well.
        let m = marker(line).filter(|m| {
            let level = m.level as usize;
            if listed[level] {
                return false;
            }
            let mut sentence = numbered_sentence(m, &line[m.len..]);
            let deep = match parts && m.len > 0 && part_marker(line).is_none() {
                true => (level + 1).min(4),
                false => level,
            };
            // (Levels deeper than four share a slot, so the marker's form must match too.)
            let alike = |number: &str| marker_form(number) == marker_form(&m.text);
            let sibling = open[deep].filter(|&k| sentence && alike(&report.sections[k].number));
            if let Some(sibling) = sibling {
                let last = sibling + 1 == report.sections.len();
                let s = &report.sections[sibling];
                let bare = last
                    && s.paragraphs.is_empty()
                    && pending.is_none()
                    && s.parent.is_some_and(|p| p + 1 == sibling);
                if bare {
                    report.sections.pop();
                    open[deep] = None;
                    push(report, paragraph(std::mem::take(&mut heading_line)));
                } else {
                    sentence = false;
                }
            }
            listed[level] |= sentence;
            !sentence
        });
        // A bare part heading, only where a paragraph may start (not inside one cut by a
        // page break).
        let m = m.or_else(|| {
            let after = &lines[body.start + k + 1..body.end];
            // `附件：…` last in the body names what is attached under the signature: it heads
            // nothing.
            let note = line.starts_with('附') && after.iter().all(|l| l.trim().is_empty());
            let heading = bare_heading(line) && !caption(line, after) && !note;
            (pending.is_none() && heading).then(|| Marker {
                level: 1,
                text: String::new(),
                len: 0,
            })
        });
        if let Some(mut m) = m {
            // Under `第一部分` parts, `一、` and what it holds sit a level deeper.
            if parts && m.len > 0 && part_marker(line).is_none() {
                m.level = (m.level + 1).min(4);
            }
            flush(report, &mut pending);
            let HeadingLine {
                title,
                run_in,
                body,
            } = match m.len {
                // A bare heading is its whole line (`附表：2022—2023年主要指标`).
                0 => HeadingLine {
                    title: line.to_string(),
                    run_in: false,
                    body: None,
                },
                _ => split_run_in(&line[m.len..]),
            };
            let level = m.level as usize;
            let parent = (1..level).rev().find_map(|l| open[l]);
            heading_line = line.to_string();
            report.sections.push(Section {
                level: m.level,
                number: m.text,
                title,
                run_in,
                parent,
                paragraphs: Vec::new(),
            });
            let idx = report.sections.len() - 1;
            open[level] = Some(idx);
            for slot in open.iter_mut().skip(level + 1) {
                *slot = None;
            }
            listed[level..].fill(false);
            pending = body;
        } else {
            match pending.as_mut() {
                // The previous paragraph stopped mid-sentence: a page break split it. In
                // hard-wrapped text the indents say it: a line that is not indented goes on
                // whatever it follows, one that is starts a paragraph.
                // (An indent after a comma is a slip: `持证率达100%，` then `　　组织…`.)
                Some(p)
                    if if wrapped {
                        !indented(raw) || p.ends_with(['，', '、'])
                    } else {
                        !ends_sentence(p) || cut_in_a_number(p, line)
                    } =>
                {
                    p.push_str(line)
                }
                _ => {
                    flush(report, &mut pending);
                    pending = Some(line.to_string());
                }
            }
        }
        if !wrapped
            && pending
                .as_deref()
                .is_some_and(|p| ends_sentence(p) && !ends_in_a_point(p))
        {
            flush(report, &mut pending);
        }
    }
    flush(report, &mut pending);
    end_table(report, &mut rows);
}

#[cfg(test)]
mod tests;
