//! Input → state: every key, click, wheel turn, paste, resize and tick arrives here as a
//! [`Msg`]. Keys become [`Action`]s through the keymap; mouse events are hit-tested against
//! the layout.

use super::action::Action;
use super::app::{update, App, Effect, Mode, Msg, Pane};
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
            // Keys go to the pane with focus: never to one this width folds away.
            if !app.shown(app.focus) {
                app.focus = Pane::Content;
            }
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
            if key.kind != KeyEventKind::Release {
                press(app, key);
            }
        }
    }
}

/// A key press: resolved to an action once, in the context that has the keys; a popup or
/// the search line takes it as text only when that context binds nothing to it.
fn press(app: &mut App, key: KeyEvent) {
    // A real panic on the reader's thread, for the tests that a panic gives the terminal
    // back and keeps the draft; debug builds only, so the shipped binary has no such key.
    #[cfg(debug_assertions)]
    if key.code == KeyCode::F(12) && std::env::var_os("FAZHI_DEBUG_PANIC").is_some() {
        panic!("FAZHI_DEBUG_PANIC: F12 pressed");
    }
    let action = app.keymap.resolve_in(app.context(), &key);
    if action == Some(Action::Redraw) {
        app.effects.push(Effect::Redraw);
        return;
    }
    if let Some(p) = &mut app.popup {
        let reply = popup::act(p, action, key);
        app.apply(reply);
        return;
    }
    match (app.mode, action) {
        (Mode::Search, Some(Action::Open)) => app.accept_search(),
        (Mode::Search, Some(Action::Cancel)) => app.cancel_search(),
        (Mode::Search, Some(_)) => {}
        (Mode::Search, None) => {
            if popup::type_in_line(&mut app.search.input, key) {
                app.search_typed();
            }
        }
        // Any key help does not bind closes it, as its footer says.
        (Mode::Help(_), action) => update(app, action.unwrap_or(Action::Cancel)),
        (Mode::Normal, Some(action)) => update(app, action),
        (Mode::Normal, None) => {
            let ctrl_c =
                key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
            if ctrl_c {
                // A keymap without a quit key must not trap the user.
                update(app, Action::Quit);
            }
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
        self.collect_save();
        if let Some(Popup::Editor(ed)) = &mut self.popup {
            self.notes.save_draft(ed, false);
        }
        if self.notes.poll(&self.library, self.current) {
            self.note_cursor = self
                .notes
                .take_wanted()
                .unwrap_or(self.note_cursor)
                .min(self.notes.placed.len().saturating_sub(1));
            self.notes_changed = true;
        }
    }
}
