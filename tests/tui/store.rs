//! The reader on a library read from its store, as `fazhi --library DIR` opens one once
//! the store is up to date: listed from the store's tables, each report decoded when it is
//! opened, and a report whose stored form is damaged read from its file again.

use crate::common::samples;
use crate::common::temp::TempDir;
use crate::screen::*;
use crossterm::event::KeyCode;
use fazhi::library::{read_report, Library};
use fazhi::store::{CachePolicy, Store};
use fazhi::tui::popup::Popup;
use std::path::PathBuf;

const DISTRICTS: [&str; 5] = ["千山区", "顺城区", "文登区", "铁西区", "周村区"];

/// A folder of the five samples whose store has been written, and the policy that finds it.
fn stored_library(dir: &TempDir) -> (PathBuf, CachePolicy) {
    let folder = dir.join("library");
    samples::write_all(&folder);
    let policy = CachePolicy::Dir(dir.join("cache"));
    let (_, first) = Library::open_with(std::slice::from_ref(&folder), &policy, &|_, _| {});
    assert_eq!(first.parsed, 5);
    (folder, policy)
}

/// The library as the reader opens it the second time: every report from the store.
fn reopened(folder: &PathBuf, policy: &CachePolicy) -> Library {
    let (library, stats) = Library::open_with(std::slice::from_ref(folder), policy, &|_, _| {});
    assert_eq!((stats.from_cache, stats.parsed), (5, 0));
    library
}

#[test]
fn a_library_from_its_store_lists_every_report_and_opens_the_one_chosen() {
    let dir = TempDir::new("store-reader");
    let (folder, policy) = stored_library(&dir);
    let mut app = app_on(reopened(&folder, &policy), 140, 40);
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("Reports 5"), "{screen}");
    for d in DISTRICTS {
        assert!(screen.contains(d), "{d} listed:\n{screen}");
    }
    open(&mut app, "铁西区 2024");
    let expected = read_report(&folder.join("tiexi.txt")).unwrap();
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("铁西区 2024"), "{screen}");
    let heading = &expected.sections[0].title;
    assert!(screen.contains(heading.as_str()), "{heading}:\n{screen}");
}

#[test]
fn a_report_whose_stored_form_is_damaged_still_opens_from_its_file() {
    let dir = TempDir::new("store-damaged-payload");
    let (folder, policy) = stored_library(&dir);
    let store = std::fs::read_dir(dir.join("cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .expect("the store file");
    // The payloads come right after the header and only a payload's own checksum covers
    // it: the store still opens, and the first payload written no longer decodes.
    let mut bytes = std::fs::read(&store).unwrap();
    bytes[fazhi::store::HEADER + 10] ^= 0xFF;
    std::fs::write(&store, bytes).unwrap();
    let damaged = Store::open(&store).unwrap();
    assert!((0..damaged.len()).any(|i| damaged.decode(i).is_none()));

    let mut app = app_on(reopened(&folder, &policy), 140, 40);
    for (name, file) in [
        ("千山区 2023", "qianshan"),
        ("顺城区 2024", "shuncheng"),
        ("文登区 2023", "wendeng"),
        ("铁西区 2024", "tiexi"),
        ("周村区 2023", "zhoucun"),
    ] {
        open(&mut app, name);
        let expected = read_report(&folder.join(format!("{file}.txt"))).unwrap();
        let screen = rows(&draw(&app)).join("\n");
        let heading = &expected.sections[0].title;
        assert!(
            screen.contains(heading.as_str()),
            "{name}: {heading}:\n{screen}"
        );
    }
}

#[test]
fn the_palette_and_search_everywhere_work_on_a_library_from_its_store() {
    let dir = TempDir::new("store-palette");
    let (folder, policy) = stored_library(&dir);
    let mut app = app_on(reopened(&folder, &policy), 160, 40);
    ctrl(&mut app, 'p');
    type_text(&mut app, "xzfy");
    tick_until(&mut app, |a| !a.palette_building());
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("topic   行政复议"), "{screen}");
    for d in DISTRICTS {
        assert!(
            screen
                .lines()
                .any(|l| l.contains("section") && l.contains(d)),
            "{d} section in the palette:\n{screen}"
        );
    }
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Char('S'));
    type_text(&mut app, "行政复议");
    tick_until(
        &mut app,
        |a| matches!(a.popup(), Some(Popup::Everywhere(e)) if e.job.is_none()),
    );
    let Some(Popup::Everywhere(e)) = app.popup() else {
        panic!("search view open")
    };
    let found: std::collections::BTreeSet<usize> = e.hits.iter().map(|h| h.place.report).collect();
    assert_eq!(found.len(), 5, "matches in all five reports");
    let screen = rows(&draw(&app)).join("\n");
    assert!(
        screen.contains(&format!("{} matches", e.hits.len())),
        "{screen}"
    );
    // Each row shows its report and the text around the match, highlighted.
    assert!(
        screen
            .lines()
            .any(|l| l.contains("文登区 2023") && l.contains("行政复议")),
        "{screen}"
    );
    key(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    let block = app.passages()[app.cursor()];
    assert!(block.text(app.report().unwrap()).contains("行政复议"));
}

#[test]
fn in_a_large_library_the_topic_view_and_its_table_are_built_while_the_reader_answers() {
    let dir = TempDir::new("store-large-topic");
    let folder = dir.join("library");
    fazhi::synth::write_library(&folder, fazhi::tui::jobs::SMALL_LIBRARY + 10, 7).unwrap();
    let (library, _) =
        Library::open_with(std::slice::from_ref(&folder), &CachePolicy::Off, &|_, _| {});
    let reports = library.len();
    let mut app = app_on(library, 140, 40);
    let topic = fazhi::topic::Topics::bundled().resolve("行政复议").unwrap();
    app.open_topic(topic);
    // Until a tick brings the view, the reader says what it is doing and takes keys.
    let status = rows(&draw(&app))[39].clone();
    assert!(
        status.contains(&format!("gathering 行政复议 from {reports} reports…")),
        "{status}"
    );
    let before = report_under_cursor(&app);
    keys(&mut app, "jj");
    assert_ne!(
        report_under_cursor(&app),
        before,
        "the reader took no keys while the view was built"
    );
    tick_until(&mut app, |a| matches!(a.popup(), Some(Popup::Topic(_))));
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("Topic: 行政复议"), "{screen}");
    assert!(!screen.contains("gathering"), "{screen}");
    keys(&mut app, "T");
    let status = rows(&draw(&app))[39].clone();
    assert!(status.contains("making the table of 行政复议…"), "{status}");
    tick_until(&mut app, |a| matches!(a.popup(), Some(Popup::Table(_))));
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("行政复议 · table ·"), "{screen}");
}
