//! The notes database attacked: a writer killed mid-transaction (a hot journal), a refused
//! database (whose directory must be left as it was), a negative schema version, and
//! exporting from a database that cannot be written.

use fazhi::note::{Anchor, NewNote, NoteFilter, Store, TextQuote};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = Command::new("chmod")
            .args(["-R", "u+w"])
            .arg(&self.0)
            .status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(test: &str) -> TempDir {
    let dir =
        std::env::temp_dir().join(format!("fazhi-attack-notes-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

fn note(body: &str) -> NewNote {
    NewNote {
        report_id: "210311-2023".into(),
        anchor: Anchor {
            section_path: "一/（五）".into(),
            paragraph: 1,
            quote: TextQuote {
                exact: "受理行政复议申请12件".into(),
                prefix: String::new(),
                suffix: String::new(),
            },
        },
        figure: None,
        body: body.into(),
        author: "me".into(),
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn bodies(store: &Store) -> Vec<String> {
    let mut b: Vec<String> = store
        .list(&NoteFilter::default())
        .unwrap()
        .into_iter()
        .map(|n| n.body)
        .collect();
    b.sort();
    b
}

#[test]
fn a_writer_killed_mid_transaction_leaves_a_hot_journal_that_the_next_run_rolls_back() {
    let dir = temp_dir("hot");
    let mut store = Store::open(&dir.0).unwrap();
    store.add(note("第一条")).unwrap();
    store.add(note("第二条")).unwrap();
    drop(store);
    // A writer in rollback-journal mode, caught mid-transaction: its changes spill into
    // the file (a one-page cache) while the journal holds the pages as they were. Copying
    // both files then is what a SIGKILL at that moment leaves on disk.
    let db = dir.0.join("notes.db");
    let conn = Connection::open(&db).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "cache_size", 1).unwrap();
    conn.execute_batch("BEGIN; DELETE FROM notes;").unwrap();
    conn.execute_batch(
        "CREATE TABLE filler(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 20000) INSERT INTO filler SELECT randomblob(200) FROM c;",
    )
    .unwrap();
    let killed = temp_dir("hot-copy");
    std::fs::copy(&db, killed.0.join("notes.db")).unwrap();
    std::fs::copy(
        dir.0.join("notes.db-journal"),
        killed.0.join("notes.db-journal"),
    )
    .unwrap();
    drop(conn);

    let store = Store::open(&killed.0).expect("the next run opens the database");
    assert_eq!(bodies(&store), ["第一条", "第二条"], "the notes are back");
    drop(store);
    let run = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["notes", "list", "--data-dir"])
        .arg(&killed.0)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("第一条") && stdout.contains("第二条"),
        "{stdout}"
    );
}

#[test]
fn a_new_database_is_whole_and_leaves_no_temporary_file() {
    let dir = temp_dir("create");
    let mut store = Store::open(&dir.0).unwrap();
    store.add(note("x")).unwrap();
    drop(store);
    assert_eq!(listing(&dir.0), ["notes.db"]);
}

#[test]
fn a_negative_schema_version_is_one_line_and_the_directory_is_untouched() {
    let dir = temp_dir("negative");
    drop(Store::open(&dir.0).unwrap());
    let conn = Connection::open(dir.0.join("notes.db")).unwrap();
    conn.pragma_update(None, "user_version", -3).unwrap();
    drop(conn);
    let before = listing(&dir.0);
    let bytes = std::fs::read(dir.0.join("notes.db")).unwrap();
    let err = Store::open(&dir.0).unwrap_err().to_string();
    assert!(!err.contains('\n'), "{err}");
    assert!(err.contains("schema version -3"), "{err}");
    assert_eq!(
        listing(&dir.0),
        before,
        "no -wal or -shm left beside a refused file"
    );
    assert_eq!(std::fs::read(dir.0.join("notes.db")).unwrap(), bytes);
}

#[test]
fn a_too_new_database_is_refused_without_files_appearing_beside_it() {
    let dir = temp_dir("newer");
    drop(Store::open(&dir.0).unwrap());
    let conn = Connection::open(dir.0.join("notes.db")).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let before = listing(&dir.0);
    assert!(Store::open(&dir.0).is_err());
    assert_eq!(listing(&dir.0), before);
}
