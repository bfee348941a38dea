//! The side-by-side view laid out: where it draws at a terminal size, and each aligned row
//! of the two reports wrapped to its column. Drawing (`tui::ui::compare`) and scrolling
//! (`tui::compare`) both measure rows with it.

use super::TWO_COLUMNS;
use crate::compare;
use crate::report::Report;
use crate::tui::app::App;
use crate::tui::popup::{Side, SideBySide};
use crate::tui::reading;
use crate::tui::ui::styled_line;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::collections::HashSet;
use std::ops::Range;

/// Where the side-by-side view draws, for a terminal size and a number of figure pairs.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// The whole view (the status line below it stays).
    pub area: Rect,
    /// The row naming the two reports.
    pub header: Rect,
    /// The aligned sections.
    pub body: Rect,
    /// The figure pairs.
    pub strip: Rect,
    /// Two columns, or one at a time.
    pub two: bool,
    /// Width of one column's text.
    pub column: u16,
}

/// The layout of the side-by-side view at `size` with `pairs` figure pairs.
pub fn geometry(size: Rect, pairs: usize) -> Geometry {
    let area = Rect {
        height: size.height.saturating_sub(1),
        ..size
    };
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let two = inner.width >= TWO_COLUMNS;
    let most = (inner.height / 3).max(2);
    let strip_h = (pairs as u16 + 1)
        .clamp(2, most)
        .min(inner.height.saturating_sub(3));
    let body_h = inner.height.saturating_sub(1 + strip_h);
    let column = if two {
        inner.width.saturating_sub(3) / 2
    } else {
        inner.width
    };
    Geometry {
        area,
        header: Rect { height: 1, ..inner },
        body: Rect {
            y: inner.y + 1,
            height: body_h,
            ..inner
        },
        strip: Rect {
            y: inner.y + 1 + body_h,
            height: strip_h,
            ..inner
        },
        two,
        column,
    }
}

/// One row of the side-by-side view: A's cell and B's cell as wrapped lines (blank lines
/// for a row off the page, which only needs its height).
pub struct RowLines<'a> {
    /// Report A's section (or the note that it has none).
    pub a: Vec<Line<'a>>,
    /// Report B's section.
    pub b: Vec<Line<'a>>,
    /// Lines the row takes, with the blank line after it.
    pub height: usize,
}

/// The rows of `v` laid out for `g`. With a `page`, the rows down to the end of the `page`
/// lines from `v.top`, those on the page with their styled lines and the others above it only
/// with their height: drawing needs no row below the page, and measuring every section of two
/// reports cost more than the rest of opening the view. Without, every row's height (for
/// scrolling), no row styled.
pub fn rows<'a>(
    app: &'a App,
    v: &'a SideBySide,
    g: &Geometry,
    page: Option<usize>,
) -> Vec<RowLines<'a>> {
    let (ra, rb) = (&*v.reports.0, &*v.reports.1);
    let width = g.column.saturating_sub(1).max(8) as usize;
    let (rows_a, rows_b): (HashSet<usize>, HashSet<usize>) = (
        v.cmp.sections.iter().filter_map(|r| r.a).collect(),
        v.cmp.sections.iter().filter_map(|r| r.b).collect(),
    );
    // One report at a time, a run of rows where the shown report has no section is one line
    // saying how many the other has (the run's first row; the others take no lines).
    let missing = |row: &compare::Aligned| match v.side {
        Side::A => row.a.is_none(),
        Side::B => row.b.is_none(),
    };
    let mut in_run = 0;
    let mut laid_out = Vec::new();
    let mut start = 0;
    for (k, row) in v.cmp.sections.iter().enumerate() {
        if page.is_some_and(|page| start >= v.top + page) {
            break;
        }
        if !g.two && missing(row) {
            if in_run > 0 {
                in_run -= 1;
                laid_out.push(RowLines {
                    a: Vec::new(),
                    b: Vec::new(),
                    height: 0,
                });
                continue;
            }
            let run = v.cmp.sections[k..]
                .iter()
                .take_while(|r| missing(r))
                .count();
            if run > 1 {
                in_run = run - 1;
                let (mine, theirs) = match v.side {
                    Side::A => (ra, rb),
                    Side::B => (rb, ra),
                };
                let text =
                    (app.lang).sections_unmatched(run, &theirs.short_name(), &mine.short_name());
                let line = vec![Line::styled(text, app.theme.dim)];
                let (a, b) = match v.side {
                    Side::A => (line, Vec::new()),
                    Side::B => (Vec::new(), line),
                };
                laid_out.push(RowLines { a, b, height: 2 });
                start += 2;
                continue;
            }
        }
        let lay = |styled: bool| {
            let a = cell(app, (ra, row.a), &rows_a, &v.noted_a, width, styled);
            let b = cell(app, (rb, row.b), &rows_b, &v.noted_b, width, styled);
            let height = match (g.two, v.side) {
                (true, _) => a.len().max(b.len()),
                (false, Side::A) => a.len(),
                (false, Side::B) => b.len(),
            } + 1;
            RowLines { a, b, height }
        };
        // A row starting on the page is styled at once; one starting above it is measured,
        // and styled only when it reaches down onto the page.
        let mut laid = lay(page.is_some() && start >= v.top);
        if page.is_some() && start < v.top && start + laid.height > v.top {
            laid = lay(true);
        }
        start += laid.height;
        laid_out.push(laid);
    }
    laid_out
}

/// A section's heading and text wrapped to `width`, figures and points in the theme's
/// styles, a paragraph with notes marked `✎` as in the reader's gutter, followed by its
/// subsections that have no row of their own (`rows`); for no section, a line saying `r`
/// has none here. Unless `styled`, a section's lines are blank: as many, for the row's height.
fn cell<'a>(
    app: &'a App,
    (r, section): (&'a Report, Option<usize>),
    rows: &HashSet<usize>,
    noted: &HashSet<(String, usize)>,
    width: usize,
    styled: bool,
) -> Vec<Line<'a>> {
    let t = &app.theme;
    let Some(s) = section else {
        return vec![Line::styled(
            app.lang.no_counterpart(&r.short_name()),
            t.dim,
        )];
    };
    let mut lines = Vec::new();
    let mut stack = vec![s];
    while let Some(k) = stack.pop() {
        let sec = &r.sections[k];
        let heading = if k == s {
            format!("{} {}", r.path(k), sec.title)
        } else {
            sec.heading()
        };
        let style = if k == s { t.heading } else { t.point };
        lines.extend(reading::wrap(&heading, width).into_iter().map(|range| {
            if styled {
                Line::styled(heading[range].to_string(), style)
            } else {
                Line::default()
            }
        }));
        let path = r.path(k);
        for (j, p) in sec.paragraphs.iter().enumerate() {
            let marked = !noted.is_empty() && noted.contains(&(path.clone(), j));
            let w = if marked {
                width.saturating_sub(2)
            } else {
                width
            };
            if !styled {
                lines.extend(
                    reading::wrap(&p.text, w)
                        .into_iter()
                        .map(|_| Line::default()),
                );
                continue;
            }
            let mut overlays: Vec<(Range<usize>, Style)> =
                p.points.iter().map(|r| (r.clone(), t.point)).collect();
            overlays.extend(
                p.figures
                    .iter()
                    .map(|f| (f.range.clone(), t.figure(f.kind))),
            );
            for (n, range) in reading::wrap(&p.text, w).into_iter().enumerate() {
                let mut line = styled_line(&p.text, range, Style::default(), &overlays);
                if marked {
                    let mark = if n == 0 { "✎ " } else { "  " };
                    line.spans.insert(0, Span::styled(mark, t.note));
                }
                lines.push(line);
            }
        }
        let children: Vec<usize> = r.children(Some(k)).filter(|c| !rows.contains(c)).collect();
        stack.extend(children.into_iter().rev());
    }
    lines
}

/// The row holding line `top` and the line the row starts on.
pub fn row_at(heights: &[usize], top: usize) -> (usize, usize) {
    let mut start = 0;
    for (k, h) in heights.iter().enumerate() {
        if top < start + h {
            return (k, start);
        }
        start += h;
    }
    (heights.len().saturating_sub(1), start)
}
