//! The notes database: one SQLite file, `notes.db`, shared by every fazhi process.
//!
//! WAL mode lets a TUI read while another process writes; every write is one
//! `BEGIN IMMEDIATE` transaction so concurrent writers queue on the busy timeout instead
//! of failing mid-way. `synchronous=FULL` because a note must survive a power cut, not
//! just a crash, and notes are written at typing speed, not in bulk.
//!
//! Longer than our ~600-line rule: opening a file (creating it atomically, rolling back a hot
//! journal, refusing what is not ours without touching it) and the queries share one
//! connection setup and one error classification. Moving the opening into its own module is
//! the next split.

use super::{Anchor, Note, NoteError, TextQuote};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// File name of the database inside the notes directory.
pub const DB_FILE: &str = "notes.db";

/// `PRAGMA application_id` of a fazhi notes database (`fazh` in ASCII), so another
/// program's SQLite file is recognised and left alone.
const APPLICATION_ID: i64 = 0x6661_7A68;

/// Schema migrations; entry `n` takes the database from version `n` to `n + 1`.
/// Append only: a released entry never changes.
const MIGRATIONS: &[&str] = &[r"
    CREATE TABLE notes (
        id           INTEGER PRIMARY KEY,
        uuid         TEXT NOT NULL UNIQUE,
        report_id    TEXT NOT NULL,
        section_path TEXT NOT NULL,
        paragraph    INTEGER NOT NULL CHECK (paragraph >= 0),
        quote_exact  TEXT NOT NULL,
        quote_prefix TEXT NOT NULL,
        quote_suffix TEXT NOT NULL,
        figure       TEXT,
        body         TEXT NOT NULL,
        author       TEXT NOT NULL,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL,
        -- Deleting only sets this, so a slip of the key can be undone with `restore`.
        deleted      TEXT
    );
    CREATE INDEX notes_by_report ON notes (report_id, created);
    CREATE TABLE note_tags (
        note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
        tag     TEXT NOT NULL,
        PRIMARY KEY (note_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX note_tags_by_tag ON note_tags (tag);
    CREATE TABLE drafts (
        user  TEXT NOT NULL,
        key   TEXT NOT NULL,
        text  TEXT NOT NULL,
        saved TEXT NOT NULL,
        PRIMARY KEY (user, key)
    ) WITHOUT ROWID;
"];

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
    /// Open (creating if needed) `dir/notes.db`, migrating it to the current schema.
    ///
    /// Refuses, leaving the file untouched, a file that is not SQLite, is damaged, belongs
    /// to another program, or has a newer schema; and a file or directory that cannot be
    /// written (nothing is ever truncated).
    pub fn open(dir: &Path) -> Result<Store, NoteError> {
        std::fs::create_dir_all(dir).map_err(|source| NoteError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DB_FILE);
        // A file this process already holds connections to is not read outside SQLite
        // again: closing that descriptor would drop those connections' POSIX locks (closing
        // any descriptor of a file does), and `fazhi serve` opens a store per session.
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        let judged = JUDGED.lock().map(|j| j.contains(&key)).unwrap_or(false);
        if !judged {
            check_header(&path)?;
        }
        let err = |e| classify(&path, e);
        if !path.exists() {
            create_atomically(dir, &path)?;
        }
        roll_back_hot_journal(&path)?;
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            // Judge an existing file through a read-only connection: closing the last
            // read-write connection to a WAL database checkpoints it into the main file,
            // which would change the bytes of a file we are about to refuse.
            // SQLite makes `-wal` and `-shm` files for a WAL database even read-only; a file
            // that is refused must leave its directory as it was, so those it made go.
            let sidecars: Vec<PathBuf> = ["-wal", "-shm"]
                .iter()
                .map(|s| path.with_file_name(format!("{DB_FILE}{s}")))
                .filter(|p| !p.exists())
                .collect();
            let judged = (|| {
                let probe = Connection::open_with_flags(
                    &path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(err)?;
                probe.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
                check_identity(&probe, &path)
            })();
            if let Err(refused) = judged {
                for p in sidecars {
                    let _ = std::fs::remove_file(p);
                }
                return Err(refused);
            }
        }
        // Several processes may create the file at once; SQLite copes, and an empty file
        // is a valid empty database that `migrate` fills under a write lock.
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        // SQLite silently falls back to read-only for a write-protected file.
        if conn
            .is_readonly(rusqlite::DatabaseName::Main)
            .map_err(err)?
        {
            return Err(NoteError::ReadOnly {
                path,
                detail: "the file is write-protected".into(),
            });
        }
        let mut store = Store { conn, path };
        store.setup()?;
        store.migrate()?;
        let key = std::fs::canonicalize(&store.path).unwrap_or_else(|_| store.path.clone());
        if let Ok(mut judged) = JUDGED.lock() {
            if !judged.contains(&key) {
                judged.push(key);
            }
        }
        Ok(store)
    }

    /// Open an existing `dir/notes.db` only to read it, for someone who may not write it
    /// (`fazhi notes list` and `export` on a file or folder they cannot write). Nothing is
    /// created or migrated, and no `-wal`/`-shm` file is made beside it: SQLite reads the
    /// file as immutable when it cannot share the write-ahead log's index.
    pub fn open_read_only(dir: &Path) -> Result<Store, NoteError> {
        let path = dir.join(DB_FILE);
        check_header(&path)?;
        let err = |e| classify(&path, e);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let open = |uri: String| -> Result<Connection, NoteError> {
            let conn = Connection::open_with_flags(uri, flags).map_err(err)?;
            conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
            check_identity(&conn, &path)?;
            Ok(conn)
        };
        let file = path
            .display()
            .to_string()
            .replace('?', "%3f")
            .replace('#', "%23");
        let conn = open(format!("file:{file}?mode=ro"))
            .or_else(|_| open(format!("file:{file}?mode=ro&immutable=1")))?;
        Ok(Store { conn, path })
    }

    /// A second connection to this store's file, for another thread. The file was judged
    /// when this store opened it, and it is not judged again: reading the file outside
    /// SQLite while this process holds connections to it would drop their POSIX locks
    /// (closing any descriptor of a file does), and another process could then take the WAL
    /// away from under them.
    pub fn connect_again(&self) -> Result<Store, NoteError> {
        let err = |e| classify(&self.path, e);
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        let store = Store {
            conn,
            path: self.path.clone(),
        };
        store.setup()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Per-connection settings; switching to WAL is the first write to the file.
    fn setup(&self) -> Result<(), NoteError> {
        let err = |e| classify(&self.path, e);
        // Waits on the busy timeout like any write when another process holds the lock.
        self.conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .map_err(err)?;
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        Ok(())
    }

    /// Bring the schema to the newest version, in one transaction.
    fn migrate(&mut self) -> Result<(), NoteError> {
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        // Read again under the write lock: another process may have migrated meanwhile.
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)?;
        let supported = MIGRATIONS.len() as i64;
        if version > supported {
            return Err(NoteError::SchemaTooNew {
                path: path.clone(),
                found: version,
                supported,
            });
        }
        if version == supported {
            return Ok(());
        }
        let Ok(from) = usize::try_from(version) else {
            return Err(negative_version(&path, version));
        };
        for step in &MIGRATIONS[from..] {
            tx.execute_batch(step).map_err(err)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(err)?;
        tx.pragma_update(None, "user_version", supported)
            .map_err(err)?;
        tx.commit().map_err(err)
    }

    fn err(&self, e: rusqlite::Error) -> NoteError {
        classify(&self.path, e)
    }

    /// Add a note; returns it with its id, uuid and timestamps.
    pub fn add(&mut self, note: NewNote) -> Result<Note, NoteError> {
        if note.body.trim().is_empty() {
            return Err(NoteError::Invalid("the note is empty".into()));
        }
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let uuid = new_uuid(&tx).map_err(err)?;
        let id = tx
            .query_row(
                &format!(
                    "INSERT INTO notes (uuid, report_id, section_path, paragraph, quote_exact, \
                     quote_prefix, quote_suffix, figure, body, author, created, updated) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, {NOW}, {NOW}) RETURNING id"
                ),
                params![
                    uuid,
                    note.report_id,
                    note.anchor.section_path,
                    note.anchor.paragraph as i64,
                    note.anchor.quote.exact,
                    note.anchor.quote.prefix,
                    note.anchor.quote.suffix,
                    note.figure,
                    note.body,
                    note.author,
                ],
                |r| r.get(0),
            )
            .map_err(err)?;
        write_tags(&tx, id, &note.body).map_err(err)?;
        let saved = get_note(&tx, id).map_err(err)?;
        tx.commit().map_err(err)?;
        saved.ok_or(NoteError::NotFound { path, id })
    }

    /// Replace the body of note `id`; returns the note as saved.
    pub fn update(&mut self, id: i64, body: &str) -> Result<Note, NoteError> {
        if body.trim().is_empty() {
            return Err(NoteError::Invalid(
                "the note would be empty; delete it instead".into(),
            ));
        }
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let n = tx
            .execute(
                &format!(
                    "UPDATE notes SET body = ?2, updated = {NOW} WHERE id = ?1 AND deleted IS NULL"
                ),
                params![id, body],
            )
            .map_err(err)?;
        if n == 0 {
            return Err(NoteError::NotFound { path, id });
        }
        write_tags(&tx, id, body).map_err(err)?;
        let saved = get_note(&tx, id).map_err(err)?;
        tx.commit().map_err(err)?;
        saved.ok_or(NoteError::NotFound { path, id })
    }

    /// Delete note `id`. The row is kept, marked deleted, so [`Store::restore`] can undo it.
    pub fn delete(&mut self, id: i64) -> Result<(), NoteError> {
        let n = self
            .conn
            .execute(
                &format!("UPDATE notes SET deleted = {NOW} WHERE id = ?1 AND deleted IS NULL"),
                [id],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(NoteError::NotFound {
                path: self.path.clone(),
                id,
            });
        }
        Ok(())
    }

    /// Undo [`Store::delete`] of note `id`.
    pub fn restore(&mut self, id: i64) -> Result<Note, NoteError> {
        let n = self
            .conn
            .execute(
                "UPDATE notes SET deleted = NULL WHERE id = ?1 AND deleted IS NOT NULL",
                [id],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(NoteError::NotFound {
                path: self.path.clone(),
                id,
            });
        }
        self.get(id)?.ok_or(NoteError::NotFound {
            path: self.path.clone(),
            id,
        })
    }

    /// Deleted notes, most recently deleted first, so the TUI can offer to restore them.
    pub fn deleted(&self) -> Result<Vec<Note>, NoteError> {
        self.query(
            &format!(
                "SELECT {NOTE_COLUMNS} FROM notes WHERE deleted IS NOT NULL \
                 ORDER BY deleted DESC, id DESC"
            ),
            &[],
        )
    }

    /// The live note with this id, if any.
    pub fn get(&self, id: i64) -> Result<Option<Note>, NoteError> {
        get_note(&self.conn, id).map_err(|e| self.err(e))
    }

    /// Live notes matching `filter`, ordered by report, then creation time (then uuid, so
    /// the order is the same in every copy of the notes).
    pub fn list(&self, filter: &NoteFilter) -> Result<Vec<Note>, NoteError> {
        let tag = filter
            .tag
            .as_deref()
            .map(|t| t.trim_start_matches(['#', '＃']));
        self.query(
            &format!(
                "SELECT {NOTE_COLUMNS} FROM notes n WHERE deleted IS NULL \
                 AND (?1 IS NULL OR report_id = ?1) \
                 AND (?2 IS NULL OR EXISTS \
                     (SELECT 1 FROM note_tags t WHERE t.note_id = n.id AND t.tag = ?2)) \
                 ORDER BY report_id, created, id"
            ),
            &[&filter.report, &tag],
        )
    }

    /// Live notes on one report.
    pub fn for_report(&self, report_id: &str) -> Result<Vec<Note>, NoteError> {
        self.list(&NoteFilter {
            report: Some(report_id.to_string()),
            tag: None,
        })
    }

    /// A number that changes whenever *another* connection (another fazhi process)
    /// commits to the database; this store's own writes do not change it. Cheap enough
    /// to poll on every TUI tick: when it differs from the last value, reload the notes.
    pub fn data_version(&self) -> Result<i64, NoteError> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Save (or overwrite) the draft `key` of `user`. Meant to be called every few
    /// keystrokes: one small committed write, so the text survives the TUI being killed.
    pub fn save_draft(&mut self, user: &str, key: &str, text: &str) -> Result<(), NoteError> {
        self.conn
            .execute(
                &format!(
                    "INSERT INTO drafts (user, key, text, saved) VALUES (?1, ?2, ?3, {NOW}) \
                     ON CONFLICT (user, key) DO UPDATE SET text = excluded.text, \
                     saved = excluded.saved"
                ),
                params![user, key, text],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The draft `key` of `user`, if one was saved. It stays saved until
    /// [`Store::clear_draft`], so clear it only after the note itself was added.
    pub fn draft(&self, user: &str, key: &str) -> Result<Option<Draft>, NoteError> {
        self.conn
            .query_row(
                "SELECT user, key, text, saved FROM drafts WHERE user = ?1 AND key = ?2",
                params![user, key],
                draft_from_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// All drafts of `user`, most recent first (to offer recovery at start-up).
    pub fn drafts(&self, user: &str) -> Result<Vec<Draft>, NoteError> {
        let mut stmt = self
            .conn
            .prepare("SELECT user, key, text, saved FROM drafts WHERE user = ?1 ORDER BY saved DESC, key")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([user], draft_from_row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Forget the draft `key` of `user` (no error if there is none).
    pub fn clear_draft(&mut self, user: &str, key: &str) -> Result<(), NoteError> {
        self.conn
            .execute(
                "DELETE FROM drafts WHERE user = ?1 AND key = ?2",
                params![user, key],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Merge notes by uuid in one transaction: new uuids are added with their own
    /// timestamps and author; a known uuid takes the incoming body only when the incoming
    /// `updated` is later. Ids of `notes` are ignored.
    pub(crate) fn merge(&mut self, notes: &[Note]) -> Result<ImportSummary, NoteError> {
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let mut counts = ImportSummary::default();
        for note in notes {
            if note.body.trim().is_empty() {
                return Err(NoteError::Import(format!(
                    "note {} has an empty body",
                    note.uuid
                )));
            }
            let known: Option<(i64, String, bool)> = tx
                .query_row(
                    "SELECT id, updated, deleted IS NOT NULL FROM notes WHERE uuid = ?1",
                    [&note.uuid],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
                .map_err(err)?;
            match known {
                None => {
                    let id: i64 = tx
                        .query_row(
                            "INSERT INTO notes (uuid, report_id, section_path, paragraph, \
                             quote_exact, quote_prefix, quote_suffix, figure, body, author, \
                             created, updated) \
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
                             RETURNING id",
                            params![
                                note.uuid,
                                note.report_id,
                                note.anchor.section_path,
                                note.anchor.paragraph as i64,
                                note.anchor.quote.exact,
                                note.anchor.quote.prefix,
                                note.anchor.quote.suffix,
                                note.figure,
                                note.body,
                                note.author,
                                note.created,
                                note.updated,
                            ],
                            |r| r.get(0),
                        )
                        .map_err(err)?;
                    write_tags(&tx, id, &note.body).map_err(err)?;
                    counts.added += 1;
                }
                // RFC 3339 UTC strings of one format order like the times they denote.
                Some((id, updated, false)) if note.updated > updated => {
                    tx.execute(
                        "UPDATE notes SET body = ?2, updated = ?3 WHERE id = ?1",
                        params![id, note.body, note.updated],
                    )
                    .map_err(err)?;
                    write_tags(&tx, id, &note.body).map_err(err)?;
                    counts.updated += 1;
                }
                Some(_) => counts.unchanged += 1,
            }
        }
        tx.commit().map_err(err)?;
        Ok(counts)
    }

    fn query(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Note>, NoteError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(args, note_from_row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}

/// Refuse a database that is damaged, someone else's, or from a newer fazhi.
fn check_identity(conn: &Connection, path: &Path) -> Result<(), NoteError> {
    let err = |e| classify(path, e);
    // One read transaction, so all answers come from the same snapshot even while
    // another process is creating the schema (else "no tables" and "tables, but no
    // application id" could be read from two different states). Dropping it ends it;
    // it never wrote anything.
    let snapshot = conn.unchecked_transaction().map_err(err)?;
    let app: i64 = snapshot
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(err)?;
    let version: i64 = snapshot
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(err)?;
    let objects: i64 = snapshot
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(err)?;
    if (app != 0 && app != APPLICATION_ID) || (app == 0 && objects > 0) {
        return Err(NoteError::Foreign {
            path: path.to_path_buf(),
        });
    }
    let supported = MIGRATIONS.len() as i64;
    if version > supported {
        return Err(NoteError::SchemaTooNew {
            path: path.to_path_buf(),
            found: version,
            supported,
        });
    }
    if version < 0 {
        return Err(negative_version(path, version));
    }
    if objects > 0 {
        let verdict: String = snapshot
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(err)?;
        if verdict != "ok" {
            // SQLite's report is multi-line with a `*** in database main ***` banner;
            // keep the one-line message one line.
            let detail = verdict
                .lines()
                .filter(|l| !l.starts_with("***"))
                .collect::<Vec<_>>()
                .join("; ");
            return Err(NoteError::Corrupt {
                path: path.to_path_buf(),
                detail,
            });
        }
    }
    Ok(())
}

/// A schema version below zero: never written by fazhi, so the file is not one of its own.
fn negative_version(path: &Path, version: i64) -> NoteError {
    NoteError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("schema version {version} is not one fazhi writes"),
    }
}

/// Make a new, empty, fully migrated `path` under a temporary name in the same directory and
/// rename it into place, so that a kill during creation leaves either no database or a
/// whole one — never a half-made file with a hot journal. When another process creates
/// `path` first, its file is kept and ours dropped.
fn create_atomically(dir: &Path, path: &Path) -> Result<(), NoteError> {
    // Unique per call, not only per process: the sessions of `fazhi serve` are threads of
    // one process and may create the store at the same moment.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{DB_FILE}.new-{}-{call}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let built = (|| {
        let conn = Connection::open_with_flags(
            &tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: tmp.clone(),
        };
        store.setup()?;
        store.migrate()?;
        // Closing the last connection checkpoints the WAL into the file and removes it.
        drop(store);
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|source| NoteError::Unreadable {
                path: tmp.clone(),
                source,
            })?;
        // A hard link does not replace a file another process made meanwhile (rename would).
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(source) => {
                return Err(NoteError::CreateDir {
                    path: path.to_path_buf(),
                    source,
                })
            }
        }
        // The new name is durable once the directory is.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    let _ = std::fs::remove_file(&tmp);
    built
}

/// A `-journal` file beside the database is a transaction a killed writer left half done
/// (a "hot journal"). A read-only connection cannot roll it back and reports the whole
/// database read-only, which is the wrong advice; a writable connection rolls it back on
/// its first read, restoring the file as it was before that transaction.
fn roll_back_hot_journal(path: &Path) -> Result<(), NoteError> {
    let journal = path.with_file_name(format!("{DB_FILE}-journal"));
    if !std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
        return Ok(());
    }
    let err = |e| classify(path, e);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(err)?;
    Ok(())
}

/// Database files a store of this process has opened, by their real path: their header has
/// been judged, and reading it again outside SQLite would drop this process's locks on them.
static JUDGED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Refuse an existing non-empty file that does not start with the SQLite header, before
/// SQLite gets a chance to touch it.
fn check_header(path: &Path) -> Result<(), NoteError> {
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let unreadable = |source| NoteError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(unreadable(e)),
    };
    if path.is_dir() {
        return Err(NoteError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    let mut head = Vec::with_capacity(MAGIC.len());
    file.by_ref()
        .take(MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    if head.is_empty() || head == MAGIC {
        Ok(())
    } else {
        Err(NoteError::NotADatabase {
            path: path.to_path_buf(),
        })
    }
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

/// A random (version 4) UUID from SQLite's CSPRNG, which is seeded by the OS.
fn new_uuid(conn: &Connection) -> rusqlite::Result<String> {
    let mut b: [u8; 16] = conn.query_row("SELECT randomblob(16)", [], |r| r.get(0))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

fn write_tags(conn: &Connection, id: i64, body: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM note_tags WHERE note_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached("INSERT INTO note_tags (note_id, tag) VALUES (?1, ?2)")?;
    for tag in super::tags(body) {
        stmt.execute(params![id, tag])?;
    }
    Ok(())
}

fn get_note(conn: &Connection, id: i64) -> rusqlite::Result<Option<Note>> {
    conn.query_row(
        &format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1 AND deleted IS NULL"),
        [id],
        note_from_row,
    )
    .optional()
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
