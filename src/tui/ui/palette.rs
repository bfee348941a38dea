//! The palette (results with matched characters highlighted, and a preview) and the topic
//! view (one topic across all reports).

use super::centered;
use crate::palette::{CandidateKind, Scope};
use crate::tui::app::App;
use crate::tui::popup::{Everywhere, Palette, TopicView};
use crate::tui::reading;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draw the palette popup.
pub fn palette(frame: &mut Frame, app: &App, p: &Palette) {
    let t = &app.theme;
    let screen = frame.area();
    let area = centered(screen, 110, screen.height.saturating_sub(2));
    let title = format!(" {} ", app.lang.palette_title(p.all));
    let Some(below) = super::query_popup(frame, app, area, title, &p.input) else {
        return;
    };
    if below.height < 2 {
        return;
    }
    let list_h = (below.height * 3 / 5).max(1);
    let list = Rect {
        height: list_h,
        ..below
    };
    let preview = Rect {
        y: list.y + list_h,
        height: below.height - list_h,
        ..below
    };
    let Some(ix) = &app.palette else {
        if app.palette_building() {
            let note = app.lang.indexing(app.library.len());
            frame.render_widget(Paragraph::new(Line::styled(note, t.dim)), list);
        }
        return;
    };
    let lines: Vec<Line> = super::scrolled(&p.hits, p.cursor, list_h as usize)
        .map(|(row, hit)| {
            let c = &ix.candidates()[hit.candidate];
            let kind = app.lang.candidate_kind(&c.kind);
            let mut spans = vec![Span::styled(kind, t.dim)];
            spans.extend(highlight(&c.text, &hit.matched, t.matched));
            super::row(Line::from(spans), row == p.cursor, app)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    // Out of what the scope searches: all candidates, or the topics and this report's.
    let total = ix.scope_len(if p.all {
        Scope::All { current: None }
    } else {
        Scope::CurrentReport(app.current)
    });
    let count = format!(" {}/{total} ", p.hits.len());
    let sep = Line::styled(
        format!(
            "{count}{}",
            "─".repeat((preview.width as usize).saturating_sub(count.len()))
        ),
        t.border,
    );
    frame.render_widget(
        Paragraph::new(sep),
        Rect {
            height: 1,
            ..preview
        },
    );
    if let Some(hit) = p.hits.get(p.cursor) {
        let kind = ix.candidates()[hit.candidate].kind;
        let body = Rect {
            y: preview.y + 1,
            height: preview.height.saturating_sub(1),
            ..preview
        };
        frame.render_widget(Paragraph::new(preview_lines(app, kind, body.width)), body);
    }
}

/// Spans of `text` with the chars at `matched` (char indices) in `style`.
pub(super) fn highlight(text: &str, matched: &[usize], style: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in text.chars().enumerate() {
        let hit = matched.binary_search(&i).is_ok();
        if hit != run_hit && !run.is_empty() {
            let s = std::mem::take(&mut run);
            spans.push(if run_hit {
                Span::styled(s, style)
            } else {
                Span::raw(s)
            });
        }
        run_hit = hit;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(if run_hit {
            Span::styled(run, style)
        } else {
            Span::raw(run)
        });
    }
    spans
}

/// What the highlighted result leads to: the start of a section, a figure in its sentence,
/// or a topic's words.
fn preview_lines(app: &App, kind: CandidateKind, width: u16) -> Vec<Line<'static>> {
    let t = &app.theme;
    let wrap = |text: &str, style: Style| -> Vec<Line<'static>> {
        reading::wrap(text, width as usize)
            .into_iter()
            .map(|r| Line::styled(text[r].to_string(), style))
            .collect()
    };
    match kind {
        CandidateKind::Topic(i) => {
            let Some(topic) = app.topics.get(i) else {
                return Vec::new();
            };
            let mut lines = vec![Line::styled(topic.name.clone(), t.heading)];
            let mut words: Vec<String> = Vec::new();
            for w in topic.aliases.iter().chain(&topic.keywords) {
                if !words.contains(w) && *w != topic.name {
                    words.push(w.clone());
                }
            }
            lines.extend(wrap(&words.join(" · "), t.dim));
            lines
        }
        CandidateKind::Report(report) => {
            let Some(r) = app.library.get(report) else {
                return Vec::new();
            };
            let mut lines = vec![Line::styled(r.short_name(), t.heading)];
            if let Some(p) = r.preamble.first() {
                lines.extend(wrap(&p.text, Style::default()));
            }
            lines
        }
        CandidateKind::Section { report, section } => {
            let Some(r) = app.library.get(report) else {
                return Vec::new();
            };
            let s = &r.sections[section];
            let mut lines = vec![Line::styled(
                format!("{} › {}", r.short_name(), s.heading()),
                t.heading,
            )];
            let body = s
                .paragraphs
                .first()
                .map(|p| p.text.clone())
                .or_else(|| {
                    r.children(Some(section))
                        .next()
                        .map(|c| r.sections[c].heading())
                })
                .unwrap_or_default();
            lines.extend(wrap(&body, Style::default()));
            lines
        }
        CandidateKind::Figure {
            report,
            section,
            paragraph,
            figure,
        } => {
            let Some(r) = app.library.get(report) else {
                return Vec::new();
            };
            let p = match section {
                Some(s) => r.sections.get(s).and_then(|s| s.paragraphs.get(paragraph)),
                None => r.preamble.get(paragraph),
            };
            let Some(p) = p else {
                return Vec::new();
            };
            let Some(f) = p.figures.get(figure) else {
                return Vec::new();
            };
            // The sentence around the figure, with the figure in its style.
            let start = p.text[..f.range.start]
                .rfind(['。', '；'])
                .map_or(0, |i| i + '。'.len_utf8());
            let end = p.text[f.range.end..]
                .find('。')
                .map_or(p.text.len(), |i| f.range.end + i + '。'.len_utf8());
            let mut lines = vec![Line::styled(
                format!(
                    "{} › {}",
                    r.short_name(),
                    section.map_or(String::new(), |s| r.path(s))
                ),
                t.heading,
            )];
            let sentence = &p.text[start..end];
            for range in reading::wrap(sentence, width as usize) {
                let mut spans = Vec::new();
                let (a, b) = (start + range.start, start + range.end);
                let (fa, fb) = (f.range.start.clamp(a, b), f.range.end.clamp(a, b));
                spans.push(Span::raw(p.text[a..fa].to_string()));
                spans.push(Span::styled(p.text[fa..fb].to_string(), t.figure(f.kind)));
                spans.push(Span::raw(p.text[fb..b].to_string()));
                lines.push(Line::from(spans));
            }
            lines
        }
    }
}

/// The popups that want room (the topic view, search everywhere): all of `screen` but a
/// margin that keeps the reader in sight around them.
fn all_but_a_margin(screen: Rect) -> Rect {
    centered(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(2),
    )
}

/// At most this many figures of a section are listed in the topic view (`+N` says how many
/// more there are).
const TOPIC_FIGURES: usize = 12;

/// Draw the topic view: a row per report, its sections on the topic and their figures.
pub fn topic(frame: &mut Frame, app: &App, v: &TopicView) {
    let t = &app.theme;
    let area = all_but_a_margin(frame.area());
    let name = app.topics.get(v.topic).map_or("?", |t| t.name.as_str());
    let covered = v.rows.iter().filter(|r| !r.sections.is_empty()).count();
    let title = format!(" {} ", app.lang.topic_title(name, covered, v.rows.len()));
    let inner = super::popup_frame(frame, app, area, title);
    let entries = v.entries();
    let selected = entries.get(v.cursor).copied();
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0;
    let name_w = 14usize;
    for (r, row) in v.rows.iter().enumerate() {
        let label = format!("{:<w$}", row.name, w = name_w);
        if row.sections.is_empty() {
            lines.push(Line::from(vec![
                Span::styled(label, t.dim),
                Span::styled(app.lang.not_covered(), t.dim),
            ]));
            continue;
        }
        for (s, sec) in row.sections.iter().enumerate() {
            let head = if s == 0 {
                Span::styled(label.clone(), t.heading)
            } else {
                Span::raw(" ".repeat(name_w + 2))
            };
            let mut spans = vec![
                head,
                Span::styled(format!("{} ", sec.path), t.dim),
                Span::raw(sec.title.clone()),
            ];
            let line_style = if selected == Some((r, s)) {
                cursor_line = lines.len();
                t.selected
            } else {
                Style::default()
            };
            lines.push(Line::from(std::mem::take(&mut spans)).style(line_style));
            // Figures on indented lines, wrapped: a figure is never cut at the border, and a
            // label too long for a whole line gives way with `…`.
            if !sec.figures.is_empty() {
                let indent = name_w + 4;
                let room = (inner.width as usize).saturating_sub(indent);
                let mut line = vec![Span::raw(" ".repeat(indent))];
                let mut used = 0;
                for f in sec.figures.iter().take(TOPIC_FIGURES) {
                    let shown = f.shown();
                    let fw = UnicodeWidthStr::width(shown.as_ref());
                    let lw = UnicodeWidthStr::width(f.label.as_str());
                    let item = if f.label.is_empty() { fw } else { lw + 1 + fw };
                    if used > 0 && used + item > room {
                        // The gap after the last figure of a line would push it past the
                        // border, where the row is cut.
                        line.pop();
                        lines.push(Line::from(std::mem::take(&mut line)));
                        line.push(Span::raw(" ".repeat(indent)));
                        used = 0;
                    }
                    if !f.label.is_empty() {
                        let label = crate::report::label::shorten(
                            &f.label,
                            room.saturating_sub(fw + 1).min(lw),
                        );
                        used += UnicodeWidthStr::width(label.as_str()) + 1;
                        line.push(Span::styled(format!("{label} "), t.dim));
                    }
                    line.push(Span::styled(shown.into_owned(), t.figure(f.kind)));
                    line.push(Span::raw("  "));
                    used += fw + 2;
                }
                let more = sec.figures.len().saturating_sub(TOPIC_FIGURES);
                if more > 0 {
                    let tag = format!("+{more}");
                    if used + tag.len() > room {
                        line.pop();
                        lines.push(Line::from(std::mem::take(&mut line)));
                        line.push(Span::raw(" ".repeat(indent)));
                    }
                    line.push(Span::styled(tag, t.dim));
                } else {
                    line.pop();
                }
                lines.push(Line::from(line));
            }
        }
    }
    let h = inner.height as usize;
    let offset = cursor_line.saturating_sub(h.saturating_sub(2));
    let width = inner.width as usize;
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .skip(offset)
                .map(|l| super::ellipsize(l, width))
                .collect::<Vec<_>>(),
        ),
        inner,
    );
}

/// Draw the search-everywhere view: the query, then every match with its report, section and
/// the text around it.
pub fn everywhere(frame: &mut Frame, app: &App, e: &Everywhere) {
    let t = &app.theme;
    let area = all_but_a_margin(frame.area());
    let state = if e.job.is_some() {
        app.lang.searching()
    } else {
        ""
    };
    let title = format!(
        " {} · {} {state} ",
        app.lang.everywhere_title(e.regex),
        app.lang.match_count(e.hits.len())
    );
    let Some(list) = super::query_popup(frame, app, area, title, &e.input) else {
        return;
    };
    if let Some(err) = &e.error {
        frame.render_widget(Paragraph::new(Line::styled(err.clone(), t.message)), list);
        return;
    }
    let lines: Vec<Line> = super::scrolled(&e.hits, e.cursor, list.height as usize)
        .filter_map(|(row, hit)| Some((row, hit, e.snippets.get(row)?)))
        .map(|(row, hit, snip)| {
            let r = app.library.row(hit.place.report);
            let path = hit.place.section().map_or("", |s| r.section(s).0);
            let matched: Vec<usize> = snip.matched.clone().collect();
            let mut spans = vec![
                Span::styled(format!("{} ", r.short_name()), t.heading),
                Span::styled(format!("{path} "), t.dim),
            ];
            spans.extend(highlight(&snip.text, &matched, t.search));
            super::row(Line::from(spans), row == e.cursor, app)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
