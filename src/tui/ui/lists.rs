//! The list panes: reports, outline, figures.

use super::pane_block;
use crate::tui::app::{App, Pane};
use crate::tui::input::list_offset;
use crate::tui::nav::ReportRow;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Render the `len` rows of a list in `area` so that `cursor` is visible and highlighted when
/// focused. Only the rows on screen are made (`row(k)` for row `k`): the reports pane of a
/// national library has tens of thousands, and building them all made every frame pay for it.
pub(super) fn list<'a>(
    frame: &mut Frame,
    app: &App,
    pane: Pane,
    title: String,
    (len, row): (usize, impl Fn(usize) -> Line<'a>),
    cursor: usize,
    area: Rect,
) {
    let block = pane_block(app, pane, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let offset = list_offset(cursor, area);
    let focused = app.focus == pane;
    let lines: Vec<Line> = (offset..len.min(offset + inner.height as usize))
        .map(|k| {
            let line = super::ellipsize(row(k), inner.width as usize);
            if k == cursor && focused {
                line.style(app.theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A list's rows made beforehand, for [`list`].
pub(super) fn made<'a, 'r>(rows: &'r [Line<'a>]) -> (usize, impl Fn(usize) -> Line<'a> + 'r) {
    (rows.len(), |k| rows[k].clone())
}

/// Province › prefecture › district › years.
pub fn reports(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let row = |k: usize| match &app.report_rows[k] {
        ReportRow::Province(p) => Line::styled(p.clone(), t.heading),
        ReportRow::Prefecture(p) => Line::styled(format!(" {p}"), t.dim),
        ReportRow::District(d) => Line::raw(format!("  {d}")),
        ReportRow::Year(i) => {
            let r = app.library.row(*i);
            let open = *i == app.current;
            let year = r.year().map_or("????".into(), |y| y.to_string());
            Line::from(vec![
                Span::styled(if open { "   ● " } else { "     " }, t.cursor),
                Span::styled(year, if open { t.cursor } else { Style::default() }),
                Span::styled(if r.warnings().is_empty() { "" } else { " !" }, t.message),
            ])
        }
    };
    let title = format!("1 {} {}", app.lang.reports(), app.library.len());
    list(
        frame,
        app,
        Pane::Reports,
        title,
        (app.report_rows.len(), row),
        app.report_cursor,
        area,
    );
}

/// The open report's sections as a tree.
pub fn outline(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let Some(r) = app.report() else {
        list(
            frame,
            app,
            Pane::Outline,
            app.lang.outline().into(),
            made(&[]),
            0,
            area,
        );
        return;
    };
    let current = app.current_section();
    let current_chain = current.map(|s| r.ancestry(s)).unwrap_or_default();
    let rows: Vec<Line> = app
        .outline_rows()
        .into_iter()
        .map(|row| match row {
            None => Line::styled(
                format!(
                    "{}{}",
                    if current.is_none() { "▶" } else { " " },
                    app.lang.preamble()
                ),
                t.dim,
            ),
            Some(i) => {
                let s = &r.sections[i];
                let has_children = r.children(Some(i)).next().is_some();
                let fold = match (has_children, app.collapsed.contains(&i)) {
                    (false, _) => " ",
                    (true, true) => "▸",
                    (true, false) => "▾",
                };
                let mark = if current == Some(i) { "▶" } else { " " };
                let indent = "  ".repeat(s.level as usize - 1);
                let style = if current == Some(i) {
                    t.cursor
                } else if current_chain.contains(&i) {
                    Style::default().add_modifier(ratatui::style::Modifier::BOLD)
                } else {
                    Style::default()
                };
                Line::from(vec![
                    Span::styled(mark, t.cursor),
                    Span::raw(format!("{indent}{fold}")),
                    Span::styled(s.heading(), style),
                ])
            }
        })
        .collect();
    let title = format!("2 {}", app.lang.outline());
    list(
        frame,
        app,
        Pane::Outline,
        title,
        made(&rows),
        app.outline_cursor,
        area,
    );
}

/// Figures of the current section: `label · figure`.
pub fn figures(frame: &mut Frame, app: &App, area: Rect) {
    let Some(r) = app.report() else {
        return;
    };
    let figs = app.section_figures();
    let rows: Vec<Line> = if figs.is_empty() {
        // Wrapped rather than cut: the whole sentence fits in a narrow pane on two lines.
        let text = app.lang.no_figures();
        let width = area.width.saturating_sub(2) as usize;
        crate::tui::reading::wrap(text, width)
            .into_iter()
            .map(|r| Line::styled(text[r].trim().to_string(), app.theme.dim))
            .collect()
    } else {
        figs.iter()
            .filter_map(|&(b, k)| {
                let f = app.view.passages[b].paragraph(r)?.figures.get(k)?;
                let style = if app.chosen_figure == Some((b, k)) {
                    app.theme.current
                } else {
                    app.theme.figure(f.kind)
                };
                let label = if f.label.is_empty() {
                    "—"
                } else {
                    f.label.as_str()
                };
                // The figure is kept whole; the label gives way to fit the pane.
                let shown = f.shown();
                let room = (area.width as usize)
                    .saturating_sub(2 + 3 + UnicodeWidthStr::width(shown.as_ref()));
                let label = crate::report::label::shorten(label, room);
                let sep = if label.is_empty() { "" } else { " · " };
                Some(Line::from(vec![
                    Span::raw(format!("{label}{sep}")),
                    Span::styled(shown.into_owned(), style),
                ]))
            })
            .collect()
    };
    // Figures under `下一步工作打算` are aims, not what the year did: the title says so.
    let plan = app.current_section().is_some_and(|s| r.in_plan(s));
    let title = match plan {
        true => format!(
            "3 {} {} · {}",
            app.lang.figures(),
            figs.len(),
            app.lang.targets()
        ),
        false => format!("3 {} {}", app.lang.figures(), figs.len()),
    };
    list(
        frame,
        app,
        Pane::Figures,
        title,
        made(&rows),
        app.figure_cursor,
        area,
    );
}
