//! The content pane: the report's text, block by block, with figures, points and search
//! matches highlighted and the paragraph cursor in the gutter.

use super::{pane_block, styled_line};
use crate::tui::app::{App, Pane, GUTTER};
use crate::tui::reading::Passage;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::ops::Range;

/// Draw the content pane.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(report) = app.report() else {
        let block = pane_block(app, Pane::Content, String::new());
        // A library still loading is not an empty one, and one whose files all failed is
        // not either: say what is happening, and why each file was refused.
        let problems = &app.library().problems;
        let text = match app.loading_progress() {
            Some((done, total)) => app.lang.loading(done, total),
            None if problems.is_empty() => app.lang.empty_library().to_string(),
            None => std::iter::once(app.lang.unreadable(problems.len()))
                .chain(problems.iter().map(|p| format!("\n{p}")))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let text = Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false });
        frame.render_widget(text.block(block), area);
        return;
    };
    let title = report.meta.title.clone();
    let block = pane_block(app, Pane::Content, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let theme = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    let mut skip = app.view.top.line;
    let texts: Vec<(usize, std::sync::Arc<crate::tui::reading::Wrapped>)> = app
        .visible_passages()
        .map(|b| (b, app.passage_lines(b)))
        .collect();
    for (b, w) in &texts {
        let (b, text, wrapped) = (*b, &w.text, &w.lines);
        let item = app.view.passages[b];
        let mut overlays: Vec<(Range<usize>, Style)> = Vec::new();
        let base = match item {
            Passage::Heading(_) => theme.heading,
            Passage::Para { .. } => Style::default(),
        };
        if let Some(p) = item.paragraph(report) {
            for r in &p.points {
                overlays.push((r.clone(), theme.point));
            }
            for (k, f) in p.figures.iter().enumerate() {
                let style = if app.chosen_figure == Some((b, k)) {
                    theme.current
                } else {
                    theme.figure(f.kind)
                };
                overlays.push((f.range.clone(), style));
            }
        }
        for (k, m) in app.search.matches.iter().enumerate() {
            if m.passage == b {
                let style = if app.search.current == Some(k) {
                    theme.current
                } else {
                    theme.search
                };
                overlays.push((m.range.clone(), style));
            }
        }
        // Only what the rows in view show: a paragraph of megabytes has tens of thousands of
        // figures, and each row looks through every overlay it is given.
        let first_row = skip.min(wrapped.len().saturating_sub(1));
        let last_row = (skip + height.saturating_sub(lines.len())).min(wrapped.len());
        if let (Some(lo), Some(hi)) = (
            wrapped.get(first_row).map(|r| r.start),
            wrapped.get(last_row.saturating_sub(1)).map(|r| r.end),
        ) {
            overlays.retain(|(r, _)| r.end >= lo && r.start <= hi);
        }
        let is_cursor = b == app.view.cursor;
        let noted = app
            .paragraph_index(b)
            .is_some_and(|k| app.notes.on_paragraph(k).next().is_some());
        let rows = wrapped.iter().map(Some).chain(std::iter::once(None));
        for row in rows {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if lines.len() >= height {
                break;
            }
            let first = row.is_some_and(|r| r.start == wrapped[0].start);
            let gutter = match (is_cursor && row.is_some(), noted && first) {
                (true, true) => Span::styled("▌✎", theme.note),
                (true, false) => Span::styled("▌ ", theme.cursor),
                (false, true) => Span::styled(" ✎", theme.note),
                (false, false) => Span::raw(" ".repeat(GUTTER as usize)),
            };
            match row {
                Some(r) => {
                    let mut line = styled_line(text, r.clone(), base, &overlays);
                    line.spans.insert(0, gutter);
                    lines.push(line);
                }
                None => lines.push(Line::raw("")),
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
