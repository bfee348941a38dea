//! The library: every report fazhi has open, from the bundled samples or the user's files.

use crate::cache::{self, CachePolicy, CacheReader, Stamp};
use crate::error::Error;
use crate::report::{self, Report};
use crate::user_file;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

mod walk;

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
#[derive(Debug, Default)]
pub struct Library {
    /// The reports.
    pub reports: Vec<Report>,
    /// Files that could not be opened, each a one-line error.
    pub problems: Vec<Error>,
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

    /// Open files and folders like [`Library::open`], on all cores, with the cache `cache`.
    /// `progress(done, total)` is called after each file, one call at a time with `done`
    /// rising, from whichever thread finished it (so a reader can show a progress bar while
    /// this runs on another thread; see [`Loading`]). A cache that is missing, damaged or
    /// stale is rebuilt; problems with it never reach the caller except as
    /// [`LoadStats::cache_error`].
    pub fn open_with(
        paths: &[PathBuf],
        cache: &CachePolicy,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> (Library, LoadStats) {
        let (files, mut problems) = walk::report_files(paths);
        let cache_file = cache.file_for(paths);
        let old = cache_file.as_deref().and_then(CacheReader::open);
        let results = load_files(&files, old.as_ref(), progress);
        let mut stats = LoadStats {
            files: files.len(),
            cache_file,
            ..LoadStats::default()
        };
        let mut loaded = Vec::with_capacity(results.len());
        problems.reserve(results.len());
        for r in results {
            match r {
                Ok(l) => {
                    if l.from_cache {
                        stats.from_cache += 1;
                    }
                    loaded.push(l);
                }
                Err(e) => problems.push(e),
            }
        }
        stats.parsed = loaded.len() - stats.from_cache;
        let unchanged = stats.parsed == 0 && old.as_ref().is_some_and(|c| c.len() == loaded.len());
        if let (Some(path), false) = (&stats.cache_file, unchanged) {
            let entries: Vec<(&Report, Stamp)> =
                loaded.iter().map(|l| (&l.report, l.stamp)).collect();
            if let Err(e) = cache::write(path, &entries, old.as_ref()) {
                stats.cache_error = Some(format!("{}: cannot write cache: {e}", path.display()));
            }
        }
        let reports = loaded.into_iter().map(|l| l.report).collect();
        (Library::from_reports(reports, problems), stats)
    }

    /// Build a library from parsed reports, sorting them for display.
    pub fn from_reports(mut reports: Vec<Report>, problems: Vec<Error>) -> Library {
        reports.sort_by(|a, b| {
            // Borrowed keys: cloning them made sorting 25,000 reports slower than loading.
            fn key(r: &Report) -> (&str, &str, &str) {
                (
                    r.meta.province.as_deref().unwrap_or_default(),
                    r.meta.prefecture.as_deref().unwrap_or_default(),
                    r.meta.district.as_deref().unwrap_or_default(),
                )
            }
            key(a)
                .cmp(&key(b))
                .then(b.meta.year.cmp(&a.meta.year))
                .then(a.source.cmp(&b.source))
        });
        // Ids in sorted order, so the same files give the same ids on every run.
        let mut taken = std::collections::HashSet::new();
        for r in &mut reports {
            let base = r.base_id();
            let mut id = base.clone();
            let mut n = 1;
            while !taken.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            r.meta.library_id = Some(id);
        }
        Library { reports, problems }
    }

    /// Find one report by id (`210311-2023`), district and year (`千山区 2023`), or a
    /// unique prefix of either.
    pub fn find(&self, query: &str) -> Result<usize, LookupError> {
        let q = query.trim();
        if let Some(i) = self.reports.iter().position(|r| r.id() == q) {
            return Ok(i);
        }
        let words: Vec<&str> = q.split_whitespace().collect();
        let matches: Vec<usize> = (0..self.reports.len())
            .filter(|&i| {
                let r = &self.reports[i];
                let hay = format!(
                    "{} {} {} {} {}",
                    r.id(),
                    r.meta.district.as_deref().unwrap_or(""),
                    r.meta.prefecture.as_deref().unwrap_or(""),
                    r.meta.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.source
                );
                !words.is_empty() && words.iter().all(|w| hay.contains(w))
            })
            .collect();
        let names = |ix: &[usize]| -> Vec<String> {
            ix.iter()
                .map(|&i| {
                    format!(
                        "{} ({})",
                        self.reports[i].short_name(),
                        self.reports[i].id()
                    )
                })
                .collect()
        };
        match matches.len() {
            1 => Ok(matches[0]),
            0 => Err(LookupError::Unknown {
                query: q.to_string(),
                candidates: names(&(0..self.reports.len()).collect::<Vec<_>>()),
            }),
            _ => Err(LookupError::Ambiguous {
                query: q.to_string(),
                candidates: names(&matches),
            }),
        }
    }
}

impl Library {
    /// Every report of one district, given its name (`文登区`), its name after its
    /// prefecture (`四平市铁西区`) or its code (`371003`). A name that several divisions share
    /// is ambiguous until the prefecture is given.
    pub fn district(&self, query: &str) -> Result<Vec<usize>, LookupError> {
        let q: String = query.split_whitespace().collect();
        let matches = |r: &Report| {
            let m = &r.meta;
            let district = m.district.as_deref().unwrap_or("");
            !district.is_empty()
                && (m.code.as_deref() == Some(q.as_str())
                    || district == q
                    || format!("{}{district}", m.prefecture.as_deref().unwrap_or("")) == q
                    || format!("{}{district}", m.province.as_deref().unwrap_or("")) == q)
        };
        let found: Vec<usize> = (0..self.reports.len())
            .filter(|&i| matches(&self.reports[i]))
            .collect();
        let mut places: Vec<String> = found
            .iter()
            .map(|&i| {
                let m = &self.reports[i].meta;
                format!(
                    "{}{} ({})",
                    m.prefecture.as_deref().unwrap_or(""),
                    m.district.as_deref().unwrap_or(""),
                    m.code.as_deref().unwrap_or("unknown")
                )
            })
            .collect();
        places.sort();
        places.dedup();
        match places.len() {
            0 => {
                let mut names: Vec<String> = self
                    .reports
                    .iter()
                    .filter_map(|r| r.meta.district.clone())
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
    /// Reports taken from the cache.
    pub from_cache: usize,
    /// Reports parsed (not in the cache, or changed since).
    pub parsed: usize,
    /// The cache file used, if any.
    pub cache_file: Option<PathBuf>,
    /// Why the cache could not be written (loading itself still succeeded).
    pub cache_error: Option<String>,
}

/// A report and the stamp of the file it came from.
struct Loaded {
    report: Report,
    stamp: Stamp,
    from_cache: bool,
}

/// Load one file: from the cache when its entry matches the file's size, mtime and content
/// hash, else by parsing.
fn load_file(path: &Path, cache: Option<&CacheReader>) -> Result<Loaded, Error> {
    let (meta, bytes) =
        user_file::read_limited(path, user_file::MAX_BYTES).map_err(|e| Error::reading(path, e))?;
    let stamp = Stamp::of(&meta, &bytes);
    let source = path.display().to_string();
    if let Some(report) = cache.and_then(|c| c.get(&source, &stamp)) {
        return Ok(Loaded {
            report,
            stamp,
            from_cache: true,
        });
    }
    Ok(Loaded {
        report: parse_bytes(path, &bytes)?,
        stamp,
        from_cache: false,
    })
}

/// Load files on all cores; results keep the order of `files`. Threads take the next file
/// from a shared counter, so one slow file does not hold up a whole share of the work.
fn load_files(
    files: &[PathBuf],
    cache: Option<&CacheReader>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Result<Loaded, Error>> {
    let total = files.len();
    let done = Mutex::new(0usize);
    let tick = || {
        // Under the lock so calls arrive one at a time with `done` rising.
        let mut d = done.lock().unwrap_or_else(|e| e.into_inner());
        *d += 1;
        progress(*d, total);
    };
    crate::cores::map(files, |f| {
        let r = load_file(f, cache);
        tick();
        r
    })
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
