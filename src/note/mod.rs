//! Reviewers' notes on paragraphs: types, the SQLite [`Store`], re-anchoring after a
//! report changed ([`anchor`]) and export/import ([`exchange`]).
//!
//! Losing a note is the worst thing this program can do, so the store refuses rather than
//! repairs: a database it does not understand (newer schema, damaged, someone else's) is
//! reported with its path and left byte-for-byte untouched.

pub mod anchor;
pub mod exchange;
pub mod store;

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub use anchor::{
    anchor_at, locate, locate_all, locate_in_report, paragraph_views, Locator, ParagraphView,
    Placement,
};
pub use exchange::{export_json, export_markdown, export_w3c, import};
pub use store::{Draft, ImportSummary, NewNote, NoteFilter, Store};

/// A reviewer's note on one paragraph (optionally on one figure in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Row id in this database; not stable across export/import (use `uuid` for that).
    pub id: i64,
    /// Identity that survives export/import and merging of databases.
    pub uuid: String,
    /// The report, as [`crate::report::Report::id`] (`210311-2023`).
    pub report_id: String,
    /// Where in the report the note belongs.
    pub anchor: Anchor,
    /// The figure's text when the note is about one figure of the paragraph.
    pub figure: Option<String>,
    /// The note itself; `#tags` in it are found by [`Note::tags`].
    pub body: String,
    /// Who wrote it.
    pub author: String,
    /// Creation time, RFC 3339 UTC (`2024-03-01T08:00:00.000Z`).
    pub created: String,
    /// Last change of the body, RFC 3339 UTC.
    pub updated: String,
}

impl Note {
    /// The `#tags` of the body, without `#`, each once, in order of appearance.
    pub fn tags(&self) -> Vec<String> {
        tags(&self.body)
    }
}

/// Where a note is attached: the position it had when written, plus a quote of the text
/// so it can be found again when the report file changes (positions shift, quotes rarely do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Section path as [`crate::report::Report::path`] (`一/（五）`); `""` for the preamble.
    pub section_path: String,
    /// Index of the paragraph within its section.
    pub paragraph: usize,
    /// The quoted text and its surroundings.
    pub quote: TextQuote,
}

/// A W3C Web Annotation `TextQuoteSelector`: the text and what surrounds it in the
/// report's body stream (paragraphs joined by `\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    /// The quoted text: the whole paragraph or a distinctive part of it.
    pub exact: String,
    /// Up to [`anchor::CONTEXT_CHARS`] characters just before `exact`.
    pub prefix: String,
    /// Up to [`anchor::CONTEXT_CHARS`] characters just after `exact`.
    pub suffix: String,
}

/// The `#tags` of a note body, without `#`, each once, in order of appearance.
///
/// A tag is `#` (or the full-width `＃` a Chinese IME types) followed by letters, digits
/// (CJK included) or `_`. A `#` glued to a preceding ASCII word (`C#`) is not a tag.
pub fn tags(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // Chinese has no spaces, so `见#表2` is a tag; only an ASCII word before `#` (`C#`)
        // means the `#` is part of that word.
        let starts_tag =
            (c == '#' || c == '＃') && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '_');
        prev = Some(c);
        if !starts_tag {
            continue;
        }
        let start = i + c.len_utf8();
        let mut end = start;
        while let Some(&(j, d)) = chars.peek() {
            if !is_tag_char(d) {
                break;
            }
            end = j + d.len_utf8();
            prev = Some(d);
            chars.next();
        }
        let tag = &body[start..end];
        if !tag.is_empty() && !out.iter().any(|t| t == tag) {
            out.push(tag.to_string());
        }
    }
    out
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Everything that can go wrong with notes. Messages name the database file and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum NoteError {
    /// The notes directory could not be created.
    #[error(
        "cannot create the notes directory {path}: {source}; check the path and its permissions"
    )]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file exists but is not an SQLite database (wrong header).
    #[error(
        "{path} is not a notes database (it does not start with an SQLite header); it was left \
         untouched: restore it from a backup, or move it aside to start a new notes database"
    )]
    NotADatabase {
        /// The database file.
        path: PathBuf,
    },
    /// SQLite reports the database as damaged.
    #[error(
        "{path} is damaged ({detail}); it was left untouched: restore it from a backup, or move \
         it aside and salvage its notes from the moved file with `sqlite3 <file> .recover`"
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
    /// An SQLite database that belongs to some other program.
    #[error(
        "{path} is an SQLite database of some other program, not fazhi notes; it was left \
         untouched: move it aside or choose another notes directory"
    )]
    Foreign {
        /// The database file.
        path: PathBuf,
    },
    /// Written by a newer fazhi whose schema this build does not know.
    #[error(
        "{path} was written by a newer fazhi (notes schema version {found}, this build knows up \
         to {supported}); it was left untouched: upgrade fazhi to use it"
    )]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Schema version found in the file.
        found: i64,
        /// Highest schema version this build knows.
        supported: i64,
    },
    /// The database file exists but cannot be read.
    #[error("{path} cannot be read ({source}); nothing was changed: check its permissions")]
    Unreadable {
        /// The database file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The database or its directory cannot be written.
    #[error(
        "{path} cannot be written ({detail}); nothing was changed: make the file and its \
         directory writable (SQLite also needs to create {path}-wal and {path}-shm next to it)"
    )]
    ReadOnly {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
    /// Another process held the database locked for longer than the busy timeout.
    #[error(
        "{path} stayed locked by another process for more than {} s; nothing was changed: try \
         again, or close other fazhi instances",
        store::BUSY_TIMEOUT.as_secs()
    )]
    Busy {
        /// The database file.
        path: PathBuf,
    },
    /// Any other SQLite failure.
    #[error("{path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// No (live) note has this id.
    #[error("{path} has no note with id {id}; it may have been deleted by another fazhi instance")]
    NotFound {
        /// The database file.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// The note is not acceptable (e.g. empty body).
    #[error("note not saved: {0}")]
    Invalid(String),
    /// The text given to [`exchange::import`] is not a notes export.
    #[error("cannot import: {0}; nothing was imported")]
    Import(String),
}

#[cfg(test)]
mod tests {
    use super::tags;

    #[test]
    fn tags_cjk_and_ascii() {
        assert_eq!(
            tags("数据偏高 #待核实，见#表2 和 #todo_1。再次#待核实"),
            vec!["待核实", "表2", "todo_1"]
        );
    }

    #[test]
    fn tags_fullwidth_hash_and_glued_hash() {
        assert_eq!(tags("＃重点 C# 不是标签"), vec!["重点"]);
    }

    #[test]
    fn tags_bare_hash_and_heading() {
        assert!(tags("# 标题\n## 小标题 #").is_empty());
    }
}
