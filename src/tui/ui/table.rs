//! A figure table (rows = reports or years, columns = labels) with a bar chart of the
//! selected column; the chart is a plain list under `NO_COLOR` or when the terminal is narrow.

use crate::report::label::shorten;
use crate::tui::app::App;
use crate::tui::popup::TableView;
use ratatui::layout::{Direction, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Below this width (inside the frame) the chart is a list.
const CHART_WIDTH: u16 = 60;

/// The widest a column gets; longer labels are cut.
const MAX_COLUMN: usize = 22;

/// Draw the table popup.
pub fn draw(frame: &mut Frame, app: &App, v: &TableView) {
    let t = &app.theme;
    let screen = frame.area();
    // The whole screen but the status line, where messages about exports appear.
    let area = Rect {
        height: screen.height.saturating_sub(1),
        ..screen
    };
    frame.render_widget(Clear, area);
    let title = app
        .lang
        .table_title(&v.title, v.table.rows.len(), v.table.columns.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus_border)
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 {
        return;
    }
    // Last line: the export prompt while typing a path, else the keys.
    let last = Rect {
        y: inner.y + inner.height - 1,
        height: 1,
        ..inner
    };
    match &v.export {
        Some(input) => {
            let prompt = app.lang.export_prompt();
            let w = prompt.width() as u16;
            frame.render_widget(Paragraph::new(Span::styled(prompt, t.point)), last);
            let field = Rect {
                x: last.x + w,
                width: last.width.saturating_sub(w),
                ..last
            };
            super::input_line(frame, app, input, field);
        }
        None => frame.render_widget(
            Paragraph::new(Span::styled(app.lang.table_keys(v.back.is_some()), t.dim)),
            last,
        ),
    }
    let body = Rect {
        height: inner.height - 1,
        ..inner
    };
    if v.table.columns.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(app.lang.empty_table(), t.dim)),
            body,
        );
        return;
    }
    let table_h = (v.table.rows.len() as u16 + 1).min(body.height / 2).max(2);
    let grid_area = Rect {
        height: table_h,
        ..body
    };
    let chart_area = Rect {
        y: body.y + table_h + 1,
        height: body.height.saturating_sub(table_h + 1),
        ..body
    };
    grid(frame, app, v, grid_area);
    chart(frame, app, v, chart_area);
}

/// Cut `s` to at most `w` cells.
fn fit(s: &str, w: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() > w {
            break;
        }
        out.push(c);
    }
    out
}

/// Pad `s` with spaces to `w` cells.
fn pad(s: &str, w: usize) -> String {
    let s = fit(s, w);
    let n = w.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(n))
}

/// What a column of the grid shows.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// A figure label's values.
    Values(usize),
    /// In a district's years: how the label's value changed from the year before.
    Change(usize),
}

/// The table: a header of labels, a row per report; the columns scroll to keep the
/// selected one in view. In a district's years the selected column is followed by its change
/// from one year to the next.
fn grid(frame: &mut Frame, app: &App, v: &TableView, area: Rect) {
    let t = &app.theme;
    let tab = &v.table;
    let name_w = tab.rows.iter().map(|r| r.name.width()).max().unwrap_or(4) + 2;
    let changes: Vec<String> = if v.years {
        let unit = &tab.columns[v.column].unit;
        tab.changes(v.column)
            .into_iter()
            .map(|c| c.map_or("·".to_string(), |c| c.describe(unit)))
            .collect()
    } else {
        Vec::new()
    };
    let columns: Vec<Shown> = (0..tab.columns.len())
        .flat_map(|c| {
            let change = (v.years && c == v.column).then_some(Shown::Change(c));
            std::iter::once(Shown::Values(c)).chain(change)
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .map(|&col| match col {
            Shown::Values(c) => {
                let cells = tab.rows.iter().filter_map(|r| r.cells[c].as_ref());
                let widest = cells.map(|p| p.figure.shown().width()).max().unwrap_or(0);
                (tab.columns[c].label.width() + 2)
                    .max(widest)
                    .min(MAX_COLUMN)
                    + 2
            }
            Shown::Change(_) => {
                let widest = changes.iter().map(|c| c.width()).max().unwrap_or(0);
                widest.max(app.lang.change_header().width()).min(MAX_COLUMN) + 2
            }
        })
        .collect();
    // The selected column, and its change where there is one, stay in view.
    let selected = columns
        .iter()
        .rposition(|&col| col == Shown::Values(v.column) || col == Shown::Change(v.column))
        .unwrap_or(0);
    let room = (area.width as usize).saturating_sub(name_w);
    let mut shown = window(&widths, selected, room);
    // Columns beyond the right edge are counted at its end, in room kept for that.
    let beyond = |shown: &[usize]| {
        let last = shown.last().copied().unwrap_or(0);
        (columns[last + 1..].iter())
            .filter(|c| matches!(c, Shown::Values(_)))
            .count()
    };
    if beyond(&shown) > 0 {
        let mark = app.lang.more_columns(tab.columns.len()).width();
        shown = window(&widths, selected, room.saturating_sub(mark));
    }
    let mut header = vec![Span::raw(pad("", name_w))];
    for &k in &shown {
        let (label, style) = match columns[k] {
            Shown::Values(c) => {
                let arrow = match v.sorted {
                    Some((s, true)) if s == c => "▲",
                    Some((s, false)) if s == c => "▼",
                    _ => "",
                };
                // A label too long keeps its end: what it counts (`…负责人出庭应诉率`).
                let label = shorten(&tab.columns[c].label, widths[k] - 3);
                let label = format!("{label}{arrow}");
                (label, if c == v.column { t.selected } else { t.heading })
            }
            Shown::Change(_) => (app.lang.change_header().to_string(), t.heading),
        };
        header.push(Span::styled(pad(&label, widths[k] - 2), style));
        header.push(Span::raw("  "));
    }
    let more = beyond(&shown);
    if more > 0 {
        header.push(Span::styled(app.lang.more_columns(more), t.dim));
    }
    let mut lines = vec![Line::from(header)];
    let h = area.height.saturating_sub(1) as usize;
    let offset = v.cursor.saturating_sub(h.saturating_sub(1));
    for (r, row) in tab.rows.iter().enumerate().skip(offset).take(h) {
        let mut spans = vec![Span::styled(
            pad(&row.name, name_w),
            if r == v.cursor { t.selected } else { t.heading },
        )];
        for &k in &shown {
            let (text, style) = match columns[k] {
                Shown::Values(c) => match &row.cells[c] {
                    Some(p) => (p.figure.shown().into_owned(), t.figure(p.figure.kind)),
                    None => ("·".to_string(), t.dim),
                },
                Shown::Change(_) => (changes[r].clone(), t.point),
            };
            spans.push(Span::styled(pad(&text, widths[k] - 2), style));
            spans.push(Span::raw("  "));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The grid columns shown in `room` cells: from the first that keeps column `selected` in
/// view, as many as fit (always one).
fn window(widths: &[usize], selected: usize, room: usize) -> Vec<usize> {
    let mut first = 0;
    while first < selected && widths[first..=selected].iter().sum::<usize>() > room {
        first += 1;
    }
    let mut used = 0;
    (first..widths.len())
        .take_while(|&k| {
            used += widths[k];
            used <= room || k == first
        })
        .collect()
}

/// The selected column across the rows: horizontal bars with the value at their end, or a
/// plain list when colour is off or the terminal is narrow.
fn chart(frame: &mut Frame, app: &App, v: &TableView, area: Rect) {
    let t = &app.theme;
    if area.height < 2 {
        return;
    }
    let col = &v.table.columns[v.column];
    let unit = if col.unit.is_empty() {
        String::new()
    } else {
        format!("（{}）", col.unit)
    };
    let heading = Line::styled(format!("{}{unit}", col.label), t.heading);
    frame.render_widget(Paragraph::new(heading), Rect { height: 1, ..area });
    let rest = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let values: Vec<(&str, &crate::report::Figure)> = v
        .table
        .rows
        .iter()
        .filter_map(|r| {
            r.cells[v.column]
                .as_ref()
                .map(|p| (r.name.as_str(), &p.figure))
        })
        .collect();
    if !t.colored() || area.width < CHART_WIDTH {
        let name_w = values.iter().map(|(n, _)| n.width()).max().unwrap_or(0) + 2;
        let lines: Vec<Line> = values
            .iter()
            .map(|(name, f)| {
                Line::from(vec![
                    Span::raw(pad(name, name_w)),
                    Span::styled(f.shown().into_owned(), t.figure(f.kind)),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), rest);
        return;
    }
    // BarChart takes whole numbers: hundredths keep two decimals of a value like 98.5%.
    let bars: Vec<Bar> = values
        .iter()
        .map(|(name, f)| {
            Bar::default()
                .label(Line::from(name.to_string()))
                .value((f.value.max(0.0) * 100.0).round() as u64)
                .text_value(f.shown().into_owned())
                .style(t.figure(f.kind))
                .value_style(
                    t.figure(f.kind)
                        .add_modifier(ratatui::style::Modifier::REVERSED),
                )
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, rest);
}
