//! The status line: breadcrumb, position, message or search input, key hints.

use crate::tui::action::Action;
use crate::tui::app::{App, Mode, Pane};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draw the status line.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let mut left = vec![Span::styled(format!(" {} ", app.breadcrumb()), t.status)];
    if app.mode == Mode::Search {
        let query = app.search.input.lines().join("");
        left.push(Span::raw(" /"));
        left.push(Span::styled(query.clone(), t.message));
        let cursor_x = area.x + left.iter().map(|s| s.content.width() as u16).sum::<u16>()
            - query.width() as u16
            + cursor_width(app) as u16;
        frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
        left.push(Span::raw("  "));
        if !query.is_empty() {
            left.push(Span::styled(
                app.lang
                    .matches(app.search.current, app.search.matches.len()),
                t.dim,
            ));
            left.push(Span::raw("  "));
        }
        left.push(Span::styled(app.lang.search_hint(), t.dim));
    } else {
        left.push(Span::styled(
            format!(" {} ", app.lang.position(app.cursor, app.blocks.len())),
            t.dim,
        ));
        let tags: Vec<&str> = app
            .current_section()
            .and_then(|s| app.section_topics.get(s))
            .map(|ts| {
                ts.iter()
                    .filter_map(|&i| app.topics.get(i).map(|t| t.name.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        if !tags.is_empty() && app.message.is_none() {
            left.push(Span::styled(format!("〔{}〕", tags.join(" ")), t.point));
        }
        if let Some(m) = &app.message {
            left.push(Span::styled(format!(" {m}"), t.message));
        } else if !app.search.query.is_empty() {
            left.push(Span::styled(
                format!(
                    " /{} {}",
                    app.search.query,
                    app.lang
                        .matches(app.search.current, app.search.matches.len())
                ),
                t.dim,
            ));
        }
    }
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let hints = hints(app);
    let room = (area.width as usize).saturating_sub(used + 1);
    let mut right = String::new();
    for h in hints {
        if right.width() + h.width() + 2 > room {
            break;
        }
        right.push_str("  ");
        right.push_str(&h);
    }
    let pad = (area.width as usize).saturating_sub(used + right.width());
    left.push(Span::raw(" ".repeat(pad)));
    left.push(Span::styled(right, t.dim));
    frame.render_widget(Paragraph::new(Line::from(left)), area);
}

/// Display width of the search input up to its cursor.
fn cursor_width(app: &App) -> usize {
    let (_, col) = app.search.input.cursor();
    let line = app
        .search
        .input
        .lines()
        .first()
        .cloned()
        .unwrap_or_default();
    line.chars().take(col).collect::<String>().width()
}

/// The few keys that matter in the focused pane, as `key word`.
fn hints(app: &App) -> Vec<String> {
    let actions: &[Action] = match app.focus {
        Pane::Reports => &[Action::Open, Action::NextPane, Action::Help, Action::Quit],
        Pane::Outline => &[Action::Open, Action::NextPane, Action::Help, Action::Quit],
        Pane::Content => &[
            Action::Search,
            Action::NextSection,
            Action::NextFigure,
            Action::Copy,
            Action::Annotate,
            Action::ToggleReports,
            Action::Help,
            Action::Quit,
        ],
        Pane::Figures => &[
            Action::Open,
            Action::Annotate,
            Action::NextPane,
            Action::Help,
        ],
        Pane::Notes => &[
            Action::Open,
            Action::EditNote,
            Action::DeleteNote,
            Action::AllNotes,
            Action::Help,
        ],
    };
    actions
        .iter()
        .filter_map(|&a| {
            let key = app.keymap.keys_for(a).into_iter().next()?;
            Some(format!("{key} {}", app.lang.hint(a)))
        })
        .collect()
}
