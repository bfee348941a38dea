//! Screenshots without a terminal: a ratatui [`Buffer`] (what the reader drew into a
//! `TestBackend`) as an SVG picture with the real colours, or as plain text.
//!
//! The README's screenshots and the test that keeps them current are built on these two
//! functions, so a screenshot always shows what the code draws.

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// Width of one terminal cell in pixels: DejaVu Sans Mono's advance (0.6 em) at [`FONT_SIZE`].
const CELL_W: f32 = 9.0;
/// Height of one terminal cell in pixels.
const CELL_H: f32 = 19.0;
/// Font size in pixels.
const FONT_SIZE: f32 = 15.0;
/// From the top of a cell to the text baseline.
const BASELINE: f32 = 14.5;
/// Margin between the window edge and the screen.
const PAD: f32 = 12.0;
/// Height of the window's title bar.
const TITLE_H: f32 = 30.0;
/// Latin from DejaVu, Chinese from a CJK monospace font, whichever the viewer has.
const FONTS: &str =
    r#""DejaVu Sans Mono", "Noto Sans Mono CJK SC", "WenQuanYi Zen Hei Mono", monospace"#;
/// The terminal's own foreground, for `Color::Reset`.
const DEFAULT_FG: &str = "#d3d7cf";
/// The terminal's own background, for `Color::Reset`: a dark grey rather than black, so the
/// window stands out on a dark page.
const DEFAULT_BG: &str = "#1e2127";
/// The 16 ANSI colours, in `Color::Indexed` order: a Tango-like palette that keeps the
/// reader's dim borders readable on the dark background.
const ANSI: [&str; 16] = [
    "#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
    "#5c6370", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
];

/// The screen in `buffer` as a standalone SVG document: a dark terminal window titled
/// `title`, every cell on a fixed grid.
///
/// Wide (CJK) characters take two cells, as in a terminal; ratatui stores them in the first
/// cell and leaves the second blank, so the second is not drawn. Box-drawing and half-block
/// characters are drawn as shapes, because font glyphs leave gaps between rows at any line
/// height other than the font's own.
pub fn to_svg(buffer: &Buffer, title: &str) -> String {
    let area = buffer.area;
    let width = f32::from(area.width) * CELL_W + 2.0 * PAD;
    let height = TITLE_H + f32::from(area.height) * CELL_H + PAD;
    let mut backgrounds = String::new();
    let mut shapes = String::new();
    let mut text = String::new();
    for y in 0..area.height {
        let cells = row_cells(buffer, y);
        let top = TITLE_H + f32::from(y) * CELL_H;
        backgrounds.push_str(&background_rects(&cells, top));
        let mut run: Option<Run> = None;
        for c in &cells {
            let left = PAD + f32::from(c.col) * CELL_W;
            let look = Look::of(c.cell);
            let span = f32::from(c.width) * CELL_W;
            if look.underline {
                shapes.push_str(&rect(left, top + BASELINE + 2.0, span, 1.0, &look.fg));
            }
            if look.crossed {
                shapes.push_str(&rect(left, top + CELL_H / 2.0, span, 1.0, &look.fg));
            }
            let symbol = c.cell.symbol();
            if look.hidden || symbol.trim().is_empty() {
                continue;
            }
            if let Some(svg) = shape(symbol, left, top, &look.fg) {
                shapes.push_str(&svg);
                continue;
            }
            // A wide glyph is one em; centre it in its two cells as terminals do.
            let x = if c.width > 1 {
                left + (span - FONT_SIZE) / 2.0
            } else {
                left
            };
            let key = look.text_key();
            match &mut run {
                Some(r) if r.key == key => r.push(symbol, x),
                _ => {
                    if let Some(r) = run.take() {
                        text.push_str(&r.svg(top));
                    }
                    let mut r = Run::new(key);
                    r.push(symbol, x);
                    run = Some(r);
                }
            }
        }
        if let Some(r) = run {
            text.push_str(&r.svg(top));
        }
    }
    let (w, h, title) = (num(width), num(height), escape(title));
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\">\n<title>{title}</title>\n\
         <style>text {{ font-family: {FONTS}; font-size: {}px; }}</style>\n\
         <rect width=\"{w}\" height=\"{h}\" rx=\"8\" fill=\"{DEFAULT_BG}\"/>\n",
        num(FONT_SIZE)
    );
    // The window's title bar: three buttons and the title.
    for (x, colour) in [(20, "#ff5f56"), (40, "#ffbd2e"), (60, "#27c93f")] {
        svg.push_str(&format!(
            "<circle cx=\"{x}\" cy=\"15\" r=\"6\" fill=\"{colour}\"/>\n"
        ));
    }
    svg.push_str(&format!(
        "<text x=\"{}\" y=\"20\" text-anchor=\"middle\" fill=\"#8a8f98\">{title}</text>\n",
        num(width / 2.0)
    ));
    svg.push_str("<g shape-rendering=\"crispEdges\">\n");
    svg.push_str(&backgrounds);
    svg.push_str(&shapes);
    svg.push_str("</g>\n<g>\n");
    svg.push_str(&text);
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// The screen in `buffer` as plain text: one line per row, trailing spaces trimmed, each
/// line ending in `\n`. A wide character is written once, not followed by its blank cell,
/// so the text looks like the terminal.
pub fn to_text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for c in row_cells(buffer, y) {
            line.push_str(c.cell.symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A cell that shows on screen, with its column and how many columns it covers.
struct Placed<'a> {
    col: u16,
    width: u16,
    cell: &'a Cell,
}

/// The cells of row `y` that a terminal would draw: a wide character covers the cells after
/// it, which are left out.
fn row_cells(buffer: &Buffer, y: u16) -> Vec<Placed<'_>> {
    let area = buffer.area;
    let mut cells = Vec::new();
    let mut x = 0;
    while x < area.width {
        let cell = &buffer[(area.x + x, area.y + y)];
        let width = (cell.symbol().width() as u16).clamp(1, area.width - x);
        cells.push(Placed {
            col: x,
            width,
            cell,
        });
        x += width;
    }
    cells
}

/// How one cell looks, with colours resolved to the palette.
struct Look {
    fg: String,
    bg: Option<String>,
    bold: bool,
    italic: bool,
    dim: bool,
    underline: bool,
    crossed: bool,
    hidden: bool,
}

impl Look {
    fn of(cell: &Cell) -> Look {
        let m = cell.modifier;
        let fg = rgb(cell.fg).unwrap_or_else(|| DEFAULT_FG.to_string());
        let bg = rgb(cell.bg);
        let (fg, bg) = if m.contains(Modifier::REVERSED) {
            (bg.unwrap_or_else(|| DEFAULT_BG.to_string()), Some(fg))
        } else {
            (fg, bg)
        };
        Look {
            fg,
            bg,
            bold: m.contains(Modifier::BOLD),
            italic: m.contains(Modifier::ITALIC),
            dim: m.contains(Modifier::DIM),
            underline: m.contains(Modifier::UNDERLINED),
            crossed: m.contains(Modifier::CROSSED_OUT),
            hidden: m.contains(Modifier::HIDDEN),
        }
    }

    /// The SVG attributes of text in this look; cells with equal keys share one element.
    fn text_key(&self) -> String {
        let mut key = format!(r#"fill="{}""#, self.fg);
        if self.bold {
            key.push_str(r#" font-weight="bold""#);
        }
        if self.italic {
            key.push_str(r#" font-style="italic""#);
        }
        if self.dim {
            key.push_str(r#" fill-opacity="0.6""#);
        }
        key
    }
}

/// Glyphs of a row in one look: one `<text>`, and a `<tspan>` placing each cell's symbol
/// at its column, so the grid holds whatever the fonts' advance widths are. (Per-character
/// `x` lists on one element would be shorter, but librsvg ignores all but the first.)
struct Run {
    key: String,
    spans: String,
}

impl Run {
    fn new(key: String) -> Run {
        Run {
            key,
            spans: String::new(),
        }
    }

    /// Add a cell's symbol; a cluster with combining marks stays in one span, so the marks
    /// follow their base character.
    fn push(&mut self, symbol: &str, x: f32) {
        self.spans.push_str(&format!(
            "<tspan x=\"{}\">{}</tspan>",
            num(x),
            escape(symbol)
        ));
    }

    fn svg(&self, top: f32) -> String {
        format!(
            "<text y=\"{}\" {}>{}</text>\n",
            num(top + BASELINE),
            self.key,
            self.spans
        )
    }
}

/// Rectangles for the row's non-default backgrounds; neighbours of one colour are merged.
fn background_rects(cells: &[Placed], top: f32) -> String {
    let mut out = String::new();
    let mut open: Option<(String, u16, u16)> = None;
    for c in cells {
        let bg = Look::of(c.cell).bg;
        match (&mut open, bg) {
            (Some((colour, _, end)), Some(bg)) if *colour == bg && *end == c.col => {
                *end = c.col + c.width;
            }
            (_, bg) => {
                if let Some((colour, start, end)) = open.take() {
                    out.push_str(&cells_rect(start, end, top, &colour));
                }
                open = bg.map(|b| (b, c.col, c.col + c.width));
            }
        }
    }
    if let Some((colour, start, end)) = open {
        out.push_str(&cells_rect(start, end, top, &colour));
    }
    out
}

fn cells_rect(start: u16, end: u16, top: f32, fill: &str) -> String {
    let left = PAD + f32::from(start) * CELL_W;
    rect(left, top, f32::from(end - start) * CELL_W, CELL_H, fill)
}

fn rect(x: f32, y: f32, w: f32, h: f32, fill: &str) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>\n",
        num(x),
        num(y),
        num(w),
        num(h)
    )
}

/// Box-drawing and half-block characters as rectangles filling their cell, or `None` for a
/// character the font should draw.
fn shape(symbol: &str, left: f32, top: f32, fill: &str) -> Option<String> {
    let mut chars = symbol.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let (half_w, half_h) = (CELL_W / 2.0, CELL_H / 2.0);
    let block = match c {
        '█' => Some((0.0, 0.0, CELL_W, CELL_H)),
        '▌' => Some((0.0, 0.0, half_w, CELL_H)),
        '▐' => Some((half_w, 0.0, half_w, CELL_H)),
        '▀' => Some((0.0, 0.0, CELL_W, half_h)),
        '▄' => Some((0.0, half_h, CELL_W, half_h)),
        _ => None,
    };
    if let Some((x, y, w, h)) = block {
        return Some(rect(left + x, top + y, w, h, fill));
    }
    let [up, right, down, left_arm] = box_arms(c)?;
    // Arms meet in a centre square as thick as the crossing lines, so corners are filled.
    let tv = thickness(up.max(down));
    let th = thickness(right.max(left_arm));
    let cx0 = left + (CELL_W - tv) / 2.0;
    let cy0 = top + (CELL_H - th) / 2.0;
    let (tu, td, tl, tr) = (
        thickness(up),
        thickness(down),
        thickness(left_arm),
        thickness(right),
    );
    // Each arm as (thickness, x, y, width, height): up, down, left, right.
    let arms = [
        (tu, left + (CELL_W - tu) / 2.0, top, tu, cy0 + th - top),
        (td, left + (CELL_W - td) / 2.0, cy0, td, top + CELL_H - cy0),
        (tl, left, top + (CELL_H - tl) / 2.0, cx0 + tv - left, tl),
        (tr, cx0, top + (CELL_H - tr) / 2.0, left + CELL_W - cx0, tr),
    ];
    let out = arms
        .iter()
        .filter(|arm| arm.0 > 0.0)
        .map(|&(_, x, y, w, h)| rect(x, y, w, h, fill))
        .collect();
    Some(out)
}

/// Pixels of a light (1) or heavy (2) line; 0 is no line.
fn thickness(weight: u8) -> f32 {
    match weight {
        0 => 0.0,
        1 => 1.0,
        _ => 3.0,
    }
}

/// The arms of a box-drawing character: up, right, down, left, each 0 (none), 1 (light) or
/// 2 (heavy). Rounded corners are drawn square; double lines are left to the font.
fn box_arms(c: char) -> Option<[u8; 4]> {
    Some(match c {
        '─' => [0, 1, 0, 1],
        '━' => [0, 2, 0, 2],
        '│' => [1, 0, 1, 0],
        '┃' => [2, 0, 2, 0],
        '┌' | '╭' => [0, 1, 1, 0],
        '┐' | '╮' => [0, 0, 1, 1],
        '└' | '╰' => [1, 1, 0, 0],
        '┘' | '╯' => [1, 0, 0, 1],
        '┏' => [0, 2, 2, 0],
        '┓' => [0, 0, 2, 2],
        '┗' => [2, 2, 0, 0],
        '┛' => [2, 0, 0, 2],
        '├' => [1, 1, 1, 0],
        '┤' => [1, 0, 1, 1],
        '┬' => [0, 1, 1, 1],
        '┴' => [1, 1, 0, 1],
        '┼' => [1, 1, 1, 1],
        '┣' => [2, 2, 2, 0],
        '┫' => [2, 0, 2, 2],
        '┳' => [0, 2, 2, 2],
        '┻' => [2, 2, 0, 2],
        '╋' => [2, 2, 2, 2],
        _ => return None,
    })
}

/// `#rrggbb` for a colour, `None` for the terminal's default.
fn rgb(color: Color) -> Option<String> {
    let ansi = |i: usize| Some(ANSI[i].to_string());
    match color {
        Color::Reset => None,
        Color::Black => ansi(0),
        Color::Red => ansi(1),
        Color::Green => ansi(2),
        Color::Yellow => ansi(3),
        Color::Blue => ansi(4),
        Color::Magenta => ansi(5),
        Color::Cyan => ansi(6),
        Color::Gray => ansi(7),
        Color::DarkGray => ansi(8),
        Color::LightRed => ansi(9),
        Color::LightGreen => ansi(10),
        Color::LightYellow => ansi(11),
        Color::LightBlue => ansi(12),
        Color::LightMagenta => ansi(13),
        Color::LightCyan => ansi(14),
        Color::White => ansi(15),
        Color::Rgb(r, g, b) => Some(format!("#{r:02x}{g:02x}{b:02x}")),
        Color::Indexed(i) if i < 16 => ansi(usize::from(i)),
        Color::Indexed(i) if i < 232 => {
            // The xterm 6×6×6 colour cube.
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let i = i - 16;
            Some(format!(
                "#{:02x}{:02x}{:02x}",
                level(i / 36),
                level(i / 6 % 6),
                level(i % 6)
            ))
        }
        Color::Indexed(i) => {
            let v = 8 + 10 * (i - 232);
            Some(format!("#{v:02x}{v:02x}{v:02x}"))
        }
    }
}

/// A coordinate without a needless `.0`.
fn num(v: f32) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn buffer(width: u16, text: &str, style: Style) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, width, 1));
        b.set_string(0, 0, text, style);
        b
    }

    /// Where each symbol of `text` is placed in the SVG.
    fn positions(svg: &str) -> Vec<(String, f32)> {
        svg.split("<tspan x=\"")
            .skip(1)
            .map(|t| {
                let (x, rest) = t.split_once("\">").unwrap();
                let symbol = rest.split_once("</tspan>").unwrap().0;
                (symbol.to_string(), x.parse().unwrap())
            })
            .collect()
    }

    fn cell_x(col: u16) -> f32 {
        PAD + f32::from(col) * CELL_W
    }

    #[test]
    fn a_wide_character_takes_two_cells_and_the_next_one_stays_in_its_column() {
        let svg = to_svg(&buffer(6, "文a", Style::default()), "t");
        let placed = positions(&svg);
        assert_eq!(
            placed.len(),
            2,
            "the blank cell after 文 is not drawn: {placed:?}"
        );
        assert_eq!(placed[1], ("a".to_string(), cell_x(2)));
        assert!(
            placed[0].1 >= cell_x(0) && placed[0].1 < cell_x(1),
            "{placed:?}"
        );
    }

    #[test]
    fn plain_text_has_no_gap_after_a_wide_character_and_no_trailing_spaces() {
        let mut b = Buffer::empty(Rect::new(0, 0, 8, 2));
        b.set_string(0, 0, "文登a", Style::default());
        b.set_string(0, 1, "x", Style::default());
        assert_eq!(to_text(&b), "文登a\nx\n");
    }

    #[test]
    fn bold_and_coloured_text_shows_as_font_weight_and_fill() {
        let style = Style::default()
            .fg(Color::LightGreen)
            .add_modifier(Modifier::BOLD);
        let svg = to_svg(&buffer(10, "26918件", style), "t");
        let line = svg.lines().find(|l| l.contains(">件<")).unwrap();
        assert!(line.contains(r#"font-weight="bold""#), "{line}");
        assert!(line.contains(&format!(r#"fill="{}""#, ANSI[10])), "{line}");
    }

    #[test]
    fn a_background_colour_is_a_rectangle_under_both_cells_of_a_wide_character() {
        let svg = to_svg(&buffer(6, "复议", Style::default().bg(Color::Yellow)), "t");
        let expected = rect(cell_x(0), TITLE_H, 4.0 * CELL_W, CELL_H, ANSI[3]);
        assert!(svg.contains(&expected), "{svg}");
    }

    #[test]
    fn reversed_text_swaps_foreground_and_background() {
        let style = Style::default()
            .fg(Color::Red)
            .add_modifier(Modifier::REVERSED);
        let svg = to_svg(&buffer(1, "x", style), "t");
        assert!(svg.contains(&rect(cell_x(0), TITLE_H, CELL_W, CELL_H, ANSI[1])));
        assert!(svg.contains(&format!(r#"fill="{DEFAULT_BG}"><tspan"#)));
    }

    #[test]
    fn borders_are_drawn_as_shapes_not_glyphs() {
        let svg = to_svg(&buffer(3, "┌─┐", Style::default()), "t");
        assert!(!svg.contains('─') && !svg.contains('┌'), "{svg}");
        // The horizontal line runs edge to edge through the middle cell.
        assert!(svg.contains(&rect(cell_x(1), TITLE_H + 9.0, 4.5, 1.0, DEFAULT_FG)));
        assert!(svg.contains(&rect(cell_x(1) + 4.5, TITLE_H + 9.0, 4.5, 1.0, DEFAULT_FG)));
    }

    #[test]
    fn markup_in_the_text_and_title_is_escaped() {
        let svg = to_svg(&buffer(5, "<a&b>", Style::default()), "\"x\" & y");
        let symbols: Vec<String> = positions(&svg).into_iter().map(|p| p.0).collect();
        assert_eq!(symbols, ["&lt;", "a", "&amp;", "b", "&gt;"]);
        assert!(svg.contains("<title>&quot;x&quot; &amp; y</title>"));
    }

    #[test]
    fn indexed_colours_follow_the_xterm_table() {
        assert_eq!(rgb(Color::Indexed(1)), rgb(Color::Red));
        assert_eq!(rgb(Color::Indexed(196)).as_deref(), Some("#ff0000"));
        assert_eq!(rgb(Color::Indexed(244)).as_deref(), Some("#808080"));
        assert_eq!(rgb(Color::Rgb(1, 2, 255)).as_deref(), Some("#0102ff"));
        assert_eq!(rgb(Color::Reset), None);
    }
}
