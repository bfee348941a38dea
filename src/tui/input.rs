//! Input → state: every key, click, wheel turn, paste, resize and tick arrives here as a
//! [`Msg`]. Keys become [`Action`]s through the keymap; mouse events are hit-tested against
//! the layout.

use super::action::Action;
use super::app::{update, App, Mode, Msg, Pane};
use super::layout;
use super::nav::ReportRow;
use super::popup::{self, Popup};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

/// React to one input event.
pub fn handle(app: &mut App, msg: Msg) {
    match msg {
        Msg::Resize(w, h) => {
            app.size = Rect::new(0, 0, w, h);
            app.ensure_visible();
        }
        Msg::Tick => app.tick(),
        Msg::Paste(text) => {
            if let Some(p) = &mut app.popup {
                let reply = popup::paste(p, &text);
                app.apply(reply);
            } else if app.mode == Mode::Search {
                app.search.input.insert_str(text.replace(['\n', '\r'], " "));
                app.search_typed();
            }
        }
        Msg::Mouse(m) => mouse(app, m),
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return;
            }
            let action = app.keymap.resolve(&key);
            if let Some(p) = &mut app.popup {
                let reply = popup::key(p, key, action);
                app.apply(reply);
                return;
            }
            match app.mode {
                Mode::Search => search_key(app, key),
                _ => {
                    if let Some(action) = app.keymap.resolve(&key) {
                        update(app, action);
                    } else if key.modifiers.contains(KeyModifiers::CONTROL)
                        && key.code == KeyCode::Char('c')
                    {
                        // A keymap without a quit key must not trap the user.
                        update(app, Action::Quit);
                    }
                }
            }
        }
    }
}

/// A key while typing a search in the status line.
fn search_key(app: &mut App, key: KeyEvent) {
    match key.code {
        KeyCode::Esc => app.cancel_search(),
        KeyCode::Enter => app.accept_search(),
        // Multi-line input makes no sense in a search line.
        KeyCode::Char('m') if key.modifiers.contains(KeyModifiers::CONTROL) => {}
        _ => {
            app.search.input.input(key);
            app.search_typed();
        }
    }
}

fn mouse(app: &mut App, m: MouseEvent) {
    let areas = app.areas();
    let pane_at = |col, row| {
        [
            (areas.reports, Pane::Reports),
            (areas.outline, Pane::Outline),
            (Some(areas.content), Pane::Content),
            (areas.figures, Pane::Figures),
            (areas.notes, Pane::Notes),
        ]
        .into_iter()
        .find_map(|(r, p)| r.filter(|r| layout::contains(*r, col, row)).map(|r| (p, r)))
    };
    let Some((pane, rect)) = pane_at(m.column, m.row) else {
        return;
    };
    match m.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = matches!(m.kind, MouseEventKind::ScrollDown);
            let before = app.focus;
            app.focus = pane;
            if pane == Pane::Content {
                app.scroll_lines(if down { 3 } else { -3 });
                app.cursor_into_view();
                app.sync_panes();
            } else {
                update(app, if down { Action::Down } else { Action::Up });
            }
            app.focus = before;
        }
        MouseEventKind::Down(_) => {
            app.focus = pane;
            let row = m.row.saturating_sub(rect.y + 1) as usize;
            click(app, pane, rect, row);
        }
        _ => {}
    }
}

/// A click on `row` of `pane`'s rows.
fn click(app: &mut App, pane: Pane, rect: Rect, row: usize) {
    match pane {
        Pane::Content => {
            if let Some(b) = app.passage_at_row(row) {
                app.move_cursor_to(b);
            }
        }
        Pane::Reports => {
            let k = list_offset(app.report_cursor, rect) + row;
            if let Some(ReportRow::Year(r)) = app.report_rows.get(k).cloned() {
                app.report_cursor = k;
                app.remember();
                app.open_report(r);
            }
        }
        Pane::Outline => {
            let k = list_offset(app.outline_cursor, rect) + row;
            if k < app.outline_rows().len() {
                app.outline_cursor = k;
                app.outline_follow();
            }
        }
        Pane::Notes => {
            let k = list_offset(app.note_cursor, rect) + row;
            if k < app.notes.placed.len() {
                app.note_cursor = k;
            }
        }
        Pane::Figures => {
            let k = list_offset(app.figure_cursor, rect) + row;
            if k < app.section_figures().len() {
                app.figure_cursor = k;
                update(app, Action::Open);
            }
        }
    }
}

/// The first row a list shows so that `cursor` is visible (lists keep the cursor in view by
/// scrolling only as far as needed from the top).
pub fn list_offset(cursor: usize, rect: Rect) -> usize {
    let h = rect.height.saturating_sub(2) as usize;
    if h == 0 {
        return 0;
    }
    cursor.saturating_sub(h - 1)
}

impl App {
    /// Idle time: take what the background jobs have done.
    fn tick(&mut self) {
        self.poll_jobs();
        if let Some(Popup::Editor(ed)) = &mut self.popup {
            self.notes.save_draft(ed, false);
        }
        let lib = std::sync::Arc::clone(&self.library);
        if self.notes.poll(lib.reports.get(self.current)) {
            self.note_cursor = self
                .note_cursor
                .min(self.notes.placed.len().saturating_sub(1));
            self.notes_changed = true;
        }
    }
}
