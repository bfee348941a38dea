//! Time to first frame: start loading a library in the background, build the reader on an
//! empty library and draw one frame (TestBackend), before loading finishes.
//!
//! ```text
//! cargo run --release --example first_frame -- DIR
//! ```
//!
//! Prints the time from `main` to the first frame (drawn exactly as the reader does: an app
//! whose library is still loading), then (unless `--no-wait`) waits for the library and prints
//! the load time and the time the list is drawn with the first report open.

use fazhi::library::{Library, Loading};
use fazhi::store::CachePolicy;
use fazhi::tui::app::App;
use fazhi::tui::{keymap::Keymap, lang::Lang, theme::Theme, ui};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: first_frame DIR [--no-wait]"));
    let wait = args.next().as_deref() != Some("--no-wait");
    let mut app = App::new(
        Arc::new(Library::default()),
        Keymap::default_map(),
        Theme::color(),
        Lang::En,
    );
    app.start_loading(Loading::start(vec![dir], CachePolicy::Xdg));
    let mut term = Terminal::new(TestBackend::new(120, 36)).expect("test backend");
    term.draw(|f| ui::draw(f, &app)).expect("draw");
    let (done, total) = app.loading_progress().unwrap_or_default();
    println!(
        "first_frame_ms\t{:.3}\tms\t(loading {done}/{total} at that moment)",
        start.elapsed().as_secs_f64() * 1e3
    );
    if wait {
        let Some(loading) = app.take_loading() else {
            return;
        };
        let (lib, stats) = loading.finish();
        println!(
            "loaded_ms\t{:.3}\tms\t({} reports, {} from cache)",
            start.elapsed().as_secs_f64() * 1e3,
            lib.len(),
            stats.from_cache
        );
        // What the reader does next: take the library (opening its first report) and draw
        // the list beside that report.
        app.set_library(Arc::new(lib));
        term.draw(|f| ui::draw(f, &app)).expect("draw");
        println!(
            "list_drawn_ms\t{:.3}\tms\t(report {} open)",
            start.elapsed().as_secs_f64() * 1e3,
            app.breadcrumb()
        );
    }
}
