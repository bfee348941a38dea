//! The note editor on screen: the quoted paragraph above, the note below, wrapped at the
//! popup's width and scrolled to keep the cursor in view. The terminal's own cursor goes to
//! the cursor's cell, counting a Chinese character as two, so an input method's window opens
//! where the next character will appear.

use super::centered;
use crate::tui::app::App;
use crate::tui::popup::Editor;
use crate::tui::reading;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draw the editor popup: the quote above, the note below.
pub fn draw(frame: &mut Frame, app: &App, ed: &Editor) {
    let t = &app.theme;
    let screen = frame.area();
    let area = centered(screen, 84, 20.min(screen.height.saturating_sub(2)).max(8));
    super::clear(frame, area);
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
    let status = if ed.confirm_discard {
        Some(app.lang.discard_warning())
    } else {
        None
    };
    let text_area = Rect {
        height: rest.height.saturating_sub(u16::from(status.is_some())),
        ..rest
    };
    let rule = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border);
    let field = rule.inner(text_area);
    frame.render_widget(rule, text_area);
    let cursor = Style::default().add_modifier(ratatui::style::Modifier::REVERSED);
    note_text(frame, ed, field, cursor);
    if let Some(s) = status {
        let line = Rect {
            y: text_area.y + text_area.height,
            height: 1,
            ..rest
        };
        frame.render_widget(Paragraph::new(Line::styled(s, t.message)), line);
    }
}

/// The note's text wrapped to `area`, scrolled so the cursor's row shows, the cursor drawn in
/// `cursor` style and the terminal's cursor put on it.
fn note_text(frame: &mut Frame, ed: &Editor, area: Rect, cursor: Style) {
    if area.width < 2 || area.height == 0 {
        return;
    }
    let (rows, (row, col)) = layout(
        ed.textarea.lines(),
        ed.textarea.cursor(),
        area.width as usize,
    );
    let offset = row.saturating_sub(area.height as usize - 1);
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(offset)
        .take(area.height as usize)
        .map(Line::raw)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    let at = (area.x + col as u16, area.y + (row - offset) as u16);
    frame.buffer_mut()[at].set_style(cursor);
    frame.set_cursor_position(at);
}

/// The screen rows of `lines` wrapped to `width` cells, and the (row, column) of the cursor
/// at (line, character) `cursor`, the column in cells. A row leaves its last cell free so
/// the cursor fits after its last character.
fn layout(lines: &[String], cursor: (usize, usize), width: usize) -> (Vec<String>, (usize, usize)) {
    let mut rows = Vec::new();
    let mut at = (0, 0);
    for (k, line) in lines.iter().enumerate() {
        let pieces = reading::wrap(line, width.saturating_sub(1).max(1));
        let byte = line
            .char_indices()
            .nth(cursor.1)
            .map_or(line.len(), |(b, _)| b);
        for (p, r) in pieces.iter().enumerate() {
            let last = p + 1 == pieces.len();
            if k == cursor.0 && r.start <= byte && (byte < r.end || last) {
                at = (rows.len(), line[r.start..byte].width());
            }
            rows.push(line[r.clone()].to_string());
        }
    }
    (rows, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_wraps_and_the_cursor_counts_chinese_as_two_cells() {
        let lines = vec!["合法性审查率100%连续两年核对".to_string()];
        let (rows, at) = layout(&lines, (0, 16), 11);
        for r in &rows {
            assert!(r.width() <= 10, "{rows:?}");
        }
        assert_eq!(rows.concat(), lines[0]);
        // The cursor is after the last character, on the last row.
        assert_eq!(at.0, rows.len() - 1);
        assert_eq!(at.1, rows.last().unwrap().width());
    }

    #[test]
    fn the_cursor_on_a_later_line_counts_the_rows_above() {
        let lines = vec!["一二三四五六七八九十".to_string(), "ab".to_string()];
        let (rows, at) = layout(&lines, (1, 1), 9);
        // Eight cells a row (one is kept for the cursor): four characters each.
        assert_eq!(rows, ["一二三四", "五六七八", "九十", "ab"]);
        assert_eq!(at, (3, 1));
    }
}
