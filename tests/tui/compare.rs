//! Comparing in the reader, as a person sees it: two reports side by side at three sizes,
//! the topic view's table with its chart, and export.

use crate::common::samples::{SHUNCHENG, WENDENG};
use crate::common::temp::TempDir;
use crate::screen::*;
use crossterm::event::KeyCode;
use fazhi::tui::app::{handle, App, Effect, Msg};

/// Open 文登区 2023 and compare it with 顺城区 2024, chosen by typing its name in pinyin.
fn wendeng_beside_shuncheng(w: u16, h: u16) -> fazhi::tui::app::App {
    let mut app = app(w, h);
    open(&mut app, "文登区 2023");
    keys(&mut app, "c");
    keys(&mut app, "shuncheng");
    key(&mut app, KeyCode::Enter);
    app
}

/// Scroll down (by rows) until `needle` is on screen.
fn scroll_to(app: &mut fazhi::tui::app::App, needle: &str) -> String {
    for _ in 0..40 {
        let screen = rows(&draw(app)).join("\n");
        if screen.contains(needle) {
            return screen;
        }
        keys(app, "]");
    }
    panic!("{needle} never shown:\n{}", rows(&draw(app)).join("\n"));
}

#[test]
fn side_by_side_at_200x60_shows_both_districts_and_the_82_to_48_change() {
    let mut app = wendeng_beside_shuncheng(200, 60);
    let buf = draw(&app);
    let screen = rows(&buf).join("\n");
    assert!(screen.contains("A 文登区 2023"), "{screen}");
    assert!(screen.contains("B 顺城区 2024"), "{screen}");
    // The two columns: A's heading on the left half, B's on the right.
    let (xa, _) = find(&buf, "A 文登区 2023").unwrap();
    let (xb, _) = find(&buf, "B 顺城区 2024").unwrap();
    assert!(xa < 100 && xb >= 100, "{xa} {xb}");
    // Applications accepted face applications accepted: 顺城区 received 97 and accepted 48.
    let line = screen
        .lines()
        .find(|l| l.contains("82件 → 48件"))
        .unwrap_or_else(|| panic!("no 82件 → 48件 line:\n{screen}"));
    assert!(line.contains("−34件 (−41.5%)"), "{line}");
    // A row only one side has says so, naming the report that lacks it.
    let screen = scroll_to(&mut app, "no matching section in");
    assert!(
        screen.contains("no matching section in 顺城区 2024")
            || screen.contains("no matching section in 文登区 2023"),
        "{screen}"
    );
}

#[test]
fn side_by_side_at_120x36_says_which_side_has_no_matching_section() {
    let mut app = wendeng_beside_shuncheng(120, 36);
    let screen = scroll_to(&mut app, "no matching section in");
    // An empty cell names the report of its own column: A's on the left, B's on the right.
    let buf = draw(&app);
    let left =
        |name: &str| find(&buf, &format!("no matching section in {name}")).map(|(x, _)| x < 60);
    let (wendeng, shuncheng) = (left("文登区 2023"), left("顺城区 2024"));
    assert!(wendeng.or(shuncheng).is_some(), "{screen}");
    assert_ne!(wendeng, Some(false), "{screen}");
    assert_ne!(shuncheng, Some(true), "{screen}");
    // The figures of A's column keep the reader's styles.
    let count = fazhi::tui::theme::Theme::color().figure(fazhi::report::FigureKind::Count);
    let styled = (0..buf.area.height).any(|y| {
        (0..58).any(|x| buf[(x, y)].symbol() == "件" && buf[(x, y)].style().fg == count.fg)
    });
    assert!(styled, "no count figure styled in A's column:\n{screen}");
}

#[test]
fn the_figure_strip_marks_the_top_rows_pairs_and_shows_places_only_where_they_fit() {
    let strip = |app: &App| -> Vec<String> {
        let screen = rows(&draw(app));
        let start = screen
            .iter()
            .position(|l| l.contains("Figures both state"))
            .unwrap();
        screen[start + 1..].to_vec()
    };
    let line = |lines: &[String], label: &str| -> String {
        let found = lines.iter().find(|l| l.contains(label));
        found
            .unwrap_or_else(|| panic!("no {label}:\n{}", lines.join("\n")))
            .clone()
    };
    let mut app = wendeng_beside_shuncheng(80, 24);
    // The top row is part 一, whose subsections have rows of their own: no pair is its.
    let top = strip(&app);
    assert!(top.iter().all(|l| !l.contains('▶')), "{}", top.join("\n"));
    // At 80 columns a pair's places are left out rather than cut.
    let long = line(&top, "解答群众法律咨询");
    assert!(
        long.contains("−1200人次 (−75.0%)") && !long.contains('↔'),
        "{long}"
    );
    // Down to 一/（五）, the section stating 82件: its pair is marked.
    scroll_to(&mut app, "一/（五）");
    while !rows(&draw(&app))[2].contains("一/（五）") {
        keys(&mut app, "]");
    }
    let marked = line(&strip(&app), "受理行政复议申请");
    assert!(
        marked.contains("▶ 受理行政复议申请 82件 → 48件"),
        "{marked}"
    );
    let wide = wendeng_beside_shuncheng(200, 60);
    let long = line(&strip(&wide), "解答群众法律咨询");
    assert!(long.contains("一/（七） ↔ 一/(六)/1."), "{long}");
}

#[test]
fn side_by_side_at_80x24_shows_one_report_and_tab_flips_to_the_other() {
    let mut app = wendeng_beside_shuncheng(80, 24);
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("A 文登区 2023"), "{screen}");
    assert!(screen.contains("Tab"), "{screen}");
    let first_a = rows(&draw(&app))[2..14].join("\n");
    assert!(first_a.contains("2023年推进法治政府建设"), "{screen}");
    key(&mut app, KeyCode::Tab);
    let flipped = rows(&draw(&app)).join("\n");
    assert!(
        flipped.lines().nth(1).unwrap().contains("B 顺城区 2024"),
        "{flipped}"
    );
    // The two years' first parts face each other, though their headings are on no topic.
    assert!(
        flipped
            .lines()
            .nth(2)
            .unwrap()
            .contains("2024年度推进法治政府建设"),
        "{flipped}"
    );
    // Scrolling moves both sides together: after ]], flipping back shows A scrolled too.
    keys(&mut app, "]]");
    key(&mut app, KeyCode::Tab);
    let back = rows(&draw(&app));
    assert!(back[1].contains("A 文登区 2023"));
    assert_ne!(back[2..14].join("\n"), first_a);
    key(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
}

#[test]
fn enter_on_a_row_jumps_the_reader_to_a_section_of_the_open_report() {
    let mut app = wendeng_beside_shuncheng(160, 40);
    keys(&mut app, "]]");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    assert!(
        app.breadcrumb().starts_with("文登区 2023 › "),
        "{}",
        app.breadcrumb()
    );
    assert!(app.current_section().is_some());
}

#[test]
fn the_chooser_offers_the_same_year_in_the_same_prefecture_first() {
    // 千山区 (鞍山市) 2023 is alone in its prefecture; 铁西区 2024 shares 四平市 with no one,
    // so use the library's own: whatever comes first must be marked as related or be plain.
    let mut app = app(120, 36);
    open(&mut app, "文登区 2023");
    keys(&mut app, "c");
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("Compare 文登区 2023 with"), "{screen}");
    // All four other reports are listed, and typing filters them.
    for d in ["千山区", "顺城区", "铁西区", "周村区"] {
        assert!(screen.contains(d), "{d}\n{screen}");
    }
    keys(&mut app, "zc");
    let list = offered(&app);
    assert!(list[0].starts_with("周村区 2023"), "{list:#?}");
    assert!(!list.iter().any(|l| l.contains("千山区")), "{list:#?}");
}

/// The topic view of 行政复议 as a table.
fn review_table(w: u16, h: u16) -> fazhi::tui::app::App {
    let mut app = app(w, h);
    open(&mut app, "文登区 2023");
    keys(&mut app, ":");
    keys(&mut app, "xzfy");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "T");
    app
}

#[test]
fn table_mode_lists_every_district_with_applications_accepted_and_received_and_sorts() {
    let mut app = review_table(160, 40);
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("行政复议 · table"), "{screen}");
    // Applications accepted and applications received: two columns.
    assert!(screen.contains("table · 5 reports × 2 columns"), "{screen}");
    for d in ["千山区", "顺城区", "文登区", "铁西区", "周村区"] {
        assert!(screen.contains(d), "{d}\n{screen}");
    }
    // Move to the column holding 82件 and sort it, largest first.
    let mut found = false;
    for _ in 0..12 {
        let buf = draw(&app);
        let (x82, _) = match find(&buf, "82件") {
            Some(p) => p,
            None => {
                keys(&mut app, "l");
                continue;
            }
        };
        let header = rows(&buf)[1].clone();
        let _ = (x82, header);
        found = true;
        break;
    }
    assert!(found, "{}", rows(&draw(&app)).join("\n"));
    // Select the column where 82件 and 48件 stand, the applications accepted (the chart
    // heading names it).
    for _ in 0..12 {
        let screen = rows(&draw(&app)).join("\n");
        let chart_has = screen.lines().skip(8).any(|l| l.contains("48件"))
            && screen.lines().skip(8).any(|l| l.contains("82件"));
        if chart_has {
            break;
        }
        keys(&mut app, "l");
    }
    keys(&mut app, "s");
    let screen = rows(&draw(&app));
    let row_of = |d: &str| screen.iter().position(|l| l.contains(d)).unwrap();
    assert!(row_of("文登区") < row_of("顺城区"), "{}", screen.join("\n"));
    assert!(
        screen.iter().any(|l| l.contains('▼')),
        "{}",
        screen.join("\n")
    );
    keys(&mut app, "s");
    let screen = rows(&draw(&app));
    let row_of = |d: &str| screen.iter().position(|l| l.contains(d)).unwrap();
    assert!(row_of("顺城区") < row_of("文登区"), "{}", screen.join("\n"));
    // T goes back to the list.
    keys(&mut app, "T");
    let screen = rows(&draw(&app)).join("\n");
    assert!(!screen.contains("· table"), "{screen}");
}

#[test]
fn the_chart_draws_a_bar_per_report_with_its_value() {
    let app = review_table(160, 40);
    let buf = draw(&app);
    let screen = rows(&buf).join("\n");
    let bars = all(&buf, "█").len();
    assert!(bars > 5, "no bars:\n{screen}");
}

#[test]
fn under_no_color_the_chart_is_a_plain_list() {
    let mut app = fazhi::tui::app::App::new(
        std::sync::Arc::new(fazhi::library::Library::bundled()),
        fazhi::tui::keymap::Keymap::default_map(),
        fazhi::tui::theme::Theme::monochrome(),
        fazhi::tui::lang::Lang::En,
    );
    handle(&mut app, Msg::Resize(160, 40));
    open(&mut app, "文登区 2023");
    keys(&mut app, ":");
    keys(&mut app, "xzfy");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "T");
    let buf = draw(&app);
    assert!(rows(&buf).join("\n").contains("82件"));
    assert!(all(&buf, "█").is_empty(), "{}", rows(&buf).join("\n"));
}

#[test]
fn export_writes_csv_and_markdown_and_copy_puts_the_table_on_the_clipboard() {
    let dir = TempDir::new("export");
    let mut app = review_table(160, 40);
    for name in ["review.csv", "review.md"] {
        let path = dir.join(name);
        keys(&mut app, "w");
        let prompt = rows(&draw(&app)).join("\n");
        assert!(prompt.contains("Export to"), "{prompt}");
        handle(&mut app, Msg::Paste(path.display().to_string()));
        key(&mut app, KeyCode::Enter);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("文登区"), "{text}");
        assert!(text.contains("82件") && text.contains("97件"), "{text}");
        let status = rows(&draw(&app)).join("\n");
        assert!(status.contains("wrote 5 rows"), "{status}");
    }
    let csv = std::fs::read_to_string(dir.join("review.csv")).unwrap();
    assert!(csv.starts_with("id,district,year,"), "{csv}");
    // Reports of one topic are not a sequence: no change from one row to the next.
    assert!(!csv.contains("change"), "{csv}");
    keys(&mut app, "w");
    handle(
        &mut app,
        Msg::Paste(dir.join("x.txt").display().to_string()),
    );
    key(&mut app, KeyCode::Enter);
    assert!(rows(&draw(&app))
        .join("\n")
        .contains("name a .csv or .md file"));
    keys(&mut app, "y");
    let copied = app.take_effects();
    assert!(
        matches!(&copied[..], [Effect::Copy(md)] if md.starts_with("| 报告 |") && md.contains("97件")),
        "{copied:?}"
    );
}

/// The reader over a library of `fixture`'s reports (tests/fixtures/history), in English.
fn reader_over(fixture: &str, w: u16, h: u16) -> fazhi::tui::app::App {
    let dir = std::path::PathBuf::from(format!(
        "{}/tests/fixtures/history/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    ));
    let (library, _) =
        fazhi::library::Library::open_with(&[dir], &fazhi::store::CachePolicy::Off, &|_, _| {});
    let mut app = fazhi::tui::app::App::new(
        std::sync::Arc::new(library),
        fazhi::tui::keymap::Keymap::default_map(),
        fazhi::tui::theme::Theme::color(),
        fazhi::tui::lang::Lang::En,
    );
    handle(&mut app, Msg::Resize(w, h));
    app
}

#[test]
fn history_shows_both_years_of_a_district_with_their_figures_and_a_chart() {
    let mut app = reader_over("zhanggong", 120, 36);
    keys(&mut app, "H");
    let buf = draw(&app);
    let screen = rows(&buf);
    let text = screen.join("\n");
    assert!(text.contains("章贡区 year by year (2 years)"), "{text}");
    let row = |year: &str| {
        screen
            .iter()
            .find(|l| l.contains(&format!("章贡区 {year}")))
            .unwrap_or_else(|| panic!("no {year} row:\n{text}"))
            .clone()
    };
    // The first column is 收到行政复议申请: 40件 in 2022, 52件 in 2023, oldest first.
    assert!(row("2022").contains("40件"), "{text}");
    assert!(row("2023").contains("52件"), "{text}");
    assert!(
        screen.iter().position(|l| l.contains("章贡区 2022"))
            < screen.iter().position(|l| l.contains("章贡区 2023"))
    );
    assert!(!all(&buf, "█").is_empty(), "a bar per year:\n{text}");
}

#[test]
fn history_of_a_district_with_one_year_says_so() {
    let mut app = app(120, 36);
    keys(&mut app, "H");
    assert!(app.popup().is_none());
    let text = rows(&draw(&app)).join("\n");
    assert!(text.contains("one year of 铁西区 only"), "{text}");
}

#[test]
fn each_column_marks_the_paragraphs_that_have_notes() {
    let mut app = app(200, 60);
    let data = TempDir::new("compare-notes");
    app.attach_notes(fazhi::tui::notebook::Notes::open(
        Some(&data),
        "reviewer".into(),
    ));
    let ctrl_s = crossterm::event::KeyEvent::new(
        KeyCode::Char('s'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    for report in ["顺城区 2024", "文登区 2023"] {
        open(&mut app, report);
        // On the section's first figure, so the note is on a paragraph, not a heading.
        keys(&mut app, "]]}a");
        assert!(app.popup().is_some(), "no editor in {report}");
        keys(&mut app, "核对");
        handle(&mut app, Msg::Key(ctrl_s));
        settle_notes(&mut app);
    }
    keys(&mut app, "cshuncheng");
    key(&mut app, KeyCode::Enter);
    let (mut left, mut right) = (false, false);
    for _ in 0..30 {
        for (x, _) in all(&draw(&app), "✎") {
            if x < 100 {
                left = true;
            } else {
                right = true;
            }
        }
        keys(&mut app, "]");
    }
    assert!(left && right, "✎ in A's column: {left}, in B's: {right}");
}

#[test]
fn over_ssh_export_writes_no_file_on_the_server_and_says_to_copy_instead() {
    use fazhi::tui::session::{Session, Start};
    let dir = TempDir::new("remote-export");
    let mut session = Session::start(Start {
        remote: true,
        ..crate::screen::start("visitor")
    });
    let app = &mut session.app;
    handle(app, Msg::Resize(160, 40));
    open(app, "文登区 2023");
    keys(app, ":");
    keys(app, "xzfy");
    key(app, KeyCode::Enter);
    keys(app, "T");
    keys(app, "w");
    let path = dir.join("taken.csv");
    handle(app, Msg::Paste(path.display().to_string()));
    key(app, KeyCode::Enter);
    assert!(!path.exists(), "a remote user wrote {}", path.display());
    let screen = rows(&draw(app)).join("\n");
    assert!(screen.contains("writes no file on the server"), "{screen}");
}

/// A library none of the sample folders hold: 文登区 in three years (2022 and 2024 made from
/// the 2023 sample, its 受理行政复议申请 changed: 70件, 82件, 97件), a neighbour in 威海市 in
/// 2024, and 顺城区 2024 from another province. The reader opens it on 文登区 2024, in English
/// with the keymap `keymap`.
fn three_years_of_wendeng(keymap: fazhi::tui::keymap::Keymap) -> (TempDir, App) {
    let dir = TempDir::new("compare-three-years");
    let year = |y: u16, applications: &str| {
        WENDENG
            .replace(
                "关于2023年法治政府建设情况的报告",
                &format!("关于{y}年法治政府建设情况的报告"),
            )
            .replace(
                "受理行政复议申请82件",
                &format!("受理行政复议申请{applications}"),
            )
    };
    let huancui = "威海市环翠区人民政府\n关于2024年法治政府建设情况的报告\n\n市政府：\n\
        2024年，环翠区全面推进法治政府建设。现将有关情况报告如下。\n\
        一、主要工作\n（一）化解行政争议。全年共收到行政复议申请61件，办结58件。\n\
        二、存在的不足\n基层执法力量薄弱。\n";
    let files = [
        ("wendeng-2022.txt", year(2022, "70件")),
        ("wendeng-2023.txt", year(2023, "82件")),
        ("wendeng-2024.txt", year(2024, "97件")),
        ("huancui-2024.txt", huancui.to_string()),
        ("shuncheng-2024.txt", SHUNCHENG.to_string()),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let (library, _) = fazhi::library::Library::open_with(
        &[dir.path()],
        &fazhi::store::CachePolicy::Off,
        &|_, _| {},
    );
    assert!(library.problems.is_empty(), "{:?}", library.problems);
    let mut app = App::new(
        std::sync::Arc::new(library),
        keymap,
        fazhi::tui::theme::Theme::color(),
        fazhi::tui::lang::Lang::En,
    );
    handle(&mut app, Msg::Resize(120, 36));
    open(&mut app, "文登区 2024");
    (dir, app)
}

/// The chooser's list, one line per report offered, in order: the text inside its frame,
/// below the query line.
fn offered(app: &App) -> Vec<String> {
    let buf = draw(app);
    let (x, y) = find(&buf, "Compare").expect("the chooser is open");
    // The title sits two cells right of the frame's corner; the query line is the first inside.
    let left = x - 1;
    let mut list = Vec::new();
    for row in y + 2..buf.area.height {
        let mut line = String::new();
        let mut col = left;
        while col < buf.area.width && buf[(col, row)].symbol() != "│" {
            let symbol = buf[(col, row)].symbol();
            line.push_str(symbol);
            // A wide character's second cell is a filler.
            col += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        let line = line.trim().to_string();
        if line.is_empty() {
            break;
        }
        list.push(line);
    }
    list
}

#[test]
fn the_chooser_offers_the_previous_year_first_and_finds_wendeng_by_pinyin_initials() {
    let (_dir, mut app) = three_years_of_wendeng(fazhi::tui::keymap::Keymap::default_map());
    keys(&mut app, "c");
    let list = offered(&app);
    // Related reports first: the same district's earlier years, latest first, then the same
    // year in the same prefecture; the open report is not offered.
    assert!(list[0].starts_with("文登区 2023"), "{list:#?}");
    assert!(list[0].contains("same district, earlier year"), "{list:#?}");
    assert!(list[1].starts_with("文登区 2022"), "{list:#?}");
    assert!(list[2].starts_with("环翠区 2024"), "{list:#?}");
    assert!(list[2].contains("same prefecture, same year"), "{list:#?}");
    assert!(
        list.iter().any(|l| l.starts_with("顺城区 2024")),
        "{list:#?}"
    );
    assert!(
        !list.iter().any(|l| l.starts_with("文登区 2024")),
        "{list:#?}"
    );
    // `wd` (文登) leaves the two other years of 文登区, the previous one first.
    keys(&mut app, "wd");
    let list = offered(&app);
    assert_eq!(list.len(), 2, "{list:#?}");
    assert!(list[0].starts_with("文登区 2023"), "{list:#?}");
    assert!(list[1].starts_with("文登区 2022"), "{list:#?}");
    key(&mut app, KeyCode::Enter);
    // Side by side, the open year against the previous one (the header names both).
    let header = rows(&draw(&app))[1].clone();
    assert!(header.contains("A 文登区 2024"), "{header}");
    assert!(header.contains("B 文登区 2023"), "{header}");
}

#[test]
fn emacs_ctrl_g_closes_the_chooser_and_keys_no_binding_claims_are_the_query() {
    let (_dir, mut app) = three_years_of_wendeng(fazhi::tui::keymap::Keymap::emacs());
    let alt_c =
        crossterm::event::KeyEvent::new(KeyCode::Char('c'), crossterm::event::KeyModifiers::ALT);
    handle(&mut app, Msg::Key(alt_c));
    assert!(rows(&draw(&app))
        .join("\n")
        .contains("Compare 文登区 2024 with"));
    // Letters no binding of the emacs `[palette]` section claims are the query: `hc`, 环翠.
    keys(&mut app, "hc");
    let list = offered(&app);
    assert!(list[0].starts_with("环翠区 2024"), "{list:#?}");
    ctrl(&mut app, 'g');
    assert!(app.popup().is_none());
    assert!(!rows(&draw(&app)).join("\n").contains("Compare 文登区"));
}

#[test]
fn the_year_table_shows_each_years_change_from_the_year_before() {
    let (_dir, mut app) = three_years_of_wendeng(fazhi::tui::keymap::Keymap::default_map());
    keys(&mut app, "H");
    let row = |app: &App, year: &str| -> String {
        let screen = rows(&draw(app));
        screen
            .iter()
            .find(|l| l.contains(&format!("文登区 {year} ")))
            .unwrap_or_else(|| panic!("no {year} row:\n{}", screen.join("\n")))
            .clone()
    };
    // Select the column of the applications (the change column follows the selected one).
    for _ in 0..200 {
        if row(&app, "2024").contains("97件") && row(&app, "2024").contains("+15件") {
            break;
        }
        keys(&mut app, "l");
    }
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("year by year (3 years)"), "{screen}");
    assert!(
        screen.lines().nth(1).unwrap().contains("change"),
        "{screen}"
    );
    // A row's cells, as the columns separate them.
    let cells = |year: &str| -> Vec<String> {
        row(&app, year)
            .split("  ")
            .map(|c| {
                c.trim_matches(|c: char| c == '│' || c.is_whitespace())
                    .to_string()
            })
            .filter(|c| !c.is_empty())
            .collect()
    };
    let follows = |year: &str, value: &str, change: &str| {
        let cells = cells(year);
        let at = cells.iter().position(|c| c == value);
        assert_eq!(at.map(|k| cells[k + 1].as_str()), Some(change), "{screen}");
    };
    follows("2024", "97件", "+15件 (+18.3%)");
    follows("2023", "82件", "+12件 (+17.1%)");
    follows("2022", "70件", "·");
    // Another column: its own changes; figures the years share unchanged say so.
    keys(&mut app, "l");
    assert!(!row(&app, "2024").contains("+15件"), "{screen}");
}

#[test]
fn exporting_the_year_table_writes_each_figures_change_from_the_year_before() {
    let (dir, mut app) = three_years_of_wendeng(fazhi::tui::keymap::Keymap::default_map());
    keys(&mut app, "H");
    let export = |app: &mut App, name: &str| -> String {
        let path = dir.join(name);
        keys(app, "w");
        handle(app, Msg::Paste(path.display().to_string()));
        key(app, KeyCode::Enter);
        let status = rows(&draw(app)).join("\n");
        assert!(status.contains("wrote 3 rows"), "{status}");
        std::fs::read_to_string(&path).unwrap()
    };
    let csv = export(&mut app, "years.csv");
    let lines: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let header = &lines[0];
    // Each year's row: the applications, then their change, under the label and its change.
    let follows = |year: &str, value: &str, change: &str| {
        let row = lines
            .iter()
            .find(|cells| cells[2] == year)
            .unwrap_or_else(|| panic!("no {year} row:\n{csv}"));
        let at = row.iter().position(|c| *c == value);
        let at = at.unwrap_or_else(|| panic!("no {value} in {year}:\n{csv}"));
        assert_eq!(row[at + 1], change, "{csv}");
        assert_eq!(header[at + 1], format!("{} change", header[at]), "{csv}");
    };
    follows("2024", "97件", "+15件 (+18.3%)");
    follows("2023", "82件", "+12件 (+17.1%)");
    follows("2022", "70件", "");
    let md = export(&mut app, "years.md");
    let row_2024 = md.lines().find(|l| l.contains("| 文登区 2024 |"));
    assert!(
        row_2024.is_some_and(|l| l.contains("| 97件 | +15件 (+18.3%) |")),
        "{md}"
    );
    keys(&mut app, "y");
    let copied = app.take_effects();
    assert!(
        matches!(&copied[..], [Effect::Copy(md)] if md.contains("| 97件 | +15件 (+18.3%) |")),
        "{copied:?}"
    );
}

#[test]
fn enter_on_a_table_row_opens_that_report_at_its_section_on_the_topic() {
    let mut app = review_table(160, 40);
    let screen = rows(&draw(&app));
    // Rows start below the header (screen row 1 is the header, row 2 the first report).
    let at = screen
        .iter()
        .position(|l| l.contains("文登区 2023"))
        .unwrap();
    for _ in 2..at {
        keys(&mut app, "j");
    }
    key(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    let crumb = app.breadcrumb();
    assert!(crumb.starts_with("文登区 2023 › "), "{crumb}");
    let section = app
        .current_section()
        .expect("a section, not the report's start");
    let title = &app.report().unwrap().sections[section].title;
    // The section stating 受理行政复议申请82件, which the topic tags.
    assert!(
        title.contains("社会矛盾纠纷依法有效化解"),
        "{crumb} {title}"
    );
    let review = app.topics().resolve("行政复议").unwrap();
    assert!(app.section_topics(section).contains(&review), "{crumb}");
}

#[test]
fn at_80x24_sections_only_the_other_report_has_fold_into_one_line_that_counts_them() {
    let mut app = wendeng_beside_shuncheng(80, 24);
    let Some(fazhi::tui::popup::Popup::Compare(v)) = app.popup() else {
        panic!("the side-by-side view is open");
    };
    // The first run of 顺城区's sections with none of 文登区's facing them, and its length.
    let rows_a: Vec<bool> = v.cmp.sections.iter().map(|r| r.a.is_none()).collect();
    let at = (0..rows_a.len())
        .find(|&k| rows_a[k] && rows_a.get(k + 1) == Some(&true))
        .expect("the samples no longer hold such a run");
    let run = rows_a[at..].iter().take_while(|&&m| m).count();
    let next = v.cmp.sections[at + run]
        .a
        .expect("a section of 文登区 follows");
    let title = app.library().report(v.a).sections[next].title.clone();
    // `]` row by row down to it: the run is one row.
    for _ in 0..at {
        keys(&mut app, "]");
    }
    let screen = rows(&draw(&app));
    let text = |l: &str| l.trim_matches(|c| c == '│' || c == ' ').to_string();
    assert_eq!(
        text(&screen[2]),
        format!("— {run} sections of 顺城区 2024 have no match in 文登区 2023"),
        "{}",
        screen.join("\n")
    );
    // Below it (after the blank line between rows) comes 文登区's next section.
    assert!(screen[4].contains(&title), "{}", screen.join("\n"));
    // `]` steps over the folded rows to that section, and `[` back onto the line.
    keys(&mut app, "]");
    assert!(rows(&draw(&app))[2].contains(&title));
    keys(&mut app, "[");
    assert_eq!(rows(&draw(&app))[2], screen[2]);
    // Down both columns, page by page: never two lines in a row saying a section is missing.
    for side in ["A", "B"] {
        if side == "B" {
            key(&mut app, KeyCode::Tab);
        }
        key(&mut app, KeyCode::Home);
        for _ in 0..40 {
            let screen = rows(&draw(&app));
            let body: Vec<&String> = screen[2..].iter().filter(|l| !text(l).is_empty()).collect();
            let missing = |l: &&String| l.contains("no match");
            assert!(
                !body.windows(2).any(|w| missing(&w[0]) && missing(&w[1])),
                "{side}:\n{}",
                screen.join("\n")
            );
            key(&mut app, KeyCode::PageDown);
        }
    }
}

#[test]
fn enter_shows_the_highlighted_report_whether_or_not_it_was_compared_while_highlighted() {
    let strip = |app: &App| -> String {
        let screen = rows(&draw(app));
        let at = (screen.iter().position(|l| l.contains("Figures both state"))).unwrap();
        screen[..2].join("\n") + &screen[at..].join("\n")
    };
    // Enter at once, nothing compared before.
    let cold = strip(&wendeng_beside_shuncheng(200, 60));
    // The same, after the chooser held 顺城区 highlighted for a moment.
    let mut app = app(200, 60);
    open(&mut app, "文登区 2023");
    keys(&mut app, "c");
    keys(&mut app, "shuncheng");
    handle(&mut app, Msg::Tick);
    std::thread::sleep(std::time::Duration::from_millis(300));
    key(&mut app, KeyCode::Enter);
    assert_eq!(strip(&app), cold);
    // Compared while highlighted, then the highlight moved on: Enter shows the report now
    // highlighted, not the one compared before.
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "c");
    handle(&mut app, Msg::Tick);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let Some(fazhi::tui::popup::Popup::Choose(chooser)) = app.popup() else {
        panic!("the chooser is open");
    };
    let second = chooser.hits[1].0;
    let name = app.library().report(second).short_name();
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let screen = rows(&draw(&app)).join("\n");
    let title = screen.lines().next().unwrap();
    assert!(title.contains(&name), "{name}: {screen}");
    let mut fresh = self::app(200, 60);
    open(&mut fresh, "文登区 2023");
    keys(&mut fresh, "c");
    key(&mut fresh, KeyCode::Down);
    key(&mut fresh, KeyCode::Enter);
    assert_eq!(strip(&app), strip(&fresh));
}

#[test]
fn at_80x24_the_year_table_says_how_many_columns_lie_beyond_and_offers_only_its_own_keys() {
    let (_dir, mut app) = three_years_of_wendeng(fazhi::tui::keymap::Keymap::default_map());
    app = {
        handle(&mut app, Msg::Resize(80, 24));
        app
    };
    keys(&mut app, "H");
    let screen = rows(&draw(&app));
    let Some(fazhi::tui::popup::Popup::Table(t)) = app.popup() else {
        panic!("the year table is open");
    };
    let total = t.table.columns.len();
    // The header ends by counting the columns off to the right.
    let header = &screen[1];
    let beyond: usize = (header.split(" more →").next())
        .and_then(|before| before.split_whitespace().last())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of columns beyond: {header}"));
    assert!(header.contains(&format!("{beyond} more →")), "{header}");
    assert!(
        beyond > 0 && beyond < total,
        "{beyond} of {total}: {header}"
    );
    // A district's years have no list to go back to: `T list` is not offered.
    let all = screen.join("\n");
    assert!(all.contains("←→ column  s sort"), "{all}");
    assert!(!all.contains("T list"), "{all}");
}
