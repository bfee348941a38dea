//! The fixed-width tables of a chunk of reports (strings, reports, sections, pieces), built on
//! one thread at offsets worked out beforehand, so chunks are built on all cores and simply
//! put one after another.

use super::Entry;
use crate::search::corpus::{self, PIECE_ROW};
use crate::store::{Field, NO_STR, SECTION_ROW};

/// Where a chunk of reports' parts start in each area (bytes of strings and text, rows of
/// sections and pieces).
#[derive(Clone, Copy, Default)]
pub(super) struct Starts {
    pub(super) strings: u64,
    pub(super) sections: u64,
    pub(super) pieces: u64,
    pub(super) text: u64,
}

/// The tables of a chunk of reports.
pub(super) struct Tables {
    at: Starts,
    pub(super) strings: Vec<u8>,
    pub(super) reports: Vec<u8>,
    pub(super) sections: Vec<u8>,
    pub(super) pieces: Vec<u8>,
}

impl Tables {
    pub(super) fn new(at: Starts) -> Tables {
        Tables {
            at,
            strings: Vec::new(),
            reports: Vec::new(),
            sections: Vec::new(),
            pieces: Vec::new(),
        }
    }

    /// A reference to `s`, now at the end of the strings area.
    fn string(&mut self, s: Option<&str>) -> u64 {
        let Some(s) = s else { return NO_STR };
        let off = self.at.strings + self.strings.len() as u64;
        self.strings.extend_from_slice(s.as_bytes());
        // Strings live in the first 4 GB of the area and are at most 4 GB each; a library
        // anywhere near that is far beyond the 64 MB cap on one file times its count.
        (off & 0xFFFF_FFFF) | ((s.len() as u64) << 32)
    }

    /// Add report `i`, `e`, with library id `id` and its payload at
    /// (offset, length, checksum).
    pub(super) fn push(&mut self, i: usize, e: &Entry, id: Option<&str>, payload: (u64, u64, u64)) {
        let first_piece = self.at.pieces + (self.pieces.len() / PIECE_ROW) as u64;
        let text_start = self.at.text;
        for k in 0..e.rows.len() / PIECE_ROW {
            if let Some((start, _, part)) = corpus::row(e.rows, k) {
                let start = start.saturating_sub(e.base) + text_start;
                corpus::push_row(&mut self.pieces, start, i, part);
            }
        }
        let first_section = self.at.sections + (self.sections.len() / SECTION_ROW) as u64;
        for (path, title) in &e.sections {
            let (p, t) = (self.string(Some(path)), self.string(Some(title)));
            self.sections.extend_from_slice(&p.to_le_bytes());
            self.sections.extend_from_slice(&t.to_le_bytes());
        }
        let mut row = [0u64; Field::Count as usize];
        let fields = [
            (Field::Source, self.string(Some(e.source))),
            (Field::Id, self.string(id)),
            (Field::BaseId, self.string(Some(e.base_id))),
            (Field::Title, self.string(Some(e.title))),
            (Field::District, self.string(e.district)),
            (Field::Prefecture, self.string(e.prefecture)),
            (Field::Province, self.string(e.province)),
            (Field::Code, self.string(e.code)),
            (
                Field::Warnings,
                self.string(Some(e.warnings).filter(|w| !w.is_empty())),
            ),
            (Field::Size, e.stamp.size),
            (Field::Mtime, e.stamp.mtime_ns),
            (Field::Ctime, e.stamp.ctime_ns),
            (Field::Inode, e.stamp.inode),
            (Field::Content, e.stamp.content),
            (Field::Year, e.year.map_or(0, u64::from)),
            (Field::Figures, e.figures),
            (Field::SectionsStart, first_section),
            (Field::SectionsLen, e.sections.len() as u64),
            (Field::PiecesStart, first_piece),
            (Field::PiecesLen, e.pieces()),
            (Field::TextStart, text_start),
            (Field::TextLen, e.text.len() as u64),
            (Field::PayloadStart, payload.0),
            (Field::PayloadLen, payload.1),
            (Field::PayloadHash, payload.2),
        ];
        for (f, v) in fields {
            row[f as usize] = v;
        }
        for w in row {
            self.reports.extend_from_slice(&w.to_le_bytes());
        }
        self.at.text += e.text.len() as u64;
    }
}
