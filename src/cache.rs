//! The parsed-library cache: one file per library in the XDG cache dir, so a library that
//! has not changed loads without parsing.
//!
//! Layout: magic and [`VERSION`], then one bincode payload per report, then an index of
//! entries (path, size, mtime, content hash, payload offset, length and checksum), then a
//! fixed footer locating the index. Nothing in it is trusted blindly: a missing, truncated
//! or corrupt file, an index that does not check out, or an entry whose file changed (size,
//! mtime or content hash) is simply not used, and the report is parsed again.

use crate::report::Report;
use bincode::Options;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Version of the cache format and of what the parser puts in it. Bump it whenever
/// [`Report`] or the parser's output changes, so old caches are rebuilt instead of read.
pub const VERSION: u32 = 4;

const MAGIC: &[u8; 8] = b"FAZHI\x00C\x01";
/// Magic and version.
const HEADER_LEN: u64 = 8 + 4;
/// Index offset, index length, index checksum.
const FOOTER_LEN: u64 = 24;

/// Where [`crate::library::Library::open_with`] keeps its cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CachePolicy {
    /// `$XDG_CACHE_HOME/fazhi` (the default).
    Xdg,
    /// This directory.
    Dir(PathBuf),
    /// No cache: parse every file (`--no-cache`).
    Off,
}

impl CachePolicy {
    /// The cache file for a library opened from `roots`, if this policy has one.
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
        Some(dir.join(format!("library-{:016x}.bin", hash64(&key))))
    }
}

/// What identifies the version of a file a cache entry was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// File size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: u64,
    /// [`hash64`] of the file's bytes.
    pub content: u64,
}

impl Stamp {
    /// The stamp of `bytes` just read from a file with metadata `meta`.
    pub fn of(meta: &std::fs::Metadata, bytes: &[u8]) -> Stamp {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        Stamp {
            size: meta.len(),
            mtime_ns,
            content: hash64(bytes),
        }
    }
}

/// One report in the index.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    path: String,
    stamp: Stamp,
    offset: u64,
    len: u64,
    checksum: u64,
}

/// An existing cache file, opened for reading entries.
pub struct CacheReader {
    file: Mutex<File>,
    entries: HashMap<String, Entry>,
}

impl CacheReader {
    /// Open a cache file; `None` when it is missing, of another version, or damaged.
    pub fn open(path: &Path) -> Option<CacheReader> {
        let mut file = File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        if len < HEADER_LEN + FOOTER_LEN {
            return None;
        }
        let mut header = [0u8; HEADER_LEN as usize];
        file.read_exact(&mut header).ok()?;
        if &header[..8] != MAGIC || header[8..12] != VERSION.to_le_bytes() {
            return None;
        }
        let mut footer = [0u8; FOOTER_LEN as usize];
        file.seek(SeekFrom::End(-(FOOTER_LEN as i64))).ok()?;
        file.read_exact(&mut footer).ok()?;
        let word = |i: usize| u64::from_le_bytes(footer[i * 8..i * 8 + 8].try_into().unwrap());
        let (offset, index_len, checksum) = (word(0), word(1), word(2));
        if offset < HEADER_LEN || offset.checked_add(index_len)? != len - FOOTER_LEN {
            return None;
        }
        let mut index = vec![0u8; usize::try_from(index_len).ok()?];
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.read_exact(&mut index).ok()?;
        if hash64(&index) != checksum {
            return None;
        }
        let entries: Vec<Entry> = codec(index_len).deserialize(&index).ok()?;
        let entries = entries
            .into_iter()
            .filter(|e| e.offset >= HEADER_LEN && e.offset.saturating_add(e.len) <= offset)
            .map(|e| (e.path.clone(), e))
            .collect();
        Some(CacheReader {
            file: Mutex::new(file),
            entries,
        })
    }

    /// The cached report for `path` if the file still has this stamp and the entry is
    /// intact; `None` means "parse it".
    pub fn get(&self, path: &str, stamp: &Stamp) -> Option<Report> {
        let e = self.entries.get(path).filter(|e| e.stamp == *stamp)?;
        let bytes = self.payload(e)?;
        codec(e.len).deserialize(&bytes).ok()
    }

    /// The raw bytes of an entry, checked against its checksum.
    fn payload(&self, e: &Entry) -> Option<Vec<u8>> {
        let mut bytes = vec![0u8; usize::try_from(e.len).ok()?];
        {
            let mut f = self.file.lock().ok()?;
            f.seek(SeekFrom::Start(e.offset)).ok()?;
            f.read_exact(&mut bytes).ok()?;
        }
        (hash64(&bytes) == e.checksum).then_some(bytes)
    }

    /// Number of entries in the index.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The index has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Write a new cache file for `reports` (each with the stamp of its file), atomically: a
/// reader sees the old file or the new one, never half of one. Payloads still valid in
/// `old` are copied instead of serialised again.
pub fn write(
    path: &Path,
    reports: &[(&Report, Stamp)],
    old: Option<&CacheReader>,
) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let result = write_to(&tmp, reports, old).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn write_to(
    tmp: &Path,
    reports: &[(&Report, Stamp)],
    old: Option<&CacheReader>,
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(tmp)?);
    out.write_all(MAGIC)?;
    out.write_all(&VERSION.to_le_bytes())?;
    let mut offset = HEADER_LEN;
    let mut entries = Vec::with_capacity(reports.len());
    let mut buf = Vec::new();
    for (report, stamp) in reports {
        let reused = old.and_then(|c| {
            let e = c
                .entries
                .get(&report.source)
                .filter(|e| e.stamp == *stamp)?;
            c.payload(e)
        });
        let bytes = match reused {
            Some(b) => b,
            None => {
                buf.clear();
                codec(u64::MAX)
                    .serialize_into(&mut buf, report)
                    .map_err(std::io::Error::other)?;
                std::mem::take(&mut buf)
            }
        };
        out.write_all(&bytes)?;
        entries.push(Entry {
            path: report.source.clone(),
            stamp: *stamp,
            offset,
            len: bytes.len() as u64,
            checksum: hash64(&bytes),
        });
        offset += bytes.len() as u64;
        buf = bytes;
    }
    let index = codec(u64::MAX)
        .serialize(&entries)
        .map_err(std::io::Error::other)?;
    out.write_all(&index)?;
    out.write_all(&offset.to_le_bytes())?;
    out.write_all(&(index.len() as u64).to_le_bytes())?;
    out.write_all(&hash64(&index).to_le_bytes())?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
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
mod tests {
    use super::*;

    #[test]
    fn hash_sees_every_byte_and_the_length() {
        let a = "行政复议申请82件".repeat(9);
        let mut b = a.clone().into_bytes();
        let last = b.len() - 1;
        b[last] ^= 1;
        assert_ne!(hash64(a.as_bytes()), hash64(&b));
        assert_ne!(hash64(b"abc"), hash64(b"abc\0"));
        assert_eq!(hash64(a.as_bytes()), hash64(a.as_bytes()));
    }
}
