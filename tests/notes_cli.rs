//! `fazhi notes list|export|import` on a real database.

use fazhi::library::Library;
use fazhi::note::{self, NewNote, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fazhi-notes-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn fazhi(data: &Path, args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run fazhi");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

/// Two notes on real paragraphs of two bundled reports.
fn seed(dir: &Path) {
    let lib = Library::bundled();
    let mut store = Store::open(dir).unwrap();
    for (name, body) in [
        ("文登区 2023", "受理82件，纠错20件：纠错率偏高？ #待核实"),
        ("千山区 2023", "执法案卷评查 43 卷"),
    ] {
        let r = &lib.reports[lib.find(name).unwrap()];
        let views = note::paragraph_views(r);
        let k = views
            .iter()
            .position(|v| !v.section_path.is_empty())
            .unwrap();
        store
            .add(NewNote {
                report_id: r.id(),
                anchor: note::anchor_at(&views, k, None).unwrap(),
                figure: None,
                body: body.into(),
                author: "审核员".into(),
            })
            .unwrap();
    }
}

#[test]
fn notes_list_filters_by_report_and_tag() {
    let dir = temp("list");
    seed(&dir);
    let (out, err, ok) = fazhi(&dir, &["notes", "list"]);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("文登区 2023 › 一/（一）"), "{out}");
    let (out, _, _) = fazhi(&dir, &["notes", "list", "--tag", "待核实", "--json"]);
    let notes: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["author"], "审核员");
    let (out, _, _) = fazhi(&dir, &["notes", "list", "--report", "千山区 2023"]);
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("执法案卷"));
}

#[test]
fn export_then_import_into_an_empty_dir_gives_the_same_notes() {
    let dir = temp("roundtrip-a");
    seed(&dir);
    let other = temp("roundtrip-b");
    for format in ["json", "w3c"] {
        let (exported, _, ok) = fazhi(&dir, &["notes", "export", "--format", format]);
        assert!(ok);
        let file = other.join(format!("export.{format}"));
        std::fs::write(&file, &exported).unwrap();
        let fresh = other.join(format!("data-{format}"));
        let (msg, err, ok) = fazhi(&fresh, &["notes", "import", file.to_str().unwrap()]);
        assert!(ok, "{err}");
        assert!(msg.contains("imported 2 new"), "{msg}");
        let (again, _, _) = fazhi(&fresh, &["notes", "export", "--format", format]);
        assert_eq!(again, exported, "{format} round trip");
        // Importing twice adds nothing.
        let (msg, _, _) = fazhi(&fresh, &["notes", "import", file.to_str().unwrap()]);
        assert!(msg.contains("imported 0 new"), "{msg}");
    }
    let (w3c, _, _) = fazhi(&dir, &["notes", "export", "--format", "w3c"]);
    assert!(w3c.contains("http://www.w3.org/ns/anno.jsonld"));
    assert!(w3c.contains("TextQuoteSelector"));
}

#[test]
fn markdown_export_groups_notes_by_report_with_the_quote() {
    let dir = temp("md");
    seed(&dir);
    let (md, _, ok) = fazhi(&dir, &["notes", "export", "--format", "md"]);
    assert!(ok);
    assert!(md.contains("文登区 2023"), "{md}");
    assert!(md.contains("> "), "quote as a blockquote:\n{md}");
    assert!(md.contains("纠错率偏高"));
}

#[test]
fn a_corrupt_database_is_refused_and_left_untouched() {
    let dir = temp("corrupt");
    let db = dir.join("notes.db");
    let junk: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&db, &junk).unwrap();
    let (_, err, ok) = fazhi(&dir, &["notes", "list"]);
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("notes.db"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), junk);
}
