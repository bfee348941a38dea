//! The palette and the topic view, as a person sees them.

use crate::screen::*;
use crossterm::event::KeyCode;
use fazhi::tui::app::Pane;
use fazhi::tui::popup::Popup;
use fazhi::tui::theme::Theme;

#[test]
fn typing_xzfy_in_the_palette_lists_fuzheng_sections_with_matched_chars_highlighted() {
    let mut app = app(140, 40);
    ctrl(&mut app, 'p');
    type_text(&mut app, "xzfy");
    let buf = draw(&app);
    let screen = rows(&buf).join("\n");
    assert!(screen.contains("topic   行政复议"), "{screen}");
    for district in ["千山区", "顺城区", "文登区", "铁西区", "周村区"] {
        assert!(
            screen
                .lines()
                .any(|l| l.contains("section") && l.contains(district)),
            "{district} section in the results:\n{screen}"
        );
    }
    // The characters whose pinyin was typed are highlighted in the topic row.
    let (x, y) = find(&buf, "行政复议").unwrap();
    let matched = Theme::color().matched;
    for dx in [0, 2, 4, 6] {
        assert_eq!(buf[(x + dx, y)].style().fg, matched.fg, "char {}", dx / 2);
    }
}

#[test]
fn palette_enter_on_a_section_jumps_and_ctrl_o_comes_back() {
    let mut app = app(140, 40);
    let before = app.breadcrumb();
    ctrl(&mut app, 'p');
    type_text(&mut app, "wendeng 矛盾纠纷");
    let Some(Popup::Palette(p)) = app.popup() else {
        panic!("palette open")
    };
    assert!(!p.hits.is_empty());
    key(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    assert_eq!(app.focus(), Pane::Content);
    assert!(
        app.breadcrumb().starts_with("文登区 2023 › 一、 › （五）"),
        "{}",
        app.breadcrumb()
    );
    ctrl(&mut app, 'o');
    assert_eq!(app.breadcrumb(), before);
}

#[test]
fn escape_closes_the_palette_where_you_were() {
    let mut app = app(140, 40);
    open(&mut app, "千山区 2023");
    keys(&mut app, "]]jj");
    let place = (app.current(), app.cursor(), app.top());
    key(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "zfzn");
    key(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
    assert_eq!((app.current(), app.cursor(), app.top()), place);
}

#[test]
fn empty_palette_shows_the_topics_first() {
    let mut app = app(140, 40);
    ctrl(&mut app, 'p');
    let screen = rows(&draw(&app));
    let first = screen.iter().position(|l| l.contains("> ")).unwrap();
    assert!(screen[first + 1].contains("topic"), "{}", screen[first + 1]);
}

#[test]
fn scope_key_limits_the_palette_to_this_report() {
    let mut app = app(140, 40);
    open(&mut app, "周村区 2023");
    ctrl(&mut app, 'p');
    type_text(&mut app, "fy");
    ctrl(&mut app, 't');
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("this report"), "{screen}");
    assert!(screen.contains("section 周村区 2023"), "{screen}");
    let Some(Popup::Palette(p)) = app.popup() else {
        panic!("palette open")
    };
    let ix = app.palette().unwrap();
    for hit in &p.hits {
        let report = ix.candidates()[hit.candidate].kind.report();
        assert!(report.is_none() || report == Some(app.current()), "{hit:?}");
    }
}

#[test]
fn topic_view_compares_xingzheng_fuyi_across_all_five_districts() {
    let mut app = app(160, 40);
    ctrl(&mut app, 'p');
    type_text(&mut app, "行政复议");
    key(&mut app, KeyCode::Enter);
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("Topic: 行政复议"), "{screen}");
    for d in ["千山区", "顺城区", "文登区", "铁西区", "周村区"] {
        assert!(screen.contains(d), "{d}\n{screen}");
    }
    assert!(screen.contains("受理行政复议申请 82件"), "{screen}");
    assert!(screen.contains("97件"), "{screen}");
    // Enter jumps into the selected report's section.
    key(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    assert!(app.current_section().is_some());
}

#[test]
fn t_on_a_tagged_section_opens_its_topic() {
    let mut app = app(160, 40);
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]]]]]");
    assert!(app.breadcrumb().ends_with("（五）"), "{}", app.breadcrumb());
    let status = rows(&draw(&app))[39].clone();
    assert!(
        status.contains("行政复议"),
        "topics in the status line: {status}"
    );
    key(&mut app, KeyCode::Char('t'));
    assert!(matches!(app.popup(), Some(Popup::Topic(_))));
}

#[test]
fn palette_input_takes_pasted_chinese_and_backspace_removes_one_character() {
    let mut app = app(140, 40);
    ctrl(&mut app, 'p');
    fazhi::tui::app::handle(&mut app, fazhi::tui::app::Msg::Paste("复议".into()));
    key(&mut app, KeyCode::Backspace);
    let Some(Popup::Palette(p)) = app.popup() else {
        panic!("palette open")
    };
    assert_eq!(p.input.lines()[0], "复");
    // The cursor sits after the one double-width character: column 1 in chars.
    assert_eq!(p.input.cursor(), (0, 1));
}

/// The reader at 160×40 after `S` and `query`, once the search over every report is done.
fn searched_everywhere(query: &str) -> fazhi::tui::app::App {
    let mut app = app(160, 40);
    key(&mut app, KeyCode::Char('S'));
    type_text(&mut app, query);
    tick_until(
        &mut app,
        |a| matches!(a.popup(), Some(Popup::Everywhere(e)) if e.job.is_none()),
    );
    app
}

#[test]
fn search_everywhere_finds_matches_in_every_report_and_enter_opens_one() {
    let mut app = searched_everywhere("行政复议");
    let Some(Popup::Everywhere(e)) = app.popup() else {
        panic!("search view open")
    };
    let reports: std::collections::BTreeSet<usize> =
        e.hits.iter().map(|h| h.place.report).collect();
    assert_eq!(reports.len(), 5, "matches in all five reports");
    let screen = rows(&draw(&app)).join("\n");
    assert!(
        screen.contains(&format!("{} matches", e.hits.len())),
        "{screen}"
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    let block = app.passages()[app.cursor()];
    assert!(block.text(app.report().unwrap()).contains("行政复议"));
}

#[test]
fn a_bad_regex_says_so_instead_of_searching() {
    let mut app = app(160, 40);
    key(&mut app, KeyCode::Char('S'));
    ctrl(&mut app, 'r');
    type_text(&mut app, "行政(复议");
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("regex (ctrl-r: text)"), "{screen}");
    let Some(Popup::Everywhere(e)) = app.popup() else {
        panic!()
    };
    assert!(e.error.is_some() && e.hits.is_empty());
}

#[test]
fn a_library_folder_loads_in_the_background_with_progress() {
    use fazhi::library::{Library, Loading};
    use fazhi::store::CachePolicy;
    use fazhi::tui::app::{handle, App, Msg};
    let dir = crate::common::temp::TempDir::new("bg-load");
    for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/reports")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    let mut app = App::new(
        std::sync::Arc::new(Library::default()),
        fazhi::tui::keymap::Keymap::default_map(),
        fazhi::tui::theme::Theme::color(),
        fazhi::tui::lang::Lang::En,
    );
    handle(&mut app, Msg::Resize(140, 36));
    app.start_loading(Loading::start(vec![dir.path()], CachePolicy::Off));
    // The first frame draws before the library is there.
    let first = rows(&draw(&app)).join("\n");
    assert!(
        first.contains("Reports 0") || first.contains("loading reports"),
        "{first}"
    );
    tick_until(&mut app, |a| a.loading_progress().is_none());
    let screen = rows(&draw(&app)).join("\n");
    assert!(!screen.contains("No reports"), "{screen}");
    for d in ["千山区", "顺城区", "文登区", "铁西区", "周村区"] {
        assert!(screen.contains(d), "{d}\n{screen}");
    }
    assert!(!screen.contains("loading reports"));
}

#[test]
fn while_a_library_loads_the_reader_says_so_and_never_that_there_are_no_reports() {
    use fazhi::library::{Library, Loading};
    use fazhi::store::CachePolicy;
    use fazhi::tui::app::{handle, App, Msg};
    let dir = crate::common::temp::TempDir::new("loading-message");
    // Hundreds of reports parsed with no store: the first frame comes long before the end.
    fazhi::synth::write_library(&dir.join("lib"), 600, 7).unwrap();
    let mut app = App::new(
        std::sync::Arc::new(Library::default()),
        fazhi::tui::keymap::Keymap::default_map(),
        fazhi::tui::theme::Theme::color(),
        fazhi::tui::lang::Lang::En,
    );
    handle(&mut app, Msg::Resize(120, 30));
    app.start_loading(Loading::start(vec![dir.join("lib")], CachePolicy::Off));
    let first = rows(&draw(&app));
    // The content pane (right of the reports list and the outline), not only the status
    // line, says the library is loading.
    let content: Vec<&str> = first[..first.len() - 1]
        .iter()
        .filter(|r| r.contains("loading reports"))
        .map(String::as_str)
        .collect();
    assert_eq!(content.len(), 1, "{}", first.join("\n"));
    assert!(
        !first.join("\n").contains("No reports"),
        "{}",
        first.join("\n")
    );
    // No paragraph position in a report that is not there (`¶ 1/0`).
    assert!(
        !first[first.len() - 1].contains('¶'),
        "{}",
        first.join("\n")
    );
    tick_until(&mut app, |a| a.loading_progress().is_none());
    let screen = rows(&draw(&app)).join("\n");
    assert!(!screen.contains("loading reports"), "{screen}");
}

#[test]
fn in_a_large_library_the_palette_opens_at_once_and_fills_in_when_indexed() {
    use fazhi::library::Library;
    use fazhi::tui::app::{handle, App, Msg};
    use fazhi::tui::keymap::Keymap;
    use fazhi::tui::lang::Lang;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    let samples = Library::bundled().into_reports();
    let reports = (0..300)
        .map(|i| samples[i % samples.len()].clone())
        .collect();
    let library = Library::from_reports(reports, Vec::new());
    let mut app = App::new(
        Arc::new(library),
        Keymap::default_map(),
        Theme::color(),
        Lang::En,
    );
    handle(&mut app, Msg::Resize(140, 40));
    ctrl(&mut app, 'p');
    // Typed before the index is ready: the text is kept and used once it is.
    type_text(&mut app, "xzfy");
    let Some(Popup::Palette(_)) = app.popup() else {
        panic!("the palette opens at once");
    };
    // Building 300 reports' candidates takes far longer than the keystrokes above.
    assert!(app.palette_building());
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("indexing 300 reports…"), "{screen}");
    let started = Instant::now();
    while app.palette_building() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "index never built"
        );
        std::thread::sleep(Duration::from_millis(20));
        handle(&mut app, Msg::Tick);
    }
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("topic   行政复议"), "{screen}");
    assert!(!screen.contains("indexing"), "{screen}");
}

#[test]
fn the_terminal_cursor_follows_chinese_text_in_the_palette_input() {
    use ratatui::backend::{Backend, TestBackend};
    use ratatui::layout::Position;
    let mut app = app(140, 40);
    ctrl(&mut app, 'p');
    type_text(&mut app, "xz");
    fazhi::tui::app::handle(&mut app, fazhi::tui::app::Msg::Paste("复议".into()));
    let mut term = ratatui::Terminal::new(TestBackend::new(140, 40)).unwrap();
    term.draw(|f| fazhi::tui::ui::draw(f, &app)).unwrap();
    let buf = term.backend().buffer().clone();
    let (x, y) = find(&buf, "> xz复议").expect("the input line");
    // `> ` is 2 cells, `xz` 2, and each Chinese character 2: the cursor is 8 cells on.
    let at = term.backend_mut().get_cursor_position().unwrap();
    assert_eq!(at, Position::new(x + 8, y));
    key(&mut app, KeyCode::Backspace);
    term.draw(|f| fazhi::tui::ui::draw(f, &app)).unwrap();
    let at = term.backend_mut().get_cursor_position().unwrap();
    assert_eq!(at, Position::new(x + 6, y));
}

/// The reader on the bundled reports with the emacs keymap and a notes store in a folder of
/// its own named `name`, in English; the folder goes when the returned guard is dropped.
fn emacs_app(name: &str) -> (crate::common::temp::TempDir, fazhi::tui::app::App) {
    use fazhi::tui::app::{handle, App, Msg};
    let mut app = App::new(
        std::sync::Arc::new(fazhi::library::Library::bundled()),
        fazhi::tui::keymap::Keymap::emacs(),
        Theme::color(),
        fazhi::tui::lang::Lang::En,
    );
    let dir = crate::common::temp::TempDir::new(&format!("emacs-{name}"));
    app.attach_notes(fazhi::tui::notebook::Notes::open(
        Some(&dir),
        "reviewer".into(),
    ));
    handle(&mut app, Msg::Resize(140, 40));
    (dir, app)
}

/// `open`, with the emacs keymap's keys.
fn emacs_open(app: &mut fazhi::tui::app::App, name: &str) {
    while app.focus() != Pane::Reports {
        key(app, KeyCode::Tab);
    }
    alt(app, '<');
    for _ in 0..20 {
        if app.library().report(report_under_cursor(app)).short_name() == name {
            key(app, KeyCode::Enter);
            return;
        }
        ctrl(app, 'n');
    }
    panic!("{name} not in the reports pane");
}

fn alt(app: &mut fazhi::tui::app::App, c: char) {
    use crossterm::event::{KeyEvent, KeyModifiers};
    fazhi::tui::app::handle(
        app,
        fazhi::tui::app::Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)),
    );
}

#[test]
fn in_the_emacs_keymap_ctrl_g_closes_every_popup_and_later_keys_reach_the_reader() {
    let (_notes, mut app) = emacs_app("ctrl-g");
    emacs_open(&mut app, "文登区 2023");
    // Into the first paragraph of 一、（一）: forward-paragraph twice, next-line.
    alt(&mut app, '}');
    alt(&mut app, '}');
    ctrl(&mut app, 'n');
    let opened: [(&str, char); 5] = [
        ("palette", 'x'),
        ("search everywhere", 's'),
        ("topic view", 't'),
        ("all notes", 'm'),
        ("note editor", 'a'),
    ];
    for (what, c) in opened {
        alt(&mut app, c);
        assert!(app.popup().is_some(), "alt-{c} opens the {what}");
        ctrl(&mut app, 'g');
        assert!(app.popup().is_none(), "ctrl-g closes the {what}");
        // A key typed afterwards moves the reader instead of landing in a popup.
        let before = app.cursor();
        ctrl(&mut app, 'n');
        assert_eq!(app.cursor(), before + 1, "after the {what}");
        ctrl(&mut app, 'p');
    }
}

#[test]
fn the_topic_view_moves_with_the_keymaps_own_movement_keys() {
    let (_notes, mut app) = emacs_app("topic-view");
    emacs_open(&mut app, "文登区 2023");
    alt(&mut app, '}');
    alt(&mut app, '}');
    alt(&mut app, 't');
    let at = |app: &fazhi::tui::app::App| match app.popup() {
        Some(Popup::Topic(t)) => t.cursor,
        _ => panic!("topic view open"),
    };
    assert_eq!(at(&app), 0);
    ctrl(&mut app, 'n');
    ctrl(&mut app, 'n');
    assert_eq!(at(&app), 2, "ctrl-n moves down in the emacs keymap");
    ctrl(&mut app, 'p');
    assert_eq!(at(&app), 1);
    // `j` means nothing in the emacs keymap, here as in the reader.
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(at(&app), 1);
}

#[test]
fn q_in_help_closes_help_and_the_reader_stays_open() {
    let mut app = app(140, 40);
    key(&mut app, KeyCode::Char('?'));
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("Keys"), "{screen}");
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.quitting(), "q closed help, not the reader");
    assert_eq!(app.mode(), fazhi::tui::app::Mode::Normal);
}

#[test]
fn help_lists_the_keys_of_every_popup_too() {
    let mut app = app(140, 40);
    key(&mut app, KeyCode::Char('?'));
    let mut seen = String::new();
    // Scroll through the whole overlay, collecting what it shows.
    for _ in 0..40 {
        seen.push_str(&rows(&draw(&app)).join("\n"));
        key(&mut app, KeyCode::PageDown);
    }
    for heading in [
        "Typing a search",
        "Palette, search everywhere, all notes",
        "Topic view, a note in full",
        "Note editor",
        "Questions",
        "This help",
    ] {
        assert!(seen.contains(heading), "{heading} missing from help");
    }
    assert!(
        seen.contains("Save the note"),
        "the editor's save key is listed"
    );
    assert!(
        seen.contains("Switch search everywhere between text"),
        "the regex toggle is listed"
    );
}

#[test]
fn ctrl_l_redraws_the_screen_even_with_a_popup_open() {
    use fazhi::tui::app::Effect;
    let mut app = app(140, 40);
    ctrl(&mut app, 'l');
    assert_eq!(app.take_effects(), [Effect::Redraw]);
    ctrl(&mut app, 'p');
    ctrl(&mut app, 'l');
    assert_eq!(app.take_effects(), [Effect::Redraw]);
    let Some(Popup::Palette(p)) = app.popup() else {
        panic!("the palette stays open")
    };
    assert_eq!(p.input.lines().join(""), "", "ctrl-l typed nothing");
}

#[test]
fn n_goes_on_to_the_next_match_after_jumping_from_search_everywhere() {
    let mut app = searched_everywhere("行政复议");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    let first = app.cursor();
    assert_eq!(app.search().query, "行政复议");
    let screen = rows(&draw(&app)).join("\n");
    key(&mut app, KeyCode::Char('n'));
    assert!(
        app.passages()[app.cursor()]
            .text(app.report().unwrap())
            .contains("行政复议"),
        "n lands on a match"
    );
    let matches = &app.search().matches;
    assert!(matches.len() > 1, "{screen}");
    assert_eq!(app.search().current, Some(1), "n went to the second match");
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(app.search().current, Some(0));
    assert_eq!(app.cursor(), first);
}

#[test]
fn the_palette_in_this_report_scope_counts_this_reports_candidates() {
    let mut app = app(140, 40);
    ctrl(&mut app, 'p');
    let all = rows(&draw(&app)).join("\n");
    ctrl(&mut app, 't');
    let here = rows(&draw(&app)).join("\n");
    let total = |screen: &str| -> usize {
        let line = screen
            .lines()
            .find(|l| l.contains("/") && l.contains("──"))
            .unwrap_or_else(|| panic!("a count line:\n{screen}"));
        let count = line.split('/').nth(1).unwrap();
        count
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    let (all, here_total) = (total(&all), total(&here));
    assert!(here_total < all, "this report: {here_total} of {all}");
    let Some(Popup::Palette(p)) = app.popup() else {
        panic!("palette open")
    };
    // With no query the palette lists everything in scope.
    assert_eq!(p.hits.len(), here_total);
}

/// The rectangle of the popup whose title contains `title`.
fn popup_rect(buf: &ratatui::buffer::Buffer, title: &str) -> ratatui::layout::Rect {
    let (tx, ty) = find(buf, title).unwrap_or_else(|| panic!("{title} on screen"));
    let x0 = (0..tx)
        .rev()
        .find(|&x| buf[(x, ty)].symbol() == "┌")
        .unwrap();
    let x1 = (tx..buf.area.width)
        .find(|&x| buf[(x, ty)].symbol() == "┐")
        .unwrap();
    let y1 = (ty..buf.area.height)
        .find(|&y| buf[(x0, y)].symbol() == "└")
        .unwrap();
    ratatui::layout::Rect::new(x0, ty, x1 - x0 + 1, y1 - ty + 1)
}

#[test]
fn popups_over_chinese_text_keep_their_whole_left_border_at_every_width() {
    use unicode_width::UnicodeWidthStr;
    let mut checked = 0;
    for width in (90..=170).step_by(3) {
        let mut app = app(width, 36);
        open(&mut app, "文登区 2023");
        keys(&mut app, "]]j");
        for (opens, title) in [("t", "Topic"), (":", "Go to"), ("c", "Compare 文登区")] {
            keys(&mut app, opens);
            let buf = draw(&app);
            let area = popup_rect(&buf, title);
            for y in area.top()..area.bottom() {
                assert!(
                    matches!(buf[(area.x, y)].symbol(), "│" | "┌" | "└"),
                    "{width}: the border at row {y}"
                );
                if area.x > 0 {
                    let left = buf[(area.x - 1, y)].symbol();
                    assert!(
                        left.width() <= 1,
                        "{width}: {left} spills over the popup's border at row {y}:\n{}",
                        rows(&buf).join("\n")
                    );
                }
            }
            checked += 1;
            key(&mut app, KeyCode::Esc);
        }
    }
    assert!(checked > 20);
}

/// A district typed as pinyin initials, full pinyin or characters, then a year, with or
/// without a space: the compare chooser offers that report, and the palette lists only its
/// headings.
#[test]
fn district_then_year_finds_that_report_in_the_chooser_and_the_palette() {
    for query in ["wd2023", "wendeng2023", "文登2023", "wd 2023"] {
        let mut app = app(140, 40);
        open(&mut app, "千山区 2023");
        keys(&mut app, "c");
        type_text(&mut app, query);
        let Some(Popup::Choose(chooser)) = app.popup() else {
            panic!("chooser open")
        };
        let offered: Vec<String> = chooser
            .hits
            .iter()
            .map(|&(r, _)| app.library().row(r).short_name())
            .collect();
        assert_eq!(offered, ["文登区 2023"], "{query}");
        key(&mut app, KeyCode::Esc);

        ctrl(&mut app, 'p');
        type_text(&mut app, query);
        let Some(Popup::Palette(p)) = app.popup() else {
            panic!("palette open")
        };
        let ix = app.palette().unwrap();
        assert!(!p.hits.is_empty(), "{query}");
        for hit in &p.hits {
            let text = &ix.candidates()[hit.candidate].text;
            assert!(text.starts_with("文登区 2023 › "), "{query}: {text}");
        }
    }
}

#[test]
fn a_part_heading_in_the_palette_keeps_its_marker_apart_and_highlights_the_title() {
    use fazhi::library::Library;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/outline/zhejiang-parts-and-numbered-sentences.txt"
    ))
    .unwrap();
    let report = fazhi::report::parse("yuhang.txt", &text);
    let mut app = app_on(Library::from_reports(vec![report], Vec::new()), 140, 40);
    ctrl(&mut app, 'p');
    type_text(&mut app, "czdwt");
    tick_until(&mut app, |a| !a.busy());
    let buf = draw(&app);
    let screen = rows(&buf).join("\n");
    let row = screen
        .lines()
        .find(|l| l.contains("section") && l.contains("第二部分"))
        .unwrap_or_else(|| panic!("the part heading is offered:\n{screen}"));
    assert!(row.contains("› 第二部分 存在的问题"), "{row}");
    // The typed initials light the title's characters, not the space before them.
    let (x, y) = find(&buf, "存在的问题").unwrap();
    let matched = Theme::color().matched;
    for dx in [0, 2, 4, 6] {
        assert_eq!(buf[(x + dx, y)].style().fg, matched.fg, "char {}", dx / 2);
    }
}
