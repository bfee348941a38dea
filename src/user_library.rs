//! The user's own library in `$XDG_DATA_HOME/fazhi/library/`: reports added with
//! `fazhi add` (files, folders, or web addresses), each kept as the text fazhi reads
//! (`<name>.txt`) with the original file beside it in `originals/`. `fazhi` with no
//! arguments opens it together with the bundled samples.

use crate::error::Error;
use crate::library::{read_report, Library};
use crate::report::Report;
use crate::store::CachePolicy;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A download larger than this is not a report.
pub const DOWNLOAD_LIMIT: u64 = 50 << 20;
/// How long a download may take in all.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a report could not be added (each names the input).
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// The file is not a report fazhi can read.
    #[error(transparent)]
    Report(#[from] Error),
    /// The download failed.
    #[error("{url}: cannot download: {why}")]
    Download {
        /// The address.
        url: String,
        /// What went wrong.
        why: String,
    },
    /// The library folder could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// `$XDG_DATA_HOME/fazhi/library` (or under `data_dir` when given).
pub fn dir(data_dir: Option<&Path>) -> Option<PathBuf> {
    data_dir
        .map(Path::to_path_buf)
        .or_else(crate::xdg::data_dir)
        .map(|d| d.join("library"))
}

/// The text files of the library, the ones fazhi reads (originals are not listed).
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// The bundled samples together with the user's library.
pub fn open_with_bundled(dir: Option<&Path>, extra: &[PathBuf], cache: &CachePolicy) -> Library {
    let bundled = Library::bundled();
    let mut files = dir.map(files).unwrap_or_default();
    files.extend(extra.iter().cloned());
    if files.is_empty() {
        return bundled;
    }
    let (mut user, _) = Library::open_with(&files, cache, &|_, _| {});
    let problems = std::mem::take(&mut user.problems);
    let mut reports = bundled.into_reports();
    reports.extend(user.into_reports());
    Library::from_reports(reports, problems)
}

/// One report added: where its text now is, and what was read from it.
pub struct Added {
    /// What the user named (file or address).
    pub input: String,
    /// The text file in the library.
    pub text: PathBuf,
    /// What the input was read as.
    pub format: crate::source::Format,
    /// The report as parsed.
    pub report: Report,
}

/// Add a file, every report file of a folder, or a web address (`http://…`, `https://…`).
/// Each input gets its own result, so one bad file does not stop the others.
pub fn add(dir: &Path, input: &str) -> Vec<Result<Added, AddError>> {
    if input.starts_with("http://") || input.starts_with("https://") {
        return vec![add_url(dir, input)];
    }
    let path = Path::new(input);
    if path.is_dir() {
        let mut found = Vec::new();
        walk(path, &mut found);
        found.sort();
        return found.iter().map(|f| add_file(dir, f)).collect();
    }
    vec![add_file(dir, path)]
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            walk(&p, out);
        } else if kind.is_file() && crate::source::is_report_file(&p) {
            out.push(p);
        }
    }
}

/// Add one file: read it (refusing what is not a report), then store its text and a copy.
pub fn add_file(dir: &Path, path: &Path) -> Result<Added, AddError> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    store(dir, &path.display().to_string(), &name, path, &bytes)
}

/// Download `url` (with a time limit and a size cap) and add it.
pub fn add_url(dir: &Path, url: &str) -> Result<Added, AddError> {
    let fail = |why: String| AddError::Download {
        url: url.to_string(),
        why,
    };
    // Built without TLS to keep the build lean; say so rather than fail obscurely.
    if url.starts_with("https://") {
        return Err(fail(
            "https is not supported yet; open the page, save it (or its PDF), and add the file"
                .into(),
        ));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(DOWNLOAD_TIMEOUT))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(DOWNLOAD_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > DOWNLOAD_LIMIT {
        return Err(fail(format!("larger than {} MB", DOWNLOAD_LIMIT >> 20)));
    }
    // The last part of the address names the file; a page address without one is a page.
    let last = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let name = if last.contains('.') && !last.contains(':') {
        last.to_string()
    } else {
        format!(
            "{}.html",
            if last.contains(':') || last.is_empty() {
                "page"
            } else {
                last
            }
        )
    };
    store(dir, url, &name, Path::new(&name), &bytes)
}

/// Parse `bytes` (named `name`), and keep them and their text in the library.
fn store(
    dir: &Path,
    input: &str,
    name: &str,
    path: &Path,
    bytes: &[u8],
) -> Result<Added, AddError> {
    let text = crate::source::to_text(path, bytes)?;
    let stem = sanitize(
        Path::new(name)
            .file_stem()
            .map_or("report".into(), |s| s.to_string_lossy().into_owned()),
    );
    let originals = dir.join("originals");
    let write = |p: &Path, b: &[u8]| {
        std::fs::write(p, b).map_err(|source| AddError::Write {
            path: p.to_path_buf(),
            source,
        })
    };
    std::fs::create_dir_all(&originals).map_err(|source| AddError::Write {
        path: originals.clone(),
        source,
    })?;
    // The same name with other content gets a number: `report-2.txt`.
    let mut n = 1;
    let target = loop {
        let stem_n = if n == 1 {
            stem.clone()
        } else {
            format!("{stem}-{n}")
        };
        let t = dir.join(format!("{stem_n}.txt"));
        match std::fs::read_to_string(&t) {
            Ok(existing) if existing != text => n += 1,
            _ => break (t, stem_n),
        }
    };
    let (text_path, stem_n) = target;
    write(&text_path, text.as_bytes())?;
    let ext = Path::new(name)
        .extension()
        .map_or(String::new(), |e| format!(".{}", e.to_string_lossy()));
    write(&originals.join(format!("{stem_n}{ext}")), bytes)?;
    let report = read_report(&text_path)?;
    Ok(Added {
        input: input.to_string(),
        text: text_path,
        format: crate::source::detect(path, bytes),
        report,
    })
}

/// A file name made safe: no path separators, no leading dots.
fn sanitize(stem: String) -> String {
    let s: String = stem
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '\0') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "report".into()
    } else {
        s
    }
}

/// Take the report with id `id` out of the library: its text and its original. Notes on
/// it stay (as orphans, until it is added again). Returns the files removed.
pub fn remove(dir: &Path, id: &str) -> Result<Vec<PathBuf>, String> {
    let files = files(dir);
    let lib = Library::open_with(&files, &CachePolicy::Off, &|_, _| {}).0;
    let i = lib.find(id).map_err(|e| e.to_string())?;
    let text = PathBuf::from(&lib.report(i).source);
    let stem = text.file_stem().map(|s| s.to_os_string());
    let mut removed = Vec::new();
    let originals = std::fs::read_dir(dir.join("originals"))
        .into_iter()
        .flatten()
        .flatten();
    for p in originals.map(|e| e.path()).chain([text.clone()]) {
        if p.file_stem().map(|s| s.to_os_string()) == stem {
            std::fs::remove_file(&p).map_err(|e| format!("{}: cannot remove: {e}", p.display()))?;
            removed.push(p);
        }
    }
    Ok(removed)
}
