//! The side-by-side view (two reports, sections aligned, figure pairs below) and the chooser
//! of the second report.

use super::centered;
use crate::compare::{Aligned, FigurePair};
use crate::tui::app::App;
use crate::tui::compare::{geometry, row_at, rows};
use crate::tui::popup::{Chooser, Side, SideBySide};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draw the side-by-side view.
pub fn side_by_side(frame: &mut Frame, app: &App, v: &SideBySide) {
    let t = &app.theme;
    let g = geometry(frame.area(), v.cmp.pairs.len());
    let (na, nb) = (
        app.library.row(v.a).short_name(),
        app.library.row(v.b).short_name(),
    );
    frame.render_widget(Clear, g.area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus_border)
        .title(format!(" {} ", app.lang.compare_title(&na, &nb)));
    frame.render_widget(block, g.area);
    let laid = rows(app, v, &g, Some(g.body.height as usize));
    let heights: Vec<usize> = laid.iter().map(|r| r.height).collect();
    let (current, _) = row_at(&heights, v.top);
    // Header: the two names, or the one shown and how to see the other.
    let header = if g.two {
        let pad = (g.column as usize + 3).saturating_sub(format!("A {na}").width());
        Line::from(vec![
            Span::styled(format!("A {na}"), t.heading),
            Span::raw(" ".repeat(pad)),
            Span::styled(format!("B {nb}"), t.heading),
        ])
    } else {
        let (shown, other) = match v.side {
            Side::A => (format!("A {na}"), format!("B {nb}")),
            Side::B => (format!("B {nb}"), format!("A {na}")),
        };
        Line::from(vec![
            Span::styled(shown, t.selected),
            Span::styled(format!("  {} → {other}", app.lang.flip_hint()), t.dim),
        ])
    };
    frame.render_widget(Paragraph::new(header), g.header);
    // Body: the rows from line `top`, each column drawn in its own rectangle.
    let mut left: Vec<Line> = Vec::new();
    let mut right: Vec<Line> = Vec::new();
    let mut skip = v.top;
    let h = g.body.height as usize;
    for row in laid {
        for k in 0..row.height {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if left.len() >= h {
                break;
            }
            let a = row.a.get(k).cloned().unwrap_or_default();
            let b = row.b.get(k).cloned().unwrap_or_default();
            match (g.two, v.side) {
                (true, _) => {
                    left.push(a);
                    right.push(b);
                }
                (false, Side::A) => left.push(a),
                (false, Side::B) => left.push(b),
            }
        }
    }
    // The lines are wrapped to the column already: they go straight into the buffer, without
    // a paragraph measuring them again.
    let buf = frame.buffer_mut();
    let sep = Line::styled("│", t.border);
    for y in 0..g.body.height {
        let at = g.body.y + y;
        if let Some(line) = left.get(y as usize) {
            buf.set_line(g.body.x, at, line, g.column);
        }
        if g.two {
            buf.set_line(g.body.x + g.column + 1, at, &sep, 1);
            if let Some(line) = right.get(y as usize) {
                buf.set_line(g.body.x + g.column + 3, at, line, g.column);
            }
        }
    }
    strip(frame, app, v, current, g.strip);
}

/// The figure pairs, those of the top row first and marked.
fn strip(frame: &mut Frame, app: &App, v: &SideBySide, current: usize, area: Rect) {
    let t = &app.theme;
    let row = v.cmp.sections.get(current);
    // The paths of each report's sections that have a row of their own.
    let row_paths = |r: usize, side: fn(&Aligned) -> Option<usize>| -> Vec<String> {
        let sections = v.cmp.sections.iter().filter_map(side);
        sections.map(|s| app.library.report(r).path(s)).collect()
    };
    let (rows_a, rows_b) = (row_paths(v.a, |x| x.a), row_paths(v.b, |x| x.b));
    let (pa, pb) = (
        row.and_then(|x| x.a)
            .map(|s| app.library.report(v.a).path(s)),
        row.and_then(|x| x.b)
            .map(|s| app.library.report(v.b).path(s)),
    );
    // A pair belongs to the row when it stands in the row's section or in a subsection
    // without a row of its own: under `一`, not the pairs of `一/（二）` below it.
    let here = |row: &Option<String>, rows: &[String], at: &str| {
        let owner = (rows.iter())
            .filter(|r| {
                at.strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|r| r.len());
        owner.is_some() && owner == row.as_ref()
    };
    let mut pairs: Vec<(bool, &FigurePair)> = (v.cmp.pairs.iter())
        .map(|p| {
            let mine = here(&pa, &rows_a, &p.a.section) || here(&pb, &rows_b, &p.b.section);
            (mine, p)
        })
        .collect();
    pairs.sort_by_key(|&(here, _)| !here);
    let title = app.lang.pairs_title(pairs.len());
    let rule = "─".repeat((area.width as usize).saturating_sub(title.width() + 1));
    let mut lines = vec![Line::styled(format!("{title} {rule}"), t.border)];
    for &(here, p) in pairs.iter().take(area.height.saturating_sub(1) as usize) {
        let mark = if here { "▶ " } else { "  " };
        let mut spans = vec![
            Span::styled(mark, t.cursor),
            Span::raw(format!("{} ", p.label)),
            Span::styled(p.a.figure.shown().into_owned(), t.figure(p.a.figure.kind)),
            Span::raw(" → "),
            Span::styled(p.b.figure.shown().into_owned(), t.figure(p.b.figure.kind)),
            Span::raw("  "),
            Span::styled(p.change.describe(&p.a.figure.unit), t.heading),
        ];
        // Where the two figures stand, when it fits: cut, it would only mislead.
        let places = format!("  {} ↔ {}", p.a.section, p.b.section);
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        if used + places.width() <= area.width as usize {
            spans.push(Span::styled(places, t.dim));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Draw the chooser: the filter, then the reports, related ones first with why.
pub fn chooser(frame: &mut Frame, app: &App, c: &Chooser) {
    let t = &app.theme;
    let screen = frame.area();
    let area = centered(screen, 70, screen.height.saturating_sub(4));
    let a = app.library.report(c.a).short_name();
    let title = format!(" {} ", app.lang.choose_title(&a));
    let Some(list) = super::query_popup(frame, app, area, title, &c.input) else {
        return;
    };
    let Some(index) = app.report_index.get() else {
        return;
    };
    let lines: Vec<Line> = super::scrolled(&c.hits, c.cursor, list.height as usize)
        .map(|(k, (report, hit))| {
            let text = &index.candidates()[hit.candidate].text;
            let mut spans = super::palette::highlight(text, &hit.matched, t.matched);
            let kin = app.lang.kin(c.kin(*report));
            if !kin.is_empty() {
                spans.push(Span::styled(format!("  {kin}"), t.point));
            }
            super::row(Line::from(spans), k == c.cursor, app)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
