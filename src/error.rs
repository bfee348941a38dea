//! Error types of the core.

use std::path::PathBuf;

/// Errors the core can report; each names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Not read on purpose: a FIFO, socket or device, or a file over the size limit.
    #[error("{path}: {why}")]
    Skipped {
        /// The file.
        path: PathBuf,
        /// What it is, e.g. `skipped: not a regular file (a FIFO)`.
        why: crate::user_file::ReadError,
    },
    /// The file is empty or whitespace only.
    #[error("{path}: empty file")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file has no text besides what fazhi drops (`[image: …]`, Markdown markup).
    #[error("{path}: empty: no text besides images and Markdown markup")]
    NoText {
        /// The file.
        path: PathBuf,
    },
    /// The file is not text (NUL bytes, undecodable).
    #[error("{path}: not a text file ({why})")]
    NotText {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        why: String,
    },
    /// The file is in a format fazhi reads, but this one cannot be read; the problem says
    /// what is wrong and what to do (OCR a scan, save a `.doc` as `.docx` …).
    #[error("{path}: {problem}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        problem: String,
    },
}

impl Error {
    /// The error for `path` that [`crate::user_file::read_limited`] gave.
    pub fn reading(path: &std::path::Path, why: crate::user_file::ReadError) -> Error {
        match why {
            crate::user_file::ReadError::Io(source) => Error::Io {
                path: path.to_path_buf(),
                source,
            },
            why => Error::Skipped {
                path: path.to_path_buf(),
                why,
            },
        }
    }
}
