//! Opening the side-by-side view against opening a report, in a library of 2,500 generated
//! reports (`FAZHI_BENCH_REPORTS` to change). Both are what a key press costs before the next
//! frame: `Enter` on a report (parse → passages, notes, topics) and `c` + `Enter` (the chooser
//! over every report, then aligning and pairing two reports), each followed by one draw at
//! 120x36. The first `c` also builds the chooser's index of the reports, once per library;
//! it is reported on its own. Between `c` and `Enter` the bench sends the loop's idle tick
//! and pauses 30 ms, as a person reading the list would (for far longer), while the first
//! reports listed are prepared and the highlighted one compared in the background. `Enter` cold is the same with nothing
//! prepared: a fresh reader (sharing the library and the chooser's index) opens a report
//! not opened before, and `Enter` follows `c` with no idle tick. Run with
//! `cargo bench --bench compare`.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fazhi::library::Library;
use fazhi::tui::app::{handle, App, Msg, Pane};
use fazhi::tui::{keymap::Keymap, lang::Lang, theme::Theme, ui};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The pause between `c` and `Enter`: far less than a person takes to choose.
const READING: Duration = Duration::from_millis(30);

fn press(app: &mut App, code: KeyCode) {
    handle(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// How many cold `Enter`s: each on a fresh reader and reports not opened before.
const COLD: usize = 20;

/// A reader of `library` at 120x36, sharing `index` when given.
fn reader(library: &Arc<Library>, index: Option<&App>) -> App {
    let mut app = App::new(
        Arc::clone(library),
        Keymap::default_map(),
        Theme::color(),
        Lang::En,
    );
    if let Some(other) = index {
        app.share_report_index(other.report_index().clone());
    }
    handle(&mut app, Msg::Resize(120, 36));
    app
}

fn main() {
    let count: usize = std::env::var("FAZHI_BENCH_REPORTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2500);
    let reports = fazhi::synth::generate(count, 1)
        .map(|g| fazhi::report::parse(&g.path.display().to_string(), &g.text))
        .collect();
    let library = Arc::new(Library::from_reports(reports, Vec::new()));
    let mut app = reader(&library, None);
    // The loop's first idle tick, as in the terminal: it starts building the chooser's index.
    handle(&mut app, Msg::Tick);
    let mut term = Terminal::new(TestBackend::new(120, 36)).expect("test backend");
    let runs = 50;
    let (mut open, mut choose, mut compare) = (Vec::new(), Vec::new(), Vec::new());
    for k in 0..runs {
        // Open the report on the next row of the reports pane: a year under a district.
        // Back into the reports pane (shown at 120 columns) wherever the last run left the
        // focus. `1` would hide the pane every other run, and `Enter` would then open nothing.
        while app.focus() != Pane::Reports {
            press(&mut app, KeyCode::Tab);
        }
        let before = app.report().map(|r| r.id());
        let t = Instant::now();
        for _ in 0..=k % 3 {
            press(&mut app, KeyCode::Char('j'));
        }
        press(&mut app, KeyCode::Enter);
        term.draw(|f| ui::draw(f, &app)).expect("draw");
        open.push(common::ms(t));
        assert_ne!(app.report().map(|r| r.id()), before, "a report was opened");

        let t = Instant::now();
        press(&mut app, KeyCode::Char('c'));
        term.draw(|f| ui::draw(f, &app)).expect("draw");
        choose.push(common::ms(t));
        for _ in 0..k % 5 {
            press(&mut app, KeyCode::Down);
        }
        // Reading the list and picking a report takes a person far longer than this; the
        // loop's idle tick starts preparing the reports the chooser lists first meanwhile.
        handle(&mut app, Msg::Tick);
        std::thread::sleep(READING);
        let t = Instant::now();
        press(&mut app, KeyCode::Enter);
        term.draw(|f| ui::draw(f, &app)).expect("draw");
        compare.push(common::ms(t));
        assert!(app.popup().is_some(), "the side-by-side view is open");
        press(&mut app, KeyCode::Esc);
    }
    // Cold: far down the reports pane, away from the reports the runs above opened.
    let mut cold = Vec::new();
    for k in 0..COLD {
        let mut fresh = reader(&library, Some(&app));
        press(&mut fresh, KeyCode::Char('1'));
        for _ in 0..40 + 7 * k {
            press(&mut fresh, KeyCode::Char('j'));
        }
        press(&mut fresh, KeyCode::Enter);
        press(&mut fresh, KeyCode::Char('c'));
        for _ in 0..k % 5 {
            press(&mut fresh, KeyCode::Down);
        }
        let t = Instant::now();
        press(&mut fresh, KeyCode::Enter);
        term.draw(|f| ui::draw(f, &fresh)).expect("draw");
        cold.push(common::ms(t));
        assert!(fresh.popup().is_some(), "the side-by-side view is open");
    }
    println!(
        "first c, waiting for the index of {count} reports begun at the first tick: {:.2} ms",
        choose[0]
    );
    for (name, times) in [
        ("open a report", &mut open),
        ("open the chooser (c)", &mut choose),
        ("compare the chosen report (Enter)", &mut compare),
        ("Enter cold, nothing prepared", &mut cold),
    ] {
        times.sort_by(f64::total_cmp);
        println!(
            "{name} ({count} reports): p50 {:.2} ms  p99 {:.2} ms  ({} runs, incl. one draw)",
            common::percentile(times, 50),
            common::percentile(times, 99),
            times.len(),
        );
    }
}
