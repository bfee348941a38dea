//! The screenshots in `screenshots/`, drawn by the reader itself: the real app, library and
//! keymap, driven by keys and rendered into a `TestBackend`.
//!
//! `cargo test --test tui screenshots -- --ignored` regenerates them (SVG, text, and PNG when
//! `rsvg-convert` is installed); `screenshots_are_up_to_date` fails when the UI changed and
//! they were not regenerated.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fazhi::library::Library;
use fazhi::tui::app::{handle, App, Msg};
use fazhi::tui::keymap::Keymap;
use fazhi::tui::lang::Lang;
use fazhi::tui::notebook::Notes;
use fazhi::tui::theme::Theme;
use fazhi::tui::ui;

#[path = "../screen/snapshot.rs"]
mod snapshot;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// One screenshot: a terminal size and the keys pressed after the reader opens.
struct Scenario {
    name: &'static str,
    title: &'static str,
    size: (u16, u16),
    keys: Vec<KeyEvent>,
}

/// Every screenshot, shared by the generator and the up-to-date check.
fn scenarios() -> Vec<Scenario> {
    // The reports pane opens on the first report; one row down is 文登区 2023. Two `]`
    // reach section 一、（一）, whose long paragraph is full of counts and money.
    let open_wendeng = || keys("j\n");
    // Below 120 columns the reports pane is folded away: `1` shows it, `1` hides it again.
    let open_wendeng_narrow = || keys("1j\n1");
    vec![
        Scenario {
            name: "main-120x36",
            title: "fazhi — 文登区 2023, section 一、（一）, first figure chosen",
            size: (120, 36),
            keys: [open_wendeng(), keys("]]}")].concat(),
        },
        Scenario {
            name: "search-120x36",
            title: "fazhi — searching 复议",
            size: (120, 36),
            keys: [open_wendeng(), keys("/复议\nn")].concat(),
        },
        Scenario {
            name: "help-120x36",
            title: "fazhi — help",
            size: (120, 36),
            keys: [open_wendeng(), keys("?")].concat(),
        },
        Scenario {
            name: "small-80x24",
            title: "fazhi — 80×24",
            size: (80, 24),
            keys: [open_wendeng_narrow(), keys("]]")].concat(),
        },
        Scenario {
            name: "wide-200x60",
            title: "fazhi — 200×60",
            size: (200, 60),
            keys: [open_wendeng(), keys("]]")].concat(),
        },
        Scenario {
            name: "palette-pinyin-120x36",
            title: "fazhi — the palette: xzfy finds 行政复议 by pinyin",
            size: (120, 36),
            keys: [ctrl('p'), keys("xzfy")].concat(),
        },
        Scenario {
            name: "topic-120x36",
            title: "fazhi — topic view: 行政复议 in all five districts",
            size: (120, 36),
            keys: [ctrl('p'), keys("xzfy\n")].concat(),
        },
        Scenario {
            name: "compare-200x60",
            title: "fazhi — 文登区 2023 beside 顺城区 2024, sections aligned by topic",
            size: (200, 60),
            keys: [open_wendeng(), keys("cshuncheng\n]]]]")].concat(),
        },
        Scenario {
            name: "compare-120x36",
            title: "fazhi — side by side at 120×36, figure pairs with their change",
            size: (120, 36),
            keys: [open_wendeng(), keys("cshuncheng\n]]]]")].concat(),
        },
        Scenario {
            name: "compare-80x24",
            title: "fazhi — side by side at 80×24: one report at a time, Tab flips",
            size: (80, 24),
            keys: [
                open_wendeng_narrow(),
                keys("cshuncheng\n]]]]"),
                vec![KeyEvent::from(KeyCode::Tab)],
            ]
            .concat(),
        },
        Scenario {
            name: "chooser-120x36",
            title: "fazhi — choosing the report to compare with: sc finds 顺城区 by its initials",
            size: (120, 36),
            keys: [open_wendeng(), keys("csc")].concat(),
        },
        Scenario {
            name: "table-120x36",
            title: "fazhi — 行政复议 as a table, sorted by 受理行政复议申请, with its chart",
            size: (120, 36),
            keys: [ctrl('p'), keys("xzfy\nTs")].concat(),
        },
        Scenario {
            name: "editor-120x36",
            title: "fazhi — writing a note on a paragraph",
            size: (120, 36),
            keys: [
                open_wendeng(),
                keys("]]ja合法性审查率100%连续两年？核对2022年报告 #待核实"),
            ]
            .concat(),
        },
        Scenario {
            name: "notes-140x40",
            title: "fazhi — notes: gutter markers and the notes pane",
            size: (140, 40),
            keys: [
                open_wendeng(),
                keys("]]ja受理26918件，办结26894件：差24件待说明 #待核实"),
                ctrl('s'),
                keys("}}a减免金额与案件数对得上吗？"),
                ctrl('s'),
                keys("4"),
            ]
            .concat(),
        },
        Scenario {
            name: "all-notes-120x36",
            title: "fazhi — every note, filtered by tag",
            size: (120, 36),
            keys: [
                open_wendeng(),
                keys("]]ja受理26918件，办结26894件 #待核实"),
                ctrl('s'),
                keys("]]ja规范性文件清理72件 #已核"),
                ctrl('s'),
                keys("M"),
            ]
            .concat(),
        },
    ]
}

/// A key with ctrl held.
fn ctrl(c: char) -> Vec<KeyEvent> {
    vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)]
}

/// Key presses for `text`: each char is its key, `\n` is Enter.
fn keys(text: &str) -> Vec<KeyEvent> {
    text.chars()
        .map(|c| match c {
            '\n' => KeyEvent::from(KeyCode::Enter),
            c => KeyEvent::from(KeyCode::Char(c)),
        })
        .collect()
}

/// The screen after the scenario's keys, as the user would see it.
fn render(s: &Scenario) -> Buffer {
    let mut app = App::new(
        Arc::new(Library::bundled()),
        Keymap::default_map(),
        Theme::color(),
        Lang::En,
    );
    let (w, h) = s.size;
    handle(&mut app, Msg::Resize(w, h));
    // A fresh notes database per screenshot, so notes scenarios start from nothing.
    let data = crate::common::temp::TempDir::new(&format!("shot-{}", s.name));
    app.attach_notes(Notes::open(Some(&data), "reviewer".into()));
    for &key in &s.keys {
        handle(&mut app, Msg::Key(key));
        // What the notes thread was asked (a report's notes, a save) shows before the next key.
        crate::screen::settle_notes(&mut app);
    }
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::draw(f, &app)).unwrap();
    // The notes thread finishes with the folder before the folder goes.
    drop(app);
    terminal.backend().buffer().clone()
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots")
}

#[test]
#[ignore = "writes screenshots/; run with --ignored after a UI change"]
fn generate_screenshots() {
    let dir = dir();
    std::fs::create_dir_all(&dir).unwrap();
    let rsvg = Command::new("rsvg-convert")
        .arg("--version")
        .output()
        .is_ok();
    if !rsvg {
        eprintln!("rsvg-convert not found: writing SVG and text only, no PNG");
    }
    for s in scenarios() {
        let screen = render(&s);
        let svg = dir.join(format!("{}.svg", s.name));
        std::fs::write(&svg, snapshot::to_svg(&screen, s.title)).unwrap();
        std::fs::write(
            dir.join(format!("{}.txt", s.name)),
            snapshot::to_text(&screen),
        )
        .unwrap();
        if rsvg {
            let status = Command::new("rsvg-convert")
                .arg(&svg)
                .arg("-o")
                .arg(dir.join(format!("{}.png", s.name)))
                .status()
                .unwrap();
            assert!(status.success(), "rsvg-convert failed on {}", svg.display());
        }
    }
}

#[test]
fn screenshots_are_up_to_date() {
    let mut stale = Vec::new();
    for s in scenarios() {
        let path = dir().join(format!("{}.txt", s.name));
        let now = snapshot::to_text(&render(&s));
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == now => {}
            Ok(committed) => stale.push(format!(
                "{} differs; first different line:\n  committed: {}\n  now:       {}",
                path.display(),
                first_difference(&committed, &now).0,
                first_difference(&committed, &now).1,
            )),
            Err(e) => stale.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "the screenshots do not show the current UI:\n{}\n\nregenerate them with \
         `cargo test --test tui screenshots -- --ignored` and commit screenshots/",
        stale.join("\n")
    );
}

/// The first line where two screens differ.
fn first_difference<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    let mut la = a.lines();
    let mut lb = b.lines();
    loop {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => return (x.unwrap_or("<end>"), y.unwrap_or("<end>")),
        }
    }
}
