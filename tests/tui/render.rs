//! What a person sees in the reader, rendered into ratatui's `TestBackend`.

use crate::screen::*;
use crossterm::event::KeyCode;
use fazhi::library::Library;
use fazhi::report::FigureKind;
use fazhi::tui::app::{handle, App, Msg, Pane};
use fazhi::tui::keymap::Keymap;
use fazhi::tui::lang::Lang;
use fazhi::tui::theme::Theme;
use ratatui::style::Style;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

#[test]
fn reports_pane_lists_all_five_districts_with_their_years() {
    let app = app(160, 40);
    let screen = rows(&draw(&app)).join("\n");
    for (district, year) in [
        ("千山区", "2023"),
        ("顺城区", "2024"),
        ("文登区", "2023"),
        ("铁西区", "2024"),
        ("周村区", "2023"),
    ] {
        let (_, y) = find(&draw(&app), district).unwrap_or_else(|| panic!("{district}:\n{screen}"));
        // The year is listed on the row under its district.
        assert!(
            rows(&draw(&app))[y as usize + 1].contains(year),
            "{district} {year}\n{screen}"
        );
    }
    for p in ["辽宁省", "山东省", "吉林省", "鞍山市", "四平市"] {
        assert!(screen.contains(p), "{p}");
    }
}

#[test]
fn opening_wendeng_shows_count_and_money_figures_in_their_styles() {
    let mut app = app(160, 40);
    open(&mut app, "文登区 2023");
    assert_eq!(app.focus(), Pane::Content);
    keys(&mut app, "]]");
    assert_eq!(app.breadcrumb(), "文登区 2023 › 一、 › （一）");
    let count = Theme::color().figure(FigureKind::Count);
    let money = Theme::color().figure(FigureKind::Money);
    let mut seen = (false, false);
    for _ in 0..30 {
        let buf = draw(&app);
        if let Some((x, y)) = find(&buf, "26918件") {
            for dx in 0..6 {
                let cell = &buf[(x + dx, y)];
                assert_eq!(cell.style().fg, count.fg, "26918件 cell {dx}");
            }
            // The char before the figure is plain text.
            assert_ne!(buf[(x - 1, y)].style().fg, count.fg);
            seen.0 = true;
        }
        if let Some((x, y)) = find(&buf, "393.08万元") {
            assert_eq!(buf[(x, y)].style().fg, money.fg);
            // 万 is double width: cells x+6 and x+7; 元 starts at x+8.
            assert_eq!(buf[(x + 6, y)].style().fg, money.fg, "万 of 393.08万元");
            assert_eq!(buf[(x + 8, y)].style().fg, money.fg, "元 of 393.08万元");
            seen.1 = true;
        }
        if seen == (true, true) {
            return;
        }
        key(&mut app, KeyCode::PageDown);
    }
    panic!("did not see both figures: {seen:?}");
}

#[test]
fn small_terminal_folds_side_panes_and_keeps_cjk_whole() {
    let mut app = app(80, 24);
    let buf = draw(&app);
    let screen = rows(&buf);
    assert!(
        !screen.join("").contains("Reports"),
        "reports pane folded away"
    );
    assert!(
        screen[23].contains("铁西区 2024"),
        "status line: {}",
        screen[23]
    );
    // Every row is exactly as wide as the terminal: no wide char split or overflowing.
    for (y, row) in screen.iter().enumerate() {
        assert_eq!(row.width(), 80, "row {y}: {row}");
    }
    // Keys go to the content, the only pane on screen: its border is the focused one, and
    // each of its rows ends with that border in the last column.
    assert_eq!(app.focus(), Pane::Content);
    for y in 1..22 {
        assert_eq!(buf[(79, y)].symbol(), "┃", "row {y}");
    }
    keys(&mut app, "jj");
    assert!(
        rows(&draw(&app))[23].contains("¶ 3/"),
        "j moves the reading cursor"
    );
    // The key brings the reports pane back.
    key(&mut app, KeyCode::Char('1'));
    assert!(rows(&draw(&app)).join("").contains("Reports"));
    assert_eq!(app.focus(), Pane::Reports);
}

#[test]
fn search_highlights_matches_and_counts_them() {
    let mut app = app(160, 40);
    open(&mut app, "文登区 2023");
    key(&mut app, KeyCode::Char('/'));
    for c in "复议".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let buf = draw(&app);
    let status = rows(&buf)[39].clone();
    assert!(status.contains("match 1/"), "{status}");
    let theme = Theme::color();
    let styles: Vec<Style> = all(&buf, "复")
        .into_iter()
        .map(|(x, y)| buf[(x, y)].style())
        .collect();
    assert!(
        styles.iter().any(|s| s.bg == theme.current.bg),
        "current match"
    );
    key(&mut app, KeyCode::Enter);
    // The match count stays in the status line after the search is kept.
    assert!(rows(&draw(&app))[39].contains("/复议 match 1/"));
    let first = app.search().current;
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.search().current, first.map(|c| c + 1));
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(app.search().current, first);
}

#[test]
fn escape_in_search_returns_to_where_you_were() {
    let mut app = app(160, 40);
    open(&mut app, "千山区 2023");
    keys(&mut app, "]]j");
    let before = (app.cursor(), app.top());
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "存在");
    assert_ne!(app.cursor(), before.0);
    key(&mut app, KeyCode::Esc);
    assert_eq!((app.cursor(), app.top()), before);
}

#[test]
fn help_overlay_lists_bindings_from_the_keymap() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('?'));
    let screen = rows(&draw(&app)).join("\n");
    eprintln!("{screen}");
    assert!(screen.contains("Next section"), "{screen}");
    assert!(screen.contains("Move"));
    // A binding from a user keymap shows up in help.
    let mut custom = App::new(
        Arc::new(Library::bundled()),
        Keymap::from_str("k.toml", "[keys]\n\"x\" = \"next_section\"\n").unwrap(),
        Theme::color(),
        Lang::En,
    );
    handle(&mut custom, Msg::Resize(120, 40));
    key(&mut custom, KeyCode::Char('?'));
    let screen = rows(&draw(&custom)).join("\n");
    assert!(screen
        .lines()
        .any(|l| l.contains("x") && l.contains("Next section")));
    key(&mut custom, KeyCode::Esc);
    assert!(!rows(&draw(&custom)).join("\n").contains("Next section"));
}

#[test]
fn next_figure_walks_figures_and_the_figures_pane_follows() {
    let mut app = app(200, 50);
    open(&mut app, "文登区 2023");
    key(&mut app, KeyCode::Char('}'));
    let (b, k) = app.chosen_figure().expect("a figure chosen");
    let r = app.report().unwrap();
    let f = &app.passages()[b].paragraph(r).unwrap().figures[k];
    let buf = draw(&app);
    let screen = rows(&buf).join("\n");
    assert!(
        screen.contains(&format!("{} · {}", f.label, f.text)),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('}'));
    assert_ne!(app.chosen_figure(), Some((b, k)));
    key(&mut app, KeyCode::Char('{'));
    assert_eq!(app.chosen_figure(), Some((b, k)));
}

#[test]
fn copy_puts_the_paragraph_and_its_citation_on_the_clipboard() {
    let mut app = app(160, 40);
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]j");
    key(&mut app, KeyCode::Char('y'));
    let Some(fazhi::tui::app::Effect::Copy(text)) = app.take_effects().pop() else {
        panic!("a copy effect")
    };
    assert!(
        text.contains("文登区 2023年法治政府建设情况的报告 › 一、（一）"),
        "{text}"
    );
    assert!(rows(&draw(&app))[39].contains("copied"));
}

#[test]
fn chinese_locale_gets_chinese_ui() {
    let mut app = App::new(
        Arc::new(Library::bundled()),
        Keymap::default_map(),
        Theme::color(),
        Lang::from_locale("zh_CN.UTF-8"),
    );
    handle(&mut app, Msg::Resize(160, 40));
    let screen = rows(&draw(&app)).join("\n");
    eprintln!("{screen}");
    assert!(
        screen.contains("报告") && screen.contains("目录"),
        "{screen}"
    );
}

#[test]
fn no_color_theme_still_marks_figures() {
    let mut app = App::new(
        Arc::new(Library::bundled()),
        Keymap::default_map(),
        Theme::monochrome(),
        Lang::En,
    );
    handle(&mut app, Msg::Resize(160, 40));
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]");
    let buf = draw(&app);
    let (x, y) = find(&buf, "2023年").or_else(|| find(&buf, "年")).unwrap();
    let s: Style = buf[(x, y)].style();
    assert!(s.fg.is_none() || s.fg == Some(ratatui::style::Color::Reset));
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_a_click_selects() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut app = app(200, 50);
    open(&mut app, "千山区 2023");
    let areas = app.areas();
    let content = areas.content;
    let wheel = |kind| {
        Msg::Mouse(MouseEvent {
            kind,
            column: content.x + 5,
            row: content.y + 5,
            modifiers: crossterm::event::KeyModifiers::NONE,
        })
    };
    let top = app.top();
    handle(&mut app, wheel(MouseEventKind::ScrollDown));
    assert_ne!(app.top(), top, "wheel scrolled the text");
    handle(&mut app, wheel(MouseEventKind::ScrollUp));
    assert_eq!(app.top(), top);
    // A click on an outline row jumps there.
    let outline = areas.outline.unwrap();
    handle(
        &mut app,
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: outline.x + 3,
            row: outline.y + 3,
            modifiers: crossterm::event::KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.focus(), Pane::Outline);
    assert!(app.breadcrumb().ends_with("(一)"), "{}", app.breadcrumb());
}

#[test]
fn the_reading_position_is_saved_and_restored_per_report() {
    let dir = crate::common::temp::TempDir::new("pos");
    let path = dir.join("position.json");
    let mut a = app(160, 40);
    open(&mut a, "顺城区 2024");
    keys(&mut a, "]]]jj");
    let crumb = a.breadcrumb();
    fazhi::tui::resume::save(&path, &a).unwrap();
    let mut b = app(160, 40);
    fazhi::tui::resume::restore(&path, &mut b);
    assert_eq!(b.breadcrumb(), crumb);
    assert_eq!(b.cursor(), a.cursor());
    assert_eq!(b.focus(), Pane::Content);
}

#[test]
fn scrolling_reads_straight_through_into_the_next_section() {
    let mut app = app(120, 30);
    open(&mut app, "文登区 2023");
    let first = app.current_section();
    for _ in 0..200 {
        if app.current_section() != first && app.current_section().is_some() {
            break;
        }
        key(&mut app, KeyCode::PageDown);
    }
    assert_ne!(app.current_section(), first);
    let n = app.report().unwrap().sections.len();
    for _ in 0..400 {
        key(&mut app, KeyCode::PageDown);
    }
    assert_eq!(
        app.current_section(),
        Some(n - 1),
        "the last section is reached"
    );
}

#[test]
fn help_and_quit_hints_stay_on_the_status_line_at_80_columns() {
    let mut app = app(80, 24);
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]]]]]");
    let status = rows(&draw(&app))[23].clone();
    assert!(
        status.contains("? help") && status.contains("q quit"),
        "{status}"
    );
    assert_eq!(status.width(), 80);
}

#[test]
fn no_figure_is_split_across_lines_at_any_width() {
    let library = fazhi::library::Library::bundled();
    let mut split = Vec::new();
    for width in [80, 97, 113, 160] {
        let mut app = app(width, 30);
        for report in &library.reports() {
            open(&mut app, &report.short_name());
            let figures: Vec<&str> = report
                .sections
                .iter()
                .flat_map(|s| s.paragraphs.iter())
                .chain(report.preamble.iter())
                .flat_map(|p| p.figures.iter())
                .map(|f| f.text.as_str())
                .collect();
            let mut seen: Vec<String> = Vec::new();
            let mut last = Vec::new();
            for _ in 0..200 {
                let screen = rows(&draw(&app));
                if screen == last {
                    break;
                }
                seen.extend(screen.iter().cloned());
                last = screen;
                key(&mut app, KeyCode::PageDown);
            }
            for figure in figures {
                if !seen.iter().any(|row| row.contains(figure)) {
                    split.push(format!("{width} cols, {}: {figure}", report.short_name()));
                }
            }
        }
    }
    assert!(split.is_empty(), "figures split across lines: {split:#?}");
}

/// Move down at 40 columns until the cursor is on the passage after one that is scrolled
/// part-way (a long paragraph read line by line), the position an old width leaves behind.
fn scrolled_into_a_long_paragraph(app: &mut App) -> bool {
    for _ in 0..200 {
        key(app, KeyCode::Char('j'));
        if app.cursor() > app.top().passage && app.top().line > 0 {
            return true;
        }
    }
    false
}

#[test]
fn widening_the_terminal_after_scrolling_into_a_long_paragraph_keeps_the_text_on_screen() {
    let mut app = app(40, 16);
    open(&mut app, "文登区 2023");
    assert!(
        scrolled_into_a_long_paragraph(&mut app),
        "no long paragraph scrolled part-way"
    );
    let before = app.breadcrumb();
    handle(&mut app, Msg::Resize(200, 50));
    let screen = rows(&draw(&app)).join("\n");
    eprintln!("{screen}");
    assert_eq!(app.breadcrumb(), before, "the cursor stayed where it was");
    let text = app.passages()[app.cursor()]
        .text(app.report().unwrap())
        .chars()
        .take(10)
        .collect::<String>();
    assert!(screen.contains(&text), "{text} not on screen:\n{screen}");
    // And narrowing again, then moving, still works.
    handle(&mut app, Msg::Resize(30, 12));
    keys(&mut app, "jjkk");
    draw(&app);
}

#[test]
fn a_stale_saved_position_from_a_narrow_terminal_opens_at_its_paragraph() {
    let dir = crate::common::temp::TempDir::new("stale");
    let path = dir.join("position.json");
    let mut narrow = app(40, 16);
    open(&mut narrow, "文登区 2023");
    let id = narrow.report().unwrap().id();
    // A position from a narrow terminal, or from before the report file was edited: far
    // more lines into its first passage than that passage has at this width.
    std::fs::write(
        &path,
        format!(r#"{{"report":"{id}","cursor":3,"top":[2,900]}}"#),
    )
    .unwrap();
    let mut wide = app(200, 50);
    fazhi::tui::resume::restore(&path, &mut wide);
    assert_eq!(wide.cursor(), 3);
    let text = wide.passages()[3]
        .text(wide.report().unwrap())
        .chars()
        .take(10)
        .collect::<String>();
    let screen = rows(&draw(&wide)).join("\n");
    assert!(screen.contains(&text), "{text} not on screen:\n{screen}");
}

/// The text of each row inside a pane's borders.
fn pane_rows(buf: &ratatui::buffer::Buffer, area: ratatui::layout::Rect) -> Vec<String> {
    (area.y + 1..area.bottom().saturating_sub(1))
        .map(|y| {
            (area.x + 1..area.right().saturating_sub(1))
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn outline_titles_too_long_for_the_pane_end_in_an_ellipsis() {
    let mut app = app(120, 36);
    open(&mut app, "文登区 2023");
    let outline = app.areas().outline.expect("outline shown at 120 columns");
    let inner = outline.width as usize - 2;
    let rows = pane_rows(&draw(&app), outline);
    let mut cut = 0;
    for row in &rows {
        let text = row.trim_end();
        if text.width() + 1 >= inner {
            // A row that fills the pane was cut, and says so.
            assert!(text.ends_with('…'), "cut without …: {text:?}\n{rows:#?}");
            cut += 1;
        }
    }
    assert!(cut > 0, "no title long enough to be cut:\n{rows:#?}");
}

#[test]
fn an_empty_figures_pane_says_no_figures_in_this_section_in_full() {
    let mut app = app(150, 40);
    open(&mut app, "文登区 2023");
    // Find a section without figures (the report's headings come first).
    for _ in 0..60 {
        if app.section_figures().is_empty() {
            break;
        }
        key(&mut app, KeyCode::Char(']'));
    }
    assert!(
        app.section_figures().is_empty(),
        "a section without figures"
    );
    let figures = app.areas().figures.expect("figures shown at 150 columns");
    let text = pane_rows(&draw(&app), figures)
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("No figures in this section"), "{text}");
}

#[test]
fn the_status_line_offers_a_note_only_on_a_paragraph() {
    let mut app = app(160, 40);
    open(&mut app, "文登区 2023");
    key(&mut app, KeyCode::Char(']'));
    let status = |app: &App| rows(&draw(app)).last().unwrap().clone();
    assert!(
        matches!(
            app.passages()[app.cursor()],
            fazhi::tui::reading::Passage::Heading(_)
        ),
        "on a heading"
    );
    assert!(!status(&app).contains("a note"), "{}", status(&app));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char('j'));
    assert!(
        matches!(
            app.passages()[app.cursor()],
            fazhi::tui::reading::Passage::Para { .. }
        ),
        "on a paragraph"
    );
    assert!(status(&app).contains("a note"), "{}", status(&app));
}

#[test]
fn a_folder_whose_files_all_fail_says_why_each_one_failed_not_that_it_is_empty() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let paths = [fixtures.join("password.pdf"), fixtures.join("scan.pdf")];
    let (library, _) = Library::open_with(&paths, &fazhi::store::CachePolicy::Off, &|_, _| {});
    let app = app_on(library, 90, 24);
    let screen = rows(&draw(&app)).join("\n");
    eprintln!("{screen}");
    assert!(screen.contains("2 files could not be opened"), "{screen}");
    // Each file is named with its own reason, wrapped inside the pane rather than cut off.
    assert!(screen.contains("password.pdf"), "{screen}");
    assert!(screen.contains("password-protected"), "{screen}");
    assert!(screen.contains("scan.pdf"), "{screen}");
    assert!(!screen.contains("No reports. Open a folder"), "{screen}");
}

#[test]
fn searching_simplified_text_highlights_it_in_a_traditional_report() {
    let dir = std::env::temp_dir().join(format!("fazhi-tui-hant-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("heping.txt"),
        "瀋陽市和平區人民政府關於2023年法治政府建設情況的報告\n\n\
         一、主要工作\n全年辦理行政複議案件２５件，行政複議決定全部履行。\n",
    )
    .unwrap();
    let (library, _) = Library::open_with(
        std::slice::from_ref(&dir),
        &fazhi::store::CachePolicy::Off,
        &|_, _| {},
    );
    std::fs::remove_dir_all(&dir).ok();
    let mut app = app_on(library, 120, 30);
    keys(&mut app, "/复议25件");
    assert_eq!(app.search().matches.len(), 0, "no text spells 复议25件");
    for _ in 0.."25件".chars().count() {
        key(&mut app, KeyCode::Backspace);
    }
    let buf = draw(&app);
    assert!(rows(&buf)[29].contains("match 1/2"), "{}", rows(&buf)[29]);
    let theme = Theme::color();
    let lit: Vec<(u16, u16)> = all(&buf, "議")
        .into_iter()
        .filter(|&(x, y)| buf[(x, y)].style().bg == theme.current.bg)
        .collect();
    assert_eq!(lit.len(), 1, "the current match is 複議 in the text");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "/25件");
    assert_eq!(app.search().matches.len(), 1, "２５件 is 25件");
}
