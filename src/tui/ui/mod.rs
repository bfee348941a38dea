//! Widgets: each draws one pane from a borrowed [`App`]; none changes it.

mod compare;
mod content;
mod editor;
mod help;
mod lists;
mod note_view;
mod notes_pane;
mod palette;
mod status;
mod table;

use super::app::{App, Mode, Pane};
use super::popup::Popup;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};
use ratatui::Frame;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let areas = app.areas();
    // The side-by-side and table views cover every pane: drawing the panes under them would
    // only be cleared again.
    let covered = matches!(app.popup, Some(Popup::Compare(_) | Popup::Table(_)));
    if !covered {
        panes(frame, app, &areas);
    }
    status::draw(frame, app, areas.status);
    match &app.popup {
        Some(Popup::Palette(p)) => palette::palette(frame, app, p),
        Some(Popup::Topic(v)) => palette::topic(frame, app, v),
        Some(Popup::Everywhere(e)) => palette::everywhere(frame, app, e),
        Some(Popup::Choose(c)) => compare::chooser(frame, app, c),
        Some(Popup::Compare(v)) => compare::side_by_side(frame, app, v),
        Some(Popup::Table(v)) => table::draw(frame, app, v),
        _ => notes_pane::popup(frame, app),
    }
    if let Mode::Help(scroll) = app.mode {
        help::draw(frame, app, scroll);
    }
}

/// The reader's panes: reports, outline, content, figures, notes.
fn panes(frame: &mut Frame, app: &App, areas: &crate::tui::layout::Areas) {
    if let Some(r) = areas.reports {
        lists::reports(frame, app, r);
    }
    if let Some(r) = areas.outline {
        lists::outline(frame, app, r);
    }
    content::draw(frame, app, areas.content);
    if let Some(r) = areas.figures {
        lists::figures(frame, app, r);
    }
    if let Some(r) = areas.notes {
        notes_pane::pane(frame, app, r);
    }
}

/// A pane's frame, highlighted when it has the focus.
fn pane_block<'a>(app: &App, pane: Pane, title: String) -> Block<'a> {
    let focused = app.focus == pane && app.mode == Mode::Normal;
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            app.theme.focus_border
        } else {
            app.theme.border
        })
        .title(Span::styled(
            format!(" {title} "),
            if focused {
                app.theme.focus_border
            } else {
                app.theme.dim
            },
        ))
}

/// Cut `text[line]` into spans, styling the parts covered by `overlays` (later ones win).
pub(crate) fn styled_line<'a>(
    text: &'a str,
    line: Range<usize>,
    base: Style,
    overlays: &[(Range<usize>, Style)],
) -> Line<'a> {
    let mut cuts = vec![line.start, line.end];
    for (r, _) in overlays {
        for p in [r.start, r.end] {
            if p > line.start && p < line.end {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans = cuts
        .windows(2)
        .map(|w| {
            let style = overlays
                .iter()
                .filter(|(r, _)| r.start <= w[0] && w[1] <= r.end)
                .fold(base, |s, (_, o)| s.patch(*o));
            Span::styled(&text[w[0]..w[1]], style)
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

/// Clear the cells under a popup. A wide (Chinese) character just left of `area` would
/// spill its right half into the popup, and since a terminal is only sent the first cell of
/// a wide character, the popup's left border would never be drawn there: such a character
/// is blanked too.
fn clear(frame: &mut Frame, area: Rect) {
    let buf = frame.buffer_mut();
    let screen = buf.area;
    let wide = |cell: &ratatui::buffer::Cell| cell.symbol().width() > 1;
    for y in area.top()..area.bottom().min(screen.bottom()) {
        if area.x > screen.x && wide(&buf[(area.x - 1, y)]) {
            buf[(area.x - 1, y)].set_symbol(" ");
        }
    }
    frame.render_widget(ratatui::widgets::Clear, area);
}

/// A popup over the reader: the cells under `area` cleared and a frame in the focus colour
/// with `title`; returns the inside.
fn popup_frame(frame: &mut Frame, app: &App, area: Rect, title: String) -> Rect {
    clear(frame, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus_border)
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A popup with a query line over a list (the palette, search everywhere, all notes, the
/// chooser): its frame, and `input` on the first row inside; returns the rows below the
/// input, or `None` when there are none.
fn query_popup(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: String,
    input: &tui_textarea::TextArea<'static>,
) -> Option<Rect> {
    let inner = popup_frame(frame, app, area, title);
    if inner.height < 2 {
        return None;
    }
    input_line(frame, app, input, inner);
    Some(Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    })
}

/// The items of a list that fit in `height` rows, scrolled so that row `cursor` shows, each
/// with its row number.
fn scrolled<I: IntoIterator>(
    items: I,
    cursor: usize,
    height: usize,
) -> impl Iterator<Item = (usize, I::Item)> {
    let offset = cursor.saturating_sub(height.saturating_sub(1));
    items.into_iter().enumerate().skip(offset).take(height)
}

/// A rectangle of at most `w`×`h` centred in `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A one-line text input with a `> ` prompt in the first row of `area`.
fn input_line(frame: &mut Frame, app: &App, input: &tui_textarea::TextArea<'static>, area: Rect) {
    let row = Rect { height: 1, ..area };
    frame.render_widget(
        ratatui::widgets::Paragraph::new(Span::styled("> ", app.theme.point)),
        row,
    );
    // The textarea draws its own cursor; the copy only drops the cursor-line underline.
    let mut ta = input.clone();
    ta.set_cursor_line_style(Style::default());
    let field = Rect {
        x: row.x + 2,
        width: row.width.saturating_sub(2),
        ..row
    };
    frame.render_widget(&ta, field);
    // The terminal's own cursor goes where the next character will appear, counting a Chinese
    // character as two cells: an input method on the user's side opens its window there.
    let (line, col) = input.cursor();
    let before: String = input
        .lines()
        .get(line)
        .map(|l| l.chars().take(col).collect())
        .unwrap_or_default();
    let x = field.x + (before.width() as u16).min(field.width.saturating_sub(1));
    frame.set_cursor_position((x, field.y));
}

/// `line` cut to `width` cells, ending in `…` when anything was cut, never splitting a wide
/// character: a cut row always says so.
fn ellipsize(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut spans = Vec::new();
    for span in &line.spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > room {
                break;
            }
            used += w;
            kept.push(c);
        }
        let full = kept.len() == span.content.len();
        spans.push(Span::styled(kept, span.style));
        if !full {
            break;
        }
    }
    if width > 0 {
        let style = spans.last().map(|s| s.style).unwrap_or_default();
        spans.push(Span::styled("…", style));
    }
    Line::from(spans).style(line.style)
}

/// A list row, in the selected style when it is the cursor's.
fn row<'a>(line: Line<'a>, selected: bool, app: &App) -> Line<'a> {
    if selected {
        line.style(app.theme.selected)
    } else {
        line
    }
}
