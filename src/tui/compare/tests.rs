//! Unit tests of the parent module.

use super::ReportIndex;
use crate::library::Library;
use crate::tui::app::{handle, App, Msg};
use crate::tui::{keymap::Keymap, lang::Lang, popup::Popup, theme::Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

/// A reader of `library` sharing `index`, as `fazhi serve` starts each session.
fn session(library: &Arc<Library>, index: &ReportIndex) -> App {
    let mut app = App::new(
        Arc::clone(library),
        Keymap::default_map(),
        Theme::color(),
        Lang::En,
    );
    app.share_report_index(index.clone());
    handle(&mut app, Msg::Resize(120, 36));
    app
}

fn press_c(app: &mut App) {
    handle(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)),
    );
    assert!(matches!(app.popup(), Some(Popup::Choose(_))), "the chooser");
}

#[test]
fn readers_of_one_library_share_one_index_of_reports_built_once() {
    let library = Arc::new(Library::bundled());
    let shared = ReportIndex::default();
    let (mut one, mut two) = (session(&library, &shared), session(&library, &shared));
    assert!(
        shared.get().is_none(),
        "nothing built before a reader needs it"
    );
    press_c(&mut one);
    let built = shared
        .get()
        .expect("the first chooser built the shared index");
    press_c(&mut two);
    assert!(
        two.report_index_build.is_none(),
        "the second reader builds none"
    );
    let seen = two.report_index.get().expect("the second reader has it");
    assert!(std::ptr::eq(built, seen), "the very same index, not a copy");
    assert!(one.report_index.same(&two.report_index));
    // A reader of its own (a new library) does not share it.
    let alone = session(&library, &ReportIndex::default());
    assert!(!alone.report_index.same(&shared));
}
