//! The library: every report fazhi has open, from the bundled samples or the user's files.

use crate::error::Error;
use crate::report::{self, text, Report};
use std::path::{Path, PathBuf};

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

    /// Open files and folders (folders searched recursively for `.txt` and `.md`).
    /// Files that cannot be read are listed in `problems`, not fatal.
    pub fn open(paths: &[PathBuf]) -> Library {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for p in paths {
            if p.is_dir() {
                collect_dir(p, &mut files, &mut problems);
            } else {
                files.push(p.clone());
            }
        }
        files.sort();
        let results = parse_files(&files);
        let mut reports = Vec::new();
        for r in results {
            match r {
                Ok(r) => reports.push(r),
                Err(e) => problems.push(e),
            }
        }
        Library::from_reports(reports, problems)
    }

    /// Build a library from parsed reports, sorting them for display.
    pub fn from_reports(mut reports: Vec<Report>, problems: Vec<Error>) -> Library {
        reports.sort_by(|a, b| {
            let key = |r: &Report| {
                (
                    r.meta.province.clone().unwrap_or_default(),
                    r.meta.prefecture.clone().unwrap_or_default(),
                    r.meta.district.clone().unwrap_or_default(),
                )
            };
            key(a)
                .cmp(&key(b))
                .then(b.meta.year.cmp(&a.meta.year))
                .then(a.source.cmp(&b.source))
        });
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

/// Read and parse one file. Errors name the file.
pub fn read_report(path: &Path) -> Result<Report, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = text::decode(&bytes).map_err(|p| match p {
        text::DecodeProblem::Empty => Error::Empty {
            path: path.to_path_buf(),
        },
        text::DecodeProblem::Binary(why) => Error::NotText {
            path: path.to_path_buf(),
            why,
        },
    })?;
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

/// Parse files on all cores; results keep the order of `files`.
fn parse_files(files: &[PathBuf]) -> Vec<Result<Report, Error>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if files.len() < 8 || threads == 1 {
        return files.iter().map(|f| read_report(f)).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(|f| read_report(f)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            problems.push(Error::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_dir(&path, files, problems);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "TXT" | "MD")
        ) {
            files.push(path);
        }
    }
}
