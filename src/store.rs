//! The library store: one file per library in the XDG cache dir, memory-mapped, holding
//! everything `fazhi list` and `fazhi search` need as fixed-width little-endian tables, and
//! each report's parsed form (bincode) to decode one report on demand.
//!
//! Layout (all integers little-endian; see [`mod@write`] for the writer):
//!
//! | part | size |
//! |---|---|
//! | header | [`HEADER`] bytes: 16 u64 words, see `Word` |
//! | payloads | one bincode [`Report`] each, in the order they were parsed |
//! | strings | UTF-8, referred to as (offset u32, length u32) packed in a u64 |
//! | reports | [`REPORT_ROW`] bytes a report, in library order, see `Field` |
//! | sections | [`SECTION_ROW`] bytes a section: its path and title (strings) |
//! | pieces | [`corpus::PIECE_ROW`] bytes a line, see [`crate::search::corpus`] |
//! | text | every line of every report, each followed by `\n` |
//!
//! Opening reads nothing but the header and checks it and the tables against their
//! checksums: a missing, foreign, truncated or damaged store is an error the caller answers
//! by building a new one, never a panic. Every row is read with `from_le_bytes` at an
//! offset, so nothing needs alignment and nothing is cast. The text blob is not checksummed
//! (that would cost a pass over all text per command); a damaged byte there can only show
//! as a wrong character. A payload is checked against its checksum when decoded.

use crate::report::Report;
use crate::search::corpus::{self, Corpus};
use bincode::Options;
use std::ops::Range;
use std::path::{Path, PathBuf};

mod pages;
pub mod write;

pub use write::{Encoded, Entry, Writer};

/// Version of the store format and of what the parser puts in it. Bump it whenever the
/// layout, [`Report`] or the parser's output changes, so old stores are rebuilt.
pub const VERSION: u64 = 48;

const MAGIC: &[u8; 8] = b"FAZHI\x00S\x01";
/// Bytes of the header.
pub const HEADER: usize = 16 * 8;
/// Bytes of a row of the reports table.
pub const REPORT_ROW: usize = Field::Count as usize * 8;
/// Bytes of a row of the sections table.
pub const SECTION_ROW: usize = 16;
/// A string reference meaning "none".
const NO_STR: u64 = u64::MAX;

/// The header's u64 words.
#[derive(Clone, Copy)]
enum Word {
    Magic,
    Version,
    /// When the files were looked at for this store (ns since the epoch): a file modified in
    /// that second or later may have changed unseen, and is read again next time.
    CheckedAt,
    FileLen,
    Reports,
    Sections,
    Pieces,
    StringsLen,
    TextLen,
    PayloadsLen,
    /// Checksum of the strings and the reports table.
    MetaHash = 13,
    /// Checksum of the sections and pieces tables.
    PlacesHash,
    /// Checksum of the words before it.
    HeaderHash,
}

/// The u64 fields of a reports-table row.
#[derive(Clone, Copy)]
enum Field {
    Source,
    Size,
    Mtime,
    Ctime,
    Inode,
    Content,
    Id,
    BaseId,
    Title,
    District,
    Prefecture,
    Province,
    Code,
    Year,
    Warnings,
    Figures,
    SectionsStart,
    SectionsLen,
    PiecesStart,
    PiecesLen,
    TextStart,
    TextLen,
    PayloadStart,
    PayloadLen,
    PayloadHash,
    Count,
}

/// Where [`crate::library::Library::open_with`] keeps the library's store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CachePolicy {
    /// `$XDG_CACHE_HOME/fazhi` (the default).
    Xdg,
    /// This directory.
    Dir(PathBuf),
    /// No store on disk: parse every file (`--no-cache`).
    Off,
}

impl CachePolicy {
    /// The store file for a library opened from `roots`, if this policy has one.
    /// Each set of roots gets its own file, named by a hash of their absolute paths.
    pub fn file_for(&self, roots: &[PathBuf]) -> Option<PathBuf> {
        let dir = match self {
            CachePolicy::Xdg => crate::xdg::cache_dir()?,
            CachePolicy::Dir(d) => d.clone(),
            CachePolicy::Off => return None,
        };
        let mut key = Vec::new();
        for r in roots {
            let abs = std::fs::canonicalize(r).unwrap_or_else(|_| r.clone());
            key.extend_from_slice(abs.to_string_lossy().as_bytes());
            key.push(0);
        }
        Some(dir.join(format!("library-{:016x}.store", hash64(&key))))
    }
}

/// What identifies the version of a file a report was parsed from. Size, times and inode
/// come from `stat`, so an unchanged file is known without reading it; the content hash
/// decides when they changed (or may have: see `Word::CheckedAt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    /// File size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: u64,
    /// Status change time, nanoseconds since the Unix epoch.
    pub ctime_ns: u64,
    /// Inode number.
    pub inode: u64,
    /// [`hash64`] of the file's bytes.
    pub content: u64,
}

impl Stamp {
    /// The stamp of a file from its metadata, with `content` its hash.
    pub fn of(meta: &std::fs::Metadata, content: u64) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| {
            u64::try_from(s)
                .unwrap_or(0)
                .saturating_mul(1_000_000_000)
                .saturating_add(u64::try_from(n).unwrap_or(0))
        };
        Stamp {
            size: meta.len(),
            mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
            ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
            content,
        }
    }

    /// Same size, times and inode as `other`: the file has not been touched since.
    pub fn same_file(&self, other: &Stamp) -> bool {
        (self.size, self.mtime_ns, self.ctime_ns, self.inode)
            == (other.size, other.mtime_ns, other.ctime_ns, other.inode)
    }

    /// Modified in the second the files were checked at, or later: an edit in that second
    /// might keep size and mtime, so `stat` alone cannot vouch for the file.
    pub fn racy(&self, checked_at_ns: u64) -> bool {
        self.mtime_ns / 1_000_000_000 >= checked_at_ns / 1_000_000_000
    }
}

/// Why a store cannot be used (the caller builds a new one).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be opened or mapped.
    #[error("{path}: cannot open the library store: {source}")]
    Io {
        /// The store file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not a store, another version, truncated, or failing its checksums.
    #[error("library store: {0}")]
    Damaged(&'static str),
}

/// The store's bytes: mapped from its file, or built in memory (no cache, or one that
/// cannot be written).
enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

/// An open library store.
pub struct Store {
    bytes: Bytes,
    checked_at_ns: u64,
    reports: usize,
    strings: Range<usize>,
    rows: Range<usize>,
    sections: Range<usize>,
    pieces: Range<usize>,
    text: Range<usize>,
    payloads: Range<usize>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("reports", &self.reports)
            .field("text", &self.text.len())
            .finish()
    }
}

impl Store {
    /// Map and check the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        // SAFETY: the map is read-only, and fazhi never changes a store file in place: a
        // new store is written to a temporary file and renamed over the old one, so this
        // map keeps the old file's bytes. (Another program truncating the file would fault
        // the process; nothing else could make these bytes change.)
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        let store = Store::check(Bytes::Mapped(map))?;
        // Checking read the sections and pieces tables through; only a search reads them
        // again, so they need not stay in this process's memory.
        store.release(store.sections.start..store.pieces.end);
        Ok(store)
    }

    /// A store from bytes in memory, checked as a file is.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Store, StoreError> {
        Store::check(Bytes::Owned(bytes))
    }

    /// A store of `reports` built in memory, in their order, under their ids.
    pub fn from_reports(reports: &[Report]) -> Store {
        let writer = Writer::in_memory();
        let encoded: Vec<Encoded> =
            crate::cores::map(reports, |r| Encoded::new(r, Stamp::default(), &writer));
        let entries: Vec<Entry> = encoded.iter().map(Encoded::entry).collect();
        let ids: Vec<String> = reports.iter().map(Report::id).collect();
        Store::from_bytes(writer.into_bytes(0, &entries, &ids))
            .expect("a store built in memory from reports is well formed")
    }

    fn check(bytes: Bytes) -> Result<Store, StoreError> {
        use StoreError::Damaged;
        let all: &[u8] = match &bytes {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        };
        let header = all
            .get(..HEADER)
            .ok_or(Damaged("shorter than its header"))?;
        let word = |w: Word| u64_at(header, w as usize * 8);
        if &header[..8] != MAGIC {
            return Err(Damaged("not a fazhi library store"));
        }
        if word(Word::Version) != VERSION {
            return Err(Damaged("made by another version of fazhi"));
        }
        if hash64(&header[..Word::HeaderHash as usize * 8]) != word(Word::HeaderHash) {
            return Err(Damaged("header checksum"));
        }
        if word(Word::FileLen) != all.len() as u64 {
            return Err(Damaged("truncated or extended"));
        }
        let size = |count: Word, each: usize| {
            usize::try_from(word(count))
                .ok()
                .and_then(|n| n.checked_mul(each))
        };
        let mut at = HEADER;
        let mut next = |len: Option<usize>| {
            let len = len.ok_or(Damaged("table sizes"))?;
            let end = at.checked_add(len).ok_or(Damaged("table sizes"))?;
            let range = at..end;
            at = end;
            Ok::<_, StoreError>(range)
        };
        let payloads = next(size(Word::PayloadsLen, 1))?;
        let strings = next(size(Word::StringsLen, 1))?;
        let rows = next(size(Word::Reports, REPORT_ROW))?;
        let sections = next(size(Word::Sections, SECTION_ROW))?;
        let pieces = next(size(Word::Pieces, corpus::PIECE_ROW))?;
        let text = next(size(Word::TextLen, 1))?;
        if text.end != all.len() {
            return Err(Damaged("table sizes"));
        }
        if hash64(&all[strings.start..rows.end]) != word(Word::MetaHash) {
            return Err(Damaged("reports table checksum"));
        }
        if hash64(&all[sections.start..pieces.end]) != word(Word::PlacesHash) {
            return Err(Damaged("pieces table checksum"));
        }
        let checked_at_ns = word(Word::CheckedAt);
        let reports = rows.len() / REPORT_ROW;
        Ok(Store {
            bytes,
            checked_at_ns,
            reports,
            strings,
            rows,
            sections,
            pieces,
            text,
            payloads,
        })
    }

    fn all(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }

    /// When the files were looked at for this store, ns since the epoch.
    pub fn checked_at_ns(&self) -> u64 {
        self.checked_at_ns
    }

    /// Number of reports.
    pub fn len(&self) -> usize {
        self.reports
    }

    /// No reports.
    pub fn is_empty(&self) -> bool {
        self.reports == 0
    }

    /// Report `i` (library order).
    pub fn report(&self, i: usize) -> Row<'_> {
        Row { store: self, i }
    }

    /// Every report's row, in library order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        (0..self.reports).map(|i| self.report(i))
    }

    /// All text and its pieces, for [`crate::search::search`].
    pub fn corpus(&self) -> Corpus<'_> {
        Corpus {
            text: &self.all()[self.text.clone()],
            rows: &self.all()[self.pieces.clone()],
        }
    }

    /// Decode report `i` from its payload; `None` when the payload is damaged.
    pub fn decode(&self, i: usize) -> Option<Report> {
        let row = self.report(i);
        let payloads = &self.all()[self.payloads.clone()];
        let bytes = payloads.get(row.range(Field::PayloadStart, Field::PayloadLen)?)?;
        if hash64(bytes) != row.word(Field::PayloadHash) {
            return None;
        }
        codec(bytes.len() as u64).deserialize(bytes).ok()
    }

    fn str_at(&self, r: u64) -> Option<&str> {
        if r == NO_STR {
            return None;
        }
        let (off, len) = ((r & 0xFFFF_FFFF) as usize, (r >> 32) as usize);
        let strings = &self.all()[self.strings.clone()];
        // std's check is slow on CJK, and every name a list or a search prints comes here.
        simdutf8::basic::from_utf8(strings.get(off..off.checked_add(len)?)?).ok()
    }

    fn section_word(&self, s: usize, k: usize) -> u64 {
        let at = s.saturating_mul(SECTION_ROW).saturating_add(k * 8);
        self.all()[self.sections.clone()]
            .get(at..at.saturating_add(8))
            .map_or(NO_STR, |b| u64_at(b, 0))
    }
}

/// One report's row of the reports table.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    store: &'a Store,
    i: usize,
}

impl<'a> Row<'a> {
    fn word(&self, f: Field) -> u64 {
        let at = self.store.rows.start + self.i * REPORT_ROW + f as usize * 8;
        u64_at(self.store.all(), at)
    }

    fn text_of(&self, f: Field) -> Option<&'a str> {
        self.store.str_at(self.word(f))
    }

    fn range(&self, start: Field, len: Field) -> Option<Range<usize>> {
        let s = usize::try_from(self.word(start)).ok()?;
        Some(s..s.checked_add(usize::try_from(self.word(len)).ok()?)?)
    }

    /// Its index in the library.
    pub fn index(&self) -> usize {
        self.i
    }

    /// The file it was read from.
    pub fn source(&self) -> &'a str {
        self.text_of(Field::Source).unwrap_or_default()
    }

    /// The stamp of that file when it was read.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            size: self.word(Field::Size),
            mtime_ns: self.word(Field::Mtime),
            ctime_ns: self.word(Field::Ctime),
            inode: self.word(Field::Inode),
            content: self.word(Field::Content),
        }
    }

    /// Its id in the library ([`Report::id`]).
    pub fn id(&self) -> &'a str {
        self.text_of(Field::Id).unwrap_or_default()
    }

    /// Its id before the library made it unique ([`Report::base_id`]).
    pub fn base_id(&self) -> &'a str {
        self.text_of(Field::BaseId).unwrap_or_default()
    }

    /// Its title.
    pub fn title(&self) -> &'a str {
        self.text_of(Field::Title).unwrap_or_default()
    }

    /// Its district, if known.
    pub fn district(&self) -> Option<&'a str> {
        self.text_of(Field::District)
    }

    /// Its prefecture, if known.
    pub fn prefecture(&self) -> Option<&'a str> {
        self.text_of(Field::Prefecture)
    }

    /// Its province, if known.
    pub fn province(&self) -> Option<&'a str> {
        self.text_of(Field::Province)
    }

    /// Its division code, if known.
    pub fn code(&self) -> Option<&'a str> {
        self.text_of(Field::Code)
    }

    /// Its year, if known.
    pub fn year(&self) -> Option<u16> {
        u16::try_from(self.word(Field::Year))
            .ok()
            .filter(|&y| y != 0)
    }

    /// `千山区 2023`, as [`Report::short_name`].
    pub fn short_name(&self) -> String {
        format!(
            "{} {}",
            self.district().unwrap_or("?"),
            self.year().map_or("?".to_string(), |y| y.to_string())
        )
    }

    /// Its warnings ([`Report::warnings`]).
    pub fn warnings(&self) -> Vec<&'a str> {
        self.text_of(Field::Warnings)
            .map(|w| w.split('\n').collect())
            .unwrap_or_default()
    }

    /// How many figures it has.
    pub fn figures(&self) -> usize {
        usize::try_from(self.word(Field::Figures)).unwrap_or(0)
    }

    /// How many sections it has.
    pub fn sections(&self) -> usize {
        usize::try_from(self.word(Field::SectionsLen)).unwrap_or(0)
    }

    /// Section `s`'s path of markers (`一/（二）`, [`Report::path`]) and its title.
    pub fn section(&self, s: usize) -> (&'a str, &'a str) {
        let k = usize::try_from(self.word(Field::SectionsStart))
            .unwrap_or(usize::MAX)
            .saturating_add(s);
        let get = |w| self.store.str_at(self.store.section_word(k, w));
        (get(0).unwrap_or_default(), get(1).unwrap_or_default())
    }
}

/// The little-endian u64 at `at` in `bytes` (0 past the end: callers check sizes first).
fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// bincode with varint integers (compact) and a size limit, so a damaged length prefix
/// fails instead of allocating gigabytes.
fn codec(limit: u64) -> impl Options {
    bincode::DefaultOptions::new()
        .with_limit(limit)
        .allow_trailing_bytes()
}

/// A fast 64-bit hash for change detection and checksums (not for security): four
/// independent multiply-rotate lanes over 8-byte words, so it runs at memory speed.
pub fn hash64(bytes: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x9E37_79B9_7F4A_7C15,
        0xC2B2_AE3D_27D4_EB4F,
        0x1656_67B1_9E37_79F9,
        0x85EB_CA77_C2B2_AE63,
    ];
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap());
    let mut lanes = K;
    let mut chunks = bytes.chunks_exact(32);
    for c in &mut chunks {
        for (i, lane) in lanes.iter_mut().enumerate() {
            *lane = (*lane ^ word(&c[i * 8..i * 8 + 8]))
                .wrapping_mul(K[i])
                .rotate_left(29);
        }
    }
    let mut tail = [0u8; 32];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    for (i, lane) in lanes.iter_mut().enumerate() {
        *lane = (*lane ^ word(&tail[i * 8..i * 8 + 8]))
            .wrapping_mul(K[i])
            .rotate_left(29);
    }
    let mut h = bytes.len() as u64;
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(K[0]).rotate_left(31);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(K[1]);
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests;
