//! One note in full: where it is, its quote, and its whole text, wrapped.

use super::centered;
use crate::tui::app::App;
use crate::tui::popup::NoteView;
use crate::tui::reading;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// Draw the note view popup.
pub fn draw(frame: &mut Frame, app: &App, v: &NoteView) {
    let t = &app.theme;
    let screen = frame.area();
    let area = centered(screen, 84, screen.height.saturating_sub(4).max(8));
    super::clear(frame, area);
    let n = &v.note;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus_border)
        .title(format!(
            " {} {} · {} ",
            v.report, n.anchor.section_path, n.author
        ))
        .title_bottom(Span::styled(
            format!(" {} ", app.lang.note_view_keys()),
            t.dim,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    let quote = match &n.figure {
        Some(f) => format!("> {f} — {}", n.anchor.quote.exact),
        None => format!("> {}", n.anchor.quote.exact),
    };
    for r in reading::wrap(&quote, width) {
        lines.push(Line::styled(quote[r].to_string(), t.dim));
    }
    lines.push(Line::raw(""));
    for text in n.body.lines() {
        for r in reading::wrap(text, width) {
            lines.push(Line::raw(text[r].to_string()));
        }
    }
    let max = lines.len().saturating_sub(inner.height as usize);
    let skip = v.scroll.min(max);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
        inner,
    );
}
