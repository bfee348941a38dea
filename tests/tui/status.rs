//! The status line says what the keys do now: over the compare chooser, side by side and the
//! figure tables it offers their keys, not the reader's underneath.

use crate::screen::*;
use crossterm::event::KeyCode;

/// The bottom row of the screen.
fn status_line(app: &fazhi::tui::app::App) -> String {
    rows(&draw(app)).pop().unwrap_or_default()
}

#[test]
fn the_compare_chooser_offers_enter_and_esc_not_the_readers_quit() {
    let mut app = app(160, 40);
    open(&mut app, "铁西区 2024");
    keys(&mut app, "c");
    let status = status_line(&app);
    for hint in ["enter open", "esc close"] {
        assert!(status.contains(hint), "{hint:?} missing: {status}");
    }
    // `q` types into the chooser's query here; offering `q quit` would mislead.
    for reader_only in ["quit", "search", "help"] {
        assert!(!status.contains(reader_only), "{reader_only:?}: {status}");
    }
}

#[test]
fn side_by_side_shows_its_own_keys_in_the_status_line() {
    let mut app = app(160, 40);
    open(&mut app, "铁西区 2024");
    let reading = status_line(&app);
    assert!(reading.contains("/ search"), "{reading}");
    keys(&mut app, "c");
    keys(&mut app, "qianshan");
    key(&mut app, KeyCode::Enter);
    let status = status_line(&app);
    for hint in ["] section", "enter open", "esc close"] {
        assert!(status.contains(hint), "{hint:?} missing: {status}");
    }
    for reader_only in ["search", "note", "figure", "help"] {
        assert!(!status.contains(reader_only), "{reader_only:?}: {status}");
    }
    key(&mut app, KeyCode::Esc);
    assert!(status_line(&app).contains("/ search"));
}

#[test]
fn a_figure_table_offers_sort_export_and_copy_then_only_close_while_exporting() {
    let mut app = app(140, 36);
    open(&mut app, "周村区 2023");
    keys(&mut app, ":");
    keys(&mut app, "xzfy");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "T");
    let status = status_line(&app);
    for hint in ["s sort", "w export", "y copy", "enter open", "esc close"] {
        assert!(status.contains(hint), "{hint:?} missing: {status}");
    }
    assert!(!status.contains("search"), "{status}");
    keys(&mut app, "w");
    let exporting = status_line(&app);
    assert!(exporting.contains("esc close"), "{exporting}");
    assert!(!exporting.contains("sort"), "{exporting}");
}

#[test]
fn a_part_with_no_number_is_named_by_its_title_in_the_status_line_and_the_palette() {
    let text = include_str!("../fixtures/outline/gansu-saved-page-bare-parts.txt");
    let report = fazhi::report::parse("gansu.txt", text);
    let library = fazhi::library::Library::from_reports(vec![report], Vec::new());
    let mut app = app_on(library, 120, 30);
    open(&mut app, "安宁区 2024");
    // The first passage is the preamble; the next is the bare part heading.
    keys(&mut app, "j");
    let status = status_line(&app);
    assert!(status.contains("安宁区 2024 › 主要工作及成效"), "{status}");
    keys(&mut app, "jj");
    let status = status_line(&app);
    assert!(
        status.contains("安宁区 2024 › 主要工作及成效 › （一）"),
        "{status}"
    );
    // In the palette, a child of the bare part reads the part's title between the separators.
    ctrl(&mut app, 'p');
    keys(&mut app, "qhzzld");
    let screen = rows(&draw(&app)).join("\n");
    assert!(
        screen.contains("安宁区 2024 › 主要工作及成效 › （一）强化组织领导："),
        "{screen}"
    );
}
