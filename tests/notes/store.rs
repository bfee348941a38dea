//! The notes database: CRUD, refusal of files it must not touch, concurrency across
//! processes, drafts surviving SIGKILL, and export/import round trips.

use crate::common::temp::TempDir;
use fazhi::note::{
    export_json, export_markdown, export_w3c, import, Anchor, NewNote, NoteError, NoteFilter,
    Store, TextQuote,
};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Environment variables that turn a run of this test binary into a worker process.
const WORKER_DIR: &str = "FAZHI_NOTES_WORKER_DIR";
const WORKER_ID: &str = "FAZHI_NOTES_WORKER_ID";
const WORKER_ROLE: &str = "FAZHI_NOTES_WORKER_ROLE";
/// Set when this binary was re-run as user `nobody` (see [`rerun_unprivileged`]).
const UNPRIVILEGED: &str = "FAZHI_NOTES_UNPRIVILEGED";

const WORKERS: usize = 4;
const NOTES_PER_WORKER: usize = 250;

/// A fresh directory for one test, removed when dropped.
fn temp_dir(name: &str) -> TempDir {
    TempDir::new(&format!("notes-{name}"))
}

/// A fresh directory holding the sample notes, the store closed again.
fn sampled(name: &str) -> TempDir {
    let dir = temp_dir(name);
    sample(&mut Store::open(&dir).unwrap());
    dir
}

/// The database file in `dir`.
fn db(dir: &Path) -> PathBuf {
    dir.join("notes.db")
}

fn new_note(report: &str, path: &str, paragraph: usize, body: &str) -> NewNote {
    NewNote {
        report_id: report.to_string(),
        anchor: Anchor {
            section_path: path.to_string(),
            paragraph,
            quote: TextQuote {
                exact: format!("{path}第{paragraph}段：行政复议案件58件，纠错率8.6%。"),
                prefix: "上文。\n".to_string(),
                suffix: "\n下文".to_string(),
            },
        },
        figure: None,
        body: body.to_string(),
        author: "李审阅".to_string(),
    }
}

/// A few notes on two reports, one on a figure.
fn sample(store: &mut Store) {
    store
        .add(new_note(
            "210311-2023",
            "一/（五）",
            2,
            "数据与上年口径不一致 #待核实",
        ))
        .unwrap();
    let mut on_figure = new_note("210311-2023", "", 0, "出庭应诉率 100% 需附来源 #数据");
    on_figure.figure = Some("100%".to_string());
    store.add(on_figure).unwrap();
    store
        .add(new_note(
            "110105-2022",
            "二",
            0,
            "表述清楚。\n第二行 \"引号\" \\ 反斜杠",
        ))
        .unwrap();
}

#[test]
fn add_list_update_delete() {
    let dir = temp_dir("crud");
    let mut store = Store::open(&dir).unwrap();
    assert_eq!(store.path(), db(&dir));
    let a = store
        .add(new_note("210311-2023", "一", 0, "第一条 #待核实"))
        .unwrap();
    let b = store
        .add(new_note("210311-2023", "一", 1, "第二条"))
        .unwrap();
    let c = store
        .add(new_note("110105-2022", "二", 0, "别的报告"))
        .unwrap();
    assert_ne!(a.uuid, b.uuid);
    assert_eq!(a.uuid.len(), 36);
    assert!(
        a.created.ends_with('Z') && a.created.contains('T'),
        "{}",
        a.created
    );
    assert_eq!(a.created, a.updated);

    let all = store.list(&NoteFilter::default()).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0], c, "ordered by report id first");
    let mine = store.for_report("210311-2023").unwrap();
    assert_eq!(mine, vec![a.clone(), b.clone()]);
    assert_eq!(store.get(a.id).unwrap(), Some(a.clone()));

    let edited = store.update(b.id, "第二条，已改 #重点").unwrap();
    assert_eq!(edited.body, "第二条，已改 #重点");
    assert_eq!(edited.created, b.created);
    assert!(edited.updated >= b.updated);
    assert_eq!(edited.tags(), vec!["重点"]);

    store.delete(a.id).unwrap();
    assert_eq!(store.for_report("210311-2023").unwrap(), vec![edited]);
    assert_eq!(store.get(a.id).unwrap(), None);
    assert_eq!(store.deleted().unwrap().len(), 1);
    assert!(matches!(
        store.update(a.id, "x"),
        Err(NoteError::NotFound { .. })
    ));
    assert!(matches!(
        store.delete(a.id),
        Err(NoteError::NotFound { .. })
    ));
    assert_eq!(store.restore(a.id).unwrap(), a);
    assert_eq!(store.list(&NoteFilter::default()).unwrap().len(), 3);
    assert!(matches!(
        store.delete(9999),
        Err(NoteError::NotFound { .. })
    ));
}

#[test]
fn empty_bodies_refused() {
    let dir = temp_dir("empty");
    let mut store = Store::open(&dir).unwrap();
    assert!(matches!(
        store.add(new_note("r", "", 0, "  \n")),
        Err(NoteError::Invalid(_))
    ));
    let n = store.add(new_note("r", "", 0, "ok")).unwrap();
    assert!(matches!(store.update(n.id, ""), Err(NoteError::Invalid(_))));
    assert_eq!(store.get(n.id).unwrap().unwrap().body, "ok");
}

fn by_tag(store: &Store, tag: &str, report: Option<&str>) -> Vec<fazhi::note::Note> {
    store
        .list(&NoteFilter {
            report: report.map(str::to_string),
            tag: Some(tag.to_string()),
        })
        .unwrap()
}

#[test]
fn filter_by_tag() {
    let dir = temp_dir("tags");
    let mut store = Store::open(&dir).unwrap();
    sample(&mut store);
    assert_eq!(by_tag(&store, "待核实", None).len(), 1);
    assert_eq!(by_tag(&store, "#待核实", None).len(), 1);
    assert_eq!(by_tag(&store, "数据", Some("210311-2023")).len(), 1);
    assert_eq!(by_tag(&store, "数据", Some("110105-2022")).len(), 0);
    assert_eq!(by_tag(&store, "没有", None).len(), 0);
    let n = &by_tag(&store, "待核实", None)[0];
    assert_eq!(n.tags(), vec!["待核实"]);
    // Editing the body re-tags the note.
    store.update(n.id, "已核实").unwrap();
    assert_eq!(by_tag(&store, "待核实", None).len(), 0);
}

#[test]
fn reopen_keeps_notes() {
    let dir = temp_dir("reopen");
    let before = {
        let mut store = Store::open(&dir).unwrap();
        sample(&mut store);
        store.list(&NoteFilter::default()).unwrap()
    };
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.list(&NoteFilter::default()).unwrap(), before);
}

#[test]
fn open_creates_missing_directory() {
    let dir = temp_dir("mkdir");
    let nested = dir.join("a").join("b");
    Store::open(&nested).unwrap();
    assert!(nested.join("notes.db").is_file());
}

/// Open must fail with an error naming the file, and leave the file byte-identical.
fn assert_refused_untouched(dir: &Path, check: impl Fn(&NoteError) -> bool) {
    let db = dir.join("notes.db");
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(dir).unwrap_err();
    assert!(check(&err), "unexpected error: {err:?}");
    let message = err.to_string();
    assert!(message.contains(&db.display().to_string()), "{message}");
    assert!(message.contains("untouched"), "{message}");
    assert!(std::fs::read(&db).unwrap() == before, "file was modified");
    // Asking twice gives the same answer: the first attempt changed nothing.
    assert!(check(&Store::open(dir).unwrap_err()));
    assert!(std::fs::read(&db).unwrap() == before, "file was modified");
}

#[test]
fn newer_schema_refused_and_untouched() {
    let dir = sampled("newer");
    {
        // Simulate a future fazhi: closing the last connection checkpoints the WAL into
        // the main file, so the file alone holds everything.
        let conn = rusqlite::Connection::open(db(&dir)).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    assert_refused_untouched(&dir, |e| {
        matches!(
            e,
            NoteError::SchemaTooNew {
                found: 99,
                supported: 1,
                ..
            }
        )
    });
}

/// A newer fazhi was killed: its WAL holds commits not yet in the main file. Opening and
/// refusing must not checkpoint them into the main file (closing the last read-write
/// connection to a WAL database would).
#[test]
fn newer_schema_in_unfinished_wal_refused_and_untouched() {
    let dir = sampled("newer-wal");
    {
        // Closes like a killed process: without checkpointing or removing the WAL.
        let newer = rusqlite::Connection::open(db(&dir)).unwrap();
        newer
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )
            .unwrap();
        newer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        newer.pragma_update(None, "user_version", 2).unwrap();
        newer
            .execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")
            .unwrap();
    }
    let wal = dir.join("notes.db-wal");
    let wal_before = std::fs::read(&wal).unwrap();
    assert!(!wal_before.is_empty());
    assert_refused_untouched(&dir, |e| {
        matches!(e, NoteError::SchemaTooNew { found: 2, .. })
    });
    assert!(
        std::fs::read(&wal).unwrap() == wal_before,
        "WAL was modified"
    );
}

#[test]
fn random_bytes_refused_and_untouched() {
    let dir = temp_dir("random");
    // A fixed xorshift sequence: reproducible "random" bytes without a crate.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..16384)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(db(&dir), &bytes).unwrap();
    assert_refused_untouched(&dir, |e| matches!(e, NoteError::NotADatabase { .. }));
    assert!(!dir.join("notes.db-wal").exists());
}

#[test]
fn damaged_database_refused_and_untouched() {
    let dir = temp_dir("damaged");
    {
        let mut store = Store::open(&dir).unwrap();
        for i in 0..200 {
            store
                .add(new_note("r", "一", i, &"很长的意见。".repeat(40)))
                .unwrap();
        }
    }
    {
        let conn = rusqlite::Connection::open(db(&dir)).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    // Keep the valid header page, overwrite the pages after it with garbage.
    let mut bytes = std::fs::read(db(&dir)).unwrap();
    assert!(bytes.len() > 16384, "{}", bytes.len());
    for (i, b) in bytes[4096..].iter_mut().enumerate() {
        *b = (i * 7 + 3) as u8;
    }
    std::fs::write(db(&dir), &bytes).unwrap();
    assert_refused_untouched(&dir, |e| {
        matches!(
            e,
            NoteError::Corrupt { .. } | NoteError::NotADatabase { .. }
        )
    });
}

#[test]
fn foreign_database_refused_and_untouched() {
    let dir = temp_dir("foreign");
    {
        let conn = rusqlite::Connection::open(db(&dir)).unwrap();
        conn.execute_batch("CREATE TABLE accounts (name TEXT); INSERT INTO accounts VALUES ('x');")
            .unwrap();
    }
    assert_refused_untouched(&dir, |e| matches!(e, NoteError::Foreign { .. }));
}

/// Permissions do not stop root, so as root run `test` again as user `nobody` (through
/// `setpriv`), where they do; skip with a note when that is not possible.
fn rerun_unprivileged(test: &str) {
    if std::env::var_os(UNPRIVILEGED).is_some() {
        panic!("{test}: still privileged after dropping to user nobody");
    }
    let status = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(std::env::current_exe().unwrap())
        .args([test_name(test).as_str(), "--exact", "--test-threads=1"])
        .env(UNPRIVILEGED, "1")
        .stdout(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => {}
        // libtest exits with 101 when a test fails; anything else means it did not run.
        Ok(s) if s.code() == Some(101) => panic!("{test} failed when run as user nobody"),
        _ => eprintln!("skipped {test}: privileged, and cannot rerun as user nobody"),
    }
}

#[test]
fn write_protected_database_refused_and_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let dir = sampled("readonly");
    rusqlite::Connection::open(db(&dir))
        .unwrap()
        .pragma_update(None, "journal_mode", "DELETE")
        .unwrap();
    std::fs::set_permissions(db(&dir), std::fs::Permissions::from_mode(0o444)).unwrap();
    // root ignores file permissions, so there is nothing to test there.
    if std::fs::OpenOptions::new()
        .append(true)
        .open(db(&dir))
        .is_ok()
    {
        rerun_unprivileged("write_protected_database_refused_and_untouched");
        return;
    }
    let before = std::fs::read(db(&dir)).unwrap();
    assert_read_only(&dir, Store::open(&dir).map(drop), &before);
}

#[test]
fn drafts_save_overwrite_list_clear() {
    let dir = temp_dir("drafts");
    let mut store = Store::open(&dir).unwrap();
    assert_eq!(store.draft("li", "new:1").unwrap(), None);
    store.save_draft("li", "new:1", "半句").unwrap();
    store.save_draft("li", "new:1", "半句话写完了").unwrap();
    store.save_draft("li", "edit:7", "改").unwrap();
    store.save_draft("wang", "new:1", "别人的").unwrap();
    assert_eq!(
        store.draft("li", "new:1").unwrap().unwrap().text,
        "半句话写完了"
    );
    let mine = store.drafts("li").unwrap();
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|d| d.user == "li"));
    store.clear_draft("li", "new:1").unwrap();
    store.clear_draft("li", "new:1").unwrap();
    assert_eq!(store.draft("li", "new:1").unwrap(), None);
    drop(store);
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.drafts("li").unwrap().len(), 1);
    assert_eq!(store.drafts("wang").unwrap()[0].text, "别人的");
}

#[test]
fn data_version_sees_other_processes_writes() {
    let dir = temp_dir("version");
    let mut tui = Store::open(&dir).unwrap();
    let mut other = Store::open(&dir).unwrap();
    let v0 = tui.data_version().unwrap();
    tui.add(new_note("r", "", 0, "own write")).unwrap();
    assert_eq!(tui.data_version().unwrap(), v0, "own writes do not count");
    other.add(new_note("r", "", 0, "someone else")).unwrap();
    let v1 = tui.data_version().unwrap();
    assert_ne!(v1, v0);
    assert_eq!(tui.data_version().unwrap(), v1, "stable without writes");
    assert_eq!(tui.list(&NoteFilter::default()).unwrap().len(), 2);
}

/// Runs only as a child of the tests below; a no-op otherwise.
#[test]
#[ignore = "worker process for the multi-process tests"]
fn worker() {
    let (Ok(dir), Ok(id), Ok(role)) = (
        std::env::var(WORKER_DIR),
        std::env::var(WORKER_ID),
        std::env::var(WORKER_ROLE),
    ) else {
        return;
    };
    let dir = PathBuf::from(dir);
    match role.as_str() {
        "add" => {
            // Start together: wait for the parent's signal so the opens race too.
            let go = dir.join("go");
            let until = Instant::now() + Duration::from_secs(60);
            while !go.exists() && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(2));
            }
            let mut store = Store::open(&dir).unwrap();
            for i in 0..NOTES_PER_WORKER {
                store
                    .add(new_note(
                        &format!("report-{}", i % 3),
                        "一",
                        i,
                        &format!("worker {id} note {i} #并发 正文"),
                    ))
                    .unwrap();
            }
        }
        "draft" => {
            let mut store = Store::open(&dir).unwrap();
            store.save_draft("li", "new:1", "写到一半").unwrap();
            store.save_draft("li", "new:1", "写到一半的意见").unwrap();
            std::fs::write(dir.join("saved"), b"").unwrap();
            // Wait to be killed, as a TUI would be mid-edit.
            std::thread::sleep(Duration::from_secs(60));
        }
        other => panic!("unknown worker role {other}"),
    }
}

/// The name libtest knows the test `name` of this file by: with the module path when this
/// file is a module of a larger test binary.
fn test_name(name: &str) -> String {
    match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::{name}"),
        None => name.to_string(),
    }
}

fn worker_command(dir: &Path, id: usize, role: &str) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        test_name("worker").as_str(),
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(WORKER_DIR, dir)
    .env(WORKER_ID, id.to_string())
    .env(WORKER_ROLE, role);
    cmd
}

#[test]
fn four_processes_add_concurrently() {
    let dir = temp_dir("concurrent");
    let children: Vec<_> = (0..WORKERS)
        .map(|w| worker_command(&dir, w, "add").spawn().unwrap())
        .collect();
    let started = Instant::now();
    std::fs::write(dir.join("go"), b"").unwrap();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "worker failed: {:?}", out.status);
    }
    eprintln!(
        "{WORKERS} processes × {NOTES_PER_WORKER} adds: {:?}",
        started.elapsed()
    );

    let store = Store::open(&dir).unwrap();
    let notes = store.list(&NoteFilter::default()).unwrap();
    assert_eq!(notes.len(), WORKERS * NOTES_PER_WORKER);
    let bodies: HashSet<&str> = notes.iter().map(|n| n.body.as_str()).collect();
    let uuids: HashSet<&str> = notes.iter().map(|n| n.uuid.as_str()).collect();
    let ids: HashSet<i64> = notes.iter().map(|n| n.id).collect();
    assert_eq!(bodies.len(), notes.len(), "duplicate bodies");
    assert_eq!(uuids.len(), notes.len(), "duplicate uuids");
    assert_eq!(ids.len(), notes.len(), "duplicate ids");
    for w in 0..WORKERS {
        for i in 0..NOTES_PER_WORKER {
            assert!(bodies.contains(format!("worker {w} note {i} #并发 正文").as_str()));
        }
    }
    let tagged = store
        .list(&NoteFilter {
            report: None,
            tag: Some("并发".to_string()),
        })
        .unwrap();
    assert_eq!(tagged.len(), notes.len());
}

#[test]
fn draft_survives_sigkill() {
    let dir = temp_dir("sigkill");
    Store::open(&dir).unwrap();
    let mut child = worker_command(&dir, 0, "draft").spawn().unwrap();
    let until = Instant::now() + Duration::from_secs(60);
    while !dir.join("saved").exists() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    // `Child::kill` is SIGKILL on Unix: no destructors, no checkpoint.
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(
        store
            .draft("li", "new:1")
            .unwrap()
            .map(|d| d.text)
            .as_deref(),
        Some("写到一半的意见")
    );
}

#[test]
fn json_round_trip_is_byte_identical_and_idempotent() {
    let first = temp_dir("json-a");
    let second = temp_dir("json-b");
    let mut a = Store::open(&first).unwrap();
    sample(&mut a);
    let exported = export_json(&a.list(&NoteFilter::default()).unwrap());

    let mut b = Store::open(&second).unwrap();
    let summary = import(&mut b, &exported).unwrap();
    assert_eq!(
        (summary.added, summary.updated, summary.unchanged),
        (3, 0, 0)
    );
    let again = import(&mut b, &exported).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));
    let notes_b = b.list(&NoteFilter::default()).unwrap();
    assert_eq!(notes_b.len(), 3);
    assert_eq!(export_json(&notes_b), exported);
    assert!(exported.contains("\"format\": \"fazhi-notes\""));
    assert!(exported.contains("\"version\": 1"));
}

#[test]
fn w3c_round_trip() {
    let first = temp_dir("w3c-a");
    let second = temp_dir("w3c-b");
    let mut a = Store::open(&first).unwrap();
    sample(&mut a);
    let notes_a = a.list(&NoteFilter::default()).unwrap();
    let exported = export_w3c(&notes_a);

    let doc: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(doc["type"], "AnnotationCollection");
    let item = &doc["first"]["items"][0];
    assert_eq!(item["type"], "Annotation");
    assert_eq!(item["body"]["type"], "TextualBody");
    assert_eq!(item["target"]["selector"][0]["type"], "TextQuoteSelector");
    assert!(item["target"]["source"]
        .as_str()
        .unwrap()
        .starts_with("fazhi:report/"));

    let mut b = Store::open(&second).unwrap();
    assert_eq!(import(&mut b, &exported).unwrap().added, 3);
    assert_eq!(import(&mut b, &exported).unwrap().added, 0);
    let notes_b = b.list(&NoteFilter::default()).unwrap();
    assert_eq!(export_w3c(&notes_b), exported);
    // Same notes in every field but the database-local id.
    let strip = |n: &fazhi::note::Note| fazhi::note::Note { id: 0, ..n.clone() };
    assert_eq!(
        notes_a.iter().map(strip).collect::<Vec<_>>(),
        notes_b.iter().map(strip).collect::<Vec<_>>()
    );
    // Our JSON and W3C describe the same notes: importing one after the other adds nothing.
    assert_eq!(import(&mut b, &export_json(&notes_a)).unwrap().added, 0);
}

#[test]
fn import_takes_newer_edits_only() {
    let first = temp_dir("merge-a");
    let second = temp_dir("merge-b");
    let mut a = Store::open(&first).unwrap();
    let note = a.add(new_note("r", "一", 0, "初稿")).unwrap();
    let mut b = Store::open(&second).unwrap();
    import(&mut b, &export_json(std::slice::from_ref(&note))).unwrap();

    std::thread::sleep(Duration::from_millis(5));
    let edited = a.update(note.id, "修改稿 #已复核").unwrap();
    let s = import(&mut b, &export_json(&[edited])).unwrap();
    assert_eq!(s.updated, 1);
    let got = b.list(&NoteFilter::default()).unwrap();
    assert_eq!(got[0].body, "修改稿 #已复核");
    assert_eq!(got[0].tags(), vec!["已复核"]);
    // The older version does not overwrite the newer one.
    let s = import(&mut b, &export_json(&[note])).unwrap();
    assert_eq!(s.unchanged, 1);
    assert_eq!(
        b.list(&NoteFilter::default()).unwrap()[0].body,
        "修改稿 #已复核"
    );
}

#[test]
fn bad_imports_import_nothing() {
    let dir = temp_dir("badimport");
    let mut store = Store::open(&dir).unwrap();
    for text in [
        "",
        "not json",
        "{}",
        "[1, 2]",
        r#"{"format": "fazhi-notes", "version": 2, "notes": []}"#,
        r#"{"format": "fazhi-notes", "version": 1, "notes": [{"uuid": 1}]}"#,
        r#"{"type": "Annotation", "id": "urn:uuid:x", "created": "2024-01-01T00:00:00Z",
            "body": {"type": "TextualBody", "value": "ok"},
            "target": {"source": "https://example.com/", "selector": []}}"#,
        r#"{"type": "AnnotationCollection", "first": {"type": "AnnotationPage"}}"#,
    ] {
        let err = import(&mut store, text).unwrap_err();
        assert!(matches!(err, NoteError::Import(_)), "{text}: {err:?}");
    }
    // One good and one bad note: neither is imported.
    let good = temp_dir("badimport-src");
    let mut src = Store::open(&good).unwrap();
    sample(&mut src);
    let mut notes = src.list(&NoteFilter::default()).unwrap();
    notes[1].body = " ".to_string();
    assert!(import(&mut store, &export_json(&notes)).is_err());
    assert!(store.list(&NoteFilter::default()).unwrap().is_empty());
}

#[test]
fn imports_a_foreign_w3c_annotation() {
    let dir = temp_dir("foreignanno");
    let mut store = Store::open(&dir).unwrap();
    let text = r#"{
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/anno/1",
        "type": "Annotation",
        "creator": "https://example.org/people/wang",
        "created": "2024-05-01T08:00:00Z",
        "body": [
            {"type": "TextualBody", "purpose": "tagging", "value": "tag"},
            {"type": "TextualBody", "value": "外部工具的批注"}
        ],
        "target": {
            "source": "fazhi:report/210311-2023",
            "selector": {"type": "TextQuoteSelector", "exact": "纠错率为8.6%"}
        }
    }"#;
    assert_eq!(import(&mut store, text).unwrap().added, 1);
    assert_eq!(import(&mut store, text).unwrap().added, 0);
    let n = &store.for_report("210311-2023").unwrap()[0];
    assert_eq!(n.uuid, "https://example.org/anno/1");
    assert_eq!(n.body, "外部工具的批注");
    assert_eq!(n.updated, "2024-05-01T08:00:00Z");
    assert_eq!(n.anchor.quote.exact, "纠错率为8.6%");
    assert_eq!(n.anchor.section_path, "");
    // Exported again under its own IRI, so importing that export adds nothing either.
    let exported = export_w3c(&store.list(&NoteFilter::default()).unwrap());
    assert!(
        exported.contains(r#""id": "https://example.org/anno/1""#),
        "{exported}"
    );
    assert_eq!(import(&mut store, &exported).unwrap().added, 0);
}

#[test]
fn directory_in_place_of_database_refused() {
    let dir = temp_dir("dirdb");
    std::fs::create_dir(db(&dir)).unwrap();
    let err = Store::open(&dir).unwrap_err();
    assert!(matches!(err, NoteError::NotADatabase { .. }), "{err:?}");
    assert!(db(&dir).is_dir());
}

#[test]
fn markdown_groups_by_report_and_section() {
    let dir = temp_dir("markdown");
    let mut store = Store::open(&dir).unwrap();
    sample(&mut store);
    let notes = store.list(&NoteFilter::default()).unwrap();
    let reports = fazhi::library::Library::bundled().into_reports();
    let md = export_markdown(&notes, &reports);
    assert!(md.contains("# 110105-2022\n"), "{md}");
    assert!(
        md.contains("# 千山区 2023 · 中共千山区委 千山区人民政府 关于2023年法治政府建设情况的报告 (210311-2023)\n"),
        "{md}"
    );
    assert!(md.contains("## 一/（五）\n"), "{md}");
    assert!(md.contains("## 前言\n"), "{md}");
    assert!(md.contains("> 一/（五）第2段：行政复议案件58件"), "{md}");
    assert!(md.contains("数据与上年口径不一致 #待核实"), "{md}");
    assert!(md.contains("数据：100%"), "{md}");
    assert!(md.find("# 110105-2022").unwrap() < md.find("# 千山区").unwrap());
}

#[test]
fn write_protected_directory_refused_and_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let dir = sampled("readonly-dir");
    // Closing the last connection removed the -wal and -shm files, which SQLite would
    // now need to create in the directory.
    assert!(!dir.join("notes.db-wal").exists());
    let before = std::fs::read(db(&dir)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    if std::fs::write(&probe, b"").is_ok() {
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        rerun_unprivileged("write_protected_directory_refused_and_untouched");
        return;
    }
    let result = Store::open(&dir).map(drop);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_read_only(&dir, result, &before);
}

/// Opening the store in `dir` was refused as read-only, naming the database file, which
/// still holds `before`.
fn assert_read_only(dir: &Path, opened: Result<(), NoteError>, before: &[u8]) {
    let err = opened.unwrap_err();
    assert!(matches!(err, NoteError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains(&db(dir).display().to_string()));
    assert!(
        std::fs::read(db(dir)).unwrap() == before,
        "file was modified"
    );
}

#[test]
fn readers_of_one_server_opening_a_new_notes_file_at_once_all_get_it() {
    // The sessions of `fazhi serve` are threads of one process: each opens the store when
    // its reader starts, and on a fresh server they may all create it at the same moment.
    for round in 0..5 {
        let dir = temp_dir(&format!("threads-{round}"));
        let opened: Vec<Result<(), String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| Store::open(&dir).map(drop).map_err(|e| e.to_string())))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in &opened {
            assert!(r.is_ok(), "round {round}: {r:?}");
        }
    }
}
