//! Driving the reader as a person would, and reading the screen it draws
//! (`TestBackend`): shared by the TUI tests.
#![allow(dead_code)] // each test file uses a different part of this

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fazhi::library::Library;
use fazhi::topic::Topics;
use fazhi::tui::app::{handle, App, Msg, Pane};
use fazhi::tui::keymap::Keymap;
use fazhi::tui::lang::Lang;
use fazhi::tui::session::Start;
use fazhi::tui::theme::Theme;
use fazhi::tui::ui;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

/// The reader on the bundled reports at `w`×`h`, in English.
pub fn app(w: u16, h: u16) -> App {
    app_on(Library::bundled(), w, h)
}

/// The reader on `library` at `w`×`h`, in English.
pub fn app_on(library: Library, w: u16, h: u16) -> App {
    let mut app = App::new(
        Arc::new(library),
        Keymap::default_map(),
        Theme::color(),
        Lang::En,
    );
    handle(&mut app, Msg::Resize(w, h));
    app
}

/// How a session of the reader starts on the bundled reports, in English, written by
/// `author`: local, with no notes store, saved position or warning. Tests change what
/// they need (`Start { remote: true, ..start("visitor") }`).
pub fn start(author: &str) -> Start {
    Start {
        library: Arc::new(Library::bundled()),
        loading: None,
        keymap: Keymap::default_map(),
        theme: Theme::color(),
        lang: Lang::En,
        topics: Arc::new(Topics::bundled()),
        palette: None,
        notes_dir: None,
        author: author.into(),
        position: None,
        resume: false,
        warning: None,
        remote: false,
    }
}

pub fn key(app: &mut App, code: KeyCode) {
    handle(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

pub fn draw(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(app.size().width, app.size().height)).unwrap();
    term.draw(|f| ui::draw(f, app)).unwrap();
    term.backend().buffer().clone()
}

/// The screen's rows as strings, skipping the filler cell after a wide character.
pub fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            let mut s = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let sym = buf[(x, y)].symbol();
                s.push_str(sym);
                x += sym.width().max(1) as u16;
            }
            s
        })
        .collect()
}

/// Where `needle` starts on screen, as cell coordinates.
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut line = String::new();
        let mut cols = Vec::new();
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            for _ in sym.chars() {
                cols.push(x);
            }
            line.push_str(sym);
            x += sym.width().max(1) as u16;
        }
        if let Some(byte) = line.find(needle) {
            let ch = line[..byte].chars().count();
            return Some((cols[ch], y));
        }
    }
    None
}

/// Every cell where the single character `c` is drawn.
pub fn all(buf: &Buffer, c: &str) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if buf[(x, y)].symbol() == c {
                out.push((x, y));
            }
        }
    }
    out
}

/// Open the report whose short name is `name` through the reports pane, as a user would.
pub fn open(app: &mut App, name: &str) {
    // Focus the reports pane with the keys: `1` shows (and focuses) it when folded away,
    // `Tab` goes round the shown panes.
    if !app.visible().reports {
        key(app, KeyCode::Char('1'));
    }
    for _ in 0..5 {
        if app.focus() == Pane::Reports {
            break;
        }
        key(app, KeyCode::Tab);
    }
    key(app, KeyCode::Char('g'));
    for _ in 0..20 {
        if app.library().row(report_under_cursor(app)).short_name() == name {
            key(app, KeyCode::Enter);
            settle_notes(app);
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("{name} not in the reports pane");
}

/// Tick until the notes thread has answered (the open report's notes read, a note saved), as
/// the event loop's idle ticks do; fails as [`tick_until`] does.
pub fn settle_notes(app: &mut App) {
    tick_until(app, |a| !a.notes().busy());
}

pub fn report_under_cursor(app: &App) -> usize {
    let (rows, cursor) = app.report_rows();
    match &rows[cursor] {
        fazhi::tui::nav::ReportRow::Year(i) => *i,
        other => panic!("cursor on a heading: {other:?}"),
    }
}

/// Type text into whatever has the keys (search line, palette, editor).
pub fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Let the worker threads run, as the event loop's idle ticks do, until `done` holds; fail
/// the test after 20 s (a hang guard).
pub fn tick_until(app: &mut App, done: impl Fn(&App) -> bool) {
    let start = std::time::Instant::now();
    while !done(app) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "gave up waiting"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        handle(app, Msg::Tick);
    }
}

/// A key with ctrl held.
pub fn ctrl(app: &mut App, c: char) {
    handle(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}
