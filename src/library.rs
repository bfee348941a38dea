//! The library: every report fazhi has open, from the bundled samples or the user's files.

use crate::error::Error;
use crate::report::{self, Report};
use crate::store::{CachePolicy, Row, Store};
use crate::user_file;
use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

mod chunked;
mod opened;
pub mod refresh;
mod walk;

pub use chunked::{Reports, CHUNK};
use opened::Opened;

/// The five sample reports, embedded so fazhi works from any directory.
const BUNDLED: &[(&str, &str)] = &[
    (
        "liaoning-anshan-qianshan-2023.txt",
        include_str!("../reports/liaoning-anshan-qianshan-2023.txt"),
    ),
    (
        "liaoning-fushun-shuncheng-2024.txt",
        include_str!("../reports/liaoning-fushun-shuncheng-2024.txt"),
    ),
    (
        "shandong-weihai-wendeng-2023.txt",
        include_str!("../reports/shandong-weihai-wendeng-2023.txt"),
    ),
    (
        "jilin-siping-tiexi-2024.txt",
        include_str!("../reports/jilin-siping-tiexi-2024.txt"),
    ),
    (
        "shandong-zibo-zhoucun-2023.txt",
        include_str!("../reports/shandong-zibo-zhoucun-2023.txt"),
    ),
];

/// All open reports, sorted by province, prefecture, district and year (newest first).
///
/// What a list of reports shows (ids, places, years, titles, section titles) is read from
/// the library's store ([`Library::row`]) without decoding any report, so a library of
/// tens of thousands is on screen as soon as its store is mapped; a report itself is
/// decoded from its payload the first time it is asked for, and kept.
#[derive(Debug)]
pub struct Library {
    /// The store: mapped from its file, or built in memory for reports parsed here.
    store: Arc<Store>,
    /// The reports used last, decoded.
    opened: Opened,
    /// What the store says each report is about, made once: the compare chooser asks for it
    /// on every `c`, and 2,500 of them cost more than the rest of opening it.
    metas: OnceLock<Vec<report::Meta>>,
    /// Files that could not be opened, each a one-line error.
    pub problems: Vec<Error>,
}

impl Default for Library {
    fn default() -> Library {
        Library::from_reports(Vec::new(), Vec::new())
    }
}

/// Why a report reference (`210311-2023`, `千山区 2023`) did not name exactly one report.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    /// Nothing matched.
    #[error("no report matches \"{query}\"{}", hint(.candidates))]
    Unknown {
        /// What the user typed.
        query: String,
        /// Reports that come close.
        candidates: Vec<String>,
    },
    /// Several matched.
    #[error("\"{query}\" is ambiguous: {}", .candidates.join(", "))]
    Ambiguous {
        /// What the user typed.
        query: String,
        /// The reports it could mean.
        candidates: Vec<String>,
    },
}

fn hint(candidates: &[String]) -> String {
    if candidates.is_empty() {
        String::new()
    } else {
        format!("; try one of: {}", candidates.join(", "))
    }
}

impl Library {
    /// The bundled sample reports.
    pub fn bundled() -> Library {
        let reports = BUNDLED
            .iter()
            .map(|(name, text)| report::parse(&format!("bundled:{name}"), text))
            .collect();
        Library::from_reports(reports, Vec::new())
    }

    /// Open files and folders (folders searched recursively for the report files of
    /// [`crate::source::EXTENSIONS`]), using
    /// the cache in the XDG cache dir. Files that cannot be read are listed in `problems`,
    /// not fatal.
    pub fn open(paths: &[PathBuf]) -> Library {
        Library::open_with(paths, &CachePolicy::Xdg, &|_, _| {}).0
    }

    /// Open files and folders like [`Library::open`], on all cores, with the store `cache`
    /// brought up to date first ([`refresh::refresh`]); reports are decoded from it when
    /// used ([`Library::report`]).
    /// `progress(done, total)` is called after each file, one call at a time with `done`
    /// rising, from whichever thread finished it (so a reader can show a progress bar while
    /// this runs on another thread; see [`Loading`]). A store that is missing, damaged or
    /// stale is rebuilt; problems with it never reach the caller except as
    /// [`LoadStats::cache_error`].
    pub fn open_with(
        paths: &[PathBuf],
        cache: &CachePolicy,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> (Library, LoadStats) {
        if *cache == CachePolicy::Off {
            // Nothing to keep: parse, without laying every report out for a store first.
            let (files, mut problems) = walk::report_files(paths);
            let total = files.len();
            let results = map_files(&files, progress, |(path, _)| read_report(path));
            let mut reports = Vec::with_capacity(total);
            for r in results {
                match r {
                    Ok(r) => reports.push(r),
                    Err(e) => problems.push(e),
                }
            }
            let stats = LoadStats {
                files: total,
                parsed: reports.len(),
                ..LoadStats::default()
            };
            return (Library::from_reports(reports, problems), stats);
        }
        let refresh::Refreshed {
            store,
            problems,
            stats,
        } = refresh::refresh(paths, cache, progress);
        (Library::from_store(Arc::new(store), problems), stats)
    }

    /// A library of the reports of `store`, in its order and under its ids, none decoded
    /// yet.
    pub fn from_store(store: Arc<Store>, problems: Vec<Error>) -> Library {
        Library {
            store,
            opened: Opened::default(),
            metas: OnceLock::new(),
            problems,
        }
    }

    /// Build a library from parsed reports, sorting them for display.
    pub fn from_reports(reports: Vec<Report>, problems: Vec<Error>) -> Library {
        let keys = reports
            .iter()
            .map(|r| Key {
                province: r.meta.province.as_deref().unwrap_or_default(),
                prefecture: r.meta.prefecture.as_deref().unwrap_or_default(),
                district: r.meta.district.as_deref().unwrap_or_default(),
                year: r.meta.year,
                source: &r.source,
                base_id: Cow::Owned(r.base_id()),
            })
            .collect();
        let (order, ids) = order(keys);
        let mut slots: Vec<Option<Report>> = reports.into_iter().map(Some).collect();
        let reports: Vec<Report> = order
            .iter()
            .zip(ids)
            .filter_map(|(&i, id)| {
                let mut r = slots[i].take()?;
                r.meta.library_id = Some(id);
                Some(r)
            })
            .collect();
        Library {
            store: Arc::new(Store::from_reports(&reports)),
            opened: Opened::default(),
            metas: OnceLock::new(),
            problems,
        }
    }

    /// Find one report by id (`210311-2023`), district and year (`千山区 2023`), or a
    /// unique prefix of either.
    pub fn find(&self, query: &str) -> Result<usize, LookupError> {
        let q = query.trim();
        if let Some(i) = self.index_of(q) {
            return Ok(i);
        }
        let words: Vec<&str> = q.split_whitespace().collect();
        let matches: Vec<usize> = self
            .rows()
            .filter(|r| {
                let hay = format!(
                    "{} {} {} {} {}",
                    r.id(),
                    r.district().unwrap_or(""),
                    r.prefecture().unwrap_or(""),
                    r.year().map(|y| y.to_string()).unwrap_or_default(),
                    r.source()
                );
                !words.is_empty() && words.iter().all(|w| hay.contains(w))
            })
            .map(|r| r.index())
            .collect();
        let names = |ix: &mut dyn Iterator<Item = usize>| -> Vec<String> {
            ix.map(|i| format!("{} ({})", self.row(i).short_name(), self.row(i).id()))
                .collect()
        };
        match matches.len() {
            1 => Ok(matches[0]),
            0 => Err(LookupError::Unknown {
                query: q.to_string(),
                candidates: names(&mut (0..self.len())),
            }),
            _ => Err(LookupError::Ambiguous {
                query: q.to_string(),
                candidates: names(&mut matches.iter().copied()),
            }),
        }
    }
}

impl Library {
    /// Number of reports.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// No reports.
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// What the store says of report `i` (its id, place, year, title, sections) without
    /// decoding it. Panics when `i` is not below [`Library::len`], as [`Library::report`].
    pub fn row(&self, i: usize) -> Row<'_> {
        assert!(i < self.len(), "report {i} of a library of {}", self.len());
        self.store.report(i)
    }

    /// Every report's row, in library order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.store.rows()
    }

    /// What the store says each report is about (place, year, title), in library order,
    /// without decoding any: enough to name and relate reports (choosing one to compare).
    pub fn metas(&self) -> &[report::Meta] {
        self.metas
            .get_or_init(|| self.rows().map(|r| meta_of(&r)).collect())
    }

    /// The store the library reads from: its text is what search everywhere searches.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Report `i` (library order): kept from a recent use, or decoded now and kept among
    /// the last few used. Panics when `i` is not below [`Library::len`].
    pub fn report(&self, i: usize) -> Arc<Report> {
        assert!(i < self.len(), "report {i} of a library of {}", self.len());
        self.opened.get_or_decode(i, || self.decode(i))
    }

    /// Report `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<Arc<Report>> {
        (i < self.len()).then(|| self.report(i))
    }

    /// Every report, decoded on all cores and not kept: for work that needs them all at
    /// once (merging two libraries, tests). A pass that needs each report only briefly goes
    /// through [`Reports::each_chunk`] instead.
    pub fn reports(&self) -> Vec<Report> {
        self.chunk(0..self.len()).into_owned()
    }

    /// Reports `range` for a pass over the library that needs each only briefly (the
    /// palette's index): decoded on all cores and not kept, so a pass a chunk at a time
    /// holds one chunk in memory, not the library.
    pub fn chunk(&self, range: Range<usize>) -> Cow<'_, [Report]> {
        let ix: Vec<usize> = range.clone().collect();
        let reports = crate::cores::map(&ix, |&i| match self.opened.peek(i) {
            Some(r) => Report::clone(&r),
            None => self.decode(i),
        });
        self.store.release_payloads();
        Cow::Owned(reports)
    }

    /// The index of the report with library id `id`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.rows().position(|r| r.id() == id)
    }

    /// The reports, taken out of the library (to merge two libraries).
    pub fn into_reports(self) -> Vec<Report> {
        self.reports()
    }

    /// Decode report `i` from the store. A payload that does not decode (damaged on disk)
    /// is parsed from its file again; a file that cannot be read either gives a report with
    /// no text and a warning saying why, so the library keeps its place in the list.
    fn decode(&self, i: usize) -> Report {
        let row = self.store.report(i);
        let mut report = self.store.decode(i).unwrap_or_else(|| {
            read_report(Path::new(row.source())).unwrap_or_else(|e| unreadable(&row, &e))
        });
        report.meta.library_id = Some(row.id().to_string());
        report
    }

    /// Every report of one district, given its name (`文登区`), its name after its
    /// prefecture (`四平市铁西区`) or its code (`371003`). A name that several divisions share
    /// is ambiguous until the prefecture is given.
    pub fn district(&self, query: &str) -> Result<Vec<usize>, LookupError> {
        let q: String = query.split_whitespace().collect();
        let matches = |r: &Row| {
            let district = r.district().unwrap_or("");
            !district.is_empty()
                && (r.code() == Some(q.as_str())
                    || district == q
                    || format!("{}{district}", r.prefecture().unwrap_or("")) == q
                    || format!("{}{district}", r.province().unwrap_or("")) == q)
        };
        let found: Vec<usize> = self.rows().filter(matches).map(|r| r.index()).collect();
        let mut places: Vec<String> = found
            .iter()
            .map(|&i| {
                let r = self.row(i);
                format!(
                    "{}{} ({})",
                    r.prefecture().unwrap_or(""),
                    r.district().unwrap_or(""),
                    r.code().unwrap_or("unknown")
                )
            })
            .collect();
        places.sort();
        places.dedup();
        match places.len() {
            0 => {
                let mut names: Vec<String> = self
                    .rows()
                    .filter_map(|r| r.district().map(str::to_string))
                    .collect();
                names.sort();
                names.dedup();
                Err(LookupError::Unknown {
                    query: q,
                    candidates: names,
                })
            }
            1 => Ok(found),
            _ => Err(LookupError::Ambiguous {
                query: q,
                candidates: places,
            }),
        }
    }
}

/// The metadata a store's row keeps of its report.
fn meta_of(row: &Row) -> report::Meta {
    report::Meta {
        title: row.title().to_string(),
        province: row.province().map(str::to_string),
        prefecture: row.prefecture().map(str::to_string),
        district: row.district().map(str::to_string),
        code: row.code().map(str::to_string),
        year: row.year(),
        library_id: Some(row.id().to_string()),
        ..report::Meta::default()
    }
}

/// The report a row stands for when neither its payload nor its file can be read.
fn unreadable(row: &Row, why: &Error) -> Report {
    Report {
        source: row.source().to_string(),
        meta: meta_of(row),
        front_matter: Vec::new(),
        preamble: Vec::new(),
        sections: Vec::new(),
        sign_off: Vec::new(),
        warnings: vec![why.to_string()],
    }
}

/// Read and parse one file. Errors name the file; a FIFO, device or socket is refused
/// without blocking, and so is a file over [`user_file::MAX_BYTES`].
pub fn read_report(path: &Path) -> Result<Report, Error> {
    let (_, bytes) =
        user_file::read_limited(path, user_file::MAX_BYTES).map_err(|e| Error::reading(path, e))?;
    parse_bytes(path, &bytes)
}

/// Turn a file's bytes into a report: the one step that knows about file formats.
fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Report, Error> {
    let text = crate::source::to_text(path, bytes)?;
    let report = report::parse(&path.display().to_string(), &text);
    let has_text = !report.front_matter.is_empty()
        || !report.preamble.is_empty()
        || !report.sections.is_empty()
        || !report.sign_off.is_empty();
    if !has_text {
        return Err(Error::NoText {
            path: path.to_path_buf(),
        });
    }
    Ok(report)
}

/// What [`Library::open_with`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadStats {
    /// Report files found.
    pub files: usize,
    /// Reports taken from the store without parsing.
    pub from_cache: usize,
    /// Reports parsed (not in the store, or changed since).
    pub parsed: usize,
    /// The store file used, if any.
    pub cache_file: Option<PathBuf>,
    /// Why the store could not be written (loading itself still succeeded).
    pub cache_error: Option<String>,
}

/// `f` applied to every file on all cores, results in file order, calling
/// `progress(done, total)` after each file: one call at a time with `done` rising.
fn map_files<T: Sync, R: Send>(
    files: &[T],
    progress: &(dyn Fn(usize, usize) + Sync),
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let done = Mutex::new(0usize);
    crate::cores::map(files, |file| {
        let r = f(file);
        // Under the lock so calls arrive one at a time with `done` rising.
        let mut d = done.lock().unwrap_or_else(|e| e.into_inner());
        *d += 1;
        progress(*d, files.len());
        r
    })
}

/// What orders a report in a library, and what its id is made from.
struct Key<'a> {
    province: &'a str,
    prefecture: &'a str,
    district: &'a str,
    year: Option<u16>,
    source: &'a str,
    base_id: Cow<'a, str>,
}

/// The library's order of reports with these keys (by province, prefecture, district, year
/// newest first, then file), as indices into `keys`, and the id of each report in that
/// order: its base id, with `-2`, `-3` … after the first report to have it.
fn order(keys: Vec<Key>) -> (Vec<usize>, Vec<String>) {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&keys[a], &keys[b]);
        (a.province, a.prefecture, a.district)
            .cmp(&(b.province, b.prefecture, b.district))
            .then(b.year.cmp(&a.year))
            .then(a.source.cmp(b.source))
    });
    // Ids in sorted order, so the same files give the same ids on every run.
    let mut taken = std::collections::HashSet::new();
    let ids = order
        .iter()
        .map(|&i| {
            let base = &keys[i].base_id;
            let mut id = base.to_string();
            let mut n = 1;
            while !taken.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            id
        })
        .collect();
    (order, ids)
}

/// A library loading on a background thread, so a reader can draw its first frame at once
/// and show progress until the library is ready.
pub struct Loading {
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    handle: std::thread::JoinHandle<(Library, LoadStats)>,
}

impl Loading {
    /// Start opening `paths` (as [`Library::open_with`]) on another thread.
    pub fn start(paths: Vec<PathBuf>, cache: CachePolicy) -> Loading {
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let (d, t) = (done.clone(), total.clone());
        let handle = std::thread::spawn(move || {
            Library::open_with(&paths, &cache, &|done, total| {
                t.store(total, Ordering::Relaxed);
                d.store(done, Ordering::Relaxed);
            })
        });
        Loading {
            done,
            total,
            handle,
        }
    }

    /// `(done, total)` files so far; `total` is 0 until the folders have been listed.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// The library is ready; [`Loading::finish`] will not block.
    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    /// Wait for the library.
    pub fn finish(self) -> (Library, LoadStats) {
        // Loading catches every file error itself; only a parser panic gets here, and the
        // reader is better off with an empty library than with a second panic.
        self.handle.join().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
