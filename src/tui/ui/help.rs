//! The help overlay, generated from the active keymap.

use super::centered;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// A heading's actions, each with its keys as written.
type Entries = Vec<(Action, Vec<String>)>;

/// Draw every binding of the keymap: reading's grouped, then every other context's.
pub fn draw(frame: &mut Frame, app: &App, scroll: u16) {
    let t = &app.theme;
    let mut lines = Vec::new();
    let mut sections: Vec<(String, Entries)> = app
        .keymap
        .help()
        .into_iter()
        .map(|s| (app.lang.group(s.group).to_string(), s.entries))
        .collect();
    sections.extend(
        Context::ALL
            .iter()
            .filter(|&&c| c != Context::Normal)
            .map(|&c| (app.lang.context(c).to_string(), app.keymap.help_in(c)))
            .filter(|(_, entries)| !entries.is_empty()),
    );
    // Keys line up within a heading: reading's groups share one column, each other
    // context has its own.
    let width = |entries: &[(Action, Vec<String>)]| {
        entries
            .iter()
            .map(|(_, keys)| keys.join(", ").width())
            .max()
            .unwrap_or(8)
            .min(24)
    };
    let groups = app.keymap.help().len();
    let reading_w = sections[..groups.min(sections.len())]
        .iter()
        .map(|(_, e)| width(e))
        .max()
        .unwrap_or(8);
    for (k, (title, entries)) in sections.iter().enumerate() {
        let key_w = if k < groups {
            reading_w
        } else {
            width(entries)
        };
        lines.push(Line::styled(title.clone(), t.heading));
        for (action, keys) in entries {
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
    super::clear(frame, area);
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
