//! Opening the notes database: creating it atomically, rolling back a hot journal left by a
//! killed writer, refusing (untouched) a file that is not ours or is newer, migrating the
//! schema, and read-only access for someone who may not write it.

use super::{begin_write, classify, Store, BUSY_TIMEOUT, DB_FILE};
use crate::note::NoteError;
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};

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
        let tx = begin_write(&mut self.conn).map_err(err)?;
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
