//! The notes database: one SQLite file, `notes.db`, shared by every fazhi process.
//!
//! WAL mode lets a TUI read while another process writes; every write is one
//! `BEGIN IMMEDIATE` transaction so concurrent writers queue on the busy timeout instead
//! of failing mid-way. `synchronous=FULL` because a note must survive a power cut, not
//! just a crash, and notes are written at typing speed, not in bulk.
//!
//! Two halves: `open` gets a connection to a file that is ours (creating it atomically,
//! rolling back a hot journal, refusing what is not ours without touching it, read-only
//! access); `query` reads and writes notes and drafts through it.

mod open;
mod query;

use super::{Anchor, Note, NoteError, TextQuote};
use rusqlite::{Connection, ErrorCode, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// File name of the database inside the notes directory.
pub const DB_FILE: &str = "notes.db";

/// Current time as RFC 3339 UTC with milliseconds, computed by SQLite so every process
/// agrees on the format.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

const NOTE_COLUMNS: &str = "id, uuid, report_id, section_path, paragraph, quote_exact, \
     quote_prefix, quote_suffix, figure, body, author, created, updated";

/// A note about to be added; the store assigns id, uuid and timestamps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    /// The report, as [`crate::report::Report::id`].
    pub report_id: String,
    /// Where the note belongs (see [`super::anchor::anchor_at`]).
    pub anchor: Anchor,
    /// The figure's text when the note is about one figure.
    pub figure: Option<String>,
    /// The note text; must not be blank.
    pub body: String,
    /// Who wrote it.
    pub author: String,
}

/// Which notes [`Store::list`] returns; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteFilter {
    /// Only notes on this report id.
    pub report: Option<String>,
    /// Only notes carrying this tag (with or without the leading `#`).
    pub tag: Option<String>,
}

/// Unsaved note text, kept so it survives the TUI being killed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Whose draft.
    pub user: String,
    /// What it is a draft of, chosen by the TUI (e.g. `new:<report>/<path>/<n>` or `edit:<id>`).
    pub key: String,
    /// The text so far.
    pub text: String,
    /// When it was last saved, RFC 3339 UTC.
    pub saved: String,
}

/// Outcome of merging notes into the store by uuid (see [`super::exchange::import`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Notes whose uuid was new.
    pub added: usize,
    /// Known notes whose incoming version was newer and replaced the stored body.
    pub updated: usize,
    /// Known notes left as they were (same or older, or deleted here).
    pub unchanged: usize,
}

/// The notes database of one notes directory.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: rusqlite::Error) -> NoteError {
        classify(&self.path, e)
    }
}

/// Begin a write as `BEGIN IMMEDIATE`: it takes the write lock at once, so a writer waits its
/// turn on the busy timeout instead of failing half-way through.
fn begin_write(conn: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}

/// Turn an SQLite error into the [`NoteError`] that tells the user what to do.
fn classify(path: &Path, e: rusqlite::Error) -> NoteError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => NoteError::NotADatabase { path },
        Some(ErrorCode::DatabaseCorrupt) => NoteError::Corrupt {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
            NoteError::ReadOnly {
                path,
                detail: e.to_string(),
            }
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => NoteError::Busy { path },
        _ => NoteError::Sqlite { path, source: e },
    }
}

fn note_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        uuid: r.get(1)?,
        report_id: r.get(2)?,
        anchor: Anchor {
            section_path: r.get(3)?,
            // The CHECK constraint keeps it non-negative.
            paragraph: usize::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
            quote: TextQuote {
                exact: r.get(5)?,
                prefix: r.get(6)?,
                suffix: r.get(7)?,
            },
        },
        figure: r.get(8)?,
        body: r.get(9)?,
        author: r.get(10)?,
        created: r.get(11)?,
        updated: r.get(12)?,
    })
}

fn draft_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Draft> {
    Ok(Draft {
        user: r.get(0)?,
        key: r.get(1)?,
        text: r.get(2)?,
        saved: r.get(3)?,
    })
}
