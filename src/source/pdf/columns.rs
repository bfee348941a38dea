//! Pages set in two columns (a yearbook's or a bulletin's reprint of a report): the left
//! column is read before the right one, and a line that runs across both (a title above
//! them, a centred page number) stays where it stands between them. Lines read straight
//! across the page would interleave the two columns' sentences.
//!
//! A gutter is a band down the middle of the page that almost no row crosses while rows of
//! text stand on both sides of it, and the left column's lines reach it (running text is
//! justified). A table of two columns is no such page: its left cells end where they end.

use super::{rows, Glyph};

/// Fewest rows on a page before two columns are looked for.
const MIN_ROWS: usize = 8;

/// Most rows crossing the gutter, as a share of the page's rows: titles, headings set
/// across both columns, a centred page number.
const CROSSING_MAX: f64 = 0.15;

/// Fewest rows of text in each column, as a share of the page's rows (the last page's
/// right column may be short) and in all.
const COLUMN_SHARE: f64 = 0.2;
const COLUMN_ROWS: usize = 4;

/// Fewest rows of the left column that reach the gutter (within two ems), as a share.
const JUSTIFIED_MIN: f64 = 0.6;

/// The page's glyphs in reading order, in groups to lay out into lines one after another,
/// each with the left edge of its column when the page has two (`None` when it has one).
pub(super) fn reading_order(glyphs: Vec<Glyph>) -> Vec<(Vec<Glyph>, Option<f64>)> {
    let rows = rows(glyphs);
    let Some(gutter) = gutter(&rows) else {
        return vec![(rows.into_iter().flatten().collect(), None)];
    };
    let left_edge = edge(&rows, |g| g.x < gutter.0);
    let right_edge = edge(&rows, |g| g.x >= gutter.1);
    let mut out = Vec::new();
    let (mut left, mut right): (Vec<Glyph>, Vec<Glyph>) = (Vec::new(), Vec::new());
    let flush = |out: &mut Vec<(Vec<Glyph>, Option<f64>)>,
                 left: &mut Vec<Glyph>,
                 right: &mut Vec<Glyph>| {
        for (side, margin) in [(left, left_edge), (right, right_edge)] {
            if !side.is_empty() {
                out.push((std::mem::take(side), Some(margin)));
            }
        }
    };
    for row in rows {
        if crosses(&row, (gutter.0 + gutter.1) / 2.0) {
            flush(&mut out, &mut left, &mut right);
            out.push((row, None));
        } else {
            for g in row {
                match g.x < gutter.0 {
                    true => left.push(g),
                    false => right.push(g),
                }
            }
        }
    }
    flush(&mut out, &mut left, &mut right);
    out
}

/// The leftmost start of a visible glyph on one side of the gutter.
fn edge(rows: &[Vec<Glyph>], side: impl Fn(&Glyph) -> bool) -> f64 {
    rows.iter()
        .flatten()
        .filter(|g| side(g) && !g.text.trim().is_empty())
        .map(|g| g.x)
        .fold(f64::MAX, f64::min)
}

/// The runs of a row's visible glyphs, joined across gaps narrower than an em (the spacing
/// of words and of justified text): `[start, end)` of each.
fn runs(row: &[Glyph]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for g in row.iter().filter(|g| !g.text.trim().is_empty()) {
        match out.last_mut() {
            Some(run) if g.x - run.1 < g.size => run.1 = run.1.max(g.end),
            _ => out.push((g.x, g.end)),
        }
    }
    out
}

/// Whether a row's text runs across `x`.
fn crosses(row: &[Glyph], x: f64) -> bool {
    runs(row).iter().any(|&(a, b)| a <= x && x < b)
}

/// The gutter of a page of two columns, `(left, right)`, if it has one.
fn gutter(rows: &[Vec<Glyph>]) -> Option<(f64, f64)> {
    if rows.len() < MIN_ROWS {
        return None;
    }
    let runs: Vec<Vec<(f64, f64)>> = rows.iter().map(|r| runs(r)).collect();
    let mut sizes: Vec<f64> = rows.iter().flatten().map(|g| g.size).collect();
    sizes.sort_by(f64::total_cmp);
    let size = sizes[sizes.len() / 2];
    let all = || runs.iter().flatten();
    let left = all().map(|r| r.0).fold(f64::MAX, f64::min);
    let right = all().map(|r| r.1).fold(f64::MIN, f64::max);
    let width = right - left;
    if width < 20.0 * size {
        return None;
    }
    let n = rows.len() as f64;
    let crossing = |x: f64| {
        runs.iter()
            .filter(|r| r.iter().any(|&(a, b)| a <= x && x < b))
            .count()
    };
    // The middle band of the page, a quarter em at a time: where fewest rows cross.
    let step = size / 4.0;
    let candidates = (0..)
        .map(|k| left + 0.3 * width + k as f64 * step)
        .take_while(|&x| x <= left + 0.7 * width);
    let (best, least) = candidates
        .map(|x| (x, crossing(x)))
        .min_by_key(|&(_, c)| c)?;
    if least as f64 > CROSSING_MAX * n {
        return None;
    }
    // The gutter reaches as far either way as few rows cross it (a centred page number
    // crosses part of it).
    let few = (CROSSING_MAX * n) as usize;
    let mut from = best;
    while from - step > left && crossing(from - step) <= few {
        from -= step;
    }
    let mut to = best;
    while to + step < right && crossing(to + step) <= few {
        to += step;
    }
    // Each column has rows of its own (their baselines need not line up across the gutter),
    // and the left one's reach it.
    let sides = |r: &Vec<(f64, f64)>| {
        (
            r.iter().any(|&(_, b)| b <= from),
            r.iter().any(|&(a, _)| a >= to),
        )
    };
    let left_rows: Vec<&Vec<(f64, f64)>> = runs.iter().filter(|r| sides(r).0).collect();
    let right_rows = runs.iter().filter(|r| sides(r).1).count();
    let enough = |k: usize| k >= COLUMN_ROWS && k as f64 >= COLUMN_SHARE * n;
    if !enough(left_rows.len()) || !enough(right_rows) {
        return None;
    }
    let justified = left_rows
        .iter()
        .filter(|r| {
            r.iter()
                .filter(|&&(_, b)| b <= from)
                .any(|&(_, b)| b >= from - 2.0 * size)
        })
        .count();
    (justified as f64 >= JUSTIFIED_MIN * left_rows.len() as f64).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::super::{lines, paragraphs, Line};
    use super::*;

    const SIZE: f64 = 12.0;

    /// `text` set from `x` on baseline `y`, one full-width cell a character.
    fn set(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| Glyph {
                x: x + k as f64 * SIZE,
                y,
                end: x + (k + 1) as f64 * SIZE,
                size: SIZE,
                text: c.to_string(),
            })
            .collect()
    }

    /// The text of a page of these glyphs, as the reader lays it out.
    fn read(glyphs: Vec<Glyph>) -> String {
        let lines: Vec<Line> = reading_order(glyphs)
            .into_iter()
            .flat_map(|(g, margin)| lines(g, margin))
            .collect();
        paragraphs(lines)
    }

    #[test]
    fn two_columns_are_read_left_then_right_under_a_title_across_both() {
        // Two columns of 15 characters with a gutter of two ems, under a centred title.
        let mut glyphs: Vec<Glyph> = set("某县关于法治政府建设情况的报告", 120.0, 40.0)
            .into_iter()
            .map(|g| Glyph {
                size: 1.5 * SIZE,
                ..g
            })
            .collect();
        // Line `k` of a column: 15 characters, as wide as the column.
        let line = |side: &str, k: usize| {
            let n = "一二三四五六七八九十".chars().nth(k).unwrap();
            format!("{side}栏第{n}行文字填满本栏宽度。。。")
        };
        for k in 0..10 {
            let y = 80.0 + k as f64 * 20.0;
            glyphs.extend(set(&line("左", k), 40.0, y));
            glyphs.extend(set(&line("右", k), 40.0 + 17.0 * SIZE, y));
        }
        let text = read(glyphs);
        let title = text.find("某县关于").expect("title");
        let left_last = text.find("左栏第十行").expect("left");
        let right_first = text.find("右栏第一行").expect("right");
        assert!(title < left_last && left_last < right_first, "{text}");
        assert!(
            text.starts_with("某县关于法治政府建设情况的报告\n"),
            "{text}"
        );
    }

    #[test]
    fn a_table_of_two_columns_stays_row_by_row() {
        // Names of varying length on the left, numbers far to the right.
        let names = [
            "行政复议申请",
            "受理",
            "审结",
            "维持",
            "撤销",
            "确认违法",
            "调解和解",
            "终止审理",
            "行政诉讼案件",
            "出庭应诉",
        ];
        let mut glyphs = Vec::new();
        for (k, name) in names.iter().enumerate() {
            let y = 80.0 + k as f64 * 20.0;
            glyphs.extend(set(name, 40.0, y));
            glyphs.extend(set(&format!("{}件", 10 + k), 40.0 + 30.0 * SIZE, y));
        }
        let text = read(glyphs);
        assert!(text.contains("行政复议申请 10件"), "{text}");
        assert!(text.contains("出庭应诉 19件"), "{text}");
    }

    #[test]
    fn one_column_of_text_is_one_column() {
        let mut glyphs = Vec::new();
        for k in 0..12 {
            let line = "本栏只有一栏文字，每行都从左到右排满整个版心的宽度，没有中缝。";
            glyphs.extend(set(line, 40.0, 80.0 + k as f64 * 20.0));
        }
        assert_eq!(reading_order(glyphs).len(), 1);
    }
}
