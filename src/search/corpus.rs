//! The searchable text of a library as one byte blob and a table of its pieces: the layout
//! the library store maps from disk or builds in memory ([`crate::store`]), so a library on
//! disk and reports parsed in memory are searched by the same code.
//!
//! A piece is one line the user sees, in the order `fazhi show` prints them: the front
//! matter as written (issuer, title, document number, addressee), the preamble's
//! paragraphs, each heading (marker and title) followed by its paragraphs, and the sign-off.
//! Each piece is followed by `\n` in the blob. Its row in the table is [`PIECE_ROW`] bytes,
//! little-endian: start in the blob (u64), report (u32), and the part of the report it is
//! (two u32, see [`Part`]). Rows are read with `from_le_bytes` at offsets, so the table
//! needs no alignment and a damaged one gives wrong places, never undefined behaviour.

use crate::report::Report;
use std::borrow::Cow;

/// Bytes of one row of the pieces table.
pub const PIECE_ROW: usize = 20;

/// Encoded section of a piece outside the body's sections (see [`Part::encode`]).
const PREAMBLE: u32 = u32::MAX;
const FRONT: u32 = u32::MAX - 1;
const SIGN_OFF: u32 = u32::MAX - 2;
/// Encoded paragraph of a heading.
const HEADING: u32 = u32::MAX;

/// Which line of a report a piece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Line `usize` of [`Report::front_matter`] (the title is one of these).
    FrontMatter(usize),
    /// Paragraph `usize` of the preamble.
    Preamble(usize),
    /// The heading of section `usize`: its marker and title, as the reader shows it.
    Heading(usize),
    /// Paragraph `paragraph` of section `section`.
    Paragraph {
        /// Index into [`Report::sections`].
        section: usize,
        /// Index into that section's paragraphs.
        paragraph: usize,
    },
    /// Line `usize` of [`Report::sign_off`].
    SignOff(usize),
}

impl Part {
    /// The section this part is in or heads, if it is in the body's sections.
    pub fn section(self) -> Option<usize> {
        match self {
            Part::Heading(s) | Part::Paragraph { section: s, .. } => Some(s),
            _ => None,
        }
    }

    /// The paragraph's index in its section or the preamble, if this part is a paragraph.
    pub fn paragraph(self) -> Option<usize> {
        match self {
            Part::Preamble(p) | Part::Paragraph { paragraph: p, .. } => Some(p),
            _ => None,
        }
    }

    fn encode(self) -> [u32; 2] {
        let n = |i: usize| u32::try_from(i).unwrap_or(SIGN_OFF - 1);
        match self {
            Part::FrontMatter(l) => [FRONT, n(l)],
            Part::Preamble(p) => [PREAMBLE, n(p)],
            Part::Heading(s) => [n(s), HEADING],
            Part::Paragraph { section, paragraph } => [n(section), n(paragraph)],
            Part::SignOff(l) => [SIGN_OFF, n(l)],
        }
    }

    fn decode([s, p]: [u32; 2]) -> Part {
        let (su, pu) = (s as usize, p as usize);
        match (s, p) {
            (FRONT, _) => Part::FrontMatter(pu),
            (PREAMBLE, _) => Part::Preamble(pu),
            (SIGN_OFF, _) => Part::SignOff(pu),
            (_, HEADING) => Part::Heading(su),
            _ => Part::Paragraph {
                section: su,
                paragraph: pu,
            },
        }
    }
}

/// Where a searched piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextPlace {
    /// Index into the reports the text was taken from (library order).
    pub report: usize,
    /// Which of its lines.
    pub part: Part,
}

impl TextPlace {
    /// The section the place is in, `None` outside the body's sections.
    pub fn section(&self) -> Option<usize> {
        self.part.section()
    }

    /// The paragraph's index, `None` for a heading or a front-matter or sign-off line.
    pub fn paragraph(&self) -> Option<usize> {
        self.part.paragraph()
    }
}

/// The front-matter lines shown to the user: all but a leading `---` override block, as
/// (index in [`Report::front_matter`], line).
pub fn front_matter_shown(r: &Report) -> impl Iterator<Item = (usize, &str)> {
    let lines = &r.front_matter;
    let skip = if lines.first().is_some_and(|l| l.trim() == "---") {
        lines
            .iter()
            .skip(1)
            .position(|l| l.trim() == "---")
            .map_or(0, |end| end + 2)
    } else {
        0
    };
    lines
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(i, l)| (i, l.as_str()))
}

/// Every piece of `r` in order, with its text.
pub fn pieces(r: &Report) -> impl Iterator<Item = (Part, Cow<'_, str>)> {
    let front = front_matter_shown(r).map(|(i, l)| (Part::FrontMatter(i), Cow::Borrowed(l)));
    let preamble = r
        .preamble
        .iter()
        .enumerate()
        .map(|(p, para)| (Part::Preamble(p), Cow::Borrowed(para.text.as_str())));
    let body = r.sections.iter().enumerate().flat_map(|(s, sec)| {
        let heading = (Part::Heading(s), Cow::Owned(sec.heading()));
        let paragraphs = sec.paragraphs.iter().enumerate().map(move |(p, para)| {
            let part = Part::Paragraph {
                section: s,
                paragraph: p,
            };
            (part, Cow::Borrowed(para.text.as_str()))
        });
        std::iter::once(heading).chain(paragraphs)
    });
    let sign_off = r
        .sign_off
        .iter()
        .enumerate()
        .map(|(i, l)| (Part::SignOff(i), Cow::Borrowed(l.as_str())));
    front.chain(preamble).chain(body).chain(sign_off)
}

/// The text at `place` in `reports`, as it was put into the blob.
pub fn text_at(reports: &[Report], place: TextPlace) -> Option<Cow<'_, str>> {
    let r = reports.get(place.report)?;
    Some(match place.part {
        Part::FrontMatter(l) => Cow::Borrowed(r.front_matter.get(l)?.as_str()),
        Part::Preamble(p) => Cow::Borrowed(r.preamble.get(p)?.text.as_str()),
        Part::Heading(s) => {
            let sec = r.sections.get(s)?;
            Cow::Owned(sec.heading())
        }
        Part::Paragraph { section, paragraph } => Cow::Borrowed(
            r.sections
                .get(section)?
                .paragraphs
                .get(paragraph)?
                .text
                .as_str(),
        ),
        Part::SignOff(l) => Cow::Borrowed(r.sign_off.get(l)?.as_str()),
    })
}

/// Append report number `report` to a blob and its pieces table: `text` gets each piece
/// and a `\n`, `rows` a row per piece whose start counts from `base` (where `text` will sit
/// in the whole blob). Returns the number of pieces.
pub fn push_report(
    r: &Report,
    report: usize,
    base: u64,
    text: &mut Vec<u8>,
    rows: &mut Vec<u8>,
) -> usize {
    let mut n = 0;
    for (part, line) in pieces(r) {
        push_row(rows, base + text.len() as u64, report, part);
        text.extend_from_slice(line.as_bytes());
        text.push(b'\n');
        n += 1;
    }
    n
}

/// Append one row to a pieces table.
pub fn push_row(rows: &mut Vec<u8>, start: u64, report: usize, part: Part) {
    let [s, p] = part.encode();
    rows.extend_from_slice(&start.to_le_bytes());
    rows.extend_from_slice(&u32::try_from(report).unwrap_or(u32::MAX).to_le_bytes());
    rows.extend_from_slice(&s.to_le_bytes());
    rows.extend_from_slice(&p.to_le_bytes());
}

/// Read row `i` of a pieces table: (start, report, part). `None` past the end.
pub fn row(rows: &[u8], i: usize) -> Option<(u64, usize, Part)> {
    let b = rows.get(i * PIECE_ROW..(i + 1) * PIECE_ROW)?;
    let u32_at = |k: usize| u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]);
    let start = u64::from_le_bytes(b[..8].try_into().ok()?);
    Some((
        start,
        u32_at(8) as usize,
        Part::decode([u32_at(12), u32_at(16)]),
    ))
}

/// A blob and its pieces table, borrowed: from a mapped store or an in-memory index.
#[derive(Debug, Clone, Copy)]
pub struct Corpus<'a> {
    /// Every piece followed by `\n`.
    pub text: &'a [u8],
    /// [`PIECE_ROW`] bytes per piece, starts rising.
    pub rows: &'a [u8],
}

impl<'a> Corpus<'a> {
    /// Number of pieces.
    pub fn len(&self) -> usize {
        self.rows.len() / PIECE_ROW
    }

    /// No pieces.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where piece `i` starts in the blob, clamped to it (a damaged table gives wrong text,
    /// never a slice out of bounds).
    pub fn start(&self, i: usize) -> usize {
        match row(self.rows, i) {
            Some((s, _, _)) => usize::try_from(s)
                .unwrap_or(usize::MAX)
                .min(self.text.len()),
            None => self.text.len(),
        }
    }

    /// The text of piece `i`, without its `\n`.
    pub fn piece(&self, i: usize) -> &'a [u8] {
        let from = self.start(i);
        let to = self.start(i + 1).saturating_sub(1).max(from);
        &self.text[from..to]
    }

    /// The place of piece `i`.
    pub fn place(&self, i: usize) -> TextPlace {
        let (_, report, part) = row(self.rows, i).unwrap_or((0, usize::MAX, Part::Preamble(0)));
        TextPlace { report, part }
    }
}
