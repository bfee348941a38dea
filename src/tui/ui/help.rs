//! The help overlay, generated from the active keymap.

use super::centered;
use crate::tui::app::App;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draw every binding of the keymap, grouped.
pub fn draw(frame: &mut Frame, app: &App, scroll: u16) {
    let t = &app.theme;
    let mut lines = Vec::new();
    let sections = app.keymap.help();
    let key_w = sections
        .iter()
        .flat_map(|s| s.entries.iter())
        .map(|(_, keys)| keys.join(", ").width())
        .max()
        .unwrap_or(8)
        .min(24);
    for s in &sections {
        lines.push(Line::styled(app.lang.group(s.group).to_string(), t.heading));
        for (action, keys) in &s.entries {
            let keys = keys.join(", ");
            let pad = key_w.saturating_sub(keys.width());
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys}{}", " ".repeat(pad)), t.point),
                Span::raw(format!("  {}", app.lang.describe(*action))),
            ]));
        }
        lines.push(Line::raw(""));
    }
    let area = centered(frame.area(), 76, frame.area().height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus_border)
        .title(format!(" ? {} ", app.lang.help()))
        .title_bottom(Span::styled(format!(" {} ", app.lang.help_footer()), t.dim));
    let max_scroll = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        area,
    );
}
