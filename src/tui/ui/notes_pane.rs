//! Notes on screen: the notes pane, the editor, questions, and the list of all notes.

use super::centered;
use crate::tui::app::{App, Pane};
use crate::tui::popup::{AllNotes, Popup};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

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
    super::lists::list(
        frame,
        app,
        Pane::Notes,
        title,
        super::lists::made(&rows),
        app.note_cursor,
        area,
    );
}

/// Draw the open popup, if any.
pub fn popup(frame: &mut Frame, app: &App) {
    match &app.popup {
        Some(Popup::Editor(ed)) => super::editor::draw(frame, app, ed),
        Some(Popup::Confirm(_, question)) => confirm(frame, app, question),
        Some(Popup::AllNotes(list)) => all_notes(frame, app, list),
        Some(Popup::Note(v)) => super::note_view::draw(frame, app, v),
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

fn confirm(frame: &mut Frame, app: &App, question: &str) {
    let area = centered(frame.area(), 64, 5);
    super::clear(frame, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus_border);
    let width = block.inner(area).width as usize;
    frame.render_widget(
        Paragraph::new(question_lines(question, width)).block(block),
        area,
    );
}

/// A question wrapped to `width`, its `(y/n)` kept whole on the last line.
fn question_lines(question: &str, width: usize) -> Vec<Line<'static>> {
    const ANSWERS: &str = "(y/n)";
    let body = question
        .strip_suffix(ANSWERS)
        .unwrap_or(question)
        .trim_end();
    let mut lines: Vec<String> = crate::tui::reading::wrap(body, width)
        .into_iter()
        .map(|r| body[r].to_string())
        .collect();
    if body.len() < question.len() {
        match lines.last_mut() {
            Some(last) if last.width() + 1 + ANSWERS.len() <= width => {
                last.push(' ');
                last.push_str(ANSWERS);
            }
            _ => lines.push(ANSWERS.to_string()),
        }
    }
    lines.into_iter().map(Line::raw).collect()
}

fn all_notes(frame: &mut Frame, app: &App, list: &AllNotes) {
    let t = &app.theme;
    let screen = frame.area();
    let area = centered(screen, 110, screen.height.saturating_sub(2));
    let title = format!(" {} {} ", app.lang.all_notes_title(), list.shown.len());
    let Some(rows_area) = super::query_popup(frame, app, area, title, &list.input) else {
        return;
    };
    let lines: Vec<Line> = super::scrolled(&list.shown, list.cursor, rows_area.height as usize)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_never_splits_its_y_n() {
        let q = "An unsaved note draft was left: \"写到一半的笔记写到一半的笔记写到一半\". Restore it? (y/n)";
        for width in 8..70 {
            let lines: Vec<String> = question_lines(q, width)
                .iter()
                .map(|l| l.to_string())
                .collect();
            assert!(
                lines.last().unwrap().ends_with("(y/n)"),
                "{width}: {lines:?}"
            );
            assert!(
                lines.iter().filter(|l| l.contains("(y/n)")).count() == 1,
                "{width}: {lines:?}"
            );
            for l in &lines {
                assert!(l.width() <= width.max(5), "{width}: {lines:?}");
            }
        }
    }
}
