//! Tables set out in columns with tabs or runs of spaces, as a plain-text copy of a Word
//! table or a typed one keeps them:
//!
//! ```text
//! 序号　指标名称　　　　　　　目标值　　完成值
//! 1　　政务服务事项网上可办率　　95%　　　98.6%
//! ```
//!
//! Such a block is rewritten as table rows (`| 1 | 政务服务事项网上可办率 | 95% | 98.6% |`),
//! so its cells are labelled as any table's are ([`super::label`]). Only a block that looks
//! like a table is: at least two lines of the same number of short cells, one of them with a
//! number past its first cell, no cell ending a sentence or holding a colon. The line above
//! with as many cells split at single spaces, and no number, is its header (`序号　指标名称`).

use crate::report::text::ends_sentence;

/// A cell longer than this (in characters) is a sentence, not a cell.
const CELL_MAX: usize = 30;

/// Rewrite the blocks of `lines` set out in columns as table rows; other lines are kept.
pub(crate) fn rows_from_columns(mut lines: Vec<String>) -> Vec<String> {
    let mut i = 0;
    while i < lines.len() {
        let Some(strict) = cells(&lines[i], 2).map(|c| c.len()) else {
            i += 1;
            continue;
        };
        // Split at single spaces too when the next line has as many cells: a header or row
        // set with one space after a long cell (`序号　指标名称　　目标值`).
        let n = match cells(&lines[i], 1).map(|c| c.len()) {
            Some(wide)
                if wide > strict
                    && lines
                        .get(i + 1)
                        .is_some_and(|l| cells_of(l, wide).is_some()) =>
            {
                wide
            }
            _ => strict,
        };
        let mut end = i + 1;
        while end < lines.len() && cells_of(&lines[end], n).is_some() {
            end += 1;
        }
        // A header split at single spaces (`序号　指标名称　目标值`) into as many cells.
        let header = i > 0
            && cells(&lines[i - 1], 1)
                .is_some_and(|c| c.len() == n && !c.iter().any(|c| numeric(c)));
        let start = i - usize::from(header);
        let with_numbers = (i..end)
            .any(|k| cells_of(&lines[k], n).is_some_and(|c| c[1..].iter().any(|c| numeric(c))));
        if end - start >= 2 && with_numbers {
            for line in &mut lines[start..end] {
                if let Some(cells) = cells_of(line, n) {
                    *line = format!("| {} |", cells.join(" | "));
                }
            }
        }
        i = end;
    }
    lines
}

/// The `n` cells of a row of a block: split at runs of spaces, or where those give fewer, at
/// single ones (a copy keeps the spacing it had, and a long cell leaves one space after it:
/// `2　　行政复议纠错率　　15%以内　14.8%`).
fn cells_of(line: &str, n: usize) -> Option<Vec<&str>> {
    [2, 1]
        .into_iter()
        .find_map(|gap| cells(line, gap).filter(|c| c.len() == n))
}

/// The cells of `line` split at tabs and at runs of at least `gap` spaces (ASCII, full-width
/// or no-break), if it has two or more and each could be a table's cell.
fn cells(line: &str, gap: usize) -> Option<Vec<&str>> {
    let line = line.trim_matches(is_space);
    // Most lines hold no tab and no space inside: the common case costs one scan.
    if !line.contains(is_space) {
        return None;
    }
    let mut out = Vec::new();
    let (mut start, mut run, mut tab) = (0, 0, false);
    for (at, c) in line.char_indices() {
        if is_space(c) {
            if run == 0 {
                tab = false;
            }
            run += 1;
            tab |= c == '\t';
            continue;
        }
        if run >= gap || (run > 0 && tab) {
            // The cell ended where the run of spaces began.
            let cell = line[start..at].trim_end_matches(is_space);
            out.push(cell);
            start = at;
        }
        run = 0;
    }
    out.push(&line[start..]);
    let cell_like =
        |c: &&str| c.chars().count() <= CELL_MAX && !ends_sentence(c) && !c.contains(['：', ':']);
    (out.len() >= 2 && out.iter().all(cell_like)).then_some(out)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

/// A cell holding a number (`98.6%`, `1,020`, `３次`), not a date.
fn numeric(cell: &str) -> bool {
    cell.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && cell.chars().count() <= 12
        && !(cell.contains('年') && cell.contains('月'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<String> {
        rows_from_columns(text.lines().map(String::from).collect())
    }

    #[test]
    fn a_block_in_columns_becomes_rows_with_its_header() {
        let got = rows(
            "附件\n序号　指标名称　目标值　完成值\n1　　网上可办率　　95%　　98.6%\n2\t培育“法律明白人”（名）\t1000\t1020\n3　　行政复议纠错率　　15%以内　14.8%\n",
        );
        assert_eq!(
            got,
            [
                "附件",
                "| 序号 | 指标名称 | 目标值 | 完成值 |",
                "| 1 | 网上可办率 | 95% | 98.6% |",
                "| 2 | 培育“法律明白人”（名） | 1000 | 1020 |",
                "| 3 | 行政复议纠错率 | 15%以内 | 14.8% |",
            ]
        );
    }

    #[test]
    fn a_header_with_one_space_after_a_long_cell_is_split_as_its_rows_are() {
        let got = rows(
            "序号　指标名称　　目标值　　完成值\n1　　行政复议纠错率　　15%以内　14.8%\n2　　案卷评查合格率　　95%　　96.7%\n",
        );
        assert_eq!(
            got,
            [
                "| 序号 | 指标名称 | 目标值 | 完成值 |",
                "| 1 | 行政复议纠错率 | 15%以内 | 14.8% |",
                "| 2 | 案卷评查合格率 | 95% | 96.7% |",
            ]
        );
    }

    #[test]
    fn lines_that_are_no_table_stay_as_written() {
        for text in [
            // A signature set beside its date, one line: no block.
            "某县人民政府　　　　2025年1月20日",
            // A record block: colons, and a date is no number.
            "抄送：县委办，县人大办　　县政协办\n某县人民政府办公室　　2025年1月20日印发",
            // Sentences with a double space in them.
            "全年办理案件12件。  办结率100%。\n受理申请8件。  纠错2件。",
            // A name set with a space, and a heading with one.
            "签发人：李　强\n第一部分　　总体情况",
            // Columns with no number past the first.
            "一是　　加强领导\n二是　　完善制度",
        ] {
            let lines: Vec<String> = text.lines().map(String::from).collect();
            assert_eq!(rows_from_columns(lines.clone()), lines, "{text}");
        }
    }
}
