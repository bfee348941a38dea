//! PDF files with a text layer: glyphs (decoded by `pdf-extract`, through each font's
//! ToUnicode map) laid out into lines by position (the left column before the right on a
//! page of two, `columns.rs`), lines into paragraphs (a full-width line that the next,
//! unindented line continues), with page numbers and running headers and footers dropped.

use crate::report::text::is_page_number;

mod columns;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use std::collections::HashMap;

/// Fewer visible characters than this in the whole file: there is no text layer.
const MIN_CHARS: usize = 20;

/// The text of a PDF, or why there is none (a sentence saying what to do).
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    // A PDF ends with `%%EOF`; one cut short still opens, with pages silently missing.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if memchr::memmem::rfind(tail, b"%%EOF").is_none() {
        return Err("truncated PDF (no %%EOF at its end); download or export it again".into());
    }
    let pages = super::quietly(|| read_pages(bytes))
        .ok_or_else(|| match predefined_cmap(bytes) {
            Some(cmap) => format!(
                "its fonts are not embedded (Chinese encoding {cmap}), which fazhi cannot \
                 decode; print it to a new PDF with fonts embedded, or save it as .docx"
            ),
            None => "the PDF could not be read (its structure is damaged); export it again".into(),
        })?
        .map_err(|e| match e {
            Locked => "password-protected PDF: open it with its password and print it to a \
                       new PDF (or remove the password) first"
                .to_string(),
            Read(e) => format!("damaged PDF ({e}); download or export it again"),
        })?;
    let visible: usize = pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if visible < MIN_CHARS {
        // A scan has images and no fonts; fonts with nothing decoded are another matter.
        return Err(match memchr::memmem::find(bytes, b"/FontFile").is_some() {
            true => "its text is in fonts fazhi cannot decode (no usable ToUnicode map); \
                     print it to a new PDF or save it as .docx"
                .into(),
            false => "has no text layer (a scan?): OCR it first".into(),
        });
    }
    Ok(paragraphs(drop_running(pages)))
}

/// One glyph as drawn: position of its left baseline (y down from the top), advance, size.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// One line of a page.
#[derive(Debug, Clone)]
struct Line {
    /// Where its first visible glyph starts.
    x: f64,
    /// Where its last glyph starts: where the text reaches, whatever the font's widths say.
    last_x: f64,
    /// The left edge of its column on a page of two; `None` on a page of one, whose lines
    /// are measured against the document's left margin.
    margin: Option<f64>,
    size: f64,
    /// It starts with space glyphs (an indent typed as `\u{3000}\u{3000}`).
    spaced: bool,
    text: String,
}

/// One page's lines, top to bottom.
#[derive(Debug, Default)]
struct Page {
    lines: Vec<Line>,
}

/// Collects the glyphs of a page for [`pdf_extract::output_doc_page`].
#[derive(Default)]
struct Collector {
    height: f64,
    glyphs: Vec<Glyph>,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        self.glyphs.push(Glyph {
            x: trm.m31,
            y: self.height - trm.m32,
            end: trm.m31 + width * size,
            size,
            text: text.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Why the pages of a PDF could not be read.
enum Unread {
    /// It needs a password to open.
    Locked,
    Read(OutputError),
}
use Unread::{Locked, Read};

impl From<OutputError> for Unread {
    fn from(e: OutputError) -> Self {
        Read(e)
    }
}

/// The predefined CJK CMap a PDF names for a font it does not embed (`UniGB-UCS2-H`, as
/// iText writes with `STSong-Light`), which `pdf-extract` has no table for.
fn predefined_cmap(bytes: &[u8]) -> Option<&'static str> {
    [
        "UniGB-UCS2-H",
        "UniGB-UTF16-H",
        "GBK-EUC-H",
        "GBKp-EUC-H",
        "GB-EUC-H",
        "UniCNS-UCS2-H",
    ]
    .into_iter()
    .find(|cmap| memchr::memmem::find(bytes, cmap.as_bytes()).is_some())
}

fn read_pages(bytes: &[u8]) -> Result<Vec<Page>, Unread> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(OutputError::from)?;
    if doc.is_encrypted() {
        // Many published PDFs are "encrypted" with an empty password only to forbid editing.
        doc.decrypt("").map_err(|_| Locked)?;
    }
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(numbers.len());
    for n in numbers {
        let mut c = Collector::default();
        pdf_extract::output_doc_page(&doc, &mut c, n)?;
        pages.push(Page {
            lines: columns::reading_order(c.glyphs)
                .into_iter()
                .flat_map(|(glyphs, margin)| lines(glyphs, margin))
                .collect(),
        });
    }
    Ok(pages)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// Group glyphs into rows by baseline, top to bottom, each row left to right.
fn rows(mut glyphs: Vec<Glyph>) -> Vec<Vec<Glyph>> {
    // A glyph the font maps to no character (or to a control character) is not text.
    glyphs.retain(|g| g.size > 0.0 && !g.text.is_empty() && !g.text.chars().any(char::is_control));
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - g.y).abs() < 0.5 * row[0].size.max(g.size) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    rows
}

/// Group glyphs into lines by baseline, each line read left to right; `margin` is the left
/// edge of the column they were set in, when the page has two.
fn lines(glyphs: Vec<Glyph>, margin: Option<f64>) -> Vec<Line> {
    rows(glyphs)
        .into_iter()
        .filter_map(|mut row| {
            let blank = |g: &Glyph| g.text.trim().is_empty();
            let first = row.iter().position(|g| !blank(g))?;
            let spaced = first > 0;
            row.drain(..first);
            let size = row.iter().map(|g| g.size).fold(0.0, f64::max);
            let mut text = String::new();
            // The line cut at gaps as wide as a table's columns.
            let mut cells = vec![String::new()];
            let mut last: Option<&Glyph> = None;
            for g in &row {
                if let Some(p) = last {
                    let gap = g.x - p.end;
                    let cjk = p.text.chars().last().is_some_and(is_cjk)
                        || g.text.chars().next().is_some_and(is_cjk);
                    // A number's digits set on a fixed grid (Word's 公文 grid puts each in a
                    // full-width cell) stand apart by up to half a cell: no space inside it.
                    let numeric = |c: char| c.is_ascii_digit() || matches!(c, '.' | '%' | ',');
                    let number = p.text.chars().last().is_some_and(numeric)
                        && g.text.chars().next().is_some_and(numeric);
                    // Word spacing between Latin words or figures; Chinese needs none, but a
                    // wide gap (between two issuers' names) is kept as a space.
                    if gap > size * if cjk || number { 0.9 } else { 0.2 } {
                        text.push(' ');
                    }
                    if gap > COLUMN_GAP * size {
                        cells.push(String::new());
                    }
                }
                text.push_str(&g.text);
                if let Some(cell) = cells.last_mut() {
                    cell.push_str(&g.text);
                }
                last = Some(g);
            }
            // Three cells or more side by side are a table's row, written as the other
            // readers write one, so its figures are read under the table's headers.
            let cells: Vec<&str> = cells
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect();
            if cells.len() >= 3 {
                text = format!("| {} |", cells.join(" | "));
            }
            Some(Line {
                x: row[0].x,
                last_x: row.last().map_or(row[0].x, |g| g.x),
                margin,
                size,
                spaced,
                text: text.trim_end().to_string(),
            })
        })
        .collect()
}

/// A gap between glyphs wider than this many ems parts a table's columns: wider than any
/// spacing of justified text.
const COLUMN_GAP: f64 = 2.0;

/// Lines within this many of a page's top or bottom can be running headers or footers.
const EDGE: usize = 2;

/// Drop page numbers and running headers and footers: a line (digits aside) that sits at
/// the top or bottom of two pages or more. The first page keeps its top lines, where the
/// title a running header repeats is printed as the title.
fn drop_running(mut pages: Vec<Page>) -> Vec<Line> {
    let key = |l: &Line| -> String {
        l.text
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let mut edge_count: HashMap<String, usize> = HashMap::new();
    for p in &pages {
        let n = p.lines.len();
        let mut keys: Vec<String> = (0..n)
            .filter(|&i| i < EDGE || i + EDGE >= n)
            .map(|i| key(&p.lines[i]))
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *edge_count.entry(k).or_default() += 1;
        }
    }
    // The first page's top line is the title unless it is in a smaller type than the
    // page's largest: then the title follows it and it is the running header.
    let title_size = pages
        .first()
        .map_or(0.0, |p| p.lines.iter().map(|l| l.size).fold(0.0, f64::max));
    let mut out = Vec::new();
    for (pi, p) in pages.iter_mut().enumerate() {
        let n = p.lines.len();
        for (i, l) in p.lines.drain(..).enumerate() {
            let top = i < EDGE;
            let bottom = i + EDGE >= n;
            let header = top && (pi > 0 || l.size < 0.8 * title_size);
            let running = (header || bottom)
                && edge_count.get(&key(&l)).is_some_and(|&c| c >= 2)
                && l.text.chars().count() <= 60;
            if (top || bottom) && (is_page_number(&l.text) || running) {
                continue;
            }
            out.push(l);
        }
    }
    out
}

/// Join lines into paragraphs: a line continues the one before it when that one is full
/// and this one is not indented (a new paragraph is indented, a short line ends one) and
/// is in the same size of type.
/// Fullness is judged by the width of the text in character cells, not by glyph advances,
/// which some fonts' width tables give wrongly.
fn paragraphs(lines: Vec<Line>) -> String {
    let left = lines.iter().map(|l| l.x).fold(f64::MAX, f64::min);
    let cells = |l: &Line| unicode_width::UnicodeWidthStr::width(l.text.as_str());
    let mut widths: Vec<usize> = lines.iter().map(cells).collect();
    widths.sort_unstable();
    let typical = widths.get(widths.len() * 9 / 10).copied().unwrap_or(0);
    // A line of many figures holds fewer cells than a line of Chinese but still reaches the
    // right margin: where its last glyph starts says it is full.
    let mut reaches: Vec<f64> = lines.iter().map(|l| l.last_x).collect();
    reaches.sort_unstable_by(f64::total_cmp);
    let margin = reaches.get(reaches.len() * 9 / 10).copied().unwrap_or(0.0);
    // Only for a line from the left margin or an indent: a centred title line may reach as
    // far, and glyph positions are only as right as the font's widths.
    let full = |l: &Line| {
        cells(l) * 100 >= typical * 85
            || (l.x <= left + 3.0 * l.size && l.last_x >= margin - 1.5 * l.size)
    };
    let mut out = String::new();
    let mut prev: Option<&Line> = None;
    for l in &lines {
        let indented = l.spaced || l.x > l.margin.unwrap_or(left) + 0.8 * l.size;
        // A line in another size of type (the title's, then the addressee's) starts anew.
        let row = |l: &Line| crate::report::table::is_row(&l.text);
        let continues = prev.is_some_and(|p| {
            !row(p)
                && !row(l)
                && full(p)
                && !indented
                && (p.size - l.size).abs() <= 0.15 * p.size.max(l.size)
                && crate::report::parse::marker(&l.text).is_none()
        });
        if prev.is_some() && !continues {
            out.push('\n');
        }
        out.push_str(&l.text);
        prev = Some(l);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_as_printed() {
        for l in [
            "3",
            "- 3 -",
            "— 12 —",
            "－3－",
            "第3页",
            "第 3 页 共 9 页",
            "3/9",
        ] {
            assert!(is_page_number(l), "{l}");
        }
        for l in ["2023年", "一、总体情况", "第三部分", "100%"] {
            assert!(!is_page_number(l), "{l}");
        }
    }

    /// Glyphs of `text` set one to a full-width cell of `cell` points, as Word's 公文 grid
    /// sets them; a half-width glyph is half as wide as its cell.
    fn on_grid(text: &str, cell: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| {
                let x = 72.0 + k as f64 * cell;
                let width = if c.is_ascii() { cell * 0.5 } else { cell };
                Glyph {
                    x,
                    y: 100.0,
                    end: x + width,
                    size: cell,
                    text: c.to_string(),
                }
            })
            .collect()
    }

    #[test]
    fn digits_set_on_a_grid_stay_one_number() {
        let got = lines(on_grid("研究解决重大问题11项，合格率99.8%。", 15.6), None);
        assert_eq!(got[0].text, "研究解决重大问题11项，合格率99.8%。");
        // Words of Latin letters keep their spaces.
        let mut glyphs = on_grid("Windows", 15.6);
        let after: Vec<Glyph> = on_grid("10", 15.6)
            .into_iter()
            .map(|g| Glyph {
                x: g.x + 7.0 * 15.6 * 0.6,
                end: g.end + 7.0 * 15.6 * 0.6,
                ..g
            })
            .collect();
        glyphs.iter_mut().enumerate().for_each(|(k, g)| {
            g.x = 72.0 + k as f64 * 15.6 * 0.5;
            g.end = g.x + 15.6 * 0.5;
        });
        glyphs.extend(after);
        assert!(lines(glyphs, None)[0].text.contains("Windows 10"));
    }
}
