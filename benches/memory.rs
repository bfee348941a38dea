//! Memory of the reader at scale: peak resident memory after loading the library (from the
//! store when `FAZHI_BENCH_CACHE` holds an up-to-date one, else cold) and after building the
//! palette's candidates as the reader does (reports decoded a chunk at a time from the
//! store), then where the resident memory is: the process's own (anonymous) and the mapped
//! store's pages (file). Run in its own process so nothing else raises the high-water mark:
//! `FAZHI_BENCH_LIBRARY=DIR cargo bench --bench memory`.
//!
//! With `FAZHI_BENCH_MEMORY=views`, instead of the palette: the reader (the real `App`, keys
//! through its keymap) opens a section, presses `t` (its topic across the library) then `T`
//! (the topic's figure table), each drawn once; time and resident memory after each.

mod common;
// The tests' way of driving the reader, so the bench presses the keys a user would.
#[path = "../tests/screen/mod.rs"]
mod screen;

use common::{ms, result};
use crossterm::event::KeyCode;
use fazhi::library::Library;
use fazhi::palette::PaletteIndex;
use fazhi::store::CachePolicy;
use fazhi::tui::popup::Popup;
use std::time::Instant;

fn main() {
    let dir = common::library_dir();
    let policy = match std::env::var("FAZHI_BENCH_MEMORY").as_deref() {
        Ok("cold") => CachePolicy::Off,
        _ => CachePolicy::Dir(common::cache_dir(&dir)),
    };
    let (lib, stats) = Library::open_with(std::slice::from_ref(&dir), &policy, &|_, _| {});
    let mode = if stats.from_cache > 0 { "warm" } else { "cold" };
    let peak = common::peak_rss_mb().unwrap_or(f64::NAN);
    result(&format!("peak_rss_after_load_{mode}_mb"), peak, "MB");
    if std::env::var("FAZHI_BENCH_MEMORY").as_deref() == Ok("views") {
        return views(lib);
    }
    let topics = fazhi::topic::Topics::bundled();
    let palette = PaletteIndex::build_chunked(lib.len(), |r| lib.chunk(r), &topics);
    assert!(!palette.candidates().is_empty());
    let peak = common::peak_rss_mb().unwrap_or(f64::NAN);
    result(&format!("peak_rss_with_palette_{mode}_mb"), peak, "MB");
    for (field, metric) in [("RssAnon", "anon"), ("RssFile", "file")] {
        let mb = common::status_mb(field).unwrap_or(f64::NAN);
        result(&format!("rss_{metric}_with_palette_{mode}_mb"), mb, "MB");
    }
}

/// `t` then `T` in the reader on `lib`, from the second report's second section.
fn views(lib: Library) {
    let mut app = screen::app_on(lib, 200, 60);
    screen::keys(&mut app, "j");
    screen::key(&mut app, KeyCode::Enter);
    screen::keys(&mut app, "]]");
    for (key, what) in [("t", "topic"), ("T", "table")] {
        let t = Instant::now();
        screen::keys(&mut app, key);
        screen::draw(&app);
        result(&format!("{what}_view_ms"), ms(t), "ms");
        let shown = match app.popup() {
            Some(Popup::Topic(_)) => "topic",
            Some(Popup::Table(_)) => "table",
            _ => "nothing",
        };
        assert_eq!(shown, what, "{key} opened {shown}");
        for (field, metric) in [("VmRSS", "rss"), ("RssAnon", "anon"), ("VmHWM", "peak")] {
            let mb = common::status_mb(field).unwrap_or(f64::NAN);
            result(&format!("{metric}_after_{what}_view_mb"), mb, "MB");
        }
    }
}
