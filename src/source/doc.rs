//! Old binary Word documents (`.doc`, and WPS Office's `.wps`, which keeps Word's layout):
//! the main text through the piece table, one paragraph a line. Many government sites still
//! publish their reports this way.
//!
//! Written here rather than taken from a crate: the crates that read `.doc` bring whole
//! Office stacks (styles, images, DOCX synthesis) to get text fazhi reads in 150 lines. The
//! compound file itself is read by `cfb`.
//!
//! As for `.docx`, table cells become paragraphs of their own, and headers, footers,
//! footnotes and comments are not read. Field codes are dropped and their results kept.
//! Word's automatic numbering lives in the paragraph properties, not in the text, and is not
//! rendered: a heading numbered that way reads without its `一、`.

use std::io::{Cursor, Read};

/// The magic number at the start of a Word FIB.
const WORD_IDENT: u16 = 0xA5EC;

/// The text of a `.doc` or `.wps` file, or why there is none (a sentence saying what to do).
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("damaged old Word document ({e}); save it again as .docx"))?;
    if !file.exists("/WordDocument") {
        return Err(
            "an Office file, but not a Word or WPS document (no WordDocument stream); \
             open it and save it as .docx"
                .into(),
        );
    }
    let word = read_stream(&mut file, "/WordDocument")?;
    let fib = Fib::read(&word).ok_or_else(damaged)?;
    if fib.encrypted {
        return Err(
            "a password-protected Word document; open it, remove the password and save it as .docx"
                .into(),
        );
    }
    let table = read_stream(&mut file, fib.table_stream)?;
    let clx = table
        .get(fib.clx.0..fib.clx.0.checked_add(fib.clx.1).ok_or_else(damaged)?)
        .ok_or_else(damaged)?;
    let pieces = pieces(clx).ok_or_else(damaged)?;
    let paragraphs = Paragraphs::read(&word, &table, fib.paragraphs);
    Ok(main_text(&word, &pieces, fib.text_chars, &paragraphs))
}

fn damaged() -> String {
    "damaged old Word document (its text table cannot be read); save it again as .docx".into()
}

fn read_stream(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    file.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut bytes))
        .map_err(|e| {
            format!("cannot read {name} from an old Word document ({e}); save it again as .docx")
        })?;
    Ok(bytes)
}

/// What fazhi needs from the File Information Block at the start of `WordDocument`.
struct Fib {
    encrypted: bool,
    table_stream: &'static str,
    /// Characters of the main document; the footnotes, headers and the rest follow them.
    text_chars: u32,
    /// Offset and length of the piece table (`Clx`) in the table stream.
    clx: (usize, usize),
    /// Offset and length of the paragraph properties' index (`PlcBtePapx`) there.
    paragraphs: (usize, usize),
}

impl Fib {
    fn read(word: &[u8]) -> Option<Fib> {
        if u16_at(word, 0)? != WORD_IDENT {
            return None;
        }
        let flags = u16_at(word, 0x0A)?;
        // The FIB's three arrays have counted lengths, so later versions' longer arrays
        // are stepped over rather than misread.
        let words = u16_at(word, 32)? as usize;
        let longs_at = 34 + words * 2;
        let longs = u16_at(word, longs_at)? as usize;
        let longs_start = longs_at + 2;
        let text_chars = u32_at(word, longs_start + 3 * 4)?;
        let pairs_at = longs_start + longs * 4;
        let pairs = u16_at(word, pairs_at)? as usize;
        // The offset–length pairs of PlcBtePapx and Clx are the 14th and the 34th.
        const PARAGRAPHS: usize = 13;
        const CLX: usize = 33;
        if pairs <= CLX {
            return None;
        }
        let pair = |n: usize| -> Option<(usize, usize)> {
            let at = pairs_at + 2 + n * 8;
            Some((u32_at(word, at)? as usize, u32_at(word, at + 4)? as usize))
        };
        Some(Fib {
            encrypted: flags & 0x0100 != 0,
            table_stream: if flags & 0x0200 != 0 {
                "/1Table"
            } else {
                "/0Table"
            },
            text_chars,
            clx: pair(CLX)?,
            paragraphs: pair(PARAGRAPHS)?,
        })
    }
}

/// One run of characters stored together: character positions `start..end`, at `offset` in
/// `WordDocument`, one byte each (Windows-1252) or two (UTF-16).
struct Piece {
    start: u32,
    end: u32,
    offset: usize,
    one_byte: bool,
}

/// The pieces of the piece table in `clx`, which follows any formatting blocks (`Prc`).
fn pieces(clx: &[u8]) -> Option<Vec<Piece>> {
    let mut at = 0;
    while *clx.get(at)? == 0x01 {
        at += 3 + u16_at(clx, at + 1)? as usize;
    }
    if clx[at] != 0x02 {
        return None;
    }
    let len = u32_at(clx, at + 1)? as usize;
    let plc = clx.get(at + 5..at + 5 + len)?;
    // n + 1 character positions, then n descriptors of 8 bytes.
    let n = len.checked_sub(4)? / 12;
    (0..n)
        .map(|i| {
            let fc = u32_at(plc, (n + 1) * 4 + i * 8 + 2)?;
            let one_byte = fc & 0x4000_0000 != 0;
            let fc = (fc & 0x3FFF_FFFF) as usize;
            Some(Piece {
                start: u32_at(plc, i * 4)?,
                end: u32_at(plc, i * 4 + 4)?,
                offset: if one_byte { fc / 2 } else { fc },
                one_byte,
            })
        })
        .collect()
}

/// The first `chars` characters of the document, as lines.
fn main_text(word: &[u8], pieces: &[Piece], chars: u32, paragraphs: &Paragraphs) -> String {
    let mut text = Text::default();
    // Each character is stored once, so a piece table asking for more than the stream holds
    // is damaged (and could otherwise repeat one run of text without end).
    let mut budget = word.len();
    for piece in pieces {
        if piece.start >= chars {
            break;
        }
        let count = (piece.end.min(chars).saturating_sub(piece.start)) as usize;
        budget = match budget.checked_sub(count) {
            Some(left) => left,
            None => break,
        };
        if piece.one_byte {
            let Some(bytes) = word.get(piece.offset..piece.offset + count) else {
                continue;
            };
            // Windows-1252 gives each byte one character.
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            for (i, c) in decoded.chars().enumerate() {
                text.push(c, piece.offset + i, paragraphs);
            }
        } else {
            let Some(bytes) = word.get(piece.offset..piece.offset + count * 2) else {
                continue;
            };
            let units = bytes
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]));
            // A character's offset is its first unit's: a surrogate pair is one character.
            let mut at = piece.offset;
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                text.push(c, at, paragraphs);
                at += 2 * c.len_utf16();
            }
        }
    }
    text.finish()
}

/// The text being written out, with Word's control characters turned into lines or dropped,
/// and table rows gathered as the other readers write them.
#[derive(Default)]
struct Text {
    out: String,
    /// The paragraph being read.
    line: String,
    /// The table row being read: each cell's paragraphs.
    row: Vec<Vec<String>>,
    /// The cell being read.
    cell: Vec<String>,
    /// For each open field, whether its code has ended (its result is shown).
    fields: Vec<bool>,
}

impl Text {
    /// Take character `c`, stored at `offset` in `WordDocument`.
    fn push(&mut self, c: char, offset: usize, paragraphs: &Paragraphs) {
        match c {
            // Field begin, separator (code ends, result follows) and end.
            '\u{13}' => return self.fields.push(false),
            '\u{14}' => {
                if let Some(f) = self.fields.last_mut() {
                    *f = true;
                }
                return;
            }
            '\u{15}' => {
                self.fields.pop();
                return;
            }
            _ => {}
        }
        if self.fields.iter().any(|shown| !shown) {
            return;
        }
        match c {
            // A paragraph's end, or a table cell's (the end of its last paragraph).
            '\r' | '\u{07}' => {
                let line = std::mem::take(&mut self.line);
                match paragraphs.at(offset) {
                    Place::Body => self.line_out(line),
                    Place::Cell => {
                        self.cell.push(line);
                        if c == '\u{07}' {
                            self.row.push(std::mem::take(&mut self.cell));
                        }
                    }
                    Place::RowEnd => {
                        let row = std::mem::take(&mut self.row);
                        self.out.push_str(&super::table_row(row));
                    }
                }
            }
            // A line, page or section break inside a paragraph.
            '\u{0B}' | '\u{0C}' => {
                let line = std::mem::take(&mut self.line);
                self.line_out(line);
            }
            '\u{1E}' => self.line.push('-'),
            '\u{A0}' => self.line.push(' '),
            '\t' => self.line.push('\t'),
            // Pictures, footnote and comment marks, the optional hyphen and other controls.
            c if c.is_control() || c == '\u{1F}' => {}
            c => self.line.push(c),
        }
    }

    fn line_out(&mut self, line: String) {
        if !line.trim().is_empty() {
            self.out.push_str(&line);
            self.out.push('\n');
        }
    }

    /// The text, with a last paragraph or row that lacks its end mark.
    fn finish(mut self) -> String {
        let line = std::mem::take(&mut self.line);
        if !self.cell.is_empty() || !self.row.is_empty() {
            self.cell.push(line);
            self.row.push(std::mem::take(&mut self.cell));
            let row = std::mem::take(&mut self.row);
            self.out.push_str(&super::table_row(row));
        } else {
            self.line_out(line);
        }
        self.out
    }
}

/// Where a paragraph stands, from its properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Body,
    /// In a table cell.
    Cell,
    /// The mark that ends a table row.
    RowEnd,
}

/// The paragraph properties that say where a paragraph stands, by the offset range of the
/// paragraph marks they cover (from the formatted disk pages `PlcBtePapx` points at).
#[derive(Default)]
struct Paragraphs {
    /// `(start, end, place)`, sorted and not overlapping.
    runs: Vec<(usize, usize, Place)>,
}

impl Paragraphs {
    /// Read them through `PlcBtePapx` at `plc` in the table stream. What cannot be read is
    /// left out, so its paragraphs read as body text.
    fn read(word: &[u8], table: &[u8], plc: (usize, usize)) -> Paragraphs {
        let mut runs = Vec::new();
        let Some(plc) = plc
            .0
            .checked_add(plc.1)
            .and_then(|end| table.get(plc.0..end))
        else {
            return Paragraphs::default();
        };
        // n + 1 offsets, then n page numbers of 4 bytes.
        let n = plc.len().saturating_sub(4) / 8;
        for i in 0..n {
            let Some(page) = u32_at(plc, (n + 1) * 4 + i * 4) else {
                break;
            };
            let at = (page & 0x3F_FFFF) as usize * 512;
            if let Some(fkp) = word.get(at..at + 512) {
                read_page(fkp, &mut runs);
            }
        }
        runs.sort_by_key(|r| r.0);
        Paragraphs { runs }
    }

    fn at(&self, offset: usize) -> Place {
        let i = self.runs.partition_point(|r| r.0 <= offset);
        match i.checked_sub(1).map(|i| self.runs[i]) {
            Some((_, end, place)) if offset < end => place,
            _ => Place::Body,
        }
    }
}

/// The runs of one paragraph page (`PapxFkp`): `crun` in its last byte, `crun + 1` offsets,
/// then for each run a byte giving where (in words) its properties start.
fn read_page(fkp: &[u8], runs: &mut Vec<(usize, usize, Place)>) {
    let count = fkp[511] as usize;
    for i in 0..count {
        let (Some(start), Some(end)) = (u32_at(fkp, i * 4), u32_at(fkp, i * 4 + 4)) else {
            return;
        };
        let Some(&word_at) = fkp.get((count + 1) * 4 + i * 13) else {
            return;
        };
        let place = place_of(fkp, word_at as usize * 2);
        if place != Place::Body {
            runs.push((start as usize, end as usize, place));
        }
    }
}

/// The place given by the paragraph properties at `at` (a `PapxInFkp`): a size, a style
/// number, then property modifiers.
fn place_of(fkp: &[u8], at: usize) -> Place {
    if at == 0 {
        return Place::Body;
    }
    let (len, start) = match fkp.get(at) {
        Some(0) => match fkp.get(at + 1) {
            Some(&n) => (n as usize * 2, at + 2),
            None => return Place::Body,
        },
        Some(&n) => (n as usize * 2 - 1, at + 1),
        None => return Place::Body,
    };
    // Past the two-byte style number.
    let Some(grpprl) = fkp.get(start + 2..(start + len).min(fkp.len())) else {
        return Place::Body;
    };
    let (mut in_table, mut row_end) = (false, false);
    let mut i = 0;
    while let Some(sprm) = u16_at(grpprl, i) {
        let operand = &grpprl[i + 2..];
        let first = operand.first().copied().unwrap_or(0);
        match sprm {
            SPRM_IN_TABLE => in_table = first != 0,
            SPRM_ROW_END => row_end = first != 0,
            SPRM_TABLE_DEPTH => in_table = u32_at(operand, 0).unwrap_or(0) > 0,
            _ => {}
        }
        let Some(len) = operand_len(sprm, operand) else {
            break;
        };
        i += 2 + len;
    }
    match (in_table, row_end) {
        (_, true) => Place::RowEnd,
        (true, false) => Place::Cell,
        (false, false) => Place::Body,
    }
}

/// `sprmPFInTable`, `sprmPFTtp` and `sprmPItap`: in a table, a row's end, the table depth.
const SPRM_IN_TABLE: u16 = 0x2416;
const SPRM_ROW_END: u16 = 0x2417;
const SPRM_TABLE_DEPTH: u16 = 0x6649;

/// How many bytes a property modifier's operand takes, told by its top three bits; `None`
/// for the one variable size not given by its first byte that is not read here
/// (`sprmPChgTabs` at its longest), which ends the reading of that paragraph's properties.
fn operand_len(sprm: u16, operand: &[u8]) -> Option<usize> {
    Some(match sprm >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        // sprmTDefTable and sprmTDefTable10 count their rest, plus one, in two bytes.
        _ if sprm == 0xD608 || sprm == 0xD606 => u16_at(operand, 0)? as usize + 1,
        _ if sprm == 0xC615 && operand.first() == Some(&255) => return None,
        _ => 1 + *operand.first()? as usize,
    })
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A `.doc` whose main text is `pieces`, each `(text, one byte a character)`, stored one
    /// after another in `WordDocument` from offset 1024: the smallest file Word's layout allows.
    fn doc(pieces: &[(&str, bool)], flags: u16, table_stream: bool) -> Vec<u8> {
        let mut word = vec![0u8; 1024];
        word[0..2].copy_from_slice(&WORD_IDENT.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        // 14 words, 22 longs, 93 offset–length pairs, as Word 97 writes them.
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        word[62..64].copy_from_slice(&22u16.to_le_bytes());
        word[152..154].copy_from_slice(&93u16.to_le_bytes());
        let (mut cps, mut pcds, mut cp) = (vec![0u32], Vec::new(), 0u32);
        for (text, one_byte) in pieces {
            let at = word.len() as u32;
            if *one_byte {
                word.extend(text.bytes());
                pcds.push((at * 2) | 0x4000_0000);
            } else {
                word.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                pcds.push(at);
            }
            cp += text.encode_utf16().count() as u32;
            cps.push(cp);
        }
        word[76..80].copy_from_slice(&cp.to_le_bytes());
        let mut plc: Vec<u8> = cps.iter().flat_map(|c| c.to_le_bytes()).collect();
        for fc in pcds {
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        // A formatting block before the piece table, which must be stepped over.
        let mut clx = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(plc);
        let clx_pair = 154 + 33 * 8;
        word[clx_pair + 4..clx_pair + 8].copy_from_slice(&(clx.len() as u32).to_le_bytes());
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/WordDocument")
            .unwrap()
            .write_all(&word)
            .unwrap();
        if table_stream {
            let name = if flags & 0x0200 != 0 {
                "/1Table"
            } else {
                "/0Table"
            };
            file.create_stream(name).unwrap().write_all(&clx).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn one_byte_and_two_byte_pieces_read_in_order_with_field_codes_dropped() {
        let bytes = doc(
            &[
                ("Report 2024\r", true),
                (
                    "法治\u{13} HYPERLINK \"http://x\" \u{14}政府\u{15}建设\u{13}PAGE\u{15}。\r",
                    false,
                ),
                ("\u{0C}Page two\u{0B}line\r", true),
            ],
            0x0200,
            true,
        );
        assert_eq!(
            to_text(&bytes).unwrap(),
            "Report 2024\n法治政府建设。\nPage two\nline\n"
        );
    }

    #[test]
    fn a_password_or_a_missing_table_is_one_sentence_saying_what_to_do() {
        let locked = doc(&[("秘密\r", false)], 0x0100, true);
        let why = to_text(&locked).unwrap_err();
        assert!(why.contains("password-protected"), "{why}");
        let no_table = doc(&[("正文\r", false)], 0, false);
        let why = to_text(&no_table).unwrap_err();
        assert!(why.contains("0Table") && why.contains(".docx"), "{why}");
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(b"x")
            .unwrap();
        file.flush().unwrap();
        let sheet = file.into_inner().into_inner();
        let why = to_text(&sheet).unwrap_err();
        assert!(why.contains("not a Word or WPS document"), "{why}");
    }
}
