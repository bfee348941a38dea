//! Figures on screen are never cut: the figures pane and the topic view shorten a label with
//! `…` and wrap onto more lines, at 80x24 and 120x36, over every section of the samples.

use crate::screen::*;
use crossterm::event::KeyCode;
use fazhi::report::FigureKind;
use fazhi::tui::app::App;
use fazhi::tui::input::list_offset;
use fazhi::tui::popup::Popup;
use fazhi::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 36)];
const REPORTS: [&str; 5] = [
    "千山区 2023",
    "顺城区 2024",
    "文登区 2023",
    "铁西区 2024",
    "周村区 2023",
];

/// The text of row `y` between the columns of `r` (borders excluded).
fn row_in(buf: &Buffer, r: Rect, y: u16) -> String {
    let mut s = String::new();
    let mut x = r.x + 1;
    while x < r.x + r.width - 1 {
        let sym = buf[(x, y)].symbol();
        s.push_str(sym);
        x += sym.width().max(1) as u16;
    }
    s.trim_end().to_string()
}

/// Step through every section of the open report, calling `check` at each.
fn every_section(app: &mut App, mut check: impl FnMut(&mut App)) {
    key(app, KeyCode::Char('g'));
    let mut last = String::new();
    for _ in 0..80 {
        check(app);
        key(app, KeyCode::Char(']'));
        let now = app.breadcrumb();
        if now == last {
            break;
        }
        last = now;
    }
}

#[test]
fn the_figures_pane_shows_every_figure_whole_and_shortens_labels_instead() {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        for name in REPORTS {
            open(&mut app, name);
            if !app.visible().figures {
                key(&mut app, KeyCode::Char('3'));
            }
            let mut shortened = 0;
            every_section(&mut app, |app| {
                let buf = draw(app);
                let pane = app.areas().figures.expect("figures pane shown");
                let r = app.report().expect("a report");
                let figs = app.section_figures();
                let offset = list_offset(app.figure_cursor(), pane);
                for (k, &(b, i)) in figs.iter().enumerate().skip(offset) {
                    let y = pane.y + 1 + (k - offset) as u16;
                    if y >= pane.y + pane.height - 1 {
                        break;
                    }
                    let f = &app.passages()[b].paragraph(r).expect("paragraph").figures[i];
                    let row = row_in(&buf, pane, y);
                    assert!(
                        row.ends_with(f.shown().as_ref()),
                        "{w}x{h} {}: row {row:?} cuts {} ({})",
                        app.breadcrumb(),
                        f.text,
                        f.label
                    );
                    if row.contains('…') {
                        shortened += 1;
                    }
                }
            });
            // Narrow panes do shorten some labels: the check above saw real rows.
            if w == 80 {
                assert!(shortened > 0, "{name}: no label was shortened at {w}x{h}");
            }
        }
    }
}

#[test]
fn the_topic_view_wraps_figures_onto_more_lines_instead_of_cutting_them() {
    let theme = Theme::color();
    let styles: Vec<_> = [
        FigureKind::Count,
        FigureKind::Percent,
        FigureKind::Money,
        FigureKind::Quantity,
    ]
    .map(|k| theme.figure(k))
    .to_vec();
    for (w, h) in SIZES {
        let mut app = app(w, h);
        let mut views = 0;
        for name in REPORTS {
            open(&mut app, name);
            every_section(&mut app, |app| {
                key(app, KeyCode::Char('t'));
                let Some(Popup::Topic(v)) = app.popup() else {
                    return;
                };
                views += 1;
                let known: Vec<String> = v
                    .rows
                    .iter()
                    .flat_map(|r| &r.sections)
                    .flat_map(|s| &s.figures)
                    .map(|f| f.text.clone())
                    .collect();
                let buf = draw(app);
                // Every run of figure-styled cells is a whole figure.
                for y in 0..h {
                    let mut run = String::new();
                    let mut x = 0;
                    while x <= w {
                        let cell = (x < w).then(|| &buf[(x, y)]);
                        // A wide character's second cell is skipped, as a terminal does.
                        x += cell.map_or(1, |c| c.symbol().width().max(1) as u16);
                        match cell.filter(|c| styles.iter().any(|s| s.fg == c.style().fg)) {
                            Some(c) => run.push_str(c.symbol()),
                            None if !run.is_empty() => {
                                let text = std::mem::take(&mut run);
                                assert!(
                                    known
                                        .iter()
                                        .any(|k| k.replace(' ', "") == text.replace(' ', "")),
                                    "{w}x{h} {}: {text:?} is not a whole figure\n{}",
                                    app.breadcrumb(),
                                    rows(&buf).join("\n")
                                );
                            }
                            None => {}
                        }
                    }
                }
                key(app, KeyCode::Esc);
            });
        }
        assert!(views > 20, "only {views} topic views opened at {w}x{h}");
    }
}

#[test]
fn t_opens_the_topic_the_heading_names_and_t_again_the_next() {
    let mut app = app(200, 60);
    open(&mut app, "千山区 2023");
    for _ in 0..40 {
        if app.breadcrumb().contains("七）") || app.breadcrumb().contains("七)") {
            break;
        }
        key(&mut app, KeyCode::Char(']'));
    }
    assert!(app.breadcrumb().contains('七'), "{}", app.breadcrumb());
    let s = app.current_section().expect("a section");
    let ranked = app.section_topics(s).to_vec();
    let name = |t: usize| {
        app.topics()
            .get(t)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        name(ranked[0]),
        "矛盾纠纷化解",
        "{:?}",
        ranked.iter().map(|&t| name(t)).collect::<Vec<_>>()
    );
    assert!(ranked.len() > 1, "the section has other topics too");
    // The status line lists them in that order.
    let status = rows(&draw(&app)).last().cloned().unwrap_or_default();
    let first = status.find(&name(ranked[0]));
    let second = status.find(&name(ranked[1]));
    if let (Some(a), Some(b)) = (first, second) {
        assert!(a < b, "{status}");
    } else {
        assert!(first.is_some(), "{status}");
    }
    key(&mut app, KeyCode::Char('t'));
    let shown = |app: &App| match app.popup() {
        Some(Popup::Topic(v)) => Some(v.topic),
        _ => None,
    };
    assert_eq!(shown(&app), Some(ranked[0]));
    let title = rows(&draw(&app)).join("\n");
    assert!(title.contains("矛盾纠纷化解"), "{title}");
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(shown(&app), Some(ranked[1]));
    for _ in 1..ranked.len() {
        key(&mut app, KeyCode::Char('t'));
    }
    assert_eq!(
        shown(&app),
        Some(ranked[0]),
        "t goes round to the first again"
    );
}

#[test]
fn the_figures_pane_says_when_its_figures_are_targets_for_the_year_ahead() {
    let text = "银川市永宁县人民政府关于2024年法治政府建设情况的报告\n\
                一、主要成效\n全县办结行政复议案件42件，纠错率7.1%。\n\
                二、下一步工作打算\n力争纠错率保持在8%以内，新培育“法律明白人”300名。\n";
    let report = fazhi::report::parse("yongning.txt", text);
    let library = fazhi::library::Library::from_reports(vec![report], Vec::new());
    let mut app = app_on(library, 120, 30);
    open(&mut app, "永宁县 2024");
    if !app.visible().figures {
        key(&mut app, KeyCode::Char('3'));
    }
    let title = |app: &App| {
        let buf = draw(app);
        let pane = app.areas().figures.expect("figures pane shown");
        (pane.x..pane.x + pane.width)
            .map(|x| buf[(x, pane.y)].symbol().to_string())
            .collect::<String>()
    };
    let mut seen = Vec::new();
    every_section(&mut app, |app| seen.push((app.breadcrumb(), title(app))));
    let of = |heading: &str| {
        (seen.iter())
            .find(|(crumb, _)| crumb.contains(heading))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no {heading}: {seen:?}"))
    };
    assert!(of("一、").contains("Figures 2") && !of("一、").contains("targets"));
    assert!(of("二、").contains("Figures 2 · targets"), "{seen:?}");
}
