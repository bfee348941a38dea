//! Writing a store: reports just parsed ([`Encoded`]) and reports copied from an old store
//! without decoding them, both seen as an [`Entry`].

use super::{
    codec, hash64, Field, Row, Stamp, Store, Word, HEADER, MAGIC, NO_STR, REPORT_ROW, VERSION,
};
use crate::report::Report;
use crate::search::corpus::{self, PIECE_ROW};
use bincode::Options;
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// A report parsed and laid out for the store, ready to write (made on the parsing thread).
pub struct Encoded {
    report_meta: crate::report::Meta,
    source: String,
    stamp: Stamp,
    base_id: String,
    warnings: String,
    figures: u64,
    sections: Vec<(String, String)>,
    text: Vec<u8>,
    rows: Vec<u8>,
    payload: Vec<u8>,
}

impl Encoded {
    /// Lay out `r`, read from a file with stamp `stamp`.
    pub fn new(r: &Report, stamp: Stamp) -> Encoded {
        let (mut text, mut rows) = (Vec::new(), Vec::new());
        corpus::push_report(r, 0, 0, &mut text, &mut rows);
        // Serialising a Report into memory cannot fail: it has no maps with non-string keys
        // and no limit is set.
        let payload = codec(u64::MAX).serialize(r).unwrap_or_default();
        Encoded {
            report_meta: r.meta.clone(),
            source: r.source.clone(),
            stamp,
            base_id: r.base_id(),
            warnings: r.warnings.join("\n"),
            figures: r.figures().count() as u64,
            sections: (0..r.sections.len())
                .map(|i| (r.path(i), r.sections[i].title.clone()))
                .collect(),
            text,
            rows,
            payload,
        }
    }

    /// The stamp of its file.
    pub fn stamp(&self) -> Stamp {
        self.stamp
    }

    /// This report as an entry to write.
    pub fn entry(&self) -> Entry<'_> {
        let m = &self.report_meta;
        Entry {
            source: &self.source,
            stamp: self.stamp,
            base_id: &self.base_id,
            title: &m.title,
            district: m.district.as_deref(),
            prefecture: m.prefecture.as_deref(),
            province: m.province.as_deref(),
            code: m.code.as_deref(),
            year: m.year,
            warnings: &self.warnings,
            figures: self.figures,
            sections: self
                .sections
                .iter()
                .map(|(p, t)| (Cow::Borrowed(p.as_str()), Cow::Borrowed(t.as_str())))
                .collect(),
            text: &self.text,
            rows: &self.rows,
            base: 0,
            payload: &self.payload,
        }
    }
}

/// A report to write: borrowed from an [`Encoded`] or an old store's row.
pub struct Entry<'a> {
    /// The file it was read from.
    pub source: &'a str,
    /// That file's stamp.
    pub stamp: Stamp,
    /// [`Report::base_id`].
    pub base_id: &'a str,
    title: &'a str,
    /// Its district, if known.
    pub district: Option<&'a str>,
    /// Its prefecture, if known.
    pub prefecture: Option<&'a str>,
    /// Its province, if known.
    pub province: Option<&'a str>,
    code: Option<&'a str>,
    /// Its year, if known.
    pub year: Option<u16>,
    warnings: &'a str,
    figures: u64,
    sections: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    text: &'a [u8],
    /// Its rows of the pieces table, starts counting from `base`.
    rows: &'a [u8],
    base: u64,
    payload: &'a [u8],
}

impl<'a> Row<'a> {
    /// This row as an entry to copy into a new store, with its file's stamp now `stamp`.
    pub fn entry(&self, stamp: Stamp) -> Entry<'a> {
        let store: &'a Store = self.store;
        let all = store.all();
        let slice = |range: Option<std::ops::Range<usize>>, within: &std::ops::Range<usize>| {
            range
                .and_then(|r| all[within.clone()].get(r))
                .unwrap_or_default()
        };
        let pieces = self
            .range(Field::PiecesStart, Field::PiecesLen)
            .and_then(|r| Some(r.start.checked_mul(PIECE_ROW)?..r.end.checked_mul(PIECE_ROW)?));
        Entry {
            source: self.source(),
            stamp,
            base_id: self.base_id(),
            title: self.title(),
            district: self.district(),
            prefecture: self.prefecture(),
            province: self.province(),
            code: self.code(),
            year: self.year(),
            warnings: self.text_of(Field::Warnings).unwrap_or_default(),
            figures: self.figures() as u64,
            sections: (0..self.sections())
                .map(|s| {
                    let (p, t) = self.section(s);
                    (Cow::Borrowed(p), Cow::Borrowed(t))
                })
                .collect(),
            text: slice(self.range(Field::TextStart, Field::TextLen), &store.text),
            rows: slice(pieces, &store.pieces),
            base: self.word(Field::TextStart),
            payload: slice(
                self.range(Field::PayloadStart, Field::PayloadLen),
                &store.payloads,
            ),
        }
    }
}

/// Write a store of `entries` (in library order, with ids `ids`) to `out`. `checked_at_ns`
/// is when their files were looked at.
pub fn write(
    out: &mut dyn Write,
    checked_at_ns: u64,
    entries: &[Entry],
    ids: &[String],
) -> std::io::Result<()> {
    let mut strings: Vec<u8> = Vec::new();
    let mut string = |s: Option<&str>| -> u64 {
        let Some(s) = s else { return NO_STR };
        let off = strings.len() as u64;
        strings.extend_from_slice(s.as_bytes());
        // Strings live in the first 4 GB of the area and are at most 4 GB each; a library
        // anywhere near that is far beyond the 64 MB cap on one file times its count.
        (off & 0xFFFF_FFFF) | ((s.len() as u64) << 32)
    };
    let (mut reports, mut sections, mut pieces) = (Vec::new(), Vec::new(), Vec::new());
    let (mut text_len, mut payloads_len, mut n_sections) = (0u64, 0u64, 0u64);
    for (i, e) in entries.iter().enumerate() {
        let first_piece = (pieces.len() / PIECE_ROW) as u64;
        for k in 0..e.rows.len() / PIECE_ROW {
            if let Some((start, _, part)) = corpus::row(e.rows, k) {
                let start = start.saturating_sub(e.base) + text_len;
                corpus::push_row(&mut pieces, start, i, part);
            }
        }
        for (path, title) in &e.sections {
            sections.extend_from_slice(&string(Some(path)).to_le_bytes());
            sections.extend_from_slice(&string(Some(title)).to_le_bytes());
        }
        let mut row = [0u64; Field::Count as usize];
        let mut set = |f: Field, v: u64| row[f as usize] = v;
        set(Field::Source, string(Some(e.source)));
        set(Field::Size, e.stamp.size);
        set(Field::Mtime, e.stamp.mtime_ns);
        set(Field::Ctime, e.stamp.ctime_ns);
        set(Field::Inode, e.stamp.inode);
        set(Field::Content, e.stamp.content);
        set(Field::Id, string(ids.get(i).map(String::as_str)));
        set(Field::BaseId, string(Some(e.base_id)));
        set(Field::Title, string(Some(e.title)));
        set(Field::District, string(e.district));
        set(Field::Prefecture, string(e.prefecture));
        set(Field::Province, string(e.province));
        set(Field::Code, string(e.code));
        set(Field::Year, e.year.map_or(0, u64::from));
        set(
            Field::Warnings,
            string(Some(e.warnings).filter(|w| !w.is_empty())),
        );
        set(Field::Figures, e.figures);
        set(Field::SectionsStart, n_sections);
        set(Field::SectionsLen, e.sections.len() as u64);
        set(Field::PiecesStart, first_piece);
        set(
            Field::PiecesLen,
            (pieces.len() / PIECE_ROW) as u64 - first_piece,
        );
        set(Field::TextStart, text_len);
        set(Field::TextLen, e.text.len() as u64);
        set(Field::PayloadStart, payloads_len);
        set(Field::PayloadLen, e.payload.len() as u64);
        set(Field::PayloadHash, hash64(e.payload));
        for w in row {
            reports.extend_from_slice(&w.to_le_bytes());
        }
        n_sections += e.sections.len() as u64;
        text_len += e.text.len() as u64;
        payloads_len += e.payload.len() as u64;
    }
    let mut meta = strings;
    let strings_len = meta.len() as u64;
    meta.extend_from_slice(&reports);
    let mut places = sections;
    places.extend_from_slice(&pieces);
    let mut header = [0u64; HEADER / 8];
    let mut set = |w: Word, v: u64| header[w as usize] = v;
    set(Word::Magic, u64::from_le_bytes(*MAGIC));
    set(Word::Version, VERSION);
    set(Word::CheckedAt, checked_at_ns);
    set(
        Word::FileLen,
        (HEADER + meta.len() + places.len()) as u64 + text_len + payloads_len,
    );
    set(Word::Reports, (reports.len() / REPORT_ROW) as u64);
    set(Word::Sections, n_sections);
    set(Word::Pieces, (pieces.len() / PIECE_ROW) as u64);
    set(Word::StringsLen, strings_len);
    set(Word::TextLen, text_len);
    set(Word::PayloadsLen, payloads_len);
    set(Word::MetaHash, hash64(&meta));
    set(Word::PlacesHash, hash64(&places));
    let mut head: Vec<u8> = header.iter().flat_map(|w| w.to_le_bytes()).collect();
    let hash = hash64(&head[..Word::HeaderHash as usize * 8]);
    head[Word::HeaderHash as usize * 8..].copy_from_slice(&hash.to_le_bytes());
    out.write_all(&head)?;
    out.write_all(&meta)?;
    out.write_all(&places)?;
    for e in entries {
        out.write_all(e.text)?;
    }
    for e in entries {
        out.write_all(e.payload)?;
    }
    Ok(())
}

/// Write a store to `path` atomically: into a temporary file in the same folder, one fsync,
/// then a rename, so a reader (another fazhi) maps the old store or the new one, never half
/// of one. The temporary file's name is unique per call, so two writers at once do not
/// share it.
pub fn write_file(
    path: &Path,
    checked_at_ns: u64,
    entries: &[Entry],
    ids: &[String],
) -> std::io::Result<()> {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    sweep_leftovers(path);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    let result = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        write(&mut out, checked_at_ns, entries, ids)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Remove the temporary files that writers of the store at `path` left when they were killed
/// mid-write (Ctrl-C during `fazhi index`): each is as large as the store, and nothing else
/// would ever delete it. A file whose writer is still running on this machine is left alone;
/// the writer's pid is in the name (`library-….tmp<pid>-<n>`).
fn sweep_leftovers(path: &Path) {
    let (Some(dir), Some(stem)) = (path.parent(), path.file_stem().and_then(|s| s.to_str())) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{stem}.tmp");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<i32>().ok())
        else {
            continue;
        };
        if !running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Is process `pid` alive on this machine? `kill(pid, 0)` delivers nothing and fails with
/// `ESRCH` only when there is no such process (`EPERM` means it runs under another user).
fn running(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let status = unsafe { libc::kill(pid, 0) };
    status == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}
