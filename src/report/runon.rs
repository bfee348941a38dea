//! Bodies that arrive as one line, or a few very long ones (text copied from a web page, a
//! PDF that lost its line breaks): the line is broken where a heading marker follows a
//! sentence end or a space (`…保障。 一、2022年…  (一)坚持…`), after the title, and before
//! a closing issuer and date, so the outline is the one the line breaks would have given.
//! Only line breaks are added; no character is dropped.

use super::meta::parse_date;
use super::parse::marker;

/// A line at least this long (in characters) may be a run-together body.
const LONG: usize = 300;

/// Break run-together lines; text with line breaks of its own is returned as it is.
pub fn split(lines: Vec<String>) -> Vec<String> {
    let count = |l: &String| l.chars().count();
    let total: usize = lines.iter().map(count).sum();
    let long: usize = lines.iter().map(count).filter(|&n| n >= LONG).sum();
    let nonempty = lines.iter().filter(|l| !l.trim().is_empty()).count();
    // A report with its line breaks has dozens of lines; one without has its bulk in a few.
    if nonempty > 15 || long * 10 < total * 8 {
        return lines;
    }
    lines
        .into_iter()
        .flat_map(|l| {
            if l.chars().count() >= LONG {
                break_line(&l)
            } else {
                vec![l]
            }
        })
        .collect()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

fn break_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = head(line, &mut out);
    let tail = tail(rest);
    rest = &rest[..rest.len() - tail.iter().map(|t| t.len()).sum::<usize>()];
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in rest.char_indices() {
        let after_break =
            prev.is_some_and(|p| matches!(p, '。' | '！' | '？' | '：') || is_space(p));
        if i > start && after_break && marker(&rest[i..]).is_some() {
            push_piece(&mut out, &rest[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    push_piece(&mut out, &rest[start..]);
    out.extend(tail.iter().map(|t| t.trim().to_string()));
    out
}

/// Push a piece of the line; a heading whose title ends at a space before any sentence
/// ends (`二、存在的不足 基层执法…`) is a heading line followed by its body.
fn push_piece(out: &mut Vec<String>, piece: &str) {
    let piece = piece.trim_end();
    if let Some(m) = marker(piece) {
        let rest = &piece[m.len..];
        let space = rest.find(is_space);
        let stop = rest.find(['。', '；', '，']);
        if let Some(at) = space.filter(|&s| stop.is_none_or(|t| s < t) && s > 0) {
            out.push(piece[..m.len + at].to_string());
            out.push(rest[at..].trim().to_string());
            return;
        }
    }
    out.push(piece.to_string());
}

/// Lines before the body: the title up to `报告`, then a document number and an addressee
/// (`市委：`), each ended by a space. Returns the rest of the line.
fn head<'a>(line: &'a str, out: &mut Vec<String>) -> &'a str {
    let window = line.char_indices().nth(150).map_or(line.len(), |(i, _)| i);
    let Some(at) = line[..window].find("报告").map(|i| i + "报告".len()) else {
        return line;
    };
    if !line[at..].starts_with(is_space) || line[..at].contains('。') {
        return line;
    }
    out.push(line[..at].trim().to_string());
    let mut rest = &line[at..];
    loop {
        let trimmed = rest.trim_start_matches(is_space);
        let end = trimmed.find(is_space).unwrap_or(trimmed.len());
        let token = &trimmed[..end];
        let front = token.chars().count() <= 30
            && ((token.contains('〔') && token.ends_with('号'))
                || token.ends_with('：')
                || token.ends_with(':'));
        if !front || end == trimmed.len() {
            return rest;
        }
        out.push(token.to_string());
        rest = &trimmed[end..];
    }
}

/// The closing issuer lines and date after the last sentence, when the line ends with a
/// date (`… 某区人民政府 2024年2月1日`): the pieces, as slices ending `rest`.
fn tail(rest: &str) -> Vec<&str> {
    let Some(last) = rest.rfind('。') else {
        return Vec::new();
    };
    let after = &rest[last + '。'.len_utf8()..];
    if after.chars().count() > 80 {
        return Vec::new();
    }
    // Split at runs of spaces, keeping the spaces with the piece before, so the pieces
    // together are exactly `after`.
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in after.char_indices() {
        if in_space && !is_space(c) && !after[start..i].trim().is_empty() {
            pieces.push(&after[start..i]);
            start = i;
        }
        in_space = is_space(c);
    }
    pieces.push(&after[start..]);
    let date_last = pieces
        .last()
        .is_some_and(|p| parse_date(p.trim()).is_some());
    if !date_last {
        return Vec::new();
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_before_markers_after_sentences_and_spaces_only() {
        let body = format!(
            "某区人民政府关于2022年法治政府建设情况的报告 市政府： 2022年，我区全面推进依法行政，{}为高质量发展提供法治保障。 一、2022年主要举措  (一)坚持党的领导。全年学法12次，共计1.5万人次参加。二、存在的问题 1.执法水平有待提高。 某区人民政府 2023年3月1日",
            "持续深化改革，".repeat(40)
        );
        let lines = split(vec![body.clone()]);
        let starts: Vec<String> = lines.iter().map(|l| l.chars().take(8).collect()).collect();
        assert_eq!(lines[0], "某区人民政府关于2022年法治政府建设情况的报告");
        assert_eq!(lines[1], "市政府：");
        assert!(lines[3].starts_with("一、2022年"), "{starts:?}");
        assert!(lines[4].starts_with("(一)坚持"), "{starts:?}");
        assert!(lines[5].starts_with("二、存在"), "{starts:?}");
        assert!(lines[6].starts_with("1.执法"), "{starts:?}");
        assert_eq!(&lines[7..], ["某区人民政府", "2023年3月1日"]);
        let joined: String = lines
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let want: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, want, "nothing lost");
    }

    #[test]
    fn text_with_its_own_line_breaks_is_left_alone() {
        let lines: Vec<String> = (0..30).map(|i| format!("第{i}行。 一、不是标题")).collect();
        assert_eq!(split(lines.clone()), lines);
    }
}
