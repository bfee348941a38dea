//! Bringing a library's store up to date with its files, as git does its index: a file
//! whose size, mtime, ctime and inode are those of its row is neither read nor hashed; one
//! whose stat changed (or was modified in the second its row was made, when an edit could
//! keep size and mtime) is read and hashed, and parsed only when its content changed. Rows
//! of unchanged reports are copied into the new store without decoding them; removed files
//! drop out. Changed files are parsed on all cores.

use super::{parse_bytes, walk, LoadStats};
use crate::error::Error;
use crate::store::{hash64, CachePolicy, Encoded, Entry, Stamp, Store, Writer};
use crate::user_file;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A library's store, up to date with its files.
pub struct Refreshed {
    /// The store (mapped from its file, or in memory when it could not be written).
    pub store: Store,
    /// Files that could not be opened, each a one-line error.
    pub problems: Vec<Error>,
    /// What was done.
    pub stats: LoadStats,
}

/// The rows of the old store by the file they were read from.
type Rows<'a> = HashMap<&'a str, usize, foldhash::fast::RandomState>;

/// What became of one file.
enum Checked {
    /// Unchanged: row `usize` of the old store, with the file's stamp now.
    Kept(usize, Stamp),
    /// New or changed, and parsed.
    Parsed(Box<Encoded>),
}

/// Bring the store of the library at `paths` up to date (see the module's doc), calling
/// `progress(done, total)` after each file as [`super::Library::open_with`] does. The store
/// is in memory when `policy` has no file or the file cannot be written (then
/// `stats.cache_error` says why).
pub fn refresh(
    paths: &[PathBuf],
    policy: &CachePolicy,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Refreshed {
    // Taken before any file is looked at: a file modified from now on is racy next time.
    let checked_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    let file = policy.file_for(paths);
    // The old store is opened (its tables checked) while the folders are read: both take
    // milliseconds at national scale, and the walk waits on system calls.
    let (old, (files, mut problems)) = std::thread::scope(|s| {
        let old = s.spawn(|| file.as_deref().and_then(|f| Store::open(f).ok()));
        let walked = walk::report_files(paths);
        (old.join().ok().flatten(), walked)
    });
    // 25,000 lookups and inserts: std's SipHash (proof against crafted keys, which file
    // names in one's own library are not) cost more than the stats it follows.
    let mut rows: Rows<'_> = HashMap::with_capacity_and_hasher(
        old.as_ref().map_or(0, Store::len),
        foldhash::fast::RandomState::default(),
    );
    rows.extend(
        old.iter()
            .flat_map(|s| s.rows().map(|r| (r.source(), r.index()))),
    );
    // Each report's payload goes to the new store as soon as it is parsed.
    let writer = file
        .as_deref()
        .map_or_else(Writer::in_memory, Writer::to_file);
    let checked = super::map_files(&files, progress, |(path, meta)| {
        check(path, meta, old.as_ref(), &rows, &writer)
    });
    let mut stats = LoadStats {
        files: files.len(),
        cache_file: file.clone(),
        ..LoadStats::default()
    };
    let mut kept = Vec::new();
    let mut parsed = Vec::new();
    // A kept row whose stamp changed, or that was racy, is written again with its stamp now.
    let mut restamped = false;
    for c in checked {
        match c {
            Ok(Checked::Kept(i, stamp)) => {
                if let Some(s) = &old {
                    restamped |= s.report(i).stamp() != stamp || stamp.racy(s.checked_at_ns());
                }
                kept.push((i, stamp));
            }
            Ok(Checked::Parsed(e)) => parsed.push(*e),
            Err(e) => problems.push(e),
        }
    }
    stats.from_cache = kept.len();
    stats.parsed = parsed.len();
    let unchanged = old
        .as_ref()
        .is_some_and(|s| parsed.is_empty() && !restamped && kept.len() == s.len());
    if unchanged {
        if let Some(store) = old {
            return Refreshed {
                store,
                problems,
                stats,
            };
        }
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(kept.len() + parsed.len());
    if let Some(s) = &old {
        entries.extend(kept.iter().map(|&(i, stamp)| s.report(i).entry(stamp)));
    }
    entries.extend(parsed.iter().map(Encoded::entry));
    let (order, ids) = super::order(
        entries
            .iter()
            .map(|e| super::Key {
                province: e.province.unwrap_or_default(),
                prefecture: e.prefecture.unwrap_or_default(),
                district: e.district.unwrap_or_default(),
                year: e.year,
                source: e.source,
                base_id: e.base_id.into(),
            })
            .collect(),
    );
    let entries: Vec<Entry> = {
        let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
        order.iter().filter_map(|&i| slots[i].take()).collect()
    };
    let written = file.as_deref().map(|f| {
        // The cache file of fazhi before the store, if any, is of no more use.
        let _ = std::fs::remove_file(f.with_extension("bin"));
        writer
            .finish(checked_at, &entries, &ids)
            .and_then(|()| Store::open(f).map_err(std::io::Error::other))
            .map_err(|e| format!("{}: cannot write the library store: {e}", f.display()))
    });
    let store = match written {
        Some(Ok(s)) => s,
        other => {
            stats.cache_error = other.and_then(Result::err);
            Store::from_bytes(writer.into_bytes(checked_at, &entries, &ids))
                .expect("a store written to memory is well formed")
        }
    };
    Refreshed {
        store,
        problems,
        stats,
    }
}

/// Look at one file: keep its old row when `stat` (or, failing that, its content) says it
/// is unchanged, else parse it.
fn check(
    path: &Path,
    meta: &std::fs::Metadata,
    old: Option<&Store>,
    rows: &Rows<'_>,
    writer: &Writer,
) -> Result<Checked, Error> {
    // As `Path::display` wrote it into the row; no copy when the path is UTF-8.
    let source = path.to_string_lossy();
    let row = old.zip(rows.get(&*source)).map(|(s, &i)| s.report(i));
    if let Some(row) = row {
        let now = Stamp::of(meta, row.stamp().content);
        if now.same_file(&row.stamp()) && !now.racy(old.map_or(0, Store::checked_at_ns)) {
            return Ok(Checked::Kept(row.index(), now));
        }
    }
    let (meta, bytes) =
        user_file::read_limited(path, user_file::MAX_BYTES).map_err(|e| Error::reading(path, e))?;
    let stamp = Stamp::of(&meta, hash64(&bytes));
    if let Some(row) =
        row.filter(|r| (r.stamp().size, r.stamp().content) == (stamp.size, stamp.content))
    {
        return Ok(Checked::Kept(row.index(), stamp));
    }
    let report = parse_bytes(path, &bytes)?;
    Ok(Checked::Parsed(Box::new(Encoded::new(
        &report, stamp, writer,
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store whose one row has the file's stat but another content hash: what an edit
    /// within the same clock tick as the store was written leaves behind.
    fn stale_store(file: &Path, store: &Path, checked_at_ns: u64) {
        let report = crate::library::read_report(file).unwrap();
        let meta = std::fs::metadata(file).unwrap();
        let writer = Writer::to_file(store);
        let encoded = Encoded::new(&report, Stamp::of(&meta, 42), &writer);
        writer
            .finish(checked_at_ns, &[encoded.entry()], &[report.id()])
            .unwrap();
    }

    #[test]
    fn a_file_modified_in_the_second_the_store_was_made_is_read_again() {
        let dir = std::env::temp_dir().join(format!("fazhi-racy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("r.txt");
        std::fs::write(&file, crate::library::BUNDLED[0].1).unwrap();
        let policy = CachePolicy::Dir(dir.join("cache"));
        let store = policy.file_for(std::slice::from_ref(&file)).unwrap();
        let mtime = Stamp::of(&std::fs::metadata(&file).unwrap(), 0).mtime_ns;
        let stats = |at: u64| {
            stale_store(&file, &store, at);
            refresh(std::slice::from_ref(&file), &policy, &|_, _| {}).stats
        };
        // Checked in the file's second: its stat cannot vouch for it, so it is read, and
        // the content (not the hash the row claims) decides: parsed again.
        assert_eq!(stats(mtime).parsed, 1);
        // Checked a second later: the stat is trusted and the file not read at all.
        let later = stats(mtime + 1_000_000_000);
        assert_eq!((later.parsed, later.from_cache), (0, 1));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
