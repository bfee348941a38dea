//! The status line: breadcrumb, position, message or search input, key hints.

use crate::tui::action::Action;
use crate::tui::app::{App, Mode, Pane};
use crate::tui::keymap::Context;
use crate::tui::popup::Popup;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draw the status line: where you are on the left, the keys that matter on the right, and
/// between them the message, search or topics — cut to fit, so the keys never fall off.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let width = area.width as usize;
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
        frame.render_widget(Paragraph::new(Line::from(left)), area);
        return;
    }
    // No report open (a library loading, or none): no position in it to give.
    if !app.view.passages.is_empty() {
        left.push(Span::styled(
            format!(
                " {} ",
                app.lang.position(app.view.cursor, app.view.passages.len())
            ),
            t.dim,
        ));
    }
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    // A message or the search count matters more than most key hints; topic tags less.
    let (middle, style, important) = if let Some((done, total)) = app.loading_progress() {
        (
            format!(" {}", app.lang.loading(done, total)),
            t.message,
            true,
        )
    } else if let Some(m) = &app.message {
        (format!(" {m}"), t.message, true)
    } else if !app.search.query.is_empty() {
        (
            format!(
                " /{} {}",
                app.search.query,
                app.lang
                    .matches(app.search.current, app.search.matches.len())
            ),
            t.dim,
            true,
        )
    } else {
        let tags: Vec<&str> = app
            .current_section()
            .and_then(|s| app.section_topics.get(s))
            .map(|ts| {
                ts.iter()
                    .filter_map(|&i| app.topics.get(i).map(|t| t.name.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        if tags.is_empty() {
            (String::new(), t.dim, false)
        } else {
            (format!("〔{}〕", tags.join(" ")), t.point, false)
        }
    };
    let reserve = if important { middle.width() } else { 12 };
    let right = fit_hints(&hints(app), width.saturating_sub(used + reserve));
    let room = width.saturating_sub(used + right.width());
    let middle = truncate(&middle, room);
    let pad = room.saturating_sub(middle.width());
    left.push(Span::styled(middle, style));
    left.push(Span::raw(" ".repeat(pad)));
    left.push(Span::styled(right, t.dim));
    frame.render_widget(Paragraph::new(Line::from(left)), area);
}

/// Help, quit and close: the keys a lost user needs, so they are the last to be dropped.
fn way_out(action: Action) -> bool {
    matches!(action, Action::Help | Action::Quit | Action::Cancel)
}

/// As many hints as fit in `room`, the ways out first, shown in their natural order.
fn fit_hints(hints: &[(Action, String)], room: usize) -> String {
    let mut chosen = vec![false; hints.len()];
    let mut used = 0;
    let priority = hints
        .iter()
        .enumerate()
        .filter(|(_, (a, _))| way_out(*a))
        .chain(hints.iter().enumerate().filter(|(_, (a, _))| !way_out(*a)));
    for (i, (_, h)) in priority {
        if used + h.width() + 2 <= room {
            used += h.width() + 2;
            chosen[i] = true;
        }
    }
    hints
        .iter()
        .zip(chosen)
        .filter(|(_, c)| *c)
        .map(|((_, h), _)| format!("  {h}"))
        .collect()
}

/// Cut `s` to at most `width` cells, ending in `…` when cut; never splits a wide char.
fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if out.width() + w + 1 > width {
            break;
        }
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
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

/// The keys of a popup that leaves the status line showing: side by side, the figure tables
/// (a topic's, a district's years) and the chooser of the report to compare with, where the
/// reader's `q quit` would only type a `q` into the query. `None` for the others, which show
/// their own keys, and without a popup.
fn popup_actions(popup: &Popup) -> Option<&'static [Action]> {
    Some(match popup {
        Popup::Choose(_) => &[Action::Open, Action::Cancel],
        Popup::Compare(_) => &[Action::NextSection, Action::Open, Action::Cancel],
        Popup::Table(t) if t.export.is_some() => &[Action::Cancel],
        Popup::Table(_) => &[
            Action::Open,
            Action::SortColumn,
            Action::ExportTable,
            Action::Copy,
            Action::Cancel,
        ],
        _ => return None,
    })
}

/// The few keys that matter now, as `key word`: the open popup's, else the focused pane's.
fn hints(app: &App) -> Vec<(Action, String)> {
    let popup = app.popup.as_ref().and_then(popup_actions);
    let actions = popup.unwrap_or_else(|| pane_actions(app.focus));
    // Under help the reading keys are still what the status line offers for afterwards.
    let context = if popup.is_some() {
        app.context()
    } else {
        Context::Normal
    };
    // A note goes on a paragraph: on a heading, `a` has nothing to offer.
    let on_heading = popup.is_none()
        && app.focus == Pane::Content
        && matches!(
            app.view.passages.get(app.view.cursor),
            Some(crate::tui::reading::Passage::Heading(_))
        );
    actions
        .iter()
        .filter(|&&a| !(on_heading && a == Action::Annotate))
        .filter_map(|&a| {
            let key = app.keymap.keys_in(context, a).into_iter().next()?;
            Some((a, format!("{key} {}", app.lang.hint(a))))
        })
        .collect()
}

/// The few keys that matter in `pane`.
fn pane_actions(pane: Pane) -> &'static [Action] {
    match pane {
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
    }
}
