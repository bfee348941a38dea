//! Notes on screen: the notes pane, the editor, questions, and the list of all notes.

use super::centered;
use crate::tui::app::{App, Pane};
use crate::tui::popup::{AllNotes, Popup};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// The notes of the open report: `一/（一） ¶2 · first line of the note`.
pub fn pane(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let rows: Vec<Line> = if let Some(e) = &app.notes.error {
        vec![Line::styled(e.clone(), t.message)]
    } else {
        app.notes
            .placed
            .iter()
            .map(|p| {
                let n = &p.note;
                let first = n.body.lines().next().unwrap_or("");
                let place = match p.paragraph {
                    Some(_) => {
                        let path = if n.anchor.section_path.is_empty() {
                            "¶".to_string()
                        } else {
                            n.anchor.section_path.clone()
                        };
                        Span::styled(format!("{path} "), t.dim)
                    }
                    None => Span::styled(format!("⚠ {} ", app.lang.orphan()), t.message),
                };
                let fig = n
                    .figure
                    .as_ref()
                    .map(|f| Span::styled(format!("{f} "), t.current))
                    .unwrap_or_else(|| Span::raw(""));
                Line::from(vec![place, fig, Span::raw(first.to_string())])
            })
            .collect()
    };
    let title = format!("4 {} {}", app.lang.notes(), app.notes.placed.len());
    super::lists::list(frame, app, Pane::Notes, title, rows, app.note_cursor, area);
}

/// Draw the open popup, if any.
pub fn popup(frame: &mut Frame, app: &App) {
    match &app.popup {
        Some(Popup::Editor(ed)) => editor(frame, app, ed),
        Some(Popup::Confirm(_, question)) => confirm(frame, app, question),
        Some(Popup::AllNotes(list)) => all_notes(frame, app, list),
        Some(
            Popup::Palette(_)
            | Popup::Topic(_)
            | Popup::Everywhere(_)
            | Popup::Choose(_)
            | Popup::Compare(_)
            | Popup::Table(_),
        )
        | None => {}
    }
}

fn editor(frame: &mut Frame, app: &App, ed: &crate::tui::popup::Editor) {
    let t = &app.theme;
    let screen = frame.area();
    let area = centered(screen, 84, 20.min(screen.height.saturating_sub(2)).max(8));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus_border)
        .title(format!(" {} ", app.lang.editor_title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The quoted paragraph above, the editor below.
    let quote_h = (inner.height / 3).clamp(1, 5);
    let quote = Rect {
        height: quote_h,
        ..inner
    };
    let rest = Rect {
        y: inner.y + quote_h,
        height: inner.height.saturating_sub(quote_h),
        ..inner
    };
    let text = format!("> {}", ed.quote);
    let wrapped = crate::tui::reading::wrap(&text, quote.width as usize);
    let shown = quote.height as usize;
    let lines: Vec<Line> = wrapped
        .iter()
        .take(shown)
        .enumerate()
        .map(|(k, r)| {
            let more = k + 1 == shown && wrapped.len() > shown;
            let s = &text[r.clone()];
            if more {
                // Make room for the ellipsis without splitting a wide char.
                let cut: String = s
                    .chars()
                    .take(s.chars().count().saturating_sub(1))
                    .collect();
                Line::styled(format!("{cut}…"), t.dim)
            } else {
                Line::styled(s.to_string(), t.dim)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), quote);
    let mut ta = ed.textarea.clone();
    ta.set_block(
        Block::default()
            .borders(Borders::TOP)
            .border_style(t.border),
    );
    ta.set_cursor_line_style(Style::default());
    let status = if ed.confirm_discard {
        Some(app.lang.discard_warning())
    } else {
        None
    };
    let text_area = Rect {
        height: rest.height.saturating_sub(u16::from(status.is_some())),
        ..rest
    };
    frame.render_widget(&ta, text_area);
    if let Some(s) = status {
        let line = Rect {
            y: text_area.y + text_area.height,
            height: 1,
            ..rest
        };
        frame.render_widget(Paragraph::new(Line::styled(s, t.message)), line);
    }
}

fn confirm(frame: &mut Frame, app: &App, question: &str) {
    let area = centered(frame.area(), 64, 5);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(question.to_string())
            .wrap(Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(app.theme.focus_border),
            ),
        area,
    );
}

fn all_notes(frame: &mut Frame, app: &App, list: &AllNotes) {
    let t = &app.theme;
    let screen = frame.area();
    let area = centered(screen, 110, screen.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus_border)
        .title(format!(
            " {} {} ",
            app.lang.all_notes_title(),
            list.shown.len()
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    super::input_line(frame, app, &list.input, inner);
    let rows_area = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let h = rows_area.height as usize;
    let offset = list.cursor.saturating_sub(h.saturating_sub(1));
    let lines: Vec<Line> = list
        .shown
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(row, &i)| {
            let n = &list.notes[i];
            let name = list
                .names
                .get(&n.report_id)
                .cloned()
                .unwrap_or(n.report_id.clone());
            super::row(
                Line::from(vec![
                    Span::styled(format!("{name} "), t.heading),
                    Span::styled(format!("{} ", n.anchor.section_path), t.dim),
                    Span::raw(n.body.lines().next().unwrap_or("").to_string()),
                    Span::styled(format!("  — {}", n.author), t.dim),
                ]),
                row == list.cursor,
                app,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}
