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
