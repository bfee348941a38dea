//! How long one frame of the reader takes to draw, at 200x60 and 80x24, on a section full of
//! figures. Run with `cargo bench --bench draw`.

// The tests' way of driving the reader, so the bench measures what they check.
#[path = "../tests/screen/mod.rs"]
mod screen;

use crossterm::event::KeyCode;
use fazhi::tui::ui;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::Instant;

fn main() {
    for (w, h) in [(200u16, 60u16), (120, 36), (80, 24)] {
        let mut app = screen::app(w, h);
        // 文登区 2023, section 一、（一）: the densest figures of the samples.
        screen::keys(&mut app, "j");
        screen::key(&mut app, KeyCode::Enter);
        screen::keys(&mut app, "]]");
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        let runs = 500;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            term.draw(|f| ui::draw(f, &app)).expect("draw");
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "draw {w}x{h}: p50 {:.3} ms  p99 {:.3} ms  ({runs} frames, {})",
            times[runs / 2],
            times[runs * 99 / 100],
            app.breadcrumb()
        );
    }
}
