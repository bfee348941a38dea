//! Writing a store. A [`Writer`] takes each report's payload as soon as the report is parsed,
//! from whichever thread parsed it ([`Encoded::new`]): the payload area comes first in the
//! file, so its offset is known before anything else is, and the disk writes it out while
//! the other reports are still being parsed. When every report is known and ordered,
//! [`Writer::finish`] places the payloads of rows copied from an old store, builds the
//! tables a chunk of reports per thread, writes them and the text at their offsets from all
//! cores, then the header; one fsync of the temporary file, then a rename.
//!
//! An area after the text (an index of it, say) is a header word for its size, a range in
//! `Store::check`, and one more `(offset, bytes)` written in [`Writer::finish`].

use super::{codec, hash64, Field, Row, Stamp, Store, Word, HEADER, MAGIC, VERSION};
use crate::report::Report;
use crate::search::corpus::{self, PIECE_ROW};
use bincode::Options;
use std::borrow::Cow;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// Bytes written to the temporary file between two requests to the kernel to start writing
/// them to disk, so that the final fsync finds little left to do.
const WRITEBACK_EVERY: u64 = 16 << 20;
/// Reports a thread lays out at a time in [`Writer::finish`].
const CHUNK: usize = 256;

mod tables;
use tables::{Starts, Tables};

/// A report parsed and laid out for the store (made on the parsing thread), its payload
/// already handed to the [`Writer`].
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
    payload: Placed,
}

/// Where a parsed report's payload is.
enum Placed {
    /// In the writer's payload area, at `at` (from the area's start).
    At { at: u64, len: u64, hash: u64 },
    /// Kept here: the writer could not write it.
    Held { bytes: Vec<u8>, hash: u64 },
}

impl Encoded {
    /// Lay out `r`, read from a file with stamp `stamp`, its payload written by `writer`.
    pub fn new(r: &Report, stamp: Stamp, writer: &Writer) -> Encoded {
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
            payload: writer.place(payload),
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
            payload: match &self.payload {
                &Placed::At { at, len, hash } => Payload::At { at, len, hash },
                Placed::Held { bytes, hash } => Payload::Bytes { bytes, hash: *hash },
            },
        }
    }
}

/// A report's payload as an [`Entry`] has it.
#[derive(Clone, Copy)]
enum Payload<'a> {
    /// Already in the payload area.
    At { at: u64, len: u64, hash: u64 },
    /// Still to be placed (copied from an old store, or held by its [`Encoded`]).
    Bytes { bytes: &'a [u8], hash: u64 },
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
    payload: Payload<'a>,
}

impl Entry<'_> {
    /// Bytes of its strings in the strings area (see [`Tables::string`]).
    fn strings_len(&self, id: &str) -> u64 {
        let opt = |s: Option<&str>| s.map_or(0, str::len);
        let fixed = [self.source, id, self.base_id, self.title, self.warnings];
        let places = [self.district, self.prefecture, self.province, self.code];
        let sections: usize = self.sections.iter().map(|(p, t)| p.len() + t.len()).sum();
        (fixed.iter().map(|s| s.len()).sum::<usize>()
            + places.iter().map(|&s| opt(s)).sum::<usize>()
            + sections) as u64
    }

    fn pieces(&self) -> u64 {
        (self.rows.len() / PIECE_ROW) as u64
    }
}

impl<'a> Row<'a> {
    /// This row as an entry to copy into a new store, with its file's stamp now `stamp`.
    /// Its payload keeps the checksum it was written with, so a payload damaged since is
    /// still found out when decoded.
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
            payload: Payload::Bytes {
                bytes: slice(
                    self.range(Field::PayloadStart, Field::PayloadLen),
                    &store.payloads,
                ),
                hash: self.word(Field::PayloadHash),
            },
        }
    }
}

/// A store being written, to a temporary file beside the store or into memory.
pub struct Writer {
    target: Target,
    /// Bytes of the payload area taken so far.
    placed: AtomicU64,
    /// Bytes written since the kernel was last asked to write the file out.
    unflushed: AtomicU64,
}

enum Target {
    File {
        /// The store.
        path: PathBuf,
        /// The temporary file, unique to this writer: created on the first write, renamed
        /// over `path` when done, removed if not.
        tmp: PathBuf,
        file: OnceLock<Option<File>>,
        /// The first write that failed.
        failed: Mutex<Option<std::io::Error>>,
    },
    /// The whole store's bytes.
    Memory(Mutex<Vec<u8>>),
}

impl Writer {
    /// A writer of the store at `path` (see [`Writer::finish`]).
    pub fn to_file(path: &Path) -> Writer {
        static CALLS: AtomicU64 = AtomicU64::new(0);
        let n = CALLS.fetch_add(1, Ordering::Relaxed);
        let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
        Writer::new(Target::File {
            path: path.to_path_buf(),
            tmp,
            file: OnceLock::new(),
            failed: Mutex::new(None),
        })
    }

    /// A writer of a store in memory (see [`Writer::into_bytes`]).
    pub fn in_memory() -> Writer {
        Writer::new(Target::Memory(Mutex::new(vec![0; HEADER])))
    }

    fn new(target: Target) -> Writer {
        Writer {
            target,
            placed: AtomicU64::new(0),
            unflushed: AtomicU64::new(0),
        }
    }

    /// Put one report's payload into the payload area, from any thread.
    fn place(&self, bytes: Vec<u8>) -> Placed {
        let (len, hash) = (bytes.len() as u64, hash64(&bytes));
        match self.put(&bytes) {
            Some(at) => Placed::At { at, len, hash },
            None => Placed::Held { bytes, hash },
        }
    }

    /// Append `bytes` to the payload area: where they went, or `None` if they could not be
    /// written (the failure is kept for [`Writer::finish`]).
    fn put(&self, bytes: &[u8]) -> Option<u64> {
        let at = self.placed.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.write_at(HEADER as u64 + at, bytes).then_some(at)
    }

    /// Write `bytes` at `offset` of the store; false (the failure kept) if that failed.
    fn write_at(&self, offset: u64, bytes: &[u8]) -> bool {
        match &self.target {
            Target::Memory(all) => {
                let mut all = all.lock().unwrap_or_else(|e| e.into_inner());
                let (from, to) = (offset as usize, offset as usize + bytes.len());
                if all.len() < to {
                    all.resize(to, 0);
                }
                all[from..to].copy_from_slice(bytes);
                true
            }
            Target::File { failed, .. } => {
                let result = match self.file() {
                    Some(f) => f
                        .write_all_at(bytes, offset)
                        .map(|()| self.flush_now(f, bytes)),
                    None => Err(std::io::Error::other("no temporary file")),
                };
                match result {
                    Ok(()) => true,
                    Err(e) => {
                        let mut failed = failed.lock().unwrap_or_else(|e| e.into_inner());
                        failed.get_or_insert(e);
                        false
                    }
                }
            }
        }
    }

    /// The temporary file, created by the first call (`None` if it cannot be, the reason
    /// kept).
    fn file(&self) -> Option<&File> {
        let Target::File {
            path,
            tmp,
            file,
            failed,
        } = &self.target
        else {
            return None;
        };
        file.get_or_init(|| {
            let made = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    sweep_leftovers(path);
                    File::create(tmp)
                });
            made.map_err(|e| {
                let mut failed = failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert(e);
            })
            .ok()
        })
        .as_ref()
    }

    /// Ask the kernel to start writing the file to disk every [`WRITEBACK_EVERY`] bytes: it
    /// would otherwise hold them all in the page cache until the fsync, and the disk would
    /// sit idle while reports are parsed.
    fn flush_now(&self, file: &File, written: &[u8]) {
        let before = self
            .unflushed
            .fetch_add(written.len() as u64, Ordering::Relaxed);
        if before + written.len() as u64 >= WRITEBACK_EVERY {
            self.unflushed.store(0, Ordering::Relaxed);
            start_writeback(file);
        }
    }

    /// Finish the store of `entries` (in library order, with ids `ids`; `checked_at_ns` is
    /// when their files were looked at) and move it over the store's path atomically: a
    /// reader (another fazhi) maps the old store or the new one, never half of one.
    pub fn finish(
        &self,
        checked_at_ns: u64,
        entries: &[Entry],
        ids: &[String],
    ) -> std::io::Result<()> {
        let Target::File {
            path, tmp, failed, ..
        } = &self.target
        else {
            return Err(std::io::Error::other("a store in memory has no file"));
        };
        self.lay_out(checked_at_ns, entries, ids);
        if let Some(e) = failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        let file = self
            .file()
            .ok_or_else(|| std::io::Error::other("no temporary file"))?;
        file.sync_all()?;
        std::fs::rename(tmp, path)
    }

    /// The store of `entries` in memory, as [`Writer::finish`] would have written it: for a
    /// store that could not be written, the payloads already written are read back.
    pub fn into_bytes(self, checked_at_ns: u64, entries: &[Entry], ids: &[String]) -> Vec<u8> {
        let memory = match &self.target {
            Target::Memory(_) => self,
            Target::File { file, .. } => {
                let placed = self.placed.load(Ordering::Relaxed);
                let mut all = vec![0; HEADER + placed as usize];
                if let Some(Some(f)) = file.get() {
                    // What cannot be read back stays zero: its payload fails its checksum
                    // and the report is parsed from its file when opened.
                    let _ = f.read_exact_at(&mut all[HEADER..], HEADER as u64);
                }
                let memory = Writer::new(Target::Memory(Mutex::new(all)));
                memory.placed.store(placed, Ordering::Relaxed);
                memory
            }
        };
        memory.lay_out(checked_at_ns, entries, ids);
        match &memory.target {
            Target::Memory(all) => {
                std::mem::take(&mut *all.lock().unwrap_or_else(|e| e.into_inner()))
            }
            Target::File { .. } => Vec::new(),
        }
    }

    /// Write everything but the payloads already placed: the rest of the payloads, the
    /// tables, the text, and last the header.
    fn lay_out(&self, checked_at_ns: u64, entries: &[Entry], ids: &[String]) {
        // Payloads of copied rows, placed a chunk per thread.
        let chunks: Vec<&[Entry]> = entries.chunks(CHUNK).collect();
        let payloads: Vec<(u64, u64, u64)> = crate::cores::map(&chunks, |chunk| {
            chunk.iter().map(|e| self.payload_of(e)).collect::<Vec<_>>()
        })
        .concat();
        let payloads_len = self.placed.load(Ordering::Relaxed);
        // Where each chunk's strings, sections, pieces and text start.
        let mut starts = Vec::with_capacity(chunks.len());
        let mut at = Starts::default();
        for (k, chunk) in chunks.iter().enumerate() {
            starts.push(at);
            for (j, e) in chunk.iter().enumerate() {
                let id = ids.get(k * CHUNK + j).map_or("", String::as_str);
                at.strings += e.strings_len(id);
                at.sections += e.sections.len() as u64;
                at.pieces += e.pieces();
                at.text += e.text.len() as u64;
            }
        }
        let total = at;
        let jobs: Vec<usize> = (0..chunks.len()).collect();
        let tables = crate::cores::map(&jobs, |&k| {
            let mut t = Tables::new(starts[k]);
            for (j, e) in chunks[k].iter().enumerate() {
                let i = k * CHUNK + j;
                t.push(i, e, ids.get(i).map(String::as_str), payloads[i]);
            }
            t
        });
        let cat = |part: fn(&Tables) -> &[u8]| -> Vec<u8> {
            tables.iter().flat_map(part).copied().collect()
        };
        let mut meta = cat(|t| &t.strings);
        let strings_len = meta.len() as u64;
        meta.extend_from_slice(&cat(|t| &t.reports));
        let mut places = cat(|t| &t.sections);
        places.extend_from_slice(&cat(|t| &t.pieces));
        let meta_at = HEADER as u64 + payloads_len;
        let places_at = meta_at + meta.len() as u64;
        let text_at = places_at + places.len() as u64;
        // The text, a chunk per thread, each report at its offset.
        crate::cores::map(&jobs, |&k| {
            let mut at = text_at + starts[k].text;
            for e in chunks[k] {
                self.write_at(at, e.text);
                at += e.text.len() as u64;
            }
        });
        self.write_at(meta_at, &meta);
        self.write_at(places_at, &places);
        let mut header = [0u64; HEADER / 8];
        let mut set = |w: Word, v: u64| header[w as usize] = v;
        set(Word::Magic, u64::from_le_bytes(*MAGIC));
        set(Word::Version, VERSION);
        set(Word::CheckedAt, checked_at_ns);
        set(Word::FileLen, text_at + total.text);
        set(Word::Reports, entries.len() as u64);
        set(Word::Sections, total.sections);
        set(Word::Pieces, total.pieces);
        set(Word::StringsLen, strings_len);
        set(Word::TextLen, total.text);
        set(Word::PayloadsLen, payloads_len);
        set(Word::MetaHash, hash64(&meta));
        set(Word::PlacesHash, hash64(&places));
        let mut head: Vec<u8> = header.iter().flat_map(|w| w.to_le_bytes()).collect();
        let hash = hash64(&head[..Word::HeaderHash as usize * 8]);
        head[Word::HeaderHash as usize * 8..].copy_from_slice(&hash.to_le_bytes());
        self.write_at(0, &head);
    }

    /// Where `e`'s payload is in the payload area, placing it now if it is not yet:
    /// (offset, length, checksum).
    fn payload_of(&self, e: &Entry) -> (u64, u64, u64) {
        match e.payload {
            Payload::At { at, len, hash } => (at, len, hash),
            Payload::Bytes { bytes, hash } => {
                // A payload that cannot be written is recorded as empty: the write failed,
                // and the store is made in memory from what was written.
                let at = self.put(bytes).unwrap_or(0);
                (at, bytes.len() as u64, hash)
            }
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Once renamed the temporary file is gone; before, it is of no use to anyone.
        if let Target::File { tmp, file, .. } = &self.target {
            if file.get().is_some_and(Option::is_some) {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

/// Ask the kernel to start writing `file`'s dirty pages to disk, without waiting for it.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open for as long as `file` is borrowed; the call only
    // starts writeback of pages already written, and a failure (an old kernel, a file
    // system without it) only leaves the work to the fsync.
    let _ = unsafe { libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE) };
}

/// Elsewhere the fsync does it all.
#[cfg(not(target_os = "linux"))]
fn start_writeback(_: &File) {}
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
